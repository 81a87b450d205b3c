"""The analyses written back to Neo4j for Browser users: named alliance clusters, signed blocs, centralities
and brokerage per snapshot, each with its method and parameters, as load sets of their own.

Owns: what an analysis is in Neo4j (the rows of :func:`analysis_plan`, checked against
:data:`~alliancegraph.schema.ANALYSIS_LABELS` and :data:`~alliancegraph.schema.ANALYSIS_RELS` by
:func:`~alliancegraph.neo4j_rows.element_plan`), the name of a load set of analyses
(:func:`analysis_load_set`), writing them (:func:`write_analyses`), listing them with their staleness
(:func:`analyses_in`) and dropping them (:func:`drop_analyses`).

Must not know: how an analysis is computed (:mod:`alliancegraph.analysis`), Bolt (every write goes through
:meth:`alliancegraph.neo4j_store.Neo4jStore.load`, with its claims, batches, managed transactions and
hashes; the reads through the store), the command line.

The model
---------
Per snapshot (an as-of date, or a year read as a period) and set of parameters:

* three ``(:Analysis {id, kind, method, method_source, as_of, until, min_confidence, combine, strengths,
  layers, multilateral, seed, resolution, ..., computed_from, computed_hashes, version})`` nodes, ``kind``
  ``'clusters'`` (with ``modularity``, ``null_mean``, ``null_z``, ``stability``, ``verdict``),
  ``'signed_blocs'`` (``quality``, ``partition_frustration``, ``balanced_share``, ``triads``, and
  ``frustration_index`` on request) and ``'brokerage'``;
* ``(:Cluster {id, code, name, as_of, size, anchor, defined_by, share, members})-[:RESULT_OF]->(:Analysis)``
  and ``(:State)-[:IN_CLUSTER {as_of, cluster, name, stability, unstable}]->(:Cluster)``; ``code`` is the
  cluster's code in its analysis (``C1``, ``C2``...: :attr:`label` in Python, ``cluster`` on IN_CLUSTER), not
  called ``label`` because in the property graph that key names an element's Neo4j label;
* ``(:SignedBloc {...})-[:RESULT_OF]->(:Analysis)`` and ``(:State)-[:IN_BLOC {as_of, bloc, name}]->(:SignedBloc)``;
* ``(:State)-[:MEASURED {as_of, degree, strength, betweenness, participation, cluster, cluster_name,
  bridges, bridge_names, broker}]->(:Analysis {kind: 'brokerage'})``: the measures of a state are a
  relationship to the analysis, not properties of the State, because the State node belongs to the fact
  load sets (its properties and ``load_hash`` are theirs) and one state has measures for many dates.

``as_of`` and ``until`` are ISO days (a year is the period from 1 January to 31 December, the dyad-year
convention of the timeline) with the loader's ``DATE`` companions ``as_of_first`` and ``until_last``; every
element carries ``analysis``, the id of its Analysis. A value that is missing is absent.

Load sets
---------
Each snapshot and set of parameters is one load set, ``analyses/<as_of>[..<until>]/<parameters hash>``
(:func:`analysis_load_set`). So writing the same analyses again changes nothing (every row has its
``load_hash``); a new run for the same snapshot and parameters replaces the old results (what it no longer
finds is released); results of other dates, or of other parameters, stay. Fact load sets cannot take these
names, and :func:`~alliancegraph.neo4j_store.read_graph` never reads them: the analyses never mix with facts.

Analyses claim no State: they hang relationships on the States the facts own. Dropping the analyses
(:func:`drop_analyses`) leaves the facts; dropping or changing a fact load set removes the relationships of
the states it deletes and leaves the analyses *stale*: :func:`analyses_in` (and ``alliancegraph analyze``)
says so, naming the fact load set gone or changed since (``computed_from`` and ``computed_hashes`` record
the fact load sets and their ``fact_hash`` when the graph was read from Neo4j), or the states lost.
"""

from __future__ import annotations

import importlib.metadata
import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from .analysis.balance import frustration, frustration_index, triad_census
from .analysis.centrality import brokerage
from .analysis.clusters import METHODS, ClusterResult, alliance_clusters
from .analysis.signed import SignedClusters, signed_clusters, signed_graph
from .errors import InvalidArgumentError
from .graph import AllianceGraph, Snapshot
from .neo4j_rows import LoadPlan, Neo4jStoreError, element_plan, load_hash
from .neo4j_store import DEFAULT_BATCH_SIZE, LoadReport, Neo4jSettings, Neo4jStore, _store
from .schema import ANALYSIS_LOAD_SETS, is_analysis_load_set

