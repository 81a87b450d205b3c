"""alliancegraph: international alliances as a property graph (in memory or Neo4j) and their analysis.

Typical use::

    from alliancegraph import Snapshot, open_graph, alliance_clusters, influence_paths, timeline, export
    g = open_graph()                               # the embedded seed, in memory
    alliance_clusters(g, "2025-01-01").clusters    # a date, or a Snapshot of date and rules
    influence_paths(g, "Russia", "North Korea", Snapshot("2025-01-01", min_confidence="alleged"), k=3)
    timeline(g, 1990, 2000, at=Snapshot(layers="all"))
    export(g, "net.graphml", "graphml", at="2025-01-01")

Owns: the public API, ``__all__``: everything a script needs (readers, the graph and its :class:`Snapshot`,
every analysis, the views and exports, every error) importable from ``alliancegraph`` itself. The names
whose modules are cheap and needed by almost every script (the graph, dates, facts, clusters, paths) are
imported here; the others (balance and the signed network with numpy and scipy, the panels with pandas, the
views with jinja2, pyvis and matplotlib, the Neo4j driver) on first use (PEP 562 ``__getattr__``), so that
``import alliancegraph`` stays cheap.

Must not know: anything but where each public name is defined.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .analysis.clusters import Cluster, ClusterResult, NotInClusteringError, alliance_clusters
from .analysis.paths import Hop, InfluencePath, NoPathError, Paths, influence_paths, reach, strongest_paths
from .dates import DateError, PartialDate, parse_as_of
from .errors import AllianceGraphError, InvalidArgumentError
from .facts import FactValidationError, load_facts, validate_dir
from .graph import AllianceGraph, DyadValues, Snapshot, Tie, Ties, UnknownFactError, UnknownStateError
from .workspace import Validation, check_sources, open_graph, read_facts

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    # analyses
    "signed_graph": "analysis.signed", "signed_clusters": "analysis.signed", "SignedClusters": "analysis.signed",
    "brokerage": "analysis.centrality", "betweenness": "analysis.centrality", "StateCentrality": "analysis.centrality",
    "Brokers": "analysis.centrality",
    "triad_census": "analysis.balance", "frustration": "analysis.balance", "frustration_index": "analysis.balance",
    "TriadCensus": "analysis.balance", "FrustrationIndex": "analysis.balance", "SolverError": "analysis.balance",
    "structural_balance": "analysis.balance", "StructuralBalance": "analysis.balance",
    "timeline": "analysis.timeline", "Timeline": "analysis.timeline", "TimelineYear": "analysis.timeline",
    "diff": "analysis.change", "impact": "analysis.change", "allies": "analysis.change",
    "Comparison": "analysis.change", "Allies": "analysis.change", "DateOrderError": "analysis.change",
    "dyad_years": "analysis.panels", "state_years": "analysis.panels", "system_years": "analysis.panels",
    "write_panel": "analysis.panels", "PanelError": "analysis.panels",
    "portfolio_matrix": "analysis.similarity", "defense_adjacency": "analysis.similarity",
    "year_dyads": "analysis.similarity", "s_scores": "analysis.similarity", "kappa_scores": "analysis.similarity",
    "pi_scores": "analysis.similarity", "tau_b_scores": "analysis.similarity",
    # views and exports
    "write_view": "views.html", "build_view": "views.html", "build_bloc_view": "views.html",
    "view": "views.notebook", "View": "views.notebook",
    "export": "views.exports", "ExportResult": "views.exports", "draw_snapshot": "views.image",
    "write_timeline": "views.timeline", "timeline_png": "views.timeline", "timeline_alluvial": "views.timeline",
    "BrowserError": "views.browser",
    # Neo4j
    "read_graph": "neo4j_store", "load_graph": "neo4j_store", "Neo4jSettings": "neo4j_store",
    "Neo4jStore": "neo4j_store", "IncompleteLoadError": "neo4j_store", "LoadFailedError": "neo4j_store",
    "LoadLockedError": "neo4j_store",
    "Neo4jStoreError": "neo4j_rows", "Neo4jFormatError": "neo4j_rows",
    # cross-checking curated facts against datasets
    "crosscheck_sources": "crosscheck", "cross_check": "crosscheck", "CrossCheck": "crosscheck", "Finding": "crosscheck",
    "DatasetRow": "crosscheck",
    "bulk_load": "neo4j_bulk", "BulkLoadError": "neo4j_bulk",
    "write_analyses": "neo4j_analyses", "analyses_in": "neo4j_analyses", "drop_analyses": "neo4j_analyses",
    "AnalysisParams": "neo4j_analyses", "AnalysesReport": "neo4j_analyses",
    # dataset readers' errors
    "DatasetError": "importers.base", "UnknownFormatError": "importers.detect",
}
"""Public names imported on first use: name -> the module (under ``alliancegraph``) that defines it."""

__all__ = [
    "__version__",
    # the names imported above (every public name of this module defined in a submodule), then _LAZY's
    *(name for name, value in list(globals().items())
      if not name.startswith("_") and not isinstance(value, ModuleType)
      and getattr(value, "__module__", "").startswith(f"{__name__}.")),
    *_LAZY,
]
"""Every public name: the eager imports above and :data:`_LAZY`, each listed once."""


def __getattr__(name: str) -> Any:
    """The public names of :data:`_LAZY`, imported from their module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'alliancegraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs: the lazy names, as if imported here
    from .analysis.balance import (
        FrustrationIndex,
        SolverError,
        StructuralBalance,
        TriadCensus,
        frustration,
        frustration_index,
        structural_balance,
        triad_census,
    )
    from .analysis.centrality import Brokers, StateCentrality, betweenness, brokerage
    from .analysis.change import Allies, Comparison, DateOrderError, allies, diff, impact
    from .analysis.panels import PanelError, dyad_years, state_years, system_years, write_panel
    from .analysis.signed import SignedClusters, signed_clusters, signed_graph
    from .analysis.similarity import (
        defense_adjacency,
        kappa_scores,
        pi_scores,
        portfolio_matrix,
        s_scores,
        tau_b_scores,
        year_dyads,
    )
    from .analysis.timeline import Timeline, TimelineYear, timeline
    from .crosscheck import CrossCheck, DatasetRow, Finding, cross_check, crosscheck_sources
    from .importers.base import DatasetError
    from .importers.detect import UnknownFormatError
    from .neo4j_bulk import BulkLoadError, bulk_load
    from .neo4j_analyses import AnalysesReport, AnalysisParams, analyses_in, drop_analyses, write_analyses
    from .neo4j_rows import Neo4jFormatError, Neo4jStoreError
    from .neo4j_store import IncompleteLoadError, LoadFailedError, LoadLockedError, Neo4jSettings, Neo4jStore, load_graph, read_graph
    from .views.browser import BrowserError
    from .views.exports import ExportResult, export
    from .views.html import build_bloc_view, build_view, write_view
    from .views.image import draw_snapshot
    from .views.notebook import View, view
    from .views.timeline import timeline_alluvial, timeline_png, write_timeline
