"""Inter-state wars in the initiator-war-year layout of the Interstate War Data (``interstate-war-rev.csv``).

Owns: reading the initiator-war-year file (:class:`IwdImporter`, :func:`war_years`,
:data:`WAR_YEAR_DTYPES`).

Must not know: how a file is recognised (:mod:`.detect`), how participant spells are merged
(:mod:`.cow`'s), the panels that use its rows, the graph, views, the command line, Neo4j.

The layout is that of Reiter, Stam and Horowitz's revised inter-state war data (IWD; see
``docs/datasets.md`` for what of it could be checked against their codebook). Each row is one year of one
*component war*: a state (``init_name``, ``init_ccode``) fighting the state it attacked (``target_name``,
``target_ccode``) inside a larger war (``larger_war_id``, ``larger_war_name``; the Korean War is 16
component wars, ``init_war_id`` 165-180: North Korea's attack on South Korea and each other state's war in
it). Columns: ``version, larger_war_name, larger_war_id, init_war_id, init_war_name, annual_outcome, year,
init_name, init_ccode, target_name, target_ccode, month_entry, day_entry, month_exit, day_exit`` (the initiator's entry into and exit from the war in that
year; ``1, 1`` and ``12, 31`` in the years between), ``month_entry02 .. day_exit02`` (a second spell in the
year), ``joiner`` (1: the initiator joined a war already under way), ``adv2name, adv2ccode .. adv14ccode``
(the target's co-belligerents that year) and ``ally1name, ally1ccode .. ally16ccode`` (the initiator's);
``NA`` = not applicable.

Two readers share one aggregate (:class:`IwdImporter`):

* the importer makes one :class:`~alliancegraph.model.Conflict` per component war (``iwd-war-<init_war_id>``);
* :func:`war_years` gives each state's years in each component war as a DataFrame, for panels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..dates import PartialDate, merge_spells
from ..model import Conflict, ConflictKind, Origin, Participant, Side
from .base import Context, Row, RowError, Table, short_list

__all__ = ["IwdImporter", "war_years", "WAR_YEAR_DTYPES"]

_PAIR = re.compile(r"^(ally|adv)(\d+)ccode$")


@dataclass
class _Component:
    """One component war (``init_war_id``) as read: its rows' years, spells and co-belligerents."""

    war: int
    larger: int
    name: str
    larger_name: str
    initiator: int
    target: int
    joiner: bool
    origin: Origin
    source: str
    spells: list[tuple[PartialDate, PartialDate]] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    listed: dict[tuple[int, Side], set[int]] = field(default_factory=dict)   # (ccode, side) -> years listed
    last_outcome: tuple[int, int | None] = (0, None)                          # (year, annual_outcome)
    notes: list[str] = field(default_factory=list)


def _spell(row: Row, year: int, suffix: str) -> tuple[tuple[PartialDate, PartialDate] | None, str | None]:
    """A row's spell (entry, exit) and a note when the entry had to be read as the year alone."""
    m_in = "month_entry" + suffix
    if suffix and row.text(m_in, required=False) is None:
        return None, None
    start = row.date("year", m_in, "day_entry" + suffix)
    end = row.date("year", "month_exit" + suffix, "day_exit" + suffix)
    if end.last_day() < start.first_day():
        # the file has one such row (line 75: France in 1871 "enters" on 12-31 and exits on 02-26); the
        # exit is kept and the entry read as the year alone, and the Conflict's note says so
        return (PartialDate(year), end), (f"line {row.line}: the entry ({start}) is after the exit ({end}); "
                                          f"the entry is read as {year}")
    return (start, end), None


