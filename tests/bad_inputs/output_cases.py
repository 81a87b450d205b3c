"""Bad output paths: what is not a regular file (a device, a FIFO, a directory, behind a link or not), a
directory that is missing, not a directory or not writable, a file name of another format. Every output
(view, export, timeline, panels, --html) goes through one writer (alliancegraph.fileio), so each is refused
with one line before anything is written, and the files there stay as they were."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bad_inputs import Case

SNAP = ["--as-of", "2010"]
CAN_MKNOD = os.geteuid() == 0
DEVICE = "is a character device{via}, not a regular file; outputs are written to regular files only"
FIFO = "is a FIFO (named pipe){via}, not a regular file; outputs are written to regular files only"


def _device(name: str):
    """A character device at ``name``: a node of its own (1, 3: what /dev/null is) where the user may make
    one, else a link to /dev/null. Never /dev/null itself as the output: a regression would replace it."""
    def setup(tmp: Path) -> None:
        if CAN_MKNOD:
            os.mknod(tmp / name, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        else:
            (tmp / name).symlink_to("/dev/null")
    return setup


def _fifo(*names: str):
    def setup(tmp: Path) -> None:
        for n in names:
            (tmp / n).parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(tmp / n)
    return setup


def _dirs(*names: str):
    def setup(tmp: Path) -> None:
        for n in names:
            (tmp / n).mkdir(parents=True)
    return setup


def _link(name: str, to: str):
    def setup(tmp: Path) -> None:
        (tmp / name).symlink_to(to if to.startswith("/") else tmp / to)
    return setup


def _then(*setups):
    def setup(tmp: Path) -> None:
        for f in setups:
            f(tmp)
    return setup


def cases() -> list[Case]:
    via_null = "" if CAN_MKNOD else " (the link's target /dev/null)"
    out = [
        # was: the device node, FIFO or link replaced by a plain file
        Case("output:device", ["export", "--format", "json", "-o", "null.json", *SNAP],
             "Error: null.json: " + DEVICE.format(via=via_null), setup=_device("null.json"), unchanged=("null.json",)),
        Case("output:link-to-device", ["export", "--format", "json", "-o", "out.json", *SNAP],
             "Error: out.json: " + DEVICE.format(via=" (the link's target {tmp}/null)"),
             setup=_then(_device("null"), _link("out.json", "null")), unchanged=("out.json", "null")),
        Case("output:fifo", ["export", "--format", "json", "-o", "out.json", *SNAP],
             "Error: out.json: " + FIFO.format(via=""), setup=_fifo("out.json"), unchanged=("out.json",),
             timeout=30),
        Case("output:link-to-fifo", ["export", "--format", "graphml", "-o", "out.graphml", *SNAP],
             "Error: out.graphml: " + FIFO.format(via=" (the link's target {tmp}/pipe)"),
             setup=_then(_fifo("pipe"), _link("out.graphml", "pipe")),
             unchanged=("out.graphml", "pipe"), timeout=30),
        Case("output:directory", ["export", "--format", "json", "-o", "out.json", *SNAP],
             "Error: out.json: is a directory, not a file", setup=_dirs("out.json"), unchanged=("out.json",)),
        Case("output:link-to-directory", ["export", "--format", "json", "-o", "out.json", *SNAP],
             "Error: out.json: is a directory (the link's target {tmp}/d), not a file",
             setup=_then(_dirs("d"), _link("out.json", "d")), unchanged=("out.json",)),
        Case("output:under-a-file", ["export", "--format", "json", "-o", "notes.txt/out.json", *SNAP],
             "Error: notes.txt/out.json: notes.txt is not a directory", files={"notes.txt": "mine\n"},
             unchanged=("notes.txt",)),
        Case("output:deep-under-a-file", ["export", "--format", "json", "-o", "notes.txt/new/out.json", *SNAP],
             "Error: notes.txt/new/out.json: notes.txt is not a directory", files={"notes.txt": "mine\n"},
             unchanged=("notes.txt",)),
        Case("output:dangling-link-under-a-file", ["export", "--format", "json", "-o", "out.json", *SNAP],
             "Error: out.json: {tmp}/notes.txt is not a directory", files={"notes.txt": "mine\n"},
             setup=_link("out.json", "notes.txt/out.json"), unchanged=("out.json", "notes.txt")),
        Case("output:unwritable-directory", ["export", "--format", "json", "-o", "/sys/out.json", *SNAP],
             "Error: /sys/out.json: cannot write in directory /sys: Permission denied"),
        Case("output:view-onto-fifo", ["view", "-o", "v.html", *SNAP], "Error: v.html: " + FIFO.format(via=""),
             setup=_fifo("v.html"), unchanged=("v.html",), timeout=30),
        Case("output:view-onto-directory", ["view", "-o", "v.html", *SNAP], "Error: v.html: is a directory, not a file",
             setup=_dirs("v.html"), unchanged=("v.html",)),
        Case("output:view-suffix", ["view", "-o", "view.png", *SNAP],
             "Error: view.png: a view is an HTML page, written to a .html or .htm file, not .png",
             unchanged=("view.png",)),
        Case("output:path-html-suffix", ["path", "RUS", "PRK", "--html", "paths.svg", *SNAP],
             "Error: paths.svg: a view is an HTML page, written to a .html or .htm file, not .svg",
             unchanged=("paths.svg",)),
        Case("output:diff-html-onto-device", ["diff", "--from", "2009", "--to", "2010", "--html", "d.html"],
             "Error: d.html: " + DEVICE.format(via=via_null), setup=_device("d.html"),
             unchanged=("d.html",)),
        Case("output:neo4j-csv-onto-a-file", ["export", "--format", "neo4j-csv", "-o", "pg"],
             "Error: pg: exists and is not a directory", files={"pg": "mine\n"}, unchanged=("pg",)),
        # one file of the set is not a regular file: none of the set is moved in
        Case("output:neo4j-csv-file-is-a-directory", ["export", "--format", "neo4j-csv", "-o", "pg"],
             "Error: pg/nodes-Bloc.csv: is a directory, not a file", setup=_dirs("pg/nodes-Bloc.csv"),
             unchanged=("pg/import.sh", "pg/nodes-Bloc.csv", "pg/nodes-State.csv")),
        Case("output:timeline-out-is-a-file", ["timeline", "--from", "1990", "--to", "1991", "--out", "tl"],
             "Error: tl: exists and is not a directory", files={"tl": "mine\n"}, unchanged=("tl",)),
        Case("output:timeline-file-is-a-fifo", ["timeline", "--from", "1990", "--to", "1991", "--out", "tl",
                                                "--no-plot"],
             "Error: tl/timeline.json: " + FIFO.format(via=""), setup=_fifo("tl/timeline.json"),
             unchanged=("tl/timeline.csv", "tl/timeline.json"), timeout=30),
        Case("output:timeline-under-a-file", ["timeline", "--from", "1990", "--to", "1991", "--out", "notes.txt/tl"],
             "Error: notes.txt/tl: notes.txt is not a directory", files={"notes.txt": "mine\n"},
             unchanged=("notes.txt",)),
        Case("output:system-onto-fifo", ["system", "--from", "2000", "--to", "2001", "-o", "s.csv"],
             "Error: s.csv: " + FIFO.format(via=""), setup=_fifo("s.csv"), unchanged=("s.csv",), timeout=60),
    ]
    # a file name of another format (one line per format)
    for fmt, name, expected in (("graphml", "net.png", ".graphml or .xml"), ("gexf", "net.graphml", ".gexf"),
                                ("json", "net.txt", ".json"), ("cytoscape", "net.gexf", ".json or .cyjs"),
                                ("cypher", "net.sql", ".cypher or .cql or .cyp"), ("png", "net.jpg", ".png"),
                                ("svg", "net", ".svg")):
        suffix = Path(name).suffix or "a name without a suffix"
        out.append(Case(f"output:suffix-{fmt}", ["export", "--format", fmt, "-o", name, *SNAP],
                        f"Error: {name}: a {fmt} export is written to a {expected} file, not {suffix}",
                        unchanged=(name,)))
    return out
