"""The HTML views in a real browser: headless Chromium opens each kind of view from disk, offline.

Each test asserts that no request left the page (the only request is the file:// document itself), that
nothing was logged as an error, and that the expected nodes and edges are drawn, read back from the page
(``window.allianceView`` and vis-network's own positions); a screenshot of each view is kept under
test-artifacts/browser/. Expected values come from tests/fixtures/mini, worked out by hand (see
tests/test_views.py for the reasoning).
"""

import datetime as dt
import json
import math
import random
import shutil
import time
from pathlib import Path

import pytest
import yaml

from alliancegraph.analysis import influence_paths
from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph
from alliancegraph.views.browser import Browser, Page
from alliancegraph.views.html import build_view, timeline_dates, view_counts, write_view
from conftest import DATA, MINI, REPO, SEED

ARTIFACTS = REPO / "test-artifacts" / "browser"
DAY = dt.date(2025, 1, 1)
IMG_NAME = '<img src=x onerror="window.__pwned=1">'
SCRIPT_NAME = "<script>window.__pwned=2</script>"
TREATY_NAME = "</script><script>window.__pwned=3</script>"

READY = "window.allianceView && window.allianceView.ready"
DRAWN = """(() => {
  const v = window.allianceView;
  const pos = v.network.getPositions();
  return {nodes: v.nodes.getIds().sort(),
          edges: v.edges.get().map(e => [e.from, e.to, e.sign]).sort(),
          positions: pos, frame: v.frame,
          canvas: document.querySelectorAll('#mynetwork canvas').length,
          scripts: document.querySelectorAll('script').length,
          imgs: document.querySelectorAll('img').length};
})()"""


@pytest.fixture(scope="module")
def browser():
    with Browser(width=1200, height=800) as b:
        yield b


@pytest.fixture(scope="module")
def mini():
    return AllianceGraph.from_facts(load_facts(MINI))


def open_view(browser, path, name, viewport=True):
    """Open ``path`` offline, wait until drawn, check nothing left the page and nothing failed, keep a
    screenshot; returns ``(page, drawn)``. ``viewport=False``: the page has its window's size (see
    :meth:`Browser.open`)."""
    uri = Path(path).resolve().as_uri()
    page = browser.open(uri, viewport=viewport)
    page.wait_for(READY, timeout=60)
    drawn = page.evaluate(DRAWN)
    page.screenshot(ARTIFACTS / f"{name}.png")
    assert page.requests == [uri], page.requests
    assert page.failed == [] and page.errors == [], (page.failed, page.errors)
    assert not [c for c in page.console if c[0] in ("error", "warning", "assert")], page.console
    assert drawn["canvas"] == 1 and drawn["imgs"] == 0 and drawn["scripts"] == 3
    for p in drawn["positions"].values():
        assert math.isfinite(p["x"]) and math.isfinite(p["y"])
    return page, drawn


def pairs(drawn, sign=None):
    return {frozenset(e[:2]) for e in drawn["edges"] if sign is None or e[2] == sign}


def dom_point(page, node):
    """Viewport CSS pixel of a node's centre."""
    return page.evaluate(f"""(() => {{
      const v = window.allianceView, p = v.network.getPositions([{json.dumps(node)}])[{json.dumps(node)}];
      const d = v.network.canvasToDOM(p), r = document.getElementById('mynetwork').getBoundingClientRect();
      return [d.x + r.left, d.y + r.top]; }})()""")


def hover_tooltip(page, node):
    """Hover the mouse over a node and return the text of vis-network's tooltip."""
    x, y = dom_point(page, node)
    page.mouse_move(x - 3, y - 3)
    page.mouse_move(x, y)
    return page.wait_for("(() => { const t = document.querySelector('div.vis-tooltip');"
                         " return t && t.style.visibility === 'visible' && t.innerText; })()", timeout=10)


