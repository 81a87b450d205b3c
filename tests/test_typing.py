"""mypy over the package, at the strictness of ``[tool.mypy]`` in pyproject.toml, reports no error.

The configuration (every function annotated and checked, no stale ``type: ignore``, no redundant cast, strict
equality; packages without type information listed with ``ignore_missing_imports``) is the project's
promise of typing; this test makes ``scripts/test`` keep it. mypy checks from scratch (its cache in a
temporary directory, none left in the checkout): about 6-10 s.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

TYPING_EXTRAS = ("mypy", "types-PyYAML")
"""What the check needs besides the package's dependencies (both in the ``test`` extras)."""


def test_mypy_reports_no_error(tmp_path: Path) -> None:
    missing = []
    for dist in TYPING_EXTRAS:
        try:
            importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            missing.append(dist)
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed: install the test extras (pip install -e '.[test]')")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), "--cache-dir",
         str(tmp_path / "mypy-cache"), "--no-error-summary", "src/alliancegraph"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    if proc.returncode != 0 or errors:
        pytest.fail(f"mypy exited {proc.returncode} with {len(errors)} errors:\n{proc.stdout}{proc.stderr}",
                    pytrace=False)
