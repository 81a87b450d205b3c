"""The GML MID and inter-state war importers, on the real files in ../shared/data (override with
ALLIANCEGRAPH_SHARED_DATA), and their bad-row errors on small files written here.

Every expected value is read from the files themselves; the comment next to it says how (shell commands run
in ../shared/data). The data are never copied into the repository.
"""

from __future__ import annotations


import pandas as pd
import pytest

from alliancegraph.dates import PartialDate
from alliancegraph.importers import (
    FORMATS, DatasetError, detect_format, gml_dyad_years, import_datasets, sniff_format, war_years,
)
from alliancegraph.importers.base import Table
from alliancegraph.model import ConflictKind, Side
from conftest import DATA

GML = DATA / "gml" / "gml-ddy-disputes-2.03.csv"
WARS = DATA / "wars" / "interstate-war-rev.csv"
MIDA = DATA / "cow" / "MIDA 5.0.csv"
MIDB = DATA / "cow" / "MIDB 5.0.csv"


@pytest.fixture(scope="module", autouse=True)
def shared_data():
    missing = [p for p in (GML, WARS, MIDA, MIDB) if not p.is_file()]
    if missing:
        pytest.fail(f"the real datasets are missing ({', '.join(map(str, missing))}): put them in {DATA} "
                    f"or set ALLIANCEGRAPH_SHARED_DATA")


@pytest.fixture(scope="module")
def gml():
    return import_datasets([GML]).facts


@pytest.fixture(scope="module")
def wars():
    return import_datasets([WARS]).facts


@pytest.fixture(scope="module")
def gml_rows():
    return gml_dyad_years(GML)


@pytest.fixture(scope="module")
def war_rows():
    return war_years(WARS)


# ---------------------------------------------------------------------------- detection
def test_each_real_file_matches_exactly_one_format():
    for path in sorted(DATA.glob("*/*.csv")):
        table = Table(path)
        table.close()
        matching = [f.name for f in FORMATS.values() if f.matches(set(table.header))]
        assert len(matching) == 1, (path.name, matching)
        assert detect_format(path).name == matching[0]
    assert detect_format(GML).name == "gml-mid" and detect_format(WARS).name == "iwd"


def test_detection_needs_the_whole_identifying_header():
    gml = ["dispnum", "ccode1", "ccode2", "year", "sidea1", "sidea2", "midonset", "midongoing", "hostlev"]
    assert sniff_format(gml).name == "gml-mid"
    assert sniff_format([c for c in gml if c != "midonset"]) is None
    war = ["larger_war_id", "init_war_id", "year", "init_ccode", "target_ccode", "month_entry", "day_entry",
           "month_exit", "day_exit", "joiner"]
    assert sniff_format(war).name == "iwd"
    assert sniff_format([c for c in war if c != "joiner"]) is None


def test_formats_can_be_named(tmp_path):
    renamed = tmp_path / "disputes.csv"
    renamed.write_text("dispnum,ccode1,ccode2,year,sidea1,sidea2,orig1,orig2,midongoing,midonset,hostlev\n"
                       "2,2,200,1902,1,0,1,1,1,1,3\n2,200,2,1902,0,1,1,1,1,1,3\n")
    facts = import_datasets([(renamed, "gml-mid")]).facts
    assert list(facts.conflicts) == ["gml-mid-2"]


# ---------------------------------------------------------------------------- GML
def test_gml_counts(gml, gml_rows):
    # awk 'NR>1' gml/gml-ddy-disputes-2.03.csv | wc -l                              -> 10386 rows
    # cut -d, -f1 gml/gml-ddy-disputes-2.03.csv | tail -n +2 | sort -u | wc -l      -> 2214 disputes
    assert len(gml_rows) == 10386 and len(gml.conflicts) == 2214
    # awk -F, 'NR>1 && $24==1' gml/gml-ddy-disputes-2.03.csv | wc -l                -> 6768 onset rows
    assert int(gml_rows["midonset"].sum()) == 6768 and set(gml_rows["midongoing"]) == {1}
    # awk -F, 'NR>1 {gsub(/"/,"",$26); print $1","$26}' gml/gml-ddy-disputes-2.03.csv | sort -u \
    #   | awk -F, '$2==5' | wc -l                                                   -> 112 disputes at level 5
    assert sum(1 for c in gml.conflicts.values() if c.kind == ConflictKind.WAR) == 112
    # awk -F, 'NR>1 && $31==-9' gml/gml-ddy-disputes-2.03.csv | wc -l               -> 610 rows, fatality -9
    assert int(gml_rows["fatality"].isna().sum()) == 610


