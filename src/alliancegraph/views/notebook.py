"""Views in Jupyter: a :class:`View` shows itself inline (``_repr_html_``), self-contained and offline.

Owns: :class:`View` (the inline, sandboxed repr of a view) and :func:`view`.

Must not know: how the page is built (:func:`~alliancegraph.views.html.build_view`,
:func:`~alliancegraph.views.html.render_view`), analyses, the command line, Neo4j.

A notebook puts an output's HTML inside its own page, so the view's page (:func:`~alliancegraph.views.html.
render_view`, the same file :func:`~alliancegraph.views.html.write_view` writes) is put into an
``<iframe srcdoc="...">`` (HTML-escaped) with ``sandbox="allow-scripts"``: its Content-Security-Policy and
its script run in a document of their own, with an opaque origin, and can touch neither the notebook nor
the network. Nothing is loaded from anywhere; the repr is one string.
"""

from __future__ import annotations

import html as _html
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..fileio import atomic_file
from ..graph import AllianceGraph, SnapshotLike
from .html import build_view, render_view, view_counts

__all__ = ["View", "view"]


class View:
    """A built view (:func:`~alliancegraph.views.html.build_view`'s data) that renders itself.

    Parameters
    ----------
    data : mapping
        What :func:`~alliancegraph.views.html.build_view` returns.
    height : int
        Height of the inline frame in CSS pixels (its width is the notebook cell's).

    Examples
    --------
    >>> import datetime as dt
    >>> from alliancegraph import open_graph
    >>> v = view(open_graph(), dt.date(2025, 1, 1))
    >>> v
    View(snapshot, 2025-01-01: 90 states, 878 allied and 7 hostile dyads)
    >>> v._repr_html_().startswith('<iframe sandbox="allow-scripts" srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """

    def __init__(self, data: Mapping[str, Any], height: int = 640):
        self.data = data
        self.height = int(height)

    def html(self) -> str:
        """The view's self-contained HTML page (as :func:`~alliancegraph.views.html.write_view` writes it)."""
        return render_view(self.data)

    def _repr_html_(self) -> str:
        """The page in a sandboxed ``<iframe srcdoc>``, for Jupyter."""
        return (f'<iframe sandbox="allow-scripts" srcdoc="{_html.escape(self.html(), quote=True)}" '
                f'title="{_html.escape(str(self.data.get("heading", "alliance view")), quote=True)}" '
                f'style="width: 100%; height: {self.height}px; border: 1px solid #ddd"></iframe>')

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8, atomically); returns the path."""
        path = Path(path)
        with atomic_file(path) as tmp:
            tmp.write_text(self.html(), encoding="utf-8")
        return path

    def __repr__(self) -> str:
        c = view_counts(self.data)
        frames = self.data["frames"]
        when = frames[self.data["initial"]].get("as_of", "") if frames else ""
        return (f"View({self.data['kind']}, {when}: {c['states']} states, {c['allied']} allied and "
                f"{c['hostile']} hostile dyads)")


def view(graph: AllianceGraph, at: SnapshotLike | Sequence[SnapshotLike], height: int = 640, **kwargs: Any) -> View:
    """Build a view (:func:`~alliancegraph.views.html.build_view`, same keyword arguments) for a notebook.

    Parameters
    ----------
    graph : AllianceGraph
    at : Snapshot, datetime.date or str, or a sequence of them
        One snapshot (snapshot, ego, path view) or several (a time slider), as in
        :func:`~alliancegraph.views.html.build_view`.
    height : int
        Height of the inline frame in CSS pixels.
    **kwargs
        Passed to :func:`~alliancegraph.views.html.build_view` (``ego``, ``depth``, ``paths``,
        ``size_by``...).

    Returns
    -------
    View

    Raises
    ------
    AllianceGraphError
        As :func:`~alliancegraph.views.html.build_view`.

    Examples
    --------
    >>> from alliancegraph import Snapshot, open_graph
    >>> view(open_graph(), Snapshot("2025-01-01", min_confidence="confirmed"), ego="PRK").data["kind"]
    'ego'
    """
    return View(build_view(graph, at, **kwargs), height=height)
