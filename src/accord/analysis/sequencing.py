"""Sequencing and credible commitment: what a phased draft is worth when promises may break.

A flat score takes every point of a draft as carried out. A draft carried out in phases
(:mod:`accord.model.sequencing`) can stop half-way: the party that moves first cannot be
sure the other will follow (Fearon, "Rationalist explanations for war", 1995; Walter,
"The critical barrier to civil war settlement", 1997). The model, in words (and in
``docs/sequencing.md``):

1. **Steps.** Points without a phase take effect at signature, an implicit first step;
   then the phases follow in the chosen order (the draft's own by default), each starting
   only after the phases it ``requires``.
2. **Courses.** In the current step each committed point is kept independently with
   q = 1 - (1 - p(by)) * (1 - p(guarantor)) (no guarantor: q = p(by)); points without a
   commitment are kept surely. All kept: the next step starts. Any broken: the process
   halts, nothing later is carried out; the kept points of that step are.
3. **Beliefs.** An actor is sure of its own commitments; of another's, p is its own
   belief, else a shared one, else 1 assumed and listed.
4. **Breaches.** ``status_quo`` drops the point's settings; ``preferred`` gives its issues
   the breaker's stated position; ``no_deal`` ends the deal: BATNA plus what the
   irreversible carried-out points changed.
5. **Values** come from :func:`accord.analysis.scoring.score_proposals` on every distinct
   course outcome; with every belief at 1 the expected value is the flat score exactly.

:func:`sequence` values one order, :func:`search_orders` every order the ``requires``
allow (up to :data:`MAX_SEARCH_PHASES` phases), and :func:`plan_sequence` compiles one
order for callers that vary the beliefs (Monte Carlo: :mod:`accord.uncertainty.commitments`).

>>> from accord.model import Scenario
>>> party = {"role": "party", "capability": 1, "batna": {"description": "war", "utility": 0.2}}
>>> s = Scenario.model_validate({
...     "id": "x", "title": "X",
...     "actors": [{"id": "a", "name": "A", **party}, {"id": "b", "name": "B", **party}],
...     "issues": [{"id": "i", "name": "I", "kind": "boolean", "status_quo": False}],
...     "stances": [{"actor": x, "issue": "i", "position": True, "salience": 1.0}
...                 for x in ("a", "b")],
...     "beliefs": [{"holder": "a", "about": "b", "kind": "pay", "probability": 0.5}],
...     "proposals": [{"id": "d", "title": "D", "phases": [{"id": "one", "title": "One"}],
...         "points": [{"text": "b sets i", "settings": {"i": True}, "phase": "one",
...                     "commitment": {"by": "b", "kind": "pay"}}]}]})
>>> r = sequence(s, "d")
>>> float(r.expected_low[0]), float(r.expected_low[1])  # a believes b half; b is sure
(0.5, 1.0)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.courses import (
    AT_SIGNATURE,
    CourseValues,
    Draft,
    SequencingError,
    Trust,
    compile_draft,
    course_values,
    pattern_probabilities,
    read_trust,
)
from accord.analysis.utility import compile_preferences
from accord.model import Role, Scenario
from accord.model.plain import omit
from accord.model.sequence_checks import MAX_SEARCH_PHASES
from accord.model.views import batna_values, check_view

__all__ = [
    "ASSUMPTIONS",
    "AT_SIGNATURE",
    "MAX_SEARCH_PHASES",
    "Driver",
    "OrderGains",
    "OrderSearch",
    "SequencePlan",
    "Sequenced",
    "SequencingError",
    "plan_sequence",
    "search_orders",
    "sequence",
]

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


@dataclass(frozen=True)
class Driver:
    """A commitment group (same ``by`` and ``kind``) and what making it sure is worth.

    ``rise_low``/``rise_high``: by actor, how much its expected value (low and high end)
    would rise if every point of the group were sure to be kept.
    """

    by: str
    kind: str
    points: tuple[str, ...]
    rise_low: dict[str, float]
    rise_high: dict[str, float]


@dataclass(frozen=True)
class Step:
    """One step of an order: its id, title, points and committed points, in words."""

    id: str
    title: str
    points: tuple[str, ...]
    committed: tuple[str, ...]  # "point 3 (russia: ceasefire, no_deal)"


@dataclass(frozen=True)
class SequencePlan:
    """One order of a draft compiled for valuing: courses, their values, and the beliefs.

    ``order`` holds step indices (0: at signature). :meth:`expected` takes keeping chances
    q ``[..., A, C]`` with any leading axes (groups of commitments made sure, draws), since
    the courses' values do not depend on the beliefs, only their probabilities do.
    """

    scenario: str
    proposal: str
    view: str
    draft: Draft = field(metadata=omit())
    order: tuple[int, ...]
    actors: tuple[str, ...]
    parties: tuple[str, ...]
    trust: Trust = field(metadata=omit())
    values: CourseValues = field(metadata=omit())
    batna: np.ndarray  # [A]

    def courses(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Chance of every halted course ``[..., A, J, T]`` (j: the step breached, t: the
        pattern) and of keeping everything ``[..., A]``."""
        probs = pattern_probabilities(self.draft, q)[..., list(self.order), :]  # [..., A, J, T]
        full = probs[..., 0]
        prefix = np.cumprod(full, axis=-1)
        before = np.concatenate([np.ones_like(prefix[..., :1]), prefix[..., :-1]], axis=-1)
        course = before[..., None] * np.where(self.values.possible, probs, 0.0)
        return course, prefix[..., -1]

    def expected(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Expected value of each actor, low and high end, ``[..., A]`` each."""
        course, kept = self.courses(q)
        v = self.values
        # a course of probability 0 adds nothing, even where its value is unknown (NaN)
        low = np.where(course > 0, course * v.low, 0.0).sum(axis=(-2, -1))
        high = np.where(course > 0, course * v.high, 0.0).sum(axis=(-2, -1))
        return low + kept * v.kept_low, high + kept * v.kept_high


@dataclass(frozen=True)
class Sequenced:
    """What a draft carried out in one order is worth to each actor, given its beliefs.

    Arrays are indexed by ``actors`` (every actor with stances; ``parties`` are those with
    the role party). ``kept_*``: the value if every commitment is kept (the flat score);
    ``expected_*``: over the courses; ``worst``: the lowest value (low end) of any course
    with a positive chance; ``gain``/``gain_high``: expected minus BATNA at each end;
    ``chance_kept``: the chance everything is kept; ``reach[a, j]``: the chance step j of
    the order is carried out in full. NaN where a BATNA is unknown and it matters.
    """

    proposal: str
    title: str
    view: str
    order: tuple[str, ...]  # the phases in the order used (at signature first, implicitly)
    steps: tuple[Step, ...]
    actors: tuple[str, ...]
    parties: tuple[str, ...]
    kept_low: np.ndarray
    kept_high: np.ndarray
    expected_low: np.ndarray
    expected_high: np.ndarray
    worst: np.ndarray
    batna: np.ndarray
    gain: np.ndarray
    gain_high: np.ndarray
    chance_kept: np.ndarray
    reach: np.ndarray  # [A, J]
    drivers: tuple[Driver, ...]
    assumptions: list[str]
    notes: list[str]
    courses: int
    outcomes: int

    def __plain__(self) -> dict[str, Any]:
        """One row per actor, unknown numbers as None."""
        rows = []
        for a, aid in enumerate(self.actors):
            rows.append(
                {
                    "actor": aid,
                    "party": aid in self.parties,
                    "kept_low": _num(self.kept_low[a]),
                    "kept_high": _num(self.kept_high[a]),
                    "expected_low": _num(self.expected_low[a]),
                    "expected_high": _num(self.expected_high[a]),
                    "worst": _num(self.worst[a]),
                    "batna": _num(self.batna[a]),
                    "gain": _num(self.gain[a]),
                    "gain_high": _num(self.gain_high[a]),
                    "chance_kept": _num(self.chance_kept[a]),
                    "reach": {s.id: _num(self.reach[a, j]) for j, s in enumerate(self.steps)},
                }
            )
        return {
            "proposal": self.proposal,
            "title": self.title,
            "view": self.view,
            "order": list(self.order),
            "steps": self.steps,
            "actors": rows,
            "drivers": [
                {
                    "by": d.by,
                    "kind": d.kind,
                    "points": d.points,
                    "rise_low": {k: _num(v) for k, v in d.rise_low.items()},
                    "rise_high": {k: _num(v) for k, v in d.rise_high.items()},
                }
                for d in self.drivers
            ],
            "courses": self.courses,
            "outcomes": self.outcomes,
            "assumptions": self.assumptions,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class OrderGains:
    """One ordering of the phases and each party's expected value and gain (low end)."""

    label: str  # "maximin", "own", a named order's id, or the party that prefers it
    title: str
    order: tuple[str, ...]
    expected: dict[str, float]
    gains: dict[str, float]  # expected minus BATNA; NaN where the BATNA is unknown
    smallest: float  # the smallest gain over the counted parties (NaN: none counted)
    feasible: bool  # whether it respects every phase's requires

    def __plain__(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "title": self.title,
            "order": list(self.order),
            "expected": {k: _num(v) for k, v in self.expected.items()},
            "gains": {k: _num(v) for k, v in self.gains.items()},
            "smallest": _num(self.smallest),
            "feasible": self.feasible,
        }


@dataclass(frozen=True)
class OrderSearch:
    """Every ordering the draft's ``requires`` allow, valued at the low end of open settings.

    ``maximin``: the ordering that maximises the smallest expected gain over the BATNA
    across ``parties`` (those with unknown BATNAs are in ``left_out``); ``preferred``: the
    ordering each party would choose (None where its value is unknown in every ordering);
    ``named``: the draft's named orders; ``own``: the draft's own order.
    """

    proposal: str
    view: str
    phases: tuple[str, ...]
    evaluated: int
    parties: tuple[str, ...]
    left_out: tuple[str, ...]
    maximin: OrderGains | None
    preferred: dict[str, OrderGains | None]
    named: tuple[OrderGains, ...]
    own: OrderGains
    assumptions: list[str]
    notes: list[str]
    #: every feasible ordering (phase ids) and each actor's expected value in it (low end),
    #: ``[A, O]`` in the order of ``actors``: for charts and checks, not written out
    actors: tuple[str, ...] = field(default=(), metadata=omit())
    orders: tuple[tuple[str, ...], ...] = field(default=(), metadata=omit())
    expected: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), metadata=omit())


