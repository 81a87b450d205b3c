"""Measuring: wall time, peak memory of a child process, the machine, and the result table."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .paths import REPO, SRC


@dataclass
class Measurement:
    """One timed run: ``case`` (what is computed), ``impl`` (who computes it), ``n`` items of ``unit``,
    ``seconds`` of wall time, ``peak_mb`` (peak resident memory of the process that ran it, MiB),
    ``ratio``/``target``/``met`` when it is compared with another run of the same case, and a ``note``."""

    case: str
    impl: str
    data: str
    n: int
    unit: str
    seconds: float
    peak_mb: float | None = None
    note: str = ""
    baseline_of: str | None = None      # impl of the project's run this one is the baseline of
    ratio: float | None = None          # speed of the project's run / speed of this one
    ratio_text: str = ""
    target: str = ""
    met: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.n / self.seconds if self.seconds > 0 else float("inf")


def run_child(args: Sequence[str], timeout: float = 7200, env: dict[str, str] | None = None) -> tuple[dict[str, Any], float]:
    """Run ``python -m benchmarks.worker ARGS`` in a new process; returns ``(its JSON result, its peak
    resident memory in MiB)`` (from ``wait4``'s ``ru_maxrss``: the whole process, from start to exit)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    e = {**os.environ, **(env or {})}
    e["PYTHONPATH"] = os.pathsep.join([str(SRC), str(REPO), e.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.worker", *args, "--result", str(out)], cwd=REPO, env=e,
                            stdout=sys.stderr, stderr=sys.stderr)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            raise TimeoutError(f"benchmark worker {' '.join(args)} took longer than {timeout} s")
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark worker {' '.join(args)} failed (exit {proc.returncode})")
    result = json.loads(out.read_text())
    out.unlink()
    return result, usage.ru_maxrss / 1024


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    info: dict[str, Any] = {"nproc": os.cpu_count(), "python": platform.python_version(),
                            "platform": platform.platform()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()
        info["memory_gib"] = round(int(mem[1]) / 2**20, 1)
    except OSError:
        pass
    info["loadavg_start"] = os.getloadavg()
    versions = {}
    for mod in ("networkx", "igraph", "leidenalg", "neo4j", "numpy", "scipy", "pyvis"):
        try:
            m = __import__(mod)
            versions[mod] = getattr(m, "__version__", "?")
        except ImportError:
            versions[mod] = None
    try:
        import neo4j._rust  # noqa: F401  (the Rust packstream extension, package neo4j-rust-ext)
        versions["neo4j-rust-ext"] = "installed"
    except ImportError:
        versions["neo4j-rust-ext"] = "not installed (pure-Python packstream)"
    info["packages"] = versions
    return info


def _num(n: float) -> str:
    return f"{n:,.0f}" if n >= 100 else f"{n:,.1f}" if n >= 10 else f"{n:.2f}"


def _secs(s: float) -> str:
    return f"{s * 1000:.2f} ms" if s < 0.1 else f"{s:.2f} s" if s < 100 else f"{s:,.0f} s"


def table(rows: Sequence[Measurement]) -> str:
    """The result table (Markdown, readable as plain text)."""
    head = ["case", "implementation", "data", "n", "wall", "throughput", "peak MiB", "ratio", "target"]
    lines = [head]
    for m in rows:
        target = f"{m.target}: {'met' if m.met else 'MISSED'}" if m.target else ""
        lines.append([m.case, m.impl + (f" [{m.note}]" if m.note else ""), m.data, f"{m.n:,} {m.unit}",
                      _secs(m.seconds), f"{_num(m.throughput)} {m.unit}/s",
                      f"{m.peak_mb:,.0f}" if m.peak_mb is not None else "", m.ratio_text, target])
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    out = []
    for k, r in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
        if k == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def speed(ratio: float, who: str = "project", than: str = "") -> str:
    """``ratio`` (a baseline's time / the project's time) in words: ``project 3.5x faster``."""
    if ratio >= 1:
        text = f"{ratio:,.0f}x" if ratio >= 100 else f"{ratio:,.2f}x"
        return f"{who} {text} faster{than}"
    return f"{who} {1 / ratio:,.2f}x slower{than}"


def compare(project: Measurement, baseline: Measurement, target: float | None = None) -> None:
    """Set ``baseline``'s ratio: how many times faster the project's run is (per item, so that a run on a
    sample compares fairly), and whether it meets ``target``."""
    p = project.seconds / max(project.n, 1)
    b = baseline.seconds / max(baseline.n, 1)
    baseline.baseline_of = project.impl
    baseline.ratio = b / p if p > 0 else float("inf")
    baseline.ratio_text = speed(baseline.ratio)
    if target is not None:
        baseline.target = f">= {target:g}x"
        baseline.met = baseline.ratio >= target


def under(m: Measurement, limit: float, what: str = "") -> None:
    """Mark ``m`` against an absolute time target."""
    m.target = f"< {_secs(limit)}{what}"
    m.met = m.seconds < limit


def save(directory: Path, rows: Sequence[Measurement], info: dict[str, Any], command: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "results.json").write_text(json.dumps({"machine": info, "command": command,
                                                        "results": [asdict(r) for r in rows]}, indent=1))
    (directory / "table.md").write_text(table(rows) + "\n")
    return directory
