"""A Browser user and a library user get the same answer to the same question (issue #17, item 2).

The seed, the COW state list, MID 5.0 and ATOP 4.01 (the real files of ../shared/data) are loaded into the
real Neo4j; every file of cypher/queries then runs on several dates and states (Cold War, post-Cold War,
2014, around the signature of the Russia-North Korea treaty of 2024-06-19, during the denials of October
2024 and in 2025) and its rows are compared with the library's answer to the same question, computed from
the in-memory graph of the same files: the same states in the same order, the same facts, strengths equal
to 1e-9. The cases include a confidence that changed over time (the North Korean troops in Russia: alleged
from 2024-10-18, denied 2024-10-21, reported from 2024-10-23), a pair whose ties combine by noisy-OR to
more than their maximum (Russia and North Korea in 2025: a defense treaty and three support relations), a
treaty that defers to another fact of the pair (the EU's Art. 42(7) TEU between two NATO members, France
and Germany) and the floor `alleged` as well as the default `reported`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

import pytest

from alliancegraph import NoPathError, allies, influence_paths, signed_graph
from alliancegraph.dates import active_on, parse_optional
from alliancegraph.graph import ALLIED_KINDS, AllianceGraph, Snapshot
from alliancegraph.graph.build import confidence_entries
from alliancegraph.model import confidence_as_of
from alliancegraph.workspace import open_graph
from conftest import DATA, seed_dir
from test_neo4j_queries import run

pytestmark = pytest.mark.neo4j

DATES = ["1962-10-01", "1980-06-30", "2000-01-01", "2014-03-01", "2024-06-18", "2024-06-20", "2024-10-22",
         "2024-10-24", "2025-06-01"]
STATES = ["PRK", "RUS", "IRN", "USA", "JPN", "FRA", "DEU"]
PAIRS = [("USA", "PRK"), ("RUS", "PRK"), ("RUS", "IRN"), ("USA", "JPN"), ("FRA", "DEU"), ("USA", "RUS"),
         ("KOR", "JPN")]
FLOORS = ["reported", "alleged"]
ALL_LAYERS = list(ALLIED_KINDS)


@pytest.fixture(scope="module")
def world(neo4j_guarded) -> Any:
    """``(graph, session)``: the in-memory graph of seed + COW states + MID + ATOP, and a session on the
    Neo4j database holding exactly the same (load set 'world')."""
    from alliancegraph.neo4j_store import Neo4jStore
    from conftest import wipe

    files = [DATA / "cow" / "states2016.csv", DATA / "cow" / "MIDA 5.0.csv", DATA / "cow" / "MIDB 5.0.csv",
             DATA / "atop" / "atop4_01a.csv", DATA / "atop" / "atop4_01m.csv"]
    missing = [f for f in files if not f.is_file()]
    if missing:
        pytest.fail(f"the real datasets are missing: {missing[0]} (set ALLIANCEGRAPH_SHARED_DATA)")
    g = open_graph([seed_dir(), *files])
    wipe(neo4j_guarded)
    with Neo4jStore(neo4j_guarded) as store:
        store.load(g, "world", batch_size=10000)
        with store.driver.session(database=neo4j_guarded.database) as session:
            yield g, session
    wipe(neo4j_guarded)


def test_the_troops_confidence_changes_on_the_dates_tested(world) -> None:
    # the as-of rule is what the cases below test: the troop deployment does not count on 2024-10-22
    # (denied since 2024-10-21) and counts on 2024-10-24 (reported since 2024-10-23); with the floor
    # 'alleged' it counts on neither (denied ranks below alleged) and on 2024-10-19 (alleged since 10-18)
    g, _ = world

    def counts(day: str, floor: str) -> bool:
        return "prk-rus-troops-2024" in {t.via for t in g.ties_as_of(Snapshot(day, min_confidence=floor))}

    assert [counts(d, "reported") for d in ("2024-10-19", "2024-10-22", "2024-10-24")] == [False, False, True]
    assert [counts(d, "alleged") for d in ("2024-10-19", "2024-10-22", "2024-10-24")] == [True, False, True]


# ---------------------------------------------------------------------------- allies
@pytest.mark.parametrize("floor", FLOORS)
def test_allies_as_of_is_the_librarys_direct_allies(world, floor: str) -> None:
    g, session = world
    for day, state in itertools.product(DATES + ["2024-10-19"], STATES):
        rows = run(session, "allies_as_of.cypher", state=state, asOf=day, minConfidence=floor)
        want = allies(g, state, Snapshot(day, min_confidence=floor), depth=1).direct
        assert [r["ally"] for r in rows] == [a.state for a in want], (state, day)
        for r, a in zip(rows, want):
            assert r["strength"] == pytest.approx(a.strength, abs=1e-9), (state, day, a.state)
            assert (r["via"], r["kinds"]) == ([t["via"] for t in a.ties], [t["kind"] for t in a.ties]), (state, day)
            assert r["strengths"] == pytest.approx([t["strength"] for t in a.ties], abs=1e-9)


def test_allies_combine_by_noisy_or_and_follow_the_confidence_on_the_day(world) -> None:
    _, session = world
    rus = lambda day: next(r for r in run(session, "allies_as_of.cypher", state="PRK", asOf=day)  # noqa: E731
                           if r["ally"] == "RUS")
    # 2024-10-22: the 2000 treaty (consultation 0.05) and the two declarations (consultation), the arms
    # deliveries (support 0.3, reported since 2024-04-29); the troops were denied on 10-21
    r = rus("2024-10-22")
    assert "prk-rus-troops-2024" not in r["via"] and "prk-rus-arms-2023" in r["via"]
    # 2024-10-24: the troops count (reported since 10-23): one more support relation, 0.3
    r2 = rus("2024-10-24")
    assert set(r2["via"]) - set(r["via"]) == {"prk-rus-troops-2024"}
    assert 1 - (1 - r2["strength"]) / (1 - r["strength"]) == pytest.approx(0.3, abs=1e-12)
    # 2025-06-01: the 2024 treaty (defense 0.9), three support relations (0.3 each; air defence reported
    # since 2025-05-29) and ATOP 3755 (non-aggression 0.05, in force at the end of ATOP 4.01); the 2000
    # treaty and the declarations ended 2024-12-03. Noisy-OR: 1 - 0.1 * 0.7**3 * 0.95 = 0.967415, more
    # than the strongest tie alone (0.9)
    r3 = rus("2025-06-01")
    assert r3["via"] == ["rus-prk-2024", "prk-rus-arms-2023", "prk-rus-troops-2024", "rus-prk-air-defense-2024",
                         "atop-3755"]
    assert r3["strength"] == pytest.approx(1 - 0.1 * 0.7 ** 3 * 0.95, abs=1e-12)


def test_a_deferring_treaty_does_not_count_where_it_defers(world) -> None:
    _, session = world
    # France and Germany in 2014: NATO (defense) and the EU treaty's Art. 42(7) (defense, defers to NATO):
    # the EU treaty does not count between two NATO members; Austria (not in NATO) keeps it with Germany
    fra = {r["ally"]: r for r in run(session, "allies_as_of.cypher", state="FRA", asOf="2014-03-01")}
    aut = {r["ally"]: r for r in run(session, "allies_as_of.cypher", state="AUT", asOf="2014-03-01")}
    assert "nato" in fra["DEU"]["via"] and "treaty-of-lisbon" not in fra["DEU"]["via"]
    assert "treaty-of-lisbon" in aut["DEU"]["via"]


# ---------------------------------------------------------------------------- influence path
def test_influence_path_is_the_librarys_strongest_path(world) -> None:
    g, session = world
    compared_states = 0
    for day, (source, target) in itertools.product(DATES, PAIRS):
        rows = run(session, "influence_path.cypher", source=source, target=target, asOf=day)
        at = Snapshot(day)
        try:
            paths = influence_paths(g, source, target, at, k=2)
        except NoPathError:
            assert rows == [], (source, target, day)
            continue
        best = paths[0]
        assert len(best.hops) <= 6, "the query searches at most 6 hops"
        assert len(rows) == 1, (source, target, day)
        r = rows[0]
        assert r["strength"] == pytest.approx(best.strength, abs=1e-9), (source, target, day)
        # the query's chain is one of the library's graph, hop by hop, with the library's strengths and facts
        proj = g.allied_shared(at)
        for (a, b), s, via in zip(itertools.pairwise(r["states"]), r["hop_strengths"], r["via"]):
            assert s == pytest.approx(proj[a][b]["strength"], abs=1e-12) and via == [t["via"] for t in proj[a][b]["ties"]]
        assert math.prod(r["hop_strengths"]) == pytest.approx(r["strength"], abs=1e-12)
        # where the strongest path is unique, the same states
        if len(paths) == 1 or paths[1].strength < best.strength - 1e-9:
            assert r["states"] == list(best.states), (source, target, day)
            compared_states += 1
    assert compared_states >= 20


def test_influence_path_with_the_floor_alleged(world) -> None:
    g, session = world
    # 2024-10-19: the troops were alleged; with the floor 'alleged' they add to the Russia-North Korea hop
    for floor in FLOORS:
        rows = run(session, "influence_path.cypher", source="RUS", target="PRK", asOf="2024-10-19",
                   minConfidence=floor)
        best = influence_paths(g, "RUS", "PRK", Snapshot("2024-10-19", min_confidence=floor))[0]
        assert rows[0]["strength"] == pytest.approx(best.strength, abs=1e-9)
        assert rows[0]["states"] == list(best.states) and rows[0]["via"] == [[t["via"] for t in h.ties] for h in best.hops]
    assert "prk-rus-troops-2024" in rows[0]["via"][0]


# ---------------------------------------------------------------------------- triads
def _library_triads(g: AllianceGraph, state: str, at: Snapshot) -> list[tuple[str, str, str, list[str]]]:
    """The unbalanced triangles of ``state`` in the library's signed graph, named as the query names them."""
    sg = signed_graph(g, at)
    hostile = g.hostile(at)
    if state not in sg:
        return []

    def facts(a: str, b: str) -> list[str]:
        e = sg[a][b]
        return [c["via"] for c in hostile[a][b]["conflicts"]] if e["sign"] < 0 else [t["via"] for t in e["ties"]]

    out = []
    for x, y in itertools.combinations(sorted(sg[state]), 2):
        if not sg.has_edge(x, y):
            continue
        sx, sy, sxy = sg[state][x]["sign"], sg[state][y]["sign"], sg[x][y]["sign"]
        if sx * sy * sxy > 0:
            continue
        if sxy > 0:
            pattern, u, v = ("ally of an enemy", x, y) if sx > 0 else ("ally of an enemy", y, x)
        else:
            pattern, u, v = ("allies hostile to each other", x, y) if sx > 0 else ("three enemies", x, y)
        out.append((pattern, u, v, sorted(set(facts(state, x) + facts(state, y) + facts(x, y)))))
    return sorted(out)


