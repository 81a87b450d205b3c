"""Ties over time: the dyadic links between states that the facts of the property graph make.

A *tie* is one dyadic link between two states over an interval, explained by the fact behind it (``via``):

* a treaty (PARTY_TO) links every pair of its parties, from entry into force (or signature where entry into
  force is unknown) to its end, or to the day before a superseding treaty enters into force, whichever is
  first; its tie kind is its strongest obligation; a treaty that ESTABLISHES a bloc makes its ties through
  the bloc's memberships instead (so that enlargements and departures are followed), and, if it outlives a
  dissolved bloc, among its remaining parties from the day after the bloc's end (the Manila Pact, the
  United States and Thailand after SEATO);
* a bloc (unless its kind is in :data:`NO_TIE_BLOC_KINDS`) links every pair of states that are both in it
  with a tie-giving status (``member`` by default) at the same time; the kind is the strongest obligation
  of the treaty that establishes it, else ``bloc`` (co-membership);
* a support relation (SUPPORTS) links supporter and recipient, kind ``support``;
* a conflict links every pair of participants on opposite sides while both take part: a *hostile* tie at
  the conflict's MID hostility level;
* a fact linked to another one (``same_as``: a dataset's record of a treaty, bloc or dispute that a curated
  fact also records, see :func:`alliancegraph.model.link_facts`) makes no ties: the fact it is the same as
  speaks for both.

Every tie is cut to the time in which both its states are in the state system.

Owns: the tie kinds and their default strengths (:data:`DEFAULT_STRENGTHS`, :data:`ALLIED_KINDS`), which
facts make ties (:data:`TIE_STATUSES`, :data:`NO_TIE_BLOC_KINDS`), :class:`Tie`, the spells and clipping that
date them, the ``defers_to`` rule (:func:`drop_deferred`), the tie index that finds the ties of a snapshot
(:class:`TieIndex`) and :class:`TieGraph`, the layer of the graph that computes and keeps them.

Must not know: how ties are weighed, shared or combined into projections (:mod:`.projections`), edits
(:mod:`.alliance`: this layer only follows the ``_edit`` record that an edit leaves), Neo4j, views.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import networkx as nx

from ..dates import (
    PartialDate,
    active_on,
    earlier_end,
    later_start,
    nonempty,
    parse_optional,
    period_before,
)
from ..gcpause import paused_gc
from ..model import Confidence, ConfidenceEntry, MembershipStatus, confidence_as_of
from ..frames import DataFrame, frame, plain
from .build import ALWAYS, PropertyGraph, confidence_entries

__all__ = ["DEFAULT_STRENGTHS", "ALLIED_KINDS", "TIE_STATUSES", "NO_TIE_BLOC_KINDS", "Tie", "Ties", "TIE_COLUMNS", "TieGraph",
           "TieIndex", "drop_deferred", "strongest_kind", "tie_order"]

DEFAULT_STRENGTHS: dict[str, float] = {
    "defense": 0.9,
    "offense": 0.8,
    "neutrality": 0.3,
    "support": 0.3,
    "bloc": 0.1,
    "non-aggression": 0.05,
    "consultation": 0.05,
    "entente": 0.05,
    "none": 0.02,
}
"""Default strength of each allied tie kind, in (0, 1]; a path's cost per hop is ``-ln(strength)``."""


TIE_STATUSES: frozenset[str] = frozenset({MembershipStatus.MEMBER.value})
"""Membership statuses that make bloc co-membership ties (observers, suspended and frozen members do not)."""

ALLIED_KINDS: tuple[str, ...] = tuple(DEFAULT_STRENGTHS)
"""The allied tie kinds, the *layers* of the allied network: the ATOP/COW obligations, ``support`` and
``bloc`` co-membership, ``none`` (an agreement without obligation)."""

