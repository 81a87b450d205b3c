"""Which dataset a file is (by its header, or as told) and importing several dataset files at once.

Owns: the formats (:data:`FORMATS`, :class:`Format`), recognising a file by its header
(:func:`sniff_format`, :func:`detect_format`, :class:`UnknownFormatError`), the dataset files of a directory
(:func:`dataset_files`) and running the importers over a set of files (:func:`import_datasets`,
:class:`ImportResult`).

Must not know: what a dataset's columns mean (each importer), how dataset facts are merged with curated ones
(:mod:`alliancegraph.workspace`), the graph, analyses, views, the command line, Neo4j.

:func:`detect_format` reads only a file's header line. :func:`import_datasets` reads every file with the
importer of its dataset family (files of one family are read together: MIDA with MIDB, the ATOP member file
with the alliance file), then builds the State facts of every state the rows named.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..errors import AllianceGraphError
from ..facts import Problem
from ..model import FactSet, link_facts
from .atop import AtopImporter
from .base import Context, DatasetError, Importer, Table
from .cow import AllianceImporter, IgoImporter, MidImporter, StatesImporter
from .gml import GmlImporter
from .iwd import IwdImporter

__all__ = ["Format", "FORMATS", "detect_format", "sniff_format", "import_datasets", "ImportResult",
           "UnknownFormatError", "dataset_files"]


@dataclass(frozen=True)
class Format:
    """A dataset file layout: its name (for ``--dataset``), family, and the header columns that identify it."""

    name: str
    family: str
    description: str
    columns: frozenset[str]
    importer: Callable[[Context], Importer]

    def matches(self, header: set[str]) -> bool:
        if self.name == "cow-igo-state-year":
            return {"ccode", "year", "state"} <= header and len(header) > 10 and not header & {
                "dispnum", "atopid", "version4id", "stateabb", "statenme"}
        return self.columns <= header


FORMATS: dict[str, Format] = {f.name: f for f in [
    Format("cow-states", "cow-states", "COW State System Membership (states2016.csv, statelist2024.csv)",
           frozenset({"stateabb", "ccode", "styear", "endyear"}), StatesImporter),
    Format("cow-alliance-member", "cow-alliance",
           "COW Formal Alliances v4.1 by member (alliance_v4.1_by_member.csv, ..._by_member_yearly.csv)",
           frozenset({"version4id", "ccode", "all_st_year"}), AllianceImporter),
    Format("cow-alliance-dyad", "cow-alliance",
           "COW Formal Alliances v4.1 by dyad (alliance_v4.1_by_dyad.csv, ..._by_dyad_yearly.csv, directed)",
           frozenset({"version4id", "ccode1", "ccode2", "dyad_st_year"}), AllianceImporter),
    Format("atop-member", "atop", "ATOP member level (atop4_01m.csv, atop5_1m.csv)",
           frozenset({"atopid", "member", "yrent", "yrexit"}), AtopImporter),
    Format("atop-alliance", "atop", "ATOP alliance level (atop4_01a.csv, atop5_1a.csv)",
           frozenset({"atopid", "begyr", "endyr", "mem1"}), AtopImporter),
    Format("cow-mida", "cow-mid", "COW MID 5.0 dispute level (MIDA 5.0.csv)",
           frozenset({"styear", "endyear", "hostlev", "outcome"}), MidImporter),
    Format("cow-midb", "cow-mid", "COW MID 5.0 participant level (MIDB 5.0.csv)",
           frozenset({"ccode", "sidea", "styear", "endyear"}), MidImporter),
    Format("cow-igo-state-year", "cow-igo", "COW IGO v3 state-year format (igo_state_year_v3.csv)",
           frozenset({"ccode", "year", "state"}), IgoImporter),
    Format("gml-mid", "gml-mid", "GML MID 2.x directed dispute dyad-years (gml-ddy-disputes-2.03.csv)",
           frozenset({"dispnum", "ccode1", "ccode2", "year", "sidea1", "sidea2", "midonset", "midongoing",
                      "hostlev"}), GmlImporter),
    Format("iwd", "iwd", "Inter-state wars, initiator-war-year layout of the Interstate War Data "
                         "(interstate-war-rev.csv)",
           frozenset({"larger_war_id", "init_war_id", "year", "init_ccode", "target_ccode", "month_entry",
                      "day_entry", "month_exit", "day_exit", "joiner"}), IwdImporter),
]}
"""The dataset layouts the importers read, by name."""


class UnknownFormatError(AllianceGraphError, ValueError):
    """A file whose header matches no known dataset (and no ``--dataset FORMAT`` was given); ``file`` names it.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancegraph import UnknownFormatError
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = f.write_text("a,b\\n1,2\\n")
    >>> try:
    ...     detect_format(f)
    ... except UnknownFormatError as e:
    ...     print(pathlib.Path(e.file) == f, "header: a, b" in str(e))
    True True
    """

    def __init__(self, message: str, file: str | None = None):
        self.file = file
        super().__init__(message)


def sniff_format(header: Iterable[str]) -> Format | None:
    """The format whose identifying columns a header has (lower-cased), or None."""
    cols = {h.strip().strip('"').strip().lower() for h in header}
    if "dispnum" in cols or "dispnum3" in cols:
        for name in ("cow-midb", "cow-mida"):
            if FORMATS[name].matches(cols):
                return FORMATS[name]
    for f in FORMATS.values():
        if f.name not in ("cow-mida", "cow-midb") and f.matches(cols):
            return f
    return None


def detect_format(path: str | Path) -> Format:
    """The dataset format of a CSV file, from its header line alone. Raises :class:`UnknownFormatError`."""
    table = Table(path)
    table.close()
    fmt = sniff_format(table.header)
    if fmt is None:
        raise UnknownFormatError(
            f"{path}: not a dataset file this version reads (header: {', '.join(table.header[:8])}"
            f"{', ...' if len(table.header) > 8 else ''}); known formats: {', '.join(FORMATS)} "
            f"(give one with --dataset FORMAT FILE)", str(path))
    return fmt


def dataset_files(directory: str | Path) -> list[Path]:
    """The CSV files of a dataset directory (one without fact YAML files), sorted by name."""
    return sorted(p for p in Path(directory).iterdir() if p.is_file() and p.suffix.lower() == ".csv")


@dataclass
class ImportResult:
    """What :func:`import_datasets` read: the ``facts``, the bad rows it ``skipped`` (skip mode only), the
    ``formats`` it read each file as, and the ``seconds`` each family took to read and build."""

    facts: FactSet
    skipped: list[Problem] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def import_datasets(files: Iterable[str | Path | tuple[str | Path, str | None]], skip_bad_rows: bool = False,
                    state_ids: Mapping[int, str] | None = None) -> ImportResult:
    """Read dataset files into facts.

    Parameters
    ----------
    files : iterable of path or (path, format name)
        The files; a format name (one of :data:`FORMATS`) says what a file is, else its header does.
    skip_bad_rows : bool
        False (default): the first malformed row raises :class:`~.base.DatasetError` (file, line, column)
        and nothing is returned. True: malformed rows are skipped and listed in ``skipped``.
    state_ids : mapping of int to str, optional
        ccode -> state id of curated states, so that dataset facts use the curated ids (see
        :mod:`.codes`).

    Returns
    -------
    ImportResult

    Raises
    ------
    DatasetError, UnknownFormatError, FileNotFoundError
    """
    ctx = Context(skip_bad_rows, state_ids)
    families: dict[str, list[tuple[Path, Format]]] = {}
    formats: dict[str, str] = {}
    for item in files:
        path, name = (item if isinstance(item, tuple) else (item, None))
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such dataset file")
        if name is not None:
            if name not in FORMATS:
                raise UnknownFormatError(f"unknown dataset format {name!r} (one of {', '.join(FORMATS)})")
            fmt = FORMATS[name]
        else:
            fmt = detect_format(path)
        families.setdefault(fmt.family, []).append((path, fmt))
        formats[str(path)] = fmt.name
    seconds: dict[str, float] = {}
    order = ["cow-states", "cow-alliance", "atop", "cow-mid", "gml-mid", "iwd", "cow-igo"]
    for family in sorted(families, key=order.index):
        t0 = time.perf_counter()
        group = families[family]
        importer = group[0][1].importer(ctx)
        for path, fmt in group:
            table = Table(path)
            missing = sorted(fmt.columns - set(table.header)) if fmt.name != "cow-igo-state-year" else [
                c for c in ("ccode", "year") if c not in table.header]
            if missing:
                table.close()
                raise DatasetError(str(path), 1, missing[0], f"the header lacks {', '.join(missing)} "
                                                             f"(read as {fmt.name})")
            importer.read(table, fmt.name)
        importer.finish()
        seconds[family] = time.perf_counter() - t0
    ctx.facts.states.update(ctx.states.facts(open_end=ctx.state_list_end))
    link_facts(ctx.facts)
    return ImportResult(ctx.facts, ctx.skipped, formats, seconds)
