"""Signed clusters and structural balance year by year, with blocs tracked across years.

Owns: the timeline (:func:`timeline`, :class:`Timeline`, :class:`TimelineYear`), bloc tracking and naming
across years (:func:`track_blocs`, :func:`jaccard`, :class:`BlocNames`) and the timeline's tables (CSV and
JSON, :meth:`Timeline.write`).

Must not know: the charts of a timeline (:mod:`alliancegraph.views.timeline`,
:mod:`alliancegraph.views.alluvial`), how the signed network, its clusters and balance are computed (the
sibling analyses), the command line, Neo4j.

Each year is read as a period (1 January to 31 December: a tie counts if it is in force at any time in the
year, the dyad-year convention of COW and MID yearly data). For each year the signed network
(:func:`~alliancegraph.analysis.signed.signed_graph`) gets signed clusters (Traag and Bruggeman 2009), the
signed triad census, the frustration of the cluster partition and, on request, the exact two-group
frustration index (Aref and Wilson 2019).

Blocs (signed clusters of two or more states) are tracked across years after Greene, Doyle and Cunningham
(2010), "Tracking the evolution of communities in dynamic social networks", Proc. ASONAM 2010,
doi:10.1109/ASONAM.2010.17: a bloc of this year *continues* a bloc of the previous step when their Jaccard
similarity is at least ``threshold`` (default 0.3); a bloc matched by two or more blocs of the new year
*splits* (the best match keeps its label), two or more blocs matched by one new bloc *merge* (the new bloc
keeps the label of its best match); unmatched blocs are *born* or *dissolve*.

Tracking works on labels ``B<n>``; what the timeline shows is each bloc's *name*, given when the bloc is
born, after the treaty or bloc that defines it that year (:func:`~alliancegraph.analysis.clusters.name_groups`:
"NATO", "Warsaw Pact"). A bloc born without a defining treaty or bloc is named after its anchor state
("France and partners") until the first year in which a treaty or bloc defines it. A bloc named after a
treaty or bloc keeps that name while it persists, unless the fact no longer ties any of its members (the
Warsaw Pact dissolved in 1991 while the bloc around Russia went on: "Warsaw Pact becomes Russia and
partners") or another fact now holds more than half of its members while the first holds half or fewer.
A name that another bloc of the timeline holds gets the year ("CSTO (1994)"). The events use the names.
"""

from __future__ import annotations

import csv
import re
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from ..frames import DataFrame, frame
from ..errors import InvalidArgumentError
from ..fileio import atomic_files
from ..graph import AllianceGraph, Snapshot
from .balance import frustration, frustration_index, triad_census
from .clusters import consensus, fact_parties
from .signed import signed_clusters, signed_graph

__all__ = ["TimelineYear", "Timeline", "TIMELINE_COLUMNS", "timeline", "track_blocs", "jaccard", "BlocNames"]


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """|a & b| / |a | b| (0 for two empty sets)."""
    u = len(a | b)
    return len(a & b) / u if u else 0.0


