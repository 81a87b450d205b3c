"""Read-only networkx graphs.

Owns: :func:`freeze_graph`, which makes a networkx graph immutable in place: its structure (networkx's
:func:`networkx.freeze`: adding or removing a node or an edge raises) and its attribute dicts (the graph's,
every node's and every edge's become read-only mappings: setting or deleting a property raises). So that
anything computed from a graph and kept (the caches of :class:`~alliancegraph.graph.AllianceGraph`, a shared
snapshot) cannot go stale. ``graph.copy()`` (or ``nx.Graph(graph)``) gives a mutable copy.

Must not know: alliances, facts, the property graph's labels and types (it works on any networkx graph).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TypeVar

import networkx as nx

__all__ = ["freeze_graph"]

G = TypeVar("G", bound=nx.Graph)


def freeze_graph(g: G) -> G:
    """Make ``g`` immutable, in place, and return it.

    Adding or removing nodes or edges raises :class:`networkx.NetworkXError` (``nx.freeze``); setting or
    deleting a graph, node or edge attribute raises :class:`TypeError` (the attribute dicts are
    :class:`types.MappingProxyType` views, which read, compare and copy as the dicts did). Values inside
    the attributes (a list, a dict) are not copied: a graph meant to be shared should hold immutable values
    or be read as such. A view (``nx.restricted_view``, ``subgraph``) is frozen already and is returned as
    it is.

    Parameters
    ----------
    g : networkx.Graph
        A ``Graph``, ``DiGraph``, ``MultiGraph`` or ``MultiDiGraph``.

    Returns
    -------
    networkx.Graph
        ``g`` itself.

    Examples
    --------
    >>> import networkx as nx
    >>> g = freeze_graph(nx.MultiDiGraph([("a", "b", {"type": "PARTY_TO"})]))
    >>> g.add_edge("a", "c")
    Traceback (most recent call last):
    ...
    networkx.exception.NetworkXError: Frozen graph can't be modified
    >>> g.edges["a", "b", 0]["type"] = "MEMBER_OF"
    Traceback (most recent call last):
    ...
    TypeError: 'mappingproxy' object does not support item assignment
    >>> h = g.copy()
    >>> h.edges["a", "b", 0]["type"] = "MEMBER_OF"
    >>> g.edges["a", "b", 0]["type"], h.edges["a", "b", 0]["type"]
    ('PARTY_TO', 'MEMBER_OF')
    """
    if nx.is_frozen(g):
        return g
    g.graph = MappingProxyType(g.graph)
    nodes = g._node
    for n in nodes:
        nodes[n] = MappingProxyType(nodes[n])
    # each edge's dict is held once per direction (``_adj`` and ``_pred`` of a directed graph, ``_adj[u][v]``
    # and ``_adj[v][u]`` of an undirected one): every holder gets the same read-only view
    proxies: dict[int, MappingProxyType] = {}

    def ro(d: dict | MappingProxyType) -> MappingProxyType:
        if isinstance(d, MappingProxyType):  # a key dict of a multigraph is shared by both directions
            return d
        p = proxies.get(id(d))
        if p is None:
            p = proxies[id(d)] = MappingProxyType(d)
        return p

    holders = [g._adj] + ([g._pred] if g.is_directed() else [])
    for adj in holders:
        for nbrs in adj.values():
            for v, d in nbrs.items():
                if g.is_multigraph():
                    for k in d:
                        d[k] = ro(d[k])
                else:
                    nbrs[v] = ro(d)
    return nx.freeze(g)
