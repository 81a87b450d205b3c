"""Clusters and influence paths on the hand-made mini world; values worked out by hand from its files."""

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest
import yaml

from alliancegraph.analysis import NoPathError, alliance_clusters, influence_paths, reach
from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph

MINI = Path(__file__).parent / "fixtures" / "mini"
D = dt.date


@pytest.fixture(scope="module")
def g():
    return AllianceGraph.from_facts(load_facts(MINI))


def test_clusters_2025_split_west_and_east(g):
    res = alliance_clusters(g, D(2025, 1, 1))
    assert [c.members for c in res.clusters] == [("DEU", "FRA", "GBR", "JPN", "KOR", "USA"), ("BLR", "CHN", "PRK", "RUS")]
    assert res.unaligned == ("UKR",)
    # Newman modularity of that partition by hand: m = 9.7 (west: 6 x 0.9 NATO + 0.9 + 0.9 = 7.2;
    # east: 0.3 + 0.9 + 0.9 + 0.4 = 2.5); Q = sum_c L_c/m - (d_c/2m)^2
    q = (7.2 / 9.7 - (14.4 / 19.4) ** 2) + (2.5 / 9.7 - (5.0 / 19.4) ** 2)
    assert res.modularity == pytest.approx(q)
    assert res.cluster_of("USA").anchor == "USA"  # weighted degree 0.9*5 = 4.5


def test_clusters_leiden_agrees_on_the_two_blocs(g):
    res = alliance_clusters(g, D(2025, 1, 1), method="leiden")
    assert sorted(c.members for c in res.clusters) == [("BLR", "CHN", "PRK", "RUS"), ("DEU", "FRA", "GBR", "JPN", "KOR", "USA")]


def _reversed_copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    for f in dst.glob("*.yaml"):
        doc = yaml.safe_load(f.read_text())
        for k, v in doc.items():
            doc[k] = list(reversed(v))
            for item in doc[k]:
                for field in ("memberships", "parties", "participants"):
                    if field in item:
                        item[field] = list(reversed(item[field]))
        f.write_text(yaml.safe_dump(doc, sort_keys=False))
    return dst


def test_clusters_do_not_depend_on_fact_order(g, tmp_path):
    other = AllianceGraph.from_facts(load_facts(_reversed_copy(MINI, tmp_path / "rev")))
    for day in (D(1960, 1, 1), D(2014, 1, 1), D(2025, 1, 1)):
        for method in ("louvain", "leiden"):
            assert alliance_clusters(g, day, method=method) == alliance_clusters(other, day, method=method)


def test_influence_path_prefers_the_stronger_longer_chain(g):
    # Belarus -> China as of 2025-01-01: BLR-RUS (bloc 0.3) * RUS-PRK (2024 defense 0.9) * PRK-CHN (defense 0.9)
    # = 0.243 beats BLR-RUS-CHN = 0.3 * 0.4 (consultation) = 0.12
    first, second = influence_paths(g, "Belarus", "china", D(2025, 1, 1), k=2)
    assert first.states == ("BLR", "RUS", "PRK", "CHN")
    assert first.strength == pytest.approx(0.243)
    assert first.cost == pytest.approx(-math.log(0.243))
    assert [t["via"] for t in first.hops[1].ties] == ["rus-prk-2024"]
    assert second.states == ("BLR", "RUS", "CHN")
    assert second.strength == pytest.approx(0.12)
    # as of 2020 the Russia-DPRK hop is the 2000 consultation treaty: 0.3*0.4*0.9 = 0.108 < 0.12
    (only,) = influence_paths(g, "BLR", "CHN", D(2020, 1, 1))
    assert only.states == ("BLR", "RUS", "CHN")


def test_no_path_across_the_blocs(g):
    with pytest.raises(NoPathError, match="no chain of allied ties joins Russia and United States"):
        influence_paths(g, "RUS", "USA", D(2025, 1, 1))
    with pytest.raises(ValueError):
        influence_paths(g, "RUS", "PRK", D(2025, 1, 1), k=0)


def test_reach_within_a_strength_threshold(g):
    # from Russia on 2025-01-01: PRK 0.9, CHN max(0.4, 0.9*0.9=0.81) = 0.81, BLR 0.3
    assert reach(g, "RUS", D(2025, 1, 1), min_strength=0.25) == pytest.approx({"PRK": 0.9, "CHN": 0.81, "BLR": 0.3})
    assert list(reach(g, "RUS", D(2025, 1, 1), min_strength=0.5)) == ["PRK", "CHN"]
