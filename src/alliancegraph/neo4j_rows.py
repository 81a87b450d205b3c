"""The Neo4j form of the alliance graph, defined once: element ids, properties, hashes, the load plan,
and the two file forms (the neo4j-admin import CSV and the Cypher script).

Owns: what Neo4j holds for every node, fact relationship and derived tie of an
:class:`~alliancegraph.graph.AllianceGraph` (its id, its properties checked against
:mod:`alliancegraph.schema`, their ``DATE`` companions and its ``load_hash``), the :class:`LoadPlan` that
the loader of :mod:`alliancegraph.neo4j_store` sends batch by batch, the files of
:func:`write_neo4j_csv` and :func:`write_cypher` made from that same plan, and the Cypher literals of the
script. The loader, the neo4j-admin export and the Cypher export hold the same elements with the same
properties because all three take their rows from here (``tests/test_neo4j_rows.py`` parses the files
back and compares them with the loader's rows).

Must not know: Bolt, the driver, sessions, servers or load sets (:mod:`alliancegraph.neo4j_store` sends
these rows and owns the Cypher that claims and releases them); networkx formats and images
(:mod:`alliancegraph.views.exports`, :mod:`alliancegraph.views.image`); the command line.

Elements
--------
* a **node**: id = the node's id; properties = the model's (``label`` left out, tuples as lists);
* a **fact relationship** (every type of :data:`~alliancegraph.schema.REL_TYPES` not ``derived``): id =
  its ``id`` property; properties = the model's (``type`` left out);
* a **derived tie**, one per :class:`~alliancegraph.graph.Tie` of :meth:`AllianceGraph.ties`:
  ``ALLIED_WITH`` (sign +1) or ``HOSTILE_TO`` (sign -1) from state ``a`` to state ``b``. Its id is
  :attr:`Tie.id`, and ``<Tie.id>#<n>`` for the n-th tie that shares one (same fact, dyad and start;
  :func:`tie_ids`). Properties (:func:`tie_props`): ``id``, ``from`` / ``to`` (partial ISO dates),
  ``via``, the dated confidence of its fact as ``confidence_levels`` and ``confidence_on`` (absent for a
  fact confirmed throughout; :func:`confidence_steps`); ALLIED_WITH adds ``tie_kind``, ``strength``
  (:data:`~alliancegraph.graph.DEFAULT_STRENGTHS` of the kind) and ``via_label``; HOSTILE_TO adds
  ``level``.

One rule for a missing value, ties included: **a value that is missing is absent** (Neo4j stores no null).
So a HOSTILE_TO carries the tie's own ``level`` (:meth:`AllianceGraph.ties` gives every hostile tie its
conflict's MID hostility level, 1 when the conflict records none); a hostile tie without a level gets no
``level`` property, in the loader and in both files alike: the rows never invent one. An open or unknown
``from`` / ``to`` is absent too.

Every date property ``<p>`` gets its ``DATE`` companion ``<p>_first`` or ``<p>_last``
(:func:`alliancegraph.schema.date_companion`). The loader's rows also carry ``load_hash``
(:func:`load_hash`: the first 16 bytes of a SHA-256 of the element's kind, name, endpoints and model
properties, as hex); the files do not (an imported database is no load set; the loader's other
bookkeeping, ``load_sets`` and ``load_owner``, is set by its Cypher).

Examples
--------
>>> from alliancegraph import open_graph
>>> plan = load_plan(open_graph())
>>> row = next(r for r in plan.rows(("HOSTILE_TO", "State", "State"), 0, plan.count(("HOSTILE_TO", "State", "State")))
...            if r["id"] == "korean-war/CHN/USA/1950-10-19")
>>> (row["start"], row["end"], row["props"]["level"], str(row["props"]["from_first"]))
('CHN', 'USA', 5, '1950-10-19')
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, Union

from .dates import PartialDate
from .errors import AllianceGraphError, InvalidArgumentError
from .gcpause import paused_gc
from .fileio import atomic_file, atomic_files
from .graph import DEFAULT_STRENGTHS, AllianceGraph, Tie
from .model import Confidence, ConfidenceEntry, confidence_as_of
from .schema import (ANALYSIS_LABELS, ANALYSIS_RELS, DATE_END_PROPS, DATE_START_PROPS, LOAD_PROPS, NODE_LABELS, REL_TYPES,
                     date_companion, label,
                     rel_type, schema_statements)

__all__ = ["Neo4jStoreError", "Neo4jFormatError", "NODE_ORDER", "FACT_RELS", "TIE_RELS", "NEO4J_ONLY",
           "ARRAY_DELIMITER", "CSV_TYPES", "content", "with_companions", "load_hash", "confidence_steps", "tie_props", "tie_ids",
           "model_props", "LoadPlan", "load_plan", "element_plan", "ANALYSIS_ORDER", "RelKey", "write_neo4j_csv", "write_cypher", "cypher_string",
           "cypher_literal"]

NODE_ORDER = ("Source", "State", "Bloc", "Treaty", "Conflict")
"""The order in which labels are written and read (the order of ``AllianceGraph.from_facts``)."""
FACT_RELS = tuple(r for r in REL_TYPES.values() if not r.derived)
"""The relationship types of facts (the others, ALLIED_WITH and HOSTILE_TO, are derived ties)."""
TIE_RELS = {+1: REL_TYPES["ALLIED_WITH"], -1: REL_TYPES["HOSTILE_TO"]}
"""The relationship type of a derived tie, by its sign."""

ANALYSIS_ORDER = tuple(ANALYSIS_LABELS)
"""The order in which the labels of a load set of analyses are written (:func:`element_plan`)."""

_COMPANIONS = frozenset(c for p in {*(p for x in [*NODE_LABELS.values(), *ANALYSIS_LABELS.values()]
                                          for p in x.properties),
                                     *(p for x in [*REL_TYPES.values(), *ANALYSIS_RELS.values()]
                                       for p in x.properties)}
                        if (c := date_companion(p)))
NEO4J_ONLY = _COMPANIONS | frozenset(LOAD_PROPS)
"""Properties Neo4j holds that the model has not: the DATE companions and the loader's bookkeeping."""

