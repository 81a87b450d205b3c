"""A failed write loses nothing: no half-written file, and an older file stays as it was."""

import datetime as dt
import errno
from pathlib import Path

import pytest

from alliancegraph.facts import load_facts
from alliancegraph.fileio import atomic_file, atomic_files
from alliancegraph.graph import AllianceGraph
from alliancegraph.views import exports

MINI = Path(__file__).parent / "fixtures" / "mini"


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_atomic_file_keeps_the_old_file_on_error(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_file(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("failed half way")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    with atomic_file(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    with pytest.raises(IsADirectoryError):
        with atomic_file(tmp_path):
            pass


def test_atomic_files_moves_all_or_none(tmp_path):
    d = tmp_path / "out"
    d.mkdir()
    (d / "a.csv").write_text("old a")
    (d / "other.txt").write_text("not ours")
    with pytest.raises(RuntimeError):
        with atomic_files(d) as tmp:
            (tmp / "a.csv").write_text("new a")
            raise RuntimeError("failed before b")
    assert (d / "a.csv").read_text() == "old a" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    with atomic_files(d) as tmp:
        (tmp / "a.csv").write_text("new a")
        (tmp / "b.csv").write_text("new b")
    assert sorted(p.name for p in d.iterdir()) == ["a.csv", "b.csv", "other.txt"]
    assert (d / "a.csv").read_text() == "new a"


def test_an_export_that_fails_half_way_keeps_the_previous_export(tmp_path, monkeypatch):
    g = AllianceGraph.from_facts(load_facts(MINI))
    target = tmp_path / "snap.json"
    exports.export(g, target, "json", as_of=dt.date(2025, 1, 1))
    before = target.read_text()

    def half_then_full(graph, path, fmt, positions=None):
        Path(path).write_text('{"nodes": [')
        _disk_full()

    monkeypatch.setattr(exports, "export_graph", half_then_full)
    with pytest.raises(OSError):
        exports.export(g, target, "json", as_of=dt.date(2024, 1, 1))
    assert target.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.json"]


def test_a_timeline_that_fails_half_way_writes_nothing(tmp_path, monkeypatch):
    from alliancegraph.analysis.timeline import Timeline, timeline

    g = AllianceGraph.from_facts(load_facts(MINI))
    tl = timeline(g, 2014, 2015)
    monkeypatch.setattr(Timeline, "plot", lambda self, path, top=8: _disk_full())
    with pytest.raises(OSError):
        tl.write(tmp_path / "tl")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
