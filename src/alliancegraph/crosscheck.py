"""Cross-checking curated facts against the datasets loaded beside them, and against themselves.

Owns: the checks behind ``alliancegraph crosscheck`` (:func:`crosscheck_sources`, :func:`cross_check`), their
findings (:class:`Finding`, :class:`DatasetRow`) and the result (:class:`CrossCheck`); the twin rule
(:data:`SAME_PARTIES`, :data:`TWIN_START_YEARS`).

Must not know: the YAML format (a fact's acknowledgement is read by :mod:`alliancegraph.facts` into
``crosscheck``, a :class:`~alliancegraph.model.CrossCheckAck`), dataset formats (the importers read them:
:func:`~alliancegraph.importers.atop_members` keeps ATOP's obligations member by member), the command line.

What a careful analyst checks by hand (``docs/facts.md``, "Cross-checking"); the kinds are
:data:`~alliancegraph.model.CROSSCHECK_KINDS`:

* ``missing-code``: a curated treaty without an ``atop`` code, a bloc without a ``cow-igo`` code or a
  conflict without a ``cow-mid``/``gml-mid`` code whose likely twin is in a loaded dataset (the code to add),
  and a code that names nothing in the loaded dataset of its system;
* ``obligations``: the treaty's obligations against ATOP's coding of each member of the coded twin (or of the
  likely twin), member row by member row (``atop4_01m.csv``: ``defense``, ``offense``, ``neutral``,
  ``nonagg``, ``consul``; Leeds et al. 2002, ATOP codebook v4.01);
* ``outside-state``: a party's, member's or participant's spell outside the state's existence (the COW state
  list's spells when it is loaded, else the curated state's ``from``/``to``);
* ``state-spells``: a curated state's own ``from``/``to`` or ``spells`` against the COW state list;
* ``bloc-treaty``: a bloc's memberships (status ``member``) against the party dates of the treaty that
  establishes it (``established_by``), both ways.

Dates compare as periods, the tolerance of every check: a date agrees when some day of its period would
(a curated day inside ATOP's or COW's year agrees, and so does a curated year that holds COW's day). A
finding that is deliberate is acknowledged in the fact (``crosscheck: {ignore: "reason"}``) and reported as
acknowledged with its reason, never dropped.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .dates import PartialDate, earlier_end, later_start, merge_spells, overlaps, span_text
from .facts import FactValidationError
from .graph import AllianceGraph
from .importers import AtopMember, atop_members, detect_format, state_id
from .model import CROSSCHECK_KINDS, Bloc, Conflict, FactSet, MembershipStatus, Obligation, State, Treaty
from .workspace import DatasetSpec, check_sources

__all__ = ["Finding", "DatasetRow", "CrossCheck", "crosscheck_sources", "cross_check", "SAME_PARTIES", "TWIN_START_YEARS"]

SAME_PARTIES = 2 / 3
"""How alike the state sets of a curated fact and a dataset fact must be for a likely twin: their Jaccard
index (shared states over all states) at least this (a bilateral treaty's twin has the same two states)."""

TWIN_START_YEARS = 3
"""A likely twin starts within this many years of the curated fact (ATOP dates an alliance from signature,
the seed a treaty from entry into force; COW IGO v3 observes every five years before 1965), besides
overlapping it in time."""

_Span = tuple["PartialDate | None", "PartialDate | None"]

_ROW_KEYS = {"atop": "atopid", "cow-igo": "column", "cow-mid": "dispnum", "gml-mid": "dispnum"}
"""What a dataset calls the code of a twin's row, in the field's terms."""


@dataclass(frozen=True)
class DatasetRow:
    """The dataset row (or curated line) a finding compares with: ``dataset`` (``'atop'``, ``'cow-states'``,
    ``'cow-mid'``, ``'curated'``...), file and 1-based line, and ``ref``, what the row is in the field's
    terms (``'atopid 3180, member 2, phase 1'``)."""

    dataset: str
    file: str
    line: int | None
    ref: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{self.dataset} {where} ({self.ref})"


@dataclass(frozen=True)
class Finding:
    """One disagreement: where the curated fact is (file, 1-based line, fact id), its ``kind``
    (:data:`~alliancegraph.model.CROSSCHECK_KINDS`), a one-line ``message``, the dataset ``row`` it
    disagrees with, and ``acknowledged``: the fact's reason when it carries the finding on purpose.

    Examples
    --------
    >>> f = Finding("seed/treaties.yaml", 7, "rus-irn-2001", "missing-code", "add codes: {atop: 4990}",
    ...             DatasetRow("atop", "atop4_01m.csv", 2101, "atopid 4990"))
    >>> print(f)
    seed/treaties.yaml:7: [rus-irn-2001] missing-code: add codes: {atop: 4990}; atop atop4_01m.csv:2101 (atopid 4990)
    """

    file: str
    line: int
    fact_id: str
    kind: str
    message: str
    row: DatasetRow | None = None
    acknowledged: str | None = None

    def __str__(self) -> str:
        row = f"; {self.row}" if self.row is not None else ""
        ack = f" [acknowledged: {self.acknowledged}]" if self.acknowledged is not None else ""
        return f"{self.file}:{self.line}: [{self.fact_id}] {self.kind}: {self.message}{row}{ack}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``kind, file, line, fact_id, message, dataset, row_file, row_line, row, acknowledged``."""
        r = self.row
        return {"kind": self.kind, "file": self.file, "line": self.line, "fact_id": self.fact_id,
                "message": self.message, "dataset": r.dataset if r else None, "row_file": r.file if r else None,
                "row_line": r.line if r else None, "row": r.ref if r else None, "acknowledged": self.acknowledged}


@dataclass(frozen=True)
class CrossCheck:
    """What :func:`cross_check` found: every finding (sorted by file and line), acknowledged ones included,
    and the datasets that were loaded to check against.

    Examples
    --------
    >>> c = CrossCheck([Finding("t.yaml", 2, "x", "obligations", "differs", acknowledged="on purpose")], ["atop"])
    >>> c.ok, c.to_dict()["counts"]
    (True, {'findings': 1, 'acknowledged': 1, 'unacknowledged': 0})
    """

    findings: list[Finding]
    datasets: list[str] = field(default_factory=list)

    @property
    def unacknowledged(self) -> list[Finding]:
        """The findings no fact acknowledges."""
        return [f for f in self.findings if f.acknowledged is None]

    @property
    def ok(self) -> bool:
        """Whether every finding is acknowledged (what the exit status of ``crosscheck`` says)."""
        return not self.unacknowledged

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"findings": [...], "counts": {...}, "datasets": [...]}``, as ``crosscheck --json``
        prints it."""
        n, u = len(self.findings), len(self.unacknowledged)
        return {"findings": [f.to_dict() for f in self.findings],
                "counts": {"findings": n, "acknowledged": n - u, "unacknowledged": u},
                "datasets": list(self.datasets)}


# ---------------------------------------------------------------------------- periods
def _starts_within(inner: PartialDate | None, outer: PartialDate | None) -> bool:
    """Whether a start ``inner`` can be no earlier than ``outer``, as periods (None: no claim / since always)."""
    return outer is None or inner is None or inner.last_day() >= outer.first_day()


def _ends_within(inner: PartialDate | None, outer: PartialDate | None) -> bool:
    """Whether an end ``inner`` can be no later than ``outer``, as periods (None: still in force)."""
    return outer is None or (inner is not None and inner.first_day() <= outer.last_day())


def _within(span: _Span, spells: Iterable[_Span]) -> bool:
    """Whether ``span`` lies within one of ``spells``, at the tolerance of periods."""
    return any(_starts_within(span[0], a) and _ends_within(span[1], b) for a, b in spells)


def _same_period(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Whether two dates can name the same day (both None: both open)."""
    if a is None or b is None:
        return a is b
    return a.first_day() <= b.last_day() and b.first_day() <= a.last_day()


