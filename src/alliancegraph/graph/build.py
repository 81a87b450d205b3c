"""The property graph: built from facts, read by label, relationship type and state.

Owns: :func:`property_graph` (validated facts -> the frozen ``networkx.MultiDiGraph`` that mirrors the Neo4j
model of ``docs/architecture.md``: nodes keyed by fact id with a ``label``, relationships keyed by id with a
``type``, every property as in :mod:`alliancegraph.schema`), the property formats it writes and the graph
reads back (``confidence_history`` JSON: :func:`confidence_json`, :func:`confidence_entries`; spells and
dated names: :func:`alliancegraph.dates.span_text`), and :class:`PropertyGraph`, the read access every
later layer uses: nodes by label, relationships by type, states, their names, codes and state-system
spells, fact names.

Must not know: ties, snapshots, projections, edits (:mod:`.ties`, :mod:`.projections`, :mod:`.alliance`
build on this module), Neo4j, views.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Iterable, Mapping, TypeVar

import networkx as nx

from ..dates import DateError, PartialDate, parse_optional, parse_span, span_text
from ..model import Confidence, ConfidenceEntry, FactSet
from ..names import StateKeys, StateNames, UnknownStateError
from .frozen import freeze_graph

__all__ = ["PropertyGraph", "property_graph", "confidence_json", "confidence_entries", "ALWAYS"]

ALWAYS = (_dt.date.min.toordinal(), _dt.date.max.toordinal())
"""Day numbers standing for an open start and an open end."""

_PG = TypeVar("_PG", bound="PropertyGraph")


def confidence_json(entries: Iterable[ConfidenceEntry]) -> str:
    """A fact's confidence history as the JSON text of its ``confidence_history`` property (oldest first).

    Examples
    --------
    >>> from alliancegraph.model import Confidence, ConfidenceEntry
    >>> confidence_json([ConfidenceEntry(Confidence.ALLEGED, PartialDate(2023, 9), ("s1",))])
    '[{"date": "2023-09", "note": null, "sources": ["s1"], "value": "alleged"}]'
    """
    return json.dumps([{"value": e.value.value, "date": e.date.iso() if e.date else None,
                        "sources": list(e.sources), "note": e.note} for e in entries], sort_keys=True)


def confidence_entries(text: str | None) -> tuple[ConfidenceEntry, ...]:
    """The confidence history read back from a ``confidence_history`` property (:func:`confidence_json`);
    a fact without one is confirmed.

    Examples
    --------
    >>> confidence_entries(None)
    (ConfidenceEntry(value=<Confidence.CONFIRMED: 'confirmed'>, date=None, sources=(), note=None),)
    >>> confidence_entries(confidence_json(confidence_entries(None))) == confidence_entries(None)
    True
    """
    if not text:
        return (ConfidenceEntry(Confidence.CONFIRMED),)
    return tuple(ConfidenceEntry(Confidence(e["value"]), parse_optional(e.get("date")), tuple(e.get("sources") or ()),
                                 e.get("note")) for e in json.loads(text))




def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    """Drop None values and turn dates into ISO text and tuples into lists (Neo4j property types)."""
    out: dict[str, Any] = {}
    for k, v in props.items():
        if v is None or v == ():
            continue
        if isinstance(v, PartialDate):
            v = v.iso()
        elif isinstance(v, tuple):
            v = list(v)
        elif hasattr(v, "value") and isinstance(getattr(v, "value"), str):  # vocabulary enums
            v = v.value
        out[k] = v
    return out


def _fact_props(fact: Any) -> dict[str, Any]:
    o = fact.origin
    return {
        "id": fact.id,
        "confidence": fact.confidence[-1].value.value,
        "confidence_history": confidence_json(fact.confidence),
        "note": fact.note,
        "origin_file": o.file if o else None,
        "origin_line": o.line if o else None,
        "dataset": o.dataset if o else "curated",
        "dataset_version": o.version if o else None,
        "codes": tuple(getattr(fact, "codes", ())),
        "same_as": getattr(fact, "same_as", None),
    }



def property_graph(facts: FactSet) -> nx.MultiDiGraph:
    """The property graph of validated facts, frozen (:func:`~alliancegraph.graph.frozen.freeze_graph`).

    Nodes are added in sorted id order and relationships in a fixed order, so the graph (and every
    seeded analysis on it) does not depend on the order of the facts in the files. A State with a ccode
    gets its dated historical names from the crosswalk
    (:data:`alliancegraph.importers.codes.NAME_HISTORY`) as ``name_history``: ``'name@from/to'`` entries,
    ISO days, ``..`` for an open end (read by :meth:`PropertyGraph.state_name`); its state-system spells
    are ``system_spells``, ``'from/to'`` entries (:func:`alliancegraph.dates.span_text`).

    Parameters
    ----------
    facts : FactSet
        Validated facts (:func:`alliancegraph.facts.read_facts`).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by fact id with a ``label``, relationships keyed by their id with a ``type``, every
        property as in :mod:`alliancegraph.schema`; immutable.

    Examples
    --------
    >>> from alliancegraph.model import Bloc, FactSet
    >>> pg = property_graph(FactSet(blocs={"nato": Bloc(id="nato", name="North Atlantic Treaty Organization")}))
    >>> pg.nodes["nato"]["label"], pg.nodes["nato"]["name"], pg.nodes["nato"]["dataset"]
    ('Bloc', 'North Atlantic Treaty Organization', 'curated')
    >>> pg.remove_node("nato")
    Traceback (most recent call last):
    ...
    networkx.exception.NetworkXError: Frozen graph can't be modified
    """
    from ..importers.codes import dated_codes, historical_names

    g = nx.MultiDiGraph()

    def node(label: str, props: dict[str, Any]) -> None:
        g.add_node(props["id"], label=label, **_clean(props))

    def rel(a: str, b: str, rtype: str, props: dict[str, Any]) -> None:
        g.add_edge(a, b, key=props["id"], type=rtype, **_clean(props))

    for s in sorted(facts.sources.values(), key=lambda x: x.id):
        o = s.origin
        node("Source", {"id": s.id, "publisher": s.publisher, "title": s.title, "date": s.date, "url": s.url,
                        "origin_file": o.file if o else None, "origin_line": o.line if o else None,
                        "dataset": o.dataset if o else "curated", "dataset_version": o.version if o else None})
    for st in sorted(facts.states.values(), key=lambda x: x.id):
        spells = [span_text(sp.start, sp.end) for sp in st.spells]
        names = () if st.ccode is None else tuple(f"{n}@{a}/{b}" for n, a, b in historical_names(st.ccode))
        codes = () if st.ccode is None else tuple(f"{c}/{abb}@{a}/{b}" for c, abb, a, b in dated_codes(st.ccode))
        node("State", {**_fact_props(st), "name": st.name, "aliases": st.aliases, "ccode": st.ccode,
                       "cow_abb": st.cow_abb, "iso3": st.iso3, "system_spells": tuple(spells),
                       "name_history": names, "code_history": codes})
    for b in sorted(facts.blocs.values(), key=lambda x: x.id):
        node("Bloc", {**_fact_props(b), "name": b.name, "short_name": b.short_name, "kind": b.kind, "founded": b.founded,
                      "dissolved": b.dissolved})
    for t in sorted(facts.treaties.values(), key=lambda x: x.id):
        node("Treaty", {**_fact_props(t), "name": t.name, "short_name": t.short_name, "kind": t.kind,
                        "signed": t.signed,
                        "in_force": t.in_force, "ended": t.ended,
                        "obligations": tuple(o.type.value for o in t.obligations),
                        "defers_to": tuple(t.defers_to),
                        "obligation_articles": tuple(f"{o.type.value}:{','.join(o.articles)}"
                                                     for o in t.obligations if o.articles)})
    for c in sorted(facts.conflicts.values(), key=lambda x: x.id):
        node("Conflict", {**_fact_props(c), "name": c.name, "kind": c.kind, "start": c.start, "end": c.end,
                          "hostility_level": c.hostility_level, "fatality_level": c.fatality_level,
                          "outcome": c.outcome})

    for t in sorted(facts.treaties.values(), key=lambda x: x.id):
        seen: dict[str, int] = {}
        for p in t.parties:
            n = seen[p.state] = seen.get(p.state, 0) + 1
            rel(p.state, t.id, "PARTY_TO", {"id": f"{t.id}/{p.state}" + (f"/{n}" if n > 1 else ""),
                                            "from": p.start, "to": p.end, "ratified": p.ratified})
        for old in sorted(t.supersedes):
            rel(t.id, old, "SUPERSEDES", {"id": f"{t.id}>{old}"})
    for b in sorted(facts.blocs.values(), key=lambda x: x.id):
        if b.established_by:
            rel(b.established_by, b.id, "ESTABLISHES", {"id": f"{b.established_by}>{b.id}"})
        ms = sorted(b.memberships, key=lambda m: (m.state, m.start.sort_key() if m.start else (_dt.date.min, 0)))
        for m in ms:
            o = m.origin
            rel(m.state, b.id, "MEMBER_OF", {
                "id": f"{b.id}/{m.state}/{m.start or '..'}/{m.status.value}", "status": m.status,
                "from": m.start, "to": m.end, "sources": tuple(m.sources),
                "origin_file": o.file if o else None, "origin_line": o.line if o else None,
                "dataset": o.dataset if o else (b.origin.dataset if b.origin else "curated"),
                "dataset_version": o.version if o else (b.origin.version if b.origin else None)})
    for c in sorted(facts.conflicts.values(), key=lambda x: x.id):
        seen = {}
        for q in c.participants:
            n = seen[q.state] = seen.get(q.state, 0) + 1
            rel(q.state, c.id, "PARTICIPANT_IN", {"id": f"{c.id}/{q.state}" + (f"/{n}" if n > 1 else ""),
                                                  "side": q.side, "from": q.start, "to": q.end})
    for sup in sorted(facts.supports.values(), key=lambda x: x.id):
        rel(sup.supporter, sup.recipient, "SUPPORTS", {**_fact_props(sup), "kind": sup.kind, "from": sup.start,
                                                       "to": sup.end, "sources": tuple(sup.sources)})
    for kind in ("states", "blocs", "treaties", "conflicts"):
        for fact in sorted(getattr(facts, kind).values(), key=lambda x: x.id):
            for src in sorted(set(fact.sources)):
                if src in facts.sources:
                    rel(fact.id, src, "CITES", {"id": f"{fact.id}>{src}"})
    return freeze_graph(g)



class PropertyGraph:
    """The property graph of one load, frozen, with cached read access (the base of
    :class:`~alliancegraph.graph.AllianceGraph`).

    ``pg`` is the property graph: a ``networkx.MultiDiGraph`` whose nodes are fact ids with a ``label``
    attribute and whose edges are keyed by relationship id with a ``type`` attribute. A graph passed in is
    frozen in place (:func:`~alliancegraph.graph.frozen.freeze_graph`): once built, nothing can change it, so
    that nothing computed from it and kept can go stale.
    """

    def __init__(self, pg: nx.MultiDiGraph):
        self._pg = freeze_graph(pg)
        # computed on first use and kept: the property graph cannot change once the graph is built
        self._by_label: dict[str, list[tuple[str, Mapping[str, Any]]]] | None = None
        self._by_type: dict[str, list[tuple[str, str, Mapping[str, Any]]]] | None = None
        self._names: StateNames | None = None
        self._fact_names: dict[str, str] | None = None
        self._spells: list[tuple[str, list[tuple[int, int]] | None]] | None = None
        self._dated_cache: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
        self._spell_dates: dict[str, list[tuple[PartialDate, PartialDate | None]] | None] | None = None

    @property
    def pg(self) -> nx.MultiDiGraph:
        """The property graph: a frozen ``networkx.MultiDiGraph`` (adding or removing a node or a
        relationship raises ``networkx.NetworkXError``, setting a property ``TypeError``); ``pg.copy()``
        gives a mutable copy, and ``type(graph)(copy)`` a graph of it."""
        return self._pg

    @classmethod
    def from_facts(cls: type[_PG], facts: FactSet) -> _PG:
        """The graph of validated facts: :func:`property_graph`.

        Examples
        --------
        >>> from alliancegraph.model import Bloc, FactSet
        >>> from alliancegraph.graph import AllianceGraph
        >>> AllianceGraph.from_facts(FactSet(blocs={"nato": Bloc(id="nato", name="NATO")})).counts()
        {'Bloc': 1}
        """
        return cls(property_graph(facts))

    # ------------------------------------------------------------------ basic access
    def nodes(self, label: str) -> list[tuple[str, Mapping[str, Any]]]:
        """``(id, properties)`` of every node with ``label``, sorted by id."""
        if self._by_label is None:
            by_label: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
            for node, d in self.pg.nodes(data=True):
                by_label.setdefault(d.get("label"), []).append((node, d))
            for items in by_label.values():
                items.sort(key=lambda x: x[0])
            self._by_label = by_label
        return list(self._by_label.get(label, ()))

    def rels(self, rtype: str) -> list[tuple[str, str, Mapping[str, Any]]]:
        """``(start id, end id, properties)`` of every relationship of ``rtype``, sorted by relationship id."""
        if self._by_type is None:
            by_type: dict[str, list[tuple[str, str, Mapping[str, Any]]]] = {}
            for u, v, d in self.pg.edges(data=True):
                by_type.setdefault(d.get("type"), []).append((u, v, d))
            for items in by_type.values():
                items.sort(key=lambda x: x[2]["id"])
            self._by_type = by_type
        return list(self._by_type.get(rtype, ()))

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and relationships per type (derived ties not included)."""
        out: dict[str, int] = {}
        for _, d in self.pg.nodes(data=True):
            out[d["label"]] = out.get(d["label"], 0) + 1
        for _, _, d in self.pg.edges(data=True):
            out[d["type"]] = out.get(d["type"], 0) + 1
        return dict(sorted(out.items()))

    def state(self, state_id: str) -> Mapping[str, Any]:
        """The properties of a State node. Raises :class:`UnknownStateError`."""
        d = self.pg.nodes.get(state_id)
        if d is None or d.get("label") != "State":
            raise UnknownStateError(state_id, [])
        return d

    def state_name(self, state_id: str, day: _dt.date | None = None) -> str:
        """The display name of a state, as it was named on ``day``.

        Parameters
        ----------
        state_id : str
            A state id (any other node id gives its ``name``; an unknown id gives the id itself).
        day : datetime.date, optional
            The date: the name from the state's ``name_history`` that was valid on that day, else its
            present-day ``name``. Without ``day``, the present-day ``name``.

        Returns
        -------
        str

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> g = open_graph()  # the seed
        >>> g.state_name("RUS"), g.state_name("RUS", dt.date(1962, 10, 1)), g.state_name("RUS", dt.date(1995, 1, 1))
        ('Russia', 'Soviet Union', 'Russia')
        >>> g.state_name("DEU", dt.date(1980, 6, 30)), g.state_name("XYZ", dt.date(1980, 6, 30))
        ('West Germany', 'XYZ')
        """
        d = self.pg.nodes.get(state_id) or {}
        name = d.get("name", state_id)
        if day is None:
            return name
        spans = self._name_spans().get(state_id)
        if spans:
            o = day.toordinal()
            for first, last, dated in spans:
                if first <= o <= last:
                    return dated
        return name

    def historical_names(self, state_id: str) -> list[str]:
        """The names of a state's ``name_history`` (see :meth:`state_name`), oldest first, each once."""
        return list(dict.fromkeys(name for _, _, name in self._name_spans().get(state_id, ())))

    def _name_spans(self) -> dict[str, list[tuple[int, int, str]]]:
        """``{state id: [(first day, last day, name), ...]}`` (day numbers) parsed from ``name_history``."""
        return self._dated("name_history")

    def _dated(self, prop: str) -> dict[str, list[tuple[int, int, str]]]:
        """``{state id: [(first day, last day, value), ...]}`` (day numbers) parsed from a State property of
        ``'value@from/to'`` entries (``name_history``, ``code_history``), made once."""
        cached = self._dated_cache.get(prop)
        if cached is None:
            cached = self._dated_cache[prop] = {}
            for sid, d in self.nodes("State"):
                for entry in d.get(prop) or ():
                    value, span = entry.rsplit("@", 1)
                    a, b = parse_span(span)
                    cached.setdefault(sid, []).append(
                        (ALWAYS[0] if a is None else a.first_day().toordinal(),
                         ALWAYS[1] if b is None else b.last_day().toordinal(), value))
        return cached

    def state_codes(self, state_id: str, day: _dt.date | None = None) -> tuple[int | None, str | None]:
        """A state's COW ``(ccode, cow_abb)`` as of ``day``: the dated codes of its ``code_history``
        (:data:`alliancegraph.importers.codes.CODE_HISTORY`) where one covers the day, else its own.

        So that rows join COW's own data: West Germany is 260/GFR from 1955-05-05 to 1990-10-02, Germany
        255/GMY before and after.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> g.state_codes("DEU", dt.date(1980, 6, 30)), g.state_codes("DEU", dt.date(2000, 1, 1)), g.state_codes("DEU")
        ((260, 'GFR'), (255, 'GMY'), (255, 'GMY'))
        """
        d = self.pg.nodes.get(state_id) or {}
        if day is not None:
            o = day.toordinal()
            for first, last, value in self._dated("code_history").get(state_id, ()):
                if first <= o <= last:
                    c, abb = value.split("/", 1)
                    return int(c), abb
        return d.get("ccode"), d.get("cow_abb")

    def fact_name(self, fact_id: str) -> str:
        """The name of a treaty, bloc, conflict or state, or ``'<kind>: <supporter> to <recipient>'`` for a
        support relation (the id where there is no name)."""
        d = self.pg.nodes.get(fact_id)
        if d is not None:
            return d.get("name") or d.get("title") or fact_id
        if self._fact_names is None:
            names: dict[str, str] = {}
            for u, v, r in self.rels("SUPPORTS"):
                names.setdefault(r["id"], f"{r.get('kind', 'support')}: {self.state_name(u)} to {self.state_name(v)}")
            self._fact_names = names
        return self._fact_names.get(fact_id, fact_id)

    def own_short_name(self, fact_id: str) -> str | None:
        """The short name of a treaty or bloc where it has a name of its own, else None
        (a dataset's record known only by its number, such as ``ATOP 3440 (...)`` or ``COW alliance 12``).

        Examples
        --------
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> g.own_short_name("nato"), g.own_short_name("no-such-fact")
        ('NATO', None)
        """
        d = self.pg.nodes.get(fact_id)
        if d is None:  # a support relation (a relationship, not a node) or an unknown id
            return None
        if d.get("short_name"):
            return self.short_name(fact_id)
        name = d.get("name") or ""
        if not name or name.startswith(("ATOP ", "COW alliance ", "COW Formal Alliance")) or d.get("label") == "State":
            return None
        return str(name)

    def short_name(self, fact_id: str) -> str:
        """The short name of a bloc or treaty, else its name (:meth:`fact_name`), else its id.

        Parameters
        ----------
        fact_id : str
            The id of a bloc, treaty or any other fact or node.

        Returns
        -------
        str
            The node's ``short_name`` where it has one (``'NATO'``); otherwise what :meth:`fact_name` gives:
            the name, a source's title, a support relation's description, or ``fact_id`` itself.

        Examples
        --------
        >>> from alliancegraph.graph import AllianceGraph; from alliancegraph.model import Bloc, FactSet
        >>> g = AllianceGraph.from_facts(FactSet(blocs={
        ...     "nato": Bloc(id="nato", name="North Atlantic Treaty Organization", short_name="NATO"),
        ...     "eu": Bloc(id="eu", name="European Union")}))
        >>> g.short_name("nato"), g.short_name("eu"), g.short_name("no-such-fact")
        ('NATO', 'European Union', 'no-such-fact')
        """
        d = self.pg.nodes.get(fact_id)
        if d is not None and d.get("short_name"):
            return d["short_name"]
        return self.fact_name(fact_id)

    def resolve_state(self, name: str | int) -> str:
        """The id of the state named by id, ISO3, COW abbreviation, ccode, name, alias or historical name
        (``name_history``: ``'Zaire'``, ``'Burma'``; the weakest key) (case-insensitive).

        The table is :class:`alliancegraph.names.StateNames`, the one the fact reader resolves the states
        named in YAML with. Raises :class:`UnknownStateError` with up to three close matches when nothing
        matches.

        Examples
        --------
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> g.resolve_state("dprk"), g.resolve_state(365), g.resolve_state("Burma")
        ('PRK', 'RUS', 'MMR')
        """
        if self._names is None:
            spans = self._name_spans()
            self._names = StateNames(
                StateKeys(sid, d["name"], tuple(d.get("aliases") or ()), d.get("cow_abb"), d.get("iso3"),
                          d.get("ccode"), tuple(dated for _, _, dated in spans.get(sid, ())))
                for sid, d in self.nodes("State"))
        return self._names.resolve(name)

    def states_as_of(self, day: _dt.date, until: _dt.date | None = None) -> list[str]:
        """Ids of the states in existence on ``day`` (or at any time from ``day`` to ``until``), sorted.

        A state exists while one of its state-system spells (COW State System Membership; a curated
        state's ``from``/``to``) covers the date. A curated state with no spells recorded exists at every
        date; a state that only a dataset names and the state list lacks (such as ATOP's member code 8152)
        is left out: it appears in a snapshot only through a tie in force then.
        """
        first, last = day.toordinal(), (until or day).toordinal()
        if self._spells is None:
            table: list[tuple[str, list[tuple[int, int]] | None]] = []
            for sid, spells in self.state_spells().items():
                if spells is None:
                    if self.pg.nodes[sid].get("dataset", "curated") == "curated":
                        table.append((sid, None))
                    continue
                table.append((sid, [(a.first_day().toordinal(), ALWAYS[1] if b is None else b.last_day().toordinal())
                                    for a, b in spells]))
            self._spells = table
        return [sid for sid, ords in self._spells
                if ords is None or any(s <= last and e >= first for s, e in ords)]

    def state_spells(self) -> dict[str, list[tuple[PartialDate, PartialDate | None]] | None]:
        """``state id -> [(start, end or None), ...]``: each state's spells in the state system (the COW
        State System Membership list, or a curated state's ``from``/``to``), or None for a state with none
        recorded. Parsed once from the ``system_spells`` property (:func:`alliancegraph.dates.parse_span`) and kept.

        Examples
        --------
        >>> from alliancegraph import open_graph
        >>> open_graph().state_spells()["CSK"]  # seed/states.yaml: Czechoslovakia
        [(PartialDate('1918-10-28'), PartialDate('1939-03-15')), (PartialDate('1945-05-10'), PartialDate('1992-12-31'))]
        """
        if self._spell_dates is None:
            table: dict[str, list[tuple[PartialDate, PartialDate | None]] | None] = {}
            for sid, d in self.nodes("State"):
                spells = d.get("system_spells")
                if not spells:
                    table[sid] = None
                    continue
                parsed = []
                for sp in spells:
                    a, b = parse_span(sp)
                    if a is None:
                        raise DateError(f"state {sid!r}: a spell without a start ({sp!r})")
                    parsed.append((a, b))
                table[sid] = parsed
            self._spell_dates = table
        return self._spell_dates

    def sources_of(self, fact_id: str) -> list[dict[str, Any]]:
        """The sources a fact cites (CITES for nodes, the ``sources`` list for SUPPORTS), sorted by id."""
        ids: set[str] = set()
        if fact_id in self.pg:
            ids |= {v for _, v, d in self.pg.out_edges(fact_id, data=True) if d.get("type") == "CITES"}
        for _, _, d in self.rels("SUPPORTS"):
            if d["id"] == fact_id:
                ids |= set(d.get("sources", []))
        return [dict(self.pg.nodes[i]) for i in sorted(ids) if i in self.pg]

