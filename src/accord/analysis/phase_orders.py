"""Orders of a draft's phases: which are allowed, and what each is worth, as arrays.

The pieces :mod:`accord.analysis.sequencing` (one order) and
:mod:`accord.analysis.order_search` (every order) share: the model's assumptions in
words, the common set-up of a draft for valuing (:func:`setup`), reading an order
(:func:`resolve_order`), every ordering the ``requires`` allow (:func:`feasible_orders`),
and the expected value of many orderings at once (:func:`orders_expected`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.courses import (
    CourseValues,
    Draft,
    SequencingError,
    Trust,
    compile_draft,
    pattern_probabilities,
    read_trust,
)
from accord.analysis.utility import Preferences, compile_preferences
from accord.model import Role, Scenario
from accord.model.sequence_checks import MAX_SEARCH_PHASES
from accord.model.views import batna_values, check_view

#: Two orderings whose values differ by less than this are tied.
TIE = 1e-9

#: What the model assumes, in words; every result repeats it.
ASSUMPTIONS = (
    "points without a phase take effect at signature, a first step that is still at risk; "
    "a phase starts only after the phases it requires are carried out and verified",
    "each committed point is kept or broken independently of every other, with chance "
    "q = 1 - (1 - p(by)) * (1 - p(guarantor)) (no guarantor: q = p(by)); points without a "
    "commitment are kept surely",
    "a breach halts the process: no later phase is carried out (the other side stops "
    "complying); the kept points of the breached phase are carried out",
    "a point broken under status_quo is dropped (its issues keep what stood before it: the "
    "status quo, or open where the issue has none); under preferred its issues take the "
    "breaker's stated position (dropped where it has none); under no_deal the deal "
    "collapses: the value is the BATNA plus what the irreversible carried-out points "
    "changed, war resuming from where they left it",
    "an actor is sure of its own commitments; for another's, p(x) is the evaluating actor's "
    "own belief about x, else a shared belief, else 1 assumed and listed",
    "one shot per commitment: no renegotiation after a breach and no second chance",
)


def known_or_none(x: float) -> float | None:
    """A number for JSON: None where it is unknown (NaN)."""
    x = float(x)
    return None if math.isnan(x) else x


@dataclass(frozen=True)
class Setup:
    """A draft ready for valuing: compiled, its actors' preferences, parties, BATNAs and
    beliefs (actors: every actor with stances; parties: those with the role party)."""

    draft: Draft
    prefs: Preferences
    parties: tuple[str, ...]
    batna: np.ndarray  # [A] in the view asked for, NaN where unknown
    trust: Trust


def setup(scenario: Scenario, proposal_id: str, view: str) -> Setup:
    """Compile draft ``proposal_id`` for valuing with BATNAs in ``view``."""
    check_view(view)
    try:
        proposal = scenario.proposal(proposal_id)
    except KeyError as exc:
        raise SequencingError(str(exc.args[0])) from None
    draft = compile_draft(scenario, proposal)
    prefs = compile_preferences(scenario)
    roles = {a.id: a.role for a in scenario.actors}
    parties = tuple(a for a in prefs.actors if roles[a] is Role.party)
    known = batna_values(scenario, view)
    batna = np.array([np.nan if known[a] is None else known[a] for a in prefs.actors], dtype=float)
    trust = read_trust(scenario, draft, prefs.actors)
    return Setup(draft, prefs, parties, batna.reshape(len(prefs.actors)), trust)


def resolve_order(draft: Draft, order: Sequence[str] | None) -> tuple[int, ...]:
    """Step indices of ``order`` (at signature first): None for the draft's own order, one
    named order's id, or every phase id once. Checks the phases' ``requires``."""
    phases = list(draft.phases)
    where = f"proposal '{draft.proposal.id}'"
    named = {o.id: o for o in draft.proposal.orders}
    if order is None:
        ids, what = phases, "its own order"
    elif len(order) == 1 and order[0] in named and order[0] not in phases:
        ids, what = list(named[order[0]].phases), f"order '{order[0]}'"
    else:
        ids, what = list(order), "the order given"
    choices = f"phases: {', '.join(phases) or 'none'}; named orders: {', '.join(named) or 'none'}"
    for pid in ids:
        if pid not in phases:
            raise SequencingError(
                f"{where}: '{pid}' is neither a phase nor a named order; {choices}"
            )
    if len(set(ids)) != len(ids) or len(ids) != len(phases):
        missing = [p for p in phases if p not in ids]
        twice = sorted({p for p in ids if ids.count(p) > 1})
        say = "; ".join(
            part
            for part in (
                f"leaves out {', '.join(missing)}" if missing else "",
                f"names {', '.join(twice)} twice" if twice else "",
            )
            if part
        )
        raise SequencingError(f"{where}: {what} {say}; give every phase once ({choices})")
    steps = (0, *(phases.index(p) + 1 for p in ids))
    bad = order_violation(draft, steps)
    if bad is not None:
        raise SequencingError(f"{where}: {what} {bad}")
    return steps


def order_violation(draft: Draft, steps: Sequence[int]) -> str | None:
    """Why ``steps`` breaks a phase's ``requires`` ("puts X before Y, which it requires")."""
    seen: set[int] = set()
    for k in steps:
        for r in draft.requires[k]:
            if r not in seen:
                return f"puts '{draft.steps[k]}' before '{draft.steps[r]}', which it requires"
        seen.add(k)
    return None


