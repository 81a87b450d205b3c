"""The HTML network view: a self-contained pyvis page of the alliance graph as of a date.

The page is built with pyvis (nodes, edges, options) and rendered with the project's own template, which
inlines vis-network's script and style from the pyvis package (nothing is loaded from a CDN: pyvis's own
``in_line`` mode still links Bootstrap from one). Every string that comes from a fact reaches the page only
as JSON data (Jinja's ``tojson``, which escapes ``<``, ``>``, ``&`` and ``'``) or as auto-escaped text, and
vis-network shows string tooltips as text, never as HTML; a Content-Security-Policy forbids any network
access. The file is written as UTF-8 whatever the locale.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Mapping

import jinja2
import pyvis
from pyvis.network import Network

from ..analysis.clusters import ClusterResult, alliance_clusters
from ..graph import AllianceGraph
from ..model import HOSTILITY_LEVELS

__all__ = ["build_view", "write_view", "render_view", "CLUSTER_COLORS", "TIE_STYLES"]

CLUSTER_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                  "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#843c39", "#7b4173"]
"""Cluster colours (matplotlib's tab10, then tab20b darks), by cluster rank; unaligned states are grey."""
UNALIGNED_COLOR = "#c7c7c7"

TIE_STYLES: dict[str, dict[str, Any]] = {
    "defense": {"dashes": False, "css": "solid", "color": "#333333", "label": "defense pact"},
    "offense": {"dashes": False, "css": "solid", "color": "#555555", "label": "offense pact"},
    "neutrality": {"dashes": [10, 6], "css": "dashed", "color": "#555555", "label": "neutrality pact"},
    "non-aggression": {"dashes": [10, 6], "css": "dashed", "color": "#777777", "label": "non-aggression pact"},
    "consultation": {"dashes": [3, 5], "css": "dotted", "color": "#555555", "label": "consultation pact"},
    "entente": {"dashes": [3, 5], "css": "dotted", "color": "#777777", "label": "entente"},
    "bloc": {"dashes": [16, 6], "css": "dashed", "color": "#9ab", "label": "bloc co-membership"},
    "support": {"dashes": [2, 8], "css": "dotted", "color": "#8c564b", "label": "support (arms, troops)"},
    "none": {"dashes": [2, 10], "css": "dotted", "color": "#aaaaaa", "label": "agreement without obligation"},
    "hostility": {"dashes": [6, 4], "css": "dashed", "color": "#d62728", "label": "hostility (MID level)"},
}
"""Edge style of each tie kind (the strongest tie of a dyad decides its style)."""

_TEMPLATES = Path(__file__).parent / "templates"


def _sources_text(graph: AllianceGraph, fact_id: str) -> list[str]:
    out = []
    for s in graph.sources_of(fact_id):
        parts = [s.get("publisher", ""), s.get("title", "")]
        if s.get("date"):
            parts.append(s["date"])
        line = "    source: " + ", ".join(p for p in parts if p)
        if s.get("url"):
            line += f" <{s['url']}>"
        out.append(line)
    return out


def build_view(graph: AllianceGraph, as_of: _dt.date, clusters: ClusterResult | None = None,
               hostile: bool = True, strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
               min_confidence: str = "reported", only_linked: bool = True) -> tuple[Network, dict[str, Any]]:
    """Build the pyvis network of the alliance graph as of ``as_of``.

    Nodes are states, coloured by alliance cluster (computed with default settings if ``clusters`` is not
    given); edges are allied ties (width by strength, style by the strongest tie kind) and, if ``hostile``,
    hostile ties (red). ``only_linked`` leaves out states with no tie. Tooltips (plain text) list each
    tie's treaty, bloc, support relation or conflict with its sources.

    Returns ``(network, legend)`` where ``legend`` has ``clusters`` and ``ties`` lists for the template.
    """
    if clusters is None:
        clusters = alliance_clusters(graph, as_of, strengths=strengths, combine=combine, min_confidence=min_confidence)
    allied = graph.allied(as_of, strengths=strengths, combine=combine, min_confidence=min_confidence)
    hostile_g = graph.hostile(as_of, min_confidence=min_confidence) if hostile else None
    color_of = {}
    for i, c in enumerate(clusters.clusters):
        for m in c.members:
            color_of[m] = CLUSTER_COLORS[i % len(CLUSTER_COLORS)]
    linked = {n for n in allied.nodes if allied.degree(n) > 0}
    if hostile_g is not None:
        linked |= {n for n in hostile_g.nodes if hostile_g.degree(n) > 0}
    nodes = sorted(linked if only_linked else set(allied.nodes) | linked)

    net = Network(height="800px", width="100%", directed=False, cdn_resources="in_line")
    membership = clusters.membership()
    for n in nodes:
        d = graph.state(n)
        codes = ", ".join(f"{k} {d[k]}" for k in ("iso3", "cow_abb", "ccode") if d.get(k) is not None)
        cluster = membership.get(n)
        title = [f"{d.get('name', n)} ({n})", codes, f"cluster: {cluster or 'unaligned'}"]
        net.add_node(n, label=n, title="\n".join(t for t in title if t),
                     color=color_of.get(n, UNALIGNED_COLOR), cluster=cluster or "unaligned",
                     size=10 + 2 * min(allied.degree(n) if n in allied else 0, 15))
    for a, b, e in sorted(allied.edges(data=True)):
        if a not in nodes or b not in nodes:
            continue
        kind = e["ties"][0]["kind"]
        style = TIE_STYLES[kind]
        lines = [f"{graph.state_name(a)} - {graph.state_name(b)}: allied, strength {e['strength']:.3f}"]
        for t in e["ties"]:
            lines.append(f"  {t['name']} [{t['via_label'].lower()}, {t['kind']}, {t['strength']:.2f}]")
            lines.extend(_sources_text(graph, t["via"]))
        net.add_edge(a, b, title="\n".join(lines), width=1 + 4 * e["strength"], dashes=style["dashes"],
                     color=style["color"], kind=kind, sign=1, strength=round(e["strength"], 6))
    if hostile_g is not None:
        for a, b, e in sorted(hostile_g.edges(data=True)):
            if a not in nodes or b not in nodes:
                continue
            style = TIE_STYLES["hostility"]
            lines = [f"{graph.state_name(a)} - {graph.state_name(b)}: hostile, level {e['level']} "
                     f"({HOSTILITY_LEVELS[e['level']]})"]
            for c in e["conflicts"]:
                lines.append(f"  {c['name']} [level {c['level']}]")
                lines.extend(_sources_text(graph, c["via"]))
            net.add_edge(a, b, title="\n".join(lines), width=1 + 0.6 * e["level"], dashes=style["dashes"],
                         color=style["color"], kind="hostility", sign=-1, level=e["level"],
                         physics=False)  # enemies are not pulled together by the layout
    net.set_options("""{
      "physics": {"solver": "forceAtlas2Based",
                  "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90},
                  "stabilization": {"enabled": true, "iterations": 300, "fit": true}},
      "interaction": {"hover": true, "tooltipDelay": 120},
      "edges": {"smooth": false},
      "nodes": {"shape": "dot", "font": {"size": 14}}
    }""")
    kinds_used = {e.get("kind") for e in net.edges}
    legend = {
        "clusters": [{"label": f"{c.label}: {graph.state_name(c.anchor)} and {c.size - 1} more"
                      if c.size > 1 else c.label, "color": CLUSTER_COLORS[i % len(CLUSTER_COLORS)]}
                     for i, c in enumerate(clusters.clusters)] + [{"label": "unaligned", "color": UNALIGNED_COLOR}],
        "ties": [{"label": s["label"], "css": s["css"], "color": s["color"]}
                 for k, s in TIE_STYLES.items() if k in kinds_used],
    }
    return net, legend


def render_view(net: Network, legend: dict[str, Any], heading: str, subtitle: str = "") -> str:
    """Render a pyvis network with the project's self-contained template; returns the HTML text."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(_TEMPLATES)),
                                    jinja2.FileSystemLoader(str(Path(pyvis.__file__).parent / "templates"))]),
        autoescape=True,
    )
    nodes, edges, _, height, _, options = net.get_network_data()
    import json

    return env.get_template("alliance.html").render(
        nodes=nodes, edges=edges, options=json.loads(options), height=height, heading=heading, subtitle=subtitle,
        legend_clusters=legend["clusters"], legend_ties=legend["ties"])


def write_view(graph: AllianceGraph, path: str | Path, as_of: _dt.date, heading: str | None = None,
               **kwargs: Any) -> Path:
    """Build and write the HTML view of ``graph`` as of ``as_of`` to ``path`` (UTF-8); returns the path.

    Keyword arguments go to :func:`build_view`. Raises ``OSError`` if the file cannot be written.
    """
    net, legend = build_view(graph, as_of, **kwargs)
    heading = heading or f"Alliances as of {as_of.isoformat()}"
    n_allied = sum(1 for e in net.edges if e.get("sign") == 1)
    n_hostile = sum(1 for e in net.edges if e.get("sign") == -1)
    subtitle = f"{len(net.nodes)} states, {n_allied} allied and {n_hostile} hostile dyads"
    html = render_view(net, legend, heading, subtitle)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
