"""The benchmarks' paths, defined once: the checkout, its sources, the seed and the real datasets.

``DATA`` is ``$ALLIANCEGRAPH_SHARED_DATA``, else ``../shared/data`` beside the checkout (as in the tests).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["REPO", "SRC", "SEED", "DATA", "SERVER_SCRIPT"]

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
SEED = SRC / "alliancegraph" / "seed"
DATA = Path(os.environ.get("ALLIANCEGRAPH_SHARED_DATA") or REPO.parent / "shared" / "data")
SERVER_SCRIPT = REPO / "scripts" / "neo4j-server"
