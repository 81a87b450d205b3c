"""Dyad-year, state-year and system-year panels for regression (docs/panels.md).

Owns: the dyad-year, state-year and system-year panels (:func:`dyad_years`, :func:`state_years`,
:func:`system_years`): the universe of rows, the column set, dataset coverage (:data:`COVERAGE`), the
conflict columns (:func:`conflict_tables`, :func:`war_dyad_years`, :func:`peace_years`), writing a panel as
CSV or Parquet (:func:`write_panel`, :func:`check_output`, pyarrow) and :class:`PanelError`.

Must not know: how a column's measure is computed (similarity, covariates, clusters, signed clusters,
brokerage and balance are the sibling analyses' one definitions), how the GML and war files are read
(:mod:`alliancegraph.importers`), the views, the command line, Neo4j.

The universe of rows is a stated rule, as in peacesciencer's ``create_dyadyears()``: every state that is in
the state system at any time in the year (:meth:`AllianceGraph.states_as_of` over 1 January .. 31 December:
the COW State System Membership spells, a curated state's ``from``/``to``), and every pair of them, not only
the allied ones. Undirected rows have ``ccode1 < ccode2``; directed rows (``directed=True``) hold both
directions with the same dyadic values and the state columns (``*1``, ``*2``) swapped.

Each year is read as a period (a tie counts if it is in force at any time in the year, the dyad-year
convention of COW and MID). Every column of a year is computed as a numpy array over the upper triangle of
the year's n x n state matrix, never by a Python loop over dyads.

Coverage is explicit: a year past the end of a conflict dataset's coverage (:data:`COVERAGE`) has missing
values (``<NA>``), never 0, and so does every year when that dataset is not loaded.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError
from ..fileio import atomic_file, check_file
from ..graph import AllianceGraph, Snapshot
from ..importers.gml import GML_DATA_END

__all__ = ["ALLIANCE_TYPES", "COVERAGE", "FIRST_YEAR", "dyad_years", "state_years", "system_years",
           "write_panel", "check_output", "check_years", "peace_years", "PanelError", "war_dyad_years",
           "conflict_tables"]

FIRST_YEAR = 1816
"""The first year of the COW state system (and of every panel)."""

ALLIANCE_TYPES: dict[str, str] = {
    "defense": "defense", "offense": "offense", "neutrality": "neutrality",
    "nonaggression": "non-aggression", "consultation": "consultation", "entente": "entente",
}
"""Panel column -> obligation (:class:`alliancegraph.model.Obligation`) it indicates."""

COVERAGE: dict[str, tuple[int, int, str]] = {
    "mid": (1816, 2014, "COW MID 5.0 (MIDA + MIDB): 1816-2014 (Palmer et al. 2022)"),
    "gml": (1816, GML_DATA_END, "Gibler-Miller-Little MID data 2.03: 1816-2010 (Gibler, Miller and Little 2016)"),
    "war": (1816, 2003, "inter-state war data (war-year layout): 1816-2003"),
}
"""Column prefix -> (first year, last year, what): the years a conflict source covers. Outside them its
columns are missing (``<NA>``), never 0."""

class PanelError(InvalidArgumentError):
    """Bad panel input (years, output path): the message is one line.

    Examples
    --------
    >>> from alliancegraph import InvalidArgumentError, PanelError, dyad_years, open_graph
    >>> try:
    ...     dyad_years(open_graph(), 2000, 1990)
    ... except PanelError as e:
    ...     print(isinstance(e, InvalidArgumentError), e)
    True --to 1990 is before --from 2000
    """


# ---------------------------------------------------------------------------- years and states
def check_years(first: int, last: int) -> None:
    """Raise :class:`PanelError` (one line) for a year outside 1816 .. this year or ``last < first``.

    Examples
    --------
    >>> check_years(1990, 1980)
    Traceback (most recent call last):
    ...
    alliancegraph.analysis.panels.PanelError: --to 1980 is before --from 1990
    """
    this_year = _dt.date.today().year
    for what, y in (("--from", first), ("--to", last)):
        if not isinstance(y, (int, np.integer)) or isinstance(y, bool):
            raise PanelError(f"{what} must be a year, not {y!r}")
        if not FIRST_YEAR <= y <= this_year:
            raise PanelError(f"unknown year {y} ({what}): panels cover {FIRST_YEAR}-{this_year}, the years of the "
                             "state system")
    if last < first:
        raise PanelError(f"--to {last} is before --from {first}")


@dataclass
class _States:
    """Every state of the graph with its codes; ``index`` over all of them (the global matrices)."""

    ids: list[str]
    index: dict[str, int]
    ccode: np.ndarray
    abb: np.ndarray
    _years: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: AllianceGraph) -> "_States":
        rows = sorted(graph.nodes("State"), key=lambda x: x[0])
        ids = [s for s, _ in rows]
        ccode = np.array([d.get("ccode") if d.get("ccode") is not None else -1 for _, d in rows], dtype=np.int64)
        abb = np.array([d.get("cow_abb") or d.get("iso3") or s for s, d in rows], dtype=object)
        return cls(ids, {s: i for i, s in enumerate(ids)}, ccode, abb)

    def year(self, graph: AllianceGraph, y: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The global indices of the states in the system in year ``y`` (with a COW code), ordered by their
        ccode that year, and those ccodes and abbreviations: COW's codes as of 31 December
        (:meth:`AllianceGraph.state_codes`: Germany is 260/GFR in 1955-1989, 255/GMY otherwise)."""
        key = (id(graph), y)
        if key in self._years:
            return self._years[key]
        period = Snapshot.year(y)
        idx = np.array([self.index[s] for s in graph.states_as_of(period.as_of, period.until) if s in self.index],
                       dtype=np.int64)
        cc, ab = self.ccode[idx].copy(), self.abb[idx].copy()
        end = period.last_day
        for k, i in enumerate(idx.tolist()):
            code, abb = graph.state_codes(self.ids[i], end)
            if code is not None:
                cc[k], ab[k] = code, abb or ab[k]
        keep = cc >= 0
        idx, cc, ab = idx[keep], cc[keep], ab[keep]
        order = np.argsort(cc, kind="stable")
        self._years[key] = (idx[order], cc[order], ab[order])
        return self._years[key]

    def by_ccode(self, graph: AllianceGraph, years: Iterable[int]) -> dict[int, int]:
        """``ccode -> global index`` over the codes the states have in ``years`` (260 and 255 both DEU)."""
        out = {int(c): i for i, c in enumerate(self.ccode.tolist()) if c >= 0}
        for y in years:
            sub, cc, _ = self.year(graph, y)
            out.update(zip(cc.tolist(), sub.tolist()))
        return out


