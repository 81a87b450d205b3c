"""The loader and the reader against a real Neo4j server.

Expected values are worked out by hand from tests/fixtures/mini (see the comments), never copied from a run.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from alliancegraph.analysis import alliance_clusters, influence_paths
from alliancegraph.graph import DEFAULT_STRENGTHS as S
from alliancegraph.graph import AllianceGraph
from alliancegraph.neo4j_store import IncompleteLoadError, LoadFailedError, Neo4jStoreError, read_graph
from alliancegraph.workspace import open_graph
from conftest import MINI, seed_dir

pytestmark = pytest.mark.neo4j

# tests/fixtures/mini by hand: 1 source, 11 states, 2 blocs, 7 treaties, 2 conflicts
MINI_NODES = {"Source": 1, "State": 11, "Bloc": 2, "Treaty": 7, "Conflict": 2}
MINI_RELS = {
    # parties: north-atlantic-treaty 3, usa-kor 2, usa-jpn 2, chn-prk 2, rus-prk-2000 2, rus-prk-2024 2, chn-rus-2001 2
    "PARTY_TO": 15,
    "SUPERSEDES": 1,        # rus-prk-2024 > rus-prk-2000
    "ESTABLISHES": 1,       # north-atlantic-treaty > nato
    "MEMBER_OF": 8,         # nato 4 spells, eastbloc 4 spells (UKR twice)
    "PARTICIPANT_IN": 7,    # invasion-2022 3, korean-war 4
    "SUPPORTS": 1,
    "CITES": 22,            # 11 states + 2 blocs + 7 treaties + 2 conflicts, each citing s1
    # ties: 6 bilateral treaties (north-atlantic-treaty ties go through nato), nato C(4,2) = 6,
    # eastbloc members RUS, BLR, UKR (the observer spell makes none) C(3,2) = 3, one support
    "ALLIED_WITH": 16,
    # invasion-2022: RUS-UKR, PRK-UKR; korean-war: PRK-KOR, PRK-USA, CHN-KOR, CHN-USA
    "HOSTILE_TO": 6,
}


def _pg_equal(a: AllianceGraph, b: AllianceGraph) -> None:
    na, nb = dict(a.pg.nodes(data=True)), dict(b.pg.nodes(data=True))
    assert na.keys() == nb.keys()
    for n in na:
        assert na[n] == nb[n], n
    ea = {(u, v, k): d for u, v, k, d in a.pg.edges(keys=True, data=True)}
    eb = {(u, v, k): d for u, v, k, d in b.pg.edges(keys=True, data=True)}
    assert ea.keys() == eb.keys()
    for e in ea:
        assert ea[e] == eb[e], e


def _one(store: Any, query: str, **params: Any) -> dict[str, Any]:
    rows = store._run(query, "test", **params)
    assert len(rows) == 1, rows
    return rows[0]


def test_mini_loads_with_the_counts_worked_out_by_hand(store) -> None:
    g = open_graph([MINI])
    report = store.load(g, "mini")
    assert report.nodes == MINI_NODES
    assert report.relationships == dict(sorted(MINI_RELS.items()))
    assert report.nodes_created == 23 and report.relationships_created == 77
    assert report.nodes_deleted == report.relationships_deleted == report.updated == 0
    assert store.counts() == dict(sorted({**MINI_NODES, **MINI_RELS}.items()))
    # the in-memory graph holds the same (derived ties are not in its property graph)
    assert g.counts() == dict(sorted({**MINI_NODES, **{k: v for k, v in MINI_RELS.items()
                                                       if k not in ("ALLIED_WITH", "HOSTILE_TO")}}.items()))
    assert len([t for t in g.ties() if t.sign > 0]) == 16 and len([t for t in g.ties() if t.sign < 0]) == 6


def test_loading_twice_reports_zero_changes_and_leaves_the_same_graph(store) -> None:
    g = open_graph([MINI])
    store.load(g, "mini")
    before = store.read_graph()
    again = store.load(g, "mini")
    assert again.changes == 0
    assert (again.nodes_created, again.relationships_created, again.nodes_deleted, again.relationships_deleted,
            again.properties_set, again.updated) == (0, 0, 0, 0, 0, 0)
    _pg_equal(before, store.read_graph())
    assert store.counts() == dict(sorted({**MINI_NODES, **MINI_RELS}.items()))


def _everything(store: Any) -> dict[Any, dict[str, Any]]:
    """Every node and relationship of the database with all its properties (bookkeeping included)."""
    nodes = store._run("MATCH (x) WHERE NOT x:LoadSet AND NOT x:LoadLock AND x.id IS NOT NULL "
                       "RETURN labels(x) AS l, properties(x) AS p", "test")
    rels = store._run("MATCH (a)-[x]->(b) RETURN type(x) AS t, a.id AS a, b.id AS b, properties(x) AS p", "test")
    out: dict[Any, dict[str, Any]] = {(tuple(r["l"]), r["p"]["id"]): r["p"] for r in nodes}
    out.update({(r["t"], r["a"], r["b"], r["p"]["id"]): r["p"] for r in rels})
    return out


def test_a_first_load_creates_what_the_merge_would_write(store, monkeypatch) -> None:
    # a label or type the database holds none of is written with CREATE (nothing to MERGE with); forcing the
    # MERGE path on the same empty database must give the very same elements, properties and counts
    import alliancegraph.neo4j_store as ns

    g = open_graph([MINI])
    made: list[str] = []
    for name in ("_node_create", "_rel_create"):
        real = getattr(ns, name)
        monkeypatch.setattr(ns, name, lambda *a, _real=real, _n=name: made.append(_n) or _real(*a))
    created = store.load(g, "mini")
    # one query text per label (5) and per batch of a relationship key; every key of mini fits one batch:
    # PARTY_TO, SUPERSEDES, ESTABLISHES, MEMBER_OF, PARTICIPANT_IN, SUPPORTS, ALLIED_WITH, HOSTILE_TO and
    # CITES from State, Bloc, Treaty and Conflict: 12
    assert made.count("_node_create") == 5 and made.count("_rel_create") == 12
    first = _everything(store)
    store._run("MATCH (n) WHERE NOT n:AlliancegraphTestMarker DETACH DELETE n", "test")
    made.clear()
    monkeypatch.setattr(ns.Neo4jStore, "_held", lambda self, plan: {k: 1 for k in [*plan.labels, *plan.types]})
    merged = store.load(g, "mini")
    assert made == []
    assert _everything(store) == first and len(first) == 23 + 77
    assert (created.nodes_created, created.relationships_created, created.updated) == (
        merged.nodes_created, merged.relationships_created, merged.updated) == (23, 77, 0)
    monkeypatch.undo()
    assert store.load(g, "mini").changes == 0


def test_round_trip_mini_equals_the_in_memory_graph(store) -> None:
    g = open_graph([MINI])
    store.load(g, "mini", batch_size=7)  # small batches: many transactions, same result
    back = read_graph(store)
    _pg_equal(g, back)
    # dates keep their precision: eastbloc founded '1994', UKR's member spell ends '2014-03'
    assert back.pg.nodes["eastbloc"]["founded"] == "1994"
    assert back.pg.edges["UKR", "eastbloc", "eastbloc/UKR/1994/member"]["to"] == "2014-03"
    assert back.pg.nodes["s1"]["date"] == "2025-01-01"
    assert back.ties() == g.ties()


def test_date_companions_are_neo4j_dates_at_the_ends_of_their_periods(store) -> None:
    store.load(open_graph([MINI]), "mini")
    # '1994' starts on 1994-01-01
    r = _one(store, "MATCH (b:Bloc {id: 'eastbloc'}) RETURN b.founded AS f, b.founded_first AS ff")
    assert (r["f"], r["ff"].to_native()) == ("1994", dt.date(1994, 1, 1))
    # '2014-03' ends on 2014-03-31
    r = _one(store, "MATCH (:State {id: 'UKR'})-[m:MEMBER_OF {status: 'member'}]->(:Bloc {id: 'eastbloc'}) "
                    "RETURN m.to_last AS tl, m.from_first AS ff")
    assert (r["tl"].to_native(), r["ff"].to_native()) == (dt.date(2014, 3, 31), dt.date(1994, 1, 1))
    # rus-prk-2000 counts from signature (2000-02-09) and ends the day before rus-prk-2024 entered into force
    # (2024-12-04): its tie runs 2000-02-09 .. 2024-12-03
    r = _one(store, "MATCH (:State {id: 'PRK'})-[t:ALLIED_WITH {via: 'rus-prk-2000'}]-(:State {id: 'RUS'}) "
                    "RETURN t.`from` AS f, t.`to` AS t, t.from_first AS ff, t.to_last AS tl, t.tie_kind AS k, "
                    "t.strength AS s, t.via_label AS vl")
    assert (r["f"], r["t"], r["ff"].to_native(), r["tl"].to_native()) == (
        "2000-02-09", "2024-12-03", dt.date(2000, 2, 9), dt.date(2024, 12, 3))
    assert (r["k"], r["s"], r["vl"]) == ("consultation", S["consultation"], "Treaty")
    # open-ended: no to, no to_last
    r = _one(store, "MATCH (:State {id: 'PRK'})-[t:ALLIED_WITH {via: 'rus-prk-2024'}]-(:State {id: 'RUS'}) "
                    "RETURN t.`from` AS f, t.`to` AS t, t.to_last AS tl, t.tie_kind AS k, t.strength AS s")
    assert (r["f"], r["t"], r["tl"], r["k"], r["s"]) == ("2024-12-04", None, None, "defense", S["defense"])


def test_derived_ties_carry_kind_level_and_dated_confidence(store) -> None:
    store.load(open_graph([MINI]), "mini")
    # the PRK troops: support from 2024-10, confidence alleged (2024-10-18, and before: the first entry),
    # denied from 2024-10-25, confirmed from 2025-04-28 (the latest)
    r = _one(store, "MATCH (a:State)-[t:ALLIED_WITH {via: 'prk-rus-troops'}]->(b:State) "
                    "RETURN a.id AS a, b.id AS b, t.tie_kind AS k, t.strength AS s, t.confidence_levels AS c, "
                    "t.confidence_on AS on, t.`from` AS f, t.from_first AS ff, t.via_label AS vl, "
                    "t.confidence_levels[size([d IN t.confidence_on WHERE d <= date('2024-10-30')])] AS oct30")
    assert (r["a"], r["b"], r["k"], r["s"], r["c"], r["f"], r["ff"].to_native(), r["vl"]) == (
        "PRK", "RUS", "support", S["support"], ["alleged", "denied", "confirmed"], "2024-10",
        dt.date(2024, 10, 1), "Support")
    assert [d.to_native() for d in r["on"]] == [dt.date(2024, 10, 25), dt.date(2025, 4, 28)]
    assert r["c"][-1] == "confirmed" and r["oct30"] == "denied"
    # a fact confirmed throughout carries no confidence property
    r = _one(store, "MATCH (:State {id: 'PRK'})-[t:ALLIED_WITH {via: 'rus-prk-2024'}]-(:State {id: 'RUS'}) "
                    "RETURN t.confidence_levels AS c, t.confidence_on AS on, t.confidence AS latest")
    assert (r["c"], r["on"], r["latest"]) == (None, None, None)
    # PRK joins the war against Ukraine from 2024-10, at hostility level 5
    r = _one(store, "MATCH (a:State)-[t:HOSTILE_TO {via: 'invasion-2022'}]->(b:State {id: 'UKR'}) "
                    "WHERE a.id = 'PRK' RETURN t.level AS l, t.`from` AS f, t.`to` AS t")
    assert (r["l"], r["f"], r["t"]) == (5, "2024-10", None)
    # CHN enters the Korean War on 1950-10-19; the war ends 1953-07-27
    r = _one(store, "MATCH (:State {id: 'CHN'})-[t:HOSTILE_TO {via: 'korean-war'}]-(:State {id: 'USA'}) "
                    "RETURN t.`from` AS f, t.`to` AS t, t.to_last AS tl")
    assert (r["f"], r["t"], r["tl"].to_native()) == ("1950-10-19", "1953-07-27", dt.date(1953, 7, 27))


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


OTHER_STATES = """states:
  - {id: USA, name: United States, ccode: 2, cow_abb: USA, iso3: USA, sources: [o1]}
  - {id: MEX, name: Mexico, ccode: 70, cow_abb: MEX, iso3: MEX, sources: [o1]}
