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

__all__ = ["Layout", "Format", "Refused", "FORMATS", "REFUSED", "LAYOUTS", "identify", "detect_format",
           "sniff_format", "import_datasets", "ImportResult", "UnknownFormatError", "dataset_files"]


def _cols(text: str) -> frozenset[str]:
    return frozenset(text.replace("\n", " ").replace(",", " ").split())


def _numbered(pattern: str, n: int) -> frozenset[str]:
    return frozenset(pattern.format(i) for i in range(1, n + 1))


@dataclass(frozen=True)
class Layout:
    """A dataset file layout recognised by its whole header: the ``columns`` it must have, one of ``any_of``
    (when given), and nothing outside ``known`` (every column of the layout's documented versions; None for
    a layout whose other columns are open-ended, such as the IGO columns of the IGO state-year file, whose
    header may then have no column of ``excluded``)."""

    name: str
    description: str
    columns: frozenset[str]
    known: frozenset[str] | None
    any_of: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()

    def matches(self, header: set[str] | frozenset[str]) -> bool:
        """Whether ``header`` (lower-cased column names) is this layout's, exactly."""
        return not self.unknown(header) and self.near(header)

    def near(self, header: set[str] | frozenset[str]) -> bool:
        """Whether the header has the columns that identify this layout (whatever else it has)."""
        return self.columns <= header and (not self.any_of or bool(self.any_of & header))

    def unknown(self, header: set[str] | frozenset[str]) -> list[str]:
        """The header's columns this layout does not have (sorted)."""
        if self.known is None:
            return sorted(header & self.excluded)
        return sorted(header - self.known - self.columns - self.any_of)


@dataclass(frozen=True)
class Format(Layout):
    """A dataset file layout the importers read: its name (for ``--dataset``), family and importer."""

    family: str = ""
    importer: Callable[[Context], Importer] | None = None


@dataclass(frozen=True)
class Refused(Layout):
    """A dataset layout recognised in order to refuse it by name: ``reason`` says what to read instead."""

    reason: str = ""


_MIDA = _cols("""dispnum stday stmon styear endday endmon endyear outcome settle fatality fatalpre maxdur mindur
                 hiact hostlev recip numa numb ongo2014 version dispnum3 dispnum4 link1 link2 link3 ongo2001
                 ongo2010""")
_MIDB = _cols("""dispnum stabb ccode stday stmon styear endday endmon endyear sidea revstate revtype1 revtype2
                 fatality fatalpre hiact hostlev orig version dispnum3 dispnum4""")
_MIDI = _cols("""dispnum incidnum stday stmon styear endday endmon endyear duration tbi fatality fatalpre action
                 hostlev numa revtype1 revtype2 version dispnum3 incidnum3 dispnum4 incidnum4""")
_MIDIP = _cols("""dispnum incidnum stabb ccode stday stmon styear endday endmon endyear insidea sidea fatality
                  fatalpre action hostlev revtype1 revtype2 version dispnum3 incidnum3 dispnum4 incidnum4""")
_COW_ALLIANCE_FLAGS = _cols("left_censor right_censor defense neutrality nonaggression nonagression entente "
                            "asymmetric year version")
_IDS = frozenset({"dispnum", "dispnum3", "incidnum", "atopid", "version4id", "stateabb", "statenme"})

