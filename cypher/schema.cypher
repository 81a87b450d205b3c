// The alliancegraph schema for Neo4j 5.7+: a uniqueness constraint behind every MERGE key and the
// indexes the queries use. Generated from src/alliancegraph/schema.py (schema_statements());
// tests/test_neo4j_schema.py proves this file says the same. Run it in Neo4j Browser or with
// cypher-shell; `alliancegraph load` applies it by itself. Every statement is IF NOT EXISTS.
CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT bloc_id IF NOT EXISTS FOR (n:Bloc) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT treaty_id IF NOT EXISTS FOR (n:Treaty) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT conflict_id IF NOT EXISTS FOR (n:Conflict) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT loadset_name IF NOT EXISTS FOR (n:LoadSet) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT loadlock_name IF NOT EXISTS FOR (n:LoadLock) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT party_to_id IF NOT EXISTS FOR ()-[r:PARTY_TO]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT supersedes_id IF NOT EXISTS FOR ()-[r:SUPERSEDES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT establishes_id IF NOT EXISTS FOR ()-[r:ESTABLISHES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT participant_in_id IF NOT EXISTS FOR ()-[r:PARTICIPANT_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT supports_id IF NOT EXISTS FOR ()-[r:SUPPORTS]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT cites_id IF NOT EXISTS FOR ()-[r:CITES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT allied_with_id IF NOT EXISTS FOR ()-[r:ALLIED_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT hostile_to_id IF NOT EXISTS FOR ()-[r:HOSTILE_TO]-() REQUIRE r.id IS UNIQUE;
CREATE INDEX state_ccode IF NOT EXISTS FOR (n:State) ON (n.ccode);
CREATE INDEX state_iso3 IF NOT EXISTS FOR (n:State) ON (n.iso3);
CREATE INDEX state_cow_abb IF NOT EXISTS FOR (n:State) ON (n.cow_abb);
CREATE INDEX state_name IF NOT EXISTS FOR (n:State) ON (n.name);
CREATE INDEX state_dataset IF NOT EXISTS FOR (n:State) ON (n.dataset);
CREATE INDEX bloc_name IF NOT EXISTS FOR (n:Bloc) ON (n.name);
CREATE INDEX bloc_dataset IF NOT EXISTS FOR (n:Bloc) ON (n.dataset);
CREATE INDEX treaty_name IF NOT EXISTS FOR (n:Treaty) ON (n.name);
CREATE INDEX treaty_dataset IF NOT EXISTS FOR (n:Treaty) ON (n.dataset);
CREATE INDEX conflict_hostility_level IF NOT EXISTS FOR (n:Conflict) ON (n.hostility_level);
CREATE INDEX conflict_dataset IF NOT EXISTS FOR (n:Conflict) ON (n.dataset);
CREATE INDEX source_dataset IF NOT EXISTS FOR (n:Source) ON (n.dataset);
