"""File exports of the alliance graph: GraphML, GEXF, JSON node-link, Cytoscape.js, neo4j-admin CSV,
Cypher, PNG and SVG, behind one call (:func:`export`).

Owns: the exported shapes (:func:`snapshot_graph`, :func:`history_graph`), the networkx file formats
(:func:`export_graph`, :func:`cytoscape_data`), and the dispatch of every format to its writer with
atomic files (:func:`export`, :class:`ExportResult`).

Must not know: the Neo4j form of an element (the ``neo4j-csv`` and ``cypher`` formats are
:func:`alliancegraph.neo4j_rows.write_neo4j_csv` and :func:`~alliancegraph.neo4j_rows.write_cypher`, from
the loader's own rows; a tie's id is :func:`~alliancegraph.neo4j_rows.tie_ids`'), how an image is drawn
(``png`` and ``svg`` are :func:`alliancegraph.views.image.draw_snapshot`), Bolt, or the command line.

Three shapes can be exported (:data:`SHAPES`):

* ``snapshot``: the signed dyadic network as of a date (:func:`snapshot_graph`): nodes = states with their
  cluster and bloc, one edge per allied dyad (id ``allied:DEU:FRA``) and one per hostile dyad (id
  ``hostile:RUS:UKR``), each with ``sign``, a positive ``weight`` and ``signed_weight``;
* ``history``: every tie over time (:func:`history_graph`): nodes = states with their cluster and bloc year
  by year, one edge per :class:`~alliancegraph.graph.Tie` with its interval, so that Gephi's timeline plays
  the alliance history;
* ``property-graph``: every node and relationship of the model (``AllianceGraph.pg``), and for
  neo4j-admin CSV and Cypher also the derived ``ALLIED_WITH`` / ``HOSTILE_TO`` ties, exactly as the Neo4j
  loader writes them.

Formats (:data:`FORMATS`) and the shapes they take (the first is the default):

=============  ==========================================  ===============================================
format         shapes                                      notes
=============  ==========================================  ===============================================
graphml        snapshot, history, property-graph           lists joined by ``"; "`` (GraphML has no lists)
gexf           history, snapshot                           GEXF 1.2, ``mode="dynamic"``, ``timeformat="date"``
json           snapshot, history, property-graph           networkx node-link (``edges="links"``), lists kept
cytoscape      snapshot, history, property-graph           Cytoscape.js elements JSON, with positions
neo4j-csv      property-graph                              a directory of CSV files and ``import.sh``
cypher         property-graph                              a parameter-free script of ``MERGE`` statements
png, svg       snapshot                                    a matplotlib drawing for papers
=============  ==========================================  ===============================================

Nothing is dropped silently: a missing value is absent from its node or edge (an empty CSV field), a
property that the schema does not know raises :class:`~alliancegraph.neo4j_rows.Neo4jFormatError`
(neo4j-admin CSV, Cypher; a ``ValueError``), and every attribute keeps one type per key.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import networkx as nx

from ..dates import PartialDate
from ..errors import InvalidArgumentError
from ..fileio import atomic_file, atomic_files, check_directory, check_file
from ..graph import DEFAULT_STRENGTHS, AllianceGraph, Snapshot, SnapshotLike
from ..neo4j_rows import load_plan, tie_ids, write_cypher, write_neo4j_csv
from .image import IMAGE_FORMATS, draw_snapshot

__all__ = ["FORMATS", "SHAPES", "DEFAULT_SHAPE", "SUFFIXES", "ExportResult", "check_export_path", "export", "export_graph", "snapshot_graph",
           "history_graph", "history_years", "DYNAMIC_ATTRIBUTES", "cytoscape_data"]

FORMATS = ("graphml", "gexf", "json", "cytoscape", "neo4j-csv", "cypher", "png", "svg")
SHAPES = ("snapshot", "history", "property-graph")
ALLOWED: dict[str, tuple[str, ...]] = {
    "graphml": ("snapshot", "history", "property-graph"),
    "gexf": ("history", "snapshot"),
    "json": ("snapshot", "history", "property-graph"),
    "cytoscape": ("snapshot", "history", "property-graph"),
    "neo4j-csv": ("property-graph",),
    "cypher": ("property-graph",),
    "png": ("snapshot",),
    "svg": ("snapshot",),
}
DEFAULT_SHAPE = {fmt: shapes[0] for fmt, shapes in ALLOWED.items()}
"""The shape each format exports when none is asked for."""

SUFFIXES: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml", ".xml"), "gexf": (".gexf",), "json": (".json",), "cytoscape": (".json", ".cyjs"),
    "cypher": (".cypher", ".cql", ".cyp"), "png": (".png",), "svg": (".svg",), "neo4j-csv": (),
}
"""The file name endings each format is written to (in any case; ``neo4j-csv`` writes a directory)."""


# ---------------------------------------------------------------------------- shapes
def snapshot_graph(graph: AllianceGraph, at: SnapshotLike) -> nx.MultiGraph:
    """The signed dyadic network of the snapshot ``at``: a ``networkx.MultiGraph`` over state ids.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`): its date (``as_of`` below), the strengths,
        combination rule and confidence floor of :meth:`AllianceGraph.allied`, and the layers and
        multilateral rule of the clusters and blocs, as in :func:`~alliancegraph.analysis.alliance_clusters`
        (default defense and offense pacts, square-root sharing of multilateral pacts).

    Returns
    -------
    networkx.MultiGraph
        Nodes: ``name`` (as of ``as_of``, :meth:`AllianceGraph.state_name`), ``iso3``, ``cow_abb`` and
        ``ccode`` as of ``as_of`` where known (:meth:`AllianceGraph.state_codes`: West Germany is 260/GFR);
        the alliance cluster (:func:`~alliancegraph.analysis.alliance_clusters`):
        ``cluster`` (``C1``... or ``unaligned``) and ``cluster_name`` ("NATO"; empty when unaligned); and
        the signed bloc (:func:`~alliancegraph.analysis.signed.signed_clusters` on
        :func:`~alliancegraph.analysis.signed.signed_graph` as of the date, same layers): ``bloc``
        (``B1``... by size, or ``unaligned`` for a state in no bloc of two or more) and ``bloc_name``.

        Edges are keyed by an id unique in the graph, ``allied:<a>:<b>`` or ``hostile:<a>:<b>`` (``a`` <
        ``b``). Every edge has ``sign`` (+1 allied, -1 hostile), ``weight`` (> 0 on every edge, as
        Gephi's ForceAtlas2 and Modularity and igraph's community detection take it: the allied
        ``strength``, or the hostile ``cluster_weight``), ``signed_weight`` (``sign * weight``, for signed
        methods) and ``cluster_weight`` (>= 0: the weight the clusters and blocs read; 0 for an allied dyad
        with no tie in the layers). Allied edges also have
        ``strength`` in (0, 1] (every tie kind, combined by ``combine``, as paths of influence read it),
        ``kinds`` and ``via`` (lists, strongest tie first); hostile edges ``level`` (MID 1-5) and ``via``
        (conflict ids). Graph attributes ``as_of`` (ISO date), ``layers`` and ``multilateral``.

    Raises
    ------
    DateError, InvalidArgumentError
        As :class:`~alliancegraph.graph.Snapshot`.

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> g = snapshot_graph(open_graph(), dt.date(2025, 1, 1))
    >>> e = g.edges["RUS", "UKR", "hostile:RUS:UKR"]
    >>> e["sign"], e["weight"] == e["cluster_weight"] > 0, e["signed_weight"] == -e["weight"]
    (-1, True, True)
    >>> g.nodes["DEU"]["cluster_name"], g.nodes["DEU"]["bloc_name"]
    ('NATO', 'NATO')
    """
    from ..analysis.clusters import alliance_clusters
    from ..analysis.signed import signed_clusters, signed_graph

    at = Snapshot.of(at)
    as_of = at.as_of
    res = alliance_clusters(graph, at)
    allied = res.projection
    assert allied is not None
    hostile = graph.hostile(at)
    blocs = {m: (b.label, b.name) for b in signed_clusters(signed_graph(graph, at)).blocs() for m in b.members}
    g = nx.MultiGraph(as_of=as_of.isoformat(), layers=",".join(res.layers), multilateral=res.multilateral)
    for n in sorted(set(allied.nodes) | set(hostile.nodes)):
        d = graph.state(n)
        c = res.cluster_of(n)
        bloc, bloc_name = blocs.get(n, ("unaligned", ""))
        ccode, cow_abb = graph.state_codes(n, as_of)  # COW's codes of the date (West Germany 260/GFR)
        g.add_node(n, name=graph.state_name(n, as_of), cluster=c.label if c else "unaligned",
                   cluster_name=c.name if c else "", bloc=bloc, bloc_name=bloc_name,
                   **{k: v for k, v in (("iso3", d.get("iso3")), ("cow_abb", cow_abb), ("ccode", ccode))
                      if v is not None})
    for a, b, e in sorted((*sorted(ab), e) for *ab, e in allied.edges(data=True)):
        g.add_edge(a, b, key=f"allied:{a}:{b}", sign=1, weight=e["strength"], signed_weight=e["strength"],
                   strength=e["strength"], cluster_weight=e["weight"], kinds=[t["kind"] for t in e["ties"]], via=[t["via"] for t in e["ties"]])
    for a, b, e in sorted((*sorted(ab), e) for *ab, e in hostile.edges(data=True)):
        g.add_edge(a, b, key=f"hostile:{a}:{b}", sign=-1, weight=e["weight"], signed_weight=-e["weight"],
                   cluster_weight=e["weight"],
                   level=e["level"], via=[c["via"] for c in e["conflicts"]])
    return g


DYNAMIC_ATTRIBUTES = ("cluster", "cluster_name", "bloc", "bloc_name")
"""The node attributes of :func:`history_graph` that change over the years."""


def history_years(graph: AllianceGraph, today: _dt.date | None = None) -> tuple[int, int] | None:
    """The default period of a history export: from the year the first tie starts to the year the last one
    ends, or to ``today``'s year (default the current date) when a tie is open; None for a graph without
    dated ties.

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> history_years(open_graph(), today=dt.date(2025, 6, 1))
    (1949, 2025)
    """
    starts = [t.start.first_day().year for t in graph.ties() if t.start is not None]
    if not starts:
        return None
    today = today or _dt.date.today()
    ends = [t.end.last_day().year if t.end is not None else today.year for t in graph.ties()]
    return min(starts), max(max(ends), min(starts))


def _yearly_groups(graph: AllianceGraph, first: int, last: int, template: Snapshot
                   ) -> dict[str, dict[str, list[tuple[Any, str, str]]]]:
    """``state -> attribute -> [(value, start, end), ...]``: each year's cluster (as of 31 December) and
    signed bloc (the timeline's, over the year as a period, with its tracking label), consecutive years of
    one value merged into one spell of ISO days."""
    from ..analysis.clusters import alliance_clusters
    from ..analysis.timeline import timeline

    tl = timeline(graph, first, last, at=template)
    out: dict[str, dict[str, list[tuple[Any, str, str]]]] = {}
    for ty in tl.years:
        res = alliance_clusters(graph, template.replace(as_of=_dt.date(ty.year, 12, 31), until=None))
        assert res.projection is not None
        bloc_of = {m: (ty.tracks.get(name, name), name) for name, members in ty.blocs.items() for m in members}
        for n in sorted(set(res.projection.nodes) | set(bloc_of)):
            c = res.cluster_of(n)
            b = bloc_of.get(n, ("unaligned", ""))
            values = {"cluster": c.label if c else "unaligned", "cluster_name": c.name if c else "",
                      "bloc": b[0], "bloc_name": b[1]}
            for k, v in values.items():
                spells = out.setdefault(n, {}).setdefault(k, [])
                if spells and spells[-1][0] == v and spells[-1][2] == f"{ty.year - 1}-12-31":
                    spells[-1] = (v, spells[-1][1], f"{ty.year}-12-31")
                else:
                    spells.append((v, f"{ty.year}-01-01", f"{ty.year}-12-31"))
    return out


def history_graph(graph: AllianceGraph, years: tuple[int, int] | None | bool = True,
                  at: Snapshot | None = None) -> nx.MultiGraph:
    """Every tie over time: a ``networkx.MultiGraph`` over all states, one edge per tie.

    Parameters
    ----------
    graph : AllianceGraph
    years : (int, int), True or False
        The first and last year of the clusters and blocs (:data:`DYNAMIC_ATTRIBUTES`); True (default):
        :func:`history_years`; False: none.
    at : Snapshot, optional
        The template of the clusters' and blocs' snapshots (its date is not used): strengths, combination
        rule, confidence floor, layers and multilateral rule, as in
        :func:`~alliancegraph.analysis.alliance_clusters` and :func:`~alliancegraph.analysis.timeline.timeline`.

    Returns
    -------
    networkx.MultiGraph
        Nodes: every State with ``name``, ``iso3``, ``cow_abb``, ``ccode`` where known, ``spells`` (a list
        of ``(start, end)`` ISO days, ``None`` for open) when the state has COW state-system spells, and
        for each year of ``years`` in which the state is in the state system or in a bloc, ``cluster``,
        ``cluster_name`` (:func:`~alliancegraph.analysis.alliance_clusters` as of 31 December; ``C1``...
        rank the year's clusters by size), ``bloc`` and ``bloc_name`` (the signed blocs of
        :func:`~alliancegraph.analysis.timeline.timeline`, each year read as a period; ``B<n>`` is the
        tracking label, the same bloc across years): lists of ``(value, start, end)`` with ISO days, one
        item per run of years with one value (``unaligned`` and ``""`` for a state in no cluster or bloc).
        The graph attribute ``dynamic`` names these attributes, ``period`` gives the years
        (``"1949/2025"``).

        Edges, keyed by the tie's id (:func:`alliancegraph.neo4j_rows.tie_ids`), the ties in force at some time in the period
        (every tie when ``years`` is False): ``sign`` (+1, -1), ``kind``, ``via``,
        ``via_label``, ``from`` / ``to`` (the partial ISO dates, as in the facts, absent when unknown or
        open), ``start`` (first day of ``from``) and ``end`` (last day of ``to``) as ISO days for GEXF's
        timeline, ``weight`` (> 0: the allied ``strength``, 1 for a hostile tie), ``signed_weight``
        (``sign * weight``),
        ``strength`` (the default strength of the kind, allied ties), ``level`` (MID level, hostile ties),
        ``confidence`` (the latest) and ``confidence_history`` (JSON text, oldest first).

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> h = history_graph(open_graph(), years=(1990, 1992))
    >>> h.nodes["DEU"]["bloc_name"]
    [('NATO', '1990-01-01', '1992-12-31')]
    """
    g = nx.MultiGraph()
    period = history_years(graph) if years is True else (years or None)
    groups = _yearly_groups(graph, period[0], period[1], at if at is not None else Snapshot()) if period else {}
    if period:
        g.graph.update(dynamic=",".join(DYNAMIC_ATTRIBUTES), period=f"{period[0]}/{period[1]}")
    state_spells = graph.state_spells()
    for sid, d in graph.nodes("State"):
        attrs: dict[str, Any] = {k: d[k] for k in ("name", "iso3", "cow_abb", "ccode") if d.get(k) is not None}
        spells = state_spells.get(sid)
        if spells:
            attrs["spells"] = [(a.first_day().isoformat(), b.last_day().isoformat() if b else None) for a, b in spells]
        attrs.update(groups.get(sid, {}))
        g.add_node(sid, **attrs)
    first = _dt.date(period[0], 1, 1) if period else None
    last = _dt.date(period[1], 12, 31) if period else None
    for t, tid, _ in tie_ids(graph):
        if first is not None and last is not None and not (
                (t.start is None or t.start.first_day() <= last) and (t.end is None or t.end.last_day() >= first)):
            continue  # a tie wholly outside the period
        attrs = {"sign": t.sign, "kind": t.kind, "via": t.via, "via_label": t.via_label}
        if t.start is not None:
            attrs["from"] = t.start.iso()
            attrs["start"] = t.start.first_day().isoformat()
        if t.end is not None:
            attrs["to"] = t.end.iso()
            attrs["end"] = t.end.last_day().isoformat()
        if t.sign > 0:
            attrs["strength"] = attrs["weight"] = attrs["signed_weight"] = DEFAULT_STRENGTHS[t.kind]
        else:
            if t.level is not None:  # a missing value is absent (the rule of alliancegraph.neo4j_rows)
                attrs["level"] = int(t.level)
            attrs["weight"], attrs["signed_weight"] = 1.0, -1.0
        conf = t.confidence or ()
        attrs["confidence"] = conf[-1].value.value if conf else "confirmed"
        attrs["confidence_history"] = json.dumps(
            [{"value": e.value.value, "date": e.date.iso() if e.date else None} for e in conf], sort_keys=True)
        g.add_edge(t.a, t.b, key=tid, **attrs)
    return g


# ---------------------------------------------------------------------------- graph formats
def _flatten(d: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        if isinstance(v, (list, tuple)):
            v = "; ".join("/".join("" if x is None else str(x) for x in e) if isinstance(e, tuple) else str(e)
                          for e in v)
        out[k] = v
    return out


def _check_types(g: nx.Graph) -> None:
    """One Python type per attribute key (ints and floats are not mixed), else :class:`InvalidArgumentError`."""
    for what, items in (("node", (d for _, d in g.nodes(data=True))), ("edge", (d for *_, d in g.edges(data=True)))):
        types: dict[str, set[type]] = {}
        for d in items:
            for k, v in d.items():
                types.setdefault(k, set()).add(type(v))
        mixed = {k: sorted(t.__name__ for t in ts) for k, ts in types.items() if len(ts) > 1}
        if mixed:
            raise InvalidArgumentError(f"{what} attributes with more than one type: {mixed}")


def export_graph(g: nx.Graph, path: str | Path, fmt: str, positions: Mapping[str, tuple[float, float]] | None = None) -> Path:
    """Write a networkx graph (a snapshot, the history or ``AllianceGraph.pg``) as GraphML, GEXF, JSON
    node-link or Cytoscape.js JSON.

    Parameters
    ----------
    g : networkx.Graph
    path : path
        The file to write (parents are created), UTF-8.
    fmt : {'graphml', 'gexf', 'json', 'cytoscape'}
        GraphML and GEXF cannot hold lists: list values are joined with ``"; "`` (a list of ``(start,
        end)`` pairs as ``start/end``), except GEXF ``spells``, which become GEXF spells, and the attributes
        the graph attribute ``dynamic`` names (:func:`history_graph`: lists of ``(value, start, end)``),
        which become GEXF dynamic attvalues (``start`` / ``end``) and in GraphML one attribute per year
        (``cluster_1990``, ``cluster_1991``...). GEXF nodes get a ``label`` (the state's name) and edges
        with ``start`` / ``end`` make the graph dynamic. Edge ids (GraphML ``id``, GEXF ``id``) are the
        edge keys of a multigraph; GraphML also has them as the edge attribute ``id`` (python-igraph 1.0
        reads the XML id wrongly and then warns that an ``id`` attribute exists, keeping the right one). JSON keeps lists (node-link, ``edges="links"``, sorted keys).
    positions : mapping, optional
        ``{node: (x, y)}`` CSS pixels, written as Cytoscape.js ``position`` (cytoscape only).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InvalidArgumentError
        For an unknown format, or an attribute key with values of several types.
    OSError
        If the file cannot be written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _check_types(g)
    dynamic = [k for k in str(g.graph.get("dynamic", "")).split(",") if k]
    if fmt in ("graphml", "gexf"):
        h = g.__class__()
        h.graph.update({k: v for k, v in g.graph.items() if isinstance(v, (str, int, float, bool))})
        for n, d in g.nodes(data=True):
            attrs = dict(d)
            spells = attrs.pop("spells", None) if fmt == "gexf" else None
            changing = {k: attrs.pop(k) for k in dynamic if k in attrs}
            attrs = _flatten(attrs)
            for k, values in changing.items():
                if fmt == "gexf":  # GEXF attvalues with start and end
                    attrs[k] = list(values)
                else:  # GraphML has no dynamics: one attribute per year, cluster_1990, cluster_1991...
                    for v, start, end in values:
                        for year in range(int(start[:4]), int(end[:4]) + 1):
                            attrs[f"{k}_{year}"] = v
            if fmt == "gexf":
                attrs.setdefault("label", d.get("name", n))
                if spells:
                    attrs["spells"] = spells
            h.add_node(n, **attrs)
        if g.is_multigraph():
            for a, b, k, d in g.edges(keys=True, data=True):
                attrs = _flatten(d)
                # GEXF: the edge's id; GraphML: its XML id (the key) and the same as data, because
                # python-igraph 1.0's reader fills ``id`` with wrong values from the XML id alone
                attrs.setdefault("id", str(k))
                h.add_edge(a, b, key=k, **attrs)
        else:
            for a, b, d in g.edges(data=True):
                h.add_edge(a, b, **_flatten(d))
        if fmt == "graphml":
            nx.write_graphml(h, path, encoding="utf-8")
        else:
            nx.write_gexf(h, path, encoding="utf-8", version="1.2draft")
    elif fmt == "json":
        data = nx.node_link_data(g, edges="links")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str), encoding="utf-8")
    elif fmt == "cytoscape":
        path.write_text(json.dumps(cytoscape_data(g, positions), ensure_ascii=False, indent=1, default=str),
                        encoding="utf-8")
    else:
        raise InvalidArgumentError(f"unknown graph format {fmt!r} (one of graphml, gexf, json, cytoscape)")
    return path


def cytoscape_data(g: nx.Graph, positions: Mapping[str, tuple[float, float]] | None = None) -> dict[str, Any]:
    """The Cytoscape.js elements JSON of a graph (as ``cy.add(data.elements)`` or
    ``cytoscape({elements: data.elements})`` takes it; ``networkx.cytoscape_graph`` reads it back).

    Nodes: ``{"data": {"id", "value", "name", ...attributes}, "position": {"x", "y"}}`` (position where
    given). Edges: ``{"data": {"id", "source", "target", "key", ...attributes}}`` with ``id`` the edge's
    key (``allied:DEU:FRA`` in a snapshot, a tie id in the history). Lists stay lists.

    Raises :class:`InvalidArgumentError` if an element id is used twice (node and edge ids share one space in Cytoscape.js).
    """
    nodes, edges, seen = [], [], set()
    for n, d in g.nodes(data=True):
        data = {**d, "id": str(n), "value": n, "name": d.get("name", str(n))}
        item: dict[str, Any] = {"data": data}
        if positions and n in positions:
            item["position"] = {"x": positions[n][0], "y": positions[n][1]}
        seen.add(str(n))
        nodes.append(item)
    if g.is_multigraph():
        triples = g.edges(keys=True, data=True)
    else:
        triples = ((a, b, None, d) for a, b, d in g.edges(data=True))
    for a, b, k, d in triples:
        eid = f"{a}|{b}" if k is None else str(k)
        if eid in seen:
            raise InvalidArgumentError(f"element id {eid!r} is used twice: Cytoscape.js needs unique ids")
        seen.add(eid)
        data = {**d, "id": eid, "source": a, "target": b}
        if k is not None:
            data["key"] = k
        edges.append({"data": data})
    return {"data": dict(g.graph), "directed": g.is_directed(), "multigraph": g.is_multigraph(),
            "elements": {"nodes": nodes, "edges": edges}}


# ---------------------------------------------------------------------------- the one call
@dataclass(frozen=True)
class ExportResult:
    """What :func:`export` wrote: ``paths`` (one file, or a directory's files), the ``shape`` exported and
    its ``nodes`` and ``edges`` counts (relationships, derived ties included, for the Neo4j formats).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancegraph import export, open_graph
    >>> r = export(open_graph(), pathlib.Path(tempfile.mkdtemp()) / "net.graphml", "graphml", at="2025-01-01")
    >>> r.fmt, r.shape, [p.name for p in r.paths]
    ('graphml', 'snapshot', ['net.graphml'])
    """

    paths: tuple[Path, ...]
    fmt: str
    shape: str
    nodes: int
    edges: int


def export(graph: AllianceGraph, path: str | Path, fmt: str, shape: str | None = None,
           at: SnapshotLike | None = None, years: tuple[int, int] | bool = True,
           **image_options: Any) -> ExportResult:
    """Export ``graph`` to ``path`` in ``fmt``: the library call behind ``alliancegraph export``.

    The files are written under temporary names and moved into place only when all of them are written
    (:mod:`alliancegraph.fileio`): a failed export leaves no half-written file and keeps an older one.

    Parameters
    ----------
    graph : AllianceGraph
    path : path
        The file to write; a directory for ``neo4j-csv``.
    fmt : str
        One of :data:`FORMATS`.
    shape : {'snapshot', 'history', 'property-graph'}, optional
        What to export (see the module docstring); default :data:`DEFAULT_SHAPE` of the format.
    at : Snapshot, datetime.date or str, optional
        The snapshot (:class:`~alliancegraph.graph.Snapshot`; needed for ``snapshot``): its date and rules
        (:func:`snapshot_graph`); for ``history``, the template of the clusters' and blocs' rules
        (:func:`history_graph`; its date is not used); ignored by ``property-graph``.
    years : (int, int), True or False
        History only: the first and last year of the nodes' clusters and blocs (:func:`history_graph`);
        True (default): from the first tie to the last (or this year); False: none.
    **image_options
        Passed to :func:`alliancegraph.views.image.draw_snapshot` (png and svg only).

    Returns
    -------
    ExportResult

    Raises
    ------
    DateError
        For an ``at`` that is not a date.
    InvalidArgumentError
        For an unknown format or shape, a shape the format cannot hold, a missing ``at``, or the errors
        of :func:`export_graph` and :func:`~alliancegraph.views.image.draw_snapshot`.
    Neo4jFormatError
        From the Neo4j writers (``neo4j-csv``, ``cypher``): an element outside the schema.
    OSError
        If a file cannot be written.

    Examples
    --------
    >>> import datetime as dt, tempfile, networkx as nx
    >>> from alliancegraph import open_graph
    >>> out = Path(tempfile.mkdtemp()) / "net.graphml"
    >>> r = export(open_graph(), out, "graphml", at=dt.date(2025, 1, 1))
    >>> h = nx.read_graphml(out, force_multigraph=True)
    >>> e = h.edges["DEU", "FRA", "allied:DEU:FRA"]
    >>> e["sign"], e["weight"] == e["strength"], h.nodes["FRA"]["cluster_name"]
    (1, True, 'NATO')
    """
    target = check_export_path(path, fmt)
    if fmt == "neo4j-csv":
        with atomic_files(target) as tmp:
            r = _export(graph, tmp, fmt, shape, at, years, **image_options)
        return dataclasses.replace(r, paths=tuple(target / p.name for p in r.paths))
    if fmt == "cypher":  # write_cypher writes through atomic_file itself: its header names the file to run
        r = _export(graph, target, fmt, shape, at, years, **image_options)
        return dataclasses.replace(r, paths=(target,))
    with atomic_file(target) as tmp:
        r = _export(graph, tmp, fmt, shape, at, years, **image_options)
    return dataclasses.replace(r, paths=(target,))


def check_export_path(path: str | Path, fmt: str) -> Path:
    """``path`` as a Path if an export in ``fmt`` may be written there, checked before anything is built:
    a known format, a file name ending as the format's files do (:data:`SUFFIXES`), and a path the atomic
    writer accepts (:func:`alliancegraph.fileio.check_file`; :func:`~alliancegraph.fileio.check_directory`
    for ``neo4j-csv``).

    Raises
    ------
    InvalidArgumentError
        For an unknown format or a file name of another format.
    OSError
        For a path that is not a regular file (a directory, device or FIFO) or whose directory is missing.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> check_export_path(d / "net.graphml", "graphml").name
    'net.graphml'
    >>> try:
    ...     check_export_path("net.png", "graphml")
    ... except InvalidArgumentError as e:
    ...     print(e)
    net.png: a graphml export is written to a .graphml or .xml file, not .png
    """
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    target = Path(path)
    if fmt == "neo4j-csv":
        check_directory(target)
        return target
    check_file(target)  # first: "/dev/null is a character device" says more than its missing suffix
    if target.suffix.lower() not in SUFFIXES[fmt]:
        raise InvalidArgumentError(f"{target}: a {fmt} export is written to a {' or '.join(SUFFIXES[fmt])} file, "
                                   f"not {target.suffix or 'a name without a suffix'}")
    return target


def _export(graph: AllianceGraph, path: Path, fmt: str, shape: str | None, at: SnapshotLike | None,
            years: tuple[int, int] | bool = True, **image_options: Any) -> ExportResult:
    shape = shape or DEFAULT_SHAPE[fmt]
    if shape not in SHAPES:
        raise InvalidArgumentError(f"unknown shape {shape!r} (one of {', '.join(SHAPES)})")
    if shape not in ALLOWED[fmt]:
        raise InvalidArgumentError(f"{fmt} exports {' or '.join(ALLOWED[fmt])}, not {shape}")
    if shape == "snapshot" and at is None:
        raise InvalidArgumentError("a snapshot export needs an as-of date")
    if image_options and fmt not in IMAGE_FORMATS:
        raise InvalidArgumentError(f"options {sorted(image_options)} are for png and svg only")
    if fmt in IMAGE_FORMATS:
        assert at is not None
        p = draw_snapshot(graph, at, path, fmt, **image_options)
        snap = snapshot_graph(graph, at)
        linked = [n for n in snap if snap.degree(n) > 0]
        return ExportResult((p,), fmt, shape, len(linked), snap.number_of_edges())
    if fmt in ("neo4j-csv", "cypher"):
        # the loader's rows (both files hold what `alliancegraph load` writes), streamed; no load_hash
        plan = load_plan(graph, hashed=False)  # the plan and the writers pause the collector themselves
        paths: Sequence[Path] = write_neo4j_csv(plan, path) if fmt == "neo4j-csv" else [write_cypher(plan, path)]
        return ExportResult(tuple(paths), fmt, shape, plan.node_count, plan.total - plan.node_count)
    positions = None
    if shape == "snapshot":
        assert at is not None
        g: nx.Graph = snapshot_graph(graph, at)
    elif shape == "history":
        template = Snapshot.of(at) if at is not None else None
        g = history_graph(graph, years, at=template)
    else:
        g = graph.pg
    if fmt == "cytoscape" and shape != "property-graph":
        from .layout import grouped_positions

        # the HTML view's layout: each alliance cluster its own disc (unaligned states each alone)
        edges: Iterable[tuple[str, str, float]] = (
            (a, b, d["strength"]) for a, b, d in g.edges(data=True) if d.get("sign") == 1)
        groups = {n: d["cluster"] for n, d in g.nodes(data=True)
                  if d.get("cluster") not in (None, "", "unaligned")}
        positions = grouped_positions(list(g.nodes), list(edges), groups)
    p = export_graph(g, path, fmt, positions=positions)
    return ExportResult((p,), fmt, shape, g.number_of_nodes(), g.number_of_edges())
