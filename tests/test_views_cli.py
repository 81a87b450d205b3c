"""The view, path --html and export commands: every view and export reachable from the CLI.

Expected values are worked out by hand from tests/fixtures/mini (see tests/test_views.py and
tests/test_exports.py for the reasoning).
"""

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import MINI as MINI_DIR


MINI = str(MINI_DIR)


def page_data(path):
    html = Path(path).read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="alliance-data" type="application/json">(.*?)</script>', html, re.S).group(1))


def drawn(data, frame=None):
    f = data["frames"][data["initial"] if frame is None else frame]
    return ({data["node_items"][k]["id"]: data["node_items"][k] for k in f["nodes"]},
            [data["edge_items"][k] for k in f["edges"]])


def test_view_ego(run, tmp_path):
    out = tmp_path / "ego.html"
    r = run("view", "-f", MINI, "--as-of", "2025-01-01", "--ego", "Russia", "--depth", "1", "-o", str(out))
    assert r.exit_code == 0 and r.output.strip() == f"wrote {out}"
    nodes, edges = drawn(page_data(out))
    assert set(nodes) == {"RUS", "BLR", "PRK", "CHN", "UKR"} and len(edges) == 6


def test_view_blocs(run, tmp_path):
    # mini as of 2025-01-01: three clusters of three (CHN-PRK-RUS, DEU-FRA-GBR, USA-JPN-KOR) and BLR, UKR
    # unaligned (one grey group); each bloc's expansion adds its three states
    out = tmp_path / "b.html"
    r = run("view", "-f", MINI, "--as-of", "2025-01-01", "--blocs", "-o", str(out))
    assert r.exit_code == 0 and r.output.strip() == f"wrote {out}"
    data = page_data(out)
    nodes, edges = drawn(data)
    assert data["kind"] == "blocs" and {n: v["states"] for n, v in nodes.items()} == {
        "bloc:C1": 3, "bloc:C2": 3, "bloc:C3": 3, "bloc:unaligned": 2}
    assert sorted(e["id"] for e in edges) == ["bloc:C1|bloc:unaligned|+", "bloc:C1|bloc:unaligned|-", "bloc:C2|bloc:C3|+"]
    assert sorted(data["node_items"][k]["id"] for k in data["blocs"]["bloc:C3"]["nodes"]) == ["JPN", "KOR", "USA"]
    r = run("view", "-f", MINI, "--blocs", "--ego", "RUS")
    assert r.exit_code != 0 and "--blocs shows one date" in r.output


def test_view_timeline(run, tmp_path):
    out = tmp_path / "t.html"
    r = run("view", "-f", MINI, "--from", "1950", "--to", "2025", "--step", "25", "-o", str(out))
    assert r.exit_code == 0, r.output
    data = page_data(out)
    assert [f["label"] for f in data["frames"]] == ["1950", "1975", "2000", "2025"]
    assert [len(f["edges"]) for f in data["frames"]] == [7, 9, 13, 14]
    assert '<input type="range" id="time"' in out.read_text(encoding="utf-8")


def test_view_size_by_and_layout(run, tmp_path):
    out = tmp_path / "b.html"
    r = run("view", "-f", MINI, "--as-of", "2025-01-01", "--size-by", "betweenness", "--layout", "kamada-kawai",
            "--no-physics", "-o", str(out))
    assert r.exit_code == 0, r.output
    data = page_data(out)
    nodes, _ = drawn(data)
    assert nodes["USA"]["centrality"] == pytest.approx(7 / 45, abs=1e-6)
    assert data["physics"] is False and data["layout"] == "kamada-kawai" and data["size_by"] == "betweenness"


def test_view_usage_errors(run, tmp_path):
    r = run("view", "-f", MINI, "--from", "1990", "-o", str(tmp_path / "x.html"))
    assert r.exit_code == 2 and "--from and --to go together" in r.output
    r = run("view", "-f", MINI, "--from", "2000", "--to", "1990", "-o", str(tmp_path / "x.html"))
    assert r.exit_code == 1 and r.output.strip() == "Error: the timeline ends (1990) before it starts (2000)"
    r = run("view", "-f", MINI, "--ego", "Atlantis", "-o", str(tmp_path / "x.html"))
    assert r.exit_code == 1 and r.output.strip().startswith("Error: unknown state 'Atlantis'")
    r = run("view", "-f", MINI, "--from", "1990", "--to", "2000", "--physics", "-o", str(tmp_path / "x.html"))
    assert r.exit_code == 1 and "physics cannot run on a timeline" in r.output


def test_path_html(run, tmp_path):
    out = tmp_path / "p.html"
    r = run("path", "rus", "chn", "-f", MINI, "--as-of", "2025-01-01", "--html", str(out))
    assert r.exit_code == 0, r.output
    assert f"wrote {out}" in r.output
    data = page_data(out)
    assert data["kind"] == "path" and data["paths"][0]["states"] == ["RUS", "PRK", "CHN"]
    _, edges = drawn(data)
    assert sorted(e["id"] for e in edges if e.get("path") == 1) == ["CHN|PRK|+", "PRK|RUS|+"]


@pytest.mark.parametrize("fmt, name, line", [
    ("gexf", "h.gexf", "history: 11 nodes, 22 edges"),
    ("graphml", "s.graphml", "snapshot: 11 nodes, 14 edges"),
    ("cytoscape", "s.cyjs", "snapshot: 11 nodes, 14 edges"),
    ("json", "s.json", "snapshot: 11 nodes, 14 edges"),
    # 23 nodes; 55 model relationships (as counted in test_cli) and 22 derived ties
    ("cypher", "g.cypher", "property-graph: 23 nodes, 77 edges"),
    # 5 node files (one per label); PARTY_TO, MEMBER_OF, SUPERSEDES, ESTABLISHES, PARTICIPANT_IN, SUPPORTS,
    # CITES from 4 labels, ALLIED_WITH, HOSTILE_TO: 12 relationship files; and import.sh
    ("neo4j-csv", "csv", "property-graph: 23 nodes, 77 edges, 18 files"),
    ("png", "s.png", "snapshot: 11 nodes, 14 edges"),
    ("svg", "s.svg", "snapshot: 11 nodes, 14 edges"),
])
def test_export_every_format(run, tmp_path, fmt, name, line):
    out = tmp_path / name
    r = run("export", "-f", MINI, "--as-of", "2025-01-01", "--format", fmt, "-o", str(out))
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"wrote {out} ({line})"
    assert out.exists()


def test_export_shapes_and_errors(run, tmp_path):
    out = tmp_path / "h.graphml"
    r = run("export", "-f", MINI, "--format", "graphml", "--shape", "history", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert nx.read_graphml(out, force_multigraph=True).number_of_edges() == 22
    r = run("export", "-f", MINI, "--format", "png", "--property-graph", "-o", str(tmp_path / "x.png"))
    assert r.exit_code == 1 and r.output.strip() == "Error: png exports snapshot, not property-graph"
    r = run("export", "-f", MINI, "--format", "json", "--shape", "history", "--property-graph", "-o",
            str(tmp_path / "x.json"))
    assert r.exit_code == 2 and "--property-graph contradicts --shape" in r.output
    r = run("export", "-f", MINI, "--format", "json", "--label-by", "name", "-o", str(tmp_path / "x.json"))
    assert r.exit_code == 1 and "are for png and svg only" in r.output
