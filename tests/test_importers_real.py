"""Importers on the real datasets in ../shared/data (override with ALLIANCEGRAPH_SHARED_DATA).

Every expected value is read from the files themselves; the comment next to it says how (shell commands run
in ../shared/data). The data are never copied into the repository. Each dataset is parsed once per module
(the IGO file is 22 MB).
"""

from __future__ import annotations

import datetime as dt

import pytest

from alliancegraph.analysis import alliance_clusters
from alliancegraph.dates import PartialDate
from alliancegraph.graph import AllianceGraph
from alliancegraph.importers import ALLIANCE_IGOS, ATOP_NAMES, import_datasets
from alliancegraph.model import ConflictKind, MembershipStatus, Obligation, Side
from alliancegraph.workspace import read_facts
from conftest import DATA, SEED

STATES = DATA / "cow" / "states2016.csv"
MIDA = DATA / "cow" / "MIDA 5.0.csv"
MIDB = DATA / "cow" / "MIDB 5.0.csv"
IGO = DATA / "cow" / "igo_state_year_v3.csv"
ATOP_M = DATA / "atop" / "atop4_01m.csv"
ATOP_A = DATA / "atop" / "atop4_01a.csv"


@pytest.fixture(scope="module", autouse=True)
def shared_data():
    missing = [p for p in (STATES, MIDA, MIDB, IGO, ATOP_M, ATOP_A) if not p.is_file()]
    if missing:
        pytest.fail(f"the real datasets are missing ({', '.join(map(str, missing))}): put them in {DATA} "
                    f"or set ALLIANCEGRAPH_SHARED_DATA")


def _timed(name: str, files: list) -> object:
    """Import ``files`` (``name`` labels the dataset; load speed is measured in benchmarks/, not here)."""
    return import_datasets(files)


@pytest.fixture(scope="module")
def states():
    return _timed("states", [STATES]).facts


@pytest.fixture(scope="module")
def mid():
    return _timed("mid", [MIDA, MIDB]).facts


@pytest.fixture(scope="module")
def igo():
    return _timed("igo", [IGO]).facts


@pytest.fixture(scope="module")
def atop():
    return _timed("atop", [ATOP_M, ATOP_A]).facts


# ---------------------------------------------------------------------------- state system
def test_states_counts(states):
    # awk 'NR>1' cow/states2016.csv | wc -l                                   -> 243 spells
    # cut -d, -f2 cow/states2016.csv | tail -n +2 | sort -u | wc -l           -> 217 ccodes
    # 255 (GMY) and 260 (GFR) are both DEU (see importers/codes.py)           -> 216 states
    assert len(states.states) == 216
    assert sum(len(s.spells) for s in states.states.values()) == 243
    ccodes_in_file = {int(line.split(",")[1]) for line in STATES.read_text().splitlines()[1:]}
    assert {s.ccode for s in states.states.values()} == ccodes_in_file - {260}
    # awk -F, '$7==2016 && $8==12 && $9==31' cow/states2016.csv | wc -l      -> 195 spells still in the system
    assert sum(1 for s in states.states.values() for sp in s.spells if sp.end is None) == 195


def test_state_leaves_and_reenters(states):
    # grep -E '^(GMY|GFR|GDR),' cow/states2016.csv
    #   GMY,255,Germany,1816,1,1,1945,5,8 / GMY,255,Germany,1990,10,3,2016,12,31 / GFR,260,...,1955,5,5,1990,10,2
    deu = states.states["DEU"]
    assert [(str(s.start), str(s.end) if s.end else None) for s in deu.spells] == [
        ("1816-01-01", "1945-05-08"), ("1955-05-05", "1990-10-02"), ("1990-10-03", None)]
    assert (deu.ccode, deu.cow_abb, deu.name) == (255, "GMY", "Germany")
    assert "West Germany" in deu.aliases
    ddr = states.states["DDR"]    # GDR,265,German Democratic Republic,1954,3,25,1990,10,2
    assert [(str(s.start), str(s.end)) for s in ddr.spells] == [("1954-03-25", "1990-10-02")]
    assert deu.origin.file == str(STATES) and deu.origin.line == 59   # grep -n '^GMY,255' -> 59, 60
    assert deu.origin.dataset == "cow-states" and deu.origin.version == "2016"


