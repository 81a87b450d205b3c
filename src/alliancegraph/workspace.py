"""Opening a graph from its sources: fact directories (and, later, dataset files) or Neo4j.

This is the one place where the CLI and analysis scripts turn "where the facts are" into an
:class:`~alliancegraph.graph.AllianceGraph`; every source is validated before anything uses it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .facts import FactValidationError, load_facts, validate_dir, Problem
from .graph import AllianceGraph
from .model import FactSet

__all__ = ["default_facts_dir", "read_facts", "open_graph", "check_sources"]


def default_facts_dir() -> Path:
    """The embedded default fact directory: ``$ALLIANCEGRAPH_FACTS``, else ``./seed`` if it exists, else the
    ``seed/`` directory of the source checkout this package runs from. Raises ``FileNotFoundError``."""
    env = os.environ.get("ALLIANCEGRAPH_FACTS")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd() / "seed", Path(__file__).resolve().parents[2] / "seed"]
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError("no fact directory given and no seed/ found (set ALLIANCEGRAPH_FACTS or pass --facts)")


def check_sources(paths: Iterable[str | Path]) -> tuple[FactSet, list[Problem]]:
    """Read every source and return ``(merged facts, all problems)`` without raising on problems.

    A source is a fact directory. Facts of earlier sources win on equal ids. Raises ``FileNotFoundError``
    for a path that does not exist.
    """
    merged, problems = FactSet(), []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or directory")
        if not p.is_dir():
            raise ValueError(f"{p}: not a fact directory")
        facts, probs = validate_dir(p)
        problems.extend(probs)
        merged = merged.merge(facts)
    return merged, problems


def read_facts(paths: Iterable[str | Path] | None = None) -> FactSet:
    """Read and validate sources (default: the embedded seed). Raises :class:`FactValidationError` with
    every problem, ``FileNotFoundError`` or ``ValueError``."""
    paths = list(paths or [default_facts_dir()])
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return load_facts(paths[0])
    facts, problems = check_sources(paths)
    if problems:
        raise FactValidationError(problems)
    return facts


def open_graph(paths: Iterable[str | Path] | None = None) -> AllianceGraph:
    """The alliance graph built in memory from validated sources (default: the embedded seed)."""
    return AllianceGraph.from_facts(read_facts(paths))
