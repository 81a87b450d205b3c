"""AllianceGraph: the property graph in memory, snapshots as of a date, and the two dyadic projections.

The property graph (a ``networkx.MultiDiGraph``) mirrors the Neo4j model of ``docs/architecture.md``: nodes
keyed by fact id with a ``label`` (State, Bloc, Treaty, Conflict, Source) and relationships with a ``type``
(PARTY_TO, MEMBER_OF, SUPERSEDES, ESTABLISHES, PARTICIPANT_IN, SUPPORTS, CITES), every property as in
:mod:`alliancegraph.schema`. Everything else (ties, snapshots, projections) is computed from the property
graph alone, so a graph read back from Neo4j gives the same results as one built from the fact files.

Ties
----
A *tie* is one dyadic link between two states over an interval, explained by the fact behind it (``via``):

* a treaty (PARTY_TO) links every pair of its parties, from entry into force (or signature where entry into
  force is unknown) to its end, or to the day before a superseding treaty enters into force, whichever is
  first; its tie kind is its strongest obligation; a treaty that ESTABLISHES a bloc makes its ties through
  the bloc's memberships instead (so that enlargements and departures are followed), and, if it outlives a
  dissolved bloc, among its remaining parties from the day after the bloc's end (the Manila Pact, the
  United States and Thailand after SEATO);
* a bloc (unless its kind is in :data:`NO_TIE_BLOC_KINDS`) links every pair of states that are both in it with a tie-giving status (``member`` by default)
  at the same time; the kind is the strongest obligation of the treaty that establishes it, else ``bloc``
  (co-membership);
* a support relation (SUPPORTS) links supporter and recipient, kind ``support``;
* a conflict links every pair of participants on opposite sides while both take part: a *hostile* tie at
  the conflict's MID hostility level;
* a fact linked to another one (``same_as``: a dataset's record of a treaty, bloc or dispute that a curated
  fact also records, see :func:`alliancegraph.model.link_facts`) makes no ties: the fact it is the same as
  speaks for both.

Allied strength
---------------
Each allied tie kind has a strength in (0, 1] from :data:`DEFAULT_STRENGTHS` (overridable), read as the
chance that the tie carries influence or commitment. The ordering follows the alliance-commitment
literature (Leeds et al. 2002, ATOP codebook; Gibler 2009, COW Formal Alliances v4.1): defense and offense
pacts pledge to fight (0.9, 0.8); neutrality pacts to stay out of a partner's war (0.3); non-aggression and
consultation pacts and ententes (COW type III) only not to attack or to talk (0.05), and are often signed
between rivals (the Helsinki Final Act, which ATOP codes as a 35-state non-aggression pact, or the
Ostpolitik treaties). Support relations (arms, troops) are strong signals of alignment (0.3); co-membership
of an organization without a security clause (SCO, BRICS, CIS) is weak (0.1); an agreement without any
obligation weaker still (0.02). The weak kinds are small on purpose: under noisy-OR many weak ties add up
(twenty ties of 0.05 make 0.64), and with larger values the détente web of 1975-1990 merges NATO and the
Warsaw Pact into one cluster (docs/datasets.md, "Cold War blocs"). The numbers are a modelling choice,
documented and overridable (``strengths=``, ``--strength KIND=NUMBER``).
Several ties between the same two states combine by the *noisy-OR* rule
``1 - prod(1 - s_i)`` (default; each tie is an independent channel of influence, so more ties mean a
stronger bond but never above 1) or by ``max`` (only the strongest tie counts).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import itertools
import json
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, NamedTuple

import networkx as nx

from .dates import PartialDate, active_on
from .errors import AllianceGraphError
from .model import Confidence, ConfidenceEntry, FactSet, MembershipStatus, confidence_as_of
from .names import StateKeys, StateNames, UnknownStateError

__all__ = [
    "AllianceGraph", "Tie", "DyadValues", "UnknownStateError", "UnknownFactError", "FACT_KINDS", "DEFAULT_STRENGTHS", "TIE_STATUSES", "COMBINE_RULES",
    "NO_TIE_BLOC_KINDS", "ALLIED_KINDS", "DEFAULT_LAYERS", "MULTILATERAL_RULES", "DEFAULT_MULTILATERAL",
    "combine_strengths", "multilateral_share", "check_layers", "drop_deferred",
]

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

COMBINE_RULES = ("noisy-or", "max")

ALLIED_KINDS: tuple[str, ...] = tuple(DEFAULT_STRENGTHS)
"""The allied tie kinds, the *layers* of the allied network: the ATOP/COW obligations, ``support`` and
``bloc`` co-membership, ``none`` (an agreement without obligation)."""

DEFAULT_LAYERS: frozenset[str] = frozenset({"defense", "offense"})
"""The tie kinds that clustering weighs by default: the pledges to fight a partner's war, defense and
offense pacts, which is what the literature's alliance network holds (Cranmer, Desmarais and Menninga 2012,
"Complex dependencies in the alliance network", Conflict Management and Peace Science 29(3): 279-313,
doi:10.1177/0738894212443446: "international military pacts"; ATOP's active obligations, Leeds et al. 2002).
Neutrality, non-aggression, consultation and entente pacts, bloc co-membership and support relations are
weaker layers, added with ``layers=`` (``--layers``); influence paths use every kind."""

MULTILATERAL_RULES = ("newman", "sqrt", "full")
"""How a treaty, bloc or dispute with n parties weighs each of its n(n-1)/2 dyads for clustering:
``'newman'`` 1/(n-1), so that a state's total weight from one commitment is the commitment's own strength
whatever its size (Newman 2001, "Scientific collaboration networks. II", Phys. Rev. E 64, 016132,
doi:10.1103/PhysRevE.64.016132); ``'sqrt'`` 1/sqrt(n-1), so that the total grows only as the square root
of the number of partners (the "modified fractional counting" of Sivertsen, Rousseau and Zhang 2019,
J. Informetrics 13(2): 679-694, doi:10.1016/j.joi.2019.03.010); ``'full'`` 1 (every dyad at full strength,
the plain one-mode projection)."""

DEFAULT_MULTILATERAL = "sqrt"
"""The default :data:`MULTILATERAL_RULES` entry. Measured on seed + COW + ATOP (docs/analysis.md,
"Multilateral pacts and layers"): under ``'newman'`` a hub with many bilateral pacts leaves its
multilateral alliance (the United States sits with its Pacific treaty partners, not NATO, in 1956, 1962 and
1980, since NATO then weighs as much as one bilateral pact, and the United Kingdom, France or Turkey follow
their own bilateral pacts); under ``'full'`` with every layer the Treaty of Amity and Cooperation in
Southeast Asia (31 parties in 2014, non-aggression) puts Japan with Russia; ``'sqrt'`` keeps every NATO
member but the United States together in 1956-1980 (the United States, hub of four multilateral and many
bilateral pacts, is with NATO in 1956 and 1980 and with SEATO and its Pacific partners in 1962) and meets
the other sourced checks (tests/test_clusters_real.py). Under it a state's total weight from one pact grows
as sqrt(n-1), not with n-1 as in the plain projection."""

NO_TIE_BLOC_KINDS: frozenset[str] = frozenset({"igo"})
"""Bloc kinds whose co-membership makes no allied tie: ``igo`` marks the general intergovernmental
organizations of COW IGO v3 (postal unions, commodity councils...) that say nothing about alignment."""


class UnknownFactError(AllianceGraphError, LookupError):
    """A fact id that names no treaty, bloc, conflict, support relation or membership of the graph;
    ``suggestions`` holds close matches."""

    def __init__(self, fact_id: str, suggestions: list[str], message: str | None = None):
        self.fact_id, self.suggestions = fact_id, suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(message or f"unknown fact {fact_id!r}{hint}")


FACT_KINDS: dict[str, str] = {"Treaty": "treaty", "Bloc": "bloc", "Conflict": "conflict", "SUPPORTS": "support relation",
                              "MEMBER_OF": "bloc membership", "PARTY_TO": "treaty party",
                              "PARTICIPANT_IN": "conflict participant"}
"""What :meth:`AllianceGraph.without` can take away: nodes by label, relationships by type, and their names."""


@dataclass(frozen=True)
class Tie:
    """One dyadic tie between states ``a`` < ``b`` over ``[start, end]``.

    ``sign`` is ``+1`` (allied) or ``-1`` (hostile); ``kind`` the allied tie kind (an obligation, ``bloc``,
    ``support``) or ``'hostility'``; ``level`` the MID hostility level of a hostile tie; ``via`` the id of
    the treaty, bloc, support relation or conflict behind it and ``via_label`` its label.
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
        return f"{self.via}/{self.a}/{self.b}/{self.start or '..'}"


