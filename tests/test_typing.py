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


def test_the_readme_script_type_checks_against_the_package(tmp_path: Path) -> None:
    """A user's script made of the README's "From Python" lines type-checks against the package as a user's
    mypy sees it: installed (a venv whose site-packages hold a ``.pth`` to the package under test), so found
    through its ``py.typed`` (PEP 561; without it mypy would skip the package and see ``Any``), mypy run
    from the script's directory with its default settings. The results' real types reach the script
    (``g.ties_as_of(at).to_pandas()``: ``Ties``, not ``list[Tie]``)."""
    import sysconfig
    import venv

    from test_public_api_script import readme_script

    src = REPO / "src"
    assert (src / "alliancegraph" / "py.typed").is_file()
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(env_dir), "platbase": str(env_dir)}))
    (site / "alliancegraph-under-test.pth").write_text(f"{src}\n", encoding="utf-8")
    work = tmp_path / "user"
    work.mkdir()
    # reveal_type lines: the result types the script relies on, as mypy names them
    (work / "script.py").write_text(readme_script() + "reveal_type(g.ties_as_of(at))\nreveal_type(paths)\n",
                                    encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-executable", str(env_dir / "bin" / "python"), "--cache-dir",
         str(tmp_path / "mypy-cache"), "--no-error-summary", "script.py"],
        cwd=work, capture_output=True, text=True, timeout=600, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    out = proc.stdout + proc.stderr
    assert not [line for line in proc.stdout.splitlines() if ": error:" in line], f"mypy exited {proc.returncode}:\n{out}"
    notes = [line for line in proc.stdout.splitlines() if "Revealed type" in line]
    assert [n.split("Revealed type is ")[1] for n in notes] == [
        '"alliancegraph.graph.ties.Ties"', '"alliancegraph.analysis.paths.Paths"'], out
