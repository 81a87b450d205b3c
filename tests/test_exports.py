"""Every export read back and compared with the graph it came from.

GraphML, GEXF, JSON node-link and Cytoscape.js JSON are read back with networkx; the neo4j-admin CSV files
with the csv module and their header types; the Cypher script with a small parser of Cypher literals
written here (independent of the exporter's own escaper). Expected values are worked out by hand from
tests/fixtures/mini: 22 ties over time (NATO 6, eastern bloc 3 (RUS-BLR, and RUS-UKR, BLR-UKR until
2014-03), 6 bilateral treaties (USA-KOR, USA-JPN, CHN-PRK, RUS-PRK 2000 and 2024, CHN-RUS; the North
Atlantic Treaty makes its ties through NATO), the PRK-RUS troop support, and 6 hostile ones (Korean War 4,
invasion of 2022 2)); as of 2025-01-01 12 allied and 2 hostile dyads.
"""

import csv
import datetime as dt
import json
import math
import re
import shutil
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph
from alliancegraph.schema import NODE_LABELS, REL_TYPES, date_companion
from alliancegraph.neo4j_rows import cypher_literal, cypher_string
from alliancegraph.views.exports import DEFAULT_SHAPE, export, history_graph, history_years, snapshot_graph
from conftest import MINI

DAY = dt.date(2025, 1, 1)
NASTY = 'Quote " and \' apostrophe, comma; back\\slash\nnew line\ttab <b>&amp;</b> \u2028 end'


@pytest.fixture(scope="module")
def mini():
    return AllianceGraph.from_facts(load_facts(MINI))


@pytest.fixture(scope="module")
def nasty(tmp_path_factory):
    """The mini world with a state name and a treaty note that hold every character that needs escaping."""
    d = tmp_path_factory.mktemp("nasty") / "facts"
    shutil.copytree(MINI, d)
    s = d / "states.yaml"
    s.write_text(s.read_text().replace("name: Belarus", "name: " + json.dumps(NASTY)), encoding="utf-8")
    t = d / "treaties.yaml"
    t.write_text(t.read_text().replace("    name: China-DPRK Treaty\n",
                                       "    name: China-DPRK Treaty\n    note: " + json.dumps(NASTY + " (note)") + "\n"),
                 encoding="utf-8")
    g = AllianceGraph.from_facts(load_facts(d))
    assert g.state_name("BLR") == NASTY and g.pg.nodes["chn-prk"]["note"] == NASTY + " (note)"
    return g


def by_dyad(g, a, b):
    return list(g.get_edge_data(a, b).values())


# ---------------------------------------------------------------------------- GraphML
def test_graphml_snapshot_read_back(mini, tmp_path):
    r = export(mini, tmp_path / "s.graphml", "graphml", at=DAY)
    assert (r.shape, r.nodes, r.edges) == ("snapshot", 11, 14)
    h = nx.read_graphml(r.paths[0], force_multigraph=True)
    assert h.number_of_nodes() == 11 and h.number_of_edges() == 14
    (e,) = by_dyad(h, "PRK", "RUS")
    assert e["sign"] == 1 and e["via"] == "rus-prk-2024" and e["kinds"] == "defense" and e["strength"] == pytest.approx(0.9)
    (e,) = by_dyad(h, "RUS", "UKR")
    assert e["sign"] == -1 and e["level"] == 5 and e["via"] == "invasion-2022"
    # Belarus's one tie is bloc co-membership, outside the default clustering layers: unaligned
    assert h.nodes["BLR"] == {"name": "Belarus", "iso3": "BLR", "cow_abb": "BLR", "ccode": 370,
                              "cluster": "unaligned", "cluster_name": "", "bloc": "unaligned", "bloc_name": ""}
    assert isinstance(h.nodes["BLR"]["ccode"], int)
    # the clusters of test_analysis.test_clusters_2025_by_hand, with their names
    assert (h.nodes["DEU"]["cluster"], h.nodes["DEU"]["cluster_name"]) == ("C2", "North Atlantic Treaty Organization")
    assert h.graph["layers"] == "defense,offense" and h.graph["multilateral"] == "sqrt"
    (e,) = by_dyad(h, "DEU", "FRA")
    assert e["cluster_weight"] == pytest.approx(0.9 / 3 ** 0.5)  # NATO's 4 members: 0.9 / sqrt(3)
    assert e["weight"] == e["signed_weight"] == e["strength"] == pytest.approx(0.9)