def test_snapshot_view_offline(browser, mini, tmp_path):
    path = write_view(mini, tmp_path / "snapshot.html", DAY)
    page, drawn = open_view(browser, path, "snapshot")
    assert drawn["nodes"] == sorted(["USA", "GBR", "FRA", "DEU", "KOR", "JPN", "RUS", "BLR", "CHN", "PRK", "UKR"])
    assert len(pairs(drawn, 1)) == 12 and pairs(drawn, -1) == {frozenset(("RUS", "UKR")), frozenset(("PRK", "UKR"))}
    # physics ran (14 edges) and stopped: the nodes are apart from each other
    pos = drawn["positions"]
    assert min(math.dist((pos[a]["x"], pos[a]["y"]), (pos[b]["x"], pos[b]["y"]))
               for a in pos for b in pos if a < b) > 5
    # the legend lists the four kinds drawn
    legend = page.evaluate("[...document.querySelectorAll('#legend-ties li')].map(li => li.textContent)")
    assert legend == ["defense pact", "consultation pact", "bloc co-membership", "hostility (MID level)"]
    assert "USA" in hover_tooltip(page, "USA") and "degree: 5" in hover_tooltip(page, "USA")


def test_hostile_fact_text_shows_as_text_and_runs_nothing(browser, tmp_path):
    d = tmp_path / "facts"
    shutil.copytree(MINI, d)
    s = d / "states.yaml"
    s.write_text(s.read_text().replace("name: Belarus", f"name: '{IMG_NAME}'")
                 .replace("name: Japan", f"name: '{SCRIPT_NAME}'"), encoding="utf-8")
    t = d / "treaties.yaml"
    t.write_text(t.read_text().replace("name: China-Russia Treaty of 2001", f"name: '{TREATY_NAME}'"))
    g = AllianceGraph.from_facts(load_facts(d))
    for kind, kwargs in [("snapshot", {}), ("ego", {"ego": "BLR", "depth": 2})]:
        path = write_view(g, tmp_path / f"hostile-{kind}.html", DAY, **kwargs)
        page, drawn = open_view(browser, path, f"hostile-{kind}")
        assert "BLR" in drawn["nodes"]
        assert IMG_NAME in hover_tooltip(page, "BLR")
        if kind == "snapshot":
            assert SCRIPT_NAME in hover_tooltip(page, "JPN")
            # the treaty's name, with a closing </script>, is in the CHN-RUS tooltip text
            assert TREATY_NAME in page.evaluate("window.allianceView.edges.get('CHN|RUS|+').title")
        else:
            assert page.evaluate("document.title") == f"Alliances of {IMG_NAME} (BLR) to depth 2, 2025-01-01"
        # search by the hostile name: the state is found and its text shown in the info panel as text
        assert page.evaluate(f"window.allianceView.search({json.dumps(IMG_NAME)})") == "BLR"
        assert page.evaluate("document.getElementById('info').textContent").startswith(IMG_NAME + " (BLR)")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.requests == [path.resolve().as_uri()] and page.errors == []


def test_ego_view(browser, mini, tmp_path):
    path = write_view(mini, tmp_path / "ego.html", DAY, ego="RUS", depth=1)
    page, drawn = open_view(browser, path, "ego")
    assert drawn["nodes"] == ["BLR", "CHN", "PRK", "RUS", "UKR"]
    assert pairs(drawn, 1) == {frozenset(p) for p in [("RUS", "BLR"), ("RUS", "PRK"), ("RUS", "CHN"), ("CHN", "PRK")]}
    assert pairs(drawn, -1) == {frozenset(("RUS", "UKR")), frozenset(("PRK", "UKR"))}


def test_path_view(browser, mini, tmp_path):
    paths = influence_paths(mini, "RUS", "CHN", DAY)
    path = write_view(mini, tmp_path / "path.html", DAY, paths=paths)
    page, drawn = open_view(browser, path, "path")
    hops = page.evaluate("window.allianceView.edges.get({filter: e => e.path === 1}).map(e => e.id).sort()")
    assert hops == ["CHN|PRK|+", "PRK|RUS|+"]
    assert page.evaluate("window.allianceView.nodes.get({filter: n => n.path}).map(n => n.id).sort()") == [
        "CHN", "PRK", "RUS"]
    assert len(drawn["nodes"]) == 11 and len(drawn["edges"]) == 14
    legend = page.evaluate("[...document.querySelectorAll('#legend-ties li')].map(li => li.textContent)")
    assert "path 1: Russia \u2192 North Korea \u2192 China (strength 0.810)" in legend


