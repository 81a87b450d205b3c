"""Analyses over graph projections: pure functions of an :class:`~alliancegraph.graph.AllianceGraph`.

Owns: nothing of its own; it re-exports the analyses almost every script needs (alliance clusters and paths
of influence). Each analysis module takes an :class:`~alliancegraph.graph.AllianceGraph` (or a projection
of one) and a snapshot and returns plain results that serialise themselves (``to_dict``, ``to_pandas``).

Must not know: where a graph comes from (:mod:`alliancegraph.workspace`), the Neo4j rows and store, the
views and the command line: an analysis imports only its sibling analyses and the layers below (the graph
and what it stands on: the model, dates, facts, the dataset readers, frames, file writing, errors).
"""

from .clusters import Cluster, ClusterResult, alliance_clusters
from .paths import Hop, InfluencePath, NoPathError, influence_paths, reach

__all__ = ["Cluster", "ClusterResult", "alliance_clusters", "Hop", "InfluencePath", "NoPathError",
           "influence_paths", "reach"]
