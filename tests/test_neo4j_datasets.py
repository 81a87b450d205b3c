"""Every real dataset in ../shared/data, with the seed, loaded into the real Neo4j and read back.

The expected counts are those of the in-memory graph built from the same files (the tests of
test_importers_real.py check that graph against the files themselves); here Neo4j must hold exactly the
same, derived ties included, and give the same analyses.
"""

from __future__ import annotations

import datetime as dt

import pytest

from alliancegraph.analysis import alliance_clusters
from alliancegraph.neo4j_store import Neo4jStore
from alliancegraph.workspace import open_graph
from conftest import DATA, seed_dir

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def world_in_neo4j(neo4j_guarded):
    from conftest import wipe

    if not (DATA / "cow").is_dir() or not (DATA / "atop").is_dir():
        pytest.fail(f"the real datasets are missing: put them in {DATA} or set ALLIANCEGRAPH_SHARED_DATA")
    wipe(neo4j_guarded)
    g = open_graph([seed_dir(), DATA / "cow", DATA / "atop"])
    with Neo4jStore(neo4j_guarded) as store:
        first = store.load(g, "world", batch_size=10000)
        second = store.load(g, "world", batch_size=10000)
        counts = store.counts()
        back = store.read_graph("world")
    yield g, back, first, second, counts
    wipe(neo4j_guarded)


def test_all_datasets_load_into_neo4j_with_the_counts_of_the_in_memory_graph(world_in_neo4j) -> None:
    g, back, first, second, counts = world_in_neo4j
    ties = g.ties()
    expected = {**g.counts(), "ALLIED_WITH": sum(t.sign > 0 for t in ties), "HOSTILE_TO": sum(t.sign < 0 for t in ties)}
    assert counts == dict(sorted(expected.items()))
    # the datasets are all there: 216 COW states at least, 2436 MID disputes, 799 ATOP phases, 534 IGOs
    assert counts["State"] >= 216 and counts["Conflict"] >= 2436 and counts["Treaty"] >= 799 and counts["Bloc"] >= 534
    assert second.changes == 0


def test_the_world_read_back_from_neo4j_equals_the_files(world_in_neo4j) -> None:
    g, back, *_ = world_in_neo4j
    assert back.counts() == g.counts()
    for n, d in g.pg.nodes(data=True):
        assert back.pg.nodes[n] == d, n
    assert back.ties() == g.ties()


def test_cold_war_blocs_from_neo4j(world_in_neo4j) -> None:
    g, back, *_ = world_in_neo4j
    day = dt.date(1980, 6, 30)
    res = alliance_clusters(back, day)
    assert res == alliance_clusters(g, day)
    west, east = res.cluster_of("USA"), res.cluster_of("RUS")
    assert west != east
    assert {"USA", "GBR", "FRA", "DEU", "ITA", "CAN"} <= set(west.members)
    assert {"RUS", "POL", "DDR", "CSK", "HUN", "BGR"} <= set(east.members)
