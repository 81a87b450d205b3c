"""No Cypher from input, and no password anywhere: in output, logs, exceptions or reprs."""

from __future__ import annotations

import ast
import json
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


SECRET = "Zq7  'sekr\\et' pa55"  # two spaces, quotes and a backslash: the forms a message could turn it into


@pytest.mark.neo4j
def _until_the_password_is_accepted(settings, timeout: float = 60.0) -> None:
    """Wait out Neo4j's lock of a user after refused attempts: after the lock time, the real password works."""
    import time

    deadline = time.monotonic() + timeout
    time.sleep(6)  # the lock time (5 s) after the last refused attempt, and a second more
    while True:
        try:
            with Neo4jStore(settings) as store:
                store.check()
            return
        except Neo4jStoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(6)


def test_a_distinctive_password_is_in_no_output_of_any_path(neo4j_empty) -> None:
    """Every path a password could take, from NEO4J_PASSWORD and from --password, with real processes:
    refused credentials, an unreachable server, an unknown database, a lock refusal (and the lock's holder
    record), a load failing half way, the report, its JSON and every repr."""
    import subprocess
    import sys

    from alliancegraph.neo4j_store import LoadFailedError, LoadReport
    from conftest import REPO

    real = neo4j_empty.password
    assert real, "scripts/neo4j-server always sets a password"
    base = {k: v for k, v in __import__("os").environ.items() if not k.startswith("NEO4J_")}
    base.update({"NEO4J_URI": neo4j_empty.uri, "NEO4J_USERNAME": neo4j_empty.user, "PYTHONPATH": str(REPO / "src")})

    def cli(*args: str, password_env: str | None = SECRET, **env: str) -> str:
        e = dict(base, **env)
        if password_env is not None:
            e["NEO4J_PASSWORD"] = password_env
        r = subprocess.run([sys.executable, "-m", "alliancegraph", *args], env=e, capture_output=True, text=True,
                           timeout=300)
        return r.stdout + r.stderr

    outputs = [
        cli("load", str(MINI)),                                        # refused credentials, from the env
        cli("load", str(MINI), "--password", SECRET, password_env=None),  # ... from --password
        cli("load", str(MINI), "--json"),
        cli("load", str(MINI), "--uri", "bolt://127.0.0.1:1"),         # unreachable
        cli("clusters", "--neo4j", "--as-of", "2020"),
        cli("drop", "mini"),
    ]
    assert any("refused the credentials" in o for o in outputs[:2])
    # Neo4j locks the user for dbms.security.auth_lock_time (5 s) after 3 refused attempts in a row
    # (dbms.security.auth_max_failed_attempts): wait until the real password is accepted again, so that this
    # test and the ones after it connect
    _until_the_password_is_accepted(neo4j_empty)
    outputs.append(cli("load", str(MINI), "--database", "nosuchdb", password_env=real))
    # with the real password, a load whose progress fails with the password in its message
    with Neo4jStore(neo4j_empty) as store:
        def fail(done: int, total: int) -> None:
            raise ConnectionError(f"lost {real} and {real!r}")
        with pytest.raises(LoadFailedError) as e:
            store.load(open_graph([MINI]), "mini", progress=fail)
        outputs += [str(e.value), repr(e.value), repr(store), repr(store.settings)]
        report = store.load(open_graph([MINI]), "mini")
        outputs += [repr(report), json.dumps(report.to_dict()), repr(LoadReport), json.dumps(store.load_sets())]
        # the lock's holder record, read while a load holds it
        seen: list[str] = []
        store.load(open_graph([MINI]), "mini", batch_size=50,
                   progress=lambda d, t: seen.append(json.dumps(store._run("MATCH (l:LoadLock) RETURN properties(l) AS l",
                                                                           "test"))))
        outputs += seen
    assert seen and all('"host"' in s and '"pid"' in s for s in seen)
    outputs.append(cli("load", str(MINI), "--json", password_env=real))
    for o in outputs:
        for secret in (real, SECRET, " ".join(SECRET.split()), repr(SECRET)[1:-1]):
            assert secret not in o, o
