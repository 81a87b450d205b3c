"""Naming states as a person would: the one definition of state-name resolution.

Owns: :class:`StateNames` (the table from every way of naming a state to its id, with close matches),
:class:`StateKeys` and :class:`UnknownStateError`.

Must not know: the YAML format and the graph (which both build this table), the datasets (historical names
come from the crosswalk, :func:`alliancegraph.importers.codes.historical_names`), analyses, views, the
command line, Neo4j.

A state may be named by its id, ISO3 code, COW abbreviation, COW ccode, name, alias or a dated historical
name (``'Zaire'``, ``'Burma'``), in any case. :class:`StateNames` turns such a name into the state's id, or
raises :class:`UnknownStateError` with up to three close matches. The command line resolves its arguments
through :meth:`alliancegraph.graph.AllianceGraph.resolve_state` and the fact reader resolves the states named
in YAML (treaty parties, bloc members, conflict participants, supporter and recipient) through
:meth:`StateNames.from_facts`; both build this one table.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

from .errors import AllianceGraphError

if TYPE_CHECKING:  # pragma: no cover
    from .model import State

__all__ = ["StateNames", "StateKeys", "UnknownStateError"]


class UnknownStateError(AllianceGraphError, LookupError):
    """A state name, code or id that matches no state; ``suggestions`` holds close matches.

    Examples
    --------
    >>> from alliancegraph import UnknownStateError, open_graph
    >>> try:
    ...     open_graph().resolve_state("Nort Korea")
    ... except UnknownStateError as e:
    ...     print(isinstance(e, LookupError), e.suggestions[0])
    True North Korea (PRK)
    """

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown state {name!r}{hint}")


@dataclass(frozen=True)
class StateKeys:
    """Everything a state may be called: what :class:`StateNames` is built from."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    cow_abb: str | None = None
    iso3: str | None = None
    ccode: int | None = None
    historical: tuple[str, ...] = ()


class StateNames:
    """A case-insensitive table from every name of a state to its id.

    On a clash the stronger key wins: an id over an ISO3 code, COW abbreviation or ccode, those over a
    present-day name, a name over an alias, and a historical name displaces no other key.

    Parameters
    ----------
    states : iterable of StateKeys
        The states, in a fixed order (sorted by id: two states sharing a key of one strength give it to the
        later one, except aliases and historical names, which go to the first).

    Examples
    --------
    >>> names = StateNames([StateKeys("PRK", "North Korea", ("DPRK",), "PRK", "PRK", 731),
    ...                     StateKeys("RUS", "Russia", (), "RUS", "RUS", 365, ("Soviet Union",))])
    >>> names.resolve("dprk"), names.resolve(731), names.resolve("soviet union"), names.resolve(" Russia ")
    ('PRK', 'PRK', 'RUS', 'RUS')
    >>> names.resolve("Rusia")
    Traceback (most recent call last):
    ...
    alliancegraph.names.UnknownStateError: unknown state 'Rusia'; did you mean Russia (RUS)?
    """

    def __init__(self, states: Iterable[StateKeys]):
        states = list(states)
        self._display = {s.id: s.name for s in states}
        keys: dict[str, str] = {}
        # weakest keys first so that ids and codes win over names on a clash
        for s in states:
            for alias in s.aliases:
                keys.setdefault(alias.casefold(), s.id)
        for s in states:
            keys[s.name.casefold()] = s.id
        for s in states:
            for code in (s.cow_abb, s.iso3):
                if code:
                    keys[str(code).casefold()] = s.id
            if s.ccode is not None:
                keys[str(s.ccode)] = s.id
        for s in states:
            keys[s.id.casefold()] = s.id
        for s in states:  # last: a historical name displaces no other key
            for dated in s.historical:
                keys.setdefault(dated.casefold(), s.id)
        self._keys = keys

    @classmethod
    def from_facts(cls, states: Mapping[str, "State"]) -> "StateNames":
        """The table of a FactSet's states (``FactSet.states``), with the dated names of the crosswalk
        (:func:`alliancegraph.importers.codes.historical_names`) that the graph gives them too.

        Examples
        --------
        >>> from alliancegraph.model import State
        >>> names = StateNames.from_facts({"COD": State(id="COD", name="DR Congo", ccode=490, iso3="COD")})
        >>> names.resolve("Zaire"), names.resolve("490"), names.resolve("cod")
        ('COD', 'COD', 'COD')
        """
        from .importers.codes import historical_names

        return cls(StateKeys(sid, st.name, tuple(st.aliases), st.cow_abb, st.iso3, st.ccode,
                             () if st.ccode is None else tuple(n for n, _, _ in historical_names(st.ccode)))
                   for sid, st in sorted(states.items()))

    def __contains__(self, name: object) -> bool:
        return str(name).strip().casefold() in self._keys

    def resolve(self, name: str | int) -> str:
        """The id of the state called ``name``.

        Raises
        ------
        UnknownStateError
            When no state has that name, with up to three close matches as ``'Name (ID)'``.
        """
        key = str(name).strip().casefold()
        if key in self._keys:
            return self._keys[key]
        raise UnknownStateError(str(name), self.suggestions(name))

    def suggestions(self, name: str | int, n: int = 3) -> list[str]:
        """Up to ``n`` states whose names are close to ``name``, as ``'Name (ID)'``, closest first."""
        key = str(name).strip().casefold()
        out: list[str] = []
        for c in difflib.get_close_matches(key, list(self._keys), n=6, cutoff=0.6):
            sid = self._keys[c]
            label = f"{self._display[sid]} ({sid})"
            if label not in out:
                out.append(label)
        return out[:n]
