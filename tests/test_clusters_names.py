"""A clustering result names states as the graph does (AllianceGraph.resolve_state): by id, ISO3, COW
abbreviation, ccode or name in any case; an unknown name is an UnknownStateError with close matches, and a
NotInClusteringError is only a real state that is not in the snapshot clustered."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancegraph import (
    NotInClusteringError,
    UnknownStateError,
    alliance_clusters,
    open_graph,
)


@pytest.fixture(scope="module")
def g():
    return open_graph()


@pytest.fixture(scope="module")
def res(g):
    return alliance_clusters(g, dt.date(2025, 1, 1))


# Japan: ISO3 JPN, COW abbreviation JPN, ccode 740; Germany: COW GMY, ccode 255 (the seed's states.yaml)
@pytest.mark.parametrize("name", ["JPN", "jpn", "Japan", "JAPAN", "740", 740, " japan "])
def test_explain_and_cluster_of_take_every_name_of_japan(res, name):
    assert res.explain(name) == res.explain("JPN")
    assert res.cluster_of(name) == res.cluster_of("JPN") is not None
    assert "USA" in res.cluster_of(name).members


@pytest.mark.parametrize("name", ["Germany", "germany", "GMY", "255", "deu"])
def test_cluster_of_germany_is_nato(res, name):
    assert res.cluster_of(name).defined_by == "nato"


def test_an_unknown_name_is_an_unknown_state_with_suggestions(res, g):
    with pytest.raises(UnknownStateError) as graph_says:
        g.resolve_state("Japon")
    for call in (res.explain, res.cluster_of):
        with pytest.raises(UnknownStateError) as e:
            call("Japon")
        assert not isinstance(e.value, NotInClusteringError)
        assert str(e.value) == str(graph_says.value) and e.value.suggestions == graph_says.value.suggestions
        assert "Japan (JPN)" in e.value.suggestions


def test_a_real_state_outside_the_snapshot_is_not_in_the_clustering(g):
    # Ukraine enters the state system in 1991: a state of the graph, not of the snapshot of 1950
    old = alliance_clusters(g, dt.date(1950, 1, 1))
    assert "UKR" not in old.projection and g.resolve_state("Ukraine") == "UKR"
    with pytest.raises(NotInClusteringError, match=r"^'Ukraine' \(UKR\) is not in the snapshot clustered \(1950-01-01\)$"):
        old.explain("Ukraine")
    assert old.cluster_of("Ukraine") is None


def test_an_unaligned_state_named_is_unaligned(res):
    # Ukraine in 2025: in the system, no defense or offense pact
    assert "UKR" in res.unaligned
    assert res.cluster_of("ukraine") is None and res.explain("Ukraine").cluster is None
