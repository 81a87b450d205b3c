"""`alliancegraph load --bulk` against the real local server: the neo4j-admin CSV imported by
scripts/neo4j-server into the test server's own home (it is stopped, imported into and started again).

The database it leaves must be the one the ordinary loader leaves: the same graph read back, and the
bookkeeping that makes the next ordinary load of the same sources a load with no changes.
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from alliancegraph.cli import main
from alliancegraph.neo4j_store import Neo4jStore
from alliancegraph.workspace import open_graph
from conftest import MARKER_LABEL, MINI
from test_neo4j_store import _pg_equal

pytestmark = pytest.mark.neo4j


def _run(settings: Any, *args: str) -> Any:
    env = {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user, "NEO4J_PASSWORD": settings.password,
           "NEO4J_DATABASE": settings.database, "ALLIANCEGRAPH_FACTS": None}
    return CliRunner().invoke(main, list(args), env=env)


def _marker(settings: Any, present: bool) -> None:
    """Take away (an import replaces the whole database, and --bulk wants it empty) or put back the test
    suite's marker node of this guarded database."""
    with Neo4jStore(settings) as store:
        store._write(f"MATCH (m:{MARKER_LABEL}) DELETE m" if not present else
                     f"CREATE (:{MARKER_LABEL} {{created_by: 'alliancegraph test suite'}})", "test")


@pytest.fixture
def neo4j_bare(neo4j_empty: Any) -> Any:
    """The emptied test database without even the suite's marker; the marker is put back afterwards."""
    _marker(neo4j_empty, False)
    yield neo4j_empty
    with Neo4jStore(neo4j_empty) as store:
        store._write(f"MATCH (n) WHERE NOT n:{MARKER_LABEL} DETACH DELETE n", "test")
    _marker(neo4j_empty, True)


def test_bulk_load_of_the_seed_reads_back_equal_and_is_a_load_set(neo4j_bare) -> None:
    neo4j_empty = neo4j_bare
    first = _run(neo4j_empty, "load", "--bulk")
    assert first.exit_code == 0, first.output
    seed = open_graph()
    nodes, rels = seed.pg.number_of_nodes(), seed.pg.number_of_edges() + len(seed.ties())
    assert first.stdout.splitlines()[0].startswith(f"load set 'seed' in {neo4j_empty.where}: {nodes} nodes, "
                                                   f"{rels} relationships")
    with Neo4jStore(neo4j_empty) as store:
        [ls] = store.load_sets()
        assert (ls["name"], ls["status"], ls["nodes"], ls["relationships"]) == ("seed", "complete", nodes, rels)
        _pg_equal(store.read_graph("seed"), seed)
        # the constraints were made after the import: every MERGE key is unique again
        assert store.apply_schema() == 0
    # the ordinary loader finds exactly its own elements: nothing to write, nothing stale
    again = _run(neo4j_empty, "load", "--json")
    assert again.exit_code == 0, again.output
    assert '"changes": 0' in again.stdout and '"repaired": false' in again.stdout


def test_bulk_load_refuses_a_database_that_is_not_empty(neo4j_empty) -> None:
    assert _run(neo4j_empty, "load", str(MINI)).exit_code == 0  # 23 nodes, its LoadSet, the marker
    r = _run(neo4j_empty, "load", "--bulk")
    assert r.exit_code == 1
    assert r.stderr == (f"Error: --bulk loads only into an empty database: {neo4j_empty.where} holds 25 nodes; "
                        f"load without --bulk, or empty it first (scripts/neo4j-server wipe); nothing was written\n")


def test_bulk_load_refuses_a_remote_server(neo4j_settings) -> None:
    r = CliRunner().invoke(main, ["load", str(MINI), "--bulk", "--uri", "bolt://db.example.org:7687"],
                           env={"NEO4J_URI": None, "NEO4J_DATABASE": None})
    assert r.exit_code == 1
    assert r.stderr == ("Error: --bulk imports into the local server of scripts/neo4j-server only, not "
                        "bolt://db.example.org:7687 (default database): load without --bulk; nothing was written\n")
