"""Alliance clusters as of a date: community detection on the allied projection, named, explained, tested.

Owns: alliance clusters (:func:`alliance_clusters`, :class:`Cluster`, :class:`ClusterResult`), the null
model, stability and consensus of a partition (:func:`null_model`, :func:`stability`, :func:`consensus`),
their reading (:func:`describe`), the naming of a group of states after the fact that defines it
(:func:`name_groups`, :func:`fact_parties`, :class:`GroupName`, used by signed clusters and the timeline
too) and :class:`NotInClusteringError`.

Must not know: how the allied projection and its clustering weight are built (:meth:`AllianceGraph.allied`,
:func:`~alliancegraph.graph.multilateral_share`), signed clusters (:mod:`~alliancegraph.analysis.signed`),
the views, the command line, Neo4j.

The network
-----------
Clustering runs on the allied projection's clustering ``weight`` (:meth:`AllianceGraph.allied`): only the
tie kinds in the *layers* (default :data:`~alliancegraph.graph.DEFAULT_LAYERS`, defense and offense pacts)
count, and a treaty, bloc or dispute with n parties is one commitment whose strength its dyads share: each
gets 1/sqrt(n-1) of it by default (``multilateral='sqrt'``; Newman's 1/(n-1), Phys. Rev. E 64, 016132,
doi:10.1103/PhysRevE.64.016132, and the plain projection's 1 are the alternatives,
:func:`~alliancegraph.graph.multilateral_share`), so that a 31-party non-aggression treaty cannot outweigh
one defense pact. docs/analysis.md, "Multilateral pacts and layers", measures the alternatives.

Methods
-------
``louvain`` (default): Blondel, Guillaume, Lambiotte and Lefebvre (2008), "Fast unfolding of communities in
large networks", J. Stat. Mech. P10008, doi:10.1088/1742-5468/2008/10/P10008, as implemented by
``networkx.community.louvain_communities``.
``leiden``: Traag, Waltman and van Eck (2019), "From Louvain to Leiden: guaranteeing well-connected
communities", Sci. Rep. 9, 5233, doi:10.1038/s41598-019-41695-z, as implemented by ``leidenalg``
(modularity vertex partition).

Both maximise Newman's modularity (Newman 2006, PNAS 103(23), 8577, doi:10.1073/pnas.0601602103) with the
clustering weight as edge weight.

Names
-----
A cluster is named after the treaty or bloc that defines it (:func:`name_groups`): among the facts of the
clustering layers in force that more than half of its members share, the one most members share (then the
best match, by Jaccard similarity; then the stronger obligation); its short name is used ("NATO"). A cluster that no fact holds together is named after its anchor state ("France and partners").

Strength and stability
----------------------
*Null model*: the modularity that the same method reaches on ``null_runs`` seeded degree-preserving
rewirings of the network (Maslov and Sneppen 2002, "Specificity and stability in topology of protein
networks", Science 296, 910, doi:10.1126/science.1065103; edge weights shuffled over the rewired edges),
reported as a z-score and the share of rewirings below the observed value. Newman and Girvan (2004),
"Finding and evaluating community structure in networks", Phys. Rev. E 69, 026113,
doi:10.1103/PhysRevE.69.026113, read modularity above about 0.3 as clear structure.
*Stability*: the partition found with ``stability_runs`` other seeds; the consensus share of each pair of
states is the share of runs that put them together (Lancichinetti and Fortunato 2012, "Consensus clustering
in complex networks", Sci. Rep. 2, 336, doi:10.1038/srep00336). A state's stability is the mean agreement
of the runs with the reported partition over the states it is ever clustered with; below
:data:`UNSTABLE_BELOW` it is marked unstable.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, NamedTuple, Sequence

import networkx as nx

from ..errors import AllianceGraphError, InvalidArgumentError
from ..frames import DataFrame, frame
from ..graph import (
    DEFAULT_MULTILATERAL,
    AllianceGraph,
    Snapshot,
    SnapshotLike,
    check_layers,
)

__all__ = ["NotInClusteringError", "Cluster", "ClusterResult", "CLUSTER_COLUMNS", "cluster_rows", "NullModel", "Stability", "Explanation", "alliance_clusters",
           "name_groups", "fact_parties", "null_model", "stability", "consensus", "METHODS", "UNSTABLE_BELOW", "CLEAR_MODULARITY", "GroupName", "MAX_RUNS"]

METHODS = ("louvain", "leiden")


class NotInClusteringError(AllianceGraphError, KeyError):
    """A cluster label or name, or a state, that a clustering result does not hold (a state of the graph
    that is not in the snapshot clustered; a name that matches no state is an
    :class:`~alliancegraph.graph.UnknownStateError`).

    A ``KeyError`` as well (what :meth:`ClusterResult.by_name` and :meth:`ClusterResult.explain` always
    raised), but its text is the message itself, not its ``repr``.

    Examples
    --------
    >>> str(NotInClusteringError("no cluster labelled or named 'C9'"))
    "no cluster labelled or named 'C9'"
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

UNSTABLE_BELOW = 0.8
"""A state whose stability (agreement of the seeded runs with the reported partition) is below this is
marked unstable."""

CLEAR_MODULARITY = 0.3
"""Modularity above which a partition reads as clear structure (Newman and Girvan 2004, Phys. Rev. E 69,
026113: "values for such networks typically fall in the range from about 0.3 to 0.7")."""


