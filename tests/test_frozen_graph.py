"""Issue #11, item 2: once built, an AllianceGraph cannot be changed, so that no cache can go stale.

The property graph (``g.pg``) and the snapshots that ``allied_shared`` hands to every caller are frozen: every
attempt to add, remove or change a node, a relationship or a property raises, and the graph's answers
(``counts()``, ``rels()``, ``ties()``, snapshots) stay what the facts say. The expected numbers are counted
from the facts of tests/fixtures/mini, not from the graph.
"""

import datetime as dt

import networkx as nx
import pytest

from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph, Snapshot, freeze_graph
from conftest import MINI

DAY = dt.date(2000, 1, 1)


@pytest.fixture(scope="module")
def facts():
    return load_facts(MINI)


@pytest.fixture()
def g(facts):
    return AllianceGraph.from_facts(facts)


def expected_counts(facts):
    """Nodes per label and relationships per type, counted from the facts themselves."""
    treaties, blocs, conflicts = facts.treaties.values(), facts.blocs.values(), facts.conflicts.values()
    out = {"Source": len(facts.sources), "State": len(facts.states), "Bloc": len(blocs), "Treaty": len(treaties),
           "Conflict": len(conflicts), "SUPPORTS": len(facts.supports),
           "PARTY_TO": sum(len(t.parties) for t in treaties), "SUPERSEDES": sum(len(t.supersedes) for t in treaties),
           "MEMBER_OF": sum(len(b.memberships) for b in blocs),
           "ESTABLISHES": sum(1 for b in blocs if b.established_by),
           "PARTICIPANT_IN": sum(len(c.participants) for c in conflicts),
           "CITES": sum(len(set(f.sources) & set(facts.sources)) for kind in ("states", "blocs", "treaties", "conflicts")
                        for f in getattr(facts, kind).values())}
    return {k: v for k, v in sorted(out.items()) if v}


def mutations(graph, node, u, v, key):
    """Every way to change a graph in place: structure, then graph, node and relationship properties."""
    multi = graph.is_multigraph()
    edge = graph.edges[u, v, key] if multi else graph.edges[u, v]
    return {
        "add_node": lambda: graph.add_node("XXX", label="State"),
        "add_nodes_from": lambda: graph.add_nodes_from(["XXX"]),
        "remove_node": lambda: graph.remove_node(node),
        "remove_nodes_from": lambda: graph.remove_nodes_from([node]),
        "add_edge": lambda: graph.add_edge(u, v, type="MEMBER_OF"),
        "add_edges_from": lambda: graph.add_edges_from([(u, v)]),
        "add_weighted_edges_from": lambda: graph.add_weighted_edges_from([(u, v, 1.0)]),
        "remove_edge": lambda: graph.remove_edge(u, v, key) if multi else graph.remove_edge(u, v),
        "remove_edges_from": lambda: graph.remove_edges_from([(u, v)]),
        "update": lambda: graph.update(edges=[(u, "XXX")]),
        "clear": lambda: graph.clear(),
        "clear_edges": lambda: graph.clear_edges(),
        "set graph property": lambda: graph.graph.__setitem__("name", "x"),
        "set node property": lambda: graph.nodes[node].__setitem__("name", "x"),
        "change node property": lambda: graph.nodes[node].update(name="x"),
        "delete node property": lambda: graph.nodes[node].__delitem__(next(iter(graph.nodes[node]))),
        "set relationship property": lambda: edge.__setitem__("type", "x"),
        "delete relationship property": lambda: edge.__delitem__(next(iter(edge))),
        "pop relationship property": lambda: edge.pop(next(iter(edge))),
    }


def test_the_issue_example_raises_and_the_caches_agree(facts, g):
    want = expected_counts(facts)
    ties = list(g.ties())
    assert g.counts() == want and len(g.rels("MEMBER_OF")) == want["MEMBER_OF"]
    with pytest.raises(nx.NetworkXError):
        g.pg.add_edge("UKR", "nato", key="nato/UKR/2025/member", type="MEMBER_OF", id="nato/UKR/2025/member")
    # nothing changed: counts(), rels() and ties() agree with each other and with the facts
    assert g.counts() == want
    assert len(g.rels("MEMBER_OF")) == want["MEMBER_OF"] == g.counts()["MEMBER_OF"]
    assert g.ties() == ties


