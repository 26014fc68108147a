"""Numbers computed over a scenario: utilities, scorecards of drafts, diffs between drafts.

Every function takes the model (or arrays compiled from it) and returns a small result
object; none of them changes the scenario.
"""

from accord.analysis.diff import IssueChange, ProposalDiff, diff_proposals
from accord.analysis.scoring import Scorecard, score_proposals
from accord.analysis.utility import Preferences, compile_preferences, encode_setting

__all__ = [
    "IssueChange",
    "Preferences",
    "ProposalDiff",
    "Scorecard",
    "compile_preferences",
    "diff_proposals",
    "encode_setting",
    "score_proposals",
]
