"""States named as they were on the date: the dated names of ``alliancegraph.importers.codes.NAME_HISTORY``,
stored on each State as ``name_history`` and read by ``AllianceGraph.state_name(state_id, day)``.

Each expected name comes from the dates of the renaming (given with their sources next to each entry of
``NAME_HISTORY``, and repeated in the comments here) and from the present-day names in
``src/alliancegraph/seed/states.yaml`` or in ``states2016.csv`` (column ``statenme``); the real COW list is
read from ../shared/data (override with ALLIANCEGRAPH_SHARED_DATA), never copied into the repository.
"""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import json

import networkx as nx
import pytest

from alliancegraph import Snapshot, open_graph
from alliancegraph.analysis import alliance_clusters, influence_paths
from alliancegraph.analysis.centrality import brokerage
from alliancegraph.analysis.signed import signed_graph
from alliancegraph.dates import PartialDate
from alliancegraph.graph import AllianceGraph
from alliancegraph.importers import codes, import_datasets
from alliancegraph.schema import NODE_LABELS
from alliancegraph.neo4j_rows import write_neo4j_csv
from alliancegraph.views.exports import snapshot_graph
from alliancegraph.views.html import build_view
from conftest import DATA

D = dt.date
STATES = DATA / "cow" / "states2016.csv"


@pytest.fixture(scope="module")
def seed():
    return open_graph()


@pytest.fixture(scope="module")
def cow():
    if not STATES.is_file():
        pytest.fail(f"the COW state list is missing ({STATES}): put the real datasets in {DATA} "
                    f"or set ALLIANCEGRAPH_SHARED_DATA")
    return AllianceGraph.from_facts(import_datasets([STATES]).facts)


# ---------------------------------------------------------------------------- the table
def test_the_table_is_well_formed():
    known = set(codes.known_ccodes())
    for ccode, entries in codes.NAME_HISTORY.items():
        assert ccode in known, ccode
        spans = []
        for name, a, b in entries:
            assert name.strip() == name and name and "@" not in name and ";" not in name, name
            for d in (a, b):
                assert d == ".." or PartialDate.parse(d).precision == "day", (ccode, d)
            first = D.min if a == ".." else D.fromisoformat(a)
            last = D.max if b == ".." else D.fromisoformat(b)
            assert first <= last, (ccode, name)
            spans.append((first, last))
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert end < start, f"names of {ccode} overlap"


def test_docstring_examples_run():
    import alliancegraph.graph

    for obj, module in ((codes.historical_names, codes), (AllianceGraph.state_name, alliancegraph.graph)):
        finder = doctest.DocTestFinder()
        runner = doctest.DocTestRunner()
        for t in finder.find(obj, obj.__qualname__, globs=dict(vars(module))):
            runner.run(t)
        assert runner.failures == 0 and runner.tries > 0, obj


def test_gfr_has_the_names_of_germany():
    # COW 260 (German Federal Republic) gets the id DEU in the crosswalk (OWN_TABLE), so its names are 255's
    assert codes.historical_names(260) == codes.historical_names(255) == (
        ("Prussia", "..", "1871-01-17"), ("West Germany", "1949-05-23", "1990-10-02"))
    # historical names are the weakest crosswalk keys: Zaire is 490 (DRC), Burma 775 (Myanmar)
    assert codes.ccode_of("Zaire") == 490 and codes.ccode_of("Burma") == 775


