"""Throw-away Neo4j servers and ``neo4j-admin database import`` for the load benchmarks.

Every server is started, waited for and stopped by ``scripts/neo4j-server`` (the one definition of how a
local Neo4j starts and when it is ready), on a cache directory of its own under a temporary directory
(``ALLIANCEGRAPH_CACHE``), with free loopback ports that the script picks (``NEO4J_BOLT_PORT=auto``), the
benchmark's heap and page cache, and the jars the script already cached (``ALLIANCEGRAPH_NEO4J_JARS_FROM``:
the same Neo4j 5.26 Community jars the tests use), so that each benchmark case writes into an empty
database and no developer's server or data is touched. ``neo4j-admin database import`` is the script's
``import`` too (the export's ``import.sh`` run with the admin tool of the same jars, as in
``tests/test_exports_neo4j.py``).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

from .paths import SERVER_SCRIPT as SCRIPT

CACHE = Path(os.environ.get("ALLIANCEGRAPH_CACHE", Path.home() / ".cache" / "alliancegraph"))


class ServerError(RuntimeError):
    """A throw-away server or the admin tool failed; the message holds the end of its log."""


def script_version() -> str:
    """The Neo4j version ``scripts/neo4j-server`` uses (``ALLIANCEGRAPH_NEO4J_VERSION`` or its default)."""
    if os.environ.get("ALLIANCEGRAPH_NEO4J_VERSION"):
        return os.environ["ALLIANCEGRAPH_NEO4J_VERSION"]
    m = re.search(r'NEO4J_SERVER_VERSION="\$\{ALLIANCEGRAPH_NEO4J_VERSION:-([^}]+)\}"', SCRIPT.read_text())
    return m.group(1) if m else "5.26.19"


def find_jars(fetch: bool = True) -> Path:
    """The ``lib/`` directory of cached Neo4j jars: those of the script's version; else any complete
    ``neo4j-5.26.*`` download in the cache; else (``fetch``) the script's ``start`` downloads them on free
    ports and ``stop`` stops that server again."""
    wanted = CACHE / f"neo4j-{script_version()}"
    if (wanted / ".jars-ready").exists():
        return wanted / "lib"
    others = sorted(CACHE.glob("neo4j-5.26.*/.jars-ready"))
    if others:
        return others[-1].parent / "lib"
    if not fetch:
        raise ServerError(f"no Neo4j jars in {CACHE} (run scripts/neo4j-server start once)")
    env = {**os.environ, "NEO4J_BOLT_PORT": "auto", "NEO4J_HTTP_PORT": "auto"}
    env.pop("NEO4J_URI", None)
    done = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=1800)
    subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, text=True, timeout=300)
    if not (wanted / ".jars-ready").exists():
        raise ServerError(f"scripts/neo4j-server start did not fetch the jars: {done.stderr[-2000:]}")
    return wanted / "lib"


def jar_version(lib: Path) -> str:
    """The Neo4j version of a jar directory (from the kernel jar's name)."""
    for p in lib.glob("neo4j-kernel-*.jar"):
        return p.stem.removeprefix("neo4j-kernel-")
    return lib.parent.name.removeprefix("neo4j-")


class Server:
    """A Neo4j server that ``scripts/neo4j-server`` runs on a cache directory of its own (``cache``), started
    by :meth:`start`, stopped by :meth:`stop` (also as a context manager). ``uri`` is its Bolt address (on
    the free port the script picked, as its ``env`` says once started), ``auth`` the credentials the script
    set on its first start, ``home`` the script's home directory."""

    password = "alliancegraph-bench"

    def __init__(self, cache: Path, lib: Path, heap: str = "1g", pagecache: str = "1g"):
        self.cache, self.lib, self.heap, self.pagecache = Path(cache), lib, heap, pagecache
        self.version = jar_version(lib)
        self.started = False
        self.uri = ""

    @property
    def auth(self) -> tuple[str, str]:
        return ("neo4j", self.password)

    @property
    def home(self) -> Path:
        return self.cache / f"neo4j-{self.version}"

    @property
    def env(self) -> dict[str, str]:
        """The environment of ``scripts/neo4j-server`` for this server (never another server's NEO4J_URI)."""
        env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_DATABASE")}
        env.update(ALLIANCEGRAPH_CACHE=str(self.cache), ALLIANCEGRAPH_NEO4J_VERSION=self.version,
                   ALLIANCEGRAPH_NEO4J_JARS_FROM=str(self.lib.parent), NEO4J_BOLT_PORT="auto",
                   NEO4J_HTTP_PORT="auto", NEO4J_PASSWORD=self.password,
                   ALLIANCEGRAPH_NEO4J_HEAP=self.heap, ALLIANCEGRAPH_NEO4J_PAGECACHE=self.pagecache,
                   PYTHON=sys.executable)
        return env

    def _script(self, command: str, timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(SCRIPT), command], env=self.env, capture_output=True, text=True, timeout=timeout)

    def start(self, timeout: float = 240) -> "Server":
        self.cache.mkdir(parents=True, exist_ok=True)
        self.started = True
        env = {"ALLIANCEGRAPH_NEO4J_START_TIMEOUT": str(int(timeout))}
        done = subprocess.run([str(SCRIPT), "start"], env={**self.env, **env}, capture_output=True, text=True,
                              timeout=timeout + 120)
        if done.returncode != 0:
            self.stop()
            raise ServerError(f"scripts/neo4j-server start failed for the benchmark's Neo4j: {done.stderr[-2000:]}")
        exports = dict(part.split("=", 1) for part in shlex.split(self._script("env", timeout=60).stdout) if "=" in part)
        self.uri = exports["NEO4J_URI"]
        return self

    def stop(self) -> None:
        if self.started:
            self._script("stop", timeout=180)
        self.started = False

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def admin_import(cache: Path, lib: Path, csv_dir: Path, heap: str = "1g") -> tuple[float, str, float]:
    """``scripts/neo4j-server import csv_dir``: the export's ``import.sh`` (``neo4j-admin database import full
    neo4j``) into a new database of a server home under ``cache``, with the jars of ``lib``. Returns
    ``(seconds, the tool's output, peak resident memory in MiB)``; the script ends by exec'ing the JVM, so the
    peak is the JVM's and the time includes the JVM start."""
    server = Server(cache, lib, heap, "64m")
    cache.mkdir(parents=True, exist_ok=True)
    log = cache / "import.log"
    t0 = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen([str(SCRIPT), "import", str(csv_dir)], env=server.env, stdout=out,
                                stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    text = log.read_text(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or "IMPORT DONE" not in text:
        raise ServerError(f"neo4j-admin import failed (exit {code}): {text[-3000:]}")
    return seconds, text, usage.ru_maxrss / 1024


def imported_counts(output: str) -> tuple[int, int]:
    """``(nodes, relationships)`` that neo4j-admin says it imported."""
    nodes = re.search(r"Imported:\s*\n?\s*([\d,]+) nodes", output)
    rels = re.search(r"([\d,]+) relationships", output)
    def num(m: "re.Match[str] | None") -> int:
        return int(m.group(1).replace(",", "")) if m else -1
    return num(nodes), num(rels)


def server_version(uri: str, auth: tuple[str, str] | None = None) -> str:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=auth) as d, d.session() as s:
        return s.run("CALL dbms.components() YIELD versions RETURN versions[0] AS v").single()["v"]


__all__: Sequence[str] = ["Server", "ServerError", "admin_import", "imported_counts", "find_jars", "jar_version",
                          "server_version"]


def warm_up(uri: str, rows: int = 100_000, auth: tuple[str, str] | None = None) -> None:
    """The same neutral warm-up for every fresh server before a timed load, so that the loads meet a JVM that
    has compiled Neo4j's write paths (as a server that has run for a while has), not one that compiles them
    during the timed load: ``rows`` relationships with twelve properties (strings, numbers, dates) among 200
    dense nodes in batches of 5,000, forty distinct query texts, a thousand single-row MERGEs; all of it on
    a label and a type of its own, deleted again before the load."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=auth) as d, d.session() as s:
        s.run("UNWIND range(0, 199) AS i CREATE (:BenchWarmup {k: i})").consume()
        s.run("CREATE INDEX bench_warmup_k IF NOT EXISTS FOR (n:BenchWarmup) ON (n.k)").consume()
        s.run("CALL db.awaitIndexes(300)").consume()
        for i in range(40):
            s.run(f"UNWIND range(1, 100) AS i CREATE (:BenchWarmupOther {{k: i, p{i}: toString(i)}})").consume()
        for b in range(0, rows, 5000):
            s.run("UNWIND range($b, $b + 4999) AS i MATCH (a:BenchWarmup {k: i % 200}) "
                  "MATCH (c:BenchWarmup {k: (i * 7 + 3) % 200}) "
                  "CREATE (a)-[:BENCH_WARMUP {id: 'warm-up/' + toString(i), s1: 'abc', s2: toString(i * 31), n1: i, "
                  "n2: i * 0.5, d1: date('1900-01-01') + duration({days: i % 40000}), d2: date('2000-01-01'), "
                  "s3: 'x' + toString(i), s4: 'defense', s5: 'Treaty', l: ['bench'], h: 'h' + toString(i * 13)}]->(c)",
                  b=b).consume()
        for i in range(1000):
            s.run("MERGE (x:BenchWarmup {k: $k}) SET x += $props", k=1000 + i, props={"a": "x", "b": i}).consume()
        s.run("MATCH ()-[r:BENCH_WARMUP]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        s.run("MATCH (n) WHERE n:BenchWarmup OR n:BenchWarmupOther DETACH DELETE n").consume()
        s.run("DROP INDEX bench_warmup_k IF EXISTS").consume()
