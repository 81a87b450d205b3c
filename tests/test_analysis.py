"""Clusters and influence paths on the hand-made mini world; values worked out by hand from its files."""

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest
import yaml

from alliancegraph.analysis import NoPathError, alliance_clusters, influence_paths, reach
from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph, Snapshot
from conftest import MINI

D = dt.date


@pytest.fixture(scope="module")
def g():
    return AllianceGraph.from_facts(load_facts(MINI))


def test_clusters_2025_by_hand(g):
    res = alliance_clusters(g, D(2025, 1, 1))
    # Default layers: defense and offense pacts only, so RUS-BLR (bloc 0.1) and CHN-RUS (consultation) do
    # not count, and BLR and UKR are unaligned. NATO (4 members) gives each of its 6 pairs
    # 0.9 / sqrt(3) = 0.5196 (square-root sharing); USA-KOR, USA-JPN, RUS-PRK (2024) and CHN-PRK are
    # bilateral defense pacts at 0.9. m = 6 w + 3.6 with w = 0.9 / sqrt(3).
    w = 0.9 / math.sqrt(3)
    m = 6 * w + 3.6
    # Q = sum_c L_c/m - (d_c/2m)^2. The west split as {DEU, FRA, GBR} (L 3w, d 9w) and {JPN, KOR, USA}
    # (L 1.8, d 3w + 3.6): 0.1109 + 0.1205 = 0.2314, more than the whole west as one (L 6w + 1.8,
    # d 12w + 3.6: 0.1962); the east {CHN, PRK, RUS}: L 1.8, d 3.6.
    assert [c.members for c in res.clusters] == [("CHN", "PRK", "RUS"), ("DEU", "FRA", "GBR"), ("JPN", "KOR", "USA")]
    assert res.unaligned == ("BLR", "UKR")
    q = (3 * w / m - (9 * w / (2 * m)) ** 2) + (1.8 / m - ((3 * w + 3.6) / (2 * m)) ** 2) + (1.8 / m - (3.6 / (2 * m)) ** 2)
    assert res.modularity == pytest.approx(q)
    assert res.cluster_of("USA").anchor == "USA"  # weighted degree inside: 1.8 against 0.9 for JPN and KOR
    # names: NATO's 4 members hold 3 of {DEU, FRA, GBR} (Jaccard 3/4); the two other clusters are each held
    # by two bilateral treaties that cover 2 of 3 members equally well, and the lower id names them
    assert [c.name for c in res.clusters] == ["China-DPRK Treaty", "North Atlantic Treaty Organization",
                                              "US-Japan Security Treaty"]
    assert [c.defined_by for c in res.clusters] == ["chn-prk", "nato", "usa-jpn"]
    assert res.layers == ("defense", "offense") and res.multilateral == "sqrt"


def test_clusters_with_every_layer_and_full_weight_by_hand(g):
    # The former projection: every tie kind, every dyad of NATO at 0.9. Weights: NATO clique 6 x 0.9,
    # USA-KOR and USA-JPN 0.9, RUS-BLR 0.1 (bloc), RUS-PRK 0.9, CHN-PRK 0.9, CHN-RUS 0.05; m = 9.15;
    # the west splits ({DEU, FRA, GBR}: L 2.7, d 8.1; {JPN, KOR, USA}: L 1.8, d 6.3) and the east is one.
    res = alliance_clusters(g, Snapshot(D(2025, 1, 1), layers=["all"], multilateral="full"))
    assert [c.members for c in res.clusters] == [("BLR", "CHN", "PRK", "RUS"), ("DEU", "FRA", "GBR"),
                                                 ("JPN", "KOR", "USA")]
    assert res.unaligned == ("UKR",)
    q = (2.7 / 9.15 - (8.1 / 18.3) ** 2) + (1.8 / 9.15 - (6.3 / 18.3) ** 2) + (1.95 / 9.15 - (3.9 / 18.3) ** 2)
    assert res.modularity == pytest.approx(q)


def test_newman_sharing_keeps_a_states_total_from_one_pact(g):
    # Newman's rule: each NATO pair gets 0.9 / (4 - 1) = 0.3, so each member's total from NATO is 0.9
    snap = g.allied(Snapshot(D(2025, 1, 1), multilateral="newman"))
    assert snap["DEU"]["FRA"]["weight"] == pytest.approx(0.3)
    assert sum(snap["DEU"][m]["weight"] for m in ("FRA", "GBR", "USA")) == pytest.approx(0.9)
    assert snap["USA"]["KOR"]["weight"] == pytest.approx(0.9)  # bilateral: the whole strength
    # paths keep the tie's own strength whatever the rule
    # (the North Atlantic Treaty establishes the bloc, so the pair has one fact, NATO, a defense pact: 0.9)
    assert snap["DEU"]["FRA"]["strength"] == pytest.approx(0.9)
    # a tie outside the layers has no clustering weight
    assert snap["BLR"]["RUS"]["weight"] == 0.0 and snap["BLR"]["RUS"]["strength"] == pytest.approx(0.1)


