"""The neo4j-admin CSV export imported into a real Neo4j, and the Cypher script run by a real Neo4j.

The CSV files are imported with ``neo4j-admin database import full`` (the admin tool class from the same
Neo4j 5.26 jars that ``scripts/neo4j-server`` caches) into a throw-away Neo4j home under the test's temporary
directory; a second server is then started on that home, on a free loopback port, and every node and
relationship read back is compared with the graph. Then the database is emptied, the exported Cypher
script is run statement by statement, compared the same way, and run again to show that it is idempotent.
The graph is the mini world with a state name and a treaty note that hold quotes, commas, semicolons,
backslashes, a new line and a tab.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph
from alliancegraph.views.exports import export

from conftest import SERVER_SCRIPT
from test_exports import MINI, NASTY, expected_props

pytestmark = pytest.mark.neo4j

IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _neo4j_home() -> Path:
    """The Neo4j home of scripts/neo4j-server (its cache directory for the pinned Neo4j version)."""
    out = subprocess.run([str(SERVER_SCRIPT), "home"], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def _unavailable(message: str) -> None:
    if IN_CI:
        pytest.fail(f"Neo4j jars are not available in CI: {message}", pytrace=False)
    pytest.skip(message)


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


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        _unavailable("no java on the PATH")
    return found  # type: ignore[return-value]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    """A Neo4j server on a throw-away home whose database was made by neo4j-admin from the CSV export;
    yields a driver, and stops the server afterwards."""
    import neo4j

    home = tmp_path_factory.mktemp("neo4j-home")
    csv_dir = home / "csv"
    export(nasty, csv_dir, "neo4j-csv")
    port = _free_port()
    (home / "conf").mkdir()
    (home / "conf" / "neo4j.conf").write_text("\n".join([
        f"server.directories.data={home / 'data'}", f"server.directories.logs={home / 'logs'}",
        f"server.directories.run={home / 'run'}", f"server.directories.import={home / 'import'}",
        "dbms.security.auth_enabled=false", f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}", "server.http.enabled=false", "server.https.enabled=false",
        "server.memory.heap.initial_size=256m", "server.memory.heap.max_size=512m",
        "server.memory.pagecache.size=64m", "dbms.usage_report.enabled=false", ""]), encoding="utf-8")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    files = sorted(p.name for p in csv_dir.glob("*.csv"))
    cmd = [_java(), "-Xmx512m", "-cp", f"{jars}/*", "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j",
           "--overwrite-destination", "--multiline-fields=true", "--array-delimiter=;", "--id-type=string",
           *[f"--nodes={f}" for f in files if f.startswith("nodes-")],
           *[f"--relationships={f}" for f in files if f.startswith("rels-")]]
    # the same files and flags as the import.sh written beside them
    script = (csv_dir / "import.sh").read_text()
    assert all(f"--nodes={f}" in script for f in files if f.startswith("nodes-"))
    assert all(f"--relationships={f}" in script for f in files if f.startswith("rels-"))
    done = subprocess.run(cmd, cwd=csv_dir, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout
    log = open(home / "console.log", "w")
    server = subprocess.Popen([_java(), "-Xmx512m", "-cp", f"{home / 'conf'}/*:{jars}/*",
                               "org.neo4j.server.CommunityEntryPoint", f"--home-dir={home}",
                               f"--config-dir={home / 'conf'}"], env=env, stdout=log, stderr=subprocess.STDOUT)
    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                driver.verify_connectivity()
                break
            except Exception:  # noqa: BLE001 - not up yet
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the imported Neo4j did not start: {(home / 'console.log').read_text()[-3000:]}")
                time.sleep(1)
        yield driver
    finally:
        driver.close()
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


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
