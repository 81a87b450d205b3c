"""The analyses written back to Neo4j (alliancegraph.neo4j_analyses, `alliancegraph analyze --write`), read
by the Browser queries cypher/queries/analysis_*.cypher, against a real server.

The world is the seed with the real COW states and ATOP (as in test_neo4j_datasets.py). The members asserted
are textbook membership, written down here, not read from the output:

* NATO on 1980-06-30 had 15 members: Belgium, Canada, Denmark, France, Iceland, Italy, Luxembourg, the
  Netherlands, Norway, Portugal, the United Kingdom and the United States (1949), Greece and Turkey (1952),
  West Germany (1955); Spain joined in 1982.
* The Warsaw Pact on 1980-06-30: the Soviet Union, Poland, East Germany, Czechoslovakia, Hungary, Romania and
  Bulgaria (Albania had left in 1968).
* NATO on 2025-06-01 had 32 members: the 15 above (Germany now united), Spain (1982), the Czech Republic,
  Hungary and Poland (1999), Bulgaria, Estonia, Latvia, Lithuania, Romania, Slovakia and Slovenia (2004),
  Albania and Croatia (2009), Montenegro (2017), North Macedonia (2020), Finland (2023), Sweden (2024).
* The CSTO on 2025-06-01: Russia, Belarus, Kazakhstan, Kyrgyzstan, Tajikistan and Armenia (its participation
  frozen in 2024, still a member).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from alliancegraph.analysis import alliance_clusters
from alliancegraph.analysis.centrality import brokerage
from alliancegraph.errors import InvalidArgumentError
from alliancegraph.graph import Snapshot
from alliancegraph.neo4j_analyses import (
    AnalysisParams,
    analyses_in,
    analysis_load_set,
    drop_analyses,
    write_analyses,
)
from alliancegraph.neo4j_store import Neo4jStore
from alliancegraph.workspace import open_graph
from conftest import DATA, seed_dir
from test_neo4j_queries import run as run_query

NATO_1980 = {"BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA", "GRC", "TUR", "DEU"}
WARSAW_1980 = {"RUS", "POL", "DDR", "CSK", "HUN", "ROU", "BGR"}
NATO_2025 = (NATO_1980 | {"ESP", "CZE", "HUN", "POL", "BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN", "ALB", "HRV",
                          "MNE", "MKD", "FIN", "SWE"})
CSTO_2025 = {"RUS", "BLR", "KAZ", "KGZ", "TJK", "ARM"}
DAYS = (dt.date(1980, 6, 30), dt.date(2025, 6, 1))
PARAMS = AnalysisParams(null_runs=4, stability_runs=4)


@pytest.fixture(scope="module")
def world(neo4j_guarded: Any) -> Any:
    """The world loaded as load set 'world', its analyses of DAYS written twice; yields the graph, the
    settings and the two reports."""
    from conftest import wipe

    if not (DATA / "cow").is_dir() or not (DATA / "atop").is_dir():
        pytest.fail(f"the real datasets are missing: put them in {DATA} or set ALLIANCEGRAPH_SHARED_DATA")
    wipe(neo4j_guarded)
    g = open_graph([seed_dir(), DATA / "cow", DATA / "atop"])
    snaps = [Snapshot(d) for d in DAYS]
    with Neo4jStore(neo4j_guarded) as store:
        store.load(g, "world", batch_size=10000)
        back = store.read_graph("world")
        first = write_analyses(back, store, snaps, PARAMS, neo4j_load_sets=["world"])
        second = write_analyses(back, store, snaps, PARAMS, neo4j_load_sets=["world"])
        with store.driver.session(database=neo4j_guarded.database) as session:
            yield g, store, session, first, second
    wipe(neo4j_guarded)


def _members(session: Any, bloc: str, day: dt.date, kind: str = "clusters") -> list[list[str]]:
    return [r["members"] for r in run_query(session, "analysis_bloc_members.cypher", bloc=bloc, asOf=day.isoformat())
            if r["kind"] == kind]


@pytest.mark.neo4j
def test_write_back_is_a_load_set_per_date_and_a_second_identical_run_changes_nothing(world) -> None:
    g, store, session, first, second = world
    assert first.changes > 0 and second.changes == 0
    assert [r.load_set for r in first.loads] == [analysis_load_set(Snapshot(d), PARAMS) for d in DAYS]
    assert all(r.nodes["Analysis"] == 3 for r in first.loads)  # clusters, signed blocs, brokerage
    names = {s["name"]: s for s in store.load_sets()}
    assert set(names) == {"world", *(r.load_set for r in first.loads)}
    assert all(s["status"] == "complete" for s in names.values())
    rows = analyses_in(store)
    assert len(rows) == 6 and not any(r["stale"] for r in rows)
    a = session.run("MATCH (a:Analysis {kind: 'clusters', as_of: '1980-06-30'}) RETURN a").single()["a"]
    assert (a["method"], a["seed"], a["resolution"], a["null_runs"], a["stability_runs"]) == ("louvain", 42, 1.0, 4, 4)
    assert a["layers"] == ["defense", "offense"] and a["min_confidence"] == "reported"
    assert a["computed_from"] == ["world"] and a["computed_hashes"] == [names["world"]["fact_hash"]]
    assert a["as_of_first"].to_native() == DAYS[0] and 0.3 < a["modularity"] < 1 and 0 < a["stability"] <= 1
    assert "doi:10.1088/1742-5468/2008/10/P10008" in a["method_source"]
    # the facts are untouched: reading the world back gives the graph of the files
    assert store.read_graph("world").counts() == g.counts()


@pytest.mark.neo4j
def test_the_named_clusters_of_1980_hold_nato_and_the_warsaw_pact(world) -> None:
    g, _, session, *_ = world
    nato, = _members(session, "NATO", DAYS[0])
    warsaw, = _members(session, "Warsaw Pact", DAYS[0])
    assert NATO_1980 <= set(nato) and not WARSAW_1980 & set(nato)
    assert WARSAW_1980 <= set(warsaw) and not NATO_1980 & set(warsaw)
    # the signed blocs of the same name keep the European cores apart
    signed_nato, = _members(session, "NATO", DAYS[0], "signed_blocs")
    assert NATO_1980 - {"USA"} <= set(signed_nato) and not WARSAW_1980 & set(signed_nato)
    # and the query gives what the library gives for the same question
    res = alliance_clusters(g, DAYS[0], seed=42, null_runs=4, stability_runs=4)
    assert nato == list(res.by_name("NATO").members) and warsaw == list(res.by_name("Warsaw Pact").members)
    # each cluster keeps its code of that run (C1, C2...), on the
    # Cluster node and on its members' IN_CLUSTER
    codes = {r["name"]: r["label"] for r in run_query(session, "analysis_bloc_members.cypher", bloc="NATO",
                                                      asOf="1980-06-30") if r["kind"] == "clusters"}
    assert codes == {"NATO": res.by_name("NATO").label} and codes["NATO"].startswith("C")
    assert session.run("MATCH (:State {id: 'FRA'})-[m:IN_CLUSTER {as_of: '1980-06-30'}]->(c:Cluster) "
                       "RETURN m.cluster = c.code AS same").single()["same"] is True


@pytest.mark.neo4j
def test_the_clusters_of_2025_hold_nato_with_poland_and_the_russian_cluster(world) -> None:
    g, _, session, *_ = world
    nato, = _members(session, "NATO", DAYS[1])
    assert NATO_2025 - {"USA"} <= set(nato) and "RUS" not in nato
    russia = next(r for r in run_query(session, "analysis_state_blocs.cypher", state="RUS") if r["as_of"] == "2025-06-01")
    rus, = _members(session, russia["cluster"], DAYS[1])
    assert CSTO_2025 <= set(rus) and not NATO_2025 & set(rus)
    assert rus == list(alliance_clusters(g, DAYS[1], seed=42, null_runs=4, stability_runs=4).cluster_of("RUS").members)


@pytest.mark.neo4j
def test_a_states_bloc_over_time(world) -> None:
    _, _, session, *_ = world
    rows = run_query(session, "analysis_state_blocs.cypher", state="POL")
    assert [(r["as_of"], r["until"], r["cluster"], r["signed_bloc"]) for r in rows] == [
        ("1980-06-30", None, "Warsaw Pact", "Warsaw Pact"), ("2025-06-01", None, "NATO", "NATO")]
    assert all(0 <= r["stability"] <= 1 for r in rows)


@pytest.mark.neo4j
def test_the_brokers_on_a_date_are_the_librarys(world) -> None:
    g, _, session, *_ = world
    for day in DAYS:
        rows = run_query(session, "analysis_brokers.cypher", asOf=day.isoformat())
        res = alliance_clusters(g, day, seed=42, null_runs=4, stability_runs=4)
        expected = [s for s in brokerage(g, day, res) if s.is_broker]
        assert [r["state"] for r in rows] == [s.state for s in expected]
        assert [r["ties_into"] for r in rows] == [list(s.bridge_names) for s in expected]
        assert all(r["participation"] > 0.30 for r in rows)
        assert [r["betweenness"] for r in rows] == pytest.approx([s.betweenness for s in expected], rel=1e-9)
    # the United States bridged the NATO cluster and its Pacific and American pacts in 1980
    assert "USA" in [r["state"] for r in run_query(session, "analysis_brokers.cypher", asOf="1980-06-30")]
    # a day no analysis covers has no brokers
    assert run_query(session, "analysis_brokers.cypher", asOf="1990-06-30") == []


@pytest.mark.neo4j
def test_a_new_run_for_the_same_date_replaces_its_results_and_other_dates_stay(world) -> None:
    g, store, session, *_ = world
    before_2025 = _members(session, "NATO", DAYS[1])
    # had the Warsaw Pact (bloc and treaty) never been, the Soviet Union's bilateral treaties of friendship
    # and mutual assistance still tie the East: the same states, named after the Soviet Union
    without = g.without(["warsaw-pact", "warsaw-pact-treaty"])
    replaced = write_analyses(without, store, [Snapshot(DAYS[0])], PARAMS, sources=["what-if"])
    assert replaced.changes > 0 and replaced.loads[0].load_set == analysis_load_set(Snapshot(DAYS[0]), PARAMS)
    assert _members(session, "Warsaw Pact", DAYS[0]) == []
    assert WARSAW_1980 <= set(_members(session, "Soviet Union and partners", DAYS[0])[0])
    assert session.run("MATCH (c:Cluster {as_of: '1980-06-30'}) RETURN count(c) AS n").single()["n"] == \
        replaced.loads[0].nodes["Cluster"]
    assert _members(session, "NATO", DAYS[1]) == before_2025
    # writing the real world again restores the Warsaw Pact
    back = write_analyses(g, store, [Snapshot(DAYS[0])], PARAMS, neo4j_load_sets=["world"])
    assert back.changes > 0 and WARSAW_1980 <= set(_members(session, "Warsaw Pact", DAYS[0])[0])


@pytest.mark.neo4j
def test_dropping_analyses_leaves_the_facts_and_dropping_the_facts_makes_analyses_stale(store) -> None:
    g = open_graph([seed_dir()])
    store.load(g, "seed")
    facts = store.counts()
    write_analyses(store.read_graph(), store, [Snapshot("2025-06-01"), Snapshot("1980-06-30")],
                   AnalysisParams(null_runs=0, stability_runs=0), neo4j_load_sets=[])
    assert [r["stale"] for r in analyses_in(store)] == [None] * 6
    dropped = drop_analyses(store, [Snapshot("1980-06-30")])
    assert [r.load_set for r in dropped] == [analysis_load_set(Snapshot("1980-06-30"), AnalysisParams(null_runs=0, stability_runs=0))]
    assert {r["as_of"] for r in analyses_in(store)} == {"2025-06-01"}
    assert store.counts() == facts  # the facts stay
    store.drop("seed")
    stale = analyses_in(store)
    assert len(stale) == 3 and all("fact load set 'seed' is gone" in r["stale"] for r in stale)
    assert all(r["held"] == 0 and "states are gone from Neo4j" in r["stale"] for r in stale)
    drop_analyses(store)
    with store.driver.session(database=store.settings.database) as s:
        assert s.run("MATCH (n) WHERE n:Analysis OR n:Cluster OR n:SignedBloc RETURN count(n) AS n").single()["n"] == 0
    assert store.load_sets() == []


@pytest.mark.neo4j
def test_analyses_never_mix_with_fact_load_sets(store) -> None:
    g = open_graph([seed_dir()])
    with pytest.raises(InvalidArgumentError, match="names beginning with 'analyses/' are for the analyses"):
        store.load(g, "analyses/mine")
    from alliancegraph.neo4j_rows import Neo4jStoreError

    with pytest.raises(Neo4jStoreError, match=r"lacks \d+ state\(s\) of the graph analysed"):
        write_analyses(g, store, [Snapshot("2025-06-01")])  # the facts are not loaded
    store.load(g, "seed")
    write_analyses(g, store, [Snapshot("2025-06-01")], AnalysisParams(null_runs=0, stability_runs=0),
                   sources=["seed"])
    # the facts read back are the facts: no analysis label or relationship in them
    assert store.read_graph().counts() == g.counts()


@pytest.mark.neo4j
def test_cli_analyze_write_status_and_drop(neo4j_empty) -> None:
    from test_neo4j_cli import _run

    assert _run(neo4j_empty, "load").exit_code == 0
    args = ("analyze", "--neo4j", "--write", "--as-of", "2025-06-01", "--years", "1980", "--null-runs", "0",
            "--stability-runs", "0")
    first = _run(neo4j_empty, *args)
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0].startswith("analyses/2025-06-01/") and "clusters (NATO, CSTO" in lines[0]
    assert lines[1].startswith("analyses/1980-01-01..1980-12-31/") and "(1980-01-01 to 1980-12-31)" in lines[1]
    assert lines[2].startswith(f"wrote 2 load set(s) of analyses into {neo4j_empty.where} in ")
    second = _run(neo4j_empty, *args)
    assert second.exit_code == 0 and second.stdout.splitlines()[3] == "no changes: Neo4j already held exactly these analyses"
    status = _run(neo4j_empty, "analyze", "--status").stdout.splitlines()
    assert len(status) == 6 and not any("STALE" in s for s in status)
    # a year analysed as a period covers every day of it
    with Neo4jStore(neo4j_empty) as store, store.driver.session(database=neo4j_empty.database) as s:
        pol = [r["cluster"] for r in run_query(s, "analysis_state_blocs.cypher", state="POL")]
        assert pol == ["Warsaw Pact", "NATO"]
        assert [r["kind"] for r in run_query(s, "analysis_bloc_members.cypher", bloc="Warsaw Pact", asOf="1980-03-01")] == \
            ["clusters", "signed_blocs"]
    dropped = _run(neo4j_empty, "analyze", "--drop")
    assert dropped.exit_code == 0 and dropped.stdout.startswith("dropped 2 load set(s) of analyses from ")
    assert _run(neo4j_empty, "analyze", "--status").stdout == f"no analyses in Neo4j at {neo4j_empty.where}\n"
    bad = _run(neo4j_empty, "analyze", "--write")
    assert bad.exit_code == 1 and "no date to analyse: give --as-of DATE (repeatable) or --years FIRST-LAST" in bad.output


def test_cli_analyze_without_write_prints_the_named_clusters(run) -> None:
    r = run("analyze", "--as-of", "1980-06-30", "--null-runs", "0", "--stability-runs", "0")
    assert r.exit_code == 0
    assert r.stdout.startswith("analyses/1980-06-30/") and "clusters (NATO, Warsaw Pact" in r.stdout
    bad = run("analyze", "--years", "2020-1990")
    assert bad.exit_code == 2 and "the first year must not be after the last" in bad.output