# ---------------------------------------------------------------------------- conflicts from the graph
def _mid_number(graph: AllianceGraph, via: str) -> int | None:
    """The MID 5.0 dispute number of a conflict fact read from MID 5.0, or of a curated one linked to it
    (``cow-mid:N``; the MID 5.0 fact is then ``same_as`` it and makes no ties). GML's facts carry MID numbers
    too, but are not MID 5.0: they are left out here (the ``gml_`` columns read the GML file)."""
    d = graph.pg.nodes[via] if via in graph.pg else {}
    if d.get("dataset") not in ("cow-mid", "curated"):
        return None
    for code in d.get("codes") or ():
        if str(code).startswith("cow-mid:"):
            return int(str(code).split(":", 1)[1])
    return None


@dataclass
class _Disputes:
    """The hostile ties of MID disputes as arrays: global state indices ``i < j``, dispute number, first and
    last year, the dispute's hostility and fatality level, whether ``i`` is on side A, the year the dyad's
    part in the dispute began (its onset)."""

    i: np.ndarray
    j: np.ndarray
    num: np.ndarray
    y0: np.ndarray
    y1: np.ndarray
    level: np.ndarray
    fatality: np.ndarray
    sidea_i: np.ndarray
    sidea_j: np.ndarray
    onset: np.ndarray
    loaded: bool

    @classmethod
    def of(cls, graph: AllianceGraph, states: _States) -> "_Disputes":
        side: dict[tuple[str, str], str] = {}
        for s, c, d in graph.rels("PARTICIPANT_IN"):
            side.setdefault((s, c), d.get("side", "A"))
        rows = []
        nums: dict[str, int | None] = {}
        for t in graph.ties():
            if t.sign >= 0:
                continue
            if t.via not in nums:
                nums[t.via] = _mid_number(graph, t.via)
            num = nums[t.via]
            if num is None or t.a not in states.index or t.b not in states.index:
                continue
            a, b = sorted((t.a, t.b), key=lambda s: states.index[s])
            y0 = t.start.first_day().year if t.start is not None else FIRST_YEAR
            y1 = t.end.last_day().year if t.end is not None else _dt.date.today().year
            fat = graph.pg.nodes[t.via].get("fatality_level")
            rows.append((states.index[a], states.index[b], num, y0, y1, int(t.level or 1),
                         -1 if fat is None else int(fat), side.get((a, t.via)) == "A", side.get((b, t.via)) == "A"))
        loaded = any(d.get("dataset") == "cow-mid" for _, d in graph.nodes("Conflict"))
        if not rows:
            e = np.zeros(0, dtype=np.int64)
            return cls(e, e, e, e, e, e, e, e.astype(bool), e.astype(bool), e, loaded)
        arr = np.array(rows, dtype=np.int64)
        i, j, number, first, last = arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], arr[:, 4]
        # a dispute that spans years has one onset per dyad: the first year of the dyad's part in it (a tie
        # cut by a state's absence from the system is several pieces of one part)
        key = pd.DataFrame({"i": i, "j": j, "num": number, "y0": first})
        onset = key.groupby(["i", "j", "num"])["y0"].transform("min").to_numpy()
        return cls(i, j, number, first, last, arr[:, 5], arr[:, 6], arr[:, 7].astype(bool), arr[:, 8].astype(bool),
                   onset, True)

    def year(self, y: int, n_all: int) -> dict[str, np.ndarray]:
        """Dense ``n_all x n_all`` matrices (upper triangle by global index) of the year's MID values."""
        hit = (self.y0 <= y) & (self.y1 >= y)
        i, j = self.i[hit], self.j[hit]
        ongoing = np.zeros((n_all, n_all), dtype=bool)
        onset = np.zeros((n_all, n_all), dtype=bool)
        level = np.zeros((n_all, n_all), dtype=np.int64)
        fatal = np.full((n_all, n_all), -1, dtype=np.int64)
        num = np.full((n_all, n_all), -1, dtype=np.int64)
        sa_i = np.zeros((n_all, n_all), dtype=bool)
        sa_j = np.zeros((n_all, n_all), dtype=bool)
        ongoing[i, j] = True
        np.logical_or.at(onset, (i, j), self.onset[hit] == y)
        np.maximum.at(level, (i, j), self.level[hit])
        np.maximum.at(fatal, (i, j), self.fatality[hit])
        # the sides and number of the dyad's highest-level dispute that year (the lowest number among equals):
        # written in order of (level, -number), so the last write wins
        order = np.lexsort((-self.num[hit], self.level[hit]))
        oi, oj = i[order], j[order]
        num[oi, oj] = self.num[hit][order]
        sa_i[oi, oj] = self.sidea_i[hit][order]
        sa_j[oi, oj] = self.sidea_j[hit][order]
        return {"ongoing": ongoing, "onset": onset, "level": level, "fatality": fatal, "num": num,
                "sidea_i": sa_i, "sidea_j": sa_j}


