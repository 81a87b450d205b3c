"""What changed between two dates, what one fact changes, and a state's allies.

Owns: the analyses of one snapshot that a comparison reads (:func:`snapshot_analyses`,
:class:`SnapshotAnalyses`), their comparison (:func:`compare`, :class:`Comparison`, :class:`PathChange`),
:func:`diff`, :func:`impact`, :func:`allies` (:class:`Ally`, :class:`Allies`) and :class:`DateOrderError`.

Must not know: how any measure is computed (clusters, paths, brokerage, balance and signed clusters are the
sibling analyses' one definitions), how a fact is removed or added (:meth:`AllianceGraph.without`,
:meth:`AllianceGraph.with_facts`), the views, the command line, Neo4j.

* :func:`diff` compares the snapshots of one graph at two dates;
* :func:`impact` compares the snapshot of a date with and without one fact (a treaty, a bloc, a bloc
  membership, a support relation, a conflict: :meth:`AllianceGraph.without`), or with a hypothetical fact
  added (:meth:`AllianceGraph.with_facts`);
* :func:`allies` lists a state's direct allies and what it reaches within k hops.

Both comparisons say the same things, each with the project's one definition of it: the ties that began and
ended (a tie is a fact and a dyad, :meth:`AllianceGraph.ties_as_of`), the states that moved between alliance
clusters (by cluster name, :func:`~alliancegraph.analysis.clusters.alliance_clusters`), the largest changes
of the strongest path of influence over all pairs of states present on both sides
(:func:`~alliancegraph.analysis.paths.strongest_paths`; a pair that no chain joins has strength 0), the
brokers gained and lost and the largest changes of betweenness
(:func:`~alliancegraph.analysis.centrality.brokerage`), and the change of balance: the signed triad census
and the frustration of the signed-cluster partition (:mod:`~alliancegraph.analysis.balance` on
:func:`~alliancegraph.analysis.signed.signed_graph` and
:func:`~alliancegraph.analysis.signed.signed_clusters`). Clusters and signed clusters are seeded (``seed``),
so a comparison shows what the facts change, not what another random start would.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..errors import InvalidArgumentError
from ..frames import Schema, frame
from ..graph import ALLIED_KINDS, AllianceGraph, Snapshot, SnapshotLike, Tie, combine_strengths
from ..model import Confidence
from .balance import TriadCensus, frustration, triad_census
from .centrality import StateCentrality, brokerage
from .clusters import ClusterResult, alliance_clusters
from .paths import InfluencePath, StrongestPaths, strongest_paths
from .signed import signed_clusters, signed_graph

__all__ = ["SnapshotAnalyses", "snapshot_analyses", "Comparison", "COMPARISON_COLUMNS", "PathChange", "diff", "impact", "Ally", "Allies", "allies",
           "DateOrderError", "EPSILON"]

EPSILON = 1e-9
"""Changes of strength, betweenness or participation smaller than this are no change (rounding)."""


class DateOrderError(InvalidArgumentError):
    """The later date of a comparison is before the earlier one.

    Examples
    --------
    >>> from alliancegraph import DateOrderError, diff, open_graph
    >>> try:
    ...     diff(open_graph(), "2025-01-01", "2024-01-01")
    ... except DateOrderError as e:
    ...     print(e)
    the later date 2024-01-01 is before the earlier date 2025-01-01
    """


@dataclass(frozen=True)
class SnapshotAnalyses:
    """Everything a comparison reads of one snapshot ``at`` (a :class:`~alliancegraph.graph.Snapshot`),
    each computed once: the ``ties`` in force, the ``clusters`` (with the allied projection they were found
    on), the ``paths`` between every pair of states (or from the sources asked), the ``brokers`` (state id
    -> :class:`StateCentrality`), the signed triad ``census``, the signed clusters'
    ``partition_frustration`` and the number of signed ties."""

    graph: AllianceGraph
    at: Snapshot
    ties: tuple[Tie, ...]
    clusters: ClusterResult
    paths: StrongestPaths
    brokers: dict[str, StateCentrality]
    census: TriadCensus
    partition_frustration: float
    signed_ties: int
    signed_names: tuple[str, ...] = ()

    @property
    def as_of(self) -> _dt.date:
        """The snapshot's date."""
        return self.at.as_of


