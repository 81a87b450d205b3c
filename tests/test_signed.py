"""Signed clusters, structural balance, brokerage and bloc tracking on networks small enough to work out
by hand (the expected values are derived in the comments)."""

import datetime as dt
import itertools

import networkx as nx
import pytest

from alliancegraph.analysis.balance import frustration, frustration_index, triad_census
from alliancegraph.analysis.centrality import brokerage
from alliancegraph.analysis.signed import signed_clusters, signed_graph
from alliancegraph.analysis.timeline import timeline, track_blocs
from alliancegraph.facts import load_facts
from alliancegraph.graph import Snapshot
from alliancegraph.graph import AllianceGraph
from alliancegraph.views.timeline import write_timeline
from conftest import MINI


def signed(pos, neg):
    g = nx.Graph()
    g.add_edges_from(pos, sign=1, weight=1.0)
    g.add_edges_from(neg, sign=-1, weight=1.0)
    return g


@pytest.fixture
def two_blocs():
    # blocs {A, B, C} and {D, E}: allied inside, hostile across: a complete, perfectly balanced K5
    west, east = "ABC", "DE"
    pos = list(itertools.combinations(west, 2)) + list(itertools.combinations(east, 2))
    neg = [(a, b) for a in west for b in east]
    return signed(pos, neg)


def test_balanced_two_bloc_network(two_blocs):
    census = triad_census(two_blocs)
    # K5 has C(5,3) = 10 triangles: ABC is +++; two from the west and one from the east (3*2 = 6) and one
    # from the west and both easterners (3*1 = 3) are +--
    assert census.to_dict() == {"+++": 1, "++-": 0, "+--": 9, "---": 0, "total": 10, "balanced_share": 1.0}
    fi = frustration_index(two_blocs)
    assert fi.value == 0 and fi.exact and fi.lower_bound == 0
    assert sorted(map(sorted, fi.partition)) == [["A", "B", "C"], ["D", "E"]]
    assert fi.statement() == "frustration index 0 (exact: proved optimal)"
    sc = signed_clusters(two_blocs)
    assert sc.clusters == (("A", "B", "C"), ("D", "E"))
    assert frustration(two_blocs, sc.clusters) == 0


def test_all_negative_triangle_is_unbalanced():
    g = signed([], [("A", "B"), ("B", "C"), ("A", "C")])
    assert triad_census(g).to_dict() == {"+++": 0, "++-": 0, "+--": 0, "---": 1, "total": 1, "balanced_share": 0.0}
    # two groups for three mutual enemies: two of them share a group, one negative tie inside
    fi = frustration_index(g)
    assert fi.value == 1 and fi.exact
    assert fi.normalized == pytest.approx(1 / 1.5)


def test_two_friends_with_a_common_enemy_pair_is_unbalanced():
    g = signed([("A", "B"), ("B", "C")], [("A", "C")])
    assert triad_census(g).ppn == 1
    assert frustration_index(g).value == 1


def test_all_negative_k4_needs_two_removals():
    # K4 of enemies: the best split is 2+2, leaving one negative tie inside each group
    g = signed([], list(itertools.combinations("ABCD", 2)))
    assert frustration_index(g).value == 2
    assert triad_census(g).nnn == 4


def test_frustration_of_a_partition_counts_both_kinds(two_blocs):
    # putting C with the east: C's ties to A and B (positive) now cross: 2; C-D and C-E (negative) inside: 2
    assert frustration(two_blocs, [("A", "B"), ("C", "D", "E")]) == 4
    # weighted: A alone: its positive ties A-B (0.5) and A-C (1) cross; B-D, B-E, C-D, C-E (1 each) inside
    two_blocs["A"]["B"]["weight"] = 0.5
    assert frustration(two_blocs, [("A",), ("B", "C", "D", "E")], weight="weight") == 0.5 + 1 + 4


def test_negative_layer_weight_zero_ignores_enemies():
    # a positive path A-B-C with C-D hostile; with lambda = 0 only the positive layer counts
    g = signed([("A", "B"), ("B", "C")], [("C", "D")])
    assert signed_clusters(g, negative_weight=1.0).membership()["D"] != signed_clusters(g).membership()["C"]
    with pytest.raises(ValueError):
        signed_clusters(g, negative_weight=-1)


def test_signed_graph_from_the_mini_world():
    g = AllianceGraph.from_facts(load_facts(MINI))
    sg = signed_graph(g, dt.date(2025, 1, 1))
    # of the 12 allied dyads (worked out in test_graph) the defense pacts make positive edges (NATO's 6,
    # USA-JPN, USA-KOR, RUS-PRK, CHN-PRK); RUS-BLR (bloc) and CHN-RUS (consultation) are outside the default
    # layers, so Belarus, with no other tie, is not in the signed network: 10 of the 11 states
    assert sg.number_of_nodes() == 10 and "BLR" not in sg
    assert sorted(d["sign"] for *_, d in sg.edges(data=True)).count(1) == 10
    assert sg["DEU"]["FRA"]["weight"] == pytest.approx(0.9 / 3 ** 0.5)  # NATO's 4 members: 0.9 / sqrt(3)
    # RUS-UKR: the war has Russia and the DPRK against Ukraine, 3 participants: 1 / sqrt(2) per dyad
    assert sg["RUS"]["UKR"]["weight"] == pytest.approx(2 ** -0.5)
    every = signed_graph(g, Snapshot(dt.date(2025, 1, 1), layers=["all"]))
    assert every.number_of_nodes() == 11 and every["BLR"]["RUS"]["weight"] == pytest.approx(0.1)
    assert sorted(d["sign"] for *_, d in sg.edges(data=True)).count(-1) == 2
    sc = signed_clusters(sg)
    m = sc.membership()
    assert m["UKR"] != m["RUS"] and m["USA"] == m["KOR"] and m["RUS"] == m["PRK"]


