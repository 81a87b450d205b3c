"""The analysis code as it was before the benchmarks' optimisations (git 6e125af..b86a517), kept as the
baseline that the timeline case measures in the same run: every snapshot filters every tie with date
arithmetic, parses the state-system spells again, builds the full allied and hostile projections (with
the names and lists of ties of every edge) to read two numbers per dyad from them, and counts triads
through networkx's views. The results must be the same as the project's (the runner checks it)."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Mapping

import networkx as nx

from alliancegraph.graph import AllianceGraph, _overlaps, _pd, _strength_table, combine_strengths
from alliancegraph.model import Confidence


def ties_as_of(graph: AllianceGraph, day: _dt.date, min_confidence: str = "reported", until: _dt.date | None = None):
    floor = Confidence(min_confidence).rank
    last = until or day
    return [t for t in graph.ties() if _overlaps(t.start, t.end, day, last) and t.confidence_as_of(last).rank >= floor]


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
            if _overlaps(_pd(a), None if b == ".." else _pd(b), day, last):
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


def allied(graph: AllianceGraph, day, strengths=None, combine="noisy-or", min_confidence="reported", until=None):
    table = _strength_table(strengths, combine)
    g = nx.Graph()
    for sid in states_as_of(graph, day, until):
        g.add_node(sid, name=graph.state_name(sid))
    by_dyad: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for t in ties_as_of(graph, day, min_confidence, until):
        if t.sign < 0:
            continue
        s = table[t.kind]
        entry = by_dyad.setdefault((t.a, t.b), {})
        if t.via not in entry or entry[t.via]["strength"] < s:
            entry[t.via] = {"via": t.via, "via_label": t.via_label, "name": fact_name(graph, t.via), "kind": t.kind,
                            "strength": s}
    for (a, b), entry in sorted(by_dyad.items()):
        ties = sorted(entry.values(), key=lambda e: (-e["strength"], e["via"]))
        strength = combine_strengths((e["strength"] for e in ties), combine)
        for n in (a, b):
            if n not in g:
                g.add_node(n, name=graph.state_name(n))
        g.add_edge(a, b, strength=strength, cost=-math.log(strength), ties=ties)
    return g


def hostile(graph: AllianceGraph, day, min_confidence="reported", until=None):
    g = nx.Graph()
    for sid in states_as_of(graph, day, until):
        g.add_node(sid, name=graph.state_name(sid))
    by_dyad: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for t in ties_as_of(graph, day, min_confidence, until):
        if t.sign > 0:
            continue
        by_dyad.setdefault((t.a, t.b), {})[t.via] = {"via": t.via, "name": fact_name(graph, t.via), "level": t.level}
    for (a, b), entry in sorted(by_dyad.items()):
        conflicts = sorted(entry.values(), key=lambda e: (-e["level"], e["via"]))
        for n in (a, b):
            if n not in g:
                g.add_node(n, name=graph.state_name(n))
        g.add_edge(a, b, level=conflicts[0]["level"], conflicts=conflicts)
    return g


def signed_graph(graph: AllianceGraph, day, until=None, strengths: Mapping[str, float] | None = None,
                 combine="noisy-or", min_confidence="reported", min_level=1) -> nx.Graph:
    a_g = allied(graph, day, strengths=strengths, combine=combine, min_confidence=min_confidence, until=until)
    h_g = hostile(graph, day, min_confidence=min_confidence, until=until)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, d in a_g.edges(data=True):
        edges[tuple(sorted((a, b)))] = {"sign": 1, "weight": d["strength"]}
    for a, b, d in h_g.edges(data=True):
        if d["level"] >= min_level:
            edges[tuple(sorted((a, b)))] = {"sign": -1, "weight": 1.0, "level": d["level"]}
    g = nx.Graph()
    for n in sorted({n for e in edges for n in e}):
        g.add_node(n, name=graph.state_name(n))
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
    """:func:`alliancegraph.analysis.timeline.timeline` with the code above; its rows."""
    from alliancegraph.analysis.balance import frustration
    from alliancegraph.analysis.signed import signed_clusters
    from alliancegraph.analysis.timeline import TimelineYear, track_blocs

    previous: dict[str, frozenset[str]] = {}
    next_label = 1
    rows = []
    for year in range(start, end + 1):
        g = signed_graph(graph, _dt.date(year, 1, 1), until=_dt.date(year, 12, 31))
        sc = signed_clusters(g)
        blocs = [frozenset(c) for c in sc.clusters if len(c) >= 2]
        labels, events, next_label = track_blocs(previous, blocs, next_label)
        previous = labels
        pos = sum(1 for *_, d in g.edges(data=True) if d["sign"] > 0)
        ty = TimelineYear(year, g.number_of_nodes(), pos, g.number_of_edges() - pos,
                          {k: tuple(sorted(v)) for k, v in sorted(labels.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
                          triad_census(g), frustration(g, sc.clusters), sc.quality, events=events)
        rows.append(ty.row())
    return rows
