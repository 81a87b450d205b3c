"""Loads that run at once, with real processes (issue 18, item 2), and a routing URI (item 5).

Every load and drop holds the database's load lock; a second one waits, or refuses past --lock-timeout
naming the holder; a holder killed with SIGKILL lets go when its lease runs out. Expected values come from
the sources in memory and from the processes the tests start (their pids, this host's name).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from alliancegraph.neo4j_store import LoadFailedError, Neo4jSettings, Neo4jStore
from alliancegraph.workspace import open_graph
from conftest import MINI, REPO, seed_dir

pytestmark = pytest.mark.neo4j

# a load that writes slowly (it sleeps after every batch) and says when it has begun writing:
#   python -c HOLDER DIR LOAD_SET BATCH_SIZE SLEEP LEASE
HOLDER = r"""
import sys, time
from alliancegraph import Neo4jSettings, Neo4jStore, open_graph
src, name, batch, pause, lease = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
g = open_graph([src])
said = []
def slow(done, total):
    if not said:
        said.append(1)
        print("writing", flush=True)
    time.sleep(pause)
with Neo4jStore(Neo4jSettings.from_env()) as store:
    store.load(g, name, sources=[src], batch_size=batch, progress=slow, lock_lease=lease)
print("done", flush=True)
"""


def _env(settings: Neo4jSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user, "PYTHONPATH": str(REPO / "src")})
    if settings.password:
        env["NEO4J_PASSWORD"] = settings.password
    if settings.database:
        env["NEO4J_DATABASE"] = settings.database
    return env


def _holder(settings: Neo4jSettings, src: Path, name: str, batch: int, pause: float, lease: float) -> subprocess.Popen[str]:
    p = subprocess.Popen([sys.executable, "-c", HOLDER, str(src), name, str(batch), str(pause), str(lease)],
                         env=_env(settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline() if p.stdout else ""
    assert line.strip() == "writing", (line, p.stderr.read() if p.stderr else "")
    return p


def _cli(settings: Neo4jSettings, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "alliancegraph", *args], env=_env(settings),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _done(p: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str, str]:
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out, err


def _graphs(g: Any) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    return (dict(g.pg.nodes(data=True)), {(u, v, k): d for u, v, k, d in g.pg.edges(keys=True, data=True)})


OTHER_STATES = """states:
  - {id: USA, name: United States, ccode: 2, cow_abb: USA, iso3: USA, sources: [o1]}
  - {id: MEX, name: Mexico, ccode: 70, cow_abb: MEX, iso3: MEX, sources: [o1]}
