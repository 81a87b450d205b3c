"""Shortest paths of influence between two states on the allied-tie projection.

A path's strength is the product of its hops' strengths, so the strongest path is the shortest path under
the cost ``-ln(strength)`` per hop (Dijkstra 1959; k alternatives by Yen 1971, "Finding the k shortest
loopless paths in a network", Management Science 17(11), as implemented by
``networkx.shortest_simple_paths``). Each hop is explained by the treaties, blocs and support relations
behind it (see :meth:`alliancegraph.graph.AllianceGraph.allied`).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from dataclasses import dataclass
from typing import Any, Mapping

import networkx as nx

from ..graph import AllianceGraph

__all__ = ["Hop", "InfluencePath", "NoPathError", "influence_paths", "reach"]


class NoPathError(LookupError):
    """No chain of allied ties joins the two states on that date."""


@dataclass(frozen=True)
class Hop:
    """One hop ``a -> b`` with its combined ``strength`` (0, 1] and the ``ties`` behind it
    (dicts ``{via, via_label, name, kind, strength}``, strongest first)."""

    a: str
    b: str
    strength: float
    ties: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class InfluencePath:
    """A path of influence: its ``hops`` in order, total ``strength`` (product of hop strengths, in (0, 1]),
    ``cost`` (``-ln strength``, the sum of hop costs) and the ``as_of`` date of its snapshot."""

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


def _path(g: nx.Graph, nodes: list[str], as_of: _dt.date) -> InfluencePath:
    hops = tuple(Hop(a, b, g[a][b]["strength"], tuple(g[a][b]["ties"])) for a, b in zip(nodes, nodes[1:]))
    strength = math.prod(h.strength for h in hops)
    return InfluencePath(tuple(nodes), hops, strength, sum(g[a][b]["cost"] for a, b in zip(nodes, nodes[1:])), as_of)


def influence_paths(graph: AllianceGraph, source: str, target: str, as_of: _dt.date, k: int = 1,
                    strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
                    min_confidence: str = "reported") -> list[InfluencePath]:
    """The ``k`` strongest loopless paths of influence from ``source`` to ``target`` as of a date.

    Parameters
    ----------
    graph : AllianceGraph
    source, target : str
        State names, codes or ids (resolved with :meth:`AllianceGraph.resolve_state`).
    as_of : datetime.date
    k : int
        How many paths (the strongest first); fewer are returned if fewer exist.
    strengths, combine, min_confidence
        Passed to :meth:`AllianceGraph.allied`.

    Returns
    -------
    list of InfluencePath
        Strongest first; each with hops, total strength (product) and cost (sum of ``-ln strength``).

    Raises
    ------
    UnknownStateError
        If a state name matches no state.
    NoPathError
        If no chain of allied ties joins the two states on that date, or source equals target.
    ValueError
        If ``k < 1``.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    s, t = graph.resolve_state(source), graph.resolve_state(target)
    if s == t:
        raise NoPathError(f"{graph.state_name(s, as_of)} and {graph.state_name(t, as_of)} are the same state")
    # the snapshot is shared with other queries of the same date (AllianceGraph.allied_shared): read only
    g = graph.allied_shared(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence)
    try:
        if s not in g or t not in g:
            raise nx.NetworkXNoPath
        paths = list(itertools.islice(nx.shortest_simple_paths(g, s, t, weight="cost"), k))
    except nx.NetworkXNoPath:
        raise NoPathError(f"no chain of allied ties joins {graph.state_name(s, as_of)} and "
                          f"{graph.state_name(t, as_of)} "
                          f"as of {as_of.isoformat()}") from None
    return [_path(g, p, as_of) for p in paths]


def reach(graph: AllianceGraph, source: str, as_of: _dt.date, min_strength: float = 0.1,
          strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
          min_confidence: str = "reported") -> dict[str, float]:
    """The states that ``source`` reaches with a path of strength at least ``min_strength`` (0, 1].

    Returns ``{state id: strength of the strongest path}``, strongest first, without ``source`` itself.
    Raises :class:`UnknownStateError` or ``ValueError`` (``min_strength`` outside (0, 1]).
    """
    if not 0 < min_strength <= 1:
        raise ValueError("min_strength must be in (0, 1]")
    s = graph.resolve_state(source)
    g = graph.allied_shared(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence)
    if s not in g:
        return {}
    dist = nx.single_source_dijkstra_path_length(g, s, cutoff=-math.log(min_strength), weight="cost")
    out = {n: math.exp(-c) for n, c in dist.items() if n != s}
    return dict(sorted(out.items(), key=lambda x: (-x[1], x[0])))