# ---------------------------------------------------------------------------- MID
def test_mid_counts(mid):
    # awk 'NR>1' "cow/MIDA 5.0.csv" | wc -l                                   -> 2436 disputes
    # awk 'NR>1' "cow/MIDB 5.0.csv" | wc -l                                   -> 5883 participant rows
    assert len(mid.conflicts) == 2436
    assert sum(len(c.participants) for c in mid.conflicts.values()) == 5883
    # awk -F, 'NR>1 && $15==5' "cow/MIDA 5.0.csv" | wc -l                     -> 106 wars (hostlev 5)
    assert sum(1 for c in mid.conflicts.values() if c.kind == ConflictKind.WAR) == 106


def test_mid_cuban_missile_crisis(mid):
    # awk -F, '$1==61' "cow/MIDA 5.0.csv":
    #   61,28,1,1962,12,12,1962,4,1,0,0,319,319,16,4,1,1,2,0,5  (outcome 4, settle 1, fatality 0, hostlev 4)
    # awk -F, '$1==61' "cow/MIDB 5.0.csv": CUB 40 sidea 0, USA 2 sidea 1, USR 365 sidea 0
    c = mid.conflicts["cow-mid-61"]
    assert (c.start, c.end) == (PartialDate(1962, 1, 28), PartialDate(1962, 12, 12))
    assert c.hostility_level == 4 and c.kind == ConflictKind.MILITARIZED_DISPUTE
    assert c.fatality_level == 0 and c.outcome == "yield by side B"
    assert {(p.state, p.side) for p in c.participants} == {("USA", Side.A), ("CUB", Side.B), ("RUS", Side.B)}
    assert c.origin.line == 35 and c.origin.dataset == "cow-mid" and c.origin.version == "5.0"  # grep -n '^61,'
    assert c.codes == ("cow-mid:61",)


def test_mid_unknown_day_keeps_the_known_part(mid):
    # awk -F, '$1==2' "cow/MIDA 5.0.csv": 2,-9,7,1902,24,1,1903,6,1,0,... (start day -9, outcome 6)
    c = mid.conflicts["cow-mid-2"]
    assert c.start == PartialDate(1902, 7) and c.end == PartialDate(1903, 1, 24)
    assert c.hostility_level == 3 and c.outcome == "compromise"
    assert {(p.state, p.side) for p in c.participants} == {("USA", Side.A), ("GBR", Side.B)}


def test_mid_hostile_ties_while_both_take_part(mid):
    g = AllianceGraph.from_facts(mid)
    h = g.hostile(dt.date(1962, 10, 25))
    assert h.has_edge("USA", "RUS") and h.has_edge("USA", "CUB")
    assert "cow-mid-61" in [x["via"] for x in h["USA"]["RUS"]["conflicts"]]
    assert not h.has_edge("RUS", "CUB")        # same side


# ---------------------------------------------------------------------------- IGO
def test_igo_blocs(igo):
    # head -1 cow/igo_state_year_v3.csv | tr , '\n' | wc -l                  -> 537 columns: ccode, year, state + 534 IGOs
    assert len(igo.blocs) == 534
    assert {b.id for b in igo.blocs.values() if b.kind == "alliance"} == {f"cow-igo-{n}" for n in ALLIANCE_IGOS}
    assert igo.blocs["cow-igo-un"].kind == "igo"
    nato, wpact = igo.blocs["cow-igo-nato"], igo.blocs["cow-igo-wpact"]
    assert nato.founded == PartialDate(1949) and nato.dissolved is None
    assert wpact.founded == PartialDate(1955) and wpact.dissolved == PartialDate(1991)


def test_igo_alliance_blocs_have_short_names(igo):
    nato = igo.blocs["cow-igo-nato"]
    assert (nato.name, nato.short_name) == ("North Atlantic Treaty Organization", "NATO")
    assert {n: igo.blocs[f"cow-igo-{n}"].short_name for n in ("wpact", "seato", "cento", "anzus", "weu", "csto")} == {
        "wpact": "Warsaw Pact", "seato": "SEATO", "cento": "CENTO", "anzus": "ANZUS", "weu": "WEU", "csto": "CSTO"}
    assert igo.blocs["cow-igo-un"].short_name is None                  # other IGOs: only the column's name
    assert AllianceGraph.from_facts(igo).short_name("cow-igo-nato") == "NATO"


def _member(bloc, state, year):
    day = dt.date(year, 6, 30)
    return [m.status.value for m in bloc.memberships if m.state == state
            and m.start.first_day() <= day and (m.end is None or m.end.last_day() >= day)]


