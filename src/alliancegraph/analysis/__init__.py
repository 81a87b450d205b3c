"""Analyses over graph projections: pure functions of an :class:`~alliancegraph.graph.AllianceGraph`."""

from .clusters import Cluster, ClusterResult, alliance_clusters
from .paths import Hop, InfluencePath, NoPathError, influence_paths, reach

__all__ = ["Cluster", "ClusterResult", "alliance_clusters", "Hop", "InfluencePath", "NoPathError",
           "influence_paths", "reach"]
