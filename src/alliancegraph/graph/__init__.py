"""The alliance graph: the property graph of the facts, ties over time and the projections of a snapshot.

A package of layers, each module one job, each knowing only the ones before it:

* :mod:`.frozen`: read-only networkx graphs (:func:`freeze_graph`);
* :mod:`.build`: the property graph built from facts, frozen, and read access to it
  (:func:`property_graph`, :class:`PropertyGraph`);
* :mod:`.ties`: ties over time (:class:`Tie`, spells, deferrals, clipping, the tie index; :class:`TieGraph`);
* :mod:`.projections`: strength tables, multilateral share, layers, the :class:`Snapshot` value that holds them, the one aggregation of a snapshot and
  the allied/dyads/hostile projections (:class:`ProjectionGraph`);
* :mod:`.alliance`: :class:`AllianceGraph` and its what-if edits.

Owns: nothing of its own; it re-exports the public names of its modules, so that
``from alliancegraph.graph import AllianceGraph, Tie, DEFAULT_LAYERS`` works.

Must not know: analyses, Neo4j, views (they import this package).
"""

from __future__ import annotations

from ..names import UnknownStateError
from .alliance import FACT_KINDS, AllianceGraph, UnknownFactError
from .build import PropertyGraph, confidence_entries, confidence_json, property_graph
from .frozen import freeze_graph
from .projections import (
    COMBINE_RULES,
    DEFAULT_LAYERS,
    DEFAULT_MULTILATERAL,
    MULTILATERAL_RULES,
    DyadValues,
    ProjectionGraph,
    Snapshot,
    SnapshotLike,
    check_layers,
    combine_strengths,
    multilateral_share,
    strength_table,
)
from .ties import (
    ALLIED_KINDS,
    DEFAULT_STRENGTHS,
    NO_TIE_BLOC_KINDS,
    TIE_COLUMNS,
    TIE_STATUSES,
    Tie,
    Ties,
    TieGraph,
    TieIndex,
    drop_deferred,
    strongest_kind,
    tie_order,
)

__all__ = [
    "AllianceGraph", "Snapshot", "SnapshotLike", "Tie", "DyadValues", "UnknownStateError", "UnknownFactError", "FACT_KINDS", "DEFAULT_STRENGTHS",
    "TIE_STATUSES", "COMBINE_RULES", "NO_TIE_BLOC_KINDS", "ALLIED_KINDS", "DEFAULT_LAYERS", "MULTILATERAL_RULES",
    "DEFAULT_MULTILATERAL", "combine_strengths", "multilateral_share", "check_layers", "drop_deferred",
    "strength_table", "freeze_graph", "property_graph", "confidence_json", "confidence_entries", "PropertyGraph",
    "TieGraph", "ProjectionGraph", "TieIndex", "strongest_kind", "tie_order", "Ties", "TIE_COLUMNS",
]
