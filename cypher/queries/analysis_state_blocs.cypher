// A state's alliance cluster over time: for every analysis written back by `alliancegraph analyze --write`,
// the name of the cluster the state was placed in and of its signed bloc (of the same run: one load set),
// by as-of date (a year analysed as a period shows its first and last day); a date on which the state was
// in no cluster has no row. $state is a state id (ISO3). Each row names its Analysis, whose node holds the
// method and parameters (seed, resolution, layers...).
// Parameters (run these in Neo4j Browser first):
// :param state => 'POL'
MATCH (s:State {id: $state})-[m:IN_CLUSTER]->(c:Cluster)-[:RESULT_OF]->(a:Analysis)
OPTIONAL MATCH (s)-[:IN_BLOC]->(b:SignedBloc)-[:RESULT_OF]->(sa:Analysis)
WHERE sa.load_owner = a.load_owner
RETURN a.as_of AS as_of, a.until AS until, c.name AS cluster, c.code AS label, c.size AS size,
       m.stability AS stability, b.name AS signed_bloc, a.method AS method, a.id AS analysis
ORDER BY a.as_of_first, a.until_last, analysis;
