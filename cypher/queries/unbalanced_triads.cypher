// Unbalanced triads around a state as of a date (structural balance, Cartwright and Harary 1956): triangles
// of $state and two others whose signs multiply to minus, with ties in force on $asOf:
//   'ally of an enemy'        $state is allied with x, hostile to y, and x is allied with y;
//   'allies hostile to each other'  $state is allied with x and y, which are hostile to each other;
//   'three enemies'           $state, x and y are all hostile to one another.
// A pair with both an allied and a hostile tie counts as both. Alleged and denied ties are left out
// (latest confidence).
// Parameters (run these in Neo4j Browser first):
// :param state => 'RUS'
// :param asOf => '2025-05-08'
MATCH (s:State {id: $state})
CALL (s) {
  MATCH (s)-[h:HOSTILE_TO]-(y:State), (s)-[p:ALLIED_WITH]-(x:State)-[q:ALLIED_WITH]-(y)
  WHERE x <> s AND all(r IN [h, p, q] WHERE (r.from_first IS NULL OR r.from_first <= date($asOf))
                                       AND (r.to_last IS NULL OR r.to_last >= date($asOf))
                                       AND r.confidence IN ['confirmed', 'reported'])
  RETURN 'ally of an enemy' AS pattern, x.id AS x, y.id AS y,
         apoc.coll.sort(apoc.coll.toSet(collect(p.via) + collect(q.via) + collect(h.via))) AS via
  UNION
  MATCH (s)-[p:ALLIED_WITH]-(x:State)-[h:HOSTILE_TO]-(y:State)-[q:ALLIED_WITH]-(s)
  WHERE x.id < y.id AND all(r IN [h, p, q] WHERE (r.from_first IS NULL OR r.from_first <= date($asOf))
                                            AND (r.to_last IS NULL OR r.to_last >= date($asOf))
                                            AND r.confidence IN ['confirmed', 'reported'])
  RETURN 'allies hostile to each other' AS pattern, x.id AS x, y.id AS y,
         apoc.coll.sort(apoc.coll.toSet(collect(p.via) + collect(q.via) + collect(h.via))) AS via
  UNION
  MATCH (s)-[p:HOSTILE_TO]-(x:State)-[h:HOSTILE_TO]-(y:State)-[q:HOSTILE_TO]-(s)
  WHERE x.id < y.id AND all(r IN [h, p, q] WHERE (r.from_first IS NULL OR r.from_first <= date($asOf))
                                            AND (r.to_last IS NULL OR r.to_last >= date($asOf))
                                            AND r.confidence IN ['confirmed', 'reported'])
  RETURN 'three enemies' AS pattern, x.id AS x, y.id AS y,
         apoc.coll.sort(apoc.coll.toSet(collect(p.via) + collect(q.via) + collect(h.via))) AS via
}
RETURN pattern, x, y, via
ORDER BY pattern, x, y;
