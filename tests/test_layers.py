"""The package's layers, as docs/architecture.md draws them, checked on the source.

Every import in every module of ``src/alliancegraph`` (at module level or inside a function: a lazy import
is still a dependency) must point down the layers below, or sideways within the module's own subpackage;
and the third-party libraries that belong to one job are imported only by the modules of that job (the
Neo4j driver only by ``neo4j_store``, click and rich only by the CLI, the drawing and HTML libraries only by
``views``). A new upward import fails here with the module, the line and the rule it breaks.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "src" / "alliancegraph"

LAYERS: list[set[str]] = [
    {"errors", "fileio", "gcpause", "schema", "importers.codes"},
    {"dates"},
    {"model"},
    {"names", "frames"},
    {"facts"},
    {"importers", "graph.frozen"},
    {"graph"},
    {"workspace", "neo4j_rows", "analysis"},
    {"views", "neo4j_store", "crosscheck"},
    {"neo4j_bulk", "neo4j_analyses"},
    {""},
    {"cli"},
    {"__main__"},
]
"""Lowest first. A module belongs to the most specific entry that names it or a package holding it
(``graph.frozen`` before ``graph``); ``""`` is the package's ``__init__``, the public API over everything."""

ONLY: dict[str, set[str]] = {
    "neo4j": {"neo4j_store"},
    "click": {"cli"},
    "rich": {"cli"},
    "jinja2": {"views"},
    "pyvis": {"views"},
    "matplotlib": {"views"},
    "websocket": {"views.browser"},
    "yaml": {"facts"},
}
"""Third-party top-level packages and the modules (or subpackages) that alone may import them."""


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _rank(module: str) -> int:
    best: tuple[int, int] | None = None  # (specificity, rank)
    for rank, names in enumerate(LAYERS):
        for name in names:
            if module == name or (name and module.startswith(name + ".")) or (name == "" and module == ""):
                spec = len(name.split(".")) if name else 0
                if best is None or spec > best[0]:
                    best = (spec, rank)
    assert best is not None, f"module {module!r} is in no layer of tests/test_layers.py: place it"
    return best[1]


def _within(module: str, names: set[str]) -> bool:
    return any(module == n or module.startswith(n + ".") for n in names)


def _imports(path: Path) -> list[tuple[int, str, bool]]:
    """``(line, name, internal)`` of every import of the file; internal names relative to the package."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from . import x: each name may be a module
                    out += [(node.lineno, ".".join(base + [a.name]), True) for a in node.names]
                else:
                    out.append((node.lineno, target, True))
            elif node.module and (node.module == "alliancegraph" or node.module.startswith("alliancegraph.")):
                out.append((node.lineno, node.module.removeprefix("alliancegraph").lstrip("."), True))
            elif node.module:
                out.append((node.lineno, node.module.split(".")[0], False))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "alliancegraph" or a.name.startswith("alliancegraph."):
                    out.append((node.lineno, a.name.removeprefix("alliancegraph").lstrip("."), True))
                else:
                    out.append((node.lineno, a.name.split(".")[0], False))
    return out


def _known(name: str) -> str:
    """An imported internal name as a module of the package (``graph.Tie`` is not a module: ``graph``)."""
    parts = name.split(".") if name else []
    while parts:
        candidate = PACKAGE.joinpath(*parts)
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    return ""


def _allowed(module: str, target: str) -> bool:
    """Whether ``module`` may import ``target``: a lower layer, a sibling in the same subpackage (graph,
    analysis, views, importers), or anything from the package's own ``__init__`` (the public API)."""
    if module == "" or target == module:
        return True
    top = module.split(".")[0]
    if top in ("graph", "analysis", "views", "importers") and target.split(".")[0] == top:
        return True
    return _rank(target) < _rank(module)


def test_imports_run_down_the_layers() -> None:
    broken = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        for line, name, internal in _imports(path):
            target = _known(name)
            if internal and not _allowed(module, target):
                broken.append(f"src/alliancegraph/{path.relative_to(PACKAGE)}:{line}: {module} (layer "
                              f"{_rank(module)}) imports {target or 'alliancegraph'} (layer {_rank(target)})")
    assert not broken, "imports that run up the layers (docs/architecture.md):\n" + "\n".join(broken)


def test_libraries_stay_with_their_job() -> None:
    broken = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        for line, name, internal in _imports(path):
            if not internal and name in ONLY and not _within(module, ONLY[name]):
                broken.append(f"src/alliancegraph/{path.relative_to(PACKAGE)}:{line}: {module} imports {name}, "
                              f"which only {sorted(ONLY[name])} may import")
    assert not broken, "\n".join(broken)


def test_the_rules_themselves() -> None:
    """The checker on cases decided by hand: the model may not import the graph, an analysis may import the
    graph and a sibling analysis but not a view, the public API may import anything; click belongs to the CLI."""
    assert not _allowed("model", "graph") and not _allowed("facts", "workspace")
    assert _allowed("analysis.clusters", "graph") and _allowed("analysis.change", "analysis.clusters")
    assert not _allowed("analysis.timeline", "views.alluvial") and not _allowed("graph.build", "analysis.paths")
    assert _allowed("graph.build", "graph.frozen") and _allowed("names", "importers.codes")
    assert not _allowed("importers.cow", "graph") and _allowed("", "cli")
    assert not _within("analysis.clusters", ONLY["click"]) and _within("views.html", ONLY["jinja2"])
    assert _known("graph.Tie") == "graph" and _known("analysis.clusters") == "analysis.clusters"