ARRAY_DELIMITER = ";"
"""The item separator of a list in the neo4j-admin CSV (``--array-delimiter``)."""
CSV_TYPES = {"STRING": "string", "INTEGER": "int", "FLOAT": "double", "BOOLEAN": "boolean",
             "LIST<STRING>": "string[]", "DATE": "date", "LIST<DATE>": "date[]"}
"""neo4j-admin import header type of each schema property type (``double``: Cypher FLOATs are 64-bit)."""

RelKey = tuple[str, str, str]
"""``(relationship type, start label, end label)``: one group of relationships in the plan and the files."""
PlanKey = Union[str, RelKey]


# ---------------------------------------------------------------------------- errors
class Neo4jStoreError(AllianceGraphError, RuntimeError):
    """A Neo4j problem, said in one line (naming the server, never the password, where there is one):
    server unreachable, credentials refused, unknown database, server too old, a query Neo4j rejected, or
    an element the Neo4j form cannot hold (:class:`Neo4jFormatError`).

    Examples
    --------
    >>> from alliancegraph import AllianceGraphError, Neo4jFormatError, Neo4jStoreError
    >>> issubclass(Neo4jStoreError, AllianceGraphError), issubclass(Neo4jFormatError, Neo4jStoreError)
    (True, True)
    """


class Neo4jFormatError(Neo4jStoreError, ValueError):
    """A node, relationship or value the Neo4j form cannot hold: a label, type or property outside
    :mod:`alliancegraph.schema`, a list item holding the CSV array delimiter, a value with no Cypher
    literal. Raised before anything is written.

    Examples
    --------
    >>> try:
    ...     cypher_literal(object())
    ... except Neo4jFormatError as e:
    ...     print(isinstance(e, ValueError), str(e).startswith("no Cypher literal for object"))
    True True
    """


# ---------------------------------------------------------------------------- properties and hashes
_HASH_JSON = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False)
"""One encoder for every row hash: ``json.dumps`` with these options builds a new encoder per call, which
cost more than the hashing itself; the text (and so every ``load_hash``) is the same."""


def _digest(*parts: Any) -> bytes:
    """The first 16 bytes of the SHA-256 of ``parts`` as JSON (:func:`load_hash` is their hex)."""
    return hashlib.sha256(_HASH_JSON.encode(parts).encode()).digest()[:16]


def load_hash(kind: str, name: str, endpoints: Sequence[str], props: Mapping[str, Any]) -> str:
    """The ``load_hash`` of one element: hex of the first 16 bytes of the SHA-256 of ``[kind, name,
    endpoints, props]`` as JSON with sorted keys (``kind`` ``'node'`` or ``'relationship'``, ``endpoints``
    empty for a node, ``props`` the model properties of :func:`content`).

    Examples
    --------
    >>> h = load_hash("node", "State", (), {"id": "FRA", "name": "France"})
    >>> len(h), h == load_hash("node", "State", (), {"name": "France", "id": "FRA"})
    (32, True)
    """
    return _digest(kind, name, tuple(endpoints), props).hex()


def _allowed(kind: str, name: str) -> Mapping[str, str]:
    if kind == "node":
        return (NODE_LABELS.get(name) or ANALYSIS_LABELS[name]).properties
    return (REL_TYPES.get(name) or ANALYSIS_RELS[name]).properties


def content(kind: str, name: str, data: Mapping[str, Any], what: str) -> dict[str, Any]:
    """The model's properties of one node or relationship as Neo4j stores them: ``label`` and ``type`` left
    out, tuples as lists, every key checked against the schema of label or type ``name``.

    Parameters
    ----------
    kind : {'node', 'relationship'}
    name : str
        The node label or relationship type.
    data : mapping
        The element's attributes in :attr:`AllianceGraph.pg`.
    what : str
        How messages name the element (its id, repr'd).

    Raises
    ------
    Neo4jFormatError
        On a property the schema of ``name`` does not know.

    Examples
    --------
    >>> content("node", "State", {"label": "State", "id": "FRA", "aliases": ("French Republic",)}, "'FRA'")
    {'id': 'FRA', 'aliases': ['French Republic']}
    """
    allowed = _allowed_keys(kind, name)
    if not data.keys() <= allowed:
        k = next(k for k in data if k not in allowed)
        raise Neo4jFormatError(f"{kind} {what}: property {k!r} is not in the schema of {name} "
                               f"(alliancegraph.schema)")
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items() if k != "label" and k != "type"}


@functools.cache
def _allowed_keys(kind: str, name: str) -> frozenset[str]:
    """The keys :func:`content` lets through: the schema's properties of ``name``, ``label`` and ``type``."""
    return frozenset(_allowed(kind, name)) | {"label", "type"}


@functools.lru_cache(maxsize=1 << 16)
def _companion_value(text: str, first: bool) -> _dt.date:
    d = PartialDate.parse(text)
    return d.first_day() if first else d.last_day()


_companion_of = functools.cache(date_companion)
_DATE_PROPS = frozenset(DATE_START_PROPS + DATE_END_PROPS)


