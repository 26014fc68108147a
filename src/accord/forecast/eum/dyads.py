"""Each dyad of a round, "``i`` challenges ``j``": the utilities, both expected utilities,
and what kind of dyad it is (conflict, compromise, capitulation, stalemate), as the judge
named by ``EumOptions.judge`` sees it."""

from __future__ import annotations

import numpy as np

from accord.forecast.eum.chunk import EU_ROUNDING_0D, FOUR, ONE, TIE_0D, TWO, ZERO, Scratch
from accord.forecast.eum.options import (
    CAPITULATION,
    COMPROMISE,
    CONFLICT,
    STALEMATE,
    EumOptions,
)


def utility(base: np.ndarray, r: np.ndarray | None) -> np.ndarray:
    """``2 - 4 base^r`` (``r`` None: exponent 1); a base below 0 (rounding) counts as 0."""
    base = np.maximum(base, 0.0)
    powered = base if r is None else np.power(base, r)
    return 2.0 - 4.0 * powered


def utilities(
    rho: np.ndarray, base_s: np.ndarray, base_f: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``U_s = 2 - 4 base_s^rho`` and ``U_s - U_f`` (``U_f = 2 - 4 base_f^rho``), written over
    the bases."""
    u_s = np.power(base_s, rho, out=base_s)
    u_s *= FOUR
    np.subtract(TWO, u_s, out=u_s)
    u_f = np.power(base_f, rho, out=base_f)
    u_f *= FOUR
    np.subtract(TWO, u_f, out=u_f)
    np.subtract(u_s, u_f, out=u_f)  # U_s - U_f
    return u_s, u_f


def eu(
    u_s: np.ndarray,
    du: np.ndarray,
    u_sq: np.ndarray,
    p: np.ndarray,
    s_target: np.ndarray,
    d: np.ndarray,
    dmu: np.ndarray | None,
    rho: np.ndarray,
    options: EumOptions,
    out: np.ndarray,
) -> np.ndarray:
    """``EU = s_t [P U_s + (1 - P) U_f] + (1 - s_t) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T)
    U_w]`` for a challenger (distance ``dmu`` to the centre) against a target (salience
    ``s_t``), written as ``U_s - s_t (1 - P)(U_s - U_f) - ...`` (``du = U_s - U_f``);
    ``rho`` is the exponent."""
    np.subtract(ONE, p, out=out)
    out *= s_target
    out *= du
    np.subtract(u_s, out, out=out)
    out -= u_sq if options.q == 1.0 else options.q * u_sq  # (1.0 * u_sq is u_sq)
    if options.q != 1.0:
        t = p if options.t_rule == "probability" else options.t
        u_b = utility(0.5 - 0.25 * (dmu + d), rho)
        u_w = utility(0.5 + 0.25 * (dmu + d), rho)
        out -= (1.0 - options.q) * (t * u_b + (1.0 - t) * u_w)
    return out


def kinds(
    a: np.ndarray, b: np.ndarray, valid: np.ndarray, k: Scratch
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Challenger's EU ``a``, target's EU ``b``, as the judge sees them -> masks of the
    conflicts (both positive), compromises (``a > 0 >= b``, ``a > |b|`` by more than
    :data:`~.options.EU_ROUNDING`) and capitulations (``a > 0 >= b``, the rest); the other
    valid dyads are stalemates. Uses the scratch arrays ``k.d`` (left holding ``|b|``),
    ``k.wf`` and ``k.mask[:4]``."""
    act = np.greater(a, ZERO, out=k.mask[0])
    act &= valid
    conflict = np.greater(b, ZERO, out=k.mask[1])
    yields = np.greater(act, conflict, out=k.mask[2])  # act & ~conflict
    conflict &= act
    # a compromise only by more than rounding (EU_ROUNDING): a tie in theory (a = |b|) is a
    # capitulation, so the target lands on the challenger's very position, bit for bit
    bar = np.add(np.abs(b, out=k.d), EU_ROUNDING_0D, out=k.wf)
    compromise = np.greater(a, bar, out=k.mask[3])
    compromise &= yields
    yields ^= compromise  # capitulations
    return conflict, compromise, yields


def codes(
    valid: np.ndarray, k: Scratch, conflict: np.ndarray, compromise: np.ndarray
) -> np.ndarray:
    """The dyad codes (:data:`DYAD_CODES`) from the masks of :func:`kinds` (which leaves
    the dyads where the challenger acts in ``k.mask[0]``)."""
    # valid dyads are stalemates (4) unless the challenger acts; those are capitulations (3)
    # unless compromises (2) or conflicts (1): 4 valid - act - compromise - 2 conflict, in
    # int8 on the masks' 0/1 views (four small integer passes)
    code = valid.view(np.int8) << 2
    code -= k.mask[0].view(np.int8)
    code -= compromise.view(np.int8)
    code -= conflict.view(np.int8) << 1
    return code


assert (STALEMATE, CAPITULATION, COMPROMISE, CONFLICT) == (4, 3, 2, 1)  # as codes counts


def wins(
    a: np.ndarray,
    b: np.ndarray,
    p: np.ndarray,
    pt: np.ndarray | None,
    options: EumOptions,
    k: Scratch,
) -> np.ndarray | None:
    """Where the challenger wins a conflict (``None`` for ``conflict="expected"``, where
    nobody wins outright), in ``k.mask[4]``. It wins only by more than rounding: an exact
    tie in theory (two actors in mirror-image positions) goes to the target, whatever the
    last bit. Uses ``k.wf`` as scratch (``b + TIE (1 + |b|)``, in place; ``|b|`` is in
    ``k.d``, left there by :func:`kinds`)."""
    if options.conflict == "expected":
        return None
    if options.conflict == "eu":
        mine, theirs = a, b
        bar = np.add(k.d, ONE, out=k.wf)
    else:
        assert pt is not None  # (made whenever conflict="probability")
        mine, theirs = p, pt
        bar = np.abs(pt, out=k.wf)
        bar += ONE
    bar *= TIE_0D
    bar += theirs
    return np.greater(mine, bar, out=k.mask[4])
