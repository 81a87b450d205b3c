"""The alluvial (flow) chart of a timeline: states moving between named blocs over the years.

Owns: the alluvial chart of a timeline: its geometry (:func:`alluvial_geometry`: columns, bands, ribbons,
events), its SVG page (:func:`alluvial_html`) and its PNG (:func:`alluvial_png`).

Must not know: how a timeline is computed, tracked or named (it reads the years' blocs and tracking labels
as given: :mod:`alliancegraph.analysis.timeline`), the graph, which files a timeline's output set holds
(:func:`alliancegraph.views.timeline.write_timeline`), the command line, Neo4j.

Each year is a column of stacked bars, one per bloc (its height: its number of states); between two years a
ribbon per pair of blocs is as wide as the number of states that went from one to the other. A bloc is
followed by its tracking label (:attr:`~alliancegraph.analysis.timeline.TimelineYear.tracks`), so a bloc that
was renamed ("Warsaw Pact becomes Russia and partners") is one band, named after every treaty or bloc it
was named after, in order. The ``top`` largest bands (by states summed over the years) are drawn on their
own; the other blocs share one band, "other blocs"; states with a tie but in no bloc of two or more
are "unaligned" (their identity across years is not tracked: their ribbons are what the blocs do not
account for). Splits, merges and renamings are marked above their year.

Two renderings of one geometry (:func:`alluvial_geometry`): a self-contained HTML page with inline SVG
(:func:`alluvial_html`: no script, no network; every text auto-escaped) and a PNG (:func:`alluvial_png`,
matplotlib).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import jinja2

from ..fileio import atomic_file

__all__ = ["alluvial_geometry", "alluvial_html", "alluvial_png", "BAND_COLORS", "OTHER", "UNALIGNED"]

BAND_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
               "#bcbd22", "#393b79", "#ad494a", "#637939"]
"""Colours of the top bands, in order of first appearance."""
OTHER, UNALIGNED = "other blocs", "unaligned"
_GREYS = {OTHER: "#9a9a9a", UNALIGNED: "#d4d4d4"}
_EVENT_WORDS = ("splits", "merge", "becomes", "is named")


def _bands(years: Sequence[Any], top: int) -> tuple[list[str], dict[str, str], dict[str, list[str]]]:
    """The top tracks in order of first appearance, their display names, and every name of every track."""
    life: dict[str, int] = {}
    first: dict[str, int] = {}
    called: dict[str, list[str]] = {}
    last: dict[str, str] = {}
    for i, y in enumerate(years):
        for name, members in y.blocs.items():
            t = y.tracks.get(name, name)
            life[t] = life.get(t, 0) + len(members)
            first.setdefault(t, i)
            last[t] = name
            if y.defined_by.get(name) is not None and name not in called.setdefault(t, []):
                called[t].append(name)
    chosen = sorted(life, key=lambda t: (-life[t], t))[:top]
    chosen.sort(key=lambda t: (first[t], -life[t], t))
    shown = {t: " \u2192 ".join(called.get(t) or [last[t]]) for t in chosen}
    names = {t: list(dict.fromkeys([*called.get(t, []), last[t]])) for t in life}
    return chosen, shown, names


def alluvial_geometry(years: Sequence[Any], top: int = 8, width: float = 1400.0, height: float = 640.0,
                      gap: float = 4.0, bar: float = 6.0) -> dict[str, Any]:
    """The shapes of the alluvial chart, in pixels (y down).

    Parameters
    ----------
    years : sequence of TimelineYear
        In order (``blocs``, ``tracks``, ``defined_by``, ``states``, ``events``).
    top : int
        Bands drawn on their own (the largest by states summed over the years); the rest is "other blocs".
    width, height : float
        The plotting area.
    gap : float
        Pixels between two bars of a column.
    bar : float
        Width of a column's bars.

    Returns
    -------
    dict
        ``bands``: ``[{key, name, color}]`` in stacking order (top bands, then "other blocs", "unaligned");
        ``columns``: ``[{year, x, bars: [{band, y0, y1, states, names}]}]``; ``ribbons``:
        ``[{source, target, states, x0, y0, y1, x1, v0, v1, color}]`` (from ``(x0, y0..y1)`` to
        ``(x1, v0..v1)``); ``events``: ``[{year, x, texts}]`` (splits, merges, renamings); ``scale``
        (pixels per state).

    Examples
    --------
    >>> from alliancegraph.analysis.timeline import TimelineYear
    >>> a = TimelineYear(1950, 5, 3, 0, {"Pact": ("A", "B", "C")}, {}, 0.0, 0.0, tracks={"Pact": "B1"},
    ...                  defined_by={"Pact": "pact"})
    >>> b = TimelineYear(1951, 5, 3, 0, {"Pact": ("A", "B"), "Axis": ("C", "D")}, {}, 0.0, 0.0,
    ...                  tracks={"Pact": "B1", "Axis": "B2"}, defined_by={"Pact": "pact", "Axis": "axis"},
    ...                  events=["Pact splits into Pact, Axis"])
    >>> geo = alluvial_geometry([a, b], gap=0)

    A and B stay, C goes to Axis; D, in no bloc in 1950, comes from the two unaligned states of 1950 (they
    are counted, not tracked), and the other stays unaligned:

    >>> [(r["source"], r["target"], r["states"]) for r in geo["ribbons"]]
    [('B1', 'B1', 2), ('B1', 'B2', 1), ('unaligned', 'B2', 1), ('unaligned', 'unaligned', 1)]
    >>> geo["events"][0]["texts"]
    ['Pact splits into Pact, Axis']
    """
    chosen, shown, names = _bands(years, top)
    order = [*chosen, OTHER, UNALIGNED]
    colors = {t: BAND_COLORS[i % len(BAND_COLORS)] for i, t in enumerate(chosen)} | _GREYS
    label = {**shown, OTHER: OTHER, UNALIGNED: UNALIGNED}

    def members_by_band(y: Any) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for name, ms in y.blocs.items():
            t = y.tracks.get(name, name)
            out.setdefault(t if t in chosen else OTHER, set()).update(ms)
        return out

    sets = [members_by_band(y) for y in years]
    counts = []
    for y, s in zip(years, sets):
        c = {b: len(ms) for b, ms in s.items()}
        c[UNALIGNED] = max(y.states - sum(len(ms) for ms in s.values()), 0)
        counts.append(c)
    n = len(years)
    most = max((sum(c.values()) for c in counts), default=0) or 1
    most_bars = max((sum(1 for v in c.values() if v) for c in counts), default=1)
    scale = (height - gap * max(most_bars - 1, 0)) / most
    step = (width - bar) / max(n - 1, 1)
    columns = []
    for i, (y, c, s) in enumerate(zip(years, counts, sets)):
        x, at, bars = i * step, 0.0, []
        for b in order:
            v = c.get(b, 0)
            if not v:
                continue
            in_band = sorted(nm for nm in y.blocs if (y.tracks.get(nm, nm) if y.tracks.get(nm, nm) in chosen
                                                       else OTHER) == b) if b != UNALIGNED else []
            bars.append({"band": b, "y0": at, "y1": at + v * scale, "states": v, "names": in_band})
            at += v * scale + gap
        columns.append({"year": y.year, "x": x, "bars": bars})
    ribbons = []
    for i in range(n - 1):
        bands_a, bands_b = sets[i], sets[i + 1]
        ca, cb = counts[i], counts[i + 1]
        flows: dict[tuple[str, str], int] = {}
        in_a = set().union(*bands_a.values()) if bands_a else set()
        in_b = set().union(*bands_b.values()) if bands_b else set()
        for s_band, ms in bands_a.items():
            for t_band, mt in bands_b.items():
                k = len(ms & mt)
                if k:
                    flows[(s_band, t_band)] = k
            out = min(len(ms - in_b), cb.get(UNALIGNED, 0) - sum(v for (_, t), v in flows.items() if t == UNALIGNED))
            if out > 0:
                flows[(s_band, UNALIGNED)] = out
        for t_band, mt in bands_b.items():
            came = min(len(mt - in_a), ca.get(UNALIGNED, 0) - sum(v for (s, _), v in flows.items() if s == UNALIGNED))
            if came > 0:
                flows[(UNALIGNED, t_band)] = came
        left_a = ca.get(UNALIGNED, 0) - sum(v for (s, _), v in flows.items() if s == UNALIGNED)
        left_b = cb.get(UNALIGNED, 0) - sum(v for (_, t), v in flows.items() if t == UNALIGNED)
        if min(left_a, left_b) > 0:
            flows[(UNALIGNED, UNALIGNED)] = min(left_a, left_b)
        # ribbons stacked inside each bar in band order, so that they do not cross needlessly
        out_at = {br["band"]: br["y0"] for br in columns[i]["bars"]}
        in_at = {br["band"]: br["y0"] for br in columns[i + 1]["bars"]}
        rank = {b: k for k, b in enumerate(order)}
        for (s_band, t_band) in sorted(flows, key=lambda st: (rank[st[0]], rank[st[1]])):
            k = flows[(s_band, t_band)]
            h = k * scale
            y0 = out_at[s_band]
            out_at[s_band] += h
            ribbons.append({"source": s_band, "target": t_band, "states": k, "x0": columns[i]["x"] + bar,
                            "y0": y0, "y1": y0 + h, "x1": columns[i + 1]["x"], "color": colors[s_band if s_band != UNALIGNED else t_band],
                            "v0": 0.0, "v1": 0.0, "_t": t_band})
        for r in sorted((r for r in ribbons if r["x1"] == columns[i + 1]["x"] and "_t" in r),
                        key=lambda r: (rank[r["_t"]], rank[r["source"]])):
            t_band = r.pop("_t")
            h = r["y1"] - r["y0"]
            r["v0"] = in_at[t_band]
            r["v1"] = in_at[t_band] + h
            in_at[t_band] += h
    events = []
    for c, y in zip(columns, years):
        texts = [e for e in y.events if any(w in e for w in _EVENT_WORDS)]
        if texts and c is not columns[0]:
            events.append({"year": y.year, "x": c["x"], "texts": texts})
    return {"bands": [{"key": b, "name": label[b], "color": colors[b], "names": names.get(b, [b])} for b in order],
            "columns": columns, "ribbons": ribbons, "events": events, "scale": scale, "width": width,
            "height": height, "bar": bar}


def _ribbon_path(r: dict[str, Any], top: float) -> str:
    xm = (r["x0"] + r["x1"]) / 2
    return (f"M{r['x0']:.1f},{r['y0'] + top:.1f} C{xm:.1f},{r['y0'] + top:.1f} {xm:.1f},{r['v0'] + top:.1f} "
            f"{r['x1']:.1f},{r['v0'] + top:.1f} L{r['x1']:.1f},{r['v1'] + top:.1f} C{xm:.1f},{r['v1'] + top:.1f} "
            f"{xm:.1f},{r['y1'] + top:.1f} {r['x0']:.1f},{r['y1'] + top:.1f} Z")


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<title>{{ title }}</title>
<style>body{font-family:system-ui,sans-serif;margin:16px;color:#222} h1{font-size:18px;margin:0 0 4px}
p{font-size:13px;color:#555;margin:0 0 8px} svg text{font-size:11px} .band text{paint-order:stroke;stroke:#fff;stroke-width:3px}
ul{list-style:none;padding:0;font-size:13px;columns:2} li{margin:2px 0} .sw{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle}
ol{font-size:12px;color:#444}</style></head>
<body><h1>{{ title }}</h1>
<p>Bar height: states in the bloc that year; ribbons: states that moved from one bloc to another (or stayed) the next year;
&#9660; marks splits, merges and renamings (hover for the text). Blocs are followed across renamings (one band).
&ldquo;other blocs&rdquo;: the smaller blocs together; &ldquo;unaligned&rdquo;: states with a tie in no bloc of two or more.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="{{ w }}" height="{{ h }}" viewBox="0 0 {{ w }} {{ h }}" role="img">
<g class="ribbons">{% for r in ribbons %}<path d="{{ r.d }}" fill="{{ r.color }}" fill-opacity="0.35"><title>{{ r.title }}</title></path>{% endfor %}</g>
<g class="bars">{% for c in columns %}{% for b in c.bars %}<rect x="{{ c.x }}" y="{{ b.y }}" width="{{ bar }}" height="{{ b.h }}" fill="{{ b.color }}"><title>{{ b.title }}</title></rect>{% endfor %}{% endfor %}</g>
<g class="axis">{% for c in columns %}{% if c.tick %}<text x="{{ c.x + bar / 2 }}" y="{{ h - 6 }}" text-anchor="middle">{{ c.year }}</text>{% endif %}{% endfor %}</g>
<g class="events">{% for e in events %}<path d="M{{ e.x - 4 }},{{ top - 14 }} h{{ bar + 8 }} l-{{ bar / 2 + 4 }},8 Z" fill="#333"><title>{{ e.title }}</title></path>{% endfor %}</g>
<g class="band">{% for l in labels %}<text x="{{ l.x }}" y="{{ l.y }}" text-anchor="{{ l.anchor }}" dominant-baseline="middle" fill="#111">{{ l.text }}</text>{% endfor %}</g>
</svg>
<ul>{% for b in bands %}<li><span class="sw" style="background:{{ b.color }}"></span>{{ b.name }}</li>{% endfor %}</ul>
<h2 style="font-size:14px">Events</h2>
<ol>{% for e in events %}<li>{{ e.year }}: {{ e.texts | join('; ') }}</li>{% endfor %}</ol>
</body></html>
"""


