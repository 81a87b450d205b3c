// Allies of a state as of a date: every state with an ALLIED_WITH tie to $state in force on $asOf,
// strongest first, with the treaties, blocs and support relations behind the ties and their kinds.
// $state is a state id (ISO3, e.g. 'PRK'); $asOf a day 'YYYY-MM-DD'. A tie counts when its fact's latest
// confidence is confirmed or reported (alleged and denied ties are left out, as alliancegraph does).
// Parameters (run these in Neo4j Browser first):
// :param state => 'PRK'
// :param asOf => '2025-06-01'
MATCH (s:State {id: $state})-[t:ALLIED_WITH]-(ally:State)
WHERE (t.from_first IS NULL OR t.from_first <= date($asOf))
  AND (t.to_last IS NULL OR t.to_last >= date($asOf))
  AND t.confidence IN ['confirmed', 'reported']
WITH ally, t
ORDER BY t.strength DESC, t.via
RETURN ally.id AS ally, ally.name AS name, max(t.strength) AS strongest,
       collect(DISTINCT t.via) AS via, collect(DISTINCT t.tie_kind) AS kinds
ORDER BY strongest DESC, ally;
