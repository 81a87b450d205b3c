"""The HTML network views: one self-contained page per view, offline and safe with any fact text.

Owns: the view data (:func:`build_view`, :func:`build_bloc_view`), the page and its template
(:func:`render_view`, :func:`write_view`), the view's colours and tie styles (:data:`CLUSTER_COLORS`;
:data:`TIE_STYLES`, which the image draws with too), node sizes (:func:`centrality`, :data:`SIZE_BY`,
:func:`max_radius`), :func:`timeline_dates` and :func:`view_counts`.

Must not know: how clusters and paths are computed (:mod:`alliancegraph.analysis`), how positions are
computed (:mod:`.layout`), file formats of exports and images (:mod:`.exports`, :mod:`.image`), Jupyter
(:mod:`.notebook`), Neo4j, the command line.

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
from typing import Any, Mapping, Sequence

import jinja2
import networkx as nx
import pyvis

from ..analysis.centrality import betweenness
from ..analysis.clusters import alliance_clusters
from ..analysis.paths import InfluencePath
from ..errors import InvalidArgumentError
from ..fileio import atomic_file, check_file
from ..graph import AllianceGraph, Snapshot, SnapshotLike
from ..model import HOSTILITY_LEVELS
from .layout import LAYOUTS, grouped_positions

__all__ = ["build_view", "build_bloc_view", "write_view", "check_view_path", "render_view", "centrality", "timeline_dates", "CLUSTER_COLORS",
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


def _spacing(biggest: float) -> float:
    """Layout spacing for a view whose largest radius is ``biggest``: two of the largest nodes leave a
    label's height between them."""
    return max(NODE_SPACING, 2 * biggest + 16)


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
        normalised by ``(n-1)(n-2)/2``, in [0, 1] (:func:`alliancegraph.analysis.centrality.betweenness`).

    Returns
    -------
    dict
        ``{state id: value}`` for every node (0 for a state with no ally).

    Raises
    ------
    InvalidArgumentError
        For an unknown ``size_by``.
    """
    if size_by == "degree":
        return {n: float(d) for n, d in allied.degree()}
    if size_by == "strength":
        return {n: float(d) for n, d in allied.degree(weight="strength")}
    if size_by == "betweenness":
        return betweenness(allied)
    raise InvalidArgumentError(f"unknown centrality {size_by!r} (one of {', '.join(SIZE_BY)})")


def timeline_dates(start_year: int, end_year: int, step: int = 1) -> list[_dt.date]:
    """The as-of dates of a timeline: 31 December of ``start_year``, ``start_year + step``, ... up to
    ``end_year`` (the last year is always included).

    A year means its last day, as everywhere in alliancegraph (``--as-of 1990`` is 1990-12-31).
    Raises :class:`~alliancegraph.errors.InvalidArgumentError` if ``end_year < start_year``, ``step < 1``, a year is outside 1..9999, or the
    timeline would have more than 1000 frames.
    """
    if step < 1:
        raise InvalidArgumentError(f"the step must be at least 1 year, not {step}")
    if end_year < start_year:
        raise InvalidArgumentError(f"the timeline ends ({end_year}) before it starts ({start_year})")
    if not (1 <= start_year and end_year <= 9999):
        raise InvalidArgumentError(f"years must be between 1 and 9999, not {start_year}..{end_year}")
    years = list(range(start_year, end_year + 1, step))
    if years[-1] != end_year:
        years.append(end_year)
    if len(years) > 1000:
        raise InvalidArgumentError(f"{len(years)} frames is too many for one page (at most 1000): use a larger --step")
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
def _frame(graph: AllianceGraph, at: Snapshot, *, size_by: str, hostile: bool, only_linked: bool,
           ego: str | None, depth: int, paths: Sequence[InfluencePath], sources: _Sources,
           cluster_seed: int, highlight: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Nodes and edges (vis items without positions) and legend of one snapshot."""
    day = at.as_of
    marked_states: Mapping[str, str] = (highlight or {}).get("states", {})
    marked_dyads = {frozenset(k.split("|")): v for k, v in (highlight or {}).get("dyads", {}).items()}
    allied = graph.allied(at)
    hostile_g = graph.hostile(at) if hostile else nx.Graph()
    clusters = alliance_clusters(graph, at, seed=cluster_seed)
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
    keep |= {n for n in marked_states if n in drawn}
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
        if n in marked_states:
            lines.append(f"changed: {marked_states[n]}")
            item.update(borderWidth=5, changed=True)
            color = {"background": color if isinstance(color, str) else color["background"], "border": PATH_COLOR,
                     "highlight": {"background": color if isinstance(color, str) else color["background"],
                                   "border": PATH_COLOR}}
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
        if frozenset((a, b)) in marked_dyads:
            lines.insert(1, f"  changed: {marked_dyads[frozenset((a, b))]}")
            item.update(color=PATH_COLOR, width=round(item["width"] + 3, 3), changed=True)
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
def _snapshots(at: SnapshotLike | Sequence[SnapshotLike]) -> list[Snapshot]:
    """The snapshots of a view: one (a :class:`Snapshot`, a date or a date string) or a sequence of them."""
    if isinstance(at, (Snapshot, _dt.date, str)):
        return [Snapshot.of(at)]
    return [Snapshot.of(x) for x in at]


