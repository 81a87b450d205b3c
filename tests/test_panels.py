"""Dyad-year, state-year and system panels on the real datasets (docs/panels.md).

Every expected value below was read from the data files by hand (awk, or reading the rows), not from the
importers, as each comment says.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from alliancegraph.analysis.panels import (
    PanelError, check_years, dyad_years, peace_years, state_years, system_years, write_panel,
)
from alliancegraph.cli import main
from alliancegraph.graph import AllianceGraph
from alliancegraph.workspace import read_facts
from conftest import DATA, SEED


@pytest.fixture(scope="module")
def world() -> AllianceGraph:
    if not (DATA / "cow" / "states2016.csv").is_file() or not (DATA / "atop" / "atop4_01m.csv").is_file():
        pytest.fail(f"the real datasets are missing in {DATA}: set ALLIANCEGRAPH_SHARED_DATA")
    return AllianceGraph.from_facts(read_facts([SEED, DATA / "cow", DATA / "atop"]))


@pytest.fixture(scope="module")
def panel(world: AllianceGraph) -> pd.DataFrame:
    """The whole 1816-2014 panel without the network covariates (those are tested on a few years)."""
    return dyad_years(world, 1816, 2014, network=False)


def _row(df: pd.DataFrame, a: int, b: int, year: int) -> pd.Series:
    rows = df[(df.ccode1 == a) & (df.ccode2 == b) & (df.year == year)]
    assert len(rows) == 1, (a, b, year, len(rows))
    return rows.iloc[0]


# ---------------------------------------------------------------------------- the universe
# States of states2016.csv with a spell in the year (any time in it), counted by hand:
#   awk -F, -v y=YEAR 'NR>1 && $4<=y && $7>=y {print $2}' states2016.csv | sort -u | wc -l
# 1816: 23, 1900: 42, 1946: 66, 1980: 156, 2014: 195
COW_STATES = {1816: 23, 1900: 42, 1946: 66, 1980: 156, 2014: 195}


@pytest.mark.parametrize("year", sorted(COW_STATES))
def test_dyad_count_is_n_choose_2_of_the_cow_state_list(panel: pd.DataFrame, year: int) -> None:
    n = COW_STATES[year]
    assert (panel.year == year).sum() == n * (n - 1) // 2


def test_1990_has_one_germany_where_the_cow_list_has_two(panel: pd.DataFrame) -> None:
    # awk gives 165 for 1990: 260 (GFR, to 1990-10-02) and 255 (GMY, from 1990-10-03) both count; the
    # project has one Germany (DEU), coded 255 in 1990, so one state fewer
    assert (panel.year == 1990).sum() == 164 * 163 // 2
    codes = set(panel.loc[panel.year == 1990, "ccode1"]) | set(panel.loc[panel.year == 1990, "ccode2"])
    assert 255 in codes and 260 not in codes
    y1980 = set(panel.loc[panel.year == 1980, "ccode1"]) | set(panel.loc[panel.year == 1980, "ccode2"])
    assert 260 in y1980 and 255 not in y1980   # the Federal Republic as COW codes it, GFR
    assert (panel.ccode1 < panel.ccode2).all()


def test_directed_dyads_exist_in_both_directions_with_the_same_values(world: AllianceGraph) -> None:
    d = dyad_years(world, 1902, 1903, directed=True, network=False)
    u = dyad_years(world, 1902, 1903, network=False)
    assert len(d) == 2 * len(u)
    there, back = _row(d, 2, 200, 1902), _row(d, 200, 2, 1902)
    assert (there.mid_onset, back.mid_onset) == (1, 1)
    # the sides are those of the dyad's highest-level dispute of the year, MID 254 (MIDA hostlev 4; MIDB:
    # UKG side A 1, USA side A 0, with Venezuela), not MID 2 (hostlev 3, USA on side A), and follow the
    # direction
    assert there.mid_dispnum == 254 and there.mid_hostlev == 4
    assert (there.mid_sidea1, there.mid_sidea2, back.mid_sidea1, back.mid_sidea2) == (0, 1, 1, 0)
    assert (there.abb1, back.abb1) == ("USA", "UKG")


# ---------------------------------------------------------------------------- alliances
def test_usa_gbr_1980_defense_from_nato(panel: pd.DataFrame) -> None:
    r = _row(panel, 2, 200, 1980)
    assert (r.abb1, r.abb2) == ("USA", "UKG")
    assert r.defense == 1 and r.offense == 0
    # NATO (the seed's bloc) and ATOP 3740 (a consultation and non-aggression pact: the Helsinki Final Act)
    assert "nato" in r.treaties.split(";") and len(r.treaties.split(";")) >= 2
    assert r.consultation == 1 and r.nonaggression == 1
    assert 0.9 <= r.alliance_strength < 1


def test_a_dyad_with_no_alliance_has_zeros_and_no_treaties(panel: pd.DataFrame) -> None:
    r = _row(panel, 2, 365, 1980)       # USA - Soviet Union: Helsinki only (consultation, non-aggression)
    assert r.defense == 0
    r = _row(panel, 2, 40, 1980)        # USA - Cuba: nothing
    assert (r.defense, r.consultation, r.alliance_strength) == (0, 0, 0.0) and pd.isna(r.treaties)


# ---------------------------------------------------------------------------- conflict
def test_mid_2_onset_once_and_ongoing_in_both_years(panel: pd.DataFrame) -> None:
    # MIDB 5.0 rows of dispute 2: UKG (200) side A 0, 1902-07 .. 1903-01-24; USA (2) side A 1, same dates
    # (MIDA: hostlev 3, fatality 0). MID 254 (MIDB: both 1902-12 .. 1903-02-19, MIDA hostlev 4, fatality -9)
    # and MID 3301 (1903-10, hostlev 2) also set them against each other; no other MID in 1901-1904 does.
    a, b = _row(panel, 2, 200, 1902), _row(panel, 2, 200, 1903)
    assert (a.mid_onset, a.mid_ongoing, b.mid_onset, b.mid_ongoing) == (1, 1, 1, 1)  # 3301 begins in 1903
    assert [int(_row(panel, 2, 200, y).mid_ongoing) for y in (1901, 1904)] == [0, 0]
    assert a.mid_hostlev == 4 and a.mid_fatality == 0     # the highest level; the fatality known (MID 2)
    # one onset for a dispute that spans two years: a dyad in MID 2 and 254 alone has none in 1903
    c = _row(panel, 200, 255, 1903)                       # UKG - Germany: 254 only, on the same side A
    assert c.mid_ongoing == 0
    d = _row(panel, 101, 200, 1903)                       # Venezuela - UKG: 254, from 1902
    assert (int(_row(panel, 101, 200, 1902).mid_onset), d.mid_onset, d.mid_ongoing) == (1, 0, 1)


def test_mid_past_the_end_of_coverage_is_missing_not_zero(world: AllianceGraph) -> None:
    df = dyad_years(world, 2014, 2015, network=False)
    y15 = df[df.year == 2015]
    assert y15.mid_onset.isna().all() and y15.mid_peace_years.isna().all()
    assert df[df.year == 2014].mid_onset.notna().all()
    # no GML or war table given: missing everywhere
    assert df.gml_onset.isna().all() and df.war_onset.isna().all()


def test_peace_years_of_usa_canada(panel: pd.DataFrame) -> None:
    # MIDB 5.0: the USA (2) and Canada (20, in the system from 1920-01-10) on opposite sides in disputes
    # 2968 (1979), 3900 (1989), 3972 (1991) and 4183 (1997), and no other. peacesciencer's count (sbtscs on
    # the dyad's years with a dispute under way): 0 in the dyad's first year, 0 after a dispute year,
    # else one more than the year before.
    expected = {1920: 0, 1921: 1, 1979: 59, 1980: 0, 1988: 8, 1989: 9, 1990: 0, 1991: 1, 1992: 0, 1997: 5,
                1998: 0, 2014: 16}
    got = {y: int(_row(panel, 2, 20, y).mid_peace_years) for y in expected}
    assert got == expected
    assert [int(_row(panel, 2, 20, y).mid_onset) for y in (1978, 1979, 1980)] == [0, 1, 0]


def test_peace_years_follows_sbtscs() -> None:
    events = [(1, 0), (2, 0), (3, 1), (4, 0), (5, 0), (6, 1), (7, 1), (8, 0)]
    assert peace_years(events) == [0, 1, 2, 0, 1, 2, 0, 0]


# ---------------------------------------------------------------------------- dtypes
def test_columns_have_stable_dtypes(panel: pd.DataFrame) -> None:
    assert not [c for c in panel.columns if panel[c].dtype == object]
    assert panel.year.dtype == np.int64 and panel.ccode1.dtype == np.int64
    assert str(panel.defense.dtype) == "int8" and panel.alliance_strength.dtype == np.float64
    assert str(panel.mid_onset.dtype) == "Int8" and str(panel.mid_peace_years.dtype) == "Int16"
    assert str(panel.treaties.dtype) == "string" and str(panel.abb1.dtype) == "category"


# ---------------------------------------------------------------------------- network covariates
def test_network_columns_of_1980(world: AllianceGraph) -> None:
    df = dyad_years(world, 1980, 1980)
    r = _row(df, 2, 200, 1980)
    assert r.path_strength == pytest.approx(r.alliance_strength) and r.path_hops == 1
    us_ussr = _row(df, 2, 365, 1980)
    assert us_ussr.same_bloc == 0
    pl_ussr = _row(df, 290, 365, 1980)    # Poland - Soviet Union: the Warsaw Pact
    assert pl_ussr.same_cluster == 1 and pl_ussr.same_bloc == 1 and pl_ussr.cluster1 == pl_ussr.cluster2
    assert str(df.cluster1.dtype) == "category" and str(df.path_hops.dtype) == "Int16"


def test_state_and_system_years(world: AllianceGraph) -> None:
    sy = state_years(world, 1980, 1980)
    assert len(sy) == 156
    usa = sy[sy.ccode == 2].iloc[0]
    assert usa.degree > 10 and usa.betweenness > 0
    s = system_years(world, 1980, 1981)
    # awk (as above) gives 156 states for 1980 and 159 for 1981 (Antigua and Barbuda, Belize, Vanuatu)
    assert list(s.states) == [156, 159] and list(s.dyads) == [156 * 155 // 2, 159 * 158 // 2]
    assert (s.allied_density > 0).all() and (s.clusters >= 2).all()


# ---------------------------------------------------------------------------- input and output
def test_bad_years_give_one_line_errors() -> None:
    with pytest.raises(PanelError, match="--to 1980 is before --from 1990"):
        check_years(1990, 1980)
    with pytest.raises(PanelError, match="unknown year 1700"):
        check_years(1700, 1800)


def test_cli_dyadyears_writes_csv_and_parquet(tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("p.csv", "p.parquet"):
        out = tmp_path / name
        r = runner.invoke(main, ["dyadyears", "--from", "1980", "--to", "1980", "-o", str(out)])
        assert r.exit_code == 0, r.output
        df = pd.read_csv(out) if name.endswith(".csv") else pd.read_parquet(out)
        # the seed's 90 states in the system in 1980 (the 60 of before and the 30 of the 2026-12 audit, every
        # one in the system by 1980: Cabo Verde, the last, from 1975-07-05)
        assert len(df) == 90 * 89 // 2 and {"ccode1", "ccode2", "abb1", "abb2", "year"} <= set(df.columns)


def test_cli_bad_input_is_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "notes.txt").write_text("mine")
    cases = [
        (["dyadyears", "--from", "1990", "--to", "1980", "-o", str(tmp_path / "x.csv")],
         "Error: --to 1980 is before --from 1990"),
        (["dyadyears", "--from", "1700", "--to", "1980", "-o", str(tmp_path / "x.csv")],
         "Error: unknown year 1700 (--from): panels cover 1816-"),
        (["dyadyears", "--from", "1980", "--to", "1980", "-o", str(tmp_path / "notes.txt" / "x.csv")],
         f"Error: {tmp_path / 'notes.txt' / 'x.csv'}: {tmp_path / 'notes.txt'} is not a directory"),
        (["stateyears", "--from", "1980", "--to", "1980", "-o", str(tmp_path / "x.txt")],
         f"Error: {tmp_path / 'x.txt'}: the output must end in .csv or .parquet"),
        (["system", "--from", "2000", "--to", "1999"], "Error: --to 1999 is before --from 2000"),
    ]
    for args, message in cases:
        r = runner.invoke(main, args)
        assert r.exit_code == 1, (args, r.output)
        assert r.output.strip().startswith(message) and len(r.output.strip().splitlines()) == 1, r.output


def test_write_panel_keeps_missing_values(tmp_path: Path, world: AllianceGraph) -> None:
    df = dyad_years(world, 2015, 2015, network=False)
    write_panel(df, tmp_path / "p.parquet")
    back = pd.read_parquet(tmp_path / "p.parquet")
    assert back.mid_onset.isna().all() and str(back.mid_onset.dtype) == "Int8"


def test_war_onset_once_per_dyad_per_war():
    from alliancegraph.importers.iwd import war_years
    from alliancegraph.analysis.panels import war_dyad_years

    d = war_dyad_years(war_years(DATA / "wars" / "interstate-war-rev.csv"))
    u = d[d.ccode1 < d.ccode2]
    usa_prk = u[(u.ccode1 == 2) & (u.ccode2 == 731)].groupby("year").war_onset.max()
    # the Korean War (larger war 56 in the file: awk -F, '$3==56' shows its components 1950-1953): the
    # United States and North Korea fight from 1950; the joiners' component wars of 1951 that list the US as
    # an ally are no second onset
    assert usa_prk.to_dict() == {1950: 1, 1951: 0, 1952: 0, 1953: 0}
    # one onset per dyad per whole war: 1946-2003 has 124 dyad-war onsets in the file (counted by
    # larger_war_id: the first year each pair of opposite-side states appears in it)
    w = war_years(DATA / "wars" / "interstate-war-rev.csv")
    w = w[(w.year >= 1946) & (w.year <= 2003)]
    pairs = set()
    for war, g in w.groupby("larger_war_id"):
        a, b = g[g.side.astype(str) == "A"], g[g.side.astype(str) == "B"]
        m = a.merge(b, on=["war_id", "year"])
        pairs |= {(war, min(x, y), max(x, y)) for x, y in zip(m.ccode_x, m.ccode_y)}
    on = u[(u.war_onset == 1) & (u.year >= 1946) & (u.year <= 2003)].drop_duplicates(["ccode1", "ccode2", "year"])
    assert len(on) == len(pairs) == 124
