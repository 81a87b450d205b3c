"""The fact model: states, blocs, treaties, conflicts, support relations and their sources.

Owns: the fact dataclasses (:class:`State`, :class:`Bloc`, :class:`Treaty`, :class:`Conflict`,
:class:`Support` and their parts), the field's vocabularies (:class:`Confidence`, :class:`Obligation`,
:data:`HOSTILITY_LEVELS`, :data:`CODE_SYSTEMS`, ...), a fact's confidence as of a date
(:func:`confidence_as_of`), :class:`FactSet` with its merge rule and :func:`link_facts`.

Must not know: how facts are read (YAML in :mod:`alliancegraph.facts`, datasets in
:mod:`alliancegraph.importers`), how states are named (:mod:`alliancegraph.names`), the property graph built
from them, analyses, views, the command line, Neo4j. It imports only :mod:`alliancegraph.dates`.

Facts are plain frozen dataclasses. They come from curated YAML (:mod:`alliancegraph.facts`) or from the
field's standard datasets (:mod:`alliancegraph.importers`) and are turned into the property graph by
:mod:`alliancegraph.graph`. The vocabularies follow the field's codebooks:

* obligations: ATOP v4/v5 (Leeds et al. 2002) ``defense``, ``offense``, ``neutrality``, ``non-aggression``,
  ``consultation``, plus COW Formal Alliances' type III ``entente`` and ``none``;
* hostility levels: COW MID 5.0 (Palmer et al. 2022) 1 no militarized action, 2 threat to use force,
  3 display of force, 4 use of force, 5 war.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace as _replace
from enum import Enum
from typing import Any

from .dates import PartialDate

__all__ = [
    "Confidence", "Obligation", "MembershipStatus", "TreatyKind", "ConflictKind", "Side",
    "Origin", "Source", "ConfidenceEntry", "State", "StateSpell", "Membership", "Bloc", "Party",
    "ObligationClause", "Treaty", "Participant", "Conflict", "Support", "FactSet",
    "HOSTILITY_LEVELS", "CODE_SYSTEMS", "CROSSCHECK_KINDS", "CrossCheckAck", "confidence_as_of", "link_facts",
]


class _Vocab(str, Enum):
    """A closed vocabulary whose values are the strings written in fact files and in Neo4j."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class Confidence(_Vocab):
    """How well a fact is established, strongest first: confirmed > reported > alleged > denied."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    ALLEGED = "alleged"
    DENIED = "denied"

    @property
    def rank(self) -> int:
        """3 for confirmed down to 0 for denied."""
        return {"confirmed": 3, "reported": 2, "alleged": 1, "denied": 0}[self.value]


class Obligation(_Vocab):
    """A treaty obligation on the ATOP (defense .. consultation) and COW (entente) vocabulary."""

    DEFENSE = "defense"
    OFFENSE = "offense"
    NEUTRALITY = "neutrality"
    NON_AGGRESSION = "non-aggression"
    CONSULTATION = "consultation"
    ENTENTE = "entente"
    NONE = "none"


class MembershipStatus(_Vocab):
    """The status of a state in a bloc during one membership spell."""

    MEMBER = "member"
    OBSERVER = "observer"
    SUSPENDED = "suspended"
    FROZEN = "frozen"
    PARTNER = "partner"
    DIALOGUE_PARTNER = "dialogue partner"
    ASSOCIATE = "associate"


class TreatyKind(_Vocab):
    TREATY = "treaty"
    DECLARATION = "declaration"
    AGREEMENT = "agreement"


class ConflictKind(_Vocab):
    WAR = "war"
    MILITARIZED_DISPUTE = "militarized dispute"
    SANCTIONS_REGIME = "sanctions regime"


class Side(_Vocab):
    """The two sides of a conflict; A is the side that began it (MID's SideA = 1)."""

    A = "A"
    B = "B"


HOSTILITY_LEVELS = {
    1: "no militarized action",
    2: "threat to use force",
    3: "display of force",
    4: "use of force",
    5: "war",
}
"""COW MID 5.0 hostility levels (Palmer et al. 2022, MID codebook, variable ``hostlev``)."""

CODE_SYSTEMS = {
    "atop": "ATOP alliance number (atopid)",
    "cow-alliance": "COW Formal Alliances v4 alliance number (version4id)",
    "cow-mid": "COW MID dispute number (dispnum)",
    "gml-mid": "GML MID dispute number (dispnum: the COW number of the dispute GML correct)",
    "iwd": "Interstate War Data component war (init_war_id)",
    "iwd-larger": "Interstate War Data larger war (larger_war_id: the Korean War is 56)",
    "cow-igo": "COW IGO v3 organisation (column name in the state-year file, e.g. nato)",
}
"""Dataset code systems a fact's ``codes`` may name (``'atop:3180'``): facts that share a code are the same
treaty, dispute or organisation and are linked by :func:`link_facts` instead of counted twice."""


CROSSCHECK_KINDS = {
    "missing-code": "a curated treaty, bloc or conflict without a dataset code whose likely twin is in a loaded "
                    "dataset, or a code that names nothing in the loaded dataset",
    "obligations": "a party's obligations that disagree with ATOP's coding of that member",
    "outside-state": "a party's, member's or participant's spell outside the state's existence",
    "state-spells": "a curated state's own from/to or spells against the COW state list",
    "bloc-treaty": "a bloc's memberships against the party dates of the treaty that establishes it",
}
"""The kinds of finding of ``alliancegraph crosscheck`` (:mod:`alliancegraph.crosscheck`), which a fact's
``crosscheck: {ignore: ..., kinds: [...]}`` may acknowledge."""


@dataclass(frozen=True, slots=True)
class CrossCheckAck:
    """A fact's acknowledgement of cross-check findings it carries on purpose (``crosscheck: {ignore:
    "reason"}`` in YAML): the findings of ``kinds`` (every kind when empty) are reported as acknowledged,
    with ``reason``, never hidden.

    Examples
    --------
    >>> ack = CrossCheckAck("ATOP codes the 1992 treaty; the seed the 1994 entry into force", ("bloc-treaty",))
    >>> ack.covers("bloc-treaty"), ack.covers("obligations"), CrossCheckAck("deliberate").covers("obligations")
    (True, False, True)
    """

    reason: str
    kinds: tuple[str, ...] = ()

    def covers(self, kind: str) -> bool:
        """Whether a finding of ``kind`` is acknowledged."""
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a fact was read: a curated file and line, or a dataset file and row.

    ``dataset`` is ``'curated'`` for YAML facts, or the dataset's short name (``'cow-mid'``, ``'atop'``...);
    ``version`` the dataset version; ``line`` the 1-based line (YAML) or data row (CSV, header = line 1).
    """

    file: str
    line: int | None = None
    dataset: str = "curated"
    version: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True, slots=True)
class Source:
    """A published source cited by facts (publisher, title, date, URL where public)."""

    id: str
    publisher: str
    title: str
    date: PartialDate | None = None
    url: str | None = None
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class ConfidenceEntry:
    """One dated assessment of a fact; a fact keeps its whole history (oldest first)."""

    value: Confidence
    date: PartialDate | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Fact:
    id: str
    sources: tuple[str, ...] = ()
    confidence: tuple[ConfidenceEntry, ...] = (ConfidenceEntry(Confidence.CONFIRMED),)
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False)
    codes: tuple[str, ...] = ()
    """Dataset codes of this fact, ``'<system>:<code>'`` (systems in :data:`CODE_SYSTEMS`), sorted."""
    same_as: str | None = None
    """Set by :func:`link_facts` on a dataset fact that a curated (or earlier) fact also records: the id of
    that fact, which speaks for both (the linked fact stays in the graph but makes no ties of its own)."""
    crosscheck: "CrossCheckAck | None" = field(default=None, compare=False)
    """Cross-check findings this curated fact carries on purpose (``crosscheck: {ignore: "reason"}``); curation
    metadata, like ``origin``: not a property of the graph."""

    @property
    def dataset(self) -> str:
        """The dataset the fact was read from (``'curated'`` for YAML facts)."""
        return self.origin.dataset if self.origin is not None else "curated"

    def confidence_as_of(self, day: _dt.date | None = None) -> Confidence:
        """The confidence in force on ``day`` (see :func:`confidence_as_of`)."""
        return confidence_as_of(self.confidence, day)


def confidence_as_of(entries: "tuple[ConfidenceEntry, ...] | list[ConfidenceEntry]",
                     day: _dt.date | None = None) -> Confidence:
    """The confidence in force on ``day`` from a dated history (oldest first).

    The last entry dated on or before ``day`` wins; undated entries count from the start; if every entry is
    dated after ``day``, the earliest applies. ``day=None`` gives the latest assessment; an empty history
    means ``confirmed``.
    """
    if not entries:
        return Confidence.CONFIRMED
    if day is None:
        return entries[-1].value
    current = entries[0].value
    for e in entries:
        if e.date is None or e.date.first_day() <= day:
            current = e.value
    return current


@dataclass(frozen=True, slots=True)
class StateSpell:
    """A spell of membership in the COW state system (states2016: styear.. endyear)."""

    start: PartialDate
    end: PartialDate | None = None
    origin: Origin | None = field(default=None, compare=False)
    """Where the spell is written: the state list's row, or the curated state's line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class State(_Fact):
    """A state, identified by COW code (``ccode``, ``cow_abb``) and ISO 3166-1 alpha-3 where they exist."""

    name: str
    aliases: tuple[str, ...] = ()
    ccode: int | None = None
    cow_abb: str | None = None
    iso3: str | None = None
    spells: tuple[StateSpell, ...] = ()


@dataclass(frozen=True, slots=True)
class Membership:
    """One spell of a state in a bloc with a status (member, observer, suspended, frozen, ...)."""

    state: str
    status: MembershipStatus
    start: PartialDate | None = None
    end: PartialDate | None = None
    sources: tuple[str, ...] = ()
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Bloc(_Fact):
    """An organization or alliance bloc (NATO, CSTO, SCO ...) with its memberships over time."""

    name: str
    short_name: str | None = None
    """The usual short name or acronym (``'NATO'`` for the North Atlantic Treaty Organization), if any."""
    kind: str = "organization"
    established_by: str | None = None
    founded: PartialDate | None = None
    dissolved: PartialDate | None = None
    memberships: tuple[Membership, ...] = ()


@dataclass(frozen=True, slots=True)
class Party:
    """A state's participation in a treaty; ``start``/``end`` narrow it within the treaty's validity."""

    state: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    ratified: PartialDate | None = None
    origin: Origin | None = field(default=None, compare=False)
    """Where the party is written (a curated file and line), for the errors that name it."""


@dataclass(frozen=True, slots=True)
class ObligationClause:
    """An obligation and the articles that carry it."""

    type: Obligation
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Treaty(_Fact):
    """A treaty, declaration or agreement with parties, dates, obligations and what it supersedes."""

    name: str
    short_name: str | None = None
    """The usual short name (``'Rio Treaty'``, ``'ANZUS'``), if any."""
    kind: TreatyKind = TreatyKind.TREATY
    parties: tuple[Party, ...] = ()
    signed: PartialDate | None = None
    in_force: PartialDate | None = None
    ended: PartialDate | None = None
    obligations: tuple[ObligationClause, ...] = ()
    supersedes: tuple[str, ...] = ()
    defers_to: tuple[str, ...] = ()
    """Blocs or treaties through which this treaty's obligations are exercised among their own members: a
    pair of states that are both members of one of them gets no tie from this treaty while they are (Art.
    42(7) TEU: for NATO members, NATO "remains the foundation of their collective defence")."""

    @property
    def start(self) -> PartialDate | None:
        """Entry into force, or signature where entry into force is unknown."""
        return self.in_force or self.signed


@dataclass(frozen=True, slots=True)
class Participant:
    """A state on side A or B of a conflict, optionally for part of it."""

    state: str
    side: Side
    start: PartialDate | None = None
    end: PartialDate | None = None
    origin: Origin | None = field(default=None, compare=False)
    """Where the participant is written (a curated file and line), for the errors that name it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict(_Fact):
    """A war, militarized dispute or sanctions regime with its sides and MID hostility level (1-5)."""

    name: str
    kind: ConflictKind = ConflictKind.MILITARIZED_DISPUTE
    start: PartialDate | None = None
    end: PartialDate | None = None
    hostility_level: int = 1
    participants: tuple[Participant, ...] = ()
    fatality_level: int | None = None
    outcome: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Support(_Fact):
    """Support from one state to another (arms transfer, troop deployment, military or financial aid)."""

    supporter: str
    recipient: str
    kind: str
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass
class FactSet:
    """All facts of a load, keyed by id; what :mod:`alliancegraph.graph` turns into the property graph."""

    sources: dict[str, Source] = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)
    blocs: dict[str, Bloc] = field(default_factory=dict)
    treaties: dict[str, Treaty] = field(default_factory=dict)
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    supports: dict[str, Support] = field(default_factory=dict)

    KINDS = ("sources", "states", "blocs", "treaties", "conflicts", "supports")

    def counts(self) -> dict[str, int]:
        """Number of facts of each kind."""
        return {k: len(getattr(self, k)) for k in self.KINDS}

    def merge(self, other: "FactSet") -> "FactSet":
        """Facts of both sets, linked (see :func:`link_facts`).

        On equal ids the facts of ``self`` win, except that a curated fact always wins over a dataset fact
        whatever the order. A State that wins keeps the state-system spells (and the ccode, COW abbreviation
        and ISO3 it lacks) of the one it replaces: a curated state keeps what the COW state list says of it.
        """
        out = FactSet()
        for k in self.KINDS:
            mine, theirs = getattr(self, k), getattr(other, k)
            merged = dict(theirs)
            for fid, fact in mine.items():
                old = merged.get(fid)
                if old is None:
                    merged[fid] = fact
                    continue
                win, lose = (old, fact) if _rank(old) < _rank(fact) else (fact, old)
                merged[fid] = _keep_state_system(win, lose) if k == "states" else win
            setattr(out, k, merged)
        return link_facts(out, first=self)


def _rank(fact: Any) -> int:
    dataset = getattr(fact, "dataset", None) or (fact.origin.dataset if getattr(fact, "origin", None) else "curated")
    return 0 if dataset == "curated" else 1


def _keep_state_system(win: "State", lose: "State") -> "State":
    changes: dict[str, Any] = {}
    # the COW state list is the authority on state-system membership: its spells (a state may leave and
    # come back) replace a curated state's own from/to, which serves when the list is not loaded
    from_state_list = lose.origin is not None and lose.origin.dataset == "cow-states"
    if lose.spells and (not win.spells or from_state_list):
        changes["spells"] = lose.spells
    for attr in ("ccode", "cow_abb", "iso3"):
        if getattr(win, attr) is None and getattr(lose, attr) is not None:
            changes[attr] = getattr(lose, attr)
    return _replace(win, **changes) if changes else win


def link_facts(facts: FactSet, first: FactSet | None = None) -> FactSet:
    """Link facts that record the same treaty, bloc, conflict or support relation under a shared code.

    Two facts of one kind that share a ``codes`` entry (``'atop:3180'``) and come from different datasets
    are the same thing told twice. The one that speaks for both is the curated one, else the one of
    ``first`` (the earlier source), else the first by id; every other one gets ``same_as`` set to its id.
    Facts of one dataset are never linked to each other (the phases of one ATOP alliance share its code).
    Returns ``facts`` itself, changed in place.
    """
    for kind in ("treaties", "blocs", "conflicts", "supports"):
        table: dict[str, Any] = getattr(facts, kind)
        if not any(f.codes for f in table.values()):
            continue
        early = getattr(first, kind) if first is not None else {}
        order = sorted(table.values(), key=lambda f: (_rank(f), 0 if f.id in early else 1, f.id))
        owner: dict[str, list[Any]] = {}
        for f in order:
            if f.same_as is not None:
                continue
            target = None
            for code in f.codes:
                for g in owner.get(code, ()):
                    if g.dataset != f.dataset:
                        target = g
                        break
                if target is not None:
                    break
            if target is not None:
                table[f.id] = _replace(f, same_as=target.id)
                continue
            for code in f.codes:
                owner.setdefault(code, []).append(f)
    return facts