def _labels(geo: dict[str, Any], top: float) -> list[dict[str, Any]]:
    """One label per drawn band at the column where it is largest, to the right of its bar."""
    out = []
    for b in geo["bands"]:
        best = None
        for c in geo["columns"]:
            for br in c["bars"]:
                if br["band"] == b["key"] and (best is None or br["states"] > best[1]["states"]):
                    best = (c, br)
        if best is not None and best[1]["y1"] - best[1]["y0"] >= 9:
            c, br = best
            right = c["x"] + geo["bar"] + 4 + 6.5 * len(b["name"]) <= geo["width"]
            out.append({"x": c["x"] + geo["bar"] + 4 if right else c["x"] - 4, "y": top + (br["y0"] + br["y1"]) / 2,
                        "text": b["name"], "anchor": "start" if right else "end"})
    return out


def alluvial_html(geo: dict[str, Any], path: str | Path, title: str) -> Path:
    """Write the chart as a self-contained HTML page with inline SVG (no script; text auto-escaped)."""
    top = 24.0
    name = {b["key"]: b["name"] for b in geo["bands"]}
    color = {b["key"]: b["color"] for b in geo["bands"]}
    ribbons = [{"d": _ribbon_path(r, top), "color": r["color"],
                "title": f"{name[r['source']]} \u2192 {name[r['target']]}: {r['states']} states"} for r in geo["ribbons"]]
    every = max(1, round(len(geo["columns"]) / 14))
    columns = [{"x": round(c["x"], 1), "year": c["year"], "tick": i % every == 0 or i == len(geo["columns"]) - 1,
                "bars": [{"y": round(b["y0"] + top, 1), "h": round(max(b["y1"] - b["y0"], 0.5), 1),
                          "color": color[b["band"]],
                          "title": f"{c['year']}: {name[b['band']]}, {b['states']} states"
                                   + (f" ({', '.join(b['names'])})" if b["names"] else "")} for b in c["bars"]]}
               for i, c in enumerate(geo["columns"])]
    events = [{"x": round(e["x"], 1), "year": e["year"], "texts": e["texts"],
               "title": f"{e['year']}: " + "; ".join(e["texts"])} for e in geo["events"]]
    env = jinja2.Environment(autoescape=True)
    html = env.from_string(_PAGE).render(title=title, w=round(geo["width"] + 10), h=round(geo["height"] + top + 24),
                                         bar=geo["bar"], top=top, ribbons=ribbons, columns=columns, events=events,
                                         labels=_labels(geo, top), bands=geo["bands"])
    path = Path(path)
    with atomic_file(path) as tmp:  # a failed write keeps the old file and leaves no half-written one
        tmp.write_text(html, encoding="utf-8")
    return path


