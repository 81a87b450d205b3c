"""The Gibler-Miller-Little (GML) MID data, directed dispute dyad-years (``gml-ddy-disputes-2.03.csv``).

Owns: reading the GML directed dyad-year file (:class:`GmlImporter`, :func:`gml_dyad_years`,
:data:`GML_DYAD_YEAR_DTYPES`, :data:`GML_DATA_END`).

Must not know: how a file is recognised (:mod:`.detect`), the MID vocabularies (outcomes, settlements,
fatality levels: :mod:`.cow`'s), the panels that use its rows, the graph, views, the command line, Neo4j.

GML re-examined the COW militarized interstate disputes and publish corrected data under the COW dispute
numbers (Gibler, Miller and Little 2016). The directed dyad-year file has one row per directed dyad per
year of a dispute: ``dispnum, ccode1, ccode2, year, sidea1, sidea2, ..., fatality1, fatality2, ...,
hostlev1, hostlev2, orig1, orig2, midongoing, midonset, hiact, hostlev, ..., outcome, settle, fatality,
..., stmon, endmon, ..., ongo2010, version``; ``-9`` is missing.

Two readers share one row reader (:func:`_dyad_year`):

* :class:`GmlImporter` makes one :class:`~alliancegraph.model.Conflict` per dispute (``gml-mid-<dispnum>``)
  with its two sides and each state's years in it (year precision: the file has no days);
* :func:`gml_dyad_years` gives the rows themselves as a DataFrame, for dyad-year panels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..dates import PartialDate
from ..model import Conflict, ConflictKind, Origin, Participant, Side
from .base import Context, Row, RowError, Table, normalize_version, short_list
from .cow import MID_FATALITY, MID_OUTCOMES, MID_SETTLEMENTS

__all__ = ["GmlImporter", "gml_dyad_years", "GML_DYAD_YEAR_DTYPES", "GML_DATA_END"]

GML_DATA_END = 2010
"""The last year the GML 2.03 dyad-year file covers (``ongo2010``: the dispute was ongoing at its end)."""

_LEVELS = (-9, 1, 2, 3, 4, 5)
_FATALITY = (-9, *MID_FATALITY)


@dataclass(frozen=True, slots=True)
class _DyadYear:
    dispnum: int
    ccode1: int
    ccode2: int
    year: int
    midonset: int
    midongoing: int
    sidea1: int
    sidea2: int
    orig1: int
    orig2: int
    hostlev: int | None
    hostlev1: int | None
    hostlev2: int | None
    fatality: int | None
    fatality1: int | None
    fatality2: int | None
    line: int


def _level(row: Row, col: str, allowed: tuple[int, ...], required: bool = True) -> int | None:
    v = row.int(col, required=required, allowed=allowed)
    return None if v in (None, -9) else v


def _dyad_year(row: Row) -> _DyadYear:
    """One row of the directed dyad-year file, checked; raises :class:`~.base.RowError` naming the column."""
    dispnum = row.int("dispnum", minimum=1)
    c1, c2 = row.int("ccode1", minimum=1), row.int("ccode2", minimum=1)
    if c1 == c2:
        raise RowError("ccode2", f"the dyad is one state ({c1})")
    year = row.int("year", minimum=1)
    onset, ongoing, sidea1, sidea2, orig1, orig2 = (
        row.int(c, allowed=(0, 1)) for c in ("midonset", "midongoing", "sidea1", "sidea2", "orig1", "orig2"))
    if sidea1 == sidea2:
        raise RowError("sidea2", f"both states on side {'A' if sidea1 else 'B'}")
    return _DyadYear(dispnum, c1, c2, year, onset, ongoing, sidea1, sidea2, orig1, orig2,
                     _level(row, "hostlev", _LEVELS), _level(row, "hostlev1", _LEVELS, False),
                     _level(row, "hostlev2", _LEVELS, False), _level(row, "fatality", _FATALITY, False),
                     _level(row, "fatality1", _FATALITY, False), _level(row, "fatality2", _FATALITY, False), row.line)


def _version(table: Table, row: Row) -> str:
    """The file's version (``gml-2.03`` -> ``2.03``), read once per table."""
    if table.version is None:
        raw = row.text("version", required=False) if "version" in table.index else None
        table.version = normalize_version("gml-mid", raw.lower().removeprefix("gml-") if raw else None)
    return table.version


