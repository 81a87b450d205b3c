"""The benchmark runner runs and prints its table (a smoke run on the smallest data, not a benchmark: the
numbers are not checked; docs/performance.md has them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, REPO


needs_data = pytest.mark.skipif(not (DATA / "cow" / "states2016.csv").exists(),
                                reason=f"the real datasets are not in {DATA}")


def _run(tmp_path: Path, *args: str, timeout: float) -> tuple[str, dict]:
    p = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--out", str(tmp_path / "results"), *args],
                       cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return p.stdout, json.loads((tmp_path / "results" / "results.json").read_text())


@needs_data
def test_the_runner_prints_the_analysis_and_view_table(tmp_path) -> None:
    out, saved = _run(tmp_path, "--only", "analysis,views", timeout=600)
    head = next(line for line in out.splitlines() if line.startswith("| case"))
    for column in ("wall", "throughput", "peak MiB", "ratio", "target"):
        assert column in head
    for case in ("timeline 1990-1994: signed clusters + balance", "alliance clusters 1990-1994",
                 "path query, snapshot 2014-12-31", "HTML view as of 2014-12-31"):
        assert case in out, case
    assert "before: every snapshot filters every tie" in out and "igraph + leidenalg Leiden" in out
    assert out.splitlines()[-1].startswith("targets: ")
    assert saved["machine"]["nproc"] and saved["command"].startswith("python -m benchmarks")
    assert all(r["seconds"] > 0 and r["peak_mb"] > 0 for r in saved["results"])


@needs_data
@pytest.mark.neo4j
def test_the_runner_loads_the_smallest_size_into_neo4j(tmp_path, neo4j_settings) -> None:
    # neo4j_settings (tests/conftest.py) makes sure the Neo4j jars are cached; the runner starts servers of
    # its own from them
    out, saved = _run(tmp_path, "--only", "load", "--sizes", "1e4", timeout=1200)
    rows = [r for r in saved["results"] if r["case"] == "load 1e4"]
    assert [r["impl"] for r in rows] == ["alliancegraph Neo4jStore.load (UNWIND batches)",
                                         "alliancegraph Neo4jStore.load, 1 batch in flight (WRITE_WORKERS)",
                                         "(a) one parameterized MERGE per row", "(b) neo4j-admin database import (CSV)",
                                         "alliancegraph load --bulk (CSV streamed, scripts/neo4j-server import)"]
    assert rows[0]["extra"]["relationships"] > 10_000 and all(r["ratio"] for r in rows[1:])
    assert [r["impl"] for r in saved["results"] if r["case"] == "neo4j-admin CSV export 1e4"] == [
        "alliancegraph export --format neo4j-csv (streamed)"]
    assert "| load 1e4 " in out and "timed on a sample" in out
