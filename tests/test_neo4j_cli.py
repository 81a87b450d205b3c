"""`alliancegraph load` and `--neo4j` against a real Neo4j server: outputs, exit codes, exact error lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from alliancegraph.cli import main
from alliancegraph.neo4j_store import Neo4jStore
from conftest import MINI, REPO

pytestmark = pytest.mark.neo4j

SECRET = "Wr0ng-s3cret-for-the-test!"


def _env(settings: Any, **overrides: str | None) -> dict[str, str | None]:
    env = {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user, "NEO4J_PASSWORD": settings.password,
           "NEO4J_DATABASE": settings.database, "NEO4J_USER": None, "ALLIANCEGRAPH_FACTS": None}
    env.update(overrides)
    return env


def _run(settings: Any, *args: str, **env: str | None) -> Any:
    return CliRunner().invoke(main, list(args), env=_env(settings, **env))


def _counts(settings: Any) -> dict[str, int]:
    with Neo4jStore(settings) as store:
        return store.counts()


def test_load_reports_counts_then_no_changes(neo4j_empty) -> None:
    first = _run(neo4j_empty, "load", str(MINI))
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    # 23 nodes; 55 fact relationships + 22 derived ties = 77 (tests/test_neo4j_store.py works them out)
    assert lines[0].startswith(f"load set 'mini' in {neo4j_empty.where}: 23 nodes, 77 relationships "
                               f"(22 derived ties) in ")
    assert lines[1].startswith("changes: 23 nodes and 77 relationships created, 0 updated, 0 nodes and 0 "
                               "relationships deleted, ")
    second = _run(neo4j_empty, "load", str(MINI))
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines()[1] == "no changes: Neo4j already held exactly these facts"
    report = json.loads(_run(neo4j_empty, "load", str(MINI), "--json").stdout)
    assert report["changes"] == 0 and report["load_set"] == "mini" and report["nodes"]["State"] == 11


def test_load_set_name_and_batch_size_options(neo4j_empty) -> None:
    r = _run(neo4j_empty, "load", str(MINI), "--load-set", "hand-made", "--batch-size", "3")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("load set 'hand-made' ")
    with Neo4jStore(neo4j_empty) as store:
        assert [s["name"] for s in store.load_sets()] == ["hand-made"]
        # 100 rows in batches of at most 3 per label or type: more than 100 / 3 transactions
        assert store.load_sets()[0]["status"] == "complete"


@pytest.mark.parametrize("case, args, env, message", [
    ("server down", ["--uri", "bolt://127.0.0.1:1"], {},
     "Error: cannot reach Neo4j at bolt://127.0.0.1:1 (default database): is the server running? "
     "(scripts/neo4j-server start, or set NEO4J_URI); nothing was written"),
    ("wrong password", ["--password", SECRET], {},
     "Error: Neo4j at {where} refused the credentials of user 'neo4j' (check --user/--password or "
     "NEO4J_USERNAME/NEO4J_PASSWORD); nothing was written"),
    ("wrong password from the environment", [], {"NEO4J_PASSWORD": SECRET},
     "Error: Neo4j at {where} refused the credentials of user 'neo4j' (check --user/--password or "
     "NEO4J_USERNAME/NEO4J_PASSWORD); nothing was written"),
    ("unknown database", ["--database", "nosuchdb"], {},
     "Error: Neo4j at {uri} (database 'nosuchdb'): no such database 'nosuchdb'; nothing was written"),
    ("not a Bolt URI", ["--uri", f"http://neo4j:{SECRET}@127.0.0.1:7474"], {},
     "Error: cannot use Neo4j URI 'http://127.0.0.1:7474': the scheme must be one of bolt://, bolt+s://, "
     "bolt+ssc://, neo4j://, neo4j+s://, neo4j+ssc://; nothing was written"),
])
def test_connection_failures_say_one_line_and_write_nothing(neo4j_empty, case: str, args: list[str],
                                                             env: dict[str, str], message: str) -> None:
    if neo4j_empty.password is None and "password" in case:
        pytest.skip("the test server has authentication disabled")  # never the case with scripts/neo4j-server
    r = _run(neo4j_empty, "load", str(MINI), *args, **env)
    assert r.exit_code == 1, (case, r.output)
    assert r.stdout == ""
    assert r.stderr == message.format(where=neo4j_empty.where, uri=neo4j_empty.uri) + "\n"
    assert "Traceback" not in r.output and SECRET not in r.output
    assert _counts(neo4j_empty) == {}


def test_invalid_facts_write_nothing(neo4j_empty, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in MINI.iterdir():
        (bad / f.name).write_text(f.read_text())
    (bad / "supports.yaml").write_text((MINI / "supports.yaml").read_text().replace("recipient: RUS",
                                                                                    "recipient: RUSS"))
    r = _run(neo4j_empty, "load", str(bad))
    assert r.exit_code == 1
    assert "unknown state 'RUSS' in recipient; did you mean Russia (RUS)" in r.stderr
    assert r.stderr.splitlines()[-1] == ("Error: 1 problem(s) in the facts; nothing was run (see `alliancegraph "
                                         "validate`)")
    assert _counts(neo4j_empty) == {}
    with Neo4jStore(neo4j_empty) as store:
        assert store.load_sets() == []


def test_a_real_process_prints_one_line_and_no_password(neo4j_empty) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({k: v for k, v in _env(neo4j_empty, NEO4J_PASSWORD=SECRET).items() if v is not None})
    p = subprocess.run([sys.executable, "-m", "alliancegraph", "load", str(MINI)], capture_output=True, text=True,
                       env=env, cwd=REPO, timeout=120)
    assert p.returncode == 1
    assert p.stdout == ""
    assert len(p.stderr.splitlines()) == 1 and p.stderr.startswith("Error: Neo4j at ")
    assert SECRET not in p.stderr


def test_analyses_from_neo4j_equal_those_from_the_files(neo4j_empty, tmp_path: Path) -> None:
    assert _run(neo4j_empty, "load", str(MINI)).exit_code == 0
    for args in (["clusters", "--as-of", "2025-06-01", "--json"],
                 ["clusters", "--as-of", "1955-01-01", "--method", "leiden", "--json"],
                 ["path", "PRK", "BLR", "--as-of", "2025-06-01", "-k", "2", "--json"],
                 ["path", "KOR", "JPN", "--as-of", "2025-06-01"],
                 ["path", "USA", "RUS", "--as-of", "2025-06-01"]):  # no path: the same error either way
        from_files = _run(neo4j_empty, *args, "--facts", str(MINI))
        from_neo4j = _run(neo4j_empty, *args, "--neo4j")
        assert from_neo4j.exit_code == from_files.exit_code == (1 if "USA" in args else 0), from_files.output
        assert from_neo4j.stdout == from_files.stdout, args
        assert from_neo4j.stderr == from_files.stderr, args
    for extra in ([], ["--property-graph"]):
        a, b = tmp_path / f"files{len(extra)}.json", tmp_path / f"neo4j{len(extra)}.json"
        assert _run(neo4j_empty, "export", "--as-of", "2025-06-01", "--format", "json", "-o", str(a), *extra,
                    "--facts", str(MINI)).exit_code == 0
        assert _run(neo4j_empty, "export", "--as-of", "2025-06-01", "--format", "json", "-o", str(b), *extra,
                    "--neo4j").exit_code == 0
        ja, jb = json.loads(a.read_text()), json.loads(b.read_text())
        key = lambda x: json.dumps(x, sort_keys=True)  # noqa: E731
        assert sorted(map(key, ja["nodes"])) == sorted(map(key, jb["nodes"]))
        assert sorted(map(key, ja["links"])) == sorted(map(key, jb["links"]))
    view = _run(neo4j_empty, "view", "--as-of", "2025-06-01", "-o", str(tmp_path / "v.html"), "--neo4j")
    assert view.exit_code == 0 and (tmp_path / "v.html").exists()


def test_neo4j_and_facts_exclude_each_other(neo4j_empty) -> None:
    r = _run(neo4j_empty, "clusters", "--neo4j", "--facts", str(MINI))
    assert r.exit_code == 1
    assert r.stderr == "Error: --facts (or --overlay) and --neo4j exclude each other: the graph comes from one place\n"


def test_reading_an_empty_database_says_so(neo4j_empty) -> None:
    r = _run(neo4j_empty, "path", "USA", "RUS", "--neo4j")
    assert r.exit_code == 1
    assert r.stderr == (f"Error: Neo4j at {neo4j_empty.where} holds no alliance graph (no load set): load one "
                        f"first with `alliancegraph load`\n")


def test_every_neo4j_option_has_help_text() -> None:
    for name in ("load", "clusters", "path", "view", "export"):
        cmd = main.commands[name]
        for p in cmd.params:
            if p.name in ("uri", "user", "password", "database", "neo4j", "load_set", "batch_size"):
                assert getattr(p, "help", None), (name, p.name)
    from alliancegraph.neo4j_store import DEFAULT_URI

    uri = next(p for p in main.commands["load"].params if p.name == "uri")
    assert f"Default: {DEFAULT_URI}." in uri.help


def test_load_takes_datasets_by_format_and_skips_bad_rows(neo4j_empty, tmp_path) -> None:
    """``load --dataset FORMAT FILE --skip-bad-rows``: a COW state list with one malformed row loads the
    good rows and reports the bad one (file, line and column)."""
    from click.testing import CliRunner

    from alliancegraph.cli import main
    from alliancegraph.neo4j_store import Neo4jStore

    f = tmp_path / "renamed.csv"
    f.write_text("stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
                 "USA,2,United States of America,1816,1,1,2016,12,31,2016\n"
                 "CAN,20,Canada,19x0,1,10,2016,12,31,2016\n"
                 "UKG,200,United Kingdom,1816,1,1,2016,12,31,2016\n", encoding="utf-8")
    env = {"NEO4J_URI": neo4j_empty.uri, "NEO4J_USERNAME": neo4j_empty.user,
           "NEO4J_PASSWORD": neo4j_empty.password, "NEO4J_DATABASE": neo4j_empty.database}
    r = CliRunner().invoke(main, ["load", "--dataset", "cow-states", str(f), "--skip-bad-rows"], env=env)
    assert r.exit_code == 0, r.output
    assert f"{f}:3" in r.output and "styear" in r.output and "skipped 1 malformed dataset row(s)" in r.output
    with Neo4jStore(neo4j_empty) as store:
        # two good rows: USA and GBR, and the dataset's own Source node
        assert store.counts()["State"] == 2
