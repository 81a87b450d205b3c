"""Alliance portfolio similarity for every pair of states at once: S, Cohen's kappa, Scott's pi, Kendall's tau-b.

Owns: the portfolio matrix of a year and its ordinal coding (:func:`portfolio_matrix`,
:data:`ORDINAL_CODES`, :func:`year_dyads`), the defense-pact adjacency (:func:`defense_adjacency`) and the
similarity scores (:func:`s_scores`, :func:`kappa_scores`, :func:`pi_scores`, :func:`tau_b_scores`).

Must not know: how a year's dyads are aggregated from ties (:meth:`AllianceGraph.dyads`), the panels' rows
and columns, the views, the command line, Neo4j.

Each function takes one year's *portfolio matrix* ``P`` (n x n, row i the alliance commitment of state i to
every state of the system, itself included) and returns an n x n array over all pairs, in a few numpy
operations: the dyad-year panels call them once per year on a matrix of about 200 x 200.
:func:`portfolio_matrix` builds ``P`` from an :class:`~alliancegraph.graph.AllianceGraph` year.

The ordinal coding (:data:`ORDINAL_CODES`)
------------------------------------------
Signorino and Ritter (1999) rank the Correlates of War alliance types as the valued ties of a
portfolio: defense pact (COW Type I) 3, neutrality or non-aggression pact (Type II) 2, entente (Type III) 1,
no alliance 0, the coding that Bueno de Mesquita (1975) used for tau-b and that later S and kappa/pi data
keep (Häge 2011). ATOP's obligations are mapped onto it by the strength of the pledge: defense and offense 3
(both pledge to fight), neutrality and non-aggression 2, consultation 1. Other tie kinds of the graph
(``support``, ``bloc`` co-membership without a security clause, ``none``) are no alliance, 0. A dyad tied by
several facts takes its highest code. Every state is allied to itself at the highest code (3): the diagonal,
as in Bueno de Mesquita (1975) and Signorino and Ritter (1999).

References
----------
Bueno de Mesquita, B. 1975. "Measuring systemic polarity." Journal of Conflict Resolution 19(2): 187-216,
doi:10.1177/002200277501900201.

Signorino, C. S. and J. M. Ritter. 1999. "Tau-b or not tau-b: measuring the similarity of foreign policy
positions." International Studies Quarterly 43(1): 115-144, doi:10.1111/0020-8833.00113.

Häge, F. M. 2011. "Choice or circumstance? Adjusting measures of foreign policy similarity for chance
agreement." Political Analysis 19(3): 287-305, doi:10.1093/pan/mpr023.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping

import numpy as np

from ..errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from ..graph import AllianceGraph, DyadValues, Snapshot

__all__ = ["ORDINAL_CODES", "SELF_CODE", "DISTANCES", "portfolio_matrix", "defense_adjacency", "year_dyads",
           "s_scores", "kappa_scores", "pi_scores", "tau_b_scores"]

ORDINAL_CODES: dict[str, int] = {
    "defense": 3,
    "offense": 3,
    "neutrality": 2,
    "non-aggression": 2,
    "entente": 1,
    "consultation": 1,
}
"""The ordinal value of each allied tie kind in a portfolio (Signorino and Ritter 1999 on COW types: defense 3,
neutrality/non-aggression 2, entente 1; ATOP's offense with defense, consultation with entente); every other
kind, and no tie, is 0."""

SELF_CODE = 3
"""The value of each state's tie to itself (the diagonal of a portfolio): the highest code."""

DISTANCES = ("absolute", "squared", "nominal")
"""Distance between two ordinal values: ``|x - y|``, ``(x - y)^2`` or ``x != y``."""


# ---------------------------------------------------------------------------- from the graph
def year_dyads(graph: "AllianceGraph", year: int, at: "Snapshot | None" = None) -> "DyadValues":
    """The dyad values of ``year`` read as a period, 1 January to 31 December (a tie counts if it is in force at
    any time in the year, the dyad-year convention of COW and MID; :meth:`AllianceGraph.dyads`).

    Parameters
    ----------
    graph : AllianceGraph
    year : int
    at : Snapshot, optional
        The template of the year's snapshot (:meth:`~alliancegraph.graph.Snapshot.for_year`; its date is not
        used): the confidence floor, strengths and combination rule. Default: :class:`Snapshot` defaults.

    Returns
    -------
    DyadValues

    Examples
    --------
    >>> from alliancegraph import Snapshot, open_graph
    >>> g = open_graph()
    >>> year_dyads(g, 2024).facts == g.dyads(Snapshot("2024-01-01", until="2024-12-31")).facts
    True
    """
    from ..graph import Snapshot

    return graph.dyads((at if at is not None else Snapshot()).for_year(year))


def _universe(graph: "AllianceGraph", year: int, dyads: "DyadValues", states: Iterable[str] | None) -> tuple[str, ...]:
    if states is not None:
        return tuple(states)
    from ..graph import Snapshot

    period = Snapshot.year(year)
    out = set(graph.states_as_of(period.as_of, until=period.until))
    for a, b in dyads.facts:
        out.update((a, b))
    return tuple(sorted(out))


def portfolio_matrix(graph: "AllianceGraph", year: int, states: Iterable[str] | None = None,
                     codes: Mapping[str, int] | None = None, self_code: int = SELF_CODE,
                     at: "Snapshot | None" = None, dyads: "DyadValues | None" = None
                     ) -> tuple[tuple[str, ...], np.ndarray]:
    """The alliance portfolios of one year: the ordinal value of every state's tie to every state.

    Parameters
    ----------
    graph : AllianceGraph
    year : int
        Read as a period, 1 January to 31 December (:func:`year_dyads`).
    states : iterable of str, optional
        The rows and columns, in this order (ties with a state outside are left out). Default: the states in
        the state system at any time in the year (:meth:`AllianceGraph.states_as_of`) and any state with a
        tie in it, sorted.
    codes : mapping, optional
        Tie kind -> ordinal value; default :data:`ORDINAL_CODES`. Kinds not in it count 0.
    self_code : int
        The diagonal (default 3: a state is allied to itself at the highest level).
    at : Snapshot, optional
        The template of the year's snapshot (:func:`year_dyads`): the weakest confidence of a fact that
        still counts.
    dyads : DyadValues, optional
        The year's :func:`year_dyads`, if already computed (then ``at`` is not used).

    Returns
    -------
    states : tuple of str
        The state ids of the rows and columns.
    P : numpy.ndarray of int8, shape (n, n)
        Symmetric; ``P[i, j]`` the highest code of the facts tying i and j in the year, 0 for none.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> states, P = portfolio_matrix(open_graph(), 2025, states=["PRK", "RUS", "USA"])
    >>> P
    array([[3, 3, 0],
           [3, 3, 0],
           [0, 0, 3]], dtype=int8)
    """
    table = ORDINAL_CODES if codes is None else dict(codes)
    if dyads is None:
        dyads = year_dyads(graph, year, at)
    ids = _universe(graph, year, dyads, states)
    index = {s: i for i, s in enumerate(ids)}
    P = np.zeros((len(ids), len(ids)), dtype=np.int8)
    for (a, b), facts in dyads.facts.items():
        i, j = index.get(a), index.get(b)
        if i is None or j is None:
            continue
        v = max((table.get(kind, 0) for kind, _ in facts.values()), default=0)
        P[i, j] = P[j, i] = v
    np.fill_diagonal(P, self_code)
    return ids, P


def defense_adjacency(graph: "AllianceGraph", year: int, states: Iterable[str] | None = None,
                      kinds: Iterable[str] = ("defense",), at: "Snapshot | None" = None,
                      dyads: "DyadValues | None" = None) -> tuple[tuple[str, ...], np.ndarray]:
    """The defense-pact network of one year as a boolean adjacency matrix (no self-loops).

    Two states are adjacent when a fact of a kind in ``kinds`` (default defense pacts, the network of Li et
    al. 2017 and of Cranmer, Desmarais and Menninga 2012; add ``'offense'`` for ATOP's other pledge to fight)
    ties them at any time in the year. Other arguments as :func:`portfolio_matrix`.

    Parameters
    ----------
    graph : AllianceGraph
    year : int
        The year, read as a period (1 January to 31 December).
    states : iterable of str, optional
        The states, in this order (default: every state in the system that year).
    kinds : iterable of str
        The tie kinds that make two states adjacent.
    at : Snapshot, optional
        The template of the year's snapshot (confidence floor, strengths), as in :func:`portfolio_matrix`.

    Returns
    -------
    states : tuple of str
    A : numpy.ndarray of bool, shape (n, n)
        Symmetric, ``False`` on the diagonal.

    Examples
    --------
    >>> from alliancegraph import open_graph
    >>> states, A = defense_adjacency(open_graph(), 2025, states=["PRK", "RUS", "USA"])
    >>> A.astype(int)
    array([[0, 1, 0],
           [1, 0, 0],
           [0, 0, 0]])
    """
    wanted = frozenset(kinds)
    if dyads is None:
        dyads = year_dyads(graph, year, at)
    ids = _universe(graph, year, dyads, states)
    index = {s: i for i, s in enumerate(ids)}
    A = np.zeros((len(ids), len(ids)), dtype=bool)
    for (a, b), facts in dyads.facts.items():
        i, j = index.get(a), index.get(b)
        if i is not None and j is not None and any(kind in wanted for kind, _ in facts.values()):
            A[i, j] = A[j, i] = True
    np.fill_diagonal(A, False)
    return ids, A


# ---------------------------------------------------------------------------- helpers
def _check(P: np.ndarray) -> np.ndarray:
    P = np.asarray(P)
    if P.ndim != 2:
        raise InvalidArgumentError(f"a portfolio matrix is 2-dimensional, not of shape {P.shape}")
    if P.shape[1] == 0:
        raise InvalidArgumentError("portfolios of no state")
    return P.astype(float)


def _tables(P: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(levels, T, R)``: the sorted distinct values (K), the K x K x n x n contingency tables of every pair
    of rows (``T[a, c, i, j]`` = the number of columns k with ``P[i, k] == levels[a]`` and
    ``P[j, k] == levels[c]``; one matrix product) and the n x K counts of each value in each row."""
    levels, inverse = np.unique(P, return_inverse=True)
    inverse = inverse.reshape(P.shape)
    K, (n, m) = len(levels), P.shape
    ind = np.zeros((K, n, m))
    ind[inverse, np.arange(n)[:, None], np.arange(m)[None, :]] = 1.0
    flat = ind.reshape(K * n, m)
    T = np.ascontiguousarray((flat @ flat.T).reshape(K, n, K, n).transpose(0, 2, 1, 3))
    return levels, T, ind.sum(axis=2).T


def _weights(levels: np.ndarray, distance: str) -> np.ndarray:
    diff = levels[:, None] - levels[None, :]
    if distance == "absolute":
        return np.abs(diff)
    if distance == "squared":
        return diff ** 2
    if distance == "nominal":
        return (diff != 0).astype(float)
    raise InvalidArgumentError(f"unknown distance {distance!r} (one of {', '.join(DISTANCES)})")


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(num.shape, np.nan)
    ok = den > 0
    out[ok] = num[ok] / den[ok]
    return out


# ---------------------------------------------------------------------------- the measures
def s_scores(P: np.ndarray, distance: str = "absolute", max_value: float = 3, min_value: float = 0) -> np.ndarray:
    """Signorino and Ritter's S for every pair of portfolios, unweighted.

    ``S(i, j) = 1 - 2 d(i, j) / d_max`` with ``d(i, j) = sum_k |P[i, k] - P[j, k]|`` (``'absolute'``, their
    choice) or ``sum_k (P[i, k] - P[j, k])^2`` (``'squared'``), and ``d_max = m * (max_value - min_value)``
    (or its square) over the m columns: 1 for identical portfolios, -1 for opposite ones.

    Parameters
    ----------
    P : array_like, shape (n, m)
        Portfolios (:func:`portfolio_matrix`; ordinal values in ``[min_value, max_value]``).
    distance : {'absolute', 'squared'}
    max_value, min_value : float
        The range of the coding (default 0..3, :data:`ORDINAL_CODES`); the range of the scale, not of the
        values observed.

    Returns
    -------
    numpy.ndarray of float, shape (n, n)
        Symmetric, in [-1, 1], 1 on the diagonal.

    Raises
    ------
    InvalidArgumentError
        For another distance, an empty range or a matrix that is not 2-dimensional.

    Examples
    --------
    >>> P = [[3, 3, 0], [3, 3, 0], [0, 0, 3]]
    >>> s_scores(P)
    array([[ 1.,  1., -1.],
           [ 1.,  1., -1.],
           [-1., -1.,  1.]])

    References
    ----------
    Signorino and Ritter 1999, ISQ 43(1): 115-144, doi:10.1111/0020-8833.00113.
    """
    from scipy.spatial.distance import cdist

    X = _check(P)
    span = float(max_value) - float(min_value)
    if not span > 0:
        raise InvalidArgumentError(f"max_value must exceed min_value, not {max_value!r} <= {min_value!r}")
    if distance == "absolute":
        d, d_max = cdist(X, X, "cityblock"), X.shape[1] * span
    elif distance == "squared":
        d, d_max = cdist(X, X, "sqeuclidean"), X.shape[1] * span ** 2
    else:
        raise InvalidArgumentError(f"unknown distance {distance!r} for S (absolute or squared)")
    return 1.0 - 2.0 * d / d_max


def _chance_corrected(P: np.ndarray, distance: str, pooled: bool) -> np.ndarray:
    X = _check(P)
    levels, T, R = _tables(X)
    W = _weights(levels, distance)
    m = X.shape[1]
    observed = np.tensordot(W, T, axes=([0, 1], [0, 1])) / m
    Q = R @ W @ R.T  # Q[i, j] = sum_ac W[a, c] r_i[a] r_j[c]
    if pooled:
        q = np.diag(Q)
        expected = (q[:, None] + 2.0 * Q + q[None, :]) / (4.0 * m * m)
    else:
        expected = Q / (m * m)
    return 1.0 - _ratio(observed, expected)


def kappa_scores(P: np.ndarray, distance: str = "absolute") -> np.ndarray:
    """Cohen's kappa for every pair of portfolios: agreement corrected for chance, each state by its own
    distribution of ties (Häge 2011).

    ``kappa(i, j) = 1 - D_o / D_e``: ``D_o`` the mean distance between the two portfolios column by column,
    ``D_e`` the mean distance expected if each state's values were paired at random, i's drawn from i's row
    and j's from j's row (``D_e = sum_ac w(a, c) p_i(a) p_j(c)``, with ``p_i`` the share of each value in
    row i). With ``distance='nominal'`` this is Cohen's (1960) kappa ``(p_o - p_e) / (1 - p_e)``, with
    ``'absolute'`` or ``'squared'`` Cohen's (1968) weighted kappa with linear or quadratic weights (the scale
    of the weights cancels): the distances of S, so that the two measures differ only in their reference
    point (S's half of the largest distance, kappa's chance).

    Parameters
    ----------
    P : array_like, shape (n, m)
        Portfolios (:func:`portfolio_matrix`).
    distance : {'absolute', 'squared', 'nominal'}

    Returns
    -------
    numpy.ndarray of float, shape (n, n)
        Symmetric; 1 for identical portfolios, 0 for agreement at chance level, below 0 for less; NaN where
        no disagreement is possible by chance (both portfolios constant and equal).

    Examples
    --------
    >>> P = [[3, 3, 0, 0], [3, 3, 2, 0], [0, 2, 3, 1], [0, 0, 1, 3]]
    >>> round(float(kappa_scores(P)[0, 1]), 4)  # 1 - 0.5 / 1.5 (tests/test_similarity.py)
    0.6667

    References
    ----------
    Häge 2011, Political Analysis 19(3): 287-305, doi:10.1093/pan/mpr023; Cohen, J. 1968, "Weighted kappa",
    Psychological Bulletin 70(4): 213-220, doi:10.1037/h0026256.
    """
    return _chance_corrected(P, distance, pooled=False)


def pi_scores(P: np.ndarray, distance: str = "absolute") -> np.ndarray:
    """Scott's pi for every pair of portfolios: agreement corrected for chance, both states by their pooled
    distribution of ties (Häge 2011).

    As :func:`kappa_scores`, with ``D_e = sum_ac w(a, c) p(a) p(c)`` for ``p = (p_i + p_j) / 2``, the share of
    each value among the 2m values of the two rows. With ``distance='nominal'``, Scott's (1955) pi.

    Parameters
    ----------
    P : array_like, shape (n, m)
        Portfolios (:func:`portfolio_matrix`).
    distance : {'absolute', 'squared', 'nominal'}
        The disagreement weight ``w`` of two values, as in :func:`kappa_scores`.

    Returns
    -------
    numpy.ndarray of float, shape (n, n)
        Symmetric; 1 for identical portfolios (NaN for two identical constant ones).

    Examples
    --------
    >>> P = [[3, 3, 0, 0], [3, 3, 2, 0], [0, 2, 3, 1], [0, 0, 1, 3]]
    >>> round(float(pi_scores(P)[0, 1]), 4)  # 1 - 0.5 / (92 / 64) = 15/23
    0.6522

    References
    ----------
    Häge 2011, Political Analysis 19(3): 287-305, doi:10.1093/pan/mpr023; Scott, W. A. 1955, "Reliability of
    content analysis", Public Opinion Quarterly 19(3): 321-325, doi:10.1086/266577.
    """
    return _chance_corrected(P, distance, pooled=True)


def tau_b_scores(P: np.ndarray) -> np.ndarray:
    """Kendall's tau-b between every pair of portfolios, the association measure of Bueno de Mesquita (1975).

    ``tau_b = (C - D) / sqrt((n0 - n1)(n0 - n2))`` over the m(m-1)/2 pairs of columns: C concordant and D
    discordant pairs, n0 = m(m-1)/2, n1 and n2 the pairs tied in the first and in the second portfolio; the
    value of ``scipy.stats.kendalltau(P[i], P[j])`` (variant b). Computed from the K x K contingency table of
    every pair of rows (K distinct values; one matrix product, then cumulative sums): O(K^2 n^2 m) for n
    portfolios of m columns, for few ordinal values as in :data:`ORDINAL_CODES`.

    Parameters
    ----------
    P : array_like, shape (n, m)

    Returns
    -------
    numpy.ndarray of float, shape (n, n)
        Symmetric, in [-1, 1]; NaN where a portfolio is constant (all its pairs tied).

    Examples
    --------
    >>> P = [[3, 3, 0, 0], [3, 3, 2, 0], [0, 2, 3, 1], [0, 0, 1, 3]]
    >>> round(float(tau_b_scores(P)[0, 1]), 4)  # 4 / sqrt((6 - 2)(6 - 1))
    0.8944

    References
    ----------
    Bueno de Mesquita 1975, JCR 19(2): 187-216, doi:10.1177/002200277501900201; Kendall, M. G. 1945, "The
    treatment of ties in ranking problems", Biometrika 33(3): 239-251, doi:10.1093/biomet/33.3.239.
    """
    X = _check(P)
    _, T, R = _tables(X)
    m = X.shape[1]
    # below[a, c] = sum over b > a of T[b, c]: the cells with a strictly larger first value
    below = np.cumsum(T[::-1], axis=0)[::-1] - T
    # concordant: second value strictly larger too; discordant: strictly smaller
    larger = np.cumsum(below[:, ::-1], axis=1)[:, ::-1] - below
    smaller = np.cumsum(below, axis=1) - below
    C = (T * larger).sum(axis=(0, 1))
    D = (T * smaller).sum(axis=(0, 1))
    n0 = m * (m - 1) / 2.0
    ties = (R * (R - 1) / 2.0).sum(axis=1)
    den = np.sqrt(np.clip(n0 - ties[:, None], 0, None) * np.clip(n0 - ties[None, :], 0, None))
    return _ratio(C - D, den)