def test_gml_dyad_year_columns_and_dtypes(gml_rows):
    assert list(gml_rows.columns) == ["ccode1", "ccode2", "year", "dispnum", "midonset", "midongoing", "sidea1",
                                      "sidea2", "orig1", "orig2", "hostlev", "hostlev1", "hostlev2", "fatality",
                                      "fatality1", "fatality2", "line"]
    assert {str(t) for t in gml_rows.dtypes} <= {"int64", "int8", "Int8"}
    assert not any(t == object for t in gml_rows.dtypes)


def test_gml_dispute_2_onset_and_ongoing_rows(gml_rows):
    # awk -F, '$1==2 {print NR": "$2,$3,$4,$5,$6,$21,$22,$23,$24,$26,$31}' gml/gml-ddy-disputes-2.03.csv
    #   2: 2 200 1902 1 0 1 1 1 1 "3" 0      (ccode1 ccode2 year sidea1 sidea2 orig1 orig2 midongoing
    #   3: 2 200 1903 1 0 1 1 1 0 "3" 0       midonset hostlev fatality)
    #   4: 200 2 1902 0 1 1 1 1 1 "3" 0
    #   5: 200 2 1903 0 1 1 1 1 0 "3" 0
    d = gml_rows[gml_rows["dispnum"] == 2]
    cols = ["ccode1", "ccode2", "year", "sidea1", "sidea2", "orig1", "orig2", "midongoing", "midonset", "hostlev",
            "fatality", "line"]
    assert d[cols].values.tolist() == [[2, 200, 1902, 1, 0, 1, 1, 1, 1, 3, 0, 2],
                                       [2, 200, 1903, 1, 0, 1, 1, 1, 0, 3, 0, 3],
                                       [200, 2, 1902, 0, 1, 1, 1, 1, 1, 3, 0, 4],
                                       [200, 2, 1903, 0, 1, 1, 1, 1, 0, 3, 0, 5]]


def test_gml_dispute_2_conflict(gml):
    # the same rows: stmon 7, endmon 1 ($33, $34), outcome 6 ($29), settle 1 ($30)
    c = gml.conflicts["gml-mid-2"]
    assert (c.start, c.end) == (PartialDate(1902, 7), PartialDate(1903, 1))
    assert c.hostility_level == 3 and c.kind == ConflictKind.MILITARIZED_DISPUTE
    assert c.fatality_level == 0 and c.outcome == "compromise"
    assert [(p.state, p.side, p.start, p.end) for p in c.participants] == [
        ("USA", Side.A, PartialDate(1902), PartialDate(1903)), ("GBR", Side.B, PartialDate(1902), PartialDate(1903))]
    assert c.codes == ("cow-mid:2", "gml-mid:2")
    assert (c.origin.line, c.origin.dataset, c.origin.version) == (2, "gml-mid", "2.03")
    assert c.sources == ("gml-mid-2.03",)


def test_gml_state_that_changed_sides_has_a_spell_on_each(gml):
    # awk -F, '$1==258 && $2==220 {print $4,$5}' gml/gml-ddy-disputes-2.03.csv | sort -u
    #   1939 1 / 1940 0 / 1940 1 / 1941 0 / 1944 1 / 1945 1           (France: year, sidea1)
    c = gml.conflicts["gml-mid-258"]
    assert [(p.side, str(p.start), str(p.end)) for p in c.participants if p.state == "FRA"] == [
        (Side.A, "1939", "1940"), (Side.B, "1940", "1941"), (Side.A, "1944", "1945")]


