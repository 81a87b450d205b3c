"""ATOP, Alliance Treaty Obligations and Provisions (Leeds et al. 2002), v4.01 and v5.x, read by column name.

* Member level (``atop4_01m.csv``, ``atop5_1m.csv``): one row per member per alliance phase. Columns read:
  ``atopid``, ``member``, ``yrent``, ``moent``, ``dayent``, ``yrexit``, ``moexit``, ``dayexit``, ``phase``
  (absent = one phase), ``defense``, ``offense``, ``neutral``, ``nonagg``, ``consul``, and where present
  ``cow4id`` (the COW Formal Alliances v4 number) and ``version``. Other columns are ignored, so v4.01 and
  v5.x files read the same.
* Alliance level (``atop4_01a.csv``, ``atop5_1a.csv``): one row per alliance: ``atopid``, ``begyr``,
  ``begmo``, ``begday``, ``endyr``, ``endmo``, ``endday``, the obligations, ``mem1`` ... ``memN``. Used for
  the alliances the member file does not have (or alone, when no member file is given): one treaty per
  alliance, its members without spells of their own.

What it makes: one :class:`~alliancegraph.model.Treaty` per alliance phase. An alliance coded in one phase is
``atop-<atopid>``; an alliance with several phases gives ``atop-<atopid>-p<phase>`` for each, every phase
superseding the one before (so its ties end when the next phase begins). Parties carry their entry and exit
dates; ``yrexit`` 0 (or blank) means still in force; an unknown month or day (blank, 0 or -9) is left
unknown, the known part kept (:meth:`~alliancegraph.dates.PartialDate.from_parts`). A phase's obligations
are those any of its members has (ATOP codes them per member; the treaty model has one list per treaty):
``defense``, ``offense``, ``neutral`` -> neutrality, ``nonagg`` -> non-aggression, ``consul`` -> consultation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import PartialDate
from ..model import Obligation, ObligationClause, Origin, Party, Treaty
from .base import Context, RowError, Table
from .cow import _earlier, _later, _short_list

__all__ = ["AtopImporter", "ATOP_OBLIGATIONS"]

ATOP_OBLIGATIONS = (("defense", Obligation.DEFENSE), ("offense", Obligation.OFFENSE),
                    ("neutral", Obligation.NEUTRALITY), ("nonagg", Obligation.NON_AGGRESSION),
                    ("consul", Obligation.CONSULTATION))
"""ATOP obligation columns and the obligations they give."""


@dataclass
class _Phase:
    origin: Origin
    source: str
    parties: list[Party] = field(default_factory=list)
    flags: set[Obligation] = field(default_factory=set)
    start: PartialDate | None = None
    end: PartialDate | None = None
    open: bool = False
    cow4ids: set[int] = field(default_factory=set)


class AtopImporter:
    """ATOP member-level and alliance-level files (see the module docstring)."""

    dataset = "atop"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.phases: dict[tuple[int, int], _Phase] = {}
        self.alliances: dict[int, _Phase] = {}

    def read(self, table: Table, fmt: str) -> None:
        if fmt == "atop-alliance":
            return self._read_alliances(table)
        for row in self.ctx.rows(table):
            try:
                version = self.ctx.version_of(table, row, self.dataset)
                atopid = row.int("atopid", minimum=1)
                member = row.int("member", minimum=1)
                phase = row.int("phase", required=False, minimum=0) or 0
                start = row.date("yrent", "moent", "dayent")
                end = row.date("yrexit", "moexit", "dayexit", zero_year_open=True)
                if start is not None and end is not None and end.last_day() < start.first_day():
                    raise RowError("yrexit", f"exit ({end}) before entry ({start})")
                flags = {ob for col, ob in ATOP_OBLIGATIONS if row.flag(col)}
                cow4id = row.int("cow4id", required=False) if row.has("cow4id") else None
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            assert atopid is not None and member is not None
            source = self.ctx.source(self.dataset, version)
            origin = Origin(table.file, row.line, self.dataset, version)
            p = self.phases.get((atopid, phase))
            if p is None:
                p = self.phases[(atopid, phase)] = _Phase(origin, source)
            sid = self.ctx.states.ref(member, origin, source)
            p.parties.append(Party(sid, start, end))
            p.flags |= flags
            p.start = _earlier(p.start, start)
            if end is None:
                p.open = True
            else:
                p.end = _later(p.end, end)
            if cow4id:
                p.cow4ids.add(cow4id)

    def _read_alliances(self, table: Table) -> None:
        mems = [h for h in table.header if h.startswith("mem") and h[3:].isdigit()]
        for row in self.ctx.rows(table):
            try:
                version = self.ctx.version_of(table, row, self.dataset)
                atopid = row.int("atopid", minimum=1)
                start = row.date("begyr", "begmo", "begday")
                end = row.date("endyr", "endmo", "endday", zero_year_open=True)
                flags = {ob for col, ob in ATOP_OBLIGATIONS if row.flag(col)}
                members = [m for m in (row.int(c, required=False, minimum=1) for c in mems) if m is not None]
                if len(members) < 2:
                    raise RowError("mem2" if mems else None, "an alliance needs at least two members")
                cow4id = row.int("cow4id", required=False) if row.has("cow4id") else None
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            assert atopid is not None
            source = self.ctx.source(self.dataset, version)
            origin = Origin(table.file, row.line, self.dataset, version)
            if atopid in self.alliances:
                self.ctx.bad_row(table, row.line, RowError("atopid", f"alliance {atopid} again (first at line "
                                                                     f"{self.alliances[atopid].origin.line})"))
                continue
            p = self.alliances[atopid] = _Phase(origin, source, start=start, end=end, open=end is None,
                                                flags=flags, cow4ids={cow4id} if cow4id else set())
            for m in members:
                sid = self.ctx.states.ref(m, origin, source)
                if sid not in {q.state for q in p.parties}:      # 255 and 260 are both DEU
                    p.parties.append(Party(sid))

    def finish(self) -> None:
        by_alliance: dict[int, list[int]] = {}
        for atopid, phase in self.phases:
            by_alliance.setdefault(atopid, []).append(phase)
        for atopid in sorted(set(by_alliance) | set(self.alliances)):
            phases = sorted(by_alliance.get(atopid, []))
            if not phases:
                self._treaty(f"atop-{atopid}", atopid, None, self.alliances[atopid], ())
                continue
            previous: tuple[str, ...] = ()
            for phase in phases:
                tid = f"atop-{atopid}" if len(phases) == 1 else f"atop-{atopid}-p{phase}"
                self._treaty(tid, atopid, phase if len(phases) > 1 else None, self.phases[(atopid, phase)],
                             previous)
                previous = (tid,)

    def _treaty(self, tid: str, atopid: int, phase: int | None, p: _Phase, supersedes: tuple[str, ...]) -> None:
        obligations = tuple(ObligationClause(o) for o in Obligation if o in p.flags) or (
            ObligationClause(Obligation.NONE),)
        codes = (f"atop:{atopid}", *sorted(f"cow-alliance:{c}" for c in p.cow4ids))
        label = _short_list(q.state for q in p.parties)
        name = f"ATOP {atopid} ({label})" + (f", phase {phase}" if phase is not None else "")
        note = "obligations of any member in this phase (ATOP codes them per member)"
        if p.open:
            note += "; in force at the end of the data"
        self.ctx.facts.treaties[tid] = Treaty(
            id=tid, name=name, parties=tuple(p.parties), in_force=p.start, ended=None if p.open else p.end,
            obligations=obligations, supersedes=supersedes, codes=codes, sources=(p.source,), note=note,
            origin=p.origin)
