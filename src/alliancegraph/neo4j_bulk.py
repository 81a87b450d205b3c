"""The bulk path into an empty local Neo4j: the neo4j-admin CSV streamed to disk and imported with
``scripts/neo4j-server import`` (``alliancegraph load --bulk``).

Owns: deciding that a bulk load may run (the server is the local one that ``scripts/neo4j-server`` runs, and
its database holds no node), and the steps: the plan (every element checked and hashed, before anything is
touched), the CSV with the loader's bookkeeping (:func:`alliancegraph.neo4j_rows.write_neo4j_csv` with
``bookkeeping``: each element's ``load_hash``, ``load_sets`` and ``load_owner`` as the loader would set
them), the server stopped, the import, the server started again, the schema applied and the load set
marked complete. The database then is what :meth:`Neo4jStore.load` would have made: the same elements,
properties and bookkeeping, so that the next ordinary load of the same sources reports no changes.

Must not know: Bolt (every query goes through :class:`alliancegraph.neo4j_store.Neo4jStore`), how a row is
made (:mod:`alliancegraph.neo4j_rows`), how a server starts or how neo4j-admin is called (the script).

The admin tool writes store files directly, without transactions: it replaces the database, so the bulk
path refuses a database that holds anything, and a server it does not run itself (a remote one, or a local
one that ``scripts/neo4j-server`` did not start: its files are out of reach).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit

from .graph import AllianceGraph
from .neo4j_rows import Neo4jStoreError, load_plan, write_neo4j_csv
from .neo4j_store import LoadFailedError, LoadReport, Neo4jSettings, Neo4jStore, _LoadLock
from .schema import DEFAULT_LOCK_TIMEOUT, LOCK_LEASE

__all__ = ["BulkLoadError", "bulk_load", "server_script"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
"""The hosts of a URI that may name the local server."""


class BulkLoadError(Neo4jStoreError):
    """A bulk load that cannot run (a remote server, a database that is not empty, no local server script)
    or whose import failed; one line.

    Examples
    --------
    >>> from alliancegraph.neo4j_rows import Neo4jStoreError
    >>> issubclass(BulkLoadError, Neo4jStoreError)
    True
    """


def server_script() -> Path:
    """The ``scripts/neo4j-server`` that runs the local server: ``ALLIANCEGRAPH_NEO4J_SERVER`` if set, else
    the one of the checkout this package is imported from.

    Raises
    ------
    BulkLoadError
        If there is none (an installed package has no scripts/: set ``ALLIANCEGRAPH_NEO4J_SERVER``).

    Examples
    --------
    >>> server_script().name
    'neo4j-server'
    """
    given = os.environ.get("ALLIANCEGRAPH_NEO4J_SERVER")
    path = Path(given) if given else Path(__file__).resolve().parents[2] / "scripts" / "neo4j-server"
    if not path.is_file():
        raise BulkLoadError(f"--bulk needs scripts/neo4j-server (the local server's script): {path} is missing; "
                            f"set ALLIANCEGRAPH_NEO4J_SERVER to its path")
    return path


def _script_env(settings: Neo4jSettings, ports: tuple[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_DATABASE")}
    env.update(NEO4J_BOLT_PORT=ports[0], NEO4J_HTTP_PORT=ports[1])
    if settings.password is not None:
        env["NEO4J_PASSWORD"] = settings.password
    return env


def _run(script: Path, args: Sequence[str], env: dict[str, str], settings: Neo4jSettings, doing: str,
         timeout: float = 3600) -> str:
    done = subprocess.run([str(script), *args], env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    if done.returncode != 0:
        tail = " ".join((done.stderr or done.stdout).split()[-40:])
        if settings.password:
            tail = tail.replace(settings.password, "***")
        raise BulkLoadError(f"bulk load into {settings.where}: {doing} failed (scripts/neo4j-server "
                            f"{args[0]}, exit {done.returncode}): {tail}")
    return done.stdout


def _local_ports(settings: Neo4jSettings, script: Path) -> tuple[Path, tuple[str, str]]:
    """The script's home and the ``(bolt, http)`` ports of the server it runs, which must be the one
    ``settings`` name; else :class:`BulkLoadError`."""
    parts = urlsplit(settings.uri)
    home = Path(subprocess.run([str(script), "home"], capture_output=True, text=True, timeout=60,
                                     check=False).stdout.strip())
    ports = (home / "run" / "ports").read_text().split() if (home / "run" / "ports").is_file() else []
    pid = (home / "run" / "neo4j.pid").is_file()
    if not pid or len(ports) != 2 or ports[0] != str(parts.port or 7687):
        raise BulkLoadError(f"--bulk imports into the local server of scripts/neo4j-server only: {settings.where} "
                            f"is not the server it runs (home {home}{', Bolt port ' + ports[0] if ports else ', not running'})"
                            f"; start it with scripts/neo4j-server start, or load without --bulk")
    return home, (ports[0], ports[1])


def bulk_load(graph: AllianceGraph, settings: Neo4jSettings, load_set: str = "seed", sources: Sequence[str] = (),
              workdir: str | Path | None = None) -> LoadReport:
    """Load ``graph`` into the empty database of the local server through ``neo4j-admin database import``.

    Steps: check that ``settings`` name the server that ``scripts/neo4j-server`` runs and that its database
    holds no node; plan and hash every element (:func:`~alliancegraph.neo4j_rows.load_plan`: a schema
    problem stops here, before anything changes); stream the CSV with the load bookkeeping into a temporary
    directory (``workdir``, default the server's home, removed at the end); stop the server, import, start
    it; apply the schema (:meth:`Neo4jStore.apply_schema`: the constraints are built on the imported data);
    mark the load set complete. The result is the database :meth:`Neo4jStore.load` would have written.

    Parameters
    ----------
    graph : AllianceGraph
        Built from validated facts (:func:`alliancegraph.workspace.open_graph`).
    settings : Neo4jSettings
        The local server (its password, if any, is passed to the script in its environment only).
    load_set, sources
        As :meth:`Neo4jStore.load`.
    workdir : path, optional
        Where the CSV files are written (a temporary directory in it).

    Returns
    -------
    LoadReport
        ``nodes_created`` and ``relationships_created`` are what the admin tool imported (every element
        is new); ``schema_changes`` the constraints and indexes made after it.

    Raises
    ------
    BulkLoadError
        Before anything changes: a remote server, a local one that the script does not run, a database that
        holds a node, no script.
    LoadFailedError
        After the server was stopped: the import or the restart failed (the message holds the end of the
        script's output; the database may be incomplete: ``scripts/neo4j-server wipe`` empties it).
    Neo4jStoreError
        The server unreachable, the credentials refused, an element outside the schema.

    Examples
    --------
    A remote server is refused before anything is contacted:

    >>> from alliancegraph import open_graph
    >>> try:
    ...     bulk_load(open_graph(), Neo4jSettings("bolt://db.example.org:7687"))
    ... except BulkLoadError as e:
    ...     print(e)
    --bulk imports into the local server of scripts/neo4j-server only, not bolt://db.example.org:7687 (default database): load without --bulk
    """
    t0 = time.perf_counter()
    if (urlsplit(settings.uri).hostname or "") not in LOCAL_HOSTS:
        raise BulkLoadError(f"--bulk imports into the local server of scripts/neo4j-server only, not "
                            f"{settings.where}: load without --bulk")
    script = server_script()
    home, ports = _local_ports(settings, script)
    with Neo4jStore(settings) as store:
        store.check()
        held = store._run("MATCH (n) RETURN count(n) AS n", "counting nodes")[0]["n"]
        if held:
            raise BulkLoadError(f"--bulk loads only into an empty database: {settings.where} holds {held:,} nodes; "
                                f"load without --bulk, or empty it first (scripts/neo4j-server wipe)")
    plan = load_plan(graph)  # may raise on a schema mismatch: before anything changes
    env = _script_env(settings, ports)
    tmp = Path(tempfile.mkdtemp(prefix="bulk-", dir=workdir or home))
    try:
        write_neo4j_csv(plan, tmp / "csv", bookkeeping={"load_sets": [load_set], "load_owner": load_set})
        _run(script, ["stop"], env, settings, "stopping the server")
        try:
            try:
                _run(script, ["import", str(tmp / "csv"), *([settings.database] if settings.database else [])],
                     env, settings, "the import")
            finally:
                _run(script, ["start"], env, settings, "starting the server again")
        except BulkLoadError as e:
            raise LoadFailedError(f"{e}; the database may be incomplete (scripts/neo4j-server wipe empties it)",
                                  load_set, 0, plan.total) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report = LoadReport(load_set, settings.where, nodes={k: len(v) for k, v in plan.nodes.items() if v},
                        relationships=plan.type_counts(), rows=plan.total, nodes_created=plan.node_count,
                        relationships_created=plan.total - plan.node_count)
    with Neo4jStore(settings) as store:
        report.schema_changes = store.apply_schema()
        lock = _LoadLock(store, load_set, LOCK_LEASE)  # marked complete under the load lock, as a load is
        lock.acquire(DEFAULT_LOCK_TIMEOUT, None, report)
        try:
            store._claim(load_set, plan, sources)
            store._record_versions(plan)  # the admin CSV carries no load_versions: as the loader writes them
            store._mark_complete(load_set, report, plan, sources, lock)
        finally:
            lock.release()
    report.seconds = time.perf_counter() - t0
    return report
