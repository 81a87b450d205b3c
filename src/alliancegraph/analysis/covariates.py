"""Graph-derived dyadic covariates for every pair of states at once: degrees of separation in the defense-pact
network, shared allies, the strongest path of influence, and the block densities of a partition.

Owns: :func:`separation_degrees`, :func:`shared_allies`, :func:`path_matrices` and :func:`block_densities`,
the dyadic covariates as n x n matrices.

Must not know: the AllianceGraph and its snapshots (it takes numpy matrices and a networkx projection), the
strongest-path algorithm (:func:`~alliancegraph.analysis.paths.strongest_paths`), the panels' rows and
columns, the views, the command line, Neo4j.

Pure functions of one year's matrices (:func:`~alliancegraph.analysis.similarity.defense_adjacency`) or
allied projection (:meth:`~alliancegraph.graph.AllianceGraph.allied`), each a few numpy operations for the
~200 states of a year, for the dyad-year panels.

References
----------
Li, W., A. E. Bradshaw, C. B. Clary and S. J. Cranmer. 2017. "A three-degree horizon of peace in the
military alliance network." Science Advances 3(3): e1601895, doi:10.1126/sciadv.1601895.
"""

from __future__ import annotations

from typing import Hashable, Sequence

import networkx as nx
import numpy as np

from ..errors import InvalidArgumentError
from .paths import strongest_paths

__all__ = ["separation_degrees", "shared_allies", "path_matrices", "block_densities"]


def _adjacency(A: np.ndarray) -> np.ndarray:
    A = np.asarray(A)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise InvalidArgumentError(f"an adjacency matrix is square, not of shape {A.shape}")
    B = A != 0
    B = B | B.T
    np.fill_diagonal(B, False)
    return B


def separation_degrees(A: np.ndarray, cap: int = 4) -> np.ndarray:
    """Degrees of separation between every pair of states: hops on the shortest path in an unweighted network,
    capped.

    Breadth-first by matrix products: the states reached within k hops are those reached within k-1 hops
    and their neighbours, ``cap - 1`` boolean products of n x n matrices.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Adjacency (nonzero = tied; made symmetric, the diagonal ignored): the defense-pact network of Li et
        al. (2017), :func:`~alliancegraph.analysis.similarity.defense_adjacency`.
    cap : int
        The largest distance told apart (default 4, Li et al.'s horizon: 1 allies, 2 allies of allies...).

    Returns
    -------
    numpy.ndarray of int8, shape (n, n)
        Symmetric: 0 on the diagonal, 1..cap the distance, ``cap + 1`` (5 by default) for "farther than
        cap or not connected at all".

    Raises
    ------
    InvalidArgumentError
        For ``cap < 1`` or a matrix that is not square.

    Examples
    --------
    >>> A = np.zeros((6, 6), dtype=bool)
    >>> for a, b in [(0, 1), (1, 2), (2, 3), (3, 4)]:
    ...     A[a, b] = True
    >>> separation_degrees(A)[0]  # a path 0-1-2-3-4; 5 is isolated
    array([0, 1, 2, 3, 4, 5], dtype=int8)
    >>> separation_degrees(A, cap=2)[0]
    array([0, 1, 2, 3, 3, 3], dtype=int8)

    References
    ----------
    Li, Bradshaw, Clary and Cranmer 2017, Science Advances 3(3): e1601895, doi:10.1126/sciadv.1601895.
    """
    if isinstance(cap, bool) or not isinstance(cap, (int, np.integer)) or cap < 1:
        raise InvalidArgumentError(f"cap must be a whole number of at least 1, not {cap!r}")
    B = _adjacency(A)
    n = B.shape[0]
    out = np.full((n, n), cap + 1, dtype=np.int8)
    reached = B | np.eye(n, dtype=bool)
    out[B] = 1
    step = B.astype(np.float32)
    for k in range(2, cap + 1):
        nxt = reached | ((reached.astype(np.float32) @ step) > 0)
        out[nxt & ~reached] = k
        if (nxt == reached).all():
            break
        reached = nxt
    np.fill_diagonal(out, 0)
    return out


def shared_allies(A: np.ndarray) -> np.ndarray:
    """The number of allies every pair of states has in common (common neighbours), ``A @ A``.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Adjacency (nonzero = tied; made symmetric, the diagonal ignored), e.g. the defense-pact network.

    Returns
    -------
    numpy.ndarray of int64, shape (n, n)
        Symmetric; ``[i, j]`` the number of states tied to both i and j; the diagonal is 0.

    Examples
    --------
    >>> A = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]])
    >>> shared_allies(A)
    array([[0, 1, 1, 1],
           [1, 0, 1, 1],
           [1, 1, 0, 0],
           [1, 1, 0, 0]])
    """
    B = _adjacency(A).astype(np.int64)
    out = B @ B
    np.fill_diagonal(out, 0)
    return out


