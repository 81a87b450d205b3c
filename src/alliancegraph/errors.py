"""The errors alliancegraph raises on purpose.

Owns: :class:`AllianceGraphError`, the one base of every error the library raises deliberately (bad
input, an unknown state or fact, no path, a Neo4j problem, a browser that cannot start), and
:class:`InvalidArgumentError`, the error of a parameter value outside what a function accepts (a layer,
a rule, a format, a year range). Each error says what went wrong in one line that names the file, line
and fact where there is one. The command line turns exactly these (and :class:`OSError`) into one line
and a non-zero exit; anything else is a bug and shows as one.

Must not know: any other module of the package (every module may import this one).

The more specific errors live beside the code that raises them and subclass :class:`AllianceGraphError`
(and, where a caller may already catch it so, the builtin they always were: :class:`ValueError`,
:class:`LookupError`, :class:`RuntimeError`); all are importable from ``alliancegraph``.

Examples
--------
>>> from alliancegraph import AllianceGraphError, parse_as_of
>>> try:
...     parse_as_of("2025-13-01")
... except AllianceGraphError as e:
...     print(type(e).__name__, isinstance(e, ValueError))
DateError True
"""

from __future__ import annotations

__all__ = ["AllianceGraphError", "InvalidArgumentError"]


class AllianceGraphError(Exception):
    """Base of every error alliancegraph raises on purpose; its message is one line meant for a user.

    Examples
    --------
    >>> from alliancegraph import AllianceGraphError, open_graph
    >>> try:
    ...     open_graph().resolve_state("Nort Korea")
    ... except AllianceGraphError as e:
    ...     print(type(e).__name__, e)
    UnknownStateError unknown state 'Nort Korea'; did you mean North Korea (PRK), South Korea (KOR), Vietnam (VNM)?
    """


class InvalidArgumentError(AllianceGraphError, ValueError):
    """A parameter value outside what the function accepts (an unknown layer, rule, format or kind, an
    empty or reversed year range); the message names the parameter, the value and what is accepted.

    Examples
    --------
    >>> from alliancegraph import InvalidArgumentError, alliance_clusters, open_graph
    >>> try:
    ...     alliance_clusters(open_graph(), "2025-01-01", method="kmeans")
    ... except InvalidArgumentError as e:
    ...     print(isinstance(e, ValueError), e)
    True unknown clustering method 'kmeans' (one of louvain, leiden)
    """
