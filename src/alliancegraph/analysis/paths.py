"""Shortest paths of influence between two states on the allied-tie projection.

Owns: paths of influence between two states (:func:`influence_paths`, :class:`InfluencePath`,
:class:`Hop`, :class:`Paths`, :func:`path_of`), what a state reaches (:func:`reach`), the strongest path
between every pair (:func:`strongest_paths`, :class:`StrongestPaths`, scipy's Dijkstra) and
:class:`NoPathError`.

Must not know: how a hop's strength, cost and explaining facts are made (the allied projection,
:meth:`AllianceGraph.allied`), clusters, the views (which highlight a path), the command line, Neo4j.

A path's strength is the product of its hops' strengths, so the strongest path is the shortest path under
the cost ``-ln(strength)`` per hop (Dijkstra 1959; k alternatives by Yen 1971, "Finding the k shortest
loopless paths in a network", Management Science 17(11), as implemented by
``networkx.shortest_simple_paths``). Each hop is explained by the treaties, blocs and support relations
behind it (see :meth:`alliancegraph.graph.AllianceGraph.allied`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx

from ..errors import AllianceGraphError, InvalidArgumentError
from ..frames import DataFrame, frame
from ..graph import AllianceGraph, Snapshot, SnapshotLike

__all__ = ["Hop", "InfluencePath", "Paths", "HOP_COLUMNS", "PATH_COLUMNS", "NoPathError", "influence_paths", "reach", "StrongestPaths", "strongest_paths", "path_of"]


class NoPathError(AllianceGraphError, LookupError):
    """No chain of allied ties joins the two states on that date.

    Examples
    --------
    In 1960 no chain of alliances joined the two Cold War blocs:

    >>> from alliancegraph import NoPathError, influence_paths, open_graph
    >>> try:
    ...     influence_paths(open_graph(), "United States", "Soviet Union", "1960-01-01")
    ... except NoPathError as e:
    ...     print(isinstance(e, LookupError), e)
    True no chain of allied ties joins United States and Soviet Union as of 1960-01-01
    """


@dataclass(frozen=True)
class Hop:
    """One hop ``a -> b`` with its combined ``strength`` (0, 1] and the ``ties`` behind it
    (dicts ``{via, via_label, name, kind, strength}``, strongest first).

    Examples
    --------
    >>> from alliancegraph import influence_paths, open_graph
    >>> hop = influence_paths(open_graph(), "Russia", "North Korea", "2025-01-01")[0].hops[0]
    >>> hop.a, hop.b, hop.ties[0]["via"], hop.ties[0]["kind"]
    ('RUS', 'PRK', 'rus-prk-2024', 'defense')
    """

    a: str
    b: str
    strength: float
    ties: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class InfluencePath:
    """A path of influence: its ``hops`` in order, total ``strength`` (product of hop strengths, in (0, 1]),
    ``cost`` (``-ln strength``, the sum of hop costs) and the ``as_of`` date of its snapshot.

    Examples
    --------
    >>> import math
    >>> from alliancegraph import influence_paths, open_graph
    >>> p = influence_paths(open_graph(), "Russia", "North Korea", "2025-01-01")[0]
    >>> p.states, p.strength == math.prod(h.strength for h in p.hops), math.isclose(p.cost, -math.log(p.strength))
    (('RUS', 'PRK'), True, True)
    """

    states: tuple[str, ...]
    hops: tuple[Hop, ...]
    strength: float
    cost: float
    as_of: _dt.date | None = None
    """The date of the snapshot the path was found on (its states are named as of it)."""

    def to_dict(self, graph: AllianceGraph | None = None) -> dict[str, Any]:
        """A JSON-ready dict; with ``graph``, state names (as of ``as_of``) are added."""
        name = (lambda s: graph.state_name(s, self.as_of)) if graph else (lambda s: s)
        return {
            "states": list(self.states), "names": [name(s) for s in self.states],
            "strength": self.strength, "cost": self.cost,
            "hops": [{"from": h.a, "to": h.b, "strength": h.strength, "ties": [dict(t) for t in h.ties]}
                     for h in self.hops],
        }

    def rows(self) -> list[dict[str, Any]]:
        """One dict per hop, in order, with the columns of :data:`HOP_COLUMNS`."""
        return [{"hop": i, "source": h.a, "target": h.b, "strength": h.strength, "cost": -math.log(h.strength),
                 "kind": h.ties[0]["kind"] if h.ties else None, "ties": [t["via"] for t in h.ties]}
                for i, h in enumerate(self.hops, start=1)]

    def to_pandas(self) -> DataFrame:
        """One row per hop, in order: ``hop`` (1, 2...), ``source`` and ``target`` (the states it joins, in
        the path's direction; ``from`` and ``to`` in :meth:`to_dict`), ``strength`` (the hop's combined
        strength), ``cost`` (``-ln strength``), ``kind`` (of its strongest tie) and ``ties`` (the ids of the
        facts behind it, strongest first, joined by ``';'``). Needs pandas.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> best = influence_paths(open_graph(), "Russia", "North Korea", dt.date(2025, 1, 1))[0]
        >>> best.to_pandas()[["hop", "source", "target", "kind"]].values.tolist()
        [[1, 'RUS', 'PRK', 'defense']]
        >>> best.to_pandas().dtypes
        hop           int64
        source       string
        target       string
        strength    float64
        cost        float64
        kind         string
        ties         string
        dtype: object
        """
        return frame(self.rows(), HOP_COLUMNS)


HOP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("hop", "int"), ("source", "str"), ("target", "str"), ("strength", "float"), ("cost", "float"), ("kind", "str"),
    ("ties", "ids"))
"""The columns of :meth:`InfluencePath.to_pandas` (kinds of :mod:`alliancegraph.frames`)."""

PATH_COLUMNS: tuple[tuple[str, str], ...] = (("path", "int"), ("path_strength", "float")) + HOP_COLUMNS
"""The columns of :meth:`Paths.to_pandas`: the path's rank and strength, then :data:`HOP_COLUMNS`."""


