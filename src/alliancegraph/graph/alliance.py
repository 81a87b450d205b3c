"""AllianceGraph: the property graph in memory, snapshots as of a date, the two dyadic projections, and
what-if edits.

The property graph (a frozen ``networkx.MultiDiGraph``, :mod:`.build`) mirrors the Neo4j model of
``docs/architecture.md``: nodes keyed by fact id with a ``label`` (State, Bloc, Treaty, Conflict, Source) and
relationships with a ``type`` (PARTY_TO, MEMBER_OF, SUPERSEDES, ESTABLISHES, PARTICIPANT_IN, SUPPORTS, CITES),
every property as in :mod:`alliancegraph.schema`. Everything else (ties, :mod:`.ties`; snapshots and
projections, :mod:`.projections`) is computed from the property graph alone, so a graph read back from
Neo4j gives the same results as one built from the fact files. :class:`AllianceGraph` is the last of the
layers: :class:`~.build.PropertyGraph` (read access), :class:`~.ties.TieGraph` (ties over time),
:class:`~.projections.ProjectionGraph` (projections), and this module's edits.

Owns: :class:`AllianceGraph`, the what-if edits (:meth:`AllianceGraph.without`,
:meth:`AllianceGraph.with_facts`: each a new graph, never a change of this one), what can be taken away
(:data:`FACT_KINDS`) and :class:`UnknownFactError`.

Must not know: analyses, Neo4j, views (they build on this module); how ties and projections are computed
beyond the layers' methods and the ``_edit`` record the tie layer follows.
"""

from __future__ import annotations

import difflib
import itertools
from typing import Any, Iterable

import networkx as nx

from ..errors import AllianceGraphError
from ..model import FactSet
from ..names import StateNames, UnknownStateError
from .projections import ProjectionGraph

__all__ = ["AllianceGraph", "UnknownFactError", "FACT_KINDS"]


class UnknownFactError(AllianceGraphError, LookupError):
    """A fact id that names no treaty, bloc, conflict, support relation or membership of the graph;
    ``suggestions`` holds close matches.

    Examples
    --------
    >>> from alliancegraph import UnknownFactError, open_graph
    >>> try:
    ...     open_graph().without(["natto"])
    ... except UnknownFactError as e:
    ...     print(e.suggestions)
    ['nato', 'seato']
    """

    def __init__(self, fact_id: str, suggestions: list[str], message: str | None = None):
        self.fact_id, self.suggestions = fact_id, suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(message or f"unknown fact {fact_id!r}{hint}")



FACT_KINDS: dict[str, str] = {"Treaty": "treaty", "Bloc": "bloc", "Conflict": "conflict", "SUPPORTS": "support relation",
                              "MEMBER_OF": "bloc membership", "PARTY_TO": "treaty party",
                              "PARTICIPANT_IN": "conflict participant"}
"""What :meth:`AllianceGraph.without` can take away: nodes by label, relationships by type, and their names."""




