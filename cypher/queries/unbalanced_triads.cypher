// Unbalanced triads around a state as of a date (structural balance, Cartwright and Harary 1956,
// doi:10.1037/h0046049): triangles of $state and two others x, y in the signed network of $asOf whose
// signs multiply to minus, as `alliancegraph balance` counts them (analysis.signed_graph, triad_census):
//   'ally of an enemy'               $state is allied with x, hostile to y, and x is allied with y;
//   'allies hostile to each other'   $state is allied with x and y, which are hostile to each other;
//   'three enemies'                  $state, x and y are all hostile to one another.
// A pair is hostile (-) when a conflict puts the two on opposite sides on $asOf; else allied (+) when one of
// its facts in force is of a kind in $layers (the clustering layers, default defense and offense pacts; a
// treaty that defers to another fact of the pair, defers_to, left out); else not in the network. Only ties
// whose fact's confidence on $asOf is at least $minConfidence count. `via`: the facts behind the three
// edges (a hostile pair's conflicts, an allied pair's allied facts), sorted.
// The confidence of a tie on a day: coalesce(t.confidence_levels, ['confirmed'])[number of t.confidence_on
// dates on or before the day] (cypher/README.md); `counted` is the scale from confirmed down to $minConfidence.
// Parameters (run these in Neo4j Browser first):
// :param state => 'RUS'
// :param asOf => '2025-05-08'
// :param minConfidence => 'reported'
// :param layers => ['defense', 'offense']
WITH ['confirmed', 'reported', 'alleged', 'denied'] AS scale
WITH scale[..1 + [i IN range(0, 3) WHERE scale[i] = $minConfidence][0]] AS counted,
     COLLECT { MATCH (tr:Treaty) WHERE tr.defers_to IS NOT NULL
               UNWIND tr.defers_to AS x OPTIONAL MATCH (:Treaty {id: x})-[:ESTABLISHES]->(b:Bloc)
               RETURN [tr.id, coalesce(b.id, x)] } AS defers
MATCH (s:State {id: $state})
// the states with a tie to $state on $asOf, then every tie among them and $state
WITH s, counted, defers, COLLECT {
  MATCH (s)-[t:ALLIED_WITH|HOSTILE_TO]-(x:State)
  WHERE (t.from_first IS NULL OR t.from_first <= date($asOf)) AND (t.to_last IS NULL OR t.to_last >= date($asOf))
    AND coalesce(t.confidence_levels, ['confirmed'])[size([d IN coalesce(t.confidence_on, []) WHERE d <= date($asOf)])] IN counted
  RETURN DISTINCT x } + s AS around
UNWIND around AS a
MATCH (a)-[t:ALLIED_WITH|HOSTILE_TO]->(b:State)
WHERE b IN around
  AND (t.from_first IS NULL OR t.from_first <= date($asOf)) AND (t.to_last IS NULL OR t.to_last >= date($asOf))
  AND coalesce(t.confidence_levels, ['confirmed'])[size([d IN coalesce(t.confidence_on, []) WHERE d <= date($asOf)])] IN counted
// one signed edge per pair (ties run from the smaller id to the other)
WITH s, defers, a, b, collect(DISTINCT CASE WHEN type(t) = 'HOSTILE_TO' THEN t.via END) AS conflicts,
     collect(DISTINCT CASE WHEN type(t) = 'ALLIED_WITH' THEN {via: t.via, kind: t.tie_kind} END) AS allied
WITH s, a, b, conflicts,
     [f IN allied WHERE NOT any(d IN defers WHERE d[0] = f.via AND d[1] IN [g IN allied | g.via])] AS allied
WITH s, a, b, CASE WHEN size(conflicts) > 0 THEN -1 WHEN any(f IN allied WHERE f.kind IN $layers) THEN 1 END AS sign,
     CASE WHEN size(conflicts) > 0 THEN conflicts ELSE [f IN allied | f.via] END AS via
WHERE sign IS NOT NULL
WITH s, collect({a: a.id, b: b.id, sign: sign, via: via}) AS edges
WITH edges, [e IN edges WHERE e.a = s.id OR e.b = s.id |
             {x: CASE WHEN e.a = s.id THEN e.b ELSE e.a END, sign: e.sign, via: e.via}] AS mine, s.id AS sid
UNWIND edges AS r
WITH r, [m IN mine WHERE m.x = r.a][0] AS p, [m IN mine WHERE m.x = r.b][0] AS q
WHERE p IS NOT NULL AND q IS NOT NULL AND p.sign * q.sign * r.sign < 0
WITH CASE WHEN r.sign > 0 AND p.sign > 0 THEN ['ally of an enemy', r.a, r.b]
          WHEN r.sign > 0 THEN ['ally of an enemy', r.b, r.a]
          WHEN p.sign > 0 THEN ['allies hostile to each other', r.a, r.b]
          ELSE ['three enemies', r.a, r.b] END AS triad, p.via + q.via + r.via AS via
RETURN triad[0] AS pattern, triad[1] AS x, triad[2] AS y, COLLECT { UNWIND via AS v RETURN DISTINCT v ORDER BY v } AS via
ORDER BY pattern, x, y;