def _num(x: float) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


# --- orders --------------------------------------------------------------------------------
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


# --- putting it together -------------------------------------------------------------------
def _setup(
    scenario: Scenario, proposal_id: str, view: str
) -> tuple[Draft, Any, tuple[str, ...], np.ndarray, Trust]:
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
    return draft, prefs, parties, batna.reshape(len(prefs.actors)), trust


def plan_sequence(
    scenario: Scenario,
    proposal_id: str,
    order: Sequence[str] | None = None,
    *,
    view: str = "assessed",
) -> SequencePlan:
    """Compile draft ``proposal_id`` in ``order`` (see :func:`sequence`) for valuing."""
    draft, prefs, parties, batna, trust = _setup(scenario, proposal_id, view)
    steps = resolve_order(draft, order)
    # one order: its pairs, in the order's own sequence (S grows along it)
    masks = np.concatenate([[0], np.cumsum(np.left_shift(1, np.asarray(steps)))[:-1]])
    pairs = np.stack([masks, np.asarray(steps)], axis=1).astype(np.intp)
    values = course_values(scenario, draft, pairs, prefs, batna)
    return SequencePlan(
        scenario=scenario.id,
        proposal=proposal_id,
        view=view,
        draft=draft,
        order=steps,
        actors=prefs.actors,
        parties=parties,
        trust=trust,
        values=values,
        batna=batna,
    )


