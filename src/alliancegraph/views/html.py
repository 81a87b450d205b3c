"""The HTML network views: one self-contained page per view, offline and safe with any fact text.

Kinds of view, all built by :func:`build_view` and written by :func:`write_view`:

* **snapshot**: the signed alliance network as of a date (states coloured by alliance cluster, allied ties
  styled by kind, hostile ties in red);
* **ego**: the same, limited to the states within ``depth`` ties (allied or hostile) of one state;
* **path**: a snapshot with the hops of one or more paths of influence highlighted
  (:func:`alliancegraph.analysis.influence_paths`);
* **timeline**: snapshots at several as-of dates (one per year, say) embedded as JSON, with a slider that
  swaps the vis DataSets; a state keeps its position across years.

Every view has a legend, a search box (a state by id, name, alias, ISO3, COW code or ccode) and node sizes
by a centrality (:data:`SIZE_BY`).

The page inlines vis-network's script and style from the pyvis package (nothing is loaded from a CDN:
pyvis's own ``in_line`` template still links Bootstrap from one and puts the heading into the page
unescaped, so the project's own template is used). Nodes and edges are built here as plain vis items
rather than with ``pyvis.network.Network.add_edge``, whose duplicate check is linear in the number of
edges (quadratic for a whole view) and which holds one snapshot only.

Safety: every string from a fact reaches the page only inside a JSON data block in which ``<``, ``>``, ``&``,
U+2028 and U+2029 are written as ``\\uXXXX`` escapes, or as Jinja-auto-escaped text; the page's script
puts text into the document only through ``textContent`` and vis-network shows string tooltips with
``innerText``, so fact text is never parsed as HTML. A Content-Security-Policy forbids any network access.
The file is written as UTF-8 whatever the locale.

Layout: positions are computed in Python (:func:`alliancegraph.views.layout.layout_positions`, seeded)
over every frame of the view. Physics (vis-network's forceAtlas2, starting from those positions and
stopped once stable) is on only for a single-frame view of at most :data:`PHYSICS_MAX_EDGES` edges; larger
views and timelines are drawn at the Python positions at once.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import jinja2
import networkx as nx
import pyvis

from ..analysis.clusters import alliance_clusters
from ..analysis.paths import InfluencePath
from ..fileio import atomic_file
from ..graph import DEFAULT_MULTILATERAL, AllianceGraph
from ..model import HOSTILITY_LEVELS
from .layout import LAYOUTS, grouped_positions

__all__ = ["build_view", "write_view", "render_view", "centrality", "timeline_dates", "CLUSTER_COLORS",
           "TIE_STYLES", "SIZE_BY", "max_radius", "NODE_SPACING", "view_counts", "PHYSICS_MAX_EDGES", "PATH_COLOR", "UNALIGNED_COLOR"]

CLUSTER_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                  "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#843c39", "#7b4173"]
"""Cluster colours (matplotlib's tab10, then tab20b darks), by cluster rank; unaligned states are grey."""
UNALIGNED_COLOR = "#c7c7c7"
PATH_COLOR = "#e6550d"
"""Colour of the highlighted hops and states of a path view."""

TIE_STYLES: dict[str, dict[str, Any]] = {
    "defense": {"dashes": False, "css": "solid", "color": "#333333", "label": "defense pact"},
    "offense": {"dashes": False, "css": "solid", "color": "#555555", "label": "offense pact"},
    "neutrality": {"dashes": [10, 6], "css": "dashed", "color": "#555555", "label": "neutrality pact"},
    "non-aggression": {"dashes": [10, 6], "css": "dashed", "color": "#777777", "label": "non-aggression pact"},
    "consultation": {"dashes": [3, 5], "css": "dotted", "color": "#555555", "label": "consultation pact"},
    "entente": {"dashes": [3, 5], "css": "dotted", "color": "#777777", "label": "entente"},
    "bloc": {"dashes": [16, 6], "css": "dashed", "color": "#99aabb", "label": "bloc co-membership"},
    "support": {"dashes": [2, 8], "css": "dotted", "color": "#8c564b", "label": "support (arms, troops)"},
    "none": {"dashes": [2, 10], "css": "dotted", "color": "#aaaaaa", "label": "agreement without obligation"},
    "hostility": {"dashes": [6, 4], "css": "dashed", "color": "#d62728", "label": "hostility (MID level)"},
}
"""Edge style of each tie kind (the strongest tie of a dyad decides its style): vis ``dashes`` (dash and
gap lengths in px, or False for a solid line), the legend's CSS border style, colour and label."""

SIZE_BY = ("degree", "strength", "betweenness")
"""Centralities that can size the nodes (see :func:`centrality`)."""

PHYSICS_MAX_EDGES = 250
"""Largest number of edges for which a single-frame view runs vis-network physics in the browser."""

MIN_RADIUS, MAX_RADIUS = 8.0, 34.0
"""Node radius in CSS pixels for centrality 0 and for the largest centrality of a view of at most
:data:`FULL_SIZE_STATES` states (larger views cap the largest radius lower: :func:`max_radius`)."""

FULL_SIZE_STATES = 40
"""Views of up to this many states draw the most central state at :data:`MAX_RADIUS`."""

NODE_SPACING = 48.0
"""Least distance between two states of a cluster in the Python layout, CSS pixels at scale 1."""


def max_radius(n_states: int) -> float:
    """The radius of the most central state in a view of ``n_states`` states, CSS pixels at scale 1.

    :data:`MAX_RADIUS` up to :data:`FULL_SIZE_STATES` states, then shrinking with the square root of the
    number of states (never below ``MIN_RADIUS + 6``), so that in a dense cluster the largest nodes stay
    within the layout's spacing (:data:`NODE_SPACING`: two of the largest nodes of the 2014 state system
    do not touch) instead of drawing as one blot.

    Examples
    --------
    >>> max_radius(11), max_radius(160), max_radius(10_000)
    (34.0, 17.0, 14.0)
    """
    if n_states <= FULL_SIZE_STATES:
        return MAX_RADIUS
    return round(max(MIN_RADIUS + 6.0, MAX_RADIUS * math.sqrt(FULL_SIZE_STATES / n_states)), 2)

_TEMPLATES = Path(__file__).parent / "templates"
_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


# ---------------------------------------------------------------------------- helpers
def centrality(allied: nx.Graph, size_by: str) -> dict[str, float]:
    """The centrality of every node of an allied projection (:meth:`AllianceGraph.allied`).

    Parameters
    ----------
    allied : networkx.Graph
        Edges carry ``strength`` in (0, 1] and ``cost`` = ``-ln strength``.
    size_by : {'degree', 'strength', 'betweenness'}
        ``degree``: number of allies; ``strength``: sum of allied tie strengths (a weighted degree);
        ``betweenness``: Freeman betweenness over shortest paths of influence (edge weight ``cost``),
        normalised by ``(n-1)(n-2)/2`` (``networkx.betweenness_centrality``), in [0, 1].

    Returns
    -------
    dict
        ``{state id: value}`` for every node (0 for a state with no ally).

    Raises
    ------
    ValueError
        For an unknown ``size_by``.
    """
    if size_by == "degree":
        return {n: float(d) for n, d in allied.degree()}
    if size_by == "strength":
        return {n: float(d) for n, d in allied.degree(weight="strength")}
    if size_by == "betweenness":
        return dict(nx.betweenness_centrality(allied, weight="cost", normalized=True))
    raise ValueError(f"unknown centrality {size_by!r} (one of {', '.join(SIZE_BY)})")


def timeline_dates(start_year: int, end_year: int, step: int = 1) -> list[_dt.date]:
    """The as-of dates of a timeline: 31 December of ``start_year``, ``start_year + step``, ... up to
    ``end_year`` (the last year is always included).

    A year means its last day, as everywhere in alliancegraph (``--as-of 1990`` is 1990-12-31).
    Raises ``ValueError`` if ``end_year < start_year``, ``step < 1``, a year is outside 1..9999, or the
    timeline would have more than 1000 frames.
    """
    if step < 1:
        raise ValueError(f"the step must be at least 1 year, not {step}")
    if end_year < start_year:
        raise ValueError(f"the timeline ends ({end_year}) before it starts ({start_year})")
    if not (1 <= start_year and end_year <= 9999):
        raise ValueError(f"years must be between 1 and 9999, not {start_year}..{end_year}")
    years = list(range(start_year, end_year + 1, step))
    if years[-1] != end_year:
        years.append(end_year)
    if len(years) > 1000:
        raise ValueError(f"{len(years)} frames is too many for one page (at most 1000): use a larger --step")
    return [_dt.date(y, 12, 31) for y in years]


def _blend(color: str, keep: float) -> str:
    """``color`` (#rrggbb) mixed with white, keeping the fraction ``keep`` of it."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - keep * (255 - c)) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.3f}"


class _Sources:
    """The source lines of each fact, computed once per view."""

    def __init__(self, graph: AllianceGraph):
        self.graph = graph
        self.cache: dict[str, list[str]] = {}

    def __call__(self, fact_id: str) -> list[str]:
        if fact_id not in self.cache:
            out = []
            for s in self.graph.sources_of(fact_id):
                parts = [s.get("publisher", ""), s.get("title", "")]
                if s.get("date"):
                    parts.append(s["date"])
                line = "    source: " + ", ".join(p for p in parts if p)
                if s.get("url"):
                    line += f" <{s['url']}>"
                out.append(line)
            self.cache[fact_id] = out
        return self.cache[fact_id]


def _search_keys(d: Mapping[str, Any], sid: str, historical: Sequence[str] = ()) -> list[str]:
    keys = [sid, d.get("name", sid), *d.get("aliases", []), *historical]
    keys += [str(d[k]) for k in ("iso3", "cow_abb", "ccode") if d.get(k) is not None]
    out: list[str] = []
    for k in keys:
        if k.lower() not in (o.lower() for o in out):
            out.append(k)
    return out


# ---------------------------------------------------------------------------- one frame
def _frame(graph: AllianceGraph, day: _dt.date, *, size_by: str, hostile: bool,
           strengths: Mapping[str, float] | None, combine: str, min_confidence: str, only_linked: bool,
           ego: str | None, depth: int, paths: Sequence[InfluencePath], sources: _Sources,
           cluster_seed: int, layers: Iterable[str] | None = None,
           multilateral: str = DEFAULT_MULTILATERAL) -> dict[str, Any]:
    """Nodes and edges (vis items without positions) and legend of one as-of date."""
    allied = graph.allied(day, strengths=strengths, combine=combine, min_confidence=min_confidence)
    hostile_g = graph.hostile(day, min_confidence=min_confidence) if hostile else nx.Graph()
    clusters = alliance_clusters(graph, day, seed=cluster_seed, strengths=strengths, combine=combine,
                                 min_confidence=min_confidence, layers=layers, multilateral=multilateral)
    membership = clusters.membership()
    cluster_names = {c.label: c.name for c in clusters.clusters}
    color_of = {m: CLUSTER_COLORS[i % len(CLUSTER_COLORS)] for i, c in enumerate(clusters.clusters)
                for m in c.members}
    drawn = nx.Graph()
    drawn.add_nodes_from(allied.nodes)
    drawn.add_edges_from(allied.edges)
    drawn.add_edges_from(hostile_g.edges)
    linked = {n for n in drawn if drawn.degree(n) > 0}
    keep = linked if only_linked else set(drawn.nodes)
    distance: dict[str, int] = {}
    if ego is not None:
        if ego not in drawn:
            drawn.add_node(ego)
        distance = nx.single_source_shortest_path_length(drawn, ego, cutoff=depth)
        keep = set(distance)
    path_nodes = {s for p in paths for s in p.states}
    path_hops = {frozenset((h.a, h.b)): i for i, p in enumerate(paths, start=1) for h in p.hops}
    keep |= path_nodes
    cent = centrality(allied, size_by)

    nodes = []
    for n in sorted(keep):
        d = graph.state(n)
        codes = ", ".join(f"{k} {d[k]}" for k in ("iso3", "cow_abb", "ccode") if d.get(k) is not None)
        cluster = membership.get(n)
        value = cent.get(n, 0.0)
        lines = [f"{graph.state_name(n, day)} ({n})", codes, f"cluster: {cluster_names[cluster] + ' (' + cluster + ')' if cluster else 'unaligned'}",
                 f"{size_by}: {_fmt(value)}"]
        if ego is not None:
            lines.append(f"distance from {graph.state_name(ego, day)}: {distance[n]}")
        color: Any = color_of.get(n, UNALIGNED_COLOR)
        item: dict[str, Any] = {"id": n, "label": n, "cluster": cluster or "unaligned", "centrality": value}
        if paths:
            on = [i for i, p in enumerate(paths, start=1) if n in p.states]
            if on:
                lines.append("on path " + ", ".join(map(str, on)))
                item.update(borderWidth=5, path=on[0])
                color = {"background": color, "border": PATH_COLOR,
                         "highlight": {"background": color, "border": PATH_COLOR}}
            else:
                color = _blend(color, 0.35)
        if ego is not None and n == ego:
            item.update(borderWidth=5, ego=True)
            color = {"background": color, "border": "#000000", "highlight": {"background": color, "border": "#000000"}}
        item["color"] = color
        item["title"] = "\n".join(x for x in lines if x)
        nodes.append(item)

    edges = []
    kinds: set[str] = set()
    for a, b, e in sorted(allied.edges(data=True)):
        if a not in keep or b not in keep:
            continue
        kind = e["ties"][0]["kind"]
        kinds.add(kind)
        style = TIE_STYLES[kind]
        lines = [f"{graph.state_name(a, day)} - {graph.state_name(b, day)}: allied, strength {e['strength']:.3f}"]
        for t in e["ties"]:
            lines.append(f"  {t['name']} [{t['via_label'].lower()}, {t['kind']}, {t['strength']:.2f}]")
            lines.extend(sources(t["via"]))
        item = {"id": f"{a}|{b}|+", "from": a, "to": b, "kind": kind, "sign": 1,
                "strength": round(e["strength"], 6), "width": round(1 + 4 * e["strength"], 3),
                "dashes": style["dashes"], "color": style["color"]}
        hop = path_hops.get(frozenset((a, b)))
        if paths and hop is not None:
            lines.insert(1, f"  hop of path {hop}")
            item.update(color=PATH_COLOR, width=round(item["width"] + 5, 3), path=hop)
        elif paths:
            item["color"] = _blend(style["color"], 0.3)
        item["title"] = "\n".join(lines)
        edges.append(item)
    for a, b, e in sorted(hostile_g.edges(data=True)):
        if a not in keep or b not in keep:
            continue
        kinds.add("hostility")
        style = TIE_STYLES["hostility"]
        lines = [f"{graph.state_name(a, day)} - {graph.state_name(b, day)}: hostile, level {e['level']} "
                 f"({HOSTILITY_LEVELS[e['level']]})"]
        for c in e["conflicts"]:
            lines.append(f"  {c['name']} [level {c['level']}]")
            lines.extend(sources(c["via"]))
        edges.append({"id": f"{a}|{b}|-", "from": a, "to": b, "kind": "hostility", "sign": -1,
                      "level": e["level"], "width": round(1 + 0.6 * e["level"], 3), "dashes": style["dashes"],
                      "color": _blend(style["color"], 0.3) if paths else style["color"],
                      "physics": False,  # enemies are not pulled together by the layout
                      "title": "\n".join(lines)})

    n_allied = sum(1 for e in edges if e["sign"] == 1)
    legend = [{"label": f"{c.name} ({c.size} states)", "color": CLUSTER_COLORS[i % len(CLUSTER_COLORS)]}
              for i, c in enumerate(clusters.clusters) if any(m in keep for m in c.members)]
    legend.append({"label": "unaligned", "color": UNALIGNED_COLOR})
    return {
        "as_of": day.isoformat(), "nodes": nodes, "edges": edges, "clusters": legend, "kinds": kinds,
        "subtitle": f"{len(nodes)} states, {n_allied} allied and {len(edges) - n_allied} hostile dyads "
                    f"as of {day.isoformat()}; clusters on {', '.join(clusters.layers)} pacts",
        "layout_edges": [(a, b, e["strength"]) for a, b, e in allied.edges(data=True) if a in keep and b in keep],
    }


# ---------------------------------------------------------------------------- the view
def build_view(graph: AllianceGraph, as_of: _dt.date | Sequence[_dt.date], *, size_by: str = "degree",
               ego: str | None = None, depth: int = 1, paths: Sequence[InfluencePath] = (),
               hostile: bool = True, strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
               min_confidence: str = "reported", only_linked: bool = True, layout: str = "spring",
               seed: int = 7, cluster_seed: int = 42, physics: bool | None = None,
               heading: str | None = None, layers: Iterable[str] | None = None,
               multilateral: str = DEFAULT_MULTILATERAL) -> dict[str, Any]:
    """The data of an HTML view: frames of vis nodes and edges with positions, legend and options.

    Parameters
    ----------
    graph : AllianceGraph
    as_of : datetime.date or sequence of datetime.date
        One date (a snapshot, ego or path view) or several (a timeline, one frame per date, shown with a
        slider; see :func:`timeline_dates`).
    size_by : {'degree', 'strength', 'betweenness'}
        The centrality (on the allied projection of each frame, see :func:`centrality`) that sizes the
        nodes: radius ``MIN_RADIUS + (max_radius(n) - MIN_RADIUS) * sqrt(value / largest value of the view)``
        CSS pixels at scale 1 (``n`` the most states of a frame, :func:`max_radius`), so that a node's area
        grows with its centrality and a dense cluster does not become a blot.
    ego : str, optional
        A state name or code: draw only the states within ``depth`` ties of it (allied or hostile ties,
        as drawn), on each frame.
    depth : int
        The ego radius, in ties (>= 1).
    paths : sequence of InfluencePath
        Paths to highlight (their hops and states in :data:`PATH_COLOR`, everything else faded); only with
        one date.
    hostile : bool
        Draw hostile ties.
    strengths, combine, min_confidence
        As in :meth:`AllianceGraph.allied`.
    only_linked : bool
        Leave out states with no drawn tie.
    layout : {'spring', 'kamada-kawai'}
        The Python layout inside each cluster (:func:`alliancegraph.views.layout.grouped_positions`: each
        cluster of the last frame a state is in drawn as its own disc), computed once over all frames so
        that positions stay put across years.
    seed : int
        Layout seed.
    cluster_seed : int
        Seed of the alliance clustering that colours the nodes (Louvain).
    layers, multilateral
        The network that clustering uses, as in :func:`~alliancegraph.analysis.alliance_clusters`.
    physics : bool, optional
        Run vis-network physics in the browser from the Python positions. Default: on for one frame of at
        most :data:`PHYSICS_MAX_EDGES` edges, else off. Never with several frames.
    heading : str, optional
        The page heading (default: said from the kind of view).

    Returns
    -------
    dict
        JSON-ready: ``kind`` ('snapshot', 'ego', 'path' or 'timeline'), ``heading``, ``size_by``,
        ``physics``, ``node_items`` and ``edge_items`` (distinct vis items, shared by frames; states are
        named as of their frame's date), ``frames``
        (list, one per date, each ``{as_of, label, subtitle, nodes, edges, clusters}`` with ``nodes`` and
        ``edges`` indices into the item lists), ``initial`` (the frame shown first: the last), ``states``
        (``{id, name, keys}`` for the search box: the name as of the last date, keys with every name of
        the state), ``legend_ties`` and ``paths``.

    Raises
    ------
    UnknownStateError
        If ``ego`` names no state.
    ValueError
        On an unknown ``size_by`` or ``layout``, ``depth < 1``, no date, ``paths`` or ``physics=True``
        with several dates, or the errors of :meth:`AllianceGraph.allied`.
    """
    days = [as_of] if isinstance(as_of, _dt.date) else list(as_of)
    if not days:
        raise ValueError("a view needs at least one as-of date")
    if size_by not in SIZE_BY:
        raise ValueError(f"unknown centrality {size_by!r} (one of {', '.join(SIZE_BY)})")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
    if depth < 1:
        raise ValueError(f"the ego depth must be at least 1, not {depth}")
    if len(days) > 1 and paths:
        raise ValueError("a path view shows one date; paths cannot be highlighted on a timeline")
    if len(days) > 1 and physics:
        raise ValueError("physics cannot run on a timeline: positions must stay put across years")
    ego_id = graph.resolve_state(ego) if ego is not None else None
    sources = _Sources(graph)
    frames = [_frame(graph, d, size_by=size_by, hostile=hostile, strengths=strengths, combine=combine,
                     min_confidence=min_confidence, only_linked=only_linked, ego=ego_id, depth=depth,
                     paths=paths, sources=sources, cluster_seed=cluster_seed, layers=layers,
                     multilateral=multilateral) for d in days]

    all_nodes = sorted({n["id"] for f in frames for n in f["nodes"]})
    groups = {n["id"]: n["cluster"] for f in frames for n in f["nodes"]}  # the last cluster a state is in
    top = max((n["centrality"] for f in frames for n in f["nodes"]), default=0.0)
    biggest = max_radius(max(len(f["nodes"]) for f in frames))
    # two of the largest nodes leave a label's height between them
    pos = grouped_positions(all_nodes, [e for f in frames for e in f["layout_edges"]], groups, method=layout,
                            seed=seed, min_distance=max(NODE_SPACING, 2 * biggest + 16))
    node_items: list[dict[str, Any]] = []
    edge_items: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def intern(items: list[dict[str, Any]], item: dict[str, Any]) -> int:
        key = json.dumps(item, sort_keys=True)
        if key not in index:
            index[key] = len(items)
            items.append(item)
        return index[key]

    out_frames = []
    for f in frames:
        node_ids = []
        for n in f["nodes"]:
            x, y = pos[n["id"]]
            share = math.sqrt(n["centrality"] / top) if top > 0 else 0.0
            item = {**n, "x": x, "y": y, "size": round(MIN_RADIUS + (biggest - MIN_RADIUS) * share, 2),
                    "centrality": round(n["centrality"], 6)}
            node_ids.append(intern(node_items, item))
        edge_ids = [intern(edge_items, e) for e in f["edges"]]
        label = f["as_of"][:4] if len(days) > 1 and all(d.month == 12 and d.day == 31 for d in days) else f["as_of"]
        out_frames.append({"as_of": f["as_of"], "label": label, "subtitle": f["subtitle"], "nodes": node_ids,
                           "edges": edge_ids, "clusters": f["clusters"]})

    n_edges = max(len(f["edges"]) for f in frames)
    if physics is None:
        physics = len(days) == 1 and n_edges <= PHYSICS_MAX_EDGES
    kinds = set().union(*(f["kinds"] for f in frames))
    if len(days) > 1:
        kind = "timeline"
    elif paths:
        kind = "path"
    elif ego_id is not None:
        kind = "ego"
    else:
        kind = "snapshot"
    if heading is None:
        when = f"{out_frames[0]['label']}-{out_frames[-1]['label']}" if len(days) > 1 else days[0].isoformat()
        if kind == "path":
            p = paths[0]
            heading = (f"Path of influence {graph.state_name(p.states[0], days[-1])} to "
                       f"{graph.state_name(p.states[-1], days[-1])} as of {when}")
        elif ego_id is not None:
            heading = f"Alliances of {graph.state_name(ego_id, days[-1])} ({ego_id}) to depth {depth}, {when}"
        elif kind == "timeline":
            heading = f"Alliances {when}"
        else:
            heading = f"Alliances as of {when}"
    states = []
    for sid in all_nodes:
        d = graph.state(sid)
        states.append({"id": sid, "name": graph.state_name(sid, days[-1]),
                       "keys": _search_keys(d, sid, graph.historical_names(sid))})
    return {
        "kind": kind, "heading": heading, "size_by": size_by, "physics": bool(physics), "layout": layout,
        "ego": ego_id, "depth": depth if ego_id is not None else None,
        "node_items": node_items, "edge_items": edge_items, "frames": out_frames, "initial": len(out_frames) - 1,
        "states": states,
        "legend_ties": [{"kind": k, "label": s["label"], "css": s["css"], "color": s["color"]}
                        for k, s in TIE_STYLES.items() if k in kinds],
        "paths": [{"states": list(p.states), "names": [graph.state_name(s, days[-1]) for s in p.states],
                   "strength": p.strength} for p in paths],
    }


def _script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: no ``<``, ``>`` or ``&`` and no line
    separators that old parsers take for line ends."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def render_view(data: Mapping[str, Any]) -> str:
    """The HTML text of a view built by :func:`build_view` (self-contained, see the module docstring)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True)
    return env.get_template("alliance.html").render(
        heading=data["heading"], data_json=jinja2.utils.markupsafe.Markup(_script_json(data)),
        vis_js=jinja2.utils.markupsafe.Markup(_inline_safe((_VIS / "vis-network.min.js").read_text(encoding="utf-8"))),
        vis_css=jinja2.utils.markupsafe.Markup((_VIS / "vis-network.css").read_text(encoding="utf-8")),
        timeline=len(data["frames"]) > 1)


def _inline_safe(script: str) -> str:
    """A script that can be inlined: ``</script`` inside it would end the element early."""
    return script.replace("</script", "<\\/script")


def write_view(graph: AllianceGraph, path: str | Path, as_of: _dt.date | Sequence[_dt.date],
               **kwargs: Any) -> Path:
    """Build (:func:`build_view`) and write an HTML view to ``path`` as UTF-8; returns the path.

    Keyword arguments go to :func:`build_view`. Parent directories are created. Raises ``OSError`` if the
    file cannot be written, and whatever :func:`build_view` raises.
    """
    html = render_view(build_view(graph, as_of, **kwargs))
    path = Path(path)
    with atomic_file(path) as tmp:  # a failed write keeps the old file and leaves no half-written one
        tmp.write_text(html, encoding="utf-8")
    return path


def view_counts(data: Mapping[str, Any], frame: int | None = None) -> dict[str, int]:
    """``{'states', 'allied', 'hostile'}`` drawn in one frame of a view (default: the initial one)."""
    f = data["frames"][data["initial"] if frame is None else frame]
    signs = [data["edge_items"][i]["sign"] for i in f["edges"]]
    return {"states": len(f["nodes"]), "allied": signs.count(1), "hostile": signs.count(-1)}
