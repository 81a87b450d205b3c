"""The public API: every name of ``alliancegraph.__all__`` imports, every library error is exported, importing
the package stays cheap; one Snapshot value taken everywhere; balance on an AllianceGraph snapshot."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import alliancegraph
from alliancegraph import (
    AllianceGraph,
    AllianceGraphError,
    DateError,
    InvalidArgumentError,
    Snapshot,
    frustration,
    frustration_index,
    open_graph,
    signed_clusters,
    signed_graph,
    triad_census,
)


def test_every_name_of_all_imports():
    for name in alliancegraph.__all__:
        assert getattr(alliancegraph, name) is not None, name
    ns: dict = {}
    exec("from alliancegraph import *", ns)
    assert set(alliancegraph.__all__) <= set(ns)


def test_every_library_error_is_exported():
    defined = set()
    for info in pkgutil.walk_packages(alliancegraph.__path__, "alliancegraph."):
        if info.name == "alliancegraph.__main__":  # runs the command line
            continue
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, AllianceGraphError) and obj.__module__.startswith("alliancegraph"):
                defined.add(obj)
    assert len(defined) >= 15
    for cls in defined:
        assert cls.__name__ in alliancegraph.__all__, cls
        assert getattr(alliancegraph, cls.__name__) is cls


def test_import_is_cheap():
    code = ("import sys, alliancegraph; print(sorted(m for m in ('pandas', 'matplotlib', 'pyarrow', 'neo4j', "
            "'scipy', 'jinja2', 'pyvis') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------------------- Snapshot
def test_snapshot_parses_checks_and_hashes():
    at = Snapshot("1980-06", until="1980", min_confidence="alleged", strengths={"bloc": 0.2, "defense": 0.8},
                  layers="defense,neutrality", multilateral="full", combine="max")
    assert at.as_of == dt.date(1980, 6, 30) and at.until == dt.date(1980, 12, 31)
    assert at.min_confidence.value == "alleged" and at.layers == frozenset({"defense", "neutrality"})
    assert at.strengths == (("bloc", 0.2), ("defense", 0.8))
    assert at.strength_table["bloc"] == 0.2 and at.strength_table["offense"] == 0.8
    same = Snapshot(dt.date(1980, 6, 30), until=dt.date(1980, 12, 31), min_confidence="alleged",
                    strengths=[("defense", 0.8), ("bloc", 0.2)], layers=["neutrality", "defense"],
                    multilateral="full", combine="max")
    assert same == at and hash(same) == hash(at) and len({at, same}) == 1
    assert Snapshot.of(at) is at and Snapshot.of("2025") == Snapshot(dt.date(2025, 12, 31))
    assert Snapshot(None).as_of == dt.date.today()
    y = Snapshot.year(1990, min_confidence="confirmed")
    assert (y.as_of, y.until, y.min_confidence.value) == (dt.date(1990, 1, 1), dt.date(1990, 12, 31), "confirmed")
    assert at.replace(combine="noisy-or").combine == "noisy-or" and at.replace(combine="noisy-or").layers == at.layers
    assert at.to_dict() == {"as_of": "1980-06-30", "until": "1980-12-31", "min_confidence": "alleged",
                            "strengths": {"bloc": 0.2, "defense": 0.8}, "combine": "max",
                            "layers": ["defense", "neutrality"], "multilateral": "full"}
    with pytest.raises(AttributeError):
        at.as_of = dt.date(2000, 1, 1)  # type: ignore[misc]


@pytest.mark.parametrize("kw, error, message", [
    ({"as_of": "2025-13-01"}, DateError, "month 13 does not exist"),
    ({"as_of": "2025", "until": "2024"}, InvalidArgumentError, "until 2024-12-31 is before as_of 2025-12-31"),
    ({"min_confidence": "rumoured"}, InvalidArgumentError, "unknown confidence 'rumoured'"),
    ({"strengths": {"friendship": 0.5}}, InvalidArgumentError, "unknown tie kind 'friendship'"),
    ({"strengths": {"defense": 1.5}}, InvalidArgumentError, "strength of 'defense' must be in (0, 1], not 1.5"),
    ({"combine": "min"}, InvalidArgumentError, "unknown combination rule 'min'"),
    ({"layers": ["friendship"]}, InvalidArgumentError, "unknown layer 'friendship'"),
    ({"multilateral": "shapley"}, InvalidArgumentError, "unknown multilateral rule 'shapley'"),
])
def test_snapshot_refuses_bad_values_in_one_line(kw, error, message):
    with pytest.raises(error) as e:
        Snapshot(**kw)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_allied_shared_is_keyed_by_the_snapshot():
    g = open_graph()
    a = g.allied_shared(Snapshot("2025-01-01", strengths={"bloc": 0.2}))
    assert a is g.allied_shared(Snapshot(dt.date(2025, 1, 1), strengths={"bloc": 0.2}))
    assert a is not g.allied_shared("2025-01-01")


# ---------------------------------------------------------------------------- balance on an AllianceGraph
@pytest.mark.parametrize("at", [Snapshot("2014-06-01"), Snapshot.year(2014, layers="all")])
def test_balance_of_a_graph_snapshot_is_that_of_its_signed_graph(at):
    g = open_graph()
    assert isinstance(g, AllianceGraph)
    sg = signed_graph(g, at)
    assert sg.number_of_edges() > 0
    # the census counted here by brute force over every triple of nodes
    nodes = sorted(sg.nodes)
    counts = [0, 0, 0, 0]
    for i, a in enumerate(nodes):
        for j in range(i + 1, len(nodes)):
            b = nodes[j]
            if not sg.has_edge(a, b):
                continue
            for c in nodes[j + 1:]:
                if sg.has_edge(a, c) and sg.has_edge(b, c):
                    counts[sum(sg[x][y]["sign"] < 0 for x, y in ((a, b), (a, c), (b, c)))] += 1
    census = triad_census(g, at)
    assert (census.ppp, census.ppn, census.pnn, census.nnn) == tuple(counts)
    assert census == triad_census(sg)
    part = signed_clusters(sg, seed=42).clusters
    assert frustration(g, part, at=at) == frustration(sg, part)
    assert frustration(g, part, weight="weight", at=at) == frustration(sg, part, weight="weight")
    fi_g, fi_sg = frustration_index(g, at=at, time_limit=10), frustration_index(sg, time_limit=10)
    assert (fi_g.value, fi_g.edges) == (fi_sg.value, fi_sg.edges) == (fi_sg.value, sg.number_of_edges())


def test_balance_needs_a_snapshot_with_a_graph_and_none_with_a_signed_graph():
    g = open_graph()
    with pytest.raises(InvalidArgumentError, match="needs a snapshot"):
        triad_census(g)
    with pytest.raises(InvalidArgumentError, match="at is for an AllianceGraph"):
        triad_census(signed_graph(g, "2025-01-01"), "2025-01-01")


def test_the_type_checking_imports_are_the_lazy_names():
    # the `if TYPE_CHECKING:` imports of alliancegraph/__init__.py show type checkers exactly _LAZY, each name
    # from the module that _LAZY names
    import ast

    tree = ast.parse(inspect.getsource(alliancegraph))
    block = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", None) == "TYPE_CHECKING")
    imported = {a.name: node.module for node in block.body if isinstance(node, ast.ImportFrom) for a in node.names}
    assert all(isinstance(node, ast.ImportFrom) and node.level == 1 for node in block.body)
    assert imported == alliancegraph._LAZY
    assert len(alliancegraph.__all__) == len(set(alliancegraph.__all__))