def test_search_box_finds_and_focuses(browser, mini, tmp_path):
    path = write_view(mini, tmp_path / "search.html", DAY)
    page, _ = open_view(browser, path, "search")
    box = page.evaluate("(() => { const r = document.getElementById('search').getBoundingClientRect();"
                        " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    for typed, expected in [("north korea", "PRK"), ("ROK", "KOR"), ("732", "KOR"), ("ussr", "RUS"), ("Germ", "DEU")]:
        page.click(*box)
        page.evaluate("document.getElementById('search').value = ''")
        page.type_text(typed)
        page.press("Enter")
        assert page.wait_for("window.allianceView.network.getSelectedNodes()[0]") == expected, typed
        name = mini.state_name(expected)
        assert page.evaluate("document.getElementById('info').textContent").startswith(f"{name} ({expected})")
        # focused: the node is at the centre of the network's canvas
        x, y = dom_point(page, expected)
        r = page.evaluate("(() => { const r = document.getElementById('mynetwork').getBoundingClientRect();"
                          " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        assert abs(x - r[0]) < 2 and abs(y - r[1]) < 2
    page.click(*box)
    page.evaluate("document.getElementById('search').value = ''")
    page.type_text("Atlantis")
    page.press("Enter")
    assert page.wait_for("document.getElementById('message').textContent") == "no state matches \u201catlantis\u201d"
    assert page.errors == []


def test_timeline_slider_swaps_years_and_keeps_positions(browser, mini, tmp_path):
    path = write_view(mini, tmp_path / "timeline.html", timeline_dates(1950, 2025, 25))
    page, last = open_view(browser, path, "timeline-2025")
    assert last["frame"] == 3 and len(last["nodes"]) == 11 and len(pairs(last, 1)) == 12 and len(pairs(last, -1)) == 2
    assert page.evaluate("document.getElementById('year').textContent") == "2025"
    page.evaluate("document.getElementById('time').focus()")
    page.press("Home")  # the slider's own keyboard handling moves it to the first year
    page.wait_for("window.allianceView.frame === 0")
    first = page.evaluate(DRAWN)
    page.screenshot(ARTIFACTS / "timeline-1950.png")
    # 1950: NATO's first three, the Korean War (PRK, CHN vs KOR, USA)
    assert first["nodes"] == ["CHN", "FRA", "GBR", "KOR", "PRK", "USA"]
    assert pairs(first, 1) == {frozenset(p) for p in [("USA", "GBR"), ("USA", "FRA"), ("GBR", "FRA")]}
    assert pairs(first, -1) == {frozenset(p) for p in [("PRK", "KOR"), ("PRK", "USA"), ("CHN", "KOR"), ("CHN", "USA")]}
    assert page.evaluate("document.getElementById('year').textContent") == "1950"
    assert page.evaluate("document.getElementById('subtitle').textContent") == (
        "6 states, 3 allied and 4 hostile dyads as of 1950-12-31; clusters on defense, offense pacts")
    for n, p in first["positions"].items():  # a state stays where it was
        assert p == pytest.approx(last["positions"][n], abs=0.01)
    page.press("ArrowRight")
    page.wait_for("window.allianceView.frame === 1")
    assert len(page.evaluate(DRAWN)["edges"]) == 9  # 1975
    assert page.errors == [] and page.requests == [path.resolve().as_uri()]


# ---------------------------------------------------------------------------- a large world
def big_world(d: Path, n_states: int = 200, seed: int = 1) -> Path:
    """A synthetic world: ``n_states`` states, 8 blocs of 30-75 members joining from 1950 to 2010 (a fifth
    of them leave again), 150 bilateral treaties and 10 wars of 6 states: thousands of dyads."""
    rnd = random.Random(seed)
    d.mkdir(parents=True, exist_ok=True)
    ids = [f"S{i:03d}" for i in range(n_states)]

    def dump(name, key, items):
        (d / name).write_text(yaml.safe_dump({key: items}, sort_keys=False), encoding="utf-8")

    dump("sources.yaml", "sources", [{"id": "syn", "publisher": "synthetic", "title": "generated world"}])
    dump("states.yaml", "states", [{"id": s, "name": f"State {s}", "ccode": 2 + i, "sources": ["syn"]}
                                   for i, s in enumerate(ids)])
    blocs = []
    for b in range(8):
        members = []
        for s in sorted(rnd.sample(ids, rnd.randint(30, 75))):
            start = rnd.randint(1950, 2010)
            m = {"state": s, "status": "member", "from": str(start)}
            if rnd.random() < 0.2:
                m["to"] = str(rnd.randint(start, 2024))
            members.append(m)
        blocs.append({"id": f"bloc-{b}", "name": f"Bloc {b}", "kind": "organization", "founded": "1950",
                      "memberships": members, "sources": ["syn"]})
    dump("blocs.yaml", "blocs", blocs)
    treaties = []
    for t in range(150):
        a, b = rnd.sample(ids, 2)
        treaties.append({"id": f"t-{t}", "name": f"Treaty {t}", "parties": [{"state": a}, {"state": b}],
                         "signed": str(rnd.randint(1950, 2015)), "sources": ["syn"],
                         "obligations": [{"type": rnd.choice(["defense", "consultation", "neutrality"])}]})
    dump("treaties.yaml", "treaties", treaties)
    conflicts = []
    for c in range(10):
        y = rnd.randint(1950, 2020)
        conflicts.append({"id": f"war-{c}", "name": f"War {c}", "kind": "war", "start": str(y),
                          "end": str(y + rnd.randint(0, 4)), "hostility_level": 5, "sources": ["syn"],
                          "participants": [{"state": s, "side": "AB"[i % 2]} for i, s in enumerate(rnd.sample(ids, 6))]})
    dump("conflicts.yaml", "conflicts", conflicts)
    dump("supports.yaml", "supports", [])
    return d


def test_large_world_stays_responsive(browser, tmp_path):
    g = AllianceGraph.from_facts(load_facts(big_world(tmp_path / "big")))
    timings = {}
    for name, as_of in [("large-snapshot", dt.date(2020, 12, 31)), ("large-timeline", timeline_dates(1950, 2020, 5))]:
        t0 = time.perf_counter()
        data = build_view(g, as_of)
        path = write_view(g, tmp_path / f"{name}.html", as_of)
        t1 = time.perf_counter()
        page, drawn = open_view(browser, path, name)
        t2 = time.perf_counter()
        expected = view_counts(data)
        assert data["physics"] is False  # thousands of edges: drawn at the Python positions at once
        assert expected["allied"] > 3000  # this is a large graph
        assert len(drawn["nodes"]) == expected["states"]
        assert len(drawn["edges"]) == expected["allied"] + expected["hostile"]
        # vis-network draws the Python layout as given (getPositions rounds to whole pixels)
        items = {data["node_items"][k]["id"]: data["node_items"][k] for k in data["frames"][data["initial"]]["nodes"]}
        for n, p in drawn["positions"].items():
            assert (p["x"], p["y"]) == pytest.approx((items[n]["x"], items[n]["y"]), abs=1)
        if name == "large-timeline":
            t3 = time.perf_counter()
            page.evaluate("window.allianceView.showFrame(0)")
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            timings["large-timeline swap to 1950 (s)"] = round(time.perf_counter() - t3, 3)
            c0 = view_counts(data, 0)
            drawn0 = page.evaluate(DRAWN)
            assert (len(drawn0["nodes"]), len(drawn0["edges"])) == (c0["states"], c0["allied"] + c0["hostile"])
        timings[f"{name}: dyads"] = len(drawn["edges"])
        timings[f"{name}: build and write (s)"] = round(t1 - t0, 3)
        timings[f"{name}: open to drawn (s)"] = round(t2 - t1, 3)
        assert t2 - t1 < 30
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=1))
    print(timings)