def test_igo_nato_and_warsaw_pact_in_1980(igo):
    # python: rows (ccode, year) -> nato, wpact columns of cow/igo_state_year_v3.csv
    #   260,1980 nato 1 wpact 0 / 290,1980 nato 0 wpact 1 / 365,1980 nato 0 wpact 1 / 2,1980 nato 1
    #   290,1998 nato 0 / 290,1999 nato 1 / 265,1989 wpact 1 (no 265 row after 1989)
    nato, wpact = igo.blocs["cow-igo-nato"], igo.blocs["cow-igo-wpact"]
    assert _member(nato, "DEU", 1980) == ["member"] and _member(wpact, "DEU", 1980) == []
    assert _member(nato, "USA", 1980) == ["member"]
    assert _member(wpact, "POL", 1980) == ["member"] and _member(nato, "POL", 1980) == []
    assert _member(wpact, "RUS", 1980) == ["member"]
    assert _member(nato, "POL", 1998) == [] and _member(nato, "POL", 1999) == ["member"]
    # West Germany (260, 1955-1989) and Germany (255, from 1990) make one spell of DEU, open at the end
    assert [(str(m.start), m.end) for m in nato.memberships if m.state == "DEU"] == [("1955", None)]
    ddr = [m for m in wpact.memberships if m.state == "DDR"]
    assert [(str(m.start), str(m.end)) for m in ddr] == [("1955", "1989")]


def test_igo_statuses(igo):
    # python: ccode 666, column coe: 3 (observer) in every year 1957..2014
    coe = igo.blocs["cow-igo-coe"]
    assert [(m.status, str(m.start), m.end) for m in coe.memberships if m.state == "ISR"] == [
        (MembershipStatus.OBSERVER, "1957", None)]
    # python: ccode 220, column seameo: 2 (associate) in every year 1973..2014
    seameo = igo.blocs["cow-igo-seameo"]
    assert [(m.status, str(m.start)) for m in seameo.memberships if m.state == "FRA"] == [
        (MembershipStatus.ASSOCIATE, "1973")]


def test_igo_membership_provenance(igo):
    m = [m for m in igo.blocs["cow-igo-wpact"].memberships if m.state == "POL"][0]
    # grep -n '^290,1955,' cow/igo_state_year_v3.csv -> 6066
    assert m.origin.file == str(IGO) and m.origin.line == 6066 and m.origin.dataset == "cow-igo"


# ---------------------------------------------------------------------------- ATOP
def test_atop_counts(atop):
    # awk -F, 'NR>1{print $1}' atop/atop4_01m.csv | sort -u | wc -l          -> 745 alliances
    # awk -F, 'NR>1{print $1"-"$14}' atop/atop4_01m.csv | sort -u  then count phases of alliances with more
    #   than one phase                                                         -> 799 treaties (43 phased)
    assert len({t.codes[0] for t in atop.treaties.values()}) == 745
    assert len(atop.treaties) == 799
    assert sum(len(t.parties) for t in atop.treaties.values()) == 2398   # awk 'NR>1' atop/atop4_01m.csv | wc -l


def test_atop_nato_members_obligations_and_phases(atop):
    # awk -F, 'NR>1 && $1==3180' atop/atop4_01m.csv: phase 1: 12 rows 1949-04-04..1951-06-19,
    #   defense=1 offense=0 neutral=0 nonagg=1 consul=1; phase 2: 30 rows from 1951-06-19, yrexit 0 = in force,
    #   260 from 1954-10-23 to 1990-10-03, 255 from 1990-10-03, 640 and 350 from 1951-10-22
    p1, p2 = atop.treaties["atop-3180-p1"], atop.treaties["atop-3180-p2"]
    assert [o.type for o in p1.obligations] == [Obligation.DEFENSE, Obligation.NON_AGGRESSION, Obligation.CONSULTATION]
    assert len(p1.parties) == 12 and len(p2.parties) == 30
    assert {p.state for p in p1.parties} == {"USA", "CAN", "GBR", "NLD", "BEL", "LUX", "FRA", "PRT", "ITA", "NOR",
                                             "DNK", "ISL"}
    assert (p1.in_force, p1.ended) == (PartialDate(1949, 4, 4), PartialDate(1951, 6, 19))
    assert p2.supersedes == ("atop-3180-p1",) and p2.ended is None
    assert [(str(p.start), str(p.end) if p.end else None) for p in p2.parties if p.state == "DEU"] == [
        ("1954-10-23", "1990-10-03"), ("1990-10-03", None)]
    assert [str(p.start) for p in p2.parties if p.state == "TUR"] == ["1951-10-22"]
    assert "atop:3180" in p2.codes


