"""The README's "From Python" script, run as a scholar would run it: from a temporary directory, in a fresh
interpreter, importing only from ``alliancegraph``; its DataFrames say what the field knows of 2025."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import alliancegraph

README = Path(__file__).resolve().parents[1] / "README.md"
NAMES = ("Snapshot", "alliance_clusters", "export", "influence_paths", "open_graph", "signed_clusters",
         "signed_graph", "timeline")

# what the test reads of the script's DataFrames, printed as JSON (the script itself is the README's)
REPORT = '''
import json
nato = clusters[clusters.cluster_name == "NATO"]
usa = clusters.set_index("state").loc["USA"]
print("REPORT" + json.dumps({
    "nato": sorted(nato.state), "usa_cluster": sorted(clusters[clusters.cluster == usa.cluster].state),
    "usa_anchor": usa.anchor, "usa_ccode": int(usa.ccode),
    "nato_tie": ties[(ties.a == "DEU") & (ties.b == "USA") & (ties.via == "nato")][["kind", "start"]].values.tolist(),
    "best": hops[hops.path == 1][["source", "target"]].values.tolist(), "best_ties": hops.ties[0].split(";"),
    "treaty": ties[ties.via == "rus-prk-2024"][["a", "b", "kind", "start", "confidence"]].values.tolist(),
    "signed_nato": sorted(blocs[blocs.cluster_name == "NATO"].state),
    "years": sorted(int(y) for y in years.year.unique()),
    "object_columns": [c for df in (clusters, blocs, hops, years, ties) for c in df.columns if df[c].dtype == object],
}))
'''


def readme_script() -> str:
    """The first python block after "From Python" in README.md."""
    text = README.read_text(encoding="utf-8")
    m = re.search(r"^From Python.*?^```python\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    assert m, "README.md has no python block under 'From Python'"
    return m.group(1)


def test_the_readme_script_uses_only_the_top_level_package():
    script = readme_script()
    imports = re.findall(r"^\s*(?:from\s+(\S+)\s+import|import\s+(\S+))", script, re.MULTILINE)
    assert imports and all((f or i) == "alliancegraph" for f, i in imports), imports


@pytest.mark.xfail(condition=not all(hasattr(alliancegraph, n) for n in NAMES), strict=True,
                   reason="the public API (Snapshot, signed_clusters, timeline, export...) is not yet exported "
                          "from alliancegraph on this branch")
def test_the_readme_script_runs_and_its_frames_hold_what_scholars_know(tmp_path):
    src = Path(alliancegraph.__file__).resolve().parents[1]  # the package under test, not an installed one
    (tmp_path / "script.py").write_text(readme_script() + REPORT, encoding="utf-8")
    run = subprocess.run([sys.executable, "script.py"], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
                         env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    line = next(x for x in run.stdout.splitlines() if x.startswith("REPORT"))
    r = json.loads(line[len("REPORT"):])
    # the NATO cluster holds Germany, France, Britain; the bloc ties Germany and the United States by a
    # defense obligation from Germany's accession (1955-05-06)
    assert {"DEU", "FRA", "GBR", "POL"} <= set(r["nato"]) and {"DEU", "FRA"} <= set(r["signed_nato"])
    assert r["nato_tie"] and r["nato_tie"][0][0] == "defense"
    # the United States (COW 2) anchors the hub-and-spoke cluster of its Pacific treaties (Japan, Korea)
    assert r["usa_anchor"] == "USA" and r["usa_ccode"] == 2 and {"JPN", "KOR"} <= set(r["usa_cluster"])
    # Russia reaches North Korea directly, over the treaty of 2024 in force since 2024-12-04
    assert r["best"] == [["RUS", "PRK"]] and r["best_ties"][0] == "rus-prk-2024"
    assert r["treaty"] == [["PRK", "RUS", "defense", "2024-12-04", "confirmed"]]
    assert r["years"][0] == 2022 and r["years"][-1] == 2025 and r["object_columns"] == []
    h = nx.read_graphml(tmp_path / "net.graphml", force_multigraph=True)
    assert h.has_edge("PRK", "RUS") or h.has_edge("RUS", "PRK")