def test_notebook_repr_draws_inside_its_sandboxed_frame(browser, mini, tmp_path):
    from alliancegraph.views.notebook import view

    v = view(mini, DAY, height=600)
    repr_html = v._repr_html_()
    assert repr_html.startswith('<iframe sandbox="allow-scripts" srcdoc="') and "<script" not in repr_html
    # a notebook cell: the repr inside a page of its own (Jupyter puts outputs in its page the same way)
    path = tmp_path / "notebook.html"
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>notebook</title></head>"
                    f"<body><div class='output'>{repr_html}</div></body></html>", encoding="utf-8")
    uri = path.resolve().as_uri()
    page = browser.open("about:blank")
    frames = []  # Chromium runs a sandboxed frame in a process of its own: attach to it as it starts
    record = page.event

    def event(method, params):
        record(method, params)
        if method == "Target.attachedToTarget" and params["targetInfo"]["type"] == "iframe":
            child = browser.pages[params["sessionId"]] = Page(browser, params["sessionId"])
            for domain in ("Runtime", "Log", "Network"):
                child.send(f"{domain}.enable")
            child.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                            "downloadThroughput": -1, "uploadThroughput": -1})
            child.send("Runtime.runIfWaitingForDebugger")
            frames.append(child)

    page.event = event
    page.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True})
    page.goto(uri)
    deadline = time.monotonic() + 30
    while not frames:
        assert time.monotonic() < deadline, "no frame was attached"
        browser.pump(lambda: False, 0.05, None)
    (frame,) = frames
    frame.wait_for(READY, timeout=60)
    in_frame = frame.evaluate
    drawn = in_frame(DRAWN)
    page.screenshot(ARTIFACTS / "notebook.png")
    assert drawn["nodes"] == sorted(["USA", "GBR", "FRA", "DEU", "KOR", "JPN", "RUS", "BLR", "CHN", "PRK", "UKR"])
    assert len(pairs(drawn, 1)) == 12 and len(pairs(drawn, -1)) == 2 and drawn["canvas"] == 1
    # sandboxed: an opaque origin, so the notebook's page cannot reach into it, nor it into the notebook
    assert in_frame("window.origin") == "null" and in_frame("window.parent === window") is False
    assert page.evaluate("(() => { try { return !!document.querySelector('iframe').contentWindow.allianceView; }"
                         " catch (e) { return 'blocked'; } })()") in ("blocked", False)
    assert page.requests == [uri] and frame.requests == [], (page.requests, frame.requests)  # srcdoc: nothing loaded
    for p in (page, frame):
        assert p.failed == [] and p.errors == [], (p.failed, p.errors)
        assert not [c for c in p.console if c[0] in ("error", "warning", "assert")], p.console
    # the frame is the page write_view writes
    import html

    assert v.html() == html.unescape(repr_html.split('srcdoc="')[1].split('" title=')[0])