NO_TIE_BLOC_KINDS: frozenset[str] = frozenset({"igo"})
"""Bloc kinds whose co-membership makes no allied tie: ``igo`` marks the general intergovernmental
organizations of COW IGO v3 (postal unions, commodity councils...) that say nothing about alignment."""


@dataclass(frozen=True)
class Tie:
    """One dyadic tie between states ``a`` < ``b`` over ``[start, end]``.

    ``sign`` is ``+1`` (allied) or ``-1`` (hostile); ``kind`` the allied tie kind (an obligation, ``bloc``,
    ``support``) or ``'hostility'``; ``level`` the MID hostility level of a hostile tie; ``via`` the id of
    the treaty, bloc, support relation or conflict behind it and ``via_label`` its label.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> t = next(t for t in open_graph().ties_as_of("2025-01-01") if t.via == "rus-prk-2024")
    >>> t.a, t.b, t.sign, t.kind, str(t.start)
    ('PRK', 'RUS', 1, 'defense', '2024-12-04')
    """

    a: str
    b: str
    sign: int
    kind: str
    via: str
    via_label: str
    start: PartialDate | None
    end: PartialDate | None
    level: int | None = None
    confidence: tuple[ConfidenceEntry, ...] = field(default=(), compare=False)

    def active(self, day: _dt.date) -> bool:
        """Whether the tie is in force on ``day``."""
        return active_on(self.start, self.end, day)

    def confidence_as_of(self, day: _dt.date) -> Confidence:
        """The confidence of the fact behind the tie on ``day`` (confirmed when it has no history)."""
        return confidence_as_of(self.confidence, day)

    @property
    def id(self) -> str:
        """A stable id: ``via/a/b/start``."""
        return f"{self.via}/{self.a}/{self.b}/{self.start.iso() if self.start else '..'}"



TIE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("a", "str"), ("b", "str"), ("sign", "int"), ("kind", "str"), ("via", "str"), ("via_label", "str"),
    ("start", "date"), ("end", "date"), ("level", "Int"), ("confidence", "str"))
"""The columns of :meth:`Ties.to_pandas` (kinds of :mod:`alliancegraph.frames`)."""


