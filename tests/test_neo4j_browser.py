"""Neo4j Browser, served by ``scripts/neo4j-server`` at ``/browser/``, driven in headless Chromium.

The seed is loaded into the test server; Chromium (:class:`~alliancegraph.views.browser.Browser` with
``loopback=True``: 127.0.0.1 and nothing else is reachable) opens Browser, connects through its connect form
with the test credentials, and for every file of cypher/queries/ (a glob: whatever files there are) pastes
its ``:param`` lines and its query into Browser's editor, runs each, and reads the result rows back from the
result frame's Table view. They must equal the rows the Python driver gets for the same file on the same
database (Browser shows what the library would), and for two files the values worked out by hand from the
seed. cypher/alliancegraph.grass is loaded with ``:style`` and a graph result is drawn with it.

Screenshots go to test-artifacts/neo4j-browser/ (one per query file, one of the styled graph), with
``timings.json`` (Browser's start, connection, each query). The picture in the docs is the styled graph:
``ALLIANCEGRAPH_DOCS_IMG=docs/img/neo4j-browser.png`` copies it there (docs/neo4j-server.md, "Neo4j Browser"), and
``ALLIANCEGRAPH_DOCS_IMG_CLUSTERS=docs/img/neo4j-browser-nato-1980.png`` the written-back NATO cluster of 1980.

Text goes into Browser's editor (Monaco) as a paste: typed key by key, Monaco would close every brace that
is followed by a line break and add a stray ``}``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from alliancegraph import schema
from alliancegraph.views.browser import Browser, Page
from conftest import CYPHER, REPO, SEED, SERVER_SCRIPT
from test_neo4j_queries import _parts
from test_neo4j_queries import run as run_with_driver

ARTIFACTS = REPO / "test-artifacts" / "neo4j-browser"
GRASS = CYPHER / "alliancegraph.grass"
QUERIES = sorted((CYPHER / "queries").glob("*.cypher"))
PARAM_LINE = re.compile(r"^// (:param \w+ => .+)$", re.MULTILINE)

SETTINGS = {
    # no telemetry, crash reports, guides or sample scripts; one statement per run; only the relationships
    # a query returns are drawn (autoComplete off: Browser would otherwise add every tie between the nodes)
    "allowCrashReports": False, "allowUserStats": False, "playImplicitInitCommands": False,
    "showSampleScripts": False, "autoComplete": False, "maxFrames": 100, "theme": "normal",
}
"""Browser settings written to its local storage (``neo4j.settings``) before it starts."""

FRAME = "document.querySelector('[data-testid=stream] [data-testid=frame]')"  # the newest frame is first
FRAMES = "document.querySelectorAll('[data-testid=stream] [data-testid=frame]').length"
FRAME_DONE = f"""(() => {{ const f = {FRAME}; if (!f) return false;
  if (f.querySelector('[data-testid=cypherFrameErrorMessage], [data-testid=errorBanner]')) return 'error';
  const bar = f.querySelector('[data-testid=frameStatusbar]');
  if (bar && /completed after/i.test(bar.textContent)) return 'done';  // the Table view's bar, once all came
  return f.querySelector('svg g.node') ? 'done' : false; }})()  // the Graph view: drawn"""
TABLE = f"""(() => {{ const f = {FRAME};
  const table = f.querySelector('table[role=table]');
  if (!table) return {{columns: [], rows: [], text: f.innerText.slice(-300)}};  // the end: after the query
  return {{columns: [...table.querySelectorAll('th[role=columnheader]')].map(h => h.textContent),
          rows: [...table.querySelectorAll('tbody tr[role=row]')].map(
            r => [...r.querySelectorAll('td[role=cell]')].map(c => c.textContent)),
          text: ''}}; }})()"""
DRAWN = """(() => {
  const svg = document.querySelector('[data-testid=stream] [data-testid=frame] svg g.node').ownerSVGElement;
  const nodes = [...svg.querySelectorAll('g.node')].map(g => ({
    caption: [...g.querySelectorAll('text.caption')].map(t => t.textContent.trim()).join(' '),
    fill: g.querySelector('circle.b-outline').getAttribute('fill'),
    r: Number(g.querySelector('circle.b-outline').getAttribute('r'))}));
  const rels = [...svg.querySelectorAll('g.relationship')].map(g => ({
    caption: (g.querySelector('text') || {textContent: ''}).textContent.trim(),
    fill: g.querySelector('path.b-outline').getAttribute('fill')}));
  return {nodes, rels};
})()"""


