"""The smallest lever changes that open a ZOPA or make a draft acceptable to every party.

:func:`smallest_openings` searches the grid of declared lever levels (every lever at one of
its ``levels``) for the settings that reach a target:

- ``"zopa"``: some outcome every party accepts (utility at least its BATNA, no red line
  crossed), the test of :func:`accord.analysis.zopa.zopa`;
- ``"proposal:ID"``: the draft is accepted by every party for sure (every verdict of
  :func:`accord.analysis.verdicts.proposal_verdicts` is "yes").

"Smallest" is an order on settings: fewest levers moved away from their default, then the
smallest total move, counted in level steps (``|index(level) - index(default)|`` summed
over the levers), then the order of the levers in the file and of their levels. The search
walks the grid in that order, one (levers moved, steps) class at a time, checks every
setting of a class, and stops after the first class in which some setting succeeds: it
returns *all* the settings of that class that do. If no class succeeds, no declared lever
setting reaches the target. The search is exhaustive over the grid (no setting is skipped
unless it provably cannot matter), so its answer is exact over the grid; each check is
exact too (enumeration, or the mixed-integer solver on large spaces).

Where each part lives: the search, its order and the replay of lever effects on numbers in
:mod:`.search`; the cheap checks, many sets of BATNAs at once, in :mod:`.checks`; the result
records (:class:`Openings`, :class:`Solution`, :class:`Deal`) in :mod:`.records`.
"""

from accord.dynamics.openings.records import METHOD, Deal, Openings, OpeningsError, Solution
from accord.dynamics.openings.search import (
    FAST_ENUMERATION,
    MAX_SOLUTIONS,
    parse_target,
    smallest_openings,
)

__all__ = [
    "FAST_ENUMERATION",
    "MAX_SOLUTIONS",
    "METHOD",
    "Deal",
    "Openings",
    "OpeningsError",
    "Solution",
    "parse_target",
    "smallest_openings",
]