@dataclass(frozen=True)
class Cluster:
    """One alliance cluster: ``label`` (``C1``, ``C2``... by size), its ``name`` (the treaty or bloc that
    defines it, see :func:`name_groups`) and ``defined_by`` (that fact's id, None for a name after the
    anchor), its ``members`` (state ids, sorted), their ``names`` as of the date, its ``anchor`` (the member
    with the largest weighted degree inside the cluster) and ``share`` (the share of members party to
    ``defined_by``).

    Examples
    --------
    >>> from alliancegraph import alliance_clusters, open_graph
    >>> c = alliance_clusters(open_graph(), "2025-01-01").cluster_of("POL")
    >>> c.name, c.defined_by, "DEU" in c.members, "RUS" in c.members
    ('NATO', 'nato', True, False)
    """

    label: str
    members: tuple[str, ...]
    anchor: str
    names: tuple[str, ...] = field(default=(), compare=False)
    name: str = ""
    defined_by: str | None = None
    share: float = 0.0

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class NullModel:
    """Modularity against ``runs`` seeded degree-preserving rewirings: their ``mean`` and ``std``, the
    ``z``-score of the observed modularity (None when the rewirings do not vary) and ``percentile``, the
    share of rewirings whose modularity is below the observed one."""

    runs: int
    mean: float
    std: float
    z: float | None
    percentile: float

    def to_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "mean": self.mean, "std": self.std, "z": self.z, "percentile": self.percentile}


@dataclass(frozen=True)
class Stability:
    """The partition over ``runs`` other seeds: ``states`` maps each clustered state to its stability in
    [0, 1] (see the module docstring), ``mean`` is their mean, ``unstable`` the states below
    :data:`UNSTABLE_BELOW`, and ``pairs`` the consensus share of each pair ever clustered together."""

    runs: int
    mean: float
    states: dict[str, float]
    unstable: tuple[str, ...]
    pairs: dict[tuple[str, str], float] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "mean": self.mean, "threshold": UNSTABLE_BELOW, "unstable": list(self.unstable),
                "states": dict(sorted(self.states.items()))}


@dataclass(frozen=True)
class Explanation:
    """Why a state is in its cluster: its clustering weight to the members of its own cluster against the
    next best cluster, with the ties behind both (``ties``: ``cluster label -> [{partner, via, name, kind,
    parties, weight}]``, heaviest first)."""

    state: str
    name: str
    cluster: str | None
    cluster_name: str | None
    weight: float
    rival: str | None
    rival_name: str | None
    rival_weight: float
    ties: dict[str, list[dict[str, Any]]]
    stability: float | None = None
    total_weight: float = 0.0
    """The state's clustering weight over all its ties in the layers, clustered partners or not."""

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "name": self.name, "cluster": self.cluster, "cluster_name": self.cluster_name,
                "weight": self.weight, "rival": self.rival, "rival_name": self.rival_name,
                "rival_weight": self.rival_weight, "total_weight": self.total_weight, "stability": self.stability,
                "ties": self.ties}

    def sentence(self) -> str:
        """The explanation in words."""
        if self.cluster is None and self.total_weight <= 0:
            return f"{self.name} has no tie in the clustering layers: unaligned."
        if self.cluster is None:
            text = (f"{self.name} is in no cluster of two or more states (the method left it alone), although it "
                    f"has ties in the clustering layers (weight {self.total_weight:.3f})")
            if self.rival is None:
                return text + "."
            return text + f", {self.rival_weight:.3f} of it to {self.rival} ({self.rival_name})."
        text = (f"{self.name} is in {self.cluster} ({self.cluster_name}) with weight {self.weight:.3f} to its "
                f"members")
        if self.rival is None:
            return text + "; it has no tie to any other cluster."
        return text + f", against {self.rival_weight:.3f} to {self.rival} ({self.rival_name}), the next best."


