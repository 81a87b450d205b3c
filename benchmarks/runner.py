"""The benchmark runner: ``python -m benchmarks`` (see docs/performance.md)."""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .measure import Measurement, compare, machine, run_child, save, speed, table
from .paths import DATA, REPO, SEED

SIZES = {"1e4": 10_000, "real": None, "1e5": 100_000, "1e6": 1_000_000}
"""Load sizes: ``1e4`` is real data (the seed, the COW state list and ATOP: about 1.7 x 10^4
relationships); ``real`` every real dataset (seed, COW, ATOP: about 5 x 10^4); ``1e5`` and ``1e6`` are
synthetic COW-shaped alliances (:mod:`benchmarks.synthetic`)."""


def real_files(size: str) -> list[str]:
    if size == "1e4":
        return [str(SEED), str(DATA / "cow" / "states2016.csv"), str(DATA / "atop")]
    return [str(SEED), str(DATA / "cow"), str(DATA / "atop")]


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load_cases(a: argparse.Namespace, work: Path, info: dict) -> list[Measurement]:
    from .neo4j_server import Server, admin_import, find_jars, imported_counts, jar_version, server_version, warm_up
    from .synthetic import write_world

    lib = find_jars()
    info["neo4j"] = jar_version(lib)
    info["neo4j_server"] = {"heap": a.neo4j_heap, "pagecache": a.neo4j_pagecache}
    out: list[Measurement] = []
    for size in a.sizes:
        if size in ("1e4", "real"):
            files, data = real_files(size), ("real: seed, COW states, ATOP" if size == "1e4"
                                             else "real: seed, COW (states, MID, IGO), ATOP")
        else:
            _log(f"writing synthetic COW-shaped alliances, {size} relationships")
            world = write_world(work / f"data-{size}", SIZES[size], seed=a.seed)
            files, data = [str(f) for f in world.files], f"synthetic COW dyads ({world.alliances:,} alliances)"
        case = f"load {size}"
        _log(f"{case}: the project's loader")
        with Server(work / f"neo4j-{size}-project", lib, a.neo4j_heap, a.neo4j_pagecache) as srv:
            info.setdefault("neo4j_version", server_version(srv.uri, srv.auth))
            warm_up(srv.uri, auth=srv.auth)
            r, peak = run_child(["load-project", "--uri", srv.uri, "--batch-size", str(a.batch_size), "--files", *files],
                                env={"NEO4J_PASSWORD": srv.password})
        if r["relationships"] != r["expected_relationships"]:
            raise RuntimeError(f"{case}: Neo4j holds {r['relationships']} relationships, expected {r['expected_relationships']}")
        rels = r["relationships"]
        project = Measurement(case, "alliancegraph Neo4jStore.load (UNWIND batches)", data, r["rows"], "rows",
                              r["seconds"], peak, extra={"relationships": rels, "build_seconds": r["build_seconds"]})
        project.note = f"{rels:,} rels; graph built in {r['build_seconds']:.1f} s first"
        if size == "1e6":
            project.target = "peak < 1024 MiB"
            project.met = peak < 1024
        out.append(project)
        parallel: list[Measurement] = []
        for workers in a.load_workers:
            _log(f"{case}: the project's loader, {workers} write transactions in flight")
            with Server(work / f"neo4j-{size}-project{workers}", lib, a.neo4j_heap, a.neo4j_pagecache) as srv:
                warm_up(srv.uri, auth=srv.auth)
                r, wpeak = run_child(["load-project", "--uri", srv.uri, "--batch-size", str(a.batch_size),
                                      "--workers", str(workers), "--files", *files], env={"NEO4J_PASSWORD": srv.password})
            if r["relationships"] != rels:
                raise RuntimeError(f"{case}: {workers} workers left {r['relationships']} relationships, not {rels}")
            w = Measurement(case, f"alliancegraph Neo4jStore.load, {workers} batch{'es' if workers > 1 else ''} in flight (WRITE_WORKERS)", data,
                            r["rows"], "rows", r["seconds"], wpeak, note=f"graph built in {r['build_seconds']:.1f} s first")
            if size == "1e6":
                w.target, w.met = "peak < 1024 MiB", wpeak < 1024
            parallel.append(w)
            out.append(w)

        _log(f"{case}: (a) one MERGE per row")
        with Server(work / f"neo4j-{size}-merge", lib, a.neo4j_heap, a.neo4j_pagecache) as srv:
            warm_up(srv.uri, auth=srv.auth)
            r, peak = run_child(["load-merge", "--uri", srv.uri, "--full", str(a.merge_full), "--sample",
                                 str(a.merge_sample), "--files", *files], env={"NEO4J_PASSWORD": srv.password})
        m = Measurement(case, "(a) one parameterized MERGE per row", data, r["rows"], "rows", r["seconds"], peak)
        if r["sampled"]:
            m.note = (f"timed on a sample of {r['sample_nodes'] + r['sample_rels']:,} rows ({r['measured_seconds']:.0f} s),"
                      f" extrapolated linearly per nodes/relationships")
        compare(project, m, 30)
        out.append(m)
        for w in parallel:
            ratio = (m.seconds / max(m.n, 1)) / (w.seconds / max(w.n, 1))
            w.ratio, w.ratio_text = ratio, speed(ratio, "this", " than (a)")
            if size == "1e6":
                w.target, w.met = "peak < 1024 MiB, >= 30x (a)", w.met and ratio >= 30

        _log(f"{case}: (b) neo4j-admin database import")
        csv_dir = work / f"csv-{size}"
        r, peak = run_child(["export-csv", "--out", str(csv_dir), "--files", *files])
        seconds, text, jpeak = admin_import(work / f"neo4j-{size}-admin", lib, csv_dir, a.neo4j_heap)
        nodes, irels = imported_counts(text)
        if irels != rels:
            raise RuntimeError(f"{case}: neo4j-admin imported {irels} relationships, the loader wrote {rels}")
        b = Measurement(case, "(b) neo4j-admin database import (CSV)", data, r["nodes"] + rels, "rows", seconds,
                        jpeak, note="JVM peak, JVM start included; the CSV files of the export row below")
        compare(project, b, 0.2)
        out.append(b)
        ex = Measurement(f"neo4j-admin CSV export {size}", "alliancegraph export --format neo4j-csv (streamed)", data,
                         r["nodes"] + rels, "rows", r["seconds"], peak,
                         note=f"peak of the whole process; {r['graph_mb']:,.0f} MiB of it the graph read and "
                              f"built before the export ({peak - r['graph_mb']:,.0f} MiB more while exporting)")
        if size == "1e6":
            ex.target = "< 20 s, < 500 MiB beyond the graph"
            ex.met = r["seconds"] < 20 and peak - r["graph_mb"] < 500
        out.append(ex)

        _log(f"{case}: the project's bulk path (load --bulk)")
        with Server(work / f"neo4j-{size}-bulk", lib, a.neo4j_heap, a.neo4j_pagecache) as srv:
            r, bpeak = run_child(["load-bulk", "--uri", srv.uri, "--files", *files], env=srv.env)
        if r["relationships"] != rels:
            raise RuntimeError(f"{case}: the bulk load left {r['relationships']} relationships, the loader wrote {rels}")
        bulk = Measurement(case, "alliancegraph load --bulk (CSV streamed, scripts/neo4j-server import)", data,
                           r["rows"], "rows", r["seconds"], bpeak,
                           note=f"plan, CSV, server stop, import, start, schema, load set; peak of the process "
                                f"or the admin tool's JVM (with the server's page cache), the larger; the Python "
                                f"process {r['python_mb']:,.0f} MiB, {r['graph_mb']:,.0f} MiB of it the graph")
        ratio = (b.seconds / max(b.n, 1)) / (bulk.seconds / max(bulk.n, 1))
        bulk.ratio, bulk.ratio_text = ratio, speed(ratio, "bulk", " than (b) alone")
        if size == "1e6":
            bulk.target = ">= 0.5x (b), peak < 1024 MiB"
            bulk.met = ratio >= 0.5 and bpeak < 1024
        out.append(bulk)
        if not a.keep:
            for p in (csv_dir, *(work / f"neo4j-{size}-{k}" for k in ("project", "merge", "admin", "bulk"))):
                shutil.rmtree(p, ignore_errors=True)
    return out