def test_graphml_property_graph_keeps_every_attribute(nasty, tmp_path):
    r = export(nasty, tmp_path / "pg.graphml", "graphml", shape="property-graph")
    h = nx.read_graphml(r.paths[0], force_multigraph=True)
    pg = nasty.pg
    assert h.number_of_nodes() == pg.number_of_nodes() == 23
    assert h.number_of_edges() == pg.number_of_edges()
    for n, d in pg.nodes(data=True):
        expected = {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in d.items()}
        assert h.nodes[n] == expected, n
    assert h.nodes["BLR"]["name"] == NASTY
    assert h.nodes["USA"]["aliases"] == "United States; US"
    for u, v, k, d in pg.edges(keys=True, data=True):
        got = h.edges[u, v, k]
        assert got == {kk: "; ".join(map(str, vv)) if isinstance(vv, list) else vv for kk, vv in d.items()}


# ---------------------------------------------------------------------------- GEXF
def test_gexf_history_is_dynamic_with_the_tie_spans(mini, tmp_path):
    r = export(mini, tmp_path / "h.gexf", "gexf")
    assert DEFAULT_SHAPE["gexf"] == "history" and r.shape == "history"
    root = ET.parse(r.paths[0]).getroot()
    ns = {"g": "http://www.gexf.net/1.2draft"}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    h = nx.read_gexf(r.paths[0])
    assert h.number_of_nodes() == 11 and h.number_of_edges() == 22
    assert sum(1 for *_, d in h.edges(data=True) if d["sign"] == -1) == 6
    assert h.nodes["PRK"]["label"] == "North Korea"
    ties = {(u, v, k): d for u, v, k, d in h.edges(keys=True, data=True)}
    # the 2000 treaty runs from its signature to the day before the 2024 treaty entered into force
    old = ties[("PRK", "RUS", "rus-prk-2000/PRK/RUS/2000-02-09")]
    assert (old["start"], old["end"], old["from"], old["to"]) == ("2000-02-09", "2024-12-03", "2000-02-09", "2024-12-03")
    assert old["kind"] == "consultation" and old["strength"] == pytest.approx(0.05)
    # a month and a year keep their precision in from/to, and span their whole period in start/end
    ukr = ties[("BLR", "UKR", "eastbloc/BLR/UKR/1994")]
    assert (ukr["start"], ukr["end"], ukr["from"], ukr["to"]) == ("1994-01-01", "2014-03-31", "1994", "2014-03")
    # open-ended: no end; the support's confidence is the latest of its history
    sup = ties[("PRK", "RUS", "prk-rus-troops/PRK/RUS/2024-10")]
    assert sup["start"] == "2024-10-01" and "end" not in sup and sup["confidence"] == "confirmed"
    assert [e["value"] for e in json.loads(sup["confidence_history"])] == ["alleged", "denied", "confirmed"]
    war = ties[("CHN", "USA", "korean-war/CHN/USA/1950-10-19")]
    assert (war["start"], war["end"], war["level"], war["sign"]) == ("1950-10-19", "1953-07-27", 5, -1)
    assert "strength" not in war and "level" not in old


def test_history_graph_matches_ties(mini):
    h = history_graph(mini)
    assert h.number_of_edges() == len(mini.ties()) == 22
    assert {k.split("/")[0] for *_, k in h.edges(keys=True)} == {
        "nato", "eastbloc", "usa-kor", "usa-jpn", "chn-prk", "rus-prk-2000", "rus-prk-2024", "chn-rus-2001",
        "prk-rus-troops", "invasion-2022", "korean-war"}


def test_gexf_snapshot(mini, tmp_path):
    h = nx.read_gexf(export(mini, tmp_path / "s.gexf", "gexf", shape="snapshot", at=DAY).paths[0])
    assert h.number_of_nodes() == 11 and h.number_of_edges() == 14


# ---------------------------------------------------------------------------- ids, weights, clusters, blocs: for Gephi and igraph
ALLIED_2025 = {("DEU", "FRA"), ("DEU", "GBR"), ("DEU", "USA"), ("FRA", "GBR"), ("FRA", "USA"), ("GBR", "USA"),
               ("KOR", "USA"), ("JPN", "USA"), ("CHN", "PRK"), ("PRK", "RUS"), ("CHN", "RUS"), ("BLR", "RUS")}
HOSTILE_2025 = {("RUS", "UKR"), ("PRK", "UKR")}  # the invasion: RUS and (from 2024-10) PRK against UKR