def _words(draft: Draft, steps: Sequence[int]) -> tuple[Step, ...]:
    out = []
    for k in steps:
        points = np.nonzero(draft.point_step == k)[0]
        labels = tuple(
            f"point {draft.proposal.points[p].number}"
            if draft.proposal.points[p].number is not None
            else f"point #{p + 1}"
            for p in points
        )
        committed = tuple(
            f"{c.label} ({c.by}: {c.kind}"
            + (f", guarantor {c.guarantor}" if c.guarantor else "")
            + f", if broken {c.if_broken.value}"
            + (", reversible" if c.reversible else "")
            + ")"
            for c in draft.committed
            if c.step == k
        )
        out.append(Step(draft.steps[k], draft.titles[k], labels, committed))
    return tuple(out)


def _notes(plan: SequencePlan, collapse_chance: np.ndarray) -> list[str]:
    draft = plan.draft
    notes = []
    if not draft.declared:
        notes.append(
            "the draft declares no sequence: every point takes effect at signature, in one step"
        )
    if not draft.committed:
        notes.append(
            "no point carries a commitment: every point is kept surely, so the expected "
            "value is the draft's flat score"
        )
    for a, aid in enumerate(plan.actors):
        if np.isnan(plan.batna[a]):
            what = "its gain over it is unknown"
            if collapse_chance[a] > 0:
                what = (
                    "a course that ends the deal has a value it cannot be given, so its "
                    "expected value, worst case and gain are unknown"
                )
            notes.append(f"{aid}'s BATNA ({plan.view}) is unknown: {what}")
    notes.append(
        "values are ranges where settings are left open (an issue silent without a status "
        "quo, or unknown): low takes the open settings at their worst for the actor, high at "
        "their best; the gain and the worst case are at the low end"
    )
    return notes


