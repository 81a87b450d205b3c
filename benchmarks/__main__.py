"""``python -m benchmarks``: see :mod:`benchmarks.runner` and docs/performance.md."""

import sys
from pathlib import Path

# measure this checkout's code, whatever copy of alliancegraph is installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from .runner import main  # noqa: E402

sys.exit(main())
