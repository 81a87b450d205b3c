"""ATOP, Alliance Treaty Obligations and Provisions (Leeds et al. 2002), v4.01 and v5.x, read by column name.

Owns: reading the ATOP member and alliance files (:class:`AtopImporter`), the mapping of ATOP's obligation
columns (:data:`ATOP_OBLIGATIONS`) and the names of well-known alliances (:data:`ATOP_NAMES`).

Must not know: which id a ccode gets (:mod:`.codes`), how a file is recognised (:mod:`.detect`), the graph,
analyses, views, the command line, Neo4j.

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
The ATOP files carry numbers, not names: a treaty is named ``'ATOP <atopid> (<members>)'``, or, for the
well-known alliances of :data:`ATOP_NAMES`, ``'ATOP <atopid>: <name>'`` with that table's short name
(``'NATO'``, ``'Rio Treaty'``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..dates import PartialDate, earlier_start, later_end
from ..model import Obligation, ObligationClause, Origin, Party, Treaty
from .base import Context, Row, RowError, Table, short_list

__all__ = ["AtopImporter", "ATOP_OBLIGATIONS", "ATOP_NAMES", "AtopMember", "atop_members"]

ATOP_OBLIGATIONS = (("defense", Obligation.DEFENSE), ("offense", Obligation.OFFENSE),
                    ("neutral", Obligation.NEUTRALITY), ("nonagg", Obligation.NON_AGGRESSION),
                    ("consul", Obligation.CONSULTATION))
"""ATOP obligation columns and the obligations they give."""


def _obligations(row: Row) -> frozenset[Obligation]:
    """The obligations an ATOP row codes (the one reading of :data:`ATOP_OBLIGATIONS`)."""
    return frozenset(ob for col, ob in ATOP_OBLIGATIONS if row.flag(col))

# Each entry was identified in the ATOP v4.01 files themselves (atop4_01a.csv: begyr/begmo/begday, the
# obligations; atop4_01m.csv: members by COW ccode with entry and exit dates) against the treaty's known
# signatories, date and obligations. "first-year members" are the members whose yrent is the alliance's first
# year. Public code that labels ATOP ids agrees where it names them (J. Alley's R analyses of ATOP: 3180 NATO,
# 3285 Warsaw Pact, 3205 Arab League, 3150 OAS, 3240 US-ROK; 3075, 3210, 3215, 3260, 3375 among the US
# defence pacts). tests/test_importers_real.py checks a sample of the evidence against the files.
ATOP_NAMES: dict[int, tuple[str, str]] = {
    # 1879-10-07, members 255 300, defense+neutral, ends 1918-11-03
    1335: ("Dual Alliance (Austro-German Treaty of Alliance)", "Dual Alliance"),
    # 1882-05-20, members 255 300 325, 4 phases (renewals 1887-02-20, 1891-05-06, 1913-08-02), Italy (325)
    # exits 1915-05-23 (its entry into the war against Austria-Hungary), defense+offense+neutral+consul
    1350: ("Triple Alliance (Germany, Austria-Hungary, Italy)", "Triple Alliance"),
    # 1893-12-27 (the 1892 military convention, ratified December 1893), members 220 365, defense only,
    # ends 1917-11-08 (the Bolshevik revolution)
    1385: ("Franco-Russian Alliance", "Franco-Russian Alliance"),
    # 1902-01-30, members 200 740, phase 2 from 1905-08-12 (the renewal), ends 1921-12-13 (Four-Power Treaty)
    1415: ("Anglo-Japanese Alliance", "Anglo-Japanese Alliance"),
    # 1912-11-23, members 200 220, consultation only: the Grey-Cambon letters of 22/23 November 1912, the
    # Entente Cordiale's only security clause (the 1904 agreements themselves are not in ATOP)
    1485: ("Anglo-French exchange of letters (Grey-Cambon, 1912)", "Anglo-French Entente"),
    # 1914-09-05, members 200 220 365, Japan (740) 1915-10-19 and Italy (325) 1915-11-30, Russia exits
    # 1917-11-08, consultation (no separate peace): the Declaration of London binding the Triple Entente
    2015: ("Declaration of London (Triple Entente, no separate peace)", "Triple Entente"),
    # 1934-02-09, members 345 350 360 640 (Yugoslavia, Greece, Romania, Turkey), defense+consul,
    # ends 1940-10-28 (Italy's attack on Greece)
    2330: ("Balkan Pact of 1934 (Balkan Entente)", "Balkan Entente"),
    # 1945-03-22, first-year members 645 651 652 660 663 670 678 = the seven founders of the Arab League,
    # nonagg+consul
    3015: ("Pact of the League of Arab States", "Arab League Pact 1945"),
    # 1947-09-02, first-year members 2 40 41 42 70 90 91 92 94 95 100 101 135 140 145 150 155 160 165 =
    # the 19 American republics that signed at Rio (Ecuador 130 and Nicaragua 93 later), defense=1
    3075: ("Inter-American Treaty of Reciprocal Assistance", "Rio Treaty"),
    # 1948-03-17, phase 1 members 200 210 211 212 220, phase 2 from 1954-10-23 adds 260 and 325 (the Paris
    # agreements), 230 235 in 1988, 350 in 1992, ends 2011-06-30 (WEU dissolved), defense+consul
    3130: ("Brussels Treaty (Western Union; Western European Union from 1954)", "Brussels Treaty"),
    # 1948-04-30 (Bogota), 21 first-year members = the American republics, defense=1
    3150: ("Charter of the Organization of American States", "OAS"),
    # 1949-04-04, first-year members 2 20 200 210 211 212 220 235 325 385 390 395 = the 12 founding NATO
    # members, defense=1, cow4id 227
    3180: ("North Atlantic Treaty", "NATO"),
    # 1950-02-14, members 365 710, defense=1, ends 1980-04-11 (expiry after China's notice)
    3200: ("Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance", "Sino-Soviet Treaty 1950"),
    # 1950-06-17, first-year members 651 652 660 670 678 (Iraq 645 1951, Jordan 663 1952), defense=1
    3205: ("Treaty of Joint Defence and Economic Cooperation between the States of the Arab League",
           "Arab League"),
    # 1951-08-30, members 2 840, defense=1
    3210: ("Mutual Defense Treaty between the United States and the Philippines",
           "US-Philippines Mutual Defense Treaty"),
    # 1951-09-01, members 2 900 920, defense=1
    3215: ("Security Treaty between Australia, New Zealand and the United States", "ANZUS"),
    # 1951-09-08 (San Francisco), members 2 740, defense=1, ends 1960-01-19 (replaced by 3375)
    3220: ("Security Treaty between the United States and Japan", "US-Japan Security Treaty 1951"),
    # 1953-02-28 (Treaty of Ankara, nonagg+consul), phase 2 from 1954-08-09 (Treaty of Bled, defense=1),
    # members 345 350 640 (Yugoslavia, Greece, Turkey), ends 1964-04-04
    3230: ("Balkan Pact (Treaty of Ankara 1953, Treaty of Bled 1954)", "Balkan Pact"),
    # 1953-10-01, members 2 732, defense=1
    3240: ("Mutual Defense Treaty between the United States and the Republic of Korea",
           "US-ROK Mutual Defense Treaty"),
    # 1954-09-08 (Manila), members 2 200 220 770 800 840 900 920 = the eight SEATO members, defense=1
    3260: ("Southeast Asia Collective Defense Treaty (Manila Pact)", "SEATO"),
    # 1955-02-24, members 640 645 (1955-02-24), 200 (04-05), 770 (09-23), 630 (11-03), Iraq exits
    # 1959-03-24, ends 1979 (CENTO dissolved), nonagg+consul
    3275: ("Pact of Mutual Cooperation (Baghdad Pact; CENTO from 1959)", "Baghdad Pact"),
    # 1955-05-14, members 265 290 310 315 339 355 360 365 = the eight Warsaw Pact states, defense=1,
    # ends 1991-07-01
    3285: ("Treaty of Friendship, Cooperation and Mutual Assistance (Warsaw Pact)", "Warsaw Pact"),
    # 1960-01-19, members 2 740, defense=1 (follows 3220)
    3375: ("Treaty of Mutual Cooperation and Security between Japan and the United States",
           "US-Japan Security Treaty"),
    # 1975-08-01, phase 1 (to 1990-11-21, the Charter of Paris) 35 member rows: the CSCE participants
    # that are COW states (the Holy See is not one; united Germany 255 from 1990-10-03), nonagg only
    3740: ("Final Act of the Conference on Security and Co-operation in Europe", "Helsinki Final Act"),
    # 1976-02-24 (Bali), first-year members 800 820 830 840 850 = the five ASEAN founders, later accessions
    # (China, Japan, USA...), nonagg only
    3755: ("Treaty of Amity and Cooperation in Southeast Asia", "ASEAN TAC"),
    # 1992-05-15 (Tashkent), first-year members 365 371 702 703 704 705 (Russia, Armenia, Kazakhstan,
    # Kyrgyzstan, Uzbekistan, Tajikistan), Azerbaijan, Georgia, Belarus 1993-94, phase 2 from 2002-10-07
    # (the CSTO Charter), defense=1
    4220: ("Collective Security Treaty (Tashkent, 1992)", "CIS Collective Security Treaty"),
}
"""Names and short names of well-known ATOP v4.01 alliances (atopid -> (name, short name)). An alliance in
this table is named ``'ATOP <atopid>: <name>'`` and has the short name; every other one is named
``'ATOP <atopid> (<members>)'`` and has none. The evidence for each id is written beside it in the source."""


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
                flags = _obligations(row)
                cow4id = row.int("cow4id", required=False) if row.has("cow4id") else None
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
            source = self.ctx.source(self.dataset, version)
            origin = Origin(table.file, row.line, self.dataset, version)
            p = self.phases.get((atopid, phase))
            if p is None:
                p = self.phases[(atopid, phase)] = _Phase(origin, source)
            sid = self.ctx.states.ref(member, origin, source)
            p.parties.append(Party(sid, start, end))
            p.flags |= flags
            p.start = earlier_start(p.start, start)
            if end is None:
                p.open = True
            else:
                p.end = later_end(p.end, end)
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
                flags = set(_obligations(row))
                members = [m for m in (row.int(c, required=False, minimum=1) for c in mems) if m is not None]
                if len(members) < 2:
                    raise RowError("mem2" if mems else None, "an alliance needs at least two members")
                cow4id = row.int("cow4id", required=False) if row.has("cow4id") else None
            except RowError as err:
                self.ctx.bad_row(table, row.line, err)
                continue
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
        known, short = ATOP_NAMES.get(atopid, (None, None))
        name = f"ATOP {atopid}: {known}" if known else f"ATOP {atopid} ({short_list(q.state for q in p.parties)})"
        if phase is not None:
            name += f", phase {phase}"
        note = "obligations of any member in this phase (ATOP codes them per member)"
        if p.open:
            note += "; in force at the end of the data"
        self.ctx.facts.treaties[tid] = Treaty(
            id=tid, name=name, short_name=short, parties=tuple(p.parties), in_force=p.start,
            ended=None if p.open else p.end,
            obligations=obligations, supersedes=supersedes, codes=codes, sources=(p.source,), note=note,
            origin=p.origin)


@dataclass(frozen=True)
class AtopMember:
    """One row of the ATOP member file: a member's obligations in one phase of an alliance, coded per member
    (ATOP codebook v4.01: ``defense``, ``offense``, ``neutral``, ``nonagg``, ``consul``)."""

    atopid: int
    phase: int
    ccode: int
    obligations: frozenset[Obligation]
    origin: Origin


def atop_members(path: str | Path) -> list[AtopMember]:
    """The member-by-member obligations of an ATOP member file (``atop4_01m.csv``, ``atop5_1m.csv``).

    The importer keeps one obligation list per treaty phase (any member's); this keeps each member row's
    own, for comparing them member by member (:mod:`alliancegraph.crosscheck`). Rows the importer would
    skip as malformed are left out.

    Parameters
    ----------
    path : path
        An ATOP member-level file.

    Returns
    -------
    list of AtopMember
        One per row, in file order; ``phase`` 0 where the file has no phase column.

    Raises
    ------
    DatasetError
        For a file that is not CSV text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "atop4_01m.csv"
    >>> _ = f.write_text("atopid,member,yrent,yrexit,phase,defense,offense,neutral,nonagg,consul\\n"
    ...                  "3180,2,1949,0,0,1,0,0,0,1\\n")
    >>> m = atop_members(f)[0]
    >>> m.atopid, m.ccode, sorted(o.value for o in m.obligations), m.origin.line
    (3180, 2, ['consultation', 'defense'], 2)
    """
    table = Table(path)
    ctx = Context(skip_bad_rows=True)
    out = []
    for row in ctx.rows(table):
        try:
            version = ctx.version_of(table, row, "atop")
            atopid, ccode = row.int("atopid", minimum=1), row.int("member", minimum=1)
            phase = row.int("phase", required=False, minimum=0) or 0
            flags = _obligations(row)
        except RowError:
            continue
        out.append(AtopMember(atopid, phase, ccode, flags, Origin(table.file, row.line, "atop", version)))
    return out
