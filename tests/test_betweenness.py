"""Betweenness by igraph gives networkx's values (the definition brokerage used before)."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from alliancegraph import open_graph
from alliancegraph.analysis.centrality import betweenness


@pytest.mark.parametrize("day", [dt.date(2025, 1, 1), dt.date(1980, 6, 30), dt.date(1962, 10, 1)])
def test_betweenness_is_networkx_betweenness_on_the_seed(day) -> None:
    a = open_graph().allied(day)
    sub = a.subgraph([n for n in a if a.degree(n) > 0])
    ours, theirs = betweenness(sub), nx.betweenness_centrality(sub, weight="cost", normalized=True)
    assert ours.keys() == theirs.keys()
    assert all(abs(ours[n] - theirs[n]) < 1e-12 for n in ours)


def test_betweenness_of_a_star_and_of_tiny_graphs() -> None:
    # a star of 4 leaves: the centre is on every one of the C(4, 2) = 6 leaf pairs' paths, normalised 6/6 = 1
    g = nx.star_graph(["c", "l1", "l2", "l3", "l4"])
    nx.set_edge_attributes(g, 0.1, "cost")
    assert betweenness(g) == {"c": 1.0, "l1": 0.0, "l2": 0.0, "l3": 0.0, "l4": 0.0}
    assert betweenness(nx.Graph()) == {}
    assert betweenness(nx.path_graph(["a", "b"])) == {"a": 0.0, "b": 0.0}