def test_snapshot_edges_no_longer_share_the_ids_allied_and_hostile(mini, tmp_path):
    expected = {f"allied:{a}:{b}" for a, b in ALLIED_2025} | {f"hostile:{a}:{b}" for a, b in HOSTILE_2025}
    for fmt, ns in (("graphml", "{http://graphml.graphdrawing.org/xmlns}"), ("gexf", "{http://www.gexf.net/1.2draft}")):
        path = export(mini, tmp_path / f"s.{fmt}", fmt, shape="snapshot", at=DAY).paths[0]
        ids = [e.get("id") for e in ET.parse(path).getroot().iter(f"{ns}edge")]
        assert len(ids) == len(set(ids)) == 14 and set(ids) == expected, fmt
    h = nx.read_gexf(tmp_path / "s.gexf")
    assert {d["id"] for *_, d in h.edges(data=True)} == expected


def test_snapshot_weight_is_positive_with_a_sign_and_a_signed_weight(mini, tmp_path):
    h = nx.read_graphml(export(mini, tmp_path / "s.graphml", "graphml", at=DAY).paths[0], force_multigraph=True)
    edges = {k: d for *_, k, d in h.edges(keys=True, data=True)}
    assert all(d["weight"] > 0 and d["signed_weight"] == d["sign"] * d["weight"] for d in edges.values())
    # the invasion has 3 parties on the day: each opposite-side dyad gets 1/sqrt(3 - 1) (square-root sharing)
    war = edges["hostile:RUS:UKR"]
    assert (war["sign"], war["level"]) == (-1, 5)
    assert war["weight"] == war["cluster_weight"] == pytest.approx(2 ** -0.5) and war["signed_weight"] < 0
    # a tie outside the clustering layers keeps its strength as weight, and 0 as cluster weight
    assert edges["allied:CHN:RUS"]["weight"] == pytest.approx(0.05) and edges["allied:CHN:RUS"]["cluster_weight"] == 0
    assert edges["allied:BLR:RUS"]["weight"] == pytest.approx(0.1) and edges["allied:BLR:RUS"]["cluster_weight"] == 0
    assert edges["allied:KOR:USA"]["weight"] == edges["allied:KOR:USA"]["cluster_weight"] == pytest.approx(0.9)
    # GEXF puts the weight where Gephi reads it, the edge's own weight attribute
    root = ET.parse(export(mini, tmp_path / "s.gexf", "gexf", shape="snapshot", at=DAY).paths[0]).getroot()
    w = {e.get("id"): float(e.get("weight")) for e in root.iter("{http://www.gexf.net/1.2draft}edge")}
    assert w["hostile:PRK:UKR"] == pytest.approx(2 ** -0.5) and w["allied:DEU:FRA"] == pytest.approx(0.9)


def test_snapshot_nodes_carry_cluster_and_bloc(mini, tmp_path):
    h = nx.read_graphml(export(mini, tmp_path / "s.graphml", "graphml", at=DAY).paths[0])
    # signed blocs by hand: the positive layer splits as the clusters do (test_analysis); UKR's ties are
    # all hostile, so it is in no bloc; keeping RUS and PRK (UKR's two enemies) together also lowers the
    # negative layer's modularity (-1/2 against -3/8 apart). Three blocs of 3, ranked by first member.
    blocs = {"B1": (("CHN", "PRK", "RUS"), "China-DPRK Treaty"),
             "B2": (("DEU", "FRA", "GBR"), "North Atlantic Treaty Organization"),
             "B3": (("JPN", "KOR", "USA"), "US-Japan Security Treaty")}
    for label, (members, name) in blocs.items():
        assert tuple(sorted(n for n, d in h.nodes(data=True) if d["bloc"] == label)) == members
        assert {h.nodes[m]["bloc_name"] for m in members} == {name}
        assert {h.nodes[m]["cluster_name"] for m in members} == {name}
    assert {n for n, d in h.nodes(data=True) if d["bloc"] == "unaligned"} == {"BLR", "UKR"}
    assert {n for n, d in h.nodes(data=True) if d["cluster"] == "unaligned"} == {"BLR", "UKR"}


def _groups(names, membership):
    out = {}
    for n, c in zip(names, membership):
        out.setdefault(c, []).append(n)
    return sorted(tuple(sorted(g)) for g in out.values() if len(g) > 1)


