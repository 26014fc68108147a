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
allow (up to :data:`MAX_SEARCH_PHASES` phases; in :mod:`accord.analysis.order_search`,
re-exported here), and :func:`plan_sequence` compiles one order for callers that vary the
beliefs (Monte Carlo: :mod:`accord.uncertainty.commitments`). The courses are built in
:mod:`accord.analysis.courses`, the orders in :mod:`accord.analysis.phase_orders`.

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
    course_values,
    pattern_probabilities,
)
from accord.analysis.order_search import OrderGains, OrderSearch, search_orders
from accord.analysis.phase_orders import (
    ASSUMPTIONS,
    known_or_none,
    resolve_order,
    setup,
)
from accord.model import Scenario
from accord.model.plain import omit
from accord.model.sequence_checks import MAX_SEARCH_PHASES

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
class Temptation:
    """What breaking one committed point is worth to whoever must carry it out.

    ``gain``: the breaker's value when the earlier steps were all carried out and it breaks
    this point alone (the course that follows) minus its value if everything is kept, low
    ends. Above zero, breaking pays it: its promise is not self-enforcing (Fearon 1995),
    whatever the beliefs say.
    """

    by: str
    kind: str
    point: str
    step: str
    broken: float  # the breaker's value of the course with this point broken
    kept: float  # its value if everything is kept
    gain: float


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
    #: each committed point's temptation for its breaker, largest gain first (unknown
    #: values left out)
    temptations: tuple[Temptation, ...] = ()

    def __plain__(self) -> dict[str, Any]:
        """One row per actor, unknown numbers as None."""
        rows = []
        for a, aid in enumerate(self.actors):
            rows.append(
                {
                    "actor": aid,
                    "party": aid in self.parties,
                    "kept_low": known_or_none(self.kept_low[a]),
                    "kept_high": known_or_none(self.kept_high[a]),
                    "expected_low": known_or_none(self.expected_low[a]),
                    "expected_high": known_or_none(self.expected_high[a]),
                    "worst": known_or_none(self.worst[a]),
                    "batna": known_or_none(self.batna[a]),
                    "gain": known_or_none(self.gain[a]),
                    "gain_high": known_or_none(self.gain_high[a]),
                    "chance_kept": known_or_none(self.chance_kept[a]),
                    "reach": {
                        s.id: known_or_none(self.reach[a, j]) for j, s in enumerate(self.steps)
                    },
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
                    "rise_low": {k: known_or_none(v) for k, v in d.rise_low.items()},
                    "rise_high": {k: known_or_none(v) for k, v in d.rise_high.items()},
                }
                for d in self.drivers
            ],
            "temptations": self.temptations,
            "courses": self.courses,
            "outcomes": self.outcomes,
            "assumptions": self.assumptions,
            "notes": self.notes,
        }


def plan_sequence(
    scenario: Scenario,
    proposal_id: str,
    order: Sequence[str] | None = None,
    *,
    view: str = "assessed",
) -> SequencePlan:
    """Compile draft ``proposal_id`` in ``order`` (see :func:`sequence`) for valuing."""
    ready = setup(scenario, proposal_id, view)
    draft, prefs, parties, batna, trust = (
        ready.draft,
        ready.prefs,
        ready.parties,
        ready.batna,
        ready.trust,
    )
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
        temptations=temptations(plan),
    )


def temptations(plan: SequencePlan) -> tuple[Temptation, ...]:
    """Each committed point's gain to its breaker from breaking it alone once the earlier
    steps are done (the course's value against keeping everything), largest first."""
    draft, values, actors = plan.draft, plan.values, plan.actors
    out = []
    for j, k in enumerate(plan.order):
        for m, c in enumerate(draft.slots[k]):
            if c < 0 or draft.committed[c].by not in actors:
                continue
            com = draft.committed[c]
            a = actors.index(com.by)
            broken, kept = float(values.low[a, j, 1 << m]), float(values.kept_low[a])
            if np.isnan(broken) or np.isnan(kept):
                continue
            out.append(
                Temptation(com.by, com.kind, com.label, draft.steps[k], broken, kept, broken - kept)
            )
    return tuple(sorted(out, key=lambda t: -t.gain))
