"""Partial dates that keep their precision.

The field's data rarely know every day: COW and MID code an unknown day or month as ``-9``, news reports
give a month, treaties a year. A :class:`PartialDate` stores exactly what is known (year, or year and month,
or the full day) and never invents the rest. For as-of comparisons it exposes the first and the last day of
the period it names.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from .errors import AllianceGraphError

__all__ = ["PartialDate", "DateError", "parse_as_of"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class DateError(AllianceGraphError, ValueError):
    """A value that is not a date of the form ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or an impossible one."""


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
        if self.month is None and self.day is not None:
            raise DateError("a day without a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} does not exist")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]  # type: ignore[arg-type]
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
    """
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    return PartialDate.parse(value).last_day()


def active_on(start: PartialDate | None, end: PartialDate | None, day: _dt.date) -> bool:
    """Whether an interval ``[start, end]`` at partial precision covers ``day``.

    A partial start counts from the first day of its period, a partial end to the last day of its period;
    a missing start means since always, a missing end means still in force.
    """
    if start is not None and start.first_day() > day:
        return False
    if end is not None and end.last_day() < day:
        return False
    return True