# ---------------------------------------------------------------------------- the seed
def test_seed_names_as_of(seed):
    # USSR: 1922-12-30 (Treaty on the Creation of the USSR) .. 1991-12-25; "Russia" is RUS's name in
    # src/alliancegraph/seed/states.yaml
    assert seed.state_name("RUS", D(1962, 10, 1)) == "Soviet Union"
    assert seed.state_name("RUS", D(1980, 6, 30)) == "Soviet Union"
    assert seed.state_name("RUS", D(1991, 12, 25)) == "Soviet Union"   # last day of the name
    assert seed.state_name("RUS", D(1991, 12, 26)) == "Russia"
    assert seed.state_name("RUS", D(1995, 1, 1)) == "Russia"
    assert seed.state_name("RUS", D(1920, 1, 1)) == "Russia"           # before the USSR
    # West Germany: Basic Law 1949-05-23 .. the day before unification (1990-10-03); seed name "Germany"
    assert seed.state_name("DEU", D(1980, 6, 30)) == "West Germany"
    assert seed.state_name("DEU", D(1990, 10, 2)) == "West Germany"
    assert seed.state_name("DEU", D(1990, 10, 3)) == "Germany"
    assert seed.state_name("DEU", D(2000, 1, 1)) == "Germany"
    # Siam: until 1939-06-23 and again 1945-09-08 .. 1949-05-10; Thailand in between and after
    assert [seed.state_name("THA", D(y, 1, 1)) for y in (1930, 1942, 1947, 1950)] == ["Siam", "Thailand", "Siam", "Thailand"]
    # without a day: the present-day name, as before
    assert seed.state_name("RUS") == "Russia" and seed.state_name("DEU") == "Germany"


def test_seed_allied_snapshot_names(seed):
    day = D(1980, 6, 30)
    g = seed.allied(day)
    # on 1980-06-30 (dates from NAME_HISTORY): Soviet Union (1922-1991), West Germany (1949-1990), Burma
    # (until 1989-06-17), Kampuchea (1976-01-05 .. 1989-04-29), Upper Volta (until 1984-08-03), Yugoslavia
    # (1918-12-01 .. 2003-02-03); EGY (UAR ended 1971), VNM (North Vietnam ended 1976), IRN (Persia until
    # 1935), THA (Siam until 1949), TUR (Ottoman Empire until 1923), BEN (Dahomey until 1975-11-29) and LKA
    # (Ceylon until 1972-05-21) have their present-day names; every other seed state has no dated name.
    renamed = {"RUS": "Soviet Union", "DEU": "West Germany", "MMR": "Burma", "KHM": "Kampuchea",
               "BFA": "Upper Volta", "SRB": "Yugoslavia"}
    assert {n: d["name"] for n, d in g.nodes(data=True) if d["name"] != seed.state(n)["name"]} == renamed
    assert seed.hostile(day).nodes["RUS"]["name"] == "Soviet Union"


def test_period_snapshot_is_named_at_its_end(seed):
    # 1991 as a period ends on 1991-12-31, after the USSR (until 1991-12-25): Russia; on 1991-01-01 alone: USSR
    assert seed.allied(Snapshot(D(1991, 1, 1), until=D(1991, 12, 31))).nodes["RUS"]["name"] == "Russia"
    assert seed.allied(D(1991, 1, 1)).nodes["RUS"]["name"] == "Soviet Union"
    # 1990 ends after unification (1990-10-03): Germany
    assert seed.hostile(Snapshot(D(1990, 1, 1), until=D(1990, 12, 31))).nodes["DEU"]["name"] == "Germany"
    assert signed_graph(seed, Snapshot(D(1990, 1, 1), until=D(1990, 12, 31))).nodes["DEU"]["name"] == "Germany"
    assert signed_graph(seed, D(1990, 1, 1)).nodes["DEU"]["name"] == "West Germany"


def test_analyses_name_states_as_of(seed):
    day = D(1980, 6, 30)
    clusters = alliance_clusters(seed, day)
    names = {m: n for c in clusters.clusters for m, n in zip(c.members, c.names)}
    assert names["RUS"] == "Soviet Union" and names["DEU"] == "West Germany"
    rows = {r.state: r.name for r in brokerage(seed, day)}
    assert rows["RUS"] == "Soviet Union" and rows["DEU"] == "West Germany"
    # Poland and the USSR are Warsaw Pact allies in 1980 (src/alliancegraph/seed/blocs.yaml): a one-hop path
    (p,) = influence_paths(seed, "POL", "Soviet Union", day)
    assert p.to_dict(seed)["names"] == ["Poland", "Soviet Union"]