__all__ = ["AnalysisParams", "AnalysesReport", "analysis_load_set", "analysis_plan", "write_analyses",
           "analyses_in", "drop_analyses", "METHOD_SOURCES"]

METHOD_SOURCES = {
    "louvain": "Blondel, Guillaume, Lambiotte and Lefebvre (2008), J. Stat. Mech. P10008, "
               "doi:10.1088/1742-5468/2008/10/P10008",
    "leiden": "Traag, Waltman and van Eck (2019), Sci. Rep. 9, 5233, doi:10.1038/s41598-019-41695-z",
    "signed": "Traag and Bruggeman (2009), Phys. Rev. E 80, 036115, doi:10.1103/PhysRevE.80.036115 (Leiden); "
              "frustration index: Aref and Wilson (2019), J. Complex Networks 7(2), doi:10.1093/comnet/cny015",
    "brokerage": "betweenness: Brandes (2001), J. Math. Sociol. 25(2), doi:10.1080/0022250X.2001.9990249; "
                 "participation: Guimera and Amaral (2005), Nature 433, 895, doi:10.1038/nature03288",
}
"""The source of each method, written on its Analysis node (``method_source``)."""

ProgressFn = Callable[[int, int], None]
"""``progress(snapshots_done, snapshots_total)``, called after each snapshot is written."""


@dataclass(frozen=True)
class AnalysisParams:
    """The parameters of one write-back, the same for every snapshot: the clustering ``method``, ``seed``
    and ``resolution`` (shared by the alliance clusters and the signed clusters), ``null_runs`` and
    ``stability_runs`` of the alliance clusters, ``negative_weight`` and ``min_level`` of the signed
    network, and ``exact_frustration`` (with ``time_limit`` seconds) for the two-group frustration index.

    Raises
    ------
    InvalidArgumentError
        For an unknown method (the others are checked by the analyses themselves).

    Examples
    --------
    >>> AnalysisParams().to_dict()["method"], AnalysisParams(seed=7).key() != AnalysisParams().key()
    ('louvain', True)
    """

    method: str = "louvain"
    seed: int = 42
    resolution: float = 1.0
    null_runs: int = 20
    stability_runs: int = 20
    negative_weight: float = 1.0
    min_level: int = 1
    exact_frustration: bool = False
    time_limit: float = 10.0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InvalidArgumentError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")

    def to_dict(self) -> dict[str, Any]:
        """The parameters as a JSON-ready dict."""
        return dict(self.__dict__)

    def key(self, at: Snapshot | None = None) -> str:
        """A short hash of these parameters and the rules of ``at`` (its confidence floor, strengths,
        combination, layers and multilateral rule; not its date): the last part of a load set's name."""
        rules = {k: v for k, v in (at.to_dict() if at is not None else {}).items() if k not in ("as_of", "until")}
        return load_hash("analysis", "parameters", (), {**self.to_dict(), **rules})[:10]


def analysis_load_set(at: Snapshot, params: AnalysisParams) -> str:
    """The name of the load set that holds the analyses of snapshot ``at`` with ``params``:
    ``analyses/<as_of>/<key>`` for a day, ``analyses/<as_of>..<until>/<key>`` for a period.

    Examples
    --------
    >>> analysis_load_set(Snapshot("1980-06-30"), AnalysisParams()).rsplit("/", 1)[0]
    'analyses/1980-06-30'
    >>> analysis_load_set(Snapshot("1980-06-30").for_year(1950), AnalysisParams()).split("/")[1]
    '1950-01-01..1950-12-31'
    """
    when = at.as_of.isoformat() + (f"..{at.until.isoformat()}" if at.until else "")
    return f"{ANALYSIS_LOAD_SETS}{when}/{params.key(at)}"


FLOAT_DIGITS = 12
"""Significant digits of every number written back: a mean summed in another order (a set's iteration order
differs between processes) differs in its last bits, which must not count as a change of the analysis."""


