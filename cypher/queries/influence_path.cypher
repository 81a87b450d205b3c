// The influence path between two states as of a date: the chain of allied ties in force on $asOf from
// $source to $target (at most 6 hops) whose strength, the product of its ties' strengths, is the greatest:
// the shortest path under the cost -ln(strength) per hop. Each hop takes its strongest tie, so this is
// `alliancegraph path SOURCE TARGET --combine max` (the CLI's default, noisy-or, also lets several ties of
// one pair add up). Alleged and denied ties are left out (latest confidence). No row: no such chain.
// How: Bellman-Ford relaxation unrolled into six rounds (pure Cypher, no plugin); `best` holds, for every
// state reached so far, its cheapest path from $source; each round extends every path by one tie.
// Parameters (run these in Neo4j Browser first):
// :param source => 'USA'
// :param target => 'PRK'
// :param asOf => '2025-06-01'
MATCH (s:State {id: $source})
WITH [{id: s.id, cost: 0.0, path: [s.id], via: [], kinds: [], strengths: []}] AS best
// round 1
CALL (best) {
  UNWIND best AS b
  MATCH (:State {id: b.id})-[r:ALLIED_WITH]-(y:State)
  WHERE NOT y.id IN b.path
    AND (r.from_first IS NULL OR r.from_first <= date($asOf)) AND (r.to_last IS NULL OR r.to_last >= date($asOf))
    AND r.confidence IN ['confirmed', 'reported']
  RETURN y.id AS id, b.cost - log(r.strength) AS cost, b.path + y.id AS path, b.via + r.via AS via,
         b.kinds + r.tie_kind AS kinds, b.strengths + r.strength AS strengths
  UNION ALL
  UNWIND best AS b
  RETURN b.id AS id, b.cost AS cost, b.path AS path, b.via AS via, b.kinds AS kinds, b.strengths AS strengths
}
WITH id, cost, path, via, kinds, strengths ORDER BY cost, path, via
WITH id, collect({id: id, cost: cost, path: path, via: via, kinds: kinds, strengths: strengths})[0] AS b
WITH collect(b) AS best
// round 2
CALL (best) {
  UNWIND best AS b
  MATCH (:State {id: b.id})-[r:ALLIED_WITH]-(y:State)
  WHERE NOT y.id IN b.path
    AND (r.from_first IS NULL OR r.from_first <= date($asOf)) AND (r.to_last IS NULL OR r.to_last >= date($asOf))
    AND r.confidence IN ['confirmed', 'reported']
  RETURN y.id AS id, b.cost - log(r.strength) AS cost, b.path + y.id AS path, b.via + r.via AS via,
         b.kinds + r.tie_kind AS kinds, b.strengths + r.strength AS strengths
  UNION ALL
  UNWIND best AS b
  RETURN b.id AS id, b.cost AS cost, b.path AS path, b.via AS via, b.kinds AS kinds, b.strengths AS strengths
}
WITH id, cost, path, via, kinds, strengths ORDER BY cost, path, via
WITH id, collect({id: id, cost: cost, path: path, via: via, kinds: kinds, strengths: strengths})[0] AS b
WITH collect(b) AS best
// round 3
CALL (best) {
  UNWIND best AS b
  MATCH (:State {id: b.id})-[r:ALLIED_WITH]-(y:State)
  WHERE NOT y.id IN b.path
    AND (r.from_first IS NULL OR r.from_first <= date($asOf)) AND (r.to_last IS NULL OR r.to_last >= date($asOf))
    AND r.confidence IN ['confirmed', 'reported']
  RETURN y.id AS id, b.cost - log(r.strength) AS cost, b.path + y.id AS path, b.via + r.via AS via,
         b.kinds + r.tie_kind AS kinds, b.strengths + r.strength AS strengths
  UNION ALL
  UNWIND best AS b
  RETURN b.id AS id, b.cost AS cost, b.path AS path, b.via AS via, b.kinds AS kinds, b.strengths AS strengths
}
WITH id, cost, path, via, kinds, strengths ORDER BY cost, path, via
WITH id, collect({id: id, cost: cost, path: path, via: via, kinds: kinds, strengths: strengths})[0] AS b
WITH collect(b) AS best
// round 4
CALL (best) {
  UNWIND best AS b
  MATCH (:State {id: b.id})-[r:ALLIED_WITH]-(y:State)
  WHERE NOT y.id IN b.path
    AND (r.from_first IS NULL OR r.from_first <= date($asOf)) AND (r.to_last IS NULL OR r.to_last >= date($asOf))
    AND r.confidence IN ['confirmed', 'reported']
  RETURN y.id AS id, b.cost - log(r.strength) AS cost, b.path + y.id AS path, b.via + r.via AS via,
         b.kinds + r.tie_kind AS kinds, b.strengths + r.strength AS strengths
  UNION ALL
  UNWIND best AS b
  RETURN b.id AS id, b.cost AS cost, b.path AS path, b.via AS via, b.kinds AS kinds, b.strengths AS strengths
}
WITH id, cost, path, via, kinds, strengths ORDER BY cost, path, via
WITH id, collect({id: id, cost: cost, path: path, via: via, kinds: kinds, strengths: strengths})[0] AS b
WITH collect(b) AS best
// round 5
CALL (best) {
  UNWIND best AS b
  MATCH (:State {id: b.id})-[r:ALLIED_WITH]-(y:State)
  WHERE NOT y.id IN b.path
    AND (r.from_first IS NULL OR r.from_first <= date($asOf)) AND (r.to_last IS NULL OR r.to_last >= date($asOf))
    AND r.confidence IN ['confirmed', 'reported']
  RETURN y.id AS id, b.cost - log(r.strength) AS cost, b.path + y.id AS path, b.via + r.via AS via,
         b.kinds + r.tie_kind AS kinds, b.strengths + r.strength AS strengths
  UNION ALL
  UNWIND best AS b
  RETURN b.id AS id, b.cost AS cost, b.path AS path, b.via AS via, b.kinds AS kinds, b.strengths AS strengths
}
WITH id, cost, path, via, kinds, strengths ORDER BY cost, path, via
WITH id, collect({id: id, cost: cost, path: path, via: via, kinds: kinds, strengths: strengths})[0] AS b
WITH collect(b) AS best
// round 6
CALL (best) {
  UNWIND best AS b
  MATCH (:State {id: b.id})-[r:ALLIED_WITH]-(y:State)
  WHERE NOT y.id IN b.path
    AND (r.from_first IS NULL OR r.from_first <= date($asOf)) AND (r.to_last IS NULL OR r.to_last >= date($asOf))
    AND r.confidence IN ['confirmed', 'reported']
  RETURN y.id AS id, b.cost - log(r.strength) AS cost, b.path + y.id AS path, b.via + r.via AS via,
         b.kinds + r.tie_kind AS kinds, b.strengths + r.strength AS strengths
  UNION ALL
  UNWIND best AS b
  RETURN b.id AS id, b.cost AS cost, b.path AS path, b.via AS via, b.kinds AS kinds, b.strengths AS strengths
}
WITH id, cost, path, via, kinds, strengths ORDER BY cost, path, via
WITH id, collect({id: id, cost: cost, path: path, via: via, kinds: kinds, strengths: strengths})[0] AS b
WITH collect(b) AS best
UNWIND best AS b
WITH b WHERE b.id = $target AND b.id <> $source
RETURN b.path AS states, COLLECT { UNWIND b.path AS id MATCH (x:State {id: id}) RETURN x.name } AS names,
       exp(-b.cost) AS strength, b.cost AS cost, b.via AS via, b.kinds AS kinds, b.strengths AS hop_strengths;