FORMATS: dict[str, Format] = {f.name: f for f in [
    Format("cow-states", "COW State System Membership (states2016.csv, statelist2024.csv)",
           _cols("stateabb ccode styear endyear"),
           _cols("statenme stmonth stday endmonth endday version"), family="cow-states", importer=StatesImporter),
    Format("cow-alliance-member",
           "COW Formal Alliances v4.1 by member (alliance_v4.1_by_member.csv, ..._by_member_yearly.csv)",
           _cols("version4id ccode all_st_year"),
           _cols("state_name all_st_day all_st_month all_end_day all_end_month all_end_year ss_type mem_st_day "
                 "mem_st_month mem_st_year mem_end_day mem_end_month mem_end_year") | _COW_ALLIANCE_FLAGS,
           family="cow-alliance", importer=AllianceImporter),
    Format("cow-alliance-dyad",
           "COW Formal Alliances v4.1 by dyad (alliance_v4.1_by_dyad.csv, ..._by_dyad_yearly.csv, directed)",
           _cols("version4id ccode1 ccode2 dyad_st_year"),
           _cols("state_name1 state_name2 dyad_st_day dyad_st_month dyad_end_day dyad_end_month dyad_end_year")
           | _COW_ALLIANCE_FLAGS, family="cow-alliance", importer=AllianceImporter),
    # ATOP's variable list grows with each version (5.x adds to 4.01's): its layouts are open-ended like the
    # IGO file's, recognised by ATOP's own columns and refused when a column of another dataset's ids is there
    Format("atop-member", "ATOP member level (atop4_01m.csv, atop5_1m.csv)", _cols("atopid member yrent yrexit"),
           None, excluded=_IDS - {"atopid"}, family="atop", importer=AtopImporter),
    Format("atop-alliance", "ATOP alliance level (atop4_01a.csv, atop5_1a.csv)", _cols("atopid begyr endyr mem1"),
           None, excluded=_IDS - {"atopid"}, family="atop", importer=AtopImporter),
    Format("cow-mida", "COW MID dispute level (MIDA 5.0.csv, MIDA 4.x)", _cols("styear endyear hostlev outcome"),
           _MIDA, any_of=_cols("dispnum dispnum3"), family="cow-mid", importer=MidImporter),
    Format("cow-midb", "COW MID participant level (MIDB 5.0.csv, MIDB 4.x)", _cols("ccode sidea styear endyear"),
           _MIDB, any_of=_cols("dispnum dispnum3"), family="cow-mid", importer=MidImporter),
    Format("cow-igo-state-year", "COW IGO v3 state-year format (igo_state_year_v3.csv)", _cols("ccode year state"),
           None, excluded=_IDS, family="cow-igo", importer=IgoImporter),
    Format("gml-mid", "GML MID 2.x directed dispute dyad-years (gml-ddy-disputes-2.03.csv)",
           _cols("dispnum ccode1 ccode2 year sidea1 sidea2 midonset midongoing hostlev"),
           _cols("""revstate1 revstate2 revtype11 revtype12 revtype21 revtype22 fatality1 fatality2 fatalpre1
                 fatalpre2 hiact1 hiact2 hostlev1 hostlev2 orig1 orig2 hiact mindur maxdur outcome settle fatality
                 fatalpre stmon endmon recip numa numb ongo2010 version"""), family="gml-mid", importer=GmlImporter),
    Format("iwd", "Inter-state wars, initiator-war-year layout of the Interstate War Data (interstate-war-rev.csv)",
           _cols("larger_war_id init_war_id year init_ccode target_ccode month_entry day_entry month_exit day_exit "
                 "joiner"),
           _cols("""version larger_war_name init_war_name annual_outcome init_name target_name month_entry02
                 day_entry02 month_exit02 day_exit02""") | _numbered("adv{}name", 30) | _numbered("adv{}ccode", 30)
           | _numbered("ally{}name", 30) | _numbered("ally{}ccode", 30), family="iwd", importer=IwdImporter),
]}
"""The dataset layouts the importers read, by name."""

REFUSED: tuple[Refused, ...] = tuple(
    Refused(name, desc, cols, known, any_of=_cols("incidnum incidnum3"),
            reason=f"a MID incident file ({name}, {desc}); alliancegraph reads MIDA and MIDB")
    for name, desc, cols, known in [
        ("MIDI 5.0", "one row per incident", _cols("styear endyear action hostlev"), _MIDI),
        ("MIDIP 5.0", "one row per state per incident", _cols("ccode insidea styear endyear"), _MIDIP)])
"""Layouts recognised only to be refused by name (the MID incident files)."""

LAYOUTS: tuple[Layout, ...] = (*FORMATS.values(), *REFUSED)
"""Every layout the detector knows: no header is the exact header of two of them."""


