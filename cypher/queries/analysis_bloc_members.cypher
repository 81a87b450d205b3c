// Members of a named bloc on a date, from the analyses written back by `alliancegraph analyze --write`: the
// alliance cluster (Cluster) and the signed bloc (SignedBloc) of that name whose analysis covers $asOf (a day
// analysed, or a year analysed as a period that holds it), with its states by id. $bloc is a name as the
// library gives it ('NATO', 'Warsaw Pact', 'CSTO', 'Russia and partners'...); $asOf a day 'YYYY-MM-DD'.
// Parameters (run these in Neo4j Browser first):
// :param bloc => 'NATO'
// :param asOf => '1980-06-30'
MATCH (c)-[:RESULT_OF]->(a:Analysis)
WHERE (c:Cluster OR c:SignedBloc) AND c.name = $bloc
  AND a.as_of_first <= date($asOf) AND coalesce(a.until_last, a.as_of_first) >= date($asOf)
MATCH (s:State)-[:IN_CLUSTER|IN_BLOC]->(c)
WITH a, c, s
ORDER BY s.id
RETURN a.kind AS kind, c.name AS name, c.code AS label, a.as_of AS as_of, a.until AS until, c.size AS size,
       collect(s.id) AS members, collect(s.name) AS member_names, a.id AS analysis
ORDER BY kind, as_of, analysis;