@pytest.mark.parametrize("layers", [None, ALL_LAYERS], ids=["default-layers", "every-kind"])
def test_unbalanced_triads_are_the_librarys(world, layers: list[str] | None) -> None:
    g, session = world
    found = 0
    for day, state in itertools.product(DATES + ["2025-05-08", "2025-06-23"], ["RUS", "USA", "IRN", "TUR", "IND"]):
        over = {"layers": layers} if layers else {}
        rows = run(session, "unbalanced_triads.cypher", state=state, asOf=day, **over)
        want = _library_triads(g, state, Snapshot(day, layers=layers))
        assert [(r["pattern"], r["x"], r["y"], r["via"]) for r in rows] == want, (state, day)
        found += len(want)
    assert found > 0


# ---------------------------------------------------------------------------- facts
def test_bloc_members_are_the_membership_facts_of_the_day(world) -> None:
    g, session = world
    for day in DATES:
        d = dt.date.fromisoformat(day)
        rows = run(session, "bloc_members_as_of.cypher", asOf=day)
        want = {}
        for bid, b in g.nodes("Bloc"):
            if not active_on(parse_optional(b.get("founded")), parse_optional(b.get("dissolved")), d):
                continue
            spells = [(s, r["status"]) for s, b2, r in g.rels("MEMBER_OF")
                      if b2 == bid and active_on(parse_optional(r.get("from")), parse_optional(r.get("to")), d)]
            want[bid] = (sorted(s for s, st in spells if st == "member"),
                         sorted(f"{s} ({st})" for s, st in spells if st != "member"))
        assert {r["bloc"]: (r["members"], r["others"]) for r in rows} == want, day
        # and the bloc's allied ties of the day join members only
        for r in rows:
            tied = {s for t in g.ties_as_of(day) if t.via == r["bloc"] for s in (t.a, t.b)}
            assert tied <= set(r["members"]), (r["bloc"], day)


