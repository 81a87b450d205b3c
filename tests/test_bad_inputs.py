"""Every bad input of the corpus (tests/bad_inputs/) gets its exact one-line error, the right exit code, no
traceback, and leaves the files it must not touch as they were.

Each case runs ``alliancegraph`` in a subprocess, as a user runs it, with its own temporary directory as the
working directory, a time limit (a hang is a failure) and an address-space limit of 3 GiB (a construct that
costs memory out of proportion to its input fails instead of swapping the machine).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from bad_inputs import Case, all_cases
from conftest import DATA, SEED

CASES = all_cases()
MEMORY_LIMIT = 3 * 1024 ** 3


def _fill(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp)).replace("{seed}", str(SEED)).replace("{data}", str(DATA))


def _limits() -> None:  # in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _snapshot(tmp: Path, paths: tuple[str, ...]) -> dict[str, tuple[bool, int | None, bytes | None]]:
    """Per path: whether it is a symbolic link, its file type (stat mode bits) and its bytes if a file."""
    out: dict[str, tuple[bool, int | None, bytes | None]] = {}
    for rel in paths:
        p = tmp / rel
        kind = (os.lstat(p).st_mode & 0o170000) if os.path.lexists(p) else None
        out[rel] = (p.is_symlink(), kind, p.read_bytes() if p.is_file() else None)
    return out


def test_the_corpus_is_large_and_its_names_unique() -> None:
    assert len(CASES) >= 100, f"the corpus has {len(CASES)} cases; the issue asks for at least 100"
    areas = {c.name.split(":")[0] for c in CASES}
    assert {"yaml", "dataset", "output", "cli", "neo4j"} <= areas, areas


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    if case.needs_data:
        assert DATA.is_dir(), f"the shared datasets are not at {DATA} (set ALLIANCEGRAPH_SHARED_DATA)"
    for rel, content in case.files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(_fill(content, tmp_path), encoding="utf-8")
    if case.setup is not None:
        case.setup(tmp_path)
    before = _snapshot(tmp_path, case.unchanged)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({k: _fill(v, tmp_path) for k, v in case.env.items()})
    env["COLUMNS"] = "200"
    try:
        proc = subprocess.run([sys.executable, "-m", "alliancegraph", *[_fill(a, tmp_path) for a in case.args]],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=case.timeout,
                              preexec_fn=_limits, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: no answer within {case.timeout:g} s")
    err = proc.stderr
    assert "Traceback (most recent call last)" not in err, f"{case.name}: a traceback reached the user:\n{err}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert proc.returncode == case.exit_code, (f"{case.name}: exit {proc.returncode}, expected "
                                               f"{case.exit_code}\nstderr:\n{err}\nstdout:\n{proc.stdout[-2000:]}")
    if case.error is not None:
        assert lines, f"{case.name}: nothing on stderr"
        assert lines[-1] == _fill(case.error, tmp_path), f"{case.name}: stderr was:\n{err}"
    printed = proc.stdout.splitlines() + err.splitlines()
    for line in case.shows:
        assert _fill(line, tmp_path) in printed, f"{case.name}: {line!r} not printed\nstdout:\n{proc.stdout}\nstderr:\n{err}"
    assert _snapshot(tmp_path, case.unchanged) == before, f"{case.name}: a file it must not touch changed"