@pytest.mark.filterwarnings("ignore:Could not add edge ids")  # igraph: the id is also an edge attribute
def test_igraph_reads_the_graphml_and_its_louvain_uses_the_weight(mini, tmp_path):
    import igraph as ig
    import random

    path = export(mini, tmp_path / "s.graphml", "graphml", at=DAY).paths[0]
    g = ig.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (11, 14)
    assert sorted(g.es["id"]) == sorted([f"allied:{a}:{b}" for a, b in ALLIED_2025] + [f"hostile:{a}:{b}" for a, b in HOSTILE_2025])
    assert g.vs.find(id="DEU")["cluster_name"] == "North Atlantic Treaty Organization"
    allied = g.subgraph_edges(g.es.select(sign_eq=1), delete_vertices=False)
    assert allied.ecount() == 12
    random.seed(1)  # python-igraph draws from Python's random
    # on the clustering weight: our clusters (test_analysis.test_clusters_2025_by_hand)
    ours = allied.community_multilevel(weights="cluster_weight")
    assert _groups(allied.vs["id"], ours.membership) == [("CHN", "PRK", "RUS"), ("DEU", "FRA", "GBR"), ("JPN", "KOR", "USA")]
    # on the export weight (every tie at its own strength): the every-layer, full-weight clusters worked
    # out in test_analysis.test_clusters_with_every_layer_and_full_weight_by_hand, with their modularity
    full = allied.community_multilevel(weights="weight")
    assert _groups(allied.vs["id"], full.membership) == [("BLR", "CHN", "PRK", "RUS"), ("DEU", "FRA", "GBR"),
                                                         ("JPN", "KOR", "USA")]
    q = (2.7 / 9.15 - (8.1 / 18.3) ** 2) + (1.8 / 9.15 - (6.3 / 18.3) ** 2) + (1.95 / 9.15 - (3.9 / 18.3) ** 2)
    assert full.modularity == pytest.approx(q)
    # the whole file, hostile ties included, is a valid weighted graph for igraph (no negative weight)
    g.community_multilevel(weights="weight")


def test_gexf_history_has_each_years_cluster_and_bloc(mini, tmp_path):
    path = export(mini, tmp_path / "h.gexf", "gexf", years=(1949, 1962)).paths[0]
    root = ET.parse(path).getroot()
    ns = "{http://www.gexf.net/1.2draft}"
    dyn = [a for a in root.iter(f"{ns}attributes") if a.get("class") == "node" and a.get("mode") == "dynamic"]
    assert len(dyn) == 1 and sorted(a.get("title") for a in dyn[0]) == ["bloc", "bloc_name", "cluster", "cluster_name"]
    h = nx.read_gexf(path)
    nato, rok, jpn = "North Atlantic Treaty Organization", "US-ROK Mutual Defense Treaty", "US-Japan Security Treaty"
    # West Germany joins NATO on 1955-05-06: in no cluster or bloc until 1954, then in NATO's. Its bloc
    # keeps NATO's tracking label B1: 1954's {FRA, GBR} (the USA went with Korea once the 1954 treaty was
    # in force: Q 0.196 against -0.05 for NATO whole) and 1955's {DEU, FRA, GBR} share 2 of 3.
    assert h.nodes["DEU"]["bloc"] == [("unaligned", "1949-01-01", "1954-12-31"), ("B1", "1955-01-01", "1962-12-31")]
    assert h.nodes["DEU"]["cluster_name"] == [("", "1949-01-01", "1954-12-31"), (nato, "1955-01-01", "1962-12-31")]
    # the USA: NATO's until 1953; from 1954 with South Korea; from 1960 (US-Japan treaty) the cluster of
    # three is named after the lower treaty id (usa-jpn) while the bloc keeps its name over the years
    assert h.nodes["USA"]["cluster_name"] == [(nato, "1949-01-01", "1953-12-31"), (rok, "1954-01-01", "1959-12-31"),
                                              (jpn, "1960-01-01", "1962-12-31")]
    assert h.nodes["USA"]["bloc"] == [("B1", "1949-01-01", "1953-12-31"), ("B2", "1954-01-01", "1962-12-31")]
    # South Korea is at war, with hostile ties only, until the treaty of 1954: no bloc
    assert h.nodes["KOR"]["bloc_name"] == [("", "1949-01-01", "1953-12-31"), (rok, "1954-01-01", "1962-12-31")]


