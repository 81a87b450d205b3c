"""Alliance clusters as of a date: community detection on the allied-tie projection.

Methods
-------
``louvain`` (default): Blondel, Guillaume, Lambiotte and Lefebvre (2008), "Fast unfolding of communities in
large networks", J. Stat. Mech. P10008, doi:10.1088/1742-5468/2008/10/P10008, as implemented by
``networkx.community.louvain_communities``.
``leiden``: Traag, Waltman and van Eck (2019), "From Louvain to Leiden: guaranteeing well-connected
communities", Sci. Rep. 9, 5233, doi:10.1038/s41598-019-41695-z, as implemented by ``leidenalg``
(modularity vertex partition).

Both maximise Newman's modularity (Newman 2006, PNAS 103(23), 8577) with tie ``strength`` as edge weight.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Mapping

import networkx as nx

from ..graph import AllianceGraph

__all__ = ["Cluster", "ClusterResult", "alliance_clusters", "METHODS"]

METHODS = ("louvain", "leiden")


@dataclass(frozen=True)
class Cluster:
    """One alliance cluster: ``label`` (``C1``, ``C2``... by size), its ``members`` (state ids, sorted),
    and its ``anchor``: the member with the largest strength-weighted degree inside the cluster."""

    label: str
    members: tuple[str, ...]
    anchor: str
    names: tuple[str, ...] = field(default=(), compare=False)

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class ClusterResult:
    """Alliance clusters as of a date.

    ``clusters`` are the communities with two or more states, largest first (ties broken by the first
    member id); ``unaligned`` the states with no allied tie on that date; ``modularity`` is Newman's
    weighted modularity of the whole partition (unaligned states as singletons, which do not change it),
    in [-1/2, 1).
    """

    as_of: _dt.date
    method: str
    seed: int
    resolution: float
    clusters: tuple[Cluster, ...]
    unaligned: tuple[str, ...]
    modularity: float

    def cluster_of(self, state_id: str) -> Cluster | None:
        """The cluster a state belongs to, or None if it is unaligned or unknown."""
        for c in self.clusters:
            if state_id in c.members:
                return c
        return None

    def membership(self) -> dict[str, str]:
        """``state id -> cluster label`` for every clustered state."""
        return {m: c.label for c in self.clusters for m in c.members}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "as_of": self.as_of.isoformat(), "method": self.method, "seed": self.seed,
            "resolution": self.resolution, "modularity": self.modularity,
            "clusters": [{"label": c.label, "anchor": c.anchor, "size": c.size, "members": list(c.members),
                          "names": list(c.names)} for c in self.clusters],
            "unaligned": list(self.unaligned),
        }


def _detect(g: nx.Graph, method: str, seed: int, resolution: float) -> list[set[str]]:
    if g.number_of_edges() == 0:
        return []
    if method == "louvain":
        return [set(c) for c in nx.community.louvain_communities(g, weight="strength", resolution=resolution,
                                                                  seed=seed)]
    if method == "leiden":
        import igraph as ig
        import leidenalg

        nodes = sorted(g.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        edges = sorted((min(index[a], index[b]), max(index[a], index[b]), d["strength"]) for a, b, d in g.edges(data=True))
        h = ig.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges])
        part = leidenalg.find_partition(h, leidenalg.RBConfigurationVertexPartition, weights=[w for _, _, w in edges],
                                        resolution_parameter=resolution, seed=seed)
        return [{nodes[i] for i in comm} for comm in part]
    raise ValueError(f"unknown clustering method {method!r} (one of {', '.join(METHODS)})")


def alliance_clusters(graph: AllianceGraph, as_of: _dt.date, method: str = "louvain", seed: int = 42,
                      resolution: float = 1.0, strengths: Mapping[str, float] | None = None,
                      combine: str = "noisy-or", min_confidence: str = "reported") -> ClusterResult:
    """Alliance clusters as of a date.

    Parameters
    ----------
    graph : AllianceGraph
    as_of : datetime.date
        The snapshot date.
    method : {'louvain', 'leiden'}
        The community detection method (see the module docstring for the papers).
    seed : int
        Random seed; with a fixed seed the result is the same whatever the order of the facts in the
        files, because the projection is built in sorted order.
    resolution : float
        Modularity resolution (1.0 = Newman's modularity; larger gives smaller clusters).
    strengths, combine, min_confidence
        Passed to :meth:`AllianceGraph.allied`.

    Returns
    -------
    ClusterResult

    Raises
    ------
    ValueError
        For an unknown method, combination rule or strength override.

    Notes
    -----
    Louvain and Leiden are heuristics: another seed may give another partition of similar modularity.
    """
    g = graph.allied(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence)
    linked = g.subgraph([n for n in g.nodes if g.degree(n) > 0]).copy()
    communities = _detect(linked, method, seed, resolution)
    unaligned = tuple(sorted(n for n in g.nodes if g.degree(n) == 0))
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    clusters = []
    for i, members in enumerate(ordered, start=1):
        sub = g.subgraph(members)
        anchor = max(members, key=lambda m: (sub.degree(m, weight="strength"), -members.index(m)))
        clusters.append(Cluster(f"C{i}", tuple(members), anchor, tuple(graph.state_name(m, as_of) for m in members)))
    partition = [set(c) for c in ordered] + [{n} for n in unaligned]
    modularity = nx.community.modularity(g, partition, weight="strength", resolution=resolution) if g.number_of_edges() else 0.0
    return ClusterResult(as_of, method, seed, resolution, tuple(clusters), unaligned, float(modularity))
