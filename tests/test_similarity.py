"""Portfolio similarity (S, kappa, pi, tau-b) and the graph covariates, on values worked out by hand."""

import datetime as dt
import itertools
import math

import networkx as nx
import numpy as np
import pytest
from scipy.stats import kendalltau

from alliancegraph.analysis.covariates import block_densities, path_matrices, separation_degrees, shared_allies
from alliancegraph.analysis.similarity import (defense_adjacency, kappa_scores, pi_scores, portfolio_matrix,
                                               s_scores, tau_b_scores)
from alliancegraph.facts import load_facts
from alliancegraph.graph import AllianceGraph
from conftest import MINI


# Four states A, B, C, D: A-B defense (3), B-C neutrality (2), C-D entente (1), each allied to itself (3).
P4 = np.array([[3, 3, 0, 0],
               [3, 3, 2, 0],
               [0, 2, 3, 1],
               [0, 0, 1, 3]])


def test_s_absolute_by_hand():
    S = s_scores(P4)
    # d_max = 4 columns x range 3 = 12
    # A,B: |3-3| + |3-3| + |0-2| + |0-0| = 2        -> 1 - 2*2/12 = 2/3
    # A,C: 3 + 1 + 3 + 1 = 8                        -> 1 - 16/12 = -1/3
    # B,D: 3 + 3 + 1 + 3 = 10                       -> 1 - 20/12 = -2/3
    assert S[0, 1] == pytest.approx(2 / 3)
    assert S[0, 2] == pytest.approx(-1 / 3)
    assert S[1, 3] == pytest.approx(-2 / 3)
    assert np.allclose(S, S.T) and np.allclose(np.diag(S), 1.0)


def test_s_squared_by_hand():
    S = s_scores(P4, distance="squared")
    # d_max = 4 x 3^2 = 36
    # A,B: 0 + 0 + 4 + 0 = 4    -> 1 - 8/36 = 7/9
    # A,C: 9 + 1 + 9 + 1 = 20   -> 1 - 40/36 = -1/9
    assert S[0, 1] == pytest.approx(7 / 9)
    assert S[0, 2] == pytest.approx(-1 / 9)


def test_s_range_is_the_scale_not_the_values():
    # two states allied only to themselves among three: rows [3,0,0] and [0,3,0]; d = 6, d_max = 9
    S = s_scores([[3, 0, 0], [0, 3, 0]])
    assert S[0, 1] == pytest.approx(1 - 12 / 9)
    with pytest.raises(ValueError, match="unknown distance"):
        s_scores(P4, distance="nominal")
    with pytest.raises(ValueError, match="max_value"):
        s_scores(P4, max_value=0)


def test_kappa_and_pi_absolute_by_hand():
    # A = [3,3,0,0], B = [3,3,2,0]; observed mean distance D_o = 2/4 = 0.5
    # Cohen: D_e = mean over the 16 pairs (A value, B value) of |a - b|:
    #   a = 3 (twice): |3-3|+|3-3|+|3-2|+|3-0| = 4 each -> 8; a = 0 (twice): 3+3+2+0 = 8 each -> 16
    #   D_e = 24/16 = 1.5, kappa = 1 - 0.5/1.5 = 2/3
    # Scott: pooled values {3,3,3,3,2,0,0,0}; D_e = sum over the 64 ordered pairs of |a - b| / 64:
    #   3-2: 2*4*1*1 = 8; 3-0: 2*4*3*3 = 72; 2-0: 2*1*3*2 = 12 -> 92/64; pi = 1 - 0.5*64/92 = 15/23
    assert kappa_scores(P4)[0, 1] == pytest.approx(2 / 3)
    assert pi_scores(P4)[0, 1] == pytest.approx(15 / 23)


