"""The HTML views: self-contained, UTF-8, every string from a fact shown as text, and the right drawing.

Expected values are worked out by hand from tests/fixtures/mini (see the comments), never copied from a run.
As of 2025-01-01 the mini world has 12 allied dyads: NATO's 6 (USA, GBR, FRA, DEU; defense through the
North Atlantic Treaty), USA-KOR, USA-JPN, CHN-PRK (defense), RUS-PRK (the 2024 defense treaty; the 2000
one is superseded), CHN-RUS (consultation), RUS-BLR (eastern bloc co-membership; UKR is only an observer
since 2014); the PRK-RUS troop support is denied on that date and does not count. 2 hostile dyads: RUS-UKR
and PRK-UKR (invasion of 2022; PRK from 2024-10).
"""

import datetime as dt
import json
import re
import shutil

import pytest

from alliancegraph.analysis import influence_paths
from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph, UnknownStateError
from alliancegraph.views.html import (MAX_RADIUS, MIN_RADIUS, PATH_COLOR, build_view, centrality,
                                      timeline_dates, view_counts, write_view)
from alliancegraph.views.layout import layout_positions
from conftest import MINI

HOSTILE_NAME = "<script>alert('x')</script>"
HOSTILE_TREATY = "<img src=x onerror=alert(1)> & \"Treaty\""
UNICODE_NAME = "Côte d’Ivoire – Россия – 조선"
DAY = dt.date(2025, 1, 1)
WEST = {"USA", "GBR", "FRA", "DEU", "KOR", "JPN"}
EAST = {"RUS", "BLR", "CHN", "PRK"}


@pytest.fixture(scope="module")
def mini():
    return AllianceGraph.from_facts(load_facts(MINI))


@pytest.fixture
def hostile_graph(tmp_path):
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    s = d / "states.yaml"
    s.write_text(s.read_text().replace("name: Belarus", f"name: \"{HOSTILE_NAME}\"")
                 .replace("name: Japan", f"name: \"{UNICODE_NAME}\""), encoding="utf-8")
    t = d / "treaties.yaml"
    t.write_text(t.read_text().replace("name: China-Russia Treaty of 2001", f"name: '{HOSTILE_TREATY}'"))
    return AllianceGraph.from_facts(load_facts(d))


def page_data(html: str) -> dict:
    m = re.search(r'<script id="alliance-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def frame_items(data, i=None):
    f = data["frames"][data["initial"] if i is None else i]
    return ({data["node_items"][k]["id"]: data["node_items"][k] for k in f["nodes"]},
            [data["edge_items"][k] for k in f["edges"]])


def dyads(edges, sign=None):
    return {frozenset((e["from"], e["to"])) for e in edges if sign is None or e["sign"] == sign}


def test_view_is_self_contained_and_escapes_fact_text(hostile_graph, tmp_path):
    out = write_view(hostile_graph, tmp_path / "v.html", DAY)
    html = out.read_bytes().decode("utf-8")
    # nothing is loaded from elsewhere: no external script, style or link element, no remote URL in CSS
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html) and "@import" not in html
    assert "connect-src 'none'" in html and "default-src 'none'" in html
    # hostile text never appears raw, only escaped inside the JSON data block
    assert HOSTILE_NAME not in html and "<img src=x" not in html
    data = page_data(html)
    nodes, edges = frame_items(data)
    assert nodes["BLR"]["title"].startswith(HOSTILE_NAME + " (BLR)")
    assert nodes["JPN"]["title"].startswith(UNICODE_NAME)
    assert UNICODE_NAME in html  # UTF-8, not \u escapes
    chn_rus = [e for e in edges if {e["from"], e["to"]} == {"CHN", "RUS"}][0]
    assert HOSTILE_TREATY in chn_rus["title"]
    assert len(dyads(edges, 1)) == 12 and len(dyads(edges, -1)) == 2 and len(nodes) == 11


def test_hostile_name_in_heading_is_escaped(hostile_graph, tmp_path):
    html = write_view(hostile_graph, tmp_path / "v.html", DAY, ego="BLR").read_text(encoding="utf-8")
    assert "<title>Alliances of &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; (BLR)" in html
    assert HOSTILE_NAME not in html


def test_snapshot_draws_the_hand_counted_dyads(mini):
    data = build_view(mini, DAY)
    nodes, edges = frame_items(data)
    assert data["kind"] == "snapshot" and view_counts(data) == {"states": 11, "allied": 12, "hostile": 2}
    assert dyads(edges, -1) == {frozenset(("RUS", "UKR")), frozenset(("PRK", "UKR"))}
    assert set(nodes) == WEST | EAST | {"UKR"}
    assert {e["kind"] for e in edges if {e["from"], e["to"]} == {"RUS", "BLR"}} == {"bloc"}
    assert {e["kind"] for e in edges if {e["from"], e["to"]} == {"CHN", "RUS"}} == {"consultation"}
    # legend: the kinds drawn, in the TIE_STYLES order
    assert [t["kind"] for t in data["legend_ties"]] == ["defense", "consultation", "bloc", "hostility"]
    # 14 edges: small enough for physics
    assert data["physics"] is True


