"""Projections: the dyadic networks of a snapshot, built from the ties in force.


Owns: the strength table (:func:`strength_table`), the combination rules (:data:`COMBINE_RULES`,
:func:`combine_strengths`), the clustering layers (:data:`DEFAULT_LAYERS`, :func:`check_layers`), the
multilateral share (:data:`MULTILATERAL_RULES`, :func:`multilateral_share`), the one aggregation of a
snapshot's ties into dyads and the one weighing of a dyad, and :class:`ProjectionGraph`, the layer of the
graph that gives the allied and hostile projections (:meth:`~ProjectionGraph.allied`,
:meth:`~ProjectionGraph.dyads`, :meth:`~ProjectionGraph.hostile`).

Must not know: how ties are made from facts (:mod:`.ties` gives them), edits, analyses, Neo4j, views.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, NamedTuple, Union

import networkx as nx

from ..dates import parse_as_of
from ..errors import InvalidArgumentError
from ..frames import DataFrame, frame
from ..model import Confidence
from .frozen import freeze_graph
from .ties import ALLIED_KINDS, DEFAULT_STRENGTHS, Tie, TieGraph, Ties, drop_deferred

__all__ = ["Snapshot", "SnapshotLike", "COMBINE_RULES", "DEFAULT_LAYERS", "MULTILATERAL_RULES", "DEFAULT_MULTILATERAL", "DyadValues",
           "ProjectionGraph", "check_layers", "combine_strengths", "multilateral_share", "strength_table"]

COMBINE_RULES = ("noisy-or", "max")


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


def combine_strengths(strengths: Iterable[float], rule: str = "noisy-or") -> float:
    """Combine the strengths of several ties between one dyad.

    ``'noisy-or'``: ``1 - prod(1 - s)``; ``'max'``: the largest. Raises :class:`InvalidArgumentError` (a
    ``ValueError``) for another rule.

    Examples
    --------
    >>> round(combine_strengths([0.9, 0.3]), 6), combine_strengths([0.9, 0.3], "max")
    (0.93, 0.9)
    """
    values = list(strengths)
    if rule == "noisy-or":
        return 1.0 - math.prod(1.0 - s for s in values)
    if rule == "max":
        return max(values)
    raise InvalidArgumentError(f"unknown combination rule {rule!r} (one of {', '.join(COMBINE_RULES)})")




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
    InvalidArgumentError
        For an unknown rule, or ``n`` not a whole number of at least 2.

    Examples
    --------
    >>> multilateral_share(2), multilateral_share(5, "newman"), multilateral_share(5), multilateral_share(5, "full")
    (1.0, 0.25, 0.5, 1.0)
    """
    if rule not in MULTILATERAL_RULES:
        raise InvalidArgumentError(f"unknown multilateral rule {rule!r} (one of {', '.join(MULTILATERAL_RULES)})")
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise InvalidArgumentError(f"a commitment ties at least 2 states, not {n!r}")
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
    InvalidArgumentError
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
        raise InvalidArgumentError(f"layers must be tie kinds, not {layers!r}") from None
    out: set[str] = set()
    for k in items:
        if not isinstance(k, str) or not k.strip():
            raise InvalidArgumentError(f"a layer must be a tie kind, not {k!r}")
        k = k.strip().lower()
        if k == "all":
            out |= set(ALLIED_KINDS)
        elif k in ALLIED_KINDS:
            out.add(k)
        else:
            raise InvalidArgumentError(f"unknown layer {k!r} (tie kinds: {', '.join(ALLIED_KINDS)}, or 'all')")
    if not out:
        raise InvalidArgumentError("no layer given")
    return frozenset(out)