@dataclass(frozen=True)
class ClusterResult:
    """Alliance clusters as of a date.

    ``clusters`` are the communities with two or more states, largest first (ties broken by the first
    member id); ``unaligned`` the states in the system with no tie in the clustering layers on that date;
    ``modularity`` is Newman's weighted modularity of the whole partition (unaligned states as singletons,
    which do not change it), in [-1/2, 1); ``layers`` and ``multilateral`` say which network was clustered;
    ``null`` and ``stability`` are None when not computed.

    Examples
    --------
    >>> from alliancegraph import alliance_clusters, open_graph
    >>> res = alliance_clusters(open_graph(), "2025-01-01")
    >>> res.layers, res.cluster_of("BLR").name, res.null is None
    (('defense', 'offense'), 'CSTO', True)
    """

    as_of: _dt.date
    method: str
    seed: int
    resolution: float
    clusters: tuple[Cluster, ...]
    unaligned: tuple[str, ...]
    modularity: float
    layers: tuple[str, ...] = ()
    multilateral: str = DEFAULT_MULTILATERAL
    null: NullModel | None = None
    stability: Stability | None = None
    projection: nx.Graph | None = field(default=None, compare=False, repr=False)
    """The allied projection that was clustered (read only)."""
    resolver: Callable[[str | int], str] | None = field(default=None, compare=False, repr=False)
    """What names a state: :meth:`AllianceGraph.resolve_state` of the graph clustered (None: ids only)."""

    def resolve_state(self, state: str | int) -> str:
        """The id of the state named ``state``: an id of the result as it is, else by ISO3 code, COW
        abbreviation, ccode, name, alias or historical name in any case, as the graph clustered resolves it
        (:meth:`AllianceGraph.resolve_state`).

        Raises
        ------
        UnknownStateError
            When no state of the graph has that name, with up to three close matches (a result built
            without a ``resolver`` takes ids only, and returns any other name as it is).

        Examples
        --------
        >>> from alliancegraph import alliance_clusters, open_graph
        >>> res = alliance_clusters(open_graph(), "2025-01-01")
        >>> res.resolve_state("Japan"), res.resolve_state("jpn"), res.resolve_state(740), res.resolve_state("GMY")
        ('JPN', 'JPN', 'JPN', 'DEU')
        >>> res.resolve_state("Japon")
        Traceback (most recent call last):
        ...
        alliancegraph.names.UnknownStateError: unknown state 'Japon'; did you mean Japan (JPN)?
        """
        if isinstance(state, str) and ((self.projection is not None and state in self.projection)
                                       or state in self.unaligned or any(state in c.members for c in self.clusters)):
            return state
        if self.resolver is None:
            return str(state)
        return self.resolver(state)

    def cluster_of(self, state: str | int) -> Cluster | None:
        """The cluster of the state named ``state`` (an id, or any name :meth:`resolve_state` takes), or None
        if it is unaligned or not in the snapshot. Raises :class:`UnknownStateError` for a name that matches
        no state.

        Examples
        --------
        >>> from alliancegraph import alliance_clusters, open_graph
        >>> res = alliance_clusters(open_graph(), "2025-01-01")
        >>> res.cluster_of("Germany").name, res.cluster_of("blr").name, res.cluster_of("Ukraine")
        ('NATO', 'CSTO', None)
        """
        state_id = self.resolve_state(state)
        for c in self.clusters:
            if state_id in c.members:
                return c
        return None

    def by_name(self, name: str) -> Cluster:
        """The cluster with this label (``C1``) or, failing that, this name. Raises
        :class:`NotInClusteringError` (a ``KeyError``)."""
        for c in self.clusters:
            if name == c.label:
                return c
        for c in self.clusters:
            if name == c.name:
                return c
        raise NotInClusteringError(f"no cluster labelled or named {name!r} (clusters: "
                                   f"{', '.join(c.label for c in self.clusters) or 'none'})")

    def membership(self) -> dict[str, str]:
        """``state id -> cluster label`` for every clustered state."""
        return {m: c.label for c in self.clusters for m in c.members}

    def verdict(self) -> str:
        """The strength and stability of the structure in words."""
        edges = None if self.projection is None else sum(
            1 for *_, d in self.projection.edges(data=True) if d.get("weight", 0) > 0)
        return describe(self.modularity, self.null, self.stability, self.projection, self.resolution, edges)

    def explain(self, state: str | int) -> Explanation:
        """Why the state named ``state`` (an id, or any name :meth:`resolve_state` takes) is where it is
        (:class:`Explanation`).

        Raises
        ------
        UnknownStateError
            For a name that matches no state (with close matches).
        NotInClusteringError
            (a ``KeyError``) For a state that is not in the snapshot (not in the state system on the date).

        Examples
        --------
        >>> from alliancegraph import alliance_clusters, open_graph
        >>> g = open_graph()
        >>> alliance_clusters(g, "2025-01-01").explain("Japan").cluster_name
        'United States and partners'
        >>> alliance_clusters(g, "1950-01-01").explain("ukr")
        Traceback (most recent call last):
        ...
        alliancegraph.analysis.clusters.NotInClusteringError: 'ukr' (UKR) is not in the snapshot clustered (1950-01-01)
        """
        state_id = self.resolve_state(state)
        g = self.projection
        if g is None or state_id not in g:
            named = repr(state) if state == state_id else f"{state!r} ({state_id})"
            raise NotInClusteringError(f"{named} is not in the snapshot clustered ({self.as_of.isoformat()})")
        name = g.nodes[state_id].get("name", state_id)
        own = self.cluster_of(state_id)
        label = self.membership()
        names = {c.label: c.name for c in self.clusters}
        weights: dict[str, float] = {}
        ties: dict[str, list[dict[str, Any]]] = {}
        total = 0.0
        for m, d in sorted(g[state_id].items()):
            w = d.get("weight", 0.0)
            total += w
            c = label.get(m)
            if w <= 0 or c is None:
                continue
            weights[c] = weights.get(c, 0.0) + w
            for t in d["ties"]:
                if t["weight"] > 0:
                    ties.setdefault(c, []).append({"partner": m, "partner_name": g.nodes[m].get("name", m),
                                                   "via": t["via"], "name": t["name"], "kind": t["kind"],
                                                   "parties": t["parties"], "weight": t["weight"]})
        for v in ties.values():
            v.sort(key=lambda t: (-t["weight"], t["partner"], t["via"]))
        rivals = sorted(((w, c) for c, w in weights.items() if own is None or c != own.label), key=lambda x: (-x[0], x[1]))
        rival = rivals[0][1] if rivals else None
        stab = self.stability.states.get(state_id) if self.stability else None
        return Explanation(state_id, name, own.label if own else None, own.name if own else None,
                           weights.get(own.label, 0.0) if own else 0.0, rival, names.get(rival) if rival else None,
                           rivals[0][0] if rivals else 0.0,
                           {c: ties[c] for c in ([own.label] if own and own.label in ties else []) + ([rival] if rival else [])},
                           stab, total)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "as_of": self.as_of.isoformat(), "method": self.method, "seed": self.seed,
            "resolution": self.resolution, "layers": list(self.layers), "multilateral": self.multilateral,
            "modularity": self.modularity,
            "null_model": self.null.to_dict() if self.null else None,
            "stability": self.stability.to_dict() if self.stability else None,
            "verdict": self.verdict(),
            "clusters": [{"label": c.label, "name": c.name, "defined_by": c.defined_by, "share": c.share,
                          "anchor": c.anchor, "size": c.size, "members": list(c.members), "names": list(c.names),
                          **({"unstable": [m for m in c.members if m in self.stability.unstable]}
                             if self.stability else {})}
                         for c in self.clusters],
            "unaligned": list(self.unaligned),
        }

    def rows(self, graph: AllianceGraph | None = None) -> list[dict[str, Any]]:
        """One dict per state of the snapshot with the columns of :data:`CLUSTER_COLUMNS`
        (:func:`cluster_rows`): the members of each cluster in the order of the clusters, then the unaligned
        states (``cluster`` None), by id. With ``graph``, each state's COW ``ccode`` as of :attr:`as_of`
        (:meth:`~alliancegraph.graph.PropertyGraph.state_codes`)."""
        g = self.projection
        return cluster_rows(self.clusters, self.unaligned,
                            lambda s: g.nodes[s].get("name", s) if g is not None and s in g else s,
                            None if graph is None else (lambda s: graph.state_codes(s, self.as_of)[0]),
                            self.stability)

    def to_pandas(self, graph: AllianceGraph | None = None) -> DataFrame:
        """One row per state of the snapshot (the members of C1, C2... in order, then the unaligned states),
        with the columns of :data:`CLUSTER_COLUMNS` (the table of
        :meth:`~alliancegraph.analysis.signed.SignedClusters.to_pandas` too): ``state`` (id), ``name`` (as of
        the date), ``ccode`` (COW code, with ``graph``; else ``<NA>``), ``cluster`` (its label, ``C1``...),
        ``cluster_name``, ``defined_by`` (the treaty or bloc it is named after), ``anchor`` (the id of the
        cluster's anchor state) and ``anchor_name``, ``size`` and ``share`` (of the cluster), ``stability``
        and ``unstable`` (with ``stability_runs``; else missing). Unaligned states have ``<NA>`` cluster
        columns. Needs pandas.

        Examples
        --------
        >>> import datetime as dt
        >>> from alliancegraph import open_graph
        >>> g = open_graph()
        >>> df = alliance_clusters(g, dt.date(2025, 1, 1)).to_pandas(g)
        >>> df.set_index("state").loc[["USA", "DEU"], ["ccode", "cluster", "cluster_name", "anchor", "anchor_name"]].values.tolist()
        [[2, 'C3', 'United States and partners', 'USA', 'United States'], [255, 'C1', 'NATO', 'BEL', 'Belgium']]
        >>> df.dtypes
        state            string
        name             string
        ccode             Int64
        cluster          string
        cluster_name     string
        defined_by       string
        anchor           string
        anchor_name      string
        size              Int64
        share           float64
        stability       float64
        unstable        boolean
        dtype: object
        """
        return frame(self.rows(graph), CLUSTER_COLUMNS)


CLUSTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("state", "str"), ("name", "str"), ("ccode", "Int"), ("cluster", "str"), ("cluster_name", "str"),
    ("defined_by", "str"), ("anchor", "str"), ("anchor_name", "str"), ("size", "Int"), ("share", "float"),
    ("stability", "float"), ("unstable", "boolean"))
"""The columns of a table of clusters, one row per state (kinds of :mod:`alliancegraph.frames`): of
:meth:`ClusterResult.to_pandas` (``cluster`` ``C1``, ``C2``...) and of
:meth:`~alliancegraph.analysis.signed.SignedClusters.to_pandas` (``cluster`` ``B1``, ``B2``...)."""


def cluster_rows(clusters: Sequence[Cluster], unaligned: Iterable[str], name: Callable[[str], str],
                 ccode: Callable[[str], int | None] | None = None, stab: Stability | None = None
                 ) -> list[dict[str, Any]]:
    """The rows of a table of clusters (:data:`CLUSTER_COLUMNS`), one dict per state: the members of each
    of ``clusters`` in order, then the ``unaligned`` states with missing cluster columns; the one definition
    behind :meth:`ClusterResult.to_pandas` and
    :meth:`~alliancegraph.analysis.signed.SignedClusters.to_pandas`.

    Parameters
    ----------
    clusters : sequence of Cluster
        A member's name is taken from the cluster's ``names``, else from ``name``.
    unaligned : iterable of str
        The states in no cluster.
    name : callable
        ``state id -> name`` for the states the clusters do not name.
    ccode : callable, optional
        ``state id -> COW code`` (None: ``ccode`` missing).
    stab : Stability, optional
        The stability of each state (None: ``stability`` and ``unstable`` missing).

    Examples
    --------
    >>> rows = cluster_rows([Cluster("C1", ("a", "b"), "b", ("A", "B"), "Pact", "pact", 1.0)], ["c"], str.upper)
    >>> [(r["state"], r["name"], r["cluster"], r["anchor"], r["anchor_name"], r["size"]) for r in rows]
    [('a', 'A', 'C1', 'b', 'B', 2), ('b', 'B', 'C1', 'b', 'B', 2), ('c', 'C', None, None, None, None)]
    """
    out: list[dict[str, Any]] = []

    def row(s: str, state_name: str, c: Cluster | None, anchor_name: str | None) -> dict[str, Any]:
        return {"state": s, "name": state_name, "ccode": ccode(s) if ccode is not None else None,
                "cluster": c.label if c else None, "cluster_name": c.name if c else None,
                "defined_by": c.defined_by if c else None, "anchor": c.anchor if c else None,
                "anchor_name": anchor_name, "size": c.size if c else None, "share": c.share if c else None,
                "stability": stab.states.get(s) if stab else None, "unstable": (s in stab.unstable) if stab else None}

    for c in clusters:
        names = dict(zip(c.members, c.names))
        for s in c.members:
            out.append(row(s, names.get(s) or name(s), c, names.get(c.anchor) or name(c.anchor)))
    for s in unaligned:
        out.append(row(s, name(s), None, None))
    return out


