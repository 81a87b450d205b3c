// Members of each bloc as of a date: for every bloc in existence on $asOf (founded, not dissolved), its
// members on that day (membership status 'member', the status that makes allied ties) and, apart, the
// states there with another status (observer, partner, suspended, frozen...). Largest bloc first. These are
// the membership facts of the day, as recorded (a membership has no confidence of its own; the allied ties
// of a bloc, judged by the bloc's confidence on the day, are what allies_as_of.cypher reads).
// Parameters (run these in Neo4j Browser first):
// :param asOf => '2025-01-01'
MATCH (b:Bloc)
WHERE (b.founded_first IS NULL OR b.founded_first <= date($asOf))
  AND (b.dissolved_last IS NULL OR b.dissolved_last >= date($asOf))
OPTIONAL MATCH (s:State)-[m:MEMBER_OF]->(b)
WHERE (m.from_first IS NULL OR m.from_first <= date($asOf))
  AND (m.to_last IS NULL OR m.to_last >= date($asOf))
WITH b, s, m
ORDER BY s.id
WITH b, collect(CASE WHEN m.status = 'member' THEN s.id END) AS members,
     collect(CASE WHEN m.status <> 'member' THEN s.id + ' (' + m.status + ')' END) AS others
RETURN b.id AS bloc, b.name AS name, b.kind AS kind, size(members) AS size, members, others
ORDER BY size DESC, bloc;
