"""Brokerage and centrality on the alliance network as of a date.

Owns: betweenness over paths of influence (:func:`betweenness`, igraph), the participation coefficient and
the brokers of a snapshot (:func:`brokerage`, :class:`StateCentrality`, :class:`Brokers`).

Must not know: how the allied projection and its costs are built (:meth:`AllianceGraph.allied`), how the
clusters are found (:func:`~alliancegraph.analysis.clusters.alliance_clusters` gives them), the views (whose
node sizes are :func:`alliancegraph.views.html.centrality`), the command line, Neo4j.

* Betweenness centrality (Freeman 1977, "A set of measures of centrality based on betweenness",
  Sociometry 40(1)) over shortest paths of influence (edge cost ``-ln strength``), normalised to [0, 1]
  (by the (n-1)(n-2)/2 pairs of the other states), computed with Brandes' algorithm as implemented by igraph
  (``igraph.Graph.betweenness``, in C: the values of ``networkx.betweenness_centrality(weight="cost",
  normalized=True)`` to 1e-16 on the seed and on seed + COW + ATOP, tested, 65 times faster on a 186-state
  snapshot; docs/performance.md).
* Participation coefficient (Guimerà and Amaral 2005, "Functional cartography of complex metabolic
  networks", Nature 433, 895-900, doi:10.1038/nature03288): ``P_i = 1 - sum_c (k_ic / k_i)^2`` with
  ``k_ic`` the clustering weight of i's ties into cluster c and ``k_i`` their total, over the network the
  clusters were found on (the clustering layers, multilateral pacts shared among their dyads: see
  :mod:`alliancegraph.analysis.clusters`); 0 for a state tied only within one cluster, approaching 1 when
  its ties spread evenly over many. A *broker* is a state whose participation coefficient is above
  :data:`BROKER_PARTICIPATION` (0.30), the least participation of Guimerà and Amaral's connector hubs (roles
  R6 and R7): its ties reach other clusters substantially, not by one weak tie (a member of a large bloc
  with one tie into another, P around 0.06, is not one).
  Betweenness uses every allied tie at its own strength, as influence paths do.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Iterable

import networkx as nx
from ..frames import DataFrame, frame

from ..graph import AllianceGraph, SnapshotLike
from .clusters import ClusterResult, alliance_clusters

__all__ = ["StateCentrality", "Brokers", "BROKER_COLUMNS", "BROKER_PARTICIPATION", "brokerage", "betweenness"]


BROKER_PARTICIPATION = 0.30
"""A state is a broker when its participation coefficient is above this (Guimerà and Amaral 2005: the
least participation of connector hubs)."""


def betweenness(g: nx.Graph, weight: str = "cost") -> dict[str, float]:
    """Freeman betweenness of every node of ``g`` over shortest paths by the edge attribute ``weight``,
    normalised to [0, 1] as ``networkx.betweenness_centrality(g, weight=weight, normalized=True)`` (each
    pair of other nodes once, divided by their number (n-1)(n-2)/2; 0 for every node of a graph of at
    most 2 nodes).

    Brandes' algorithm in igraph's C implementation (``igraph.Graph.betweenness``; Brandes 2001, "A faster
    algorithm for betweenness centrality", J. Math. Sociol. 25(2), doi:10.1080/0022250X.2001.9990249).
    Paths of equal length count alike whatever the order of the node ids, since the graph is built in sorted
    order. O(nm + n^2 log n).

    Parameters
    ----------
    g : networkx.Graph
        An undirected graph whose edges carry ``weight`` (a cost, > 0; default ``cost`` = ``-ln strength``
        of :meth:`AllianceGraph.allied`).
    weight : str
        The edge attribute that is the length of an edge.

    Returns
    -------
    dict
        ``{node: betweenness}``, each in [0, 1].

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> nx.set_edge_attributes(g, 1.0, "cost")
    >>> betweenness(g)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    import igraph as ig

    nodes = sorted(g.nodes)
    n = len(nodes)
    if n <= 2:
        return {v: 0.0 for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    edges = sorted((min(index[a], index[b]), max(index[a], index[b]), float(d[weight]))
                   for a, b, d in g.edges(data=True))
    h = ig.Graph(n=n, edges=[(a, b) for a, b, _ in edges])
    values = h.betweenness(weights=[w for *_, w in edges], directed=False) if edges else [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    return {v: values[i] * scale for i, v in enumerate(nodes)}


@dataclass(frozen=True)
class StateCentrality:
    """Centrality of one state: ``degree`` (number of allies), ``strength`` (sum of tie strengths),
    ``betweenness`` in [0, 1], its ``cluster`` label, ``participation`` in [0, 1) and the clusters it
    ties into (``bridges``, sorted labels).

    Examples
    --------
    >>> from alliancegraph import brokerage, open_graph
    >>> usa = brokerage(open_graph(), "2025-01-01")[0]
    >>> usa.state, usa.cluster_name, usa.bridge_names, usa.is_broker
    ('USA', 'United States and partners', ('NATO', 'United States and partners'), True)
    """

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
        """Participation above :data:`BROKER_PARTICIPATION` (so ties into two clusters or more)."""
        return self.participation > BROKER_PARTICIPATION

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "name": self.name, "degree": self.degree, "strength": self.strength,
                "betweenness": self.betweenness, "cluster": self.cluster, "cluster_name": self.cluster_name,
                "participation": self.participation, "bridges": list(self.bridges),
                "bridge_names": list(self.bridge_names), "broker": self.is_broker}


def brokerage(graph: AllianceGraph, at: SnapshotLike, clusters: ClusterResult | None = None
              ) -> Brokers:
    """Centrality and brokerage of every state with an allied tie in the snapshot ``at``.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`) whose allied projection is measured.
    clusters : ClusterResult, optional
        The clustering whose weights give the participation coefficient (see the module docstring);
        default :func:`alliance_clusters` of ``at`` (its layers and multilateral rule).

    Returns
    -------
    list of StateCentrality
        Sorted by betweenness (highest first), then by id.

    Raises
    ------
    DateError
        For an ``at`` that is not a date.
    InvalidArgumentError
        For a bad snapshot rule (layers, strengths, combination).

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> top = brokerage(open_graph(), dt.date(2025, 1, 1))[0]
    >>> top.state, top.is_broker
    ('USA', True)
    """
    if clusters is None:
        clusters = alliance_clusters(graph, at)
        g = clusters.projection
    else:
        g = clusters.projection if clusters.projection is not None else graph.allied(at)
    assert g is not None
    label = clusters.membership()
    names = {c.label: c.name for c in clusters.clusters}
    linked = [n for n in sorted(g.nodes) if g.degree(n) > 0]
    sub = g.subgraph(linked)
    between = betweenness(sub)
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
    return Brokers(out, clusters.as_of, clusters.layers, clusters.multilateral)


BROKER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("state", "str"), ("name", "str"), ("degree", "int"), ("strength", "float"), ("betweenness", "float"),
    ("cluster", "str"), ("cluster_name", "str"), ("participation", "float"), ("bridges", "ids"),
    ("bridge_names", "ids"), ("broker", "bool"))
"""The columns of :meth:`Brokers.to_pandas` (kinds of :mod:`alliancegraph.frames`): the keys of
:meth:`StateCentrality.to_dict`."""


class Brokers(list[StateCentrality]):
    """The list of :class:`StateCentrality` that :func:`brokerage` returns (by betweenness, highest first),
    which serialises itself; ``as_of`` is the snapshot's date, ``layers`` and ``multilateral`` the network
    the clusters (and so the participation) were found on. Iterating and indexing give the states as a
    plain list does.

    Examples
    --------
    >>> from alliancegraph import brokerage, open_graph
    >>> b = brokerage(open_graph(), "2025-01-01")
    >>> b.as_of.isoformat(), b[0].state, b[0].betweenness >= b[1].betweenness
    ('2025-01-01', 'USA', True)
    """

    def __init__(self, states: Iterable[StateCentrality] = (), as_of: _dt.date | None = None,
                 layers: Iterable[str] = (), multilateral: str | None = None):
        super().__init__(states)
        self.as_of = as_of
        self.layers = tuple(sorted(layers))
        self.multilateral = multilateral

    def top(self, n: int) -> Brokers:
        """The first ``n`` states (the highest betweenness), with this list's date and network."""
        return Brokers(self[:n], self.as_of, self.layers, self.multilateral)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, the document of ``alliancegraph brokers --json``: ``{"as_of": ISO date or None,
        "layers": [kind, ...], "multilateral": rule, "states": [state.to_dict(), ...]}``."""
        return {"as_of": self.as_of.isoformat() if self.as_of else None, "layers": list(self.layers),
                "multilateral": self.multilateral, "states": [s.to_dict() for s in self]}

    def to_pandas(self) -> DataFrame:
        """One row per state, in the order of the list: the keys of :meth:`StateCentrality.to_dict`, with
        ``bridges`` and ``bridge_names`` (the clusters it ties into) joined by ``';'`` (``''`` for none)
        and ``broker`` (participation above :data:`BROKER_PARTICIPATION`). Needs pandas.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> df = brokerage(open_graph(), dt.date(2025, 1, 1)).to_pandas()
        >>> df.state[0], bool(df.broker[0]), df.bridge_names[0].split(";")
        ('USA', True, ['NATO', 'United States and partners'])
        >>> df.dtypes
        state             string
        name              string
        degree             int64
        strength         float64
        betweenness      float64
        cluster           string
        cluster_name      string
        participation    float64
        bridges           string
        bridge_names      string
        broker              bool
        dtype: object
        """
        return frame([s.to_dict() for s in self], BROKER_COLUMNS)
