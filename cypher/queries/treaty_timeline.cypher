// The treaty timeline of a pair of states: every treaty, declaration and agreement that both $a and $b
// are party to, in the order signed, with its dates (at their own precision), obligations, the treaties
// that superseded it, and when it made an allied tie between the two (`tie_spells`, 'from/to', '..' for
// open: entry into force to its end or to the day before a superseding treaty entered into force, cut to
// the states' spells in the state system, in order of start then end; empty for a treaty that made its ties
// through the bloc it established). The same ties as `AllianceGraph.ties()`: the spells are not judged by
// confidence (no date is asked); `confidence` is the treaty's latest.
// Parameters (run these in Neo4j Browser first):
// :param a => 'RUS'
// :param b => 'PRK'
MATCH (a:State {id: $a})-[:PARTY_TO]->(t:Treaty)<-[:PARTY_TO]-(b:State {id: $b})
WITH DISTINCT a, b, t
OPTIONAL MATCH (newer:Treaty)-[:SUPERSEDES]->(t)
WITH a, b, t, collect(DISTINCT newer.id) AS superseded_by
OPTIONAL MATCH (a)-[tie:ALLIED_WITH {via: t.id}]-(b)
WITH t, superseded_by, tie
ORDER BY tie.from_first, tie.to_last
WITH t, superseded_by, [x IN collect(tie) | coalesce(x.`from`, '..') + '/' + coalesce(x.`to`, '..')] AS tie_spells
ORDER BY coalesce(t.signed_first, t.in_force_first), t.id
RETURN t.id AS treaty, t.name AS name, t.kind AS kind, t.signed AS signed, t.in_force AS in_force,
       t.ended AS ended, t.obligations AS obligations, superseded_by, tie_spells, t.confidence AS confidence;