def test_views_and_exports_name_states_as_of(seed, tmp_path):
    day = D(1980, 6, 30)
    data = build_view(seed, day)
    rus = next(n for n in data["node_items"] if n["id"] == "RUS")
    assert rus["title"].startswith("Soviet Union (RUS)\n")
    state = next(s for s in data["states"] if s["id"] == "RUS")
    assert state["name"] == "Soviet Union" and {"Russia", "Soviet Union"} <= set(state["keys"])
    assert any(e["title"].startswith("Poland - Soviet Union: allied") or
               e["title"].startswith("Soviet Union - Poland: allied") for e in data["edge_items"])
    assert snapshot_graph(seed, day).nodes["DEU"]["name"] == "West Germany"
    assert snapshot_graph(seed, D(2000, 1, 1)).nodes["DEU"]["name"] == "Germany"


def test_cli_tables_name_states_as_of(run):
    r = run("path", "POL", "RUS", "--as-of", "1980-06-30")
    assert r.exit_code == 0 and "Poland -> Soviet Union" in r.output
    r = run("path", "POL", "RUS", "--as-of", "1980-06-30", "--json")
    assert json.loads(r.output)["paths"][0]["names"] == ["Poland", "Soviet Union"]
    r = run("brokers", "--as-of", "1980-06-30", "--top", "200", "--json")
    names = {s["state"]: s["name"] for s in json.loads(r.output)["states"]}
    assert names["RUS"] == "Soviet Union" and names["DEU"] == "West Germany"


def test_resolve_state_takes_historical_names(seed):
    # Burma and Kampuchea are in the seed only as dated names (MMR's alias list has Burma too)
    assert seed.resolve_state("Soviet Union") == "RUS"
    assert seed.resolve_state("Kampuchea") == "KHM"
    assert seed.resolve_state("Burma") == "MMR"
    assert seed.resolve_state("Persia") == "IRN" and seed.resolve_state("siam") == "THA"


def test_historical_names_are_the_weakest_key():
    pg = nx.MultiDiGraph()
    pg.add_node("AAA", label="State", id="AAA", name="Siam")
    pg.add_node("THA", label="State", id="THA", name="Thailand", name_history=["Siam@../1939-06-23"])
    g = AllianceGraph(pg)
    assert g.resolve_state("Siam") == "AAA"          # a present-day name wins over a historical one
    assert g.state_name("THA", D(1930, 1, 1)) == "Siam"


# ---------------------------------------------------------------------------- the real COW state list
def test_cow_state_list_names_as_of(cow):
    # states2016.csv names 365 "Russia", 255 "Germany", 345 "Yugoslavia" (statenme); the dates are those of
    # NAME_HISTORY (USSR 1922-12-30..1991-12-25, West Germany 1949-05-23..1990-10-02, Yugoslavia
    # 1918-12-01..2003-02-03, Serbia and Montenegro 2003-02-04..2006-06-04, Serbia after)
    assert cow.state("RUS")["ccode"] == 365 and cow.state("DEU")["ccode"] == 255 and cow.state("SRB")["ccode"] == 345
    assert cow.state_name("RUS", D(1962, 10, 1)) == "Soviet Union"
    assert cow.state_name("RUS", D(1980, 6, 30)) == "Soviet Union"
    assert cow.state_name("RUS", D(1995, 1, 1)) == "Russia"
    assert cow.state_name("DEU", D(1980, 6, 30)) == "West Germany"
    assert cow.state_name("DEU", D(2000, 1, 1)) == "Germany"
    assert cow.state_name("SRB", D(1980, 6, 30)) == "Yugoslavia"
    assert cow.state_name("SRB", D(2004, 1, 1)) == "Serbia and Montenegro"
    assert cow.state_name("SRB", D(2010, 1, 1)) == "Serbia"
    assert cow.state_name("SRB", D(1900, 1, 1)) == "Serbia"
    # 490 is "Democratic Republic of the Congo" in the list (COD); Zaire 1971-10-27..1997-05-16
    assert cow.state_name("COD", D(1980, 6, 30)) == "Zaire" and cow.resolve_state("Zaire") == "COD"
    g = cow.allied(D(1980, 6, 30))
    assert (g.nodes["RUS"]["name"], g.nodes["DEU"]["name"], g.nodes["SRB"]["name"]) == \
        ("Soviet Union", "West Germany", "Yugoslavia")
    # the German Democratic Republic (265, DDR) has no dated name: its COW name
    with STATES.open(newline="") as f:
        gdr = next(r["statenme"] for r in csv.DictReader(f) if r["ccode"] == "265")
    assert g.nodes["DDR"]["name"] == gdr