class AllianceGraph(ProjectionGraph):
    """The alliance property graph in memory, with as-of snapshots, allied/hostile projections and what-if
    edits.

    Build it with :meth:`from_facts` (or from Neo4j with :func:`alliancegraph.neo4j_store.read_graph`).
    ``pg`` is the property graph: a frozen ``networkx.MultiDiGraph`` whose nodes are fact ids with a
    ``label`` attribute and whose edges are keyed by relationship id with a ``type`` attribute. Nothing can
    change it (adding a node or relationship raises, so does setting a property; a graph passed to the
    constructor is frozen in place), so that the caches of every layer (node lists, spells, names, ties,
    the tie index, shared snapshots) cannot go stale; :meth:`without` and :meth:`with_facts` make new graphs.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> g = open_graph()
    >>> g.pg.add_edge("USA", "nato", type="MEMBER_OF")
    Traceback (most recent call last):
    ...
    networkx.exception.NetworkXError: Frozen graph can't be modified
    """

    def __init__(self, pg: nx.MultiDiGraph):
        super().__init__(pg)
        self._rel_ids: dict[str, tuple[str, str, str]] | None = None

    def _relationship(self, rel_id: str) -> tuple[str, str, str] | None:
        """``(start, end, type)`` of the relationship with this id among the kinds of :data:`FACT_KINDS`."""
        if self._rel_ids is None:
            self._rel_ids = {d["id"]: (u, v, t) for t in ("SUPPORTS", "MEMBER_OF", "PARTY_TO", "PARTICIPANT_IN")
                             for u, v, d in self.rels(t)}
        return self._rel_ids.get(rel_id)

    def has_fact(self, fact_id: str) -> bool:
        """Whether ``fact_id`` names a fact of :meth:`fact_kind` (without looking for close matches)."""
        d = self.pg.nodes.get(fact_id)
        if d is not None:
            return d.get("label") in FACT_KINDS
        return self._relationship(fact_id) is not None

    def fact_kind(self, fact_id: str) -> str:
        """What a fact id names: ``'treaty'``, ``'bloc'``, ``'conflict'``, ``'support relation'``, ``'bloc
        membership'`` (ids ``bloc/STATE/from/status``), ``'treaty party'`` (``treaty/STATE``) or ``'conflict
        participant'`` (``conflict/STATE``): the values of :data:`FACT_KINDS`.

        Raises
        ------
        UnknownFactError
            For an id that names none of these (a state, a source or nothing), with close matches.

        Examples
        --------
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> g.fact_kind("rus-prk-2024"), g.fact_kind("prk-rus-troops-2024")
        ('treaty', 'support relation')
        >>> g.fact_kind("rus-prk-2042")
        Traceback (most recent call last):
        ...
        alliancegraph.graph.alliance.UnknownFactError: unknown fact 'rus-prk-2042'; did you mean rus-prk-2024, rus-prk-2000, rus-irn-2025?
        """
        d = self.pg.nodes.get(fact_id)
        if d is not None and d.get("label") in FACT_KINDS:
            return FACT_KINDS[d["label"]]
        if d is not None:
            raise UnknownFactError(fact_id, [], f"{fact_id!r} is a {str(d.get('label', 'node')).lower()}, not a treaty, "
                                                f"bloc, conflict, support relation or membership")
        rel = self._relationship(fact_id) if isinstance(fact_id, str) else None
        if rel is not None:
            return FACT_KINDS[rel[2]]
        ids = [n for n, x in self.pg.nodes(data=True) if x.get("label") in FACT_KINDS]
        ids += [r for r in self._rel_ids or () if self._rel_ids[r][2] == "SUPPORTS"]  # type: ignore[index]
        raise UnknownFactError(str(fact_id), difflib.get_close_matches(str(fact_id), sorted(ids), n=3, cutoff=0.6))

    def without(self, fact_ids: Iterable[str]) -> "AllianceGraph":
        """The graph without these facts: what the world would be had they never been.

        A treaty, bloc or conflict goes with its node and every relationship of it (its parties,
        memberships, participants, SUPERSEDES and ESTABLISHES, CITES), so that the treaties it superseded
        run to their own end again and a treaty that established a removed bloc makes ties through its
        parties; a support relation, a membership, a treaty party or a conflict participant goes with its
        relationship (ids as :meth:`fact_kind` says). A dataset record linked to a removed fact
        (``same_as``) goes with it: it records the same thing.

        Parameters
        ----------
        fact_ids : iterable of str
            Ids of treaties, blocs, conflicts, support relations, memberships, parties or participants.

        Returns
        -------
        AllianceGraph
            A new graph over a read-only view of this one's (frozen) property graph (nothing is copied);
            its ties are this graph's, recomputed only for the facts that the removal touches, so that a
            snapshot of it costs what a snapshot of this graph does.

        Raises
        ------
        UnknownFactError
            For an id that names no such fact.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> day = dt.date(2025, 1, 1)
        >>> sorted(t.via for t in g.without(["rus-prk-2024"]).ties_as_of(day) if (t.a, t.b) == ("PRK", "RUS"))
        ['prk-rus-arms-2023', 'prk-rus-troops-2024', 'rus-prk-declaration-2000', 'rus-prk-declaration-2001']
        """
        nodes: set[str] = set()
        edges: set[tuple[str, str, str]] = set()
        affected: set[str] = set()
        for fid in fact_ids:
            self.fact_kind(fid)  # raises for an unknown id
            if fid in self.pg:
                nodes.add(fid)
                nodes.update(n for n, d in self.pg.nodes(data=True) if d.get("same_as") == fid)
            else:
                u, v, rtype = self._relationship(fid)  # type: ignore[misc]
                edges.add((u, v, fid))
                affected.add(fid if rtype == "SUPPORTS" else v)
        for u, v, d in self.rels("SUPPORTS"):
            if d.get("same_as") in nodes or d.get("same_as") in {k for *_, k in edges}:
                edges.add((u, v, d["id"]))
        affected |= nodes
        affected |= {k for *_, k in edges}
        for n in nodes:  # what a removed node changes in the facts that stay
            for u, v, d in itertools.chain(self.pg.in_edges(n, data=True), self.pg.out_edges(n, data=True)):
                if d.get("type") in ("SUPERSEDES", "ESTABLISHES"):
                    affected.update((u, v))
        out = self._edited(nx.restricted_view(self.pg, nodes, edges), affected)
        # the lists of nodes and relationships of the view are this graph's without what is taken away (a view
        # would filter every node and relationship again); states are never taken away, so their spells and
        # names stay. Both graphs are frozen, so what is handed over cannot go stale.
        self.nodes("State")
        self.rels("PARTY_TO")
        assert self._by_label is not None and self._by_type is not None
        out._by_label = {lab: [x for x in items if x[0] not in nodes] for lab, items in self._by_label.items()}
        out._by_type = {t: [x for x in items if x[0] not in nodes and x[1] not in nodes
                            and (x[0], x[1], x[2]["id"]) not in edges] for t, items in self._by_type.items()}
        out._spells, out._spell_dates = self._spells, self._spell_dates
        out._dated_cache = dict(self._dated_cache)
        return out

    def with_facts(self, facts: FactSet) -> "AllianceGraph":
        """The graph with these facts added (a hypothetical treaty, say), each replacing a fact of the same
        id; the inverse of :meth:`without`.

        The facts may cite the sources of this graph and name its states, treaties and blocs
        (``supersedes``, ``established_by``, ``defers_to``); they are checked against it, with the
        problems of :mod:`alliancegraph.facts` (file, line, fact id).

        Parameters
        ----------
        facts : FactSet
            As read by :func:`alliancegraph.facts.read_fact_file`. States and sources of its own are added
            too.

        Returns
        -------
        AllianceGraph
            A new graph (over a copy of this one's property graph, which is frozen), its ties recomputed only for
            the facts added, replaced or touched (the treaties a new one supersedes, the bloc it establishes).

        Raises
        ------
        FactValidationError
            If a fact names a state, source, treaty or bloc that neither the graph nor ``facts`` holds.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> from alliancegraph.model import FactSet, Obligation, ObligationClause, Party, Treaty
        >>> from alliancegraph.dates import PartialDate
        >>> pact = Treaty(id="sau-pak-2025", name="Strategic Mutual Defense Agreement", sources=("atop-4-01",),
        ...               parties=(Party("SAU"), Party("PAK")), signed=PartialDate.parse("2025-09-17"),
        ...               obligations=(ObligationClause(Obligation("defense")),))
        >>> g = open_graph().with_facts(FactSet(treaties={"sau-pak-2025": pact}))
        >>> g.allied(dt.date(2025, 10, 1))["PAK"]["SAU"]["strength"]
        0.9
        """
        from ..facts import FactValidationError, Problem, resolve_states

        problems: list[Problem] = []
        label = lambda n: self.pg.nodes[n].get("label") if n in self.pg else None  # noqa: E731
        # states may be named as on the command line: resolved by the facts' own states, then the graph's
        facts = FactSet(**{k: dict(getattr(facts, k)) for k in FactSet.KINDS})
        own = StateNames.from_facts(facts.states) if facts.states else None
        graph = self

        class _Names:
            def resolve(self, name: str) -> str:
                if own is not None:
                    try:
                        return own.resolve(name)
                    except UnknownStateError:
                        pass
                return graph.resolve_state(name)

        resolve_states(facts, problems, _Names(), {n for n, _ in self.nodes("State")})

        def need(fact: Any, ref: str, want: tuple[str, ...], what: str, own: Iterable[str]) -> None:
            if label(ref) in want or ref in own:
                return
            pool = sorted(set(own) | {n for n, d in self.pg.nodes(data=True) if d.get("label") in want})
            close = difflib.get_close_matches(ref, pool, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problems.append(Problem.at(fact, f"unknown {what} {ref!r}{hint}"))

        kinds = ("states", "blocs", "treaties", "conflicts", "supports")
        for kind in kinds:
            for fact in getattr(facts, kind).values():
                for src in set(fact.sources) | {s for e in fact.confidence for s in e.sources}:
                    need(fact, src, ("Source",), "source", facts.sources)
        for t in facts.treaties.values():
            for p in t.parties:
                need(t, p.state, ("State",), "state", facts.states)
            for old in t.supersedes:
                need(t, old, ("Treaty",), "treaty", facts.treaties)
            for x in t.defers_to:
                need(t, x, ("Treaty", "Bloc"), "bloc or treaty", list(facts.treaties) + list(facts.blocs))
        for b in facts.blocs.values():
            for m in b.memberships:
                need(b, m.state, ("State",), "state", facts.states)
            if b.established_by:
                need(b, b.established_by, ("Treaty",), "treaty", facts.treaties)
        for c in facts.conflicts.values():
            for q in c.participants:
                need(c, q.state, ("State",), "state", facts.states)
        for sup in facts.supports.values():
            need(sup, sup.supporter, ("State",), "state", facts.states)
            need(sup, sup.recipient, ("State",), "state", facts.states)
        if problems:
            raise FactValidationError(problems)

        new_ids = {f for kind in kinds for f in getattr(facts, kind)}
        replaced = [f for f in sorted(new_ids) if f not in facts.states and (
            label(f) in FACT_KINDS or self._relationship(f) is not None)]
        pg = (self.without(replaced).pg if replaced else self.pg).copy()
        add = AllianceGraph.from_facts(facts).pg
        for n, d in add.nodes(data=True):
            if d:
                pg.add_node(n, **d)
        for u, v, k, d in add.edges(keys=True, data=True):
            pg.add_edge(u, v, key=k, **d)
        for kind in ("blocs", "treaties", "conflicts"):
            for fact in getattr(facts, kind).values():
                for src in sorted(set(fact.sources)):
                    if label(src) == "Source":
                        pg.add_edge(fact.id, src, key=f"{fact.id}>{src}", type="CITES", id=f"{fact.id}>{src}")
        affected = set(new_ids) | set(replaced)
        for t in facts.treaties.values():
            affected.update(t.supersedes)
        for b in facts.blocs.values():
            if b.established_by:
                affected.add(b.established_by)
        for u, v, d in add.edges(data=True):
            if d.get("type") == "ESTABLISHES":
                affected.update((u, v))
        if facts.states:  # a new state changes the spells and names of every snapshot: no shortcut
            return AllianceGraph(pg)
        return self._edited(pg, affected, [(u, v, k) for u, v, k, d in add.edges(keys=True, data=True)
                                           if d.get("type") == "SUPPORTS"])

    def _edited(self, pg: nx.MultiDiGraph, affected: Iterable[str],
                support_edges: Iterable[tuple[str, str, str]] = ()) -> "AllianceGraph":
        """A graph over ``pg`` whose ties are this graph's but for the ``affected`` facts, whose ties come
        from the part of ``pg`` that holds them: their relationships (``support_edges`` for support
        relations, which are relationships themselves) and the states, treaties and blocs at their other
        ends. An edit of an edited graph is made from the first graph, with the facts both touch."""
        affected = frozenset(affected)
        support_edges = set(support_edges)
        if self._edit is not None:
            base, before, small = self._edit
            assert isinstance(base, AllianceGraph)
            support_edges |= {(u, v, k) for u, v, k, d in small.pg.edges(keys=True, data=True)
                              if d.get("type") == "SUPPORTS" and pg.has_edge(u, v, k)}
            return base._edited(pg, affected | before, support_edges)
        keep = {e for e in support_edges if pg.has_edge(*e)}
        for n in affected:
            if n in pg:
                keep.update(pg.in_edges(n, keys=True))
                keep.update((u, v, k) for u, v, k, d in pg.out_edges(n, keys=True, data=True)
                            if d.get("type") in ("SUPERSEDES", "ESTABLISHES"))
        out = AllianceGraph(pg)
        out._edit = (self, affected, AllianceGraph(pg.edge_subgraph(keep)))
        return out
