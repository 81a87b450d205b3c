"""The signed network as of a date and signed clusters that keep allies together and enemies apart.

Signed clusters follow Traag and Bruggeman (2009), "Community detection in networks with positive and
negative links", Phys. Rev. E 80, 036115, doi:10.1103/PhysRevE.80.036115: the partition maximises the
modularity of the positive layer minus ``negative_weight`` times the modularity of the negative layer,
optimised with the Leiden algorithm (Traag, Waltman and van Eck 2019, Sci. Rep. 9, 5233) through
``leidenalg.Optimiser.optimise_partition_multiplex`` with layer weights ``[1, -negative_weight]`` (the
method of leidenalg's documentation, "Negative links").
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

import networkx as nx

from ..graph import AllianceGraph

__all__ = ["signed_graph", "SignedClusters", "signed_clusters"]


def signed_graph(graph: AllianceGraph, day: _dt.date, until: _dt.date | None = None,
                 strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
                 min_confidence: str = "reported", min_level: int = 1) -> nx.Graph:
    """The signed dyadic network as of ``day`` (or over the period ``day``..``until``).

    Returns an undirected ``networkx.Graph`` over the states that have at least one tie, built in sorted
    order. Edge attributes: ``sign`` (+1 allied, -1 hostile) and ``weight`` (the allied strength in (0, 1]
    for a positive edge; 1.0 for a negative edge). A dyad that is both allied and hostile at the same time
    (a dispute between allies, e.g. Greece and Turkey) is *negative*: the hostility is the newer and more
    specific fact. Hostile ties below ``min_level`` on the MID scale (1-5) are left out.
    """
    # the edge values of graph.allied() and graph.hostile(), without building those two graphs
    allied, hostile = graph.dyads(day, strengths=strengths, combine=combine, min_confidence=min_confidence,
                                  until=until)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for (a, b), strength in allied.items():
        edges[(a, b) if a < b else (b, a)] = {"sign": 1, "weight": strength}
    for (a, b), level in hostile.items():
        if level >= min_level:
            edges[(a, b) if a < b else (b, a)] = {"sign": -1, "weight": 1.0, "level": level}
    g = nx.Graph()
    nodes = sorted({n for e in edges for n in e})
    for n in nodes:
        g.add_node(n, name=graph.state_name(n, until or day))
    for (a, b), d in sorted(edges.items()):
        g.add_edge(a, b, **d)
    return g


@dataclass(frozen=True)
class SignedClusters:
    """A partition of a signed network: ``clusters`` (sorted tuples of state ids, largest first) and the
    Traag-Bruggeman ``quality`` that Leiden maximised (positive-layer minus weighted negative-layer
    modularity, unnormalised, as leidenalg reports it)."""

    clusters: tuple[tuple[str, ...], ...]
    quality: float
    resolution: float
    negative_weight: float
    seed: int

    def membership(self) -> dict[str, int]:
        """``state id -> cluster index`` (0 = largest cluster)."""
        return {m: i for i, c in enumerate(self.clusters) for m in c}


def signed_clusters(g: nx.Graph, resolution: float = 1.0, negative_weight: float = 1.0, seed: int = 42,
                    n_iterations: int = -1) -> SignedClusters:
    """Signed community detection (Traag and Bruggeman 2009) with Leiden.

    Parameters
    ----------
    g : networkx.Graph
        A signed graph as from :func:`signed_graph` (edge attributes ``sign`` and ``weight``).
    resolution : float
        Resolution of the configuration null model in both layers (default 1.0, plain modularity).
    negative_weight : float
        Weight of the negative layer, lambda >= 0 (default 1.0: enemies apart count as much as allies
        together; 0 ignores hostilities).
    seed : int
        Random seed; with the graph built in sorted order the result is deterministic.
    n_iterations : int
        Leiden iterations; -1 (default) iterates until no improvement.

    Returns
    -------
    SignedClusters

    Raises
    ------
    ValueError
        If ``negative_weight`` is negative.
    """
    import igraph as ig
    import leidenalg as la

    if negative_weight < 0:
        raise ValueError("negative_weight must be >= 0")
    nodes = sorted(g.nodes)
    if not nodes:
        return SignedClusters((), 0.0, resolution, negative_weight, seed)
    index = {n: i for i, n in enumerate(nodes)}
    pos, neg = [], []
    for a, b, d in sorted(g.edges(data=True), key=lambda e: tuple(sorted(e[:2]))):
        i, j = sorted((index[a], index[b]))
        (pos if d["sign"] > 0 else neg).append((i, j, float(d.get("weight", 1.0))))
    layers = []
    for edges in (pos, neg):
        h = ig.Graph(n=len(nodes), edges=[(i, j) for i, j, _ in edges])
        h.es["weight"] = [w for _, _, w in edges]
        layers.append(h)
    parts = [la.RBConfigurationVertexPartition(h, weights="weight", resolution_parameter=resolution)
             for h in layers]
    opt = la.Optimiser()
    opt.set_rng_seed(seed)
    quality = opt.optimise_partition_multiplex(parts, layer_weights=[1.0, -negative_weight],
                                               n_iterations=n_iterations)
    groups: dict[int, list[str]] = {}
    for n, c in zip(nodes, parts[0].membership):
        groups.setdefault(c, []).append(n)
    clusters = tuple(sorted((tuple(sorted(m)) for m in groups.values()), key=lambda c: (-len(c), c[0])))
    return SignedClusters(clusters, float(quality), resolution, negative_weight, seed)
