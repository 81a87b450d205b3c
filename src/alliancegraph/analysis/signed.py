"""The signed network as of a date and signed clusters that keep allies together and enemies apart.

Owns: the signed network of a snapshot (:func:`signed_graph`: allied dyads positive, hostile dyads
negative) and signed clusters (:func:`signed_clusters`, :class:`SignedClusters`, leidenalg's multiplex
optimiser).

Must not know: how ties and their weights are aggregated (:meth:`AllianceGraph.allied`,
:meth:`AllianceGraph.dyads`), how a group is named (:func:`~alliancegraph.analysis.clusters.name_groups`),
balance measures on this network (:mod:`~alliancegraph.analysis.balance`), the timeline, the views, the
command line, Neo4j.

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
from typing import Any

import networkx as nx

from ..errors import InvalidArgumentError
from ..frames import DataFrame, frame
from ..graph import AllianceGraph, Snapshot, SnapshotLike
from .clusters import CLUSTER_COLUMNS, Cluster, cluster_rows

__all__ = ["signed_graph", "SignedClusters", "signed_clusters"]


def signed_graph(graph: AllianceGraph, at: SnapshotLike, min_level: int = 1) -> nx.Graph:
    """The signed dyadic network of the snapshot ``at`` (a date, or a period with ``until``).

    The same projection as :func:`~alliancegraph.analysis.clusters.alliance_clusters` clusters: positive
    edges are the allied dyads with a tie in the clustering ``layers`` (default defense and offense pacts),
    weighted by the clustering weight (a multilateral treaty's strength shared among its dyads, see
    :func:`~alliancegraph.graph.multilateral_share`); negative edges are the hostile dyads, each dispute
    sharing a weight of 1 among its dyads by the same rule (1 for a dispute between two states).

    Returns an undirected ``networkx.Graph`` over the states that have at least one such edge, built in
    sorted order, its nodes named as of the date (the end of a period). Edge attributes: ``sign`` (+1
    allied, -1 hostile), ``weight`` (the clustering weight, in (0, 1]), and ``strength`` and ``ties`` (the
    facts behind it: ``via``, ``kind``, ``via_label``, ``short_name``) on positive edges, ``level`` on
    negative ones. A dyad that is both allied and hostile at the same time (a dispute between allies, e.g.
    Greece and Turkey) is *negative*: the hostility is the newer and more specific fact. Hostile ties below
    ``min_level`` on the MID scale (1-5) are left out. The graph attributes ``layers`` and ``multilateral``
    name the layers and the rule, ``as_of`` the date the states are named as of (the end of a period).

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`): date or period, strengths, combination
        rule, confidence floor, the clustering layers of the positive edges and the multilateral rule.
    min_level : int
        The least MID hostility level (1-5) that makes a negative edge.

    Returns
    -------
    networkx.Graph

    Raises
    ------
    DateError, InvalidArgumentError
        For a date or a snapshot parameter that :class:`~alliancegraph.graph.Snapshot` refuses.

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> sg = signed_graph(open_graph(), dt.date(2025, 1, 1))
    >>> sg["RUS"]["UKR"]["sign"], sg["BLR"]["RUS"]["sign"]
    (-1, 1)
    >>> sg = signed_graph(open_graph(), Snapshot.year(2014, layers="all"))
    >>> sg.graph["layers"][:2], sg.nodes["RUS"]["name"]
    (('bloc', 'consultation'), 'Russia')
    """
    # the edge values of graph.allied() and graph.hostile(), without building those two graphs
    at = Snapshot.of(at)
    dv = graph.dyads(at)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for key, w in dv.weight.items():
        edges[key] = {"sign": 1, "weight": w, "strength": dv.strength[key],
                      "ties": [{"via": via, "kind": k, "via_label": lab, "short_name": graph.own_short_name(via)}
                               for via, (k, lab) in sorted(dv.facts[key].items())]}
    for key, level in dv.level.items():
        if level >= min_level:
            edges[key] = {"sign": -1, "weight": dv.hostile_weight[key], "level": level}
    when = at.last_day
    g = nx.Graph(layers=tuple(sorted(at.layers)), multilateral=at.multilateral, as_of=when)
    nodes = sorted({n for e in edges for n in e})
    for n in nodes:
        g.add_node(n, name=graph.state_name(n, when))
    for (a, b), d in sorted(edges.items()):
        g.add_edge(a, b, **d)
    return g


@dataclass(frozen=True)
class SignedClusters:
    """A partition of a signed network: ``clusters`` (sorted tuples of state ids, largest first) and the
    Traag-Bruggeman ``quality`` that Leiden maximised (positive-layer minus weighted negative-layer
    modularity, unnormalised, as leidenalg reports it).

    The clusters of two or more states are the signed *blocs*, labelled ``B1``, ``B2``... in that order
    (:meth:`blocs`, as the exports and the timeline label them); a state alone is in no bloc.

    Examples
    --------
    >>> from alliancegraph import open_graph, signed_clusters, signed_graph
    >>> sc = signed_clusters(signed_graph(open_graph(), "2025-01-01"))
    >>> sc.names[:2], "PRK" in sc.clusters[1], "POL" in sc.clusters[0]
    (('NATO', 'CSTO'), True, True)
    """

    clusters: tuple[tuple[str, ...], ...]
    quality: float
    resolution: float
    negative_weight: float
    seed: int
    names: tuple[str, ...] = ()
    """One name per cluster (:func:`~alliancegraph.analysis.clusters.name_groups`): the treaty or bloc that
    defines it, else its anchor state; a state alone is named after itself."""
    defined_by: tuple[str | None, ...] = ()
    """The id of the treaty or bloc each name comes from (None for a name after a state)."""
    anchors: tuple[str, ...] = ()
    """Each cluster's anchor: the member with the largest allied weight inside it."""
    shares: tuple[float, ...] = ()
    """Each cluster's share of members party to its ``defined_by`` (0 for a name after a state)."""
    member_names: tuple[tuple[str, ...], ...] = ()
    """The names of each cluster's members as of :attr:`as_of` (in the order of ``clusters``)."""
    as_of: _dt.date | None = None
    """The date the states are named as of (the signed graph's ``as_of``: the end of a period)."""

    def membership(self) -> dict[str, int]:
        """``state id -> cluster index`` (0 = largest cluster)."""
        return {m: i for i, c in enumerate(self.clusters) for m in c}

    def blocs(self) -> tuple[Cluster, ...]:
        """The clusters of two or more states as :class:`~alliancegraph.analysis.clusters.Cluster`,
        labelled ``B1``, ``B2``... (largest first), with their names, anchors and member names.

        Examples
        --------
        >>> sc = SignedClusters((("a", "b"), ("c",)), 0.5, 1.0, 1.0, 42, ("A", "c"), ("t1", None), ("a", "c"))
        >>> [(b.label, b.name, b.members, b.anchor) for b in sc.blocs()]
        [('B1', 'A', ('a', 'b'), 'a')]
        """
        def at(values: tuple[Any, ...], i: int, default: Any = None) -> Any:
            return values[i] if i < len(values) else default

        multi = [i for i, c in enumerate(self.clusters) if len(c) >= 2]
        return tuple(Cluster(f"B{rank}", self.clusters[i], at(self.anchors, i, self.clusters[i][0]),
                             at(self.member_names, i, ()), at(self.names, i, ""), at(self.defined_by, i),
                             at(self.shares, i, 0.0))
                     for rank, i in enumerate(multi, start=1))

    def unaligned(self) -> tuple[str, ...]:
        """The states alone (in no bloc), sorted."""
        return tuple(sorted(c[0] for c in self.clusters if len(c) == 1))

    def to_dict(self) -> dict[str, Any]:
        """The partition as plain JSON-ready values: ``clusters`` (lists of state ids), ``names``,
        ``quality``, ``defined_by``, ``anchors`` and the parameters ``resolution``, ``negative_weight`` and
        ``seed``.

        Examples
        --------
        >>> sc = SignedClusters((("a", "b"), ("c",)), 0.5, 1.0, 1.0, 42, ("A", "c"), ("t1", None), ("a", "c"))
        >>> d = sc.to_dict()
        >>> d["clusters"], d["names"], d["defined_by"]
        ([['a', 'b'], ['c']], ['A', 'c'], ['t1', None])
        """
        return {"clusters": [list(c) for c in self.clusters], "names": list(self.names), "quality": self.quality,
                "defined_by": list(self.defined_by), "anchors": list(self.anchors), "resolution": self.resolution,
                "negative_weight": self.negative_weight, "seed": self.seed}

    def rows(self, graph: AllianceGraph | None = None) -> list[dict[str, Any]]:
        """One dict per state with the columns of :data:`~alliancegraph.analysis.clusters.CLUSTER_COLUMNS`
        (:func:`~alliancegraph.analysis.clusters.cluster_rows`): the members of each bloc (:meth:`blocs`) in
        order, then the states alone. With ``graph``, each state's COW ``ccode`` as of :attr:`as_of`."""
        names = {m: n for c, ns in zip(self.clusters, self.member_names) for m, n in zip(c, ns)}
        when = self.as_of
        return cluster_rows(self.blocs(), self.unaligned(), lambda s: names.get(s, s),
                            None if graph is None or when is None else (lambda s: graph.state_codes(s, when)[0]))

    def to_pandas(self, graph: AllianceGraph | None = None) -> DataFrame:
        """One row per state, in the format of
        :meth:`ClusterResult.to_pandas <alliancegraph.analysis.clusters.ClusterResult.to_pandas>`
        (:data:`~alliancegraph.analysis.clusters.CLUSTER_COLUMNS`): ``state``, ``name``, ``ccode`` (with
        ``graph``), ``cluster`` (the bloc's label, ``B1`` for the largest), ``cluster_name``, ``defined_by``
        (the treaty or bloc the name comes from), ``anchor`` (its id) and ``anchor_name``, ``size`` and
        ``share`` of its bloc; a state alone has ``<NA>`` bloc columns; ``stability`` and ``unstable`` are
        missing (signed clusters are not rerun). Needs pandas.

        Examples
        --------
        >>> sc = SignedClusters((("a", "b"), ("c",)), 0.5, 1.0, 1.0, 42, ("A", "c"), ("t1", None), ("a", "c"))
        >>> sc.to_pandas()[["state", "cluster", "cluster_name", "defined_by", "anchor", "size"]].values.tolist()
        [['a', 'B1', 'A', 't1', 'a', 2], ['b', 'B1', 'A', 't1', 'a', 2], ['c', <NA>, <NA>, <NA>, <NA>, <NA>]]
        >>> from alliancegraph import alliance_clusters, open_graph
        >>> list(sc.to_pandas().columns) == list(alliance_clusters(open_graph(), "2025-01-01").to_pandas().columns)
        True
        """
        return frame(self.rows(graph), CLUSTER_COLUMNS)


def _allied_cores(g: nx.Graph, groups: list[list[str]]) -> list[list[str]]:
    """Each group cut to the states with an allied tie to another member, repeatedly; the others alone.

    Signed modularity places a state that has only hostile ties in whatever group holds none of its
    enemies; such a state is no member of an alliance bloc and is reported on its own (unaligned)."""
    out: list[list[str]] = []
    for group in groups:
        members = set(group)
        while True:
            loose = {n for n in members
                     if not any(g[n][m].get("sign", 1) > 0 for m in g[n] if m in members and m != n)}
            if not loose or len(members) < 2:
                break
            members -= loose
            out.extend([n] for n in sorted(loose))
        if members:
            out.append(sorted(members))
    return out


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
        A state that Leiden places in a group to which it has no allied tie (a state with hostile ties
        only, kept apart from its enemies) is reported alone: a bloc holds states tied by alliances. The
        ``quality`` is then that of the reported partition.

    Raises
    ------
    InvalidArgumentError
        If ``negative_weight`` is negative.

    Examples
    --------
    Two allied pairs hostile to each other are two clusters:

    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edges_from([("a", "b"), ("c", "d")], sign=1, weight=1.0)
    >>> g.add_edges_from([("a", "c"), ("b", "d")], sign=-1, weight=1.0)
    >>> signed_clusters(g).clusters
    (('a', 'b'), ('c', 'd'))
    """
    import igraph as ig
    import leidenalg as la

    if negative_weight < 0:
        raise InvalidArgumentError("negative_weight must be >= 0")
    from .clusters import _check_resolution

    _check_resolution(resolution)
    nodes = sorted(g.nodes)
    if not nodes:
        return SignedClusters((), 0.0, resolution, negative_weight, seed, as_of=g.graph.get("as_of"))
    index = {n: i for i, n in enumerate(nodes)}
    pos: list[tuple[int, int, float]] = []
    neg: list[tuple[int, int, float]] = []
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
    allied = _allied_cores(g, list(groups.values()))
    if sorted(map(sorted, allied)) != sorted(map(sorted, groups.values())):
        # quality of the reported partition, in the same terms as Leiden's
        membership = {n: i for i, c in enumerate(allied) for n in c}
        fixed = [la.RBConfigurationVertexPartition(h, weights="weight", resolution_parameter=resolution,
                                                   initial_membership=[membership[n] for n in nodes])
                 for h in layers]
        quality = fixed[0].quality() - negative_weight * fixed[1].quality()
    clusters = tuple(sorted((tuple(sorted(m)) for m in allied), key=lambda c: (-len(c), c[0])))
    from .clusters import name_groups

    multi = [c for c in clusters if len(c) >= 2]
    named = iter(name_groups(multi, g, g.graph.get("layers")))
    pairs = [next(named) if len(c) >= 2 else (g.nodes[c[0]].get("name", c[0]), None, 1.0, c[0]) for c in clusters]
    return SignedClusters(clusters, float(quality), resolution, negative_weight, seed,
                          tuple(p[0] for p in pairs), tuple(p[1] for p in pairs), tuple(p[3] for p in pairs),
                          tuple(p[2] for p in pairs), tuple(tuple(g.nodes[m].get("name", m) for m in c) for c in clusters),
                          g.graph.get("as_of"))
