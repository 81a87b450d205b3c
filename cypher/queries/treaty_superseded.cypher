// What a treaty superseded: every treaty that $treaty replaced, directly (depth 1) or through the treaties
// it replaced (depth 2 and more), with the chain of replacements, its own dates and obligations, and the
// date the replacement entered into force (the older treaty's allied ties end the day before).
// Parameters (run these in Neo4j Browser first):
// :param treaty => 'rus-prk-2024'
MATCH p = (t:Treaty {id: $treaty})-[:SUPERSEDES*1..]->(old:Treaty)
WITH old, p, nodes(p)[-2] AS replacement
RETURN old.id AS treaty, old.name AS name, length(p) AS depth, [n IN nodes(p) | n.id] AS chain,
       old.signed AS signed, old.in_force AS in_force, old.ended AS ended, old.obligations AS obligations,
       coalesce(replacement.in_force, replacement.signed) AS replaced_from
ORDER BY depth, coalesce(old.signed_first, old.in_force_first), treaty;