def _spells_text(spells: Sequence[_Span]) -> str:
    return ", ".join(span_text(a, b) for a, b in spells) or "always"


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _start_gap(a: Iterable[PartialDate | None], b: PartialDate | None) -> float:
    """Years between the nearest of the starts ``a`` and ``b`` (infinite when unknown)."""
    days = [abs((x.first_day() - b.first_day()).days) for x in a if x is not None and b is not None]
    return min(days) / 365.25 if days else float("inf")


# ---------------------------------------------------------------------------- the checks
class _Checker:
    def __init__(self, facts: FactSet, as_read: FactSet, members: Sequence[AtopMember]):
        self.facts, self.as_read = facts, as_read
        self.findings: list[Finding] = []
        self.loaded = sorted({f.dataset for kind in FactSet.KINDS if kind != "sources"
                              for f in getattr(facts, kind).values() if f.dataset != "curated"}
                             | {sp.origin.dataset for st in facts.states.values() for sp in st.spells
                                if sp.origin is not None and sp.origin.dataset != "curated"})
        self.ccodes = {st.ccode: sid for sid, st in sorted(facts.states.items()) if st.ccode is not None}
        self.members: dict[int, list[AtopMember]] = {}
        for m in members:
            self.members.setdefault(m.atopid, []).append(m)
        curated = FactSet(sources=facts.sources, states=facts.states, treaties=facts.treaties,
                          blocs=self._curated("blocs"), conflicts=self._curated("conflicts"))
        self.graph = AllianceGraph.from_facts(curated)

    def _curated(self, kind: str) -> dict[str, Any]:
        return {k: f for k, f in getattr(self.facts, kind).items() if f.dataset == "curated"}

    def add(self, fact: Any, kind: str, message: str, row: DatasetRow | None, line: int | None = None) -> None:
        o = fact.origin
        ack = fact.crosscheck
        self.findings.append(Finding(o.file if o else "<facts>", line or (o.line if o else 0) or 0, fact.id, kind,
                                     message, row, ack.reason if ack is not None and ack.covers(kind) else None))

    def run(self) -> CrossCheck:
        twins = self.missing_codes()
        self.obligations(twins)
        self.outside_states()
        self.state_spells()
        self.bloc_treaties()
        assert all(f.kind in CROSSCHECK_KINDS for f in self.findings)
        return CrossCheck(sorted(set(self.findings), key=lambda f: (f.file, f.line, f.kind, f.message)), self.loaded)

    # -- 1. codes
    def missing_codes(self) -> dict[str, int]:
        """Findings of missing and unknown codes; the ATOP twin (atopid) of each curated treaty."""
        twins: dict[str, int] = {}
        systems = {"treaties": ({"atop"}, ("atop", "cow-alliance")), "blocs": ({"cow-igo"}, ("cow-igo",)),
                   "conflicts": ({"cow-mid", "gml-mid"}, ("cow-mid", "gml-mid"))}
        for kind, (datasets, suggest) in systems.items():
            table = getattr(self.facts, kind)
            loaded = datasets & set(self.loaded)
            if not loaded:
                continue
            curated = [f for f in table.values() if f.dataset == "curated"]
            claimed = {c for f in curated for c in f.codes}
            pool = [f for f in table.values() if f.dataset in loaded and not claimed & set(f.codes)]
            known = {c for f in table.values() if f.dataset in loaded for c in f.codes}
            for f in curated:
                for code in f.codes:
                    system = code.split(":", 1)[0]
                    if system in loaded and code not in known:
                        self.add(f, "missing-code", f"codes: {{{system}: {code.split(':', 1)[1]}}} names nothing in "
                                                    f"the loaded {system} data", None)
            groups = self._groups(pool)
            for f in sorted(curated, key=lambda x: x.id):
                if any(c.split(":", 1)[0] in datasets for c in f.codes):
                    for c in f.codes:
                        if c.startswith("atop:") and c[5:].isdigit():
                            twins.setdefault(f.id, int(c[5:]))
                    continue
                twin = self._twin(f, groups)
                if twin is None:
                    continue
                head, codes = twin
                # the codes of the loaded datasets' systems (and ATOP's own cow4id, a COW alliance number)
                wanted = sorted({c for c in codes if c.split(":", 1)[0] in (loaded | {"cow-alliance"}) & set(suggest)},
                                key=lambda c: (suggest.index(c.split(":", 1)[0]), c))
                text = ", ".join(f"{c.split(':', 1)[0]}: {c.split(':', 1)[1]}" for c in wanted)
                o = head.origin
                self.add(f, "missing-code", f"add codes: {{{text}}}: likely twin {head.name!r}, same "
                                            f"{'members' if kind == 'blocs' else 'parties'} and overlapping dates",
                         DatasetRow(head.dataset, o.file, o.line, " ".join(
                             (_ROW_KEYS[head.dataset], next(c for c in head.codes if c.startswith(f"{head.dataset}:"))
                              .split(":", 1)[1]))))
                for c in wanted:
                    if c.startswith("atop:"):
                        twins[f.id] = int(c[5:])
        return twins

    @staticmethod
    def _groups(pool: list[Any]) -> list[tuple[Any, set[str], list[Any]]]:
        """Dataset facts that are one thing (the phases of an ATOP alliance, a GML dispute and its MID):
        ``(head fact, every code, every fact)``, the head the first by id."""
        by_code: dict[str, list[Any]] = {}
        for f in sorted(pool, key=lambda x: (x.same_as is not None, x.id)):
            key = f.same_as or next((c for c in f.codes if c.startswith("atop:")), f.id)
            by_code.setdefault(key, []).append(f)
        out = []
        for fs in by_code.values():
            out.append((fs[0], {c for f in fs for c in f.codes}, fs))
        return out

    def _twin(self, fact: Any, groups: list[tuple[Any, set[str], list[Any]]]) -> tuple[Any, set[str]] | None:
        """The likely twin of ``fact`` among dataset facts: alike parties (:data:`SAME_PARTIES`), overlapping
        dates (a dataset fact in force at the end of its data runs on) and a start within
        :data:`TWIN_START_YEARS`; the most alike, then the nearest start, then the first by id."""
        states, span, starts = self._who_when(fact)
        if len(states) < 2:
            return None
        best: tuple[float, float, str] | None = None
        found = None
        for head, codes, fs in groups:
            other: set[str] = set()
            o_start: PartialDate | None = None
            o_end: PartialDate | None = None
            is_open = False
            for f in fs:
                s, (a, b), _ = self._who_when(f)
                other |= s
                o_start = a if o_start is None or (a is not None and a.first_day() < o_start.first_day()) else o_start
                if b is None:
                    is_open = True
                elif o_end is None or b.last_day() > o_end.last_day():
                    o_end = b
            score = _jaccard(states, other)
            if score < SAME_PARTIES:
                continue
            last = _dt.date.max if is_open or o_end is None else o_end.last_day()
            first = o_start.first_day() if o_start is not None else _dt.date.min
            gap = _start_gap(starts, o_start)
            if not overlaps(span[0], span[1], first, last) or gap > TWIN_START_YEARS:
                continue
            rank = (-score, gap, head.id)
            if best is None or rank < best:
                best, found = rank, (head, codes)
        return found

    def _who_when(self, f: Any) -> tuple[set[str], _Span, tuple[PartialDate | None, ...]]:
        """The states of a treaty, bloc or conflict, its span and its possible starts."""
        if isinstance(f, Treaty):
            return {p.state for p in f.parties}, (f.start, f.ended), (f.signed, f.in_force)
        if isinstance(f, Bloc):
            return ({m.state for m in f.memberships if m.status == MembershipStatus.MEMBER},
                    (f.founded, f.dissolved), (f.founded,))
        assert isinstance(f, Conflict)
        return {p.state for p in f.participants}, (f.start, f.end), (f.start,)

    # -- 2. obligations
    def obligations(self, twins: dict[str, int]) -> None:
        """Each party's obligations against ATOP's row of that member; the members of one treaty with the same
        disagreement make one finding (at the party's line when it is one member), naming every row."""
        for tid, atopid in sorted(twins.items()):
            t = self.facts.treaties[tid]
            ours = frozenset(o.type for o in t.obligations) - {Obligation.NONE, Obligation.ENTENTE}
            parties = {p.state: p for p in t.parties}
            same: dict[frozenset[Obligation], list[tuple[str, AtopMember]]] = {}
            for m in self.members.get(atopid, []):
                sid = state_id(m.ccode, self.ccodes)
                if sid in parties and m.obligations != ours:
                    same.setdefault(m.obligations, []).append((sid, m))
            for theirs, rows in sorted(same.items(), key=lambda kv: kv[1][0][1].origin.line or 0):
                added, missing = theirs - ours, ours - theirs
                what = "; ".join(x for x in (
                    f"ATOP also codes {_names(added)}" if added else "",
                    f"ATOP does not code {_names(missing)}" if missing else "") if x)
                states = sorted({sid for sid, _ in rows}, key=lambda x: [q.state for q in t.parties].index(x))
                phases = sorted({m.phase for _, m in rows})
                first = min((m for _, m in rows), key=lambda m: m.origin.line or 0)
                who = states[0] if len(states) == 1 else f"{len(states)} parties ({', '.join(states)})"
                p = parties[states[0]]
                self.add(t, "obligations", f"{who}: the treaty has {_names(ours) or 'no obligation'}, ATOP "
                                           f"{atopid} codes {_names(theirs) or 'none'} ({what})",
                         DatasetRow("atop", first.origin.file, first.origin.line,
                                    f"atopid {atopid}, member{'s' if len(rows) > 1 else ''} "
                                    f"{', '.join(str(c) for c in sorted({m.ccode for _, m in rows}))}, "
                                    f"phase{'s' if len(phases) > 1 else ''} {', '.join(map(str, phases))}; "
                                    f"{len(rows)} row{'s' if len(rows) > 1 else ''}"),
                         p.origin.line if p.origin and len(states) == 1 else None)

    # -- 3. existence
    def _existence(self, sid: str) -> tuple[State | None, list[_Span]]:
        st = self.facts.states.get(sid)
        return st, merge_spells([(sp.start, sp.end) for sp in st.spells]) if st is not None else []

    def _outside(self, fact: Any, sid: str, span: _Span, what: str, line: int | None) -> None:
        st, spells = self._existence(sid)
        if st is None or not spells or _within(span, spells):
            return
        sp = next((s for s in st.spells if overlaps(span[0], span[1], s.start.first_day(),
                                                     s.end.last_day() if s.end else _dt.date.max)), st.spells[0])
        o = sp.origin or st.origin
        source = o.dataset if o is not None else "curated"
        row = DatasetRow(source, o.file if o else "<facts>", o.line if o else None,
                         f"{sid} spell {span_text(sp.start, sp.end)}")
        self.add(fact, "outside-state", f"{sid} is {what} {span_text(*span)}, outside the existence of {sid} "
                                        f"({_spells_text(spells)}, {'COW state list' if source == 'cow-states' else 'curated'})",
                 row, line)

    def outside_states(self) -> None:
        for t in self._sorted("treaties"):
            t_span = self.graph.treaty_span(t.id)
            for p in t.parties:
                span = (later_start(p.start, t_span[0]), earlier_end(p.end, t_span[1]))
                self._outside(t, p.state, span, "a party", p.origin.line if p.origin else None)
        for b in self._sorted("blocs"):
            for m in b.memberships:
                what = f"{'an' if m.status.value[0] in 'aeiou' else 'a'} {m.status.value}"
                self._outside(b, m.state, (m.start or b.founded, m.end or b.dissolved), what,
                              m.origin.line if m.origin else None)
        for c in self._sorted("conflicts"):
            for q in c.participants:
                self._outside(c, q.state, (q.start or c.start, q.end or c.end), f"on side {q.side.value}",
                              q.origin.line if q.origin else None)

    def _sorted(self, kind: str) -> list[Any]:
        return sorted((f for f in getattr(self.facts, kind).values() if f.dataset == "curated"), key=lambda f: f.id)

    def state_spells(self) -> None:
        for sid, own in sorted(self.as_read.states.items()):
            st = self.facts.states.get(sid)
            if not own.spells or st is None or not st.spells or st.spells[0].origin is None \
                    or st.spells[0].origin.dataset != "cow-states":
                continue
            if len(own.spells) == len(st.spells) and all(
                    _same_period(a.start, b.start) and _same_period(a.end, b.end) for a, b in zip(own.spells, st.spells)):
                continue
            pairs = list(zip(own.spells, st.spells))
            at = next((i for i, (a, b) in enumerate(pairs)
                       if not (_same_period(a.start, b.start) and _same_period(a.end, b.end))), len(pairs))
            cow = st.spells[min(at, len(st.spells) - 1)]
            own_spell = own.spells[min(at, len(own.spells) - 1)]
            assert cow.origin is not None
            self.add(own, "state-spells", f"{sid} exists {_spells_text([(s.start, s.end) for s in own.spells])} here, "
                                          f"{_spells_text([(s.start, s.end) for s in st.spells])} in the COW state list",
                     DatasetRow("cow-states", cow.origin.file, cow.origin.line,
                                f"{sid} spell {span_text(cow.start, cow.end)}"),
                     own_spell.origin.line if own_spell.origin else None)

    # -- 4. blocs and their treaties
    def bloc_treaties(self) -> None:
        for b in self._sorted("blocs"):
            t = self.facts.treaties.get(b.established_by) if b.established_by else None
            if t is None:
                continue
            t_span = self.graph.treaty_span(t.id)
            parties: dict[str, list[_Span]] = {}
            lines: dict[str, int | None] = {}
            for p in t.parties:
                parties.setdefault(p.state, []).append((later_start(p.start, t_span[0]), earlier_end(p.end, t_span[1])))
                lines.setdefault(p.state, p.origin.line if p.origin else None)
            members: dict[str, list[_Span]] = {}
            for m in b.memberships:
                if m.status != MembershipStatus.MEMBER:
                    continue
                span = (m.start or b.founded, m.end or b.dissolved)
                members.setdefault(m.state, []).append(span)
                if not _within(span, parties.get(m.state, [])):
                    had = _spells_text(parties[m.state]) if m.state in parties else "never"
                    self.add(b, "bloc-treaty", f"{m.state} is a member {span_text(*span)}, a party to {t.id} {had}",
                             self._party_row(t, lines.get(m.state), m.state, parties.get(m.state)),
                             m.origin.line if m.origin else None)
            for sid, spans in sorted(parties.items()):
                held = merge_spells(members.get(sid, []))
                for a, e in spans:
                    span = (later_start(a, b.founded), earlier_end(e, b.dissolved))
                    if span[0] is not None and span[1] is not None and span[1].last_day() < span[0].first_day():
                        continue  # a party only outside the bloc's life
                    if not _within(span, held):
                        self.add(b, "bloc-treaty", f"{sid} is a party to {t.id} {span_text(*span)} in the bloc's life, "
                                                   f"a member {_spells_text(held) if held else 'never'}",
                                 self._party_row(t, lines.get(sid), sid, spans))

    @staticmethod
    def _party_row(t: Treaty, line: int | None, sid: str, spans: list[_Span] | None) -> DatasetRow:
        o = t.origin
        return DatasetRow("curated", o.file if o else "<facts>", line or (o.line if o else None),
                          f"{t.id} party {sid} {_spells_text(spans) if spans else 'none'}")


