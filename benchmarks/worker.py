"""One benchmark step in a process of its own (so that its peak memory is its own): ``python -m
benchmarks.worker STEP ... --result FILE`` writes a JSON result. Run by :mod:`benchmarks.runner`."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any


def _graph(files: list[str]):
    from alliancegraph.workspace import open_graph

    t0 = time.perf_counter()
    g = open_graph(files)
    g.ties()
    return g, time.perf_counter() - t0


def _auth() -> tuple[str, str] | None:
    """The benchmark server's credentials (``NEO4J_PASSWORD`` from the runner), None without."""
    password = os.environ.get("NEO4J_PASSWORD")
    return ("neo4j", password) if password else None


def _settings(a: argparse.Namespace) -> Any:
    from alliancegraph.neo4j_store import Neo4jSettings

    return Neo4jSettings(uri=a.uri, password=os.environ.get("NEO4J_PASSWORD") or None)


def load_project(a: argparse.Namespace) -> dict[str, Any]:
    """Build the graph from the dataset files, then ``Neo4jStore.load`` it (timed) into an empty database, with
    ``--workers`` write transactions in flight (``_Load.workers``; without it, the library's default)."""
    import neo4j

    from alliancegraph.neo4j_store import Neo4jStore, _Load

    if a.workers is not None:
        _Load.workers = a.workers

    g, build = _graph(a.files)
    with Neo4jStore(_settings(a)) as store:
        t0 = time.perf_counter()
        report = store.load(g, "bench", sources=a.files, batch_size=a.batch_size)
        seconds = time.perf_counter() - t0
    with neo4j.GraphDatabase.driver(a.uri, auth=_auth()) as d, d.session() as s:
        rels = s.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"]
        nodes = s.run("MATCH (n) RETURN count(n) AS n").single()["n"]
    return {"build_seconds": build, "seconds": seconds, "rows": report.rows, "nodes": nodes, "relationships": rels,
            "expected_relationships": sum(report.relationships.values()), "changes": report.changes}


def load_merge(a: argparse.Namespace) -> dict[str, Any]:
    """The common pattern: one parameterized MERGE per row, each its own auto-commit transaction, with the
    same constraints and the same properties as the project's loader writes. On more than ``--full`` rows it
    is timed on an evenly spread sample of ``--sample`` rows and extrapolated per kind (nodes, relationships)."""
    import neo4j

    from alliancegraph.neo4j_rows import NODE_ORDER, load_plan
    from alliancegraph.neo4j_store import Neo4jStore

    g, build = _graph(a.files)
    plan = load_plan(g)
    keys_n = [k for k in NODE_ORDER if plan.count(k)]
    keys_r = [k for k in plan.rels if plan.count(k)]
    n_nodes = sum(plan.count(k) for k in keys_n)
    n_rels = sum(plan.count(k) for k in keys_r)
    total = n_nodes + n_rels
    if total <= a.full:
        pick_r = {k: list(range(plan.count(k))) for k in keys_r}
        pick_n = {k: list(range(plan.count(k))) for k in keys_n}
        sampled = False
    else:
        step = math.ceil(total / a.sample)
        pick_r = {k: list(range(0, plan.count(k), step)) for k in keys_r}
        where = {n: (k, i) for k in keys_n for i, (n, _) in enumerate(plan.nodes[k])}
        need = {(k, i) for k in keys_n for i in range(0, plan.count(k), step)}
        for k in keys_r:
            for i in pick_r[k]:
                r = plan.rows(k, i, i + 1)[0]
                need |= {where[r["start"]], where[r["end"]]}
        pick_n = {k: sorted(i for kk, i in need if kk == k) for k in keys_n}
        sampled = True
    node_rows = [(k, plan.rows(k, i, i + 1)[0]) for k in keys_n for i in pick_n[k]]
    rel_rows = [(k, plan.rows(k, i, i + 1)[0]) for k in keys_r for i in pick_r[k]]
    t0 = time.perf_counter()
    with Neo4jStore(_settings(a)) as store:
        store.apply_schema()  # the same constraints and indexes (timed too): the comparison is about batching
    t_schema = time.perf_counter() - t0
    with neo4j.GraphDatabase.driver(a.uri, auth=_auth()) as d, d.session() as s:
        t0 = time.perf_counter()
        for label, r in node_rows:
            s.run(f"MERGE (x:{label} {{id: $id}}) SET x += $props", id=r["id"], props=r["props"]).consume()
        t_nodes = time.perf_counter() - t0
        t0 = time.perf_counter()
        for (rtype, ls, le), r in rel_rows:
            s.run(f"MATCH (a:{ls} {{id: $start}}) MATCH (b:{le} {{id: $end}}) "
                  f"MERGE (a)-[x:{rtype} {{id: $id}}]->(b) SET x += $props",
                  id=r["id"], start=r["start"], end=r["end"], props=r["props"]).consume()
        t_rels = time.perf_counter() - t0
        rels = s.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"]
    if rels != len(rel_rows):
        raise SystemExit(f"per-row MERGE wrote {rels} relationships, expected {len(rel_rows)}")
    estimate = t_schema + (n_nodes * t_nodes / max(len(node_rows), 1)) + (n_rels * t_rels / max(len(rel_rows), 1))
    return {"build_seconds": build, "seconds": estimate, "measured_seconds": t_schema + t_nodes + t_rels, "sampled": sampled,
            "sample_nodes": len(node_rows), "sample_rels": len(rel_rows), "nodes": n_nodes, "relationships": n_rels,
            "rows": total}


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_csv(a: argparse.Namespace) -> dict[str, Any]:
    """Write the same graph as neo4j-admin CSV files with the project's export (the input of baseline b).
    ``graph_mb``: the process's peak once the graph is read and its ties derived, before the export."""
    from alliancegraph.views.exports import export

    g, build = _graph(a.files)
    graph_mb = _peak_mb()
    t0 = time.perf_counter()
    export(g, a.out, "neo4j-csv")
    return {"build_seconds": build, "seconds": time.perf_counter() - t0, "graph_mb": graph_mb,
            "relationships": g.pg.number_of_edges() + len(g.ties()), "nodes": g.pg.number_of_nodes()}