class Ties(list[Tie]):
    """A list of :class:`Tie` (what :meth:`TieGraph.ties` and ``ties_as_of`` return) that serialises itself.

    Iterating, indexing and comparing give the ties as a plain list does; ``as_of`` is the day the ties'
    confidence is judged on (the snapshot's last day; None for all ties over time: the latest assessment).

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> ts = open_graph().ties_as_of("2025-01-01")
    >>> df = ts.to_pandas()
    >>> ts.as_of.isoformat(), df[df.via == "rus-prk-2024"][["a", "b", "kind", "start"]].values.tolist()
    ('2025-01-01', [['PRK', 'RUS', 'defense', '2024-12-04']])
    """

    def __init__(self, ties: Iterable[Tie] = (), as_of: _dt.date | None = None):
        super().__init__(ties)
        self.as_of = as_of

    def rows(self) -> list[dict[str, Any]]:
        """One dict per tie with the columns of :data:`TIE_COLUMNS` (dates as PartialDate, confidence as
        :class:`~alliancegraph.model.Confidence`), in the order of the list."""
        return [{"a": t.a, "b": t.b, "sign": t.sign, "kind": t.kind, "via": t.via, "via_label": t.via_label,
                 "start": t.start, "end": t.end, "level": t.level,
                 "confidence": confidence_as_of(t.confidence, self.as_of)} for t in self]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"as_of": ISO date or None, "ties": [row, ...]}`` (the rows of :meth:`rows`, dates
        as ISO text at their precision, None for an open end).

        Examples
        --------
        >>> t = Tie("DEU", "FRA", +1, "defense", "nato", "Bloc", PartialDate(1955, 5, 6), None)
        >>> Ties([t], _dt.date(2025, 1, 1)).to_dict()["ties"][0]["start"]
        '1955-05-06'
        """
        return plain({"as_of": self.as_of, "ties": self.rows()})

    def to_pandas(self) -> DataFrame:
        """One row per tie, in the order of the list: ``a``, ``b`` (state ids, ``a < b``), ``sign`` (+1
        allied, -1 hostile), ``kind``, ``via`` (the fact's id), ``via_label``, ``start`` and ``end`` (ISO
        text at the fact's precision, ``<NA>`` for an open end) each with ``_first`` and ``_last``
        (``datetime64[s]``: the first and last day of that period), ``level`` (MID hostility level,
        ``<NA>`` for an allied tie) and ``confidence`` (its value on ``as_of``). Needs pandas.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> df = open_graph().ties_as_of(dt.date(2025, 1, 1)).to_pandas()
        >>> row = df[df.via == "rus-prk-2024"].iloc[0]
        >>> row["a"], row["b"], row["kind"], row["start"], row["start_first"], row["end"], row["confidence"]
        ('PRK', 'RUS', 'defense', '2024-12-04', Timestamp('2024-12-04 00:00:00'), <NA>, 'confirmed')
        >>> df.dtypes
        a                     string
        b                     string
        sign                   int64
        kind                  string
        via                   string
        via_label             string
        start                 string
        start_first    datetime64[s]
        start_last     datetime64[s]
        end                   string
        end_first      datetime64[s]
        end_last       datetime64[s]
        level                  Int64
        confidence            string
        dtype: object
        """
        return frame(self.rows(), TIE_COLUMNS)


def tie_order(t: Tie) -> tuple[Any, ...]:
    """The sort key of :meth:`TieGraph.ties`: by dyad, sign, fact, start (an open start first).

    Examples
    --------
    >>> t = Tie("DEU", "FRA", +1, "defense", "nato", "Bloc", PartialDate(1955, 5, 6), None)
    >>> tie_order(t)
    ('DEU', 'FRA', 1, 'nato', (datetime.date(1955, 5, 6), 2))
    """
    return (t.a, t.b, t.sign, t.via, t.start.sort_key() if t.start else (_dt.date.min, 0))




def strongest_kind(obligations: Iterable[str]) -> str:
    """The tie kind of a treaty: its strongest obligation by :data:`DEFAULT_STRENGTHS` (the default strengths
    rank the obligations whatever strengths a snapshot uses), ``'none'`` when it has none.

    Examples
    --------
    >>> strongest_kind(["consultation", "defense"]), strongest_kind([])
    ('defense', 'none')
    """
    obs = [o for o in obligations if o in DEFAULT_STRENGTHS]
    if not obs:
        return "none"
    return max(obs, key=lambda o: (DEFAULT_STRENGTHS[o], o))


def drop_deferred(by_dyad: Mapping[tuple[str, str], dict[str, Any]], deferrals: Mapping[str, frozenset[str]]) -> None:
    """Remove, in place, each fact of a dyad that defers to another fact of the same dyad.

    The one rule of ``defers_to`` (:meth:`TieGraph.deferrals`): a treaty that defers to a bloc or
    treaty counts for no dyad that the snapshot also ties by that fact (Art. 42(7) TEU between two NATO
    members). ``by_dyad`` maps a dyad to its facts (``via -> anything``), as gathered from one snapshot's
    ties, so the rule is judged with the snapshot's dates and confidence floor.

    Examples
    --------
    >>> d = {("AUT", "DEU"): {"lisbon": 1}, ("DEU", "FRA"): {"nato": 1, "lisbon": 1}}
    >>> drop_deferred(d, {"lisbon": frozenset({"nato"})})
    >>> d
    {('AUT', 'DEU'): {'lisbon': 1}, ('DEU', 'FRA'): {'nato': 1}}
    """
    if not deferrals:
        return
    for entry in by_dyad.values():
        for via in [v for v in entry if v in deferrals and deferrals[v] & entry.keys()]:
            del entry[via]




def _spell_pairs(spells: list[tuple[str, Mapping[str, Any]]], start: PartialDate | None, end: PartialDate | None,
                 opposite_sides: bool = False) -> Iterable[tuple[str, str, PartialDate | None, PartialDate | None]]:
    """Every pair of distinct states among ``spells`` (``(state, relationship properties with from/to)``)
    whose spells overlap within ``[start, end]``: yields ``(a, b, start, end)`` with ``a < b``, in a fixed
    order. With ``opposite_sides`` only pairs whose ``side`` differs (conflict participants)."""
    parsed = sorted(((s, r["id"], r.get("side"), parse_optional(r.get("from")), parse_optional(r.get("to"))) for s, r in spells),
                    key=lambda p: p[1])
    for (x, _, sx, fx, tx), (y, _, sy, fy, ty) in itertools.combinations(parsed, 2):
        if x == y or (opposite_sides and sx == sy):
            continue
        s, e = later_start(start, fx, fy), earlier_end(end, tx, ty)
        if nonempty(s, e):
            a, b = sorted((x, y))
            yield a, b, s, e




class TieIndex:
    """The ties' periods as arrays of day numbers, for :meth:`TieGraph._ties_in`: finding the ties in
    force in a period is one vectorised comparison over all ties instead of a loop of date arithmetic
    (a timeline asks it 400 times). A tie whose confidence history has no dated entry has the same
    confidence at every date, kept here as its rank; the others are judged on the date asked.

    Examples
    --------
    >>> import datetime as dt
    >>> t = Tie("DEU", "FRA", +1, "defense", "nato", "Bloc", PartialDate(1955, 5, 6), None)
    >>> [x.via for x in TieIndex([t]).select(dt.date(1955, 1, 1), dt.date(1955, 12, 31), floor=0)]
    ['nato']
    >>> TieIndex([t]).select(dt.date(1954, 1, 1), dt.date(1954, 12, 31), floor=0)
    []
    """

    def __init__(self, ties: list[Tie]):
        import numpy as np

        self.ties = ties
        n = len(ties)
        self.starts = np.fromiter((t.start.first_day().toordinal() if t.start is not None else ALWAYS[0]
                                   for t in ties), dtype=np.int64, count=n)
        self.ends = np.fromiter((t.end.last_day().toordinal() if t.end is not None else ALWAYS[1]
                                 for t in ties), dtype=np.int64, count=n)
        # -1: the rank depends on the date (a dated confidence entry)
        self.ranks = np.fromiter((confidence_as_of(t.confidence, None).rank
                                  if all(e.date is None for e in t.confidence) else -1 for t in ties),
                                 dtype=np.int64, count=n)
        self.rank_list = self.ranks.tolist()

    def select(self, first: _dt.date, last: _dt.date, floor: int) -> Ties:
        """The ties in force at some time in ``[first, last]`` whose confidence on ``last`` ranks at least
        ``floor``, in the order of the ties (:class:`Ties` as of ``last``)."""
        import numpy as np

        hit = (self.starts <= last.toordinal()) & (self.ends >= first.toordinal()) & \
              ((self.ranks >= floor) | (self.ranks < 0))
        ties, ranks = self.ties, self.rank_list
        return Ties([ties[i] for i in np.flatnonzero(hit).tolist()
                     if ranks[i] >= 0 or ties[i].confidence_as_of(last).rank >= floor], last)




class TieGraph(PropertyGraph):
    """The property graph with its ties over time (the layer of :class:`~alliancegraph.graph.AllianceGraph`
    that computes, keeps and selects them)."""

    def __init__(self, pg: nx.MultiDiGraph):
        super().__init__(pg)
        self._ties: Ties | None = None
        self._tie_index: TieIndex | None = None
        self._deferrals: dict[str, frozenset[str]] | None = None
        self._edit: tuple[TieGraph, frozenset[str], TieGraph] | None = None
        """For a graph made by an edit (:meth:`~alliancegraph.graph.AllianceGraph.without`,
        :meth:`~alliancegraph.graph.AllianceGraph.with_facts`): ``(base, affected facts, small graph)``; its
        ties are the base's, those of the affected facts taken from the small graph that holds only them
        and what they touch."""

    def treaty_span(self, treaty_id: str) -> tuple[PartialDate | None, PartialDate | None]:
        """The interval in which a treaty is in force: from entry into force (signature where unknown) to
        its end, or to the period before the entry into force of a treaty that supersedes it."""
        d = self.pg.nodes[treaty_id]
        start = parse_optional(d.get("in_force")) or parse_optional(d.get("signed"))
        end = parse_optional(d.get("ended"))
        for newer, _, r in self.pg.in_edges(treaty_id, data=True):
            if r.get("type") != "SUPERSEDES":
                continue
            nd = self.pg.nodes[newer]
            ns = parse_optional(nd.get("in_force")) or parse_optional(nd.get("signed"))
            if ns is not None:
                end = earlier_end(end, period_before(ns))
        return start, end

    @paused_gc()
    def ties(self) -> Ties:
        """Every allied and hostile tie over time, sorted by (a, b, via, start), as :class:`Ties`. Computed
        once and cached."""
        if self._ties is not None:
            return self._ties
        if self._edit is not None:
            base, affected, small = self._edit
            merged = [t for t in base.ties() if t.via not in affected] + [t for t in small.ties() if t.via in affected]
            merged.sort(key=tie_order)
            self._ties = Ties(merged)
            return self._ties
        ties: list[Tie] = []
        established = {u: b for u, b, _ in self.rels("ESTABLISHES")}
        # treaties
        parties: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for s, t, r in self.rels("PARTY_TO"):
            parties.setdefault(t, []).append((s, r))
        for tid, d in self.nodes("Treaty"):
            if d.get("same_as"):
                continue
            t_start, t_end = self.treaty_span(tid)
            if tid in established:
                # its ties are the bloc's while the bloc exists; a treaty that outlives the bloc it set up
                # ties its remaining parties itself after the bloc is dissolved (the Manila Pact: the
                # United States and Thailand after SEATO's end, 1977-06-30)
                dissolved = parse_optional(self.pg.nodes[established[tid]].get("dissolved"))
                if dissolved is None:
                    continue
                after = dissolved.last_day() + _dt.timedelta(days=1)
                t_start = later_start(t_start, PartialDate(after.year, after.month, after.day))
                if not nonempty(t_start, t_end):
                    continue
            kind = strongest_kind(d.get("obligations", []))
            conf = confidence_entries(d.get("confidence_history"))
            for a, b, start, end in _spell_pairs(parties.get(tid, []), t_start, t_end):
                ties.append(Tie(a, b, +1, kind, tid, "Treaty", start, end, confidence=conf))
        # blocs
        members: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for s, b, r in self.rels("MEMBER_OF"):
            members.setdefault(b, []).append((s, r))
        establisher = {b: t for t, b, _ in self.rels("ESTABLISHES")}
        for bid, d in self.nodes("Bloc"):
            if d.get("kind") in NO_TIE_BLOC_KINDS or d.get("same_as"):
                continue
            kind = "bloc"
            if bid in establisher:
                obligations = self.pg.nodes[establisher[bid]].get("obligations", [])
                strongest = strongest_kind(obligations)
                kind = strongest if strongest != "none" else "bloc"
            b_start, b_end = parse_optional(d.get("founded")), parse_optional(d.get("dissolved"))
            conf = confidence_entries(d.get("confidence_history"))
            spells = [(s, r) for s, r in members.get(bid, []) if r.get("status") in TIE_STATUSES]
            for a, b, start, end in _spell_pairs(spells, b_start, b_end):
                ties.append(Tie(a, b, +1, kind, bid, "Bloc", start, end, confidence=conf))
        # support relations
        for s, r_, d in self.rels("SUPPORTS"):
            if d.get("same_as"):
                continue
            a, b = sorted((s, r_))
            ties.append(Tie(a, b, +1, "support", d["id"], "Support", parse_optional(d.get("from")), parse_optional(d.get("to")),
                            confidence=confidence_entries(d.get("confidence_history"))))
        # conflicts
        participants: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for s, c, r in self.rels("PARTICIPANT_IN"):
            participants.setdefault(c, []).append((s, r))
        for cid, d in self.nodes("Conflict"):
            if d.get("same_as"):
                continue
            c_start, c_end = parse_optional(d.get("start")), parse_optional(d.get("end"))
            conf = confidence_entries(d.get("confidence_history"))
            level = int(d.get("hostility_level", 1))
            for a, b, start, end in _spell_pairs(participants.get(cid, []), c_start, c_end, opposite_sides=True):
                ties.append(Tie(a, b, -1, "hostility", cid, "Conflict", start, end, level=level, confidence=conf))
        ties = self._clip_to_spells(ties)
        ties.sort(key=tie_order)
        self._ties = Ties(ties)
        return self._ties

    def deferrals(self) -> dict[str, frozenset[str]]:
        """``treaty id -> the facts it defers to``, from the treaties' ``defers_to``; a treaty that
        establishes a bloc stands for its bloc (its ties are the bloc's). Computed once and kept."""
        if self._deferrals is None:
            bloc_of = {t: b for t, b, _ in self.rels("ESTABLISHES")}
            self._deferrals = {tid: frozenset(bloc_of.get(x, x) for x in d["defers_to"])
                               for tid, d in self.nodes("Treaty") if d.get("defers_to")}
        return self._deferrals

    def _clip_to_spells(self, ties: list[Tie]) -> list[Tie]:
        """Each tie cut to the time in which both its states are in the state system: a tie of a state that
        left the system (Czechoslovakia after 1992-12-31) ends with it, one that spans a state's absence
        (Germany 1945-1955) is split in two, one wholly outside is dropped. States with no spells recorded
        do not cut."""
        spells = self.state_spells()
        out: list[Tie] = []
        for t in ties:
            pieces: list[tuple[PartialDate | None, PartialDate | None]] = [(t.start, t.end)]
            for sid in (t.a, t.b):
                sp = spells.get(sid)
                if sp is None:
                    continue
                pieces = [(later_start(s, a), earlier_end(e, b)) for s, e in pieces for a, b in sp]
                pieces = [(s, e) for s, e in pieces if nonempty(s, e)]
            if pieces == [(t.start, t.end)]:
                out.append(t)
                continue
            for s, e in pieces:
                out.append(Tie(t.a, t.b, t.sign, t.kind, t.via, t.via_label, s, e, t.level, t.confidence))
        return out

    def _ties_in(self, day: _dt.date, floor: Confidence, until: _dt.date | None) -> Ties:
        """The ties in force on ``day`` (with ``until``, at any time from ``day`` to ``until``) whose fact's
        confidence, judged on the last day, is at least ``floor``: the selection behind the public
        :meth:`~alliancegraph.graph.projections.ProjectionGraph.ties_as_of`, which takes a snapshot."""
        if self._edit is not None and self._ties is None:
            base, affected, small = self._edit
            kept = [t for t in base._ties_in(day, floor, until) if t.via not in affected]
            kept += [t for t in small._ties_in(day, floor, until) if t.via in affected]
            kept.sort(key=tie_order)
            return Ties(kept, until or day)
        last = until or day
        ties = self.ties()
        if self._tie_index is None or self._tie_index.ties is not ties:
            self._tie_index = TieIndex(ties)
        return self._tie_index.select(day, last, floor.rank)