def test_kappa_and_pi_nominal_by_hand():
    # A = [3,3,0,0], B = [3,3,2,0]: agreement p_o = 3/4
    # Cohen: p_e = sum_v p_A(v) p_B(v) = (1/2)(1/2) [3] + (1/2)(1/4) [0] = 3/8
    #   kappa = (3/4 - 3/8) / (1 - 3/8) = 3/5
    # Scott: pooled shares 3: 1/2, 2: 1/8, 0: 3/8 -> p_e = 1/4 + 1/64 + 9/64 = 26/64
    #   pi = (48/64 - 26/64) / (38/64) = 22/38 = 11/19
    assert kappa_scores(P4, "nominal")[0, 1] == pytest.approx(3 / 5)
    assert pi_scores(P4, "nominal")[0, 1] == pytest.approx(11 / 19)


def test_kappa_pi_undefined_for_equal_constant_rows():
    K = kappa_scores([[1, 1, 1], [1, 1, 1], [0, 1, 3]])
    assert math.isnan(K[0, 1]) and np.isfinite(K[0, 2])


def _naive_kappa(x, y, w, pooled):
    o = np.mean([w(a, b) for a, b in zip(x, y)])
    if pooled:
        z = np.concatenate([x, y])
        e = np.mean([w(a, b) for a in z for b in z])
    else:
        e = np.mean([w(a, b) for a in x for b in y])
    return 1 - o / e


@pytest.mark.parametrize("distance,w", [("absolute", lambda a, b: abs(a - b)),
                                        ("squared", lambda a, b: (a - b) ** 2),
                                        ("nominal", lambda a, b: float(a != b))])
def test_kappa_pi_match_pairwise_definition_on_random_portfolios(distance, w):
    rng = np.random.default_rng(15)
    P = rng.integers(0, 4, size=(6, 9))
    K, Pi = kappa_scores(P, distance), pi_scores(P, distance)
    for i, j in itertools.combinations(range(6), 2):
        assert K[i, j] == pytest.approx(_naive_kappa(P[i], P[j], w, False))
        assert Pi[i, j] == pytest.approx(_naive_kappa(P[i], P[j], w, True))
        assert K[i, j] == pytest.approx(K[j, i])


def test_tau_b_by_hand():
    # A = [3,3,0,0], B = [3,3,2,0]; column pairs (1,2) and (3,4) tied in A, (1,2) tied in B;
    # (1,3), (1,4), (2,3), (2,4) concordant: C = 4, D = 0; tau_b = 4 / sqrt((6-2)(6-1)) = 4/sqrt(20)
    assert tau_b_scores(P4)[0, 1] == pytest.approx(4 / math.sqrt(20))
    # A and D = [0,0,1,3]: (1,3) A falls 3->0, D rises 0->1: discordant; so are (1,4), (2,3), (2,4);
    # (1,2) tied in both, (3,4) tied in A; D's ties: (1,2) only -> -4 / sqrt((6-2)(6-1))
    assert tau_b_scores(P4)[0, 3] == pytest.approx(-4 / math.sqrt(20))


def test_tau_b_against_scipy_on_random_portfolios():
    rng = np.random.default_rng(1975)
    for trial in range(20):
        n, m = rng.integers(2, 7), rng.integers(3, 12)
        P = rng.integers(0, 4, size=(n, m))
        T = tau_b_scores(P)
        for i, j in itertools.product(range(n), repeat=2):
            expected = kendalltau(P[i], P[j]).statistic
            if math.isnan(expected):
                assert math.isnan(T[i, j])
            else:
                assert T[i, j] == pytest.approx(expected, abs=1e-12)


# ---------------------------------------------------------------------------- from the graph
@pytest.fixture(scope="module")
def mini():
    return AllianceGraph.from_facts(load_facts(MINI))


def test_portfolio_matrix_reads_the_year_as_a_period(mini):
    # mini world: RUS-PRK consultation (2000 treaty) until the 2024 defense treaty enters into force on
    # 2024-12-04; CHN-PRK defense since 1961; CHN-RUS consultation since 2002; RUS-BLR only a bloc (0)
    states, P = portfolio_matrix(mini, 2023, states=["BLR", "CHN", "PRK", "RUS"])
    assert states == ("BLR", "CHN", "PRK", "RUS")
    assert P.tolist() == [[3, 0, 0, 0], [0, 3, 3, 1], [0, 3, 3, 1], [0, 1, 1, 3]]
    _, P24 = portfolio_matrix(mini, 2024, states=["BLR", "CHN", "PRK", "RUS"])
    assert P24[2, 3] == 3  # defense in force in December 2024: the year's highest code
    ids, A = defense_adjacency(mini, 2024, states=["BLR", "CHN", "PRK", "RUS"])
    assert A.astype(int).tolist() == [[0, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]]