def peace_years(events: Iterable[tuple[int, bool]]) -> list[int]:
    """Peace years of one dyad after peacesciencer's ``add_peace_years()`` (its ``sbtscs()``, after Beck,
    Katz and Tucker 1998): ``events`` are the dyad's ``(year, dispute under way)`` rows in year order; the
    count is 0 in the dyad's first row and in a row after a year with a dispute, and one more than in the
    row before otherwise.

    Examples
    --------
    >>> peace_years([(1900, False), (1901, False), (1902, True), (1903, True), (1904, False), (1905, False)])
    [0, 1, 2, 0, 0, 1]
    """
    out: list[int] = []
    prev_event, spell = True, 0
    for _, event in events:
        spell = 0 if prev_event else spell + 1
        out.append(spell)
        prev_event = bool(event)
    return out


class _Spells:
    """The peace-years counter of :func:`peace_years`, over global ``n x n`` matrices, one year at a time."""

    def __init__(self, n_all: int):
        self.spell = np.zeros((n_all, n_all), dtype=np.int64)
        self.prev = np.ones((n_all, n_all), dtype=bool)   # as if a dispute the year before the first row

    def step(self, i: np.ndarray, j: np.ndarray, event: np.ndarray) -> np.ndarray:
        now = np.where(self.prev[i, j], 0, self.spell[i, j] + 1)
        self.spell[i, j] = now
        self.prev[i, j] = event
        return now


# ---------------------------------------------------------------------------- dyadic conflict tables
_DYADIC_COLS = ("ccode1", "ccode2", "year")


def _frame_matrices(frame: pd.DataFrame | None, prefix: str, states_by_ccode: Mapping[int, int]) -> dict[int, pd.DataFrame]:
    """A dyad-year conflict table (columns ccode1, ccode2, year and values) split by year, with global
    indices ``gi``, ``gj`` of the two states (rows whose codes are no state of the graph are dropped)."""
    if frame is None or frame.empty:
        return {}
    f = frame.copy()
    f["gi"] = f["ccode1"].map(states_by_ccode)
    f["gj"] = f["ccode2"].map(states_by_ccode)
    f = f.dropna(subset=["gi", "gj"])
    f["gi"], f["gj"] = f["gi"].astype(np.int64), f["gj"].astype(np.int64)
    return {int(y): g for y, g in f.groupby("year")}


_DISPUTE_COLUMNS = (("onset", "Int8"), ("ongoing", "Int8"), ("hostlev", "Int8"), ("fatality", "Int8"),
                    ("sidea1", "Int8"), ("sidea2", "Int8"), ("dispnum", "Int32"), ("peace_years", "Int16"))
"""The columns of one dispute source (``mid_`` for MID 5.0, ``gml_`` for GML), with their dtypes."""


def _dispute_columns(prefix: str, tables: dict[str, np.ndarray] | None, covered: bool, spell: np.ndarray | None,
                     lo: np.ndarray, hi: np.ndarray, swapped: np.ndarray, m: int) -> dict[str, Any]:
    """The year's ``<prefix>_...`` columns (:data:`_DISPUTE_COLUMNS`) from the year's dispute matrices of one
    source (``onset``, ``ongoing``, ``level``, ``fatality``, ``sidea_i``, ``sidea_j``, ``num``, indexed at
    (lo, hi)), all missing where the source is not loaded or the year is outside its coverage; the side,
    fatality and number only in a year the dyad is in a dispute."""
    z = np.zeros(m, dtype=np.int64)
    if tables is None:
        return {f"{prefix}_{k}": _nullable(z, False, dt) for k, dt in _DISPUTE_COLUMNS}
    valid = np.full(m, covered)
    on = tables["ongoing"][lo, hi]
    fat = tables["fatality"][lo, hi]
    sa_lo, sa_hi = tables["sidea_i"][lo, hi], tables["sidea_j"][lo, hi]
    return {
        f"{prefix}_onset": _nullable(tables["onset"][lo, hi], valid, "Int8"),
        f"{prefix}_ongoing": _nullable(on, valid, "Int8"),
        f"{prefix}_hostlev": _nullable(tables["level"][lo, hi], valid, "Int8"),
        f"{prefix}_fatality": _nullable(fat, valid & on & (fat >= 0), "Int8"),
        f"{prefix}_sidea1": _nullable(np.where(swapped, sa_hi, sa_lo), valid & on, "Int8"),
        f"{prefix}_sidea2": _nullable(np.where(swapped, sa_lo, sa_hi), valid & on, "Int8"),
        f"{prefix}_dispnum": _nullable(tables["num"][lo, hi], valid & on, "Int32"),
        f"{prefix}_peace_years": _nullable(spell if spell is not None else z, valid, "Int16"),
    }


def war_dyad_years(wars: pd.DataFrame) -> pd.DataFrame:
    """War dyad-years from the state-years of :func:`alliancegraph.importers.war_years`: every two states on
    opposite sides of one component war in a year in which both take part, both directions, with
    ``war_onset`` 1 in the first year of the dyad's part in the whole war (``larger_war_id``: a war that
    spans years, or that later states join through component wars of their own, has one onset per dyad).
    Columns ``ccode1, ccode2, year, war_id, war_onset``.

    Examples
    --------
    >>> wy = pd.DataFrame({"war_id": [1, 1, 1, 1, 1], "ccode": [365, 365, 640, 640, 350],
    ...                    "side": ["A", "A", "B", "B", "A"], "year": [1828, 1829, 1828, 1829, 1829]})
    >>> war_dyad_years(wy).query("ccode1 < ccode2").to_numpy().tolist()
    [[350, 640, 1829, 1, 1], [365, 640, 1828, 1, 1], [365, 640, 1829, 1, 0]]
    """
    wars = wars.copy()
    # the war a dyad fights: the whole war (larger_war_id) where the file has it, so that a joiner's
    # component war (Korea 1951, Vietnam 1965-67) is no second onset for a dyad already at war
    wars["war"] = wars["larger_war_id"] if "larger_war_id" in wars else wars["war_id"]
    cols = ["war_id", "war", "ccode", "year"]
    a = wars.loc[wars["side"].astype(str) == "A", cols]
    b = wars.loc[wars["side"].astype(str) == "B", cols]
    d = a.merge(b, on=["war_id", "war", "year"], suffixes=("1", "2"))
    d = pd.concat([d, d.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})], ignore_index=True)
    d = d.drop_duplicates(["ccode1", "ccode2", "year", "war_id"])
    first = d.groupby(["ccode1", "ccode2", "war"])["year"].transform("min")
    d["war_onset"] = (d["year"] == first).astype(np.int8)
    return d[["ccode1", "ccode2", "year", "war_id", "war_onset"]].sort_values(
        ["ccode1", "ccode2", "year", "war_id"], ignore_index=True)


