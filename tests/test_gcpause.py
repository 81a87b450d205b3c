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


def test_the_bulk_passes_run_paused() -> None:
    # the build, the ties, the plan and the CSV writer pause the collector while they run
    from alliancegraph import neo4j_rows
    from alliancegraph.graph import ties

    seen = []
    real = neo4j_rows.with_companions

    def spy(props):
        seen.append(gc.isenabled())
        return real(props)

    neo4j_rows.with_companions = spy
    try:
        import tempfile

        from alliancegraph.workspace import open_graph

        neo4j_rows.write_neo4j_csv(open_graph(), tempfile.mkdtemp())
    finally:
        neo4j_rows.with_companions = real
    assert seen and not any(seen) and gc.isenabled()
    assert ties.TieGraph.ties.__wrapped__  # decorated by paused_gc (contextlib keeps the function)
