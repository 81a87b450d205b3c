"""paused_gc: the collector is off inside, back to its earlier state after, error or not, nested or not."""

from __future__ import annotations

import gc

import pytest

from alliancegraph.gcpause import paused_gc


def test_the_pause_restores_the_state_it_found_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        with paused_gc():
            assert not gc.isenabled()
            1 / 0
    assert gc.isenabled()


def test_pauses_nest_and_a_pause_leaves_a_disabled_collector_disabled() -> None:
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it off: it stays off until the outer one ends
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_made_during_a_pause_are_collected_after_it() -> None:
    import weakref

    class Node:
        pass

    with paused_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a  # a reference cycle: reference counting alone never frees it
        ref = weakref.ref(a)
        del a, b
        assert ref() is not None  # not collected while paused
    gc.collect()
    assert ref() is None


def test_the_bulk_passes_run_paused(monkeypatch, tmp_path) -> None:
    # the build, the ties and the CSV writer pause the collector while they run, and it runs again after
    from alliancegraph import neo4j_rows, workspace
    from alliancegraph.graph import ties

    seen: dict[str, list[bool]] = {"build": [], "ties": [], "csv": []}

    def spy(where: str, real):
        def call(*a, **k):
            seen[where].append(gc.isenabled())
            return real(*a, **k)
        return call

    monkeypatch.setattr(workspace, "read_facts", spy("build", workspace.read_facts))
    monkeypatch.setattr(ties, "parse_optional", spy("ties", ties.parse_optional))
    monkeypatch.setattr(neo4j_rows, "with_companions", spy("csv", neo4j_rows.with_companions))
    g = workspace.open_graph()
    g.ties()
    neo4j_rows.write_neo4j_csv(g, tmp_path)
    assert all(seen.values()) and not any(any(v) for v in seen.values()), {k: set(v) for k, v in seen.items()}
    assert gc.isenabled()