class Paths(list[InfluencePath]):
    """The list of :class:`InfluencePath` that :func:`influence_paths` returns (strongest first), which
    serialises itself; ``as_of`` is the snapshot's date. Iterating and indexing give the paths as a plain
    list does.

    Examples
    --------
    >>> from alliancegraph import influence_paths, open_graph
    >>> ps = influence_paths(open_graph(), "Russia", "North Korea", "2025-01-01", k=2)
    >>> len(ps), ps[0].states, ps[0].strength >= ps[1].strength
    (2, ('RUS', 'PRK'), True)
    """

    def __init__(self, paths: Iterable[InfluencePath] = (), as_of: _dt.date | None = None):
        super().__init__(paths)
        self.as_of = as_of

    def to_dict(self, graph: AllianceGraph | None = None) -> dict[str, Any]:
        """JSON-ready, the document of ``alliancegraph path --json``: ``{"as_of": ISO date or None, "paths":
        [path.to_dict(graph), ...]}`` (:meth:`InfluencePath.to_dict`; with ``graph``, states named)."""
        return {"as_of": self.as_of.isoformat() if self.as_of else None, "paths": [p.to_dict(graph) for p in self]}

    def to_pandas(self) -> DataFrame:
        """One row per hop of each path: ``path`` (its rank, 1 for the strongest), ``path_strength``, then
        the columns of :meth:`InfluencePath.to_pandas`. Needs pandas.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> df = influence_paths(open_graph(), "RUS", "PRK", dt.date(2020, 1, 1), k=3).to_pandas()
        >>> df.path.unique().tolist(), list(df.columns[:4])
        ([1, 2, 3], ['path', 'path_strength', 'hop', 'source'])
        """
        return frame([{"path": rank, "path_strength": p.strength, **hop}
                      for rank, p in enumerate(self, start=1) for hop in p.rows()], PATH_COLUMNS)


def path_of(g: nx.Graph, nodes: list[str], as_of: _dt.date) -> InfluencePath:
    """The :class:`InfluencePath` along ``nodes`` (consecutive states tied in ``g``, an allied projection of
    :meth:`AllianceGraph.allied`), with each hop's strength and the ties behind it."""
    return _path(g, nodes, as_of)


def _path(g: nx.Graph, nodes: list[str], as_of: _dt.date) -> InfluencePath:
    hops = tuple(Hop(a, b, g[a][b]["strength"], tuple(g[a][b]["ties"])) for a, b in zip(nodes, nodes[1:]))
    strength = math.prod(h.strength for h in hops)
    return InfluencePath(tuple(nodes), hops, strength, sum(g[a][b]["cost"] for a, b in zip(nodes, nodes[1:])), as_of)


