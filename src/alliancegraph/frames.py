"""Results as pandas DataFrames and JSON-ready records: the one definition of how a result's rows become a table.

Every result that serialises itself (ties, dyads, clusters, signed clusters, paths, timelines, brokers)
lists its rows as plain dicts and its columns as a *schema*, ``(column, kind)`` pairs in the order of the
table, and hands both to :func:`frame` (``to_pandas``) or :func:`plain` (``to_dict``). The kinds and their
dtypes:

======== ===================================================================== ====================
kind     values                                                                dtype
======== ===================================================================== ====================
str      text: ids, names, labels; an enum (``Confidence``...) as its value    ``string`` (``<NA>``)
ids      a sequence of ids, joined by ``';'`` (:data:`ID_SEPARATOR`)            ``string`` (``<NA>``)
int      whole numbers, never missing                                          ``int64``
Int      whole numbers that may be missing (a ccode, a hostility level)        ``Int64`` (``<NA>``)
float    real numbers (missing: NaN)                                           ``float64``
bool     true or false                                                         ``bool``
boolean  true, false or missing                                                ``boolean`` (``<NA>``)
day      a ``datetime.date``                                                   ``datetime64[s]``
date     a :class:`~alliancegraph.dates.PartialDate` (None: an open end):      ``string`` and two
         three columns, ``c`` its ISO text at its own precision (``'1949'``,   ``datetime64[s]``
         ``'1949-04'``, ``'1949-04-04'``), ``c_first`` and ``c_last`` the
         first and last day of the period it names (``NaT`` when open)
======== ===================================================================== ====================

So that no cell holds a PartialDate, an enum or a tuple, and no column is of dtype ``object``; the seconds
unit of the datetime columns holds any year a PartialDate can (1 to 9999).

Owns: the column kinds, their dtypes and the ``c``/``c_first``/``c_last`` form of a partial date.

Must not know: graphs, analyses, files (the result classes call it with their rows); pandas is imported
inside :func:`frame` only, so that importing alliancegraph stays cheap.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from .dates import PartialDate
from .errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from pandas import DataFrame
else:
    DataFrame = Any
    """``pandas.DataFrame`` for annotations (``-> DataFrame``) without importing pandas at run time."""

__all__ = ["ID_SEPARATOR", "KINDS", "DataFrame", "Schema", "columns", "frame", "plain"]

ID_SEPARATOR = ";"
"""What joins the ids of an ``ids`` column (``'nato;rio-1947'``); ids never hold it."""

KINDS: dict[str, str] = {"str": "string", "ids": "string", "int": "int64", "Int": "Int64", "float": "float64",
                         "bool": "bool", "boolean": "boolean", "day": "datetime64[s]", "date": "string"}
"""The column kinds of a schema and their pandas dtypes (a ``date`` column adds two ``datetime64[s]``)."""

Schema = Sequence[tuple[str, str]]
"""``(column, kind)`` pairs in the order of the table."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _partial(value: Any) -> PartialDate | None:
    return None if value is None else PartialDate.parse(value)


def columns(schema: Schema) -> list[str]:
    """The column names of the table of ``schema``, in order (a ``date`` column ``c`` gives ``c``,
    ``c_first``, ``c_last``).

    Examples
    --------
    >>> columns([("a", "str"), ("start", "date"), ("level", "Int")])
    ['a', 'start', 'start_first', 'start_last', 'level']
    """
    out: list[str] = []
    for name, kind in schema:
        if kind not in KINDS:
            raise InvalidArgumentError(f"unknown column kind {kind!r} of {name!r} (one of {', '.join(KINDS)})")
        out += [name, f"{name}_first", f"{name}_last"] if kind == "date" else [name]
    return out


def frame(rows: Iterable[Mapping[str, Any]], schema: Schema) -> DataFrame:
    """A DataFrame of ``rows`` (dicts keyed by the schema's columns; a missing key is a missing value) with
    the columns and dtypes of ``schema`` (see the module docstring), in that order, on a RangeIndex.

    Parameters
    ----------
    rows : iterable of mapping
        One dict per row.
    schema : sequence of (str, str)
        ``(column, kind)`` pairs, kinds from :data:`KINDS`.

    Returns
    -------
    pandas.DataFrame
        With the columns of :func:`columns`, also when there are no rows.

    Raises
    ------
    InvalidArgumentError
        For an unknown kind.

    Examples
    --------
    >>> from alliancegraph.dates import PartialDate
    >>> from alliancegraph.model import Confidence
    >>> df = frame([{"via": "nato", "parties": ("USA", "DEU"), "start": PartialDate(1949, 8),
    ...              "confidence": Confidence.CONFIRMED, "level": None}],
    ...            [("via", "str"), ("parties", "ids"), ("start", "date"), ("confidence", "str"), ("level", "Int")])
    >>> df.iloc[0].tolist()
    ['nato', 'USA;DEU', '1949-08', Timestamp('1949-08-01 00:00:00'), Timestamp('1949-08-31 00:00:00'), 'confirmed', <NA>]
    >>> df.dtypes
    via                   string
    parties               string
    start                 string
    start_first    datetime64[s]
    start_last     datetime64[s]
    confidence            string
    level                  Int64
    dtype: object
    """
    import numpy as np
    import pandas as pd

    columns(schema)  # checks the kinds
    records = list(rows)
    data: dict[str, Any] = {}
    for name, kind in schema:
        values = [r.get(name) for r in records]
        if kind == "date":
            dates = [_partial(v) for v in values]
            data[name] = pd.array([d.iso() if d else None for d in dates], dtype="string")
            data[f"{name}_first"] = np.array([d.first_day() if d else None for d in dates], dtype="datetime64[s]")
            data[f"{name}_last"] = np.array([d.last_day() if d else None for d in dates], dtype="datetime64[s]")
        elif kind == "str":
            data[name] = pd.array([_text(v) for v in values], dtype="string")
        elif kind == "ids":
            data[name] = pd.array([None if v is None else ID_SEPARATOR.join(str(_text(x)) for x in v)
                                   for v in values], dtype="string")
        elif kind == "day":
            data[name] = np.array(values, dtype="datetime64[s]")
        elif kind in ("Int", "boolean"):
            data[name] = pd.array(values, dtype=KINDS[kind])
        else:
            data[name] = np.array(values, dtype=KINDS[kind])
    return pd.DataFrame(data, columns=list(data))


def plain(value: Any) -> Any:
    """``value`` with JSON-ready leaves: a PartialDate or a date as its ISO text, an enum as its value,
    tuples, lists and sets as lists (sets sorted), dicts with their values made plain (tuple keys joined by
    :data:`ID_SEPARATOR`).

    Examples
    --------
    >>> from alliancegraph.dates import PartialDate
    >>> from alliancegraph.model import Confidence
    >>> plain({"start": PartialDate(2024, 12, 4), "c": Confidence.REPORTED, "parties": ("PRK", "RUS"),
    ...        ("PRK", "RUS"): 0.9})
    {'start': '2024-12-04', 'c': 'reported', 'parties': ['PRK', 'RUS'], 'PRK;RUS': 0.9}
    """
    if isinstance(value, (Enum, PartialDate, _dt.date)):
        return _text(value)
    if isinstance(value, Mapping):
        return {(ID_SEPARATOR.join(k) if isinstance(k, tuple) else k): plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return value
