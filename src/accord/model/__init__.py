"""The scenario data model: actors, issues, stances, proposals; files; built-ins.

Nothing here computes results; analyses live in :mod:`accord.analysis`.
"""

from accord.model.actors import Actor, Batna, Reliability, Role, Source, Uncertainty
from accord.model.base import UNKNOWN, Unknown, is_unknown
from accord.model.builtins import DEFAULT_SCENARIO, builtin_names, load_builtin, resolve_scenario
from accord.model.files import (
    dump_scenario,
    load_scenario,
    parse_scenario,
    read_scenario,
    save_scenario,
)
from accord.model.issues import Issue, IssueKind, Option
from accord.model.problems import Problem, ScenarioError
from accord.model.proposals import Point, PointStatus, Proposal
from accord.model.scenario import Constraint, Event, Scenario
from accord.model.stances import Stance, UtilityShape

__all__ = [
    "DEFAULT_SCENARIO",
    "UNKNOWN",
    "Actor",
    "Batna",
    "Constraint",
    "Event",
    "Issue",
    "IssueKind",
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
    "builtin_names",
    "dump_scenario",
    "is_unknown",
    "load_builtin",
    "load_scenario",
    "parse_scenario",
    "read_scenario",
    "resolve_scenario",
    "save_scenario",
]