def test_facts_by_confidence_are_the_librarys(world) -> None:
    g, session = world
    for day in DATES + ["2022-11-03", "2024-10-19"]:
        d = dt.date.fromisoformat(day)
        rows = run(session, "facts_by_confidence.cypher", asOf=day)
        want: dict[tuple[str, str], list[str]] = {}
        changed: dict[tuple[str, str], list[str]] = {}
        facts = [(lab, n, x.get("confidence_history")) for lab in ("State", "Bloc", "Treaty", "Conflict")
                 for n, x in g.nodes(lab)] + [("Support", r["id"], r.get("confidence_history"))
                                             for _, _, r in g.rels("SUPPORTS")]
        for lab, fid, history in facts:
            entries = confidence_entries(history)
            on, latest = confidence_as_of(entries, d).value, confidence_as_of(entries).value
            want.setdefault((on, lab), []).append(fid)
            if latest != on:
                changed.setdefault((on, lab), []).append(f"{fid} (now {latest})")
        got = {(r["confidence"], r["kind"]): r["ids"] for r in rows}
        assert got == {k: sorted(v) for k, v in want.items()}, day
        assert {(r["confidence"], r["kind"]): r["since_changed"] for r in rows} == {
            k: sorted(changed.get(k, [])) for k in want}, day


