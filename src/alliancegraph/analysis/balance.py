"""Structural balance of a signed network: the signed triad census and frustration.

Owns: the signed triad census (:func:`triad_census`, :class:`TriadCensus`), the frustration of a given
partition (:func:`frustration`) and the exact frustration index with its binary linear program
(:func:`frustration_index`, :class:`FrustrationIndex`, :class:`SolverError`).

Must not know: how the signed network is built (an AllianceGraph snapshot is turned into one by
:func:`~alliancegraph.analysis.signed.signed_graph`) or how its clusters are found
(:mod:`~alliancegraph.analysis.signed`); the timeline that calls it year by year; views, the command line,
Neo4j.

Structural balance (Heider 1946; Cartwright and Harary 1956, "Structural balance: a generalization of
Heider's theory", Psychological Review 63(5)): a triangle is balanced when the product of its signs is
positive (``+++`` and ``+--``) and unbalanced otherwise (``++-`` and ``---``).

The *frustration* of a partition counts the negative ties inside its clusters plus the positive ties
between them. The *frustration index* (line index of balance) is the least frustration over all
partitions into two groups: the fewest ties whose removal makes the network balanced. It is computed
exactly by binary linear programming in the formulation of Aref and Wilson (2019), "Balance and
frustration in signed networks", Journal of Complex Networks 7(2), 163-189, doi:10.1093/comnet/cny015,
solved with HiGHS through ``scipy.optimize.milp``; when the time limit stops the solver first, the result
says so and gives the best partition found (an upper bound) and the solver's lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

import networkx as nx
import numpy as np

from ..errors import AllianceGraphError, InvalidArgumentError
from ..graph import AllianceGraph, Snapshot, SnapshotLike

if TYPE_CHECKING:  # pragma: no cover
    from .signed import SignedClusters

__all__ = ["TriadCensus", "triad_census", "frustration", "FrustrationIndex", "frustration_index", "SolverError",
           "StructuralBalance", "structural_balance"]


class SolverError(AllianceGraphError, RuntimeError):
    """The solver of the frustration index stopped without any partition (e.g. a time limit too short to
    find a first one); a ``RuntimeError`` as well.

    Examples
    --------
    >>> from alliancegraph import AllianceGraphError, SolverError
    >>> issubclass(SolverError, AllianceGraphError), issubclass(SolverError, RuntimeError)
    (True, True)
    """


@dataclass(frozen=True)
class TriadCensus:
    """Counts of closed signed triads by their signs. ``balanced_share`` = (+++ and +--) / all triads,
    or None when there is no closed triad.

    Examples
    --------
    A triangle of one alliance and two hostilities (``+--``: the enemy of my enemy) is balanced:

    >>> import networkx as nx
    >>> from alliancegraph import triad_census
    >>> t = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1})])
    >>> tc = triad_census(t)
    >>> tc.pnn, tc.ppn, tc.balanced_share
    (1, 0, 1.0)
    """

    ppp: int
    ppn: int
    pnn: int
    nnn: int

    @property
    def total(self) -> int:
        return self.ppp + self.ppn + self.pnn + self.nnn

    @property
    def balanced(self) -> int:
        return self.ppp + self.pnn

    @property
    def balanced_share(self) -> float | None:
        return self.balanced / self.total if self.total else None

    def to_dict(self) -> dict[str, float | int | None]:
        return {"+++": self.ppp, "++-": self.ppn, "+--": self.pnn, "---": self.nnn, "total": self.total,
                "balanced_share": self.balanced_share}


def _signed(g: nx.Graph | AllianceGraph, at: SnapshotLike | None) -> nx.Graph:
    """The signed network the balance functions read: ``g`` itself (a signed ``networkx.Graph``), or the
    :func:`~alliancegraph.analysis.signed.signed_graph` of the AllianceGraph ``g`` in the snapshot ``at``."""
    if isinstance(g, AllianceGraph):
        if at is None:
            raise InvalidArgumentError("balance on an AllianceGraph needs a snapshot: give at (a Snapshot or a date)")
        from .signed import signed_graph

        return signed_graph(g, at)
    if at is not None:
        raise InvalidArgumentError("at is for an AllianceGraph; a signed networkx graph is already one snapshot")
    return g


def triad_census(g: nx.Graph | AllianceGraph, at: SnapshotLike | None = None) -> TriadCensus:
    """The signed triad census of the closed triads (triangles) of a signed network.

    Each triangle is counted once. Complexity O(sum of degree^2).

    Parameters
    ----------
    g : networkx.Graph or AllianceGraph
        A signed graph (edge attribute ``sign``, +1/-1, as
        :func:`~alliancegraph.analysis.signed.signed_graph` gives), or an AllianceGraph whose signed graph
        in the snapshot ``at`` is read.
    at : Snapshot, datetime.date or str, optional
        The snapshot (:class:`~alliancegraph.graph.Snapshot`); only, and always, with an AllianceGraph.

    Returns
    -------
    TriadCensus

    Raises
    ------
    KeyError
        If an edge of a networkx graph lacks ``sign``.
    InvalidArgumentError
        For an AllianceGraph without ``at``, or ``at`` with a networkx graph.

    Examples
    --------
    >>> import networkx as nx
    >>> from alliancegraph import open_graph, signed_graph
    >>> t = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1})])
    >>> triad_census(t).to_dict()["+--"]
    1
    >>> g = open_graph()
    >>> triad_census(g, "2025-01-01") == triad_census(signed_graph(g, "2025-01-01"))
    True
    """
    g = _signed(g, at)
    counts = [0, 0, 0, 0]  # by number of negative edges
    order = {n: i for i, n in enumerate(sorted(g.nodes))}
    adj = dict(g.adjacency())  # node -> {neighbour: edge attributes}
    # each triangle once, from its first node u in sorted order: v and w later neighbours of u, w of v too
    later = {u: {v for v in nbrs if order[v] > order[u]} for u, nbrs in adj.items()}
    for u, lu in later.items():
        for v in lu:
            for w in lu & later[v]:
                neg = (adj[u][v]["sign"] < 0) + (adj[u][w]["sign"] < 0) + (adj[v][w]["sign"] < 0)
                counts[neg] += 1
    return TriadCensus(*counts)


def frustration(g: nx.Graph | AllianceGraph, partition: Iterable[Iterable[str]], weight: str | None = None,
                at: SnapshotLike | None = None) -> float:
    """The frustration of a partition: negative ties inside clusters plus positive ties between clusters.

    Parameters
    ----------
    g : networkx.Graph or AllianceGraph
        A signed graph (edge attribute ``sign``), or an AllianceGraph read in the snapshot ``at``
        (:func:`triad_census`).
    partition : iterable of iterables of str
        Groups of nodes; nodes of the signed graph in no group count as singletons.
    weight : str, optional
        An edge attribute: frustrated ties count by that weight, else each counts 1.
    at : Snapshot, datetime.date or str, optional
        The snapshot; only, and always, with an AllianceGraph.

    Returns
    -------
    float
        The (weighted) number of frustrated ties, >= 0.

    Raises
    ------
    InvalidArgumentError
        As :func:`triad_census`.

    Examples
    --------
    >>> import networkx as nx
    >>> t = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": 1})])
    >>> frustration(t, [["a", "b"], ["c"]]), frustration(t, [["a", "b", "c"]])
    (1.0, 1.0)
    """
    g = _signed(g, at)
    cluster = {}
    for i, group in enumerate(partition):
        for n in group:
            cluster[n] = i
    total = 0.0
    for a, b, d in g.edges(data=True):
        same = cluster.get(a, ("solo", a)) == cluster.get(b, ("solo", b))
        if (d["sign"] < 0 and same) or (d["sign"] > 0 and not same):
            total += d.get(weight, 1.0) if weight else 1.0
    return total


@dataclass(frozen=True)
class FrustrationIndex:
    """The frustration index of a signed network.

    ``value``: the frustration of the best two-group ``partition`` found; ``lower_bound``: the solver's
    proof that no partition does better; ``exact``: True when the two are equal (solved to optimality);
    ``normalized``: ``value / (m / 2)``, the frustration relative to its upper bound for a graph of ``m``
    edges (Aref and Wilson 2019, section 5), in [0, 1], or None for a graph without edges.

    Examples
    --------
    One hostile tie between two allies of a third state: removing one tie balances the triangle, and
    ``normalized`` is 1 / (3 / 2):

    >>> import networkx as nx
    >>> from alliancegraph import frustration_index
    >>> t = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": 1})])
    >>> fi = frustration_index(t)
    >>> fi.value, fi.lower_bound, fi.exact, round(fi.normalized, 4)
    (1.0, 1.0, True, 0.6667)
    """

    value: float
    lower_bound: float
    exact: bool
    partition: tuple[tuple[str, ...], tuple[str, ...]]
    edges: int
    method: str = "binary linear program (Aref and Wilson 2019), HiGHS via scipy.optimize.milp"

    @property
    def normalized(self) -> float | None:
        return self.value / (self.edges / 2) if self.edges else None

    def statement(self) -> str:
        """One line saying whether the value is exact or a bound."""
        if self.exact:
            return f"frustration index {self.value:g} (exact: proved optimal)"
        return (f"frustration index at most {self.value:g} and at least {self.lower_bound:g} "
                f"(heuristic bound: the solver stopped at its time limit)")

    def to_dict(self) -> dict[str, Any]:
        """The index as plain JSON-ready values: ``value``, ``lower_bound``, ``exact``, ``normalized``,
        ``partition`` (two lists of state ids) and ``method``.

        Examples
        --------
        >>> fi = FrustrationIndex(1.0, 1.0, True, (("a", "b"), ("c",)), 4)
        >>> d = fi.to_dict()
        >>> d["normalized"], d["partition"], d["exact"]
        (0.5, [['a', 'b'], ['c']], True)
        """
        return {"value": self.value, "lower_bound": self.lower_bound, "exact": self.exact,
                "normalized": self.normalized, "partition": [list(p) for p in self.partition],
                "method": self.method}


def frustration_index(g: nx.Graph | AllianceGraph, weight: str | None = None, time_limit: float = 30.0,
                      at: SnapshotLike | None = None) -> FrustrationIndex:
    """The frustration index (line index of balance) of a signed graph, exactly where the time allows.

    Parameters
    ----------
    g : networkx.Graph or AllianceGraph
        Signed graph with edge attribute ``sign`` (+1/-1), or an AllianceGraph read in the snapshot ``at``
        (:func:`triad_census`).
    weight : str, optional
        Edge attribute to weigh frustrated ties by; unweighted (each tie 1) by default.
    time_limit : float
        Seconds for the solver; if it stops first the result is a bound (``exact`` False).
    at : Snapshot, datetime.date or str, optional
        The snapshot; only, and always, with an AllianceGraph.

    Returns
    -------
    FrustrationIndex

    Raises
    ------
    SolverError
        When the solver stops without any partition.
    InvalidArgumentError
        As :func:`triad_census`.

    Notes
    -----
    Variables: ``x_i`` in {0, 1} (the group of node i) and ``f_ij`` in [0, 1] (tie ij frustrated).
    A positive tie: ``f_ij >= x_i - x_j`` and ``f_ij >= x_j - x_i``; a negative tie:
    ``f_ij >= x_i + x_j - 1`` and ``f_ij >= 1 - x_i - x_j``; minimise the (weighted) sum of ``f``. The node
    of highest degree is fixed to group 1 to break the symmetry (Aref and Wilson 2019, model "AND"
    simplified to the XOR constraints).

    Examples
    --------
    >>> import networkx as nx
    >>> t = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": 1})])
    >>> fi = frustration_index(t)
    >>> fi.value, fi.exact
    (1.0, True)
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    g = _signed(g, at)

    nodes = sorted(g.nodes)
    edges = sorted((tuple(sorted((a, b))) + (d,) for a, b, d in g.edges(data=True)), key=lambda e: e[:2])
    n, m = len(nodes), len(edges)
    if m == 0:
        return FrustrationIndex(0.0, 0.0, True, (tuple(nodes), ()), 0)
    index = {v: i for i, v in enumerate(nodes)}
    c = np.concatenate([np.zeros(n), np.array([float(e[2].get(weight, 1.0)) if weight else 1.0 for e in edges])])
    A = lil_matrix((2 * m, n + m))
    lo = np.zeros(2 * m)
    for k, (a, b, d) in enumerate(edges):
        i, j, f = index[a], index[b], n + k
        if d["sign"] > 0:
            A[2 * k, f], A[2 * k, i], A[2 * k, j] = 1, -1, 1      # f - x_i + x_j >= 0
            A[2 * k + 1, f], A[2 * k + 1, i], A[2 * k + 1, j] = 1, 1, -1
        else:
            A[2 * k, f], A[2 * k, i], A[2 * k, j] = 1, -1, -1     # f - x_i - x_j >= -1
            lo[2 * k] = -1
            A[2 * k + 1, f], A[2 * k + 1, i], A[2 * k + 1, j] = 1, 1, 1  # f + x_i + x_j >= 1
            lo[2 * k + 1] = 1
    lb, ub = np.zeros(n + m), np.ones(n + m)
    anchor = index[max(nodes, key=lambda v: (g.degree(v), -index[v]))]
    lb[anchor] = 1
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    res = milp(c, constraints=LinearConstraint(A.tocsr(), lo, np.inf), integrality=integrality,
               bounds=Bounds(lb, ub), options={"time_limit": float(time_limit), "disp": False})
    if res.x is None:
        raise SolverError(f"the solver found no partition within {time_limit} s: {res.message}")
    x = np.round(res.x[:n]).astype(int)
    groups = (tuple(v for v in nodes if x[index[v]] == 1), tuple(v for v in nodes if x[index[v]] == 0))
    value = frustration(g, groups, weight)
    dual = getattr(res, "mip_dual_bound", None)
    lower = float(dual) if dual is not None and np.isfinite(dual) else (value if res.status == 0 else 0.0)
    exact = res.status == 0
    if exact:
        lower = value
    return FrustrationIndex(value, min(lower, value), exact, groups, m)