def alluvial_png(geo: dict[str, Any], path: str | Path, title: str, dpi: int = 100) -> Path:
    """Write the chart as a PNG (matplotlib), with the same geometry, a legend and the event marks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.patches import Polygon, Rectangle

    w, h = geo["width"], geo["height"]
    fig = plt.figure(figsize=(w / dpi, (h + 200) / dpi), dpi=dpi)
    ax = fig.add_axes((0.02, 0.2, 0.96, 0.72))
    ax.set_xlim(-4, w + 4)
    ax.set_ylim(h + 4, -30)
    ax.axis("off")
    t = np.linspace(0, 1, 24)
    ease = t * t * (3 - 2 * t)  # the same S-shape as the SVG's cubic curves, near enough
    for r in geo["ribbons"]:
        xs = r["x0"] + (r["x1"] - r["x0"]) * t
        top = r["y0"] + (r["v0"] - r["y0"]) * ease
        bot = r["y1"] + (r["v1"] - r["y1"]) * ease
        ax.add_patch(Polygon(np.column_stack([np.r_[xs, xs[::-1]], np.r_[top, bot[::-1]]]), closed=True,
                             facecolor=r["color"], alpha=0.35, linewidth=0))
    color = {b["key"]: b["color"] for b in geo["bands"]}
    for c in geo["columns"]:
        for b in c["bars"]:
            ax.add_patch(Rectangle((c["x"], b["y0"]), geo["bar"], b["y1"] - b["y0"], facecolor=color[b["band"]],
                                   linewidth=0))
    every = max(1, round(len(geo["columns"]) / 14))
    for i, c in enumerate(geo["columns"]):
        if i % every == 0 or i == len(geo["columns"]) - 1:
            ax.text(c["x"] + geo["bar"] / 2, h + 4, str(c["year"]), ha="center", va="top", fontsize=9)
    for e in geo["events"]:
        ax.plot([e["x"] + geo["bar"] / 2], [-12], marker="v", color="#333", markersize=5)
    for lab in _labels(geo, 0.0):
        ax.text(lab["x"], lab["y"], lab["text"], va="center", fontsize=9,
                ha="left" if lab["anchor"] == "start" else "right",
                path_effects=[__import__("matplotlib.patheffects", fromlist=["x"]).withStroke(linewidth=3, foreground="white")])
    handles = [Rectangle((0, 0), 1, 1, facecolor=b["color"]) for b in geo["bands"]]
    fig.legend(handles, [b["name"] for b in geo["bands"]], loc="lower center", ncol=3, fontsize=9, frameon=False)
    fig.suptitle(title + "\n(\u25bc: a split, merge or renaming; ribbons: states moving between blocs)", fontsize=11)
    path = Path(path)
    try:
        with atomic_file(path) as tmp:  # the temporary name keeps the suffix, so savefig writes a PNG
            fig.savefig(tmp, dpi=dpi)
    finally:
        plt.close(fig)
    return path
