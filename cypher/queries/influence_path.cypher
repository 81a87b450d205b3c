// The influence path between two states as of a date: the chain of allied ties in force on $asOf from
// $source to $target (at most 6 hops) whose strength, the product of its hops' strengths, is the greatest:
// the shortest path under the cost -ln(strength) per hop, as `alliancegraph path SOURCE TARGET --as-of DATE`
// (its default rules). A hop's strength is that of the pair: the facts tying the two states on $asOf whose
// confidence then is at least $minConfidence, each fact once (at its strongest tie), a treaty that defers
// to another fact of the pair (defers_to) left out, combined by noisy-OR, 1 - prod(1 - s). `via` and
// `kinds` give, per hop, its facts (strongest first, then by id). Equal strengths: the path whose state ids
// come first. No row: no such chain within 6 hops.
// How: the pairs and their strengths are made once (`adj`, each state's neighbours); then Bellman-Ford
// relaxation unrolled into six rounds (pure Cypher, no plugin): `best` holds, for every state reached so
// far, its cheapest path from $source of at most as many hops as rounds run.
// The confidence of a tie on a day: coalesce(t.confidence_levels, ['confirmed'])[number of t.confidence_on
// dates on or before the day] (cypher/README.md); `counted` is the scale from confirmed down to $minConfidence.
// Parameters (run these in Neo4j Browser first):
// :param source => 'USA'
// :param target => 'PRK'
// :param asOf => '2025-06-01'
// :param minConfidence => 'reported'
WITH ['confirmed', 'reported', 'alleged', 'denied'] AS scale
WITH scale[..1 + [i IN range(0, 3) WHERE scale[i] = $minConfidence][0]] AS counted,
     COLLECT { MATCH (tr:Treaty) WHERE tr.defers_to IS NOT NULL
               UNWIND tr.defers_to AS x OPTIONAL MATCH (:Treaty {id: x})-[:ESTABLISHES]->(b:Bloc)
               RETURN [tr.id, coalesce(b.id, x)] } AS defers
