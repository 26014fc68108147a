"""The courses a phased draft can take, and what each leaves every actor, as arrays.

A draft carried out in steps (:mod:`accord.model.sequencing`) can stop at any step: the
step's committed points are kept or broken independently, and a breach halts everything
after it. A *halted course* is fixed by three things: the set ``S`` of steps already carried
out, the step ``k`` that was breached and the *pattern* of broken points inside ``k`` (a bit
per committed point of ``k``). This module

* compiles a draft into steps, committed points and slots (:func:`compile_draft`);
* reads who believes whom (:func:`read_trust`): for each evaluating actor and committed
  point, where its probability of being kept comes from;
* builds the outcome of every halted course for a list of ``(S, k)`` pairs, vectorised
  over pairs, patterns and points, scores every distinct outcome in one call of
  :func:`accord.analysis.scoring.score_proposals`, and values each course for each actor
  (:func:`course_values`);
* turns keeping probabilities into the probability of each pattern
  (:func:`pattern_probabilities`).

What the model assumes is written out in ``docs/sequencing.md``; :mod:`accord.analysis.sequencing`
puts the pieces together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.linkage import compile_linkage
from accord.analysis.scoring import score_proposals
from accord.analysis.utility import Preferences
from accord.model import Point, Proposal, Scenario
from accord.model.sequencing import IfBroken

#: The implicit first step: points without a phase take effect at signature. The space
#: keeps it apart from every phase id (ids have no spaces).
AT_SIGNATURE = "at signature"
#: Committed points one step may hold: a step's courses are its 2**m breach patterns.
MAX_COMMITTED = 12


class SequencingError(ValueError):
    """A draft, order or request the sequencing engine cannot take, with what would do."""


@dataclass(frozen=True)
class Committed:
    """One committed point of a draft."""

    point: int  # index in the draft's points (file order)
    label: str  # "point 3" (the draft's own number) or "point #4" (its place)
    step: int
    by: str
    kind: str
    guarantor: str | None
    if_broken: IfBroken
    reversible: bool


@dataclass(frozen=True)
class Draft:
    """A draft compiled into steps: step 0 is at signature, then the phases in file order."""

    proposal: Proposal
    steps: tuple[str, ...]  # AT_SIGNATURE, then the phase ids
    titles: tuple[str, ...]
    requires: tuple[tuple[int, ...], ...]  # per step, the steps it requires
    point_step: np.ndarray  # [P] int
    committed: tuple[Committed, ...]  # [C] in file order
    slots: np.ndarray  # [K, M] int: the committed point at each slot of a step, or -1
    declared: bool  # whether the draft declares phases
    in_force: int = 0  # the step whose completion puts the deal in force (0: at signature)

    @property
    def width(self) -> int:
        """M: the most committed points any step holds."""
        return int(self.slots.shape[1])

    @property
    def phases(self) -> tuple[str, ...]:
        return self.steps[1:]

    def counts(self) -> np.ndarray:
        """Committed points per step, [K]."""
        return (self.slots >= 0).sum(axis=1)

    def groups(self) -> list[tuple[str, str, tuple[int, ...]]]:
        """(by, kind, committed indices) per commitment group, by first appearance."""
        seen: dict[tuple[str, str], list[int]] = {}
        for c, com in enumerate(self.committed):
            seen.setdefault((com.by, com.kind), []).append(c)
        return [(by, kind, tuple(cs)) for (by, kind), cs in seen.items()]


def point_label(proposal: Proposal, p: int) -> str:
    number = proposal.points[p].number
    return f"point {number}" if number is not None else f"point #{p + 1}"


def compile_draft(scenario: Scenario, proposal: Proposal) -> Draft:
    """Steps, committed points and slots of ``proposal``; a :class:`SequencingError` names
    the record and field of anything the engine cannot take."""
    where = f"proposal '{proposal.id}'"
    phase_ids = [ph.id for ph in proposal.phases]
    if len(set(phase_ids)) != len(phase_ids):
        dup = next(p for p in phase_ids if phase_ids.count(p) > 1)
        raise SequencingError(f"{where}: phase '{dup}' is declared twice; give each phase once")
    step_of = {pid: k + 1 for k, pid in enumerate(phase_ids)}
    known = ", ".join(phase_ids) or "none"
    requires: list[tuple[int, ...]] = [()]
    for ph in proposal.phases:
        for r in ph.requires:
            if r not in step_of:
                raise SequencingError(
                    f"{where}, phase '{ph.id}': requires '{r}', which is not a phase of the "
                    f"draft; its phases: {known}"
                )
        # every phase comes after the step at signature
        requires.append((0, *sorted({step_of[r] for r in ph.requires})))
    actors = {a.id for a in scenario.actors}
    point_step = np.zeros(len(proposal.points), dtype=np.intp)
    committed: list[Committed] = []
    for p, point in enumerate(proposal.points):
        label = point_label(proposal, p)
        if point.phase is not None:
            if point.phase not in step_of:
                raise SequencingError(
                    f"{where}, {label}: phase '{point.phase}' is not a phase of the draft; "
                    f"its phases: {known}"
                )
            point_step[p] = step_of[point.phase]
        com = point.commitment
        if com is None:
            continue
        for field, who in (("by", com.by), ("guarantor", com.guarantor)):
            if who is not None and who not in actors:
                raise SequencingError(
                    f"{where}, {label}: commitment.{field} '{who}' is not an actor; "
                    f"actors: {', '.join(a.id for a in scenario.actors)}"
                )
        committed.append(
            Committed(
                point=p,
                label=label,
                step=int(point_step[p]),
                by=com.by,
                kind=com.kind,
                guarantor=com.guarantor,
                if_broken=com.if_broken,
                reversible=com.reversible,
            )
        )
    in_force = 0
    if proposal.in_force_after is not None:
        if proposal.in_force_after not in step_of:
            raise SequencingError(
                f"{where}: in_force_after '{proposal.in_force_after}' is not a phase of the "
                f"draft; its phases: {known}"
            )
        in_force = step_of[proposal.in_force_after]
    n_k = len(phase_ids) + 1
    per_step: list[list[int]] = [[] for _ in range(n_k)]
    for c, done in enumerate(committed):
        per_step[done.step].append(c)
    width = max((len(cs) for cs in per_step), default=0)
    if width > MAX_COMMITTED:
        k = next(k for k, cs in enumerate(per_step) if len(cs) == width)
        name = AT_SIGNATURE if k == 0 else f"phase '{phase_ids[k - 1]}'"
        raise SequencingError(
            f"{where}: {name} holds {width} committed points; the engine takes at most "
            f"{MAX_COMMITTED} per step (2**m breach patterns each): split the step into phases"
        )
    slots = np.full((n_k, width), -1, dtype=np.intp)
    for k, cs in enumerate(per_step):
        slots[k, : len(cs)] = cs
    return Draft(
        proposal=proposal,
        steps=(AT_SIGNATURE, *phase_ids),
        titles=("at signature", *(ph.title for ph in proposal.phases)),
        requires=tuple(requires),
        point_step=point_step,
        committed=tuple(committed),
        slots=slots,
        declared=bool(phase_ids),
        in_force=in_force,
    )


# --- who believes whom ---------------------------------------------------------------------
@dataclass(frozen=True)
class Trust:
    """Where each evaluating actor's probability of each committed point comes from.

    ``by_belief[a, c]`` is the index in ``scenario.beliefs`` of actor a's belief that the
    point's ``by`` keeps it, or -1, and then ``by_value[a, c]`` is the value used (1.0: an
    actor's own commitment, or assumed). The same for the guarantor; no guarantor reads 0,
    so that q = 1 - (1 - p_by) * (1 - p_guarantor) is p_by.
    """

    actors: tuple[str, ...]
    by_belief: np.ndarray  # [A, C] int
    by_value: np.ndarray  # [A, C] float
    guarantor_belief: np.ndarray  # [A, C] int
    guarantor_value: np.ndarray  # [A, C] float
    base: np.ndarray  # [B] each belief's stated probability
    assumed: tuple[str, ...]  # "x keeps ... : assumed kept: no belief recorded", in words

    def q(self, probabilities: np.ndarray | None = None) -> np.ndarray:
        """Chance each actor gives each committed point of being kept, ``[..., A, C]``.

        ``probabilities`` ``[..., B]`` replaces the beliefs' stated probabilities (drawn
        ones, for Monte Carlo); by default the stated ones.
        """
        probs = self.base if probabilities is None else np.asarray(probabilities, dtype=float)
        # one extra column so that -1 (no belief) gathers something; np.where replaces it
        ext = np.concatenate([probs, np.zeros((*probs.shape[:-1], 1))], axis=-1)
        p_by = np.where(self.by_belief >= 0, ext[..., self.by_belief], self.by_value)
        p_g = np.where(self.guarantor_belief >= 0, ext[..., self.guarantor_belief],
                       self.guarantor_value)  # fmt: skip
        # no guarantor: p itself (1 - (1 - p) loses a tiny p to rounding)
        has = self.guarantor_belief >= 0
        has |= self.guarantor_value > 0
        return np.where(has, 1.0 - (1.0 - p_by) * (1.0 - p_g), p_by)


def read_trust(scenario: Scenario, draft: Draft, actors: Sequence[str]) -> Trust:
    """Look up p_a(x, kind) for every evaluating actor and committed point.

    1.0 when x is a (an actor is sure of its own commitments: a belief about itself, its
    own or a shared one, is not used, as the scenario checks warn), else a's own belief
    about x and kind, else a shared one (no holder), else 1.0 assumed and listed in words.
    The first matching belief counts (the checks refuse a second).
    """
    own: dict[tuple[str, str, str], int] = {}
    shared: dict[tuple[str, str], int] = {}
    for b, belief in enumerate(scenario.beliefs):
        if belief.holder is None:
            shared.setdefault((belief.about, belief.kind), b)
        else:
            own.setdefault((belief.holder, belief.about, belief.kind), b)
    n_a, n_c = len(actors), len(draft.committed)
    shape = (n_a, n_c)
    by_belief, g_belief = np.full(shape, -1, dtype=np.intp), np.full(shape, -1, dtype=np.intp)
    by_value, g_value = np.ones(shape), np.zeros(shape)
    assumed: dict[str, None] = {}

    def look(a: str, x: str, kind: str, role: str) -> tuple[int, float]:
        if x == a:  # sure of itself: a belief about oneself, even a shared one, is not used
            return -1, 1.0
        b = own.get((a, x, kind), shared.get((x, kind), -1))
        if b >= 0:
            return b, 1.0
        assumed[f"{a} on {x} keeping '{kind}'{role}: assumed kept: no belief recorded"] = None
        return -1, 1.0

    for i, a in enumerate(actors):
        for c, com in enumerate(draft.committed):
            by_belief[i, c], by_value[i, c] = look(a, com.by, com.kind, "")
            if com.guarantor is not None:
                g_belief[i, c], g_value[i, c] = look(a, com.guarantor, com.kind, " as guarantor")
    return Trust(
        actors=tuple(actors),
        by_belief=by_belief,
        by_value=by_value,
        guarantor_belief=g_belief,
        guarantor_value=g_value,
        base=np.array([b.probability for b in scenario.beliefs], dtype=float),
        assumed=tuple(assumed),
    )


# --- patterns and their probabilities ------------------------------------------------------
def pattern_bits(width: int) -> np.ndarray:
    """[2**M, M] bool: which slots a pattern breaks (bit m of the pattern number)."""
    pats = np.arange(2**width)[:, None]
    return ((pats >> np.arange(width)[None, :]) & 1).astype(bool)


def pattern_probabilities(draft: Draft, q: np.ndarray) -> np.ndarray:
    """Chance of each breach pattern of each step, ``[..., A, K, 2**M]``, from q ``[..., A, C]``.

    Slots a step does not fill read q = 1, so a pattern that breaks one has probability 0;
    pattern 0 (nothing broken) is the chance the step is carried out in full.
    """
    q = np.asarray(q, dtype=float)
    ext = np.concatenate([q, np.ones((*q.shape[:-1], 1))], axis=-1)
    qs = ext[..., draft.slots]  # [..., A, K, M]; -1 takes the column of ones
    bits = pattern_bits(draft.width)  # [T, M]
    factors = np.where(bits, 1.0 - qs[..., None, :], qs[..., None, :])  # [..., A, K, T, M]
    return factors.prod(axis=-1)


# --- outcomes and values -------------------------------------------------------------------
@dataclass(frozen=True)
class CourseValues:
    """What each halted course leaves each actor, for a list of (S, k) pairs.

    ``low``/``high`` ``[A, R, 2**M]`` for pair r and pattern t (0 where the pattern is not a
    breach of step k: see ``possible``); ``kept_low``/``kept_high`` ``[A]`` the value when
    every step is carried out in full (the draft's flat score); ``collapse`` ``[R, 2**M]``
    whether the course ends the deal.
    """

    pairs: np.ndarray  # [R, 2] (mask of S, k)
    possible: np.ndarray  # [R, T] bool
    collapse: np.ndarray  # [R, T] bool
    low: np.ndarray  # [A, R, T]
    high: np.ndarray  # [A, R, T]
    kept_low: np.ndarray  # [A]
    kept_high: np.ndarray  # [A]
    outcomes: int  # distinct outcomes scored


def _issue_sets(
    scenario: Scenario, draft: Draft, prefs: Preferences
) -> tuple[np.ndarray, np.ndarray, list[dict[str, object]]]:
    """Per point: which issues it sets (real) and which its breaker sets instead (virtual);
    and the settings of each source (3p real, 3p + 1 the breaker's positions, 3p + 2 none:
    the issues a breach leaves undelivered)."""
    issues = list(prefs.issues)
    at = {iid: i for i, iid in enumerate(issues)}
    points = draft.proposal.points
    real = np.zeros((len(points), len(issues)), dtype=bool)
    virtual = np.zeros_like(real)
    sources: list[dict[str, object]] = []
    for p, point in enumerate(points):
        sources.append(dict(point.settings))
        for iid in point.settings:
            real[p, at[iid]] = True
        com = point.commitment
        instead: dict[str, object] = {}
        if com is not None and com.if_broken is IfBroken.preferred:
            for iid in point.settings:
                stance = scenario.stance(com.by, iid)
                # no stance: the breaker has no position to impose, the point just lapses
                if stance is not None:
                    instead[iid] = stance.position
                    virtual[p, at[iid]] = True
        sources.extend([instead, {}])  # the breaker's settings; none where undelivered
    return real, virtual, sources


def _last(include: np.ndarray, sets: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """[R, I]: the highest-ranked included source setting each issue, or -1."""
    hit = include[:, :, None] & sets[None, :, :]  # [R, S, I]
    return np.where(hit, rank[None, :, None], -1).max(axis=1, initial=-1)


def course_values(
    scenario: Scenario,
    draft: Draft,
    pairs: np.ndarray,
    prefs: Preferences,
    batna: np.ndarray,
) -> CourseValues:
    """Value every halted course of the (S mask, k) ``pairs`` for every actor of ``prefs``.

    Outcomes are built as arrays: for each course and issue, the last source (a carried-out
    point, or the breaker's position for a point broken under ``preferred``) that sets it,
    in the draft's file order. Distinct outcomes are scored in one batch. A course that
    collapses the deal is worth BATNA + U(irreversible carried-out points) - U(nothing),
    the difference taken over the issues (or linked groups) those points touch, the two
    ranges combined at opposite ends (so an open issue widens the range, never narrows it).
    """
    n_p, n_i = len(draft.proposal.points), len(prefs.issues)
    width = draft.width
    n_t = 2**width
    pairs = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
    n_r = len(pairs)
    counts = draft.counts()
    pats = np.arange(n_t)
    possible = (pats[None, :] > 0) & (pats[None, :] < 2 ** counts[pairs[:, 1]][:, None])
    rows_r, rows_t = np.nonzero(possible)  # the courses to build, [N]
    masks, ks = pairs[rows_r, 0], pairs[rows_r, 1]

    # per course and point: done before k, in k, broken
    step = draft.point_step[None, :]
    before = ((masks[:, None] >> step) & 1).astype(bool)  # [N, P]
    in_k = step == ks[:, None]
    slot_of = np.full(n_p, -1, dtype=np.intp)
    commit_of = np.full(n_p, -1, dtype=np.intp)
    for c, com in enumerate(draft.committed):
        commit_of[com.point] = c
    for k in range(len(draft.steps)):
        for m, c in enumerate(draft.slots[k]):
            if c >= 0:
                slot_of[draft.committed[c].point] = m
    broken = (
        in_k & (slot_of[None, :] >= 0) & (((rows_t[:, None] >> np.maximum(slot_of, 0)) & 1) > 0)
    )
    carried = before | (in_k & ~broken)

    def rule(which: IfBroken) -> np.ndarray:
        return np.array(
            [c >= 0 and draft.committed[c].if_broken is which for c in commit_of], dtype=bool
        ).reshape(n_p)

    reversible = np.array(
        [c >= 0 and draft.committed[c].reversible for c in commit_of], dtype=bool
    ).reshape(n_p)
    committed_p = commit_of >= 0
    # A no_deal point is one the deal cannot stand without: the deal collapses when it is
    # broken, and equally when the process halts before it is carried out at all. So does
    # any halt before the deal is in force (the step that puts it in force was neither done
    # before k nor, being k, done in full).
    collapse_n = (~carried & rule(IfBroken.no_deal)[None, :]).any(axis=1)  # [N]
    if draft.in_force > 0:
        collapse_n |= ((masks >> draft.in_force) & 1) == 0
    preferred = broken & rule(IfBroken.preferred)[None, :]

    real, virtual, source_settings = _issue_sets(scenario, draft, prefs)
    # three sources per point, in file order: what it sets (3p), what its breaker sets
    # instead under preferred (3p + 1), and, when it is broken, the issues it leaves
    # undelivered (3p + 2: set by no one, so an earlier point's setting of the same issue
    # does not stand in for the broken promise)
    sets = np.empty((3 * n_p, n_i), dtype=bool)
    sets[0::3], sets[1::3], sets[2::3] = real, virtual, real & ~virtual
    rank = np.arange(3 * n_p)
    include = np.zeros((len(rows_r), 3 * n_p), dtype=bool)
    include[:, 0::3], include[:, 1::3], include[:, 2::3] = carried, preferred, broken
    held = _last(include, sets, rank)  # [N, I] the deal holds
    include_c = np.zeros_like(include)
    # what outlives a collapse: committed points carried out and not undone by the fighting;
    # uncommitted points are declarations of the deal and fall with it
    include_c[:, 0::3] = carried & committed_p[None, :] & ~reversible[None, :]
    left = _last(include_c, sets, rank)  # [N, I] what a collapse leaves
    source = np.where(collapse_n[:, None], left, held)

    nothing = np.full((1, n_i), -1, dtype=np.intp)
    whole = _last(np.tile([True, False, False], n_p)[None, :], sets, rank)  # every point
    stacked = np.concatenate([nothing, whole, source])
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    issues = prefs.issues
    # copies of one validated pair of records: building thousands with validation (or
    # model_construct's default factories) would cost more than scoring them
    blank = Point(text="what the course leaves")
    template = Proposal(id="course", title="a course of the draft")
    proposals = [
        template.model_copy(
            update={
                "id": f"course-{u}",
                "points": [
                    blank.model_copy(
                        update={
                            "settings": {
                                issues[i]: source_settings[s][issues[i]]
                                for i, s in enumerate(row)
                                if s >= 0 and issues[i] in source_settings[s]
                            }
                        }
                    )
                ],
            }
        )
        for u, row in enumerate(unique.tolist())
    ]
    card = score_proposals(scenario, proposals, prefs)
    u_nothing, u_whole, u_rows = inverse[0], inverse[1], inverse[2:]

    low = card.low[:, u_rows].copy()  # [A, N]
    high = card.high[:, u_rows].copy()
    if collapse_n.any():
        cn = np.nonzero(collapse_n)[0]
        touched = _touched(scenario, prefs, left[cn] >= 0)  # [A, n, I]
        at = u_rows[cn]
        d_low = np.where(touched, card.part_low[:, at, :] - card.part_high[:, [u_nothing], :], 0)
        d_high = np.where(touched, card.part_high[:, at, :] - card.part_low[:, [u_nothing], :], 0)
        low[:, cn] = batna[:, None] + d_low.sum(axis=2)
        high[:, cn] = batna[:, None] + d_high.sum(axis=2)

    n_a = len(prefs.actors)
    out_low, out_high = np.zeros((n_a, n_r, n_t)), np.zeros((n_a, n_r, n_t))
    out_low[:, rows_r, rows_t], out_high[:, rows_r, rows_t] = low, high
    collapse = np.zeros((n_r, n_t), dtype=bool)
    collapse[rows_r, rows_t] = collapse_n
    return CourseValues(
        pairs=pairs,
        possible=possible,
        collapse=collapse,
        low=out_low,
        high=out_high,
        kept_low=card.low[:, u_whole].copy(),
        kept_high=card.high[:, u_whole].copy(),
        outcomes=len(unique),
    )


def _touched(scenario: Scenario, prefs: Preferences, touched: np.ndarray) -> np.ndarray:
    """[A, N, I]: issues whose unit (the issue, or the actor's linked group holding it) a
    collapse's carried-out points touch, from ``touched`` [N, I]."""
    n_a, n_i = len(prefs.actors), len(prefs.issues)
    same = np.repeat(np.eye(n_i, dtype=bool)[None], n_a, axis=0)  # [A, I, I]
    link = compile_linkage(scenario, prefs)
    if link.linked:
        for a in range(n_a):
            for group in link.actor_groups(a):
                same[a][np.ix_(group, group)] = True
    return np.einsum("ni,aij->anj", touched.astype(float), same.astype(float)) > 0
