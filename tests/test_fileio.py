"""A failed write loses nothing: no half-written file, and an older file stays as it was."""

import datetime as dt
import errno
import os
import stat
from pathlib import Path

import pytest

from alliancegraph.facts import load_facts
from alliancegraph.fileio import atomic_file, atomic_files
from alliancegraph.graph import AllianceGraph
from alliancegraph.views import exports
from alliancegraph.views.timeline import write_timeline
from conftest import MINI


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
    exports.export(g, target, "json", at=dt.date(2025, 1, 1))
    before = target.read_text()

    def half_then_full(graph, path, fmt, positions=None):
        Path(path).write_text('{"nodes": [')
        _disk_full()

    monkeypatch.setattr(exports, "export_graph", half_then_full)
    with pytest.raises(OSError):
        exports.export(g, target, "json", at=dt.date(2024, 1, 1))
    assert target.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.json"]


def test_a_timeline_that_fails_half_way_writes_nothing(tmp_path, monkeypatch):
    from alliancegraph.analysis.timeline import timeline
    from alliancegraph.views import timeline as charts

    g = AllianceGraph.from_facts(load_facts(MINI))
    tl = timeline(g, 2014, 2015)
    monkeypatch.setattr(charts, "timeline_png", lambda tl, path, top=8: _disk_full())
    with pytest.raises(OSError):
        write_timeline(tl, tmp_path / "tl")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.fixture
def umask():
    """Set the process umask for one test and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


@pytest.mark.parametrize("mask, mode", [(0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_outputs_follow_the_umask_like_a_plain_open(tmp_path, umask, mask, mode):
    # was: every output 0600, whatever the umask (tempfile.mkstemp's mode survived the rename)
    from alliancegraph.analysis.timeline import timeline
    from alliancegraph.views.html import write_view

    umask(mask)
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert stat.S_IMODE(plain.stat().st_mode) == mode  # what any tool would give
    g = AllianceGraph.from_facts(load_facts(MINI))
    day = dt.date(2025, 1, 1)
    files = [exports.export(g, tmp_path / f"s.{fmt}", fmt, at=day).paths[0] for fmt in ("graphml", "gexf", "json", "png")]
    files += list(exports.export(g, tmp_path / "csv", "neo4j-csv").paths)
    files.append(write_view(g, tmp_path / "v.html", day))
    files += write_timeline(timeline(g, 2014, 2015), tmp_path / "tl")
    old = tmp_path / "s.graphml"
    exports.export(g, old, "graphml", at=dt.date(2024, 1, 1))  # replacing an older file: still atomic
    assert len(files) > 10
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == mode, f
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]  # no temporary file left behind


# ---------------------------------------------------------------------------- issue 12: only regular files
def _device(path: Path) -> Path:
    """A character device of the test's own where it may make one (root), else a link to /dev/null (which
    a user who cannot make a node cannot replace either): never the machine's /dev/null as the target."""
    if os.geteuid() == 0:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    else:
        path.symlink_to("/dev/null")
    return path


def test_outputs_write_through_a_symbolic_link(tmp_path):
    # was: the link replaced by a plain file
    real = tmp_path / "real.json"
    real.write_text("old")
    os.chmod(real, 0o640)
    (tmp_path / "link.json").symlink_to(real)
    with atomic_file(tmp_path / "link.json") as tmp:
        tmp.write_text("new")
    assert (tmp_path / "link.json").is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # a replaced file keeps its mode, as open("w") would
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


@pytest.mark.parametrize("make, fact", [
    (lambda p: os.mkfifo(p), "is a FIFO (named pipe), not a regular file"),
    (lambda p: p.mkdir(), "is a directory, not a file"),
    (lambda p: p.symlink_to(_device(p.with_name("null"))), "is a character device (the link's target {null}), "
                                                             "not a regular file"),
])
def test_outputs_refuse_what_is_not_a_regular_file(tmp_path, make, fact):
    target = tmp_path / "out.json"
    make(target)
    fact = fact.format(null=os.path.realpath(tmp_path / "null"))
    kind = os.lstat(target).st_mode
    with pytest.raises(OSError) as e:
        with atomic_file(target) as tmp:
            tmp.write_text("never")  # pragma: no cover - refused before the block runs
    assert e.value.filename == str(target) and e.value.strerror.startswith(fact)
    assert os.lstat(target).st_mode == kind and "out.json" in [p.name for p in tmp_path.iterdir()]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_file_of_a_set_that_is_not_a_regular_file_moves_none(tmp_path):
    d = tmp_path / "out"
    (d / "b.csv").mkdir(parents=True)
    with pytest.raises(IsADirectoryError):
        with atomic_files(d) as tmp:
            (tmp / "a.csv").write_text("a")
            (tmp / "b.csv").write_text("b")
    assert sorted(p.name for p in d.iterdir()) == ["b.csv"] and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_write_names_the_output_not_the_temporary_file(tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(OSError) as e:
        with atomic_file(target) as tmp:
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp))
    assert (e.value.filename, e.value.strerror) == (str(target), "No space left on device")
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(NotADirectoryError) as e:
        with atomic_file(tmp_path / "notes.txt" / "new" / "out.json"):
            pass  # pragma: no cover
    assert e.value.strerror == f"{tmp_path / 'notes.txt'} is not a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_the_cypher_header_names_the_file_to_run(tmp_path):
    # was: "// run with: cypher-shell -f .x.r8w5_d59.tmp.cypher", the temporary name
    g = AllianceGraph.from_facts(load_facts(MINI))
    target = tmp_path / "graph.cypher"
    exports.export(g, target, "cypher")
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("// run with: cypher-shell -f graph.cypher ")