def analysis_cases(a: argparse.Namespace, work: Path) -> list[Measurement]:
    _log("analysis: timeline, clusters, paths")
    r, peak = run_child(["analysis", "--years", a.years, "--repeat", str(a.repeat), "--cluster-dates", a.cluster_dates,
                         "--cluster-repeat", str(a.cluster_repeat), "--files", *real_files("real")])
    return [Measurement(**m, peak_mb=peak) if m.get("peak_mb") is None else Measurement(**m) for m in r["measurements"]]


def view_cases(a: argparse.Namespace, work: Path) -> list[Measurement]:
    _log("views: HTML build and headless Chromium")
    args = ["views", "--as-of", a.as_of, "--workdir", str(work / "views"), "--files", *real_files("real")]
    if a.browser:
        args.append("--browser")
    r, peak = run_child(args)
    return [Measurement(**m, peak_mb=peak) if m.get("peak_mb") is None else Measurement(**m) for m in r["measurements"]]


def panel_cases(a: argparse.Namespace, work: Path) -> list[Measurement]:
    _log("panels: dyad_years against a naive per-dyad loop")
    files = [*real_files("real"), str(DATA / "gml"), str(DATA / "wars")]
    (work / "panels").mkdir(parents=True, exist_ok=True)
    args = ["panels", "--years", a.panel_years, "--workdir", str(work / "panels"), "--files", *files]
    r, peak = run_child([*args, "--impl", "project"])
    case = f"dyad-year panel {a.panel_years}, every covariate"
    project = Measurement(case, "alliancegraph dyad_years + write_panel (numpy per year)", r["data"], r["rows"],
                          "rows", r["seconds"], peak, target="< 20 s, < 2048 MiB",
                          met=r["seconds"] + r["open_seconds"] < 20 and peak < 2048,
                          note=f"{r['columns']} columns, {r['workers']} workers; build {r['build_seconds']:.1f} s, Parquet "
                               f"{r['write_seconds']:.1f} s; open {r['open_seconds']:.1f} s first (in the target)")
    b, bpeak = run_child([*args, "--impl", "naive", "--panel-step", str(a.panel_step)])
    base = Measurement(case, "naive: a Python dict per dyad-year [same rows, checked]", b["data"], b["rows"], "rows",
                       b["seconds"], bpeak, note=f"on every {a.panel_step}th year ({b['years']} years), "
                                                 "extrapolated per row; fewer columns")
    compare(project, base)
    return [project, base]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=(
        "Benchmarks of alliancegraph against baselines measured in the same run on the same data: loading into "
        "Neo4j, analysis, views. Prints the table; results go to benchmarks/results/<time>/."))
    p.add_argument("--only", default="load,analysis,views,panels",
                   help="Comma list of load, analysis, views, panels.")
    p.add_argument("--panel-years", default="1816-2014", help="Years of the dyad-year panel case.")
    p.add_argument("--panel-step", type=int, default=20, help="The naive panel baseline runs on every Nth year.")
    p.add_argument("--sizes", default="1e4,1e5,1e6", help=f"Load sizes, comma list of {', '.join(SIZES)}.")
    p.add_argument("--quick", action="store_true",
                   help="A quick check that everything runs: analysis of 1990-1994, 20 path queries, each "
                        "null-model and stability setting once, no browser.")
    p.add_argument("--no-browser", dest="browser", action="store_false", help="Skip the headless Chromium case.")
    p.add_argument("--years", default="1816-2014", help="Years of the timeline case.")
    p.add_argument("--repeat", type=int, default=200, help="Path queries timed (the median is reported).")
    p.add_argument("--as-of", default="2014-12-31", help="Date of the whole-state-system view.")
    p.add_argument("--cluster-dates", default="1980-06-30,2014-12-31",
                   help="Snapshots of the null-model and stability case (comma list of dates).")
    p.add_argument("--cluster-repeat", type=int, default=5,
                   help="Runs of each setting in the null-model and stability case (the median is reported).")
    p.add_argument("--merge-full", type=int, default=150_000,
                   help="Run baseline (a) on every row up to this many rows, else on a sample.")
    p.add_argument("--merge-sample", type=int, default=20_000, help="Rows of baseline (a)'s sample.")
    p.add_argument("--batch-size", type=int, default=5000, help="The loader's rows per transaction.")
    p.add_argument("--load-workers", default="1",
                   help="Also run the loader with these numbers of write transactions in flight (comma list; "
                        "'' for none); the main row is the library's default.")
    p.add_argument("--neo4j-heap", default="1g")
    p.add_argument("--neo4j-pagecache", default="1g")
    p.add_argument("--seed", type=int, default=20240601, help="Seed of the synthetic data.")
    p.add_argument("--keep", action="store_true", help="Keep the data, CSV and Neo4j homes of the run.")
    p.add_argument("--out", type=Path, help="Results directory (default benchmarks/results/<time>).")
    a = p.parse_args(argv)
    a.sizes = [s.strip() for s in a.sizes.split(",") if s.strip()]
    a.load_workers = [int(s) for s in a.load_workers.split(",") if s.strip()]
    unknown = [s for s in a.sizes if s not in SIZES]
    if unknown:
        p.error(f"unknown size {unknown[0]!r} (one of {', '.join(SIZES)})")
    only = {s.strip() for s in a.only.split(",") if s.strip()}
    if a.quick:
        a.years, a.repeat, a.browser, a.cluster_repeat = "1990-1994", 20, False, 1
        a.merge_full, a.merge_sample = 2000, 2000
        a.panel_years, a.panel_step = "1990-1994", 2
    command = "python -m benchmarks " + " ".join(shlex.quote(x) for x in (argv if argv is not None else sys.argv[1:]))
    info = machine()
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = a.out or REPO / "benchmarks" / "results" / stamp
    work = Path(tempfile.mkdtemp(prefix="alliancegraph-bench-"))
    rows: list[Measurement] = []
    try:
        if "analysis" in only:
            rows += analysis_cases(a, work)
        if "views" in only:
            rows += view_cases(a, work)
        if "panels" in only:
            rows += panel_cases(a, work)
        if "load" in only:
            rows += load_cases(a, work, info)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            _log(f"kept {work}")
    info["loadavg_end"] = os.getloadavg()
    save(out_dir, rows, info, command)
    print(f"alliancegraph benchmarks, {stamp}: {command}")
    print(f"machine: {info.get('cpu', '?')}, {info['nproc']} cores, {info.get('memory_gib', '?')} GiB, Python "
          f"{info['python']}; Neo4j {info.get('neo4j_version', info.get('neo4j', '-'))}; load average "
          f"{info['loadavg_start'][0]:.1f} at start, {info['loadavg_end'][0]:.1f} at end")
    print(table(rows))
    missed = [r for r in rows if r.met is False]
    print(f"targets: {sum(1 for r in rows if r.met)} met, {len(missed)} missed; results in {out_dir}")
    return 0