# ---------------------------------------------------------------------------- detection
def _clustering_graph(g: nx.Graph) -> nx.Graph:
    """The states with a positive clustering ``weight`` and those edges, in sorted order."""
    edges = sorted((min(a, b), max(a, b), d["weight"]) for a, b, d in g.edges(data=True) if d.get("weight", 0) > 0)
    h = nx.Graph()
    h.add_nodes_from(sorted({n for a, b, _ in edges for n in (a, b)}))
    h.add_weighted_edges_from(edges)
    return h


MAX_RUNS = 1000
"""The most rewirings or seeded runs one call may ask for (each costs a clustering)."""


def _check_resolution(resolution: float) -> None:
    """:class:`~alliancegraph.errors.InvalidArgumentError` unless the resolution is a finite number above 0."""
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float)) or not math.isfinite(resolution) \
            or resolution <= 0:
        raise InvalidArgumentError(f"the resolution must be a finite number above 0, not {resolution!r}")


def _detect(g: nx.Graph, method: str, seed: int, resolution: float) -> list[set[str]]:
    if g.number_of_edges() == 0:
        return []
    if method == "louvain":
        return [set(c) for c in nx.community.louvain_communities(g, weight="weight", resolution=resolution,
                                                                  seed=seed)]
    if method == "leiden":
        import igraph as ig
        import leidenalg

        nodes = sorted(g.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        edges = sorted((min(index[a], index[b]), max(index[a], index[b]), d["weight"]) for a, b, d in g.edges(data=True))
        h = ig.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges])
        part = leidenalg.find_partition(h, leidenalg.RBConfigurationVertexPartition, weights=[w for _, _, w in edges],
                                        resolution_parameter=resolution, seed=seed)
        return [{nodes[i] for i in comm} for comm in part]
    raise InvalidArgumentError(f"unknown clustering method {method!r} (one of {', '.join(METHODS)})")


def _modularity(g: nx.Graph, parts: Iterable[set[str]], resolution: float) -> float:
    return float(nx.community.modularity(g, list(parts), weight="weight", resolution=resolution)) \
        if g.number_of_edges() else 0.0


def null_model(g: nx.Graph, observed: float, method: str = "louvain", runs: int = 20, seed: int = 42,
               resolution: float = 1.0) -> NullModel:
    """The modularity that ``method`` finds on ``runs`` seeded degree-preserving rewirings of ``g``.

    Parameters
    ----------
    g : networkx.Graph
        The clustered network, edge attribute ``weight``.
    observed : float
        The modularity of the partition being judged.
    method, resolution
        As in :func:`alliance_clusters`.
    runs : int
        Number of rewirings (>= 2).
    seed : int
        Seed of the rewirings; run ``i`` uses ``seed + i``.

    Returns
    -------
    NullModel

    Notes
    -----
    Each rewiring makes ten double-edge swaps per edge that keep every state's degree (Maslov and Sneppen
    2002, doi:10.1126/science.1065103; igraph's ``rewire``, simple graphs only), then deals the observed
    edge weights to the new edges in a random order.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.relabel_nodes(nx.caveman_graph(4, 5), str)
    >>> nx.set_edge_attributes(g, 1.0, "weight")
    >>> nm = null_model(g, 0.7, runs=5)
    >>> nm.runs, nm.mean < 0.7
    (5, True)
    """
    import igraph as ig

    if runs < 2:
        raise InvalidArgumentError("the null model needs at least 2 runs")
    nodes = sorted(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in g.edges)
    weights = [g[nodes[a]][nodes[b]]["weight"] for a, b in edges]
    values = []
    for i in range(runs):
        rng = random.Random(seed + i)
        ig.set_random_number_generator(rng)
        try:
            h = ig.Graph(n=len(nodes), edges=edges)
            h.rewire(n=10 * len(edges), allowed_edge_types="simple")
        finally:
            ig.set_random_number_generator(random)
        w = list(weights)
        rng.shuffle(w)
        r = nx.Graph()
        r.add_nodes_from(nodes)
        r.add_weighted_edges_from((nodes[a], nodes[b], x) for (a, b), x in zip(h.get_edgelist(), w))
        parts = _detect(r, method, seed + i, resolution)
        values.append(_modularity(r, parts, resolution))
    mean = sum(values) / runs
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (runs - 1))
    z = (observed - mean) / std if std > 1e-12 else None
    return NullModel(runs, mean, std, z, sum(1 for v in values if v < observed) / runs)