# ---------------------------------------------------------------------------- the style sheet, parsed
def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """``selector -> {property: value}`` of a GraSS file, strictly: no comments (Browser's parser has none),
    one ``property: value`` per declaration, quotes dropped as Browser drops them."""
    rule = re.compile(r"""\s*([^{}'"\s]+)\s*\{((?:[^{}'"]|'[^']*'|"[^"]*")*)\}\s*""")
    rules: dict[str, dict[str, str]] = {}
    at = 0
    while at < len(text):
        m = rule.match(text, at)
        assert m, f"not a rule at character {at}: {text[at:at + 40]!r}"
        at = m.end()
        selector = m.group(1)
        assert re.fullmatch(r"(node|relationship)(\.\w+)?", selector), f"bad selector {selector!r}"
        assert selector not in rules, f"{selector} twice"
        rules[selector] = {}
        for d in (d.strip() for d in m.group(2).split(";")):
            if d:
                assert d.count(":") == 1, f"{selector}: {d!r} is not one 'property: value'"
                k, v = (x.strip() for x in d.split(":"))
                rules[selector][k] = v.strip("'\"")
    return rules


def schema_names() -> tuple[set[str], set[str]]:
    """Every node label and relationship type that :mod:`alliancegraph.schema` defines (any public
    :class:`~alliancegraph.schema.NodeLabel` / :class:`~alliancegraph.schema.RelType`, alone or in a dict)."""
    labels: set[str] = set()
    types: set[str] = set()
    for value in vars(schema).values():
        values = value.values() if isinstance(value, dict) else [value]
        for v in values:
            if isinstance(v, schema.NodeLabel):
                labels.add(v.name)
            elif isinstance(v, schema.RelType):
                types.add(v.name)
    return labels, types


def test_the_style_sheet_styles_every_label_and_relationship_type_of_the_schema() -> None:
    rules = parse_grass(GRASS.read_text(encoding="utf-8"))
    labels, types = schema_names()
    assert {"State", "Bloc", "Treaty", "Conflict", "Source", "LoadSet"} <= labels  # the reading works
    assert {"ALLIED_WITH", "HOSTILE_TO", "MEMBER_OF", "PARTY_TO"} <= types
    styled_labels = {s.split(".", 1)[1] for s in rules if s.startswith("node.")}
    styled_types = {s.split(".", 1)[1] for s in rules if s.startswith("relationship.")}
    assert labels - styled_labels == set(), "labels of schema.py without a style"
    assert types - styled_types == set(), "relationship types of schema.py without a style"
    # Cluster nodes are written back by the analyses: captioned by their name like every named node
    for label in ("State", "Bloc", "Treaty", "Conflict", "Cluster"):
        assert rules[f"node.{label}"]["caption"] == "{name}", label
    assert len({rules[f"node.{label}"]["color"] for label in styled_labels}) == len(styled_labels), "one colour a label"
    assert rules["relationship.HOSTILE_TO"]["color"] == "#D62728"  # the HTML view's hostility red
    # GraSS has no width by property: ALLIED_WITH is the widest line, its caption the tie's kind and strength
    widths = {t: float(rules[f"relationship.{t}"]["shaft-width"].removesuffix("px")) for t in styled_types}
    assert max(widths, key=widths.__getitem__) == "ALLIED_WITH"
    assert rules["relationship.ALLIED_WITH"]["caption"] == "{tie_kind} {strength}"
    for selector, props in rules.items():
        for k, v in props.items():
            if "color" in k:
                assert re.fullmatch(r"#[0-9A-F]{6}", v), (selector, k, v)