def conflict_tables(graph: AllianceGraph) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The GML dispute dyad-years and the war dyad-years of the files the graph was read from (the
    ``origin_file`` of its GML and war Conflict facts), through the importers' accessors
    (:func:`~alliancegraph.importers.gml_dyad_years`, :func:`~alliancegraph.importers.war_years` and
    :func:`war_dyad_years`); None for a dataset that is not loaded."""
    from ..importers import gml_dyad_years, war_years

    files: dict[str, set[str]] = {"gml-mid": set(), "iwd": set()}
    for _, d in graph.nodes("Conflict"):
        if d.get("dataset") in files and d.get("origin_file"):
            files[d["dataset"]].add(d["origin_file"])
    gml = pd.concat([gml_dyad_years(f) for f in sorted(files["gml-mid"])], ignore_index=True) \
        if files["gml-mid"] else None
    wars = war_dyad_years(pd.concat([war_years(f) for f in sorted(files["iwd"])], ignore_index=True)) \
        if files["iwd"] else None
    return gml, wars


# ---------------------------------------------------------------------------- the year's network
@dataclass
class _Network:
    """One year's network values: the allied projection, its named clusters, the signed blocs."""

    allied: Any
    clusters: Any
    signed: Any
    blocs: Any


def _network(graph: AllianceGraph, at: Snapshot, seed: int) -> _Network:
    """The year's networks: ``at``, the snapshot of the year (:meth:`Snapshot.for_year`)."""
    from .clusters import alliance_clusters
    from .signed import signed_clusters, signed_graph

    res = alliance_clusters(graph, at, seed=seed)
    sg = signed_graph(graph, at)
    sc = signed_clusters(sg, seed=seed)
    return _Network(res.projection, res, sg, sc)


def _labels(ids: list[str], sub: np.ndarray, membership: Mapping[str, str | None]) -> np.ndarray:
    return np.array([membership.get(ids[g]) for g in sub.tolist()], dtype=object)


def _cluster_names(net: _Network) -> dict[str, str]:
    return {m: c.name for c in net.clusters.clusters for m in c.members}


def _bloc_names(net: _Network) -> dict[str, str]:
    sc = net.blocs
    return {m: sc.names[k] if k < len(sc.names) else f"bloc {k + 1}"
            for k, c in enumerate(sc.clusters) if len(c) >= 2 for m in c}


# ---------------------------------------------------------------------------- helpers for columns
def _nullable(values: np.ndarray, valid: np.ndarray | bool, dtype: str) -> pd.api.extensions.ExtensionArray:
    mask = ~np.broadcast_to(np.asarray(valid, dtype=bool), values.shape)
    return pd.arrays.IntegerArray(values.astype(dtype.lower()), mask.copy()) if dtype != "boolean" else \
        pd.arrays.BooleanArray(values.astype(bool), mask.copy())


def _concat(parts: list[dict[str, Any]], key: str) -> Any:
    vals = [p[key] for p in parts]
    if isinstance(vals[0], pd.api.extensions.ExtensionArray):
        return type(vals[0])._concat_same_type(vals)
    return np.concatenate(vals)


def _category(values: np.ndarray) -> pd.Categorical:
    return pd.Categorical(pd.array(values, dtype="string"))