def _names(obligations: Iterable[Obligation]) -> str:
    return ", ".join(o.value for o in Obligation if o in set(obligations))


def cross_check(facts: FactSet, as_read: FactSet | None = None, members: Sequence[AtopMember] = ()) -> CrossCheck:
    """Cross-check the curated facts of ``facts`` against its dataset facts and against themselves.

    Parameters
    ----------
    facts : FactSet
        Validated facts, curated and dataset ones merged (:attr:`~alliancegraph.workspace.Validation.facts`).
    as_read : FactSet, optional
        The curated facts as read, before the merge (their states' own ``from``/``to``, which the COW state
        list replaces in ``facts``); default ``facts``.
    members : sequence of AtopMember
        ATOP's member rows (:func:`~alliancegraph.importers.atop_members`) for the obligations check.

    Returns
    -------
    CrossCheck
        Every finding, acknowledged ones included.

    Examples
    --------
    A party to a treaty before its state exists (the curated state's ``from``):

    >>> from alliancegraph.model import Origin, Party, Source, State, StateSpell, Treaty
    >>> from alliancegraph.dates import PartialDate as D
    >>> facts = FactSet(sources={"s": Source("s", "p", "t")},
    ...     states={"RUS": State(id="RUS", name="Russia"), "ARM": State(id="ARM", name="Armenia",
    ...             spells=(StateSpell(D(1991, 12, 26)),))},
    ...     treaties={"t": Treaty(id="t", name="T", signed=D(1990), parties=(Party("RUS"), Party("ARM")),
    ...                           origin=Origin("treaties.yaml", 3))})
    >>> print(cross_check(facts).findings[0].message)
    ARM is a party 1990/.., outside the existence of ARM (1991-12-26/.., curated)
    """
    return _Checker(facts, as_read if as_read is not None else facts, members).run()