def test_gml_end_month_that_is_no_month_is_unknown(gml):
    # awk -F, '$34==19 {print $1,$4}' gml/gml-ddy-disputes-2.03.csv | sort -u       -> 3514 1941
    c = gml.conflicts["gml-mid-3514"]
    assert c.end == PartialDate(1941) and "endmon 19" in c.note


def test_gml_links_to_the_cow_mid_of_the_same_number():
    facts = import_datasets([MIDA, MIDB, GML]).facts
    # 2214 GML disputes, 9 of them not in MID 5.0:
    # comm -23 <(cut -d, -f1 gml/gml-ddy-disputes-2.03.csv | tail -n +2 | sort -u) \
    #          <(cut -d, -f1 "cow/MIDA 5.0.csv" | tail -n +2 | sort -u)    -> 1789 2030 2095 266 2683 3542 3647 3702 3877
    linked = {c.id for c in facts.conflicts.values() if c.same_as}
    assert len(linked) == 2214 - 9 and all(i.startswith("gml-mid-") for i in linked)
    assert facts.conflicts["gml-mid-2"].same_as == "cow-mid-2"
    assert facts.conflicts["gml-mid-266"].same_as is None


# ---------------------------------------------------------------------------- wars
def test_war_counts(wars, war_rows):
    # awk 'NR>1' wars/interstate-war-rev.csv | wc -l                                -> 586 war-years
    # cut -d, -f4 wars/interstate-war-rev.csv | tail -n +2 | sort -u | wc -l        -> 250 component wars
    # cut -d, -f3 wars/interstate-war-rev.csv | tail -n +2 | sort -u | wc -l        -> 88 larger wars
    assert len(wars.conflicts) == 250
    assert len({c for f in wars.conflicts.values() for c in f.codes if c.startswith("iwd-larger:")}) == 88
    assert all(c.kind == ConflictKind.WAR and c.hostility_level == 5 for c in wars.conflicts.values())
    assert war_rows["war_id"].nunique() == 250


def test_franco_spanish_war_of_1823(wars):
    # sed -n 2p wars/interstate-war-rev.csv: 1,Franco-Spanish1823,1,1,Franco-Spanish1823,1,1823,France,220,
    #   Spain,230,4,7,11,13,NA,NA,NA,NA,0,NA...                    (no allies, no adversaries)
    c = wars.conflicts["iwd-war-1"]
    assert (c.start, c.end) == (PartialDate(1823, 4, 7), PartialDate(1823, 11, 13))
    assert [(p.state, p.side, p.start, p.end) for p in c.participants] == [
        ("FRA", Side.A, PartialDate(1823, 4, 7), PartialDate(1823, 11, 13)),
        ("ESP", Side.B, PartialDate(1823, 4, 7), PartialDate(1823, 11, 13))]
    assert c.codes == ("iwd-larger:1", "iwd:1") and (c.origin.line, c.origin.version) == (2, "1")