CALL (counted, defers) {
  MATCH (x:State)-[t:ALLIED_WITH]->(y:State)
  WHERE (t.from_first IS NULL OR t.from_first <= date($asOf)) AND (t.to_last IS NULL OR t.to_last >= date($asOf))
    AND coalesce(t.confidence_levels, ['confirmed'])[size([d IN coalesce(t.confidence_on, []) WHERE d <= date($asOf)])] IN counted
  WITH defers, x, y, t ORDER BY t.strength DESC
  WITH defers, x, y, t.via AS via, max(t.strength) AS strength, head(collect(t.tie_kind)) AS kind
  ORDER BY strength DESC, via
  WITH defers, x, y, collect({via: via, kind: kind, strength: strength}) AS facts
  WITH x, y, [f IN facts WHERE NOT any(d IN defers WHERE d[0] = f.via AND d[1] IN [g IN facts | g.via])] AS facts
  WHERE size(facts) > 0
  WITH x, y, 1.0 - reduce(p = 1.0, f IN facts | p * (1.0 - f.strength)) AS strength,
       [f IN facts | f.via] AS via, [f IN facts | f.kind] AS kinds
  UNWIND [[x.id, y.id], [y.id, x.id]] AS pair
  WITH pair[0] AS id, {id: pair[1], strength: strength, via: via, kinds: kinds} AS nbr
  RETURN id, collect(nbr) AS nbrs
}
WITH collect({id: id, nbrs: nbrs}) AS adj
WITH adj, [{id: $source, cost: 0.0, path: [$source], hops: []}] AS best
// round 1 of 6
CALL (adj, best) {
  CALL (adj, best) {
    UNWIND best AS b
    UNWIND coalesce([a IN adj WHERE a.id = b.id][0].nbrs, []) AS e
    WITH b, e WHERE NOT e.id IN b.path
    RETURN e.id AS id, b.cost - log(e.strength) AS cost, b.path + e.id AS path, b.hops + [e] AS hops
    UNION ALL
    UNWIND best AS b
    RETURN b.id AS id, b.cost AS cost, b.path AS path, b.hops AS hops
  }
  WITH id, cost, path, hops ORDER BY cost, path
  WITH id, head(collect({id: id, cost: cost, path: path, hops: hops})) AS b
  RETURN collect(b) AS next
}
WITH adj, next AS best
// round 2 of 6
CALL (adj, best) {
  CALL (adj, best) {
    UNWIND best AS b
    UNWIND coalesce([a IN adj WHERE a.id = b.id][0].nbrs, []) AS e
    WITH b, e WHERE NOT e.id IN b.path
    RETURN e.id AS id, b.cost - log(e.strength) AS cost, b.path + e.id AS path, b.hops + [e] AS hops
    UNION ALL
    UNWIND best AS b
    RETURN b.id AS id, b.cost AS cost, b.path AS path, b.hops AS hops
  }
  WITH id, cost, path, hops ORDER BY cost, path
  WITH id, head(collect({id: id, cost: cost, path: path, hops: hops})) AS b
  RETURN collect(b) AS next
}
WITH adj, next AS best
// round 3 of 6
CALL (adj, best) {
  CALL (adj, best) {
    UNWIND best AS b
    UNWIND coalesce([a IN adj WHERE a.id = b.id][0].nbrs, []) AS e
    WITH b, e WHERE NOT e.id IN b.path
    RETURN e.id AS id, b.cost - log(e.strength) AS cost, b.path + e.id AS path, b.hops + [e] AS hops
    UNION ALL
    UNWIND best AS b
    RETURN b.id AS id, b.cost AS cost, b.path AS path, b.hops AS hops
  }
  WITH id, cost, path, hops ORDER BY cost, path
  WITH id, head(collect({id: id, cost: cost, path: path, hops: hops})) AS b
  RETURN collect(b) AS next
}
WITH adj, next AS best
// round 4 of 6
CALL (adj, best) {
  CALL (adj, best) {
    UNWIND best AS b
    UNWIND coalesce([a IN adj WHERE a.id = b.id][0].nbrs, []) AS e
    WITH b, e WHERE NOT e.id IN b.path
    RETURN e.id AS id, b.cost - log(e.strength) AS cost, b.path + e.id AS path, b.hops + [e] AS hops
    UNION ALL
    UNWIND best AS b
    RETURN b.id AS id, b.cost AS cost, b.path AS path, b.hops AS hops
  }
  WITH id, cost, path, hops ORDER BY cost, path
  WITH id, head(collect({id: id, cost: cost, path: path, hops: hops})) AS b
  RETURN collect(b) AS next
}
WITH adj, next AS best
// round 5 of 6
CALL (adj, best) {
  CALL (adj, best) {
    UNWIND best AS b
    UNWIND coalesce([a IN adj WHERE a.id = b.id][0].nbrs, []) AS e
    WITH b, e WHERE NOT e.id IN b.path
    RETURN e.id AS id, b.cost - log(e.strength) AS cost, b.path + e.id AS path, b.hops + [e] AS hops
    UNION ALL
    UNWIND best AS b
    RETURN b.id AS id, b.cost AS cost, b.path AS path, b.hops AS hops
  }
  WITH id, cost, path, hops ORDER BY cost, path
  WITH id, head(collect({id: id, cost: cost, path: path, hops: hops})) AS b
  RETURN collect(b) AS next
}
WITH adj, next AS best
// round 6 of 6
CALL (adj, best) {
  CALL (adj, best) {
    UNWIND best AS b
    UNWIND coalesce([a IN adj WHERE a.id = b.id][0].nbrs, []) AS e
    WITH b, e WHERE NOT e.id IN b.path
    RETURN e.id AS id, b.cost - log(e.strength) AS cost, b.path + e.id AS path, b.hops + [e] AS hops
    UNION ALL
    UNWIND best AS b
    RETURN b.id AS id, b.cost AS cost, b.path AS path, b.hops AS hops
  }
  WITH id, cost, path, hops ORDER BY cost, path
  WITH id, head(collect({id: id, cost: cost, path: path, hops: hops})) AS b
  RETURN collect(b) AS next
}
WITH adj, next AS best
UNWIND best AS b
WITH b WHERE b.id = $target AND b.id <> $source
RETURN b.path AS states, [id IN b.path | COLLECT { MATCH (x:State {id: id}) RETURN x.name }[0]] AS names,
       reduce(p = 1.0, h IN b.hops | p * h.strength) AS strength, b.cost AS cost, [h IN b.hops | h.via] AS via,
       [h IN b.hops | h.kinds] AS kinds, [h IN b.hops | h.strength] AS hop_strengths;
