"""The alluvial chart of a timeline: flows worked out by hand on small made-up years, the page
self-contained and its text escaped, and the chart of the mini world's timeline drawn in Chromium."""

from pathlib import Path

import pytest

from alliancegraph.analysis.timeline import Timeline, TimelineYear
from alliancegraph.views.alluvial import OTHER, UNALIGNED, alluvial_geometry, alluvial_html
from alliancegraph.views.timeline import timeline_alluvial

EVIL = '<img src=x onerror="window.__pwned=1">'


def year(y, states, blocs, tracks, defined, events=()):
    return TimelineYear(y, states, 0, 0, {k: tuple(sorted(v)) for k, v in blocs.items()}, {}, 0.0, 0.0,
                        events=list(events), tracks=tracks, defined_by=defined)


@pytest.fixture
def years():
    # 1950: Pact = A B C D, Axis = E F; G unaligned (7 states with a tie)
    # 1951: Pact renamed "Pact II" (same track B1) = A B C, Axis = D E F, H joins Axis; G unaligned still
    # (8 states) => flows Pact->Pact II 3, Pact->Axis 1 (D), Axis->Axis 2, and H, in no bloc in 1950, comes
    # from the one unaligned state of 1950: the unaligned are only counted, not tracked state by state, so
    # the chart cannot tell that H came from outside and G stayed (no unaligned->unaligned ribbon)
    return [year(1950, 7, {"Pact": "ABCD", "Axis": "EF"}, {"Pact": "B1", "Axis": "B2"}, {"Pact": "p", "Axis": "x"}),
            year(1951, 8, {"Pact II": "ABC", EVIL: "DEFH"}, {"Pact II": "B1", EVIL: "B2"},
                 {"Pact II": "p2", EVIL: "x"}, events=["Pact becomes Pact II"])]


def test_flows_follow_the_tracking_label(years):
    geo = alluvial_geometry(years, gap=0)
    flows = {(r["source"], r["target"]): r["states"] for r in geo["ribbons"]}
    assert flows == {("B1", "B1"): 3, ("B1", "B2"): 1, ("B2", "B2"): 2, (UNALIGNED, "B2"): 1}
    # the renamed bloc is one band, named after both its facts
    assert [b["name"] for b in geo["bands"]] == ["Pact \u2192 Pact II", f"Axis \u2192 {EVIL}", OTHER, UNALIGNED]
    assert geo["events"] == [{"year": 1951, "x": geo["columns"][1]["x"], "texts": ["Pact becomes Pact II"]}]
    # bar heights: states times the scale; ribbons leave and enter inside their bars
    for c in geo["columns"]:
        for b in c["bars"]:
            assert b["y1"] - b["y0"] == pytest.approx(b["states"] * geo["scale"])
    assert sum(r["states"] for r in geo["ribbons"]) == 7


def test_top_bands_and_other(years):
    geo = alluvial_geometry(years, top=1, gap=0)
    assert [b["key"] for b in geo["bands"]] == ["B1", OTHER, UNALIGNED]  # B1: 7 states over the years, B2: 6
    assert [(b["band"], b["states"]) for b in geo["columns"][1]["bars"]] == [("B1", 3), (OTHER, 4), (UNALIGNED, 1)]


def test_page_is_self_contained_and_escapes_names(years, tmp_path):
    tl = Timeline(years, {})
    geo = timeline_alluvial(tl, tmp_path / "a.html", tmp_path / "a.png")
    html = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html and EVIL not in html and "&lt;img src=x" in html
    assert "default-src 'none'" in html
    assert (tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(geo["columns"]) == 2


def test_alluvial_page_opens_offline_in_chromium(years, tmp_path):
    from alliancegraph.views.browser import Browser

    geo = alluvial_geometry(years)
    path = alluvial_html(geo, tmp_path / "a.html", "Blocs 1950-1951")
    with Browser(width=1400, height=900) as b:
        page = b.open(Path(path).resolve().as_uri())
        assert page.requests == [Path(path).resolve().as_uri()] and page.errors == []
        # one rect per bar, one path per ribbon plus one per event mark
        assert page.evaluate("document.querySelectorAll('g.bars rect').length") == 6  # 3 a year
        assert page.evaluate("document.querySelectorAll('g.ribbons path').length") == 4
        assert page.evaluate("document.querySelectorAll('g.events path').length") == 1
        assert page.evaluate("typeof window.__pwned") == "undefined"
