"""The Neo4j form defined once: the neo4j-admin CSV, the Cypher script and the loader's rows hold the same
elements with the same properties (no server needed).

The CSV files are read back with the csv module and their header types, the script with the literal parser
of test_exports (independent of the exporter's escaper); both are compared element by element with the
rows the loader sends (:meth:`LoadPlan.rows`, less ``load_hash``). A future change to one form alone fails
here.
"""

from __future__ import annotations

import datetime as dt
import shutil

import networkx as nx
import pytest

from alliancegraph.dates import PartialDate
from alliancegraph.errors import AllianceGraphError
from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph, Tie
from alliancegraph.neo4j_rows import (Neo4jFormatError, Neo4jStoreError, load_plan, tie_ids, tie_props, write_cypher,
                                      write_neo4j_csv)
from alliancegraph.views.exports import export
from alliancegraph.workspace import open_graph

from test_exports import MINI, parse_script, read_neo4j_csv


@pytest.fixture(scope="module")
def seed() -> AllianceGraph:
    return open_graph()


def loader_elements(graph: AllianceGraph) -> dict[tuple[str, str, str], tuple[str | None, str | None, dict]]:
    """``(kind, label or type, id) -> (start, end, properties)`` of the rows the loader sends."""
    plan = load_plan(graph)
    out = {}
    for label in plan.nodes:
        for r in plan.rows(label, 0, plan.count(label)):
            props = dict(r["props"])
            assert len(props.pop("load_hash")) == 32
            out[("node", label, r["id"])] = (None, None, props)
    for key in plan.rels:
        for r in plan.rows(key, 0, plan.count(key)):
            props = dict(r["props"])
            assert len(props.pop("load_hash")) == 32 and props["id"] == r["id"]
            out[("rel", key[0], r["id"])] = (r["start"], r["end"], props)
    return out


def csv_elements(directory) -> dict[tuple[str, str, str], tuple[str | None, str | None, dict]]:
    out = {}
    for p in sorted(directory.glob("*.csv")):
        _, rows = read_neo4j_csv(p)
        for name, start, end, props in rows:
            kind = "node" if p.name.startswith("nodes-") else "rel"
            key = (kind, name, props["id"])
            assert key not in out, key
            out[key] = (start, end, props)
    return out


def script_elements(path) -> dict[tuple[str, str, str], tuple[str | None, str | None, dict]]:
    statements, _ = parse_script(path.read_text(encoding="utf-8"))
    out = {}
    for kind, name, rows in statements:
        for row in rows:
            key = (kind, name, row["props"]["id"])
            assert key not in out, key
            out[key] = (row.get("start"), row.get("end"), row["props"])
            if kind == "node":
                assert row["id"] == row["props"]["id"]
    return out


def test_admin_csv_cypher_script_and_loader_hold_the_same_elements(seed, tmp_path):
    loader = loader_elements(seed)
    write_neo4j_csv(seed, tmp_path / "csv")
    csv_side = csv_elements(tmp_path / "csv")
    script_side = script_elements(write_cypher(seed, tmp_path / "g.cypher"))
    # every node, every fact relationship, one relationship per tie, nothing else
    expected = seed.pg.number_of_nodes() + seed.pg.number_of_edges() + len(seed.ties())
    assert len(loader) == len(csv_side) == len(script_side) == expected
    assert set(csv_side) == set(loader) == set(script_side)
    for key, want in loader.items():
        assert csv_side[key] == want, key
        assert script_side[key] == want, key
    # the ties' values, worked out from the facts: a hostile tie carries its conflict's MID hostility level
    # (1 when the conflict records none), an allied one the default strength of its kind
    hostile = {k: v for k, v in loader.items() if k[1] == "HOSTILE_TO"}
    assert hostile
    for (_, _, tid), (_, _, props) in hostile.items():
        assert props["level"] == seed.pg.nodes[props["via"]].get("hostility_level", 1), tid
    _, _, korea = loader[("rel", "HOSTILE_TO", "korean-war/CHN/USA/1950-10-19")]
    assert (korea["level"], korea["from_first"], korea["to_last"]) == (5, dt.date(1950, 10, 19), dt.date(1953, 7, 27))


def test_the_export_call_writes_the_same_files_and_counts(seed, tmp_path):
    r = export(seed, tmp_path / "csv", "neo4j-csv")
    assert r.nodes == seed.pg.number_of_nodes() and r.edges == seed.pg.number_of_edges() + len(seed.ties())
    assert csv_elements(tmp_path / "csv") == loader_elements(seed)
    c = export(seed, tmp_path / "g.cypher", "cypher")
    assert (c.nodes, c.edges) == (r.nodes, r.edges)


class _OneHostileTie(AllianceGraph):
    """The mini world whose only tie is a hostile one without a level (as a hand-built Tie can be)."""

    def ties(self):
        return [Tie("RUS", "UKR", -1, "hostility", "ukr-invasion", "Conflict", PartialDate.parse("2022-02-24"), None)]


def test_a_hostile_tie_without_a_level_has_no_level_in_any_form(tmp_path):
    g = AllianceGraph.from_facts(load_facts(MINI))
    one = _OneHostileTie(nx.MultiDiGraph(g.pg))
    loader = loader_elements(one)
    write_neo4j_csv(one, tmp_path / "csv")
    forms = [loader, csv_elements(tmp_path / "csv"), script_elements(write_cypher(one, tmp_path / "g.cypher"))]
    for form in forms:
        start, end, props = form[("rel", "HOSTILE_TO", "ukr-invasion/RUS/UKR/2022-02-24")]
        assert (start, end) == ("RUS", "UKR")
        assert "level" not in props and "to" not in props  # missing values are absent, never invented
        assert props["from_first"] == dt.date(2022, 2, 24)
    assert forms[0] == forms[1] == forms[2]
    assert tie_props(Tie("A", "B", -1, "hostility", "c", "Conflict", None, None, level=3))["level"] == 3


def test_ties_sharing_an_id_are_numbered():
    g = AllianceGraph.from_facts(load_facts(MINI))

    class Twice(AllianceGraph):
        def ties(self):
            t = g.ties()[0]
            return [t, t, t]

    ids = [(tid, distinct) for _, tid, distinct in tie_ids(Twice(nx.MultiDiGraph(g.pg)))]
    t = g.ties()[0]
    assert ids == [(t.id, True), (f"{t.id}#2", True), (f"{t.id}#3", True)]


def test_an_element_outside_the_schema_is_a_format_error(tmp_path):
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    g = AllianceGraph.from_facts(load_facts(d))
    pg = nx.MultiDiGraph(g.pg)
    pg.nodes["USA"]["colour"] = "blue"
    bad = AllianceGraph(pg)
    with pytest.raises(Neo4jFormatError, match=r"node 'USA': property 'colour' is not in the schema of State") as e:
        load_plan(bad)
    # the loader's error (Neo4jStoreError) and the exports' (ValueError) alike, and the library's
    assert isinstance(e.value, Neo4jStoreError) and isinstance(e.value, ValueError)
    assert isinstance(e.value, AllianceGraphError)
    with pytest.raises(ValueError, match="colour"):
        export(bad, tmp_path / "out.cypher", "cypher")
    assert not (tmp_path / "out.cypher").exists()
