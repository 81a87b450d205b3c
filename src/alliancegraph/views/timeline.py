"""The charts of a timeline: the balance-and-bloc-size PNG and the alluvial chart, and the whole output set
of ``alliancegraph timeline --out`` written as one.

Owns: drawing a :class:`~alliancegraph.analysis.timeline.Timeline` (matplotlib for the PNG; the alluvial
geometry and its SVG page and PNG come from :mod:`alliancegraph.views.alluvial`) and :func:`write_timeline`,
which writes the tables and the charts as one set (all or none).

Must not know: how a timeline is computed (that is :mod:`alliancegraph.analysis.timeline`), the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..analysis.timeline import TABLE_FILES, Timeline
from ..fileio import atomic_file, atomic_files
from .alluvial import alluvial_geometry, alluvial_html, alluvial_png

__all__ = ["timeline_alluvial", "timeline_png", "write_timeline", "CHART_FILES"]

CHART_FILES = ("timeline.png", "alluvial.html", "alluvial.png")
"""The charts :func:`write_timeline` adds to the tables of :meth:`Timeline.write`."""


def write_timeline(tl: Timeline, directory: str | Path, plot: bool = True) -> list[Path]:
    """Write ``timeline.csv`` and ``timeline.json`` (:meth:`Timeline.write`) and, with ``plot``,
    ``timeline.png`` (:func:`timeline_png`) and the alluvial chart ``alluvial.html`` and ``alluvial.png``
    (:func:`timeline_alluvial`) into ``directory``, all or none (a failed write keeps the old files).

    Parameters
    ----------
    tl : Timeline
        From :func:`alliancegraph.analysis.timeline.timeline`.
    directory : str or pathlib.Path
        The output directory (made if missing).
    plot : bool
        Also draw the charts (PNG and alluvial).

    Returns
    -------
    list of pathlib.Path
        The files written, tables first.

    Raises
    ------
    OSError
        If they cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from alliancegraph.analysis.timeline import Timeline, TimelineYear
    >>> tl = Timeline([TimelineYear(1950, 2, 1, 0, {"Pact": ("A", "B")}, {"total": 0, "balanced_share": None},
    ...                             0.0, 0.0, tracks={"Pact": "B1"}, defined_by={"Pact": "pact"})], {})
    >>> [p.name for p in write_timeline(tl, tempfile.mkdtemp())]
    ['timeline.csv', 'timeline.json', 'timeline.png', 'alluvial.html', 'alluvial.png']
    """
    d = Path(directory)
    names = [*TABLE_FILES, *(CHART_FILES if plot else ())]
    with atomic_files(d) as tmp:
        tl.write_tables(tmp)
        if plot:
            timeline_png(tl, tmp / CHART_FILES[0])
            timeline_alluvial(tl, tmp / CHART_FILES[1], tmp / CHART_FILES[2])
    return [d / n for n in names]


def timeline_alluvial(tl: Timeline, html: str | Path | None = None, png: str | Path | None = None,
                      top: int = 8) -> dict[str, Any]:
    """The alluvial chart of the blocs (:mod:`alliancegraph.views.alluvial`): states moving between
    the ``top`` largest tracked blocs (a renamed bloc is one band), the other blocs as one band and the
    unaligned states as another, with the splits, merges and renamings marked; written as a
    self-contained HTML page (inline SVG) to ``html`` and as a PNG to ``png`` when given. Returns the
    geometry.

    Parameters
    ----------
    tl : Timeline
        From :func:`alliancegraph.analysis.timeline.timeline`.
    html, png : str or pathlib.Path, optional
        Where to write the SVG page and the PNG (nothing is written for None).
    top : int
        How many tracked blocs get a band of their own.

    Returns
    -------
    dict
        The geometry (:func:`~alliancegraph.views.alluvial.alluvial_geometry`): ``bands``, columns, ribbons
        and events, in pixels.

    Examples
    --------
    >>> from alliancegraph.analysis.timeline import Timeline, TimelineYear
    >>> tl = Timeline([TimelineYear(1950, 2, 1, 0, {"Pact": ("A", "B")}, {}, 0.0, 0.0,
    ...                             tracks={"Pact": "B1"}, defined_by={"Pact": "pact"})], {})
    >>> [b["name"] for b in timeline_alluvial(tl)["bands"]]
    ['Pact', 'other blocs', 'unaligned']
    """
    geo = alluvial_geometry(tl.years, top=top)
    if tl.years:
        title = f"Blocs {tl.years[0].year}-{tl.years[-1].year}: states moving between blocs"
    else:
        title = "Blocs"
    if html is not None:
        alluvial_html(geo, html, title)
    if png is not None:
        alluvial_png(geo, png, title)
    return geo


def timeline_png(tl: Timeline, path: str | Path, top: int = 8) -> Path:
    """A PNG with two panels: balance indices per year (balanced-triad share, partition frustration, the
    normalised frustration index where computed), and the sizes of the ``top`` longest-lived tracked
    blocs per year, each line labelled with the names its bloc had ("Warsaw Pact \u2192 CSTO").

    Parameters
    ----------
    tl : Timeline
        From :func:`alliancegraph.analysis.timeline.timeline`.
    path : str or pathlib.Path
        The PNG file.
    top : int
        How many tracked blocs to draw in the size panel.

    Returns
    -------
    pathlib.Path
        ``path``, written atomically.

    Raises
    ------
    OSError
        If it cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from alliancegraph.analysis.timeline import Timeline, TimelineYear
    >>> tl = Timeline([TimelineYear(1950, 2, 1, 0, {"Pact": ("A", "B")}, {"total": 0, "balanced_share": None},
    ...                             0.0, 0.0, tracks={"Pact": "B1"}, defined_by={"Pact": "pact"})], {})
    >>> timeline_png(tl, pathlib.Path(tempfile.mkdtemp()) / "t.png").read_bytes()[:4]
    b'\x89PNG'
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years = [y.year for y in tl.years]
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    ax1.plot(years, [y.triads["balanced_share"] for y in tl.years], label="balanced triads (share)")
    ax1.plot(years, [y.frustration_share for y in tl.years], label="partition frustration (share of ties)")
    if any(y.frustration_index is not None for y in tl.years):
        ax1.plot(years, [(y.frustration_index / ((y.positive + y.negative) / 2))
                         if y.frustration_index is not None and (y.positive + y.negative) else None
                         for y in tl.years], label="frustration index (normalised)")
    ax1.set_ylim(0, 1.05)
    ax1.legend(loc="best", fontsize=8)
    ax1.set_title("Structural balance")
    # one line per tracked bloc (its label), whatever it is called over the years, labelled with the
    # treaty-or-bloc names it had in order ("Warsaw Pact -> CSTO"), else its last name
    life: dict[str, int] = {}
    called: dict[str, list[str]] = {}
    last: dict[str, str] = {}
    for y in tl.years:
        for name, members in y.blocs.items():
            track = y.tracks.get(name, name)
            life[track] = life.get(track, 0) + len(members)
            last[track] = name
            if y.defined_by.get(name) is not None and name not in called.setdefault(track, []):
                called[track].append(name)
    for track in sorted(life, key=lambda k: (-life[k], k))[:top]:
        sizes = [next((len(m) for n, m in y.blocs.items() if y.tracks.get(n, n) == track), 0) or None
                 for y in tl.years]
        ax2.plot(years, sizes, label=" \u2192 ".join(called.get(track) or [last[track]]))
    ax2.set_title("Bloc sizes (tracked blocs)")
    ax2.set_xlabel("year")
    if life:
        ax2.legend(loc="best", fontsize=8, ncol=2)
    fig.tight_layout()
    path = Path(path)
    try:
        with atomic_file(path) as tmp:  # the temporary name keeps the suffix, so savefig writes a PNG
            fig.savefig(tmp, dpi=110)
    finally:
        plt.close(fig)
    return path
