"""The one canonical property-graph schema: labels, relationship types, keys and property types.

Owns: the labels (:data:`NODE_LABELS`, :data:`LOAD_SET`, :data:`LOAD_LOCK`, the analyses' :data:`ANALYSIS_LABELS`),
relationship types (:data:`REL_TYPES`, :data:`ANALYSIS_RELS`), keys,
property types, the date properties and their ``DATE`` companions (:func:`date_companion`), the load
bookkeeping properties (:data:`LOAD_PROPS`) and the schema's Cypher (:func:`schema_statements`,
:func:`label`, :func:`rel_type`).

Must not know: any other module of the package (every module may import this one): how a row is built
(:mod:`alliancegraph.neo4j_rows`), the driver (:mod:`alliancegraph.neo4j_store`), the graph, the command
line.

The in-memory graph (:mod:`alliancegraph.graph`), the Neo4j writer and reader and ``cypher/schema.cypher``
all follow this module; a test proves that ``cypher/schema.cypher`` says the same as
:func:`schema_statements`. Labels, relationship types and property keys in any Cypher the project runs come
only from here, never from input.

Property types are Neo4j's: ``STRING``, ``INTEGER``, ``FLOAT``, ``BOOLEAN``, ``LIST<STRING>``, ``LIST<DATE>``
(the days on which a derived tie's confidence changes, ``confidence_on``). Dates are
stored as ISO 8601 text at their own precision (``'1995'``, ``'1995-09'``, ``'1995-09-12'``); the Neo4j
writer adds, for every ``<p>`` date, a Neo4j ``DATE`` property ``<p>_first`` (first day of the period) or
``<p>_last`` (last day) so that Browser users can filter by as-of date with ``date($asOf)``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NodeLabel", "RelType", "NODE_LABELS", "REL_TYPES", "DATE_START_PROPS", "DATE_END_PROPS",
           "LOAD_PROPS", "LOAD_SET", "LOAD_LOCK", "LOCK_LEASE", "DEFAULT_LOCK_TIMEOUT", "ANALYSIS_LABELS", "ANALYSIS_RELS",
           "ANALYSIS_LOAD_SETS", "is_analysis_load_set", "date_companion", "schema_statements", "label", "rel_type"]

S, I, F, L, LD, B = "STRING", "INTEGER", "FLOAT", "LIST<STRING>", "LIST<DATE>", "BOOLEAN"

_PROVENANCE = {"origin_file": S, "origin_line": I, "dataset": S, "dataset_version": S}
_FACT = {"id": S, "confidence": S, "confidence_history": S, "note": S, **_PROVENANCE, "codes": L, "same_as": S}


@dataclass(frozen=True)
class NodeLabel:
    """A node label with its key property and its properties (name -> Neo4j type)."""

    name: str
    key: str
    properties: dict[str, str]
    indexes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelType:
    """A relationship type between two labels; ``key`` is the property MERGE matches on."""

    name: str
    start: str
    end: str
    properties: dict[str, str]
    key: str = "id"
    derived: bool = False


NODE_LABELS: dict[str, NodeLabel] = {n.name: n for n in [
    NodeLabel("State", "id", {**_FACT, "name": S, "aliases": L, "ccode": I, "cow_abb": S, "iso3": S,
                              "system_spells": L, "name_history": L, "code_history": L}, indexes=("ccode", "iso3", "cow_abb", "name")),
    NodeLabel("Bloc", "id", {**_FACT, "name": S, "short_name": S, "kind": S, "founded": S, "dissolved": S}, indexes=("name",)),
    NodeLabel("Treaty", "id", {**_FACT, "name": S, "short_name": S, "kind": S, "signed": S, "in_force": S, "ended": S,
                               "obligations": L, "obligation_articles": L, "defers_to": L}, indexes=("name",)),
    NodeLabel("Conflict", "id", {**_FACT, "name": S, "kind": S, "start": S, "end": S, "hostility_level": I,
                                 "fatality_level": I, "outcome": S}, indexes=("hostility_level",)),
    NodeLabel("Source", "id", {"id": S, "publisher": S, "title": S, "date": S, "url": S, **_PROVENANCE}),
]}
"""Node labels of the graph model (docs/architecture.md, "The graph model")."""

_SPAN = {"from": S, "to": S}
_TIE_CONFIDENCE = {"confidence_levels": L, "confidence_on": LD}
"""A derived tie's confidence over time: the level before the first day of ``confidence_on``, then one per
day (``alliancegraph.neo4j_rows.confidence_steps``); both absent for a fact confirmed throughout."""

REL_TYPES: dict[str, RelType] = {r.name: r for r in [
    RelType("PARTY_TO", "State", "Treaty", {"id": S, **_SPAN, "ratified": S}),
    RelType("MEMBER_OF", "State", "Bloc", {"id": S, "status": S, **_SPAN, "sources": L, **_PROVENANCE}),
    RelType("SUPERSEDES", "Treaty", "Treaty", {"id": S}),
    RelType("ESTABLISHES", "Treaty", "Bloc", {"id": S}),
    RelType("PARTICIPANT_IN", "State", "Conflict", {"id": S, "side": S, **_SPAN}),
    RelType("SUPPORTS", "State", "State", {**_FACT, "kind": S, **_SPAN, "sources": L}),
    RelType("CITES", "*", "Source", {"id": S}),
    RelType("ALLIED_WITH", "State", "State", {"id": S, **_SPAN, "tie_kind": S, "strength": F, "via": S,
                                              "via_label": S, **_TIE_CONFIDENCE}, derived=True),
    RelType("HOSTILE_TO", "State", "State", {"id": S, **_SPAN, "level": I, "via": S, **_TIE_CONFIDENCE},
            derived=True),
]}
"""Relationship types; ``derived`` ones (ALLIED_WITH, HOSTILE_TO) are computed from the others."""

_AS_OF = {"as_of": S, "until": S, "analysis": S}

ANALYSIS_LABELS: dict[str, NodeLabel] = {n.name: n for n in [
    NodeLabel("Analysis", "id", {
        "id": S, "kind": S, "method": S, "method_source": S, "as_of": S, "until": S, "min_confidence": S,
        "combine": S, "strengths": S, "layers": L, "multilateral": S, "seed": I, "resolution": F,
        "null_runs": I, "stability_runs": I, "negative_weight": F, "min_level": I, "modularity": F,
        "null_mean": F, "null_z": F, "stability": F, "quality": F, "partition_frustration": F,
        "frustration_index": F, "frustration_exact": B, "balanced_share": F, "triads": I, "groups": I,
        "states": I, "verdict": S, "computed_from": L, "computed_hashes": L, "version": S}, indexes=("kind", "as_of_first")),
    NodeLabel("Cluster", "id", {"id": S, "code": S, "name": S, **_AS_OF, "size": I, "anchor": S, "defined_by": S,
                                "share": F, "members": L}, indexes=("name",)),
    NodeLabel("SignedBloc", "id", {"id": S, "code": S, "name": S, **_AS_OF, "size": I, "anchor": S,
                                   "defined_by": S, "share": F, "members": L}, indexes=("name",)),
]}
"""Node labels of the analyses written back to Neo4j (:mod:`alliancegraph.neo4j_analyses`): one
``Analysis`` per kind (``clusters``, ``signed_blocs``, ``brokerage``), snapshot and parameters, the
``Cluster`` and ``SignedBloc`` nodes it found. Never part of the alliance graph read back (``read_graph``)."""

ANALYSIS_RELS: dict[str, RelType] = {r.name: r for r in [
    RelType("RESULT_OF", "*", "Analysis", {"id": S}),
    RelType("IN_CLUSTER", "State", "Cluster", {"id": S, **_AS_OF, "cluster": S, "name": S, "stability": F,
                                                "unstable": B}),
    RelType("IN_BLOC", "State", "SignedBloc", {"id": S, **_AS_OF, "bloc": S, "name": S}),
    RelType("MEASURED", "State", "Analysis", {"id": S, **_AS_OF, "degree": I, "strength": F, "betweenness": F,
                                              "participation": F, "cluster": S, "cluster_name": S, "bridges": L,
                                              "bridge_names": L, "broker": B}),
]}
"""Relationship types of the analyses written back: a Cluster or SignedBloc ``RESULT_OF`` its Analysis, a
State ``IN_CLUSTER`` / ``IN_BLOC``, a State ``MEASURED`` by a brokerage Analysis (its centralities)."""

ANALYSIS_LOAD_SETS = "analyses/"
"""The prefix of every load set of analyses (``analyses/<snapshot>/<parameters>``); fact load sets may not
begin with it, so the two never mix."""


def is_analysis_load_set(name: str) -> bool:
    """Whether ``name`` is a load set of analyses (:data:`ANALYSIS_LOAD_SETS`).

    Examples
    --------
    >>> is_analysis_load_set("analyses/1980-06-30/3f2a"), is_analysis_load_set("seed")
    (True, False)
    """
    return name.startswith(ANALYSIS_LOAD_SETS)


DATE_START_PROPS = ("from", "signed", "in_force", "start", "founded", "ratified", "date", "as_of")
"""Date properties whose Neo4j companion is ``<p>_first`` (first day of the period)."""
DATE_END_PROPS = ("to", "ended", "end", "dissolved", "until")
"""Date properties whose Neo4j companion is ``<p>_last`` (last day of the period)."""


LOAD_PROPS: dict[str, str] = {"load_sets": L, "load_owner": S, "load_hash": S, "load_versions": L}
"""Neo4j-only bookkeeping on every node and relationship the loader writes: the load sets that claim it
(``load_sets``), the one whose facts its properties are (``load_owner``), and a hash of those properties
(``load_hash``, so that an unchanged fact is not written again); on nodes also each claiming load set's own
version of the properties (``load_versions``, in the order of ``load_sets``: ``'<load_hash> <JSON>'``), from
which the visible ones are chosen by precedence. The reader drops them."""

LOAD_SET = NodeLabel("LoadSet", "name", {"name": S, "status": S, "sources": L, "fact_hash": S, "started": S,
                                         "finished": S, "nodes": I, "relationships": I})
"""One node per load set (a named set of sources loaded together); ``status`` is ``'loading'`` while a load
writes and ``'complete'`` after it, so that a load that failed half way is seen and repaired."""

LOAD_LOCK = NodeLabel("LoadLock", "name", {"name": S, "token": S, "host": S, "pid": I, "load_set": S, "since": I,
                                           "expires": I})
"""The load lock: at most one node, held by the load (or drop) that writes now; ``since`` and ``expires`` are
the server's epoch milliseconds (``timestamp()``), ``expires`` renewed by the holder while it works."""
DEFAULT_LOCK_TIMEOUT = 600.0
"""Seconds a load (or drop) waits for the load lock of its database before it refuses (``--lock-timeout``):
longer than a load of 10^6 relationships takes here (docs/performance.md)."""
LOCK_LEASE = 30.0
"""Seconds the load lock stays held without renewal: its holder renews it every third of this while it works,
so a holder killed with ``kill -9`` (or cut off) blocks the next load for at most this long."""