def sequence(
    scenario: Scenario,
    proposal_id: str,
    order: list[str] | None = None,
    *,
    view: str = "assessed",
) -> Sequenced:
    """Value draft ``proposal_id`` carried out in ``order`` for every actor with stances.

    ``order``: None for the draft's own order (``proposal.phases``), ``[id]`` for one of its
    named ``orders``, or every phase id once. ``view``: which BATNA a collapse returns to
    (``assessed`` or ``perceived``). Raises :class:`SequencingError` with what would do.
    """
    plan = plan_sequence(scenario, proposal_id, order, view=view)
    draft, values = plan.draft, plan.values
    q = plan.trust.q()
    groups = draft.groups()
    # the beliefs as stated, then each commitment group made sure: [G + 1, A, C]
    variants = np.repeat(q[None], len(groups) + 1, axis=0)
    for g, (_, _, cs) in enumerate(groups):
        variants[g + 1][:, list(cs)] = 1.0
    low, high = plan.expected(variants)
    course, kept = plan.courses(q)
    positive = course > 0
    worst = np.where(positive, values.low, np.inf).min(axis=(1, 2))
    worst = np.where(kept > 0, np.minimum(worst, values.kept_low), worst)
    # min ignores NaN under np.where: an unknown course with a chance makes the worst unknown
    unknown = (positive & np.isnan(values.low)).any(axis=(1, 2))
    worst = np.where(unknown, np.nan, worst)
    collapse_chance = np.where(values.collapse, course, 0.0).sum(axis=(1, 2))
    full = pattern_probabilities(draft, q)[:, list(plan.order), 0]
    reach = np.cumprod(full, axis=-1)

    actors = plan.actors
    ranked_by = [actors.index(p) for p in plan.parties] or list(range(len(actors)))
    drivers = []
    for g, (by, kind, cs) in enumerate(groups):
        rise_low, rise_high = low[g + 1] - low[0], high[g + 1] - high[0]
        drivers.append(
            (
                -np.nanmax(np.append(rise_low[ranked_by], -np.inf)),
                g,
                Driver(
                    by=by,
                    kind=kind,
                    points=tuple(draft.committed[c].label for c in cs),
                    rise_low={a: float(rise_low[i]) for i, a in enumerate(actors)},
                    rise_high={a: float(rise_high[i]) for i, a in enumerate(actors)},
                ),
            )
        )
    drivers.sort(key=lambda t: (t[0], t[1]))
    return Sequenced(
        proposal=proposal_id,
        title=draft.proposal.title,
        view=view,
        order=tuple(draft.steps[k] for k in plan.order[1:]),
        steps=_words(draft, plan.order),
        actors=actors,
        parties=plan.parties,
        kept_low=values.kept_low,
        kept_high=values.kept_high,
        expected_low=low[0],
        expected_high=high[0],
        worst=worst,
        batna=plan.batna,
        gain=low[0] - plan.batna,
        gain_high=high[0] - plan.batna,
        chance_kept=kept,
        reach=reach,
        drivers=tuple(d for _, _, d in drivers),
        assumptions=[*ASSUMPTIONS, *plan.trust.assumed],
        notes=_notes(plan, collapse_chance),
        courses=int(values.possible.sum()) + 1,
        outcomes=values.outcomes,
    )


def _pick(score: np.ndarray, own: int | None) -> int | None:
    """The best ordering: the draft's own among ties, else the first (lexicographic)."""
    if np.isnan(score).all():
        return None
    best = np.nanmax(score)
    tied = np.nonzero(score >= best - TIE)[0]
    if own is not None and own in tied:
        return own
    return int(tied[0])


