"""The Neo4j side of the alliance graph: connection settings, schema, batched idempotent loader, reader.
The only module that speaks Bolt.

Owns: the connection (:class:`Neo4jSettings`, :class:`Neo4jStore`, the driver's errors turned into one
line), the Cypher the loader and the reader run (MERGE, claim, release, read; labels and types from
:mod:`alliancegraph.schema` only), load sets and their bookkeeping, and :class:`LoadReport`.

Must not know: what a row holds. Every element's id, properties, ``DATE`` companions and ``load_hash``
come from :mod:`alliancegraph.neo4j_rows` (:func:`~alliancegraph.neo4j_rows.load_plan`), which also writes
the neo4j-admin CSV and the Cypher script from the same rows; nor the views or the command line.

Writing
-------
:meth:`Neo4jStore.load` writes an :class:`~alliancegraph.graph.AllianceGraph` (facts already validated:
build it with :func:`alliancegraph.workspace.open_graph`) into Neo4j as a named *load set*:

* the schema first (:func:`alliancegraph.schema.schema_statements`: a uniqueness constraint behind every
  MERGE key), then every node, every relationship and the derived ALLIED_WITH / HOSTILE_TO ties (one
  relationship per :class:`~alliancegraph.graph.Tie`; rows of :mod:`alliancegraph.neo4j_rows`), with ``UNWIND $rows AS row MERGE ...`` in batches of
  ``batch_size`` rows, each batch one managed transaction (``session.execute_write``: the driver retries
  transient errors, and every batch is idempotent, so a retried batch writes the same thing); two
  batches can be in flight at once (:data:`WRITE_WORKERS`, 2 by default), never two that share a node: the
  relationships are then partitioned by the groups of their endpoints, so that concurrent transactions
  cannot deadlock on the dense State nodes; a label or relationship type the database held none of
  before the load (a first load) is written with ``CREATE`` instead of ``MERGE``: the plan's ids of it are
  distinct and the load lock keeps other loads out, so no row could find an element to merge with, and
  CREATE writes the same properties and bookkeeping without the lookups (1.3x on the server at 10^5,
  docs/performance.md);
* every date property ``<p>`` (ISO text at its own precision) gets a Neo4j ``DATE`` companion ``<p>_first``
  or ``<p>_last`` (:func:`alliancegraph.schema.date_companion`) so that Browser users can filter with
  ``date($asOf)``;
* every node and relationship carries the bookkeeping of :data:`alliancegraph.schema.LOAD_PROPS`: the load
  sets that claim it (``load_sets``), the load set whose facts its properties are (``load_owner``) and a hash
  of those properties (``load_hash``). A fact is written only when its hash differs, so loading the same
  facts twice reports zero changes;
* a fact that the load set claimed before and no longer holds loses the claim, and is deleted when no load
  set claims it any more. Facts of other load sets are never touched. A node that several load sets share (a
  State both define) keeps each set's own version of its properties (``load_versions``) and shows the version
  of the set with the most sources, then of the one whose name sorts first (:meth:`Neo4jStore.load`): the
  graph read back is the one the sources give in memory whatever the load order; a relationship keeps the
  properties of the set that wrote it first;
* loads and drops into one database run one at a time, under the load lock (a ``LoadLock`` node with a
  lease the holder renews: :data:`LOCK_LEASE`), and a set is marked complete only when, in that same
  transaction, it holds exactly the facts of the load;
* a ``(:LoadSet {name})`` node is marked ``status: 'loading'`` before the first write and ``'complete'``
  after the last. A load that fails half way leaves it ``'loading'``: :func:`read_graph` refuses to read an
  incomplete load set, and the next load of the same load set repairs it (it writes whatever differs).

Reading
-------
:func:`read_graph` gives back the :class:`~alliancegraph.graph.AllianceGraph` that was written: the same
nodes, relationships and properties (dates at their own precision), without the Neo4j-only companions, the
bookkeeping and the derived ties (which :meth:`AllianceGraph.ties` computes again).

Security
--------
No Cypher is assembled from input: labels, relationship types and property keys come only from
:mod:`alliancegraph.schema`; fact values, ids and load-set names travel only as parameters. The password is
never part of a message, an exception or a ``repr``, and neither is the user information of a URI
(:func:`_scrub`); the driver's own log records go to the ``neo4j`` logger only (never to stderr by default).
"""

from __future__ import annotations

import datetime as _dt
import json
import functools
import logging
import os
import re
import socket
import threading
import time
import uuid
from array import array
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterable, Iterator, Mapping, Sequence, TypeVar
from urllib.parse import urlsplit

import neo4j
import networkx as nx
from neo4j import exceptions as neo4j_errors

from .errors import InvalidArgumentError
from .graph import AllianceGraph
from .neo4j_rows import (
    FACT_RELS,
    NODE_ORDER,
    LoadPlan,
    Neo4jStoreError,
    RelKey,
    element_plan,
    load_plan,
    model_props,
    with_companions,
)
from .schema import (DEFAULT_LOCK_TIMEOUT, LOAD_LOCK, LOAD_SET, LOCK_LEASE, REL_TYPES, is_analysis_load_set, label,
                     rel_type, schema_statements)