def test_korean_war_participants(wars):
    # awk -F, 'NR>1 && $3==56 {print $9; print $11}' wars/interstate-war-rev.csv | sort -n -u
    #   -> 2 20 100 200 210 211 220 350 365 530 640 710 731 732 800 840 900 (17 states, 16 component wars)
    korea = [c for c in wars.conflicts.values() if "iwd-larger:56" in c.codes]
    assert len(korea) == 16
    states = {p.state for c in korea for p in c.participants}
    assert states == {"USA", "CAN", "COL", "GBR", "NLD", "BEL", "FRA", "GRC", "RUS", "ETH", "TUR", "CHN", "PRK",
                      "KOR", "THA", "PHL", "AUS"}
    # awk -F, '$4==177' ...: North Korea (731) attacks the Republic of Korea (732) on 6/24/1950, exits 7/27/1953,
    # joiner 0; allies China 710 and Russia 365; adversaries US, Canada, UK, Philippines, Australia, Turkey
    # in 1950, and Netherlands, France, Greece, Thailand, Ethiopia, Colombia, Belgium from 1951
    c = wars.conflicts["iwd-war-177"]
    sides = {(p.state, p.side) for p in c.participants}
    assert {s for s, side in sides if side == Side.A} == {"PRK", "CHN", "RUS"}
    assert {s for s, side in sides if side == Side.B} == {"KOR", "USA", "CAN", "GBR", "PHL", "AUS", "TUR", "NLD",
                                                          "FRA", "GRC", "THA", "ETH", "COL", "BEL"}
    prk = next(p for p in c.participants if p.state == "PRK")
    assert (prk.start, prk.end) == (PartialDate(1950, 6, 24), PartialDate(1953, 7, 27))
    nld = next(p for p in c.participants if p.state == "NLD")       # listed from 1951: year precision
    assert (nld.start, nld.end) == (PartialDate(1951), PartialDate(1953))
    assert "joined" not in c.note
    # awk -F, '$4==165' ...: the United States enters on 6/27/1950 (joiner 1) and exits on 7/27/1953
    us = wars.conflicts["iwd-war-165"]
    assert us.participants[0].state == "USA" and us.participants[0].side == Side.A
    assert (us.start, us.end) == (PartialDate(1950, 6, 27), PartialDate(1953, 7, 27)) and "joined" in us.note


def test_war_second_spell_in_a_year(wars):
    # sed -n 46p wars/interstate-war-rev.csv: SecondSchleswig-Holstein_Germany_1864 (init_war_id 24), 1864,
    #   Germany 255 v. Denmark 390, entry 2/1 exit 4/25, entry02 6/25 exit02 7/20
    c = wars.conflicts["iwd-war-24"]
    assert [(p.state, p.start, p.end) for p in c.participants if p.state == "DEU"] == [
        ("DEU", PartialDate(1864, 2, 1), PartialDate(1864, 4, 25)),
        ("DEU", PartialDate(1864, 6, 25), PartialDate(1864, 7, 20))]


def test_war_entry_after_exit_is_read_as_the_year(wars):
    # sed -n 74,75p wars/interstate-war-rev.csv: FrancoPrussian_France (40): 1870 7/19-12/31; 1871 12/31-2/26
    c = wars.conflicts["iwd-war-40"]
    fra = [p for p in c.participants if p.state == "FRA"]
    assert [(p.start, p.end) for p in fra] == [(PartialDate(1870, 7, 19), PartialDate(1871, 2, 26))]
    assert "line 75" in c.note


def test_war_years(war_rows):
    assert list(war_rows.columns) == ["war_id", "larger_war_id", "ccode", "side", "role", "year", "war_onset",
                                      "entry", "line"]
    assert str(war_rows["side"].dtype) == "category" and not any(t == object for t in war_rows.dtypes)
    us = war_rows[(war_rows["war_id"] == 165) & (war_rows["ccode"] == 2)]
    assert us[["side", "role", "year", "war_onset", "entry"]].values.tolist() == [
        ["A", "initiator", 1950, 1, 1], ["A", "initiator", 1951, 0, 0], ["A", "initiator", 1952, 0, 0],
        ["A", "initiator", 1953, 0, 0]]
    # Colombia (100) is the United States' ally in 165 from 1951 (awk -F, '$4==165 && $7==1951' ...)
    col = war_rows[(war_rows["war_id"] == 165) & (war_rows["ccode"] == 100)]
    assert col[["role", "year", "war_onset", "entry"]].values.tolist()[0] == ["ally", 1951, 0, 1]
    # one row per war, side, state and year
    assert not war_rows.duplicated(["war_id", "side", "ccode", "year"]).any()


# ---------------------------------------------------------------------------- bad rows
GML_HEADER = "dispnum,ccode1,ccode2,year,sidea1,sidea2,orig1,orig2,midongoing,midonset,hostlev,fatality\n"
WAR_HEADER = ("version,larger_war_name,larger_war_id,init_war_id,init_war_name,annual_outcome,year,init_name,"
              "init_ccode,target_name,target_ccode,month_entry,day_entry,month_exit,day_exit,joiner,ally1name,"
              "ally1ccode\n")
