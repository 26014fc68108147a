"""When two actors hold "the same position" in the expected-utility model, and how a tie in
theory between compromise and capitulation is decided. Expected values are worked by hand
from Scholz, Calbert & Smith's (2011) equations, not taken from the code."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.forecast.eum import DYAD_CODES, PRESETS, EumOptions, eum
from accord.forecast.eum.options import SAME_POSITION
from oracle_eum import run
from test_eum import instances, option_sets

# Risk neutral (r = 1) and Q = 1, so the equations are rational and can be worked by hand:
# U_s = 2 - 4(0.5 - 0.5 d) = 2d, U_f = 2 - 4(0.5 + 0.5 d) = -2d, U_sq = 2 - 4(0.5) = 0, and
#   EU_i(ij) = s_j [P_ij 2d - (1 - P_ij) 2d] + (1 - s_j) 2d = 2d (1 - 2 s_j (1 - P_ij)).
# Votes (linear): v_k = w_k (U^k(x_i) - U^k(x_j)) = 2 w_k (d_kj - d_ki), w_k = c_k s_k;
# P_ij = (sum of the positive v_k) / (sum of |v_k|). The challenger judges (textbook).
NEUTRAL = PRESETS["textbook"].with_(risk="neutral", rounds=1)


def codes(result_dyads: np.ndarray) -> list[list[str]]:
    return [[DYAD_CODES[k] for k in row] for row in result_dyads]


# Three actors on a scale of range 100: A at 0, B at 100, C at 100 - delta with
# delta = 4.6e-5, so d_BC = D = delta / 100 = 4.6e-7. c = (4, 6, 4), s = (0.75, 1, 0.25):
# w = (3, 6, 1), total 10. The earlier rule (positions within 1e-6 of the range, here
# 1e-4, count as one) dropped B's challenge of C.
DELTA = 100.0 - 99.999954  # exactly the float gap between B and C
X = np.array([0.0, 100.0, 99.999954])
C = np.array([4.0, 6.0, 4.0])
S = np.array([0.75, 1.0, 0.25])


def test_nearly_coinciding_actors_still_contest() -> None:
    """One round, worked by hand (D = delta / 100):

    A vs B (d = 1): v_A = 2*3*(1 - 0) = 6, v_B = 2*6*(0 - 1) = -12,
      v_C = 2*1*(d_CB - d_CA) = 2(D - (1 - D)) = -2(1 - 2D):
      P_AB = 6 / (20 - 4D), P_BA = (14 - 4D) / (20 - 4D).
      EU_A(AB) = 2(1 - 2*1*(1 - P_AB)) = -2(8 - 4D)/(20 - 4D) < 0: A -> B is a stalemate.
      EU_B(BA) = 2(1 - 2*0.75*(1 - P_BA)) = 2(11 - 4D)/(20 - 4D) > 0 > EU_A(AB), and
      11 - 4D > 8 - 4D: B -> A is a compromise; A moves |b/a| = (8 - 4D)/(11 - 4D) of the
      way to B: to 100 (8 - 4D)/(11 - 4D) = 72.7272682...
    A vs C (d = 1 - D): v_A = 6(1 - D), v_B = 12(D - 1), v_C = -2(1 - D): P_AC = 6/20 =
      0.3, P_CA = 0.7. EU_A(AC) = 2(1 - D)(1 - 2*0.25*0.7) = 2(1 - D) 0.65 and EU_C(CA) =
      2(1 - D)(1 - 2*0.75*0.3) = 2(1 - D) 0.55, both > 0: conflicts both ways; A's 0.65 beats
      C's 0.55, so C loses A -> C (an offer to move to 0) and A does not lose C -> A.
    B vs C (d = D): v_A = 6(d_AC - d_AB) = -6D, v_B = 12 D, v_C = 2(0 - D) = -2D:
      P_BC = 12D/20D = 0.6, P_CB = 0.4. EU_B(BC) = 2D(1 - 2*0.25*0.4) = 2D*0.8 > 0,
      EU_C(CB) = 2D(1 - 2*1*0.6) = -2D*0.2 <= 0, 0.8 > 0.2: B -> C is a compromise; C moves
      |b/a| = 1/4 of the way to B: to 100 - delta + delta/4. C -> B: EU_C(CB) < 0, stalemate.
    Offers: A takes B's (its only one). C has A's (a move of about 100) and B's (delta/4):
    the smallest move is B's. B has none. So after round 1: A = 100 (8 - 4D)/(11 - 4D),
    B = 100, C = 100 - 3 delta / 4.
    """
    big_d = DELTA / 100.0
    expected = [100.0 * (8 - 4 * big_d) / (11 - 4 * big_d), 100.0, 100.0 - 0.75 * DELTA]
    result = eum(X, C, S, NEUTRAL)
    np.testing.assert_allclose(result.positions[1], expected, rtol=0, atol=1e-10)
    assert codes(result.dyads[0]) == [
        ["none", "stalemate", "conflict"],
        ["compromise", "none", "compromise"],
        ["conflict", "stalemate", "none"],
    ]
    ref = run(X.tolist(), C.tolist(), S.tolist(), NEUTRAL)
    np.testing.assert_allclose(ref["positions"][1], expected, rtol=0, atol=1e-10)
    # The earlier tolerance counted B and C as one: B's challenge gone, C took A's offer
    # and moved 100 points, to 0.
    old = eum(X, C, S, NEUTRAL.with_(same_position=1e-6))
    np.testing.assert_allclose(old.positions[1], [expected[0], 100.0, 0.0], atol=1e-10)
    assert codes(old.dyads[0])[1][2] == "none"


def test_tie_in_theory_is_a_capitulation_onto_the_very_position() -> None:
    """x = (0, 0.4, 1), c = (3, 3, 8), s = 1 for all, range 1. With every salience 1 and
    P_ij + P_ji = 1, EU_j(ji) = 2d(1 - 2 P_ij) = -EU_i(ij): every challenge is a tie in
    theory between compromise and capitulation, which rounding alone would decide.

    1 vs 0 (d = 0.4): v_0 = 2*3*(0 - 0.4) = -2.4, v_1 = 2*3*(0.4 - 0) = 2.4,
      v_2 = 2*8*(1 - 0.6) = 6.4: P_10 = 8.8/11.2 = 11/14; EU_1(10) = 0.8(1 - 2*3/14) =
      3.2/7 and EU_0(01) = 0.8(1 - 2*11/14) = -3.2/7: a tie: 0 capitulates to 0.4.
    2 vs 0 (d = 1): v_0 = -6, v_1 = 6(0.4 - 0.6) = -1.2, v_2 = 16: P_20 = 16/23.2 = 20/29;
      EU_2(20) = 2(1 - 2*9/29) = 22/29, EU_0(02) = -22/29: a tie: an offer to move to 1.
    2 vs 1 (d = 0.6): v_0 = 6(0.4 - 1) = -3.6, v_1 = 6(0 - 0.6) = -3.6, v_2 = 16*0.6 =
      9.6: P_21 = 4/7; EU_2(21) = 1.2(1 - 2*3/7) = 1.2/7, EU_1(12) = -1.2/7: a tie: 1
      capitulates to 1. The reverse challenges have EU < 0: stalemates.
    0 takes the smaller move (to 0.4, not to 1); 1 moves to 1; 2 has no offer. Each lands
    on its challenger's position exactly, not a rounding error short of it.
    """
    x = np.array([0.0, 0.4, 1.0])
    c = np.array([3.0, 3.0, 8.0])
    result = eum(x, c, np.ones(3), NEUTRAL)
    assert result.positions[1].tolist() == [0.4, 1.0, 1.0]  # bit for bit
    assert codes(result.dyads[0]) == [
        ["none", "stalemate", "stalemate"],
        ["capitulation", "none", "stalemate"],
        ["capitulation", "capitulation", "none"],
    ]
    assert run(x.tolist(), c.tolist(), [1.0] * 3, NEUTRAL)["positions"][1] == [0.4, 1.0, 1.0]


def test_same_position_option() -> None:
    assert EumOptions().same_position == SAME_POSITION == 1e-12
    assert PRESETS["scholz-2011"].same_position == SAME_POSITION
    assert PRESETS["scholz-2011"].describe()["same_position"] == SAME_POSITION
    for bad in (-1e-9, 1.0, float("nan")):
        with pytest.raises(ValueError, match="same_position must be a share of the range"):
            EumOptions(same_position=bad)
    # Actors exactly at one position never contest, whatever the tolerance (0 included).
    x = np.array([2.0, 2.0, 5.0])
    for share in (0.0, SAME_POSITION, 1e-6):
        dyads = eum(x, np.ones(3), np.ones(3), NEUTRAL.with_(same_position=share)).dyads[0]
        assert dyads[0, 1] == dyads[1, 0] == 0


@settings(max_examples=80, deadline=None)
@given(instances(), option_sets(), st.sampled_from([SAME_POSITION, 1e-6]))
def test_vectorised_equals_oracle_for_either_tolerance(
    inputs: tuple[np.ndarray, np.ndarray, np.ndarray], options: EumOptions, share: float
) -> None:
    x, c, s = inputs
    options = options.with_(same_position=share)
    result = eum(x, c, s, options)
    for index in np.ndindex(*x.shape[:-1]):
        got = (slice(None), *index)
        ref = run(
            x[index].tolist(), c[index].tolist(), s[index].tolist(), options,
            follow=result.positions[got],
        )  # fmt: skip
        k = ref["rounds_run"]
        np.testing.assert_allclose(
            result.positions[got][: k + 1], ref["positions"], atol=1e-9, equal_nan=True
        )
        np.testing.assert_array_equal(result.dyads[got][:k], np.array(ref["dyads"], np.int8))