def stability(g: nx.Graph, reported: Sequence[Iterable[str]], method: str = "louvain", runs: int = 20,
              seed: int = 42, resolution: float = 1.0) -> Stability:
    """How stably each state is placed: the partition of ``g`` with ``runs`` other seeds against ``reported``.

    Parameters
    ----------
    g : networkx.Graph
        The clustered network, edge attribute ``weight``.
    reported : sequence of sets
        The reported partition of the states of ``g``.
    method, resolution
        As in :func:`alliance_clusters`.
    runs : int
        Number of seeded runs (>= 1); run ``i`` uses seed ``seed + 1000 + i``.
    seed : int
        The reported partition's seed.

    Returns
    -------
    Stability
        For a state i with reported cluster K, over the states N_i it is ever clustered with or that share K:
        the mean of C_ij (j in K) and of 1 - C_ij (j not in K), C_ij the share of runs that put i and j
        together.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.relabel_nodes(nx.caveman_graph(3, 4), str)
    >>> nx.set_edge_attributes(g, 1.0, "weight")
    >>> st = stability(g, [set("0123"), set("4567"), {"8", "9", "10", "11"}], runs=3)
    >>> st.mean, st.unstable
    (1.0, ())
    """
    if runs < 1:
        raise InvalidArgumentError("stability needs at least 1 run")
    return consensus(reported, [_detect(g, method, seed + 1000 + r, resolution) for r in range(runs)])


def consensus(reported: Sequence[Iterable[str]], runs: Sequence[Iterable[Iterable[str]]]) -> Stability:
    """The stability of ``reported`` against other partitions of the same states (the measure of
    :func:`stability`; the timeline uses it for signed blocs).

    Parameters
    ----------
    reported : sequence of sets
        The reported partition.
    runs : sequence of partitions
        Each a sequence of groups of states, e.g. the same method run with other seeds.

    Returns
    -------
    Stability

    Examples
    --------
    One run agrees, the other puts c with a and b: a agrees with the runs on b (both runs: 1) and on c
    (half the runs keep them apart: 0.5), so 0.75; d is with c in half the runs: 0.5.

    >>> st = consensus([{"a", "b"}, {"c", "d"}], [[{"a", "b"}, {"c", "d"}], [{"a", "b", "c"}, {"d"}]])
    >>> st.states["a"], st.states["d"], st.unstable
    (0.75, 0.5, ('a', 'b', 'c', 'd'))
    """
    if not runs:
        raise InvalidArgumentError("consensus needs at least one other partition")
    label = {m: i for i, c in enumerate(reported) for m in c}
    together: dict[tuple[str, str], int] = {}
    for partition in runs:
        for comm in partition:
            members = sorted(comm)
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    together[(a, b)] = together.get((a, b), 0) + 1
    pairs = {k: v / len(runs) for k, v in together.items()}
    groups: dict[int, list[str]] = {}
    for m, i in label.items():
        groups.setdefault(i, []).append(m)
    near: dict[str, set[str]] = {m: set(groups[label[m]]) - {m} for m in label}
    for a, b in pairs:
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    states: dict[str, float] = {}
    for m in sorted(label):
        others = near.get(m, set())
        if not others:
            states[m] = 1.0
            continue
        agree = 0.0
        for o in others:
            c = pairs.get((m, o) if m < o else (o, m), 0.0)
            agree += c if label.get(o) == label[m] else 1.0 - c
        states[m] = agree / len(others)
    mean = sum(states.values()) / len(states) if states else 1.0
    unstable = tuple(m for m, v in states.items() if v < UNSTABLE_BELOW)
    return Stability(len(runs), mean, states, unstable, pairs)