# ---------------------------------------------------------------------------- Browser in Chromium
class NeoBrowser:
    """One Browser page, connected; runs editor text and reads the newest frame back."""

    def __init__(self, page: Page, timings: dict[str, Any]):
        self.page, self.timings = page, timings

    def run(self, text: str, timeout: float = 60.0) -> str:
        """Paste ``text`` into the editor, run it, wait for its frame; returns ``'done'`` or ``'error'``
        (``:param`` and ``:style`` frames: ``'done'`` once their frame is there)."""
        page = self.page
        before = page.evaluate(FRAMES)
        page.evaluate("document.querySelector('#monaco-main-editor textarea').focus()")
        page.evaluate(f"""(t => {{ const dt = new DataTransfer(); dt.setData('text/plain', t);
          document.querySelector('#monaco-main-editor textarea').dispatchEvent(
            new ClipboardEvent('paste', {{clipboardData: dt, bubbles: true, cancelable: true}})); }})({json.dumps(text)})""")
        page.evaluate("document.querySelector('[data-testid=editor-Run]').click()")
        page.wait_for(f"{FRAMES} > {before}", timeout=timeout)
        command = page.evaluate(f"{FRAME}.querySelector('[data-testid=frameCommand]').textContent")
        assert " ".join(command.split()) == " ".join(text.split()), (command, text)  # what was typed ran
        if text.startswith(":"):
            return "done"
        return str(page.wait_for(FRAME_DONE, timeout=timeout))

    def rows(self) -> list[dict[str, Any]]:
        """The newest frame's Table view, each cell read as JSON (Browser writes strings quoted, lists in
        brackets, null as null)."""
        page = self.page
        if page.evaluate(f"!!{FRAME}.querySelector('[data-testid=cypherFrameSidebarTable]')"):
            page.evaluate(f"{FRAME}.querySelector('[data-testid=cypherFrameSidebarTable]').click()")
        page.wait_for(f"!!{FRAME}.querySelector('table[role=table]') || /no records/.test({FRAME}.innerText)")
        table = page.evaluate(TABLE)
        if not table["columns"]:
            assert "no records" in table["text"], table["text"]
            return []
        return [dict(zip(table["columns"], (json.loads(c) for c in cells))) for cells in table["rows"]]