def test_treaty_timeline_is_the_librarys_ties(world) -> None:
    g, session = world
    for a, b in PAIRS:
        rows = run(session, "treaty_timeline.cypher", a=a, b=b)
        parties: dict[str, set[str]] = {}
        for s, t, _ in g.rels("PARTY_TO"):
            parties.setdefault(t, set()).add(s)
        shared = [t for t, ps in parties.items() if {a, b} <= ps]
        node = lambda t: g.pg.nodes[t]  # noqa: E731
        first = lambda t: (parse_optional(node(t).get("signed")) or parse_optional(node(t).get("in_force")))  # noqa: E731
        shared.sort(key=lambda t: (first(t) is None, first(t).first_day() if first(t) else None, t))
        assert [r["treaty"] for r in rows] == shared, (a, b)
        x, y = sorted((a, b))
        for r in rows:
            ties = sorted((t for t in g.ties() if t.via == r["treaty"] and (t.a, t.b) == (x, y)),
                          key=lambda t: (t.start.first_day() if t.start else dt.date.min,
                                         t.end.last_day() if t.end else dt.date.max))
            assert r["tie_spells"] == [f"{t.start.iso() if t.start else '..'}/{t.end.iso() if t.end else '..'}"
                                       for t in ties], (a, b, r["treaty"])


def test_treaty_superseded_follows_the_supersession_facts(world) -> None:
    g, session = world
    newer_of: dict[str, list[str]] = {}
    for newer, older, _ in g.rels("SUPERSEDES"):
        newer_of.setdefault(newer, []).append(older)
    for treaty in sorted(newer_of)[:8] + ["rus-prk-2024"]:
        chains = []
        todo = [[treaty]]
        while todo:
            chain = todo.pop()
            for older in newer_of.get(chain[-1], []):
                chains.append(chain + [older])
                todo.append(chain + [older])
        rows = run(session, "treaty_superseded.cypher", treaty=treaty)
        assert sorted(r["chain"] for r in rows) == sorted(chains), treaty
        assert [r["depth"] for r in rows] == sorted(len(c) - 1 for c in chains)