def snapshot_analyses(graph: AllianceGraph, at: SnapshotLike, *, sources: Iterable[str] | None = None,
                      seed: int = 42) -> SnapshotAnalyses:
    """The :class:`SnapshotAnalyses` of ``graph`` in the snapshot ``at`` (the arguments of :func:`diff`).

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`).
    sources : iterable of str, optional
        State ids: the strongest paths from these only (default every state).
    seed : int
        Seed of the clustering and the signed clustering.

    Returns
    -------
    SnapshotAnalyses

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> s = snapshot_analyses(open_graph(), dt.date(2025, 1, 1))
    >>> s.clusters.cluster_of("DEU").name, round(s.paths.strength("RUS", "PRK"), 3), s.brokers["USA"].is_broker
    ('NATO', 0.951, True)
    """
    at = Snapshot.of(at)
    cl = alliance_clusters(graph, at, seed=seed)
    assert cl.projection is not None
    paths = strongest_paths(cl.projection, sources, at.as_of)
    br = {b.state: b for b in brokerage(graph, at, clusters=cl)}
    sg = signed_graph(graph, at)
    sc = signed_clusters(sg, seed=seed)
    return SnapshotAnalyses(graph, at, tuple(graph.ties_as_of(at)), cl, paths, br,
                            triad_census(sg), frustration(sg, sc.clusters), sg.number_of_edges(), sc.names)


@dataclass(frozen=True)
class PathChange:
    """The strongest path between ``a`` and ``b`` on both sides: strengths in [0, 1] (0: no chain of ties)
    and the paths hop by hop (None where there is none)."""

    a: str
    b: str
    before: float
    after: float
    before_path: InfluencePath | None
    after_path: InfluencePath | None

    @property
    def change(self) -> float:
        return self.after - self.before


def _tie_key(t: Tie) -> tuple[str, str, str]:
    return (t.via, t.a, t.b)


