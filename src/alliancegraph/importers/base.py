"""What every importer shares: streaming CSV tables, row errors, dataset sources and the state registry.

Owns: what every importer shares: the dataset registry (:data:`DATASETS`, :class:`DatasetInfo`,
:func:`normalize_version`), reading a CSV row by row with typed fields and row errors (:class:`Table`,
:class:`Row`, :class:`RowError`, :class:`DatasetError`), the states a dataset names (:class:`StateRegistry`),
an import's :class:`Context` and the :class:`Importer` protocol.

Must not know: any one dataset's columns (the importer modules), how a file's format is recognised
(:mod:`.detect`), the graph, the workspace, analyses, views, the command line, Neo4j.

A dataset file is read row by row with the ``csv`` module (:class:`Table`); a row's fields are read by
column name through :class:`Row`, whose readers raise :class:`RowError` naming the column. What happens to
a bad row is the :class:`Context`'s policy: stop at the first one with a :class:`DatasetError` (file, line,
column), or skip it and record a :class:`~alliancegraph.facts.Problem`.
"""

from __future__ import annotations

import csv
import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Literal, Mapping, Protocol, overload

from ..dates import DateError, PartialDate
from ..errors import AllianceGraphError
from ..facts import Problem
from ..model import FactSet, Origin, Source, State, StateSpell
from .codes import StateCode, lookup

__all__ = ["RowError", "DatasetError", "Table", "Row", "Context", "StateRegistry", "DATASETS", "DatasetInfo"]

csv.field_size_limit(1 << 24)


class RowError(Exception):
    """A malformed field: ``column`` (None for the row as a whole) and what is wrong."""

    def __init__(self, column: str | None, message: str):
        self.column, self.message = column, message
        super().__init__(message)