@dataclass
class TimelineYear:
    """One year of the timeline (see :func:`timeline` for the fields).

    Examples
    --------
    In 1990 the two Cold War pacts are blocs of the signed network:

    >>> from alliancegraph import open_graph, timeline
    >>> y = timeline(open_graph(), 1990, 1990).years[0]
    >>> y.year, list(y.blocs)[:2], y.triads["balanced_share"]
    (1990, ['NATO', 'Warsaw Pact'], 1.0)
    """

    year: int
    states: int
    positive: int
    negative: int
    blocs: dict[str, tuple[str, ...]]
    triads: dict[str, Any]
    partition_frustration: float
    quality: float
    frustration_index: float | None = None
    frustration_exact: bool | None = None
    events: list[str] = field(default_factory=list)
    stability: float | None = None
    """With ``stability_runs``: the mean stability of the states in blocs (see
    :func:`~alliancegraph.analysis.clusters.consensus`), else None."""
    unstable: tuple[str, ...] = ()
    """With ``stability_runs``: the states in blocs placed differently in more than a fifth of the runs."""
    tracks: dict[str, str] = field(default_factory=dict)
    """``bloc name -> tracking label`` (``B<n>``): the same label across years is the same bloc, whatever
    it is called."""
    defined_by: dict[str, str | None] = field(default_factory=dict)
    """``bloc name -> the treaty or bloc it is named after`` (None for a name after a state)."""

    @property
    def frustration_share(self) -> float | None:
        """Partition frustration as a share of all ties (0 = perfectly k-balanced)."""
        m = self.positive + self.negative
        return self.partition_frustration / m if m else None

    def row(self) -> dict[str, Any]:
        sizes = sorted((len(m) for m in self.blocs.values()), reverse=True)
        return {
            "year": self.year, "states": self.states, "positive_ties": self.positive,
            "negative_ties": self.negative, "blocs": len(self.blocs), "largest_bloc": sizes[0] if sizes else 0,
            "triads": self.triads["total"], "balanced_share": self.triads["balanced_share"],
            "partition_frustration": self.partition_frustration, "frustration_share": self.frustration_share,
            "frustration_index": self.frustration_index, "frustration_index_exact": self.frustration_exact,
            "quality": self.quality, "stability": self.stability, "unstable_states": len(self.unstable),
            "events": "; ".join(self.events),
        }


