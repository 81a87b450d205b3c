"""The dyad-year panel benchmark: ``dyad_years`` (numpy over each year's n x n matrix) against a naive
per-dyad Python loop, in the same run on the same data (docs/performance.md, "Panels").

Both sides share the per-year network results (clusters, blocs, strongest paths: computed once a year
whatever the method); what differs is how a year's rows are made: the project fills columns from the upper
triangle indices of the year's matrices, the baseline visits every dyad in Python and appends a dict per
row (the way a first script does it). The baseline runs on a sample of years (every ``step``-th) and is
extrapolated per row; its rows are checked against the project's on those years.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def naive_rows(graph: Any, years: list[int]) -> pd.DataFrame:
    """The baseline: one Python dict per dyad-year, each value looked up per dyad."""
    from alliancegraph.analysis import panels as P
    from alliancegraph.analysis.paths import strongest_paths

    states = P._States.of(graph)
    obligations = P._obligations(graph)
    disputes = P._Disputes.of(graph, states)
    by_dyad: dict[tuple[int, int], list[int]] = {}
    for k, (i, j) in enumerate(zip(disputes.i.tolist(), disputes.j.tolist())):
        by_dyad.setdefault((i, j), []).append(k)
    rows = []
    for y in years:
        sub, cc, ab = states.year(graph, y)
        ids = [states.ids[g] for g in sub.tolist()]
        net = P._network(graph, y, P.check_layers(None), P.DEFAULT_MULTILATERAL, 42, "reported")
        g = net.allied
        cl, bl = P._cluster_names(net), P._bloc_names(net)
        sp = strongest_paths(g)
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                sa, sb = ids[a], ids[b]
                row: dict[str, Any] = {"year": y, "ccode1": int(cc[a]), "ccode2": int(cc[b]),
                                       "abb1": ab[a], "abb2": ab[b]}
                obs: set[str] = set()
                strength, treaties = 0.0, None
                if g.has_edge(sa, sb):
                    e = g[sa][sb]
                    strength = e["strength"]
                    treaties = ";".join(sorted(t["via"] for t in e["ties"]))
                    for t in e["ties"]:
                        obs |= obligations.get(t["via"]) or {t["kind"]}
                for c, o in P.ALLIANCE_TYPES.items():
                    row[c] = int(o in obs)
                row["alliance_strength"], row["treaties"] = strength, treaties
                gi, gj = states.index[sa], states.index[sb]
                key = (min(gi, gj), max(gi, gj))
                hits = [k for k in by_dyad.get(key, ()) if disputes.y0[k] <= y <= disputes.y1[k]]
                row["mid_ongoing"] = int(bool(hits))
                row["mid_onset"] = int(any(disputes.onset[k] == y for k in hits))
                row["mid_hostlev"] = max((int(disputes.level[k]) for k in hits), default=0)
                row["same_cluster"] = int(cl.get(sa) is not None and cl.get(sa) == cl.get(sb))
                row["same_bloc"] = int(bl.get(sa) is not None and bl.get(sa) == bl.get(sb))
                row["path_strength"] = sp.strength(sa, sb)
                rows.append(row)
    return pd.DataFrame(rows)


def run(a: Any) -> dict[str, Any]:
    from alliancegraph.analysis.panels import dyad_years, write_panel
    from alliancegraph.workspace import open_graph

    y0, y1 = (int(x) for x in a.years.split("-"))
    step = max(1, int(getattr(a, "panel_step", 20)))
    data = "real: seed, COW (states, MID, IGO), ATOP, GML, wars"
    t0 = time.perf_counter()
    g = open_graph(a.files)
    g.ties()
    t_open = time.perf_counter() - t0
    out: list[dict[str, Any]] = []
    if a.impl == "project":
        import os

        workers = min(4, len(os.sched_getaffinity(0)))
        t0 = time.perf_counter()
        df = dyad_years(g, y0, y1, workers=workers)
        t_build = time.perf_counter() - t0
        path = Path(a.workdir or ".") / "dyadyears.parquet"
        t0 = time.perf_counter()
        write_panel(df, path)
        t_write = time.perf_counter() - t0
        return {"rows": len(df), "columns": len(df.columns), "open_seconds": t_open, "seconds": t_build + t_write,
                "build_seconds": t_build, "write_seconds": t_write, "peak_mb": _peak_mb(), "data": data,
                "workers": workers}
    years = list(range(y0, y1 + 1, step))
    t0 = time.perf_counter()
    base = naive_rows(g, years)
    t_base = time.perf_counter() - t0
    proj = dyad_years(g, years[0], years[-1])
    proj = proj[proj.year.isin(years)].reset_index(drop=True)
    def norm(v: Any) -> Any:
        return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v

    for c in base.columns:
        left, right = [norm(v) for v in base[c].tolist()], [norm(v) for v in proj[c].tolist()]
        ok = np.allclose(np.array(left, dtype=float), np.array(right, dtype=float)) \
            if c in ("alliance_strength", "path_strength") else left == right
        if not ok:
            raise SystemExit(f"the panel and its naive baseline disagree on {c}")
    out = {"rows": len(base), "seconds": t_base, "open_seconds": t_open, "years": len(years),
           "peak_mb": _peak_mb(), "data": data}
    return out