def date_companion(prop: str) -> str | None:
    """The name of the Neo4j ``DATE`` companion of a date property (``from`` -> ``from_first``, ``to`` ->
    ``to_last``), or None if ``prop`` is not a date property."""
    if prop in DATE_START_PROPS:
        return f"{prop}_first"
    if prop in DATE_END_PROPS:
        return f"{prop}_last"
    return None


def schema_statements() -> list[str]:
    """The Cypher DDL for the schema: a uniqueness constraint behind every node MERGE key, a relationship
    uniqueness constraint behind every relationship MERGE key, and the indexes the queries need.

    Returns a list of statements (each ending without a semicolon), in a fixed order, all ``IF NOT EXISTS``
    so they can be run on every load. Relationship uniqueness constraints need Neo4j 5.7 or later.
    """
    out = []
    for label in NODE_LABELS.values():
        out.append(f"CREATE CONSTRAINT {label.name.lower()}_{label.key} IF NOT EXISTS "
                   f"FOR (n:{label.name}) REQUIRE n.{label.key} IS UNIQUE")
    for own in (LOAD_SET, LOAD_LOCK, *ANALYSIS_LABELS.values()):
        out.append(f"CREATE CONSTRAINT {own.name.lower()}_{own.key} IF NOT EXISTS "
                   f"FOR (n:{own.name}) REQUIRE n.{own.key} IS UNIQUE")
    for rel in [*REL_TYPES.values(), *ANALYSIS_RELS.values()]:
        out.append(f"CREATE CONSTRAINT {rel.name.lower()}_{rel.key} IF NOT EXISTS "
                   f"FOR ()-[r:{rel.name}]-() REQUIRE r.{rel.key} IS UNIQUE")
    for label in NODE_LABELS.values():
        for prop in label.indexes:
            out.append(f"CREATE INDEX {label.name.lower()}_{prop} IF NOT EXISTS FOR (n:{label.name}) ON (n.{prop})")
        out.append(f"CREATE INDEX {label.name.lower()}_dataset IF NOT EXISTS FOR (n:{label.name}) ON (n.dataset)")
    for label in ANALYSIS_LABELS.values():
        for prop in label.indexes:
            out.append(f"CREATE INDEX {label.name.lower()}_{prop} IF NOT EXISTS FOR (n:{label.name}) ON (n.{prop})")
    return out


def label(name: str) -> str:
    """``name``, checked to be a node label of the schema (the fact labels, the analyses', ``LoadSet`` or
    ``LoadLock``), for use in Cypher.

    Labels cannot be query parameters, so every label put into a query passes here. Raises ``ValueError``.
    """
    if name not in NODE_LABELS and name not in ANALYSIS_LABELS and name not in (LOAD_SET.name, LOAD_LOCK.name):
        raise ValueError(f"{name!r} is not a node label of the schema")
    return name


def rel_type(name: str) -> str:
    """``name``, checked to be a relationship type of the schema (facts, ties or analyses), for use in Cypher.
    Raises ``ValueError``."""
    if name not in REL_TYPES and name not in ANALYSIS_RELS:
        raise ValueError(f"{name!r} is not a relationship type of the schema")
    return name