def describe(modularity: float, null: NullModel | None, stab: Stability | None, g: nx.Graph | None = None,
             resolution: float = 1.0, edges: int | None = None) -> str:
    """The strength and stability of a partition in words (for tables and views).

    Examples
    --------
    >>> describe(0.097, NullModel(20, 0.09, 0.01, 0.7, 0.7), None)
    'weak structure: modularity 0.097 is no higher than random networks with the same degrees reach (mean 0.090, z = 0.7).'
    >>> describe(0.0, None, None, edges=0)
    'no structure: no two states are tied in the clustering layers on this date.'
    """
    if edges == 0:
        return "no structure: no two states are tied in the clustering layers on this date."
    if resolution != 1:
        text = f"modularity {modularity:.3f} at resolution {resolution:g} (the 0.3 reading of Newman and Girvan holds at 1 only)"
        if null is not None:
            text += f", against {null.mean:.3f} in random networks with the same degrees" + \
                    ("" if null.z is None else f" (z = {null.z:.1f})")
        strength = text + "."
    elif null is None:
        strength = ("clear structure" if modularity >= CLEAR_MODULARITY else "weak structure") + \
                   f": modularity {modularity:.3f}" + (" (at least 0.3 reads as clear structure, Newman and Girvan 2004)."
                                                       if modularity >= CLEAR_MODULARITY else
                                                       ", below the 0.3 that reads as clear structure (Newman and Girvan 2004).")
    elif null.z is not None and null.z < 2:
        strength = (f"weak structure: modularity {modularity:.3f} is no higher than random networks with the same "
                    f"degrees reach (mean {null.mean:.3f}, z = {null.z:.1f}).")
    elif modularity < CLEAR_MODULARITY:
        strength = (f"weak structure: modularity {modularity:.3f} is above random networks with the same degrees "
                    f"(mean {null.mean:.3f}{'' if null.z is None else f', z = {null.z:.1f}'}) but below the 0.3 that "
                    f"reads as clear structure (Newman and Girvan 2004).")
    else:
        strength = (f"clear structure: modularity {modularity:.3f} against {null.mean:.3f} in random networks with "
                    f"the same degrees ({'z not defined' if null.z is None else f'z = {null.z:.1f}'}, above "
                    f"{null.percentile:.0%} of {null.runs} rewirings).")
    if stab is None:
        return strength
    name = (lambda s: g.nodes[s].get("name", s)) if g is not None else (lambda s: s)
    seeds = f"{stab.runs} other seed" + ("" if stab.runs == 1 else "s")
    if not stab.unstable:
        return strength + f" Stable: every state is placed alike in {seeds} (mean agreement {stab.mean:.2f})."
    shown = ", ".join(name(s) for s in stab.unstable[:8]) + (f" and {len(stab.unstable) - 8} more" if len(stab.unstable) > 8 else "")
    return strength + (f" {len(stab.unstable)} of {len(stab.states)} states are placed differently in more than "
                       f"{1 - UNSTABLE_BELOW:.0%} of {seeds} (unstable): {shown}.")


# ---------------------------------------------------------------------------- names
class GroupName(NamedTuple):
    """The name of a group of states (:func:`name_groups`): ``name``, the fact it comes from
    (``defined_by``, None for a name after the anchor), the ``share`` of members party to that fact, and
    the ``anchor`` (the member with the largest clustering weight inside the group)."""

    name: str
    defined_by: str | None
    share: float
    anchor: str


def fact_parties(projection: nx.Graph) -> tuple[dict[str, set[str]], dict[str, tuple[str, str, str | None]]]:
    """Who is party to what in a snapshot: ``(parties, info)`` with ``parties[via]`` the states a fact ties
    in the snapshot and ``info[via] = (kind, via_label, short_name)``, read from the allied edges' ``ties``
    of :meth:`AllianceGraph.allied` or :func:`~alliancegraph.analysis.signed.signed_graph`."""
    parties: dict[str, set[str]] = {}
    info: dict[str, tuple[str, str, str | None]] = {}
    for a, b, d in projection.edges(data=True):
        for t in d.get("ties", ()):
            p = parties.setdefault(t["via"], set())
            p.add(a)
            p.add(b)
            info[t["via"]] = (t["kind"], t["via_label"], t.get("short_name"))
    return parties, info


def name_groups(groups: Sequence[Iterable[str]], projection: nx.Graph,
                layers: Iterable[str] | None = None) -> list[GroupName]:
    """A name for each group of states (a cluster or a signed bloc), as a :class:`GroupName`.

    The name is that of the treaty or bloc of the clustering ``layers`` in force in the snapshot that more
    than half of the group's members are party to, preferring one with a name of its own (not a dataset's
    number), then the one that most members share, then the one whose parties best match the group
    (highest Jaccard similarity between its parties and the group), the stronger tie kind, a bloc before a
    treaty, and the lower id; its short name where it has one ("NATO"). A group that no such fact holds is named after its anchor
    (the member with the largest clustering weight inside the group): ``"<anchor> and partners"``, or
    ``"<a> - <b>"`` for a pair. A name that two groups would share is followed by the anchor in brackets.

    Parameters
    ----------
    groups : sequence of iterables of state ids
    projection : networkx.Graph
        The snapshot: :meth:`AllianceGraph.allied` or :func:`~alliancegraph.analysis.signed.signed_graph`.
        Its allied edges' ``ties`` (``via``, ``kind``, ``via_label``, ``short_name``) say who is party to
        what, its node ``name`` attributes name the states as of the date.
    layers : iterable of str, optional
        The clustering layers (default :data:`~alliancegraph.graph.DEFAULT_LAYERS`).

    Returns
    -------
    list of GroupName
        In the order of ``groups``: the name, the id of the fact it comes from, the share of members party
        to it (0 for a name after the anchor) and the anchor.

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> snap = open_graph().allied(dt.date(2025, 1, 1))
    >>> name_groups([["BLR", "KAZ", "RUS"]], snap)
    [GroupName(name='CSTO', defined_by='csto', share=1.0, anchor='BLR')]
    """
    from ..graph import DEFAULT_STRENGTHS

    layer_set = check_layers(layers)
    parties, info = fact_parties(projection)
    node_name = lambda s: projection.nodes[s].get("name", s) if s in projection else s  # noqa: E731
    out: list[tuple[str, str | None, float, str]] = []
    for group in groups:
        members = sorted(set(group))
        ms = set(members)
        best = None
        for via, p in parties.items():
            inside = len(p & ms)
            if inside * 2 <= len(ms):
                continue
            kind, label, short = info[via]
            if kind not in layer_set:
                continue
            key = (short is not None, inside, inside / len(p | ms), DEFAULT_STRENGTHS.get(kind, 0.0),
                   label == "Bloc")
            if best is None or key > best[0] or (key == best[0] and via < best[1]):
                best = (key, via, inside / len(ms))
        # summed in a fixed order (a subgraph view iterates a small node set in hash order) and compared
        # to 9 decimals, so that equal weights reached in another order cannot pick another anchor
        inner = {m: round(math.fsum(d.get("weight", 0.0) for n, d in sorted(projection[m].items())
                                    if n in ms and n != m and d.get("sign", 1) > 0), 9) for m in members}
        anchor = max(members, key=lambda m: (inner[m], -members.index(m)))
        if best is not None and info[best[1]][2] is not None:
            out.append((str(info[best[1]][2]), best[1], best[2], anchor))
        elif len(members) == 2:
            out.append((f"{node_name(members[0])} - {node_name(members[1])}",
                        best[1] if best else None, best[2] if best else 0.0, anchor))
        else:
            out.append((f"{node_name(anchor)} and partners", None, 0.0, anchor))
    counts: dict[str, int] = {}
    for name, *_ in out:
        counts[name] = counts.get(name, 0) + 1
    return [GroupName((f"{n} ({node_name(anchor)})" if counts[n] > 1 else n), via, share, anchor)
            for n, via, share, anchor in out]