# ---------------------------------------------------------------------------- legibility at 1400x900
# The page draws the labels itself (view.labels: which state's label is drawn, its text and on which side
# of the dot); the boxes are worked out here again from vis-network's own positions (getPositions,
# canvasToDOM, getScale), the node radius and the text width measured in a canvas of the test's own.
LEGIBLE = """(() => {
  const v = window.allianceView, net = v.network, L = v.labelMetrics;
  const rect = document.getElementById('mynetwork').getBoundingClientRect();
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = L.font;
  const scale = net.getScale(), ids = v.nodes.getIds(), pos = net.getPositions(ids);
  const dots = ids.map(id => { const c = net.canvasToDOM(pos[id]), r = v.nodes.get(id).size * scale;
                               return {id, x: c.x, y: c.y, r}; });
  const byId = Object.fromEntries(dots.map(d => [d.id, d]));
  const boxes = v.labels.map(l => {
    const d = byId[l.id], w = ctx.measureText(l.text).width + 2 * L.pad, h = L.height;
    const at = {below: [d.x - w / 2, d.y + d.r + L.gap], above: [d.x - w / 2, d.y - d.r - L.gap - h],
                right: [d.x + d.r + L.gap, d.y - h / 2], left: [d.x - d.r - L.gap - w, d.y - h / 2]}[l.side];
    return {id: l.id, text: l.text, x: at[0], y: at[1], w, h};
  });
  return {width: rect.width, height: rect.height, dots, boxes, scale,
          sizes: Object.fromEntries(ids.map(id => [id, v.nodes.get(id).size]))};
})()"""


def overlapping(boxes):
    return [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"]
            and b["y"] < a["y"] + a["h"]]


def check_legible(page, margin=20):
    """Every node inside the canvas with a margin, no two drawn labels overlapping, every label inside the
    canvas; returns the measurements."""
    m = page.evaluate(LEGIBLE)
    outside = [d["id"] for d in m["dots"] if d["x"] - d["r"] < margin or d["y"] - d["r"] < margin
               or d["x"] + d["r"] > m["width"] - margin or d["y"] + d["r"] > m["height"] - margin]
    assert outside == []
    assert overlapping(m["boxes"]) == []
    assert all(b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= m["width"] and b["y"] + b["h"] <= m["height"]
               for b in m["boxes"])
    return m


@pytest.fixture(scope="module")
def wide_browser():
    with Browser(width=1400, height=900) as b:
        yield b


def zoom_in(page, factor=2.5):
    page.evaluate(f"(() => {{ const n = window.allianceView.network; n.moveTo({{scale: n.getScale() * {factor},"
                  " animation: false}); })()")
    page.evaluate("new Promise(r => { window.allianceView.network.once('afterDrawing', r);"
                  " window.allianceView.network.redraw(); })")