def _present(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` without the missing values (a missing value is absent, as in every Neo4j row), floats to
    :data:`FLOAT_DIGITS` significant digits."""
    return {k: float(f"{v:.{FLOAT_DIGITS}g}") if isinstance(v, float) else v for k, v in props.items() if v is not None}


def _stamp(at: Snapshot, analysis: str) -> dict[str, Any]:
    return {"as_of": at.as_of.isoformat(), "until": at.until.isoformat() if at.until else None, "analysis": analysis}


def _groups(kind: str, label: str, rel: str, key: str, analysis: str, at: Snapshot, groups: Iterable[Any],
            nodes: dict[str, list[Any]], rels: dict[tuple[str, str, str], list[Any]],
            per_state: Callable[[str], dict[str, Any]] = lambda s: {}) -> int:
    """Rows of the Cluster or SignedBloc nodes ``groups`` found by ``analysis`` (``RESULT_OF`` it) and the
    ``IN_CLUSTER`` / ``IN_BLOC`` relationships of their members. Returns how many members."""
    n = 0
    for c in groups:
        cid = f"{analysis}/{c.label}"
        nodes.setdefault(label, []).append((cid, _present({
            "id": cid, "code": c.label, "name": c.name, **_stamp(at, analysis), "size": c.size, "anchor": c.anchor,
            "defined_by": c.defined_by, "share": float(c.share), "members": list(c.members)})))
        rels.setdefault(("RESULT_OF", label, "Analysis"), []).append((cid, analysis, {"id": cid}))
        for m in c.members:
            rels.setdefault((rel, "State", label), []).append((m, cid, _present({
                "id": f"{cid}/{m}", **_stamp(at, analysis), key: c.label, "name": c.name, **per_state(m)})))
            n += 1
    return n


def analysis_plan(graph: AllianceGraph, at: Snapshot, params: AnalysisParams = AnalysisParams(),
                  computed_from: Sequence[str] = (), computed_hashes: Sequence[str] = ()
                  ) -> tuple[str, LoadPlan, dict[str, Any]]:
    """Compute the analyses of one snapshot and make their Neo4j rows (nothing is written).

    The alliance clusters are :func:`~alliancegraph.analysis.clusters.alliance_clusters` of ``at``, the
    signed blocs :func:`~alliancegraph.analysis.signed.signed_clusters` of its signed graph with the triad
    census and the partition's frustration (:mod:`alliancegraph.analysis.balance`; the exact two-group
    frustration index when ``params.exact_frustration``), the centralities
    :func:`~alliancegraph.analysis.centrality.brokerage` on those alliance clusters.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot
        The snapshot: an as-of date, or a period (a year: :meth:`Snapshot.for_year`).
    params : AnalysisParams
    computed_from, computed_hashes : sequence of str
        Where the graph came from (fact load sets, or files) and the ``fact_hash`` of each load set then.

    Returns
    -------
    (str, LoadPlan, dict)
        The load set's name (:func:`analysis_load_set`), its plan
        (:func:`~alliancegraph.neo4j_rows.element_plan`), and a summary: ``as_of``, ``until``, ``clusters``
        and ``blocs`` (name -> sorted member ids) and ``brokers`` (ids of the states flagged brokers).

    Raises
    ------
    InvalidArgumentError
        For a parameter an analysis refuses.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> name, plan, summary = analysis_plan(open_graph(), Snapshot("2025-06-01"), AnalysisParams(null_runs=0, stability_runs=0))
    >>> plan.count("Analysis"), "POL" in summary["clusters"]["NATO"], "RUS" in summary["clusters"]["NATO"]
    (3, True, False)
    """
    name = analysis_load_set(at, params)
    rules = at.to_dict()  # as_of, until, min_confidence, strengths, combine, layers, multilateral
    common = {**rules, "strengths": json.dumps(rules["strengths"], sort_keys=True), "seed": params.seed,
              "resolution": float(params.resolution), "computed_from": list(computed_from),
              "computed_hashes": list(computed_hashes), "version": _version()}
    nodes: dict[str, list[Any]] = {}
    rels: dict[tuple[str, str, str], list[Any]] = {}

    cl: ClusterResult = alliance_clusters(graph, at, method=params.method, seed=params.seed,
                                          resolution=params.resolution, null_runs=params.null_runs,
                                          stability_runs=params.stability_runs)
    a_cl = f"{name}/clusters"
    stab = cl.stability

    def per_state(m: str) -> dict[str, Any]:
        return {} if stab is None else {"stability": stab.states.get(m), "unstable": m in stab.unstable}

    n_cl = _groups("clusters", "Cluster", "IN_CLUSTER", "cluster", a_cl, at, cl.clusters, nodes, rels, per_state)
    nodes.setdefault("Analysis", []).append((a_cl, _present({
        "id": a_cl, "kind": "clusters", "method": params.method, "method_source": METHOD_SOURCES[params.method],
        **common, "null_runs": params.null_runs, "stability_runs": params.stability_runs,
        "modularity": float(cl.modularity), "null_mean": float(cl.null.mean) if cl.null else None,
        "null_z": float(cl.null.z) if cl.null and cl.null.z is not None else None,
        "stability": float(stab.mean) if stab else None, "verdict": cl.verdict(), "groups": len(cl.clusters),
        "states": n_cl})))

    sg = signed_graph(graph, at, min_level=params.min_level)
    sc: SignedClusters = signed_clusters(sg, resolution=params.resolution, negative_weight=params.negative_weight,
                                         seed=params.seed)
    census = triad_census(sg)
    fi = frustration_index(sg, time_limit=params.time_limit) if params.exact_frustration else None
    a_sb = f"{name}/signed_blocs"
    blocs = sc.blocs()
    n_sb = _groups("signed_blocs", "SignedBloc", "IN_BLOC", "bloc", a_sb, at, blocs, nodes, rels)
    nodes["Analysis"].append((a_sb, _present({
        "id": a_sb, "kind": "signed_blocs", "method": "leiden-signed", "method_source": METHOD_SOURCES["signed"],
        **common, "negative_weight": float(params.negative_weight), "min_level": params.min_level,
        "quality": float(sc.quality), "partition_frustration": float(frustration(sg, sc.clusters)),
        "frustration_index": float(fi.value) if fi else None, "frustration_exact": fi.exact if fi else None,
        "balanced_share": census.balanced_share, "triads": census.total, "groups": len(blocs), "states": n_sb})))

    brokers = brokerage(graph, at, cl)
    a_br = f"{name}/brokerage"
    nodes["Analysis"].append((a_br, _present({
        "id": a_br, "kind": "brokerage", "method": "betweenness-participation",
        "method_source": METHOD_SOURCES["brokerage"], **common, "states": len(brokers)})))
    for s in brokers:
        rels.setdefault(("MEASURED", "State", "Analysis"), []).append((s.state, a_br, _present({
            "id": f"{a_br}/{s.state}", **_stamp(at, a_br), "degree": s.degree, "strength": float(s.strength),
            "betweenness": float(s.betweenness), "participation": float(s.participation), "cluster": s.cluster,
            "cluster_name": s.cluster_name, "bridges": list(s.bridges), "bridge_names": list(s.bridge_names),
            "broker": s.is_broker})))
    summary = {"load_set": name, "as_of": at.as_of.isoformat(), "until": at.until.isoformat() if at.until else None,
               "clusters": {c.name: list(c.members) for c in cl.clusters},
               "blocs": {b.name: list(b.members) for b in blocs},
               "brokers": [s.state for s in brokers if s.is_broker]}
    return name, element_plan(nodes, rels), summary


def _version() -> str:
    try:
        return importlib.metadata.version("alliancegraph")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


@dataclass
class AnalysesReport:
    """What one write-back did: per snapshot the load set written, its :class:`LoadReport` and the summary
    of :func:`analysis_plan`; ``stale``: the analyses in Neo4j found stale afterwards (:func:`analyses_in`);
    ``seconds``: wall time, ``compute_seconds`` the part spent computing the analyses."""

    where: str
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    loads: list[LoadReport] = field(default_factory=list)
    stale: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    compute_seconds: float = 0.0

    @property
    def changes(self) -> int:
        """Changes to the graph over every load set (0 when Neo4j held exactly these analyses)."""
        return sum(r.changes for r in self.loads)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``where``, ``changes``, ``seconds``, ``compute_seconds``, ``snapshots`` (each summary
        with its load report under ``load``) and ``stale``."""
        return {"where": self.where, "changes": self.changes, "seconds": self.seconds,
                "compute_seconds": self.compute_seconds,
                "snapshots": [{**s, "load": r.to_dict()} for s, r in zip(self.snapshots, self.loads)],
                "stale": self.stale}


def write_analyses(graph: AllianceGraph, target: Neo4jSettings | Neo4jStore | None, snapshots: Sequence[Snapshot],
                   params: AnalysisParams = AnalysisParams(), *, sources: Sequence[str] = (),
                   neo4j_load_sets: Sequence[str] | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                   progress: ProgressFn | None = None) -> AnalysesReport:
    """Compute the analyses of every snapshot and write them into Neo4j, a load set per snapshot (see the
    module docstring): the library call behind ``alliancegraph analyze --write``.

    Parameters
    ----------
    graph : AllianceGraph
        The graph analysed; its states must be in Neo4j (load the facts first).
    target : Neo4jSettings, Neo4jStore or None
        Where to write; ``None`` means :meth:`Neo4jSettings.from_env`.
    snapshots : sequence of Snapshot
        One per as-of date or year (the period of :meth:`Snapshot.for_year`).
    params : AnalysisParams
    sources : sequence of str
        With a graph built from files: the files (recorded as ``computed_from``).
    neo4j_load_sets : sequence of str, optional
        With a graph read from Neo4j: the fact load sets it was read from (empty: every fact load set);
        their names and current ``fact_hash`` are recorded, so that a later change of them is seen as stale.
    batch_size : int
        Rows per transaction.
    progress : callable, optional
        ``progress(done, total)`` after each snapshot.

    Returns
    -------
    AnalysesReport

    Raises
    ------
    InvalidArgumentError
        For no snapshot, two equal snapshots, or a parameter an analysis refuses.
    Neo4jStoreError
        Before anything is written: server problems, a fact load set named that is not in Neo4j, or a state
        of the graph that Neo4j does not hold. :class:`~alliancegraph.neo4j_store.LoadFailedError` if a
        write fails half way (that snapshot's load set is marked incomplete; the same run repairs it).

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> try:
    ...     write_analyses(open_graph(), Neo4jSettings("bolt://127.0.0.1:1"), [Snapshot("1980-06-30")])
    ... except Neo4jStoreError as e:
    ...     print(str(e).split(":")[0])
    cannot reach Neo4j at bolt
    """
    t0 = time.perf_counter()
    if not snapshots:
        raise InvalidArgumentError("no snapshot to analyse: give at least one as-of date or year")
    if len(set(snapshots)) != len(snapshots):
        raise InvalidArgumentError("the same snapshot is given twice")
    store, close = _store(target, None)  # the store's own rule for a target: one definition
    try:
        report = AnalysesReport(store.settings.where)
        sets = {s["name"]: s for s in store.load_sets() if not is_analysis_load_set(s["name"])}
        computed_from, hashes = [str(s) for s in sources], [""] * len(sources)
        if neo4j_load_sets is not None:
            names = list(neo4j_load_sets) or sorted(sets)
            missing = [n for n in names if n not in sets]
            if missing:
                raise Neo4jStoreError(f"no fact load set {missing[0]!r} in Neo4j at {store.settings.where}")
            computed_from, hashes = names, [str(sets[n].get("fact_hash", "")) for n in names]
        states = sorted(n for n, _ in graph.nodes("State"))
        held = {r["id"] for r in store._run("MATCH (s:State) WHERE s.id IN $ids RETURN s.id AS id",
                                            "reading the states", ids=states)}
        lacking = [s for s in states if s not in held]
        if lacking:
            raise Neo4jStoreError(f"Neo4j at {store.settings.where} lacks {len(lacking)} state(s) of the graph "
                                  f"analysed ({', '.join(lacking[:5])}{'...' if len(lacking) > 5 else ''}): load "
                                  f"the same facts first (alliancegraph load), or analyse with --neo4j")
        for i, at in enumerate(snapshots, start=1):
            t1 = time.perf_counter()
            name, plan, summary = analysis_plan(graph, at, params, computed_from, hashes)
            report.compute_seconds += time.perf_counter() - t1
            report.loads.append(store.load(plan, name, sources=computed_from, batch_size=batch_size))
            report.snapshots.append(summary)
            if progress is not None:
                progress(i, len(snapshots))
        report.stale = [a for a in analyses_in(store) if a["stale"]]
    finally:
        if close:
            store.close()
    report.seconds = time.perf_counter() - t0
    return report


_LIST = f"""
MATCH (a:Analysis)
OPTIONAL MATCH (l:LoadSet) WHERE l.name STARTS WITH '{ANALYSIS_LOAD_SETS}' AND a.id STARTS WITH l.name + '/'
WITH a, l, COUNT {{ (a)<-[:RESULT_OF]-()<-[:IN_CLUSTER|IN_BLOC]-(:State) }} + COUNT {{ (a)<-[:MEASURED]-(:State) }} AS held
RETURN l.name AS load_set, l.status AS status, a.id AS id, a.kind AS kind, a.as_of AS as_of, a.until AS until,
       a.method AS method, coalesce(a.computed_from, []) AS computed_from,
       coalesce(a.computed_hashes, []) AS computed_hashes, a.states AS states, held
ORDER BY a.as_of_first, a.until_last, a.id
"""


def analyses_in(target: Neo4jSettings | Neo4jStore | None = None) -> list[dict[str, Any]]:
    """Every Analysis in Neo4j, with whether it is stale and why.

    An analysis is stale when a fact load set it was computed from is gone, incomplete or changed since
    (its ``fact_hash`` differs from the one recorded), or when states it placed are gone from Neo4j (their
    fact load set was dropped or edited: their relationships went with them); its own load set incomplete
    (a write that failed half way) is said too.

    Returns
    -------
    list of dict
        ``load_set``, ``id``, ``kind``, ``as_of``, ``until``, ``method``, ``computed_from``, ``states``
        (placed when written), ``held`` (still in Neo4j) and ``stale`` (None, or the reason in words),
        by snapshot and id.

    Raises
    ------
    Neo4jStoreError
        On a server problem.

    Examples
    --------
    >>> try:
    ...     analyses_in(Neo4jSettings("bolt://127.0.0.1:1"))
    ... except Neo4jStoreError as e:
    ...     print(str(e).split(":")[0])
    cannot reach Neo4j at bolt
    """
    store, close = _store(target, None)  # the store's own rule for a target: one definition
    try:
        facts = {s["name"]: s for s in store.load_sets() if not is_analysis_load_set(s["name"])}
        rows = store._run(_LIST, "listing the analyses")
    finally:
        if close:
            store.close()
    out = []
    for r in rows:
        reasons = []
        if r["status"] != "complete":
            reasons.append(f"its load set {r['load_set']!r} is incomplete (a write failed half way: run it again)")
        for name, h in zip(r.pop("computed_from"), r.pop("computed_hashes")):
            if not h:
                continue  # a file, not a load set
            s = facts.get(name)
            if s is None:
                reasons.append(f"fact load set {name!r} is gone")
            elif s.get("status") != "complete":
                reasons.append(f"fact load set {name!r} is incomplete")
            elif s.get("fact_hash") != h:
                reasons.append(f"fact load set {name!r} changed since")
        if r["states"] is not None and r["held"] < r["states"]:
            reasons.append(f"{r['states'] - r['held']} of its {r['states']} states are gone from Neo4j")
        out.append({**r, "stale": "; ".join(reasons) or None})
    return out


def drop_analyses(target: Neo4jSettings | Neo4jStore | None, snapshots: Sequence[Snapshot] | None = None,
                  batch_size: int = DEFAULT_BATCH_SIZE) -> list[LoadReport]:
    """Drop the load sets of analyses (of ``snapshots``, with any parameters; None: all of them). The facts
    stay. Returns the :class:`LoadReport` of each load set dropped, by name.

    Raises
    ------
    Neo4jStoreError
        On a server problem.

    Examples
    --------
    >>> try:
    ...     drop_analyses(Neo4jSettings("bolt://127.0.0.1:1"))
    ... except Neo4jStoreError as e:
    ...     print(str(e).split(":")[0])
    cannot reach Neo4j at bolt
    """
    store, close = _store(target, None)  # the store's own rule for a target: one definition
    try:
        prefixes = None if snapshots is None else {analysis_load_set(at, AnalysisParams()).rsplit("/", 1)[0] + "/"
                                                   for at in snapshots}
        names = [s["name"] for s in store.load_sets() if is_analysis_load_set(s["name"])
                 and (prefixes is None or any(s["name"].startswith(p) for p in prefixes))]
        return [store.drop(n, batch_size=batch_size) for n in names]
    finally:
        if close:
            store.close()