def strength_table(strengths: Mapping[str, float] | None, combine: str = "noisy-or") -> dict[str, float]:
    """The strength of each allied tie kind in a snapshot: :data:`DEFAULT_STRENGTHS` with ``strengths`` applied.

    Parameters
    ----------
    strengths : mapping, optional
        Overrides: tie kind -> strength in (0, 1].
    combine : {'noisy-or', 'max'}
        The combination rule, checked here with the strengths (:data:`COMBINE_RULES`).

    Returns
    -------
    dict
        Every kind of :data:`DEFAULT_STRENGTHS`, with its strength.

    Raises
    ------
    InvalidArgumentError
        For an unknown kind, a strength outside (0, 1] or an unknown combination rule.

    Examples
    --------
    >>> t = strength_table({"bloc": 0.2})
    >>> t["bloc"], t["defense"]
    (0.2, 0.9)
    >>> strength_table({"bloc": 1.5})
    Traceback (most recent call last):
    ...
    alliancegraph.errors.InvalidArgumentError: strength of 'bloc' must be in (0, 1], not 1.5
    """
    table = dict(DEFAULT_STRENGTHS)
    for k, v in (strengths or {}).items():
        if k not in DEFAULT_STRENGTHS:
            raise InvalidArgumentError(f"unknown tie kind {k!r} in strengths (one of {', '.join(DEFAULT_STRENGTHS)})")
        try:
            value = float(v)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"strength of {k!r} must be a number in (0, 1], not {v!r}") from None
        if not 0 < value <= 1:
            raise InvalidArgumentError(f"strength of {k!r} must be in (0, 1], not {v!r}")
        table[k] = value
    if combine not in COMBINE_RULES:
        raise InvalidArgumentError(f"unknown combination rule {combine!r} (one of {', '.join(COMBINE_RULES)})")
    return table




SnapshotLike = Union["Snapshot", _dt.date, str]
"""What a function that reads one snapshot accepts as ``at``: a :class:`Snapshot`, a date or a date string
(``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``; a partial date means its last day), read by :meth:`Snapshot.of`."""