@dataclass
class Timeline:
    """The whole timeline: ``years`` in order and the parameters used.

    Examples
    --------
    >>> from alliancegraph import open_graph, timeline
    >>> tl = timeline(open_graph(), 1990, 1991)
    >>> [y.year for y in tl.years], "Warsaw Pact" in tl.years[0].blocs
    ([1990, 1991], True)
    """

    years: list[TimelineYear]
    params: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"params": self.params,
                "years": [{**y.row(), "blocs": {k: list(v) for k, v in y.blocs.items()}, "triads": y.triads,
                           "events": y.events, "unstable": list(y.unstable), "tracks": y.tracks,
                           "defined_by": y.defined_by} for y in self.years]}

    def rows(self, unit: str = "state") -> list[dict[str, Any]]:
        """The rows of :meth:`to_pandas` as dicts, with the columns of ``TIMELINE_COLUMNS[unit]``."""
        if unit not in TIMELINE_COLUMNS:
            raise InvalidArgumentError(f"unknown unit {unit!r} (one of {', '.join(TIMELINE_COLUMNS)})")
        if unit == "year":
            return [y.row() for y in self.years]
        if unit == "bloc":
            return [{"year": y.year, "bloc": name, "track": y.tracks.get(name), "defined_by": y.defined_by.get(name),
                     "size": len(members), "members": members} for y in self.years for name, members in y.blocs.items()]
        return [{"year": y.year, "state": s, "bloc": name, "track": y.tracks.get(name),
                 "defined_by": y.defined_by.get(name), "unstable": s in y.unstable}
                for y in self.years for name, members in y.blocs.items() for s in members]

    def to_pandas(self, unit: str = "state") -> DataFrame:
        """The timeline as a table, by ``unit``:

        * ``'state'`` (default): one row per state-year of a state in a bloc (states in no bloc that year
          have none): ``year``, ``state``, ``bloc`` (its name that year), ``track`` (the tracking label,
          the same across years for the same bloc), ``defined_by`` (the treaty or bloc it is named after),
          ``unstable`` (placed differently in more than a fifth of the stability runs);
        * ``'bloc'``: one row per bloc-year: ``year``, ``bloc``, ``track``, ``defined_by``, ``size``,
          ``members`` (state ids joined by ``';'``);
        * ``'year'``: one row per year, the columns of ``timeline.csv`` (:meth:`write`).

        Years in order, blocs largest first, members by id. Needs pandas.

        Raises
        ------
        InvalidArgumentError
            For another unit.

        Examples
        --------
        >>> tl = Timeline([TimelineYear(1950, 2, 1, 0, {"Pact": ("A", "B")}, {"total": 0, "balanced_share": None},
        ...                             0.0, 0.0, tracks={"Pact": "B1"}, defined_by={"Pact": "pact"})], {})
        >>> tl.to_pandas().values.tolist()
        [[1950, 'A', 'Pact', 'B1', 'pact', False], [1950, 'B', 'Pact', 'B1', 'pact', False]]
        >>> tl.to_pandas("bloc").dtypes
        year           int64
        bloc          string
        track         string
        defined_by    string
        size           int64
        members       string
        dtype: object
        >>> list(tl.to_pandas("year").columns) == list(tl.years[0].row())
        True
        """
        return frame(self.rows(unit), TIMELINE_COLUMNS[unit])

    def write(self, directory: str | Path) -> list[Path]:
        """Write the tables: ``timeline.csv`` (one row per year, :meth:`to_pandas` with ``'year'``) and
        ``timeline.json`` (:meth:`to_dict`: each year's blocs by name, with ``tracks``: name -> tracking
        label, the same across years for the same bloc, and ``defined_by``: name -> the treaty or bloc it is
        named after) into ``directory``, both or neither (a failed write keeps the old ones); returns the
        paths. The charts are :func:`alliancegraph.views.timeline.write_timeline`'s.

        Raises
        ------
        OSError
            If they cannot be written.

        Examples
        --------
        >>> import tempfile
        >>> tl = Timeline([TimelineYear(1950, 2, 1, 0, {"Pact": ("A", "B")}, {"total": 0, "balanced_share": None},
        ...                             0.0, 0.0, tracks={"Pact": "B1"}, defined_by={"Pact": "pact"})], {})
        >>> [p.name for p in tl.write(tempfile.mkdtemp())]
        ['timeline.csv', 'timeline.json']
        """
        d = Path(directory)
        with atomic_files(d) as tmp:
            self.write_tables(tmp)
        return [d / n for n in TABLE_FILES]

    def write_tables(self, directory: Path) -> list[Path]:
        """:meth:`write` without its atomicity, into an existing directory (for a caller that writes these
        and more files as one set, :func:`alliancegraph.views.timeline.write_timeline`)."""
        rows = [y.row() for y in self.years]
        with open(directory / TABLE_FILES[0], "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["year"])
            w.writeheader()
            w.writerows(rows)
        (directory / TABLE_FILES[1]).write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False),
                                                encoding="utf-8")
        return [directory / n for n in TABLE_FILES]


TABLE_FILES = ("timeline.csv", "timeline.json")
"""The files of :meth:`Timeline.write`."""


TIMELINE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "state": (("year", "int"), ("state", "str"), ("bloc", "str"), ("track", "str"), ("defined_by", "str"),
              ("unstable", "bool")),
    "bloc": (("year", "int"), ("bloc", "str"), ("track", "str"), ("defined_by", "str"), ("size", "int"),
             ("members", "ids")),
    "year": (("year", "int"), ("states", "int"), ("positive_ties", "int"), ("negative_ties", "int"),
             ("blocs", "int"), ("largest_bloc", "int"), ("triads", "int"), ("balanced_share", "float"),
             ("partition_frustration", "float"), ("frustration_share", "float"), ("frustration_index", "float"),
             ("frustration_index_exact", "boolean"), ("quality", "float"), ("stability", "float"),
             ("unstable_states", "int"), ("events", "str")),
}
"""The columns of :meth:`Timeline.to_pandas` by unit (kinds of :mod:`alliancegraph.frames`); ``'year'`` is
:meth:`TimelineYear.row`, the columns of ``timeline.csv``."""