def test_tooltips_name_treaties_and_sources(mini):
    nodes, edges = frame_items(build_view(mini, DAY))
    e = [e for e in edges if {e["from"], e["to"]} == {"PRK", "RUS"}][0]
    assert "Russia-DPRK Treaty of 2024 [treaty, defense, 0.90]" in e["title"]
    assert "source: Test Publisher, Hand-made test facts, 2025-01-01" in e["title"]
    assert e["kind"] == "defense" and e["dashes"] is False
    assert nodes["USA"]["color"] == nodes["KOR"]["color"] != nodes["RUS"]["color"]
    assert nodes["USA"]["title"].splitlines()[:4] == ["United States of America (USA)", "iso3 USA, cow_abb USA, ccode 2",
                                                      "cluster: US-Japan Security Treaty (C3)", "degree: 5"]


@pytest.mark.parametrize("size_by, expected", [
    # degree: allies of each state as of 2025-01-01
    ("degree", {"USA": 5, "GBR": 3, "FRA": 3, "DEU": 3, "RUS": 3, "CHN": 2, "PRK": 2, "KOR": 1, "JPN": 1,
                "BLR": 1, "UKR": 0}),
    # strength: sums of tie strengths (defense 0.9, consultation 0.05, bloc 0.1)
    ("strength", {"USA": 4.5, "GBR": 2.7, "FRA": 2.7, "DEU": 2.7, "RUS": 1.05, "CHN": 0.95, "PRK": 1.8,
                  "KOR": 0.9, "JPN": 0.9, "BLR": 0.1, "UKR": 0}),
    # betweenness over costs -ln(strength), normalised by (11-1)(11-2)/2 = 45: USA lies on the 7 shortest
    # paths between {KOR, JPN} and the rest of the West; CHN-RUS is shorter through PRK (2 * -ln 0.9 <
    # -ln 0.05), so PRK lies on CHN-RUS and CHN-BLR, RUS on BLR-PRK and BLR-CHN
    ("betweenness", {"USA": 7 / 45, "RUS": 2 / 45, "PRK": 2 / 45, "GBR": 0, "FRA": 0, "DEU": 0, "CHN": 0,
                     "KOR": 0, "JPN": 0, "BLR": 0, "UKR": 0}),
])
def test_node_size_by_centrality(mini, size_by, expected):
    assert centrality(mini.allied(DAY), size_by) == pytest.approx(expected)
    nodes, _ = frame_items(build_view(mini, DAY, size_by=size_by))
    assert {n: v["centrality"] for n, v in nodes.items()} == pytest.approx(expected, abs=1e-6)
    top = max(expected.values())
    for n, v in nodes.items():
        assert v["size"] == pytest.approx(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * (expected[n] / top) ** 0.5, abs=0.01)
    assert nodes["UKR"]["size"] == MIN_RADIUS and nodes["USA"]["size"] == MAX_RADIUS


def test_ego_view_depth_one_and_two(mini):
    data = build_view(mini, DAY, ego="russia", depth=1)
    nodes, edges = frame_items(data)
    # Russia's allies BLR, PRK, CHN and its enemy UKR; every drawn tie among them
    assert data["kind"] == "ego" and set(nodes) == {"RUS", "BLR", "PRK", "CHN", "UKR"}
    assert dyads(edges, 1) == {frozenset(p) for p in [("RUS", "BLR"), ("RUS", "PRK"), ("RUS", "CHN"), ("CHN", "PRK")]}
    assert dyads(edges, -1) == {frozenset(("RUS", "UKR")), frozenset(("PRK", "UKR"))}
    assert nodes["RUS"]["ego"] is True and nodes["RUS"]["borderWidth"] == 5
    assert "distance from Russia: 1" in nodes["UKR"]["title"]
    nodes, edges = frame_items(build_view(mini, DAY, ego="ROK", depth=2))
    # KOR - USA (1) - GBR, FRA, DEU, JPN (2); the 6 NATO dyads, USA-KOR and USA-JPN
    assert set(nodes) == WEST and len(dyads(edges, 1)) == 8 and not dyads(edges, -1)
    with pytest.raises(UnknownStateError):
        build_view(mini, DAY, ego="Atlantis")
    with pytest.raises(ValueError, match="depth"):
        build_view(mini, DAY, ego="RUS", depth=0)


