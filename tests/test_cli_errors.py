"""Typed library errors, the thin CLI and its one error boundary (issue #11, item 3).

The CLI turns exactly the errors the library raises on purpose (AllianceGraphError) and OSError into one
line and exit 1; anything else is a bug and must show as one. Commands receive their sources as a
parameter (GraphSource), results serialise themselves, and the view is written through the atomic writer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from types import SimpleNamespace

import click
import networkx as nx
import pytest
from click.testing import CliRunner

from alliancegraph import cli, fileio
from alliancegraph.analysis.balance import (
    FrustrationIndex,
    SolverError,
    frustration,
    frustration_index,
)
from alliancegraph.analysis.clusters import (
    ClusterResult,
    NotInClusteringError,
    alliance_clusters,
)
from alliancegraph.analysis.signed import SignedClusters
from alliancegraph.errors import AllianceGraphError, InvalidArgumentError
from alliancegraph.facts import fact_template
from alliancegraph.graph import AllianceGraph, UnknownStateError
from alliancegraph.views.layout import layout_positions
from alliancegraph.workspace import load_set_name, open_graph
from conftest import MINI

CLUSTERS = ["clusters", "-f", str(MINI), "--as-of", "2025-01-01", "--null-runs", "0", "--stability-runs", "0"]


@pytest.fixture(scope="module")
def mini() -> AllianceGraph:
    return open_graph([MINI])


# ---------------------------------------------------------------------------- the CLI's error boundary
def test_a_plain_library_keyerror_is_a_bug_and_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr(cli, "alliance_clusters", broken)
    r = CliRunner().invoke(cli.main, CLUSTERS)
    assert isinstance(r.exception, KeyError) and r.exception.args == ("x",)
    assert "Error:" not in r.output
    with pytest.raises(KeyError):
        CliRunner().invoke(cli.main, CLUSTERS, catch_exceptions=False)


@pytest.mark.parametrize("error", [ValueError("bad value"), LookupError("no such thing"), TypeError("wrong type")])
def test_builtin_errors_are_not_turned_into_one_line(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(cli, "alliance_clusters", broken)
    r = CliRunner().invoke(cli.main, CLUSTERS)
    assert r.exception is error and not isinstance(r.exception, SystemExit)


@pytest.mark.parametrize("error", [AllianceGraphError("the graph is unwell"),
                                   InvalidArgumentError("the graph is unwell"),
                                   NotInClusteringError("the graph is unwell")])
def test_an_alliancegraph_error_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(cli, "alliance_clusters", broken)
    r = CliRunner().invoke(cli.main, CLUSTERS)
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    assert r.stderr == "Error: the graph is unwell\n" and r.stdout == ""


def test_an_oserror_is_one_line_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", "/somewhere/x.html")

    monkeypatch.setattr(cli, "alliance_clusters", full)
    r = CliRunner().invoke(cli.main, CLUSTERS)
    assert r.exit_code == 1 and r.stderr == "Error: /somewhere/x.html: No space left on device\n"


def test_bad_input_through_the_cli_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    runner = CliRunner()
    cases = [
        ["path", "-f", str(MINI), "USA", "Atlantis", "--as-of", "2025-01-01"],           # UnknownStateError
        ["clusters", "-f", str(MINI), "--explain", "Atlantis"],                            # UnknownStateError
        ["view", "-f", str(MINI), "--as-of", "2025-01-01", "--ego", "Atlantis", "-o", str(tmp_path / "v.html")],
        ["view", "-f", str(MINI), "--from", "2000", "--to", "2001", "--physics", "-o", str(tmp_path / "v.html")],
        ["impact", "-f", str(MINI), "no-such-fact", "--as-of", "2025-01-01"],              # UnknownFactError
        ["load", str(tmp_path / "missing")],                                                # FileNotFoundError
    ]
    for args in cases:
        r = runner.invoke(cli.main, args)
        assert r.exit_code == 1, (args, r.output, r.exception)
        assert isinstance(r.exception, SystemExit), args
        assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1, (args, r.stderr)


# ---------------------------------------------------------------------------- typed errors in the library
def test_deliberate_library_errors_are_alliancegraph_errors(mini: AllianceGraph) -> None:
    day = dt.date(2025, 1, 1)
    with pytest.raises(InvalidArgumentError, match="unknown clustering method 'kmeans'"):
        alliance_clusters(mini, day, method="kmeans")
    with pytest.raises(InvalidArgumentError, match="null_runs must be 0"):
        alliance_clusters(mini, day, null_runs=1)
    with pytest.raises(InvalidArgumentError, match="no template for 'state'"):
        fact_template("state")
    with pytest.raises(InvalidArgumentError, match="unknown layout 'circle'"):
        layout_positions(["a", "b"], [("a", "b", 1.0)], method="circle")
    # still the builtin a caller may already catch
    with pytest.raises(ValueError):
        fact_template("state")


def test_cluster_lookups_raise_a_keyerror_that_is_an_alliancegraph_error(mini: AllianceGraph) -> None:
    res = alliance_clusters(mini, dt.date(2025, 1, 1), null_runs=0, stability_runs=0)
    assert isinstance(res, ClusterResult)
    labels = [c.label for c in res.clusters]
    with pytest.raises(NotInClusteringError) as e:
        res.by_name("no such bloc")
    assert isinstance(e.value, KeyError) and isinstance(e.value, AllianceGraphError)
    assert str(e.value) == f"no cluster labelled or named 'no such bloc' (clusters: {', '.join(labels)})"
    # a name of no state is the graph's UnknownStateError (with close matches), not a clustering's KeyError
    with pytest.raises(UnknownStateError, match="^unknown state 'ATL'"):
        res.explain("ATL")


def test_a_solver_without_partition_is_a_solver_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import scipy.optimize

    monkeypatch.setattr(scipy.optimize, "milp", lambda *a, **k: SimpleNamespace(x=None, message="gave up"))
    g = nx.Graph()
    g.add_edge("a", "b", sign=1)
    with pytest.raises(SolverError, match="no partition within 0.5 s: gave up") as e:
        frustration_index(g, time_limit=0.5)
    assert isinstance(e.value, RuntimeError)


# ---------------------------------------------------------------------------- results serialise themselves
def test_frustration_index_to_dict() -> None:
    # a triangle with one hostile tie is unbalanced: one tie must go, of three (normalised 1 / 1.5)
    g = nx.Graph()
    g.add_edge("a", "b", sign=1)
    g.add_edge("b", "c", sign=1)
    g.add_edge("a", "c", sign=-1)
    fi = frustration_index(g)
    d = fi.to_dict()
    assert d["value"] == 1 and d["lower_bound"] == 1 and d["exact"] is True
    assert d["normalized"] == pytest.approx(2 / 3)
    assert sorted(map(sorted, d["partition"])) == sorted(map(sorted, fi.partition))
    assert frustration(g, d["partition"]) == 1
    assert d["method"] == fi.method
    assert json.loads(json.dumps(d)) == d
    assert FrustrationIndex(0.0, 0.0, True, (("a",), ()), 0).to_dict()["normalized"] is None


def test_signed_clusters_to_dict() -> None:
    sc = SignedClusters((("A", "B"), ("C",)), 0.25, 1.0, 0.5, 7, ("Pact", "C"), ("pact", None), ("A", "C"))
    assert sc.to_dict() == {"clusters": [["A", "B"], ["C"]], "names": ["Pact", "C"], "quality": 0.25,
                            "defined_by": ["pact", None], "anchors": ["A", "C"], "resolution": 1.0,
                            "negative_weight": 0.5, "seed": 7}


def test_balance_json_holds_the_results_dicts() -> None:
    r = CliRunner().invoke(cli.main, ["balance", "-f", str(MINI), "--as-of", "2025-01-01", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    fi = data["frustration_index"]
    assert set(fi) == {"value", "lower_bound", "exact", "normalized", "partition", "method"}
    assert len(data["names"]) == len(data["clusters"]) and isinstance(data["quality"], float)


# ---------------------------------------------------------------------------- load-set naming
def test_load_set_name(tmp_path: Path) -> None:
    (tmp_path / "cow").mkdir()
    assert load_set_name([tmp_path / "cow"]) == "cow"
    assert load_set_name([tmp_path / "cow" / "."]) == "cow"  # resolved: the directory's own name
    assert load_set_name([tmp_path / "cow", "seed"], datasets=[("cow-mida", tmp_path / "MIDA 5.0.csv")]) == \
        "cow+seed+MIDA 5.0.csv"
    with pytest.raises(InvalidArgumentError):
        load_set_name([])


# ---------------------------------------------------------------------------- sources are parameters
def test_commands_receive_their_source_as_one_parameter(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[cli.GraphSource] = []
    real = cli._graph

    def spy(source: cli.GraphSource) -> AllianceGraph:
        seen.append(source)
        return real(source)

    monkeypatch.setattr(cli, "_graph", spy)
    r = CliRunner().invoke(cli.main, CLUSTERS)
    assert r.exit_code == 0, r.output
    assert seen == [cli.GraphSource(facts=(MINI,))]
    seen.clear()
    r = CliRunner().invoke(cli.main, ["brokers", "--neo4j", "--load-set", "mine", "--uri", "bolt://127.0.0.1:1",
                                      "--user", "u", "--password", "secret"])
    assert seen and seen[0].neo4j and seen[0].load_set == "mine" and seen[0].facts == ()
    assert seen[0].connection == cli.Neo4jConnection("bolt://127.0.0.1:1", "u", "secret", None)
    assert "secret" not in repr(seen[0])


def test_facts_and_neo4j_exclude_each_other() -> None:
    with click.Context(cli.main), pytest.raises(click.ClickException, match="exclude each other"):
        cli._graph(cli.GraphSource(facts=(MINI,), neo4j=True))


# ---------------------------------------------------------------------------- the view through the writer
def test_view_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "view.html"
    out.write_text("the old view", encoding="utf-8")

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(fileio.os, "replace", no_space)
    r = CliRunner().invoke(cli.main, ["view", "-f", str(MINI), "--as-of", "2025-01-01", "-o", str(out)])
    assert r.exit_code == 1 and r.stderr == f"Error: {out}: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "the old view"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]  # no half-written temporary file
    monkeypatch.undo()
    r = CliRunner().invoke(cli.main, ["view", "-f", str(MINI), "--as-of", "2025-01-01", "-o", str(out)])
    assert r.exit_code == 0 and r.stdout == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert (out.stat().st_mode & 0o777) == fileio.default_mode()


def test_validate_json_prints_each_problem_as_its_dict(tmp_path: Path) -> None:
    from alliancegraph.facts import Problem

    p = Problem("x/treaties.yaml", 3, "t1", "unknown state 'XXX'")
    assert p.to_dict() == {"file": "x/treaties.yaml", "line": 3, "fact_id": "t1", "message": "unknown state 'XXX'"}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "treaties.yaml").write_text("treaties:\n  - id: t1\n    name: T\n", encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["validate", str(bad), "--json"])
    assert r.exit_code == 1
    problems = json.loads(r.stdout)["problems"]
    assert problems and all(set(q) == {"file", "line", "fact_id", "message"} for q in problems)
    assert all(q["file"].endswith("treaties.yaml") for q in problems if q["fact_id"] == "t1")
