"""Which soft red lines must give for a deal, at what cost to whom, and the zone that opens.

When no outcome respects every red line and gives every party its BATNA, :func:`give_way`
asks what the soft red lines (:mod:`accord.analysis.softening`) can do about it:

* **cheapest**: the set of soft red lines whose giving opens a deal at the least total cost
  (the cost of each line on its actor's own utility scale, summed; exact, by the
  mixed-integer model of :func:`accord.analysis.milp.softlines.cheapest_give`);
* **must give**: the soft red lines that every deal crosses (holding any one of them alone
  leaves no deal): one feasibility check per line of the cheapest set, as a line outside it
  is not needed by that deal;
* **the ZOPA if they give**: the outcomes that cross no hard red line and no soft red line
  outside the cheapest set, and give every party its BATNA once the costs of the lines it
  crosses are taken from its utility (:func:`accord.analysis.zopa.zopa` on the softened
  space).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.analysis.milp.softlines import cheapest_give
from accord.analysis.milp.words import actor_name, issue_name, join_words, setting_label
from accord.analysis.softening import SoftLine, soft_lines, soften
from accord.analysis.space import OutcomeSpace
from accord.analysis.zopa import Zopa, zopa
from accord.model import Scenario
from accord.model.plain import omit


@dataclass(frozen=True)
class Cheapest:
    """The cheapest set of soft red lines to give, and the deal it opens."""

    lines: tuple[SoftLine, ...]
    total_cost: float
    cost_by_actor: dict[str, float]
    outcome: dict[str, object]


@dataclass(frozen=True)
class SoftRedLines:
    """What the parties' soft red lines can do when no deal respects every red line.

    ``needed`` is False when some deal respects every red line (then nothing must give).
    ``cheapest`` is None when even every soft red line giving opens no deal (hard red lines
    or BATNAs close the zone).
    """

    lines: tuple[SoftLine, ...]
    needed: bool
    must_give: tuple[SoftLine, ...] = ()
    cheapest: Cheapest | None = None
    zopa_if_given: Zopa | None = None
    scenario: Scenario | None = field(default=None, repr=False, compare=False, metadata=omit())

    def text(self) -> str:
        """The finding in words."""
        sc = self.scenario

        def name(ln: SoftLine) -> str:
            return (
                f"{actor_name(sc, ln.actor)}'s on {issue_name(sc, ln.issue)} (cost {ln.cost:.2f})"
            )

        if not self.needed:
            return "Soft red lines: a deal respects every red line, so none must give."
        if self.cheapest is None:
            return (
                "Soft red lines: even if every soft red line gave, no deal would give each "
                "party its BATNA; hard red lines or the BATNAs close the zone."
            )
        c = self.cheapest
        by = join_words([f"{actor_name(sc, a)} {v:.2f}" for a, v in c.cost_by_actor.items()], "and")
        which = join_words([name(ln) for ln in c.lines], "and")
        out = [
            f"Soft red lines: the cheapest to give are {which}; "
            f"total cost {c.total_cost:.2f} ({by})."
        ]
        if self.must_give:
            out.append(
                f"Every deal crosses {join_words([name(ln) for ln in self.must_give], 'and')}."
            )
        z = self.zopa_if_given
        if z is not None:
            example = ""
            if z.example is not None:
                shown = [
                    f"{issue_name(sc, iid)} {setting_label(sc, iid, v)}"
                    for iid, v in z.example.items()
                ]
                example = f"; for example {join_words(shown, 'and')}"
            out.append(f"If they give, the ZOPA has {z.size_text()}{example}.")
        return "\n".join(out)


def give_way(
    scenario: Scenario,
    space: OutcomeSpace,
    *,
    needed: bool,
    seed: int = 0,
) -> SoftRedLines | None:
    """The soft red lines of ``space``'s actors and what giving them opens; None if none.

    ``space`` is the outcome space without red lines applied; ``needed`` whether no deal
    respects every red line (the ZOPA is empty).
    """
    lines = soft_lines(scenario, space.actors)
    if not lines:
        return None
    if not needed:
        return SoftRedLines(lines, False, scenario=scenario)
    best = cheapest_give(space, lines)
    if best is None:
        return SoftRedLines(lines, True, scenario=scenario)
    must = tuple(ln for ln in best.lines if cheapest_give(space, lines, hold=[ln]) is None)
    by_actor: dict[str, float] = {}
    for ln in best.lines:
        by_actor[ln.actor] = by_actor.get(ln.actor, 0.0) + ln.cost
    opened = soften(space, best.lines)
    return SoftRedLines(
        lines,
        True,
        must_give=must,
        cheapest=Cheapest(best.lines, best.cost, by_actor, space.decode(best.codes)),
        zopa_if_given=zopa(scenario, list(space.actors), space=opened, seed=seed),
        scenario=scenario,
    )