@dataclass(frozen=True, init=False)
class Snapshot:
    """One snapshot of the graph: the date (or period) and the rules that make its projections.

    The one value that every analysis, view and export takes as ``at``; it is checked once, here, and is
    hashable (the key under which :meth:`ProjectionGraph.allied_shared` keeps a projection).

    Parameters
    ----------
    as_of : datetime.date or str, optional
        The as-of date; a string ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a partial date means its last
        day, :func:`~alliancegraph.dates.parse_as_of`). None: today.
    until : datetime.date or str, optional
        Make the snapshot a period from ``as_of`` to ``until`` (both days included): a tie counts if it is
        in force at any time in it, its confidence judged on ``until`` (dyad-year style, as COW and MID
        yearly data are read). Not before ``as_of``.
    min_confidence : Confidence or str
        The weakest confidence (on the date) that still counts; default ``reported`` (confirmed and
        reported facts count, alleged and denied ones do not).
    strengths : mapping, optional
        Overrides of :data:`~alliancegraph.graph.ties.DEFAULT_STRENGTHS` (tie kind -> strength in (0, 1]);
        stored as sorted ``(kind, strength)`` pairs.
    combine : {'noisy-or', 'max'}
        How several ties of one dyad combine (:data:`COMBINE_RULES`, :func:`combine_strengths`).
    layers : iterable of str or str, optional
        The tie kinds that make the clustering weight (:func:`check_layers`; None: :data:`DEFAULT_LAYERS`,
        ``'all'``: every allied kind).
    multilateral : {'newman', 'sqrt', 'full'}
        How a multilateral fact's weight is shared among its dyads (:data:`MULTILATERAL_RULES`).

    Raises
    ------
    DateError
        For a date that is not one.
    InvalidArgumentError
        For ``until`` before ``as_of``, an unknown confidence, tie kind, layer, combination or multilateral
        rule, or a strength outside (0, 1].

    Examples
    --------
    >>> at = Snapshot("1980", min_confidence="alleged", strengths={"bloc": 0.2})
    >>> at.as_of, at.min_confidence.value, at.strengths, sorted(at.layers)
    (datetime.date(1980, 12, 31), 'alleged', (('bloc', 0.2),), ['defense', 'offense'])
    >>> at == Snapshot("1980-12-31", min_confidence="alleged", strengths={"bloc": 0.2}), hash(at) == hash(at.replace())
    (True, True)
    >>> Snapshot("2025", combine="min")
    Traceback (most recent call last):
    ...
    alliancegraph.errors.InvalidArgumentError: unknown combination rule 'min' (one of noisy-or, max)
    """

    as_of: _dt.date
    until: _dt.date | None
    min_confidence: Confidence
    strengths: tuple[tuple[str, float], ...]
    combine: str
    layers: frozenset[str]
    multilateral: str

    def __init__(self, as_of: _dt.date | str | None = None, *, until: _dt.date | str | None = None,
                 min_confidence: Confidence | str = Confidence.REPORTED,
                 strengths: Mapping[str, float] | Iterable[tuple[str, float]] | None = None,
                 combine: str = "noisy-or", layers: Iterable[str] | str | None = None,
                 multilateral: str = DEFAULT_MULTILATERAL) -> None:
        day = parse_as_of(as_of)
        end = None if until is None else parse_as_of(until)
        if end is not None and end < day:
            raise InvalidArgumentError(f"until {end.isoformat()} is before as_of {day.isoformat()}")
        try:
            confidence = Confidence(min_confidence)
        except ValueError:
            raise InvalidArgumentError(f"unknown confidence {min_confidence!r} "
                                       f"(one of {', '.join(Confidence.values())})") from None
        pairs = dict(strengths.items() if isinstance(strengths, Mapping) else strengths or ())
        table = strength_table(pairs, combine)
        multilateral_share(2, multilateral)
        for name, value in (("as_of", day), ("until", end), ("min_confidence", confidence),
                            ("strengths", tuple(sorted((k, table[k]) for k in pairs))), ("combine", combine),
                            ("layers", check_layers(layers)), ("multilateral", multilateral)):
            object.__setattr__(self, name, value)

    @classmethod
    def of(cls, value: "SnapshotLike | None") -> "Snapshot":
        """``value`` as a snapshot: a :class:`Snapshot` itself, a date or date string (or None, today) as
        the snapshot of that date with the default rules.

        Raises
        ------
        DateError
            For a string that is not a date.

        Examples
        --------
        >>> import datetime as dt
        >>> Snapshot.of("2025-01").as_of, Snapshot.of(dt.date(2025, 1, 1)) == Snapshot(dt.date(2025, 1, 1))
        (datetime.date(2025, 1, 31), True)
        """
        return value if isinstance(value, Snapshot) else cls(value)

    @classmethod
    def year(cls, y: int, **kw: Any) -> "Snapshot":
        """The snapshot of year ``y`` read as a period, 1 January to 31 December (as the timeline and the
        panels read years); ``kw``: the other parameters of :class:`Snapshot`.

        Examples
        --------
        >>> at = Snapshot.year(1990, layers="all")
        >>> at.as_of.isoformat(), at.until.isoformat(), len(at.layers) > 2
        ('1990-01-01', '1990-12-31', True)
        """
        return cls(**kw).for_year(y)

    def for_year(self, y: int) -> "Snapshot":
        """This snapshot's rules over year ``y`` read as a period, 1 January to 31 December: the snapshot of
        each year of a timeline or panel built from a template.

        Examples
        --------
        >>> at = Snapshot("2025", combine="max").for_year(1990)
        >>> at.as_of.isoformat(), at.until.isoformat(), at.combine
        ('1990-01-01', '1990-12-31', 'max')
        """
        return self.replace(as_of=_dt.date(y, 1, 1), until=_dt.date(y, 12, 31))

    def replace(self, **kw: Any) -> "Snapshot":
        """A copy with the parameters ``kw`` changed (checked as in :class:`Snapshot`).

        Examples
        --------
        >>> Snapshot("2025").replace(as_of="1990", combine="max").to_dict()["as_of"]
        '1990-12-31'
        """
        fields = {"as_of": self.as_of, "until": self.until, "min_confidence": self.min_confidence,
                  "strengths": self.strengths, "combine": self.combine, "layers": self.layers,
                  "multilateral": self.multilateral}
        unknown = set(kw) - set(fields)
        if unknown:
            raise InvalidArgumentError(f"unknown snapshot parameter(s) {', '.join(sorted(unknown))} "
                                       f"(one of {', '.join(fields)})")
        return Snapshot(**{**fields, **kw})

    @property
    def strength_table(self) -> dict[str, float]:
        """The strength of every allied tie kind in this snapshot (:func:`strength_table`).

        Examples
        --------
        >>> t = Snapshot("2025", strengths={"bloc": 0.2}).strength_table
        >>> t["bloc"], t["defense"]
        (0.2, 0.9)
        """
        return strength_table(dict(self.strengths), self.combine)

    @property
    def last_day(self) -> _dt.date:
        """The last day of the snapshot: ``until`` for a period, else ``as_of`` (the day on which state
        names and confidences are read)."""
        return self.until or self.as_of

    def to_dict(self) -> dict[str, Any]:
        """The snapshot as JSON-ready values (ISO dates, the confidence's name, layers sorted).

        Examples
        --------
        >>> Snapshot("2025-01-01").to_dict()
        {'as_of': '2025-01-01', 'until': None, 'min_confidence': 'reported', 'strengths': {}, 'combine': 'noisy-or', 'layers': ['defense', 'offense'], 'multilateral': 'sqrt'}
        """
        return {"as_of": self.as_of.isoformat(), "until": self.until.isoformat() if self.until else None,
                "min_confidence": self.min_confidence.value, "strengths": dict(self.strengths),
                "combine": self.combine, "layers": sorted(self.layers), "multilateral": self.multilateral}



