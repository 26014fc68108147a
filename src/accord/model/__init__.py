"""The data model: scenarios (actors, issues, stances, proposals, levers) and conflicts.

Nothing here reads files (see :mod:`accord.io`) or computes results (see :mod:`accord.analysis`).
"""

from accord.model.actors import Actor, Batna, Reliability, Role, Source, Uncertainty
from accord.model.base import UNKNOWN, Unknown, is_unknown
from accord.model.events import Constraint, Event
from accord.model.issues import Issue, IssueKind, Option
from accord.model.links import Condition, Link
from accord.model.problems import Problem, ScenarioError
from accord.model.proposals import Point, PointStatus, Proposal
from accord.model.scenario import Scenario
from accord.model.stances import Stance, UtilityShape

__all__ = [
    "UNKNOWN",
    "Actor",
    "Batna",
    "Condition",
    "Constraint",
    "Event",
    "Issue",
    "IssueKind",
    "Link",
    "Option",
    "Point",
    "PointStatus",
    "Problem",
    "Proposal",
    "Reliability",
    "Role",
    "Scenario",
    "ScenarioError",
    "Source",
    "Stance",
    "Uncertainty",
    "Unknown",
    "UtilityShape",
    "is_unknown",
]