def combine_strengths(strengths: Iterable[float], rule: str = "noisy-or") -> float:
    """Combine the strengths of several ties between one dyad.

    ``'noisy-or'``: ``1 - prod(1 - s)``; ``'max'``: the largest. Raises ``ValueError`` for another rule.
    """
    values = list(strengths)
    if rule == "noisy-or":
        return 1.0 - math.prod(1.0 - s for s in values)
    if rule == "max":
        return max(values)
    raise ValueError(f"unknown combination rule {rule!r} (one of {', '.join(COMBINE_RULES)})")


def drop_deferred(by_dyad: Mapping[tuple[str, str], dict[str, Any]], deferrals: Mapping[str, frozenset[str]]) -> None:
    """Remove, in place, each fact of a dyad that defers to another fact of the same dyad.

    The one rule of ``defers_to`` (:meth:`AllianceGraph.deferrals`): a treaty that defers to a bloc or
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


def multilateral_share(n: int, rule: str = DEFAULT_MULTILATERAL) -> float:
    """The share of its strength that a commitment with ``n`` parties gives each of its dyads.

    Parameters
    ----------
    n : int
        The number of states that the treaty, bloc or dispute ties together in the snapshot (n >= 2).
    rule : {'newman', 'sqrt', 'full'}
        ``'newman'``: 1/(n-1) (Newman 2001, Phys. Rev. E 64, 016132, doi:10.1103/PhysRevE.64.016132, the
        weighting of one-mode projections of co-membership: each party's total from the commitment is its
        strength, whatever n); ``'sqrt'``: 1/sqrt(n-1); ``'full'``: 1.

    Returns
    -------
    float
        In (0, 1]; 1 for a bilateral commitment under every rule.

    Raises
    ------
    ValueError
        For an unknown rule, or ``n`` not a whole number of at least 2.

    Examples
    --------
    >>> multilateral_share(2), multilateral_share(5, "newman"), multilateral_share(5), multilateral_share(5, "full")
    (1.0, 0.25, 0.5, 1.0)
    """
    if rule not in MULTILATERAL_RULES:
        raise ValueError(f"unknown multilateral rule {rule!r} (one of {', '.join(MULTILATERAL_RULES)})")
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"a commitment ties at least 2 states, not {n!r}")
    if rule == "newman":
        return 1.0 / (n - 1)
    if rule == "sqrt":
        return 1.0 / math.sqrt(n - 1)
    return 1.0


def check_layers(layers: Iterable[str] | None) -> frozenset[str]:
    """The clustering layers: ``layers`` (tie kinds, in any case; a comma-separated string is split)
    checked against :data:`ALLIED_KINDS`, or :data:`DEFAULT_LAYERS` when None. ``'all'`` stands for every
    allied kind.

    Raises
    ------
    ValueError
        For an unknown tie kind or an empty set.

    Examples
    --------
    >>> sorted(check_layers(None))
    ['defense', 'offense']
    >>> sorted(check_layers(["defense", "neutrality"]))
    ['defense', 'neutrality']
    """
    if layers is None:
        return DEFAULT_LAYERS
    if isinstance(layers, str):
        layers = [x for x in layers.split(",") if x.strip()]
    try:
        items = list(layers)
    except TypeError:
        raise ValueError(f"layers must be tie kinds, not {layers!r}") from None
    out: set[str] = set()
    for k in items:
        if not isinstance(k, str) or not k.strip():
            raise ValueError(f"a layer must be a tie kind, not {k!r}")
        k = k.strip().lower()
        if k == "all":
            out |= set(ALLIED_KINDS)
        elif k in ALLIED_KINDS:
            out.add(k)
        else:
            raise ValueError(f"unknown layer {k!r} (tie kinds: {', '.join(ALLIED_KINDS)}, or 'all')")
    if not out:
        raise ValueError("no layer given")
    return frozenset(out)


# ---------------------------------------------------------------------------- helpers
def _strength_table(strengths: Mapping[str, float] | None, combine: str) -> dict[str, float]:
    """:data:`DEFAULT_STRENGTHS` with ``strengths`` applied; ``ValueError`` for an unknown kind, a strength
    outside (0, 1] or an unknown combination rule."""
    table = dict(DEFAULT_STRENGTHS)
    for k, v in (strengths or {}).items():
        if k not in DEFAULT_STRENGTHS:
            raise ValueError(f"unknown tie kind {k!r} in strengths (one of {', '.join(DEFAULT_STRENGTHS)})")
        if not 0 < float(v) <= 1:
            raise ValueError(f"strength of {k!r} must be in (0, 1], not {v!r}")
        table[k] = float(v)
    if combine not in COMBINE_RULES:
        raise ValueError(f"unknown combination rule {combine!r} (one of {', '.join(COMBINE_RULES)})")
    return table


def _pd(v: Any) -> PartialDate | None:
    return None if v is None else PartialDate.parse(v)


def _later_start(*dates: PartialDate | None) -> PartialDate | None:
    known = [d for d in dates if d is not None]
    return max(known, key=lambda d: d.first_day()) if known else None


def _earlier_end(*dates: PartialDate | None) -> PartialDate | None:
    known = [d for d in dates if d is not None]
    return min(known, key=lambda d: d.last_day()) if known else None


def _period_before(d: PartialDate) -> PartialDate:
    """The period just before ``d`` at the same precision (the day, month or year before)."""
    if d.precision == "day":
        prev = d.first_day() - _dt.timedelta(days=1)
        return PartialDate(prev.year, prev.month, prev.day)
    if d.precision == "month":
        return PartialDate(d.year - 1, 12) if d.month == 1 else PartialDate(d.year, d.month - 1)  # type: ignore[operator]
    return PartialDate(d.year - 1)


def _overlaps(start: PartialDate | None, end: PartialDate | None, first: _dt.date, last: _dt.date) -> bool:
    """Whether ``[start, end]`` (partial dates, open where None) meets the period ``[first, last]``."""
    if start is not None and start.first_day() > last:
        return False
    if end is not None and end.last_day() < first:
        return False
    return True


def _spell_pairs(spells: list[tuple[str, dict[str, Any]]], start: PartialDate | None, end: PartialDate | None,
                 opposite_sides: bool = False) -> Iterable[tuple[str, str, PartialDate | None, PartialDate | None]]:
    """Every pair of distinct states among ``spells`` (``(state, relationship properties with from/to)``)
    whose spells overlap within ``[start, end]``: yields ``(a, b, start, end)`` with ``a < b``, in a fixed
    order. With ``opposite_sides`` only pairs whose ``side`` differs (conflict participants)."""
    parsed = sorted(((s, r["id"], r.get("side"), _pd(r.get("from")), _pd(r.get("to"))) for s, r in spells),
                    key=lambda p: p[1])
    for (x, _, sx, fx, tx), (y, _, sy, fy, ty) in itertools.combinations(parsed, 2):
        if x == y or (opposite_sides and sx == sy):
            continue
        s, e = _later_start(start, fx, fy), _earlier_end(end, tx, ty)
        if _nonempty(s, e):
            a, b = sorted((x, y))
            yield a, b, s, e


def _tie_order(t: Tie) -> tuple[Any, ...]:
    """The order of :meth:`AllianceGraph.ties`: by dyad, sign, fact, start."""
    return (t.a, t.b, t.sign, t.via, t.start.sort_key() if t.start else (_dt.date.min, 0))


def _nonempty(start: PartialDate | None, end: PartialDate | None) -> bool:
    return start is None or end is None or start.first_day() <= end.last_day()


def _confidence_json(entries: Iterable[ConfidenceEntry]) -> str:
    return json.dumps([{"value": e.value.value, "date": e.date.iso() if e.date else None,
                        "sources": list(e.sources), "note": e.note} for e in entries], sort_keys=True)


def _confidence_entries(text: str | None) -> tuple[ConfidenceEntry, ...]:
    if not text:
        return (ConfidenceEntry(Confidence.CONFIRMED),)
    return tuple(ConfidenceEntry(Confidence(e["value"]), _pd(e.get("date")), tuple(e.get("sources") or ()),
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
        "confidence_history": _confidence_json(fact.confidence),
        "note": fact.note,
        "origin_file": o.file if o else None,
        "origin_line": o.line if o else None,
        "dataset": o.dataset if o else "curated",
        "dataset_version": o.version if o else None,
        "codes": tuple(getattr(fact, "codes", ())),
        "same_as": getattr(fact, "same_as", None),
    }


_ALWAYS = (_dt.date.min.toordinal(), _dt.date.max.toordinal())
"""Day numbers standing for an open start and an open end."""


class _TieIndex:
    """The ties' periods as arrays of day numbers, for :meth:`AllianceGraph.ties_as_of`: finding the ties in
    force in a period is one vectorised comparison over all ties instead of a loop of date arithmetic
    (a timeline asks it 400 times). A tie whose confidence history has no dated entry has the same
    confidence at every date, kept here as its rank; the others are judged on the date asked."""

    def __init__(self, ties: list[Tie]):
        import numpy as np

        self.ties = ties
        n = len(ties)
        self.starts = np.fromiter((t.start.first_day().toordinal() if t.start is not None else _ALWAYS[0]
                                   for t in ties), dtype=np.int64, count=n)
        self.ends = np.fromiter((t.end.last_day().toordinal() if t.end is not None else _ALWAYS[1]
                                 for t in ties), dtype=np.int64, count=n)
        # -1: the rank depends on the date (a dated confidence entry)
        self.ranks = np.fromiter((confidence_as_of(t.confidence, None).rank
                                  if all(e.date is None for e in t.confidence) else -1 for t in ties),
                                 dtype=np.int64, count=n)
        self.rank_list = self.ranks.tolist()

    def select(self, first: _dt.date, last: _dt.date, floor: int) -> list[Tie]:
        """The ties in force at some time in ``[first, last]`` whose confidence on ``last`` ranks at least
        ``floor``, in the order of the ties."""
        import numpy as np

        hit = (self.starts <= last.toordinal()) & (self.ends >= first.toordinal()) & \
              ((self.ranks >= floor) | (self.ranks < 0))
        ties, ranks = self.ties, self.rank_list
        return [ties[i] for i in np.flatnonzero(hit).tolist()
                if ranks[i] >= 0 or ties[i].confidence_as_of(last).rank >= floor]


class DyadValues(NamedTuple):
    """The dyad values of a snapshot (:meth:`AllianceGraph.dyads`), each a dict keyed by ``(a, b)``, ``a < b``.

    ``strength``: the combined allied strength of each allied dyad (the edge ``strength`` of
    :meth:`AllianceGraph.allied`); ``weight``: its clustering weight, for the dyads with a fact in the
    layers (edge ``weight``); ``level``: the highest hostility level of each hostile dyad; ``hostile_weight``:
    the negative layer's weight of each hostile dyad (edge ``weight`` of :meth:`AllianceGraph.hostile`);
    ``facts``: the facts behind each allied dyad.
    """

    strength: dict[tuple[str, str], float]
    weight: dict[tuple[str, str], float]
    level: dict[tuple[str, str], int]
    hostile_weight: dict[tuple[str, str], float]
    facts: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    """``facts[(a, b)][via] = (kind, via_label)``: the facts behind each allied dyad."""


# ---------------------------------------------------------------------------- the graph
class AllianceGraph:
    """The alliance property graph in memory, with as-of snapshots and allied/hostile projections.

    Build it with :meth:`from_facts` (or from Neo4j with :func:`alliancegraph.neo4j_store.read_graph`).
    ``pg`` is the property graph: a ``networkx.MultiDiGraph`` whose nodes are fact ids with a ``label``
    attribute and whose edges are keyed by relationship id with a ``type`` attribute.
    """

    def __init__(self, pg: nx.MultiDiGraph):
        self.pg = pg
        self._ties: list[Tie] | None = None
        self._names: StateNames | None = None
        # computed on first use and kept, like the ties (the property graph is not changed once built);
        # the node lists are made again if the number of nodes changes (counting nodes costs nothing,
        # counting the relationships of a MultiDiGraph walks every node)
        self._by_label: tuple[int, dict[str, list[tuple[str, dict[str, Any]]]]] | None = None
        self._by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] | None = None
        self._fact_names: dict[str, str] | None = None
        self._spells: tuple[int, list[tuple[str, list[tuple[int, int]] | None]]] | None = None
        self._dated_cache: dict[str, tuple[int, dict[str, list[tuple[int, int, str]]]]] = {}
        self._tie_index: _TieIndex | None = None
        self._spell_dates: tuple[int, dict[str, list[tuple[PartialDate, PartialDate | None]] | None]] | None = None
        self._deferrals: dict[str, frozenset[str]] | None = None
        self._snapshots: dict[tuple[Any, ...], nx.Graph] = {}
        self._edit: tuple[AllianceGraph, frozenset[str], AllianceGraph] | None = None
        """For a graph made by :meth:`without` or :meth:`with_facts`: ``(base, affected facts, small graph)``;
        its ties are the base's, those of the affected facts taken from the small graph that holds only them
        and what they touch."""
        self._rel_ids: dict[str, tuple[str, str, str]] | None = None
        self._fixed_count: int | None = None
        """The number of nodes of a read-only view (:meth:`without`), which a view would count one by one."""

    def _count(self) -> int:
        """The number of nodes of the property graph (kept for a read-only view, which does not change)."""
        return self._fixed_count if self._fixed_count is not None else self.pg.number_of_nodes()

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_facts(cls, facts: FactSet) -> "AllianceGraph":
        """Build the property graph from validated facts.

        Nodes are added in sorted id order and relationships in a fixed order, so the graph (and every
        seeded analysis on it) does not depend on the order of the facts in the files. A State with a ccode
        gets its dated historical names from the crosswalk
        (:data:`alliancegraph.importers.codes.NAME_HISTORY`) as ``name_history``: ``'name@from/to'`` entries,
        ISO days, ``..`` for an open end (read by :meth:`state_name`).
        """
        from .importers.codes import dated_codes, historical_names

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
            spells = [f"{sp.start.iso()}/{sp.end.iso() if sp.end else '..'}" for sp in st.spells]
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
            for p in c.participants:
                n = seen[p.state] = seen.get(p.state, 0) + 1
                rel(p.state, c.id, "PARTICIPANT_IN", {"id": f"{c.id}/{p.state}" + (f"/{n}" if n > 1 else ""),
                                                      "side": p.side, "from": p.start, "to": p.end})
        for s in sorted(facts.supports.values(), key=lambda x: x.id):
            rel(s.supporter, s.recipient, "SUPPORTS", {**_fact_props(s), "kind": s.kind, "from": s.start,
                                                       "to": s.end, "sources": tuple(s.sources)})
        for kind in ("states", "blocs", "treaties", "conflicts"):
            for fact in sorted(getattr(facts, kind).values(), key=lambda x: x.id):
                for src in sorted(set(fact.sources)):
                    if src in facts.sources:
                        rel(fact.id, src, "CITES", {"id": f"{fact.id}>{src}"})
        return cls(g)

    # ------------------------------------------------------------------ basic access
    def nodes(self, label: str) -> list[tuple[str, dict[str, Any]]]:
        """``(id, properties)`` of every node with ``label``, sorted by id."""
        n = self._count()
        if self._by_label is None or self._by_label[0] != n:
            by_label: dict[str, list[tuple[str, dict[str, Any]]]] = {}
            for node, d in self.pg.nodes(data=True):
                by_label.setdefault(d.get("label"), []).append((node, d))  # type: ignore[arg-type]
            for items in by_label.values():
                items.sort(key=lambda x: x[0])
            self._by_label = (n, by_label)
        return list(self._by_label[1].get(label, ()))

    def rels(self, rtype: str) -> list[tuple[str, str, dict[str, Any]]]:
        """``(start id, end id, properties)`` of every relationship of ``rtype``, sorted by relationship id."""
        if self._by_type is None:
            by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
            for u, v, d in self.pg.edges(data=True):
                by_type.setdefault(d.get("type"), []).append((u, v, d))  # type: ignore[arg-type]
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

    def state(self, state_id: str) -> dict[str, Any]:
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
        ``'value@from/to'`` entries (``name_history``, ``code_history``), made once and again when the number
        of nodes changes, like the spells of :meth:`states_as_of`."""
        n = self._count()
        cached = self._dated_cache.get(prop)
        if cached is None or cached[0] != n:
            table: dict[str, list[tuple[int, int, str]]] = {}
            for sid, d in self.nodes("State"):
                for entry in d.get(prop) or ():
                    value, span = entry.rsplit("@", 1)
                    a, b = span.split("/")
                    table.setdefault(sid, []).append(
                        (_ALWAYS[0] if a == ".." else _pd(a).first_day().toordinal(),  # type: ignore[union-attr]
                         _ALWAYS[1] if b == ".." else _pd(b).last_day().toordinal(), value))  # type: ignore[union-attr]
            cached = self._dated_cache[prop] = (n, table)
        return cached[1]

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
        >>> from alliancegraph.model import Bloc, FactSet
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
        n = self._count()
        if self._spells is None or self._spells[0] != n:
            table: list[tuple[str, list[tuple[int, int]] | None]] = []
            for sid, spells in self.state_spells().items():
                if spells is None:
                    if self.pg.nodes[sid].get("dataset", "curated") == "curated":
                        table.append((sid, None))
                    continue
                table.append((sid, [(a.first_day().toordinal(), _ALWAYS[1] if b is None else b.last_day().toordinal())
                                    for a, b in spells]))
            self._spells = (n, table)
        return [sid for sid, ords in self._spells[1]
                if ords is None or any(s <= last and e >= first for s, e in ords)]

    # ------------------------------------------------------------------ ties
    def treaty_span(self, treaty_id: str) -> tuple[PartialDate | None, PartialDate | None]:
        """The interval in which a treaty is in force: from entry into force (signature where unknown) to
        its end, or to the period before the entry into force of a treaty that supersedes it."""
        d = self.pg.nodes[treaty_id]
        start = _pd(d.get("in_force")) or _pd(d.get("signed"))
        end = _pd(d.get("ended"))
        for newer, _, r in self.pg.in_edges(treaty_id, data=True):
            if r.get("type") != "SUPERSEDES":
                continue
            nd = self.pg.nodes[newer]
            ns = _pd(nd.get("in_force")) or _pd(nd.get("signed"))
            if ns is not None:
                end = _earlier_end(end, _period_before(ns))
        return start, end

    def _strongest(self, obligations: Iterable[str]) -> str:
        obs = [o for o in obligations if o in DEFAULT_STRENGTHS]
        if not obs:
            return "none"
        return max(obs, key=lambda o: (DEFAULT_STRENGTHS[o], o))

    def ties(self) -> list[Tie]:
        """Every allied and hostile tie over time, sorted by (a, b, via, start). Computed once and cached."""
        if self._ties is not None:
            return self._ties
        if self._edit is not None:
            base, affected, small = self._edit
            merged = [t for t in base.ties() if t.via not in affected] + [t for t in small.ties() if t.via in affected]
            merged.sort(key=_tie_order)
            self._ties = merged
            return merged
        ties: list[Tie] = []
        established = {u: b for u, b, _ in self.rels("ESTABLISHES")}
        # treaties
        parties: dict[str, list[tuple[str, dict[str, Any]]]] = {}
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
                dissolved = _pd(self.pg.nodes[established[tid]].get("dissolved"))
                if dissolved is None:
                    continue
                after = dissolved.last_day() + _dt.timedelta(days=1)
                t_start = _later_start(t_start, PartialDate(after.year, after.month, after.day))
                if not _nonempty(t_start, t_end):
                    continue
            kind = self._strongest(d.get("obligations", []))
            conf = _confidence_entries(d.get("confidence_history"))
            for a, b, start, end in _spell_pairs(parties.get(tid, []), t_start, t_end):
                ties.append(Tie(a, b, +1, kind, tid, "Treaty", start, end, confidence=conf))
        # blocs
        members: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for s, b, r in self.rels("MEMBER_OF"):
            members.setdefault(b, []).append((s, r))
        establisher = {b: t for t, b, _ in self.rels("ESTABLISHES")}
        for bid, d in self.nodes("Bloc"):
            if d.get("kind") in NO_TIE_BLOC_KINDS or d.get("same_as"):
                continue
            kind = "bloc"
            if bid in establisher:
                obligations = self.pg.nodes[establisher[bid]].get("obligations", [])
                strongest = self._strongest(obligations)
                kind = strongest if strongest != "none" else "bloc"
            b_start, b_end = _pd(d.get("founded")), _pd(d.get("dissolved"))
            conf = _confidence_entries(d.get("confidence_history"))
            spells = [(s, r) for s, r in members.get(bid, []) if r.get("status") in TIE_STATUSES]
            for a, b, start, end in _spell_pairs(spells, b_start, b_end):
                ties.append(Tie(a, b, +1, kind, bid, "Bloc", start, end, confidence=conf))
        # support relations
        for s, r_, d in self.rels("SUPPORTS"):
            if d.get("same_as"):
                continue
            a, b = sorted((s, r_))
            ties.append(Tie(a, b, +1, "support", d["id"], "Support", _pd(d.get("from")), _pd(d.get("to")),
                            confidence=_confidence_entries(d.get("confidence_history"))))
        # conflicts
        participants: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for s, c, r in self.rels("PARTICIPANT_IN"):
            participants.setdefault(c, []).append((s, r))
        for cid, d in self.nodes("Conflict"):
            if d.get("same_as"):
                continue
            c_start, c_end = _pd(d.get("start")), _pd(d.get("end"))
            conf = _confidence_entries(d.get("confidence_history"))
            level = int(d.get("hostility_level", 1))
            for a, b, start, end in _spell_pairs(participants.get(cid, []), c_start, c_end, opposite_sides=True):
                ties.append(Tie(a, b, -1, "hostility", cid, "Conflict", start, end, level=level, confidence=conf))
        ties = self._clip_to_spells(ties)
        ties.sort(key=_tie_order)
        self._ties = ties
        return ties

    def state_spells(self) -> dict[str, list[tuple[PartialDate, PartialDate | None]] | None]:
        """``state id -> [(start, end or None), ...]``: each state's spells in the state system (the COW
        State System Membership list, or a curated state's ``from``/``to``), or None for a state with none
        recorded. Parsed once from the ``system_spells`` property and kept."""
        n = self._count()
        if self._spell_dates is None or self._spell_dates[0] != n:
            table: dict[str, list[tuple[PartialDate, PartialDate | None]] | None] = {}
            for sid, d in self.nodes("State"):
                spells = d.get("system_spells")
                if not spells:
                    table[sid] = None
                    continue
                parsed = []
                for sp in spells:
                    a, b = sp.split("/")
                    parsed.append((PartialDate.parse(a), None if b == ".." else PartialDate.parse(b)))
                table[sid] = parsed
            self._spell_dates = (n, table)
        return self._spell_dates[1]

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
                pieces = [(_later_start(s, a), _earlier_end(e, b)) for s, e in pieces for a, b in sp]
                pieces = [(s, e) for s, e in pieces if _nonempty(s, e)]
            if pieces == [(t.start, t.end)]:
                out.append(t)
                continue
            for s, e in pieces:
                out.append(Tie(t.a, t.b, t.sign, t.kind, t.via, t.via_label, s, e, t.level, t.confidence))
        return out

    def ties_as_of(self, day: _dt.date, min_confidence: str | Confidence = Confidence.REPORTED,
                   until: _dt.date | None = None) -> list[Tie]:
        """The ties in force on ``day`` whose fact's confidence on that day is at least ``min_confidence``
        (default ``reported``: confirmed and reported facts count, alleged and denied ones do not).

        With ``until``, the ties in force at any time from ``day`` to ``until`` (a period, e.g. a year for
        dyad-year analyses), their confidence judged on ``until``.
        """
        if self._edit is not None and self._ties is None:
            base, affected, small = self._edit
            kept = [t for t in base.ties_as_of(day, min_confidence, until) if t.via not in affected]
            kept += [t for t in small.ties_as_of(day, min_confidence, until) if t.via in affected]
            kept.sort(key=_tie_order)
            return kept
        floor = Confidence(min_confidence).rank
        last = until or day
        ties = self.ties()
        if self._tie_index is None or self._tie_index.ties is not ties:
            self._tie_index = _TieIndex(ties)
        return self._tie_index.select(day, last, floor)

    # ------------------------------------------------------------------ projections
    def _aggregate(self, day: _dt.date, min_confidence: str | Confidence, until: _dt.date | None
                   ) -> tuple[dict[tuple[str, str], dict[str, tuple[str, str]]], dict[tuple[str, str], dict[str, int]],
                              dict[str, int]]:
        """The one aggregation behind every projection: the ties in force in the snapshot, grouped.

        Returns ``(allied, hostile, size)``: ``allied[(a, b)][via] = (kind, via_label)`` (one fact counts
        once per dyad, at its strongest kind), ``hostile[(a, b)][via] = level`` (the highest level of that
        conflict for the dyad) and ``size[via]``, the number of states the fact ties together in the
        snapshot (the n of :func:`multilateral_share`). A tie of a treaty that ``defers_to`` a fact that ties
        the same dyad in the snapshot is left out (:meth:`deferrals`)."""
        allied: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
        hostile: dict[tuple[str, str], dict[str, int]] = {}
        for t in self.ties_as_of(day, min_confidence, until):
            key = (t.a, t.b)
            if t.sign < 0:
                entry_h = hostile.setdefault(key, {})
                if t.via not in entry_h or t.level > entry_h[t.via]:  # type: ignore[operator]
                    entry_h[t.via] = t.level  # type: ignore[assignment]
            else:
                entry = allied.setdefault(key, {})
                if t.via not in entry or DEFAULT_STRENGTHS[entry[t.via][0]] < DEFAULT_STRENGTHS[t.kind]:
                    entry[t.via] = (t.kind, t.via_label)
        drop_deferred(allied, self.deferrals())
        members: dict[str, set[str]] = {}
        for (a, b), entry in allied.items():
            for via in entry:
                members.setdefault(via, set()).update((a, b))
        for (a, b), entry_h in hostile.items():
            for via in entry_h:
                members.setdefault(via, set()).update((a, b))
        return ({k: v for k, v in allied.items() if v}, hostile, {v: len(m) for v, m in members.items()})

    def allied(self, day: _dt.date, strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
               min_confidence: str | Confidence = Confidence.REPORTED, until: _dt.date | None = None,
               layers: Iterable[str] | None = None, multilateral: str = DEFAULT_MULTILATERAL) -> nx.Graph:
        """The allied-tie projection as of ``day``: an undirected ``networkx.Graph`` over state ids.

        Nodes: every state in existence on ``day`` (:meth:`states_as_of`) plus any state with a tie, with
        ``name``, the state's name on ``day`` (on ``until``, the end of a period; :meth:`state_name`). Edges:
        one per allied dyad with

        * ``strength``: the tie's own strength, the strengths of its facts combined by ``combine``, in
          (0, 1]: what an influence path uses;
        * ``cost``: ``-ln strength``, for shortest paths;
        * ``weight``: the clustering weight, in [0, 1]: the facts of kinds in ``layers`` only, each at its
          strength times its :func:`multilateral_share` (a treaty of n parties gives each dyad 1/(n-1) of
          its strength under Newman's rule), combined by ``combine``; 0 when no fact is in the layers;
        * ``ties``: a list of dicts ``{via, via_label, name, kind, strength, parties, share, weight}``,
          strongest first, explaining the edge (``parties``: the n of the fact in the snapshot; ``weight``
          0 for a kind outside the layers).

        Parameters
        ----------
        day : datetime.date
            The as-of date.
        strengths : mapping, optional
            Overrides of :data:`DEFAULT_STRENGTHS` (tie kind -> strength in (0, 1]).
        combine : {'noisy-or', 'max'}
            How several ties of one dyad combine (see the module docstring).
        min_confidence : Confidence or str
            The weakest confidence that still counts.
        until : datetime.date, optional
            Make the snapshot a period from ``day`` to ``until``: a tie counts if it is in force at any time
            in it (dyad-year style, as COW and MID yearly data are read).
        layers : iterable of str, optional
            The tie kinds that make the clustering ``weight`` (default :data:`DEFAULT_LAYERS`, defense and
            offense pacts; ``'all'`` for every kind).
        multilateral : {'newman', 'sqrt', 'full'}
            How a multilateral fact's weight is shared among its dyads (:data:`MULTILATERAL_RULES`).

        Raises
        ------
        ValueError
            On a strength outside (0, 1], an unknown tie kind, layer, combination or multilateral rule.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> e = open_graph().allied(dt.date(2025, 1, 1))["RUS"]["PRK"]
        >>> round(e["strength"], 3), e["ties"][0]["via"], round(e["weight"], 3)
        (0.951, 'rus-prk-2024', 0.9)
        """
        table = _strength_table(strengths, combine)
        layer_set = check_layers(layers)
        multilateral_share(2, multilateral)
        allied, _, size = self._aggregate(day, min_confidence, until)
        g = nx.Graph()
        for sid in self.states_as_of(day, until):
            g.add_node(sid, name=self.state_name(sid, until or day))
        for (a, b), entry in sorted(allied.items()):
            ties = []
            for via, (kind, via_label) in entry.items():
                s, share = table[kind], multilateral_share(size[via], multilateral)
                ties.append({"via": via, "via_label": via_label, "name": self.fact_name(via),
                             "short_name": self.own_short_name(via), "kind": kind,
                             "strength": s, "parties": size[via], "share": share,
                             "weight": s * share if kind in layer_set else 0.0})
            ties.sort(key=lambda e: (-e["strength"], e["via"]))
            strength = combine_strengths((e["strength"] for e in ties), combine)
            # combined in the order of dyads(): heaviest first, then by fact id
            in_layer = [e["weight"] for e in sorted(ties, key=lambda e: (-e["weight"], e["via"])) if e["weight"] > 0]
            for n in (a, b):
                if n not in g:
                    g.add_node(n, name=self.state_name(n, until or day))
            g.add_edge(a, b, strength=strength, cost=-math.log(strength), ties=ties,
                       weight=combine_strengths(in_layer, combine) if in_layer else 0.0)
        return g

    def allied_shared(self, day: _dt.date, strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
                      min_confidence: str | Confidence = Confidence.REPORTED, until: _dt.date | None = None,
                      layers: Iterable[str] | None = None, multilateral: str = DEFAULT_MULTILATERAL) -> nx.Graph:
        """:meth:`allied`, kept and given again to the next call with the same arguments (the last 16 are kept).

        For read-only use: the same graph object is shared by every caller, so that many path queries on one
        snapshot build it once. Change it and the next caller sees the change; :meth:`allied` gives a graph
        of one's own.
        """
        try:
            key: tuple[Any, ...] = (day, until, tuple(sorted((strengths or {}).items())), combine,
                                    getattr(min_confidence, "value", min_confidence), self._count(),
                                    check_layers(layers), multilateral)
            hash(key)
        except TypeError:  # an unhashable strength: no sharing
            return self.allied(day, strengths, combine, min_confidence, until, layers, multilateral)
        g = self._snapshots.get(key)
        if g is None:
            g = self.allied(day, strengths, combine, min_confidence, until, layers, multilateral)
            if len(self._snapshots) >= 16:
                self._snapshots.pop(next(iter(self._snapshots)))
            self._snapshots[key] = g
        return g

    def dyads(self, day: _dt.date, strengths: Mapping[str, float] | None = None, combine: str = "noisy-or",
              min_confidence: str | Confidence = Confidence.REPORTED, until: _dt.date | None = None,
              layers: Iterable[str] | None = None, multilateral: str = DEFAULT_MULTILATERAL) -> "DyadValues":
        """The numbers of :meth:`allied` and :meth:`hostile` without the graphs, for analyses that need only
        these (the signed network of each year of a timeline): a :class:`DyadValues` whose dicts are keyed
        by dyad ``(a, b)``, ``a < b``. Same arguments, same values and same errors as :meth:`allied`."""
        table = _strength_table(strengths, combine)
        layer_set = check_layers(layers)
        multilateral_share(2, multilateral)
        allied, hostile, size = self._aggregate(day, min_confidence, until)
        strength: dict[tuple[str, str], float] = {}
        weight: dict[tuple[str, str], float] = {}
        for key, entry in allied.items():
            # combined in the order of allied(): strongest first, then by fact id
            items = sorted(((table[k], via) for via, (k, _) in entry.items()), key=lambda x: (-x[0], x[1]))
            strength[key] = combine_strengths((v for v, _ in items), combine)
            w = sorted(((table[k] * multilateral_share(size[via], multilateral), via)
                        for via, (k, _) in entry.items() if k in layer_set), key=lambda x: (-x[0], x[1]))
            if w:
                weight[key] = combine_strengths((v for v, _ in w), combine)
        level: dict[tuple[str, str], int] = {}
        hweight: dict[tuple[str, str], float] = {}
        for key, entry_h in hostile.items():
            level[key] = max(entry_h.values())
            shares = sorted((multilateral_share(size[via], multilateral) for via in entry_h), reverse=True)
            hweight[key] = combine_strengths(shares, combine)
        return DyadValues(strength, weight, level, hweight, allied)

    def hostile(self, day: _dt.date, min_confidence: str | Confidence = Confidence.REPORTED,
                until: _dt.date | None = None, multilateral: str = DEFAULT_MULTILATERAL, combine: str = "noisy-or") -> nx.Graph:
        """The hostile-tie projection as of ``day``: an undirected ``networkx.Graph`` over state ids.

        Edges: one per hostile dyad with ``level`` (the highest MID hostility level, 1-5, among the
        conflicts in which the two states are on opposite sides on ``day``), ``weight`` (the clustering
        weight of the negative layer: each conflict gives each of its opposite-side dyads the
        :func:`multilateral_share` of its n participants, combined by ``combine``; 1 for a dispute of two
        states) and ``conflicts`` (list of dicts ``{via, name, level, parties, share}``, highest level
        first). Nodes as in :meth:`allied`.
        """
        multilateral_share(2, multilateral)
        _, hostile, size = self._aggregate(day, min_confidence, until)
        g = nx.Graph()
        for sid in self.states_as_of(day, until):
            g.add_node(sid, name=self.state_name(sid, until or day))
        for (a, b), entry in sorted(hostile.items()):
            conflicts = sorted(({"via": via, "name": self.fact_name(via), "level": lvl, "parties": size[via],
                                 "share": multilateral_share(size[via], multilateral)}
                                for via, lvl in entry.items()), key=lambda e: (-e["level"], e["via"]))
            for n in (a, b):
                if n not in g:
                    g.add_node(n, name=self.state_name(n, until or day))
            g.add_edge(a, b, level=conflicts[0]["level"], conflicts=conflicts,
                       weight=combine_strengths(sorted((c["share"] for c in conflicts), reverse=True), combine))
        return g

    def sources_of(self, fact_id: str) -> list[dict[str, Any]]:
        """The sources a fact cites (CITES for nodes, the ``sources`` list for SUPPORTS), sorted by id."""
        ids: set[str] = set()
        if fact_id in self.pg:
            ids |= {v for _, v, d in self.pg.out_edges(fact_id, data=True) if d.get("type") == "CITES"}
        for _, _, d in self.rels("SUPPORTS"):
            if d["id"] == fact_id:
                ids |= set(d.get("sources", []))
        return [dict(self.pg.nodes[i]) for i in sorted(ids) if i in self.pg]

    # ------------------------------------------------------------------ what-if: edited graphs
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
        alliancegraph.graph.UnknownFactError: unknown fact 'rus-prk-2042'; did you mean rus-prk-2024, rus-prk-2000, rus-irn-2025?
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
            A new graph over a read-only view of this one's property graph (nothing is copied or changed);
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
        # names stay
        n = self._count() - len(nodes)
        out._fixed_count = n
        self.nodes("State")
        self.rels("PARTY_TO")
        assert self._by_label is not None and self._by_type is not None
        out._by_label = (n, {lab: [x for x in items if x[0] not in nodes] for lab, items in self._by_label[1].items()})
        out._by_type = {t: [x for x in items if x[0] not in nodes and x[1] not in nodes
                            and (x[0], x[1], x[2]["id"]) not in edges] for t, items in self._by_type.items()}
        for attr in ("_spells", "_spell_dates"):
            cached = getattr(self, attr)
            if cached is not None and cached[0] == self._count():
                setattr(out, attr, (n, cached[1]))
        out._dated_cache = {p: (n, c[1]) for p, c in self._dated_cache.items() if c[0] == self._count()}
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
            A new graph (this one's property graph is copied, never changed), its ties recomputed only for
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
        from .facts import FactValidationError, Problem, resolve_states

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
            o = fact.origin
            problems.append(Problem(o.file if o else "<facts>", o.line if o else 0, fact.id,
                                    f"unknown {what} {ref!r}{hint}"))

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
            for p in c.participants:
                need(c, p.state, ("State",), "state", facts.states)
        for s in facts.supports.values():
            need(s, s.supporter, ("State",), "state", facts.states)
            need(s, s.recipient, ("State",), "state", facts.states)
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