@pytest.mark.parametrize("world", ["seed", "system-2014"])
def test_views_fit_the_viewport_and_labels_never_overlap(wide_browser, tmp_path, world):
    from alliancegraph.workspace import open_graph

    if world == "seed":
        g, day = open_graph(), DAY
    else:
        if not (DATA / "cow" / "states2016.csv").is_file() or not (DATA / "atop" / "atop4_01m.csv").is_file():
            pytest.fail(f"the real datasets are missing in {DATA}: set ALLIANCEGRAPH_SHARED_DATA")
        g, day = open_graph([SEED, DATA / "cow", DATA / "atop"]), dt.date(2014, 12, 31)
    path = write_view(g, tmp_path / f"{world}.html", day)
    page, drawn = open_view(wide_browser, path, f"legible-{world}")
    m = check_legible(page)
    n = len(drawn["nodes"])
    assert n == len(m["dots"]) and n > (150 if world != "seed" else 60)
    # the most central state is labelled: labels go by size first
    top = max(m["sizes"].values())
    labelled = {b["id"] for b in m["boxes"]}
    assert any(i in labelled for i, s in m["sizes"].items() if s == top)
    assert len(labelled) >= n // 3
    # nodes do not become a blot: no two dots of the view overlap on screen
    dots = m["dots"]
    assert min(math.dist((a["x"], a["y"]), (b["x"], b["y"])) - a["r"] - b["r"]
               for i, a in enumerate(dots) for b in dots[i + 1:]) > -1
    # zoomed in, more labels fit, still none over another
    zoom_in(page)
    page.screenshot(ARTIFACTS / f"legible-{world}-zoomed.png")
    z = page.evaluate(LEGIBLE)
    assert overlapping(z["boxes"]) == []
    # a selected state is labelled whatever its size (searching selects it)
    small = min(m["sizes"], key=lambda i: (m["sizes"][i], i))
    page.evaluate("window.allianceView.fit()")
    assert page.evaluate(f"window.allianceView.search({json.dumps(small)})") == small
    page.evaluate("new Promise(r => { window.allianceView.network.once('afterDrawing', r);"
                  " window.allianceView.network.redraw(); })")
    s = page.evaluate(LEGIBLE)
    assert small in {b["id"] for b in s["boxes"]} and overlapping(s["boxes"]) == []
    assert page.errors == []


@pytest.mark.parametrize("kind", ["ego", "path", "timeline"])
def test_ego_path_and_timeline_views_are_legible(wide_browser, tmp_path, kind):
    from alliancegraph.workspace import open_graph

    g = open_graph()
    kwargs = {"ego": {"ego": "RUS", "depth": 2}, "path": {"paths": influence_paths(g, "RUS", "PRK", DAY, k=2)},
              "timeline": {}}[kind]
    when = timeline_dates(1950, 2025, 25) if kind == "timeline" else DAY
    path = write_view(g, tmp_path / f"{kind}.html", when, **kwargs)
    page, drawn = open_view(wide_browser, path, f"legible-{kind}")
    check_legible(page)
    if kind == "timeline":  # the first year too: the fit covers every year's states
        page.evaluate("window.allianceView.showFrame(0)")
        page.evaluate("new Promise(r => { window.allianceView.network.once('afterDrawing', r);"
                      " window.allianceView.network.redraw(); })")
        check_legible(page)
    if kind == "path":  # the states on the path come first
        on_path = set(page.evaluate("window.allianceView.nodes.get({filter: n => n.path}).map(n => n.id)"))
        assert on_path <= {lab["id"] for lab in page.evaluate("window.allianceView.labels")}