def load_bulk(a: argparse.Namespace) -> dict[str, Any]:
    """Build the graph, then ``bulk_load`` it (timed: plan, CSV, server stopped, neo4j-admin import, server
    started, schema, load set) into the empty database of the benchmark's server (its script environment
    comes from the runner)."""
    import neo4j

    from alliancegraph.neo4j_bulk import bulk_load

    g, build = _graph(a.files)
    graph_mb = _peak_mb()
    t0 = time.perf_counter()
    report = bulk_load(g, _settings(a), "bench", sources=a.files)
    seconds = time.perf_counter() - t0
    with neo4j.GraphDatabase.driver(a.uri, auth=_auth()) as d, d.session() as s:
        rels = s.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"]
    return {"build_seconds": build, "seconds": seconds, "rows": report.rows, "relationships": rels,
            "expected_relationships": sum(report.relationships.values()), "graph_mb": graph_mb,
            "python_mb": _peak_mb()}


def analysis(a: argparse.Namespace) -> dict[str, Any]:
    from . import analysis as bench

    return bench.run(a)


def views(a: argparse.Namespace) -> dict[str, Any]:
    from . import views as bench

    return bench.run(a)


def panels(a: argparse.Namespace) -> dict[str, Any]:
    from . import panels as bench

    return bench.run(a)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    p.add_argument("step", choices=["load-project", "load-merge", "load-bulk", "export-csv", "analysis", "views",
                                    "panels"])
    p.add_argument("--files", nargs="*", default=[])
    p.add_argument("--uri")
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--workers", type=int)
    p.add_argument("--full", type=int, default=150_000)
    p.add_argument("--sample", type=int, default=20_000)
    p.add_argument("--out")
    p.add_argument("--years", default="1816-2014")
    p.add_argument("--repeat", type=int, default=200)
    p.add_argument("--as-of", default="2014-12-31")
    p.add_argument("--cluster-dates", default="1980-06-30,2014-12-31")
    p.add_argument("--cluster-runs", type=int, default=20)
    p.add_argument("--cluster-repeat", type=int, default=5)
    p.add_argument("--browser", action="store_true")
    p.add_argument("--workdir")
    p.add_argument("--impl", choices=["project", "naive"], default="project")
    p.add_argument("--panel-step", type=int, default=20)
    p.add_argument("--result", required=True)
    a = p.parse_args(argv)
    fn = {"load-project": load_project, "load-merge": load_merge, "load-bulk": load_bulk, "export-csv": export_csv,
          "analysis": analysis,
          "views": views, "panels": panels}[a.step]
    result = fn(a)
    Path(a.result).write_text(json.dumps(result, default=str))


if __name__ == "__main__":
    sys.exit(main())