def test_atop_blank_day_is_unknown(atop):
    # sed -n 92p atop/atop4_01m.csv: 1115,2024,21,200,1,1844,6,,1846,6,29,...  (dayent blank)
    t = atop.treaties["atop-1115"]
    gbr = [p for p in t.parties if p.state == "GBR"][0]
    assert gbr.start == PartialDate(1844, 6) and gbr.end == PartialDate(1846, 6, 29)


def test_atop_non_cow_member(atop):
    # grep -n ',8152,' atop/atop4_01m.csv -> 1320,,,8152,0,1874,3,15,... (cowsys 0: not a COW state)
    assert "CC8152" in {p.state for p in atop.treaties["atop-1320"].parties}
    assert "not in the COW state list" in atop.states["CC8152"].note


def test_atop_alliance_file_alone():
    facts = import_datasets([ATOP_A]).facts
    # awk 'NR>1' atop/atop4_01a.csv | wc -l -> 745 alliances, one treaty each (no phases in this file)
    assert len(facts.treaties) == 745
    t = facts.treaties["atop-3180"]
    # awk -F, '$1==3180' atop/atop4_01a.csv: begyr 1949 4 4, endyr 0, defense 1, cow4id 227; mem1..mem59 hold
    #   30 member codes, 255 and 260 among them: 29 states
    assert t.in_force == PartialDate(1949, 4, 4) and t.ended is None
    assert len({p.state for p in t.parties}) == len(t.parties) == 29
    assert "cow-alliance:227" in t.codes
    assert Obligation.DEFENSE in [o.type for o in t.obligations]


def _atop_rows(atopid):
    """The member rows and the alliance row of ``atopid``, read with the csv module (not the importer)."""
    import csv
    with open(ATOP_M, newline="") as f:
        members = [r for r in csv.DictReader(f) if r["atopid"] == str(atopid)]
    with open(ATOP_A, newline="") as f:
        (alliance,) = [r for r in csv.DictReader(f) if r["atopid"] == str(atopid)]
    return members, alliance


# atopid: (begyr, begmo, begday), the members whose yrent is the first year, obligations (defense, offense,
# neutral, nonagg, consul) of the alliance row -- what the treaty is known to be:
# NATO: the North Atlantic Treaty, 1949-04-04, the 12 founders (US, Canada, UK, NL, BE, LU, FR, PT, IT, NO, DK, IS)
# Warsaw Pact: 1955-05-14, USSR, Poland, GDR, Czechoslovakia, Hungary, Romania, Bulgaria, Albania
# Rio Treaty: 1947-09-02, the 19 American republics that signed at Rio (not Ecuador 130, not Nicaragua 93)
# Arab League defence treaty: 1950-06-17, Egypt, Syria, Lebanon, Saudi Arabia, Yemen
# CIS Collective Security Treaty: 1992-05-15 at Tashkent, Russia, Armenia, Kazakhstan, Kyrgyzstan, Uzbekistan,
#   Tajikistan
# Treaty of Amity and Cooperation: 1976-02-24 at Bali, the five ASEAN founders, non-aggression only
# Triple Alliance: 1882-05-20, Germany, Austria-Hungary, Italy
ATOP_EVIDENCE = {
    3180: ("NATO", ("1949", "4", "4"), {2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395}, "10011"),
    3285: ("Warsaw Pact", ("1955", "5", "14"), {365, 290, 265, 315, 310, 360, 355, 339}, "10011"),
    3075: ("Rio Treaty", ("1947", "9", "2"), {2, 40, 41, 42, 70, 90, 91, 92, 94, 95, 100, 101, 135, 140, 145,
                                               150, 155, 160, 165}, "10011"),
    3205: ("Arab League", ("1950", "6", "17"), {651, 652, 660, 670, 678}, "10011"),
    4220: ("CIS Collective Security Treaty", ("1992", "5", "15"), {365, 371, 702, 703, 704, 705}, "10011"),
    3755: ("ASEAN TAC", ("1976", "2", "24"), {800, 820, 830, 840, 850}, "00010"),
    1350: ("Triple Alliance", ("1882", "5", "20"), {255, 300, 325}, "11101"),
}


@pytest.mark.parametrize("atopid", sorted(ATOP_EVIDENCE))
def test_atop_names_table_matches_the_data(atopid):
    short, begin, founders, obligations = ATOP_EVIDENCE[atopid]
    members, alliance = _atop_rows(atopid)
    first_year = min(int(r["yrent"]) for r in members)
    assert ATOP_NAMES[atopid][1] == short
    assert (alliance["begyr"], alliance["begmo"], alliance["begday"]) == begin
    assert {int(r["member"]) for r in members if int(r["yrent"]) == first_year} == founders
    assert "".join(alliance[c] for c in ("defense", "offense", "neutral", "nonagg", "consul")) == obligations


