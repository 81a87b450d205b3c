"""View benchmarks: the HTML view of the whole state system, built and then drawn in headless Chromium,
against pyvis's own way to build the same page."""

from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path
from typing import Any

from .measure import speed


def _m(case: str, impl: str, data: str, n: int, unit: str, seconds: float, **kw: Any) -> dict[str, Any]:
    return {"case": case, "impl": impl, "data": data, "n": n, "unit": unit, "seconds": seconds, **kw}


def pyvis_page(view: dict[str, Any], path: Path) -> Path:
    """The same nodes and edges (ids, labels, colours, sizes, tooltips) through pyvis's Network API and
    template, as pyvis's documentation does it (physics on: pyvis lays the network out in the browser)."""
    from pyvis.network import Network

    frame = view["frames"][view["initial"]]
    net = Network(height="900px", width="100%", cdn_resources="in_line")
    for i in frame["nodes"]:
        n = view["node_items"][i]
        net.add_node(n["id"], label=n["label"], title=n["title"], color=n["color"], size=n["size"])
    for i in frame["edges"]:
        e = view["edge_items"][i]
        net.add_edge(e["from"], e["to"], title=e["title"], color=e["color"], width=e["width"])
    path.write_text(net.generate_html(), encoding="utf-8")
    return path


def run(a: Any) -> dict[str, Any]:
    from alliancegraph.views.html import build_view, render_view, view_counts
    from alliancegraph.workspace import open_graph

    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    g = open_graph(a.files)
    g.ties()
    day = _dt.date.fromisoformat(a.as_of)
    data = "real: seed, COW, ATOP"
    out = []

    t0 = time.perf_counter()
    view = build_view(g, day, only_linked=False)  # every state of the state system, tied or not
    ours = work / "alliances.html"
    ours.write_text(render_view(view), encoding="utf-8")
    t_ours = time.perf_counter() - t0
    counts = view_counts(view)
    items = counts["states"] + counts["allied"] + counts["hostile"]
    case = (f"HTML view as of {day}: {counts['states']} states, {counts['allied']:,} allied + "
            f"{counts['hostile']:,} hostile dyads")
    out.append(_m(case, "alliancegraph build_view + render_view", data, items, "items", t_ours, target="< 2 s",
                  met=t_ours < 2, note=f"{ours.stat().st_size / 1e6:.1f} MB"))
    t0 = time.perf_counter()
    theirs = pyvis_page(view, work / "pyvis.html")
    t_pyvis = time.perf_counter() - t0
    out.append(_m(case, "pyvis Network.add_node/add_edge + generate_html", data, items, "items", t_pyvis,
                  ratio=t_pyvis / t_ours, ratio_text=speed(t_pyvis / t_ours),
                  note="the same items, from the project's view data"))

    if a.browser:
        from alliancegraph.views.browser import Browser

        case = f"page stable in headless Chromium ({counts['states']} states, {counts['allied'] + counts['hostile']:,} edges)"
        with Browser(width=1400, height=900) as browser:
            browser.open("about:blank")  # the browser is up and warm before the clock starts
            t0 = time.perf_counter()
            page = browser.open(ours.resolve().as_uri(), timeout=120)
            page.wait_for("window.allianceView && window.allianceView.ready", timeout=120)
            t_page = time.perf_counter() - t0
            drawn = page.evaluate("window.allianceView.nodes.length")
            if drawn != counts["states"] or page.errors:
                raise SystemExit(f"the view drew {drawn} states of {counts['states']}; errors: {page.errors}")
            out.append(_m(case, "alliancegraph page (Python layout, drawn once)", data, items, "items", t_page,
                          target="< 5 s", met=t_page < 5, note="open to drawn"))
            t0 = time.perf_counter()
            page = browser.open(theirs.resolve().as_uri(), timeout=120)
            # pyvis shows a loading bar over a page of more than 100 nodes while vis-network's physics lays
            # it out, and fades it (opacity 0) at "stabilizationIterationsDone": its page is usable then
            page.wait_for("(() => { const b = document.getElementById('loadingBar');"
                          " return typeof network !== 'undefined' && b && b.style.opacity === '0'; })()", timeout=600)
            t_theirs = time.perf_counter() - t0
            note = "open to the end of its stabilization iterations (physics layout in the browser)"
            out.append(_m(case, "pyvis page (vis physics layout)", data, items, "items", t_theirs,
                          ratio=t_theirs / t_page, ratio_text=speed(t_theirs / t_page),
                          note=note))
    return {"measurements": out}