def influence_paths(graph: AllianceGraph, source: str, target: str, at: SnapshotLike, k: int = 1
                    ) -> Paths:
    """The ``k`` strongest loopless paths of influence from ``source`` to ``target`` as of a date.

    Parameters
    ----------
    graph : AllianceGraph
    source, target : str
        State names, codes or ids (resolved with :meth:`AllianceGraph.resolve_state`).
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`): its date, strengths, combination rule and
        confidence floor make the allied projection (:meth:`AllianceGraph.allied_shared`) searched.
    k : int
        How many paths (the strongest first); fewer are returned if fewer exist.

    Returns
    -------
    Paths
        A list of :class:`InfluencePath`, strongest first; each with hops, total strength (product) and cost
        (sum of ``-ln strength``); ``.to_pandas()`` gives one row per hop.

    Raises
    ------
    DateError
        For a date string that names no date (``"2025-13-01"``), as :class:`~alliancegraph.graph.Snapshot`.
    UnknownStateError
        If a state name matches no state (with up to three close matches).
    NoPathError
        If no chain of allied ties joins the two states on that date, or source equals target.
    InvalidArgumentError
        If ``k < 1``, or a snapshot parameter is refused.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> p = influence_paths(open_graph(), "Russia", "North Korea", "2025-01-01")[0]
    >>> p.states, p.as_of.isoformat()
    (('RUS', 'PRK'), '2025-01-01')
    """
    at = Snapshot.of(at)
    as_of = at.as_of
    if k < 1:
        raise InvalidArgumentError("k must be at least 1")
    s, t = graph.resolve_state(source), graph.resolve_state(target)
    if s == t:
        raise NoPathError(f"{graph.state_name(s, as_of)} and {graph.state_name(t, as_of)} are the same state")
    # the snapshot is shared with other queries of the same date (AllianceGraph.allied_shared): read only
    g = graph.allied_shared(at)
    try:
        if s not in g or t not in g:
            raise nx.NetworkXNoPath
        paths = list(itertools.islice(nx.shortest_simple_paths(g, s, t, weight="cost"), k))
    except nx.NetworkXNoPath:
        raise NoPathError(f"no chain of allied ties joins {graph.state_name(s, as_of)} and "
                          f"{graph.state_name(t, as_of)} "
                          f"as of {as_of.isoformat()}") from None
    return Paths((_path(g, p, as_of) for p in paths), as_of)


def reach(graph: AllianceGraph, source: str, at: SnapshotLike, min_strength: float = 0.1) -> dict[str, float]:
    """The states that ``source`` reaches with a path of strength at least ``min_strength`` (0, 1].

    Parameters
    ----------
    graph : AllianceGraph
    source : str
        A state name, code or id.
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`) whose allied projection is searched.
    min_strength : float
        The weakest path strength (product of the hops' strengths) that still reaches, in (0, 1].

    Returns
    -------
    dict
        ``{state id: strength of the strongest path}``, strongest first, without ``source`` itself.

    Raises
    ------
    DateError
        For a date string that names no date, as :class:`~alliancegraph.graph.Snapshot`.
    UnknownStateError
        If the state name matches no state (with up to three close matches).
    InvalidArgumentError
        If ``min_strength`` is outside (0, 1], or a snapshot parameter is refused.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> g = open_graph()
    >>> r = reach(g, "Russia", "2025-01-01", min_strength=0.5)
    >>> r["PRK"] == g.allied("2025-01-01")["RUS"]["PRK"]["strength"], all(v >= 0.5 for v in r.values())
    (True, True)
    """
    if not 0 < min_strength <= 1:
        raise InvalidArgumentError("min_strength must be in (0, 1]")
    s = graph.resolve_state(source)
    g = graph.allied_shared(at)
    if s not in g:
        return {}
    dist = nx.single_source_dijkstra_path_length(g, s, cutoff=-math.log(min_strength), weight="cost")
    out = {n: math.exp(-c) for n, c in dist.items() if n != s}
    return dict(sorted(out.items(), key=lambda x: (-x[1], x[0])))