__all__ = [
    "Neo4jSettings", "Neo4jStoreError", "IncompleteLoadError", "LoadFailedError", "LoadLockedError", "LoadReport",
    "Neo4jStore", "load_graph", "read_graph", "schema_cypher", "DEFAULT_URI", "DEFAULT_USER", "DEFAULT_BATCH_SIZE",
    "DEFAULT_LOCK_TIMEOUT", "LOCK_LEASE", "NODE_ORDER",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
"""The URI used when neither ``--uri`` nor ``NEO4J_URI`` says otherwise (the local server of
``scripts/neo4j-server``)."""
DEFAULT_USER = "neo4j"
DEFAULT_BATCH_SIZE = 5000
"""Rows per write transaction (Neo4j's guidance: thousands to tens of thousands)."""
WRITE_WORKERS = 2
"""Write transactions a load keeps in flight at once, on batches that share no endpoint (1: one after the
other). On 2 cores, quiet: 1.38x the serial load at 10^5 and 1.20x at 10^6 (80.8 s against 97.3 s), peak
951 MiB against 894; on cores saturated by other work it gains nothing (docs/performance.md)."""
_T = TypeVar("_T")
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""The Bolt URI schemes accepted (the driver's HTTP preview is not used)."""
MIN_VERSION = (5, 7)
"""Relationship uniqueness constraints (behind the relationship MERGE keys) need Neo4j 5.7 or later."""
DATABASE_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?")
"""A database name or alias as :class:`Neo4jSettings` accepts it: ASCII letters, digits, dots, dashes and
underscores, beginning with a letter or digit and ending with neither a dot nor a dash (Neo4j's naming rules
for databases, with the underscore of an alias)."""

# the driver logs what it also raises (e.g. "Unable to retrieve routing information"); without a handler of
# its own, Python's last-resort handler would print that to a user's stderr beside our one-line error
logging.getLogger("neo4j").addHandler(logging.NullHandler())

ProgressFn = Callable[[int, int], None]
"""``progress(rows_done, rows_total)``, called after every batch."""


# ---------------------------------------------------------------------------- settings and errors
@dataclass(frozen=True)
class Neo4jSettings:
    """Where the Neo4j server is and who we are there.

    Parameters
    ----------
    uri : str
        Bolt URI, e.g. ``bolt://127.0.0.1:7687`` or ``neo4j://host:7687``.
    user : str
        User name (default ``neo4j``).
    password : str or None
        Password; ``None`` connects without authentication. Never shown by ``repr``.
    database : str or None
        Database name; ``None`` means the server's default database.

    Examples
    --------
    >>> s = Neo4jSettings("bolt://127.0.0.1:7687", password="secret")
    >>> s
    Neo4jSettings(uri='bolt://127.0.0.1:7687', user='neo4j', database=None)
    >>> s.where
    'bolt://127.0.0.1:7687 (default database)'
    """

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: str | None) -> "Neo4jSettings":
        """Settings from ``NEO4J_URI``, ``NEO4J_USERNAME`` (or ``NEO4J_USER``), ``NEO4J_PASSWORD`` and
        ``NEO4J_DATABASE`` (``env`` defaults to ``os.environ``; a variable set to the empty string counts as
        unset, as with the command line's options); ``overrides`` that are not None win."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {
            "uri": env.get("NEO4J_URI") or DEFAULT_URI,
            "user": env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or DEFAULT_USER,
            "password": env.get("NEO4J_PASSWORD") or None,
            "database": env.get("NEO4J_DATABASE") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def where(self) -> str:
        """``'<uri> (database <name>)'`` for messages, with any user information removed from the URI."""
        uri = _without_userinfo(self.uri)
        return f"{uri} ({'database ' + repr(self.database) if self.database else 'default database'})"


class IncompleteLoadError(Neo4jStoreError):
    """The load set to read is marked incomplete: a load failed half way and was not repaired yet.

    Examples
    --------
    >>> from alliancegraph import IncompleteLoadError, Neo4jStoreError
    >>> issubclass(IncompleteLoadError, Neo4jStoreError)
    True
    """


class LoadFailedError(Neo4jStoreError):
    """A load failed after it started writing; the load set is left marked ``'loading'`` (incomplete) and
    the next load of it repairs it. ``rows_done`` of ``rows_total`` rows had been written.

    Examples
    --------
    >>> e = LoadFailedError("load 'seed' failed", "seed", 500, 1200)
    >>> isinstance(e, Neo4jStoreError), e.rows_done, e.rows_total
    (True, 500, 1200)
    """

    def __init__(self, message: str, load_set: str, rows_done: int, rows_total: int):
        super().__init__(message)
        self.load_set, self.rows_done, self.rows_total = load_set, rows_done, rows_total


class LoadLockedError(Neo4jStoreError):
    """Another load (or drop) held the database's load lock for longer than the lock timeout; nothing was
    written. ``holder`` says who: load set, host, process id and since when.

    Examples
    --------
    >>> e = LoadLockedError("locked", "load set 'seed' from host h, pid 7, since 2025-01-01T00:00:00Z")
    >>> isinstance(e, Neo4jStoreError), e.holder.startswith("load set 'seed'")
    (True, True)
    """

    def __init__(self, message: str, holder: str):
        super().__init__(message)
        self.holder = holder


def _without_userinfo(text: str) -> str:
    """``text`` with the user information (``user:password@``) of every URI in it removed."""
    return re.sub(r"(?<=://)[^/@\s]*@", "", text)


def _scrub(text: str, settings: Neo4jSettings) -> str:
    """One line of ``text`` (a driver's message) that shows neither the password nor any URI's user information:
    the password as given, with its white space run together (as the line has it) and as ``repr`` escapes it.

    Examples
    --------
    >>> s = Neo4jSettings(password="two  words")
    >>> _scrub("refused 'two  words' at bolt://u:two  words@h:1,\\n then two\\twords", s)
    "refused '***' at bolt://h:1, then ***"
    """
    text = str(text)
    secret = settings.password
    if secret:
        forms = {secret, repr(secret)[1:-1], secret.encode("unicode_escape").decode("ascii")}
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "***")
    text = _without_userinfo(" ".join(text.split()))
    if secret and " ".join(secret.split()):
        text = text.replace(" ".join(secret.split()), "***")
    return text


def _uri_problem(uri: str) -> str | None:
    """Why the driver cannot use ``uri`` (None: it can try), decided without contacting anything."""
    if any(c.isspace() or not c.isprintable() for c in uri):
        return "it contains white space or a control character"
    scheme, sep, _ = uri.partition("://")
    if not sep or scheme.lower() not in URI_SCHEMES:
        return f"the scheme must be one of {', '.join(s + '://' for s in URI_SCHEMES)}"
    try:
        parts = urlsplit(uri)
    except ValueError as e:  # "Invalid IPv6 URL"
        return f"it is not a URI ({e})"
    if "@" in parts.netloc:
        return ("it holds a user name or password: give them with --user and --password (or NEO4J_USERNAME and "
                "NEO4J_PASSWORD), never in the URI")
    bracketed = parts.netloc.startswith("[")
    host, colon, port = parts.netloc.rpartition(":") if not parts.netloc.endswith("]") else ("", "", "")
    if not colon:
        host = parts.netloc
    if not host.strip("[]"):
        return "it names no host, e.g. bolt://127.0.0.1:7687"
    if ":" in host and not bracketed:
        return f"the host {host!r} is not a host name (an IPv6 address goes in brackets: bolt://[::1]:7687)"
    if colon and not port:
        return "it has no port after the ':'"
    if colon and not re.fullmatch(r"[0-9]+", port):
        return f"the port {port!r} is not a number"
    if colon and not 1 <= int(port) <= 65535:
        return f"the port {int(port)} is out of range (1 to 65535)"
    if parts.path not in ("", "/"):
        return (f"it has a path ({parts.path!r}), but a Neo4j URI names a server only: choose the database with "
                f"--database (or NEO4J_DATABASE)")
    if "#" in uri:
        return f"it has a fragment ({'#' + parts.fragment!r}), which a Neo4j URI never has"
    if "?" in uri and not scheme.lower().startswith("neo4j"):
        return (f"a query ({'?' + parts.query!r}, a routing context) needs a neo4j:// scheme; {scheme}:// "
                f"connects to one server directly")
    return None


def _settings_problem(settings: Neo4jSettings, connecting: bool) -> str | None:
    """Why ``settings`` cannot work (None: they may), decided without contacting anything; ``connecting``:
    a driver is to be made from them (else only the database name is used)."""
    db = settings.database
    if db is not None and not db:
        return "the Neo4j database name is empty: give a name, or none for the server's default database"
    if db is not None and not DATABASE_NAME.fullmatch(db):
        return (f"cannot use Neo4j database name {db!r}: a name is ASCII letters, digits, dots, dashes and "
                f"underscores, beginning with a letter or digit and ending with neither a dot nor a dash")
    if not connecting:
        return None
    problem = _uri_problem(settings.uri)
    if problem is not None:
        return f"cannot use Neo4j URI {_without_userinfo(settings.uri)!r}: {problem}"
    if settings.password is not None and not settings.password:
        return ("the Neo4j password is empty: give the password, or none to connect without authentication "
                "(check --password or NEO4J_PASSWORD)")
    if settings.password is not None and not settings.user:
        return "the Neo4j user name is empty (check --user or NEO4J_USERNAME)"
    return None


@contextmanager
def _translated(settings: Neo4jSettings, doing: str) -> Iterator[None]:
    """Turn the driver's exceptions into :class:`Neo4jStoreError` with one line (no chained traceback)."""
    try:
        yield
    except Neo4jStoreError:
        raise
    except neo4j_errors.AuthError:
        raise Neo4jStoreError(f"Neo4j at {settings.where} refused the credentials of user {settings.user!r} "
                              f"(check --user/--password or NEO4J_USERNAME/NEO4J_PASSWORD)") from None
    except neo4j_errors.ServiceUnavailable:
        raise Neo4jStoreError(f"cannot reach Neo4j at {settings.where}: is the server running? "
                              f"(scripts/neo4j-server start, or set NEO4J_URI)") from None
    except neo4j_errors.Neo4jError as e:
        code = e.code or ""
        if code.endswith("DatabaseNotFound") or "database does not exist" in (e.message or "").lower():
            raise Neo4jStoreError(f"Neo4j at {settings.where}: no such database "
                                  f"{settings.database!r}") from None
        if code.startswith("Neo.ClientError.Security"):
            raise Neo4jStoreError(f"Neo4j at {settings.where} refused {doing} for user {settings.user!r}: "
                                  f"{_scrub(e.message or code, settings)}") from None
        raise Neo4jStoreError(f"Neo4j at {settings.where} failed while {doing}: {code}: "
                              f"{_scrub(e.message or '', settings)}") from None
    except (neo4j_errors.DriverError, ValueError, ImportError) as e:
        raise Neo4jStoreError(f"Neo4j driver error for {settings.where} while {doing}: {type(e).__name__}: "
                              f"{_scrub(str(e), settings)}") from None
    except OSError as e:
        raise Neo4jStoreError(f"cannot reach Neo4j at {settings.where}: {_scrub(str(e), settings)}") from None


# ---------------------------------------------------------------------------- Cypher (labels and types from the schema only)
_label, _rtype = label, rel_type


# the tail of the relationship MERGE: write only when this load set owns the relationship and its content
# hash differs; always add the claim; report how many rows were written
_CLAIM = """
WITH x, row, coalesce(x.load_sets, []) AS sets, x.load_owner AS owner, x.load_hash AS hash
WITH x, row, sets, hash, coalesce(owner, '') AS owner,
     (owner IS NULL OR owner = $load_set OR NOT owner IN sets) AS mine
WITH x, row, sets, mine AND (hash IS NULL OR hash <> row.props.load_hash OR owner <> $load_set) AS write
FOREACH (_ IN CASE WHEN write THEN [1] ELSE [] END |
    SET x = row.props, x.load_sets = sets, x.load_owner = $load_set)
FOREACH (_ IN CASE WHEN NOT $load_set IN sets THEN [1] ELSE [] END |
    SET x.load_sets = sets + $load_set)
RETURN count(*) AS rows, sum(CASE WHEN write THEN 1 ELSE 0 END) AS written
"""


# nodes: every claiming load set keeps its own version (``load_versions``, parallel to ``load_sets``; a
# row's ``version`` is :func:`_version` of it); the visible properties are those of the claimant that comes
# first in ``$ranks`` (the precedence, :meth:`Neo4jStore._ranks`), written here when that is this load set;
# :meth:`_Load.reconcile_nodes` then sets every other shared node right (it is the rule's one definition in
# Python; this is its fast path)
_NODE_CLAIM = """
WITH x, row, coalesce(x.load_sets, []) AS sets, coalesce(x.load_versions, []) AS versions,
     coalesce(x.load_owner, '') AS owner, x.load_hash AS hash
WITH x, row, sets, versions, owner, hash, sets + CASE WHEN $load_set IN sets THEN [] ELSE [$load_set] END AS ns
WITH x, row, sets, versions, owner, hash, ns,
     [i IN range(0, size(ns) - 1) | CASE WHEN ns[i] = $load_set THEN row.version ELSE coalesce(versions[i], '') END] AS nv,
     reduce(w = $load_set, s IN ns | CASE WHEN coalesce($ranks[s], 1000000000) < coalesce($ranks[w], 1000000000)
                                          THEN s ELSE w END) AS winner
WITH x, row, ns, nv, ns <> sets OR nv <> versions AS claim,
     winner = $load_set AND (hash IS NULL OR hash <> row.props.load_hash OR owner <> $load_set) AS write
FOREACH (_ IN CASE WHEN write THEN [1] ELSE [] END |
    SET x = row.props, x.load_sets = ns, x.load_versions = nv, x.load_owner = $load_set)
FOREACH (_ IN CASE WHEN claim AND NOT write THEN [1] ELSE [] END | SET x.load_sets = ns, x.load_versions = nv)
RETURN count(*) AS rows, sum(CASE WHEN write THEN 1 ELSE 0 END) AS written
"""


def _node_merge(label: str) -> str:
    return f"UNWIND $rows AS row\nMERGE (x:{_label(label)} {{id: row.id}})" + _NODE_CLAIM


# the first load of a label or type: the database held none of it (and loads run one at a time, under the
# load lock), and the plan's ids of it are distinct, so no row can find an element to MERGE with; CREATE
# then writes what the MERGE and the claim would write for an absent element, without the index lookup
# and the claim's reads (the uniqueness constraint still refuses a duplicate: the load fails, not the graph)
_CREATED = "\nRETURN count(*) AS rows, count(*) AS written"


def _node_create(label: str) -> str:
    return (f"UNWIND $rows AS row\nCREATE (x:{_label(label)})\n"
            f"SET x = row.props, x.load_sets = [$load_set], x.load_versions = [row.version], x.load_owner = $load_set"
            + _CREATED)


def _version(row: Mapping[str, Any]) -> str:
    """A load set's own version of a node, as ``load_versions`` holds it: ``'<load_hash> <JSON>'``, the JSON
    of the model's properties (:func:`~alliancegraph.neo4j_rows.model_props` of the row's ``props``)."""
    props = row["props"]
    return props["load_hash"] + " " + json.dumps(model_props(props), sort_keys=True, ensure_ascii=False,
                                                 separators=(",", ":"))


def _unversion(entry: str) -> tuple[str, dict[str, Any]]:
    """``(load_hash, model properties)`` of a ``load_versions`` entry (:func:`_version`)."""
    h, _, text = entry.partition(" ")
    return h, json.loads(text)


def _node_shared(label: str) -> str:
    """Nodes whose visible properties may not be their first claimant's: shared, or whose owner let go."""
    return (f"MATCH (x:{_label(label)}) WHERE size(x.load_sets) > 1 OR NOT coalesce(x.load_owner, '') IN x.load_sets "
            f"RETURN x.id AS id, x.load_sets AS sets, x.load_versions AS versions, x.load_owner AS owner, "
            f"x.load_hash AS hash")


def _node_restore(label: str) -> str:
    return (f"UNWIND $rows AS row\nMATCH (x:{_label(label)} {{id: row.id}})\n"
            f"SET x = row.props, x.load_sets = row.sets, x.load_versions = row.versions, x.load_owner = row.owner")


def _rel_moved(rtype: str) -> str:
    """Delete relationships whose id is in the batch but whose endpoints changed (the MERGE recreates them)."""
    return (f"UNWIND $rows AS row\nMATCH (a)-[x:{_rtype(rtype)} {{id: row.id}}]->(b)\n"
            f"WHERE a.id <> row.start OR b.id <> row.end\nDELETE x")


def _rel_ends(start: str, end: str) -> str:
    """The head of a relationship write: each row and its two endpoints, matched by id."""
    return f"UNWIND $rows AS row\nMATCH (a:{_label(start)} {{id: row.start}})\nMATCH (b:{_label(end)} {{id: row.end}})\n"


def _rel_merge(rtype: str, start: str, end: str) -> str:
    return _rel_ends(start, end) + f"MERGE (a)-[x:{_rtype(rtype)} {{id: row.id}}]->(b)" + _CLAIM


def _rel_create(rtype: str, start: str, end: str) -> str:
    return (_rel_ends(start, end) + f"CREATE (a)-[x:{_rtype(rtype)}]->(b)\n"
            f"SET x = row.props, x.load_sets = [$load_set], x.load_owner = $load_set" + _CREATED)


def _node_claimed(label: str, count: bool = False) -> str:
    return (f"MATCH (x:{_label(label)}) WHERE $load_set IN x.load_sets "
            + ("RETURN count(x) AS n" if count else "RETURN x.id AS id"))


def _rel_claimed(rtype: str, count: bool = False) -> str:
    return (f"MATCH ()-[x:{_rtype(rtype)}]->() WHERE $load_set IN x.load_sets "
            + ("RETURN count(x) AS n" if count else "RETURN x.id AS id"))


_RELEASE = """
WITH x, [s IN coalesce(x.load_sets, []) WHERE s <> $load_set] AS rest
FOREACH (_ IN CASE WHEN size(rest) = 0 THEN [1] ELSE [] END | {delete})
FOREACH (_ IN CASE WHEN size(rest) > 0 THEN [1] ELSE [] END | SET x.load_sets = rest)
"""


_NODE_RELEASE = """
WITH x, coalesce(x.load_sets, []) AS sets, coalesce(x.load_versions, []) AS versions
WITH x, [i IN range(0, size(sets) - 1) WHERE sets[i] <> $load_set | sets[i]] AS rest,
        [i IN range(0, size(sets) - 1) WHERE sets[i] <> $load_set | coalesce(versions[i], '')] AS kept
FOREACH (_ IN CASE WHEN size(rest) = 0 THEN [1] ELSE [] END | DETACH DELETE x)
FOREACH (_ IN CASE WHEN size(rest) > 0 THEN [1] ELSE [] END | SET x.load_sets = rest, x.load_versions = kept)
"""


def _node_release(label: str) -> str:
    return f"UNWIND $ids AS id\nMATCH (x:{_label(label)} {{id: id}})" + _NODE_RELEASE


def _rel_release(rtype: str) -> str:
    return f"UNWIND $ids AS id\nMATCH ()-[x:{_rtype(rtype)} {{id: id}}]->()" + _RELEASE.replace("{delete}", "DELETE x")


def _node_read(label: str) -> str:
    return (f"MATCH (x:{_label(label)}) WHERE $load_set IS NULL OR $load_set IN x.load_sets "
            f"RETURN x.id AS id, properties(x) AS props, x.load_sets AS sets, x.load_versions AS versions "
            f"ORDER BY id")


def _rel_read(rtype: str) -> str:
    return (f"MATCH (a)-[x:{_rtype(rtype)}]->(b) WHERE $load_set IS NULL OR $load_set IN x.load_sets "
            f"RETURN a.id AS start, b.id AS end, properties(x) AS props ORDER BY props.id")


def schema_cypher() -> str:
    """The text of ``cypher/schema.cypher``: :func:`alliancegraph.schema.schema_statements` with a header,
    one statement per line, each ended by ``;``."""
    head = ("// The alliancegraph schema for Neo4j 5.7+: a uniqueness constraint behind every MERGE key and the\n"
            "// indexes the queries use. Generated from src/alliancegraph/schema.py (schema_statements());\n"
            "// tests/test_neo4j_schema.py proves this file says the same. Run it in Neo4j Browser or with\n"
            "// cypher-shell; `alliancegraph load` applies it by itself. Every statement is IF NOT EXISTS.\n")
    return head + "".join(f"{s};\n" for s in schema_statements())


# ---------------------------------------------------------------------------- report
@dataclass
class LoadReport:
    """What one load did.

    ``nodes`` / ``relationships``: how many of each label / type the load set holds now (derived ties
    included under ALLIED_WITH and HOSTILE_TO); ``rows``: rows sent; the change counters come from Neo4j's
    query summaries (so an unchanged fact counts nothing); ``updated``: existing nodes and relationships whose
    properties were rewritten; ``released``: claims given up on facts another load set still holds;
    ``repaired``: the previous load of this load set had failed half way; ``seconds``: wall time;
    ``warnings``: one line per property of a shared node on which this load set and another disagree (which
    node, which property, which sets say what, which wins: :meth:`Neo4jStore.load`); ``lock_waited``:
    seconds spent waiting for the load lock; ``lock_taken_over``: the holder whose lease had expired when
    this load took the lock (a load killed or cut off), else None.
    """

    load_set: str
    where: str
    nodes: dict[str, int]
    relationships: dict[str, int]
    rows: int = 0
    batches: int = 0
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    updated: int = 0
    released: int = 0
    schema_changes: int = 0
    repaired: bool = False
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    lock_waited: float = 0.0
    lock_taken_over: str | None = None

    @property
    def changes(self) -> int:
        """Total changes to the graph (0 when the database already held exactly these facts)."""
        return (self.nodes_created + self.nodes_deleted + self.relationships_created + self.relationships_deleted
                + self.properties_set)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field plus ``changes``."""
        out = dict(self.__dict__)
        out["warnings"] = list(self.warnings)
        out["changes"] = self.changes
        return out


# ---------------------------------------------------------------------------- one load, step by step
@dataclass
class _Load:
    """One load in progress: the plan, where it goes, and the report it fills. :meth:`Neo4jStore.load`
    runs its steps in order: :meth:`write_nodes`, :meth:`write_relationships`, :meth:`release_stale`."""

    store: "Neo4jStore"
    plan: LoadPlan
    load_set: str
    batch_size: int
    progress: ProgressFn | None
    report: LoadReport
    ranks: dict[str, int] = field(default_factory=dict)
    """The precedence of the load sets (:meth:`Neo4jStore._ranks`): 0 comes first."""
    source_counts: dict[str, int] = field(default_factory=dict)
    done: int = 0

    workers: ClassVar[int] = WRITE_WORKERS
    """Write transactions in flight at once (driver sessions in threads; 1: one after the other)."""

    def _account(self, *counters: Any, n: int = 0) -> None:
        """Add a batch's query counters to the report; ``n`` rows were written (then ``progress`` hears)."""
        r = self.report
        for c in counters:
            r.nodes_created += c.nodes_created
            r.nodes_deleted += c.nodes_deleted
            r.relationships_created += c.relationships_created
            r.relationships_deleted += c.relationships_deleted
            r.properties_set += c.properties_set
        r.batches += 1
        self.done += n
        r.rows = self.done
        if self.progress is not None and n:
            self.progress(self.done, self.plan.total)

    def _in_parallel(self, tasks: Iterable[tuple[frozenset[int], Callable[[], _T]]],
                     finish: Callable[[_T], None]) -> None:
        """Run ``tasks`` (``(groups, send)``: a batch and the endpoint groups it locks) on :attr:`workers`
        sessions at once, never two whose groups meet (so that concurrent transactions lock no node in
        common and cannot deadlock on one), the first that fits first; ``finish(result)`` runs in this
        thread, in the order the batches end. The first error stops the sending of new batches and is
        raised once those in flight have ended."""
        pending = list(tasks)
        if self.workers < 2 or len(pending) < 2:
            for _, send in pending:
                finish(send())
            return
        busy: set[int] = set()
        running: dict[Future[_T], frozenset[int]] = {}
        with ThreadPoolExecutor(self.workers, thread_name_prefix="alliancegraph-load") as pool:
            try:
                while pending or running:
                    for task in list(pending):
                        if len(running) >= self.workers:
                            break
                        if not task[0] & busy:
                            pending.remove(task)
                            running[pool.submit(task[1])] = task[0]
                            busy |= task[0]
                    ended, _ = wait(running, return_when=FIRST_COMPLETED)
                    for f in ended:
                        busy -= running.pop(f)
                        finish(f.result())
            except BaseException:
                pending.clear()
                for f in running:
                    f.cancel()
                raise

    def write_nodes(self, held: Mapping[str, int]) -> None:
        """MERGE every node, label by label in the plan's order (:data:`NODE_ORDER` for facts), a batch per
        transaction (batches of one label in parallel: each node is in one row). A label the database held
        none of before the load is written with CREATE (:func:`_node_create`): a plan's node ids of a label
        are distinct (a graph's nodes are; :func:`~alliancegraph.neo4j_rows.element_plan` refuses a repeat)."""
        for lab in self.plan.labels:
            query, doing = (_node_merge if held.get(lab) else _node_create)(lab), f"writing {lab} nodes"

            def send(i: int, query: str = query, doing: str = doing, lab: str = lab) -> tuple[int, Any, Any]:
                chunk = self.plan.rows(lab, i, i + self.batch_size)
                res, c = self.store._write(query, doing, rows=[{**r, "version": _version(r)} for r in chunk],
                                           load_set=self.load_set, ranks=self.ranks)
                return len(chunk), res, c

            def finish(out: tuple[int, Any, Any]) -> None:
                n, res, c = out
                self._account(c, n=n)
                self.report.updated += res[0]["written"] - c.nodes_created

            self._in_parallel(((frozenset(), functools.partial(send, i))
                               for i in range(0, self.plan.count(lab), self.batch_size)), finish)

    def write_relationships(self, held: Mapping[str, int]) -> None:
        """MERGE every relationship (derived ties included) between its matched ends. A relationship whose
        id Neo4j holds between other endpoints is deleted first (the MERGE then creates it anew); that check
        is skipped when Neo4j held no relationship of the type and the plan's ids of it are distinct, and then
        the relationships are written with CREATE instead (:func:`_rel_create`): no row can find one to MERGE with.

        The rows of a key are partitioned by their endpoints (:meth:`_partition`) and batches of parts that
        share no endpoint group are written at once (:meth:`_in_parallel`)."""
        for key in self.plan.rels:
            rtype = key[0]
            check_moved = held.get(rtype, 0) > 0 or rtype not in self.plan.unique

            def send(indices: Sequence[int], key: RelKey = key, check_moved: bool = check_moved) -> tuple[int, Any, Any, Any]:
                return (len(indices), *self._write_relationship_batch(key, self.plan.rows_at(key, indices), check_moved,
                                                                      create=not check_moved))

            def finish(out: tuple[int, Any, Any, Any], rtype: str = rtype) -> None:
                n, c1, res, c2 = out
                if res["rows"] != n:
                    raise Neo4jStoreError(f"{n - res['rows']} {rtype} relationship(s) lost an endpoint "
                                          f"while loading {self.load_set!r} (a node was deleted meanwhile?)")
                self._account(*(c for c in (c1, c2) if c is not None), n=n)
                self.report.updated += res["written"] - c2.relationships_created

            self._in_parallel(((groups, functools.partial(send, part[i:i + self.batch_size]))
                               for groups, part in self._partition(key)
                               for i in range(0, len(part), self.batch_size)), finish)

    def _partition(self, key: RelKey) -> list[tuple[frozenset[int], Sequence[int]]]:
        """The indices of the relationships of ``key``, in parts by the groups of their two endpoints: the
        nodes are put in ``2 * workers`` groups balanced by their degree (greedy, the densest first), and
        part ``{g, h}`` holds the relationships between groups g and h, the largest parts first. One part
        (in the plan's order) when the key fits one batch or the load writes one batch at a time."""
        count = self.plan.count(key)
        if self.workers < 2 or count <= self.batch_size:
            return [(frozenset(), range(count))]
        degree: dict[str, int] = {}
        for a, b in self.plan.ends(key):
            degree[a] = degree.get(a, 0) + 1
            degree[b] = degree.get(b, 0) + 1
        loads = [0] * (2 * self.workers)
        group: dict[str, int] = {}
        for node, d in sorted(degree.items(), key=lambda x: (-x[1], x[0])):
            g = group[node] = loads.index(min(loads))
            loads[g] += d
        parts: dict[frozenset[int], array[int]] = {}
        for i, (a, b) in enumerate(self.plan.ends(key)):
            groups = frozenset((group[a], group[b]))
            if groups not in parts:
                parts[groups] = array("L")
            parts[groups].append(i)
        return sorted(parts.items(), key=lambda x: (-len(x[1]), sorted(x[0])))

    def _write_relationship_batch(self, key: RelKey, chunk: list[dict[str, Any]], check_moved: bool,
                                  create: bool = False) -> tuple[Any, Any, Any]:
        """Write one batch in one transaction: the moved check (if ``check_moved``), then the MERGE (or, with
        ``create``, the CREATE of :func:`_rel_create`). Returns the counters of both (None for a check not run)
        and the write's ``{rows, written}``."""
        rtype, start, end = key
        moved, merge = _rel_moved(rtype), (_rel_create if create else _rel_merge)(rtype, start, end)

        def work(tx: neo4j.ManagedTransaction) -> tuple[Any, Any, Any]:
            c1 = (tx.run(moved, rows=[{"id": r["id"], "start": r["start"], "end": r["end"]} for r in chunk])
                  .consume().counters if check_moved else None)
            result = tx.run(merge, rows=chunk, load_set=self.load_set)
            data = result.single()
            return c1, data.data() if data else {"rows": 0, "written": 0}, result.consume().counters

        with _translated(self.store.settings, f"writing {rtype} relationships"), self.store._session() as s:
            return s.execute_write(work)

    def release_stale(self, held: Mapping[str, int]) -> None:
        """Facts this load set held before and holds no more lose its claim (and are deleted when no load set
        claims them): relationships first, then nodes in reverse :data:`NODE_ORDER`. Every row written is
        claimed, so when the load set claims as many as it wrote, none is stale; of a label or type Neo4j
        held none of before, it can claim only what it wrote."""
        for rtype in self.plan.types:
            planned = sum(self.plan.count(k) for k in self.plan.rels if k[0] == rtype)
            if held.get(rtype) and not (rtype in self.plan.unique and self._claims(_rel_claimed(rtype, count=True)) == planned):
                self._release(_rel_claimed(rtype), self.plan.ids(rtype), _rel_release(rtype),
                              f"removing stale {rtype} relationships", "relationships_deleted")
        for lab in reversed(self.plan.labels):
            if held.get(lab) and self._claims(_node_claimed(lab, count=True)) != self.plan.count(lab):
                self._release(_node_claimed(lab), self.plan.node_ids(lab), _node_release(lab),
                              f"removing stale {lab} nodes", "nodes_deleted")

    def winner(self, sets: Sequence[str]) -> str:
        """The load set whose version of a shared node is visible: the first of ``sets`` in :attr:`ranks`
        (one not ranked, which has no LoadSet node, comes last; then by name)."""
        return min(sets, key=lambda s: (self.ranks.get(s, len(self.ranks)), s))

    def reconcile_nodes(self) -> None:
        """Give every shared node the properties of the load set that wins it (:meth:`winner`), and record a
        warning for every property on which this load set's version and another's disagree."""
        for lab in self.plan.labels:
            fixes = []
            for r in self.store._run(_node_shared(lab), f"reading shared {lab} nodes"):
                sets, versions = list(r["sets"] or []), list(r["versions"] or [])
                if not sets:
                    continue
                entries = {s: (versions[i] if i < len(versions) else "") for i, s in enumerate(sets)}
                win = self.winner(sets)
                if self.load_set in entries:
                    self._disagreements(lab, r["id"], entries, win)
                if not entries[win] or (r["owner"] == win and r["hash"] == entries[win].partition(" ")[0]):
                    continue  # nothing to restore from (an element of a bulk import), or right already
                h, props = _unversion(entries[win])
                fixes.append({"id": r["id"], "props": {**with_companions(props), "load_hash": h}, "sets": sets,
                              "versions": versions, "owner": win})
            for i in range(0, len(fixes), self.batch_size):
                _, c = self.store._write(_node_restore(lab), f"restoring shared {lab} nodes",
                                         rows=fixes[i:i + self.batch_size])
                self._account(c)
                self.report.updated += len(fixes[i:i + self.batch_size])

    def _disagreements(self, lab: str, nid: str, entries: Mapping[str, str], win: str) -> None:
        mine = entries[self.load_set]
        if not mine:
            return
        props = _unversion(mine)[1]
        for other, entry in sorted(entries.items()):
            if other == self.load_set or not entry or entry.partition(" ")[0] == mine.partition(" ")[0]:
                continue
            theirs = _unversion(entry)[1]
            why = (f"{self.source_counts.get(win, 0)} sources: the load set with the most sources wins, then the "
                   f"one whose name sorts first")
            for key in sorted(set(props) | set(theirs)):
                if props.get(key) != theirs.get(key):
                    self.report.warnings.append(
                        f"{lab} {nid!r}: property {key!r} is {_shown(props.get(key))} in load set "
                        f"{self.load_set!r} but {_shown(theirs.get(key))} in {other!r}; {win!r} wins ({why})")

    def _claims(self, count_query: str) -> int:
        return int(self.store._run(count_query, "counting claims", load_set=self.load_set)[0]["n"])

    def _release(self, claimed_query: str, planned: set[str], release_query: str, doing: str, deleted: str) -> None:
        claimed = {r["id"] for r in self.store._run(claimed_query, "reading claims", load_set=self.load_set)}
        stale = sorted(claimed - planned)
        for i in range(0, len(stale), self.batch_size):
            ids = stale[i:i + self.batch_size]
            _, c = self.store._write(release_query, doing, ids=ids, load_set=self.load_set)
            self._account(c)
            self.report.released += len(ids) - getattr(c, deleted)

    def failed(self, e: Exception) -> LoadFailedError:
        """The error of a load that failed after it started writing (one line, never the password)."""
        settings = self.store.settings
        reason = str(e) if isinstance(e, Neo4jStoreError) else f"{type(e).__name__}: {_scrub(str(e), settings)}"
        return LoadFailedError(f"load of {self.load_set!r} into {settings.where} failed after {self.done} of "
                               f"{self.plan.total} rows ({reason}); the load set is marked incomplete: run the same "
                               f"load again to repair it", self.load_set, self.done, self.plan.total)


def _shown(value: Any) -> str:
    """A property value in a warning: JSON, cut at 60 characters; ``absent`` for a missing one."""
    if value is None:
        return "absent"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------------------- the load lock
_LOCK_NAME = "loads"
"""The one load lock of a database (``(:LoadLock {name: 'loads'})``): every load and drop holds it."""

_LOCK_TAKE = f"""
MERGE (l:{_label(LOAD_LOCK.name)} {{name: $name}})
SET l.taking = true
WITH l, timestamp() AS now
WITH l, now, l {{.*}} AS before, l.token IS NULL OR l.expires < now OR l.token = $token AS free
FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END |
    SET l.token = $token, l.host = $host, l.pid = $pid, l.load_set = $load_set, l.since = now,
        l.expires = now + $lease_ms)
REMOVE l.taking
RETURN free, before, now
"""
# (``SET l.taking`` first: the write lock on the node is taken before its holder is read, so two loads that
# ask at once cannot both see it free; Neo4j's advice against lost updates under read-committed isolation)

_LOCK_RENEW = (f"MATCH (l:{_label(LOAD_LOCK.name)} {{name: $name}}) WHERE l.token = $token "
               f"SET l.expires = timestamp() + $lease_ms RETURN count(l) AS n")
_LOCK_HELD = f"MATCH (l:{_label(LOAD_LOCK.name)} {{name: $name}}) WHERE l.token = $token RETURN count(l) AS n"
_LOCK_FREE = f"MATCH (l:{_label(LOAD_LOCK.name)} {{name: $name}}) WHERE l.token = $token DELETE l"


def _single(tx: neo4j.ManagedTransaction, query: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The one row a query of a transaction returns (a COUNT or an aggregate always returns one)."""
    record = tx.run(query, dict(params)).single()
    return record.data() if record is not None else {}


def _holder(record: Mapping[str, Any]) -> str:
    """Who holds the lock, for messages: ``load set 'x' from host h, pid 7, since 2025-01-01T10:00:00Z``."""
    since = _dt.datetime.fromtimestamp(int(record.get("since") or 0) / 1000, _dt.timezone.utc)
    return (f"load set {record.get('load_set')!r} from host {record.get('host')}, pid {record.get('pid')}, "
            f"since {since.strftime('%Y-%m-%dT%H:%M:%SZ')}")


class _LoadLock:
    """The database's load lock, held by one load or drop: taken with a timeout, renewed by a thread every
    third of the lease while held, given back at the end (a holder that dies leaves it to expire)."""

    def __init__(self, store: "Neo4jStore", load_set: str, lease: float):
        self.store, self.load_set, self.lease = store, load_set, lease
        self.token = uuid.uuid4().hex
        self.lost = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _params(self) -> dict[str, Any]:
        return {"name": _LOCK_NAME, "token": self.token, "lease_ms": int(self.lease * 1000)}

    def _ensure_constraint(self) -> None:
        # the lock's MERGE needs its uniqueness constraint; two first loads may create it at once
        stmt = next(s for s in schema_statements() if f"(n:{LOAD_LOCK.name})" in s)
        for attempt in range(3):
            try:
                with _translated(self.store.settings, "creating the load lock's constraint"), \
                        self.store._session() as s:
                    s.run(stmt).consume()
                return
            except Neo4jStoreError:
                if attempt == 2:
                    raise
                time.sleep(0.2)

    def acquire(self, timeout: float, on_wait: Callable[[str], None] | None, report: LoadReport) -> None:
        """Take the lock, waiting up to ``timeout`` seconds; raises :class:`LoadLockedError` past it."""
        self._ensure_constraint()
        t0 = time.monotonic()
        told = False
        while True:
            row = self.store._write(_LOCK_TAKE, "taking the load lock", host=socket.gethostname(), pid=os.getpid(),
                                    load_set=self.load_set, **self._params())[0][0]
            before = row["before"] or {}
            if row["free"]:
                if before.get("token") and before["token"] != self.token:
                    report.lock_taken_over = _holder(before)
                break
            waited = time.monotonic() - t0
            if waited >= timeout:
                holder = _holder(before)
                raise LoadLockedError(
                    f"Neo4j at {self.store.settings.where}: the load lock is held by {holder}; gave up after "
                    f"{timeout:g} s (--lock-timeout; a holder that died lets go within {self.lease:g} s)", holder)
            if not told and on_wait is not None:
                on_wait(_holder(before))
            told = True
            time.sleep(min(0.5, max(0.05, timeout - waited)))
        report.lock_waited = time.monotonic() - t0
        self._thread = threading.Thread(target=self._renew, name="alliancegraph-load-lock", daemon=True)
        self._thread.start()

    def _renew(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                with self.store._session() as s:
                    n = s.execute_write(lambda tx: _single(tx, _LOCK_RENEW, self._params())["n"])
                if not n:
                    self.lost = True
                    return
            except Exception:  # a passing fault: the next renewal tries again, mark-complete checks the lock
                continue

    def check(self, tx: neo4j.ManagedTransaction) -> None:
        """Inside a transaction: raise unless this load still holds the lock."""
        if self.lost or not _single(tx, _LOCK_HELD, self._params())["n"]:
            raise Neo4jStoreError(f"load of {self.load_set!r} lost the load lock (its lease of {self.lease:.0f} s "
                                  f"ran out and another load took it)")

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        try:
            self.store._write(_LOCK_FREE, "giving back the load lock", **self._params())
        except Neo4jStoreError:
            pass  # the server is gone: the lease lets go by itself


# ---------------------------------------------------------------------------- the store
class Neo4jStore:
    """A connection to one Neo4j database: schema, load, read. Use as a context manager (closes the driver).

    Parameters
    ----------
    settings : Neo4jSettings
        Where and who. Nothing is contacted until the first call.
    driver : neo4j.Driver, optional
        An existing driver to use (not closed by :meth:`close`).

    Raises
    ------
    Neo4jStoreError
        At once, before anything is contacted, for settings that cannot work: a URI whose scheme is not
        Bolt's, that names no host, has a port that is not a number from 1 to 65535, a path, a fragment, a
        query on ``bolt://``, white space or user information (``user:password@``: give ``user`` and
        ``password``); a database name outside Neo4j's naming rules (:data:`DATABASE_NAME`); an empty
        password or, with a password, an empty user. From any method: server unreachable, credentials
        refused, unknown database, server older than 5.7, or a query Neo4j rejected. Always one line,
        never the password nor a URI's user information.

    Examples
    --------
    Nothing is contacted until the first call; a server that is not there is one line, and so is a setting
    that cannot work (refused at once):

    >>> Neo4jStore(Neo4jSettings("bolt://neo4j:secret@127.0.0.1:70000"))
    Traceback (most recent call last):
    ...
    alliancegraph.neo4j_rows.Neo4jStoreError: cannot use Neo4j URI 'bolt://127.0.0.1:70000': it holds a user name or password: give them with --user and --password (or NEO4J_USERNAME and NEO4J_PASSWORD), never in the URI

    >>> with Neo4jStore(Neo4jSettings("bolt://127.0.0.1:1")) as store:
    ...     try:
    ...         store.read_graph()
    ...     except Neo4jStoreError as e:
    ...         print(str(e).split(":")[0])
    cannot reach Neo4j at bolt
    """

    def __init__(self, settings: Neo4jSettings, driver: neo4j.Driver | None = None):
        self.settings = settings
        self._own = driver is None
        problem = _settings_problem(settings, connecting=driver is None)
        if problem is not None:
            raise Neo4jStoreError(problem)
        if driver is None:
            auth = (settings.user, settings.password) if settings.password is not None else None
            with _translated(settings, "connecting"):
                driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth, notifications_min_severity="OFF",
                                                    connection_timeout=10.0, max_transaction_retry_time=15.0)
        self.driver = driver
        self._checked: str | None = None

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver if this store opened it."""
        if self._own:
            self.driver.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.settings.where})"

    # ------------------------------------------------------------------ plumbing
    def _session(self, **kw: Any) -> neo4j.Session:
        return self.driver.session(database=self.settings.database, **kw)

    def _run(self, query: str, doing: str, **params: Any) -> list[dict[str, Any]]:
        """One auto-commit read query (not retried: a server that is down fails at once)."""
        with _translated(self.settings, doing), self._session() as s:
            return [r.data() for r in s.run(query, params)]

    def check(self) -> str:
        """Contact the server: credentials, database and version. Returns the version (``'5.26.0'``).

        Raises :class:`Neo4jStoreError` if the server is unreachable, refuses the credentials, has no such
        database, or is older than 5.7.
        """
        if self._checked is None:
            rows = self._run("CALL dbms.components() YIELD name, versions, edition "
                             "RETURN name, versions[0] AS version, edition", "checking the server")
            version = next((r["version"] for r in rows if r["name"] == "Neo4j Kernel"), rows[0]["version"] if rows else "0")
            parts = tuple(int(p) for p in re.findall(r"\d+", version)[:2])
            if parts < MIN_VERSION:
                raise Neo4jStoreError(f"Neo4j at {self.settings.where} is version {version}; alliancegraph needs "
                                      f"{MIN_VERSION[0]}.{MIN_VERSION[1]} or later (relationship uniqueness constraints)")
            self._checked = version
        return self._checked

    def apply_schema(self) -> int:
        """Create the constraints and indexes of :func:`alliancegraph.schema.schema_statements` (those missing)
        and wait for the indexes to come online. Returns how many were added."""
        self.check()
        added = 0
        with _translated(self.settings, "applying the schema"), self._session() as s:
            for stmt in schema_statements():
                c = s.run(stmt).consume().counters
                added += c.constraints_added + c.indexes_added
            s.run("CALL db.awaitIndexes(300)").consume()
        return added

    def _held(self, plan: LoadPlan) -> dict[str, int]:
        """How many nodes of each label and relationships of each type the database holds (Neo4j answers
        these counts from its count store, without reading the elements)."""
        counts = [f"COUNT {{ MATCH (x:{_label(label)}) }}" for label in plan.labels]
        counts += [f"COUNT {{ MATCH ()-[x:{_rtype(rtype)}]->() }}" for rtype in plan.types]
        row = self._run("RETURN [" + ", ".join(counts) + "] AS n", "counting")[0]["n"]
        return dict(zip([*plan.labels, *plan.types], row))

    def load_sets(self) -> list[dict[str, Any]]:
        """The load sets in the database: dicts with the properties of each ``LoadSet`` node, sorted by name."""
        self.check()
        return [r["s"] for r in self._run(f"MATCH (s:{_label(LOAD_SET.name)}) RETURN properties(s) AS s "
                                          f"ORDER BY s.name", "listing load sets")]

    def counts(self, load_set: str | None = None) -> dict[str, int]:
        """Nodes per label and relationships per type in the database (or claimed by ``load_set``), schema
        labels and types only, zero counts left out."""
        self.check()
        out: dict[str, int] = {}
        for lab in NODE_ORDER:
            n = self._run(f"MATCH (x:{_label(lab)}) WHERE $load_set IS NULL OR $load_set IN x.load_sets "
                          f"RETURN count(x) AS n", "counting", load_set=load_set)[0]["n"]
            if n:
                out[lab] = n
        for rtype in REL_TYPES:
            n = self._run(f"MATCH ()-[x:{_rtype(rtype)}]->() WHERE $load_set IS NULL OR $load_set IN x.load_sets "
                          f"RETURN count(x) AS n", "counting", load_set=load_set)[0]["n"]
            if n:
                out[rtype] = n
        return dict(sorted(out.items()))

    # ------------------------------------------------------------------ writing
    def _write(self, query: str, doing: str, **params: Any) -> tuple[list[dict[str, Any]], Any]:
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[dict[str, Any]], Any]:
            result = tx.run(query, params)
            rows = [r.data() for r in result]
            return rows, result.consume().counters

        with _translated(self.settings, doing), self._session() as s:
            return s.execute_write(work)

    def _mark(self, load_set: str, **props: Any) -> None:
        self._write(f"MERGE (s:{_label(LOAD_SET.name)} {{name: $name}}) SET s += $props", "marking the load set",
                    name=load_set, props=props)

    def load(self, graph: AllianceGraph | LoadPlan, load_set: str = "seed", sources: Sequence[str] = (),
             batch_size: int = DEFAULT_BATCH_SIZE, progress: ProgressFn | None = None, *,
             lock_timeout: float = DEFAULT_LOCK_TIMEOUT, lock_lease: float = LOCK_LEASE,
             on_wait: Callable[[str], None] | None = None) -> LoadReport:
        """Write ``graph`` into Neo4j as the load set ``load_set`` (see the module docstring).

        Loads and drops into one database run one at a time: each holds the database's load lock (a
        ``LoadLock`` node) from before the schema is applied until the set is marked complete. A load that
        finds it held waits up to ``lock_timeout`` seconds, then refuses (:class:`LoadLockedError`, naming the
        holder: load set, host, process id, since when). The holder renews its lease every third of
        ``lock_lease`` seconds; a holder killed with ``kill -9`` or cut off stops renewing, and its lock
        expires ``lock_lease`` seconds (:data:`LOCK_LEASE`, 30) after the last renewal, when the next load
        takes it and repairs the set it left incomplete. The set is marked complete only if, in that same
        transaction, this load still holds the lock and the set holds exactly what this load wrote (its
        sources and fact hash, and as many claims of each label and type as the plan has).

        A node that several load sets claim (a State of the seed and of the COW state list) keeps each
        set's own version of its properties; the visible ones are those of the set with the most sources
        (a set loaded from more sources merged them: its State carries the COW spells the seed lacks), and
        between sets with as many sources, of the one whose name sorts first. So the graph read back, whole
        or one set, is the one the same sources build in memory, whatever order the sets were loaded in.
        Where this set's version of a shared node differs from another's, the report's ``warnings`` say which
        node, which property, what each set says and which wins. Relationships keep the properties of the
        set that first wrote them (two sets' relationship of one id disagree only if their facts of one id do).

        Parameters
        ----------
        graph : AllianceGraph or LoadPlan
            The graph to write, built from validated facts (:func:`alliancegraph.workspace.open_graph`), or
            the plan of a load set of analyses (:func:`alliancegraph.neo4j_analyses.write_analyses`).
        load_set : str
            The name of the load set: the facts this load owns. Loading an edited fact set under the same
            name updates it; facts of other load sets stay untouched.
        sources : sequence of str
            Where the facts came from (recorded on the ``LoadSet`` node; their number is the set's precedence).
        batch_size : int
            Rows per transaction, at least 1.
        progress : callable, optional
            ``progress(rows_done, rows_total)`` after every batch.
        lock_timeout : float
            Seconds to wait for the load lock (default :data:`DEFAULT_LOCK_TIMEOUT`, 600).
        lock_lease : float
            Seconds the lock outlives its holder's last renewal (default :data:`LOCK_LEASE`, 30).
        on_wait : callable, optional
            ``on_wait(holder)`` once, when the lock is held by another load and this one starts waiting.

        Returns
        -------
        LoadReport
            Counts of the load set and the changes made (all zero when nothing differed), the disagreements
            on shared nodes (``warnings``) and the time waited for the lock.

        Raises
        ------
        InvalidArgumentError
            For a ``batch_size`` below 1, an empty ``load_set``, a negative ``lock_timeout``, or facts under the
            name of a load set of analyses (:data:`alliancegraph.schema.ANALYSIS_LOAD_SETS`).
        LoadLockedError
            Another load held the lock for ``lock_timeout`` seconds; nothing was written.
        Neo4jStoreError
            Before anything is written: server unreachable, credentials refused, unknown database, old
            server, or an element outside the schema (:class:`~alliancegraph.neo4j_rows.Neo4jFormatError`).
        LoadFailedError
            If writing fails half way, or the set does not hold exactly this load's facts at the end: the
            load set stays marked incomplete, the next load repairs it.
        """
        return self._locked_load(graph, load_set, sources, batch_size, progress, lock_timeout, lock_lease, on_wait)

    def _locked_load(self, graph: AllianceGraph | LoadPlan, load_set: str, sources: Sequence[str], batch_size: int,
                     progress: ProgressFn | None, lock_timeout: float, lock_lease: float,
                     on_wait: Callable[[str], None] | None, dropping: bool = False) -> LoadReport:
        """The steps of a load (or, ``dropping``, of a drop: the claims released, the LoadSet node deleted),
        under the load lock."""
        if batch_size < 1:
            raise InvalidArgumentError(f"batch_size must be at least 1, not {batch_size}")
        if not load_set or not isinstance(load_set, str):
            raise InvalidArgumentError("a load set needs a name")
        if not lock_timeout >= 0 or not lock_lease > 0:
            raise InvalidArgumentError(f"the lock timeout must be at least 0 and the lease above 0 seconds, not "
                                       f"{lock_timeout} and {lock_lease}")
        t0 = time.perf_counter()
        if isinstance(graph, AllianceGraph) and is_analysis_load_set(load_set):
            raise InvalidArgumentError(f"load set {load_set!r}: names beginning with 'analyses/' are for "
                                       f"the analyses written back (alliancegraph analyze --write), not facts")
        plan = graph if isinstance(graph, LoadPlan) else load_plan(graph)  # may raise: before anything is written
        self.check()
        lock = _LoadLock(self, load_set, lock_lease)
        waiting = LoadReport(load_set, self.settings.where, {}, {})
        lock.acquire(lock_timeout, on_wait, waiting)
        try:
            report = self._begin(plan, load_set)
            report.lock_waited, report.lock_taken_over = waiting.lock_waited, waiting.lock_taken_over
            counts, ranks = self._ranks(load_set, sources)
            run = _Load(self, plan, load_set, batch_size, progress, report, ranks, counts)
            held = self._held(plan)  # what Neo4j holds before this load: a label or type it holds none of is new
            self._claim(load_set, plan, sources)
            try:
                run.write_nodes(held)
                run.write_relationships(held)
                run.release_stale(held)
                run.reconcile_nodes()
                self._mark_complete(load_set, run.report, plan, sources, lock, dropping)
            except Exception as e:
                raise run.failed(e) from None
        finally:
            lock.release()
        run.report.seconds = time.perf_counter() - t0
        return run.report

    def _record_versions(self, plan: LoadPlan, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        """Give every node of ``plan`` its load set's one ``load_versions`` entry, as :meth:`load` writes it
        (:func:`_version`): for a database that a bulk import (:mod:`alliancegraph.neo4j_bulk`) filled with
        this plan's load set only, so that the next load of the same sources changes nothing."""
        for lab in plan.labels:
            for i in range(0, plan.count(lab), batch_size):
                rows = [{"id": r["id"], "version": _version(r)} for r in plan.rows(lab, i, i + batch_size)]
                self._write(f"UNWIND $rows AS row MATCH (x:{_label(lab)} {{id: row.id}}) "
                            f"SET x.load_versions = [row.version]", f"recording the {lab} nodes' versions", rows=rows)

    def _ranks(self, load_set: str, sources: Sequence[str]) -> tuple[dict[str, int], dict[str, int]]:
        """``(sources per load set, precedence)``: the precedence of the load sets in the database, this one
        with ``sources``, as ranks (0 first): the most sources first, then by name."""
        counts = {s["name"]: len(s.get("sources") or []) for s in self.load_sets()}
        counts[load_set] = len(sources)
        order = sorted(counts, key=lambda n: (-counts[n], n))
        return counts, {n: i for i, n in enumerate(order)}

    def _begin(self, plan: LoadPlan, load_set: str) -> LoadReport:
        """Apply the schema and start the report: the counts of the plan, and whether the previous load of
        ``load_set`` had failed half way (so that this one repairs it)."""
        report = LoadReport(load_set, self.settings.where, nodes={k: len(v) for k, v in plan.nodes.items() if v},
                            relationships=plan.type_counts())
        report.schema_changes = self.apply_schema()
        prior = self._run(f"MATCH (s:{_label(LOAD_SET.name)} {{name: $name}}) RETURN s.status AS status",
                          "reading the load set", name=load_set)
        report.repaired = bool(prior) and prior[0]["status"] != "complete"
        return report

    def _claim(self, load_set: str, plan: LoadPlan, sources: Sequence[str]) -> None:
        """Mark the load set ``'loading'`` (incomplete until :meth:`_mark_complete`) with its sources and
        the hash of its facts, before the first write."""
        self._mark(load_set, status="loading", sources=[str(s) for s in sources], fact_hash=plan.fact_hash(),
                   started=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))

    def _mark_complete(self, load_set: str, report: LoadReport, plan: LoadPlan, sources: Sequence[str],
                       lock: _LoadLock, dropping: bool = False) -> None:
        """Mark the load set complete (or, ``dropping``, delete its LoadSet node) in one transaction that
        first checks that this load still holds the lock and that the set holds exactly this load's facts:
        the sources and fact hash it claimed, and as many nodes of each label and relationships of each type
        as the plan has. Raises :class:`Neo4jStoreError` (nothing marked) if not."""
        expected = [plan.count(lab) for lab in plan.labels] + [plan.type_counts().get(r, 0) for r in plan.types]
        claimed = ("RETURN [" + ", ".join([f"COUNT {{ MATCH (x:{_label(lab)}) WHERE $name IN x.load_sets }}"
                                           for lab in plan.labels]
                                          + [f"COUNT {{ MATCH ()-[x:{_rtype(r)}]->() WHERE $name IN x.load_sets }}"
                                             for r in plan.types]) + "] AS n")
        mark = (f"MATCH (s:{_label(LOAD_SET.name)} {{name: $name}}) DELETE s" if dropping else
                f"MATCH (s:{_label(LOAD_SET.name)} {{name: $name}}) SET s += $props")
        props = {"status": "complete", "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                 "nodes": sum(report.nodes.values()), "relationships": sum(report.relationships.values())}

        def work(tx: neo4j.ManagedTransaction) -> None:
            lock.check(tx)
            row = tx.run(f"MATCH (s:{_label(LOAD_SET.name)} {{name: $name}}) RETURN properties(s) AS s",
                         name=load_set).single()
            s = row["s"] if row else {}
            if (s.get("status"), s.get("fact_hash"), list(s.get("sources") or [])) != (
                    "loading", plan.fact_hash(), [str(x) for x in sources]):
                raise Neo4jStoreError(f"load set {load_set!r} no longer names this load's sources and facts "
                                      f"(another load wrote it meanwhile)")
            held = _single(tx, claimed, {"name": load_set})["n"]
            if list(held) != expected:
                diff = [f"{k} {h} of {e}" for k, h, e in zip([*plan.labels, *plan.types], held, expected) if h != e]
                raise Neo4jStoreError(f"load set {load_set!r} does not hold exactly its facts: {', '.join(diff)}")
            tx.run(mark, name=load_set, props=props).consume()

        with _translated(self.settings, "marking the load set complete"), self._session() as s:
            s.execute_write(work)

    def drop(self, load_set: str, batch_size: int = DEFAULT_BATCH_SIZE, *,
             lock_timeout: float = DEFAULT_LOCK_TIMEOUT, on_wait: Callable[[str], None] | None = None) -> LoadReport:
        """Remove a load set: release its claims (deleting what no other load set holds; a shared node then
        shows the version of the load set that wins it next) and its ``LoadSet`` node, under the load lock
        (see :meth:`load`). Equivalent to loading an empty graph (or, for a load set of analyses, no analyses) under
        that name, then forgetting the name.

        Raises :class:`LoadLockedError` past ``lock_timeout`` seconds, :class:`LoadFailedError` if it fails
        half way (the set is left incomplete: drop it again), :class:`Neo4jStoreError` on server problems."""
        empty = element_plan({}, {}) if is_analysis_load_set(load_set) else AllianceGraph(nx.MultiDiGraph())
        return self._locked_load(empty, load_set, (), batch_size, None, lock_timeout,
                                 LOCK_LEASE, on_wait, dropping=True)

    # ------------------------------------------------------------------ reading
    def read_graph(self, load_set: str | None = None) -> AllianceGraph:
        """The alliance graph held in Neo4j (or only the facts of ``load_set``), as an
        :class:`~alliancegraph.graph.AllianceGraph` equal to the one the facts build in memory.

        Raises
        ------
        IncompleteLoadError
            If the load set (any load set, when ``load_set`` is None) is marked incomplete.
        Neo4jStoreError
            If ``load_set`` is not in the database, or on any server problem.
        """
        sets = {s["name"]: s for s in self.load_sets() if not is_analysis_load_set(s["name"])}  # facts only
        if load_set is not None and load_set not in sets:
            known = ", ".join(map(repr, sets)) or "none"
            raise Neo4jStoreError(f"no load set {load_set!r} in Neo4j at {self.settings.where} (load sets: {known})")
        broken = [n for n, s in sets.items() if s.get("status") != "complete" and load_set in (None, n)]
        if broken:
            raise IncompleteLoadError(f"load set {', '.join(map(repr, broken))} in Neo4j at {self.settings.where} is "
                                      f"incomplete (a load failed half way): run the same load again, with its "
                                      f"sources and `--load-set {broken[0]}`, to repair it")
        if not sets:
            raise Neo4jStoreError(f"Neo4j at {self.settings.where} holds no alliance graph (no load set): "
                                  f"load one first with `alliancegraph load`")
        g = nx.MultiDiGraph()
        for lab in NODE_ORDER:
            for r in self._run(_node_read(lab), f"reading {lab} nodes", load_set=load_set):
                props = model_props(r["props"])  # the visible version, which the precedence chose
                if load_set is not None and r["props"].get("load_owner") != load_set:
                    claimants, versions = list(r["sets"] or []), list(r["versions"] or [])
                    i = claimants.index(load_set)
                    if i < len(versions) and versions[i]:
                        props = _unversion(versions[i])[1]  # this set's own version of a shared node
                g.add_node(r["id"], label=lab, **props)
        for spec in FACT_RELS:
            for r in self._run(_rel_read(spec.name), f"reading {spec.name} relationships", load_set=load_set):
                props = model_props(r["props"])
                g.add_edge(r["start"], r["end"], key=props["id"], type=spec.name, **props)
        return AllianceGraph(g)


# ---------------------------------------------------------------------------- library calls
def _store(target: "Neo4jSettings | neo4j.Driver | Neo4jStore | None", database: str | None) -> tuple[Neo4jStore, bool]:
    if isinstance(target, Neo4jStore):
        return target, False
    if target is None or isinstance(target, Neo4jSettings):
        settings = target or Neo4jSettings.from_env()
        if database is not None:
            settings = Neo4jSettings(settings.uri, settings.user, settings.password, database)
        return Neo4jStore(settings), True
    if isinstance(target, neo4j.Driver):
        return Neo4jStore(Neo4jSettings(uri="(given driver)", user="(given driver)", database=database), driver=target), True
    raise InvalidArgumentError(f"target: expected Neo4jSettings, a neo4j.Driver or a Neo4jStore, "
                               f"not {type(target).__name__}")


def read_graph(target: "Neo4jSettings | neo4j.Driver | Neo4jStore | None" = None, *, database: str | None = None,
               load_set: str | None = None) -> AllianceGraph:
    """Read the alliance graph from Neo4j: the library call behind every ``--neo4j`` option.

    Parameters
    ----------
    target : Neo4jSettings, neo4j.Driver, Neo4jStore or None
        Where to read; ``None`` means :meth:`Neo4jSettings.from_env` (``NEO4J_URI`` ...).
    database : str, optional
        The database (overrides the settings'; with a driver, the server default when None).
    load_set : str, optional
        Read only the facts this load set holds; default: everything in the database.

    Returns
    -------
    AllianceGraph
        Equal to ``AllianceGraph.from_facts`` of the loaded facts (same nodes, relationships, properties).

    Raises
    ------
    Neo4jStoreError, IncompleteLoadError
        See :meth:`Neo4jStore.read_graph`.

    Examples
    --------
    With a server running (``scripts/neo4j-server start``), ``read_graph()`` reads it from ``NEO4J_URI``;
    without one, the error says where it looked:

    >>> from alliancegraph import Neo4jSettings, Neo4jStoreError, read_graph
    >>> try:
    ...     read_graph(Neo4jSettings("bolt://127.0.0.1:1"))
    ... except Neo4jStoreError as e:
    ...     print(e)
    cannot reach Neo4j at bolt://127.0.0.1:1 (default database): is the server running? (scripts/neo4j-server start, or set NEO4J_URI)
    """
    store, close = _store(target, database)
    try:
        return store.read_graph(load_set)
    finally:
        if close:
            store.close()


def load_graph(graph: AllianceGraph, target: "Neo4jSettings | neo4j.Driver | Neo4jStore | None" = None, *,
               load_set: str = "seed", sources: Sequence[str] = (), database: str | None = None,
               batch_size: int = DEFAULT_BATCH_SIZE, progress: ProgressFn | None = None) -> LoadReport:
    """Write ``graph`` into Neo4j as ``load_set``: the library call behind ``alliancegraph load``
    (see :meth:`Neo4jStore.load` for parameters, return value and errors).

    Parameters
    ----------
    graph : AllianceGraph
        The graph to write (:func:`alliancegraph.workspace.open_graph`).
    target : Neo4jSettings, neo4j.Driver, Neo4jStore or None
        Where to write; ``None`` means :meth:`Neo4jSettings.from_env`.
    load_set, sources, batch_size, progress
        As :meth:`Neo4jStore.load`.
    database : str, optional
        The database (overrides the settings').

    Returns
    -------
    LoadReport
        Counts of the load set and the changes made.

    Raises
    ------
    Neo4jStoreError, LoadFailedError, InvalidArgumentError
        See :meth:`Neo4jStore.load`.

    Examples
    --------
    >>> from alliancegraph import Neo4jSettings, Neo4jStoreError, load_graph, open_graph
    >>> try:
    ...     load_graph(open_graph(), Neo4jSettings("bolt://127.0.0.1:1"))
    ... except Neo4jStoreError as e:
    ...     print(str(e).split(":")[0])
    cannot reach Neo4j at bolt
    """
    store, close = _store(target, database)
    try:
        return store.load(graph, load_set, sources=sources, batch_size=batch_size, progress=progress)
    finally:
        if close:
            store.close()