def test_clusters_leiden_agrees_on_the_blocs(g):
    res = alliance_clusters(g, D(2025, 1, 1), method="leiden")
    assert sorted(c.members for c in res.clusters) == [("CHN", "PRK", "RUS"), ("DEU", "FRA", "GBR"),
                                                       ("JPN", "KOR", "USA")]


def test_explain_gives_the_weights_and_ties_behind_a_place(g):
    res = alliance_clusters(g, D(2025, 1, 1))
    ex = res.explain("USA")
    # USA's weight to its own cluster: USA-JPN + USA-KOR = 1.8; to the NATO cluster 3 x 0.9/sqrt(3) = 1.5588
    assert ex.cluster == res.cluster_of("USA").label and ex.weight == pytest.approx(1.8)
    assert ex.rival == res.cluster_of("DEU").label and ex.rival_weight == pytest.approx(3 * 0.9 / math.sqrt(3))
    assert [t["partner"] for t in ex.ties[ex.cluster]] == ["JPN", "KOR"]
    assert {t["via"] for t in ex.ties[ex.rival]} == {"nato"} and ex.ties[ex.rival][0]["parties"] == 4
    assert "1.800" in ex.sentence() and "1.559" in ex.sentence()
    assert res.explain("UKR").cluster is None


def test_null_model_and_stability_on_the_mini_world(g):
    res = alliance_clusters(g, D(2025, 1, 1), null_runs=10, stability_runs=10)
    # three components of 3 states with their clusters are the only partition Louvain can find, with any
    # seed: every state is stable
    assert res.stability.mean == 1.0 and res.stability.unstable == ()
    assert res.null.runs == 10 and 0 <= res.null.percentile <= 1
    d = res.to_dict()
    assert d["null_model"]["runs"] == 10 and d["stability"]["unstable"] == [] and "Stable" in d["verdict"]


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


def test_bad_parameters_are_refused_in_one_line(g):
    from alliancegraph.graph import check_layers, multilateral_share

    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="resolution must be a finite number above 0"):
            alliance_clusters(g, D(2025, 1, 1), resolution=bad)
    with pytest.raises(ValueError, match="null_runs must be 0 .no null model. or at least 2"):
        alliance_clusters(g, D(2025, 1, 1), null_runs=1)
    with pytest.raises(ValueError, match="stability_runs must be a whole number from 0 to 1000"):
        alliance_clusters(g, D(2025, 1, 1), stability_runs=10**9)
    assert check_layers("Defense, OFFENSE") == {"defense", "offense"}
    with pytest.raises(ValueError, match="a layer must be a tie kind"):
        check_layers([None])
    with pytest.raises(ValueError, match="at least 2 states"):
        multilateral_share(1)


def test_a_state_left_alone_is_told_apart_from_one_without_ties(g):
    # at a very high resolution Louvain leaves states alone although they have defense pacts
    res = alliance_clusters(g, D(2025, 1, 1), resolution=50)
    alone = [s for s in ("USA", "JPN", "KOR") if res.cluster_of(s) is None]
    assert alone, [c.members for c in res.clusters]
    assert "left it alone" in res.explain(alone[0]).sentence()
    assert "at resolution 50" in res.verdict()
    assert res.explain("UKR").sentence() == "Ukraine has no tie in the clustering layers: unaligned."


def test_no_ties_no_structure(tmp_path):
    d = tmp_path / "two"
    d.mkdir()
    (d / "sources.yaml").write_text("sources:\n  - {id: s1, publisher: P, title: T, date: 2025-01-01}\n")
    (d / "states.yaml").write_text("states:\n  - {id: AAA, name: A, sources: [s1]}\n  - {id: BBB, name: B, sources: [s1]}\n")
    res = alliance_clusters(AllianceGraph.from_facts(load_facts(d)), D(2025, 1, 1), null_runs=5, stability_runs=5)
    assert res.clusters == () and res.unaligned == ("AAA", "BBB")
    assert res.verdict() == "no structure: no two states are tied in the clustering layers on this date."