@dataclass(frozen=True)
class StrongestPaths:
    """The strongest path between every pair of states of an allied projection (:func:`strongest_paths`).

    ``states``: the sources and targets, sorted; ``cost``: a ``len(states) x len(states)`` array of path
    costs (``-ln strength``; ``inf`` where no chain of ties joins two states, 0 on the diagonal);
    ``predecessors``: scipy's predecessor matrix (-9999 where there is none), rows the sources.
    """

    states: tuple[str, ...]
    cost: Any
    predecessors: Any
    graph: nx.Graph = field(repr=False, compare=False)
    as_of: _dt.date | None = None

    @functools.cached_property
    def index(self) -> dict[str, int]:
        """``state id -> row`` of ``cost`` and ``predecessors``."""
        return {s: i for i, s in enumerate(self.states)}

    def strength(self, a: str, b: str) -> float:
        """The strength of the strongest path from ``a`` to ``b`` in (0, 1], 0.0 when none joins them or
        either is not in the projection."""
        i, j = self.index.get(a), self.index.get(b)
        if i is None or j is None:
            return 0.0
        return math.exp(-float(self.cost[i, j]))

    def path(self, a: str, b: str) -> InfluencePath | None:
        """The strongest path from ``a`` to ``b`` hop by hop, or None when none joins them."""
        index = self.index
        i, j = index.get(a), index.get(b)
        if i is None or j is None or i == j or not math.isfinite(float(self.cost[i, j])):
            return None
        nodes = [b]
        k = j
        while k != i:
            k = int(self.predecessors[i, k])
            nodes.append(self.states[k])
        return _path(self.graph, nodes[::-1], self.as_of)  # type: ignore[arg-type]


def strongest_paths(g: nx.Graph, sources: Iterable[str] | None = None, as_of: _dt.date | None = None) -> StrongestPaths:
    """The strongest path between every pair of states of an allied projection, at once.

    Dijkstra (1959) from each source on the edge cost ``-ln strength`` (the edge attribute ``cost`` of
    :meth:`AllianceGraph.allied`), as implemented by ``scipy.sparse.csgraph.dijkstra`` (Fibonacci heaps, in
    C): O(n (m + n log n)) for n sources; a 195-state snapshot of 4,105 allied dyads takes about 15 ms,
    against 440 ms for ``networkx.all_pairs_dijkstra_path_length`` (docs/performance.md). Paths of equal
    cost may be found in another order than :func:`influence_paths` finds them; their strength is the same.

    Parameters
    ----------
    g : networkx.Graph
        An allied projection (edge attribute ``cost``).
    sources : iterable of str, optional
        The states to search from (rows of the result); default every state of ``g``.
    as_of : datetime.date, optional
        The snapshot date, kept on the paths.

    Returns
    -------
    StrongestPaths

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> day = dt.date(2025, 1, 1)
    >>> sp = strongest_paths(open_graph().allied(day), as_of=day)
    >>> round(sp.strength("RUS", "PRK"), 3), sp.path("RUS", "PRK").states
    (0.951, ('RUS', 'PRK'))
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    states = tuple(sorted(g.nodes))
    index = {s: i for i, s in enumerate(states)}
    n = len(states)
    rows, cols, costs = [], [], []
    for a, b, d in g.edges(data=True):
        # a cost of 0 (strength 1) would be read as no edge by a sparse matrix: the smallest positive instead
        c = max(float(d["cost"]), np.finfo(float).tiny)
        rows += [index[a], index[b]]
        cols += [index[b], index[a]]
        costs += [c, c]
    matrix = csr_matrix((costs, (rows, cols)), shape=(n, n))
    picked = list(range(n)) if sources is None else [index[s] for s in sources if s in index]
    if n == 0 or not picked:
        cost, pred = np.zeros((len(picked), n)), np.full((len(picked), n), -9999)
    else:
        cost, pred = dijkstra(matrix, directed=True, indices=picked, return_predecessors=True)
    if sources is not None:  # full rows for the sources asked, inf elsewhere
        full_cost, full_pred = np.full((n, n), np.inf), np.full((n, n), -9999)
        full_cost[picked], full_pred[picked] = cost, pred
        np.fill_diagonal(full_cost, 0.0)
        cost, pred = full_cost, full_pred
    return StrongestPaths(states, cost, pred, g, as_of)