def test_every_mutation_of_the_property_graph_raises(facts, g):
    want = expected_counts(facts)
    ties = list(g.ties())
    allied = sorted(g.allied(DAY).edges)
    rel = next(iter(g.rels("MEMBER_OF")))
    for name, attempt in mutations(g.pg, "USA", rel[0], rel[1], rel[2]["id"]).items():
        with pytest.raises((nx.NetworkXError, TypeError, AttributeError)):
            attempt()
            pytest.fail(f"{name} changed the property graph")
    assert g.counts() == want
    for rtype in ("MEMBER_OF", "PARTY_TO", "SUPPORTS"):
        assert len(g.rels(rtype)) == want[rtype]
    assert [d["name"] for _, d in g.nodes("State")] == [facts.states[s].name for s in sorted(facts.states)]
    assert g.ties() == ties and sorted(g.allied(DAY).edges) == allied


def test_a_shared_snapshot_cannot_be_changed(g):
    shared = g.allied_shared(DAY)
    own = g.allied(DAY)
    assert shared is g.allied_shared(DAY)  # handed to every caller
    u, v = sorted(own.edges)[0]
    for name, attempt in mutations(shared, u, u, v, None).items():
        with pytest.raises((nx.NetworkXError, TypeError, AttributeError)):
            attempt()
            pytest.fail(f"{name} changed the shared snapshot")
    assert sorted(shared.edges(data="strength")) == sorted(own.edges(data="strength"))
    assert dict(shared.nodes(data="name")) == dict(own.nodes(data="name"))
    # allied() gives a graph of one's own, which its owner may change
    own.remove_edge(u, v)
    assert shared.has_edge(u, v) and g.allied_shared(DAY).has_edge(u, v)


def test_edits_make_new_frozen_graphs_and_leave_this_one_as_it_was(facts, g):
    want = expected_counts(facts)
    ties = list(g.ties())
    without = g.without(["nato"])
    nato_members = len(facts.blocs["nato"].memberships)
    assert without.counts()["MEMBER_OF"] == want["MEMBER_OF"] - nato_members
    assert len(without.rels("MEMBER_OF")) == want["MEMBER_OF"] - nato_members
    assert "nato" not in {t.via for t in without.ties()}
    with pytest.raises(nx.NetworkXError):
        without.pg.add_node("nato", label="Bloc")
    edited = without.with_facts(type(facts)(blocs={"nato": facts.blocs["nato"]}))
    assert edited.counts() == want and edited.ties() == ties
    with pytest.raises(nx.NetworkXError):
        edited.pg.remove_node("nato")
    assert g.counts() == want and g.ties() == ties


def test_a_graph_passed_in_is_frozen_and_a_copy_is_ones_own(facts, g):
    pg = g.pg.copy()  # a mutable copy
    pg.remove_node("nato")
    smaller = AllianceGraph(pg)
    assert smaller.counts()["Bloc"] == len(facts.blocs) - 1
    with pytest.raises(nx.NetworkXError):
        pg.add_node("nato", label="Bloc")  # frozen in place once it is a graph's
    assert g.counts() == expected_counts(facts)


def test_freeze_graph_keeps_reads_and_copies():
    h = nx.Graph()
    h.add_edge("a", "b", weight=0.5)
    h.add_node("c", name="C")
    frozen = freeze_graph(h)
    assert frozen is h and nx.is_frozen(h)
    assert h.edges["b", "a"]["weight"] == 0.5 and h.nodes["c"] == {"name": "C"}
    assert nx.shortest_path(h, "a", "b", weight="weight") == ["a", "b"]
    assert freeze_graph(h) is h  # freezing twice changes nothing
    c = h.copy()
    c.edges["a", "b"]["weight"] = 2.0
    c.add_edge("b", "c")
    assert h.edges["a", "b"]["weight"] == 0.5 and not h.has_edge("b", "c")


def test_a_bad_parameter_is_an_invalid_argument_error(g):
    from alliancegraph.errors import AllianceGraphError, InvalidArgumentError
    from alliancegraph.graph import check_layers, combine_strengths, multilateral_share, strength_table

    attempts = {
        "layer": lambda: check_layers(["alliance"]),
        "no layer": lambda: check_layers([]),
        "multilateral rule": lambda: multilateral_share(3, "shapley"),
        "parties": lambda: multilateral_share(1),
        "strength": lambda: strength_table({"bloc": 1.5}),
        "strength text": lambda: strength_table({"bloc": "strong"}),
        "tie kind": lambda: strength_table({"alliance": 0.5}),
        "combination rule": lambda: combine_strengths([0.5], "min"),
        "allied": lambda: g.allied(Snapshot(DAY, multilateral="shapley")),
        "dyads": lambda: g.dyads(Snapshot(DAY, combine="min")),
        "hostile": lambda: g.hostile(Snapshot(DAY, multilateral="shapley")),
    }
    for name, attempt in attempts.items():
        with pytest.raises(InvalidArgumentError) as e:
            attempt()
        # still the ValueError that callers caught before, and one of the library's own errors
        assert isinstance(e.value, ValueError) and isinstance(e.value, AllianceGraphError), name