def test_atop_importer_names_the_alliances_of_the_table(atop):
    # awk -F, 'NR>1 && $1==3180 {print $14}' atop/atop4_01m.csv | sort -u   -> phases 1 and 2
    assert atop.treaties["atop-3180-p1"].name == "ATOP 3180: North Atlantic Treaty, phase 1"
    assert {atop.treaties[t].short_name for t in ("atop-3180-p1", "atop-3180-p2")} == {"NATO"}
    assert atop.treaties["atop-3285"].short_name == "Warsaw Pact"            # one phase: no suffix
    assert atop.treaties["atop-3285"].name == ("ATOP 3285: Treaty of Friendship, Cooperation and Mutual "
                                               "Assistance (Warsaw Pact)")
    assert atop.treaties["atop-3075"].short_name == "Rio Treaty"
    assert atop.treaties["atop-3755"].short_name == "ASEAN TAC"
    # every id of the table is an alliance of v4.01, and each of its phases carries the short name
    for atopid, (name, short) in ATOP_NAMES.items():
        phases = [t for t in atop.treaties.values() if t.codes[0] == f"atop:{atopid}"]
        assert phases and {t.short_name for t in phases} == {short}
        assert all(t.name.startswith(f"ATOP {atopid}: {name}") for t in phases)
    # an alliance not in the table keeps the number and members as its name, and no short name
    assert atop.treaties["atop-1005"].name.startswith("ATOP 1005 (") and atop.treaties["atop-1005"].short_name is None


# ---------------------------------------------------------------------------- everything together
@pytest.fixture(scope="module")
def world():
    facts = read_facts([SEED, DATA / "cow", DATA / "atop"])
    return facts, AllianceGraph.from_facts(facts)


def test_all_datasets_load_with_the_seed(world):
    facts, g = world
    assert {"cow-states", "cow-mid", "cow-igo", "atop", "curated"} <= {
        f.dataset for kind in ("states", "blocs", "treaties", "conflicts") for f in getattr(facts, kind).values()}
    assert facts.states["DEU"].origin.dataset == "curated"          # the curated state wins ...
    assert len(facts.states["DEU"].spells) == 3                     # ... and keeps its COW state-system spells
    assert len(facts.conflicts) >= 2436 and len(facts.treaties) >= 799
    assert g.counts()["State"] == len(facts.states)


def test_curated_treaties_still_speak_for_the_named_atop_alliances(world):
    facts, g = world
    if "north-atlantic-treaty" not in facts.treaties:
        pytest.skip("needs the seed (codes: {atop: 3180} on north-atlantic-treaty)")
    # src/alliancegraph/seed/treaties.yaml: north-atlantic-treaty has codes {atop: 3180}, warsaw-pact-treaty
    # {atop: 3285}, anzus {atop: 3215}
    for tid, curated in (("atop-3180-p1", "north-atlantic-treaty"), ("atop-3180-p2", "north-atlantic-treaty"),
                         ("atop-3285", "warsaw-pact-treaty"), ("atop-3215", "anzus")):
        assert facts.treaties[tid].same_as == curated
        assert not [t for t in g.ties() if t.via == tid]                 # the linked ATOP fact makes no ties
    assert facts.treaties["atop-3075"].same_as is None                  # the Rio Treaty is not in the seed
    assert g.short_name("atop-3075") == "Rio Treaty" and g.short_name("anzus") == "ANZUS"


def test_cold_war_blocs_as_of_1980(world):
    """With the default strengths the NATO core and the Warsaw Pact core fall in different clusters as of
    1980-06-30, although ATOP codes the Helsinki Final Act (atop-3740-p1: 35 states, in force 1975-1990) as
    a non-aggression pact that ties all of Europe and North America (docs/datasets.md, "Cold War blocs";
    graph.DEFAULT_STRENGTHS weighs non-aggression 0.05: at 0.1 and above the détente web merges the blocs).
    """
    _, g = world
    res = alliance_clusters(g, dt.date(1980, 6, 30))
    west, east = res.cluster_of("USA"), res.cluster_of("RUS")
    assert west is not None and east is not None and west != east
    assert {"USA", "GBR", "FRA", "DEU", "ITA", "CAN"} <= set(west.members)
    assert {"RUS", "POL", "DDR", "CSK", "HUN", "BGR"} <= set(east.members)
    # IGO co-membership of general organisations makes no tie (the UN would tie everyone)
    assert not [t for t in g.ties_as_of(dt.date(1980, 6, 30)) if t.via == "cow-igo-un"]
