"""Node positions computed in Python, so that big views need no physics in the browser.

Owns: node positions (:func:`layout_positions`, :func:`grouped_positions`, :data:`LAYOUTS`), seeded and
reproducible.

Must not know: alliances, the graph, the views that use the positions (it takes nodes and weighted edges
and returns coordinates), the command line, Neo4j.

A view's layout is computed once, with a seed, over every state and allied dyad that any of its frames
draws, and reused by every frame: a state stays where it is when the time control moves across years, and
the HTML view, the PNG/SVG images and the Cytoscape.js export show the same picture.
"""

from __future__ import annotations

import math
from typing import Iterable, Mapping

import networkx as nx

from ..errors import InvalidArgumentError

__all__ = ["LAYOUTS", "layout_positions", "grouped_positions"]

LAYOUTS = ("spring", "kamada-kawai")
"""Layout algorithms: ``spring`` (Fruchterman and Reingold 1991, "Graph drawing by force-directed
placement", Software: Practice and Experience 21(11), doi:10.1002/spe.4380211102) and ``kamada-kawai``
(Kamada and Kawai 1989, "An algorithm for drawing general undirected graphs", Information Processing Letters
31(1), doi:10.1016/0020-0190(89)90102-6), both as implemented by networkx."""


def layout_positions(nodes: Iterable[str], edges: Iterable[tuple[str, str, float]], method: str = "spring",
                     seed: int = 7, scale: float | None = None,
                     min_distance: float = 48.0) -> dict[str, tuple[float, float]]:
    """Seeded 2-D positions of ``nodes``, pulled together by ``edges``.

    Parameters
    ----------
    nodes : iterable of str
        Node ids (states); sorted before layout so that the input order does not matter.
    edges : iterable of (str, str, float)
        ``(a, b, weight)`` with ``weight`` > 0 (allied tie strength: stronger ties pull harder). Hostile
        ties are not passed: enemies are not pulled together. A repeated dyad keeps its largest weight.
    method : {'spring', 'kamada-kawai'}
        The layout algorithm (see :data:`LAYOUTS`).
    seed : int
        Seed of the initial positions.
    scale : float, optional
        Half the width of the drawing, in CSS pixels; default ``max(250, 90 * sqrt(n))``.
    min_distance : float
        Nodes closer than this (CSS pixels) are then pushed apart, so that a dense bloc does not draw as
        one blob (0: no spreading).

    Returns
    -------
    dict
        ``{node id: (x, y)}`` in CSS pixels, centred on (0, 0), rounded to 0.1 px; y grows downwards
        as on a canvas. Empty for no nodes.

    Raises
    ------
    InvalidArgumentError
        For an unknown ``method`` or an edge with a non-positive weight.

    Notes
    -----
    Spring layout costs O(n^2) per iteration (50 iterations), Kamada-Kawai O(n^2) memory and needs scipy.
    The result depends only on the node ids, the edges and the seed (the same numpy and networkx give the
    same numbers).
    """
    if method not in LAYOUTS:
        raise InvalidArgumentError(f"unknown layout {method!r} (one of {', '.join(LAYOUTS)})")
    g = nx.Graph()
    g.add_nodes_from(sorted(set(nodes)))
    for a, b, w in sorted(edges):
        if not w > 0:
            raise InvalidArgumentError(f"edge {a}-{b}: layout weight must be positive, not {w!r}")
        if a == b:
            continue
        if g.has_edge(a, b):
            w = max(w, g[a][b]["weight"])
        g.add_edge(a, b, weight=float(w))
    n = g.number_of_nodes()
    if n == 0:
        return {}
    scale = scale if scale is not None else max(250.0, 90.0 * math.sqrt(n))
    # each connected component on its own, then packed in rows (largest first), so that unconnected
    # blocs neither fly apart nor crush each other
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[list[str], dict[str, tuple[float, float]], float]] = []
    for c in comps:
        radius = 75.0 * math.sqrt(len(c)) if len(c) > 1 else 30.0
        if len(c) == 1:
            placed.append((c, {c[0]: (0.0, 0.0)}, radius))
            continue
        sub = g.subgraph(c)
        if method == "spring":
            # "force" keeps to numpy whatever the size
            # unweighted: weighted springs crush dense blocs (a 30-member defense bloc) into one blob
            pos = nx.spring_layout(sub, weight=None, seed=seed, iterations=100, k=1.5 / math.sqrt(len(c)),
                                   method="force")
        else:
            # Kamada-Kawai reads distances: a strong tie is a short one
            h = nx.Graph()
            h.add_nodes_from(sub.nodes)
            h.add_edges_from((a, b, {"distance": 1.0 / d["weight"]}) for a, b, d in sub.edges(data=True))
            init = nx.spring_layout(sub, weight="weight", seed=seed, method="force")
            pos = nx.kamada_kawai_layout(h, weight="distance", pos=init)
        placed.append((c, _fit(_landscape(pos), radius), radius))
    row_width = max(2.2 * math.sqrt(sum(r * r for _, _, r in placed)) * 1.3, 2.2 * placed[0][2])
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for _, pos, r in placed:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height + 20.0, 0.0
        for node, (px, py) in pos.items():
            out[node] = (px + x + r, py + y + r)
        x += 2 * r + 20.0
        row_height = max(row_height, 2 * r)
    return _spread(_fit(out, scale, flip=False), min_distance)