def track_blocs(previous: dict[str, frozenset[str]], current: list[frozenset[str]], next_label: int,
                threshold: float = 0.3) -> tuple[dict[str, frozenset[str]], list[str], int]:
    """Label this step's blocs from the previous step's (Greene et al. 2010; see the module docstring).

    Parameters
    ----------
    previous : dict
        ``label -> members`` of the previous step.
    current : list of frozenset
        This step's blocs, in a deterministic order (largest first).
    next_label : int
        The number of the next new label ``B<n>``.
    threshold : float
        Least Jaccard similarity that counts as a match, in (0, 1].

    Returns
    -------
    (labels, events, next_label)
        ``labels`` maps each current bloc's label to its members; ``events`` are sentences such as
        ``"B1 splits into B1, B4"``.
    """
    matches = {i: sorted(((jaccard(c, p), lab) for lab, p in previous.items() if jaccard(c, p) >= threshold),
                         key=lambda x: (-x[0], x[1])) for i, c in enumerate(current)}
    claimed: dict[str, list[tuple[float, int]]] = {}
    for i, ms in matches.items():
        for score, lab in ms:
            claimed.setdefault(lab, []).append((score, i))
    labels: dict[str, frozenset[str]] = {}
    events: list[str] = []
    taken: set[str] = set()
    assigned: dict[int, str] = {}
    # the best (previous label, current bloc) pairs first keep their labels
    pairs = sorted(((score, lab, i) for i, ms in matches.items() for score, lab in ms), key=lambda x: (-x[0], x[1], x[2]))
    for score, lab, i in pairs:
        if lab in taken or i in assigned:
            continue
        assigned[i] = lab
        taken.add(lab)
    for i, c in enumerate(current):
        if i not in assigned:
            assigned[i] = f"B{next_label}"
            next_label += 1
        labels[assigned[i]] = c
    for lab, hits in sorted(claimed.items()):
        if len(hits) >= 2:
            events.append(f"{lab} splits into {', '.join(sorted(assigned[i] for _, i in hits))}")
    for i, ms in sorted(matches.items()):
        if len(ms) >= 2:
            events.append(f"{', '.join(sorted(lab for _, lab in ms))} merge into {assigned[i]}")
        if not ms:
            events.append(f"{assigned[i]} forms ({len(current[i])} states)")
    for lab in sorted(previous):
        if lab not in claimed:
            events.append(f"{lab} dissolves")
    return labels, events, next_label


class BlocNames:
    """The names of tracked blocs over a timeline (the rules are in the module docstring).

    Tracking works on labels ``B<n>`` (:func:`track_blocs`); :meth:`update` gives each of a year's blocs its
    name and returns the year's events with the names in place of the labels, plus the renamings.

    Examples
    --------
    >>> import networkx as nx
    >>> from alliancegraph.analysis.signed import SignedClusters
    >>> names = BlocNames()
    >>> sc = SignedClusters((("A", "B"),), 0.0, 1.0, 1.0, 0, ("Pact",), ("pact",), ("A",))
    >>> names.update(1950, {"B1": frozenset("AB")}, ["B1 forms (2 states)"], sc, nx.Graph())
    ['Pact forms (2 states)']
    >>> names.name("B1")
    'Pact'
    """

    def __init__(self) -> None:
        self._display: dict[str, tuple[str, str | None, str]] = {}  # label -> (name, its fact, anchor)
        self._owner: dict[str, str] = {}  # name -> the label that holds it

    def name(self, label: str) -> str:
        """The name of a tracked bloc. Raises ``KeyError`` for a label not seen."""
        return self._display[label][0]

    def defined_by(self, label: str) -> str | None:
        """The treaty or bloc a tracked bloc is named after (None for a name after a state)."""
        return self._display[label][1]

    def update(self, year: int, labels: Mapping[str, frozenset[str]], events: list[str], sc: Any,
               g: Any) -> list[str]:
        """Name this year's blocs (``labels``: label -> members, from :func:`track_blocs`) from the signed
        clusters ``sc`` of the year's signed graph ``g``; returns ``events`` with names for labels and the
        renamings of the year."""
        named = dict(zip((frozenset(c) for c in sc.clusters), zip(sc.names, sc.defined_by, sc.anchors)))
        parties, _ = fact_parties(g)
        display, owner = self._display, self._owner
        renames: list[str] = []
        for label, members in sorted(labels.items(), key=lambda kv: kv[0]):
            name, via, anchor = named[members]
            known = display.get(label)
            if known is not None and known[1] is None and via is None and anchor == known[2] and name != known[0] \
                    and owner.get(name, label) == label:
                display[label] = (name, None, anchor)  # the same anchor under its name of the year (Burkina Faso)
                owner[name] = label
                continue
            if known is not None:
                held = parties.get(known[1], set()) & members if known[1] is not None else set()
                ended = known[1] is not None and not held       # its treaty or bloc no longer ties any member
                lost = known[1] is not None and len(held) * 2 <= len(members)  # it holds half or fewer
                if not ((known[1] is None and via is not None) or ended or (lost and via not in (None, known[1]))):
                    continue
                if name == known[0]:
                    continue
            if owner.get(name, label) != label:
                name = f"{name} ({year})"
            if known is not None:
                renames.append(f"{known[0]} is named {name}" if known[1] is None else f"{known[0]} becomes {name}")
            display[label] = (name, via, anchor)
            owner[name] = label
        return [re.sub(r"\bB\d+\b", lambda m: display[m.group(0)][0] if m.group(0) in display else m.group(0), e)
                for e in events] + renames


