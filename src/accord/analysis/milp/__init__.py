"""Exact bargaining questions as mixed-integer programs, solved with HiGHS.

What makes an outcome *acceptable* to an actor is a set of **items** (:mod:`.items`): its
BATNA, and its red line on each issue where some setting crosses it. The mixed-integer model
(:mod:`.model`) has one binary per row of every factor of an
:class:`~accord.analysis.space.OutcomeSpace`, so every feasible point is an outcome the
scenario allows; every solution is checked exactly with numpy, so the answers hold with
:data:`~accord.analysis.utility.TOLERANCE` as in the rest of :mod:`accord.analysis`.
Continuous issues are taken as the space discretises them: "every outcome" below means
every outcome on that grid.

Three questions are answered exactly (over the grid):

* :func:`find_acceptable` (:mod:`.model`): an outcome every chosen actor accepts, if there
  is one;
* :func:`diagnose` (:mod:`.diagnosis`): when there is none, why: an irreducible set of
  clashing items, the fewest items whose relaxation opens a zone of possible agreement, and
  which;
* :func:`smallest_amendment` (:mod:`.amendments`): the fewest issue changes that make a
  draft acceptable.

The solver itself, and the silent way it is made, is in :mod:`.highs`; item names and
settings in words, shared by the result records, in :mod:`.words`.
"""

from accord.analysis.milp.amendments import Amendment, proposal_draft, smallest_amendment
from accord.analysis.milp.diagnosis import SUBSET_BUDGET, Diagnosis, diagnose
from accord.analysis.milp.highs import highs_solver
from accord.analysis.milp.items import Item, ItemKind
from accord.analysis.milp.model import OBJECTIVES, Objective, find_acceptable, items, violated

__all__ = [
    "OBJECTIVES",
    "SUBSET_BUDGET",
    "Amendment",
    "Diagnosis",
    "Item",
    "ItemKind",
    "Objective",
    "diagnose",
    "find_acceptable",
    "highs_solver",
    "items",
    "proposal_draft",
    "smallest_amendment",
    "violated",
]