def _landscape(pos: Mapping[str, Iterable[float]]) -> dict[str, tuple[float, float]]:
    """Rotate positions so that their widest spread lies along x (screens are wider than tall)."""
    import numpy as np

    names = list(pos)
    p = np.array([list(pos[k])[:2] for k in names], dtype=float)
    p -= p.mean(axis=0)
    _, vecs = np.linalg.eigh(p.T @ p)
    main = vecs[:, -1]
    if main[0] < 0:  # a fixed orientation of the axis
        main = -main
    rot = np.array([[main[0], main[1]], [-main[1], main[0]]])
    q = p @ rot.T
    return {k: (float(x), float(y)) for k, (x, y) in zip(names, q)}


def _spread(pos: dict[str, tuple[float, float]], min_distance: float,
            iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than ``min_distance`` (a dense bloc otherwise draws as one blob), a few
    pixels at a time, deterministically."""
    import numpy as np

    names = sorted(pos)
    n = len(names)
    if n < 2 or min_distance <= 0 or n > 5000:
        return pos
    p = np.array([pos[k] for k in names], dtype=float)
    # a fixed tiny offset separates nodes that sit on the same point
    p += np.stack([np.cos(np.arange(n)), np.sin(np.arange(n))], axis=1) * 1e-3
    for _ in range(iterations):
        diff = p[:, None, :] - p[None, :, :]
        dist = np.sqrt((diff ** 2).sum(axis=2))
        np.fill_diagonal(dist, 1e18)
        close = dist < min_distance
        if not close.any():
            break
        push = np.where(close, (min_distance - dist) / 2 / np.maximum(dist, 1e-9), 0.0)
        p += (diff * push[:, :, None]).sum(axis=1) * 0.5
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(names, p)}


def _fit(pos: Mapping[str, tuple[float, float]], scale: float, flip: bool = True) -> dict[str, tuple[float, float]]:
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    f = scale / half
    # canvas y grows downwards: flip so that the picture matches matplotlib's
    sy = -f if flip else f
    return {n: (round((float(p[0]) - cx) * f, 1), round((float(p[1]) - cy) * sy, 1)) for n, p in pos.items()}


def grouped_positions(nodes: Iterable[str], edges: Iterable[tuple[str, str, float]], groups: Mapping[str, str],
                      method: str = "spring", seed: int = 7,
                      min_distance: float = 48.0) -> dict[str, tuple[float, float]]:
    """Seeded 2-D positions with each group (an alliance cluster) drawn as its own disc.

    Each group is laid out on its own internal ties (:func:`layout_positions`), in a disc whose area grows
    with its number of members (spacing ``min_distance`` between nodes); the discs are then placed by a
    spring layout of the groups (pulled together by the summed weight of the ties between them) and
    pushed apart until no two discs overlap. So a dense bloc is spread over an area in proportion to its
    size instead of drawing as one blot, and blocs do not sit on each other.

    Parameters
    ----------
    nodes : iterable of str
    edges : iterable of (str, str, float)
        As in :func:`layout_positions` (weights > 0).
    groups : mapping
        ``{node: group}``; a node without a group is a group of its own.
    method : {'spring', 'kamada-kawai'}
        The layout inside each group.
    seed : int
    min_distance : float
        Least distance between two nodes of a group, CSS pixels.

    Returns
    -------
    dict
        ``{node id: (x, y)}`` in CSS pixels, centred on (0, 0), rounded to 0.1 px. No two nodes of a group
        are closer than about ``min_distance``, and the discs of two groups do not overlap.

    Raises
    ------
    InvalidArgumentError
        As :func:`layout_positions`.

    Examples
    --------
    >>> pos = grouped_positions("ABCD", [("A", "B", 0.9), ("C", "D", 0.9), ("B", "C", 0.1)],
    ...                         {"A": "g1", "B": "g1", "C": "g2", "D": "g2"})
    >>> import math
    >>> min(math.dist(pos[a], pos[b]) for a in "ABCD" for b in "ABCD" if a < b) >= 47
    True
    """
    import numpy as np

    if method not in LAYOUTS:
        raise InvalidArgumentError(f"unknown layout {method!r} (one of {', '.join(LAYOUTS)})")
    node_list = sorted(set(nodes))
    if not node_list:
        return {}
    edge_list = sorted(edges)
    for a, b, w in edge_list:
        if not w > 0:
            raise InvalidArgumentError(f"edge {a}-{b}: layout weight must be positive, not {w!r}")
    group_of = {n: str(groups.get(n, "\0" + n)) for n in node_list}
    members: dict[str, list[str]] = {}
    for n in node_list:
        members.setdefault(group_of[n], []).append(n)
    names = sorted(members, key=lambda k: (-len(members[k]), k))
    local: dict[str, dict[str, tuple[float, float]]] = {}
    radius: dict[str, float] = {}
    for k in names:
        ms = members[k]
        if len(ms) == 1:
            local[k], radius[k] = {ms[0]: (0.0, 0.0)}, min_distance / 2
            continue
        inner = [(a, b, w) for a, b, w in edge_list if a in group_of and b in group_of
                 and group_of[a] == k and group_of[b] == k]
        r = 0.62 * min_distance * math.sqrt(len(ms))
        pos = layout_positions(ms, inner, method=method, seed=seed, scale=r, min_distance=min_distance)
        cx = sum(p[0] for p in pos.values()) / len(pos)
        cy = sum(p[1] for p in pos.values()) / len(pos)
        pos = {n: (x - cx, y - cy) for n, (x, y) in pos.items()}
        local[k] = pos
        radius[k] = max(math.hypot(x, y) for x, y in pos.values()) + min_distance / 2
    if len(names) == 1:
        return {n: (round(x, 1), round(y, 1)) for n, (x, y) in local[names[0]].items()}
    between = nx.Graph()
    between.add_nodes_from(names)
    for a, b, w in edge_list:
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is None or gb is None or ga == gb:
            continue
        old = between.get_edge_data(ga, gb, {"weight": 0.0})["weight"]
        between.add_edge(ga, gb, weight=old + w)
    start = nx.spring_layout(between, weight="weight", seed=seed, iterations=100, method="force")
    c = np.array([start[k] for k in names], dtype=float)
    radii = np.array([radius[k] for k in names])
    c = (c - c.mean(axis=0)) * radii.sum() / 2 + np.stack([np.cos(np.arange(len(names))),
                                                            np.sin(np.arange(len(names)))], axis=1) * 1e-3
    gap = min_distance / 2
    need = radii[:, None] + radii[None, :] + gap
    np.fill_diagonal(need, 0.0)
    for step in range(3000):
        diff = c[:, None, :] - c[None, :, :]
        dist = np.sqrt((diff ** 2).sum(axis=2))
        np.fill_diagonal(dist, 1e18)
        close = dist < need
        if not close.any() and step >= 300:
            break
        push = np.where(close, (need - dist) / 2 / np.maximum(dist, 1e-9), 0.0)
        c += (diff * push[:, :, None]).sum(axis=1) * 0.5
        if step < 300:  # first a pull towards the centre keeps the discs compact, then only pushes
            c *= 0.99
    if len(names) > 1:  # widest spread along x
        rot = _landscape({k: c[i] for i, k in enumerate(names)})
        c = np.array([rot[k] for k in names])
    out: dict[str, tuple[float, float]] = {}
    for i, k in enumerate(names):
        for n, (x, y) in local[k].items():
            out[n] = (x + c[i, 0], y + c[i, 1])
    cx = (max(p[0] for p in out.values()) + min(p[0] for p in out.values())) / 2
    cy = (max(p[1] for p in out.values()) + min(p[1] for p in out.values())) / 2
    return {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in out.items()}
