"""Numbers computed over a scenario.

- utilities compiled to arrays (:mod:`~accord.analysis.utility`), scorecards of drafts
  (:mod:`~accord.analysis.scoring`) and diffs between drafts (:mod:`~accord.analysis.diff`);
- the outcome space as additive factors (:mod:`~accord.analysis.space`), the exact Pareto
  frontier (:mod:`~accord.analysis.pareto`), the ZOPA (:mod:`~accord.analysis.zopa`),
  mixed-integer feasibility, diagnosis and amendments (:mod:`~accord.analysis.milp`),
  bargaining solutions (:mod:`~accord.analysis.solutions`), verdicts on drafts
  (:mod:`~accord.analysis.verdicts`) and all of it in one call
  (:func:`~accord.analysis.bargaining.analyze`).

Every function takes the model (or arrays compiled from it) and returns a small result
object; none of them changes the scenario.
"""

from accord.analysis.bargaining import Analysis, analyze
from accord.analysis.diff import IssueChange, ProposalDiff, diff_proposals
from accord.analysis.milp import Amendment, Diagnosis, diagnose, find_acceptable, smallest_amendment
from accord.analysis.pareto import Frontier, pareto_frontier
from accord.analysis.scoring import Scorecard, score_proposals
from accord.analysis.solutions import Bargaining, Solution, bargaining_solutions
from accord.analysis.space import OutcomeSpace, outcome_space, parties
from accord.analysis.utility import Preferences, compile_preferences, encode_setting
from accord.analysis.verdicts import Verdict, proposal_verdicts
from accord.analysis.zopa import Zopa, zopa

__all__ = [
    "Amendment",
    "Analysis",
    "Bargaining",
    "Diagnosis",
    "Frontier",
    "IssueChange",
    "OutcomeSpace",
    "Preferences",
    "ProposalDiff",
    "Scorecard",
    "Solution",
    "Verdict",
    "Zopa",
    "analyze",
    "bargaining_solutions",
    "compile_preferences",
    "diagnose",
    "diff_proposals",
    "encode_setting",
    "find_acceptable",
    "outcome_space",
    "pareto_frontier",
    "parties",
    "proposal_verdicts",
    "score_proposals",
    "smallest_amendment",
    "zopa",
]