GML_DYAD_YEAR_DTYPES: dict[str, str] = {
    "ccode1": "int64", "ccode2": "int64", "year": "int64", "dispnum": "int64",
    "midonset": "int8", "midongoing": "int8", "sidea1": "int8", "sidea2": "int8", "orig1": "int8", "orig2": "int8",
    "hostlev": "Int8", "hostlev1": "Int8", "hostlev2": "Int8",
    "fatality": "Int8", "fatality1": "Int8", "fatality2": "Int8", "line": "int64",
}
"""The columns of :func:`gml_dyad_years` and their dtypes (``Int8``: nullable, ``<NA>`` where GML has -9)."""


def gml_dyad_years(path: str | Path, skip_bad_rows: bool = False) -> pd.DataFrame:
    """The directed dispute dyad-years of the GML MID file, one row per row of the file, in file order.

    Parameters
    ----------
    path : str or Path
        ``gml-ddy-disputes-2.03.csv`` (or a file in its layout), read row by row.
    skip_bad_rows : bool
        False (default): a malformed row raises :class:`~.base.DatasetError` (file, line, column). True:
        malformed rows are left out.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes as :data:`GML_DYAD_YEAR_DTYPES`: ``ccode1, ccode2, year, dispnum`` (int64);
        ``midonset`` (1 in the year the dyad's dispute began, or a state entered it, as GML code it),
        ``midongoing`` (1: every row is a dispute-year), ``sidea1, sidea2`` (1: the state is on side A),
        ``orig1, orig2`` (1: an originator of the dispute), all int8; ``hostlev`` and ``fatality`` (the
        dispute's highest hostility level 1-5 and fatality level 0-6) and ``hostlev1, hostlev2, fatality1,
        fatality2`` (each state's, in the dispute), nullable Int8 with ``<NA>`` for GML's -9; ``line``
        (the row's line in the file, the header being line 1). GML code levels per dispute, not per year:
        a dispute's rows repeat them in every year. Each directed dyad-year is as in the file: both
        directions, and a dyad in two disputes in one year has two rows.

    Raises
    ------
    DatasetError, FileNotFoundError

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "gml.csv").write_text(
    ...     "dispnum,ccode1,ccode2,year,sidea1,sidea2,orig1,orig2,midongoing,midonset,hostlev,fatality\\n"
    ...     "2,2,200,1902,1,0,1,1,1,1,3,0\\n2,2,200,1903,1,0,1,1,1,0,3,0\\n"
    ...     "2,200,2,1902,0,1,1,1,1,1,3,-9\\n")
    >>> df = gml_dyad_years(d / "gml.csv")
    >>> df[["ccode1", "ccode2", "year", "midonset", "hostlev", "fatality"]]
       ccode1  ccode2  year  midonset  hostlev  fatality
    0       2     200  1902         1        3         0
    1       2     200  1903         0        3         0
    2     200       2  1902         1        3      <NA>
    >>> str(df["fatality"].dtype)
    'Int8'
    """
    ctx = Context(skip_bad_rows)
    table = Table(path)
    cols: dict[str, list] = {c: [] for c in GML_DYAD_YEAR_DTYPES}
    for row in ctx.rows(table):
        try:
            r = _dyad_year(row)
        except RowError as err:
            ctx.bad_row(table, row.line, err)
            continue
        for c in cols:
            cols[c].append(getattr(r, c))
    return pd.DataFrame({c: pd.array(v, dtype=GML_DYAD_YEAR_DTYPES[c]) for c, v in cols.items()})


@dataclass
class _GmlDispute:
    num: int
    origin: Origin
    source: str
    hostlev: int | None = None
    fatality: int | None = None
    outcome: int | None = None
    settle: int | None = None
    stmon: int | None = None
    endmon: int | None = None
    bad_months: list[str] = field(default_factory=list)
    ongoing: bool = False
    first: int = 9999
    last: int = 0
    years: dict[tuple[int, int], set[int]] = field(default_factory=dict)   # (ccode, sidea) -> years


def _month(row: Row, col: str) -> tuple[int | None, str | None]:
    """A start or end month: 1-12, else unknown (-9, blank) or a value that is no month (kept for the note)."""
    v = row.int(col, required=False)
    if v is None or v == -9:
        return None, None
    if 1 <= v <= 12:
        return v, None
    return None, f"{col} {v} in the file is no month: read as unknown"