# ---------------------------------------------------------------------------- dyad-years
def dyad_years(graph: AllianceGraph, first: int, last: int, directed: bool = False, *,
               gml: pd.DataFrame | None = None, wars: pd.DataFrame | None = None,
               network: bool = True, at: Snapshot | None = None, seed: int = 42, workers: int = 1, progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """The dyad-year panel: every dyad of states in the state system in each year, with alliance, conflict
    and network columns (docs/panels.md defines each).

    Parameters
    ----------
    graph : AllianceGraph
        The facts loaded (seed, COW states, ATOP, COW alliances, MID 5.0 ...).
    first, last : int
        The years, inclusive (1816 .. this year).
    directed : bool
        Both directions of every dyad (``False``: ``ccode1 < ccode2`` only).
    gml : pandas.DataFrame, optional
        The GML directed dispute dyad-years (:func:`~alliancegraph.importers.gml_dyad_years`), for the
        ``gml_`` columns. Default: read from the GML file the graph was loaded from
        (:func:`conflict_tables`); without one the columns are missing.
    wars : pandas.DataFrame, optional
        War dyad-years (:func:`war_dyad_years`), for the ``war_`` columns; default as ``gml``.
    network : bool
        Compute the network covariates (clusters, blocs, paths, similarity).
    at : Snapshot, optional
        The template of each year's snapshot (:meth:`~alliancegraph.graph.Snapshot.for_year`, the year as a
        period; its date is not used): the confidence floor, strengths and combination rule of the alliance
        columns, and the layers and multilateral rule of the clustering network
        (:func:`~alliancegraph.analysis.clusters.alliance_clusters`). Default :class:`Snapshot` defaults.
    seed : int
        The seed of Louvain and Leiden.
    workers : int
        Processes that compute the years' alliance and network columns (forked, each a share of the years;
        1: in this process). The result is the same for any number.
    progress : callable, optional
        Called with each year when its alliance and network columns are done.

    Returns
    -------
    pandas.DataFrame
        One row per dyad-year, sorted by year, ccode1, ccode2.

    Raises
    ------
    PanelError
        For an unknown year or ``last < first``.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> df = dyad_years(open_graph(), 1980, 1980)
    >>> row = df[(df.abb1 == "USA") & (df.abb2 == "UKG")].iloc[0]
    >>> int(row.ccode1), int(row.ccode2), int(row.defense), row.treaties
    (2, 200, 1, 'g7;nato')
    """
    check_years(first, last)
    template = at if at is not None else Snapshot()
    states = _States.of(graph)
    n_all = len(states.ids)
    by_ccode = states.by_ccode(graph, range(FIRST_YEAR, last + 1))
    disputes = _Disputes.of(graph, states)
    if gml is None or wars is None:
        auto_gml, auto_wars = conflict_tables(graph)
        gml = auto_gml if gml is None else gml
        wars = auto_wars if wars is None else wars
    gml_years = _frame_matrices(gml, "gml", by_ccode)
    war_years = _frame_matrices(wars, "war", by_ccode)
    obligations = _obligations(graph)
    mid_spells, gml_spells = _Spells(n_all), _Spells(n_all)
    parts: list[dict[str, Any]] = []
    job = _YearJob(graph, states, obligations, network, template, seed)
    jobs = _run_years(job, list(range(first, last + 1)), workers, progress)
    for y in range(FIRST_YEAR if (disputes.loaded or gml is not None) else first, last + 1):
        sub, cc, ab = states.year(graph, y)
        n = len(sub)
        iu, ju = np.triu_indices(n, 1)
        gi, gj = sub[iu], sub[ju]
        # global matrices are filled at (min, max) global index; the year's pair in that order
        lo, hi = np.minimum(gi, gj), np.maximum(gi, gj)
        swapped = gi > gj
        mid = disputes.year(y, n_all) if disputes.loaded else None
        mid_cover = disputes.loaded and COVERAGE["mid"][0] <= y <= COVERAGE["mid"][1]
        if mid_cover:
            assert mid is not None  # the disputes are loaded
            mid_spell = mid_spells.step(lo, hi, mid["ongoing"][lo, hi])
        gml_cover = gml is not None and COVERAGE["gml"][0] <= y <= COVERAGE["gml"][1]
        gml_m = _gml_year(gml_years.get(y), n_all) if gml_cover else None
        if gml_cover:
            assert gml_m is not None  # read above for a covered year
            gml_spell = gml_spells.step(lo, hi, gml_m["ongoing"][lo, hi])
        if y < first:
            continue
        m = len(iu)
        col: dict[str, Any] = {
            "year": np.full(m, y, dtype=np.int64), "ccode1": cc[iu], "ccode2": cc[ju],
            "abb1": ab[iu], "abb2": ab[ju],
        }
        col.update(jobs.get(y) or {})
        z = np.zeros(m, dtype=np.int64)
        col.update(_dispute_columns("mid", mid, mid_cover, mid_spell if mid_cover else None, lo, hi, swapped, m))
        col.update(_dispute_columns("gml", gml_m, gml_cover, gml_spell if gml_cover else None, lo, hi, swapped, m))
        # wars
        war_cover = wars is not None and COVERAGE["war"][0] <= y <= COVERAGE["war"][1]
        wvalid = np.full(m, war_cover)
        if war_cover:
            w = _war_year(war_years.get(y), n_all)
            col["war_onset"] = _nullable(w["onset"][lo, hi], wvalid, "Int8")
            col["war_ongoing"] = _nullable(w["ongoing"][lo, hi], wvalid, "Int8")
        else:
            col["war_onset"] = _nullable(z, False, "Int8")
            col["war_ongoing"] = _nullable(z, False, "Int8")
        parts.append(col)
        if progress is not None:
            progress(y)
    return _frame(parts, directed)


@dataclass
class _YearJob:
    """The alliance and network columns of one year (independent of the other years: what runs in workers)."""

    graph: AllianceGraph
    states: _States
    obligations: Mapping[str, frozenset[str]]
    network: bool
    template: Snapshot
    seed: int

    def __call__(self, y: int) -> dict[str, Any]:
        sub, _, _ = self.states.year(self.graph, y)
        iu, ju = np.triu_indices(len(sub), 1)
        at = self.template.for_year(y)
        net = _network(self.graph, at, self.seed) if self.network else None
        facts, strengths = _year_facts(self.graph, at, net)
        col: dict[str, Any] = {}
        _alliance_columns([self.states.ids[g] for g in sub.tolist()], iu, ju, self.obligations, facts, strengths, col)
        if net is not None:
            _network_columns(self.graph, y, net, self.states, sub, iu, ju, facts, col)
        return col


_JOB: _YearJob | None = None


def _in_worker(y: int) -> tuple[int, dict[str, Any]]:
    assert _JOB is not None
    return y, _JOB(y)


def _run_years(job: _YearJob, years: list[int], workers: int,
               progress: Callable[[int], None] | None) -> dict[int, dict[str, Any]]:
    """``job`` for every year, in ``workers`` forked processes (the graph is shared copy-on-write; years
    are dealt out interleaved, since later years have more states)."""
    global _JOB
    out: dict[int, dict[str, Any]] = {}
    if workers <= 1 or len(years) < 2:
        for y in years:
            out[y] = job(y)
            if progress is not None:
                progress(y)
        return out
    import multiprocessing as mp

    # one year here first: the graph's lazy tables (ties, their index, names, spells) are built once, before
    # the fork, and shared, instead of once in every worker
    out[years[-1]] = job(years[-1])
    if progress is not None:
        progress(years[-1])
    _JOB = job
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            for y, col in pool.imap_unordered(_in_worker, years[-2::-1]):
                out[y] = col
                if progress is not None:
                    progress(y)
    finally:
        _JOB = None
    return out


def _obligations(graph: AllianceGraph) -> dict[str, frozenset[str]]:
    """``fact id -> obligations``: a treaty's own; a bloc's, those of the treaty that establishes it."""
    out = {t: frozenset(d.get("obligations") or ()) for t, d in graph.nodes("Treaty")}
    for t, b, _ in graph.rels("ESTABLISHES"):
        out[b] = out.get(t, frozenset())
    return out


def _year_facts(graph: AllianceGraph, at: Snapshot, net: _Network | None
                ) -> tuple[dict[tuple[str, str], dict[str, tuple[str, str]]], dict[tuple[str, str], float]]:
    """The facts behind each allied dyad of the year and its tie strength (the ``facts`` and ``strength`` of
    :meth:`AllianceGraph.dyads`): read from the year's allied projection when the network is computed (its
    edges hold the same values), else from ``dyads``."""
    if net is not None:
        facts = {(a, b) if a < b else (b, a): {t["via"]: (t["kind"], t["via_label"]) for t in d["ties"]}
                 for a, b, d in net.allied.edges(data=True)}
        strengths = {(a, b) if a < b else (b, a): d["strength"] for a, b, d in net.allied.edges(data=True)}
        return facts, strengths
    dv = graph.dyads(at)
    return dv.facts, dv.strength


def _alliance_columns(ids: list[str], iu: np.ndarray, ju: np.ndarray, obligations: Mapping[str, frozenset[str]],
                      facts: Mapping[tuple[str, str], Mapping[str, tuple[str, str]]],
                      strengths: Mapping[tuple[str, str], float], col: dict[str, Any]) -> None:
    """The alliance columns of one year: an indicator per obligation, the tie strength, the facts behind."""
    n = len(ids)
    pos = {sid: k for k, sid in enumerate(ids)}
    flat = np.full((n, n), -1, dtype=np.int64)
    flat[iu, ju] = np.arange(len(iu))
    m = len(iu)
    ind = {c: np.zeros(m, dtype=np.int8) for c in ALLIANCE_TYPES}
    strength = np.zeros(m, dtype=np.float64)
    treaties = np.full(m, None, dtype=object)
    for (a, b), behind in facts.items():
        ka, kb = pos.get(a), pos.get(b)
        if ka is None or kb is None:
            continue
        r = flat[min(ka, kb), max(ka, kb)]
        strength[r] = strengths[(a, b)]
        treaties[r] = ";".join(sorted(behind))
        obs: set[str] = set()
        for via, (kind, _) in behind.items():
            obs |= obligations.get(via) or {kind}
        for c, o in ALLIANCE_TYPES.items():
            if o in obs:
                ind[c][r] = 1
    col.update(ind)
    col["alliance_strength"] = strength
    col["treaties"] = treaties


def _gml_year(f: pd.DataFrame | None, n_all: int) -> dict[str, np.ndarray]:
    out = {"ongoing": np.zeros((n_all, n_all), dtype=bool), "onset": np.zeros((n_all, n_all), dtype=bool),
           "level": np.zeros((n_all, n_all), dtype=np.int64), "fatality": np.full((n_all, n_all), -1, dtype=np.int64),
           "num": np.full((n_all, n_all), -1, dtype=np.int64), "sidea_i": np.zeros((n_all, n_all), dtype=bool),
           "sidea_j": np.zeros((n_all, n_all), dtype=bool)}
    if f is None or f.empty:
        return out
    gi, gj = f["gi"].to_numpy(), f["gj"].to_numpy()
    i, j = np.minimum(gi, gj), np.maximum(gi, gj)
    sa1 = f["sidea1"].fillna(0).to_numpy(dtype=np.int64) == 1
    sa2 = f["sidea2"].fillna(0).to_numpy(dtype=np.int64) == 1
    sa_i, sa_j = np.where(gi <= gj, sa1, sa2), np.where(gi <= gj, sa2, sa1)
    level = f["hostlev"].fillna(-9).to_numpy(dtype=np.int64)
    fat = f["fatality"].fillna(-9).to_numpy(dtype=np.int64)
    num = f["dispnum"].to_numpy(dtype=np.int64)
    out["ongoing"][i, j] = True
    np.logical_or.at(out["onset"], (i, j), f["midonset"].fillna(0).to_numpy(dtype=np.int64) == 1)
    np.maximum.at(out["level"], (i, j), np.maximum(level, 0))
    np.maximum.at(out["fatality"], (i, j), np.where(fat < 0, -1, fat))
    order = np.lexsort((-num, level))
    oi, oj = i[order], j[order]
    out["num"][oi, oj] = num[order]
    out["sidea_i"][oi, oj] = sa_i[order]
    out["sidea_j"][oi, oj] = sa_j[order]
    return out


def _war_year(f: pd.DataFrame | None, n_all: int) -> dict[str, np.ndarray]:
    out = {"ongoing": np.zeros((n_all, n_all), dtype=bool), "onset": np.zeros((n_all, n_all), dtype=bool)}
    if f is None or f.empty:
        return out
    gi, gj = f["gi"].to_numpy(), f["gj"].to_numpy()
    i, j = np.minimum(gi, gj), np.maximum(gi, gj)
    out["ongoing"][i, j] = True
    np.logical_or.at(out["onset"], (i, j), f["war_onset"].fillna(0).to_numpy(dtype=np.int64) == 1)
    return out


def _network_columns(graph: AllianceGraph, y: int, net: _Network, states: _States, sub: np.ndarray,
                     iu: np.ndarray, ju: np.ndarray, facts: dict[tuple[str, str], dict[str, tuple[str, str]]],
                     col: dict[str, Any]) -> None:
    """The network columns of one year, each an n x n matrix read at the upper triangle."""
    from ..graph import DyadValues
    from .covariates import path_matrices, separation_degrees, shared_allies
    from .similarity import defense_adjacency, kappa_scores, pi_scores, portfolio_matrix, s_scores, tau_b_scores

    ids = [states.ids[g] for g in sub.tolist()]
    cl = np.array([_cluster_names(net).get(s) for s in ids], dtype=object)
    bl = np.array([_bloc_names(net).get(s) for s in ids], dtype=object)
    c1, c2, b1, b2 = cl[iu], cl[ju], bl[iu], bl[ju]
    col["same_cluster"] = ((c1 == c2) & (c1 != None)).astype(np.int8)  # noqa: E711
    col["cluster1"], col["cluster2"] = c1, c2
    col["same_bloc"] = ((b1 == b2) & (b1 != None)).astype(np.int8)  # noqa: E711
    col["bloc1"], col["bloc2"] = b1, b2
    dv = DyadValues({}, {}, {}, {}, dict(facts))
    _, P = portfolio_matrix(graph, y, states=ids, dyads=dv)
    _, D = defense_adjacency(graph, y, states=ids, dyads=dv)
    col["s_abs"] = s_scores(P, "absolute")[iu, ju]
    col["s_sq"] = s_scores(P, "squared")[iu, ju]
    col["kappa"] = kappa_scores(P)[iu, ju]
    col["pi"] = pi_scores(P)[iu, ju]
    col["tau_b"] = tau_b_scores(P)[iu, ju]
    strength, hops = path_matrices(net.allied, ids)
    h = hops[iu, ju]
    col["path_strength"] = strength[iu, ju]
    col["path_hops"] = _nullable(h, h >= 0, "Int16")
    col["separation"] = separation_degrees(D, cap=4)[iu, ju].astype(np.int8)
    # shared allies in the defense-pact network, like the degrees of separation: a pledge not to attack or
    # to consult (the Helsinki Final Act's 35 parties) makes no ally
    col["shared_allies"] = shared_allies(D)[iu, ju].astype(np.int16)


def _frame(parts: list[dict[str, Any]], directed: bool) -> pd.DataFrame:
    if not parts:
        raise PanelError("no dyad-years in these years")
    cols = {k: _concat(parts, k) for k in parts[0]}
    for k in ("abb1", "abb2", "cluster1", "cluster2", "bloc1", "bloc2"):
        if k in cols:
            cols[k] = _category(cols[k])
    cols["treaties"] = pd.array(cols["treaties"], dtype="string")
    df = pd.DataFrame(cols)
    df["year"] = df["year"].astype(np.int64)
    if directed:
        back = df.rename(columns={c: _swap(c) for c in df.columns})
        df = pd.concat([df, back[df.columns]], ignore_index=True)
        df = df.sort_values(["year", "ccode1", "ccode2"], kind="stable", ignore_index=True)
    return df


def _swap(c: str) -> str:
    if c.endswith("1") and not c.endswith("_1"):
        return c[:-1] + "2"
    if c.endswith("2"):
        return c[:-1] + "1"
    return c


# ---------------------------------------------------------------------------- output
def check_output(path: str | Path) -> Path:
    """Check ``path`` before a panel is built, so that a bad path fails at once: it must end in .csv,
    .parquet or .pq, and be what every output of the package may be (:func:`alliancegraph.fileio.check_file`:
    a regular file or a new one, through a symbolic link; a missing directory is created when written).

    Raises
    ------
    PanelError
        For another suffix.
    OSError
        For a directory, a device or FIFO, a path under a file, or a directory that cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> check_output(d / "new" / "dyads.parquet") == d / "new" / "dyads.parquet"
    True
    >>> check_output(d / "dyads.txt")
    Traceback (most recent call last):
    ...
    alliancegraph.analysis.panels.PanelError: ...dyads.txt: the output must end in .csv or .parquet
    """
    target = Path(path)
    if target.suffix.lower() not in (".csv", ".parquet", ".pq"):
        raise PanelError(f"{target}: the output must end in .csv or .parquet")
    check_file(target)
    return target


def write_panel(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a panel to ``path``: Parquet for ``.parquet`` / ``.pq``, else CSV (missing values empty), through
    the atomic writer (a failed write leaves no half-written file).

    Parameters
    ----------
    df : pandas.DataFrame
        A panel (any DataFrame: :func:`dyad_years`, :func:`state_years`, :func:`system_years`).
    path : str or pathlib.Path
        The file; its suffix chooses the format.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    PanelError
        For a path whose directory does not exist, or a suffix that is neither.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> p = write_panel(pd.DataFrame({"year": [2024], "ccode1": [365], "ccode2": [731]}),
    ...                 pathlib.Path(tempfile.mkdtemp()) / "dyads.csv")
    >>> pd.read_csv(p).to_dict("records")
    [{'year': 2024, 'ccode1': 365, 'ccode2': 731}]
    """
    import pyarrow as pa

    target = check_output(path)
    suffix = target.suffix.lower()
    table = pa.Table.from_pandas(df, preserve_index=False)
    with atomic_file(target) as tmp:
        if suffix == ".csv":
            import pyarrow.csv as pcsv

            plain = pa.table({n: (c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c)
                              for n, c in zip(table.column_names, table.columns)})
            pcsv.write_csv(plain, tmp)
        else:
            import pyarrow.parquet as pq

            pq.write_table(table, tmp)
    return target


# ---------------------------------------------------------------------------- state-years
def state_years(graph: AllianceGraph, first: int, last: int, *, at: Snapshot | None = None, seed: int = 42,
                progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """The state-year panel: every state in the state system in each year, with its place in the year's
    alliance network (docs/panels.md).

    Columns: ``year, ccode, abb``; ``degree`` (allies, every tie kind), ``strength`` (sum of its ties'
    strengths), ``betweenness`` (over paths of influence), ``participation`` (the
    participation coefficient over the year's alliance clusters) and ``broker`` (participation above
    :data:`~alliancegraph.analysis.centrality.BROKER_PARTICIPATION`, 0.30), from :func:`~alliancegraph.analysis.centrality.brokerage` on the year's
    clusters; ``cluster`` and ``bloc``, the names of its alliance cluster and signed bloc (missing when
    unaligned). States without an allied tie have 0 for the numbers.

    ``at`` (a :class:`~alliancegraph.graph.Snapshot`) is the template of each year's snapshot and ``seed`` the
    seed of the clusterings, as in :func:`dyad_years`.

    Parameters
    ----------
    graph : AllianceGraph
        The facts loaded.
    first, last : int
        The years, inclusive.
    at : Snapshot, optional
        The template of each year's snapshot (as in :func:`dyad_years`).
    seed : int
        The seed of Louvain and Leiden.
    progress : callable, optional
        Called with each year when it is done.

    Returns
    -------
    pandas.DataFrame
        One row per state-year, sorted by year and ccode.

    Raises
    ------
    PanelError
        For an unknown year or ``last < first``.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> sy = state_years(open_graph(), 1980, 1980)
    >>> r = sy[sy.abb == "USA"].iloc[0]
    >>> int(r.ccode), r.cluster, bool(r.broker)
    (2, 'United States and partners', True)
    """
    from .centrality import brokerage

    check_years(first, last)
    template = at if at is not None else Snapshot()
    states = _States.of(graph)
    parts: list[dict[str, Any]] = []
    for y in range(first, last + 1):
        sub, cc, ab = states.year(graph, y)
        ids = [states.ids[g] for g in sub.tolist()]
        year = template.for_year(y)
        net = _network(graph, year, seed)
        cen = {c.state: c for c in brokerage(graph, year, clusters=net.clusters)}
        cnames, bnames = _cluster_names(net), _bloc_names(net)
        n = len(ids)
        zero = [None] * n

        def value(attr: str, default: float = 0.0) -> list[Any]:
            return [getattr(cen[s], attr) if s in cen else default for s in ids]

        parts.append({
            "year": np.full(n, y, dtype=np.int64), "ccode": cc, "abb": ab,
            "degree": np.array(value("degree", 0), dtype=np.int64),
            "strength": np.array(value("strength"), dtype=np.float64),
            "betweenness": np.array(value("betweenness"), dtype=np.float64),
            "participation": np.array(value("participation"), dtype=np.float64),
            "broker": np.array([int(cen[s].is_broker) if s in cen else 0 for s in ids], dtype=np.int8),
            "cluster": np.array([cnames.get(s) for s in ids] if n else zero, dtype=object),
            "bloc": np.array([bnames.get(s) for s in ids] if n else zero, dtype=object),
        })
        if progress is not None:
            progress(y)
    cols = {k: _concat(parts, k) for k in parts[0]}
    for k in ("abb", "cluster", "bloc"):
        cols[k] = _category(cols[k])
    return pd.DataFrame(cols)


# ---------------------------------------------------------------------------- system-years
def system_years(graph: AllianceGraph, first: int, last: int, *, at: Snapshot | None = None, seed: int = 42,
                 progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """The system series: one row per year (docs/panels.md).

    Columns: ``year``; ``states`` and ``dyads`` (n and n(n-1)/2 of the dyad-year universe);
    ``allied_dyads`` and ``allied_density`` (dyads with an allied tie of any kind, and their share of the
    dyads); ``clusters`` (alliance clusters of two or more states) and ``modularity`` (of the clustering
    network, :func:`~alliancegraph.analysis.clusters.alliance_clusters`); ``blocs`` (signed blocs of two or
    more states) and ``frustration`` (the partition frustration of the blocs in the signed network, the
    number of hostile ties inside blocs and allied ties between them, :func:`~alliancegraph.analysis.balance.frustration`),
    ``frustration_share`` (frustration over the number of signed ties; missing without ties).

    ``at`` (a :class:`~alliancegraph.graph.Snapshot`) is the template of each year's snapshot and ``seed`` the
    seed of the clusterings, as in :func:`dyad_years`.

    Parameters
    ----------
    graph : AllianceGraph
        The facts loaded.
    first, last : int
        The years, inclusive.
    at : Snapshot, optional
        The template of each year's snapshot (as in :func:`dyad_years`).
    seed : int
        The seed of Louvain and Leiden.
    progress : callable, optional
        Called with each year when it is done.

    Returns
    -------
    pandas.DataFrame
        One row per year, in order.

    Raises
    ------
    PanelError
        For an unknown year or ``last < first``.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> sy = system_years(open_graph(), 1980, 1980)
    >>> int(sy.states[0]), int(sy.dyads[0]), int(sy.clusters[0])
    (90, 4005, 3)
    """
    from .balance import frustration

    check_years(first, last)
    template = at if at is not None else Snapshot()
    states = _States.of(graph)
    rows = []
    for y in range(first, last + 1):
        sub, _, _ = states.year(graph, y)
        ids = set(states.ids[g] for g in sub.tolist())
        n = len(ids)
        net = _network(graph, template.for_year(y), seed)
        allied = sum(1 for a, b in net.allied.edges() if a in ids and b in ids)
        dyads = n * (n - 1) // 2
        fr = frustration(net.signed, net.blocs.clusters)
        m = net.signed.number_of_edges()
        rows.append({"year": y, "states": n, "dyads": dyads, "allied_dyads": allied,
                     "allied_density": allied / dyads if dyads else np.nan,
                     "clusters": len(net.clusters.clusters), "modularity": float(net.clusters.modularity),
                     "blocs": sum(1 for c in net.blocs.clusters if len(c) >= 2),
                     "frustration": float(fr), "frustration_share": fr / m if m else np.nan})
        if progress is not None:
            progress(y)
    df = pd.DataFrame(rows)
    return df.astype({"year": np.int64, "states": np.int64, "dyads": np.int64, "allied_dyads": np.int64,
                      "clusters": np.int64, "blocs": np.int64})