"""


def _other(tmp_path: Path) -> Path:
    d = tmp_path / "other"
    d.mkdir()
    (d / "states.yaml").write_text(OTHER_STATES)
    (d / "sources.yaml").write_text("sources:\n  - {id: o1, publisher: Other, title: Another fact set}\n")
    return d


def test_two_loads_of_different_sources_into_one_set_are_serialised(neo4j_empty, tmp_path) -> None:
    other = _other(tmp_path)
    t0 = time.monotonic()
    first = _holder(neo4j_empty, MINI, "mix", 5, 0.1, 30)  # 100 rows in 20 batches: about 2 s of writing
    second = _cli(neo4j_empty, "load", str(other), "--load-set", "mix")
    rc2, out2, err2 = _done(second)
    rc1, out1, err1 = _done(first)
    seconds = time.monotonic() - t0
    assert (rc1, rc2) == (0, 0), (err1, err2)
    assert f"waiting for the load lock, held by load set 'mix' from host {socket.gethostname()}, pid {first.pid}," in err2
    # the second load ran after the first: the set is the second's sources, facts and nothing else
    with Neo4jStore(neo4j_empty) as store:
        [mix] = store.load_sets()
        assert (mix["status"], mix["sources"]) == ("complete", [str(other)])
        assert _graphs(store.read_graph("mix")) == _graphs(open_graph([other]))
        assert _graphs(store.read_graph()) == _graphs(open_graph([other]))
    rc, out, err = _done(_cli(neo4j_empty, "load", str(other), "--load-set", "mix", "--json"))
    report = json.loads(out)
    assert rc == 0 and report["changes"] == 0 and report["nodes_created"] == 0 and not report["repaired"]
    print(f"\ntwo loads into one set, serialised: {seconds:.1f} s")


def test_two_identical_loads_at_once_neither_retries_nor_repairs(neo4j_empty) -> None:
    t0 = time.monotonic()
    a = _cli(neo4j_empty, "load", "--json")
    b = _cli(neo4j_empty, "load", "--json")
    (rca, outa, erra), (rcb, outb, errb) = _done(a), _done(b)
    seconds = time.monotonic() - t0
    assert (rca, rcb) == (0, 0), (erra, errb)
    ra, rb = json.loads(outa), json.loads(outb)
    assert not ra["repaired"] and not rb["repaired"]
    for err in (erra, errb):
        assert not re.search(r"(?i)deadlock|retr(y|ies)|transient|traceback|warning", err), err
    # one of them wrote the seed, the other found it there already
    g = open_graph([seed_dir()])
    created = sorted([ra["nodes_created"], rb["nodes_created"]])
    assert created == [0, g.pg.number_of_nodes()]
    assert sorted([ra["changes"] == 0, rb["changes"] == 0]) == [False, True]
    with Neo4jStore(neo4j_empty) as store:
        assert _graphs(store.read_graph("seed")) == _graphs(g)
    print(f"\ntwo identical seed loads at once: {seconds:.1f} s; lock waits {ra['lock_waited']:.1f} s and "
          f"{rb['lock_waited']:.1f} s")


def test_a_holder_killed_with_sigkill_blocks_for_at_most_its_lease(neo4j_empty) -> None:
    lease = 10.0  # longer than the next command takes to start, so that it has to wait
    holder = _holder(neo4j_empty, MINI, "mini", 5, 0.3, lease)
    time.sleep(1.0)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    killed = time.monotonic()
    with Neo4jStore(neo4j_empty) as store:
        [s] = store.load_sets()
        assert s["status"] == "loading"  # it died half way
    rc, out, err = _done(_cli(neo4j_empty, "load", str(MINI), "--load-set", "mini", "--json"))
    after = time.monotonic() - killed
    assert rc == 0, err
    report = json.loads(out)
    assert report["repaired"] and 0 < report["lock_waited"] <= lease + 0.5
    assert report["lock_taken_over"].startswith(f"load set 'mini' from host {socket.gethostname()}, pid {holder.pid},")
    with Neo4jStore(neo4j_empty) as store:
        assert [(x["name"], x["status"]) for x in store.load_sets()] == [("mini", "complete")]
        assert _graphs(store.read_graph()) == _graphs(open_graph([MINI]))
    print(f"\nkilled holder (lease {lease:.0f} s): the next load waited {report['lock_waited']:.1f} s, done "
          f"{after:.1f} s after the kill")


def test_past_the_lock_timeout_a_load_and_a_drop_refuse_naming_the_holder(neo4j_empty) -> None:
    holder = _holder(neo4j_empty, MINI, "mini", 5, 0.8, 30)  # about 16 s of writing: longer than both refusals
    t0 = time.monotonic()
    rc, out, err = _done(_cli(neo4j_empty, "load", str(MINI), "--load-set", "other", "--lock-timeout", "1"))
    rcd, outd, errd = _done(_cli(neo4j_empty, "drop", "mini", "--lock-timeout", "0.5"))
    refused = time.monotonic() - t0
    rch, _, errh = _done(holder)
    assert rch == 0, errh
    host = re.escape(socket.gethostname())
    for code, stdout, stderr, waited in ((rc, out, err, 1), (rcd, outd, errd, 0.5)):
        assert code == 1 and stdout == ""
        waiting, refusal = stderr.splitlines()  # the notice that it waits, then the one-line refusal
        assert waiting.startswith(f"waiting for the load lock, held by load set 'mini' from host "
                                  f"{socket.gethostname()}, pid {holder.pid}, since ")
        assert re.fullmatch(rf"Error: Neo4j at {re.escape(neo4j_empty.where)}: the load lock is held by load set "
                            rf"'mini' from host {host}, pid {holder.pid}, since \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ; "
                            rf"gave up after {waited:g} s \(--lock-timeout; a holder that died lets go within 30 "
                            rf"s\)(; nothing was written)?", refusal), refusal
    with Neo4jStore(neo4j_empty) as store:  # neither the refused load nor the drop wrote anything
        assert [(x["name"], x["status"]) for x in store.load_sets()] == [("mini", "complete")]
    print(f"\ntwo refusals after --lock-timeout 1 and 0.5: {refused:.1f} s")


def test_a_set_is_not_marked_complete_when_it_lost_the_lock_or_its_sources(store) -> None:
    g = open_graph([MINI])

    def steal(done: int, total: int) -> None:  # another load takes the lock (as after an expired lease)
        if done >= 10:
            store._run("MATCH (l:LoadLock) SET l.token = 'someone-else'", "test")

    with pytest.raises(LoadFailedError, match="lost the load lock"):
        store.load(g, "mini", batch_size=5, progress=steal)
    assert [(s["name"], s["status"]) for s in store.load_sets()] == [("mini", "loading")]
    store._run("MATCH (l:LoadLock) DELETE l", "test")

    def rename(done: int, total: int) -> None:  # another load claims the set for other sources
        if done >= 10:
            store._run("MATCH (s:LoadSet {name: 'mini'}) SET s.sources = ['elsewhere']", "test")

    with pytest.raises(LoadFailedError, match="no longer names this load's sources"):
        store.load(g, "mini", batch_size=5, progress=rename, sources=[str(MINI)])
    assert [(s["name"], s["status"]) for s in store.load_sets()] == [("mini", "loading")]
    assert store.load(g, "mini", sources=[str(MINI)]).repaired
    assert [(s["name"], s["status"]) for s in store.load_sets()] == [("mini", "complete")]


def test_a_routing_uri_loads_and_reads(neo4j_empty) -> None:
    """``neo4j://`` against the one local server: the driver asks it for a routing table (a single instance
    routes to itself) and sends the writes to the member it names as writer."""
    uri = re.sub(r"^bolt(\+s|\+ssc)?://", "neo4j://", neo4j_empty.uri)
    assert uri.startswith("neo4j://")
    settings = Neo4jSettings(uri, neo4j_empty.user, neo4j_empty.password, neo4j_empty.database)
    g = open_graph([MINI])
    with Neo4jStore(settings) as store:
        report = store.load(g, "mini")
        assert report.nodes_created == g.pg.number_of_nodes()
        assert _graphs(store.read_graph()) == _graphs(g)
        assert store.load(g, "mini").changes == 0