class GmlImporter:
    """GML MID 2.03 directed dispute dyad-years -> one :class:`~alliancegraph.model.Conflict` per dispute.

    * id ``gml-mid-<dispnum>``, dataset ``gml-mid``; codes ``gml-mid:<dispnum>`` and ``cow-mid:<dispnum>``
      (GML's disputes are COW's, corrected, under COW's numbers), so that loaded with COW MID 5.0 the two
      facts of one dispute are linked (:func:`~alliancegraph.model.link_facts`) and counted once;
    * sides from ``sidea1``: each state's years in the dispute (the years it has rows as ``ccode1`` or
      ``ccode2``) become participant spells, one per run of consecutive years and side, at year precision
      (a state that changed sides, as in dispute 258, has a spell on each side);
    * dates: the first and last year of the rows, with the dispute's start and end month (``stmon``,
      ``endmon``) where they are months; the dispute's ``hostlev`` (war for 5), ``fatality``, ``outcome``
      and ``settle`` (the MID 5.0 codes, -9 missing), "ongoing at the end of 2010" (``ongo2010``) in the note.
    """

    dataset = "gml-mid"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.disputes: dict[int, _GmlDispute] = {}

    def read(self, table: Table, fmt: str) -> None:
        for row in self.ctx.rows(table):
            try:
                r = _dyad_year(row)
                version = _version(table, row)
                outcome = row.int("outcome", required=False, allowed=(-9, *MID_OUTCOMES))
                settle = row.int("settle", required=False, allowed=(-9, *MID_SETTLEMENTS))
                stmon, st_note = _month(row, "stmon")
                endmon, end_note = _month(row, "endmon")
                ongoing = row.flag("ongo2010")
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            d = self.disputes.get(r.dispnum)
            if d is None:
                source = self.ctx.source(self.dataset, version)
                d = self.disputes[r.dispnum] = _GmlDispute(
                    r.dispnum, Origin(table.file, row.line, self.dataset, version), source, r.hostlev, r.fatality,
                    None if outcome in (None, -9) else outcome, None if settle in (None, -9) else settle,
                    stmon, endmon, [n for n in (st_note, end_note) if n])
            d.ongoing |= ongoing
            d.first, d.last = min(d.first, r.year), max(d.last, r.year)
            for cc, side in ((r.ccode1, r.sidea1), (r.ccode2, r.sidea2)):
                d.years.setdefault((cc, side), set()).add(r.year)
                self.ctx.states.ref(cc, d.origin, d.source)

    def finish(self) -> None:
        for num, d in sorted(self.disputes.items()):
            spells = []
            for (cc, side), years in d.years.items():
                sid = self.ctx.states.ref(cc, d.origin, d.source)
                for y0, y1 in _runs(sorted(years)):
                    spells.append((y0, side == 0, sid, Participant(sid, Side.A if side == 1 else Side.B,
                                                                   PartialDate(y0), PartialDate(y1))))
            participants = tuple(p for *_, p in sorted(spells, key=lambda s: s[:3]))
            a = [p.state for p in participants if p.side == Side.A]
            b = [p.state for p in participants if p.side == Side.B]
            level = d.hostlev or 1
            notes = list(d.bad_months)
            if d.settle is not None:
                notes.append(f"settlement: {MID_SETTLEMENTS[d.settle]}")
            if d.fatality is not None:
                notes.append(f"fatalities: {MID_FATALITY[d.fatality]}")
            if d.ongoing:
                notes.append(f"ongoing at the end of the data ({GML_DATA_END}): the end date is the data's")
            cid = f"gml-mid-{num}"
            self.ctx.facts.conflicts[cid] = Conflict(
                id=cid, name=f"GML MID {num}: {short_list(a, 3)} v. {short_list(b, 3)} ({d.first})",
                kind=ConflictKind.WAR if level == 5 else ConflictKind.MILITARIZED_DISPUTE,
                start=PartialDate(d.first, d.stmon), end=PartialDate(d.last, d.endmon), hostility_level=level,
                participants=participants, fatality_level=d.fatality,
                outcome=MID_OUTCOMES.get(d.outcome) if d.outcome else None,
                codes=(f"cow-mid:{num}", f"gml-mid:{num}"), sources=(d.source,), note="; ".join(notes) or None,
                origin=d.origin)


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive years: ``[1939, 1941, 1942]`` -> ``[(1939, 1939), (1941, 1942)]``."""
    out: list[tuple[int, int]] = []
    for y in years:
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out
