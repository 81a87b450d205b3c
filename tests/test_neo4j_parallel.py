"""The loader's parallel writes (issue 18, item 4): relationship batches are partitioned by their endpoints
and only batches that share no endpoint group are written at once, so that concurrent transactions lock no
node in common. The partition and the scheduler are checked without a server; one load with small batches
(many of them in flight) against the real server."""

from __future__ import annotations

import threading
import time
from itertools import combinations
from typing import Any

import pytest

from alliancegraph.neo4j_rows import load_plan
from alliancegraph.neo4j_store import _Load
from alliancegraph.workspace import open_graph
from conftest import seed_dir


def _run(plan: Any, batch_size: int, workers: int) -> _Load:
    run = _Load(None, plan, "x", batch_size, None, None)  # type: ignore[arg-type]
    run.workers = workers  # type: ignore[misc]
    return run


def test_partition_covers_every_relationship_once_and_parts_apart_share_no_state() -> None:
    plan = load_plan(open_graph([seed_dir()]))
    for key, items in plan.rels.items():
        ends = list(plan.ends(key))
        assert len(ends) == len(items)
        parts = _run(plan, 50, 2)._partition(key)
        indices = sorted(i for _, part in parts for i in part)
        assert indices == list(range(len(items))), key
        if len(items) <= 50:
            assert parts == [(frozenset(), range(len(items)))]
            continue
        assert set().union(*(g for g, _ in parts)) <= {0, 1, 2, 3}  # 2 * workers groups
        nodes = [{n for i in part for n in ends[i]} for _, part in parts]
        for i, j in combinations(range(len(parts)), 2):
            if not parts[i][0] & parts[j][0]:  # may be written at once: must share no endpoint
                assert not nodes[i] & nodes[j], (key, parts[i][0], parts[j][0])
    allied = ("ALLIED_WITH", "State", "State")
    assert len(_run(plan, 50, 2)._partition(allied)) > 4  # the seed's ties fall in several parts
    assert _run(plan, 50, 1)._partition(allied) == [(frozenset(), range(plan.count(allied)))]


def test_batches_whose_groups_meet_never_run_at_once() -> None:
    lock = threading.Lock()
    active: list[frozenset[int]] = []
    seen: list[tuple[frozenset[int], ...]] = []
    ran: list[int] = []

    def task(n: int, groups: frozenset[int]) -> Any:
        def send() -> int:
            with lock:
                active.append(groups)
                seen.append(tuple(active))
            time.sleep(0.02)
            with lock:
                active.remove(groups)
            return n
        return groups, send

    groups = [frozenset(g) for g in ({0, 1}, {0}, {1, 2}, {2, 3}, {3}, {0, 3}, {1}, {2}, {1, 3}, {0, 2})] * 2
    _run(None, 1, 2)._in_parallel((task(n, g) for n, g in enumerate(groups)), ran.append)
    assert sorted(ran) == list(range(len(groups)))
    for moment in seen:
        for a, b in combinations(moment, 2):
            assert not a & b, moment
    assert max(map(len, seen)) == 2  # two at once, never more than the workers


def test_the_first_error_stops_new_batches_and_is_raised() -> None:
    started: list[int] = []

    def task(n: int) -> Any:
        def send() -> int:
            started.append(n)
            time.sleep(0.01)
            if n == 1:
                raise ConnectionError("simulated loss of the connection")
            return n
        return frozenset(), send

    done: list[int] = []
    with pytest.raises(ConnectionError, match="simulated"):
        _run(None, 1, 2)._in_parallel((task(n) for n in range(50)), done.append)
    assert len(started) < 10 and 1 in started and 1 not in done


@pytest.mark.neo4j
@pytest.mark.parametrize("workers", [1, 2])  # 2 is the default (WRITE_WORKERS); 1 the serial path
def test_a_load_in_small_parallel_batches_equals_the_graph_and_repeats_with_no_change(store, monkeypatch,
                                                                                     workers) -> None:
    from test_neo4j_store import _pg_equal

    monkeypatch.setattr(_Load, "workers", workers)
    g = open_graph([seed_dir()])
    first = store.load(g, "seed", batch_size=40)
    assert first.relationships_created == sum(first.relationships.values()) == g.pg.number_of_edges() + len(g.ties())
    assert first.nodes_created == g.pg.number_of_nodes()
    second = store.load(g, "seed", batch_size=40)
    assert second.changes == 0 and second.rows == first.rows
    _pg_equal(g, store.read_graph("seed"))