# ---------------------------------------------------------------------------- Neo4j and exports (no server)
def test_name_history_is_in_the_schema_and_survives_a_round_trip(seed, tmp_path):
    from alliancegraph.neo4j_rows import content, model_props

    state = NODE_LABELS["State"].properties
    assert state["name_history"] == "LIST<STRING>"
    for sid, d in seed.nodes("State"):
        assert set(d) - {"label"} <= set(state), sid
    # what the loader writes (content) and the reader gives back (model_props): lists of strings
    back = nx.MultiDiGraph()
    for n, d in seed.pg.nodes(data=True):
        back.add_node(n, label=d["label"], **model_props(content("node", d["label"], d, repr(n))))
    read = AllianceGraph(back)
    assert read.state("RUS")["name_history"] == ["Soviet Union@1922-12-30/1991-12-25"]
    for sid, _ in seed.nodes("State"):
        for day in (D(1930, 1, 1), D(1947, 1, 1), D(1962, 10, 1), D(1980, 6, 30), D(2000, 1, 1)):
            assert read.state_name(sid, day) == seed.state_name(sid, day)
    # neo4j-admin CSV: a typed string[] column, ';' between items
    write_neo4j_csv(seed, tmp_path)
    with (tmp_path / "nodes-State.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("name_history:string[]")
    tha = next(r for r in rows[1:] if r[0] == "THA")
    assert tha[col] == "Siam@../1939-06-23;Siam@1945-09-08/1949-05-10"


def test_names_before_unification_and_renaming():
    from alliancegraph import open_graph

    g = open_graph()
    # Prussia until the German Empire (1871-01-18); the Kingdom of Sardinia until Italy (1861-03-17);
    # Saudi Arabia's Kingdom of Hejaz and Nejd until 1932-09-23 (codes.NAME_HISTORY gives the events)
    assert g.state_name("DEU", dt.date(1850, 1, 1)) == "Prussia" and g.state_name("DEU", dt.date(1871, 1, 18)) == "Germany"
    assert g.state_name("ITA", dt.date(1860, 1, 1)) == "Sardinia" and g.state_name("ITA", dt.date(1861, 3, 17)) == "Italy"
    assert g.state_name("SAU", dt.date(1930, 1, 1)) == "Hejaz and Nejd"


def test_cow_codes_as_of_the_date():
    from alliancegraph import open_graph
    from alliancegraph.views.exports import snapshot_graph

    g = open_graph()
    # COW states2016.csv: 260,GFR from 1955-05-05 to 1990-10-02; 255,GMY before and after
    assert g.state_codes("DEU", dt.date(1955, 5, 5)) == (260, "GFR")
    assert g.state_codes("DEU", dt.date(1990, 10, 2)) == (260, "GFR")
    assert g.state_codes("DEU", dt.date(1990, 10, 3)) == (255, "GMY")
    assert g.state_codes("USA", dt.date(1980, 1, 1)) == (2, "USA")
    n = snapshot_graph(g, dt.date(1980, 6, 30)).nodes["DEU"]
    assert (n["ccode"], n["cow_abb"], n["name"]) == (260, "GFR", "West Germany")