def test_path_view_highlights_the_hops(mini):
    paths = influence_paths(mini, "RUS", "CHN", DAY)
    # RUS-PRK-CHN (0.9 * 0.9 = 0.81) beats the direct consultation tie (0.05)
    assert paths[0].states == ("RUS", "PRK", "CHN")
    data = build_view(mini, DAY, paths=paths)
    nodes, edges = frame_items(data)
    assert data["kind"] == "path" and data["paths"][0]["strength"] == pytest.approx(0.81)
    assert {frozenset((e["from"], e["to"])) for e in edges if e.get("path") == 1} == {
        frozenset(("RUS", "PRK")), frozenset(("PRK", "CHN"))}
    assert all(e["color"] == PATH_COLOR for e in edges if e.get("path"))
    assert all(e["color"] != PATH_COLOR for e in edges if not e.get("path"))
    assert {n for n, v in nodes.items() if v.get("path")} == {"RUS", "PRK", "CHN"}
    # off the path: still drawn, faded (the USA is in cluster 3, #2ca02c, kept at 35% over white:
    # 255 - 0.35 * (255 - c) for c = 0x2c, 0xa0, 0x2c gives 181.15, 221.75, 181.15)
    assert nodes["USA"]["color"] == "#b5deb5"
    assert view_counts(data) == {"states": 11, "allied": 12, "hostile": 2}
    with pytest.raises(ValueError, match="timeline"):
        build_view(mini, timeline_dates(2000, 2001), paths=paths)


def test_timeline_frames_hand_counted_and_positions_stable(mini):
    data = build_view(mini, timeline_dates(1950, 2025, 25))
    assert data["kind"] == "timeline" and data["physics"] is False
    assert [f["label"] for f in data["frames"]] == ["1950", "1975", "2000", "2025"]
    assert data["initial"] == 3
    counts = [view_counts(data, i) for i in range(4)]
    # 1950-12-31: NATO without DEU (3 dyads); Korean War PRK, CHN vs KOR, USA (4 hostile dyads)
    assert counts[0] == {"states": 6, "allied": 3, "hostile": 4}
    # 1975: NATO with DEU (6), USA-KOR, USA-JPN, CHN-PRK; the war is over
    assert counts[1] == {"states": 8, "allied": 9, "hostile": 0}
    # 2000: + RUS-PRK 2000 (from signature), the eastern bloc RUS, BLR, UKR (3)
    assert counts[2] == {"states": 11, "allied": 13, "hostile": 0}
    # 2025-12-31: as on 2025-01-01; the troop support is confirmed by then but RUS-PRK is already a dyad
    assert counts[3] == {"states": 11, "allied": 12, "hostile": 2}
    _, edges = frame_items(data, 3)
    prk_rus = [e for e in edges if e["id"] == "PRK|RUS|+"][0]
    assert prk_rus["strength"] == pytest.approx(1 - 0.1 * 0.7)  # noisy-or of defense 0.9 and support 0.3
    where = {}
    for i in range(4):
        nodes, _ = frame_items(data, i)
        for n, v in nodes.items():
            assert where.setdefault(n, (v["x"], v["y"])) == (v["x"], v["y"])
    assert len(where) == 11


def test_timeline_dates():
    assert timeline_dates(1990, 2000, 4) == [dt.date(1990, 12, 31), dt.date(1994, 12, 31), dt.date(1998, 12, 31),
                                             dt.date(2000, 12, 31)]
    assert timeline_dates(2001, 2001) == [dt.date(2001, 12, 31)]
    for args, msg in [((2000, 1990), "before it starts"), ((1990, 2000, 0), "at least 1"),
                      ((1, 5000), "too many")]:
        with pytest.raises(ValueError, match=msg):
            timeline_dates(*args)


def test_layout_is_seeded_and_order_free():
    edges = [("A", "B", 0.9), ("B", "C", 0.4), ("D", "E", 0.3)]
    p1 = layout_positions(["E", "D", "C", "B", "A", "F"], edges, seed=3)
    p2 = layout_positions(["A", "B", "C", "D", "E", "F"], list(reversed(edges)), seed=3)
    assert p1 == p2 and set(p1) == set("ABCDEF")
    assert len(set(p1.values())) == 6
    kk = layout_positions(list("ABCDEF"), edges, method="kamada-kawai")
    assert set(kk) == set("ABCDEF")
    with pytest.raises(ValueError, match="unknown layout"):
        layout_positions(["A"], [], method="circle")
    with pytest.raises(ValueError, match="positive"):
        layout_positions(["A", "B"], [("A", "B", 0.0)])


def test_unknown_size_by_and_physics_on_timeline_are_refused(mini):
    with pytest.raises(ValueError, match="unknown centrality"):
        build_view(mini, DAY, size_by="eigenvector")
    with pytest.raises(ValueError, match="physics"):
        build_view(mini, timeline_dates(2000, 2002), physics=True)
