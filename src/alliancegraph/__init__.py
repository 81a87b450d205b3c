"""alliancegraph: international alliances as a property graph (in memory or Neo4j) and their analysis.

Typical use::

    from alliancegraph import open_graph, alliance_clusters, influence_paths, parse_as_of
    g = open_graph()                               # the embedded seed, in memory
    day = parse_as_of("2025-01-01")
    alliance_clusters(g, day).clusters
    influence_paths(g, "Russia", "North Korea", day, k=3)
"""

from .analysis import alliance_clusters, influence_paths, reach
from .dates import PartialDate, parse_as_of
from .errors import AllianceGraphError, InvalidArgumentError
from .facts import FactValidationError, load_facts, validate_dir
from .graph import AllianceGraph, UnknownStateError
from .workspace import open_graph, read_facts

__version__ = "0.1.0"

__all__ = ["AllianceGraphError", "InvalidArgumentError", "AllianceGraph", "UnknownStateError", "PartialDate", "parse_as_of", "FactValidationError",
           "load_facts", "validate_dir", "open_graph", "read_facts", "alliance_clusters", "influence_paths",
           "reach", "__version__"]
