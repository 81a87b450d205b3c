"""The one schema: cypher/schema.cypher says what schema.schema_statements() says, every MERGE key has a
constraint behind it, and the server ends up with exactly those constraints and indexes."""

from __future__ import annotations

import re

import pytest

from alliancegraph import neo4j_store
from alliancegraph.schema import LOAD_SET, NODE_LABELS, REL_TYPES, schema_statements
from conftest import CYPHER


def _statements(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [" ".join(s.split()) for s in body.split(";") if s.strip()]


def test_schema_cypher_file_says_what_the_code_generates() -> None:
    text = (CYPHER / "schema.cypher").read_text(encoding="utf-8")
    assert _statements(text) == schema_statements()
    assert text == neo4j_store.schema_cypher()


def test_every_merge_key_has_a_uniqueness_constraint() -> None:
    stmts = set(schema_statements())
    for label in [*NODE_LABELS.values(), LOAD_SET]:
        assert (f"CREATE CONSTRAINT {label.name.lower()}_{label.key} IF NOT EXISTS FOR (n:{label.name}) "
                f"REQUIRE n.{label.key} IS UNIQUE") in stmts
    for rel in REL_TYPES.values():
        assert (f"CREATE CONSTRAINT {rel.name.lower()}_{rel.key} IF NOT EXISTS FOR ()-[r:{rel.name}]-() "
                f"REQUIRE r.{rel.key} IS UNIQUE") in stmts
    # and the writer merges on exactly those keys
    for label in NODE_LABELS:
        assert f"MERGE (x:{label} {{id: row.id}})" in neo4j_store._node_merge(label)
    for rel in REL_TYPES.values():
        start = "State" if rel.start == "*" else rel.start
        assert f"-[x:{rel.name} {{id: row.id}}]->" in neo4j_store._rel_merge(rel.name, start, rel.end if rel.end != "*" else "State")


@pytest.mark.parametrize("bad", ["State) DETACH DELETE x //", "state", "LoadSet`", ""])
def test_cypher_takes_labels_only_from_the_schema(bad: str) -> None:
    with pytest.raises(ValueError):
        neo4j_store._node_merge(bad)
    with pytest.raises(ValueError):
        neo4j_store._rel_merge(bad, "State", "State")


@pytest.mark.neo4j
def test_server_gets_exactly_the_schema(store) -> None:
    added = store.apply_schema()
    assert added >= 0
    assert store.apply_schema() == 0  # IF NOT EXISTS: the second time adds nothing
    with store.driver.session(database=store.settings.database) as s:
        constraints = {r["name"]: (r["labelsOrTypes"], r["properties"], r["type"])
                       for r in s.run("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type")}
        indexes = {r["name"] for r in s.run("SHOW INDEXES YIELD name")}
    for stmt in schema_statements():
        m = re.match(r"CREATE (CONSTRAINT|INDEX) (\w+) IF NOT EXISTS FOR .*?[:](\w+)[)\]].*?\.(\w+)", stmt)
        assert m, stmt
        kind, name, target, prop = m.groups()
        if kind == "CONSTRAINT":
            assert constraints[name][0] == [target] and constraints[name][1] == [prop], name
            assert constraints[name][2] in ("UNIQUENESS", "RELATIONSHIP_UNIQUENESS", "NODE_PROPERTY_UNIQUENESS",
                                            "RELATIONSHIP_PROPERTY_UNIQUENESS"), constraints[name]
        else:
            assert name in indexes