class DatasetError(AllianceGraphError, ValueError):
    """A malformed row in a dataset file; the import stopped and returned nothing.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from alliancegraph import DatasetError
    >>> from alliancegraph.importers import import_datasets
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "states2016.csv"
    >>> _ = f.write_text("stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\\n"
    ...                  "USA,two,United States of America,1816,1,1,2016,12,31,2016\\n")
    >>> try:
    ...     import_datasets([f])
    ... except DatasetError as e:
    ...     print(str(e).split(": ", 1)[1])
    column 'ccode': 'two' is not a whole number
    """

    def __init__(self, file: str, line: int, column: str | None, message: str):
        self.file, self.line, self.column, self.message = file, line, column, message
        super().__init__(self.describe())

    def describe(self) -> str:
        col = f" column {self.column!r}:" if self.column else ""
        return f"{self.file}:{self.line}:{col} {self.message}"

    def problem(self) -> Problem:
        """The same as a :class:`~alliancegraph.facts.Problem` (what ``validate`` and skip mode report)."""
        col = f"column {self.column!r}: " if self.column else ""
        return Problem(self.file, self.line, None, f"{col}{self.message}")


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset family: its short name (``Origin.dataset``), publisher, title and citation, where to get it."""

    name: str
    publisher: str
    title: str
    url: str
    citation: str
    default_version: str


DATASETS: dict[str, DatasetInfo] = {d.name: d for d in [
    DatasetInfo("cow-states", "Correlates of War Project", "State System Membership List",
                "https://correlatesofwar.org/data-sets/state-system-membership/",
                'Correlates of War Project (2017), "State System Membership List, v2016"', "2016"),
    DatasetInfo("cow-alliance", "Correlates of War Project", "Formal Alliances",
                "https://correlatesofwar.org/data-sets/formal-alliances/",
                "Gibler, Douglas M. (2009), International Military Alliances, 1648-2008, CQ Press", "4.1"),
    DatasetInfo("atop", "ATOP project (Leeds et al.)", "Alliance Treaty Obligations and Provisions",
                "http://www.atopdata.org/",
                "Leeds, Ritter, Mitchell and Long (2002), \"Alliance Treaty Obligations and Provisions, 1815-1944\", "
                "International Interactions 28: 237-60", "4.01"),
    DatasetInfo("cow-mid", "Correlates of War Project", "Militarized Interstate Disputes",
                "https://correlatesofwar.org/data-sets/mids/",
                'Palmer et al. (2022), "The MID5 Dataset, 2011-2014", Conflict Management and Peace Science', "5.0"),
    DatasetInfo("cow-igo", "Correlates of War Project", "Intergovernmental Organizations",
                "https://correlatesofwar.org/data-sets/igos/",
                'Pevehouse et al. (2020), "Tracing the development of intergovernmental organizations", '
                "Journal of Peace Research (COW IGO v3)", "3.0"),
    DatasetInfo("gml-mid", "Gibler, Miller and Little", "GML MID data, directed dispute dyad-years", "",
                'Gibler, Miller and Little (2016), "An Analysis of the Militarized Interstate Dispute (MID) '
                'Dataset, 1816-2001", International Studies Quarterly 60(4): 719-730', "2.03"),
    DatasetInfo("iwd", "Reiter, Stam and Horowitz", "Interstate War Data, initiator-war-year layout",
                "http://polisci.emory.edu/faculty/dreiter/",
                'Reiter, Stam and Horowitz (2016), "A Revised Look at Interstate Wars, 1816-2007", Journal of '
                "Conflict Resolution 60(5): 956-976", "1"),
]}
"""The dataset families the importers read (``Origin.dataset`` is the key)."""


def normalize_version(dataset: str, raw: str | None) -> str:
    """The dataset version as written in the docs: the file's ``version`` value (``4.0100002`` -> ``4.01``,
    MID's ``5`` -> ``5.0``), or the family's default when the file has none."""
    default = DATASETS[dataset].default_version
    if raw is None or not str(raw).strip():
        return default
    text = str(raw).strip()
    try:
        value = float(text)
    except ValueError:
        return text
    if value == float(default):
        return default
    return f"{value:g}"


# ---------------------------------------------------------------------------- rows
class Row:
    """One data row of a :class:`Table`; read its fields by column name."""

    __slots__ = ("values", "line", "table")

    def __init__(self, values: list[str], line: int, table: "Table"):
        self.values, self.line, self.table = values, line, table

    def has(self, col: str) -> bool:
        return col in self.table.index

    @overload
    def text(self, col: str, required: Literal[True] = True) -> str: ...

    @overload
    def text(self, col: str, required: bool) -> str | None: ...

    def text(self, col: str, required: bool = True) -> str | None:
        i = self.table.index.get(col)
        if i is None:
            if required:
                raise RowError(col, "missing column")
            return None
        v = self.values[i].strip()
        if not v or v in self.table.na_values:
            if required:
                raise RowError(col, "empty")
            return None
        return v

    @overload
    def int(self, col: str, required: Literal[True] = True, allowed: tuple[int, ...] | None = None,
            minimum: int | None = None) -> int: ...

    @overload
    def int(self, col: str, required: bool, allowed: tuple[int, ...] | None = None,
            minimum: int | None = None) -> int | None: ...

    def int(self, col: str, required: bool = True, allowed: tuple[int, ...] | None = None,
            minimum: int | None = None) -> int | None:
        v = self.text(col, required)
        if v is None:
            return None
        try:
            f = float(v)
            n = int(f)
            if n != f:
                raise ValueError
        except ValueError:
            raise RowError(col, f"{v!r} is not a whole number") from None
        if allowed is not None and n not in allowed:
            raise RowError(col, f"{n} is not one of {', '.join(map(str, allowed))}")
        if minimum is not None and n < minimum:
            raise RowError(col, f"{n} is below {minimum}")
        return n

    def flag(self, *cols: str) -> bool:
        """A 0/1 indicator (blank counts as 0); the first of ``cols`` that the table has."""
        for col in cols:
            if col in self.table.index:
                return self.int(col, required=False, allowed=(0, 1)) == 1
        return False

    @overload
    def date(self, ycol: str, mcol: str | None, dcol: str | None, required: Literal[True] = True,
             zero_year_open: Literal[False] = False) -> PartialDate: ...

    @overload
    def date(self, ycol: str, mcol: str | None, dcol: str | None, required: bool = True,
             zero_year_open: bool = False) -> PartialDate | None: ...

    def date(self, ycol: str, mcol: str | None, dcol: str | None, required: bool = True,
             zero_year_open: bool = False) -> PartialDate | None:
        """A date from year, month and day columns, keeping the known part (``-9``, ``0`` or blank = unknown).

        ``zero_year_open``: a year of 0 (or blank) means "no end" and gives None. A missing year otherwise is
        an error when ``required``.
        """
        y = self.int(ycol, required=False)
        if y is None or y == 0 or y == -9:
            if zero_year_open and y in (None, 0):
                return None
            if required:
                raise RowError(ycol, "unknown year")
            return None
        m = self.int(mcol, required=False) if mcol and mcol in self.table.index else None
        d = self.int(dcol, required=False) if dcol and dcol in self.table.index else None
        try:
            return PartialDate.from_parts(y, m, d)
        except DateError as e:
            bad = dcol if d not in (None, 0, -9) and m not in (None, 0, -9) and (m or 0) <= 12 else mcol
            raise RowError(bad if y and 1 <= y <= 9999 else ycol, f"impossible date {y}-{m}-{d}: {e}") from None


_NOT_TEXT = ((b"\x1f\x8b", "a gzip-compressed file, not CSV text: decompress it first (gunzip)"),
             (b"PK\x03\x04", "a zip archive (or an Excel workbook), not CSV text: extract the CSV file, or save "
                             "the sheet as CSV (UTF-8)"),
             (b"\xff\xfe", "UTF-16 text, not UTF-8: save the file as UTF-8"),
             (b"\xfe\xff", "UTF-16 text, not UTF-8: save the file as UTF-8"),
             (b"BZh", "a bzip2-compressed file, not CSV text: decompress it first (bunzip2)"),
             (b"\xfd7zXZ", "an xz-compressed file, not CSV text: decompress it first (unxz)"))
"""The first bytes of files that are not CSV text, and what to do instead."""


class Table:
    """A CSV file read row by row (``csv`` module): header names in lower case, rows with their line.

    ``line`` is the 1-based line of the file the row ends on (the header is line 1). Memory does not grow
    with the file: one row at a time.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.file = str(path)
        with open(self.path, "rb") as raw:
            start = raw.read(1 << 16)
        for magic, what in _NOT_TEXT:
            if start.startswith(magic):
                raise DatasetError(self.file, 1, None, what)
        if b"\x00" in start:
            line = start[:start.index(b"\x00")].count(b"\n") + 1
            raise DatasetError(self.file, line, None, "a NUL byte: binary data or UTF-16 text, not CSV text (UTF-8)")
        self.rows_read = 0
        """How many data rows :meth:`rows` has read so far (blank lines not counted)."""
        self._fh = open(self.path, newline="", encoding="utf-8-sig")
        self._reader = csv.reader(self._fh)
        try:
            header = next(self._reader)
        except StopIteration:
            self._fh.close()
            raise DatasetError(self.file, 1, None, "empty file: no header") from None
        except UnicodeDecodeError:
            self._fh.close()
            raise self._not_utf8() from None
        self.header = [h.strip().strip('"').strip().lower() for h in header]
        self.index = {h: i for i, h in reversed(list(enumerate(self.header)))}
        self.version: str | None = None
        self.na_values: frozenset[str] = frozenset()
        """Field values that mean "not applicable / unknown" like a blank one (the war data write ``NA``)."""

    def rows(self) -> Iterator[Row]:
        n = len(self.header)
        try:
            for values in self._reader:
                if not values or (len(values) == 1 and not values[0].strip()):
                    continue
                row = Row(values, self._reader.line_num, self)
                self.rows_read += 1
                if len(values) != n:
                    yield _BadShape(row, len(values), n)
                    continue
                yield row
        except csv.Error as e:
            what = "a NUL byte: not CSV text" if "NUL" in str(e) else f"not CSV: {e}"
            raise DatasetError(self.file, self._reader.line_num, None, what) from None
        except UnicodeDecodeError:
            raise self._not_utf8() from None
        finally:
            self._fh.close()

    def _not_utf8(self) -> DatasetError:
        """The error for a file that is not UTF-8, naming the first line that does not decode (the text
        reader decodes ahead in blocks, so its own position says little)."""
        with open(self.path, "rb") as f:
            for n, raw in enumerate(f, start=1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    return DatasetError(self.file, n, None, f"not UTF-8 text: byte {raw[e.start]:#04x} at column "
                                                            f"{e.start + 1} cannot be read; save the file as UTF-8")
        return DatasetError(self.file, 1, None, "not UTF-8 text; save the file as UTF-8")

    def close(self) -> None:
        self._fh.close()


class _BadShape(Row):
    """A row whose number of fields differs from the header's; reading any field raises."""

    __slots__ = ("got", "want")

    def __init__(self, row: Row, got: int, want: int):
        super().__init__(row.values, row.line, row.table)
        self.got, self.want = got, want

    def check(self) -> None:
        raise RowError(None, f"the row has {self.got} fields, the header {self.want}")


# ---------------------------------------------------------------------------- states
@dataclass
class _StateInfo:
    codes: dict[int, StateCode] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)      # ccode -> name given by a state list
    abbs: dict[int, str] = field(default_factory=dict)
    spells: list[StateSpell] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    origin: Origin | None = None
    from_state_list: bool = False


