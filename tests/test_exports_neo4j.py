"""The neo4j-admin CSV export imported into a real Neo4j, and the Cypher script run by a real Neo4j.

The CSV files are imported by ``scripts/neo4j-server import`` (the export's own ``import.sh``, run with the
admin tool of the same Neo4j 5.26 jars that the script caches) into a throw-away Neo4j home under the test's
temporary directory; ``scripts/neo4j-server`` then starts a second server on that home, on free loopback
ports it picks, and every node and relationship read back is compared with the graph. Then the database is
emptied, the exported Cypher script is run statement by statement, compared the same way, and run again to
show that it is idempotent.
The graph is the mini world with a state name and a treaty note that hold quotes, commas, semicolons,
backslashes, a new line and a tab.
"""

from __future__ import annotations

import datetime as dt

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph
from alliancegraph.views.exports import export

from conftest import SERVER_SCRIPT, _env_from_script, _unavailable
from test_exports import MINI, NASTY, expected_props

pytestmark = pytest.mark.neo4j


def _neo4j_home() -> Path:
    """The Neo4j home of scripts/neo4j-server (its cache directory for the pinned Neo4j version)."""
    out = subprocess.run([str(SERVER_SCRIPT), "home"], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


@pytest.fixture(scope="module")
def jars(request) -> Path:
    """The lib/ directory of the Neo4j jars cached by scripts/neo4j-server; when they are not there yet,
    the neo4j_settings fixture (tests/conftest.py) starts that server, which fetches them."""
    lib = _neo4j_home() / "lib"
    if not (lib.parent / ".jars-ready").exists():
        request.getfixturevalue("neo4j_settings")
    if not (lib.parent / ".jars-ready").exists():
        _unavailable(f"no Neo4j jars in {lib.parent} (scripts/neo4j-server start fetches them)")
    return lib


@pytest.fixture(scope="module")
def nasty(tmp_path_factory) -> AllianceGraph:
    d = tmp_path_factory.mktemp("nasty-neo4j") / "facts"
    shutil.copytree(MINI, d)
    s = d / "states.yaml"
    s.write_text(s.read_text().replace("name: Belarus", "name: " + __import__("json").dumps(NASTY)), encoding="utf-8")
    t = d / "treaties.yaml"
    t.write_text(t.read_text().replace("    name: China-DPRK Treaty\n", "    name: China-DPRK Treaty\n    note: "
                                       + __import__("json").dumps(NASTY + " (note)") + "\n"), encoding="utf-8")
    return AllianceGraph.from_facts(load_facts(d))


@pytest.fixture(scope="module")
def imported(jars, nasty, tmp_path_factory):
    """A Neo4j server whose database was made by neo4j-admin from the CSV export; yields a driver.

    The server is ``scripts/neo4j-server``'s (the one definition of starting a local Neo4j and waiting for
    Bolt) on a cache directory of its own with free ports and the cached jars, so no other server is
    touched; ``scripts/neo4j-server import`` runs the export's import.sh into that home before the script
    starts it, and the script stops it afterwards."""
    import neo4j

    cache = tmp_path_factory.mktemp("neo4j-cache")
    csv_dir = cache / "csv"
    export(nasty, csv_dir, "neo4j-csv")
    password = "alliancegraph-import-test"
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_DATABASE")}
    env.update(ALLIANCEGRAPH_CACHE=str(cache), ALLIANCEGRAPH_NEO4J_JARS_FROM=str(jars.parent),
               ALLIANCEGRAPH_NEO4J_VERSION=jars.parent.name.removeprefix("neo4j-"), NEO4J_PASSWORD=password,
               NEO4J_BOLT_PORT="auto", NEO4J_HTTP_PORT="auto", ALLIANCEGRAPH_NEO4J_HEAP="512m",
               ALLIANCEGRAPH_NEO4J_PAGECACHE="64m")
    # the import runs the import.sh written beside the CSV files: it names every one of them
    files = sorted(p.name for p in csv_dir.glob("*.csv"))
    script = (csv_dir / "import.sh").read_text()
    assert all(f"--nodes={f}" in script for f in files if f.startswith("nodes-"))
    assert all(f"--relationships={f}" in script for f in files if f.startswith("rels-"))
    assert len(files) == script.count("--nodes=") + script.count("--relationships=")
    done = subprocess.run([str(SERVER_SCRIPT), "import", str(csv_dir)], env=env, capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0 and "no java found" in done.stderr:
        _unavailable(done.stderr.strip().splitlines()[-1])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout
    try:
        started = subprocess.run([str(SERVER_SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=600)
        assert started.returncode == 0, f"the imported Neo4j did not start: {started.stderr[-3000:]}"
        with neo4j.GraphDatabase.driver(_env_from_script(env)["NEO4J_URI"], auth=("neo4j", password)) as driver:
            yield driver
    finally:
        subprocess.run([str(SERVER_SCRIPT), "stop"], env=env, capture_output=True, text=True, timeout=180)


def _native(v):
    if isinstance(v, list):
        return [_native(x) for x in v]
    return v.to_native() if hasattr(v, "to_native") else v


def read_back(driver):
    """``(nodes, rels)``: ``{id: (labels, props)}`` and ``{(type, id): (start id, end id, props)}``."""
    with driver.session(database="neo4j") as s:
        nodes = {r["p"]["id"]: (r["l"], {k: _native(v) for k, v in r["p"].items()})
                 for r in s.run("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")}
        rels = {(r["t"], r["p"]["id"]): (r["a"], r["b"], {k: _native(v) for k, v in r["p"].items()})
                for r in s.run("MATCH (a)-[r]->(b) RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p")}
    return nodes, rels


def compare(graph: AllianceGraph, nodes, rels) -> None:
    pg = graph.pg
    assert len(nodes) == pg.number_of_nodes() == 23
    for n, d in pg.nodes(data=True):
        labels, props = nodes[n]
        assert labels == [d["label"]] and props == expected_props(d), n
    assert nodes["BLR"][1]["name"] == NASTY and nodes["chn-prk"][1]["note"] == NASTY + " (note)"
    for u, v, d in pg.edges(data=True):
        assert rels[(d["type"], d["id"])] == (u, v, expected_props(d)), d["id"]
    # the derived ties: 16 allied and 6 hostile over time (tests/test_exports.py)
    assert sum(1 for t, _ in rels if t == "ALLIED_WITH") == 16 and sum(1 for t, _ in rels if t == "HOSTILE_TO") == 6
    assert len(rels) == pg.number_of_edges() + 22 == 77
    a, b, p = rels[("ALLIED_WITH", "eastbloc/BLR/UKR/1994")]
    assert (a, b, p["strength"], p["to"], str(p["to_last"])) == ("BLR", "UKR", 0.1, "2014-03", "2014-03-31")  # bloc co-membership 0.1
    assert isinstance(nodes["USA"][1]["ccode"], int) and nodes["USA"][1]["aliases"] == ["United States", "US"]
    # a tie's confidence over time (tests/fixtures/mini/supports.yaml: alleged 2024-10-18, denied 2024-10-25,
    # confirmed 2025-04-28) arrives as a list of strings and a list of DATEs
    troops = next(p for (t, _), (_, _, p) in rels.items() if t == "ALLIED_WITH" and p["via"] == "prk-rus-troops")
    assert troops["confidence_levels"] == ["alleged", "denied", "confirmed"]
    assert troops["confidence_on"] == [dt.date(2024, 10, 25), dt.date(2025, 4, 28)]


def test_neo4j_admin_import_of_the_csv_export(imported, nasty):
    compare(nasty, *read_back(imported))


def test_cypher_script_runs_in_neo4j_and_is_idempotent(imported, nasty, tmp_path):
    script = export(nasty, tmp_path / "g.cypher", "cypher").paths[0].read_text(encoding="utf-8")
    statements = [s.rstrip(";") for s in script.strip().split("\n\n") if not s.startswith("//")]
    with imported.session(database="neo4j") as s:
        s.run("MATCH (n) DETACH DELETE n").consume()
        assert s.run("MATCH (n) RETURN count(n) AS c").single()["c"] == 0
        for stmt in statements:
            s.run(stmt).consume()
    compare(nasty, *read_back(imported))
    with imported.session(database="neo4j") as s:
        for stmt in statements:
            s.run(stmt).consume()
        counts = s.run("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r").single()
        assert (counts["n"], counts["r"]) == (23, 77)