class UnknownFormatError(AllianceGraphError, ValueError):
    """A file whose header is no dataset layout this version reads (and no ``--dataset FORMAT`` was given);
    ``file`` names it.

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


def _clean(header: Iterable[str]) -> frozenset[str]:
    return frozenset(h.strip().strip('"').strip().lower() for h in header)


def identify(header: Iterable[str]) -> Layout | None:
    """The one layout (read or refused) whose header this is, exactly, or None: the one detector.

    Parameters
    ----------
    header : iterable of str
        Column names (any case, quotes and spaces around them ignored).

    Returns
    -------
    Layout or None
        A :class:`Format` the importers read, a :class:`Refused` layout, or None.

    Examples
    --------
    >>> identify("dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea".split(",")).name
    'cow-midb'
    >>> identify("dispnum,incidnum,stabb,ccode,styear,endyear,insidea,sidea,action".split(",")).name
    'MIDIP 5.0'
    >>> print(identify(["dispnum", "ccode", "sidea", "styear", "endyear", "insidea"]))
    None
    """
    cols = _clean(header)
    found = [layout for layout in LAYOUTS if layout.matches(cols)]
    assert len(found) <= 1, f"header matches {[f.name for f in found]}"
    return found[0] if found else None


def sniff_format(header: Iterable[str]) -> Format | None:
    """The format whose whole header this is (see :func:`identify`), or None (also for a refused layout)."""
    found = identify(header)
    return found if isinstance(found, Format) else None


def _unknown_header(path: str | Path, header: list[str]) -> UnknownFormatError:
    """The error for a header that is no layout's: the layouts it nearly is (and the columns too many), or
    the header itself."""
    cols = _clean(header)
    near = [(f, f.unknown(cols)) for f in FORMATS.values() if f.near(cols)]
    if near:
        fmt, extra = near[0]
        return UnknownFormatError(
            f"{path}: its header has the columns of {fmt.name} ({fmt.description}) and others that layout does not "
            f"have: {', '.join(extra[:6])}{', ...' if len(extra) > 6 else ''}; if it is {fmt.name}, give "
            f"--dataset {fmt.name} FILE", str(path))
    return UnknownFormatError(
        f"{path}: not a dataset file this version reads (header: {', '.join(header[:8])}"
        f"{', ...' if len(header) > 8 else ''}); known formats: {', '.join(FORMATS)} "
        f"(give one with --dataset FORMAT FILE)", str(path))


def detect_format(path: str | Path) -> Format:
    """The dataset format of a CSV file, from its header line alone.

    Raises
    ------
    UnknownFormatError
        For a header that is no format's exactly: a refused layout (named, with what to read instead),
        a header with columns a layout does not have, or any other header.
    DatasetError
        For a file that cannot be read as CSV text (see :class:`~.base.Table`).
    """
    table = Table(path)
    table.close()
    found = identify(table.header)
    if isinstance(found, Format):
        return found
    if isinstance(found, Refused):
        raise UnknownFormatError(f"{path}: {found.reason}", str(path))
    raise _unknown_header(path, table.header)


def _check_named(table: Table, fmt: Format) -> None:
    """A file named with ``--dataset FORMAT`` must have the format's identifying columns and must not be
    another layout's file exactly."""
    cols = frozenset(table.header)
    found = identify(table.header)
    if isinstance(found, Refused):
        raise DatasetError(table.file, 1, None, found.reason)
    other = (f"; it is a {found.name} file: give --dataset {found.name}, or no --dataset"
             if found is not None and found.name != fmt.name else "")
    missing = sorted(fmt.columns - cols)
    if fmt.any_of and not fmt.any_of & cols:
        missing.append(" or ".join(sorted(fmt.any_of)))
    if missing:
        raise DatasetError(table.file, 1, missing[0] if not other else None,
                           f"the header lacks {', '.join(missing)} (read as {fmt.name}){other}")
    if other:
        raise DatasetError(table.file, 1, None, f"read as {fmt.name}{other}")


def dataset_files(directory: str | Path) -> list[Path]:
    """The CSV files of a dataset directory (one without fact YAML files), sorted by name."""
    return sorted(p for p in Path(directory).iterdir() if p.is_file() and p.suffix.lower() == ".csv")


@dataclass
class ImportResult:
    """What :func:`import_datasets` read: the ``facts``, the bad rows it ``skipped`` (skip mode only), the
    ``formats`` it read each file as, the ``seconds`` each family took to read and build, and one error per
    file that gave nothing usable (``empty``: a header and no rows, or every row malformed and skipped), which
    the caller raises or reports (:mod:`alliancegraph.workspace`)."""

    facts: FactSet
    skipped: list[Problem] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    empty: list[DatasetError] = field(default_factory=list)


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
        if path.is_dir():
            raise IsADirectoryError(f"{path}: a directory, not a dataset file")
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such dataset file")
        if name is not None:
            if name not in FORMATS:
                raise UnknownFormatError(f"unknown dataset format {name!r} (one of {', '.join(FORMATS)})")
            fmt = FORMATS[name]
            table = Table(path)
            table.close()
            _check_named(table, fmt)
        else:
            fmt = detect_format(path)
        families.setdefault(fmt.family, []).append((path, fmt))
        formats[str(path)] = fmt.name
    seconds: dict[str, float] = {}
    empty: list[DatasetError] = []
    order = ["cow-states", "cow-alliance", "atop", "cow-mid", "gml-mid", "iwd", "cow-igo"]
    for family in sorted(families, key=order.index):
        t0 = time.perf_counter()
        group = families[family]
        assert group[0][1].importer is not None
        importer = group[0][1].importer(ctx)
        for path, fmt in group:
            table = Table(path)
            skipped_before = len(ctx.skipped)
            importer.read(table, fmt.name)
            if table.rows_read == 0:
                empty.append(DatasetError(str(path), 1, None, "a header and no rows: nothing to read"))
            elif table.rows_read == len(ctx.skipped) - skipped_before:
                first = ctx.skipped[skipped_before]
                empty.append(DatasetError(str(path), first.line, None,
                                          f"nothing usable was read: all {table.rows_read} row(s) are malformed "
                                          f"(the first: {first.message})"))
        importer.finish()
        seconds[family] = time.perf_counter() - t0
    ctx.facts.states.update(ctx.states.facts(open_end=ctx.state_list_end))
    link_facts(ctx.facts)
    return ImportResult(ctx.facts, ctx.skipped, formats, seconds, empty)
