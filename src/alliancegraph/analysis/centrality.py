"""Brokerage and centrality on the alliance network as of a date.

* Betweenness centrality (Freeman 1977, "A set of measures of centrality based on betweenness",
  Sociometry 40(1)) over shortest paths of influence (edge cost ``-ln strength``), normalised to [0, 1],
  computed with Brandes' algorithm (``networkx.betweenness_centrality``).
* Participation coefficient (Guimerà and Amaral 2005, "Functional cartography of complex metabolic
  networks", Nature 433, 895-900, doi:10.1038/nature03288): ``P_i = 1 - sum_c (k_ic / k_i)^2`` with
  ``k_ic`` the clustering weight of i's ties into cluster c and ``k_i`` their total, over the network the
  clusters were found on (the clustering layers, multilateral pacts shared among their dyads: see
  :mod:`alliancegraph.analysis.clusters`); 0 for a state tied only within one cluster, approaching 1 when
  its ties spread evenly over many. A *broker* is a state with ties into at least two alliance clusters.
  Betweenness uses every allied tie at its own strength, as influence paths do.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import networkx as nx

from ..graph import DEFAULT_MULTILATERAL, AllianceGraph
from .clusters import ClusterResult, alliance_clusters

__all__ = ["StateCentrality", "brokerage"]


@dataclass(frozen=True)
class StateCentrality:
    """Centrality of one state: ``degree`` (number of allies), ``strength`` (sum of tie strengths),
    ``betweenness`` in [0, 1], its ``cluster`` label, ``participation`` in [0, 1) and the clusters it
    ties into (``bridges``, sorted labels)."""

    state: str
    name: str
    degree: int
    strength: float
    betweenness: float
    cluster: str | None
    participation: float
    bridges: tuple[str, ...]
    cluster_name: str | None = None
    """The name of ``cluster`` (:func:`~alliancegraph.analysis.clusters.name_groups`)."""
    bridge_names: tuple[str, ...] = ()
    """The names of ``bridges``, in the same order."""

    @property
    def is_broker(self) -> bool:
        return len(self.bridges) >= 2

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "name": self.name, "degree": self.degree, "strength": self.strength,
                "betweenness": self.betweenness, "cluster": self.cluster, "cluster_name": self.cluster_name,
                "participation": self.participation, "bridges": list(self.bridges),
                "bridge_names": list(self.bridge_names), "broker": self.is_broker}


def brokerage(graph: AllianceGraph, as_of: _dt.date, clusters: ClusterResult | None = None,
              strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
              min_confidence: str = "reported", layers: Iterable[str] | None = None,
              multilateral: str = DEFAULT_MULTILATERAL) -> list[StateCentrality]:
    """Centrality and brokerage of every state with an allied tie as of ``as_of``.

    Returns a list sorted by betweenness (highest first), then by id. ``clusters`` defaults to
    :func:`alliance_clusters` on the same snapshot with the same ``layers`` and ``multilateral`` rule;
    the participation coefficient is taken on that clustering's weights (see the module docstring).

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> top = brokerage(open_graph(), dt.date(2025, 1, 1))[0]
    >>> top.state, top.is_broker
    ('USA', True)
    """
    if clusters is None:
        clusters = alliance_clusters(graph, as_of, strengths=strengths, combine=combine,
                                     min_confidence=min_confidence, layers=layers, multilateral=multilateral)
        g = clusters.projection
    else:
        g = clusters.projection if clusters.projection is not None else graph.allied(
            as_of, strengths=strengths, combine=combine, min_confidence=min_confidence, layers=layers,
            multilateral=multilateral)
    assert g is not None
    label = clusters.membership()
    names = {c.label: c.name for c in clusters.clusters}
    linked = [n for n in sorted(g.nodes) if g.degree(n) > 0]
    sub = g.subgraph(linked)
    between = nx.betweenness_centrality(sub, weight="cost", normalized=True) if linked else {}
    out = []
    for n in linked:
        into: dict[str, float] = {}
        for m in sub[n]:
            c = label.get(m)
            w = sub[n][m].get("weight", 0.0)
            if c is not None and w > 0:
                into[c] = into.get(c, 0.0) + w
        k = sum(into.values())
        participation = 1.0 - sum((v / k) ** 2 for v in into.values()) if k else 0.0
        bridges = tuple(sorted(into))
        out.append(StateCentrality(n, g.nodes[n].get("name", n), sub.degree(n), sub.degree(n, weight="strength"),
                                   between.get(n, 0.0), label.get(n), participation, bridges,
                                   names.get(label.get(n, ""), None), tuple(names[b] for b in bridges)))
    out.sort(key=lambda s: (-s.betweenness, s.state))
    return out
