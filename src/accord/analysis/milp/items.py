"""The requirements of acceptance, each of which can be switched on or off.

What makes an outcome *acceptable* to an actor is a set of **items**, requirements that can be
switched on or off one at a time:

* its **BATNA**: its utility is at least its BATNA utility (within
  :data:`~accord.analysis.utility.TOLERANCE`); actors whose BATNA is unknown have no such
  item;
* its **red lines**: for each issue on which some setting crosses its red line, "no crossing
  setting on this issue" (linear: the binaries of the rows that cross sum to 0).

Build the space *without* red lines applied (``outcome_space(..., red_lines=())``, the
default) so that red lines are items that can be relaxed and named; red lines already
applied to the space are hard, never reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from accord.analysis.milp.words import actor_name, issue_name, setting_label
from accord.model import Scenario

ItemKind = Literal["batna", "red_line"]


@dataclass(frozen=True)
class Item:
    """One requirement of acceptance: an actor's BATNA, or its red line on one issue.

    Items compare and hash by ``(kind, actor, issue)``, so ``Item("red_line", "russia",
    "donbas")`` names the same item wherever it came from; ``batna`` only carries the value
    for display.
    """

    kind: ItemKind
    actor: str
    issue: str | None = None
    batna: float | None = field(default=None, compare=False)

    def text(self, scenario: Scenario | None = None) -> str:
        """The item in words: "Russia's BATNA (0.35)", "Ukraine's red line on Donbas"."""
        actor = actor_name(scenario, self.actor)
        if self.kind == "batna":
            value = "" if self.batna is None else f" ({self.batna:.2f})"
            return f"{actor}'s BATNA{value}"
        return f"{actor}'s red line on {issue_name(scenario, self.issue or '')}"

    def detail(self, scenario: Scenario) -> str | None:
        """What the red line is, in words (None for a BATNA or without the stance)."""
        if self.kind != "red_line" or self.issue is None:
            return None
        stance = scenario.stance(self.actor, self.issue)
        if stance is None or stance.red_line is None:
            return None
        label = setting_label(scenario, self.issue, stance.red_line)
        return f'{self.text(scenario)}: at worst "{label}"'