@dataclass(frozen=True)
class StructuralBalance:
    """Signed clusters and structural balance of one snapshot (:func:`structural_balance`): the snapshot
    ``at``, its signed graph ``signed``, the signed ``clusters``, the signed ``triads`` census, the
    ``partition_frustration`` of the clusters and the two-group ``frustration_index``."""

    at: Snapshot
    signed: nx.Graph
    clusters: SignedClusters
    triads: TriadCensus
    partition_frustration: float
    frustration_index: FrustrationIndex

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, the document of ``alliancegraph balance --json``: ``as_of``, ``until`` (ISO dates or
        None), ``layers``, ``multilateral``, the keys of :meth:`SignedClusters.to_dict`, ``triads``
        (:meth:`TriadCensus.to_dict`), ``partition_frustration`` and ``frustration_index``
        (:meth:`FrustrationIndex.to_dict`)."""
        return {"as_of": self.at.as_of.isoformat(), "until": self.at.until.isoformat() if self.at.until else None,
                "layers": list(self.signed.graph["layers"]), "multilateral": self.at.multilateral,
                **self.clusters.to_dict(), "triads": self.triads.to_dict(),
                "partition_frustration": self.partition_frustration,
                "frustration_index": self.frustration_index.to_dict()}


def structural_balance(graph: AllianceGraph, at: SnapshotLike, *, min_level: int = 1, resolution: float = 1.0,
                       negative_weight: float = 1.0, seed: int = 42, time_limit: float = 30.0
                       ) -> StructuralBalance:
    """Signed clusters, the signed triad census, the clusters' frustration and the frustration index of
    the snapshot ``at``.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str
        The snapshot whose signed graph (:func:`~alliancegraph.analysis.signed.signed_graph`) is measured.
    min_level : int
        Least MID hostility level (1-5) that makes a hostile tie.
    resolution, negative_weight, seed
        Of :func:`~alliancegraph.analysis.signed.signed_clusters`.
    time_limit : float
        Seconds for the exact frustration index (:func:`frustration_index`); past it the value is a bound.

    Returns
    -------
    StructuralBalance

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> b = structural_balance(open_graph(), "2025-01-01")
    >>> b.triads.total == b.to_dict()["triads"]["total"], b.frustration_index.exact
    (True, True)
    """
    from .signed import signed_clusters, signed_graph

    at = Snapshot.of(at)
    sg = signed_graph(graph, at, min_level=min_level)
    sc = signed_clusters(sg, resolution=resolution, negative_weight=negative_weight, seed=seed)
    return StructuralBalance(at, sg, sc, triad_census(sg), frustration(sg, sc.clusters),
                             frustration_index(sg, time_limit=time_limit))