WAR_ROW = "1,W,1,1,W,1,1823,France,220,Spain,230,4,7,11,13,0,NA,NA\n"


@pytest.mark.parametrize("row, line, column, message", [
    ("2,2,200,1902,x,0,1,1,1,1,3,0", 3, "sidea1", "'x' is not a whole number"),
    ("2,2,200,1902,1,0,1,1,1,1,7,0", 3, "hostlev", "7 is not one of"),
    ("2,2,200,1902,1,1,1,1,1,1,3,0", 3, "sidea2", "both states on side A"),
    ("2,2,2,1902,1,0,1,1,1,1,3,0", 3, "ccode2", "the dyad is one state"),
    ("2,2,200,1902,1,0,1,1,1,1,3", 3, None, "the row has 11 fields, the header 12"),
])
def test_gml_bad_rows(tmp_path, row, line, column, message):
    f = tmp_path / "gml.csv"
    f.write_text(GML_HEADER + "2,200,2,1902,0,1,1,1,1,1,3,0\n" + row + "\n")
    for read in (lambda: import_datasets([f]), lambda: gml_dyad_years(f)):
        with pytest.raises(DatasetError) as e:
            read()
        assert (e.value.file, e.value.line, e.value.column) == (str(f), line, column)
        assert message in e.value.message


@pytest.mark.parametrize("row, column, message", [
    ("1,W,1,1,W,1,1824,France,abc,Spain,230,4,7,11,13,0,NA,NA", "init_ccode", "'abc' is not a whole number"),
    ("1,W,1,1,W,1,1824,France,220,Spain,230,13,7,11,13,0,NA,NA", "month_entry", "impossible date"),
    ("1,W,1,1,W,1,1824,France,220,Spain,230,4,7,11,13,2,NA,NA", "joiner", "2 is not one of"),
    ("1,W,1,1,W,1,1824,France,220,France,220,4,7,11,13,0,NA,NA", "target_ccode", "its own target"),
    ("1,W,1,1,W,1,1824,France,220,Spain,231,4,7,11,13,0,NA,NA", "target_ccode", "but not at line 2"),
    ("1,W,1,1,W,1,1823,France,220,Spain,230,4,7,11,13,0,NA,NA", "year", "year 1823 again"),
    ("1,W,1,1,W,1,1824,France,220,Spain,230,4,7,11,13,0,Russia,x", "ally1ccode", "'x' is not a whole number"),
])
def test_war_bad_rows(tmp_path, row, column, message):
    f = tmp_path / "wars.csv"
    f.write_text(WAR_HEADER + WAR_ROW + row + "\n")
    for read in (lambda: import_datasets([f]), lambda: war_years(f)):
        with pytest.raises(DatasetError) as e:
            read()
        assert (e.value.file, e.value.line, e.value.column) == (str(f), 3, column)
        assert message in e.value.message


def test_bad_rows_can_be_skipped(tmp_path):
    f = tmp_path / "wars.csv"
    f.write_text(WAR_HEADER + WAR_ROW + "1,W,1,2,V,1,1824,France,abc,Spain,230,4,7,11,13,0,NA,NA\n")
    result = import_datasets([f], skip_bad_rows=True)
    assert list(result.facts.conflicts) == ["iwd-war-1"]
    assert [(p.line, p.message) for p in result.skipped] == [(3, "column 'init_ccode': 'abc' is not a whole number")]
    assert len(war_years(f, skip_bad_rows=True)) == 2
    g = tmp_path / "gml.csv"
    g.write_text(GML_HEADER + "2,2,200,1902,1,0,1,1,1,1,3,0\n2,200,2,1902,0,1,1,1,1,1,x,0\n")
    df = gml_dyad_years(g, skip_bad_rows=True)
    assert df["line"].tolist() == [2] and isinstance(df, pd.DataFrame)