@pytest.mark.filterwarnings("ignore:Could not add edge ids")
def test_graphml_history_has_one_column_per_year_and_igraph_reads_it(mini, tmp_path):
    path = export(mini, tmp_path / "h.graphml", "graphml", shape="history", years=(1953, 1956)).paths[0]
    h = nx.read_graphml(path, force_multigraph=True)
    assert [h.nodes["DEU"][f"bloc_name_{y}"] for y in range(1953, 1957)] == [
        "", "", "North Atlantic Treaty Organization", "North Atlantic Treaty Organization"]
    assert "bloc_name_1952" not in h.nodes["DEU"] and h.graph["period"] == "1953/1956"
    import igraph as ig

    g = ig.Graph.Read_GraphML(str(path))
    # the ties in force at some time in 1953-1956: the Korean War's 4 (to 1953-07-27), NATO's 6 (Germany's 3
    # from 1955) and US-ROK (from 1954-11-17); not the 11 of 1960 and later
    assert g.ecount() == 11 and len(set(g.es["id"])) == 11
    assert g.vs.find(id="KOR")["cluster_1954"] == "C2" and g.vs.find(id="KOR")["cluster_1953"] == "unaligned"
    assert min(g.es["weight"]) > 0 and sorted(set(g.es["signed_weight"]))[0] == -1.0


def test_history_years_span_the_ties(mini, tmp_path):
    # NATO's ties start on 1949-08-24; open ties run to the current year
    assert history_years(mini, today=dt.date(2025, 6, 1)) == (1949, 2025)
    h = history_graph(mini, years=False)
    assert "period" not in h.graph and "cluster" not in h.nodes["DEU"]
    assert history_graph(mini).graph["period"] == f"1949/{dt.date.today().year}"


# ---------------------------------------------------------------------------- JSON and Cytoscape.js
def test_json_node_link_keeps_lists(mini, tmp_path):
    r = export(mini, tmp_path / "s.json", "json", at=dt.date(2025, 12, 31))
    h = nx.node_link_graph(json.loads(r.paths[0].read_text(encoding="utf-8")), edges="links")
    assert h.number_of_nodes() == 11 and h.number_of_edges() == 14
    # by the end of 2025 the troop support is confirmed: two ties behind PRK-RUS, strongest first
    e = h.edges["PRK", "RUS", "allied:PRK:RUS"]
    assert e["kinds"] == ["defense", "support"] and e["via"] == ["rus-prk-2024", "prk-rus-troops"]
    assert e["strength"] == pytest.approx(1 - 0.1 * 0.7)
    assert h.graph["as_of"] == "2025-12-31"


def test_json_property_graph_equals_pg(nasty, tmp_path):
    r = export(nasty, tmp_path / "pg.json", "json", shape="property-graph")
    h = nx.node_link_graph(json.loads(r.paths[0].read_text(encoding="utf-8")), edges="links")
    # node-link's own "id" is the node's id, which is also its "id" property: nothing else differs
    assert all(d["id"] == n for n, d in nasty.pg.nodes(data=True))
    assert dict(h.nodes(data=True)) == {n: {k: v for k, v in d.items() if k != "id"} for n, d in nasty.pg.nodes(data=True)}
    assert sorted(h.edges(keys=True, data=True), key=lambda x: x[2]) == sorted(
        nasty.pg.edges(keys=True, data=True), key=lambda x: x[2])


def test_cytoscape_read_back_with_positions(mini, tmp_path):
    r = export(mini, tmp_path / "s.cyjs", "cytoscape", at=DAY)
    data = json.loads(r.paths[0].read_text(encoding="utf-8"))
    ids = [e["data"]["id"] for kind in ("nodes", "edges") for e in data["elements"][kind]]
    assert len(ids) == len(set(ids)) == 11 + 14
    assert all(math.isfinite(n["position"]["x"]) and math.isfinite(n["position"]["y"]) for n in data["elements"]["nodes"])
    h = nx.cytoscape_graph(data)
    snap = snapshot_graph(mini, DAY)
    assert set(h.nodes) == set(snap.nodes)
    assert {(frozenset((a, b)), k) for a, b, k in h.edges(keys=True)} == {(frozenset((a, b)), k) for a, b, k in snap.edges(keys=True)}
    assert h.edges["PRK", "RUS", "allied:PRK:RUS"]["kinds"] == ["defense"]
    assert h.nodes["USA"]["name"] == "United States of America"