class IwdImporter:
    """Inter-state wars, initiator-war-year layout -> one :class:`~alliancegraph.model.Conflict` per
    component war.

    * id ``iwd-war-<init_war_id>``, kind ``war``, hostility level 5; codes ``iwd:<init_war_id>`` and
      ``iwd-larger:<larger_war_id>`` (a curated war with ``codes: {iwd-larger: 56}`` speaks for every
      component of the Korean War);
    * side A: the initiator and its allies (``ally<k>``); side B: the target and the adversaries
      (``adv<k>``);
    * the initiator and the target take part over the component's spells: from the entry to the exit of
      each row (day precision where month and day are given, the known part otherwise), consecutive rows
      (an exit on 31 December, an entry on 1 January) making one spell; the second spell of a year
      (``..._entry02``) adds one;
    * an ally or adversary that is not the component's initiator or target takes part in the years it is
      listed, at year precision (one spell per run of consecutive years);
    * the war's dates are the initiator's (its first entry, its last exit): an ally listed in a year counts
      for the whole year, which would otherwise move the start to 1 January;
    * the note names the larger war, whether the initiator joined it, and the last year's
      ``annual_outcome`` code (its values are not decoded: see ``docs/datasets.md``).
    """

    dataset = "iwd"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.wars: dict[int, _Component] = {}

    def read(self, table: Table, fmt: str) -> None:
        table.na_values = frozenset({"NA"})
        pairs = sorted(((m.group(1), int(m.group(2))) for h in table.header if (m := _PAIR.match(h))),
                       key=lambda p: (p[0] != "ally", p[1]))
        for row in self.ctx.rows(table):
            try:
                version = self.ctx.version_of(table, row, self.dataset)
                war = row.int("init_war_id", minimum=1)
                larger = row.int("larger_war_id", minimum=1)
                year = row.int("year", minimum=1)
                init, target = row.int("init_ccode", minimum=1), row.int("target_ccode", minimum=1)
                if init == target:
                    raise RowError("target_ccode", f"the initiator ({init}) is its own target")
                joiner = row.int("joiner", allowed=(0, 1))
                outcome = row.int("annual_outcome", required=False)
                read = [_spell(row, year, ""), _spell(row, year, "02")]
                spells = [s for s, _ in read if s is not None]
                odd = [n for _, n in read if n]
                listed = []
                for kind, k in pairs:
                    cc = row.int(f"{kind}{k}ccode", required=False, minimum=1)
                    if cc is not None:
                        listed.append((cc, Side.A if kind == "ally" else Side.B))
                w = self.wars.get(war)
                if w is not None and (w.larger, w.initiator, w.target) != (larger, init, target):
                    col = "larger_war_id" if w.larger != larger else "init_ccode" if w.initiator != init else \
                        "target_ccode"
                    raise RowError(col, f"war {war} has {col} {row.text(col)} here, "
                                        f"but not at line {w.origin.line}")
                if w is not None and year in w.years:
                    raise RowError("year", f"war {war} has year {year} again (first at a line before)")
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            if w is None:
                origin = Origin(table.file, row.line, self.dataset, version)
                source = self.ctx.source(self.dataset, version)
                name = row.text("init_war_name", False) or str(war)
                larger_name = row.text("larger_war_name", False) or str(larger)
                w = self.wars[war] = _Component(war, larger, name, larger_name, init, target,
                                                joiner == 1, origin, source)
            w.spells.extend(spells)
            w.notes.extend(odd)
            w.years.add(year)
            for cc, side in listed:
                w.listed.setdefault((cc, side), set()).add(year)
            if year >= w.last_outcome[0]:
                w.last_outcome = (year, outcome)

    def participants(self, w: _Component) -> list[tuple[int, Side, str, PartialDate, PartialDate]]:
        """``(ccode, side, role, start, end)`` of every spell of a component war, the initiator and the
        target first."""
        spells = merge_spells(w.spells)
        out = [(w.initiator, Side.A, "initiator", s, e) for s, e in spells]
        out += [(w.target, Side.B, "target", s, e) for s, e in spells]
        for (cc, side), years in sorted(w.listed.items(), key=lambda kv: (kv[0][1].value, min(kv[1]), kv[0][0])):
            if cc in (w.initiator, w.target):
                continue
            for y0, y1 in _runs(sorted(years)):
                out.append((cc, side, "ally" if side == Side.A else "adversary", PartialDate(y0), PartialDate(y1)))
        return out

    def finish(self) -> None:
        for num, w in sorted(self.wars.items()):
            parts = []
            for cc, side, _, s, e in self.participants(w):
                parts.append(Participant(self.ctx.states.ref(cc, w.origin, w.source), side, s, e))
            a = [p.state for p in parts if p.side == Side.A]
            b = [p.state for p in parts if p.side == Side.B]
            notes = [f"component war of {w.larger_name} (larger_war_id {w.larger})", *w.notes]
            if w.joiner:
                notes.append("the initiator joined a war under way")
            year, outcome = w.last_outcome
            if outcome is not None:
                notes.append(f"annual_outcome in {year}: {outcome}")
            cid = f"iwd-war-{num}"
            self.ctx.facts.conflicts[cid] = Conflict(
                id=cid, name=f"IWD war {num}: {w.name} ({short_list(a, 3)} v. {short_list(b, 3)})",
                kind=ConflictKind.WAR, start=parts[0].start,
                end=[p for p in parts if p.state == parts[0].state][-1].end, hostility_level=5,
                participants=tuple(parts), codes=tuple(sorted((f"iwd:{num}", f"iwd-larger:{w.larger}"))),
                sources=(w.source,), note="; ".join(notes), origin=w.origin)


