"""``python -m benchmarks``: see :mod:`benchmarks.runner` and docs/performance.md."""

import sys

from .paths import SRC

# measure this checkout's code, whatever copy of alliancegraph is installed
sys.path.insert(0, str(SRC))

from .runner import main  # noqa: E402

sys.exit(main())
