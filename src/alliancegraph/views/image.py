"""The static image of a snapshot: a PNG or SVG drawing for papers (matplotlib, no display needed).

Owns: :func:`draw_snapshot`, the drawing of the HTML view's snapshot (same layout, colours and tie styles)
as a reproducible image file, and :data:`IMAGE_FORMATS`.

Must not know: the file formats of graphs (GraphML, GEXF, JSON, Cytoscape.js; :mod:`.exports`, which
dispatches ``png`` and ``svg`` here), Neo4j, or the command line. What is drawn comes from
:func:`alliancegraph.views.html.build_view`; matplotlib is imported only when drawing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InvalidArgumentError
from ..graph import AllianceGraph, Snapshot, SnapshotLike

__all__ = ["IMAGE_FORMATS", "draw_snapshot"]

IMAGE_FORMATS = ("png", "svg")
"""The image formats :func:`draw_snapshot` writes."""


def draw_snapshot(graph: AllianceGraph, at: SnapshotLike, path: str | Path, fmt: str | None = None, *,
                  size_by: str = "degree", label_by: str = "id", layout: str = "spring", seed: int = 7,
                  hostile: bool = True, only_linked: bool = True, width: float = 10.0,
                  height: float = 7.5, dpi: int = 150, title: str | None = None) -> Path:
    """Draw the snapshot ``at`` as a PNG or SVG image for papers (matplotlib, no display needed).

    The drawing is the HTML view's (:func:`alliancegraph.views.html.build_view`): same layout and seed,
    cluster colours, node area by ``size_by``, edge style by tie kind (solid: defense and offense pacts;
    dashed: neutrality and non-aggression pacts, bloc co-membership; dotted: consultation, entente,
    support, agreements without obligation; red dashed: hostility), with a legend.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`), as in :func:`~alliancegraph.views.html.build_view`.
    path : path
        The image file (parents created).
    fmt : {'png', 'svg'}, optional
        Default: from the suffix of ``path``.
    label_by : {'id', 'name'}
        Node labels: state ids (short) or names.
    width, height : float
        Figure size in inches.
    dpi : int
        Resolution of a PNG (pixels = inches x dpi).
    Other parameters are those of :func:`alliancegraph.views.html.build_view`.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InvalidArgumentError
        For an unknown ``fmt`` or ``label_by``; other errors as :func:`build_view`.

    Notes
    -----
    SVG text stays text (``svg.fonttype = 'none'``) and the SVG has fixed ids, no date: the same graph gives
    the same file. Every node is a ``<g id="node-<id>">`` and every edge ``<g id="edge-<a>|<b>|<sign>">``.
    ``$`` in a label is escaped so that matplotlib draws it as is, not as mathtext.

    Examples
    --------
    >>> import datetime as dt, tempfile
    >>> from alliancegraph import open_graph
    >>> p = draw_snapshot(open_graph(), dt.date(2025, 1, 1), Path(tempfile.mkdtemp()) / "snapshot.svg")
    >>> '<g id="node-FRA">' in p.read_text()
    True
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from .html import TIE_STYLES, build_view

    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in IMAGE_FORMATS:
        raise InvalidArgumentError(f"unknown image format {fmt!r} (png or svg)")
    if label_by not in ("id", "name"):
        raise InvalidArgumentError(f"label_by must be 'id' or 'name', not {label_by!r}")
    at = Snapshot.of(at)
    as_of = at.as_of
    data = build_view(graph, at, size_by=size_by, layout=layout, seed=seed, hostile=hostile,
                      only_linked=only_linked, physics=False)
    frame = data["frames"][0]
    nodes = [data["node_items"][k] for k in frame["nodes"]]
    edges = [data["edge_items"][k] for k in frame["edges"]]
    pos = {n["id"]: (n["x"], -n["y"]) for n in nodes}  # canvas y grows downwards, matplotlib's upwards
    styles: dict[str, Any] = {"defense": "-", "offense": "-", "neutrality": "--", "non-aggression": "--", "bloc": "--",
              "consultation": ":", "entente": ":", "support": ":", "none": ":", "hostility": "--"}

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "alliancegraph", "path.simplify": False}):
        fig = Figure(figsize=(width, height), dpi=dpi)
        ax = fig.add_axes((0.01, 0.01, 0.74, 0.92))
        ax.set_axis_off()
        ax.set_aspect("equal")
        for e in edges:
            (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
            line = Line2D([x1, x2], [y1, y2], linestyle=styles[e["kind"]], color=TIE_STYLES[e["kind"]]["color"],
                          linewidth=0.4 + 0.35 * e["width"], alpha=0.85, zorder=1)
            line.set_gid(f"edge-{e['id']}")
            ax.add_line(line)
        xs, ys = [p[0] for p in pos.values()] or [0.0], [p[1] for p in pos.values()] or [0.0]
        pad = 40.0
        dx, dy = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
        # points per CSS pixel of the layout, so that nodes keep the HTML view's proportions
        per_px = min(width * 0.74 * 72 / dx, height * 0.92 * 72 / dy)
        for n in nodes:
            color = n["color"] if isinstance(n["color"], str) else n["color"]["background"]
            x, y = pos[n["id"]]
            diameter = 2 * n["size"] * per_px
            dot = ax.scatter([x], [y], s=diameter ** 2, color=color, edgecolors="#333333", linewidths=0.4, zorder=2)
            dot.set_gid(f"node-{n['id']}")
            text = n["id"] if label_by == "id" else graph.state_name(n["id"], as_of)
            text = re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", " ", text)  # no glyph for control characters
            ax.annotate(text.replace("$", r"\$"), (x, y), xytext=(0, -diameter / 2 - 1), textcoords="offset points",
                        ha="center", va="top", fontsize=max(5.0, min(7.0, 0.45 * diameter)), zorder=3)
        handles = [Line2D([], [], linestyle=styles[t["kind"]], color=t["color"], linewidth=1.8, label=t["label"])
                   for t in data["legend_ties"]]
        handles += [Line2D([], [], marker="o", linestyle="", markersize=8, color=c["color"], label=c["label"])
                    for c in frame["clusters"]]
        fig.legend(handles=handles, loc="upper right", fontsize=7, frameon=False, bbox_to_anchor=(0.995, 0.93))
        fig.suptitle((title or data["heading"]).replace("$", r"\$"), fontsize=11, x=0.01, ha="left")
        fig.text(0.01, 0.005, frame["subtitle"] + f"; node area by {size_by}", fontsize=7)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None)
    return path
