"""Why no outcome is acceptable: the clashing red lines and BATNAs, and what to relax.

:func:`diagnose` finds an irreducible conflicting set of items with a deletion filter (and a
smallest one when few enough subsets are left to try), and the fewest items whose
relaxation lets an acceptable outcome exist, with a second model that gives each item a
relaxation binary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from math import comb

from accord.analysis.milp.items import Item
from accord.analysis.milp.model import allowed_columns, build_layout, enforced_items, solve
from accord.analysis.milp.words import join_words
from accord.analysis.space import OutcomeSpace
from accord.model import Scenario
from accord.model.plain import omit

#: :func:`diagnose` looks for a smaller conflicting set than the deletion filter's when this
#: many feasibility checks or fewer settle the question.
SUBSET_BUDGET = 256


@dataclass(frozen=True)
class Diagnosis:
    """Why no outcome is acceptable to ``actors``.

    ``conflict`` is an irreducible conflicting set of items: they cannot all hold together,
    but any proper subset can. It comes from a deletion filter, so it is irreducible but not
    necessarily the smallest such set; ``smallest`` is True when it is proven to be of
    minimum size (a search of all smaller subsets, run when that takes at most
    :data:`SUBSET_BUDGET` checks). ``conflict`` is empty when the scenario's constraints (and
    any fixed settings) alone rule out every outcome.

    ``min_relaxations`` is the fewest items that must be dropped for an acceptable outcome to
    exist (None when no relaxation helps, i.e. ``conflict`` is empty) and ``relax`` one such
    set. ``single`` lists every item whose relaxation alone suffices (empty unless
    ``min_relaxations`` is 1).
    """

    actors: tuple[str, ...]
    conflict: tuple[Item, ...]
    smallest: bool
    min_relaxations: int | None
    relax: tuple[Item, ...]
    single: tuple[Item, ...]
    scenario: Scenario | None = field(default=None, repr=False, compare=False, metadata=omit())

    def render(self, scenario: Scenario | None) -> str:
        """:meth:`text` with names and labels from ``scenario``."""
        sc = scenario
        if not self.conflict:
            return (
                "No outcome is possible at all: the scenario's constraints (and any settings "
                "fixed) rule out every combination of settings."
            )
        lines = [_conflict_sentence(self.conflict, sc)]
        if sc is not None:
            lines += [f"  {d}" for it in self.conflict if (d := it.detail(sc)) is not None]
        if not self.smallest:
            lines.append(
                "  (Dropping any one of these removes the clash; a smaller clashing set may exist.)"
            )
        if self.min_relaxations == 1:
            if set(self.single) == set(self.conflict):
                which = "either" if len(self.conflict) == 2 else "any one"
                lines.append(
                    f"Relaxing {which} of them is enough for an acceptable outcome to exist."
                )
            else:
                names = join_words([it.text(sc) for it in self.single], "or")
                lines.append(
                    "Relaxing one requirement is enough for an acceptable outcome to exist: "
                    f"{names}."
                )
        elif self.min_relaxations is not None:
            names = join_words([it.text(sc) for it in self.relax], "and")
            lines.append(
                f"At least {self.min_relaxations} requirements must be relaxed for an acceptable "
                f"outcome to exist, for example {names}."
            )
        return "\n".join(lines)

    def text(self) -> str:
        """The diagnosis in plain words, with names if a scenario was given to :func:`diagnose`."""
        return self.render(self.scenario)


def diagnose(
    space: OutcomeSpace,
    actors: Iterable[str] | None = None,
    *,
    fix: Mapping[str, object] | None = None,
    relax: Iterable[Item] = (),
    scenario: Scenario | None = None,
    budget: int = SUBSET_BUDGET,
) -> Diagnosis | None:
    """Why no outcome is acceptable to every chosen actor; None when one is.

    The conflicting set comes from a deletion filter: start from every item, try dropping
    each (BATNAs first, so that clashes between red lines are preferred); keep it dropped if
    the rest still admits no acceptable outcome. The result is irreducible (every proper
    subset can hold) but not necessarily the smallest; when at most ``budget`` checks cover
    every smaller subset they are all tried, and the first clashing one (then a smallest)
    replaced it. A second model, with one relaxation binary per item, finds the fewest items
    to relax. ``scenario`` supplies names for :meth:`Diagnosis.text`. ``fix`` and ``relax``
    as in :func:`find_acceptable` (fixed settings are hard, never blamed). Continuous issues
    are searched on the space's grid only.
    """
    lay = build_layout(space, actors)
    allowed = allowed_columns(lay, fix)
    items = enforced_items(lay, relax)
    names = tuple(space.actors[a] for a in lay.chosen)

    def feasible(subset: Sequence[Item]) -> bool:
        return solve(lay, subset, allowed) is not None

    if feasible(items):
        return None
    if not feasible(()):
        return Diagnosis(names, (), True, None, (), (), scenario)

    working = list(items)
    for item in sorted(items, key=lambda it: it.kind != "batna"):
        trial = [it for it in working if it != item]
        if not feasible(trial):
            working = trial
    conflict = working
    smallest = len(conflict) <= 1
    if not smallest and sum(comb(len(items), s) for s in range(1, len(conflict))) <= budget:
        smallest = True
        for size in range(1, len(conflict)):
            hit = next((c for c in combinations(items, size) if not feasible(c)), None)
            if hit is not None:
                conflict = list(hit)
                break

    best = solve(lay, (), allowed, relaxable=items, goal="relaxations")
    assert best is not None  # the empty set is feasible, so relaxing everything is
    relaxed = tuple(it for it in items if it in best.violated)
    single: tuple[Item, ...] = ()
    if len(relaxed) == 1:
        single = tuple(it for it in conflict if feasible([o for o in items if o != it]))
    return Diagnosis(names, tuple(conflict), smallest, len(relaxed), relaxed, single, scenario)


def _conflict_sentence(conflict: Sequence[Item], scenario: Scenario | None) -> str:
    batnas = [it.text(scenario) for it in conflict if it.kind == "batna"]
    lines = [it.text(scenario) for it in conflict if it.kind == "red_line"]
    if len(conflict) == 1:
        if batnas:
            return f"{batnas[0]} cannot be met by any possible outcome."
        return f"{lines[0]} cannot hold: every possible outcome crosses it."
    if not batnas:
        return f"{join_words(lines, 'and')} cannot {'both' if len(lines) == 2 else 'all'} hold."
    if not lines:
        return f"{join_words(batnas, 'and')} cannot {'both' if len(batnas) == 2 else 'all'} be met."
    return f"{join_words(batnas, 'and')} cannot be met together with {join_words(lines, 'and')}."
