"""Pausing Python's cyclic garbage collector around the bulk passes over a large graph.

Owns: :func:`paused_gc`, the one way the package pauses the collector.

Must not know: any other module of the package (every module may import this one).

Building, deriving and writing a large graph allocates millions of small objects (dicts, tuples, dates)
that live as long as the graph or die by reference counting a moment later; none of them form cycles.
CPython's collector nevertheless walks every live object again each time enough of them have been
allocated: at 10^6 relationships (an 820 MiB graph) that was 11 s of a 39 s build and 5 s of a 22 s
neo4j-admin CSV export, with the same peak memory without it (docs/performance.md). The passes that make
such objects pause it; cyclic garbage made meanwhile is collected when the collector runs again. Never
around the Neo4j driver's transactions: they leave reference cycles that hold the rows they sent (a load of
10^6 relationships with the collector paused throughout peaked 770 MiB higher), so the loader pauses it only
while it makes each batch's rows.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (as a ``with`` statement or a decorator); the
    collector's state before it is restored after it, error or not, so pauses nest.

    Reference counting still frees every object that no longer has a reference; only the collection of
    reference cycles waits until the end of the block (the collector's own thresholds then apply:
    :func:`gc.collect` is not forced; forcing it after the 10^6 build took 2.6 s and saved as much later).

    Examples
    --------
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
