"""Correlates of War datasets: State System Membership, Formal Alliances v4.1, MID 5.0 and IGO v3.

Owns: reading the COW files (:class:`StatesImporter`, :class:`AllianceImporter`, :class:`MidImporter`,
:class:`IgoImporter`), the COW alliance dyad-years (:func:`alliance_dyad_years`, :class:`DyadYear`), the MID
vocabularies (:data:`MID_OUTCOMES`, :data:`MID_SETTLEMENTS`, :data:`MID_FATALITY`, shared with the GML
reader) and the IGOs that are alliances (:data:`ALLIANCE_IGOS`).

Must not know: which id a ccode gets (:mod:`.codes`), how a file is recognised (:mod:`.detect`), the graph,
analyses, views, the command line, Neo4j.

Each importer reads its files row by row (:class:`~.base.Table`) and turns them into facts of the model:

* :class:`StatesImporter`: ``states2016.csv`` and ``statelist2024.csv`` (one row per spell of membership
  in the state system) -> :class:`~alliancegraph.model.State` with ``spells``; a state can leave and
  re-enter (GMY 1816-1945, 1990-). A spell that ends on the last day of the list (31 December of its
  version year) is open: the state was still in the system.
* :class:`AllianceImporter`: COW Formal Alliances v4.1, by member (``alliance_v4.1_by_member.csv``,
  ``..._by_member_yearly.csv``) or by dyad (``alliance_v4.1_by_dyad.csv``, ``..._by_dyad_yearly.csv``) ->
  one :class:`~alliancegraph.model.Treaty` per alliance (``cow-alliance-<version4id>``), with its obligations
  (type I defense, IIa neutrality, IIb non-aggression, III entente), members' spells, censoring in the note;
  a blank end date means still in force. :func:`alliance_dyad_years` gives the dyad-years.
* :class:`MidImporter`: MID 5.0 dispute level (MIDA) and participant level (MIDB) -> one
  :class:`~alliancegraph.model.Conflict` per dispute (``cow-mid-<dispnum>``): sides A and B, dates (``-9``
  unknown: the known part is kept), hostility level, fatality level, outcome; each participant spell is a
  :class:`~alliancegraph.model.Participant` with its own dates.
* :class:`IgoImporter`: COW IGO v3 state-year format -> one :class:`~alliancegraph.model.Bloc` per IGO
  (``cow-igo-<column>``) with membership spells by status. See :data:`ALLIANCE_IGOS` for the IGOs that are
  military alliances (kind ``alliance``); every other IGO has kind ``igo`` and makes no allied ties.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..dates import PartialDate, earlier_start, later_end, merge_spells
from ..model import (
    Bloc,
    Conflict,
    ConflictKind,
    FactSet,
    Membership,
    MembershipStatus,
    Obligation,
    ObligationClause,
    Origin,
    Participant,
    Party,
    Side,
    StateSpell,
    Treaty,
)
from .base import Context, DatasetError, Row, RowError, Table, short_list

__all__ = ["StatesImporter", "AllianceImporter", "MidImporter", "IgoImporter", "ALLIANCE_IGOS", "IGO_STATUS",
           "MID_OUTCOMES", "MID_SETTLEMENTS", "MID_FATALITY", "DyadYear", "alliance_dyad_years"]


# ---------------------------------------------------------------------------- state system
class StatesImporter:
    """COW State System Membership (``states2016.csv``, ``statelist2024.csv``): columns ``stateabb``,
    ``ccode``, ``statenme``, ``styear``, ``stmonth``, ``stday``, ``endyear``, ``endmonth``, ``endday``,
    ``version``. Two spells of one ccode may not share a day (a repeated row is such a pair): the later row
    is a bad row naming the earlier."""

    dataset = "cow-states"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.last_end: _dt.date | None = None
        self.spells: dict[int, list[tuple[_dt.date, _dt.date, int, str]]] = {}   # ccode -> (first, last, line, file)

    def read(self, table: Table, fmt: str) -> None:
        for row in self.ctx.rows(table):
            try:
                version = self.ctx.version_of(table, row, self.dataset)
                ccode = row.int("ccode", minimum=1)
                start = row.date("styear", "stmonth", "stday")
                end = row.date("endyear", "endmonth", "endday")
                if end.last_day() < start.first_day():
                    raise RowError("endyear", f"the spell ends ({end}) before it starts ({start})")
                first, last = start.first_day(), end.last_day()
                for f0, f1, line, file in self.spells.get(ccode, ()):
                    if first <= f1 and f0 <= last:
                        where = f"line {line}" if file == table.file else f"{file}:{line}"
                        abb = row.text("stateabb", False) or ccode
                        what = ("repeats the one" if (f0, f1) == (first, last) else f"overlaps the one, {f0} to {f1},")
                        raise RowError("styear", f"state {abb} (ccode {ccode}): this spell, {start} to {end}, {what} "
                                                 f"at {where}")
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            self.spells.setdefault(ccode, []).append((first, last, row.line, table.file))
            origin = Origin(table.file, row.line, self.dataset, version)
            source = self.ctx.source(self.dataset, version)
            self.ctx.states.add_spell(ccode, StateSpell(start, end, origin), row.text("statenme", False),
                                      row.text("stateabb", False), origin, source)
            if end.precision == "day" and end.month == 12 and end.day == 31:
                if self.last_end is None or end.last_day() > self.last_end:
                    self.last_end = end.last_day()

    def finish(self) -> None:
        if self.last_end is not None:
            self.ctx.state_list_end = max(self.ctx.state_list_end or self.last_end, self.last_end)


# ---------------------------------------------------------------------------- formal alliances
_COW_OBLIGATIONS = (("defense", ("defense",), Obligation.DEFENSE),
                    ("neutrality", ("neutrality",), Obligation.NEUTRALITY),
                    ("nonaggression", ("nonaggression", "nonagression"), Obligation.NON_AGGRESSION),
                    ("entente", ("entente",), Obligation.ENTENTE))
"""COW alliance type flags -> obligations (type I defense, IIa neutrality, IIb non-aggression, III entente).
v4.1 files spell ``nonaggression``; some copies ``nonagression``: both are read."""


@dataclass
class _Alliance:
    vid: int
    origin: Origin
    source: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    open: bool = False
    flags: set[Obligation] = field(default_factory=set)
    ss_type: str | None = None
    left_censor: bool = False
    right_censor: bool = False
    spells: dict[str, list[tuple[PartialDate | None, PartialDate | None]]] = field(default_factory=dict)
    seen: set[tuple] = field(default_factory=set)


class AllianceImporter:
    """COW Formal Alliances v4.1 in the by-member and by-dyad layouts (yearly or not).

    By member: ``version4id, ccode, state_name, all_st_day, all_st_month, all_st_year, all_end_day,
    all_end_month, all_end_year, ss_type, mem_st_day, mem_st_month, mem_st_year, mem_end_day, mem_end_month,
    mem_end_year, left_censor, right_censor, defense, neutrality, nonaggression, entente, version`` (the yearly
    file adds ``year``). By dyad: ``version4id, ccode1, state_name1, ccode2, state_name2, dyad_st_day,
    dyad_st_month, dyad_st_year, dyad_end_day, dyad_end_month, dyad_end_year, left_censor, right_censor,
    defense, neutrality, nonaggression, entente, version`` (the yearly file adds ``year``). A blank end date
    means the alliance (or membership) is still in force at the end of the data (2012).

    From the dyad layouts a member's spells are the union of its dyads' spells.
    """

    dataset = "cow-alliance"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.alliances: dict[int, _Alliance] = {}

    def _alliance(self, table: Table, row: Row, vid: int) -> _Alliance:
        a = self.alliances.get(vid)
        if a is None:
            version = self.ctx.version_of(table, row, self.dataset)
            a = self.alliances[vid] = _Alliance(vid, Origin(table.file, row.line, self.dataset, version),
                                                self.ctx.source(self.dataset, version))
        return a

    def read(self, table: Table, fmt: str) -> None:
        dyad = fmt == "cow-alliance-dyad"
        for row in self.ctx.rows(table):
            try:
                vid = row.int("version4id", minimum=0)
                if dyad:
                    codes = [row.int("ccode1", minimum=1), row.int("ccode2", minimum=1)]
                    start = row.date("dyad_st_year", "dyad_st_month", "dyad_st_day")
                    end = row.date("dyad_end_year", "dyad_end_month", "dyad_end_day", zero_year_open=True)
                    a_start, a_end = start, end
                else:
                    codes = [row.int("ccode", minimum=1)]
                    a_start = row.date("all_st_year", "all_st_month", "all_st_day")
                    a_end = row.date("all_end_year", "all_end_month", "all_end_day", zero_year_open=True)
                    start = row.date("mem_st_year", "mem_st_month", "mem_st_day", required=False) or a_start
                    end = (row.date("mem_end_year", "mem_end_month", "mem_end_day", zero_year_open=True)
                           if row.has("mem_end_year") else a_end)
                for col, (s, e) in (("dyad_end_year" if dyad else "mem_end_year", (start, end)),
                                    ("all_end_year", (a_start, a_end))):
                    if s is not None and e is not None and e.last_day() < s.first_day():
                        raise RowError(col, f"ends ({e}) before it starts ({s})")
                flags = {ob for _, cols, ob in _COW_OBLIGATIONS if row.flag(*cols)}
                left, right = row.flag("left_censor"), row.flag("right_censor")
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            a = self._alliance(table, row, vid)
            key = (tuple(codes), start, end)
            if key in a.seen:          # the yearly layouts repeat a spell once per year
                continue
            a.seen.add(key)
            origin = Origin(table.file, row.line, self.dataset, a.origin.version)
            ids = [self.ctx.states.ref(c, origin, a.source) for c in codes]
            for sid in ids:
                a.spells.setdefault(sid, []).append((start, end))
            a.start = earlier_start(a.start, a_start)
            if a_end is None:
                a.open = True
            else:
                a.end = later_end(a.end, a_end)
            a.flags |= flags
            a.left_censor |= left
            a.right_censor |= right
            if not dyad and row.text("ss_type", False):
                a.ss_type = row.text("ss_type", False)

    def finish(self) -> None:
        for vid, a in sorted(self.alliances.items()):
            tid = f"cow-alliance-{vid}"
            parties = []
            for sid in sorted(a.spells, key=lambda s: (min(x.first_day() for x, _ in a.spells[s] if x) if any(
                    x for x, _ in a.spells[s]) else _dt.date.min, s)):
                for s, e in merge_spells(a.spells[sid]):
                    parties.append(Party(sid, s, e))
            obligations = tuple(ObligationClause(o) for o in Obligation if o in a.flags) or (
                ObligationClause(Obligation.NONE),)
            notes = []
            if a.ss_type:
                notes.append(f"COW type: {a.ss_type}")
            if a.left_censor:
                notes.append("left-censored (began before a member entered the state system, or before 1816)")
            if a.right_censor or a.open:
                notes.append("in force at the end of the data (2012)")
            self.ctx.facts.treaties[tid] = Treaty(
                id=tid, name=f"COW alliance {vid} ({short_list(p.state for p in parties)})",
                parties=tuple(parties), in_force=a.start, ended=None if a.open else a.end, obligations=obligations,
                codes=(f"cow-alliance:{vid}",), sources=(a.source,), note="; ".join(notes) or None,
                origin=a.origin)


DATA_END = {"cow-alliance": 2012}
"""The last year a dataset covers: an alliance still in force counts to it in :func:`alliance_dyad_years`
(COW Formal Alliances v4.1: "still in effect as of 31 December 2012")."""


@dataclass(frozen=True)
class DyadYear:
    """One allied dyad-year: states ``a`` < ``b``, the ``year``, and every alliance that allied them that
    year (``treaties`` ids, ``names``), with the union of their ``obligations``."""

    a: str
    b: str
    year: int
    treaties: tuple[str, ...]
    names: tuple[str, ...]
    obligations: tuple[str, ...]


def alliance_dyad_years(facts: FactSet, dataset: str | None = "cow-alliance", first_year: int | None = None,
                        last_year: int | None = None) -> list[DyadYear]:
    """The allied dyad-years of the treaties of a dataset, each dyad-year once with every alliance named.

    A dyad allied by two alliances in the same year is one dyad-year whose ``treaties`` names both (the
    dyad-year files of COW and ATOP have one row per alliance instead).

    Parameters
    ----------
    facts : FactSet
    dataset : str or None
        Only treaties read from this dataset (``'cow-alliance'``, ``'atop'``, ``'curated'``); None: all.
    first_year, last_year : int, optional
        The years to cover. A treaty still in force counts to ``last_year``, by default the last year any
        of the treaties names, or the end of the dataset's data (:data:`DATA_END`; COW v4.1: 2012).

    Returns
    -------
    list of DyadYear
        Sorted by ``(a, b, year)``. A treaty counts in every year in which it was in force on at least one
        day, within both members' spells.
    """
    treaties = [t for t in facts.treaties.values() if dataset is None or t.dataset == dataset]
    if last_year is None:
        years = [d.year for t in treaties for d in (t.start, t.ended, *(p.start for p in t.parties),
                                                    *(p.end for p in t.parties)) if d is not None]
        last_year = max(years, default=_dt.date.today().year)
        if any(t.ended is None for t in treaties) and dataset in DATA_END:
            last_year = max(last_year, DATA_END[dataset])
    table: dict[tuple[str, str, int], set[str]] = {}
    for t in treaties:
        for i, p in enumerate(t.parties):
            for q in t.parties[i + 1:]:
                if p.state == q.state:
                    continue
                starts = [d for d in (t.start, p.start, q.start) if d is not None]
                ends = [d for d in (t.ended, p.end, q.end) if d is not None]
                y0 = max((d.first_day() for d in starts), default=_dt.date(first_year or 1816, 1, 1)).year
                y1 = min((d.last_day() for d in ends), default=_dt.date(last_year, 12, 31)).year
                y0 = max(y0, first_year) if first_year else y0
                y1 = min(y1, last_year)
                a, b = sorted((p.state, q.state))
                for y in range(y0, y1 + 1):
                    table.setdefault((a, b, y), set()).add(t.id)
    out = []
    for (a, b, y), ids in sorted(table.items()):
        tids = tuple(sorted(ids))
        obs = sorted({o.type.value for t in tids for o in facts.treaties[t].obligations})
        out.append(DyadYear(a, b, y, tids, tuple(facts.treaties[t].name for t in tids), tuple(obs)))
    return out


# ---------------------------------------------------------------------------- MID
MID_OUTCOMES = {1: "victory for side A", 2: "victory for side B", 3: "yield by side A", 4: "yield by side B",
                5: "stalemate", 6: "compromise", 7: "released", 8: "unclear", 9: "joins ongoing war"}
"""MID 5.0 ``outcome`` codes (MID codebook 5.0); -9 (missing) gives no outcome."""
MID_SETTLEMENTS = {1: "negotiated", 2: "imposed", 3: "none", 4: "unclear"}
"""MID 5.0 ``settle`` codes; -9 missing."""
MID_FATALITY = {0: "none", 1: "1-25 deaths", 2: "26-100 deaths", 3: "101-250 deaths", 4: "251-500 deaths",
                5: "501-999 deaths", 6: "more than 999 deaths"}
"""MID 5.0 ``fatality`` levels; -9 missing gives no fatality level."""


@dataclass
class _Dispute:
    num: int
    origin: Origin | None = None
    source: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    hostlev: int | None = None
    fatality: int | None = None
    outcome: int | None = None
    settle: int | None = None
    ongoing: bool = False
    participants: list[tuple[str, Side, PartialDate, PartialDate, int | None]] = field(default_factory=list)
    b_origin: Origin | None = None


class MidImporter:
    """COW MID 5.0: ``MIDA 5.0.csv`` (dispute level: ``dispnum, stday, stmon, styear, endday, endmon,
    endyear, outcome, settle, fatality, hostlev, ongo2014, version, ...``) and ``MIDB 5.0.csv`` (participant
    level: ``dispnum, stabb, ccode, stday, stmon, styear, endday, endmon, endyear, sidea, hostlev, ...``).

    With only MIDA, disputes have no participants; with only MIDB, a dispute's dates span its participants'
    and its hostility level is their highest.
    """

    dataset = "cow-mid"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.disputes: dict[int, _Dispute] = {}

    def _dispute(self, num: int) -> _Dispute:
        d = self.disputes.get(num)
        if d is None:
            d = self.disputes[num] = _Dispute(num)
        return d

    def read(self, table: Table, fmt: str) -> None:
        num_col = "dispnum" if "dispnum" in table.index else "dispnum3"
        for row in self.ctx.rows(table):
            try:
                version = self.ctx.version_of(table, row, self.dataset)
                num = row.int(num_col, minimum=1)
                start = row.date("styear", "stmon", "stday")
                end = row.date("endyear", "endmon", "endday")
                if end.last_day() < start.first_day():
                    raise RowError("endyear", f"ends ({end}) before it starts ({start})")
                if fmt == "cow-mida":
                    hostlev = row.int("hostlev", allowed=(1, 2, 3, 4, 5))
                    fatality = row.int("fatality", required=False, allowed=(-9, *MID_FATALITY))
                    outcome = row.int("outcome", required=False, allowed=(-9, *MID_OUTCOMES))
                    settle = row.int("settle", required=False, allowed=(-9, *MID_SETTLEMENTS))
                    ongoing = row.flag("ongo2014", "ongoing")
                    d = self.disputes.get(num)
                    if d is not None and d.origin is not None:
                        raise RowError(num_col, f"dispute {num} again (first at line {d.origin.line})")
                else:
                    ccode = row.int("ccode", minimum=1)
                    sidea = row.int("sidea", allowed=(0, 1))
                    hostlev_b = row.int("hostlev", required=False, allowed=(-9, 1, 2, 3, 4, 5))
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            source = self.ctx.source(self.dataset, version)
            origin = Origin(table.file, row.line, self.dataset, version)
            d = self._dispute(num)
            d.source = d.source or source
            if fmt == "cow-mida":
                d.origin, d.start, d.end, d.hostlev = origin, start, end, hostlev
                d.fatality = None if fatality in (None, -9) else fatality
                d.outcome = None if outcome in (None, -9) else outcome
                d.settle = None if settle in (None, -9) else settle
                d.ongoing = ongoing
            else:
                sid = self.ctx.states.ref(ccode, origin, source)
                d.participants.append((sid, Side.A if sidea == 1 else Side.B, start, end,
                                       hostlev_b if hostlev_b and hostlev_b > 0 else None))
                d.b_origin = d.b_origin or origin

    def finish(self) -> None:
        for num, d in sorted(self.disputes.items()):
            cid = f"cow-mid-{num}"
            start, end, level = d.start, d.end, d.hostlev
            if d.origin is None:   # participants only
                for _, _, s, e, h in d.participants:
                    start, end = earlier_start(start, s), later_end(end, e)
                    level = max(level or 1, h or 1)
            sides = {Side.A: [p[0] for p in d.participants if p[1] == Side.A],
                     Side.B: [p[0] for p in d.participants if p[1] == Side.B]}
            label = (f" {short_list(sides[Side.A], 3)} v. {short_list(sides[Side.B], 3)}"
                     if d.participants else "")
            notes = []
            if d.settle is not None:
                notes.append(f"settlement: {MID_SETTLEMENTS[d.settle]}")
            if d.fatality is not None:
                notes.append(f"fatalities: {MID_FATALITY[d.fatality]}")
            if d.ongoing:
                notes.append("ongoing at the end of the data (31 December 2014): the end date is the data's")
            self.ctx.facts.conflicts[cid] = Conflict(
                id=cid, name=f"MID {num}:{label} ({start.year if start else '?'})",
                kind=ConflictKind.WAR if level == 5 else ConflictKind.MILITARIZED_DISPUTE,
                start=start, end=end, hostility_level=int(level or 1),
                participants=tuple(Participant(s, side, a, b) for s, side, a, b, _ in d.participants),
                fatality_level=d.fatality, outcome=MID_OUTCOMES.get(d.outcome) if d.outcome else None,
                codes=(f"cow-mid:{num}",), sources=(d.source,) if d.source else (), note="; ".join(notes) or None,
                origin=d.origin or d.b_origin)


# ---------------------------------------------------------------------------- IGO
IGO_STATUS = {1: MembershipStatus.MEMBER, 2: MembershipStatus.ASSOCIATE, 3: MembershipStatus.OBSERVER}
"""COW IGO v3 membership codes: 1 full member, 2 associate member, 3 observer (0 none, -1 the IGO does not
exist that year, -9 missing)."""

ALLIANCE_IGOS: dict[str, tuple[str, str, str]] = {
    "nato": ("North Atlantic Treaty Organization", "NATO", "North Atlantic Treaty (1949), art. 5"),
    "wpact": ("Warsaw Treaty Organization (Warsaw Pact)", "Warsaw Pact", "Treaty of Friendship, Co-operation "
              "and Mutual Assistance (Warsaw, 1955), art. 4"),
    "seato": ("Southeast Asia Treaty Organization", "SEATO", "Southeast Asia Collective Defense Treaty (Manila, "
              "1954), art. IV"),
    "cento": ("Central Treaty Organization (Baghdad Pact)", "CENTO", "Pact of Mutual Cooperation (Baghdad, 1955), "
              "art. 1"),
    "anzus": ("ANZUS", "ANZUS", "Security Treaty between Australia, New Zealand and the United States (1951), "
              "art. IV"),
    "weu": ("Western European Union", "WEU", "Brussels Treaty (1948) as modified in 1954, art. V"),
    "csto": ("Collective Security Treaty Organization", "CSTO", "Collective Security Treaty (Tashkent, 1992), "
             "art. 4"),
}
"""The IGOs of COW IGO v3 that are military alliances: organisations founded on a treaty of collective
defence whose members are the treaty's parties (column name -> (name, short name, the treaty and its defence
article)).
They get bloc kind ``alliance``, whose co-membership makes allied ties; every other IGO gets kind ``igo``
(no ties: postal unions and commodity councils say nothing about alignment). Source: the treaties named,
and the IGO list of the COW IGO v3 codebook (Pevehouse et al. 2020). Organisations with security functions
but no collective-defence treaty of their own (OSCE, SCO, CIS, the Arab League, the OAS, the
Inter-American Defense Board) stay ``igo``; the Rio Pact and the Arab League's 1950 defence treaty are in
ATOP."""


class IgoImporter:
    """COW IGO v3, state-year format (``igo_state_year_v3.csv``: ``ccode, year, state`` and one column per
    IGO, values 1 full member, 2 associate, 3 observer, 0 none, -1 IGO not in existence, -9 missing).

    Memberships become spells, one per run of years with the same status:

    * a spell starts in the first year with the status and ends in the last year with it (year precision,
      never invented days);
    * a spell still running in the last year of the file has no end (still a member as far as the data go);
    * ``-9`` (missing) interrupts nothing: a spell continues across missing years when the same status
      follows, and ends at the last known year otherwise;
    * before 1965 the data were collected every five years. A spell continues across years the file does not
      observe at all (no row for any state): the same status on both sides of such a gap is one spell, a
      different status ends the spell at the last observed year. Years in which other states have rows but
      the state has none (it was out of the state system) do end the spell. (The copy in ``../shared/data``,
      from the igoR package, has every year; the rule matters for copies with five-year rows.)
    * The bloc exists (``founded``..``dissolved``) over the years in which any state has a code other than
      -1; an IGO that still exists in the last year has no ``dissolved``.

    Rows of one state must come in year order. The file is streamed: per state only the previous row is
    kept, and only the columns that changed are looked at.
    """

    dataset = "cow-igo"

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.columns: list[str] = []
        self.start_col = 3
        self.prev: dict[int, list[str]] = {}
        self.prev_year: dict[int, int] = {}
        self.open: dict[int, dict[int, list]] = {}      # ccode -> {column: [status, first, line, file, pending_last]}
        self.runs: list[tuple[int, int, int, int, int, str, int]] = []  # (col, ccode, status, first, last, file, line)
        self.years: set[int] = set()
        self.first_exist: dict[int, int] = {}
        self.last_exist: dict[int, int] = {}
        self.origin: Origin | None = None
        self.source: str | None = None
        self.version: str | None = None

    def read(self, table: Table, fmt: str) -> None:
        header = table.header
        skip = {"ccode", "year", "state", "stateabb", "version"}
        cols = [i for i, h in enumerate(header) if h not in skip]
        if self.columns and [header[i] for i in cols] != self.columns:
            raise DatasetError(table.file, 1, None, "a second IGO state-year file must have the same IGO "
                                                    "columns as the first")
        self.columns = [header[i] for i in cols]
        self.col_index = cols
        i_cc, i_y = table.index["ccode"], table.index["year"]
        valid = {"-9", "-1", "0", "1", "2", "3"}
        for row in self.ctx.rows(table):
            values = row.values
            try:
                ccode = row.int("ccode", minimum=1)
                year = row.int("year", minimum=1)
                last = self.prev_year.get(ccode)
                if last is not None and year <= last:
                    raise RowError("year", f"rows of a state must come in year order ({year} after {last})")
                prev = self.prev.get(ccode)
                if prev is not None and last == year - 1:
                    consecutive, changed = True, [i for i in cols if values[i] != prev[i]]
                else:
                    consecutive, changed = False, cols
                for i in changed:
                    v = values[i].strip()
                    if v not in valid:
                        try:
                            n = int(float(v))
                        except ValueError:
                            raise RowError(header[i], f"{v!r} is not an IGO code (1, 2, 3, 0, -1, -9)") from None
                        if str(n) not in valid or float(v) != n:
                            raise RowError(header[i], f"{v!r} is not an IGO code (1, 2, 3, 0, -1, -9)")
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            if self.source is None:
                self.version = self.ctx.version_of(table, row, self.dataset)
                self.source = self.ctx.source(self.dataset, self.version)
                self.origin = Origin(table.file, row.line, self.dataset, self.version)
            self.ctx.states.ref(ccode, Origin(table.file, row.line, self.dataset, self.version), self.source)
            self.years.add(year)
            opened = self.open.setdefault(ccode, {})
            if prev is not None and last is not None and not consecutive:
                # a gap in this state's rows: close every spell (the finish step may join them again)
                for i, gap_run in opened.items():
                    self._close(i, ccode, gap_run, last)
                opened.clear()
                for i in cols:
                    if prev[i].strip() not in ("-1",):
                        self.last_exist[i] = max(self.last_exist.get(i, last), last)
            # a spell still open here was open in the state's previous row, the year before (a gap closed them all)
            year_before = year - 1
            for i in changed:
                code = int(float(values[i]))
                old = prev[i].strip() if prev is not None and consecutive else None
                if code != -1:
                    if i not in self.first_exist or year < self.first_exist[i]:
                        self.first_exist[i] = year
                elif old is not None and old != "-1":
                    self.last_exist[i] = max(self.last_exist.get(i, year_before), year_before)
                run = opened.get(i)
                status = code if code in IGO_STATUS else None
                if code == -9:
                    if run is not None and run[4] is None:
                        run[4] = year_before
                    continue
                if run is not None:
                    if status == run[0] and run[4] is not None:     # the same status after missing years
                        run[4] = None
                        continue
                    self._close(i, ccode, run, year_before)
                    del opened[i]
                if status is not None:
                    opened[i] = [status, year, row.line, table.file, None]
            self.prev[ccode] = values
            self.prev_year[ccode] = year

    def _close(self, col: int, ccode: int, run: list, last_year: int) -> None:
        status, first, line, file, pending = run
        end = pending if pending is not None else last_year
        if end < first:   # only missing years after the start
            end = first
        self.runs.append((col, ccode, status, first, end, file, line))

    def finish(self) -> None:
        if not self.columns:
            return
        max_year = max(self.years) if self.years else None
        open_runs: set[int] = set()
        for ccode, opened in self.open.items():
            last = self.prev_year[ccode]
            for i, run in opened.items():
                if run[4] is None and last == max_year:
                    open_runs.add(len(self.runs))
                self._close(i, ccode, run, last)
            prev = self.prev[ccode]
            for i in self.col_index:
                if prev[i].strip() != "-1":
                    self.last_exist[i] = max(self.last_exist.get(i, last), last)
        observed = self.years
        names = dict(zip(self.col_index, self.columns))
        by_bloc: dict[int, dict[str, list[list]]] = {}
        for k, (col, ccode, status, first, last, file, line) in enumerate(self.runs):
            assert self.source is not None  # set with the first row read, before any run
            sid = self.ctx.states.ref(ccode, Origin(file, line, self.dataset, self.version), self.source)
            by_bloc.setdefault(col, {}).setdefault(sid, []).append(
                [status, first, last, k in open_runs, file, line])
        for col in self.col_index:
            name = names[col]
            bid = f"cow-igo-{name}"
            memberships = []
            for sid, runs in sorted(by_bloc.get(col, {}).items()):
                runs.sort(key=lambda r: (r[1], r[2]))
                merged: list[list] = []
                for r in runs:
                    if merged:
                        p = merged[-1]
                        gap_unobserved = all(y not in observed for y in range(p[2] + 1, r[1]))
                        if p[0] == r[0] and (r[1] <= p[2] + 1 or gap_unobserved):
                            if r[2] >= p[2]:
                                p[2], p[3] = r[2], r[3]
                            continue
                    merged.append(list(r))
                for status, first, last, is_open, file, line in merged:
                    memberships.append(Membership(
                        sid, IGO_STATUS[status], PartialDate(first), None if is_open else PartialDate(last),
                        origin=Origin(file, line, self.dataset, self.version)))
            full, short, treaty = ALLIANCE_IGOS.get(name, (None, None, None))
            exists_from, exists_to = self.first_exist.get(col), self.last_exist.get(col)
            note = (f"COW IGO v3 column {name!r}" + (f"; a military alliance: {treaty}" if treaty else
                                                     "; see the COW IGO v3 codebook for its full name"))
            self.ctx.facts.blocs[bid] = Bloc(
                id=bid, name=full or name.upper(), short_name=short,
                kind="alliance" if name in ALLIANCE_IGOS else "igo",
                founded=PartialDate(exists_from) if exists_from else None,
                dissolved=PartialDate(exists_to) if exists_to and exists_to != max_year else None,
                memberships=tuple(memberships), codes=(f"cow-igo:{name}",),
                sources=(self.source,) if self.source else (), note=note, origin=self.origin)
