"""The package as a user gets it: a wheel built from the checkout, installed in a fresh virtual environment
(its dependencies from PyPI, or the pip cache), runs the main job from a directory that is not the checkout.

The wheel is built from a copy of what a source distribution holds (``pyproject.toml``, ``README.md``,
``src/``), so that a stale ``build/`` directory of the checkout cannot slip files into it. The subprocesses
run without ``PYTHONPATH`` and ``ALLIANCEGRAPH_FACTS``, in an empty directory, so that nothing of the
checkout can stand in for what the wheel lacks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO

SEED_IN_SOURCE = REPO / "src" / "alliancegraph" / "seed"
LEAKS = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "ALLIANCEGRAPH_FACTS", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    cwd: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        r = subprocess.run([str(self.venv / "bin" / args[0]), *args[1:]], cwd=self.cwd, env=self.env,
                           capture_output=True, text=True, timeout=timeout)
        assert r.returncode == 0, f"{' '.join(args)} exited {r.returncode}:\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}"
        return r


def _step(cmd: list[str], timeout: float, **kw: object) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)  # type: ignore[call-overload]
    assert r.returncode == 0, f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout[-3000:]}\n{r.stderr[-5000:]}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in LEAKS}
    tree = tmp / "source"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, tree / name)
    shutil.copytree(REPO / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    dist = tmp / "dist"
    _step([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(tree)], 600, env=env)
    wheels = sorted(dist.glob("alliancegraph-*.whl"))
    assert len(wheels) == 1, wheels
    venv = tmp / "venv"
    _step([sys.executable, "-m", "venv", str(venv)], 300, env=env)
    _step([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheels[0])], 1200, env=env)
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return Installed(wheels[0], venv, elsewhere, env)


def test_the_wheel_holds_the_package_the_seed_and_py_typed_and_nothing_else(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    version = re.search(r'^__version__ = "([^"]+)"', (REPO / "src" / "alliancegraph" / "__init__.py").read_text(),
                        re.M)
    assert version, "src/alliancegraph/__init__.py defines __version__"
    assert installed.wheel.name.startswith(f"alliancegraph-{version.group(1)}-")
    assert {n.split("/")[0] for n in names} == {"alliancegraph", f"alliancegraph-{version.group(1)}.dist-info"}
    assert "alliancegraph/py.typed" in names
    seed = sorted(p.name for p in SEED_IN_SOURCE.iterdir() if p.suffix == ".yaml")
    assert "states.yaml" in seed and "treaties.yaml" in seed
    assert sorted(n.removeprefix("alliancegraph/seed/") for n in names if n.startswith("alliancegraph/seed/")) == seed
    templates = sorted(p.name for p in (REPO / "src" / "alliancegraph" / "views" / "templates").glob("*.html"))
    assert templates and all(f"alliancegraph/views/templates/{t}" in names for t in templates)
    assert not [n for n in names if n.startswith(("tests/", "docs/", "benchmarks/", "scripts/", "seed/"))
                or "/tests/" in n or "/docs/" in n]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Installed) -> None:
    r = installed.run("python", "-c", "import alliancegraph, alliancegraph.workspace as w; "
                                      "print(alliancegraph.__file__); print(w.default_facts_dir())")
    module, seed = (Path(line) for line in r.stdout.splitlines())
    assert module.is_relative_to(installed.venv) and seed.is_relative_to(installed.venv)
    assert seed == module.parent / "seed"


def test_view_from_another_directory(installed: Installed) -> None:
    installed.run("alliancegraph", "view", "-o", "X.html")
    html = (installed.cwd / "X.html").read_text(encoding="utf-8")
    assert "Russia" in html and "North Korea" in html  # states of src/alliancegraph/seed/states.yaml


def test_clusters_from_another_directory(installed: Installed) -> None:
    r = installed.run("alliancegraph", "clusters", "--as-of", "2025-01-01", "--json")
    clusters = {c["name"]: c for c in json.loads(r.stdout)["clusters"]}
    assert "NATO" in clusters
    # France, Germany and Poland: parties of the North Atlantic Treaty (src/alliancegraph/seed/treaties.yaml)
    assert {"FRA", "DEU", "POL"} <= set(clusters["NATO"]["members"])
