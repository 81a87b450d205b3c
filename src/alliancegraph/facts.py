"""Reading and validating curated facts from a directory of YAML files.

Owns: the YAML fact format (:data:`FILES`, the readers of each kind, :func:`fact_template`), reading fact
files and directories with overlays (:func:`read_fact_file`, :func:`read_fact_dirs`, :class:`Override`),
resolving the states they name (:func:`resolve_states`), every validation rule (:func:`check_facts`,
:class:`Problem`, :class:`FactValidationError`) and :func:`validate_dir`, :func:`load_facts`. The only module
that imports yaml: every fact file is read by the one safe loader (``_load_yaml``: bounded nesting and
aliases, keys given once, YAML 1.2 scalars, errors at their line).

Must not know: the graph built from the facts, the dataset files (:mod:`alliancegraph.importers`), where the
seed lives and how sources are combined (:mod:`alliancegraph.workspace`), analyses, views, the command line,
Neo4j.

The format is described in ``docs/facts.md``. :func:`load_facts` reads every file, collects *every*
problem (each naming file, line and fact id) and raises :class:`FactValidationError` with all of them, so
that nothing runs on invalid facts; :func:`validate_dir` returns the problems instead of raising.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from dataclasses import replace as _replace
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar, overload

import yaml

from .dates import DateError, PartialDate
from .errors import AllianceGraphError, InvalidArgumentError
from .model import (
    CODE_SYSTEMS,
    CROSSCHECK_KINDS,
    HOSTILITY_LEVELS,
    Bloc,
    Confidence,
    ConfidenceEntry,
    Conflict,
    CrossCheckAck,
    ConflictKind,
    FactSet,
    Membership,
    MembershipStatus,
    Obligation,
    ObligationClause,
    Origin,
    Participant,
    Party,
    Side,
    Source,
    State,
    StateSpell,
    Support,
    Treaty,
    TreatyKind,
    _Vocab,
)
from .names import StateNames, UnknownStateError

__all__ = ["Problem", "FactValidationError", "Override", "load_facts", "validate_dir", "read_fact_dirs", "check_facts",
           "read_fact_file", "resolve_states", "fact_template", "TEMPLATE_KINDS", "FILES"]

FILES = {
    "sources": "sources.yaml",
    "states": "states.yaml",
    "blocs": "blocs.yaml",
    "treaties": "treaties.yaml",
    "conflicts": "conflicts.yaml",
    "supports": "supports.yaml",
}
"""The kind of fact each file of a fact directory holds (the file's top-level key is the kind)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the fact files: where it is (file, 1-based line), which fact, and what is wrong."""

    file: str
    line: int
    fact_id: str | None
    message: str

    def __str__(self) -> str:
        fact = f" [{self.fact_id}]" if self.fact_id else ""
        return f"{self.file}:{self.line}:{fact} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """``{'file', 'line', 'fact_id', 'message'}``, as ``alliancegraph validate --json`` prints it.

        Examples
        --------
        >>> Problem("seed/treaties.yaml", 12, "nato", "unknown state 'XXX'").to_dict()["line"]
        12
        """
        return {"file": self.file, "line": self.line, "fact_id": self.fact_id, "message": self.message}

    @classmethod
    def at(cls, fact: Any, message: str, line: int | None = None) -> Problem:
        """A problem of ``fact``, at its file and at ``line`` (default the fact's own line).

        A fact made in Python has no origin: its problem is at file ``'<facts>'``, line 0.

        Parameters
        ----------
        fact : fact with ``id`` and ``origin``
            A :class:`~alliancegraph.model.State`, ``Bloc``, ``Treaty``, ``Conflict``, ``Support`` or
            ``Source``.
        message : str
            What is wrong.
        line : int, optional
            The line of the part of the fact that is wrong (a membership, a party), if it has one.

        Examples
        --------
        >>> from alliancegraph.model import Support
        >>> s = Support(id="aid", supporter="USA", recipient="USA", kind="arms",
        ...             origin=Origin("seed/supports.yaml", 4))
        >>> str(Problem.at(s, "a state cannot support itself"))
        'seed/supports.yaml:4: [aid] a state cannot support itself'
        >>> Problem.at(Support(id="aid", supporter="USA", recipient="USA", kind="arms"), "x").line
        0
        """
        origin: Origin | None = fact.origin
        if origin is None:
            return cls("<facts>", line or 0, fact.id, message)
        return cls(origin.file, line or origin.line or 0, fact.id, message)


class FactValidationError(AllianceGraphError, ValueError):
    """Raised when fact files have problems; ``problems`` lists all of them, sorted by file and line.

    Examples
    --------
    A directory without ``sources.yaml`` is not a fact directory:

    >>> import tempfile
    >>> from alliancegraph import FactValidationError, load_facts
    >>> try:
    ...     load_facts(tempfile.mkdtemp())
    ... except FactValidationError as e:
    ...     print(isinstance(e, ValueError), e.problems[0].message.split(":")[0])
    True missing
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the facts; first: {self.problems[0]}")


# ---------------------------------------------------------------------------- YAML with line numbers
MAX_DEPTH = 32
"""How deeply a fact file may nest its lists and mappings (a fact needs six levels)."""

MAX_ALIASED = 10_000
"""How many values the aliases (``*name``) of one fact file may repeat in all: reading a file costs time and
memory in proportion to its size, whatever its aliases."""


class _Unreadable(Exception):
    """A fact file that cannot be read at all: the 1-based line and what is wrong there."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class _Map(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _Seq(list):
    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    """The one YAML loader of fact files: SafeLoader that keeps line numbers, reports a key given twice in
    one mapping, refuses nesting deeper than :data:`MAX_DEPTH`, aliases that repeat more than
    :data:`MAX_ALIASED` values in all and an alias inside the node it names, and reads scalars as YAML 1.2
    does: dates stay text (an impossible date is reported, not a crash of the parser), only ``true`` and
    ``false`` are booleans (``NO``, Norway's code, is text) and only plain decimals are integers (``020`` is
    not the octal 16)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.values = 0  # values composed so far, an alias counting every value it repeats
        self.aliased = 0  # values repeated by aliases
        self.sizes: dict[str, int] = {}  # anchor -> number of values of its node, once composed
        self.duplicates: list[tuple[int, str]] = []  # (line, message) of each key given twice

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.anchors and event.anchor not in self.sizes:
                raise _Unreadable(line, f"YAML alias *{event.anchor} is inside the value it names (a structure "
                                        "that contains itself)")
            node = super().compose_node(parent, index)  # an undefined alias is a ComposerError
            size = self.sizes[str(event.anchor)]
            self.values += size
            self.aliased += size
            if self.aliased > MAX_ALIASED:
                raise _Unreadable(line, f"YAML aliases repeat more than {MAX_ALIASED} values (here *{event.anchor});"
                                        " write the values out")
            return node
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Unreadable(line, f"YAML nested more than {MAX_DEPTH} levels deep")
        before = self.values
        self.values += 1
        node = super().compose_node(parent, index)
        self.depth -= 1
        if event.anchor is not None:
            self.sizes[event.anchor] = self.values - before
        return node


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag.rsplit(":", 1)[-1] not in ("timestamp", "bool", "int")]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    m = _Map()
    m.line = node.start_mark.line + 1
    m.key_lines = {}
    for k_node, v_node in node.value:
        key = loader.construct_object(k_node, deep=True)
        line = k_node.start_mark.line + 1
        if isinstance(key, (dict, list)):
            raise _Unreadable(line, "a key must be text, not a list or mapping")
        if key in m:
            loader.duplicates.append((line, f"key {key!r} given twice in one mapping (first at line "
                                            f"{m.key_lines[key]})"))
            continue
        m[key] = loader.construct_object(v_node, deep=True)
        m.key_lines[key] = line
    return m


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    s = _Seq(loader.construct_object(n, deep=True) for n in node.value)
    s.line = node.start_mark.line + 1
    s.item_lines = [n.start_mark.line + 1 for n in node.value]
    return s


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def _line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    nl = b"\n" if isinstance(text, bytes) else "\n"
    start = text.rfind(nl, 0, offset) + 1  # type: ignore[arg-type]
    return text.count(nl, 0, offset) + 1, offset - start + 1  # type: ignore[arg-type]


def _load_yaml(path: Path) -> tuple[Any, list[tuple[int, str]]]:
    """The YAML document of one fact file and the keys given twice in it, as ``(line, message)``.

    The one way a fact file is read (every fact file, of a directory, an overlay or ``--add``).

    Raises
    ------
    _Unreadable
        For a file that is not UTF-8 text or not YAML, or nests, aliases or repeats beyond the limits, with
        the line where reading stopped.
    OSError
        If the file cannot be read.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col(data, e.start)
        raise _Unreadable(line, f"not UTF-8 text: byte 0x{data[e.start]:02x} at column {col} (save the file as "
                                "UTF-8)") from None
    loader = None
    try:
        loader = _Loader(text)
        doc = loader.get_single_data()
    except yaml.reader.ReaderError as e:
        line, col = _line_col(text, e.position)
        raise _Unreadable(line, f"not text: control character U+{e.character:04X} at column {col} (a YAML "
                                "file holds printable text only)") from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = e.problem or ""
        line = mark.line + 1 if mark else 1
        if "'\\t'" in what and mark:
            raise _Unreadable(line, f"YAML syntax error: a tab at column {mark.column + 1}: indent with spaces, "
                                    "not tabs") from None
        if isinstance(e, yaml.constructor.ConstructorError) and "constructor for the tag" in what:
            raise _Unreadable(line, f"YAML tag {what.rsplit(' ', 1)[-1]} is not allowed in a fact file") from None
        context = e.context or ""
        if what.startswith("but ") and context:  # "expected a single document", "but found another"
            what, context = f"{context}, {what}", ""
        where = f" (column {mark.column + 1}" + (f"; {context}" if context else "") + ")" if mark else ""
        raise _Unreadable(line, f"YAML syntax error: {what}{where}") from None
    except yaml.YAMLError as e:
        raise _Unreadable(1, f"YAML syntax error: {str(e).splitlines()[0]}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return doc, loader.duplicates


# ---------------------------------------------------------------------------- field reading
_V = TypeVar("_V", bound=_Vocab)


def _brief(value: Any, width: int = 40) -> str:
    """``repr(value)``, cut to about ``width`` characters, for a message about a value of the wrong type."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


class _Reader:
    """Reads the fields of one YAML mapping, recording problems instead of raising."""

    def __init__(self, problems: list[Problem], file: str, data: _Map, fact_id: str | None, allowed: set[str]):
        self.problems, self.file, self.data, self.fact_id = problems, file, data, fact_id
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.problem(f"unknown field {key!r}{hint}", key)

    def line(self, key: str | None = None) -> int:
        if key is not None and key in getattr(self.data, "key_lines", {}):
            return self.data.key_lines[key]
        return getattr(self.data, "line", 0)

    def problem(self, message: str, key: str | None = None) -> None:
        self.problems.append(Problem(self.file, self.line(key), self.fact_id, message))

    def text(self, key: str, required: bool = False) -> str | None:
        v = self.data.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.problem(f"missing {key!r}", key)
            return None
        if isinstance(v, (dict, list, bool)):
            self.problem(f"{key!r} must be text, not {_brief(v)}", key)
            return None
        return str(v)

    def date(self, key: str, required: bool = False) -> PartialDate | None:
        v = self.data.get(key)
        if v is None:
            if required:
                self.problem(f"missing date {key!r}", key)
            return None
        try:
            return PartialDate.parse(v)
        except DateError as e:
            self.problem(f"{key!r}: malformed or impossible date: {e}", key)
            return None

    def texts(self, key: str) -> tuple[str, ...]:
        v = self.data.get(key)
        if v is None:
            return ()
        if not isinstance(v, list):
            v = [v]
        if not all(isinstance(x, (str, int)) and not isinstance(x, bool) and str(x).strip() for x in v):
            self.problem(f"{key!r} must be a list of text, not {_brief(self.data.get(key))}", key)
            return ()
        return tuple(str(x) for x in v)

    @overload
    def choice(self, key: str, vocab: type[_V], default: _V, required: bool = False) -> _V: ...

    @overload
    def choice(self, key: str, vocab: type[_V], default: None = None, required: bool = False) -> _V | None: ...

    def choice(self, key: str, vocab: type[_V], default: _V | None = None, required: bool = False) -> _V | None:
        v = self.data.get(key)
        if v is None:
            if required:
                self.problem(f"missing {key!r} (one of {', '.join(vocab.values())})", key)
            return default
        try:
            return vocab(str(v))
        except ValueError:
            close = difflib.get_close_matches(str(v), vocab.values(), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.problem(f"unknown {key} {v!r} (one of {', '.join(vocab.values())}{hint})", key)
            return default

    def records(self, key: str) -> list[tuple[int, _Map]]:
        v = self.data.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.problem(f"{key!r} must be a list", key)
            return []
        out = []
        for i, item in enumerate(v):
            line = v.item_lines[i] if isinstance(v, _Seq) else self.line(key)
            if not isinstance(item, _Map):
                self.problems.append(Problem(self.file, line, self.fact_id, f"an entry of {key!r} must be a mapping"))
                continue
            out.append((line, item))
        return out

    def sub(self, item: _Map, allowed: set[str]) -> "_Reader":
        return _Reader(self.problems, self.file, item, self.fact_id, allowed)

    def order(self, start_key: str, start: PartialDate | None, end_key: str, end: PartialDate | None) -> None:
        if start is not None and end is not None and end.last_day() < start.first_day():
            self.problem(f"{end_key!r} {end} is before {start_key!r} {start}", end_key)


_COMMON = {"id", "sources", "confidence", "note", "crosscheck"}


def _confidence(r: _Reader) -> tuple[ConfidenceEntry, ...]:
    v = r.data.get("confidence")
    if v is None:
        return (ConfidenceEntry(Confidence.CONFIRMED),)
    if isinstance(v, str):
        c = r.choice("confidence", Confidence, Confidence.CONFIRMED)
        return (ConfidenceEntry(c),)
    entries = []
    prev = None
    for _, item in r.records("confidence"):
        s = r.sub(item, {"value", "date", "sources", "note"})
        value = s.choice("value", Confidence, required=True)
        d = s.date("date")
        if prev is not None and d is not None and d.first_day() < prev.first_day():
            s.problem("confidence history must be in date order, oldest first", "date")
        prev = d or prev
        if value is not None:
            entries.append(ConfidenceEntry(value, d, s.texts("sources"), s.text("note")))
    return tuple(entries) or (ConfidenceEntry(Confidence.CONFIRMED),)


def _codes(r: _Reader) -> tuple[str, ...]:
    """``codes: {atop: 3180, cow-alliance: [162, 163]}`` -> ``('atop:3180', 'cow-alliance:162', ...)``."""
    v = r.data.get("codes")
    if v is None:
        return ()
    if not isinstance(v, dict):
        r.problem("'codes' must be a mapping of dataset to code, e.g. {atop: 3180}", "codes")
        return ()
    out = set()
    for system, values in v.items():
        if system not in CODE_SYSTEMS:
            close = difflib.get_close_matches(str(system), sorted(CODE_SYSTEMS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            r.problem(f"unknown dataset {system!r} in codes{hint}; one of {', '.join(CODE_SYSTEMS)}", "codes")
            continue
        for value in values if isinstance(values, list) else [values]:
            if value is None or isinstance(value, (dict, list, bool)) or not str(value).strip():
                r.problem(f"codes: {system} needs a code (a number or a name), not {value!r}", "codes")
                continue
            out.add(f"{system}:{str(value).strip()}")
    return tuple(sorted(out))


def _crosscheck(r: _Reader) -> CrossCheckAck | None:
    """``crosscheck: {ignore: "reason", kinds: [obligations]}``: cross-check findings the fact carries on
    purpose (``kinds`` optional, one of :data:`~alliancegraph.model.CROSSCHECK_KINDS`; default every kind)."""
    v = r.data.get("crosscheck")
    if v is None:
        return None
    if not isinstance(v, _Map):
        r.problem('\'crosscheck\' must be a mapping, e.g. {ignore: "why the finding is deliberate"}', "crosscheck")
        return None
    s = r.sub(v, {"ignore", "kinds"})
    reason = s.text("ignore", True)
    kinds = s.texts("kinds")
    for k in kinds:
        if k not in CROSSCHECK_KINDS:
            close = difflib.get_close_matches(k, sorted(CROSSCHECK_KINDS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            s.problem(f"unknown crosscheck kind {k!r}{hint}; one of {', '.join(CROSSCHECK_KINDS)}", "kinds")
    return CrossCheckAck(reason, kinds) if reason is not None else None


def _common(r: _Reader, origin: Origin) -> dict[str, Any]:
    return {
        "id": r.fact_id,
        "sources": r.texts("sources"),
        "confidence": _confidence(r),
        "note": r.text("note"),
        "origin": origin,
        "codes": _codes(r),
        "crosscheck": _crosscheck(r),
    }


def _defers_to(r: _Reader) -> tuple[str, ...]:
    """``defers_to`` of a treaty: a list of bloc or treaty ids (anything else is reported)."""
    v = r.data.get("defers_to")
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        r.problem(f"'defers_to' must be a list of bloc or treaty ids, not {v!r}", "defers_to")
        return ()
    return tuple(v)


def _short_name(r: _Reader) -> str | None:
    """``short_name`` of a bloc or treaty: text (a YAML number or list is reported, not turned into text)."""
    v = r.data.get("short_name")
    if v is None:
        return None
    if not isinstance(v, str) or not v.strip():
        r.problem(f"'short_name' must be text (quote it), not {v!r}", "short_name")
        return None
    return v.strip()


def _read_source(r: _Reader, origin: Origin) -> Source | None:
    publisher, title = r.text("publisher", True), r.text("title", True)
    date, url = r.date("date"), r.text("url")
    if publisher is None or title is None:
        return None
    # a fact without an id is read for its problems only (the caller drops it)
    return Source(r.fact_id or "", publisher, title, date, url, origin)


def _read_state(r: _Reader, origin: Origin) -> State | None:
    name = r.text("name", True)
    if r.fact_id is not None and r.fact_id.strip().isdigit():
        r.problem(f"a state id may not be all digits: {r.fact_id!r} names the state of COW ccode {int(r.fact_id)} "
                  "(use the ISO3 code)", "id")
    ccode = r.data.get("ccode")
    if ccode is not None and (not isinstance(ccode, int) or isinstance(ccode, bool) or not 2 <= ccode <= 999):
        r.problem(f"ccode {_brief(ccode)} must be a COW state number (2-999)", "ccode")
        ccode = None
    iso3 = r.text("iso3")
    if iso3 is not None and not (len(iso3) == 3 and iso3.isalpha() and iso3.isupper()):
        r.problem(f"iso3 {iso3!r} must be three upper-case letters", "iso3")
    start, end = r.date("from"), r.date("to")
    r.order("from", start, "to", end)
    if end is not None and start is None:
        r.problem("'to' needs 'from': when did the state come into existence?", "to")
    spells: tuple[StateSpell, ...] = (StateSpell(start, end, Origin(origin.file, r.line("from"))),) if start is not None else ()
    if r.data.get("spells") is not None:
        if start is not None or end is not None:
            r.problem("give either 'from'/'to' or 'spells', not both", "spells")
        spells = _state_spells(r)
    if name is None:
        return None
    return State(name=name, aliases=r.texts("aliases"), ccode=ccode, cow_abb=r.text("cow_abb"), iso3=iso3,
                 spells=spells, **_common(r, origin))


def _state_spells(r: _Reader) -> tuple[StateSpell, ...]:
    """``spells`` of a state that left the state system and came back: ``[{from, to}, ...]``, each with a
    ``from``, in order and without overlaps (an open ``to`` only on the last)."""
    out: list[StateSpell] = []
    for line, item in r.records("spells"):
        s = r.sub(item, {"from", "to"})
        a, b = s.date("from"), s.date("to")
        s.order("from", a, "to", b)
        if a is None:
            s.problem("a spell needs 'from'", "from")
            continue
        out.append(StateSpell(a, b, Origin(r.file, line)))
    out.sort(key=lambda sp: sp.start.first_day())
    for x, y in zip(out, out[1:]):
        if x.end is None or x.end.last_day() >= y.start.first_day():
            r.problem(f"spells overlap: {x.start}..{x.end or 'open'} and {y.start}..{y.end or 'open'}", "spells")
    return tuple(out)


def _read_bloc(r: _Reader, origin: Origin) -> Bloc | None:
    name = r.text("name", True)
    founded, dissolved = r.date("founded"), r.date("dissolved")
    r.order("founded", founded, "dissolved", dissolved)
    memberships = []
    for line, item in r.records("memberships"):
        s = r.sub(item, {"state", "status", "from", "to", "sources"})
        state = s.text("state", True)
        status = s.choice("status", MembershipStatus, required=True)
        start, end = s.date("from"), s.date("to")
        s.order("from", start, "to", end)
        if state and status:
            memberships.append(Membership(state, status, start, end, s.texts("sources"),
                                          Origin(origin.file, line)))
    if name is None:
        return None
    return Bloc(name=name, short_name=_short_name(r), kind=r.text("kind") or "organization", established_by=r.text("established_by"),
                founded=founded, dissolved=dissolved, memberships=tuple(memberships), **_common(r, origin))


def _read_treaty(r: _Reader, origin: Origin) -> Treaty | None:
    name = r.text("name", True)
    kind = r.choice("kind", TreatyKind, TreatyKind.TREATY)
    signed, in_force, ended = r.date("signed"), r.date("in_force"), r.date("ended")
    if r.data.get("signed") is None and r.data.get("in_force") is None:
        r.problem("a treaty needs 'signed' or 'in_force'", None)
    r.order("signed", signed, "in_force", in_force)
    r.order("in_force", in_force, "ended", ended)
    r.order("signed", signed, "ended", ended)
    parties = []
    for line, item in r.records("parties"):
        s = r.sub(item, {"state", "from", "to", "ratified"})
        state = s.text("state", True)
        start, end = s.date("from"), s.date("to")
        s.order("from", start, "to", end)
        if state:
            parties.append(Party(state, start, end, s.date("ratified"), Origin(origin.file, line)))
    if len(parties) < 2 and isinstance(r.data.get("parties"), list):
        r.problem("a treaty needs at least two parties", "parties")
    obligations = []
    for _, item in r.records("obligations"):
        s = r.sub(item, {"type", "articles"})
        t = s.choice("type", Obligation, required=True)
        if t is not None:
            obligations.append(ObligationClause(t, s.texts("articles")))
    if name is None:
        return None
    return Treaty(name=name, short_name=_short_name(r), kind=kind, parties=tuple(parties), signed=signed, in_force=in_force, ended=ended,
                  obligations=tuple(obligations), supersedes=r.texts("supersedes"), defers_to=_defers_to(r),
                  **_common(r, origin))


def _read_conflict(r: _Reader, origin: Origin) -> Conflict | None:
    name = r.text("name", True)
    kind = r.choice("kind", ConflictKind, ConflictKind.MILITARIZED_DISPUTE)
    start, end = r.date("start", True), r.date("end")
    r.order("start", start, "end", end)
    level = r.data.get("hostility_level")
    if level is None:
        r.problem("missing 'hostility_level' (1-5 on the MID scale)", "hostility_level")
        level = 1
    elif not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        r.problem(f"hostility_level must be 1-5 on the MID scale, not {_brief(level)}", "hostility_level")
        level = 1
    fatality = r.data.get("fatality_level")
    if fatality is not None and (not isinstance(fatality, int) or isinstance(fatality, bool) or not 0 <= fatality <= 6):
        r.problem(f"fatality_level must be 0-6 on the MID scale, not {_brief(fatality)}", "fatality_level")
        fatality = None
    participants = []
    for line, item in r.records("participants"):
        s = r.sub(item, {"state", "side", "from", "to"})
        state = s.text("state", True)
        side = s.choice("side", Side, required=True)
        p_start, p_end = s.date("from"), s.date("to")
        s.order("from", p_start, "to", p_end)
        if state and side:
            participants.append(Participant(state, side, p_start, p_end, Origin(origin.file, line)))
    if {p.side for p in participants} != {Side.A, Side.B} and r.data.get("participants") is not None:
        r.problem("a conflict needs participants on both sides A and B", "participants")
    if name is None:
        return None
    return Conflict(name=name, kind=kind, start=start, end=end, hostility_level=level,
                    participants=tuple(participants), fatality_level=fatality,
                    outcome=r.text("outcome"), **_common(r, origin))


def _read_support(r: _Reader, origin: Origin) -> Support | None:
    supporter, recipient = r.text("supporter", True), r.text("recipient", True)
    kind = r.text("kind", True)
    start, end = r.date("start"), r.date("end")
    r.order("start", start, "end", end)
    if not (supporter and recipient and kind):
        return None
    return Support(supporter=supporter, recipient=recipient, kind=kind, start=start, end=end, **_common(r, origin))


_READERS: dict[str, tuple[Callable[[_Reader, Origin], Any], set[str]]] = {
    "sources": (_read_source, {"id", "publisher", "title", "date", "url"}),
    "states": (_read_state, _COMMON | {"name", "aliases", "ccode", "cow_abb", "iso3", "from", "to", "spells"}),
    "blocs": (_read_bloc, _COMMON | {"name", "short_name", "kind", "established_by", "founded", "dissolved",
                                     "memberships", "codes"}),
    "treaties": (_read_treaty, _COMMON | {"name", "short_name", "kind", "parties", "signed", "in_force", "ended",
                                          "obligations", "supersedes", "defers_to", "codes"}),
    "conflicts": (_read_conflict, _COMMON | {"name", "kind", "start", "end", "hostility_level", "participants",
                                             "fatality_level", "outcome", "codes"}),
    "supports": (_read_support, _COMMON | {"supporter", "recipient", "kind", "start", "end", "codes"}),
}


# ---------------------------------------------------------------------------- whole directory
@dataclass(frozen=True)
class _Seen:
    """Where an id was defined, and as what kind of fact."""

    kind: str
    file: str
    line: int


def _read_dir(directory: Path, overlay: bool = False) -> tuple[FactSet, list[Problem], dict[str, _Seen]]:
    facts, problems = FactSet(), []
    seen: dict[str, _Seen] = {}
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such {'overlay' if overlay else 'fact'} directory")
    known_files = set(FILES.values())
    for extra in sorted(directory.glob("*.y*ml")):
        if extra.name not in known_files:
            problems.append(Problem(str(extra), 1, None,
                                    f"unknown fact file (expected one of {', '.join(sorted(known_files))})"))
    for extra in sorted(directory.glob("*.csv")):
        problems.append(Problem(str(extra), 1, None, "a dataset file in a fact directory is not read: give it "
                                                     "with its own --facts (or keep datasets in a directory of "
                                                     "their own)"))
    for kind, filename in FILES.items():
        path = directory / filename
        if path.is_dir():
            problems.append(Problem(str(path), 0, None, "a directory, not a fact file"))
            continue
        if not path.exists():
            if kind in ("sources", "states") and not overlay:
                problems.append(Problem(str(path), 0, None, f"missing: a fact directory needs {filename} (a "
                                                            "directory of facts over another one is given with "
                                                            "--overlay)"))
            continue
        _read_file(path, kind, facts, problems, seen)
    return facts, problems, seen


def _read_file(path: Path, kind: str | None, facts: FactSet, problems: list[Problem],
               seen: dict[str, "_Seen"]) -> None:
    """Read the facts of one YAML file into ``facts``, recording problems. ``kind`` is the one top-level key
    the file may hold (its name in a fact directory, :data:`FILES`); None lets it hold any of them."""
    shown = str(path)
    expected = repr(kind) if kind is not None else "one of " + ", ".join(FILES)
    try:
        doc, duplicates = _load_yaml(path)
    except _Unreadable as e:
        problems.append(Problem(shown, e.line, None, e.message))
        return
    problems.extend(Problem(shown, line, None, message) for line, message in duplicates)
    if doc is None:
        problems.append(Problem(shown, 1, None, f"the file is empty: expected a top-level key {expected} holding a "
                                                f"list (`{kind or 'treaties'}: []` for none)"))
        return
    kinds = [kind] if kind is not None else [k for k in FILES if isinstance(doc, dict) and k in doc]
    if not isinstance(doc, _Map) or not kinds or kinds[0] not in doc:
        problems.append(Problem(shown, 1, None, f"expected a top-level key {expected} holding a list"))
        return
    for key in doc:
        if key not in kinds:
            problems.append(Problem(shown, doc.key_lines.get(key, 1), None, f"unexpected top-level key {key!r}"))
    for kind in kinds:
        items = doc[kind] or []
        if not isinstance(items, list):
            problems.append(Problem(shown, doc.key_lines.get(kind, 1), None, f"{kind!r} must be a list"))
            continue
        reader_fn, allowed = _READERS[kind]
        target = getattr(facts, kind)
        for i, item in enumerate(items):
            line = items.item_lines[i] if isinstance(items, _Seq) else 1
            if not isinstance(item, _Map):
                problems.append(Problem(shown, line, None, f"each entry of {kind!r} must be a mapping"))
                continue
            raw_id = item.get("id")
            bad_id = isinstance(raw_id, (bool, dict, list, float))
            fact_id = str(raw_id) if raw_id is not None and not bad_id and str(raw_id).strip() else None
            r = _Reader(problems, shown, item, fact_id, allowed)
            if bad_id:
                r.problem(f"'id' must be text, not {_brief(raw_id)}", "id")
            elif fact_id is None:
                r.problem("missing 'id'", "id")
            elif fact_id in seen:
                first = seen[fact_id]
                r.problem(f"duplicate id {fact_id!r} (first defined at {first.file}:{first.line})", "id")
                fact_id = None
            else:
                seen[fact_id] = _Seen(kind, shown, line)
            fact = reader_fn(r, Origin(shown, line))
            if fact is not None and fact_id is not None:
                target[fact_id] = fact


def read_fact_file(path: str | Path) -> tuple[FactSet, list[Problem]]:
    """Read the facts of one YAML file, whatever its name, without checking what they refer to.

    The file holds one or more of the top-level keys of a fact directory (:data:`FILES`: ``treaties``,
    ``blocs``...), each a list of facts in the format of ``docs/facts.md``; a hypothetical treaty for
    ``alliancegraph impact --add FILE``, say. Its references (states, sources, superseded treaties) are
    checked against the graph it is added to (:meth:`alliancegraph.graph.AllianceGraph.with_facts`).

    Returns
    -------
    (FactSet, list of Problem)
        The facts read, and every problem of form found (file, line, fact id), sorted.

    Raises
    ------
    FileNotFoundError
        If ``path`` is not a file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such fact file")
    facts = FactSet()
    problems: list[Problem] = []
    _read_file(path, None, facts, problems, {})
    return facts, sorted(set(problems))


@dataclass(frozen=True)
class Override:
    """A fact of an overlay that replaces a fact of the same id and kind in the base (or in an earlier
    overlay): where each is defined.

    Examples
    --------
    >>> print(Override("treaties", "rus-prk-2024", Origin("mine/treaties.yaml", 3), Origin("seed/treaties.yaml", 7)))
    mine/treaties.yaml:3 rus-prk-2024 replaces seed/treaties.yaml:7
    """

    kind: str
    fact_id: str
    origin: Origin
    replaced: Origin

    def __str__(self) -> str:
        return f"{self.origin} {self.fact_id} replaces {self.replaced}"

    def to_dict(self) -> dict[str, Any]:
        """The override as JSON-ready data: kind, id, and file and line of both facts."""
        return {"kind": self.kind, "id": self.fact_id, "file": self.origin.file, "line": self.origin.line,
                "replaced_file": self.replaced.file, "replaced_line": self.replaced.line}


_ONE = {"sources": "source", "states": "state", "blocs": "bloc", "treaties": "treaty", "conflicts": "conflict",
        "supports": "support relation"}


def read_fact_dirs(directories: Iterable[str | Path], overlays: Iterable[str | Path] = ()
                   ) -> tuple[FactSet, list[Problem], list[Override]]:
    """Read fact directories and, on top of them, overlay directories, without checking references.

    Every base directory needs its ``sources.yaml`` and ``states.yaml``, and an id may be defined in only
    one of them: an id defined in two is a problem at the second place that names the first. An overlay
    holds only new or changed facts (no file is required); overlays are applied in order, and a fact of an
    overlay replaces the fact of the same id and kind read before it, which is reported as an
    :class:`Override` (an id that is another kind of fact before is a problem). References (states,
    sources, treaties) are checked afterwards by :func:`check_facts`, against everything read.

    Parameters
    ----------
    directories : iterable of path
        The base fact directories.
    overlays : iterable of path
        Directories of facts read on top of the base, in order.

    Returns
    -------
    (FactSet, list of Problem, list of Override)
        The facts, the problems of reading them, and the facts the overlays replaced, in reading order.

    Raises
    ------
    FileNotFoundError
        For a directory that does not exist.
    """
    facts, problems, overrides = FactSet(), [], []
    seen: dict[str, _Seen] = {}
    for directory in directories:
        part, probs, ids = _read_dir(Path(directory))
        problems.extend(probs)
        for fid, where in ids.items():
            if fid in seen:
                first = seen[fid]
                problems.append(Problem(where.file, where.line, fid, f"id {fid!r} is also defined at "
                                        f"{first.file}:{first.line}: two fact directories may not define one id "
                                        "(give the one that should win with --overlay)"))
            else:
                seen[fid] = where
        for kind in FactSet.KINDS:
            for fid, fact in getattr(part, kind).items():
                getattr(facts, kind).setdefault(fid, fact)
    for directory in overlays:
        part, probs, ids = _read_dir(Path(directory), overlay=True)
        problems.extend(probs)
        for fid, where in ids.items():
            before = seen.get(fid)
            if before is not None and before.kind != where.kind:
                problems.append(Problem(where.file, where.line, fid, f"id {fid!r} is a {_ONE[where.kind]} here but "
                                        f"a {_ONE[before.kind]} at {before.file}:{before.line}: an overlay replaces a "
                                        "fact only with one of its kind"))
                continue
            if before is not None:
                overrides.append(Override(where.kind, fid, Origin(where.file, where.line),
                                          Origin(before.file, before.line)))
            seen[fid] = where
        for kind in FactSet.KINDS:
            getattr(facts, kind).update(getattr(part, kind))
    return facts, problems, overrides


def _curated(fact: Any) -> bool:
    return fact.origin is None or fact.origin.dataset == "curated"


def resolve_states(facts: FactSet, problems: list[Problem], names: Any = None, known: Any = ()) -> None:
    """Replace the states that curated facts name (treaty parties, bloc members, conflict participants,
    supporter and recipient) by their ids, resolved like the command line's names; a name that matches no
    state is a problem with close matches. Changes ``facts`` in place.

    ``names`` is the table to resolve with (anything with the ``resolve`` of
    :class:`~alliancegraph.names.StateNames`; default the table over every state of ``facts``); ``known``
    holds ids that stand as they are besides the states of ``facts`` (a graph's, for facts added to it)."""
    tables: list[Any] = [names] if names is not None else []

    def ref(fact: Any, name: str, what: str, where: Origin | None) -> str:
        if name in facts.states or name in known:
            return name
        if not tables:
            tables.append(StateNames.from_facts(facts.states))
        try:
            return str(tables[0].resolve(name))
        except UnknownStateError as e:
            hint = f"; did you mean {', '.join(e.suggestions)}?" if e.suggestions else ""
            problems.append(Problem.at(fact, f"unknown state {name!r} in {what}{hint}", where.line if where else None))
            return name

    for bid, b in facts.blocs.items():
        if _curated(b) and b.memberships:
            ms = tuple(_replace(m, state=ref(b, m.state, "memberships", m.origin)) for m in b.memberships)
            if ms != b.memberships:
                facts.blocs[bid] = _replace(b, memberships=ms)
    for tid, t in facts.treaties.items():
        if _curated(t) and t.parties:
            ps = tuple(_replace(p, state=ref(t, p.state, "parties", p.origin)) for p in t.parties)
            if ps != t.parties:
                facts.treaties[tid] = _replace(t, parties=ps)
    for cid, c in facts.conflicts.items():
        if _curated(c) and c.participants:
            cs = tuple(_replace(p, state=ref(c, p.state, "participants", p.origin)) for p in c.participants)
            if cs != c.participants:
                facts.conflicts[cid] = _replace(c, participants=cs)
    for sid, s in facts.supports.items():
        if _curated(s):
            supporter, recipient = ref(s, s.supporter, "supporter", None), ref(s, s.recipient, "recipient", None)
            if supporter == recipient and supporter in facts.states:
                problems.append(Problem.at(s, "a state cannot support itself"))
            if (supporter, recipient) != (s.supporter, s.recipient):
                facts.supports[sid] = _replace(s, supporter=supporter, recipient=recipient)


_Spell = TypeVar("_Spell", Membership, Party, Participant)


def _overlapping(spells: Iterable[_Spell]) -> list[tuple[_Spell, _Spell]]:
    """The pairs of spells of one state (bloc memberships, treaty parties, conflict participants) that
    overlap, each as (earlier, later): the later must start after the earlier ends, compared by first days
    so that partial dates naming the same period overlap, and a spell without dates is always."""
    by_state: dict[str, list[_Spell]] = {}
    for sp in spells:
        by_state.setdefault(sp.state, []).append(sp)
    out = []
    for ms in by_state.values():
        ms = sorted(ms, key=lambda m: m.start.sort_key() if m.start else (PartialDate(1).first_day(), 0))
        for a, b in zip(ms, ms[1:]):
            if a.end is None or b.start is None or b.start.first_day() <= a.end.first_day():
                out.append((a, b))
    return out


def _check_references(facts: FactSet, problems: list[Problem]) -> None:
    """The sources, treaties, blocs and sides of the curated facts, checked against every fact of ``facts``
    (states are resolved and checked by :func:`resolve_states`)."""

    def source_refs(fact: Any, refs: tuple[str, ...], required: bool = True, line: int | None = None) -> None:
        if required and not refs:
            problems.append(Problem.at(fact, "missing source: every fact cites at least one source", line))
        for s in refs:
            if s not in facts.sources:
                close = difflib.get_close_matches(s, sorted(facts.sources), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(Problem.at(fact, f"unknown source {s!r}{hint}", line))

    for kind in ("states", "blocs", "treaties", "conflicts", "supports"):
        for fact in getattr(facts, kind).values():
            if not _curated(fact):
                continue
            source_refs(fact, fact.sources)
            for entry in fact.confidence:
                source_refs(fact, entry.sources, required=False)
    for bloc in facts.blocs.values():
        if not _curated(bloc):
            continue
        for m in bloc.memberships:
            source_refs(bloc, m.sources, required=False, line=m.origin.line if m.origin else None)
        for a, b in _overlapping(bloc.memberships):
            overlap = (f"membership spells of {a.state} overlap ({a.status} from {a.start or '?'} to "
                       f"{a.end or 'open'}; {b.status} from {b.start or '?'})")
            problems.append(Problem.at(bloc, overlap, b.origin.line if b.origin else None))
        if bloc.established_by and bloc.established_by not in facts.treaties:
            problems.append(Problem.at(bloc, f"unknown treaty {bloc.established_by!r} in established_by"))
    _check_supersession_cycles(facts, problems)
    _check_deferral_cycles(facts, problems)
    for t in facts.treaties.values():
        if not _curated(t):
            continue
        for p1, p2 in _overlapping(t.parties):
            when = "" if p1.start is p1.end is p2.start is None else (f" for overlapping periods ({p1.start or '?'} "
                                                                     f"to {p1.end or 'open'}; from {p2.start or '?'})")
            problems.append(Problem.at(t, f"parties name {p1.state} twice{when}",
                                       p2.origin.line if p2.origin else None))
        for s in t.supersedes:
            if s not in facts.treaties:
                problems.append(Problem.at(t, f"unknown treaty {s!r} in supersedes"))
            elif s == t.id:
                problems.append(Problem.at(t, "a treaty cannot supersede itself"))
        for d in t.defers_to:
            if d == t.id:
                problems.append(Problem.at(t, "a treaty cannot defer to itself"))
            elif d in facts.states:
                problems.append(Problem.at(t, f"defers_to names a bloc or treaty; {d!r} is a state"))
            elif d not in facts.blocs and d not in facts.treaties:
                ids = {x.casefold(): x for x in list(facts.blocs) + list(facts.treaties)}
                close = difflib.get_close_matches(d.casefold(), list(ids), n=1)
                hint = f"; did you mean {ids[close[0]]!r}?" if close else ""
                problems.append(Problem.at(t, f"unknown bloc or treaty {d!r} in defers_to{hint}"))
    for c in facts.conflicts.values():
        if not _curated(c):
            continue
        sides: dict[str, set[Side]] = {}
        for p in c.participants:
            sides.setdefault(p.state, set()).add(p.side)
        for state, ss in sides.items():
            if len(ss) > 1:
                problems.append(Problem.at(c, f"{state} is on both sides"))
        for q1, q2 in _overlapping(c.participants):
            if q1.side == q2.side:
                problems.append(Problem.at(c, f"participants name {q1.state} twice on side {q1.side}",
                                           q2.origin.line if q2.origin else None))


def _check_deferral_cycles(facts: FactSet, problems: list[Problem]) -> None:
    """A treaty may not defer to itself through a chain (A defers to B, B to A; a bloc stands for the treaty
    that establishes it): each cycle is reported once, at its first treaty in id order."""
    bloc_treaty = {b.id: b.established_by for b in facts.blocs.values() if b.established_by}
    edges = {tid: sorted({bloc_treaty.get(x, x) for x in t.defers_to} & facts.treaties.keys())
             for tid, t in facts.treaties.items()}
    reported: set[frozenset[str]] = set()
    for tid in sorted(x for x in edges if _curated(facts.treaties[x])):
        t = facts.treaties[tid]
        stack: list[tuple[str, tuple[str, ...]]] = [(tid, (tid,))]
        while stack:
            cur, path = stack.pop()
            for nxt in edges[cur]:
                if nxt == tid:
                    if len(path) == 1 and tid in t.defers_to:
                        continue  # "cannot defer to itself", reported by the caller
                    if frozenset(path) not in reported:
                        reported.add(frozenset(path))
                        problems.append(Problem.at(t, "defers to itself through " + " -> ".join(path + (tid,))))
                elif nxt not in path:
                    stack.append((nxt, path + (nxt,)))


def _check_supersession_cycles(facts: FactSet, problems: list[Problem]) -> None:
    """A treaty may not supersede itself through a chain (A supersedes B supersedes A): each cycle is
    reported once, at the curated treaty with the smallest id on it."""
    reported: set[frozenset[str]] = set()
    for start in sorted(x for x, t in facts.treaties.items() if _curated(t)):
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            tid, path = stack.pop()
            for nxt in facts.treaties[tid].supersedes if tid in facts.treaties else ():
                if nxt == start and len(path) > 1:
                    cycle = frozenset(path)
                    if cycle not in reported:
                        reported.add(cycle)
                        t = facts.treaties[start]
                        problems.append(Problem.at(t, "supersedes itself through "
                                                + " > ".join(path + (start,))))
                elif nxt not in path and nxt in facts.treaties:
                    stack.append((nxt, path + (nxt,)))


def check_facts(facts: FactSet, problems: list[Problem]) -> FactSet:
    """Resolve the states that curated facts name and check their references, against every fact of ``facts``.

    A state in a treaty's parties, a bloc's memberships, a conflict's participants or a support's supporter
    and recipient may be named as on the command line (id, ISO3, COW abbreviation, ccode, name, alias, in any
    case, :class:`~alliancegraph.names.StateNames`) and is replaced by its id; sources, superseded treaties,
    ``established_by`` and ``defers_to`` must exist. Dataset facts are not checked (their importers did).

    Parameters
    ----------
    facts : FactSet
        Everything read (base, overlays and dataset facts, merged); changed in place.
    problems : list of Problem
        Receives every problem, with file, line and fact id.

    Returns
    -------
    FactSet
        ``facts`` itself.

    Examples
    --------
    >>> from alliancegraph.model import Source, State, Support
    >>> facts = FactSet(sources={"s": Source("s", "Reuters", "Report")},
    ...                 states={"RUS": State(id="RUS", name="Russia", sources=("s",)),
    ...                         "PRK": State(id="PRK", name="North Korea", aliases=("DPRK",), sources=("s",))},
    ...                 supports={"x": Support(id="x", supporter="dprk", recipient="Rusia", kind="arms transfer",
    ...                                        sources=("s",), origin=Origin("supports.yaml", 2))})
    >>> problems = []
    >>> check_facts(facts, problems).supports["x"].supporter
    'PRK'
    >>> print(problems[0])
    supports.yaml:2: [x] unknown state 'Rusia' in recipient; did you mean Russia (RUS)?
    """
    resolve_states(facts, problems)
    _check_references(facts, problems)
    return facts


def validate_dir(directory: str | Path) -> tuple[FactSet, list[Problem]]:
    """Read a fact directory and return ``(facts, problems)``; ``problems`` is empty when the facts are valid.

    Problems are sorted by file and line. Raises ``FileNotFoundError`` if ``directory`` does not exist.

    Parameters
    ----------
    directory : str or pathlib.Path
        A fact directory (``docs/facts.md``).

    Returns
    -------
    facts : FactSet
        The facts that could be read.
    problems : list of Problem
        Every problem (file, line, fact id, message), sorted by file and line; empty when the facts are valid.

    Raises
    ------
    FileNotFoundError
        If ``directory`` does not exist.

    Examples
    --------
    >>> from alliancegraph.workspace import default_facts_dir
    >>> facts, problems = validate_dir(default_facts_dir())
    >>> problems, "rus-prk-2024" in facts.treaties
    ([], True)
    """
    facts, problems, _ = read_fact_dirs([directory])
    check_facts(facts, problems)
    return facts, sorted(set(problems))


def load_facts(directory: str | Path) -> FactSet:
    """Read and validate a fact directory.

    Parameters
    ----------
    directory : str or pathlib.Path
        A fact directory (``docs/facts.md``).

    Returns
    -------
    FactSet
        The facts, keyed by id.

    Raises
    ------
    FactValidationError
        With every problem found (file, line, fact id, message), if there is any.
    FileNotFoundError
        If ``directory`` does not exist.

    Examples
    --------
    >>> from alliancegraph.workspace import default_facts_dir
    >>> load_facts(default_facts_dir()).treaties["rus-prk-2024"].name
    'Treaty on Comprehensive Strategic Partnership (Russia-DPRK)'
    """
    facts, problems = validate_dir(directory)
    if problems:
        raise FactValidationError(problems)
    return facts


# ---------------------------------------------------------------------------- templates
def _vocab(values: Iterable[str]) -> str:
    return ", ".join(values)


_HEAD = ("# {what} ({doc}).\n"
         "# Save as {file} in a fact directory or in an --overlay directory (an overlay needs no\n"
         "# sources.yaml of its own: it may cite the base's sources), replace every <...>, delete the optional\n"
         "# lines you do not need, then run `alliancegraph validate --overlay DIR`.\n"
         "# A date is YYYY, YYYY-MM or YYYY-MM-DD. A state (<STATE>) may be named as on the command line: ISO3\n"
         "# code, COW abbreviation, COW ccode, name or alias, in any case; it is stored as the state's id.\n")

_COMMON_TAIL = (
    "    codes: {{}}                      # optional: {codes}\n"
    "    confidence: confirmed          # {confidence};\n"
    "                                   # or a dated history, oldest first (docs/facts.md)\n"
    "    sources: [<source-id>]         # required: ids of sources (sources.yaml of the base or of the overlay)\n"
    "    note: <text>                   # optional: free text\n"
    "    # crosscheck: {{ignore: <text>}}   # optional: why a finding of `alliancegraph crosscheck` is deliberate\n"
    "                                   # (reported as acknowledged, never hidden; kinds: [...] narrows it)\n")

_ID = ("  - id: <id>                       # required: lower-case kebab case, e.g. {example}; a fact of an\n"
       "                                   # overlay with the id of a base fact replaces it{whole}\n")

_TEMPLATES: dict[str, tuple[str, str, str, str]] = {
    "treaty": ("treaties", "treaty, declaration or agreement", (
        _ID.format(example="rus-prk-2024", whole="") +
        "    name: <text>                   # required: the full name\n"
        "    short_name: <text>             # optional: the usual short name (quote one YAML reads as a number)\n"
        "    kind: treaty                   # {treaty_kinds}\n"
        "    parties:                       # required, at least two\n"
        "      - {{state: <STATE>}}\n"
        "      - {{state: <STATE>, ratified: <date>}}\n"
        "                                   # optional per party: ratified, and from/to (its own validity)\n"
        "    signed: <date>                 # signed or in_force required\n"
        "    in_force: <date>               # optional: entry into force (it counts from it, else from signed)\n"
        "    ended: null                    # optional: its end; null means still in force\n"
        "    obligations:                   # type: {obligations}\n"
        "      - {{type: defense, articles: [\"<text>\"]}}\n"
        "                                   # (ATOP/COW; none: no security obligation); articles optional\n"
        "    supersedes: []                 # optional: ids of treaties it replaces from its entry into force\n"
        "    defers_to: []                  # optional: ids of blocs or treaties through which its obligations\n"
        "                                   # are exercised among their own members (Art. 42(7) TEU: [nato])\n"),
        "the same treaty's dataset codes, e.g. {atop: 3180, cow-alliance: 227}"),
    "bloc": ("blocs", "organization or alliance bloc", (
        _ID.format(example="nato", whole=", memberships and all") +
        "    name: <text>                   # required: the full name\n"
        "    short_name: <text>             # optional: the usual short name or acronym (NATO)\n"
        "    kind: alliance                 # alliance, organization, union, ... (free; igo makes no ties)\n"
        "    established_by: <treaty-id>    # optional: id of the treaty that establishes it\n"
        "    founded: <date>                # optional\n"
        "    dissolved: null                # optional: null means it still exists\n"
        "    memberships:                   # a state's spells may not overlap\n"
        "      - {{state: <STATE>, status: member, from: <date>}}\n"
        "      - {{state: <STATE>, status: member, from: <date>, to: <date>, sources: [<source-id>]}}\n"
        "                                   # status: {statuses}\n"
        "                                   # (only member makes ties); from, to and sources optional\n"),
        "the same organisation's dataset code, e.g. {cow-igo: nato}"),
    "conflict": ("conflicts", "war, militarized dispute or sanctions regime", (
        _ID.format(example="korean-war", whole="") +
        "    name: <text>                   # required\n"
        "    kind: militarized dispute      # {conflict_kinds}\n"
        "    start: <date>                  # required\n"
        "    end: null                      # optional: null means ongoing\n"
        "    hostility_level: <1-5>         # required, on the MID scale:\n"
        "                                   # {hostility}\n"
        "    participants:                  # required, on both sides; states on opposite sides are hostile\n"
        "      - {{state: <STATE>, side: A}}  # A began the conflict (MID's SideA)\n"
        "      - {{state: <STATE>, side: B, from: <date>}}\n"
        "                                   # from, to optional: a part of the conflict\n"
        "    # fatality_level: 0            # optional, MID: {fatality}\n"
        "    # outcome: <text>              # optional, e.g. stalemate, compromise, victory for side A\n"),
        "the same dispute's dataset codes, e.g. {cow-mid: [61]}"),
    "support": ("supports", "support relation between two states", (
        _ID.format(example="prk-rus-troops-2024", whole="") +
        "    supporter: <STATE>             # required: the state that gives\n"
        "    recipient: <STATE>             # required: the state that receives\n"
        "    kind: arms transfer            # required: arms transfer, troop deployment, military aid,\n"
        "                                   # financial aid, ...\n"
        "    start: <date>                  # optional\n"
        "    end: null                      # optional: null means ongoing\n"),
        "dataset codes (no dataset records support relations)"),
}

TEMPLATE_KINDS = tuple(_TEMPLATES)
"""The facts :func:`fact_template` writes a skeleton of."""


def fact_template(kind: str) -> str:
    """A commented YAML skeleton of one fact, a whole fact file: every field with what it means and its
    vocabulary; valid once every ``<...>`` placeholder is filled in.

    The placeholders are ``<id>`` (a new id), ``<text>``, ``<date>``, ``<STATE>`` (a state named as on the
    command line), ``<source-id>`` (a source's id), for a bloc ``<treaty-id>`` (the treaty establishing it)
    and for a conflict ``<1-5>`` (the hostility level). Unfilled, the skeleton does not validate.

    Parameters
    ----------
    kind : {'treaty', 'bloc', 'conflict', 'support'}

    Returns
    -------
    str
        The text of a ``treaties.yaml``, ``blocs.yaml``, ``conflicts.yaml`` or ``supports.yaml`` holding the
        one fact.

    Raises
    ------
    InvalidArgumentError
        For another kind.

    Examples
    --------
    >>> print(fact_template("support").splitlines()[6])
    supports:
    >>> fact_template("state")
    Traceback (most recent call last):
    ...
    alliancegraph.errors.InvalidArgumentError: no template for 'state' (one of treaty, bloc, conflict, support)
    """
    if kind not in _TEMPLATES:
        raise InvalidArgumentError(f"no template for {kind!r} (one of {', '.join(_TEMPLATES)})")
    key, what, body, codes = _TEMPLATES[kind]
    head = _HEAD.format(what=("An " if what[0] in "aeiou" else "A ") + what, doc=f"docs/facts.md, {FILES[key]}", file=FILES[key])
    text = (body + _COMMON_TAIL).format(
        codes=codes, treaty_kinds=_vocab(TreatyKind.values()), obligations=_vocab(Obligation.values()),
        statuses=_vocab(MembershipStatus.values()), conflict_kinds=_vocab(ConflictKind.values()),
        confidence=_vocab(Confidence.values()),
        hostility="; ".join(f"{n} {w}" for n, w in HOSTILITY_LEVELS.items()),
        fatality="0 none, 1 1-25 deaths, ..., 6 more than 999 deaths")
    return head + f"{key}:\n" + text
