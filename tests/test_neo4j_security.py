"""No Cypher from input, and no password anywhere: in output, logs, exceptions or reprs."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliancegraph import neo4j_store
from alliancegraph.cli import main
from alliancegraph.neo4j_store import Neo4jSettings, Neo4jStore, Neo4jStoreError
from alliancegraph.workspace import open_graph
from conftest import MINI

CYPHER_WORDS = re.compile(r"\b(MATCH|MERGE|UNWIND|CREATE|RETURN|DELETE|SET|CALL)\b")


def test_cypher_in_the_store_interpolates_only_schema_names() -> None:
    """Every f-string of neo4j_store that builds Cypher interpolates only ``_label(...)``/``_rtype(...)``
    (names checked against alliancegraph.schema); values go as parameters."""
    tree = ast.parse(Path(neo4j_store.__file__).read_text(encoding="utf-8"))
    checked = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if not CYPHER_WORDS.search(text):
            continue
        checked += 1
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                ok = (isinstance(v.value, ast.Call) and isinstance(v.value.func, ast.Name)
                      and v.value.func.id in ("_label", "_rtype"))
                assert ok, f"line {node.lineno}: Cypher f-string interpolates {ast.unparse(v.value)!r}"
    assert checked >= 10


def test_settings_and_store_never_show_the_password() -> None:
    s = Neo4jSettings(uri="bolt://127.0.0.1:1", user="neo4j", password="hunter2-secret")
    assert "hunter2-secret" not in repr(s) and "hunter2-secret" not in s.where
    with Neo4jStore(s) as store:
        assert "hunter2-secret" not in repr(store)
        with pytest.raises(Neo4jStoreError) as e:
            store.check()
    assert "hunter2-secret" not in str(e.value) and e.value.__cause__ is None and e.value.__suppress_context__
    # a password in the URI's user information is never echoed either
    s = Neo4jSettings(uri="bolt://neo4j:hunter2-secret@127.0.0.1:1")
    assert "hunter2-secret" not in s.where


EVIL = "x'}) MATCH (n) DETACH DELETE n //"


@pytest.mark.neo4j
def test_values_that_look_like_cypher_are_stored_verbatim(store, tmp_path: Path) -> None:
    d = tmp_path / "evil"
    d.mkdir()
    for f in MINI.iterdir():
        (d / f.name).write_text(f.read_text())
    states = (d / "states.yaml").read_text()
    states = states.replace("name: Japan,", f'name: "{EVIL}", aliases: ["`DETACH DELETE`", "$rows"],')
    (d / "states.yaml").write_text(states)
    g = open_graph([d])
    store.load(g, "mini")
    report = store.load(g, EVIL)  # a load-set name that looks like Cypher, too
    assert report.changes > 0  # it claims every fact (load_sets grow) and writes nothing else
    back = store.read_graph(EVIL)
    assert back.pg.nodes["JPN"]["name"] == EVIL
    assert back.pg.nodes["JPN"]["aliases"] == ["`DETACH DELETE`", "$rows"]
    assert store.counts()["State"] == 11
    assert sorted(s["name"] for s in store.load_sets()) == sorted(["mini", EVIL])
    store.drop(EVIL)
    assert store.counts()["State"] == 11 and [s["name"] for s in store.load_sets()] == ["mini"]


@pytest.mark.neo4j
def test_the_password_is_in_no_output_log_or_exception(neo4j_empty, caplog: pytest.LogCaptureFixture) -> None:
    if not neo4j_empty.password:
        pytest.skip("the test server has authentication disabled")  # never the case with scripts/neo4j-server
    real, wrong = neo4j_empty.password, "Wr0ng-pa55word-in-logs"
    caplog.set_level(logging.DEBUG)  # the driver's own debug log (Bolt messages) included
    with Neo4jStore(neo4j_empty) as store:
        report = store.load(open_graph([MINI]), "mini")
        store.read_graph()
    assert report.changes > 0
    bad = Neo4jSettings(neo4j_empty.uri, neo4j_empty.user, wrong, neo4j_empty.database)
    with pytest.raises(Neo4jStoreError) as e, Neo4jStore(bad) as store:
        store.load(open_graph([MINI]), "mini")
    assert "LOGON" in caplog.text or "HELLO" in caplog.text  # the debug log did record the handshakes
    for secret in (real, wrong):
        assert secret not in caplog.text
        assert secret not in str(e.value) and secret not in repr(e.value)
    env = {"NEO4J_URI": neo4j_empty.uri, "NEO4J_USERNAME": neo4j_empty.user, "NEO4J_PASSWORD": real,
           "NEO4J_DATABASE": neo4j_empty.database}
    for args in (["load", str(MINI)], ["load", str(MINI), "--json"], ["clusters", "--neo4j", "--as-of", "2025"],
                 ["load", str(MINI), "--password", wrong], ["load", "--help"]):
        r = CliRunner().invoke(main, args, env=env)
        assert real not in r.output and wrong not in r.output, args
