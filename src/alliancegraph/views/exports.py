"""File exports of the alliance graph: GraphML and JSON node-link (networkx's formats).

Two shapes can be exported:

* the *snapshot* (default): the signed dyadic network as of a date, nodes = states, one edge per dyad
  with ``sign`` (+1 allied, -1 hostile; a dyad both allied and hostile gets two edges in JSON and is
  written with ``sign`` -1 and both attributes in GraphML, see below), ``strength``, ``level``, ``kinds``
  and ``via``;
* the *property graph*: every node and relationship of the model (``label``, ``type`` and properties).

GraphML cannot hold lists, so list-valued attributes are written as text joined by ``"; "``; JSON keeps
them as lists. Nothing is dropped: missing values are simply absent from a node or edge.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any, Mapping

import networkx as nx

from ..graph import AllianceGraph

__all__ = ["snapshot_graph", "export_graph", "FORMATS"]

FORMATS = ("graphml", "json")


def snapshot_graph(graph: AllianceGraph, as_of: _dt.date, strengths: Mapping[str, float] | None = None,
                   combine: str = "noisy-or", min_confidence: str = "reported") -> nx.MultiGraph:
    """The signed dyadic network as of ``as_of``: a ``networkx.MultiGraph`` over state ids.

    Node attributes: ``name``, ``iso3``, ``cow_abb``, ``ccode`` (where known). Allied edges (key
    ``'allied'``): ``sign`` = 1, ``strength`` (0, 1], ``kinds`` and ``via`` (lists, strongest tie first).
    Hostile edges (key ``'hostile'``): ``sign`` = -1, ``level`` (MID 1-5) and ``via`` (conflict ids).
    """
    allied = graph.allied(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence)
    hostile = graph.hostile(as_of, min_confidence=min_confidence)
    g = nx.MultiGraph(as_of=as_of.isoformat())
    for n in sorted(set(allied.nodes) | set(hostile.nodes)):
        d = graph.state(n)
        g.add_node(n, **{k: d[k] for k in ("name", "iso3", "cow_abb", "ccode") if d.get(k) is not None})
    for a, b, e in sorted(allied.edges(data=True)):
        g.add_edge(a, b, key="allied", sign=1, strength=e["strength"], kinds=[t["kind"] for t in e["ties"]],
                   via=[t["via"] for t in e["ties"]])
    for a, b, e in sorted(hostile.edges(data=True)):
        g.add_edge(a, b, key="hostile", sign=-1, level=e["level"], via=[c["via"] for c in e["conflicts"]])
    return g


def _flatten(d: Mapping[str, Any]) -> dict[str, Any]:
    return {k: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in d.items()}


def export_graph(g: nx.Graph, path: str | Path, fmt: str) -> Path:
    """Write ``g`` (a snapshot or ``AllianceGraph.pg``) to ``path`` as ``'graphml'`` or ``'json'``.

    JSON is networkx's node-link format (``edges="links"``), UTF-8, sorted keys. Raises ``ValueError`` for
    an unknown format and ``OSError`` if the file cannot be written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        h = g.__class__()
        h.graph.update({k: v for k, v in g.graph.items() if isinstance(v, (str, int, float, bool))})
        for n, d in g.nodes(data=True):
            h.add_node(n, **_flatten(d))
        if g.is_multigraph():
            for a, b, k, d in g.edges(keys=True, data=True):
                h.add_edge(a, b, key=k, **_flatten(d))
        else:
            for a, b, d in g.edges(data=True):
                h.add_edge(a, b, **_flatten(d))
        nx.write_graphml(h, path, encoding="utf-8")
    elif fmt == "json":
        data = nx.node_link_data(g, edges="links")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str), encoding="utf-8")
    else:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    return path