# ---------------------------------------------------------------------------- neo4j-admin CSV
def _typed(value: str, ctype: str):
    if ctype == "int":
        return int(value)
    if ctype == "double":
        return float(value)
    if ctype == "date":
        return dt.date.fromisoformat(value)
    if ctype == "string[]":
        return value.split(";")
    if ctype == "date[]":
        return [dt.date.fromisoformat(x) for x in value.split(";")]
    return value


def read_neo4j_csv(path):
    """``(label or type, start, end, {prop: typed value})`` rows of one CSV, with the header's types."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = []
        for raw in reader:
            props, start, end, name = {}, None, None, None
            for h, v in zip(header, raw):
                if h in (":LABEL", ":TYPE"):
                    name = v
                elif h.startswith(":START_ID"):
                    start = v
                elif h.startswith(":END_ID"):
                    end = v
                elif v != "":
                    key, _, ctype = h.partition(":")
                    props[key] = _typed(v, ctype.split("(")[0] if ctype.startswith("ID") else ctype or "string")
            rows.append((name, start, end, props))
    return header, rows


def expected_props(d):
    """A model element's properties as Neo4j holds them: lists, and the DATE companions of its dates."""
    out = {k: v for k, v in d.items() if k not in ("label", "type")}
    for k, v in list(out.items()):
        c = date_companion(k)
        if c:
            year, *rest = (int(x) for x in v.split("-"))
            if c.endswith("_first"):
                out[c] = dt.date(year, *(rest + [1, 1])[:2])
            else:
                month = rest[0] if rest else 12
                day = rest[1] if len(rest) > 1 else (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
                out[c] = dt.date(year, month, day)
    return out


def test_neo4j_csv_headers_and_values(nasty, tmp_path):
    r = export(nasty, tmp_path / "csv", "neo4j-csv")
    assert r.shape == "property-graph"
    files = {p.name: p for p in r.paths}
    assert "import.sh" in files
    header, rows = read_neo4j_csv(files["nodes-State.csv"])
    assert header[0] == "id:ID(State)" and header[-1] == ":LABEL"
    assert "ccode:int" in header and "aliases:string[]" in header and "name:string" in header
    states = {p["id"]: p for _, _, _, p in rows}
    assert states["USA"]["aliases"] == ["United States", "US"] and states["USA"]["ccode"] == 2
    assert states["BLR"]["name"] == NASTY  # quotes, commas, a newline survive the CSV
    # every node, with every property and its DATE companions, typed as in the model
    seen = 0
    for label in NODE_LABELS:
        _, rows = read_neo4j_csv(files[f"nodes-{label}.csv"])
        for name, _, _, props in rows:
            assert name == label
            assert props == expected_props(nasty.pg.nodes[props["id"]]), props["id"]
            seen += 1
    assert seen == nasty.pg.number_of_nodes() == 23
    # relationships: the model's, and the derived ties (16 allied, 6 hostile over time)
    rels = {}
    for fname, p in files.items():
        if fname.startswith("rels-"):
            header, rows = read_neo4j_csv(p)
            assert header[:2][0].startswith(":START_ID(") and header[1].startswith(":END_ID(") and header[-1] == ":TYPE"
            for rtype, start, end, props in rows:
                rels[(rtype, props["id"])] = (start, end, props)
    assert sum(1 for t, _ in rels if t == "ALLIED_WITH") == 16
    assert sum(1 for t, _ in rels if t == "HOSTILE_TO") == 6
    for u, v, d in nasty.pg.edges(data=True):
        start, end, props = rels[(d["type"], d["id"])]
        assert (start, end) == (u, v) and props == expected_props(d)
    assert len(rels) == nasty.pg.number_of_edges() + 22
    s, e, p = rels[("ALLIED_WITH", "eastbloc/BLR/UKR/1994")]
    assert (s, e) == ("BLR", "UKR") and p["to"] == "2014-03" and p["to_last"] == dt.date(2014, 3, 31)
    assert p["strength"] == 0.1 and p["tie_kind"] == "bloc" and p["via_label"] == "Bloc"
    s, e, p = rels[("HOSTILE_TO", "korean-war/CHN/USA/1950-10-19")]
    assert p["level"] == 5 and p["from_first"] == dt.date(1950, 10, 19)
    assert "--multiline-fields=true" in files["import.sh"].read_text()


def test_neo4j_csv_refuses_a_list_item_with_the_delimiter(tmp_path):
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    s = d / "states.yaml"
    s.write_text(s.read_text().replace("aliases: [DPRK]", "aliases: ['DPRK; North']"))
    g = AllianceGraph.from_facts(load_facts(d))
    with pytest.raises(ValueError, match=r"node 'PRK' \(State\) aliases: list item 'DPRK; North'"):
        export(g, tmp_path / "csv", "neo4j-csv")


# ---------------------------------------------------------------------------- Cypher
class CypherLiterals:
    """A parser of the Cypher literals the script uses: strings, numbers, booleans, date('...'), lists and
    maps with plain or backticked keys."""

    ESC = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}

    def __init__(self, text):
        self.s, self.i = text, 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \n\t":
            self.i += 1

    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "'":
            return self.string()
        if c == "[":
            self.i += 1
            out = []
            self.ws()
            if self.s[self.i] == "]":
                self.i += 1
                return out
            while True:
                out.append(self.value())
                self.ws()
                c = self.s[self.i]
                self.i += 1
                if c == "]":
                    return out
                assert c == ","
        if c == "{":
            self.i += 1
            out = {}
            self.ws()
            if self.s[self.i] == "}":
                self.i += 1
                return out
            while True:
                self.ws()
                if self.s[self.i] == "`":
                    j = self.i + 1
                    key = ""
                    while True:
                        if self.s[j] == "`" and self.s[j + 1:j + 2] == "`":
                            key += "`"
                            j += 2
                        elif self.s[j] == "`":
                            break
                        else:
                            key += self.s[j]
                            j += 1
                    self.i = j + 1
                else:
                    m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(self.s, self.i)
                    key, self.i = m.group(0), m.end()
                self.ws()
                assert self.s[self.i] == ":"
                self.i += 1
                out[key] = self.value()
                self.ws()
                c = self.s[self.i]
                self.i += 1
                if c == "}":
                    return out
                assert c == ",", self.s[self.i - 20:self.i + 20]
        if self.s.startswith("date('", self.i):
            j = self.s.index("')", self.i)
            v = dt.date.fromisoformat(self.s[self.i + 6:j])
            self.i = j + 2
            return v
        for word, v in (("true", True), ("false", False)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return v
        m = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?").match(self.s, self.i)
        self.i = m.end()
        return float(m.group(0)) if (m.group(1) or m.group(2)) else int(m.group(0))

    def string(self):
        assert self.s[self.i] == "'"
        self.i += 1
        out = []
        while True:
            c = self.s[self.i]
            if c == "\n":
                raise AssertionError("raw line break inside a string literal")
            if c == "'":
                self.i += 1
                return "".join(out)
            if c == "\\":
                nxt = self.s[self.i + 1]
                if nxt == "u":
                    out.append(chr(int(self.s[self.i + 2:self.i + 6], 16)))
                    self.i += 6
                else:
                    out.append(self.ESC[nxt])
                    self.i += 2
                continue
            out.append(c)
            self.i += 1


def parse_script(text):
    """``[(kind, name, rows)]`` of the UNWIND statements of a script; DDL statements are counted apart."""
    out, ddl = [], 0
    for stmt in text.strip().split("\n\n"):
        if stmt.startswith("//"):
            continue
        assert stmt.endswith(";"), stmt[-80:]
        if stmt.startswith("CREATE "):
            ddl += 1
            continue
        assert stmt.startswith("UNWIND [")
        p = CypherLiterals(stmt)
        p.i = len("UNWIND ")
        rows = p.value()
        rest = stmt[p.i:]
        m = re.match(r"\s*AS row\nMERGE \(x:(\w+) \{id: row\.id\}\)\nSET x \+= row\.props;$", rest)
        if m:
            out.append(("node", m.group(1), rows))
            continue
        m = re.match(r"\s*AS row\nMATCH \(a(?::(\w+))? \{id: row\.start\}\)\nMATCH \(b:(\w+) \{id: row\.end\}\)\n"
                     r"MERGE \(a\)-\[x:(\w+) \{id: row\.props\.id\}\]->\(b\)\nSET x \+= row\.props;$", rest)
        assert m, rest[:300]
        out.append(("rel", m.group(3), rows))
    return out, ddl


def test_cypher_script_parses_back_to_the_graph(nasty, tmp_path):
    r = export(nasty, tmp_path / "g.cypher", "cypher")
    text = r.paths[0].read_text(encoding="utf-8")
    statements, ddl = parse_script(text)
    assert ddl >= len(NODE_LABELS)  # a constraint behind every MERGE key
    nodes = {}
    rels = {}
    for kind, name, rows in statements:
        for row in rows:
            if kind == "node":
                assert name in NODE_LABELS
                nodes[row["id"]] = (name, row["props"])
            else:
                assert name in REL_TYPES
                rels[(name, row["props"]["id"])] = (row["start"], row["end"], row["props"])
    assert len(nodes) == 23
    for n, d in nasty.pg.nodes(data=True):
        label, props = nodes[n]
        assert label == d["label"] and props == expected_props(d), n
    assert nodes["BLR"][1]["name"] == NASTY
    assert nodes["chn-prk"][1]["note"] == NASTY + " (note)"
    for u, v, d in nasty.pg.edges(data=True):
        assert rels[(d["type"], d["id"])] == (u, v, expected_props(d))
    assert sum(1 for t, _ in rels if t == "ALLIED_WITH") == 16 and sum(1 for t, _ in rels if t == "HOSTILE_TO") == 6
    assert rels[("ALLIED_WITH", "nato/FRA/GBR/1949-08-24")][2]["strength"] == 0.9


def test_cypher_literals():
    assert cypher_string("it's") == r"'it\'s'"
    assert cypher_string("a\\b") == r"'a\\b'"
    assert cypher_string('"') == r"'\"'"
    assert cypher_string("x\ny\u0001") == r"'x\ny\u0001'"
    assert cypher_string("Россия") == "'Россия'"
    assert cypher_literal([1, 2.5, True, "x"]) == "[1, 2.5, true, 'x']"
    assert cypher_literal({"from": "1994", "a`b": None}) == "{`from`: '1994'}"
    assert cypher_literal(dt.date(2024, 12, 4)) == "date('2024-12-04')"
    for bad in (None, float("nan"), float("inf"), 2 ** 63, [[1]], object()):
        with pytest.raises(ValueError):
            cypher_literal(bad)
    # the parser above and the escaper agree on every character
    p = CypherLiterals(cypher_string(NASTY + "\x00\x7f\\u0041"))
    assert p.string() == NASTY + "\x00\x7f\\u0041"


# ---------------------------------------------------------------------------- images
def test_png_image(mini, tmp_path):
    import matplotlib.image

    r = export(mini, tmp_path / "s.png", "png", at=DAY)
    assert r.paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = matplotlib.image.imread(r.paths[0])
    assert img.shape[:2] == (1125, 1500)  # 7.5 x 10 inches at 150 dpi
    rgb = (img[:, :, :3] * 255).round().astype(int)
    # both clusters' colours are drawn (tab10 blue #1f77b4, red #d62728), and the grey of unaligned UKR
    for color in ((0x1F, 0x77, 0xB4), (0xD6, 0x27, 0x28), (0xC7, 0xC7, 0xC7)):
        assert ((rgb == color).all(axis=2)).sum() > 20, color


def test_svg_image_names_every_node_and_edge(nasty, tmp_path):
    r = export(nasty, tmp_path / "s.svg", "svg", at=DAY, label_by="name")
    root = ET.parse(r.paths[0]).getroot()  # well-formed XML whatever the names hold
    ids = [g.get("id") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id")]
    assert sorted(i[5:] for i in ids if i.startswith("node-")) == sorted(
        ["USA", "GBR", "FRA", "DEU", "KOR", "JPN", "RUS", "BLR", "CHN", "PRK", "UKR"])
    assert len([i for i in ids if i.startswith("edge-")]) == 14
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "North Korea" in texts
    # the hostile name is text in the SVG (its first line; matplotlib draws the new line as a second line)
    assert any(NASTY.split("\n")[0] in t for t in texts)
    again = export(nasty, tmp_path / "t.svg", "svg", at=DAY, label_by="name").paths[0]
    assert again.read_bytes() == r.paths[0].read_bytes()  # reproducible


def test_export_refuses_what_a_format_cannot_hold(mini, tmp_path):
    with pytest.raises(ValueError, match="png exports snapshot, not property-graph"):
        export(mini, tmp_path / "x.png", "png", shape="property-graph", at=DAY)
    with pytest.raises(ValueError, match="neo4j-csv exports property-graph, not snapshot"):
        export(mini, tmp_path / "x", "neo4j-csv", shape="snapshot", at=DAY)
    with pytest.raises(ValueError, match="unknown export format"):
        export(mini, tmp_path / "x", "dot")
    with pytest.raises(ValueError, match="needs an as-of date"):
        export(mini, tmp_path / "x.json", "json")