def test_portfolio_matrix_default_universe_is_the_year_states(mini):
    states, P = portfolio_matrix(mini, 2024)
    assert list(states) == sorted(states) and set(mini.states_as_of(dt.date(2024, 1, 1), dt.date(2024, 12, 31))) <= set(states)
    assert P.shape == (len(states), len(states)) and (np.diag(P) == 3).all() and (P == P.T).all()


# ---------------------------------------------------------------------------- covariates
def test_separation_degrees_by_hand():
    # A-B-C-D-E-F a chain, G isolated, and a shortcut B-D
    names = "ABCDEFG"
    A = np.zeros((7, 7), dtype=bool)
    for a, b in ["AB", "BC", "CD", "DE", "EF", "BD"]:
        A[names.index(a), names.index(b)] = True
    D = separation_degrees(A)
    # from A: B 1, C 2 (A-B-C), D 2 (A-B-D), E 3, F 4, G unconnected -> 5
    assert D[0].tolist() == [0, 1, 2, 2, 3, 4, 5]
    # from C: B 1, D 1, A 2, E 2, F 3
    assert D[2].tolist() == [2, 1, 0, 1, 2, 3, 5]
    assert (D == D.T).all()
    # cap 2: A-E (3) and A-F (4) become "farther than 2" = 3
    assert separation_degrees(A, cap=2)[0].tolist() == [0, 1, 2, 2, 3, 3, 3]
    with pytest.raises(ValueError):
        separation_degrees(A, cap=0)


def test_separation_degrees_match_networkx_bfs():
    g = nx.gnm_random_graph(40, 45, seed=4)
    A = nx.to_numpy_array(g, nodelist=range(40)) > 0
    D = separation_degrees(A)
    for i in range(40):
        lengths = nx.single_source_shortest_path_length(g, i)
        for j in range(40):
            want = lengths.get(j)
            assert D[i, j] == (want if want is not None and want <= 4 else 5)


def test_shared_allies_by_hand():
    # A-B, A-C, B-C, C-D: A and B share C; A and D share C; B and D share C; C and D share none
    A = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]])
    N = shared_allies(A)
    assert N[0, 1] == 1 and N[0, 3] == 1 and N[1, 3] == 1 and N[2, 3] == 0 and N[0, 2] == 1
    assert (np.diag(N) == 0).all()


def test_path_matrices_match_strongest_paths(mini):
    from alliancegraph.analysis.paths import strongest_paths

    day = dt.date(2025, 1, 1)
    g = mini.allied(day)
    states = sorted(g.nodes) + ["XXX"]
    strength, hops = path_matrices(g, states)
    sp = strongest_paths(g, as_of=day)
    for i, a in enumerate(states):
        for j, b in enumerate(states):
            if a == b:
                assert strength[i, j] == 1.0 and hops[i, j] == 0
                continue
            p = sp.path(a, b) if a in g and b in g else None
            if p is None:
                assert strength[i, j] == 0.0 and hops[i, j] == -1
            else:
                assert strength[i, j] == pytest.approx(p.strength) and hops[i, j] == len(p.hops)


def test_block_densities_two_blocs_by_hand():
    # West {A, B, C} all tied (3 of 3), East {D, E} tied (1 of 1), one bridge C-D of the 3 x 2 = 6 possible;
    # F in no group
    A = np.zeros((6, 6), dtype=int)
    for a, b in [(0, 1), (0, 2), (1, 2), (3, 4), (2, 3), (4, 5)]:
        A[a, b] = 1
    groups, sizes, density = block_densities(A, ["W", "W", "W", "E", "E", None])
    assert groups == ("W", "E") and sizes.tolist() == [3, 2]
    np.testing.assert_allclose(density, [[1.0, 1 / 6], [1 / 6, 1.0]])