def test_betweenness_and_brokers_on_the_mini_world():
    g = AllianceGraph.from_facts(load_facts(MINI))
    rows = {r.state: r for r in brokerage(g, dt.date(2025, 1, 1))}
    # Betweenness runs on every allied tie (the influence network): 10 states have allied ties,
    # normalisation (n-1)(n-2)/2 = 36 pairs.
    # USA is the only bridge from JPN and KOR to each other and to GBR, FRA, DEU: 7 pairs.
    # In the east the strongest paths run BLR-RUS-PRK-CHN (cost -ln .3 - 2 ln .9) and RUS-PRK-CHN
    # (-2 ln .9 = 0.21 < -ln .4 = 0.92): RUS lies on BLR-PRK and BLR-CHN, PRK on RUS-CHN and BLR-CHN.
    assert rows["USA"].betweenness == pytest.approx(7 / 36)
    assert rows["RUS"].betweenness == pytest.approx(2 / 36)
    assert rows["PRK"].betweenness == pytest.approx(2 / 36)
    assert rows["GBR"].betweenness == 0
    # Participation runs on the clustering weight, like the clusters (test_analysis): {DEU, FRA, GBR},
    # {JPN, KOR, USA}, {CHN, PRK, RUS}; NATO's pairs weigh w = 0.9/sqrt(3). The USA ties 1.8 into its own
    # cluster and 3w into the European one: P = 1 - (1.8/(1.8+3w))^2 - (3w/(1.8+3w))^2; each European ties
    # 2w into its own and w to the USA: P = 1 - (2/3)^2 - (1/3)^2 = 4/9; Russia's one tie in the layers is
    # with the DPRK, in its own cluster: P = 0
    w = 0.9 / 3 ** 0.5
    assert [s for s, r in sorted(rows.items()) if r.is_broker] == ["DEU", "FRA", "GBR", "USA"]
    assert rows["USA"].participation == pytest.approx(1 - (1.8 / (1.8 + 3 * w)) ** 2 - (3 * w / (1.8 + 3 * w)) ** 2)
    assert rows["DEU"].participation == pytest.approx(4 / 9)
    assert rows["RUS"].participation == 0 and rows["BLR"].cluster is None


def test_tracking_splits_and_merges():
    prev = {"B1": frozenset("abcd")}
    labels, events, nxt = track_blocs(prev, [frozenset("ab"), frozenset("cd")], 2)
    assert labels == {"B1": frozenset("ab"), "B2": frozenset("cd")} and nxt == 3
    assert events == ["B1 splits into B1, B2"]
    labels, events, _ = track_blocs({"B1": frozenset("ab"), "B2": frozenset("cd")}, [frozenset("abcd")], 3)
    assert labels == {"B1": frozenset("abcd")}
    assert events == ["B1, B2 merge into B1"]
    labels, events, _ = track_blocs({"B1": frozenset("ab")}, [frozenset("xy")], 2)
    assert labels == {"B2": frozenset("xy")}
    assert events == ["B2 forms (2 states)", "B1 dissolves"]