def crosscheck_sources(paths: Iterable[str | Path], datasets: DatasetSpec = (), overlay: Iterable[str | Path] = ()
               ) -> CrossCheck:
    """Read fact directories and dataset files (as ``validate`` does) and cross-check them (:func:`cross_check`).

    Parameters
    ----------
    paths : fact directories, dataset files or directories of dataset files
        As :func:`~alliancegraph.workspace.read_facts` (``'seed'`` for the packaged seed).
    datasets : (format, file) pairs
        Dataset files named with their format.
    overlay : fact directories
        Directories of new or changed facts over ``paths``.

    Returns
    -------
    CrossCheck

    Raises
    ------
    FactValidationError
        With every problem, when the sources do not validate (nothing is checked).
    FileNotFoundError, InvalidArgumentError
        For sources that do not exist or are not facts or datasets.

    Examples
    --------
    >>> crosscheck_sources(["seed"]).datasets
    []
    """
    v = check_sources(paths, datasets, overlay)
    if v.problems:
        raise FactValidationError(v.problems)
    files = sorted({t.origin.file for t in v.facts.treaties.values() if t.dataset == "atop" and t.origin})
    members = [m for f in files if detect_format(f).name == "atop-member" for m in atop_members(f)]
    return cross_check(v.facts, v.curated, members)
