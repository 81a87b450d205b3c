"""The HTML view: self-contained, UTF-8, and every string from a fact shown as text."""

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph
from alliancegraph.views.html import write_view

MINI = Path(__file__).parent / "fixtures" / "mini"
HOSTILE_NAME = "<script>alert('x')</script>"
HOSTILE_TREATY = "<img src=x onerror=alert(1)> & \"Treaty\""
UNICODE_NAME = "Côte d’Ivoire – Россия – 조선"


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


def _data(html, var):
    m = re.search(rf"var {var} = new vis\.DataSet\((.*?)\);\n", html, re.S)
    return json.loads(m.group(1))


def test_view_is_self_contained_and_escapes_fact_text(hostile_graph, tmp_path):
    out = write_view(hostile_graph, tmp_path / "v.html", dt.date(2025, 1, 1))
    html = out.read_bytes().decode("utf-8")
    # nothing is loaded from elsewhere: no external script, style or link element
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html) and "@import" not in html
    assert "connect-src 'none'" in html
    # hostile text never appears raw, only escaped inside JSON data
    assert HOSTILE_NAME not in html and "<img src=x" not in html
    nodes = {n["id"]: n for n in _data(html, "nodes")}
    assert nodes["BLR"]["title"].startswith(HOSTILE_NAME + " (BLR)")
    assert nodes["JPN"]["title"].startswith(UNICODE_NAME)
    edges = _data(html, "edges")
    chn_rus = [e for e in edges if {e["from"], e["to"]} == {"CHN", "RUS"}][0]
    assert HOSTILE_TREATY in chn_rus["title"]
    # 12 allied + 2 hostile dyads as of 2025-01-01 (see test_graph); all 11 states have a tie
    assert len(edges) == 14 and len(nodes) == 11
    assert sum(1 for e in edges if e["sign"] == -1) == 2


def test_tooltips_name_treaties_and_sources(tmp_path):
    g = AllianceGraph.from_facts(load_facts(MINI))
    html = write_view(g, tmp_path / "v.html", dt.date(2025, 1, 1)).read_text(encoding="utf-8")
    edges = _data(html, "edges")
    e = [e for e in edges if {e["from"], e["to"]} == {"PRK", "RUS"}][0]
    assert "Russia-DPRK Treaty of 2024 [treaty, defense, 0.90]" in e["title"]
    assert "source: Test Publisher, Hand-made test facts, 2025-01-01" in e["title"]
    assert e["kind"] == "defense" and e["dashes"] is False
    nodes = {n["id"]: n for n in _data(html, "nodes")}
    assert nodes["USA"]["color"] == nodes["KOR"]["color"] != nodes["RUS"]["color"]
