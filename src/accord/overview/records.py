"""The records of an overview: what every front end formats, computed by :mod:`.run`."""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.analysis import Frontier, OutcomeSpace, Scorecard, Zopa
from accord.analysis.bargaining import Analysis
from accord.analysis.diff import ProposalDiff
from accord.analysis.milp import Amendment
from accord.analysis.ratification import Ratified
from accord.analysis.sequencing import OrderSearch, Sequenced
from accord.analysis.solutions import Bargaining
from accord.analysis.trades import TradeSequence
from accord.analysis.winsets import WinSets
from accord.conflict.stability import StabilityResult
from accord.dynamics.levers import Change
from accord.dynamics.openings import Openings
from accord.dynamics.timeline import Timeline
from accord.forecast.models import Forecast
from accord.forecast.montecarlo import Simulation
from accord.forecast.outlook import Outlook
from accord.forecast.sensitivity import Sensitivity
from accord.model import Scenario
from accord.model.conflict import Conflict
from accord.overview.packages import PackageCheck


@dataclass(frozen=True)
class DraftStanding:
    """How one draft stands with the parties, from the scorecard (or the verdicts)."""

    proposal: str
    accepts: dict[str, str]  # party -> yes / no / maybe
    margin: dict[str, float | None]  # party -> worst-case utility minus BATNA (None: unknown)
    crossed: dict[str, int]  # party -> red lines crossed for sure

    @property
    def yes(self) -> int:
        return sum(v == "yes" for v in self.accepts.values())

    @property
    def maybe(self) -> int:
        return sum(v == "maybe" for v in self.accepts.values())

    def key(self) -> tuple[int, int, float]:
        """Sort key, closest first: most sure acceptances, then maybes, then the worst margin."""
        known = [m for m in self.margin.values() if m is not None]
        return (-self.yes, -self.maybe, -(min(known) if known else 0.0))


@dataclass(frozen=True)
class PairFrontier:
    """The exact Pareto frontier for two parties, with their bargaining solutions.

    ``pareto_frontier`` merges issue by issue and never lists the space, so a two-party
    frontier stays fast on 30 issues. With two parties in all these are ``accord analyze``'s
    own frontier and solutions. ``relaxed``: red lines left no outcome both parties accept,
    so frontier and solutions are those of the space without red lines, as ``accord analyze``
    then shows its solutions.
    """

    pair: tuple[str, str]
    why: str  # why these two
    space: OutcomeSpace
    frontier: Frontier
    bargaining: Bargaining
    relaxed: bool


@dataclass(frozen=True)
class Overview:
    """Every analysis of one scenario, as :func:`accord.overview.run_overview` ran them."""

    original: Scenario  # as given (cut to the as-of date, if any), before levers
    scenario: Scenario  # with the lever settings applied
    settings: dict[str, float]
    changes: tuple[Change, ...]
    draws: int
    seed: int
    card: Scorecard
    parties: tuple[str, ...]
    zopa: Zopa | None
    analysis: Analysis | None
    standings: tuple[DraftStanding, ...]  # closest first
    amendment: Amendment | None  # of the closest draft
    diffs: tuple[ProposalDiff, ...]
    openings: Openings | None
    forecasts: dict[str, Forecast]
    #: model -> Monte Carlo; empty when the overview was run without it
    simulations: dict[str, Simulation]
    sensitivity: Sensitivity | None
    timeline: Timeline | None
    pair: PairFrontier | None
    conflict: Conflict | None
    stability: StabilityResult | None
    #: the status quo state of the conflict (fewest options taken) and the shortest paths
    #: of unilateral improvements from it to each equilibrium (None: unreachable)
    status_quo: int | None
    paths: dict[int, tuple[tuple[int, int], ...] | None]
    limits: tuple[str, ...] = field(default_factory=tuple)
    #: deal or no deal first: the chance of any deal and the main forecast as a package
    #: (None without the Monte Carlo)
    outlook: Outlook | None = None
    #: the BATNA view the overview was run in (accord.model.views), and each actor's BATNA
    #: labelled with it, both views side by side where it has both (words.batna_text)
    batna_view: str = "perceived"
    batna_labels: dict[str, str] = field(default_factory=dict)
    #: package trades among the parties from the status quo (None: fewer than two parties,
    #: or over the budget, said in ``limits``), and each package of the sequence checked
    #: against every party's red line and BATNA (``checks[0]`` the status quo)
    trades: TradeSequence | None = None
    trade_checks: tuple[PackageCheck, ...] = ()
    #: the shown bargaining solutions (the relaxed ones when red lines leave none), each
    #: checked against every party's red line, hard and soft
    solution_checks: dict[str, PackageCheck] = field(default_factory=dict)
    #: each draft that declares phases or commitments, valued in its own order when
    #: commitments may be broken (accord.analysis.sequencing), in the scenario's order
    sequences: tuple[Sequenced, ...] = ()
    #: the search over orders of each draft with two or more phases
    orders: tuple[OrderSearch, ...] = ()
    #: each draft's ratification at home and the parties' win-sets (None: no ratifiers)
    ratified: Ratified | None = None
    win_sets: WinSets | None = None

    @property
    def closest(self) -> DraftStanding | None:
        return self.standings[0] if self.standings else None
