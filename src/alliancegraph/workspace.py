"""Opening a graph from its sources: fact directories, dataset files (COW, ATOP, MID, IGO) or Neo4j.

This is the one place where the CLI and analysis scripts turn "where the facts are" into an
:class:`~alliancegraph.graph.AllianceGraph`; every source is validated before anything uses it.

A source is a fact directory (YAML, ``docs/facts.md``), a dataset file (a CSV recognised by its header,
``docs/datasets.md``), or a directory of dataset files (one with CSV files and no YAML). Dataset files can
also be named with their format (``datasets=[("cow-mida", "disputes.csv")]``). Curated facts are read first:
their states' ccodes decide the ids dataset facts use, and on equal ids they win
(:meth:`~alliancegraph.model.FactSet.merge`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Sequence

from .facts import FactValidationError, load_facts, validate_dir, Problem
from .graph import AllianceGraph
from .model import FactSet

__all__ = ["default_facts_dir", "read_facts", "open_graph", "check_sources", "split_sources"]

DatasetSpec = Sequence[tuple[str, "str | Path"]]
"""``(format name, file)`` pairs: dataset files named with their format (see ``importers.FORMATS``)."""


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


def split_sources(paths: Iterable[str | Path], datasets: DatasetSpec = ()) -> tuple[list[Path], list[tuple[Path, str | None]]]:
    """Sort sources into fact directories and dataset files ``(path, format or None)``.

    A directory with CSV files and no YAML file is a directory of dataset files. Raises
    ``FileNotFoundError`` for a path that does not exist.
    """
    from .importers import dataset_files

    dirs: list[Path] = []
    files: list[tuple[Path, str | None]] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or directory")
        if p.is_dir():
            csvs = dataset_files(p)
            if csvs and not any(p.glob("*.y*ml")):
                files.extend((c, None) for c in csvs)
            else:
                dirs.append(p)
        else:
            files.append((p, None))
    for fmt, f in datasets:
        if not Path(f).exists():
            raise FileNotFoundError(f"{f}: no such file")
        files = [x for x in files if x[0].resolve() != Path(f).resolve()] + [(Path(f), fmt)]
    return dirs, files


def _state_ids(facts: FactSet) -> dict[int, str]:
    """ccode -> id of the curated states (dataset facts then use these ids)."""
    return {st.ccode: sid for sid, st in sorted(facts.states.items()) if st.ccode is not None}


def check_sources(paths: Iterable[str | Path], datasets: DatasetSpec = ()) -> tuple[FactSet, list[Problem]]:
    """Read every source and return ``(merged facts, all problems)`` without raising on problems.

    Fact directories are validated (every problem, with file, line and fact id); dataset files are read
    whole, every malformed row being a problem (file, line, column). Curated facts win on equal ids, and
    among fact directories the earlier one. Raises ``FileNotFoundError`` for a path that does not exist.
    """
    from .importers import DatasetError, UnknownFormatError, import_datasets

    dirs, files = split_sources(paths, datasets)
    merged, problems = FactSet(), []
    for d in dirs:
        facts, probs = validate_dir(d)
        problems.extend(probs)
        merged = merged.merge(facts)
    if files:
        try:
            result = import_datasets(files, skip_bad_rows=True, state_ids=_state_ids(merged))
        except DatasetError as e:
            problems.append(e.problem())
        except UnknownFormatError as e:
            problems.append(Problem(e.file or "", 1, None, str(e).removeprefix(f"{e.file}: ")))
        else:
            problems.extend(result.skipped)
            merged = merged.merge(result.facts)
    return merged, problems


def read_facts(paths: Iterable[str | Path] | None = None, datasets: DatasetSpec = (), skip_bad_rows: bool = False,
               skipped: list[Problem] | None = None) -> FactSet:
    """Read and validate sources (default: the embedded seed, when no source at all is given).

    Parameters
    ----------
    paths : fact directories, dataset files or directories of dataset files
    datasets : (format, file) pairs, for dataset files named with their format
    skip_bad_rows : bool
        False (default): the first malformed dataset row raises ``DatasetError`` (file, line, column) and
        nothing is returned. True: malformed rows are skipped and appended to ``skipped``.
    skipped : list, optional
        Receives the skipped rows as :class:`~alliancegraph.facts.Problem`.

    Raises
    ------
    FactValidationError
        With every problem of the fact directories.
    DatasetError, UnknownFormatError, FileNotFoundError, ValueError
    """
    paths = list(paths or [])
    if not paths and not datasets:
        paths = [default_facts_dir()]
    dirs, files = split_sources(paths, datasets)
    if len(dirs) == 1 and not files:
        return load_facts(dirs[0])
    curated, problems = FactSet(), []
    for d in dirs:
        facts, probs = validate_dir(d)
        problems.extend(probs)
        curated = curated.merge(facts)
    if problems:
        raise FactValidationError(problems)
    if not files:
        return curated
    from .importers import import_datasets

    result = import_datasets(files, skip_bad_rows=skip_bad_rows, state_ids=_state_ids(curated))
    if skipped is not None:
        skipped.extend(result.skipped)
    return curated.merge(result.facts)


def open_graph(paths: Iterable[str | Path] | None = None, datasets: DatasetSpec = (), skip_bad_rows: bool = False,
               skipped: list[Problem] | None = None) -> AllianceGraph:
    """The alliance graph built in memory from validated sources (default: the embedded seed); the
    arguments are those of :func:`read_facts`."""
    return AllianceGraph.from_facts(read_facts(paths, datasets, skip_bad_rows, skipped))
