"""The in-memory alliance graph on the hand-made mini world (tests/fixtures/mini).

Every expected value below was worked out by hand from the YAML files in tests/fixtures/mini.
"""

import datetime as dt
import math

import pytest

from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph, Snapshot, UnknownStateError, combine_strengths
from conftest import MINI

D = dt.date


@pytest.fixture(scope="module")
def g():
    return AllianceGraph.from_facts(load_facts(MINI))


def edges(graph):
    return sorted(tuple(sorted(e)) for e in graph.edges)


def test_property_graph_mirrors_the_model(g):
    # 1 source, 11 states, 2 blocs, 7 treaties, 2 conflicts; 6 parties + ... counted from the files:
    # PARTY_TO: 3 (NAT) + 2*6 bilateral = 15; MEMBER_OF: 4 (nato) + 4 (eastbloc, UKR twice) = 8;
    # SUPERSEDES 1; ESTABLISHES 1; PARTICIPANT_IN 3 + 4 = 7; SUPPORTS 1;
    # CITES: every state, bloc, treaty and conflict cites s1 once = 11 + 2 + 7 + 2 = 22.
    assert g.counts() == {"Bloc": 2, "CITES": 22, "Conflict": 2, "ESTABLISHES": 1, "MEMBER_OF": 8,
                          "PARTICIPANT_IN": 7, "PARTY_TO": 15, "SUPERSEDES": 1, "SUPPORTS": 1, "Source": 1,
                          "State": 11, "Treaty": 7}
    assert g.pg.nodes["rus-prk-2024"]["obligation_articles"] == ["defense:4", "consultation:3"]
    assert g.pg.nodes["eastbloc"]["founded"] == "1994"  # year precision kept


def test_snapshot_2025_tie_count_and_supersession(g):
    allied = g.allied(D(2025, 1, 1))
    # NATO clique of 4 (6 dyads) + USA-KOR, USA-JPN, CHN-PRK, RUS-PRK, CHN-RUS, BLR-RUS
    assert allied.number_of_edges() == 12
    assert ("PRK", "RUS") in edges(allied)
    assert [t["via"] for t in allied["RUS"]["PRK"]["ties"]] == ["rus-prk-2024"]  # 2000 treaty superseded
    assert allied["RUS"]["PRK"]["strength"] == pytest.approx(0.9)
    # the treaty that establishes NATO makes its ties through the bloc, with its strongest obligation
    assert [(t["via"], t["kind"]) for t in allied["USA"]["DEU"]["ties"]] == [("nato", "defense")]
    hostile = g.hostile(D(2025, 1, 1))
    assert edges(hostile) == [("PRK", "UKR"), ("RUS", "UKR")]
    assert hostile["RUS"]["UKR"]["level"] == 5


def test_superseded_treaty_ends_the_day_before_the_new_one_enters_into_force(g):
    assert [t["via"] for t in g.allied(D(2024, 12, 3))["RUS"]["PRK"]["ties"]] == ["rus-prk-2000"]
    assert [t["via"] for t in g.allied(D(2024, 12, 4))["RUS"]["PRK"]["ties"]] == ["rus-prk-2024"]
    start, end = g.treaty_span("rus-prk-2000")
    assert (start.iso(), end.iso()) == ("2000-02-09", "2024-12-03")


def test_snapshots_follow_enlargement_and_departure(g):
    a1955 = g.allied(D(1955, 1, 1))
    # NATO without Germany (joined 1955-05-06): 3 dyads; US-ROK in force 1954-11-17
    assert edges(a1955) == [("FRA", "GBR"), ("FRA", "USA"), ("GBR", "USA"), ("KOR", "USA")]
    # Ukraine a member of the eastern bloc to 2014-03 (month precision: through 31 March)
    assert ("BLR", "UKR") in edges(g.allied(D(2014, 3, 31)))
    assert ("BLR", "UKR") not in edges(g.allied(D(2014, 4, 1)))  # observer: no tie


def test_hostile_ties_follow_participation_spells(g):
    assert edges(g.hostile(D(1950, 7, 1))) == [("KOR", "PRK"), ("PRK", "USA")]
    h = g.hostile(D(1952, 1, 1))  # China in from 1950-10-19
    assert edges(h) == [("CHN", "KOR"), ("CHN", "USA"), ("KOR", "PRK"), ("PRK", "USA")]
    assert g.hostile(D(1954, 1, 1)).number_of_edges() == 0