def shown(value: Any) -> Any:
    """A driver value as Browser's Table view shows it, read as JSON: temporal values as ISO text, nodes and
    relationships as their properties (compared with :meth:`NeoBrowser.rows` after :func:`as_read`)."""
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [shown(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def as_read(value: Any) -> Any:
    """A cell of Browser's table with an entity (``{identity, labels, properties, elementId}``) reduced to
    its properties, as the driver's ``Record.data()`` gives them."""
    if isinstance(value, dict):
        if "elementId" in value and "properties" in value:
            return as_read(value["properties"])
        return {k: as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_read(v) for v in value]
    return value


@pytest.fixture(scope="module")
def timings() -> Iterator[dict[str, Any]]:
    """Seconds measured by this module, written to test-artifacts/neo4j-browser/timings.json at its end."""
    found: dict[str, Any] = {}
    yield found
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def seeded(neo4j_guarded, timings) -> Iterator[Any]:
    """A driver session on the test database holding exactly the seed (load set 'seed')."""
    from alliancegraph.neo4j_store import Neo4jStore
    from alliancegraph.workspace import open_graph
    from conftest import wipe

    t = time.monotonic()
    wipe(neo4j_guarded)
    with Neo4jStore(neo4j_guarded) as store:
        store.load(open_graph([SEED]), "seed")
        timings["seed_loaded_s"] = round(time.monotonic() - t, 2)
        with store.driver.session(database=neo4j_guarded.database) as session:
            yield session


@pytest.fixture(scope="module")
def neo(neo4j_guarded, seeded, timings) -> Iterator[NeoBrowser]:
    """Browser open and connected as the test user, on the test server's own HTTP port."""
    settings = neo4j_guarded
    bolt = urlsplit(settings.uri)
    assert bolt.hostname == "127.0.0.1", f"Browser is tested on the local server only, not {settings.uri}"
    http_port = _http_port()
    origin = f"http://127.0.0.1:{http_port}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    t0 = time.monotonic()
    with Browser(width=1400, height=900, loopback=True) as b:
        # the discovery document is on Browser's origin: its local storage takes the settings before it starts
        page = b.open(f"{origin}/", offline=False, timeout=60)
        page.evaluate(f"localStorage.setItem('neo4j.settings', {json.dumps(json.dumps(SETTINGS))})")
        page.goto(f"{origin}/browser/?dbms=bolt://{settings.user}@127.0.0.1:{bolt.port}", timeout=60)
        page.wait_for("!!document.querySelector('[data-testid=connect]')", timeout=90)
        timings["browser_start_s"] = round(time.monotonic() - t0, 2)
        form = page.evaluate("['boltaddress', 'username'].map(t => document.querySelector(`[data-testid=${t}]`).value)")
        assert form == [f"127.0.0.1:{bolt.port}", settings.user]
        page.evaluate("document.querySelector('[data-testid=password]').focus()")
        page.type_text(settings.password or "")
        page.evaluate("document.querySelector('[data-testid=connect]').click()")
        page.wait_for("document.querySelector('[data-testid=stream]').innerText.includes('You are connected as user')",
                      timeout=60)
        timings["connected_s"] = round(time.monotonic() - t0, 2)
        page.screenshot(ARTIFACTS / "connected.png")
        yield NeoBrowser(page, timings)
        outside = sorted({u for u in page.requests if urlsplit(u).scheme not in ("data", "blob")
                          and urlsplit(u).hostname != "127.0.0.1"})
        for url in outside:  # Browser asks for Google Fonts, Sentry, Segment, Canny: none of them is reached
            assert any(e.endswith(url) and "ERR_PROXY_CONNECTION_FAILED" in e for e in page.errors), url
        timings["requests_not_to_127.0.0.1_all_refused"] = outside
        timings["total_s"] = round(time.monotonic() - t0, 2)


def _http_port() -> int:
    """The HTTP port of the test server: ``NEO4J_HTTP_PORT``, else (``auto``) the one ``scripts/neo4j-server``
    started it on (``<home>/run/ports``: ``BOLT HTTP``), else 7474."""
    port = os.environ.get("NEO4J_HTTP_PORT", "")
    if port.isdigit():
        return int(port)
    home = subprocess.run([str(SERVER_SCRIPT), "home"], check=False, capture_output=True, text=True, timeout=60).stdout.strip()
    ports = Path(home, "run", "ports")
    return int(ports.read_text().split()[1]) if home and ports.is_file() else 7474


def run_file(neo: NeoBrowser, path: Path) -> list[dict[str, Any]]:
    """Run a query file in Browser as a user would: its ``:param`` lines, then its query; the rows shown."""
    text = path.read_text(encoding="utf-8")
    _, _, body = _parts(path)
    for line in PARAM_LINE.findall(text):
        assert neo.run(line) == "done"
        assert "Successfully set your parameter" in neo.page.evaluate(f"{FRAME}.innerText"), line
    t = time.monotonic()
    outcome = neo.run(body)
    neo.timings[f"query {path.name} s"] = round(time.monotonic() - t, 2)
    neo.page.screenshot(ARTIFACTS / f"{path.stem}.png")
    assert outcome == "done", neo.page.evaluate(f"{FRAME}.innerText")[:1000]
    return neo.rows()


@pytest.mark.neo4j
@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_browser_shows_the_rows_the_driver_gets(neo: NeoBrowser, seeded: Any, path: Path) -> None:
    in_browser = [as_read(r) for r in run_file(neo, path)]
    with_driver = [shown(r) for r in run_with_driver(seeded, path.name)]
    assert in_browser == with_driver


@pytest.mark.neo4j
def test_browser_shows_the_allies_of_north_korea(neo: NeoBrowser) -> None:
    path = CYPHER / "queries" / "allies_as_of.cypher"
    assert "// :param state => 'PRK'" in path.read_text() and "// :param asOf => '2025-06-01'" in path.read_text()
    rows = run_file(neo, path)
    # the seed: RUS by the 2024 treaty, in force 2024-12-04, and three support relations (noisy-OR
    # 1 - 0.1 * 0.7^3 = 0.9657, first); CHN by the 1961 treaty (never ended, 0.9); the Soviet treaty expired
    # in 1996 and the 2000 treaty ended on 2024-12-03
    assert [r["ally"] for r in rows] == ["RUS", "CHN"]
    assert rows[1]["via"] == ["chn-prk-1961"]
    assert "rus-prk-2024" in rows[0]["via"] and "ussr-prk-1961" not in rows[0]["via"]


@pytest.mark.neo4j
def test_browser_shows_what_the_2024_treaty_superseded(neo: NeoBrowser) -> None:
    path = CYPHER / "queries" / "treaty_superseded.cypher"
    assert "// :param treaty => 'rus-prk-2024'" in path.read_text()
    rows = run_file(neo, path)
    # rus-prk-2024 (in force 2024-12-04) supersedes the Soviet treaty of 1961, the treaty of 2000 and the
    # declarations of 2000 and 2001 (seed/treaties.yaml, supersedes)
    assert sorted(r["treaty"] for r in rows) == sorted(["ussr-prk-1961", "rus-prk-2000", "rus-prk-declaration-2000",
                                                        "rus-prk-declaration-2001"])
    assert {tuple(r["chain"]) for r in rows} == {("rus-prk-2024", r["treaty"]) for r in rows}


def js_number(x: float) -> str:
    """A float as JavaScript writes it (``String(x)``): the shortest text that reads back as ``x``, as Python's
    ``repr``, but without ``.0`` for a whole number."""
    return str(int(x)) if x == int(x) else repr(x)


@pytest.mark.neo4j
def test_browser_shows_no_rows_as_no_rows(neo: NeoBrowser, seeded: Any) -> None:
    # a query file may well find nothing on the seed (the analyses' queries, before any analysis is written)
    query = "MATCH (s:State {id: 'PRK'})-[:MEMBER_OF]->(b:Bloc) RETURN b.id AS bloc"  # PRK is in no bloc
    assert seeded.run(query).data() == []
    assert neo.run(query) == "done"
    assert neo.rows() == []


GRAPH_QUERY = """MATCH (s:State {id: 'PRK'})-[t:ALLIED_WITH]-(a:State)
WHERE (t.from_first IS NULL OR t.from_first <= date('2025-06-01')) AND (t.to_last IS NULL OR t.to_last >= date('2025-06-01'))
  AND coalesce(t.confidence_levels, ['confirmed'])[size([d IN coalesce(t.confidence_on, []) WHERE d <= date('2025-06-01')])]
      IN ['confirmed', 'reported']
OPTIONAL MATCH (a)-[h:HOSTILE_TO]-(e:State)
WHERE (h.from_first IS NULL OR h.from_first <= date('2025-06-01')) AND (h.to_last IS NULL OR h.to_last >= date('2025-06-01'))
  AND coalesce(h.confidence_levels, ['confirmed'])[size([d IN coalesce(h.confidence_on, []) WHERE d <= date('2025-06-01')])]
      IN ['confirmed', 'reported']
RETURN s, t, a, h, e"""
"""North Korea's allied ties in force on 2025-06-01 (confirmed or reported) and the hostile ties of its allies
on that day, as a graph: the picture in the docs (docs/img/neo4j-browser.png)."""


@pytest.mark.neo4j
def test_browser_draws_a_graph_with_the_style_sheet(neo: NeoBrowser, seeded: Any) -> None:
    page = neo.page
    text = GRASS.read_text(encoding="utf-8")
    rules = parse_grass(text)
    kept = "(g => g && g !== 'null' && JSON.parse(g))(localStorage.getItem('neo4j.grass'))"  # written a moment later
    # 1. the file dropped onto Browser's window (its file drop zone reads a .grass file and runs :style)
    page.evaluate(f"""(t => {{ const dt = new DataTransfer(); dt.items.add(new File([t], 'alliancegraph.grass'));
      document.querySelector('.filedrop').dispatchEvent(
        new DragEvent('drop', {{dataTransfer: dt, bubbles: true, cancelable: true}})); }})({json.dumps(text)})""")
    assert page.wait_for(kept, timeout=30) == rules  # Browser's own parse of the file is ours
    # 2. `:style` with the file's contents, after `:style reset`
    assert neo.run(":style reset") == "done"
    page.wait_for(f"!{kept}", timeout=30)
    assert neo.run(":style " + text) == "done"
    assert page.wait_for(kept, timeout=30) == rules
    assert neo.run(GRAPH_QUERY) == "done"
    page.evaluate(f"{FRAME}.querySelector('[data-testid=cypherFrameSidebarVisualization]').click()")  # Graph view
    try:
        page.wait_for(f"!!{FRAME}.querySelector('svg g.node')", timeout=30)
        drawn = page.evaluate(DRAWN)
    finally:
        page.screenshot(ARTIFACTS / "graph-style.png")
    records = list(seeded.run(GRAPH_QUERY))
    names = {r[k]["name"] for r in records for k in ("s", "a", "e") if r[k] is not None}
    ties = {r["t"].element_id: (r["t"]["tie_kind"], r["t"]["strength"]) for r in records}
    hostile = {r["h"].element_id for r in records if r["h"] is not None}
    # by hand from the seed: PRK's allies on 2025-06-01 are China and Russia
    assert {"North Korea", "China", "Russia"} <= names
    assert sorted(n["caption"] for n in drawn["nodes"]) == sorted(names)  # captions are the names
    state = rules["node.State"]
    assert {(n["fill"], n["r"]) for n in drawn["nodes"]} == {(state["color"], float(state["diameter"][:-2]) / 2)}
    allied = [r for r in drawn["rels"] if r["fill"] == rules["relationship.ALLIED_WITH"]["color"]]
    red = [r for r in drawn["rels"] if r["fill"] == rules["relationship.HOSTILE_TO"]["color"]]
    assert len(allied) == len(ties) and len(red) == len(hostile) and len(drawn["rels"]) == len(ties) + len(hostile)
    assert sorted(r["caption"] for r in allied) == sorted(f"{k} {js_number(s)}" for k, s in ties.values())
    docs_img = os.environ.get("ALLIANCEGRAPH_DOCS_IMG")
    if docs_img:
        shutil.copyfile(ARTIFACTS / "graph-style.png", REPO / docs_img)


@pytest.mark.neo4j
def test_browser_shows_the_written_back_nato_cluster_of_1980(neo: NeoBrowser, seeded: Any, neo4j_guarded: Any) -> None:
    # The analyses of 1980-06-30 written back for the seed (`alliancegraph analyze --write`), then
    # analysis_bloc_members.cypher in Browser with its own :param lines (bloc 'NATO', 1980-06-30): Browser shows
    # the driver's rows, and the NATO cluster is the library's. By hand, from the seed: NATO's European members
    # and Canada in 1980 (Spain joined only in 1982; the United States heads a cluster of its own with its
    # Pacific allies, docs/analysis.md).
    from alliancegraph.analysis.clusters import alliance_clusters
    from alliancegraph.graph import Snapshot
    from alliancegraph.neo4j_analyses import AnalysisParams, write_analyses
    from alliancegraph.neo4j_store import Neo4jStore
    from alliancegraph.workspace import open_graph

    g, day = open_graph([SEED]), Snapshot("1980-06-30")
    with Neo4jStore(neo4j_guarded) as store:
        write_analyses(g, store, [day], AnalysisParams(null_runs=0, stability_runs=0), sources=["seed"])
    nato = next(c for c in alliance_clusters(g, day).clusters if c.name == "NATO")
    path = CYPHER / "queries" / "analysis_bloc_members.cypher"
    in_browser = [as_read(r) for r in run_file(neo, path)]
    assert in_browser == [shown(r) for r in run_with_driver(seeded, path.name)]
    clusters = [r for r in in_browser if r["kind"] == "clusters"]
    assert [(r["name"], r["as_of"], r["members"]) for r in clusters] == [("NATO", "1980-06-30", list(nato.members))]
    europe_1980 = {"BEL", "CAN", "DEU", "DNK", "FRA", "GBR", "GRC", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "TUR"}
    assert set(clusters[0]["members"]) == europe_1980
    docs_img = os.environ.get("ALLIANCEGRAPH_DOCS_IMG_CLUSTERS")
    if docs_img:
        shutil.copyfile(ARTIFACTS / f"{path.stem}.png", REPO / docs_img)