class DyadValues(NamedTuple):
    """The dyad values of a snapshot (:meth:`ProjectionGraph.dyads`), each a dict keyed by ``(a, b)``, ``a < b``.

    ``strength``: the combined allied strength of each allied dyad (the edge ``strength`` of
    :meth:`ProjectionGraph.allied`); ``weight``: its clustering weight, for the dyads with a fact in the
    layers (edge ``weight``); ``level``: the highest hostility level of each hostile dyad; ``hostile_weight``:
    the negative layer's weight of each hostile dyad (edge ``weight`` of :meth:`ProjectionGraph.hostile`);
    ``facts``: the facts behind each allied dyad.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> dv = open_graph().dyads("2025-01-01")
    >>> dv.facts[("PRK", "RUS")]["rus-prk-2024"], dv.level[("RUS", "UKR")]
    (('defense', 'Treaty'), 5)
    """

    strength: dict[tuple[str, str], float]
    weight: dict[tuple[str, str], float]
    level: dict[tuple[str, str], int]
    hostile_weight: dict[tuple[str, str], float]
    facts: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    """``facts[(a, b)][via] = (kind, via_label)``: the facts behind each allied dyad."""

    def rows(self) -> list[dict[str, Any]]:
        """One dict per dyad ``(a, b)``, ``a < b``, allied or hostile, sorted, with the columns of
        :data:`DYAD_COLUMNS` (None where the dyad has no such value)."""
        return [{"a": a, "b": b, "strength": self.strength.get((a, b)), "weight": self.weight.get((a, b)),
                 "level": self.level.get((a, b)), "hostile_weight": self.hostile_weight.get((a, b)),
                 "facts": sorted(self.facts[(a, b)]) if (a, b) in self.facts else None}
                for a, b in sorted(set(self.strength) | set(self.level))]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"dyads": [row, ...]}``, the rows of :meth:`rows` (``facts`` a list of fact ids)."""
        return {"dyads": self.rows()}

    def to_pandas(self) -> DataFrame:
        """One row per dyad ``a < b`` with an allied or a hostile tie, sorted by ``(a, b)``: ``strength``
        (combined allied strength), ``weight`` (clustering weight; NaN for a dyad with no fact in the
        layers), ``level`` (highest hostility level, ``Int64``, ``<NA>`` when not hostile),
        ``hostile_weight`` (NaN when not hostile) and ``facts`` (the ids of the allied facts behind it,
        sorted and joined by ``';'``; ``<NA>`` for a dyad that is only hostile). Needs pandas.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> df = open_graph().dyads(dt.date(2025, 1, 1)).to_pandas()
        >>> row = df[(df.a == "PRK") & (df.b == "RUS")].iloc[0]
        >>> round(float(row["strength"]), 3), row["weight"], row["facts"]
        (0.951, np.float64(0.9), 'prk-rus-arms-2023;prk-rus-troops-2024;rus-prk-2024')
        >>> df.dtypes
        a                  string
        b                  string
        strength          float64
        weight            float64
        level               Int64
        hostile_weight    float64
        facts              string
        dtype: object
        """
        return frame(self.rows(), DYAD_COLUMNS)


DYAD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("a", "str"), ("b", "str"), ("strength", "float"), ("weight", "float"), ("level", "Int"),
    ("hostile_weight", "float"), ("facts", "ids"))
"""The columns of :meth:`DyadValues.to_pandas` (kinds of :mod:`alliancegraph.frames`)."""




class _Weighed(NamedTuple):
    """One fact of an allied dyad, weighed: its kind's ``strength``, its multilateral ``share`` and its
    clustering ``weight`` (``strength * share`` for a kind in the layers, else 0)."""

    via: str
    via_label: str
    kind: str
    strength: float
    share: float
    weight: float


def _shares(size: Mapping[str, int], multilateral: str) -> dict[str, float]:
    """The :func:`multilateral_share` of each fact of a snapshot, from its number of states ``size``."""
    return {via: multilateral_share(n, multilateral) for via, n in size.items()}


def _weigh_dyad(entry: Mapping[str, tuple[str, str]], shares: Mapping[str, float], table: Mapping[str, float],
                layers: frozenset[str], combine: str) -> tuple[list[_Weighed], float, float | None]:
    """The one weighing of an allied dyad (:meth:`ProjectionGraph.allied`, :meth:`ProjectionGraph.dyads`):
    its facts (``entry``: ``via -> (kind, via_label)``, one per fact at its strongest, as
    :meth:`ProjectionGraph._aggregate` gives them) each weighed with its share (:func:`_shares`), strongest
    first then by fact id; their
    strengths combined by ``combine`` in that order; the weights of the facts in the layers combined,
    heaviest first then by fact id (None when no fact is in the layers)."""
    facts = []
    for via, (kind, via_label) in entry.items():
        s, share = table[kind], shares[via]
        facts.append(_Weighed(via, via_label, kind, s, share, s * share if kind in layers else 0.0))
    facts.sort(key=lambda f: (-f.strength, f.via))
    strength = combine_strengths((f.strength for f in facts), combine)
    in_layer = sorted(((f.weight, f.via) for f in facts if f.weight > 0), key=lambda x: (-x[0], x[1]))
    return facts, strength, combine_strengths((w for w, _ in in_layer), combine) if in_layer else None


def _hostile_weight(entry: Mapping[str, int], shares: Mapping[str, float], combine: str) -> float:
    """The negative layer's weight of a hostile dyad (``entry``: ``conflict id -> level``): each conflict's
    :func:`multilateral_share`, combined by ``combine``, largest first."""
    return combine_strengths(sorted((shares[via] for via in entry), reverse=True), combine)


class ProjectionGraph(TieGraph):
    """The graph with its projections as of a date (the layer of :class:`~alliancegraph.graph.AllianceGraph`
    that aggregates a snapshot's ties into dyads, weighs them and builds the allied and hostile graphs)."""

    def __init__(self, pg: nx.MultiDiGraph):
        super().__init__(pg)
        self._snapshots: dict[Snapshot, nx.Graph] = {}

    def ties_as_of(self, at: SnapshotLike) -> Ties:
        """The ties in force in the snapshot ``at`` whose fact's confidence is at least its
        ``min_confidence`` (default ``reported``: confirmed and reported facts count, alleged and denied
        ones do not).

        Parameters
        ----------
        at : Snapshot, datetime.date or str
            The snapshot (:meth:`Snapshot.of`); for a period (``until``), the ties in force at any time in
            it, their confidence judged on ``until``.

        Returns
        -------
        Ties
            A list of :class:`Tie` in the graph's tie order, which serialises itself (``to_pandas()``,
            ``to_dict()``).

        Examples
        --------
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> def pact(at): return "prk-rus-troops-2024" in {t.via for t in g.ties_as_of(at)}
        >>> pact("2024-10-20"), pact(Snapshot("2024-10-20", min_confidence="alleged"))   # the troops: alleged then
        (False, True)
        """
        at = Snapshot.of(at)
        return self._ties_in(at.as_of, at.min_confidence, at.until)

    def _aggregate(self, at: Snapshot
                   ) -> tuple[dict[tuple[str, str], dict[str, tuple[str, str]]], dict[tuple[str, str], dict[str, int]],
                              dict[str, int]]:
        """The one aggregation behind every projection: the ties in force in the snapshot, grouped.

        Returns ``(allied, hostile, size)``: ``allied[(a, b)][via] = (kind, via_label)`` (one fact counts
        once per dyad, at its strongest kind), ``hostile[(a, b)][via] = level`` (the highest level of that
        conflict for the dyad) and ``size[via]``, the number of states the fact ties together in the
        snapshot (the n of :func:`multilateral_share`). A tie of a treaty that ``defers_to`` a fact that ties
        the same dyad in the snapshot is left out (:meth:`~alliancegraph.graph.ties.TieGraph.deferrals`).
        :func:`_weigh_dyad` and :func:`_hostile_weight` then weigh and combine each dyad, for every
        projection alike."""
        allied: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
        hostile: dict[tuple[str, str], dict[str, int]] = {}
        for t in self.ties_as_of(at):
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

    def allied(self, at: SnapshotLike) -> nx.Graph:
        """The allied-tie projection of the snapshot ``at``: an undirected ``networkx.Graph`` over state ids.

        Nodes: every state in existence in the snapshot (:meth:`states_as_of`) plus any state with a tie,
        with ``name``, the state's name on its last day (``until`` for a period; :meth:`state_name`). Edges:
        one per allied dyad with

        * ``strength``: the tie's own strength, the strengths of its facts combined by the snapshot's
          ``combine`` rule, in (0, 1]: what an influence path uses;
        * ``cost``: ``-ln strength``, for shortest paths;
        * ``weight``: the clustering weight, in [0, 1]: the facts of kinds in the snapshot's ``layers``
          only, each at its strength times its :func:`multilateral_share` (a treaty of n parties gives each
          dyad 1/(n-1) of its strength under Newman's rule), combined by ``combine``; 0 when no fact is in
          the layers;
        * ``ties``: a list of dicts ``{via, via_label, name, kind, strength, parties, share, weight}``,
          strongest first, explaining the edge (``parties``: the n of the fact in the snapshot; ``weight``
          0 for a kind outside the layers).

        Parameters
        ----------
        at : Snapshot, datetime.date or str
            The snapshot (:meth:`Snapshot.of`): date or period, confidence floor, strengths, combination
            rule, layers and multilateral rule.

        Returns
        -------
        networkx.Graph

        Raises
        ------
        DateError, InvalidArgumentError
            For a date or a snapshot parameter that :class:`Snapshot` refuses.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> e = open_graph().allied(dt.date(2025, 1, 1))["RUS"]["PRK"]
        >>> round(e["strength"], 3), e["ties"][0]["via"], round(e["weight"], 3)
        (0.951, 'rus-prk-2024', 0.9)
        >>> round(open_graph().allied(Snapshot("2025-01-01", combine="max"))["RUS"]["PRK"]["strength"], 3)
        0.9
        """
        at = Snapshot.of(at)
        table = at.strength_table
        allied, _, size = self._aggregate(at)
        shares = _shares(size, at.multilateral)
        g = nx.Graph()
        for sid in self.states_as_of(at.as_of, at.until):
            g.add_node(sid, name=self.state_name(sid, at.last_day))
        for (a, b), entry in sorted(allied.items()):
            facts, strength, weight = _weigh_dyad(entry, shares, table, at.layers, at.combine)
            ties = [{"via": f.via, "via_label": f.via_label, "name": self.fact_name(f.via),
                     "short_name": self.own_short_name(f.via), "kind": f.kind, "strength": f.strength,
                     "parties": size[f.via], "share": f.share, "weight": f.weight} for f in facts]
            for n in (a, b):
                if n not in g:
                    g.add_node(n, name=self.state_name(n, at.last_day))
            g.add_edge(a, b, strength=strength, cost=-math.log(strength), ties=ties, weight=weight or 0.0)
        return g

    def allied_shared(self, at: SnapshotLike) -> nx.Graph:
        """:meth:`allied`, kept and given again to the next call with an equal snapshot (the last 16 are kept).

        The same graph object is shared by every caller, so that many path queries on one snapshot build it
        once; it is frozen (:func:`~alliancegraph.graph.frozen.freeze_graph`): adding or removing a node or
        an edge raises ``networkx.NetworkXError``, setting an attribute ``TypeError``. :meth:`allied` (or
        ``.copy()``) gives a graph of one's own to change.

        Parameters
        ----------
        at : Snapshot, datetime.date or str
            The snapshot (:meth:`Snapshot.of`), the key under which the graph is kept.

        Returns
        -------
        networkx.Graph
            Frozen.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> s = g.allied_shared(dt.date(2025, 1, 1))
        >>> s is g.allied_shared("2025-01-01"), s.number_of_edges() == g.allied(dt.date(2025, 1, 1)).number_of_edges()
        (True, True)
        >>> s.remove_edge("PRK", "RUS")
        Traceback (most recent call last):
        ...
        networkx.exception.NetworkXError: Frozen graph can't be modified
        """
        at = Snapshot.of(at)
        g = self._snapshots.get(at)
        if g is None:
            g = freeze_graph(self.allied(at))
            if len(self._snapshots) >= 16:
                self._snapshots.pop(next(iter(self._snapshots)))
            self._snapshots[at] = g
        return g

    def dyads(self, at: SnapshotLike) -> "DyadValues":
        """The numbers of :meth:`allied` and :meth:`hostile` without the graphs, for analyses that need only
        these (the signed network of each year of a timeline).

        Parameters
        ----------
        at : Snapshot, datetime.date or str
            The snapshot (:meth:`Snapshot.of`).

        Returns
        -------
        DyadValues
            Dicts keyed by dyad ``(a, b)``, ``a < b``: the same values as the edges of :meth:`allied` and
            :meth:`hostile` of ``at``.

        Examples
        --------
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> dv = g.dyads("2025-01-01")
        >>> dv.strength[("PRK", "RUS")] == g.allied("2025-01-01")["PRK"]["RUS"]["strength"]
        True
        """
        at = Snapshot.of(at)
        table = at.strength_table
        allied, hostile, size = self._aggregate(at)
        shares = _shares(size, at.multilateral)
        strength: dict[tuple[str, str], float] = {}
        weight: dict[tuple[str, str], float] = {}
        for key, entry in allied.items():
            _, strength[key], w = _weigh_dyad(entry, shares, table, at.layers, at.combine)
            if w is not None:
                weight[key] = w
        level: dict[tuple[str, str], int] = {}
        hweight: dict[tuple[str, str], float] = {}
        for key, entry_h in hostile.items():
            level[key] = max(entry_h.values())
            hweight[key] = _hostile_weight(entry_h, shares, at.combine)
        return DyadValues(strength, weight, level, hweight, allied)

    def hostile(self, at: SnapshotLike) -> nx.Graph:
        """The hostile-tie projection of the snapshot ``at``: an undirected ``networkx.Graph`` over state ids.

        Edges: one per hostile dyad with ``level`` (the highest MID hostility level, 1-5, among the
        conflicts in which the two states are on opposite sides in the snapshot), ``weight`` (the clustering
        weight of the negative layer: each conflict gives each of its opposite-side dyads the
        :func:`multilateral_share` of its n participants under the snapshot's ``multilateral`` rule,
        combined by its ``combine`` rule; 1 for a dispute of two states) and ``conflicts`` (list of dicts
        ``{via, name, level, parties, share}``, highest level first). Nodes as in :meth:`allied`.

        Parameters
        ----------
        at : Snapshot, datetime.date or str
            The snapshot (:meth:`Snapshot.of`); its strengths and layers do not matter here.

        Returns
        -------
        networkx.Graph

        Examples
        --------
        >>> from alliancegraph import open_graph
        >>> h = open_graph().hostile(Snapshot.year(1990))
        >>> all(1 <= d["level"] <= 5 for _, _, d in h.edges(data=True))
        True
        """
        at = Snapshot.of(at)
        _, hostile, size = self._aggregate(at)
        shares = _shares(size, at.multilateral)
        g = nx.Graph()
        for sid in self.states_as_of(at.as_of, at.until):
            g.add_node(sid, name=self.state_name(sid, at.last_day))
        for (a, b), entry in sorted(hostile.items()):
            conflicts: list[dict[str, Any]] = sorted(
                ({"via": via, "name": self.fact_name(via), "level": lvl, "parties": size[via], "share": shares[via]}
                 for via, lvl in entry.items()), key=lambda e: (-e["level"], e["via"]))
            for n in (a, b):
                if n not in g:
                    g.add_node(n, name=self.state_name(n, at.last_day))
            g.add_edge(a, b, level=conflicts[0]["level"], conflicts=conflicts,
                       weight=_hostile_weight(entry, shares, at.combine))
        return g