@dataclass(frozen=True)
class Comparison:
    """What differs between two snapshots: ``before`` and ``after`` (two dates for :func:`diff`; without
    and with a fact for :func:`impact`), each labelled (``labels``).

    ``ties_begun`` / ``ties_ended``: dicts ``{via, name, kind, label, a, b, sign, start, end, why}`` of the
    ties (a fact and a dyad) in force after but not before / before but not after (``why``: its start or
    end, a change of confidence past the floor, a supersession, the fact added or taken away); ``moves``: the states present
    on both sides whose cluster name differs (``{state, name, before, after}``, ``unaligned`` for none);
    ``paths``: the largest changes of strongest-path strength, largest first, at most ``top``, of
    ``pairs_changed`` changed among ``pairs_compared``; ``all_paths``: every changed pair's
    ``(a, b, before, after)``; ``brokers_gained`` / ``brokers_lost``: state ids; ``betweenness``: the
    largest changes ``(state, before, after)``; ``balance``: the triad census, the partition frustration and
    the number of signed ties on each side.

    Examples
    --------
    The Russia-North Korea treaty of 2024 (in force 4 December 2024) is among the ties begun in 2024:

    >>> from alliancegraph import diff, open_graph
    >>> d = diff(open_graph(), "2024-01-01", "2025-01-01")
    >>> d.labels, "rus-prk-2024" in [t["via"] for t in d.ties_begun]
    (('2024-01-01', '2025-01-01'), True)
    """

    kind: str
    labels: tuple[str, str]
    before: SnapshotAnalyses = field(repr=False)
    after: SnapshotAnalyses = field(repr=False)
    ties_begun: tuple[dict[str, Any], ...]
    ties_ended: tuple[dict[str, Any], ...]
    moves: tuple[dict[str, Any], ...]
    paths: tuple[PathChange, ...]
    all_paths: tuple[tuple[str, str, float, float], ...] = field(repr=False)
    pairs_compared: int
    brokers_gained: tuple[str, ...]
    brokers_lost: tuple[str, ...]
    betweenness: tuple[tuple[str, float, float], ...]
    fact: dict[str, Any] | None = None

    @property
    def pairs_changed(self) -> int:
        return len(self.all_paths)

    @property
    def balance(self) -> dict[str, Any]:
        return {label: {"triads": s.census.to_dict(), "partition_frustration": s.partition_frustration,
                        "signed_ties": s.signed_ties}
                for label, s in zip(self.labels, (self.before, self.after))}

    def name(self, state: str) -> str:
        """A state's name as of the later snapshot."""
        return self.after.graph.state_name(state, self.after.as_of)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (state names as of the later snapshot)."""
        def broker(side: SnapshotAnalyses, s: str) -> dict[str, Any]:
            return side.brokers[s].to_dict()

        return {
            "kind": self.kind, "labels": list(self.labels),
            "as_of": [self.before.as_of.isoformat(), self.after.as_of.isoformat()],
            "fact": self.fact,
            "ties_begun": [dict(t) for t in self.ties_begun], "ties_ended": [dict(t) for t in self.ties_ended],
            "cluster_moves": [dict(m) for m in self.moves],
            "paths": {"pairs_compared": self.pairs_compared, "pairs_changed": self.pairs_changed,
                      "largest": [{"a": p.a, "b": p.b, "names": [self.name(p.a), self.name(p.b)],
                                   "before": p.before, "after": p.after, "change": p.change,
                                   "before_path": p.before_path.to_dict(self.before.graph) if p.before_path else None,
                                   "after_path": p.after_path.to_dict(self.after.graph) if p.after_path else None}
                                  for p in self.paths]},
            "brokers": {"gained": [broker(self.after, s) for s in self.brokers_gained],
                        "lost": [broker(self.before, s) for s in self.brokers_lost],
                        "betweenness": [{"state": s, "name": self.name(s), "before": a, "after": b}
                                        for s, a, b in self.betweenness]},
            "balance": self.balance,
        }

    def highlight(self) -> dict[str, Any]:
        """What changed, for the HTML view of the later snapshot (``highlight`` of
        :func:`alliancegraph.views.html.build_view`): the dyads of the ties begun and ended, the states that
        moved or became or stopped being brokers, and one legend line per kind of change."""
        states: dict[str, list[str]] = {}
        dyads: dict[str, list[str]] = {}
        for what, ties in (("began", self.ties_begun), ("ended", self.ties_ended)):
            for t in ties:
                note = f"{what}: {t['name']}" + (f" ({t['why']})" if t["why"] else "")
                dyads.setdefault(f"{t['a']}|{t['b']}", []).append(note)
                for s in (t["a"], t["b"]):
                    states.setdefault(s, []).append(note)
        for m in self.moves:
            states.setdefault(m["state"], []).append(f"cluster {m['before']} -> {m['after']}")
        for s in self.brokers_gained:
            states.setdefault(s, []).append("now a broker")
        for s in self.brokers_lost:
            states.setdefault(s, []).append("no longer a broker")
        a, b = self.labels
        notes = [f"changed, {a} -> {b}: {len(self.ties_begun)} ties began, {len(self.ties_ended)} ended, "
                 f"{len(self.moves)} states moved cluster, {self.pairs_changed} pairs' strongest paths changed"]
        return {"states": {k: "; ".join(v) for k, v in states.items()},
                "dyads": {k: "; ".join(v) for k, v in dyads.items()}, "notes": notes}

    def to_pandas(self) -> dict[str, Any]:
        """The comparison as ``pandas.DataFrame`` tables, a dict keyed by ``ties`` (every tie begun or ended,
        column ``change``), ``clusters`` (the moves), ``paths`` (every changed pair: ``before``, ``after``,
        ``change``, sorted by the size of the change), ``brokers`` (``state``, ``before``, ``after`` broker
        status, ``betweenness_before``, ``betweenness_after``, for every state that is a broker on either
        side) and ``balance`` (one row per side), with the columns and dtypes of :data:`COMPARISON_COLUMNS`
        (:func:`alliancegraph.frames.frame`); needs pandas."""
        states = sorted({s for side in (self.before, self.after) for s, b in side.brokers.items() if b.is_broker})
        rows: dict[str, list[dict[str, Any]]] = {
            "ties": [{"change": c, **t} for c, ts in (("begun", self.ties_begun), ("ended", self.ties_ended))
                     for t in ts],
            "clusters": list(self.moves),
            "paths": [{"a": a, "b": b, "before": x, "after": y, "change": y - x} for a, b, x, y in self.all_paths],
            "brokers": [{
                "state": s, "name": self.name(s),
                "before": bool(s in self.before.brokers and self.before.brokers[s].is_broker),
                "after": bool(s in self.after.brokers and self.after.brokers[s].is_broker),
                "betweenness_before": self.before.brokers[s].betweenness if s in self.before.brokers else 0.0,
                "betweenness_after": self.after.brokers[s].betweenness if s in self.after.brokers else 0.0}
                for s in states],
            "balance": [{"side": label, **v["triads"], "partition_frustration": v["partition_frustration"],
                         "signed_ties": v["signed_ties"]} for label, v in self.balance.items()],
        }
        return {name: frame(rows[name], schema) for name, schema in COMPARISON_COLUMNS.items()}


COMPARISON_COLUMNS: dict[str, Schema] = {
    "ties": (("change", "str"), ("via", "str"), ("name", "str"), ("kind", "str"), ("label", "str"), ("a", "str"),
             ("b", "str"), ("sign", "int"), ("start", "date"), ("end", "date")),
    "clusters": (("state", "str"), ("name", "str"), ("before", "str"), ("after", "str")),
    "paths": (("a", "str"), ("b", "str"), ("before", "float"), ("after", "float"), ("change", "float")),
    "brokers": (("state", "str"), ("name", "str"), ("before", "bool"), ("after", "bool"),
                ("betweenness_before", "float"), ("betweenness_after", "float")),
    "balance": (("side", "str"), ("+++", "int"), ("++-", "int"), ("+--", "int"), ("---", "int"), ("total", "int"),
                ("balanced_share", "float"), ("partition_frustration", "float"), ("signed_ties", "int")),
}
"""The tables of :meth:`Comparison.to_pandas` and their columns (kinds of :mod:`alliancegraph.frames`)."""

def _tie_dict(graph: AllianceGraph, t: Tie, why: str) -> dict[str, Any]:
    return {"via": t.via, "name": graph.fact_name(t.via), "short_name": graph.short_name(t.via), "kind": t.kind, "label": t.via_label, "a": t.a, "b": t.b,
            "sign": t.sign, "start": t.start.iso() if t.start else None, "end": t.end.iso() if t.end else None,
            "why": why}


def _has(graph: AllianceGraph, fact_id: str) -> bool:
    return graph.has_fact(fact_id)


def _superseders(graph: AllianceGraph, fact_id: str) -> list[str]:
    if fact_id not in graph.pg:
        return []
    return sorted(u for u, _, d in graph.pg.in_edges(fact_id, data=True) if d.get("type") == "SUPERSEDES")


def _why_begun(t: Tie, before: SnapshotAnalyses, after: SnapshotAnalyses, floor: Confidence) -> str:
    """Why a tie is in force after but not before."""
    if t.start is not None and t.start.first_day() > before.as_of:
        return f"in force from {t.start}"
    was, now = t.confidence_as_of(before.as_of), t.confidence_as_of(after.as_of)
    if was.rank < floor.rank <= now.rank:
        return f"confidence {was.value} -> {now.value}"
    if not _has(before.graph, t.via):
        return "the fact is added"
    if _superseders(before.graph, t.via) and not _superseders(after.graph, t.via):
        return f"no longer superseded by {', '.join(_superseders(before.graph, t.via))}"
    return ""


def _why_ended(t: Tie, before: SnapshotAnalyses, after: SnapshotAnalyses, floor: Confidence) -> str:
    """Why a tie is in force before but not after."""
    by = _superseders(after.graph, t.via)
    if not _has(after.graph, t.via):
        return "the fact is taken away"
    if t.end is not None and t.end.last_day() < after.as_of:
        return f"ended {t.end}" + (f" (superseded by {', '.join(by)})" if by else "")
    if by and by != _superseders(before.graph, t.via):
        return f"superseded by {', '.join(by)}"
    was, now = t.confidence_as_of(before.as_of), t.confidence_as_of(after.as_of)
    if now.rank < floor.rank <= was.rank:
        return f"confidence {was.value} -> {now.value}"
    return ""


def compare(before: SnapshotAnalyses, after: SnapshotAnalyses, kind: str, labels: tuple[str, str], *,
            pairs: Sequence[tuple[str, str]] | None = None, top: int = 10,
            fact: dict[str, Any] | None = None) -> Comparison:
    """The :class:`Comparison` of two snapshots (see :func:`diff`), the confidence floor that of ``after``."""
    import numpy as np

    if top < 0:
        raise InvalidArgumentError(f"top must be 0 or more, not {top}")
    # ties: a fact and a dyad (its pieces over time count as one tie)
    b_ties = {_tie_key(t): t for t in before.ties}
    a_ties = {_tie_key(t): t for t in after.ties}
    floor = after.at.min_confidence
    begun = tuple(_tie_dict(after.graph, a_ties[k], _why_begun(a_ties[k], before, after, floor))
                  for k in sorted(a_ties.keys() - b_ties.keys()))
    ended = tuple(_tie_dict(before.graph, b_ties[k], _why_ended(b_ties[k], before, after, floor))
                  for k in sorted(b_ties.keys() - a_ties.keys()))
    # cluster moves, by name
    names = []
    for side in (before, after):
        names.append({m: c.name for c in side.clusters.clusters for m in c.members})
    common = sorted(set(before.clusters.projection.nodes) & set(after.clusters.projection.nodes))  # type: ignore[union-attr]
    moves = tuple({"state": s, "name": after.graph.state_name(s, after.as_of),
                   "before": names[0].get(s, "unaligned"), "after": names[1].get(s, "unaligned")}
                  for s in common if names[0].get(s, "unaligned") != names[1].get(s, "unaligned"))
    # strongest paths: every pair of states present on both sides (or the pairs asked)
    bp, ap = before.paths, after.paths
    if pairs is None:
        idx_b, idx_a = bp.index, ap.index
        states = [s for s in common if s in idx_b and s in idx_a]
        ib = np.array([idx_b[s] for s in states], dtype=int)
        ia = np.array([idx_a[s] for s in states], dtype=int)
        with np.errstate(over="ignore"):
            sb = np.exp(-bp.cost[np.ix_(ib, ib)]) if len(states) else np.zeros((0, 0))
            sa = np.exp(-ap.cost[np.ix_(ia, ia)]) if len(states) else np.zeros((0, 0))
        iu, ju = np.triu_indices(len(states), k=1)
        delta = sa[iu, ju] - sb[iu, ju]
        hit = np.flatnonzero(np.abs(delta) > EPSILON)
        changed = [(states[iu[k]], states[ju[k]], float(sb[iu[k], ju[k]]), float(sa[iu[k], ju[k]])) for k in hit]
        compared = len(iu)
    else:
        changed = []
        for a, b in pairs:
            x, y = bp.strength(a, b), ap.strength(a, b)
            if abs(y - x) > EPSILON:
                changed.append((a, b, x, y))
        compared = len(pairs)
    changed.sort(key=lambda r: (-abs(r[3] - r[2]), r[0], r[1]))
    largest = tuple(PathChange(a, b, x, y, bp.path(a, b), ap.path(a, b)) for a, b, x, y in changed[:top])
    if pairs is not None:  # every pair asked is shown, changed or not
        shown = {(p.a, p.b) for p in largest}
        largest += tuple(PathChange(a, b, bp.strength(a, b), ap.strength(a, b), bp.path(a, b), ap.path(a, b))
                         for a, b in pairs if (a, b) not in shown)
    # brokers and betweenness
    is_b = [{s for s, c in side.brokers.items() if c.is_broker} for side in (before, after)]
    gained, lost = tuple(sorted(is_b[1] - is_b[0])), tuple(sorted(is_b[0] - is_b[1]))
    bet = []
    for s in sorted(before.brokers.keys() | after.brokers.keys()):
        x = before.brokers[s].betweenness if s in before.brokers else 0.0
        y = after.brokers[s].betweenness if s in after.brokers else 0.0
        if abs(y - x) > EPSILON:
            bet.append((s, x, y))
    bet.sort(key=lambda r: (-abs(r[2] - r[1]), r[0]))
    return Comparison(kind, labels, before, after, begun, ended, moves, largest, tuple(changed), compared, gained,
                      lost, tuple(bet[:top]), fact)


def _pairs(graph: AllianceGraph, pairs: Iterable[tuple[str, str]] | None) -> list[tuple[str, str]] | None:
    if pairs is None:
        return None
    out = []
    for a, b in pairs:
        x, y = graph.resolve_state(a), graph.resolve_state(b)
        if x == y:
            raise InvalidArgumentError(f"a pair needs two states, not {a!r} and {b!r}")
        out.append((x, y))
    return out


def diff(graph: AllianceGraph, a: SnapshotLike, b: SnapshotLike, *,
         pairs: Iterable[tuple[str, str]] | None = None, top: int = 10, seed: int = 42) -> Comparison:
    """What changed from snapshot ``a`` to snapshot ``b``.

    Parameters
    ----------
    graph : AllianceGraph
    a, b : Snapshot, datetime.date or str
        The earlier and the later snapshot (``b`` not before ``a``). A date given beside a
        :class:`~alliancegraph.graph.Snapshot` takes its rules (strengths, combination rule, confidence
        floor, layers, multilateral rule: :meth:`~alliancegraph.graph.Snapshot.replace`); two snapshots
        must differ in their dates only. The confidence of each fact is judged as of each date.
    pairs : iterable of (str, str), optional
        Compare the strongest paths of these pairs of states only (names or codes); default every pair of
        states present on both dates.
    top : int
        How many of the largest path and betweenness changes to keep with their paths (default 10).
    seed : int
        Seed of the clustering and the signed clustering on both dates.

    Returns
    -------
    Comparison
        ``labels`` are the two dates.

    Raises
    ------
    DateOrderError
        If ``b`` is before ``a``.
    InvalidArgumentError
        If ``a`` and ``b`` are snapshots that differ in more than their dates.
    UnknownStateError
        If a state of ``pairs`` matches no state.
    InvalidArgumentError
        For the errors of :meth:`AllianceGraph.allied`.

    Notes
    -----
    Two snapshots, each costing one clustering, one signed clustering, Brandes' betweenness and one
    Dijkstra per state (:func:`~alliancegraph.analysis.paths.strongest_paths`).

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> d = diff(open_graph(), dt.date(2024, 1, 1), dt.date(2025, 1, 1))
    >>> [t["via"] for t in d.ties_begun if (t["a"], t["b"]) == ("PRK", "RUS")]
    ['prk-rus-arms-2023', 'prk-rus-troops-2024', 'rus-prk-2024']
    >>> sorted(t["via"] for t in d.ties_ended if (t["a"], t["b"]) == ("PRK", "RUS"))
    ['rus-prk-2000', 'rus-prk-declaration-2000', 'rus-prk-declaration-2001']
    """
    before, after = _pair_of_snapshots(a, b)
    if after.as_of < before.as_of:
        raise DateOrderError(f"the later date {after.as_of.isoformat()} is before the earlier date "
                             f"{before.as_of.isoformat()}")
    asked = _pairs(graph, pairs)
    sources = sorted({x for p in asked for x in p}) if asked is not None else None
    return compare(snapshot_analyses(graph, before, sources=sources, seed=seed),
                   snapshot_analyses(graph, after, sources=sources, seed=seed), "diff",
                   (before.as_of.isoformat(), after.as_of.isoformat()), pairs=asked, top=top)


def _pair_of_snapshots(a: SnapshotLike, b: SnapshotLike) -> tuple[Snapshot, Snapshot]:
    """The two snapshots of :func:`diff`: a date beside a snapshot takes its rules; two snapshots must
    agree on everything but their dates."""
    if isinstance(a, Snapshot) and not isinstance(b, Snapshot):
        return a, a.replace(as_of=b, until=None)
    if isinstance(b, Snapshot) and not isinstance(a, Snapshot):
        return b.replace(as_of=a, until=None), b
    sa, sb = Snapshot.of(a), Snapshot.of(b)
    rules_a = {k: v for k, v in sa.to_dict().items() if k not in ("as_of", "until")}
    rules_b = {k: v for k, v in sb.to_dict().items() if k not in ("as_of", "until")}
    if rules_a != rules_b:
        differ = ", ".join(k for k in rules_a if rules_a[k] != rules_b[k])
        raise InvalidArgumentError(f"the two snapshots of a comparison differ in {differ} (only the dates may)")
    return sa, sb


def impact(graph: AllianceGraph, fact_id: str | None, at: SnapshotLike, *, add: Any = None,
           pairs: Iterable[tuple[str, str]] | None = None, top: int = 10, seed: int = 42) -> Comparison:
    """What one fact changes as of a date: the snapshot without it against the snapshot with it.

    Parameters
    ----------
    graph : AllianceGraph
    fact_id : str or None
        A treaty, bloc, conflict, support relation, bloc membership, treaty party or conflict participant
        of ``graph`` (:meth:`AllianceGraph.fact_kind`): compared is ``graph`` without it
        (:meth:`AllianceGraph.without`: a removed treaty's SUPERSEDES go with it, so the treaties it
        superseded come back) against ``graph``. None with ``add``.
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`) compared.
    add : FactSet, optional
        Hypothetical facts (:func:`alliancegraph.facts.read_fact_file`): compared is ``graph`` against
        ``graph`` with them (:meth:`AllianceGraph.with_facts`; a fact of an id in ``graph`` replaces it).
    pairs, top, seed
        As in :func:`diff`.

    Returns
    -------
    Comparison
        ``labels`` ``('without', 'with')``; ``fact`` says what was compared (``id``, ``name``, ``kind``, or
        the ``added`` ids).

    Raises
    ------
    UnknownFactError
        If ``fact_id`` names no such fact.
    FactValidationError
        If an added fact names a state, source, treaty or bloc the graph lacks.
    InvalidArgumentError
        If both or neither of ``fact_id`` and ``add`` are given, and for the errors of :func:`diff`.

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> r = impact(open_graph(), "rus-prk-2024", dt.date(2025, 1, 1), pairs=[("RUS", "PRK")])
    >>> p = r.paths[0]
    >>> round(p.before, 4), round(p.after, 4)
    (0.5294, 0.951)
    """
    if (fact_id is None) == (add is None):
        raise InvalidArgumentError("give one fact id to take away, or facts to add")
    asked = _pairs(graph, pairs)
    sources = sorted({x for p in asked for x in p}) if asked is not None else None
    at = Snapshot.of(at)

    def analyses(g: AllianceGraph) -> SnapshotAnalyses:
        return snapshot_analyses(g, at, sources=sources, seed=seed)

    if fact_id is not None:
        kind = graph.fact_kind(fact_id)
        other = graph.without([fact_id])
        fact: dict[str, Any] = {"id": fact_id, "name": graph.fact_name(fact_id), "kind": kind, "mode": "remove"}
        before, after = analyses(other), analyses(graph)
    else:
        other = graph.with_facts(add)
        ids = sorted(f for k in ("states", "blocs", "treaties", "conflicts", "supports") for f in getattr(add, k))
        fact = {"id": ", ".join(ids), "name": "; ".join(other.fact_name(f) for f in ids), "kind": "added facts",
                "mode": "add", "added": ids}
        before, after = analyses(graph), analyses(other)
    return compare(before, after, "impact", ("without", "with"), pairs=asked, top=top, fact=fact)


# ---------------------------------------------------------------------------- allies
@dataclass(frozen=True)
class Ally:
    """A state reached from the ego: the ``strength`` of the strongest path within the depth, its
    ``hops`` (1 for a direct ally), the ``path`` and, for a direct ally, the ``ties`` behind the tie."""

    state: str
    name: str
    strength: float
    hops: int
    path: tuple[str, ...]
    ties: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "name": self.name, "strength": self.strength, "hops": self.hops,
                "path": list(self.path), "ties": [dict(t) for t in self.ties]}


@dataclass(frozen=True)
class Allies:
    """A state's ``direct`` allies (strongest first) and the states ``reached`` within ``depth`` hops
    (not direct allies), as of ``as_of``, above ``min_strength``, on the tie ``kinds``.

    Examples
    --------
    >>> from alliancegraph import allies, open_graph
    >>> r = allies(open_graph(), "North Korea", "2025-01-01", min_strength=0.5)
    >>> r.state, [a.state for a in r.direct], "BLR" in [a.state for a in r.reached]
    ('PRK', ['RUS', 'CHN'], True)
    """

    state: str
    name: str
    as_of: _dt.date
    min_strength: float
    kinds: tuple[str, ...]
    depth: int
    direct: tuple[Ally, ...]
    reached: tuple[Ally, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "name": self.name, "as_of": self.as_of.isoformat(),
                "min_strength": self.min_strength, "kinds": list(self.kinds), "depth": self.depth,
                "direct": [a.to_dict() for a in self.direct], "reached": [a.to_dict() for a in self.reached]}


def allies(graph: AllianceGraph, state: str, at: SnapshotLike, *, min_strength: float = 0.0,
           kinds: Iterable[str] | None = None, depth: int = 2) -> Allies:
    """A state's direct allies with the facts behind each, and the states it reaches within ``depth`` hops.

    Parameters
    ----------
    graph : AllianceGraph
    state : str
        A state name, code or id.
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`) whose allied projection is read.
    min_strength : float
        The weakest tie (for direct allies) or path (for the others) listed, in [0, 1]; default 0, all.
    kinds : iterable of str, optional
        Count only ties of these kinds (:data:`~alliancegraph.graph.ALLIED_KINDS`), combined by the
        snapshot's ``combine`` rule; default every kind.
    depth : int
        The most hops of a path to a state reached (>= 1; 1 lists the direct allies only).

    Returns
    -------
    Allies
        Each reached state with the strongest path of at most ``depth`` hops (the product of its hops'
        strengths), found exactly by ``depth`` rounds of Bellman-Ford relaxation on the cost ``-ln
        strength`` (Bellman 1958): O(depth x m).

    Raises
    ------
    UnknownStateError
        If ``state`` matches no state.
    InvalidArgumentError
        For ``min_strength`` outside [0, 1], ``depth < 1`` or an unknown kind.

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> r = allies(open_graph(), "PRK", dt.date(2025, 1, 1), min_strength=0.5)
    >>> [(a.state, round(a.strength, 3)) for a in r.direct]
    [('RUS', 0.951), ('CHN', 0.9)]
    """
    if not 0 <= min_strength <= 1:
        raise InvalidArgumentError(f"min_strength must be in [0, 1], not {min_strength!r}")
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise InvalidArgumentError(f"depth must be a whole number of at least 1, not {depth!r}")
    chosen = tuple(sorted(set(kinds))) if kinds else ()
    for k in chosen:
        if k not in ALLIED_KINDS:
            raise InvalidArgumentError(f"unknown tie kind {k!r} (one of {', '.join(ALLIED_KINDS)})")
    at = Snapshot.of(at)
    as_of = at.as_of
    s = graph.resolve_state(state)
    g = graph.allied_shared(at)
    # the edges on the kinds asked: strength of their ties combined, cost -ln strength
    edges: dict[str, dict[str, tuple[float, tuple[dict[str, Any], ...]]]] = {}
    for a, b, d in g.edges(data=True):
        ties = tuple(t for t in d["ties"] if not chosen or t["kind"] in chosen)
        if not ties:
            continue
        st = d["strength"] if not chosen else combine_strengths((t["strength"] for t in ties), at.combine)
        edges.setdefault(a, {})[b] = (st, ties)
        edges.setdefault(b, {})[a] = (st, ties)
    name = lambda x: graph.state_name(x, as_of)  # noqa: E731
    direct = sorted((Ally(m, name(m), st, 1, (s, m), ties) for m, (st, ties) in edges.get(s, {}).items()
                     if st >= min_strength), key=lambda x: (-x.strength, x.state))
    # hop-limited strongest paths (Bellman-Ford, one round per hop): after round k, best[v] is the least
    # cost of a path of at most k hops; costs are positive, so a best path never repeats a state
    best: dict[str, tuple[float, tuple[str, ...]]] = {s: (0.0, (s,))}
    for _ in range(depth):
        nxt = dict(best)
        for u, (c, p) in sorted(best.items()):
            for v, (st, _) in sorted(edges.get(u, {}).items()):
                cv = c - math.log(st)
                if cv < nxt.get(v, (math.inf,))[0] - 1e-12:
                    nxt[v] = (cv, p + (v,))
        if nxt == best:
            break
        best = nxt
    direct_ids = {a.state for a in direct} | set(edges.get(s, {}))
    reached = sorted((Ally(v, name(v), math.exp(-c), len(p) - 1, p) for v, (c, p) in best.items()
                      if v != s and v not in direct_ids and math.exp(-c) >= min_strength),
                     key=lambda x: (-x.strength, x.hops, x.state))
    return Allies(s, name(s), as_of, min_strength, chosen, depth, tuple(direct), tuple(reached))
