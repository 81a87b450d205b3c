"""Importers on hand-written fixtures: COW Formal Alliances v4.1 layouts (tests/fixtures/cow_alliance, invented
rows in the documented layout: the real files may not be redistributed), the code crosswalk, bad rows, the
linking of curated and dataset facts, and the CLI's dataset options."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliancegraph.cli import main
from alliancegraph.dates import PartialDate
from alliancegraph.graph import AllianceGraph
from alliancegraph.importers import (
    FORMATS, DatasetError, UnknownFormatError, alliance_dyad_years, ccode_of, detect_format, import_datasets,
    lookup,
)
from alliancegraph.model import FactSet, Obligation, Origin, State, StateSpell, Treaty, link_facts
from alliancegraph.workspace import check_sources, read_facts
from conftest import FIXTURES, MINI, SEED

FIX = FIXTURES / "cow_alliance"
BY_MEMBER = FIX / "alliance_v4.1_by_member.csv"
BY_DYAD_YEARLY = FIX / "alliance_v4.1_by_dyad_yearly.csv"
BAD = FIX / "alliance_v4.1_by_member_bad.csv"


# ---------------------------------------------------------------------------- crosswalk
def test_crosswalk_historical_states():
    assert lookup(365).id == "RUS" and "USSR" in lookup(365).aliases
    assert lookup(255).id == "DEU" and lookup(255).cow_abb == "GMY"
    assert lookup(260).id == "DEU" and lookup(260).cow_abb == "GFR"    # West Germany continues into DEU
    assert lookup(265).id == "DDR" and lookup(265).iso3 == "DDR"       # ISO 3166-3
    assert lookup(345).id == "SRB" and "Yugoslavia" == lookup(345).name
    assert lookup(315).id == "CSK" and lookup(315).cow_abb == "CZE"    # its COW abb is Czechia's ISO3
    assert lookup(316).id == "CZE"
    assert lookup(730).id == "CC730"                                   # Korea 1887-1905: KOR is South Korea's
    assert lookup(817).id == "RVN" and lookup(816).id == "VNM"
    assert lookup(678).id == "YAR" and lookup(680).id == "YMD" and lookup(679).id == "YEM"
    assert lookup(2).iso3 == "USA" and lookup(200).cow_abb == "UKG"


def test_crosswalk_unknown_code_and_overrides():
    e = lookup(8152)
    assert e.id == "CC8152" and not e.known
    assert lookup(255, {255: "GER"}).id == "GER"


def test_crosswalk_reverse():
    assert ccode_of("AUS") == 900          # Australia's id wins over Austria's COW abbreviation
    assert ccode_of("DEU") == 255 and ccode_of("GFR") == 260 and ccode_of("ussr") == 365
    assert ccode_of("Czechoslovakia") == 315 and ccode_of("CZE") == 316
    with pytest.raises(KeyError):
        ccode_of("Atlantis")


def test_crosswalk_ids_unique_but_germany():
    from alliancegraph.importers.codes import known_ccodes

    ids: dict[str, list[int]] = {}
    for c in known_ccodes():
        ids.setdefault(lookup(c).id, []).append(c)
    assert {k: v for k, v in ids.items() if len(v) > 1} == {"DEU": [255, 260]}


def test_seed_states_agree_with_the_crosswalk():
    facts = read_facts([SEED])
    for sid, st in facts.states.items():
        if st.ccode is not None:
            assert lookup(st.ccode).id == sid, (sid, st.ccode)


# ---------------------------------------------------------------------------- detection
def test_detect_formats_by_header(tmp_path):
    assert detect_format(BY_MEMBER).name == "cow-alliance-member"
    assert detect_format(BY_DYAD_YEARLY).name == "cow-alliance-dyad"
    other = tmp_path / "x.csv"
    other.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(UnknownFormatError, match="x.csv: not a dataset file"):
        detect_format(other)
    assert set(FORMATS) >= {"cow-states", "cow-alliance-member", "cow-alliance-dyad", "atop-member",
                            "atop-alliance", "cow-mida", "cow-midb", "cow-igo-state-year"}


def test_explicit_format_and_missing_columns(tmp_path):
    with pytest.raises(DatasetError) as e:
        import_datasets([(BY_MEMBER, "cow-mida")])
    assert e.value.line == 1 and "header lacks" in str(e.value)


# ---------------------------------------------------------------------------- COW alliances v4.1
def test_cow_alliance_by_member():
    facts = import_datasets([BY_MEMBER]).facts
    assert sorted(facts.treaties) == ["cow-alliance-901", "cow-alliance-902", "cow-alliance-903", "cow-alliance-905"]
    t901 = facts.treaties["cow-alliance-901"]
    assert [o.type for o in t901.obligations] == [Obligation.DEFENSE]
    assert t901.in_force == PartialDate(1940, 8, 18) and t901.ended is None      # blank end: still in force
    assert {p.state for p in t901.parties} == {"USA", "CAN"}
    assert t901.codes == ("cow-alliance:901",)
    assert t901.origin == Origin(str(BY_MEMBER), 2, "cow-alliance", "4.1")
    assert "in force at the end of the data" in t901.note
    t902 = facts.treaties["cow-alliance-902"]
    assert t902.in_force == PartialDate(1958, 3)          # day -9: the known part is kept
    assert [o.type for o in t902.obligations] == [Obligation.ENTENTE]
    gbr = [(p.start, p.end) for p in t902.parties if p.state == "GBR"]
    assert gbr == [(PartialDate(1960, 5, 10), PartialDate(1970, 6, 30)), (PartialDate(1975, 1, 1), PartialDate(1990, 12, 31))]
    assert "left-censored" in facts.treaties["cow-alliance-903"].note
    assert {p.state for p in facts.treaties["cow-alliance-903"].parties} == {"DEU", "AUH"}
    assert [o.type for o in facts.treaties["cow-alliance-905"].obligations] == [Obligation.NEUTRALITY,
                                                                              Obligation.NON_AGGRESSION]
    assert facts.states["AUH"].name == "Austria-Hungary" and facts.states["AUH"].ccode == 300
    assert facts.sources["cow-alliance-4.1"].url.startswith("https://correlatesofwar.org")


def test_cow_alliance_double_alliance_counts_once_per_dyad_year():
    facts = import_datasets([BY_DYAD_YEARLY]).facts
    years = alliance_dyad_years(facts)
    usa_can_1958 = [d for d in years if (d.a, d.b, d.year) == ("CAN", "USA", 1958)]
    # the file has two rows for USA-CAN 1958 (alliances 901 and 902): one dyad-year naming both
    assert len(usa_can_1958) == 1
    d = usa_can_1958[0]
    assert d.treaties == ("cow-alliance-901", "cow-alliance-902")
    assert d.names == ("COW alliance 901 (CAN, USA)", "COW alliance 902 (CAN, USA, GBR)")
    assert d.obligations == ("defense", "entente")
    assert [(x.a, x.b) for x in years if x.year == 1960] == [("CAN", "GBR"), ("CAN", "USA"), ("GBR", "USA")]
    # 901 is still in force: it counts to 2012, the end of COW v4.1's data; 902 ended in 1960
    assert [x.treaties for x in years if (x.a, x.b, x.year) == ("CAN", "USA", 2012)] == [("cow-alliance-901",)]
    assert not [x for x in years if x.year > 2012]


def test_cow_alliance_both_layouts_give_the_same_alliance():
    member = import_datasets([BY_MEMBER]).facts.treaties["cow-alliance-901"]
    dyad = import_datasets([BY_DYAD_YEARLY]).facts.treaties["cow-alliance-901"]
    assert (member.in_force, member.ended, member.obligations) == (dyad.in_force, dyad.ended, dyad.obligations)
    assert sorted(p.state for p in member.parties) == sorted(p.state for p in dyad.parties)


# ---------------------------------------------------------------------------- bad rows
def test_bad_row_stops_the_import_naming_file_line_and_column():
    with pytest.raises(DatasetError) as e:
        import_datasets([BAD])
    err = e.value
    assert (err.file, err.line, err.column) == (str(BAD), 4, "mem_st_month")
    assert str(err) == f"{BAD}:4: column 'mem_st_month': '13x' is not a whole number"


def test_skip_bad_rows_reports_them_all():
    result = import_datasets([BAD], skip_bad_rows=True)
    assert [(p.line, p.message) for p in result.skipped] == [
        (4, "column 'mem_st_month': '13x' is not a whole number"),
        (6, "column 'ccode': 'abc' is not a whole number")]
    assert sorted(result.facts.treaties) == ["cow-alliance-901", "cow-alliance-902"]
    assert {p.state for p in result.facts.treaties["cow-alliance-902"].parties} == {"CAN"}


def test_wrong_number_of_fields(tmp_path):
    f = tmp_path / "short.csv"
    f.write_text(BY_MEMBER.read_text().splitlines()[0] + "\n901,2,USA\n")
    with pytest.raises(DatasetError, match=r"short.csv:2: the row has 3 fields, the header 23"):
        import_datasets([f])


def test_impossible_date_names_the_column(tmp_path):
    lines = BY_MEMBER.read_text().splitlines()
    f = tmp_path / "alliance.csv"
    f.write_text("\n".join([lines[0], lines[1].replace("18,8,1940,,,,0,1", "31,2,1940,,,,0,1")]) + "\n")
    with pytest.raises(DatasetError) as e:
        import_datasets([f])
    assert e.value.line == 2 and e.value.column == "mem_st_day"


# ---------------------------------------------------------------------------- sources, merge and links
def test_fact_dirs_and_dataset_files_together():
    facts = read_facts([MINI, BY_MEMBER])
    assert "cow-alliance-901" in facts.treaties and "north-atlantic-treaty" in facts.treaties
    assert facts.states["USA"].origin.dataset == "curated"         # curated wins on equal ids
    assert facts.states["AUH"].origin.dataset == "cow-alliance"


def test_curated_state_keeps_state_system_spells():
    curated = FactSet(states={"DEU": State(id="DEU", name="Germany", ccode=255, sources=("s1",))})
    listed = FactSet(states={"DEU": State(id="DEU", name="German list name", cow_abb="GMY", spells=(
        StateSpell(PartialDate(1816, 1, 1), PartialDate(1945, 5, 8)),), origin=Origin("states.csv", 59, "cow-states"))})
    for merged in (curated.merge(listed), listed.merge(curated)):
        st = merged.states["DEU"]
        assert st.name == "Germany" and st.origin is None
        assert st.spells == listed.states["DEU"].spells and st.cow_abb == "GMY"


def test_curated_fact_links_dataset_fact_with_the_same_code(tmp_path):
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    text = (d / "treaties.yaml").read_text().replace(
        "  - id: north-atlantic-treaty\n", "  - id: north-atlantic-treaty\n    codes: {cow-alliance: 901}\n")
    (d / "treaties.yaml").write_text(text)
    facts = read_facts([BY_MEMBER, d])
    assert facts.treaties["north-atlantic-treaty"].codes == ("cow-alliance:901",)
    assert facts.treaties["north-atlantic-treaty"].same_as is None
    assert facts.treaties["cow-alliance-901"].same_as == "north-atlantic-treaty"   # both present, linked
    g = AllianceGraph.from_facts(facts)
    assert g.pg.nodes["cow-alliance-901"]["same_as"] == "north-atlantic-treaty"
    assert not [t for t in g.ties() if t.via == "cow-alliance-901"]                 # no double counting
    assert [t.via for t in g.ties() if t.via == "cow-alliance-902"]


def test_codes_are_validated(tmp_path):
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    text = (d / "treaties.yaml").read_text().replace(
        "  - id: usa-kor\n", "  - id: usa-kor\n    codes: {atopp: 3180}\n")
    (d / "treaties.yaml").write_text(text)
    problems = check_sources([d]).problems
    assert any("unknown dataset 'atopp' in codes (did you mean 'atop'?)" in p.message for p in problems)


def test_link_never_within_one_dataset():
    o = Origin("a.csv", 2, "atop", "4.01")
    t1 = Treaty(id="atop-1-p1", name="p1", codes=("atop:1",), origin=o)
    t2 = Treaty(id="atop-1-p2", name="p2", codes=("atop:1",), origin=o)
    cow = Treaty(id="cow-alliance-7", name="c", codes=("cow-alliance:7",), origin=Origin("b.csv", 2, "cow-alliance"))
    t3 = Treaty(id="atop-2", name="x", codes=("atop:2", "cow-alliance:7"), origin=o)
    facts = link_facts(FactSet(treaties={t.id: t for t in (t1, t2, cow, t3)}), first=FactSet(treaties={"atop-2": t3}))
    assert facts.treaties["atop-1-p2"].same_as is None and facts.treaties["atop-1-p1"].same_as is None
    assert facts.treaties["cow-alliance-7"].same_as == "atop-2"      # the earlier source speaks for both


# ---------------------------------------------------------------------------- CLI
def test_cli_validate_reports_every_bad_row():
    r = CliRunner().invoke(main, ["validate", str(BAD)])
    assert r.exit_code == 1
    assert f"{BAD}:4: column 'mem_st_month': '13x' is not a whole number" in r.output
    assert f"{BAD}:6: column 'ccode': 'abc' is not a whole number" in r.output


def test_cli_validate_dataset_ok():
    r = CliRunner().invoke(main, ["validate", str(BY_MEMBER)])
    assert r.exit_code == 0, r.output
    assert "4 treaties" in r.output


def test_cli_bad_row_stops_with_one_line():
    r = CliRunner().invoke(main, ["clusters", "--as-of", "1960", "-f", str(MINI), "-f", str(BAD)])
    assert r.exit_code == 1
    assert f"Error: {BAD}:4: column 'mem_st_month': '13x' is not a whole number" in r.output
    assert "Traceback" not in r.output


def test_cli_skip_bad_rows():
    r = CliRunner().invoke(main, ["clusters", "--as-of", "1960", "-f", str(MINI), "-f", str(BAD), "--skip-bad-rows",
                                  "--json"])
    assert r.exit_code == 0, r.output
    assert f"skipped: {BAD}:6: column 'ccode': 'abc' is not a whole number" in r.stderr
    assert "skipped 2 malformed dataset row(s)" in r.stderr


def test_cli_dataset_option_reads_a_file_as_told(tmp_path):
    renamed = tmp_path / "my_alliances.csv"
    renamed.write_text(BY_MEMBER.read_text())
    r = CliRunner().invoke(main, ["clusters", "--as-of", "1942", "--dataset", "cow-alliance-member", str(renamed),
                                  "--json"])
    assert r.exit_code == 0, r.output
    assert '"CAN"' in r.stdout and '"USA"' in r.stdout
    r = CliRunner().invoke(main, ["clusters", "--dataset", "no-such-format", str(renamed)])
    assert r.exit_code == 2


def test_large_file_streams_in_bounded_memory(tmp_path):
    """A 6 MB IGO-layout file: the import keeps one previous row per state, never the file."""
    import tracemalloc

    cols = [f"igo{i}" for i in range(300)]
    f = tmp_path / "igo_state_year_big.csv"
    with f.open("w") as out:
        out.write("ccode,year,state," + ",".join(cols) + "\n")
        for ccode, abb in ((2, "usa"), (200, "uk"), (365, "russia")):
            for year in range(1000, 4000):
                out.write(f"{ccode},{year},{abb},1," + ",".join(["0"] * 299) + "\n")
    size = f.stat().st_size
    assert size > 5_000_000
    lookup(2)                      # load countrycode's code list (14 MB of objects) before measuring
    tracemalloc.start()
    facts = import_datasets([f]).facts
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [(m.state, str(m.start), m.end) for m in facts.blocs["cow-igo-igo0"].memberships] == [
        ("GBR", "1000", None), ("RUS", "1000", None), ("USA", "1000", None)]
    assert peak < size / 5, (peak, size)    # about 0.6 MB for 5.5 MB


# ---------------------------------------------------------------------------- other layouts, on small files
def test_statelist2024_layout_any_header_case(tmp_path):
    f = tmp_path / "statelist2024.csv"
    f.write_text("StateAbb,CCode,StateNme,StYear,StMonth,StDay,EndYear,EndMonth,EndDay,Version\n"
                 "USA,2,United States of America,1816,1,1,2024,12,31,2024\n"
                 "GMY,255,Germany,1816,1,1,1945,5,8,2024\n"
                 "GMY,255,Germany,1990,10,3,2024,12,31,2024\n")
    facts = import_datasets([f]).facts
    assert facts.sources["cow-states-2024"]
    assert [(str(s.start), s.end) for s in facts.states["USA"].spells] == [("1816-01-01", None)]  # data end: open
    assert [str(s.end) for s in facts.states["DEU"].spells] == ["1945-05-08", "None"]
    assert facts.states["DEU"].origin.version == "2024"


def test_atop_v5_layout_by_column_name(tmp_path):
    f = tmp_path / "atop5_1m.csv"
    f.write_text("atopid,member,phase,yrent,moent,dayent,yrexit,moexit,dayexit,ineffect,consul,nonagg,neutral,"
                 "offense,defense,active,version\n"
                 "5001,2,0,2010,3,,0,0,0,1,1,0,0,0,1,1,5.1\n"
                 "5001,20,0,2010,3,,2015,-9,-9,0,1,0,0,0,1,1,5.1\n")
    facts = import_datasets([f]).facts
    t = facts.treaties["atop-5001"]
    assert [o.type for o in t.obligations] == [Obligation.DEFENSE, Obligation.CONSULTATION]
    assert [(p.state, str(p.start), str(p.end)) for p in t.parties] == [("USA", "2010-03", "None"), ("CAN", "2010-03", "2015")]
    assert t.ended is None and t.origin.version == "5.1" and "atop-5.1" in facts.sources


def test_an_atop_version_with_new_variables_is_still_atop(tmp_path):
    # ATOP's variable list grows with each version: a member-level file with a column 4.01 lacks is read as
    # ATOP (not refused as an unknown layout); a file with a MID dispute number beside atopid is refused
    f = tmp_path / "atop6_0m.csv"
    f.write_text("atopid,member,yrent,moent,yrexit,defense,offense,neutral,nonagg,consul,newvar6,version\n"
                 "6001,2,2020,1,0,1,0,0,0,0,7,6.0\n6001,20,2020,1,0,1,0,0,0,0,7,6.0\n")
    t = import_datasets([f]).facts.treaties["atop-6001"]
    assert [p.state for p in t.parties] == ["USA", "CAN"] and [o.type for o in t.obligations] == [Obligation.DEFENSE]
    g = tmp_path / "mixed.csv"
    g.write_text("atopid,member,yrent,yrexit,dispnum\n6001,2,2020,0,1\n")
    with pytest.raises(UnknownFormatError):
        import_datasets([g])


def test_mid_participants_only(tmp_path):
    f = tmp_path / "midb.csv"
    f.write_text("dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,hostlev,version\n"
                 "9001,USA,2,-9,5,1990,3,6,1990,1,4,5\n"
                 "9001,CAN,20,1,5,1990,-9,7,1990,0,2,5\n")
    c = import_datasets([f]).facts.conflicts["cow-mid-9001"]
    assert (c.start, c.end, c.hostility_level) == (PartialDate(1990, 5), PartialDate(1990, 7), 4)
    assert [(p.state, p.side.value, str(p.start), str(p.end)) for p in c.participants] == [
        ("USA", "A", "1990-05", "1990-06-03"), ("CAN", "B", "1990-05-01", "1990-07")]


def _igo_file(tmp_path, rows: list[str]) -> Path:
    f = tmp_path / "igo_state_year.csv"
    f.write_text("ccode,year,state,nato,upu,xx1,xx2,xx3,xx4,xx5,xx6,xx7,xx8\n" + "".join(
        r + ",0,0,0,0,0,0,0,0\n" for r in rows))
    return f


def test_igo_five_year_gaps_and_missing_years(tmp_path):
    # 1950, 1955, 1960, then yearly: the years 1951-1954 and 1956-1959 are observed for nobody
    rows = ["2,1950,usa,1,1", "2,1955,usa,1,1", "2,1960,usa,1,0", "2,1961,usa,1,-9", "2,1962,usa,1,-9",
            "2,1963,usa,1,1", "2,1964,usa,1,-9", "2,1965,usa,1,0",
            "200,1950,uk,1,1", "200,1955,uk,3,1", "200,1960,uk,3,1", "200,1961,uk,3,1", "200,1962,uk,3,1",
            "200,1963,uk,3,1", "200,1964,uk,3,1", "200,1965,uk,3,1",
            # France has no rows for 1961-1962 although the others do: out of the system, its spell ends
            "220,1960,france,1,2", "220,1963,france,1,2", "220,1964,france,1,2", "220,1965,france,1,2"]
    facts = import_datasets([_igo_file(tmp_path, rows)]).facts
    upu = {(m.state, m.status.value, str(m.start), str(m.end) if m.end else None)
           for m in facts.blocs["cow-igo-upu"].memberships}
    assert upu == {
        ("USA", "member", "1950", "1955"),        # across the unobserved 1951-54; 0 in 1960 ends it at 1955
        ("USA", "member", "1963", "1963"),        # -9 in 1964, then 0: it ends at the last known year
        ("GBR", "member", "1950", None),          # still a member in the last year of the file: no end
        ("FRA", "associate", "1960", "1960"), ("FRA", "associate", "1963", None)}
    nato = {(m.state, m.status.value, str(m.start), str(m.end) if m.end else None)
            for m in facts.blocs["cow-igo-nato"].memberships}
    assert ("GBR", "member", "1950", "1950") in nato and ("GBR", "observer", "1955", None) in nato
    assert facts.blocs["cow-igo-nato"].kind == "alliance" and facts.blocs["cow-igo-upu"].kind == "igo"


def test_igo_missing_then_same_status_continues(tmp_path):
    rows = ["2,1990,usa,1,1", "2,1991,usa,-9,1", "2,1992,usa,-9,1", "2,1993,usa,1,1", "2,1994,usa,0,1"]
    facts = import_datasets([_igo_file(tmp_path, rows)]).facts
    assert [(str(m.start), str(m.end)) for m in facts.blocs["cow-igo-nato"].memberships] == [("1990", "1993")]


def test_igo_bad_code_names_the_column(tmp_path):
    f = _igo_file(tmp_path, ["2,1990,usa,1,1", "2,1991,usa,7,1"])
    with pytest.raises(DatasetError) as e:
        import_datasets([f])
    assert (e.value.line, e.value.column) == (3, "nato")


def test_dataset_directory_with_an_unknown_csv(tmp_path):
    shutil.copy(BY_MEMBER, tmp_path / "a.csv")
    (tmp_path / "notes.csv").write_text("x,y\n1,2\n")
    problems = check_sources([tmp_path]).problems
    assert [(Path(p.file).name, p.line) for p in problems] == [("notes.csv", 1)]
    assert problems[0].message.startswith("not a dataset file")
    with pytest.raises(UnknownFormatError):
        read_facts([tmp_path])


def test_a_file_that_is_not_utf8_names_its_first_bad_line(tmp_path):
    from alliancegraph.importers import import_datasets
    from alliancegraph.importers.base import DatasetError

    f = tmp_path / "states2016.csv"
    f.write_bytes(b"stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
                  b"USA,2,United States of America,1816,1,1,2016,12,31,2016\n"
                  b"CAN,20,Canad\xe1,1920,1,10,2016,12,31,2016\n")
    with pytest.raises(DatasetError) as e:
        import_datasets([f])
    assert str(e.value).startswith(f"{f}:3") and "not UTF-8" in str(e.value) and "0xe1" in str(e.value)


# ---------------------------------------------------------------------------- exact detection (issue 12)
def test_no_header_is_two_layouts_and_incident_files_are_refused(tmp_path):
    from alliancegraph.importers import sniff_format
    from alliancegraph.importers.detect import LAYOUTS, REFUSED, identify

    # every layout's own full header (its identifying and known columns) is that layout's alone
    for layout in LAYOUTS:
        header = set(layout.columns) | set(sorted(layout.any_of)[:1]) | set(layout.known or ())
        assert [x.name for x in LAYOUTS if x.matches(header)] == [layout.name]
    midip = ("dispnum,incidnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,insidea,sidea,fatality,"
             "fatalpre,action,hostlev,revtype1,revtype2,version").split(",")
    assert identify(midip) is REFUSED[1] and sniff_format(midip) is None
    f = tmp_path / "MIDIP 5.0.csv"
    f.write_text(",".join(midip) + "\n2,2001,UKG,200,-9,7,1902,24,1,1903,1,0,0,0,7,3,1,0,5\n")
    for skip in (False, True):
        with pytest.raises(UnknownFormatError, match="a MID incident file"):
            import_datasets([f], skip_bad_rows=skip)
    with pytest.raises(DatasetError, match="a MID incident file"):
        import_datasets([(f, "cow-midb")])
    # a participant header with one column too many is no layout's: it is refused, never read as MIDB
    assert sniff_format(["dispnum", "ccode", "sidea", "styear", "endyear", "insidea"]) is None


STATES_HEADER = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"


def test_state_list_spells_of_one_state_may_not_share_a_day(tmp_path):
    f = tmp_path / "states.csv"
    f.write_text(STATES_HEADER + "GMY,255,Germany,1816,1,1,1945,5,8,2016\n"
                 "GMY,255,Germany,1945,5,8,2016,12,31,2016\n"      # shares 8 May 1945
                 "GMY,255,Germany,1816,1,1,1945,5,8,2016\n")       # the first row again
    problems = check_sources([f]).problems
    assert [(p.line, "overlaps" in p.message, "repeats" in p.message) for p in problems] == [
        (3, True, False), (4, False, True)]
    f.write_text(STATES_HEADER + "GMY,255,Germany,1816,1,1,1945,5,8,2016\n"
                 "GMY,255,Germany,1990,10,3,2016,12,31,2016\n")
    assert len(import_datasets([f]).facts.states["DEU"].spells) == 2


def test_a_file_that_gives_nothing_usable_is_an_error(tmp_path):
    f = tmp_path / "states.csv"
    f.write_text(STATES_HEADER)
    with pytest.raises(DatasetError, match="a header and no rows"):
        read_facts([f])
    f.write_text(STATES_HEADER + "USA,x,US,1816,1,1,2016,12,31,2016\nCAN,20,Canada,19x0,1,10,2016,12,31,2016\n")
    with pytest.raises(DatasetError) as e:
        read_facts([f], skip_bad_rows=True)
    assert e.value.line == 2 and "all 2 row(s) are malformed" in str(e.value)
    # one good row is enough
    f.write_text(STATES_HEADER + "USA,x,US,1816,1,1,2016,12,31,2016\nCAN,20,Canada,1920,1,10,2016,12,31,2016\n")
    skipped: list = []
    assert set(read_facts([f], skip_bad_rows=True, skipped=skipped).states) == {"CAN"} and len(skipped) == 1