def test_confidence_history_decides_whether_a_support_tie_counts(g):
    # troops: alleged 2024-10-18, denied 2024-10-25, confirmed 2025-04-28
    assert [t["via"] for t in g.allied(D(2025, 1, 1))["RUS"]["PRK"]["ties"]] == ["rus-prk-2024"]
    e = g.allied(D(2025, 6, 1))["RUS"]["PRK"]
    assert [t["kind"] for t in e["ties"]] == ["defense", "support"]
    assert e["strength"] == pytest.approx(1 - (1 - 0.9) * (1 - 0.3))  # noisy-OR = 0.93
    assert e["cost"] == pytest.approx(-math.log(0.93))
    assert g.allied(Snapshot(D(2025, 6, 1), combine="max"))["RUS"]["PRK"]["strength"] == pytest.approx(0.9)
    # with alleged facts admitted, on 2024-10-20: 2000 consultation (0.05) + alleged troops (0.3)
    e = g.allied(Snapshot(D(2024, 10, 20), min_confidence="alleged"))["RUS"]["PRK"]
    assert e["strength"] == pytest.approx(1 - 0.95 * 0.7)


def test_strength_table_is_overridable(g):
    e = g.allied(Snapshot(D(2020, 1, 1), strengths={"consultation": 0.55}))
    assert e["CHN"]["RUS"]["strength"] == pytest.approx(0.55)
    with pytest.raises(ValueError, match="unknown tie kind"):
        g.allied(Snapshot(D(2020, 1, 1), strengths={"friendship": 0.5}))
    with pytest.raises(ValueError, match=r"in \(0, 1\]"):
        g.allied(Snapshot(D(2020, 1, 1), strengths={"defense": 1.5}))


def test_combine_rules():
    assert combine_strengths([0.5, 0.5]) == pytest.approx(0.75)
    assert combine_strengths([0.5, 0.2], "max") == 0.5
    with pytest.raises(ValueError):
        combine_strengths([0.5], "sum")


@pytest.mark.parametrize("name, sid", [("north korea", "PRK"), ("DPRK", "PRK"), ("731", "PRK"), ("prk", "PRK"),
                                        ("ROK", "KOR"), ("UKG", "GBR"), ("west germany", "DEU"), ("365", "RUS"),
                                        ("Soviet Union", "RUS")])
def test_states_are_named_by_any_code_or_name(g, name, sid):
    assert g.resolve_state(name) == sid


def test_unknown_state_gets_close_matches(g):
    with pytest.raises(UnknownStateError) as e:
        g.resolve_state("Nort Korea")
    assert e.value.suggestions[0] == "North Korea (PRK)"


def test_short_name_falls_back_to_the_name_and_the_id():
    import doctest
    from dataclasses import replace

    facts = load_facts(MINI)
    facts.blocs["nato"] = replace(facts.blocs["nato"], short_name="NATO")
    facts.treaties["usa-kor"] = replace(facts.treaties["usa-kor"], short_name="US-ROK")
    g = AllianceGraph.from_facts(facts)
    assert g.pg.nodes["nato"]["short_name"] == "NATO"                      # a property of the node
    assert "short_name" not in g.pg.nodes["eastbloc"]                      # None is not stored
    assert g.short_name("nato") == "NATO" and g.short_name("usa-kor") == "US-ROK"
    assert g.short_name("eastbloc") == "Eastern bloc without a treaty"     # no short name: the name
    assert g.short_name("usa-jpn") == "US-Japan Security Treaty"
    assert g.short_name("KOR") == g.state_name("KOR")                      # any node: its name
    assert g.short_name("no-such-fact") == "no-such-fact"                  # nothing: the id
    # the docstring's example runs as written
    runner = doctest.DocTestRunner()
    for test in doctest.DocTestFinder().find(AllianceGraph.short_name, "short_name",
                                             globs={"AllianceGraph": AllianceGraph}):
        runner.run(test)
    assert runner.summarize(verbose=False).attempted == 3 and runner.summarize(verbose=False).failed == 0
