"""Partial dates that keep their precision.

The field's data rarely know every day: COW and MID code an unknown day or month as ``-9``, news reports
give a month, treaties a year. A :class:`PartialDate` stores exactly what is known (year, or year and month,
or the full day) and never invents the rest. For as-of comparisons it exposes the first and the last day of
the period it names.

Owns: :class:`PartialDate` and the arithmetic of intervals of partial dates that the graph and the importers
share (:func:`later_start`, :func:`earlier_end` and their mirrors, :func:`period_before`, :func:`overlaps`,
:func:`nonempty`) and the ``'from/to'`` text of a spell (:func:`span_text`, :func:`parse_span`). An interval
is ``(start, end)``: a partial start counts from the first day of its period, a partial end to the last day
of its period, and None is an open end (since always, still in force).

Must not know: facts, graphs, datasets (every module may import this one).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from typing import TypeVar, overload

from .errors import AllianceGraphError

__all__ = ["PartialDate", "DateError", "parse_as_of", "parse_optional", "active_on", "overlaps", "nonempty",
           "later_start", "earlier_end", "earlier_start", "later_end", "period_before", "merge_spells", "span_text", "parse_span"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class DateError(AllianceGraphError, ValueError):
    """A value that is not a date of the form ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or an impossible one.

    Examples
    --------
    >>> from alliancegraph import DateError, parse_as_of
    >>> try:
    ...     parse_as_of("1980-02-30")
    ... except DateError as e:
    ...     print(isinstance(e, ValueError), e)
    True day 30 does not exist in 1980-02
    """


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Parameters
    ----------
    year : int
        Four-digit year (1 to 9999).
    month : int or None
        1-12, or None when only the year is known.
    day : int or None
        1-31 (checked against the month), or None when unknown. A day requires a month.

    Raises
    ------
    DateError
        If the parts do not name a real period (month 13, 30 February, a day without a month).

    Examples
    --------
    >>> PartialDate.parse("1995-09")
    PartialDate('1995-09')
    >>> PartialDate.parse("1995").last_day()
    datetime.date(1995, 12, 31)
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range")
        if self.month is None:
            if self.day is not None:
                raise DateError("a day without a month")
        elif not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} does not exist")
        elif self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(f"day {self.day} does not exist in {self.year:04d}-{self.month:02d}")

    # ------------------------------------------------------------------ parsing
    @classmethod
    def parse(cls, value: object) -> "PartialDate":
        """Read a date from YAML/CSV/Neo4j values.

        Accepts ``datetime.date`` (full precision), an ``int`` year, or a string ``YYYY``, ``YYYY-MM`` or
        ``YYYY-MM-DD``. Raises :class:`DateError` for anything else, naming the value.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise DateError(f"{value!r} is not a date")
        if isinstance(value, int):
            return cls(value)
        if isinstance(value, str):
            m = _PATTERN.match(value.strip())
            if not m:
                raise DateError(f"{value!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
            y, mo, d = m.groups()
            return cls(int(y), int(mo) if mo else None, int(d) if d else None)
        raise DateError(f"{value!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")

    @classmethod
    def from_parts(cls, year: int, month: int | None, day: int | None) -> "PartialDate":
        """Build from dataset parts where ``-9`` (or None, 0) means unknown: keep the known part.

        A known day with an unknown month is dropped (the day alone says nothing). Raises
        :class:`DateError` if the year is unknown or the known parts are impossible.
        """
        def known(x: int | None) -> int | None:
            return None if x is None or x in (-9, 0) else x

        y, mo, d = known(year), known(month), known(day)
        if y is None:
            raise DateError("unknown year")
        if mo is None:
            d = None
        return cls(y, mo, d)

    # ------------------------------------------------------------------ views
    @property
    def precision(self) -> str:
        """``'year'``, ``'month'`` or ``'day'``."""
        return "year" if self.month is None else "month" if self.day is None else "day"

    def first_day(self) -> _dt.date:
        """The first calendar day of the period (1 January for a year, the 1st for a month)."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        """The last calendar day of the period (31 December for a year, month end for a month)."""
        if self.month is None:
            return _dt.date(self.year, 12, 31)
        if self.day is None:
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _dt.date(self.year, self.month, self.day)

    def iso(self) -> str:
        """The ISO 8601 text at the date's own precision: ``'1995'``, ``'1995-09'``, ``'1995-09-12'``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()

    def __repr__(self) -> str:
        return f"PartialDate({self.iso()!r})"

    def sort_key(self) -> tuple[_dt.date, int]:
        """Key for chronological sorting: first day, then coarser precision first."""
        return (self.first_day(), {"year": 0, "month": 1, "day": 2}[self.precision])


def parse_as_of(value: object | None) -> _dt.date:
    """An as-of date for snapshots: a full day. ``None`` means today.

    A partial date given as an as-of date means its last day (``--as-of 1980`` is 31 December 1980),
    so that everything in force during that year up to its end is seen. Raises :class:`DateError`.

    Parameters
    ----------
    value : datetime.date, PartialDate, str, int or None
        A day, a month or a year (``'1980'``, ``'1980-06'``, ``'1980-06-19'``, ``1980``).

    Returns
    -------
    datetime.date
        The day (the last day of a month or a year).

    Raises
    ------
    DateError
        For a value that is not a date or an impossible one.

    Examples
    --------
    >>> import datetime as dt
    >>> parse_as_of("1980"), parse_as_of("2024-06"), parse_as_of(dt.date(2024, 6, 19))
    (datetime.date(1980, 12, 31), datetime.date(2024, 6, 30), datetime.date(2024, 6, 19))
    """
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    return PartialDate.parse(value).last_day()


def parse_optional(value: object | None) -> PartialDate | None:
    """:meth:`PartialDate.parse`, with None for None (a property that is not set).

    Examples
    --------
    >>> parse_optional("1994"), parse_optional(None)
    (PartialDate('1994'), None)
    """
    return None if value is None else PartialDate.parse(value)


def overlaps(start: PartialDate | None, end: PartialDate | None, first: _dt.date, last: _dt.date) -> bool:
    """Whether an interval ``[start, end]`` at partial precision meets the period ``[first, last]``.

    Parameters
    ----------
    start, end : PartialDate or None
        The interval; None is an open end.
    first, last : datetime.date
        The period, both days included.

    Returns
    -------
    bool

    Examples
    --------
    >>> import datetime as dt
    >>> overlaps(PartialDate(1949), None, dt.date(1949, 12, 1), dt.date(1950, 1, 31))
    True
    >>> overlaps(PartialDate(1949), PartialDate(1949, 6), dt.date(1949, 7, 1), dt.date(1949, 12, 31))
    False
    """
    if start is not None and start.first_day() > last:
        return False
    if end is not None and end.last_day() < first:
        return False
    return True


def active_on(start: PartialDate | None, end: PartialDate | None, day: _dt.date) -> bool:
    """Whether an interval ``[start, end]`` at partial precision covers ``day``: :func:`overlaps` of one day.

    A partial start counts from the first day of its period, a partial end to the last day of its period;
    a missing start means since always, a missing end means still in force.

    Examples
    --------
    >>> import datetime as dt
    >>> active_on(PartialDate(1955, 5), None, dt.date(1955, 5, 1)), active_on(None, PartialDate(1991), dt.date(1992, 1, 1))
    (True, False)
    """
    return overlaps(start, end, day, day)


def nonempty(start: PartialDate | None, end: PartialDate | None) -> bool:
    """Whether the interval ``[start, end]`` holds at least one day (an open end always does).

    Examples
    --------
    >>> nonempty(PartialDate(1990), PartialDate(1990, 1, 1)), nonempty(PartialDate(1991), PartialDate(1990)), nonempty(None, None)
    (True, False, True)
    """
    return start is None or end is None or start.first_day() <= end.last_day()


@overload
def later_start(start: PartialDate, /, *starts: PartialDate) -> PartialDate: ...


@overload
def later_start(*starts: PartialDate | None) -> PartialDate | None: ...


def later_start(*starts: PartialDate | None) -> PartialDate | None:
    """The latest of some starts, by their first days: the start of the intersection of intervals.

    None (an open start) is skipped; None when every start is open. Of starts with the same first day the
    first given wins.

    Examples
    --------
    >>> later_start(PartialDate(1949, 8, 24), None, PartialDate(1955))
    PartialDate('1955')
    >>> later_start(None, None) is None
    True
    """
    known = [d for d in starts if d is not None]
    return max(known, key=lambda d: d.first_day()) if known else None


@overload
def earlier_end(end: PartialDate, /, *ends: PartialDate) -> PartialDate: ...


@overload
def earlier_end(*ends: PartialDate | None) -> PartialDate | None: ...


def earlier_end(*ends: PartialDate | None) -> PartialDate | None:
    """The earliest of some ends, by their last days: the end of the intersection of intervals.

    None (an open end) is skipped; None when every end is open. Of ends with the same last day the first
    given wins.

    Examples
    --------
    >>> earlier_end(None, PartialDate(1991, 7, 1), PartialDate(1991))
    PartialDate('1991-07-01')
    """
    known = [d for d in ends if d is not None]
    return min(known, key=lambda d: d.last_day()) if known else None


@overload
def earlier_start(start: PartialDate, /, *starts: PartialDate) -> PartialDate: ...


@overload
def earlier_start(*starts: PartialDate | None) -> PartialDate | None: ...


def earlier_start(*starts: PartialDate | None) -> PartialDate | None:
    """The earliest of some starts, by their first days: the start of the union of intervals.

    None (a start not known yet) is skipped; None when no start is known. Of starts with the same first
    day the first given wins.

    Examples
    --------
    >>> earlier_start(None, PartialDate(1962, 3), PartialDate(1962, 3, 1))
    PartialDate('1962-03')
    """
    known = [d for d in starts if d is not None]
    return min(known, key=lambda d: d.first_day()) if known else None


@overload
def later_end(end: PartialDate, /, *ends: PartialDate) -> PartialDate: ...


@overload
def later_end(*ends: PartialDate | None) -> PartialDate | None: ...


def later_end(*ends: PartialDate | None) -> PartialDate | None:
    """The latest of some ends, by their last days: the end of the union of intervals.

    None (an end not known yet) is skipped, so a caller that meets an open end keeps that apart; None
    when no end is known. Of ends with the same last day the first given wins.

    Examples
    --------
    >>> later_end(PartialDate(1990, 12), None, PartialDate(1990, 12, 31))
    PartialDate('1990-12')
    """
    known = [d for d in ends if d is not None]
    return max(known, key=lambda d: d.last_day()) if known else None


def period_before(d: PartialDate) -> PartialDate:
    """The period just before ``d`` at the same precision: the day, month or year before.

    Examples
    --------
    >>> period_before(PartialDate(1955, 1, 1)), period_before(PartialDate(1955, 1)), period_before(PartialDate(1955))
    (PartialDate('1954-12-31'), PartialDate('1954-12'), PartialDate('1954'))
    """
    if d.precision == "day":
        prev = d.first_day() - _dt.timedelta(days=1)
        return PartialDate(prev.year, prev.month, prev.day)
    if d.month is not None:
        return PartialDate(d.year - 1, 12) if d.month == 1 else PartialDate(d.year, d.month - 1)
    return PartialDate(d.year - 1)


_Day = TypeVar("_Day", PartialDate, "PartialDate | None")


def merge_spells(spells: list[tuple[_Day, _Day]]) -> list[tuple[_Day, _Day]]:
    """Merge overlapping or touching spells, sorted by start.

    Parameters
    ----------
    spells : list of (PartialDate or None, PartialDate or None)
        ``(start, end)`` intervals: a None start means since always, a None end still in force. Spells
        with dates at both ends merge into such open spells.

    Returns
    -------
    list of (PartialDate or None, PartialDate or None)
        Disjoint spells, none touching the next (a spell ending on a day and one starting the next day
        merge).

    Examples
    --------
    >>> merge_spells([(PartialDate(1994), PartialDate(2000)), (PartialDate(1990), PartialDate(1995)),
    ...               (PartialDate(2001), PartialDate(2003)), (PartialDate(2010), None)])
    [(PartialDate('1990'), PartialDate('2003')), (PartialDate('2010'), None)]
    """
    def key(s: tuple[_Day, _Day]) -> _dt.date:
        return s[0].first_day() if s[0] else _dt.date.min

    out: list[tuple[_Day, _Day]] = []
    for s, e in sorted(spells, key=key):
        if out:
            ps, pe = out[-1]
            if pe is None or s is None or s.first_day() <= pe.last_day() + _dt.timedelta(days=1):
                if pe is not None and e is not None:
                    out[-1] = (ps, later_end(pe, e))
                else:
                    out[-1] = (ps, None)
                continue
        out.append((s, e))
    return out

def span_text(start: PartialDate | None, end: PartialDate | None) -> str:
    """The ``'from/to'`` text of an interval (a state's ``system_spells`` entry), ``..`` for an open end.

    Examples
    --------
    >>> span_text(PartialDate(1955, 5, 5), None), span_text(None, PartialDate(1990))
    ('1955-05-05/..', '../1990')
    """
    return f"{start.iso() if start else '..'}/{end.iso() if end else '..'}"


def parse_span(text: str) -> tuple[PartialDate | None, PartialDate | None]:
    """The interval of a ``'from/to'`` text (:func:`span_text`); ``..`` is an open end. Raises :class:`DateError`.

    Examples
    --------
    >>> parse_span("1955-05-05/.."), parse_span("../1990")
    ((PartialDate('1955-05-05'), None), (None, PartialDate('1990')))
    """
    a, sep, b = text.partition("/")
    if not sep or "/" in b:
        raise DateError(f"{text!r} is not a span (expected FROM/TO, '..' for an open end)")
    return (None if a == ".." else PartialDate.parse(a)), (None if b == ".." else PartialDate.parse(b))