def test_timeline_on_the_mini_world(tmp_path):
    g = AllianceGraph.from_facts(load_facts(MINI))
    # every layer, so that the eastern bloc's co-membership counts
    tl = timeline(g, 2013, 2015, exact_frustration=True, at=Snapshot(layers=["all"]))
    y2013, y2014, y2015 = tl.years
    # 2013: the eastern bloc still has Ukraine (member to 2014-03)
    assert any(set(m) >= {"RUS", "BLR", "UKR"} for m in y2013.blocs.values())
    # 2014 as a whole year: Ukraine is a member until March, so still tied; 2015: no longer
    assert not any("UKR" in m for m in y2015.blocs.values())
    assert y2015.negative == 0 and y2015.triads["balanced_share"] == 1.0
    label_2013 = next(k for k, m in y2013.blocs.items() if "RUS" in m)
    assert label_2013 == next(k for k, m in y2015.blocs.items() if "RUS" in m)  # the bloc keeps its label
    # names: the eastern bloc of 2013 (RUS, BLR, UKR, CHN, PRK) is held by no fact that more than half its
    # members share (the eastern bloc has no treaty; the defense pacts are bilateral), so it is named after
    # its anchor; NATO names the western bloc
    assert "North Atlantic Treaty Organization" in y2013.blocs
    assert tl.params["layers"] == sorted(["defense", "offense", "neutrality", "non-aggression", "consultation",
                                          "entente", "support", "bloc", "none"])
    paths = write_timeline(tl, tmp_path)
    assert [p.name for p in paths] == ["timeline.csv", "timeline.json", "timeline.png", "alluvial.html", "alluvial.png"]
    assert (tmp_path / "timeline.csv").read_text().splitlines()[0].startswith("year,states,positive_ties")
    assert (tmp_path / "timeline.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_balance_brokers_timeline(tmp_path):
    from click.testing import CliRunner

    from alliancegraph.cli import main
    import json

    runner = CliRunner()
    r = runner.invoke(main, ["balance", "-f", str(MINI), "--as-of", "2025-01-01", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    # mini world 2025, defense and offense layers: triangles USA-GBR-FRA, USA-GBR-DEU, USA-FRA-DEU,
    # GBR-FRA-DEU (NATO, +++), RUS-PRK-UKR (two hostile ties to UKR: +--); RUS-PRK-CHN is no triangle,
    # since CHN-RUS is a consultation pact
    assert data["triads"] == {"+++": 4, "++-": 0, "+--": 1, "---": 0, "total": 5, "balanced_share": 1.0}
    assert data["names"][:2] and data["layers"] == ["defense", "offense"]
    r = runner.invoke(main, ["balance", "-f", str(MINI), "--as-of", "2025-01-01", "--json", "--layers", "all"])
    assert json.loads(r.output)["triads"]["+++"] == 5  # with every layer RUS-PRK-CHN closes
    assert data["frustration_index"]["value"] == 0 and data["frustration_index"]["exact"] is True
    r = runner.invoke(main, ["brokers", "-f", str(MINI), "--as-of", "2025-01-01", "--json", "--top", "1"])
    assert json.loads(r.output)["states"][0]["state"] == "USA"
    r = runner.invoke(main, ["timeline", "-f", str(MINI), "--from", "2014", "--to", "2015", "--out", str(tmp_path),
                             "--no-plot"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.csv", "timeline.json"]
    r = runner.invoke(main, ["timeline", "-f", str(MINI), "--from", "2015", "--to", "2014", "--out", str(tmp_path)])
    assert r.exit_code == 1 and "the last year (2014) is before the first (2015)" in r.output


def test_cli_balance_over_a_period():
    from click.testing import CliRunner

    from alliancegraph.cli import main
    import json

    r = CliRunner().invoke(main, ["balance", "-f", str(MINI), "--as-of", "2014-01-01", "--until", "2014-12-31",
                                  "--json"])
    assert r.exit_code == 0, r.output
    # 2014 as a whole, defense and offense layers: the NATO clique (4 triangles); RUS-BLR-UKR (the eastern
    # bloc) and RUS-PRK-CHN (the 2000 and 2001 treaties are consultation pacts) need the weaker layers
    assert json.loads(r.output)["triads"] == {"+++": 4, "++-": 0, "+--": 0, "---": 0, "total": 4,
                                              "balanced_share": 1.0}
    r = CliRunner().invoke(main, ["balance", "-f", str(MINI), "--as-of", "2014-01-01", "--until", "2014-12-31",
                                  "--json", "--layers", "all"])
    assert json.loads(r.output)["triads"]["+++"] == 6
    r = CliRunner().invoke(main, ["balance", "-f", str(MINI), "--as-of", "2014-01-01", "--until", "2013-12-31"])
    assert r.exit_code == 1 and "--until 2013-12-31 is before --as-of 2014-01-01" in r.output


def test_a_state_with_only_hostile_ties_is_no_bloc_member():
    from alliancegraph.analysis.signed import _allied_cores

    g = nx.Graph()
    g.add_edge("A", "B", sign=1, weight=1.0)
    g.add_edge("B", "C", sign=1, weight=1.0)
    g.add_edge("C", "X", sign=-1, weight=1.0)  # X is placed with A, B, C only by its enemy C
    g.add_edge("Y", "Z", sign=-1, weight=1.0)
    # X has no allied tie into {A, B, C, X}: alone; Y and Z have none at all: each alone
    assert _allied_cores(g, [["A", "B", "C", "X"], ["Y", "Z"]]) == [["X"], ["A", "B", "C"], ["Y"], ["Z"]]


def test_timeline_stability_on_the_mini_world():
    g = AllianceGraph.from_facts(load_facts(MINI))
    tl = timeline(g, 2024, 2025, stability_runs=3)
    # the signed network of each year is two components whose best partition is unique (the west splits as
    # worked out in test_analysis.test_clusters_2025_by_hand): every seed finds it, every state is stable
    assert [(y.stability, y.unstable) for y in tl.years] == [(1.0, ()), (1.0, ())]
    assert tl.params["stability_runs"] == 3 and tl.years[0].row()["unstable_states"] == 0
    assert timeline(g, 2025, 2025).years[0].stability is None
    with pytest.raises(ValueError, match="stability_runs must be a whole number"):
        timeline(g, 2025, 2025, stability_runs=-1)
