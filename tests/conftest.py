"""Shared test paths and the Neo4j fixtures.

Tests marked ``@pytest.mark.neo4j`` run against a real Neo4j server, never a mock:

* the server given by ``NEO4J_URI`` (with ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``), or
  else the local one that ``scripts/neo4j-server start`` brings up (idempotent; stopped again at the end of
  the session if this session started it, unless ``ALLIANCEGRAPH_KEEP_NEO4J=1``);
* in CI (``CI=true``) a Neo4j test is never skipped: an unreachable server FAILS the fixture, and a Neo4j
  test that skips anyway is reported as failed;
* the suite wipes the database between tests, and refuses to wipe one that holds data it did not create:
  it writes a marker node (label ``AlliancegraphTestMarker``) into the database it uses, and fails with a
  clear message if the database holds other nodes and no marker, unless ``ALLIANCEGRAPH_TEST_RESET=1``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

# the tests' paths, defined here once (test files import them: ``from conftest import DATA, SEED``)
REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
MINI = FIXTURES / "mini"
SEED = REPO / "src" / "alliancegraph" / "seed"
"""The curated seed, inside the package (read there through importlib.resources: workspace.default_facts_dir)."""
DATA = Path(os.environ.get("ALLIANCEGRAPH_SHARED_DATA") or REPO.parent / "shared" / "data")
"""The real datasets (COW, ATOP, MID, IGO, GML, wars): ``$ALLIANCEGRAPH_SHARED_DATA``, else ../shared/data."""
CYPHER = REPO / "cypher"
SERVER_SCRIPT = REPO / "scripts" / "neo4j-server"

IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
MARKER_LABEL = "AlliancegraphTestMarker"
"""Label of the node the suite writes into the database it uses (and only into such a database wipes)."""


# ---------------------------------------------------------------------------- CI: no skipped Neo4j test
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and item.get_closest_marker("neo4j") is not None:
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid}: a Neo4j test was skipped in CI (CI=true), which counts as a "
                           f"failure: {report.longrepr}")


def _unavailable(message: str) -> None:
    if IN_CI:
        pytest.fail(f"Neo4j is not available in CI: {message}", pytrace=False)
    pytest.skip(f"Neo4j is not available: {message}")


# ---------------------------------------------------------------------------- the server
def _script(*args: str, timeout: float = 900, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SERVER_SCRIPT), *args], capture_output=True, text=True, timeout=timeout,
                          cwd=REPO, env=env)


def _env_from_script(env: dict[str, str] | None = None) -> dict[str, str]:
    """The ``NEO4J_*`` variables that ``scripts/neo4j-server env`` prints (run with ``env``, else ours)."""
    out = _script("env", timeout=60, env=env).stdout
    found: dict[str, str] = {}
    for part in shlex.split(out):
        m = re.match(r"^(NEO4J_[A-Z]+)=(.*)$", part)
        if m:
            found[m.group(1)] = m.group(2)
    return found


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Any]:
    """:class:`~alliancegraph.neo4j_store.Neo4jSettings` of a reachable server (see the module docstring)."""
    from alliancegraph.neo4j_store import Neo4jSettings, Neo4jStore, Neo4jStoreError

    started_here = False
    if os.environ.get("NEO4J_URI"):
        settings = Neo4jSettings.from_env()
    else:
        if not SERVER_SCRIPT.exists():
            _unavailable(f"NEO4J_URI is not set and {SERVER_SCRIPT} does not exist")
        try:
            was_running = _script("status", timeout=60).returncode == 0
            started = _script("start")
        except (OSError, subprocess.TimeoutExpired) as e:
            _unavailable(f"scripts/neo4j-server start did not finish: {e}")
        if started.returncode != 0:
            last = (started.stderr.strip().splitlines() or [""])[-1]
            _unavailable(f"scripts/neo4j-server start failed (exit {started.returncode}): {last}")
        started_here = not was_running
        settings = Neo4jSettings.from_env(_env_from_script())
    try:
        with Neo4jStore(settings) as store:
            store.check()
    except Neo4jStoreError as e:
        _unavailable(str(e))
    yield settings
    if started_here and os.environ.get("ALLIANCEGRAPH_KEEP_NEO4J") != "1":
        _script("stop", timeout=120)


@pytest.fixture(scope="session")
def neo4j_guarded(neo4j_settings: Any) -> Any:
    """The settings, once the database is known to be the suite's own (marker written)."""
    from alliancegraph.neo4j_store import Neo4jStore

    with Neo4jStore(neo4j_settings) as store, store.driver.session(database=neo4j_settings.database) as s:
        marker = s.run(f"MATCH (m:{MARKER_LABEL}) RETURN count(m) AS n").single()["n"]
        others = s.run(f"MATCH (n) WHERE NOT n:{MARKER_LABEL} RETURN count(n) AS n").single()["n"]
        if others and not marker and os.environ.get("ALLIANCEGRAPH_TEST_RESET") != "1":
            pytest.fail(f"refusing to wipe Neo4j at {neo4j_settings.where}: it holds {others} nodes that the test "
                        f"suite did not create (no {MARKER_LABEL} node). Point NEO4J_URI/NEO4J_DATABASE at a "
                        f"database for tests, or set ALLIANCEGRAPH_TEST_RESET=1 to wipe it.", pytrace=False)
        if not marker:
            s.run(f"CREATE (:{MARKER_LABEL} {{created_by: 'alliancegraph test suite'}})").consume()
    return neo4j_settings


def wipe(settings: Any) -> None:
    """Delete every node but the suite's marker (only ever called on a guarded database), in transactions of
    10,000 nodes, so that a database holding the world and its analyses stays under the transaction memory cap."""
    from alliancegraph.neo4j_store import Neo4jStore

    with Neo4jStore(settings) as store, store.driver.session(database=settings.database) as s:
        s.run(f"MATCH (n) WHERE NOT n:{MARKER_LABEL} CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture
def neo4j_empty(neo4j_guarded: Any) -> Any:
    """Settings of a guarded database emptied for this test (the marker node stays)."""
    wipe(neo4j_guarded)
    return neo4j_guarded


@pytest.fixture
def store(neo4j_empty: Any) -> Iterator[Any]:
    """A :class:`~alliancegraph.neo4j_store.Neo4jStore` on an emptied database."""
    from alliancegraph.neo4j_store import Neo4jStore

    with Neo4jStore(neo4j_empty) as s:
        yield s


def seed_dir() -> Path:
    """The curated seed. It is package data now, always there: a missing seed fails the test (it used to
    fall back to the mini world, which hid a seed that had moved)."""
    assert (SEED / "states.yaml").is_file(), f"the curated seed is missing: {SEED}"
    return SEED


@pytest.fixture
def run() -> Any:
    """Invoke the ``alliancegraph`` CLI in-process: ``run("path", "RUS", "PRK", ...)`` -> click Result
    (exceptions not caught, so a traceback fails the test)."""
    from click.testing import CliRunner

    from alliancegraph.cli import main

    runner = CliRunner()

    def _run(*args: str) -> Any:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return _run
