// Brokers on a date, from the analyses written back by `alliancegraph analyze --write`: the states whose
// allied ties reach other alliance clusters substantially (participation coefficient above 0.30, Guimera and
// Amaral 2005), highest betweenness first, with their own cluster and the clusters they tie into. The
// brokerage analysis must cover $asOf (a day analysed, or a year analysed as a period that holds it).
// Parameters (run these in Neo4j Browser first):
// :param asOf => '2025-06-01'
MATCH (s:State)-[m:MEASURED]->(a:Analysis {kind: 'brokerage'})
WHERE a.as_of_first <= date($asOf) AND coalesce(a.until_last, a.as_of_first) >= date($asOf)
  AND m.broker
RETURN s.id AS state, s.name AS name, m.betweenness AS betweenness, m.participation AS participation,
       m.cluster_name AS cluster, m.bridge_names AS ties_into, a.as_of AS as_of, a.id AS analysis
ORDER BY betweenness DESC, state;
