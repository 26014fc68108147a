"""Whether some outcome every party accepts and every party's ratifiers pass exists: exact.

The mixed-integer check of :func:`accord.analysis.milp.find_acceptable` knows actors with a
BATNA and red lines. A ratifier that votes is one such actor, with its threshold as BATNA
(:func:`~accord.analysis.ratifiers.derived_scenario` with ``threshold_batna``). What the
check cannot say directly is "the rule is met": that is an *or* over the ratifiers. It is
split into cases, each an *and* the check answers:

* **who votes.** For each ratifier with ``votes_when``, either it votes (one case per issue
  its conditions test: that issue restricted to the settings where one of its conditions
  holds) or it does not (every issue it tests restricted to the settings where none holds).
  A ratifier without ``votes_when`` always votes.
* **who must pass.** Given the voters V, every minimal set S of them whose passing meets
  the actor's rule (under ``all``: S = V). The rule is monotone: more passing voters never
  break it, so the voters outside S need not be constrained.

An outcome qualifies exactly when some case has one: the parties accept it, it meets the
case's restrictions, and the ratifiers in S accept it. The cases of the parties multiply;
past :data:`MAX_CASES` the check is not attempted and the caller says its answer is an
estimate.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import replace

import numpy as np

from accord.analysis.milp import find_acceptable
from accord.analysis.ratifiers import Ratifiers, encoded_settings
from accord.analysis.space import Factor, OutcomeSpace
from accord.analysis.utility import TOLERANCE
from accord.model.ratification import VoteRule

#: The most cases (one mixed-integer check each) the exact answer may take.
MAX_CASES = 256

#: One case: per issue the settings allowed (None: all), and the ratifiers that must pass.
Case = tuple[dict[int, np.ndarray], tuple[int, ...]]


def actor_cases(rat: Ratifiers, a: int, space: OutcomeSpace) -> list[Case]:
    """Every case of actor row ``a``'s ratifiers (see the module docstring)."""
    pos, idx = encoded_settings(space, rat.derived)
    sizes = [len(s) for s in space.settings]
    mine = [int(r) for r in np.flatnonzero(rat.owner == a)]
    optional = [r for r in mine if rat.votes_when[r]]
    out: list[Case] = []
    for chosen in itertools.product((True, False), repeat=len(optional)):
        voters = [r for r in mine if not rat.votes_when[r]]
        voters += [r for r, v in zip(optional, chosen, strict=True) if v]
        absent = [r for r, v in zip(optional, chosen, strict=True) if not v]
        base: dict[int, np.ndarray] = {}
        for r in absent:  # none of its conditions holds
            for t in rat.votes_when[r]:
                held = t.holds(pos[: sizes[t.issue], t.issue], idx[: sizes[t.issue], t.issue])
                base[t.issue] = base.get(t.issue, np.ones(sizes[t.issue], bool)) & ~held
        # each voter with conditions: one of them holds, one branch per issue they test
        branches = []
        for r in [r for r in voters if rat.votes_when[r]]:
            per_issue: dict[int, np.ndarray] = {}
            for t in rat.votes_when[r]:
                held = t.holds(pos[: sizes[t.issue], t.issue], idx[: sizes[t.issue], t.issue])
                per_issue[t.issue] = per_issue.get(t.issue, np.zeros(sizes[t.issue], bool)) | held
            branches.append(list(per_issue.items()))
        for musts in minimal_coalitions(rat, a, voters):
            for pick in itertools.product(*branches):
                allowed = dict(base)
                for i, mask in pick:
                    allowed[i] = allowed.get(i, np.ones(sizes[i], bool)) & mask
                out.append((allowed, musts))
    return out


def minimal_coalitions(rat: Ratifiers, a: int, voters: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """The minimal sets of ``voters`` whose passing meets actor row ``a``'s rule."""
    if rat.rules[a] is VoteRule.all or not voters:
        yield tuple(voters)
        return
    w = rat.weight
    total = float(w[list(voters)].sum())
    found: list[set[int]] = []
    for size in range(1, len(voters) + 1):  # by size, so a superset of a found set is skipped
        for subset in itertools.combinations(voters, size):
            got = float(w[list(subset)].sum())
            if rat.rules[a] is VoteRule.majority:
                met = got - 0.5 * total > TOLERANCE
            else:
                met = got >= float(rat.quota[a]) * total - TOLERANCE
            if met and not any(f <= set(subset) for f in found):
                found.append(set(subset))
                yield subset


def restricted(space: OutcomeSpace, allowed: dict[int, np.ndarray]) -> OutcomeSpace | None:
    """``space`` with only the allowed settings of some issues (None when that leaves none)."""
    if not allowed:
        return space
    factors = []
    for f in space.factors:
        keep = np.ones(f.size, dtype=bool)
        for j, i in enumerate(f.issues):
            if i in allowed:
                keep &= allowed[i][f.codes[:, j]]
        if not keep.any():
            return None
        factors.append(Factor(issues=f.issues, codes=f.codes[keep], utility=f.utility[:, keep]))
    return replace(space, factors=tuple(factors))


def find_ratified(
    space: OutcomeSpace, rat: Ratifiers, binding: Sequence[int], parties: Sequence[str]
) -> np.ndarray | None:
    """An outcome of ``space`` every party in ``parties`` accepts and every actor in
    ``binding`` (rows of ``rat.actors``) ratifies, or None when there is none.

    ``space`` holds the parties and the binding actors' ratifiers that have stances as
    actors (their BATNA their threshold). Raises ValueError past :data:`MAX_CASES` cases.
    """
    per_actor = [actor_cases(rat, a, space) for a in binding]
    n_cases = int(np.prod([len(c) for c in per_actor], dtype=float))
    if n_cases > MAX_CASES:
        raise ValueError(f"the exact check would take {n_cases:,} cases, more than {MAX_CASES}")
    in_space = set(space.actors)
    for combo in itertools.product(*per_actor):
        allowed: dict[int, np.ndarray] = {}
        musts: list[str] = []
        for restriction, must in combo:
            for i, mask in restriction.items():
                allowed[i] = allowed.get(i, np.ones_like(mask)) & mask
            musts += [rat.ids[r] for r in must if rat.ids[r] in in_space]
        sub = restricted(space, allowed)
        if sub is None:
            continue
        found = find_acceptable(sub, [*parties, *musts])
        if found is not None:
            return found
    return None
