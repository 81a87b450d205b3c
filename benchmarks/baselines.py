"""The analysis code as it was before the benchmarks' optimisations (git 6e125af..b86a517), kept as the
baseline that the timeline case measures in the same run: every snapshot filters every tie with date
arithmetic, parses the state-system spells again, builds the full allied and hostile projections (with
the names and lists of ties of every edge) to read a few numbers per dyad from them, and counts triads
through networkx's views.

The clustering rework (704fc17: clustering layers, multilateral sharing, ties clipped to the state-system
spells, blocs named) changed what the timeline computes; this baseline follows it in *what* it computes
(the same layers, shares, weights, combination order and names, so that its rows are equal to the
project's, which the runner checks) and keeps the old code's *way* of getting there. Leiden
(:func:`alliancegraph.analysis.signed.signed_clusters`, which also names the blocs), the bloc tracking and
the frustration are the project's own in both: they were not part of the optimisation."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Iterable, Mapping

import networkx as nx

from alliancegraph.dates import overlaps, parse_optional
from alliancegraph.graph import (
    DEFAULT_MULTILATERAL,
    DEFAULT_STRENGTHS,
    AllianceGraph,
    check_layers,
    combine_strengths,
    drop_deferred,
    multilateral_share,
    strength_table,
)
from alliancegraph.model import Confidence


def ties_as_of(graph: AllianceGraph, day: _dt.date, min_confidence: str = "reported", until: _dt.date | None = None):
    floor = Confidence(min_confidence).rank
    last = until or day
    return [t for t in graph.ties() if overlaps(t.start, t.end, day, last) and t.confidence_as_of(last).rank >= floor]


def states_as_of(graph: AllianceGraph, day: _dt.date, until: _dt.date | None = None) -> list[str]:
    last = until or day
    out = []
    for sid, d in sorted(((n, d) for n, d in graph.pg.nodes(data=True) if d.get("label") == "State"),
                         key=lambda x: x[0]):
        spells = d.get("system_spells")
        if not spells:
            out.append(sid)
            continue
        for sp in spells:
            a, b = sp.split("/")
            if overlaps(parse_optional(a), None if b == ".." else parse_optional(b), day, last):
                out.append(sid)
                break
    return out


def fact_name(graph: AllianceGraph, fact_id: str) -> str:
    d = graph.pg.nodes.get(fact_id)
    if d is not None:
        return d.get("name") or d.get("title") or fact_id
    for u, v, r in sorted(((u, v, d) for u, v, d in graph.pg.edges(data=True) if d.get("type") == "SUPPORTS"),
                          key=lambda x: x[2]["id"]):
        if r["id"] == fact_id:
            return f"{r.get('kind', 'support')}: {graph.state_name(u)} to {graph.state_name(v)}"
    return fact_id


def _sizes(ties) -> dict[str, int]:
    """The number of states each fact ties together in the snapshot (the n of multilateral_share)."""
    members: dict[str, set[str]] = {}
    for t in ties:
        members.setdefault(t.via, set()).update((t.a, t.b))
    return {v: len(m) for v, m in members.items()}


def allied(graph: AllianceGraph, day, strengths=None, combine="noisy-or", min_confidence="reported", until=None,
           layers: Iterable[str] | None = None, multilateral: str = DEFAULT_MULTILATERAL):
    table = strength_table(strengths, combine)
    layer_set = check_layers(layers)
    when = until or day
    g = nx.Graph()
    for sid in states_as_of(graph, day, until):
        g.add_node(sid, name=graph.state_name(sid, when))
    snapshot = ties_as_of(graph, day, min_confidence, until)
    by_dyad: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for t in snapshot:
        if t.sign < 0:
            continue
        entry = by_dyad.setdefault((t.a, t.b), {})
        if t.via not in entry or DEFAULT_STRENGTHS[entry[t.via]["kind"]] < DEFAULT_STRENGTHS[t.kind]:
            entry[t.via] = {"via": t.via, "via_label": t.via_label, "kind": t.kind}
    drop_deferred(by_dyad, graph.deferrals())
    kept = {(a, b, v) for (a, b), entry in by_dyad.items() for v in entry}
    size = _sizes([t for t in snapshot if t.sign < 0 or (t.a, t.b, t.via) in kept])
    for (a, b), entry in sorted(by_dyad.items()):
        ties = []
        for e in entry.values():
            s, share = table[e["kind"]], multilateral_share(size[e["via"]], multilateral)
            ties.append({**e, "name": fact_name(graph, e["via"]), "short_name": graph.own_short_name(e["via"]),
                         "strength": s, "parties": size[e["via"]], "share": share,
                         "weight": s * share if e["kind"] in layer_set else 0.0})
        ties.sort(key=lambda e: (-e["strength"], e["via"]))
        strength = combine_strengths((e["strength"] for e in ties), combine)
        # combined heaviest first, as AllianceGraph.dyads() does (the timeline's numbers)
        in_layer = sorted(((e["weight"], e["via"]) for e in ties if e["weight"] > 0), key=lambda x: (-x[0], x[1]))
        for n in (a, b):
            if n not in g:
                g.add_node(n, name=graph.state_name(n, when))
        g.add_edge(a, b, strength=strength, cost=-math.log(strength), ties=ties,
                   weight=combine_strengths((w for w, _ in in_layer), combine) if in_layer else 0.0)
    return g


def hostile(graph: AllianceGraph, day, min_confidence="reported", until=None,
            multilateral: str = DEFAULT_MULTILATERAL, combine: str = "noisy-or"):
    when = until or day
    g = nx.Graph()
    for sid in states_as_of(graph, day, until):
        g.add_node(sid, name=graph.state_name(sid, when))
    snapshot = ties_as_of(graph, day, min_confidence, until)
    size = _sizes(snapshot)
    by_dyad: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for t in snapshot:
        if t.sign > 0:
            continue
        entry = by_dyad.setdefault((t.a, t.b), {})
        if t.via not in entry or t.level > entry[t.via]["level"]:
            entry[t.via] = {"via": t.via, "name": fact_name(graph, t.via), "level": t.level,
                            "parties": size[t.via], "share": multilateral_share(size[t.via], multilateral)}
    for (a, b), entry in sorted(by_dyad.items()):
        conflicts = sorted(entry.values(), key=lambda e: (-e["level"], e["via"]))
        for n in (a, b):
            if n not in g:
                g.add_node(n, name=graph.state_name(n, when))
        g.add_edge(a, b, level=conflicts[0]["level"], conflicts=conflicts,
                   weight=combine_strengths(sorted((c["share"] for c in conflicts), reverse=True), combine))
    return g


def signed_graph(graph: AllianceGraph, day, until=None, strengths: Mapping[str, float] | None = None,
                 combine="noisy-or", min_confidence="reported", min_level=1, layers: Iterable[str] | None = None,
                 multilateral: str = DEFAULT_MULTILATERAL) -> nx.Graph:
    layer_set = check_layers(layers)
    a_g = allied(graph, day, strengths=strengths, combine=combine, min_confidence=min_confidence, until=until,
                 layers=layer_set, multilateral=multilateral)
    h_g = hostile(graph, day, min_confidence=min_confidence, until=until, multilateral=multilateral, combine=combine)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, d in a_g.edges(data=True):
        if d["weight"] > 0:
            edges[tuple(sorted((a, b)))] = {
                "sign": 1, "weight": d["weight"], "strength": d["strength"],
                "ties": [{"via": t["via"], "kind": t["kind"], "via_label": t["via_label"],
                          "short_name": t["short_name"]} for t in sorted(d["ties"], key=lambda t: t["via"])]}
    for a, b, d in h_g.edges(data=True):
        if d["level"] >= min_level:
            edges[tuple(sorted((a, b)))] = {"sign": -1, "weight": d["weight"], "level": d["level"]}
    g = nx.Graph(layers=tuple(sorted(layer_set)), multilateral=multilateral)
    when = until or day
    for n in sorted({n for e in edges for n in e}):
        g.add_node(n, name=graph.state_name(n, when))
    for (a, b), d in sorted(edges.items()):
        g.add_edge(a, b, **d)
    return g


def triad_census(g: nx.Graph) -> dict[str, Any]:
    from alliancegraph.analysis.balance import TriadCensus

    counts = [0, 0, 0, 0]
    order = {n: i for i, n in enumerate(sorted(g.nodes))}
    for u in g:
        nu = [v for v in g[u] if order[v] > order[u]]
        for i, v in enumerate(nu):
            for w in nu[i + 1:]:
                if g.has_edge(v, w):
                    neg = (g[u][v]["sign"] < 0) + (g[u][w]["sign"] < 0) + (g[v][w]["sign"] < 0)
                    counts[neg] += 1
    return TriadCensus(*counts).to_dict()


def timeline_rows(graph: AllianceGraph, start: int, end: int) -> list[dict[str, Any]]:
    """:func:`alliancegraph.analysis.timeline.timeline` (default arguments) with the code above: its rows,
    each with ``bloc_members`` (bloc name -> members), since the rows count blocs without naming them."""
    from alliancegraph.analysis.balance import frustration
    from alliancegraph.analysis.signed import signed_clusters
    from alliancegraph.analysis.timeline import BlocNames, TimelineYear, track_blocs

    previous: dict[str, frozenset[str]] = {}
    names = BlocNames()
    next_label = 1
    rows = []
    for year in range(start, end + 1):
        g = signed_graph(graph, _dt.date(year, 1, 1), until=_dt.date(year, 12, 31))
        sc = signed_clusters(g)
        blocs = [frozenset(c) for c in sc.clusters if len(c) >= 2]
        labels, raw_events, next_label = track_blocs(previous, blocs, next_label)
        events = names.update(year, labels, raw_events, sc, g)
        previous = labels
        pos = sum(1 for *_, d in g.edges(data=True) if d["sign"] > 0)
        ty = TimelineYear(year, g.number_of_nodes(), pos, g.number_of_edges() - pos,
                          {names.name(k): tuple(sorted(v))
                           for k, v in sorted(labels.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
                          triad_census(g), frustration(g, sc.clusters), sc.quality, events=events)
        rows.append({**ty.row(), "bloc_members": ty.blocs})
    return rows


def impact_from_scratch(graph: AllianceGraph, fact_id: str, day: _dt.date) -> dict[str, Any]:
    """The impact of one fact recomputed from scratch with networkx: the property graph copied without the
    fact (and what links to it), every tie derived again, and on both sides the clusters (networkx Louvain,
    the project's method), all-pairs strongest paths (``nx.all_pairs_dijkstra_path_length``), Brandes'
    betweenness (``nx.betweenness_centrality``) and the signed triad census. Returns what the project's
    :func:`alliancegraph.analysis.change.impact` reports, for the check."""
    from alliancegraph.analysis.balance import triad_census as census
    from alliancegraph.analysis.clusters import alliance_clusters
    from alliancegraph.analysis.signed import signed_graph as signed

    pg = graph.pg.copy()
    drop = [fact_id] + [n for n, d in pg.nodes(data=True) if d.get("same_as") == fact_id]
    pg.remove_nodes_from(drop)
    without = AllianceGraph(pg)
    out: dict[str, Any] = {}
    for label, g in (("without", without), ("with", AllianceGraph(graph.pg))):
        cl = alliance_clusters(g, day)
        snap = cl.projection
        dist = dict(nx.all_pairs_dijkstra_path_length(snap, weight="cost"))
        linked = [n for n in sorted(snap.nodes) if snap.degree(n) > 0]
        between = nx.betweenness_centrality(snap.subgraph(linked), weight="cost", normalized=True)
        out[label] = {"names": {m: c.name for c in cl.clusters for m in c.members}, "dist": dist,
                      "betweenness": between, "triads": census(signed(g, day)).to_dict()}
    return out