def _runs(years: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for y in years:
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


WAR_YEAR_DTYPES: dict[str, str] = {
    "war_id": "int64", "larger_war_id": "int64", "ccode": "int64", "side": "category", "role": "category",
    "year": "int64", "war_onset": "int8", "entry": "int8", "line": "int64",
}
"""The columns of :func:`war_years` and their dtypes."""


def war_years(path: str | Path, skip_bad_rows: bool = False) -> pd.DataFrame:
    """Each state's years in each component war of the inter-state war file, for panels.

    Parameters
    ----------
    path : str or Path
        ``interstate-war-rev.csv`` (or a file in its layout), read row by row.
    skip_bad_rows : bool
        False (default): a malformed row raises :class:`~.base.DatasetError` (file, line, column). True:
        malformed rows are left out.

    Returns
    -------
    pandas.DataFrame
        One row per component war, state, side and year in which the state took part (the same spells as
        the Conflict facts of :class:`IwdImporter`), sorted by ``war_id``, side, ``ccode``, ``year``.
        Columns (dtypes in :data:`WAR_YEAR_DTYPES`): ``war_id`` (``init_war_id``), ``larger_war_id``,
        ``ccode``, ``year`` (int64); ``side`` (category ``A``: the initiator and its allies, ``B``: the
        target and the adversaries); ``role`` (category ``initiator``, ``target``, ``ally``,
        ``adversary``); ``war_onset`` (int8, 1 in the first year of the component war); ``entry`` (int8, 1
        in the first year of each of the state's spells in it: its entry, or re-entry after a gap);
        ``line`` (the line of the war's first row).

    Raises
    ------
    DatasetError, FileNotFoundError

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "wars.csv").write_text(
    ...     "version,larger_war_name,larger_war_id,init_war_id,init_war_name,annual_outcome,year,init_name,"
    ...     "init_ccode,target_name,target_ccode,month_entry,day_entry,month_exit,day_exit,joiner,"
    ...     "ally1name,ally1ccode\\n"
    ...     "1,Russo-Turkish,2,2,Russo-Turkish,0,1828,Russia,365,Turkey,640,4,26,12,31,0,NA,NA\\n"
    ...     "1,Russo-Turkish,2,2,Russo-Turkish,1,1829,Russia,365,Turkey,640,1,1,9,14,0,Greece,350\\n")
    >>> war_years(d / "wars.csv")[["war_id", "ccode", "side", "role", "year", "war_onset", "entry"]]
       war_id  ccode side       role  year  war_onset  entry
    0       2    350    A       ally  1829          0      1
    1       2    365    A  initiator  1828          1      1
    2       2    365    A  initiator  1829          0      0
    3       2    640    B     target  1828          1      1
    4       2    640    B     target  1829          0      0
    """
    ctx = Context(skip_bad_rows)
    imp = IwdImporter(ctx)
    imp.read(Table(path), "iwd")
    rows: dict[tuple[int, str, int, int], list] = {}
    for num, w in sorted(imp.wars.items()):
        first = min(w.years)
        for cc, side, role, s, e in imp.participants(w):
            for y in range(s.year, e.year + 1):
                key = (num, side.value, cc, y)
                if key in rows:
                    continue
                entry = 0 if (num, side.value, cc, y - 1) in rows else 1
                rows[key] = [num, w.larger, cc, side.value, role, y, int(y == first), entry, w.origin.line]
    data = sorted(rows.values(), key=lambda r: (r[0], r[3], r[2], r[5]))
    cols = list(WAR_YEAR_DTYPES)
    df = pd.DataFrame({c: [r[i] for r in data] for i, c in enumerate(cols)})
    df["side"] = pd.Categorical(df["side"], categories=["A", "B"])
    df["role"] = pd.Categorical(df["role"], categories=["initiator", "target", "ally", "adversary"])
    return df.astype({c: t for c, t in WAR_YEAR_DTYPES.items() if t != "category"})