class StateRegistry:
    """The State facts an import needs: every state a row names gets one, from the crosswalk
    (:mod:`.codes`), and the COW state list adds names and state-system spells."""

    def __init__(self, overrides: Mapping[int, str] | None = None):
        self.overrides = dict(overrides or {})
        self._ids: dict[int, str] = {}
        self._info: dict[str, _StateInfo] = {}

    def ref(self, ccode: int, origin: Origin, source: str) -> str:
        """The id of the state with this code, registering it on first use."""
        sid = self._ids.get(ccode)
        if sid is not None:
            info = self._info[sid]
            if source not in info.sources:
                info.sources.append(source)
            return sid
        entry = lookup(ccode, self.overrides)
        sid = self._ids[ccode] = entry.id
        info = self._info.setdefault(sid, _StateInfo())
        info.codes[ccode] = entry
        if info.origin is None or (origin.dataset == "cow-states" and not info.from_state_list):
            info.origin = origin
        if source not in info.sources:
            info.sources.append(source)
        return sid

    def add_spell(self, ccode: int, spell: StateSpell, name: str | None, abb: str | None, origin: Origin,
                  source: str) -> str:
        sid = self.ref(ccode, origin, source)
        info = self._info[sid]
        if not info.from_state_list:
            info.from_state_list = True
            info.origin = origin
            info.sources.remove(source)
            info.sources.insert(0, source)
        info.spells.append(spell)
        if name:
            info.names.setdefault(ccode, name)
        if abb:
            info.abbs.setdefault(ccode, abb)
        return sid

    def known(self, ccode: int) -> bool:
        return lookup(ccode, self.overrides).known

    def facts(self, open_end: _dt.date | None = None) -> dict[str, State]:
        """The State facts, by id. Spells that end on ``open_end`` (the state list's last day) are open:
        the state was still in the system when the list was made."""
        out: dict[str, State] = {}
        for sid, info in sorted(self._info.items()):
            entries = sorted(info.codes.values(), key=lambda e: (e.iso3 != sid, e.ccode))
            primary = entries[0]
            name = info.names.get(primary.ccode) or primary.name
            aliases: list[str] = []
            for e in entries:
                for a in (*e.aliases, info.names.get(e.ccode), e.name):
                    if a and a != name and a not in aliases:
                        aliases.append(a)
            spells = []
            for sp in sorted(info.spells, key=lambda s: s.start.sort_key()):
                end = sp.end
                if end is not None and open_end is not None and end.precision == "day" and end.last_day() == open_end:
                    end = None
                spells.append(StateSpell(sp.start, end, sp.origin))
            unknown = [e.ccode for e in entries if not e.known]
            note = None
            if unknown:
                note = (f"code {unknown[0]} is not in the COW state list or the crosswalk "
                        f"(used by {', '.join(info.sources)})")
            elif len(entries) > 1:
                note = ("COW codes " + " and ".join(f"{e.ccode} ({e.cow_abb})" for e in entries)
                        + f" are one state here ({sid}); see alliancegraph.importers.codes")
            out[sid] = State(id=sid, name=name, aliases=tuple(aliases), ccode=primary.ccode,
                             cow_abb=info.abbs.get(primary.ccode) or primary.cow_abb,
                             iso3=primary.iso3,
                             spells=tuple(spells), sources=tuple(info.sources), origin=info.origin, note=note)
        return out