def path_matrices(g: nx.Graph, states: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The strength and the hop count of the strongest path of influence between every pair of ``states``.

    The paths of :func:`~alliancegraph.analysis.paths.strongest_paths` (Dijkstra on the edge cost
    ``-ln strength``, scipy), read into the order of ``states``; the hops are counted from its predecessor
    matrix, all pairs at once (one gather per hop of the longest path).

    Parameters
    ----------
    g : networkx.Graph
        An allied projection (:meth:`AllianceGraph.allied`, edge attribute ``cost``), e.g. of a year as a
        period: ``graph.allied(date(y, 1, 1), until=date(y, 12, 31))``.
    states : sequence of str
        The rows and columns (states not in ``g`` are joined to none).

    Returns
    -------
    strength : numpy.ndarray of float, shape (n, n)
        The product of the hop strengths of the strongest path, in (0, 1]; 0.0 where no chain of allied
        ties joins two states; 1.0 on the diagonal.
    hops : numpy.ndarray of int64, shape (n, n)
        The number of ties on that path; -1 where there is none; 0 on the diagonal.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("A", "B", cost=-np.log(0.9))
    >>> g.add_edge("B", "C", cost=-np.log(0.5))
    >>> g.add_edge("A", "C", cost=-np.log(0.3))
    >>> strength, hops = path_matrices(g, ["A", "B", "C", "D"])
    >>> strength[0].round(2), hops[0]  # A-B-C (0.45) beats the direct tie (0.3); D joined to none
    (array([1.  , 0.9 , 0.45, 0.  ]), array([ 0,  1,  2, -1]))
    """
    ids = list(states)
    n = len(ids)
    strength = np.zeros((n, n))
    hops = np.full((n, n), -1, dtype=np.int64)
    np.fill_diagonal(strength, 1.0)
    np.fill_diagonal(hops, 0)
    inside = [s for s in ids if s in g]
    if not inside:
        return strength, hops
    sp = strongest_paths(g.subgraph(inside))
    cost = np.asarray(sp.cost, dtype=float)
    pred = np.asarray(sp.predecessors)
    m = len(sp.states)
    # hop counts: walk every (i, j) back along the predecessors to i, all pairs together
    h = np.zeros((m, m), dtype=np.int64)
    cur = np.broadcast_to(np.arange(m), (m, m)).copy()
    rows = np.broadcast_to(np.arange(m)[:, None], (m, m))
    active = np.isfinite(cost) & (cur != rows)
    while active.any():
        h += active
        cur = np.where(active, pred[rows, np.where(active, cur, 0)], cur)
        active &= cur != rows
    h[~np.isfinite(cost)] = -1
    where = {s: i for i, s in enumerate(ids)}
    pos = np.array([where[s] for s in sp.states])
    strength[np.ix_(pos, pos)] = np.exp(-cost)
    hops[np.ix_(pos, pos)] = h
    return strength, hops


def block_densities(A: np.ndarray, labels: Sequence[Hashable | None]
                    ) -> tuple[tuple[Hashable, ...], np.ndarray, np.ndarray]:
    """The sizes of the groups of a partition and the density of ties within and between them.

    The ingredients of measures of network polarization built on the groups of the alliance network and
    their sizes and densities.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Adjacency (nonzero = tied; made symmetric, the diagonal ignored).
    labels : sequence, length n
        The group of each state (a cluster or bloc label); None for a state in no group (left out).

    Returns
    -------
    groups : tuple
        The group labels, sorted by size (largest first), then by label.
    sizes : numpy.ndarray of int64, shape (K,)
    density : numpy.ndarray of float, shape (K, K)
        ``density[a, a]`` the share of the ``s_a (s_a - 1) / 2`` possible ties within group a that exist
        (NaN for a group of one state), ``density[a, b]`` the share of the ``s_a s_b`` possible ties
        between a and b.

    Examples
    --------
    >>> A = np.zeros((5, 5), dtype=int)
    >>> for a, b in [(0, 1), (0, 2), (1, 2), (3, 4), (2, 3)]:
    ...     A[a, b] = 1
    >>> groups, sizes, density = block_densities(A, ["W", "W", "W", "E", "E"])
    >>> groups, sizes, density.round(3)
    (('W', 'E'), array([3, 2]), array([[1.   , 0.167],
           [0.167, 1.   ]]))
    """
    B = _adjacency(A).astype(float)
    labels = list(labels)
    if len(labels) != B.shape[0]:
        raise InvalidArgumentError(f"{len(labels)} labels for {B.shape[0]} states")
    present = [x for x in labels if x is not None]
    counts: dict[Hashable, int] = {}
    for x in present:
        counts[x] = counts.get(x, 0) + 1
    groups = tuple(sorted(counts, key=lambda x: (-counts[x], str(x))))
    index = {x: k for k, x in enumerate(groups)}
    M = np.zeros((len(labels), len(groups)))
    for i, x in enumerate(labels):
        if x is not None:
            M[i, index[x]] = 1.0
    ties = M.T @ B @ M  # ties[a, b]: ordered pairs (i in a, j in b) tied; within a group each tie twice
    sizes = M.sum(axis=0)
    possible = np.outer(sizes, sizes)
    np.fill_diagonal(possible, sizes * (sizes - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        density = np.where(possible > 0, ties / np.where(possible > 0, possible, 1), np.nan)
    return groups, sizes.astype(np.int64), density