def build_view(graph: AllianceGraph, at: SnapshotLike | Sequence[SnapshotLike], *, size_by: str = "degree",
               ego: str | None = None, depth: int = 1, paths: Sequence[InfluencePath] = (),
               hostile: bool = True, only_linked: bool = True, layout: str = "spring",
               seed: int = 7, cluster_seed: int = 42, physics: bool | None = None,
               heading: str | None = None, highlight: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The data of an HTML view: frames of vis nodes and edges with positions, legend and options.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str, or a sequence of them
        One snapshot (a snapshot, ego or path view) or several (a timeline, one frame per snapshot, shown
        with a slider; see :func:`timeline_dates` and :meth:`~alliancegraph.graph.Snapshot.replace`): the
        date, strengths, combination rule and confidence floor of the projections drawn, and the layers and
        multilateral rule of the clustering that colours the nodes
        (:func:`~alliancegraph.analysis.alliance_clusters`).
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
    physics : bool, optional
        Run vis-network physics in the browser from the Python positions. Default: on for one frame of at
        most :data:`PHYSICS_MAX_EDGES` edges, else off. Never with several frames.
    heading : str, optional
        The page heading (default: said from the kind of view).
    highlight : mapping, optional
        What changed, drawn in :data:`PATH_COLOR` with the note in the tooltip (as text): ``states`` (state
        id -> note) and ``dyads`` (``"A|B"`` -> note, an allied dyad drawn on the date); and ``notes``, lines
        shown in the legend (:func:`alliancegraph.analysis.change.diff` and ``impact`` views). Highlighted
        states are drawn even without a tie.

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
    InvalidArgumentError
        On an unknown ``size_by`` or ``layout``, ``depth < 1``, no date, ``paths`` or ``physics=True``
        with several dates, or the errors of :class:`~alliancegraph.graph.Snapshot`.

    Examples
    --------
    >>> from alliancegraph import Snapshot, open_graph
    >>> data = build_view(open_graph(), [Snapshot("2014", layers="all"), Snapshot("2025", layers="all")])
    >>> data["kind"], [f["label"] for f in data["frames"]]
    ('timeline', ['2014', '2025'])
    """
    snapshots = _snapshots(at)
    days = [s.as_of for s in snapshots]
    if not days:
        raise InvalidArgumentError("a view needs at least one as-of date")
    if size_by not in SIZE_BY:
        raise InvalidArgumentError(f"unknown centrality {size_by!r} (one of {', '.join(SIZE_BY)})")
    if layout not in LAYOUTS:
        raise InvalidArgumentError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
    if depth < 1:
        raise InvalidArgumentError(f"the ego depth must be at least 1, not {depth}")
    if len(days) > 1 and paths:
        raise InvalidArgumentError("a path view shows one date; paths cannot be highlighted on a timeline")
    if len(days) > 1 and physics:
        raise InvalidArgumentError("physics cannot run on a timeline: positions must stay put across years")
    ego_id = graph.resolve_state(ego) if ego is not None else None
    sources = _Sources(graph)
    frames = [_frame(graph, s, size_by=size_by, hostile=hostile, only_linked=only_linked, ego=ego_id, depth=depth,
                     paths=paths, sources=sources, cluster_seed=cluster_seed, highlight=highlight)
              for s in snapshots]

    all_nodes = sorted({n["id"] for f in frames for n in f["nodes"]})
    groups = {n["id"]: n["cluster"] for f in frames for n in f["nodes"]}  # the last cluster a state is in
    top = max((n["centrality"] for f in frames for n in f["nodes"]), default=0.0)
    biggest = max_radius(max(len(f["nodes"]) for f in frames))
    pos = grouped_positions(all_nodes, [e for f in frames for e in f["layout_edges"]], groups, method=layout,
                            seed=seed, min_distance=_spacing(biggest))
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
        "notes": [str(x) for x in (highlight or {}).get("notes", ())],
    }


# ---------------------------------------------------------------------------- the bloc view
BLOC_EDGE_STYLES: dict[str, dict[str, Any]] = {
    "allied": {"dashes": False, "css": "solid", "color": "#555555",
               "label": "allied dyads between two blocs (width: how many)"},
    "hostile": {"dashes": [6, 4], "css": "dashed", "color": "#d62728",
                "label": "hostile dyads between two blocs (width: how many)"},
}
"""Edge styles of the bloc view (the expanded states' own ties keep :data:`TIE_STYLES`)."""

BLOC_PREFIX = "bloc:"
"""Node ids of the bloc view: ``bloc:C1``... and ``bloc:unaligned``."""


def _aggregate(unit_of: Mapping[str, str], allied: nx.Graph, hostile_g: nx.Graph, name_of: Any,
               keep: Any = None) -> dict[tuple[str, str], dict[str, Any]]:
    """Allied and hostile dyads between units (blocs, or a state and a bloc): ``{(u, v): {allied,
    strength, facts: {name: [dyads, strongest]}, hostile, level, conflicts: {name: level}}}`` with u < v;
    ``keep(a, b)`` chooses the dyads (default all between two units)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}

    def slot(a: str, b: str) -> dict[str, Any] | None:
        ua, ub = unit_of.get(a), unit_of.get(b)
        if ua is None or ub is None or ua == ub or (keep is not None and not keep(a, b)):
            return None
        key = (ua, ub) if ua < ub else (ub, ua)
        return out.setdefault(key, {"allied": 0, "strength": 0.0, "facts": {}, "hostile": 0, "level": 0,
                                    "conflicts": {}})

    for a, b, e in sorted(allied.edges(data=True)):
        s = slot(a, b)
        if s is None:
            continue
        s["allied"] += 1
        s["strength"] += e["strength"]
        for t in e["ties"]:
            f = s["facts"].setdefault(f"{t['name']} [{t['kind']}]", [0, 0.0])
            f[0] += 1
            f[1] = max(f[1], t["strength"])
    for a, b, e in sorted(hostile_g.edges(data=True)):
        s = slot(a, b)
        if s is None:
            continue
        s["hostile"] += 1
        s["level"] = max(s["level"], e["level"])
        for c in e["conflicts"]:
            s["conflicts"][c["name"]] = max(s["conflicts"].get(c["name"], 0), c["level"])
    return out


def _aggregate_edges(key: tuple[str, str], agg: Mapping[str, Any], title: str) -> list[dict[str, Any]]:
    """The vis edges (allied, hostile) of one aggregated pair of units."""
    u, v = key
    items = []
    if agg["allied"]:
        facts = sorted(agg["facts"].items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))
        lines = [f"{title}: {agg['allied']} allied dyad{'s' if agg['allied'] != 1 else ''}, "
                 f"summed strength {agg['strength']:.2f}", "  strongest ties:"]
        lines += [f"  {name}, strength {best:.2f}, {n} dyad{'s' if n != 1 else ''}" for name, (n, best) in facts[:5]]
        if len(facts) > 5:
            lines.append(f"  and {len(facts) - 5} more treaties or blocs")
        st = BLOC_EDGE_STYLES["allied"]
        items.append({"id": f"{u}|{v}|+", "from": u, "to": v, "sign": 1, "kind": "allied", "dyads": agg["allied"],
                      "strength": round(agg["strength"], 6), "width": round(min(1 + 1.5 * math.log2(1 + agg["allied"]), 14), 3),
                      "dashes": st["dashes"], "color": st["color"], "title": "\n".join(lines)})
    if agg["hostile"]:
        conflicts = sorted(agg["conflicts"].items(), key=lambda kv: (-kv[1], kv[0]))
        lines = [f"{title}: {agg['hostile']} hostile dyad{'s' if agg['hostile'] != 1 else ''}, highest level "
                 f"{agg['level']} ({HOSTILITY_LEVELS[agg['level']]})"]
        lines += [f"  {name} [level {lv}]" for name, lv in conflicts[:5]]
        if len(conflicts) > 5:
            lines.append(f"  and {len(conflicts) - 5} more conflicts")
        st = BLOC_EDGE_STYLES["hostile"]
        items.append({"id": f"{u}|{v}|-", "from": u, "to": v, "sign": -1, "kind": "hostile", "dyads": agg["hostile"],
                      "level": agg["level"], "width": round(min(1 + 1.5 * math.log2(1 + agg["hostile"]), 14), 3),
                      "dashes": st["dashes"], "color": st["color"], "physics": False,
                      "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2},  # beside the allied edge
                      "title": "\n".join(lines)})
    return items


def build_bloc_view(graph: AllianceGraph, at: SnapshotLike, *, hostile: bool = True, layout: str = "spring",
                    seed: int = 7, cluster_seed: int = 42, heading: str | None = None) -> dict[str, Any]:
    """The data of the bloc view: each named alliance cluster as one node, ties between blocs aggregated.

    Each cluster of :func:`~alliancegraph.analysis.alliance_clusters` (with its name, "NATO") is one node
    whose *area* is proportional to its number of states; the states in no cluster of two or more that
    have a drawn tie form one grey group, "unaligned". Between two blocs, one allied edge counts the allied
    dyads between their states (tooltip: the summed strength and the strongest treaties or blocs behind
    them, with how many dyads each makes) and one hostile edge counts the hostile dyads (tooltip: the
    highest MID level and the conflicts). Clicking a bloc in the page expands it into its states, in place
    (at their positions in the snapshot view, the same layout), with their own ties and, for each state,
    its ties to every other bloc aggregated; clicking another bloc or "Show blocs" collapses it.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str
        The snapshot, as in :func:`build_view`.
    hostile, layout, seed, cluster_seed, heading
        As in :func:`build_view`.

    Returns
    -------
    dict
        As :func:`build_view` (``kind`` 'blocs', one frame of bloc nodes and edges), plus ``blocs``:
        ``{bloc node id: {name, states, nodes, edges}}`` with ``nodes`` and ``edges`` the indices (into
        ``node_items`` and ``edge_items``) of what an expansion adds.

    Raises
    ------
    InvalidArgumentError
        As :func:`build_view`.

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> data = build_bloc_view(open_graph(), dt.date(2025, 1, 1))
    >>> [(b["name"], b["states"]) for b in data["blocs"].values()][:2]
    [('NATO', 35), ('CSTO', 8)]
    """
    at = Snapshot.of(at)
    as_of = at.as_of
    snap = build_view(graph, at, hostile=hostile, layout=layout, seed=seed, cluster_seed=cluster_seed,
                      physics=False)
    frame = snap["frames"][0]
    states = [snap["node_items"][k] for k in frame["nodes"]]
    state_edges = [snap["edge_items"][k] for k in frame["edges"]]
    clusters = alliance_clusters(graph, at, seed=cluster_seed)
    rank = {c.label: i for i, c in enumerate(clusters.clusters)}
    name = {c.label: c.name for c in clusters.clusters}
    defined = {c.label: c.defined_by for c in clusters.clusters}
    unit_of = {n["id"]: BLOC_PREFIX + n["cluster"] for n in states}
    members: dict[str, list[dict[str, Any]]] = {}
    for n in states:
        members.setdefault(n["cluster"], []).append(n)
    order = sorted(members, key=lambda k: (k == "unaligned", rank.get(k, 0)))
    spacing = _spacing(max_radius(len(states)))
    day_name = lambda s: graph.state_name(s, as_of)  # noqa: E731
    node_items: list[dict[str, Any]] = []
    edge_items: list[dict[str, Any]] = []
    bloc_nodes, legend = [], []
    allied = graph.allied(at)
    hostile_g = graph.hostile(at) if hostile else nx.Graph()
    inner_allied: dict[str, int] = {}
    for a, b in allied.edges:
        if a in unit_of and unit_of[a] == unit_of.get(b):
            inner_allied[unit_of[a]] = inner_allied.get(unit_of[a], 0) + 1
    for k in order:
        ms = members[k]
        bid = BLOC_PREFIX + k
        color = UNALIGNED_COLOR if k == "unaligned" else CLUSTER_COLORS[rank[k] % len(CLUSTER_COLORS)]
        label = "unaligned" if k == "unaligned" else name[k]
        names = sorted(day_name(m["id"]) for m in ms)
        lines = [f"{label} ({len(ms)} state{'s' if len(ms) != 1 else ''})" + ("" if k == "unaligned" else f", cluster {k}"),
                 ("states in no alliance cluster of two or more" if k == "unaligned"
                  else f"named after {label}" if defined.get(k) else "named after its anchor state"),
                 f"{inner_allied.get(bid, 0)} allied dyads inside",
                 ", ".join(names[:30]) + (f" and {len(names) - 30} more" if len(names) > 30 else ""),
                 "click: show its states"]
        x = sum(m["x"] for m in ms) / len(ms)
        y = sum(m["y"] for m in ms) / len(ms)
        node_items.append({"id": bid, "label": f"{label} ({len(ms)})", "bloc": k, "states": len(ms),
                           "x": round(x, 1), "y": round(y, 1),
                           "size": round(0.45 * spacing * math.sqrt(len(ms)), 2), "color": color,
                           "title": "\n".join(lines)})
        bloc_nodes.append(len(node_items) - 1)
        legend.append({"label": f"{label} ({len(ms)} state{'s' if len(ms) != 1 else ''})", "color": color})
    agg = _aggregate(unit_of, allied, hostile_g, day_name)
    label_of = {BLOC_PREFIX + k: ("unaligned" if k == "unaligned" else name[k]) for k in order}
    bloc_edges = []
    for key in sorted(agg):
        for e in _aggregate_edges(key, agg[key], f"{label_of[key[0]]} - {label_of[key[1]]}"):
            edge_items.append(e)
            bloc_edges.append(len(edge_items) - 1)
    blocs: dict[str, Any] = {}
    for k in order:
        bid = BLOC_PREFIX + k
        ids = {m["id"] for m in members[k]}
        add_nodes = []
        for m in members[k]:
            node_items.append(m)
            add_nodes.append(len(node_items) - 1)
        add_edges = []
        for e in state_edges:
            if e["from"] in ids and e["to"] in ids:
                edge_items.append(e)
                add_edges.append(len(edge_items) - 1)
        # each state of the bloc against every other bloc
        per_state = {**{s: s for s in ids}, **{s: u for s, u in unit_of.items() if s not in ids}}
        links = _aggregate(per_state, allied, hostile_g, day_name,
                           keep=lambda a, b: (a in ids) != (b in ids))
        for key in sorted(links):
            u, v = key
            state, other = (u, v) if u in ids else (v, u)
            for e in _aggregate_edges(key, links[key], f"{day_name(state)} - {label_of[other]}"):
                edge_items.append(e)
                add_edges.append(len(edge_items) - 1)
        blocs[bid] = {"name": label_of[bid], "states": len(ids), "nodes": add_nodes, "edges": add_edges}
    n_allied = sum(1 for e in state_edges if e["sign"] == 1)
    n_blocs = sum(1 for k in order if k != "unaligned")
    n_unaligned = len(members.get("unaligned", []))
    subtitle = (f"{n_blocs} blocs of {len(states) - n_unaligned} states"
                + (f" and {n_unaligned} unaligned states (one grey group)" if n_unaligned else "")
                + f", {n_allied} allied and {len(state_edges) - n_allied} hostile dyads as of {as_of.isoformat()}; "
                  f"clusters on {', '.join(clusters.layers)} pacts; click a bloc to show its states")
    kinds = {e["kind"] for e in state_edges}
    return {
        "kind": "blocs", "heading": heading or f"Alliance blocs as of {as_of.isoformat()}", "size_by": "states",
        "physics": False, "layout": layout, "ego": None, "depth": None,
        "node_items": node_items, "edge_items": edge_items,
        "frames": [{"as_of": frame["as_of"], "label": frame["label"], "subtitle": subtitle, "nodes": bloc_nodes,
                    "edges": bloc_edges, "clusters": legend}],
        "initial": 0, "states": snap["states"], "blocs": blocs,
        "legend_ties": [{"kind": k, "label": s["label"], "css": s["css"], "color": s["color"]}
                        for k, s in BLOC_EDGE_STYLES.items() if k == "allied" or hostile]
                       + [{"kind": k, "label": "expanded: " + s["label"], "css": s["css"], "color": s["color"]}
                          for k, s in TIE_STYLES.items() if k in kinds],
        "paths": [],
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
        timeline=len(data["frames"]) > 1, blocs=data["kind"] == "blocs")


def _inline_safe(script: str) -> str:
    """A script that can be inlined: ``</script`` inside it would end the element early."""
    return script.replace("</script", "<\\/script")


VIEW_SUFFIXES = (".html", ".htm")
"""The file name endings of an HTML view (in any case)."""


def check_view_path(path: str | Path) -> Path:
    """``path`` as a Path if a view may be written there, checked before anything is built: a name ending
    in .html or .htm and a path the atomic writer accepts (:func:`alliancegraph.fileio.check_file`).

    Raises :class:`~alliancegraph.errors.InvalidArgumentError` for another ending, ``OSError`` for a path
    that is not a regular file (a directory, device or FIFO) or whose directory is missing.

    Examples
    --------
    >>> try:
    ...     check_view_path("alliances.png")
    ... except InvalidArgumentError as e:
    ...     print(e)
    alliances.png: a view is an HTML page, written to a .html or .htm file, not .png
    """
    target = Path(path)
    check_file(target)  # first: "/dev/null is a character device" says more than its missing suffix
    if target.suffix.lower() not in VIEW_SUFFIXES:
        raise InvalidArgumentError(f"{target}: a view is an HTML page, written to a .html or .htm file, not "
                                   f"{target.suffix or 'a name without a suffix'}")
    return target


def write_view(graph: AllianceGraph, path: str | Path, at: SnapshotLike | Sequence[SnapshotLike],
               **kwargs: Any) -> Path:
    """Build (:func:`build_view`) and write an HTML view to ``path`` as UTF-8; returns the path.

    Parameters
    ----------
    graph : AllianceGraph
    path : str or Path
        The HTML file; parent directories are created.
    at : Snapshot, datetime.date or str, or a sequence of them
        The snapshot or snapshots, as in :func:`build_view`.
    **kwargs
        Passed to :func:`build_view`, or with ``blocs=True`` to :func:`build_bloc_view` (the bloc view of
        one snapshot).

    Returns
    -------
    Path

    Raises
    ------
    InvalidArgumentError
        For a file name not ending in .html or .htm (:func:`check_view_path`); and whatever :func:`build_view` raises.
    OSError
        If the file cannot be written (a directory, device or FIFO at ``path``, a missing directory), checked
        before the view is built.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from alliancegraph import open_graph
    >>> p = write_view(open_graph(), Path(tempfile.mkdtemp()) / "v.html", "2025-01-01", blocs=True)
    >>> p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    path = check_view_path(path)
    if kwargs.pop("blocs", False):
        if not isinstance(at, (Snapshot, _dt.date, str)):
            raise InvalidArgumentError("the bloc view shows one snapshot, not several")
        html = render_view(build_bloc_view(graph, at, **kwargs))
    else:
        html = render_view(build_view(graph, at, **kwargs))
    with atomic_file(path) as tmp:  # a failed write keeps the old file and leaves no half-written one
        tmp.write_text(html, encoding="utf-8")
    return path


def view_counts(data: Mapping[str, Any], frame: int | None = None) -> dict[str, int]:
    """``{'states', 'allied', 'hostile'}`` drawn in one frame of a view (default: the initial one)."""
    f = data["frames"][data["initial"] if frame is None else frame]
    signs = [data["edge_items"][i]["sign"] for i in f["edges"]]
    return {"states": len(f["nodes"]), "allied": signs.count(1), "hostile": signs.count(-1)}
