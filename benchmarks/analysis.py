"""Analysis benchmarks on the real data (the seed, COW and ATOP from ../shared/data)."""

from __future__ import annotations

import datetime as _dt
import math
import random
import statistics
import time
from typing import Any

from .measure import speed


def _m(case: str, impl: str, data: str, n: int, unit: str, seconds: float, **kw: Any) -> dict[str, Any]:
    return {"case": case, "impl": impl, "data": data, "n": n, "unit": unit, "seconds": seconds, **kw}



def run(a: Any) -> dict[str, Any]:
    import igraph as ig
    import leidenalg  # noqa: F401  (imported before timing: the import is not the computation)
    import networkx as nx

    from alliancegraph.analysis.balance import triad_census
    from alliancegraph.analysis.clusters import alliance_clusters
    from alliancegraph.analysis.paths import influence_paths
    from alliancegraph.analysis.signed import signed_graph
    from alliancegraph.analysis.timeline import timeline
    from alliancegraph.graph import Snapshot
    from alliancegraph.workspace import open_graph

    from . import baselines

    y0, y1 = (int(x) for x in a.years.split("-"))
    years = list(range(y0, y1 + 1))
    data = "real: seed, COW, ATOP"
    out = []

    t0 = time.perf_counter()
    g = open_graph(a.files)
    ties = g.ties()
    t_open = time.perf_counter() - t0
    out.append(_m("open the real data", "alliancegraph open_graph + ties", data, g.pg.number_of_edges() + len(ties),
                  "rels", t_open, note="read, validate, build, derive ties; not part of the cases below"))

    # 1. the timeline: signed clusters and balance for every year
    t0 = time.perf_counter()
    tl = timeline(g, y0, y1)
    t_tl = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = baselines.timeline_rows(g, y0, y1)
    t_base = time.perf_counter() - t0
    same = [{**y.row(), "bloc_members": y.blocs} for y in tl.years] == rows
    if not same:
        raise SystemExit("the timeline and its baseline disagree")
    case = f"timeline {y0}-{y1}: signed clusters + balance"
    out.append(_m(case, "alliancegraph timeline()", data, len(years), "years", t_tl,
                  target="< 10 s", met=t_tl < 10, note="signed Leiden (leidenalg; networkx has none)"))
    out.append(_m(case, "before: every snapshot filters every tie", data, len(years), "years", t_base,
                  ratio=t_base / t_tl, ratio_text=speed(t_base / t_tl),
                  note="same results, checked"))

    # 1b. what the timeline's stability costs: the same timeline with 5 other seeds a year
    t0 = time.perf_counter()
    tl_st = timeline(g, y0, y1, stability_runs=5)
    t_st = time.perf_counter() - t0
    if [y.blocs for y in tl_st.years] != [y.blocs for y in tl.years]:
        raise SystemExit("the timeline with stability gives other blocs")
    out.append(_m(case, "alliancegraph timeline(stability_runs=5)", data, len(years), "years", t_st,
                  ratio=t_st / t_tl, ratio_text=f"{t_st / t_tl:.1f}x the timeline without stability",
                  note=f"same blocs; mean stability {sum(y.stability or 1 for y in tl_st.years) / len(years):.3f}"))

    # 2. alliance clusters every year: networkx Louvain and igraph/leidenalg Leiden side by side
    case = f"alliance clusters {y0}-{y1}, every 31 Dec"
    times = {}
    for method in ("louvain", "leiden"):
        t0 = time.perf_counter()
        for y in years:
            alliance_clusters(g, _dt.date(y, 12, 31), method=method)
        times[method] = time.perf_counter() - t0
    out.append(_m(case, "networkx Louvain (project default)", data, len(years), "years", times["louvain"]))
    out.append(_m(case, "igraph + leidenalg Leiden (--method leiden)", data, len(years), "years", times["leiden"],
                  ratio=times["louvain"] / times["leiden"],
                  ratio_text=speed(times["louvain"] / times["leiden"], "igraph", " than networkx")))

    # 2b. what the null model and the stability cost: alliance_clusters on real snapshots, plain against the
    # CLI defaults (each run repeated, the median reported; the partition must not change)
    runs = a.cluster_runs
    configs = [(0, 0, "plain: null_runs=0, stability_runs=0"),
               (runs, 0, f"null model: null_runs={runs}"),
               (0, runs, f"stability: stability_runs={runs}"),
               (runs, runs, f"null_runs={runs}, stability_runs={runs} (the CLI defaults)")]
    for day in (_dt.date.fromisoformat(d) for d in a.cluster_dates.split(",")):
        plain = alliance_clusters(g, day)  # warm: the graph's caches are made before the clock starts
        h = plain.projection
        pacts = sum(1 for *_, d in h.edges(data=True) if d["weight"] > 0)
        case = (f"alliance clusters as of {day} ({len(g.states_as_of(day))} states, {pacts:,} dyads in the layers):"
                f" null model and stability")
        base = None
        for null_runs, stability_runs, label in configs:
            times_c = []
            for _ in range(a.cluster_repeat):
                t0 = time.perf_counter()
                res = alliance_clusters(g, day, null_runs=null_runs, stability_runs=stability_runs)
                times_c.append(time.perf_counter() - t0)
            if res.clusters != plain.clusters or res.modularity != plain.modularity:
                raise SystemExit(f"alliance_clusters({day}) with {label} found other clusters than the plain run")
            med_c = statistics.median(times_c)
            words = []
            if res.null is not None:
                words.append(f"z = {res.null.z:.1f}" if res.null.z is not None else "z undefined")
            if res.stability is not None:
                words.append(f"mean stability {res.stability.mean:.3f}")
            note = f"median of {a.cluster_repeat}; {len(res.clusters)} clusters" + "".join(f", {w}" for w in words)
            if base is None:
                base = med_c
                out.append(_m(case, f"alliance_clusters, louvain, {label}", data, 1, "snapshots", med_c, note=note))
            else:
                out.append(_m(case, f"alliance_clusters, louvain, {label}", data, 1, "snapshots", med_c,
                              ratio=med_c / base, ratio_text=f"{med_c / base:,.1f}x the plain run's time", note=note))

    # 3. the signed triad census of every year's signed network: the project's (networkx graph) and igraph's
    graphs = [signed_graph(g, Snapshot.year(y)) for y in years]
    t0 = time.perf_counter()
    ours = [triad_census(s).to_dict() for s in graphs]
    t_ours = time.perf_counter() - t0
    converted = []
    for s in graphs:
        nodes = sorted(s.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in s.edges])
        h.es["sign"] = [d["sign"] for _, _, d in s.edges(data=True)]
        converted.append(h)
    t0 = time.perf_counter()
    theirs = []
    for h in converted:
        counts = [0, 0, 0, 0]
        sign = h.es["sign"]
        for tri in h.list_triangles():
            i, j, k = tri
            neg = (sign[h.get_eid(i, j)] < 0) + (sign[h.get_eid(i, k)] < 0) + (sign[h.get_eid(j, k)] < 0)
            counts[neg] += 1
        theirs.append(counts)
    t_ig = time.perf_counter() - t0
    if [[c["+++"], c["++-"], c["+--"], c["---"]] for c in ours] != theirs:
        raise SystemExit("the triad census of networkx and igraph disagree")
    case = f"signed triad census {y0}-{y1}"
    out.append(_m(case, "alliancegraph triad_census (networkx graph)", data, len(years), "years", t_ours))
    out.append(_m(case, "igraph list_triangles", data, len(years), "years", t_ig,
                  ratio=t_ours / t_ig, ratio_text=speed(t_ours / t_ig, "igraph", " than networkx"),
                  note="graphs converted before timing"))

    # 4. paths of influence on a snapshot of the whole state system
    day = _dt.date.fromisoformat(a.as_of)
    snap = g.allied(day)
    states = len(g.states_as_of(day))
    giant = sorted(max(nx.connected_components(snap), key=len))
    rng = random.Random(7)
    pairs = [tuple(rng.sample(giant, 2)) for _ in range(a.repeat)]
    case = f"path query, snapshot {day} ({states} states, {snap.number_of_edges():,} allied dyads)"
    fresh = type(g)(g.pg)  # the first query on a graph: builds the snapshot
    t0 = time.perf_counter()
    influence_paths(fresh, pairs[0][0], pairs[0][1], day)
    t_first = time.perf_counter() - t0
    times_p, costs = [], []
    for s, t in pairs:
        t0 = time.perf_counter()
        p = influence_paths(g, s, t, day)[0]
        times_p.append(time.perf_counter() - t0)
        costs.append(p.cost)
    med = statistics.median(times_p)
    out.append(_m(case, "alliancegraph influence_paths (median)", data, 1, "queries", med, target="< 5 ms",
                  met=med < 0.005, note=f"first query on a fresh graph {t_first * 1000:.0f} ms (builds the snapshot)"))
    times_nx = []
    for (s, t), c in zip(pairs, costs):
        t0 = time.perf_counter()
        length = nx.dijkstra_path_length(snap, s, t, weight="cost")
        times_nx.append(time.perf_counter() - t0)
        if abs(length - c) > 1e-9:
            raise SystemExit(f"networkx and the project disagree on {s}-{t}")
    nodes = sorted(snap.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in snap.edges])
    h.es["cost"] = [d["cost"] for _, _, d in snap.edges(data=True)]
    times_ig = []
    for (s, t), c in zip(pairs, costs):
        t0 = time.perf_counter()
        dist = h.distances(index[s], index[t], weights="cost")[0][0]
        times_ig.append(time.perf_counter() - t0)
        if abs(dist - c) > 1e-9:
            raise SystemExit(f"igraph and the project disagree on {s}-{t}")
    m_nx, m_ig = statistics.median(times_nx), statistics.median(times_ig)
    out.append(_m(case, "networkx dijkstra_path_length (median)", data, 1, "queries", m_nx,
                  ratio=m_nx / med, ratio_text=speed(m_nx / med) + " (it explains each hop)",
                  note="on the prebuilt projection"))
    out.append(_m(case, "igraph distances (median)", data, 1, "queries", m_ig,
                  ratio=m_ig / med, ratio_text=speed(m_nx / m_ig, "igraph", " than networkx"),
                  note="on the prebuilt projection"))
    # 5. the impact of one fact on the snapshot of the whole state system
    from alliancegraph.analysis.change import impact

    fact = "nato"
    g.ties_as_of(day)  # the opened graph's tie index, as after any first query
    times_i = []
    for _ in range(3):
        t0 = time.perf_counter()
        r = impact(g, fact, day)
        times_i.append(time.perf_counter() - t0)
    med_i = statistics.median(times_i)
    t0 = time.perf_counter()
    ref = baselines.impact_from_scratch(g, fact, day)
    t_ref = time.perf_counter() - t0
    for side, snap_r in (("without", r.before), ("with", r.after)):
        want = ref[side]
        if {m: c.name for c in snap_r.clusters.clusters for m in c.members} != want["names"]:
            raise SystemExit(f"impact: the clusters {side} the fact disagree with the baseline")
        if want["triads"] != snap_r.census.to_dict():
            raise SystemExit(f"impact: the triads {side} the fact disagree with the baseline")
        for s, row in want["dist"].items():
            for t, c in row.items():
                if abs(snap_r.paths.strength(s, t) - math.exp(-c)) > 1e-9:
                    raise SystemExit(f"impact: the strongest path {s}-{t} {side} the fact disagrees")
        for s, v in want["betweenness"].items():
            if abs(snap_r.brokers[s].betweenness - v) > 1e-9:
                raise SystemExit(f"impact: the betweenness of {s} {side} the fact disagrees")
    case = (f"impact of one fact ({fact}), snapshot {day} ({states} states): clusters, all-pairs strongest "
            f"paths, brokerage, balance, with and without")
    out.append(_m(case, "alliancegraph impact() (median of 3)", data, 1, "facts", med_i, target="< 0.5 s",
                  met=med_i < 0.5, note=f"{r.pairs_changed:,} of {r.pairs_compared:,} pairs' paths change; "
                                        f"{len(r.moves)} states move"))
    out.append(_m(case, "from scratch with networkx", data, 1, "facts", t_ref, ratio=t_ref / med_i,
                  ratio_text=speed(t_ref / med_i),
                  note="graph copied and every tie derived again; nx all-pairs Dijkstra and betweenness; "
                       "same results, checked"))
    return {"measurements": out}
