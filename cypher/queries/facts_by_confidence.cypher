// Facts by confidence as of a date: how many states, blocs, treaties, conflicts and support relations are
// confirmed, reported, alleged or denied on $asOf, with their ids. The confidence on a day is the last
// assessment dated on or before it in the fact's history (`confidence_history`, JSON; a history dated
// wholly after the day counts from its first entry), as `alliancegraph` reads it; `latest` is the newest.
// Needs APOC (apoc.convert.fromJsonList).
// Parameters (run these in Neo4j Browser first):
// :param asOf => '2025-01-01'
CALL () {
  MATCH (n) WHERE n:State OR n:Bloc OR n:Treaty OR n:Conflict
  RETURN labels(n)[0] AS kind, n.id AS id, n.confidence AS latest, n.confidence_history AS history
  UNION ALL
  MATCH ()-[r:SUPPORTS]->()
  RETURN 'Support' AS kind, r.id AS id, r.confidence AS latest, r.confidence_history AS history
}
WITH kind, id, latest, apoc.convert.fromJsonList(coalesce(history, '[]')) AS entries
WITH kind, id, latest, entries,
     [e IN entries WHERE e.date IS NULL OR date(e.date) <= date($asOf) | e.value] AS known
WITH kind, id, latest,
     CASE WHEN size(known) > 0 THEN known[-1] WHEN size(entries) > 0 THEN entries[0].value
          ELSE 'confirmed' END AS confidence
ORDER BY id
RETURN confidence, kind, count(*) AS facts, collect(id) AS ids,
       [x IN collect(CASE WHEN latest <> confidence THEN id + ' (now ' + latest + ')' END) WHERE x IS NOT NULL]
         AS since_changed
ORDER BY CASE confidence WHEN 'confirmed' THEN 0 WHEN 'reported' THEN 1 WHEN 'alleged' THEN 2 ELSE 3 END, kind;
