// Allies of a state as of a date: every state tied to $state by an allied tie in force on $asOf whose fact's
// confidence on $asOf is at least $minConfidence, strongest first, with the facts behind the tie. As
// `alliancegraph allies STATE --as-of DATE` (its direct allies): one fact counts once per pair, at its
// strongest tie; a treaty that defers to another fact of the pair (defers_to) is left out; the facts'
// strengths combine by noisy-OR, 1 - prod(1 - s). `via`, `kinds` and `strengths` are parallel lists,
// strongest first then by fact id. `name` is the state's present name.
// The confidence of a tie on a day: coalesce(t.confidence_levels, ['confirmed'])[number of t.confidence_on
// dates on or before the day] (cypher/README.md); `counted` is the scale from confirmed down to $minConfidence.
// Parameters (run these in Neo4j Browser first):
// :param state => 'PRK'
// :param asOf => '2025-06-01'
// :param minConfidence => 'reported'
WITH ['confirmed', 'reported', 'alleged', 'denied'] AS scale
WITH scale[..1 + [i IN range(0, 3) WHERE scale[i] = $minConfidence][0]] AS counted,
     COLLECT { MATCH (tr:Treaty) WHERE tr.defers_to IS NOT NULL
               UNWIND tr.defers_to AS x OPTIONAL MATCH (:Treaty {id: x})-[:ESTABLISHES]->(b:Bloc)
               RETURN [tr.id, coalesce(b.id, x)] } AS defers
MATCH (s:State {id: $state})-[t:ALLIED_WITH]-(ally:State)
WHERE (t.from_first IS NULL OR t.from_first <= date($asOf)) AND (t.to_last IS NULL OR t.to_last >= date($asOf))
  AND coalesce(t.confidence_levels, ['confirmed'])[size([d IN coalesce(t.confidence_on, []) WHERE d <= date($asOf)])] IN counted
WITH defers, ally, t ORDER BY t.strength DESC
WITH defers, ally, t.via AS via, max(t.strength) AS strength, head(collect(t.tie_kind)) AS kind
ORDER BY strength DESC, via
WITH defers, ally, collect({via: via, kind: kind, strength: strength}) AS facts
WITH ally, [f IN facts WHERE NOT any(d IN defers WHERE d[0] = f.via AND d[1] IN [g IN facts | g.via])] AS facts
WHERE size(facts) > 0
RETURN ally.id AS ally, ally.name AS name, 1.0 - reduce(p = 1.0, f IN facts | p * (1.0 - f.strength)) AS strength,
       [f IN facts | f.via] AS via, [f IN facts | f.kind] AS kinds, [f IN facts | f.strength] AS strengths
ORDER BY strength DESC, ally;