def search_orders(scenario: Scenario, proposal_id: str, *, view: str = "assessed") -> OrderSearch:
    """Value every ordering of the draft's phases the ``requires`` allow (at most
    :data:`MAX_SEARCH_PHASES` phases), at the low end of open settings.

    Reports the ordering that maximises the smallest expected gain over the BATNA across
    parties (role party; unknown BATNAs left out and named), the ordering each party
    prefers, the draft's named orders and its own order. Ties go to the draft's own order,
    then to the first in lexicographic order of the draft's positions.
    """
    draft, prefs, parties, batna, trust = _setup(scenario, proposal_id, view)
    feasible = feasible_orders(draft)
    if len(feasible) == 0:
        raise SequencingError(
            f"proposal '{proposal_id}': no order of its phases meets every 'requires' "
            "(the requirements form a cycle)"
        )
    n_k = len(draft.steps)
    own_steps = np.arange(n_k, dtype=np.intp)
    named_steps = []
    for o in draft.proposal.orders:
        try:
            named_steps.append(resolve_order(draft, [o.id]))
        except SequencingError:
            ids = list(o.phases)
            if sorted(ids) != sorted(draft.phases):
                raise
            named_steps.append(tuple([0, *(draft.phases.index(p) + 1 for p in ids)]))
    every = np.concatenate(
        [feasible, own_steps[None], np.asarray(named_steps, dtype=np.intp).reshape(-1, n_k)]
    )
    pairs, at = order_pairs(every, n_k)
    values = course_values(scenario, draft, pairs, prefs, batna)
    expected = orders_expected(draft, values, at, every, trust.q())  # [A, O]
    gains = expected - batna[:, None]

    actors = prefs.actors
    no_party = not parties
    counted_pool = parties or actors
    left_out = tuple(a for a in counted_pool if np.isnan(batna[actors.index(a)]))
    counted = [actors.index(a) for a in counted_pool if a not in left_out]
    n_f = len(feasible)
    rows = {tuple(r): i for i, r in enumerate(feasible.tolist())}
    own_row = rows.get(tuple(own_steps.tolist()))
    shown = {actors.index(a) for a in counted_pool}

    def gains_of(row: int, label: str, title: str, feasible_: bool) -> OrderGains:
        smallest = float(gains[counted, row].min()) if counted else math.nan
        return OrderGains(
            label=label,
            title=title,
            order=tuple(draft.steps[k] for k in every[row, 1:]),
            expected={a: float(expected[i, row]) for i, a in enumerate(actors) if i in shown},
            gains={a: float(gains[i, row]) for i, a in enumerate(actors) if i in shown},
            smallest=smallest,
            feasible=feasible_,
        )

    maximin = None
    if counted:
        pick = _pick(gains[counted, :n_f].min(axis=0), own_row)
        if pick is not None:
            maximin = gains_of(pick, "maximin", "the smallest gain made largest", True)
    preferred: dict[str, OrderGains | None] = {}
    for a in counted_pool:
        pick = _pick(expected[actors.index(a), :n_f], own_row)
        preferred[a] = None if pick is None else gains_of(pick, a, f"preferred by {a}", True)
    own = gains_of(n_f, "own", "the draft's own order", own_row is not None)
    named = tuple(
        gains_of(
            n_f + 1 + j,
            o.id,
            o.title,
            order_violation(draft, named_steps[j]) is None,
        )
        for j, o in enumerate(draft.proposal.orders)
    )
    notes = [
        f"{len(feasible):,} orderings of {len(draft.phases)} phases meet every 'requires' "
        f"(of {math.factorial(len(draft.phases)):,}); the step at signature always comes first",
        "each ordering is valued at the LOW end: open settings at their worst for each party",
        "ties go to the draft's own order, then to the first in the draft's positions",
    ]
    if no_party:
        notes.append("no actor with stances has the role party: every actor with stances counts")
    if not counted:
        notes.append("no party's BATNA is known: there is no smallest gain to make largest")
    if left_out:
        notes.append(
            f"left out of the smallest gain (BATNA unknown in the {view} view): "
            + ", ".join(left_out)
        )
    if not draft.declared:
        notes.append("the draft declares no sequence: there is one order, every point at signature")
    return OrderSearch(
        proposal=proposal_id,
        view=view,
        phases=draft.phases,
        evaluated=len(feasible),
        parties=tuple(counted_pool),
        left_out=left_out,
        maximin=maximin,
        preferred=preferred,
        named=named,
        own=own,
        assumptions=[*ASSUMPTIONS, *trust.assumed],
        notes=notes,
        actors=actors,
        orders=tuple(tuple(draft.steps[k] for k in row[1:]) for row in feasible.tolist()),
        expected=expected[:, :n_f],
    )