def feasible_orders(draft: Draft) -> np.ndarray:
    """Every ordering of the phases the ``requires`` allow, ``[O, K]`` step indices with 0
    (at signature) first, in lexicographic order of the draft's positions."""
    n = len(draft.phases)
    if n > MAX_SEARCH_PHASES:
        raise SequencingError(
            f"proposal '{draft.proposal.id}' has {n} phases; the exact search over orderings "
            f"takes at most {MAX_SEARCH_PHASES} ({math.factorial(MAX_SEARCH_PHASES):,} "
            "orderings): give an order with --order, or merge phases"
        )
    every = list(itertools.permutations(range(1, n + 1)))
    perms = np.array(every, dtype=np.intp).reshape(len(every), n)
    pos = np.empty_like(perms)
    pos[np.arange(len(perms))[:, None], perms - 1] = np.arange(n)[None, :]
    ok = np.ones(len(perms), dtype=bool)
    for k in range(1, n + 1):
        for r in draft.requires[k]:
            if r > 0:
                ok &= pos[:, r - 1] < pos[:, k - 1]
    perms = perms[ok]
    return np.concatenate([np.zeros((len(perms), 1), dtype=np.intp), perms], axis=1)


def order_pairs(orders: np.ndarray, n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (S, k) pairs of ``orders`` ``[O, J]``: S the mask of steps done before
    position j, k the step at j. Returns pairs ``[R, 2]`` and each position's pair ``[O, J]``."""
    bits = np.left_shift(1, orders)
    done = np.bitwise_or.accumulate(bits, axis=1)
    before = np.concatenate([np.zeros((len(orders), 1), dtype=done.dtype), done[:, :-1]], axis=1)
    keys = before * n_steps + orders
    uniq, inverse = np.unique(keys, return_inverse=True)
    pairs = np.stack([uniq // n_steps, uniq % n_steps], axis=1)
    return pairs, inverse.reshape(orders.shape)


def orders_expected(
    draft: Draft, values: CourseValues, at: np.ndarray, orders: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """Expected value (low end) of every ordering for every actor, ``[..., A, O]``.

    The value of a halted course depends only on the steps done S, the breached step k
    and the pattern, so B[a, (S, k)] = sum of P(pattern) * value is computed once per
    pair, and an ordering's expected value is sum_j (prod_{i<j} Q[pi_i]) B[a, S_{j-1},
    pi_j] + (prod Q) U_all, gathered for all orderings at once.
    """
    probs = pattern_probabilities(draft, q)  # [..., A, K, T]
    at_pair = probs[..., values.pairs[:, 1], :]  # [..., A, R, T]
    chance = np.where(values.possible, at_pair, 0.0)
    b = np.where(chance > 0, chance * values.low, 0.0).sum(axis=-1)  # [..., A, R]
    full = probs[..., 0][..., orders]  # [..., A, O, J]
    prefix = np.cumprod(full, axis=-1)
    before = np.concatenate([np.ones_like(prefix[..., :1]), prefix[..., :-1]], axis=-1)
    gathered = b[..., at]  # [..., A, O, J]
    total = np.where(before > 0, before * gathered, 0.0).sum(axis=-1)
    return total + prefix[..., -1] * values.kept_low[..., None]
