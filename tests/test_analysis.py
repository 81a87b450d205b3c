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


def test_clusters_2025_by_hand(g):
    res = alliance_clusters(g, D(2025, 1, 1))
    # Weights: NATO clique USA-GBR-FRA-DEU 6 x 0.9, USA-KOR and USA-JPN 0.9, east RUS-BLR 0.1 (bloc),
    # RUS-PRK 0.9, CHN-PRK 0.9, CHN-RUS 0.05 (consultation); m = 7.2 + 1.95 = 9.15.
    # Q = sum_c L_c/m - (d_c/2m)^2. The whole west as one cluster: 7.2/9.15 - (14.4/18.3)^2 = 0.1677;
    # split as {DEU, FRA, GBR} (L 2.7, d 8.1) and {JPN, KOR, USA} (L 1.8, d 6.3): 0.0992 + 0.0782 = 0.1774,
    # which is larger, so modularity splits the west; the east: 1.95/9.15 - (3.9/18.3)^2 = 0.1677.
    assert [c.members for c in res.clusters] == [("BLR", "CHN", "PRK", "RUS"), ("DEU", "FRA", "GBR"),
                                                 ("JPN", "KOR", "USA")]
    assert res.unaligned == ("UKR",)
    q = (2.7 / 9.15 - (8.1 / 18.3) ** 2) + (1.8 / 9.15 - (6.3 / 18.3) ** 2) + (1.95 / 9.15 - (3.9 / 18.3) ** 2)
    assert res.modularity == pytest.approx(q)
    assert res.cluster_of("USA").anchor == "USA"  # weighted degree 0.9*5 = 4.5


def test_clusters_leiden_agrees_on_the_two_blocs(g):
    res = alliance_clusters(g, D(2025, 1, 1), method="leiden")
    assert sorted(c.members for c in res.clusters) == [("BLR", "CHN", "PRK", "RUS"), ("DEU", "FRA", "GBR"),
                                                       ("JPN", "KOR", "USA")]


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
    # Belarus -> China as of 2025-01-01: BLR-RUS (bloc 0.1) * RUS-PRK (2024 defense 0.9) * PRK-CHN (defense 0.9)
    # = 0.081 beats BLR-RUS-CHN = 0.1 * 0.05 (consultation) = 0.005
    first, second = influence_paths(g, "Belarus", "china", D(2025, 1, 1), k=2)
    assert first.states == ("BLR", "RUS", "PRK", "CHN")
    assert first.strength == pytest.approx(0.081)
    assert first.cost == pytest.approx(-math.log(0.081))
    assert [t["via"] for t in first.hops[1].ties] == ["rus-prk-2024"]
    assert second.states == ("BLR", "RUS", "CHN")
    assert second.strength == pytest.approx(0.005)
    # as of 2020 the Russia-DPRK hop is the 2000 consultation treaty: 0.1*0.05*0.9 = 0.0045 < 0.005
    (only,) = influence_paths(g, "BLR", "CHN", D(2020, 1, 1))
    assert only.states == ("BLR", "RUS", "CHN")


def test_no_path_across_the_blocs(g):
    with pytest.raises(NoPathError, match="no chain of allied ties joins Russia and United States"):
        influence_paths(g, "RUS", "USA", D(2025, 1, 1))
    with pytest.raises(ValueError):
        influence_paths(g, "RUS", "PRK", D(2025, 1, 1), k=0)


def test_reach_within_a_strength_threshold(g):
    # from Russia on 2025-01-01: PRK 0.9, CHN max(0.05, 0.9*0.9=0.81) = 0.81, BLR 0.1
    assert reach(g, "RUS", D(2025, 1, 1), min_strength=0.09) == pytest.approx({"PRK": 0.9, "CHN": 0.81, "BLR": 0.1})
    assert list(reach(g, "RUS", D(2025, 1, 1), min_strength=0.5)) == ["PRK", "CHN"]