# ---------------------------------------------------------------------------- context
class Importer(Protocol):
    """What :func:`~alliancegraph.importers.detect.import_datasets` asks of a dataset family's importer: read
    each file of the family, then finish (build the facts the rows make together)."""

    def read(self, table: Table, fmt: str) -> None: ...

    def finish(self) -> None: ...


class Context:
    """One import: the facts built so far, the state registry, and the bad-row policy.

    ``skip_bad_rows=False`` (default): the first bad row raises :class:`DatasetError` and nothing is
    returned. ``True``: bad rows are skipped and recorded in ``skipped`` (file, line, column, message).
    """

    def __init__(self, skip_bad_rows: bool = False, state_ids: Mapping[int, str] | None = None):
        self.skip_bad_rows = skip_bad_rows
        self.facts = FactSet()
        self.states = StateRegistry(state_ids)
        self.skipped: list[Problem] = []
        self.state_list_end: _dt.date | None = None

    def bad_row(self, table: Table, line: int, err: RowError) -> None:
        e = DatasetError(table.file, line, err.column, err.message)
        if not self.skip_bad_rows:
            raise e
        self.skipped.append(e.problem())

    def rows(self, table: Table) -> Iterator[Row]:
        """The table's rows whose shape is right; a row with the wrong number of fields is a bad row."""
        for row in table.rows():
            if isinstance(row, _BadShape):
                try:
                    row.check()
                except RowError as err:
                    self.bad_row(table, row.line, err)
                continue
            yield row

    def source(self, dataset: str, version: str) -> str:
        """The id of the Source fact for a dataset version (``cow-mid-5.0``), created on first use."""
        sid = f"{dataset}-{version}"
        if sid not in self.facts.sources:
            info = DATASETS[dataset]
            year = next((int(p) for p in info.citation.replace("(", " ").replace(")", " ").split()
                         if p.isdigit() and len(p) == 4), None)
            self.facts.sources[sid] = Source(sid, info.publisher, f"{info.title}, v{version}. {info.citation}",
                                             PartialDate(year) if year else None, info.url or None,
                                             Origin(info.url or info.title, None, dataset, version))
        return sid

    def version_of(self, table: Table, row: Row, dataset: str) -> str:
        """The dataset version of a table, from its first row's ``version`` column (or the default)."""
        if table.version is None:
            raw = row.values[table.index["version"]] if "version" in table.index else None
            table.version = normalize_version(dataset, raw)
        return table.version


def short_list(ids: Iterable[str], n: int = 4) -> str:
    """The first ``n`` distinct ids, in order, and how many more: the party list in a dataset fact's name
    ("COW alliance 1 (GMY, AUH, ITA)", "IWD war 1: ... (RUS v. TUR)").

    Parameters
    ----------
    ids : iterable of str
        State ids, repeats ignored.
    n : int
        How many to name.

    Returns
    -------
    str

    Examples
    --------
    >>> short_list(["USA", "CAN", "USA"]), short_list(["A", "B", "C", "D", "E", "F"], 3)
    ('USA, CAN', 'A, B, C and 3 more')
    """
    unique = list(dict.fromkeys(ids))
    head = ", ".join(unique[:n])
    return head + (f" and {len(unique) - n} more" if len(unique) > n else "")