"""
OTHER_SOURCES = """sources:
  - {id: o1, publisher: Other, title: Another fact set}
"""
OTHER_TREATIES = """treaties:
  - id: usa-mex-test
    name: A test treaty
    parties: [{state: USA}, {state: MEX}]
    signed: 1990
    obligations: [{type: non-aggression}]
    sources: [o1]
"""


def _other(tmp_path: Path) -> Path:
    d = tmp_path / "other"
    d.mkdir()
    (d / "states.yaml").write_text(OTHER_STATES)
    (d / "sources.yaml").write_text(OTHER_SOURCES)
    (d / "treaties.yaml").write_text(OTHER_TREATIES)
    return d


def test_an_edited_fact_set_updates_its_load_set_and_leaves_others_untouched(store, tmp_path) -> None:
    mini = _copy(MINI, tmp_path / "mini")
    store.load(open_graph([mini]), "mini")
    other = _other(tmp_path)
    r = store.load(open_graph([other]), "other")
    # USA exists already (owned by mini): other only claims it; MEX, o1, the treaty, 2 PARTY_TO, 3 CITES
    # (USA>o1, MEX>o1, usa-mex-test>o1) and one non-aggression tie are new
    assert (r.nodes_created, r.relationships_created) == (3, 6)
    other_before = {k: v for k, v in store.read_graph("other").pg.nodes(data=True) if k != "USA"}

    # edit mini: drop chn-rus-2001, rename Japan, end the US-Japan treaty in 2020
    treaties = mini / "treaties.yaml"
    text = treaties.read_text()
    start = text.index("  - id: chn-rus-2001")
    treaties.write_text(text[:start])
    _edit(mini / "states.yaml", "name: Japan,", "name: Nippon,")
    _edit(treaties, "    in_force: 1960-06-23\n", "    in_force: 1960-06-23\n    ended: 2020\n")
    r = store.load(open_graph([mini]), "mini")
    # deleted: the treaty; its 2 PARTY_TO, its CITES and its tie CHN-RUS
    assert (r.nodes_deleted, r.relationships_deleted) == (1, 4)
    # updated: JPN (name), usa-jpn (ended), the USA-JPN tie (to), and the three treaties written after
    # usa-jpn in the file (chn-prk, rus-prk-2000, rus-prk-2024), whose origin_line moved down by one
    assert (r.nodes_created, r.relationships_created, r.updated) == (0, 0, 6)
    g = store.read_graph("mini")
    assert "chn-rus-2001" not in g.pg
    assert g.pg.nodes["JPN"]["name"] == "Nippon"
    tie = _one(store, "MATCH (:State {id: 'USA'})-[t:ALLIED_WITH {via: 'usa-jpn'}]-(:State {id: 'JPN'}) "
                      "RETURN t.`to` AS t, t.to_last AS tl")
    assert (tie["t"], tie["tl"].to_native()) == ("2020", dt.date(2020, 12, 31))
    _pg_equal(open_graph([mini]), g)
    # the other load set: untouched
    assert {k: v for k, v in store.read_graph("other").pg.nodes(data=True) if k != "USA"} == other_before
    assert store.counts("other") == {"ALLIED_WITH": 1, "CITES": 3, "PARTY_TO": 2, "Source": 1, "State": 2,
                                     "Treaty": 1}

    # dropping mini keeps USA (other still holds it) and everything of other
    store.drop("mini")
    assert store.counts() == {"ALLIED_WITH": 1, "CITES": 3, "PARTY_TO": 2, "Source": 1, "State": 2, "Treaty": 1}
    assert [s["name"] for s in store.load_sets()] == ["other"]
    # USA shows other's own version at once (the version other loaded, kept beside mini's): its name there
    assert store.read_graph().pg.nodes["USA"]["name"] == "United States"
    _pg_equal(open_graph([other]), store.read_graph())
    r = store.load(open_graph([other]), "other")
    assert r.changes == 0 and r.updated == 0 and r.nodes_created == 0
    _pg_equal(open_graph([other]), store.read_graph("other"))


@pytest.mark.parametrize("workers", [1, 2])  # 2 is the default (WRITE_WORKERS); 1 the serial path
def test_a_load_that_fails_half_way_is_marked_incomplete_and_repaired(store, monkeypatch, workers) -> None:
    from alliancegraph.neo4j_store import _Load

    monkeypatch.setattr(_Load, "workers", workers)
    g = open_graph([MINI])
    seen: list[int] = []

    def crash(done: int, total: int) -> None:
        seen.append(done)
        if done >= 10:
            raise ConnectionError("simulated loss of the connection")

    with pytest.raises(LoadFailedError) as e:
        store.load(g, "mini", batch_size=5, progress=crash)
    # 100 rows (23 nodes, 77 relationships); batches per label: Source 1 row, then State 5, 5 and 1.
    # One at a time: 1, 6, 11 (crash). Two in flight (State 5 and 5, then the 1 when the first ends), the
    # batches end in either order: 1, 6, 11 (crash), or 1, 6, 7 (the 1 first), 12 (crash).
    expected = [[1, 6, 11]] if workers == 1 else [[1, 6, 11], [1, 6, 7, 12]]
    assert seen in expected
    assert f"after {seen[-1]} of 100 rows" in str(e.value) and "marked incomplete" in str(e.value)
    assert [(s["name"], s["status"]) for s in store.load_sets()] == [("mini", "loading")]
    with pytest.raises(IncompleteLoadError, match="incomplete"):
        store.read_graph()
    r = store.load(g, "mini")
    assert r.repaired
    assert [(s["name"], s["status"]) for s in store.load_sets()] == [("mini", "complete")]
    _pg_equal(g, store.read_graph())
    assert store.counts() == dict(sorted({**MINI_NODES, **MINI_RELS}.items()))


def test_reading_an_unknown_load_set_names_the_known_ones(store) -> None:
    store.load(open_graph([MINI]), "mini")
    with pytest.raises(Neo4jStoreError, match=r"no load set 'nope' .*load sets: 'mini'"):
        store.read_graph("nope")


@pytest.fixture(scope="module")
def seed_in_neo4j(neo4j_guarded) -> tuple[AllianceGraph, AllianceGraph, Any, Any]:
    """The seed loaded twice (timed) and read back: (in memory, read back, first report, second report)."""
    from alliancegraph.neo4j_store import Neo4jStore
    from conftest import wipe

    wipe(neo4j_guarded)
    g = open_graph([seed_dir()])
    with Neo4jStore(neo4j_guarded) as store:
        first = store.load(g, "seed")
        second = store.load(g, "seed")
        back = store.read_graph("seed")
        assert store.counts() == dict(sorted({**g.counts(), "ALLIED_WITH": sum(t.sign > 0 for t in g.ties()),
                                              "HOSTILE_TO": sum(t.sign < 0 for t in g.ties())}.items()))
    print(f"\nseed load: {first.seconds:.2f} s first ({first.changes} changes), {second.seconds:.2f} s again "
          f"({second.changes} changes); {sum(first.nodes.values())} nodes, {sum(first.relationships.values())} "
          f"relationships")
    return g, back, first, second


def test_seed_round_trip_equals_the_in_memory_graph(seed_in_neo4j) -> None:
    g, back, first, second = seed_in_neo4j
    _pg_equal(g, back)
    assert second.changes == 0
    assert first.nodes_created == sum(first.nodes.values())
    assert first.relationships_created == sum(first.relationships.values())


@pytest.mark.parametrize("day", ["1955-06-30", "1990-12-31", "2025-01-01"])
def test_seed_analyses_agree_on_either_source(seed_in_neo4j, day: str) -> None:
    g, back, _, _ = seed_in_neo4j
    d = dt.date.fromisoformat(day)
    assert alliance_clusters(back, d) == alliance_clusters(g, d)
    assert alliance_clusters(back, d, method="leiden") == alliance_clusters(g, d, method="leiden")
    states = [s for s in ("USA", "RUS", "PRK", "CHN", "KOR") if s in g.pg]
    for a in states:
        for b in states:
            if a < b:
                try:
                    expected = influence_paths(g, a, b, d, k=2)
                except LookupError as e:
                    with pytest.raises(type(e)):
                        influence_paths(back, a, b, d, k=2)
                    continue
                assert influence_paths(back, a, b, d, k=2) == expected