# ---------------------------------------------------------------------------- the bloc view
def test_bloc_view_aggregates_and_a_click_expands_a_bloc(wide_browser, mini, tmp_path):
    # mini as of 2025-01-01 (see test_snapshot_view_offline: 12 allied, 2 hostile dyads): clusters
    # C1 = CHN, PRK, RUS (China-DPRK Treaty), C2 = DEU, FRA, GBR (NATO without the US), C3 = USA, JPN, KOR,
    # unaligned BLR, UKR. Between blocs: NATO's three dyads USA-DEU, USA-FRA, USA-GBR (C2-C3); RUS-BLR
    # (Eastern bloc, C1-unaligned); RUS-UKR and PRK-UKR at war (C1-unaligned hostile, 2 dyads, level 5).
    path = write_view(mini, tmp_path / "blocs.html", DAY, blocs=True)
    page, drawn = open_view(wide_browser, path, "blocs-mini")
    assert drawn["nodes"] == ["bloc:C1", "bloc:C2", "bloc:C3", "bloc:unaligned"]
    assert sorted(drawn["edges"]) == [["bloc:C1", "bloc:unaligned", -1], ["bloc:C1", "bloc:unaligned", 1],
                                      ["bloc:C2", "bloc:C3", 1]]
    edge = page.evaluate("window.allianceView.edges.get('bloc:C2|bloc:C3|+')")
    assert edge["dyads"] == 3 and edge["strength"] == pytest.approx(3 * 0.9)
    assert "North Atlantic Treaty Organization [defense], strength 0.90, 3 dyads" in edge["title"]
    hostile = page.evaluate("window.allianceView.edges.get('bloc:C1|bloc:unaligned|-')")
    assert hostile["dyads"] == 2 and hostile["level"] == 5 and "Russian invasion of Ukraine" in hostile["title"]
    sizes = page.evaluate("Object.fromEntries(window.allianceView.nodes.get().map(n => [n.id, n.size]))")
    assert (sizes["bloc:C1"] / sizes["bloc:unaligned"]) ** 2 == pytest.approx(3 / 2, rel=0.01)  # area by states
    check_legible(page)
    # a real click on the China-DPRK bloc shows its three states in place of it
    page.click(*dom_point(page, "bloc:C1"))
    page.wait_for("window.allianceView.expanded === 'bloc:C1'")
    after = page.evaluate(DRAWN)
    page.screenshot(ARTIFACTS / "blocs-mini-expanded.png")
    assert after["nodes"] == ["CHN", "PRK", "RUS", "bloc:C2", "bloc:C3", "bloc:unaligned"]
    assert sorted(after["edges"]) == sorted([
        ["CHN", "PRK", 1], ["CHN", "RUS", 1], ["PRK", "RUS", 1],  # their own ties
        ["RUS", "bloc:unaligned", 1],  # RUS-BLR
        ["RUS", "bloc:unaligned", -1], ["PRK", "bloc:unaligned", -1],  # the war on Ukraine
        ["bloc:C2", "bloc:C3", 1]])
    check_legible(page)
    # "Show blocs" folds them back
    r = page.evaluate("(() => { const r = document.getElementById('collapse').getBoundingClientRect();"
                      " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    page.click(*r)
    page.wait_for("window.allianceView.expanded === null")
    assert page.evaluate(DRAWN)["nodes"] == drawn["nodes"]
    # searching a state opens its bloc
    assert page.evaluate("window.allianceView.search('Japan')") == "JPN"
    assert page.evaluate("window.allianceView.expanded") == "bloc:C3"
    assert page.errors == []


def test_bloc_view_of_1980_is_legible(wide_browser, tmp_path):
    from alliancegraph.workspace import open_graph

    if not (DATA / "cow" / "states2016.csv").is_file() or not (DATA / "atop" / "atop4_01m.csv").is_file():
        pytest.fail(f"the real datasets are missing in {DATA}: set ALLIANCEGRAPH_SHARED_DATA")
    g = open_graph([SEED, DATA / "cow", DATA / "atop"])
    path = write_view(g, tmp_path / "blocs-1980.html", dt.date(1980, 12, 31), blocs=True)
    page, drawn = open_view(wide_browser, path, "blocs-1980")
    m = check_legible(page)
    assert {b["id"] for b in m["boxes"]} == set(drawn["nodes"])  # every bloc is labelled
    nato = page.evaluate("Object.keys(window.allianceView.data.blocs).find("
                         "k => window.allianceView.data.blocs[k].name === 'NATO')")
    page.click(*dom_point(page, nato))
    page.wait_for(f"window.allianceView.expanded === {json.dumps(nato)}")
    page.evaluate("new Promise(r => { window.allianceView.network.once('afterDrawing', r);"
                  " window.allianceView.network.redraw(); })")
    page.screenshot(ARTIFACTS / "blocs-1980-nato.png")
    states = set(page.evaluate("window.allianceView.nodes.getIds()"))
    assert {"USA", "GBR", "FRA", "TUR"} <= states and nato not in states
    check_legible(page)


# ---------------------------------------------------------------------------- the fit, as a user's browser opens it
# A fresh tab of a window of the user's size, nothing called in the page: the page first has the window's
# size less its browser UI, then grows to the whole window, as `chromium --headless --screenshot
# --window-size=W,H` does before it captures (and as a user's maximizing the window does). Each node's disc
# is measured from vis-network's own canvasToDOM, getScale and the node's radius, against the rectangle of
# the canvas element that shows: inside the viewport and left of the legend panel.
DISCS = """(() => {
  const v = window.allianceView, net = v.network, scale = net.getScale(), ids = v.nodes.getIds();
  const pos = net.getPositions(ids), c = document.querySelector('#mynetwork canvas').getBoundingClientRect();
  const legend = document.getElementById('legend').getBoundingClientRect();
  const centre = net.DOMtoCanvas({x: c.width / 2, y: c.height / 2});
  return {discs: ids.map(id => { const d = net.canvasToDOM(pos[id]);
                                 return {id, x: c.left + d.x, y: c.top + d.y, r: v.nodes.get(id).size * scale}; }),
          visible: {left: Math.max(c.left, 0), top: Math.max(c.top, 0),
                    right: Math.min(c.right, innerWidth, legend.left), bottom: Math.min(c.bottom, innerHeight)},
          viewport: [innerWidth, innerHeight], scale, centre, autoFit: v.autoFit};
})()"""
NEXT_PAINT = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def check_fits(page, margin=20):
    """Every node's disc inside the visible canvas with ``margin`` CSS pixels to spare, and the network
    not shrunk to a speck (it spans most of the canvas's width or height); returns the measurements."""
    m = page.evaluate(DISCS)
    v = m["visible"]
    outside = [(d["id"], round(d["x"]), round(d["y"]), round(d["r"])) for d in m["discs"]
               if d["x"] - d["r"] < v["left"] + margin or d["x"] + d["r"] > v["right"] - margin
               or d["y"] - d["r"] < v["top"] + margin or d["y"] + d["r"] > v["bottom"] - margin]
    assert outside == [], (m["viewport"], v)
    span_x = max(d["x"] + d["r"] for d in m["discs"]) - min(d["x"] - d["r"] for d in m["discs"])
    span_y = max(d["y"] + d["r"] for d in m["discs"]) - min(d["y"] - d["r"] for d in m["discs"])
    assert span_x > 0.75 * (v["right"] - v["left"]) or span_y > 0.75 * (v["bottom"] - v["top"])
    return m


@pytest.mark.parametrize("size", [(1400, 900), (1920, 1080), (900, 700)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_seed_fits_the_window_as_a_user_opens_it(tmp_path, size):
    from alliancegraph.workspace import open_graph

    width, height = size
    path = write_view(open_graph(), tmp_path / "view.html", dt.date.today())  # what `alliancegraph view` writes
    name = f"fit-{width}x{height}"
    with Browser(width=width, height=height) as b:
        page, drawn = open_view(b, path, f"{name}-load", viewport=False)
        loaded = check_fits(page)
        assert len(loaded["discs"]) == len(drawn["nodes"]) > 60
        assert loaded["viewport"][1] < height  # the window's browser UI takes some of it: the page grows next
        page.resize_window(width, height)
        page.evaluate(NEXT_PAINT)
        page.screenshot(ARTIFACTS / f"{name}.png")
        grown = check_fits(page)
        assert grown["viewport"] == [width, height]
        # once the user has zoomed (the mouse wheel, off the centre), a resize keeps the user's view: the
        # canvas point at the centre stays there (vis-network's own resize), the network is not fitted again
        c = grown["visible"]
        x, y = c["left"] + (c["right"] - c["left"]) / 3, c["top"] + (c["bottom"] - c["top"]) / 3
        page.mouse_move(x, y)
        page.send("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": -300})
        page.wait_for(f"window.allianceView.network.getScale() > {grown['scale'] * 1.05}")
        zoomed = page.evaluate(DISCS)
        assert zoomed["autoFit"] is False
        page.resize_window(width, height - 120)
        page.evaluate(NEXT_PAINT)
        after = page.evaluate(DISCS)
        assert (after["centre"]["x"], after["centre"]["y"]) == pytest.approx(
            (zoomed["centre"]["x"], zoomed["centre"]["y"]), abs=1 / zoomed["scale"])
        # the whole network again on request (view.fit), then it follows the window again
        page.evaluate("window.allianceView.fit()")
        page.resize_window(width, height)
        page.evaluate(NEXT_PAINT)
        check_fits(page)
        assert page.errors == [] and page.requests == [path.resolve().as_uri()]