# ---------------------------------------------------------------------------- the analysis
def alliance_clusters(graph: AllianceGraph, at: SnapshotLike, method: str = "louvain", seed: int = 42,
                      resolution: float = 1.0, null_runs: int = 0, stability_runs: int = 0) -> ClusterResult:
    """Alliance clusters as of a date, named, with their strength against a null model and their stability.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str
        The snapshot (:class:`~alliancegraph.graph.Snapshot`): its date, or a period (``until``: every tie
        in force at any time in it, the year of a dyad-year panel), and the strengths, combination rule,
        confidence floor, layers clustered (default :data:`~alliancegraph.graph.DEFAULT_LAYERS`: defense and
        offense pacts) and multilateral rule of :meth:`AllianceGraph.allied`.
    method : {'louvain', 'leiden'}
        The community detection method (see the module docstring for the papers).
    seed : int
        Random seed; with a fixed seed the result is the same whatever the order of the facts in the
        files, because the projection is built in sorted order.
    resolution : float
        Modularity resolution (1.0 = Newman's modularity; larger gives smaller clusters).
    null_runs : int
        Degree-preserving rewirings for the null model (0: none; the CLI uses 20).
    stability_runs : int
        Seeded runs for the stability (0: none; the CLI uses 20).

    Returns
    -------
    ClusterResult
        Its lookups (:meth:`~ClusterResult.cluster_of`, :meth:`~ClusterResult.explain`) name states as the
        graph does (:meth:`AllianceGraph.resolve_state`).

    Raises
    ------
    DateError
        For a date string that names no date (``"2025-13-01"``), as :class:`~alliancegraph.graph.Snapshot`.
    InvalidArgumentError
        For an unknown method, layer, combination or multilateral rule, or strength override, a resolution
        that is not above 0, or a number of runs out of range.

    Notes
    -----
    Louvain and Leiden are heuristics: another seed may give another partition of similar modularity; the
    stability says how much that matters here.

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> res = alliance_clusters(open_graph(), dt.date(2025, 1, 1))
    >>> res.cluster_of("DEU").name, res.cluster_of("BLR").name
    ('NATO', 'CSTO')
    >>> alliance_clusters(open_graph(), Snapshot("2025-01-01", layers="all")).layers[:3]
    ('bloc', 'consultation', 'defense')
    """
    at = Snapshot.of(at)
    layer_set = at.layers
    _check_resolution(resolution)
    for what, runs in (("null_runs", null_runs), ("stability_runs", stability_runs)):
        if isinstance(runs, bool) or not isinstance(runs, int) or not 0 <= runs <= MAX_RUNS:
            raise InvalidArgumentError(f"{what} must be a whole number from 0 to {MAX_RUNS}, not {runs!r}")
    if null_runs == 1:
        raise InvalidArgumentError("null_runs must be 0 (no null model) or at least 2")
    g = graph.allied(at)
    h = _clustering_graph(g)
    communities = _detect(h, method, seed, resolution)
    unaligned = tuple(sorted(n for n in g.nodes if n not in h))
    ordered = [c for c in sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))]
    singles = [c for c in ordered if len(c) < 2]
    ordered = [c for c in ordered if len(c) >= 2]
    unaligned = tuple(sorted(unaligned + tuple(m for c in singles for m in c)))
    names = name_groups(ordered, g, layer_set)
    clusters = []
    for i, (members, (name, via, share, anchor)) in enumerate(zip(ordered, names), start=1):
        clusters.append(Cluster(f"C{i}", tuple(members), anchor, tuple(g.nodes[m].get("name", m) for m in members),
                                name, via, share))
    partition = [set(c) for c in ordered] + [{n} for n in unaligned if n in h]
    modularity = _modularity(h, partition, resolution)
    null = null_model(h, modularity, method, null_runs, seed, resolution) if null_runs and h.number_of_edges() else None
    stab = stability(h, partition, method, stability_runs, seed, resolution) if stability_runs and h.number_of_edges() else None
    return ClusterResult(at.as_of, method, seed, resolution, tuple(clusters), unaligned, modularity,
                         tuple(sorted(layer_set)), at.multilateral, null, stab, g, graph.resolve_state)