def with_companions(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` with the ``DATE`` companion of each date property (``from`` -> ``from_first``, the first
    day; ``to`` -> ``to_last``, the last day).

    Examples
    --------
    >>> with_companions({"id": "x", "from": "1994", "to": "2014-03"})
    {'id': 'x', 'from': '1994', 'to': '2014-03', 'from_first': datetime.date(1994, 1, 1), 'to_last': datetime.date(2014, 3, 31)}
    """
    out = dict(props)
    for k, v in props.items():
        if k in _DATE_PROPS and isinstance(v, str):
            companion = _companion_of(k)
            assert companion is not None  # every key of _DATE_PROPS has one
            out[companion] = _companion_value(v, companion.endswith("_first"))
    return out


def _check_dates(props: Mapping[str, Any]) -> None:
    """Parse the date properties of ``props`` (as :func:`with_companions` will), so that a bad one stops a
    load or an export before anything is written."""
    for k, v in props.items():
        companion = _companion_of(k)
        if companion and isinstance(v, str):
            _companion_value(v, companion.endswith("_first"))


def confidence_steps(entries: tuple[ConfidenceEntry, ...]) -> tuple[list[str], list[_dt.date]]:
    """The confidence of a fact over time as Cypher reads it: ``(levels, on)``, ``levels[0]`` in force until
    the day before ``on[0]``, ``levels[i]`` from ``on[i - 1]`` (the first day of that entry's date) until the
    day before ``on[i]``, the last to the end; so ``len(levels) == len(on) + 1`` and the level on a day ``d``
    is ``levels[number of on-dates <= d]``. Each level is :func:`alliancegraph.model.confidence_as_of` on
    that day (the one rule: the last entry dated on or before the day, undated entries always, the first
    entry before every date); a date on which the level does not change is left out, so a fact whose
    confidence never changes has one level and no date.

    Examples
    --------
    >>> from alliancegraph.graph.build import confidence_entries
    >>> import json
    >>> h = json.dumps([{"value": "alleged", "date": "2022-07-11"}, {"value": "denied", "date": "2022-11"},
    ...                 {"value": "confirmed", "date": "2022-11-05"}])
    >>> confidence_steps(confidence_entries(h))
    (['alleged', 'denied', 'confirmed'], [datetime.date(2022, 11, 1), datetime.date(2022, 11, 5)])
    >>> confidence_steps(confidence_entries(None))
    (['confirmed'], [])
    """
    if not entries:  # most facts: no history, confirmed throughout (confidence_as_of of an empty history)
        return [Confidence.CONFIRMED.value], []
    days = sorted({e.date.first_day() for e in entries if e.date is not None})
    levels = [confidence_as_of(entries, days[0] - _dt.timedelta(days=1) if days else None).value]
    on: list[_dt.date] = []
    for day in days:
        level = confidence_as_of(entries, day).value
        if level != levels[-1]:
            levels.append(level)
            on.append(day)
    return levels, on


def tie_props(t: Tie) -> dict[str, Any]:
    """The properties of the derived ALLIED_WITH or HOSTILE_TO relationship of a tie (its id
    :attr:`Tie.id`; :func:`tie_ids` renumbers ties that share one). A missing value is absent: an open
    ``to``, and the ``level`` of a hostile tie that has none (see the module docstring).

    The confidence of the fact behind the tie, as of any day, is ``confidence_levels`` and
    ``confidence_on`` (:func:`confidence_steps`): both absent for a fact confirmed throughout (the most
    ties: a fact without a history is confirmed), ``confidence_on`` absent for one whose level never
    changes. In Cypher the level on ``date($asOf)`` is
    ``coalesce(t.confidence_levels, ['confirmed'])[size([d IN coalesce(t.confidence_on, []) WHERE d <= date($asOf)])]``
    (cypher/README.md).

    Examples
    --------
    >>> from alliancegraph import PartialDate
    >>> t = Tie("RUS", "UKR", -1, "hostility", "invasion", "Conflict", PartialDate.parse("2022-02-24"), None)
    >>> tie_props(t)
    {'id': 'invasion/RUS/UKR/2022-02-24', 'from': '2022-02-24', 'via': 'invasion'}
    >>> tie_props(Tie("RUS", "UKR", -1, "hostility", "invasion", "Conflict", None, None, level=4))["level"]
    4
    >>> from alliancegraph import open_graph
    >>> troops = next(t for t in open_graph().ties() if t.via == "prk-rus-troops-2024")
    >>> p = tie_props(troops)
    >>> p["confidence_levels"], [d.isoformat() for d in p["confidence_on"]]
    (['alleged', 'denied', 'reported', 'confirmed'], ['2024-10-21', '2024-10-23', '2025-04-26'])
    """
    levels, on = confidence_steps(t.confidence)
    props: dict[str, Any] = {"id": t.id, "from": t.start.iso() if t.start else None,
                             "to": t.end.iso() if t.end else None, "via": t.via,
                             "confidence_levels": None if levels == [Confidence.CONFIRMED.value] else levels,
                             "confidence_on": on or None}
    if t.sign > 0:
        props.update(tie_kind=t.kind, strength=DEFAULT_STRENGTHS[t.kind], via_label=t.via_label)
    else:
        props["level"] = t.level
    return {k: v for k, v in props.items() if v is not None}


def tie_ids(graph: AllianceGraph) -> Iterator[tuple[Tie, str, bool]]:
    """``(tie, id, distinct)`` for every tie of ``graph.ties()``, in that order: the id is :attr:`Tie.id`,
    and ``<Tie.id>#<n>`` for the n-th tie (n >= 2) of one :attr:`Tie.id` (the same fact, dyad and start);
    ``distinct`` is False when the id equals one given before. The id of a tie in Neo4j, in both Neo4j
    files and in the history export.

    The ties come sorted by dyad and an id names its dyad (unless a state id holds the separator ``/``),
    so ids are counted per dyad, in a dict of one dyad's ids rather than of all.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> t, tid, distinct = next(tie_ids(open_graph()))
    >>> tid == t.id and distinct
    True
    """
    per_dyad = not any("/" in n for n, _ in graph.nodes("State"))
    seen: dict[str, int] = {}
    given: set[str] = set()
    dyad: tuple[str, str] | None = None
    for t in graph.ties():
        if per_dyad and (t.a, t.b) != dyad:
            dyad = (t.a, t.b)
            seen, given = {}, set()
        tid = t.id
        n = seen[tid] = seen.get(tid, 0) + 1
        if n > 1:  # two ties with one id: keep both, apart
            tid = f"{tid}#{n}"
        distinct = tid not in given
        given.add(tid)
        yield t, tid, distinct


def model_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """The model's properties of an element read from Neo4j: sorted, lists as lists, without
    :data:`NEO4J_ONLY` (the DATE companions and the bookkeeping). The inverse of the rows' ``props``.

    Examples
    --------
    >>> model_props(with_companions({"id": "x", "from": "1994", "load_hash": "ab"}))
    {'from': '1994', 'id': 'x'}
    """
    return {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in sorted(props.items())
            if k not in NEO4J_ONLY}


# ---------------------------------------------------------------------------- the load plan
@dataclass
class LoadPlan:
    """Every element of one graph in its Neo4j form, checked against the schema and hashed, but not yet
    turned into rows (:func:`load_plan` makes it).

    ``nodes``: per label (all of :data:`NODE_ORDER`, empty ones too), ``(id, attributes)`` of each node,
    sorted by id; ``rels``: per :data:`RelKey`, ``(start, end, attributes)`` of each fact relationship
    (sorted by type and id) or the :class:`~alliancegraph.graph.Tie` of each derived tie (in
    ``graph.ties()`` order); ``renamed`` holds the ids of ties that share an id with an earlier one, by
    ``(key, index)``; ``hashes``: the ``load_hash`` of each, 16 bytes apiece, in the same order (empty in a
    plan made with ``hashed=False``, which the file forms use: they carry no ``load_hash``). ``unique``:
    the relationship types whose ids are all distinct. :meth:`rows` makes the rows of one batch, so that a
    load holds a batch of rows at a time, not those of the whole graph.
    """

    nodes: dict[str, list[tuple[str, Mapping[str, Any]]]]
    rels: dict[RelKey, list[Any]]
    hashes: dict[Any, bytearray]
    renamed: dict[tuple[RelKey, int], str] = field(default_factory=dict)
    unique: set[str] = field(default_factory=set)
    hashed: bool = True
    labels: tuple[str, ...] = NODE_ORDER
    """The labels this kind of load set holds (written in this order, released in the reverse): the facts'
    :data:`NODE_ORDER`, or a load set of analyses' :data:`ANALYSIS_ORDER`."""
    types: tuple[str, ...] = tuple(REL_TYPES)
    """The relationship types this kind of load set holds (its stale ones are released)."""

    @property
    def total(self) -> int:
        """Every node and relationship (derived ties included)."""
        return self.node_count + sum(map(len, self.rels.values()))

    @property
    def node_count(self) -> int:
        """Every node."""
        return sum(map(len, self.nodes.values()))

    def count(self, key: PlanKey) -> int:
        """How many nodes of a label (``key`` a str) or relationships of a :data:`RelKey`."""
        return len(self.nodes.get(key, [])) if isinstance(key, str) else len(self.rels.get(key, []))

    def type_counts(self) -> dict[str, int]:
        """Relationships per type (derived ties included), sorted by type."""
        out: dict[str, int] = {}
        for (rtype, _, _), items in self.rels.items():
            out[rtype] = out.get(rtype, 0) + len(items)
        return dict(sorted(out.items()))

    def load_hash(self, key: PlanKey, index: int) -> str:
        """The ``load_hash`` of item ``index`` of a label or :data:`RelKey` (:func:`load_hash`)."""
        return self.hashes[key][16 * index:16 * index + 16].hex()

    def rel_id(self, key: RelKey, index: int) -> str:
        """The id of relationship ``index`` of ``key`` (a tie's as :func:`tie_ids` numbers it)."""
        item = self.rels[key][index]
        if isinstance(item, Tie):
            return self.renamed.get((key, index)) or item.id
        return str(item[2]["id"])

    def node_ids(self, label: str) -> set[str]:
        """The ids of every node of ``label``."""
        return {n for n, _ in self.nodes.get(label, [])}

    def ids(self, rtype: str) -> set[str]:
        """The ids of every relationship of type ``rtype``."""
        return {self.rel_id(k, i) for k, items in self.rels.items() if k[0] == rtype for i in range(len(items))}

    def rows(self, key: PlanKey, start: int, stop: int) -> list[dict[str, Any]]:
        """The loader's rows of items ``start:stop`` of a label (``key`` a str: ``{id, props}``) or of a
        :data:`RelKey` (``{id, start, end, props}``); ``props`` are the element's properties with their
        DATE companions and ``load_hash`` (none in a plan made with ``hashed=False``)."""
        return self.rows_at(key, range(start, min(stop, self.count(key))))

    @paused_gc()
    def rows_at(self, key: PlanKey, indices: Sequence[int]) -> list[dict[str, Any]]:
        """:meth:`rows` of the items at ``indices`` (in that order), e.g. those of one partition of the
        endpoints (:meth:`ends`)."""
        out = self._rows(key, indices)
        if self.hashed:
            for i, row in zip(indices, out):
                row["props"]["load_hash"] = self.load_hash(key, i)
        return out

    def ends(self, key: RelKey) -> Iterator[tuple[str, str]]:
        """``(start id, end id)`` of every relationship of ``key``, in the plan's order, without making rows."""
        for item in self.rels.get(key, []):
            yield (item.a, item.b) if isinstance(item, Tie) else (item[0], item[1])

    def _rows(self, key: PlanKey, indices: Sequence[int]) -> list[dict[str, Any]]:
        """The rows of the items at ``indices`` without ``load_hash``: the one definition of a row's content."""
        if isinstance(key, str):
            items = self.nodes[key]
            return [{"id": n, "props": with_companions(content("node", key, d, repr(n)))}
                    for n, d in (items[i] for i in indices)]
        out = []
        rels = self.rels[key]
        for i in indices:
            item = rels[i]
            if isinstance(item, Tie):
                u, v, data = item.a, item.b, tie_props(item)  # (tie_props holds Tie.id: made once a row)
                rid = data["id"] = self.renamed.get((key, i)) or data["id"]
            else:
                u, v, data = item
                rid = data["id"]
            props = with_companions(content("relationship", key[0], data, repr(data.get("id"))))
            out.append({"id": rid, "start": u, "end": v, "props": props})
        return out

    def file_rows(self, key: PlanKey, hashes: bool = False) -> Iterator[dict[str, Any]]:
        """The rows of every item of ``key`` as the files hold them, made 5,000 at a time as they are
        consumed: :meth:`rows` without ``load_hash`` (with it when ``hashes``, in a hashed plan)."""
        if hashes and not self.hashed:
            raise InvalidArgumentError("a plan made with hashed=False has no load_hash")
        for i in range(0, self.count(key), 5000):
            part = range(i, min(i + 5000, self.count(key)))
            yield from (self.rows_at(key, part) if hashes else self._rows(key, part))

    def fact_hash(self) -> str:
        """The hash of every ``load_hash`` by label and relationship key: the same as ``_digest`` of
        ``[(label, [hashes...]) sorted], [([type, start, end], [hashes...]) sorted]``, computed without
        building that list."""
        h = hashlib.sha256()
        groups: tuple[list[PlanKey], list[PlanKey]] = (sorted(self.nodes), sorted(self.rels))
        for part, keys in enumerate(groups):
            h.update(b"[[" if part == 0 else b"], [")
            for j, key in enumerate(keys):
                head = _HASH_JSON.encode(key if isinstance(key, str) else list(key))
                h.update(((", " if j else "") + "[" + head + ", [").encode())
                digests = self.hashes.get(key, bytearray())
                for i in range(0, len(digests), 16 * 4096):
                    part_hex = [digests[k:k + 16].hex() for k in range(i, min(i + 16 * 4096, len(digests)), 16)]
                    h.update(((", " if i else "") + ", ".join(f'"{x}"' for x in part_hex)).encode())
                h.update(b"]]")
        h.update(b"]]")
        return h.hexdigest()[:32]


@paused_gc()
def load_plan(graph: AllianceGraph, hashed: bool = True) -> LoadPlan:
    """Check every node, relationship and derived tie of ``graph`` against the schema and hash it.

    Nothing is written and no row is made yet (:meth:`LoadPlan.rows` makes them batch by batch).

    Parameters
    ----------
    graph : AllianceGraph
    hashed : bool
        True (the loader): every element's properties are checked (keys against the schema, dates parsed)
        and hashed here, before any row is sent. False (the file forms, which carry no ``load_hash``): only
        labels, types and end labels are checked here; properties and dates are checked as each row is made
        (the same errors, raised while the file is written, so the writers write through
        :mod:`alliancegraph.fileio` and a failed export leaves no file).

    Raises
    ------
    Neo4jFormatError
        On a label, relationship type, pair of end labels or property outside the schema.
    DateError
        On a date property that is no date.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> g = open_graph()
    >>> plan = load_plan(g)
    >>> plan.node_count == g.pg.number_of_nodes(), plan.total == g.pg.number_of_edges() + len(g.ties()) + plan.node_count
    (True, True)
    """
    pg = graph.pg
    nodes: dict[str, list[tuple[str, Mapping[str, Any]]]] = {lab: [] for lab in NODE_ORDER}
    hashes: dict[Any, bytearray] = {lab: bytearray() for lab in NODE_ORDER}
    for n, d in sorted(pg.nodes(data=True), key=lambda x: x[0]):
        lab = d.get("label")
        if lab not in NODE_LABELS:
            raise Neo4jFormatError(f"node {n!r}: label {lab!r} is not in the schema (alliancegraph.schema)")
        nodes[lab].append((n, d))
        if hashed:
            props = content("node", lab, d, repr(n))
            _check_dates(props)
            hashes[lab] += _digest("node", lab, (), props)
    rels: dict[RelKey, list[Any]] = {}
    ids: dict[str, set[str]] = {}
    repeated: set[str] = set()
    for u, v, d in sorted(pg.edges(data=True), key=lambda x: (x[2].get("type", ""), x[2].get("id", ""))):
        rtype = d.get("type")
        if rtype not in REL_TYPES or REL_TYPES[rtype].derived:
            raise Neo4jFormatError(f"relationship {d.get('id')!r}: type {rtype!r} is not a fact relationship "
                                   f"of the schema (alliancegraph.schema)")
        spec = REL_TYPES[rtype]
        ls, le = pg.nodes[u].get("label"), pg.nodes[v].get("label")
        if (spec.start not in ("*", ls)) or (spec.end not in ("*", le)):
            raise Neo4jFormatError(f"relationship {d.get('id')!r}: {rtype} from {ls} to {le} is not in the schema "
                                   f"({spec.start} to {spec.end})")
        key = (rtype, ls, le)
        rels.setdefault(key, []).append((u, v, d))
        if hashed:
            props = content("relationship", rtype, d, repr(d.get("id")))
            _check_dates(props)
            hashes.setdefault(key, bytearray()).extend(_digest("relationship", rtype, (u, v), props))
        seen = ids.setdefault(rtype, set())
        if d["id"] in seen:
            repeated.add(rtype)
        seen.add(d["id"])
    plan = LoadPlan(nodes, rels, hashes if hashed else {}, unique=set(ids) - repeated, hashed=hashed)
    del ids
    distinct = {spec.name: True for spec in TIE_RELS.values()}
    for t, tid, fresh in tie_ids(graph):
        spec = TIE_RELS[t.sign]
        key = (spec.name, "State", "State")
        items = rels.setdefault(key, [])
        if tid != t.id:
            plan.renamed[(key, len(items))] = tid
        items.append(t)
        if hashed:
            data = tie_props(t)
            data["id"] = tid
            props = content("relationship", spec.name, data, repr(tid))
            _check_dates(props)
            hashes.setdefault(key, bytearray()).extend(_digest("relationship", spec.name, (t.a, t.b), props))
        distinct[spec.name] = distinct[spec.name] and fresh
    plan.unique |= {name for name, ok in distinct.items() if ok}
    return plan


def element_plan(nodes: Mapping[str, Sequence[tuple[str, Mapping[str, Any]]]],
                 rels: Mapping[RelKey, Sequence[tuple[str, str, Mapping[str, Any]]]]) -> LoadPlan:
    """The :class:`LoadPlan` of a load set of analyses (:mod:`alliancegraph.neo4j_analyses`): its elements
    checked against :data:`~alliancegraph.schema.ANALYSIS_LABELS` and
    :data:`~alliancegraph.schema.ANALYSIS_RELS` and hashed as a graph's are (:func:`load_hash`), so that
    the loader writes, claims and releases them as it does facts.

    Parameters
    ----------
    nodes : mapping
        Label -> ``(id, properties)`` of each node (properties hold ``id``).
    rels : mapping
        :data:`RelKey` -> ``(start id, end id, properties)`` of each relationship (properties hold ``id``).

    Raises
    ------
    Neo4jFormatError
        On a label, type or property outside the analyses' schema, or two nodes of one label or two
        relationships of one type with one id.
    DateError
        On a date property that is no date.

    Examples
    --------
    >>> p = element_plan({"Analysis": [("a1", {"id": "a1", "kind": "clusters", "as_of": "1980-06-30"})]}, {})
    >>> p.count("Analysis"), p.count("Cluster"), str(p.rows("Analysis", 0, 1)[0]["props"]["as_of_first"])
    (1, 0, '1980-06-30')
    >>> element_plan({"Analysis": [("a1", {"id": "a1", "kind": "clusters"}), ("a1", {"id": "a1", "kind": "brokerage"})]}, {})
    Traceback (most recent call last):
    ...
    alliancegraph.neo4j_rows.Neo4jFormatError: node Analysis 'a1' is there twice
    """
    out: dict[str, list[tuple[str, Mapping[str, Any]]]] = {lab: [] for lab in ANALYSIS_ORDER}
    hashes: dict[Any, bytearray] = {lab: bytearray() for lab in ANALYSIS_ORDER}
    for lab, items in nodes.items():
        if lab not in ANALYSIS_LABELS:
            raise Neo4jFormatError(f"node label {lab!r} is not a label of the analyses (alliancegraph.schema)")
        for n, d in sorted(items, key=lambda x: x[0]):
            props = content("node", lab, d, repr(n))
            _check_dates(props)
            if out[lab] and out[lab][-1][0] == n:  # sorted: a repeated id follows its first
                raise Neo4jFormatError(f"node {lab} {n!r} is there twice")
            out[lab].append((n, d))
            hashes[lab] += _digest("node", lab, (), props)
    plan = LoadPlan(out, {}, hashes, labels=ANALYSIS_ORDER, types=tuple(ANALYSIS_RELS))
    seen: dict[str, set[str]] = {}
    for key, group in sorted(rels.items()):
        rtype, start, end = key
        spec = ANALYSIS_RELS.get(rtype)
        if spec is None or spec.start not in ("*", start) or spec.end != end:
            raise Neo4jFormatError(f"relationship {rtype!r} from {start} to {end} is not one of the analyses "
                                   f"(alliancegraph.schema)")
        plan.rels[key] = []
        for u, v, d in sorted(group, key=lambda x: str(x[2]["id"])):
            props = content("relationship", rtype, d, repr(d.get("id")))
            _check_dates(props)
            if d["id"] in seen.setdefault(rtype, set()):
                raise Neo4jFormatError(f"relationship {rtype} {d['id']!r} is there twice")
            seen[rtype].add(d["id"])
            plan.rels[key].append((u, v, d))
            hashes.setdefault(key, bytearray()).extend(_digest("relationship", rtype, (u, v), props))
    plan.unique = set(ANALYSIS_RELS)
    return plan


def _plan_of(graph: "AllianceGraph | LoadPlan") -> LoadPlan:
    return graph if isinstance(graph, LoadPlan) else load_plan(graph)


def _columns(kind: str, name: str) -> dict[str, str]:
    """Property -> schema type of a label or relationship type, with the DATE companions."""
    out = dict(_allowed(kind, name))
    for k in list(out):
        c = date_companion(k)
        if c:
            out[c] = "DATE"
    return out


# ---------------------------------------------------------------------------- neo4j-admin CSV
def _csv_string(value: Any) -> str:
    return '"' + str(value).replace('"', '""') + '"'


def _csv_list(value: Any) -> str:
    items = [str(x) for x in value]
    bad = [x for x in items if ARRAY_DELIMITER in x]
    if bad:
        raise Neo4jFormatError(f"list item {bad[0]!r} holds the array delimiter {ARRAY_DELIMITER!r}")
    return '"' + ARRAY_DELIMITER.join(items).replace('"', '""') + '"'


def _csv_float(value: Any) -> str:
    if not math.isfinite(float(value)):
        raise Neo4jFormatError(f"{value!r} is not a finite number")
    return repr(float(value))


_CSV_FORMAT: dict[str, Callable[[Any], str]] = {
    "STRING": _csv_string, "LIST<STRING>": _csv_list, "INTEGER": lambda v: str(int(v)), "FLOAT": _csv_float,
    "BOOLEAN": lambda v: "true" if v else "false", "DATE": lambda v: str(v.isoformat()),
    "LIST<DATE>": lambda v: ARRAY_DELIMITER.join(d.isoformat() for d in v)}
"""The neo4j-admin CSV text of a present value of each schema type (a missing value is an empty field)."""


def _csv_field(value: Any, ptype: str, where: str) -> str:
    if value is None:
        return ""
    try:
        return _CSV_FORMAT[ptype](value)
    except Neo4jFormatError as e:
        raise Neo4jFormatError(f"{where}: {e}") from None


def _csv_line(fields: Sequence[tuple[str, str]], values: Mapping[str, Any], head: Sequence[str], tail: str,
              where: tuple[str, Any, str]) -> str:
    """One CSV line: the ``head`` fields as they are, then each ``(property, type)`` of ``fields`` from
    ``values`` (absent: empty), then ``tail``. ``where``, ``(kind, id, label or type)``, names the element
    in an error (the text made only then)."""
    fmt = _CSV_FORMAT
    try:
        out = [*head]
        for p, t in fields:
            v = values.get(p)
            out.append("" if v is None else fmt[t](v))
        out.append(tail)
        return ",".join(out)
    except Neo4jFormatError:  # again, slowly, for the message naming the element and the property
        for p, t in fields:
            _csv_field(values.get(p), t, f"{where[0]} {where[1]!r} ({where[2]}) {p}")
        raise


@paused_gc()
def write_neo4j_csv(graph: "AllianceGraph | LoadPlan", directory: str | Path,
                    bookkeeping: Mapping[str, Any] | None = None) -> list[Path]:
    """Write the property graph and its derived ties as CSV files for ``neo4j-admin database import``: the
    elements and properties of the loader's rows (:class:`LoadPlan`), without ``load_hash``.

    One file per node label (``nodes-<Label>.csv``: ``id:ID(<Label>)``, the label's properties with their
    types (``ccode:int``, ``aliases:string[]``, ``strength:double``, ``from_first:date``...) and
    ``:LABEL``) and one per relationship type and start label (``rels-<TYPE>[-<StartLabel>].csv``:
    ``:START_ID(<Label>)``, ``:END_ID(<Label>)``, properties, ``:TYPE``), plus ``import.sh``, the
    neo4j-admin command that imports them (the one definition of its flags: ``scripts/neo4j-server import``
    runs this script). Columns follow :mod:`alliancegraph.schema`. Strings are
    always quoted (``""`` doubled; newlines kept, hence ``--multiline-fields=true``); a missing value is an
    empty unquoted field, so no property; lists use ``;`` between items.

    The files stream: each row is made, written and dropped in turn (5,000 rows are held at a time), so the
    export holds no more of the graph than the graph itself. They are written through
    :func:`alliancegraph.fileio.atomic_files`: a failure leaves ``directory`` as it was.

    Parameters
    ----------
    graph : AllianceGraph or LoadPlan
        A plan made with ``hashed=False`` is enough (and the fastest) without ``bookkeeping``.
    directory : path
        Created if missing; existing files of the same names are replaced.
    bookkeeping : mapping, optional
        For a bulk load (:mod:`alliancegraph.neo4j_bulk`): every element also gets its ``load_hash`` (the
        plan must be hashed) and these constant properties of :data:`alliancegraph.schema.LOAD_PROPS`
        (``load_sets``, ``load_owner``), so that the imported database is a load set as the loader leaves
        it. Default: none (an export).

    Returns
    -------
    list of pathlib.Path
        The CSV files written, then ``import.sh``.

    Raises
    ------
    Neo4jFormatError
        If a node or relationship has a property the schema does not know, or a list item holds ``;``.
    InvalidArgumentError
        For ``bookkeeping`` with a key outside :data:`~alliancegraph.schema.LOAD_PROPS` or ``load_hash``, or
        with a plan made with ``hashed=False``.

    Examples
    --------
    >>> import tempfile
    >>> from alliancegraph import open_graph
    >>> paths = write_neo4j_csv(open_graph(), tempfile.mkdtemp())
    >>> paths[0].name, paths[-1].name, paths[0].read_text().splitlines()[0].startswith("id:ID(Bloc)")
    ('nodes-Bloc.csv', 'import.sh', True)
    """
    extra = dict(bookkeeping or {})
    if set(extra) - set(LOAD_PROPS) or "load_hash" in extra:
        raise InvalidArgumentError(f"bookkeeping: only {', '.join(p for p in LOAD_PROPS if p != 'load_hash')}, "
                                   f"not {sorted(set(extra) - set(LOAD_PROPS) | ({'load_hash'} & set(extra)))}")
    hashes = bookkeeping is not None
    plan = graph if isinstance(graph, LoadPlan) else load_plan(graph, hashed=hashes)
    if hashes and not plan.hashed:
        raise InvalidArgumentError("bookkeeping needs a hashed plan (load_plan(graph)), for its load_hash")
    booked = {"load_hash": LOAD_PROPS["load_hash"], **{k: LOAD_PROPS[k] for k in extra}} if hashes else {}
    tail = ["" if v is None else _CSV_FORMAT[LOAD_PROPS[k]](v) for k, v in extra.items()]
    directory = Path(directory)
    names: list[str] = []
    node_files, rel_files = [], []
    with atomic_files(directory) as tmp:
        for name in sorted(NODE_LABELS):  # every label has its file, even when empty: the command never changes
            columns = _columns("node", name)
            fields = [(p, t) for p, t in columns.items() if p != "id"] + ([("load_hash", "STRING")] if hashes else [])
            header = ([f"id:ID({name})"] + [f"{p}:{CSV_TYPES[t]}" for p, t in fields]
                      + [f"{p}:{CSV_TYPES[t]}" for p, t in booked.items() if p != "load_hash"] + [":LABEL"])
            last = ",".join([*tail, name])
            fname = f"nodes-{name}.csv"
            with open(tmp / fname, "w", encoding="utf-8", newline="") as f:
                f.write(",".join(header) + "\n")
                for row in plan.file_rows(name, hashes):
                    f.write(_csv_line(fields, row["props"], [_csv_string(row["id"])], last,
                                      ("node", row["id"], name)) + "\n")
            names.append(fname)
            node_files.append(fname)
        for key in sorted(plan.rels):
            rtype, sl, el = key
            columns = _columns("relationship", rtype)
            fields = list(columns.items()) + ([("load_hash", "STRING")] if hashes else [])
            header = ([f":START_ID({sl})", f":END_ID({el})"] + [f"{p}:{CSV_TYPES[t]}" for p, t in fields]
                      + [f"{p}:{CSV_TYPES[t]}" for p, t in booked.items() if p != "load_hash"] + [":TYPE"])
            last = ",".join([*tail, rtype])
            multi = sum(1 for k in plan.rels if k[0] == rtype) > 1
            fname = f"rels-{rtype}" + (f"-{sl}" if multi else "") + ".csv"
            with open(tmp / fname, "w", encoding="utf-8", newline="") as f:
                f.write(",".join(header) + "\n")
                for row in plan.file_rows(key, hashes):
                    f.write(_csv_line(fields, row["props"], [_csv_string(row["start"]), _csv_string(row["end"])],
                                      last, ("relationship", row["id"], rtype)) + "\n")
            names.append(fname)
            rel_files.append(fname)
        args = " \\\n  ".join([f"--nodes={f}" for f in node_files] + [f"--relationships={f}" for f in rel_files])
        (tmp / "import.sh").write_text(
            "#!/usr/bin/env sh\n"
            "# Import these CSV files into a new Neo4j 5 database (the database must not exist, or is overwritten):\n"
            "#   NEO4J_HOME=/path/to/neo4j sh import.sh [DATABASE]   (default database: neo4j; stop the server first)\n"
            "# (scripts/neo4j-server import DIR [DATABASE] runs this file; its flags are defined here only)\n"
            "set -eu\n"
            'cd "$(dirname "$0")"\n'
            'exec "${NEO4J_HOME:?set NEO4J_HOME}/bin/neo4j-admin" database import full "${1:-neo4j}" --overwrite-destination \\\n'
            f"  --multiline-fields=true --array-delimiter='{ARRAY_DELIMITER}' --id-type=string \\\n"
            f"  {args}\n", encoding="utf-8")
        names.append("import.sh")
    return [directory / n for n in names]


# ---------------------------------------------------------------------------- Cypher script
def cypher_string(text: str) -> str:
    """A Cypher string literal for ``text``: single-quoted, with ``\\``, ``'`` and ``"`` escaped, and
    newlines, tabs and every other control character (and U+2028, U+2029) written as escapes, so that the
    literal is one line and means exactly ``text``.

    Examples
    --------
    >>> print(cypher_string("it's\\n"))
    'it\\'s\\n'
    """
    out = ["'"]
    for ch in text:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F or ch in "\u2028\u2029":
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def _key(name: str) -> str:
    """A property key as Cypher text: always backticked (backticks doubled), so keywords like ``from``
    are keys too."""
    return "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a property value: string, integer (64-bit), finite float, boolean,
    ``datetime.date`` (``date('YYYY-MM-DD')``), a list of those, or a map with string keys.

    Raises
    ------
    Neo4jFormatError
        For ``None`` (Neo4j stores no null property: leave the key out), a NaN or infinite float, an
        integer beyond 64 bits, a datetime, a nested list, or another type.

    Examples
    --------
    >>> print(cypher_literal({"from": "1994", "n": [1, 2.5], "day": __import__("datetime").date(2024, 12, 4)}))
    {`from`: '1994', `n`: [1, 2.5], `day`: date('2024-12-04')}
    """
    if value is None:
        raise Neo4jFormatError("None has no Cypher property literal: leave the property out")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not -(2 ** 63) <= value < 2 ** 63:
            raise Neo4jFormatError(f"integer {value} does not fit in 64 bits")
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Neo4jFormatError(f"{value!r} is not a finite number")
        return repr(value)
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, _dt.datetime):
        raise Neo4jFormatError("datetimes are not exported; use dates")
    if isinstance(value, _dt.date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, (list, tuple)):
        if any(isinstance(x, (list, tuple, dict)) for x in value):
            raise Neo4jFormatError("nested lists and maps are not property values")
        return "[" + ", ".join(cypher_literal(x) for x in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(str(k))}: {cypher_literal(v)}" for k, v in value.items() if v is not None) + "}"
    raise Neo4jFormatError(f"no Cypher literal for {type(value).__name__} {value!r}")


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@paused_gc()
def write_cypher(graph: "AllianceGraph | LoadPlan", path: str | Path, batch: int = 500) -> Path:
    """Write a parameter-free Cypher script that builds the graph in Neo4j (``cypher-shell -f FILE``): the
    elements and properties of the loader's rows (:class:`LoadPlan`), without ``load_hash``.

    The script creates the schema's constraints and indexes (``IF NOT EXISTS``), then ``MERGE``s every node
    on its key and every relationship (and derived tie) on its ``id`` between matched ends, and sets their
    properties with ``SET x += {...}``: running it twice changes nothing. Rows go in ``UNWIND [...] AS
    row`` batches of ``batch``. Every value is a Cypher literal (:func:`cypher_literal`: strings escaped,
    dates as ``date(...)``); labels and relationship types come from :mod:`alliancegraph.schema` only,
    keys are backticked. Statements end with ``;`` and are separated by a blank line; no string literal
    holds a raw line break.

    Raises
    ------
    Neo4jFormatError
        On a property the schema does not know or a value with no literal.
    OSError
        If the file cannot be written (:func:`alliancegraph.fileio.atomic_file`: a failed write keeps an older file).

    Examples
    --------
    >>> import tempfile
    >>> from alliancegraph import open_graph
    >>> p = write_cypher(open_graph(), Path(tempfile.mkdtemp()) / "g.cypher")
    >>> "MERGE (x:State {id: row.id})" in p.read_text()
    True
    """
    plan = graph if isinstance(graph, LoadPlan) else load_plan(graph, hashed=False)
    path = Path(path)
    with atomic_file(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        # the header names ``path``, the file the user runs, never the temporary one; each statement is
        # written as it is made (a batch of rows at a time)
        f.write(f"// alliancegraph: {plan.node_count} nodes and {plan.total - plan.node_count} relationships "
                f"(derived ALLIED_WITH and HOSTILE_TO ties included)\n"
                f"// run with: cypher-shell -f {path.name}   (idempotent: MERGE on keys)")
        for stmt in schema_statements():
            f.write("\n\n" + stmt + ";")
        for name in sorted(k for k in plan.nodes if plan.count(k)):
            for chunk in _batches(plan.file_rows(name), batch):
                lit = ",\n  ".join("{id: %s, props: %s}" % (cypher_string(r["id"]), cypher_literal(r["props"]))
                                   for r in chunk)
                f.write(f"\n\nUNWIND [\n  {lit}\n] AS row\nMERGE (x:{label(name)} {{id: row.id}})\nSET x += row.props;")
        for key in sorted(plan.rels):
            rtype, sl, el = key
            for chunk in _batches(plan.file_rows(key), batch):
                lit = ",\n  ".join("{start: %s, end: %s, props: %s}" % (
                    cypher_string(r["start"]), cypher_string(r["end"]), cypher_literal(r["props"])) for r in chunk)
                start = "" if sl == "*" else f":{label(sl)}"
                f.write(f"\n\nUNWIND [\n  {lit}\n] AS row\nMATCH (a{start} {{id: row.start}})\n"
                        f"MATCH (b:{label(el)} {{id: row.end}})\n"
                        f"MERGE (a)-[x:{rel_type(rtype)} {{id: row.props.id}}]->(b)\nSET x += row.props;")
        f.write("\n")
    return path