def timeline(graph: AllianceGraph, start_year: int, end_year: int, step: int = 1, resolution: float = 1.0,
             negative_weight: float = 1.0, seed: int = 42, exact_frustration: bool = False,
             time_limit: float = 10.0, threshold: float = 0.3, min_level: int = 1, stability_runs: int = 0,
             at: Snapshot | None = None, progress: Callable[[int, int], None] | None = None) -> Timeline:
    """Signed clusters and balance for each year from ``start_year`` to ``end_year`` every ``step`` years.

    Returns a :class:`Timeline` whose years hold: the number of ``states`` with a tie, of ``positive`` and
    ``negative`` ties, the tracked ``blocs`` (label -> members), the signed triad census, the frustration
    of the bloc partition, the Leiden ``quality``, and with ``exact_frustration`` the two-group
    frustration index (exact where the solver finishes within ``time_limit`` seconds, else a bound, as
    ``frustration_exact`` says), and the tracking ``events``.

    Each year is read as a period, 1 January to 31 December, with the rules of the template ``at`` (a
    :class:`~alliancegraph.graph.Snapshot` whose date is not used: :meth:`~alliancegraph.graph.Snapshot.for_year`):
    its strengths, combination rule, confidence floor, and the ``layers`` and ``multilateral`` rule that
    choose the network as in :func:`~alliancegraph.analysis.clusters.alliance_clusters` (default defense and
    offense pacts, square-root sharing of multilateral pacts). Blocs are named (see the module docstring). With ``stability_runs`` (0 to
    1000; default 0, off) each year's signed clusters are found again with that many other seeds and the
    year gets the blocs' stability (:func:`~alliancegraph.analysis.clusters.consensus`): ``stability`` and
    ``unstable``; it costs that many more Leiden runs per year (docs/performance.md).

    Raises :class:`~alliancegraph.errors.InvalidArgumentError` if ``end_year < start_year`` or ``step < 1``.

    Parameters
    ----------
    graph : AllianceGraph
    start_year, end_year : int
        The first and last year, inclusive.
    step : int
        Years between two steps (>= 1).
    resolution, negative_weight, seed : float, float, int
        Of :func:`~alliancegraph.analysis.signed.signed_clusters`.
    exact_frustration : bool
        Compute the two-group frustration index of every year (a binary linear program per year).
    time_limit : float
        Seconds the solver may spend on one year's frustration index.
    threshold : float
        The least Jaccard similarity, in (0, 1], by which a bloc continues a bloc of the step before.
    min_level : int
        The least MID hostility level (1-5) that makes a negative tie
        (:func:`~alliancegraph.analysis.signed.signed_graph`).
    stability_runs : int
        Other seeds per year for the blocs' stability (0 to 1000; 0: off).
    at : Snapshot, optional
        The template of each year's snapshot (its date is not used).
    progress : callable, optional
        Called as ``progress(done, total)`` (steps) before the first step and after each.

    Returns
    -------
    Timeline
        One :class:`TimelineYear` per step, in order, and the parameters used.

    Raises
    ------
    DateError
        For an ``at`` template whose date is not a date.
    InvalidArgumentError
        If ``end_year < start_year``, ``step < 1`` or another parameter is out of its range.

    Examples
    --------
    >>> from alliancegraph import Snapshot, open_graph
    >>> tl = timeline(open_graph(), 2013, 2015, at=Snapshot(layers="all", min_confidence="confirmed"))
    >>> [y.year for y in tl.years], tl.params["min_confidence"], len(tl.params["layers"]) > 2
    ([2013, 2014, 2015], 'confirmed', True)
    """
    if isinstance(stability_runs, bool) or not isinstance(stability_runs, int) or not 0 <= stability_runs <= 1000:
        raise InvalidArgumentError(f"stability_runs must be a whole number from 0 to 1000, not {stability_runs!r}")
    if end_year < start_year or step < 1:
        raise InvalidArgumentError(f"the last year ({end_year}) is before the first ({start_year})" if end_year < start_year
                         else f"the step must be at least 1 year, not {step}")
    years = []
    template = at if at is not None else Snapshot()
    previous: dict[str, frozenset[str]] = {}
    names = BlocNames()
    next_label = 1
    steps = range(start_year, end_year + 1, step)
    if progress is not None:
        progress(0, len(steps))
    for year in steps:
        g = signed_graph(graph, template.for_year(year), min_level=min_level)
        sc = signed_clusters(g, resolution=resolution, negative_weight=negative_weight, seed=seed)
        blocs = [frozenset(c) for c in sc.clusters if len(c) >= 2]
        labels, raw_events, next_label = track_blocs(previous, blocs, next_label, threshold)
        events = names.update(year, labels, raw_events, sc, g)
        previous = labels
        pos = sum(1 for *_, d in g.edges(data=True) if d["sign"] > 0)
        ty = TimelineYear(year, g.number_of_nodes(), pos, g.number_of_edges() - pos,
                          {names.name(k): tuple(sorted(v))
                           for k, v in sorted(labels.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
                          triad_census(g).to_dict(), frustration(g, sc.clusters), sc.quality, events=events,
                          tracks={names.name(k): k for k in labels},
                          defined_by={names.name(k): names.defined_by(k) for k in labels})
        if stability_runs and blocs:
            others = [[set(c) for c in signed_clusters(g, resolution=resolution, negative_weight=negative_weight,
                                                       seed=seed + 1000 + r).clusters if len(c) >= 2]
                      for r in range(stability_runs)]
            st = consensus([set(b) for b in blocs], others)
            ty.stability, ty.unstable = st.mean, st.unstable
        if exact_frustration:
            fi = frustration_index(g, time_limit=time_limit)
            ty.frustration_index, ty.frustration_exact = fi.value, fi.exact
        years.append(ty)
        if progress is not None:
            progress(len(years), len(steps))
    params = {"from": start_year, "to": end_year, "step": step, "resolution": resolution,
              "negative_weight": negative_weight, "seed": seed, "threshold": threshold, "min_level": min_level,
              "combine": template.combine, "min_confidence": template.min_confidence.value,
              "exact_frustration": exact_frustration, "layers": sorted(template.layers),
              "multilateral": template.multilateral, "stability_runs": stability_runs}
    return Timeline(years, params)
