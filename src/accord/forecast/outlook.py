"""Deal or no deal first: the chance of a zone of agreement, and the forecast as a package.

A per-issue forecast says where each issue lands *if a deal is reached*. This module says
first whether one is likely, and then what the forecast is when its issues are taken
together:

- :func:`deal_chance` -- **the chance of a zone of agreement**, the headline. It is the
  Monte Carlo share of draws over the scenario's spreads in which a ZOPA exists among the
  parties: some outcome gives every party at least its BATNA without crossing any of its
  red lines (:attr:`accord.forecast.montecarlo.Simulation.zopa`, decided exactly per draw,
  or on a seeded systematic subsample of the draws). With a 95 % Wilson interval over the
  draws decided: the share of these draws is exact, but it estimates the chance under the
  spreads from a finite number of draws. Why this number: a deal every party accepts is an
  outcome in the ZOPA, so no process can reach one in a draw without a ZOPA; the share is
  the chance a deal *can* be reached now, an upper bound on what any negotiating process
  achieves, and it depends on no model of how the parties bargain.
- Beside it, where the scenario supports the negotiation processes (two or more parties
  with stances), the share of mediated runs (:mod:`accord.dynamics.processes`) ending in
  agreement: one process's success, passed in as a :class:`ProcessShare` by the caller
  (the ``dynamics`` floor sits beside this one; :mod:`accord.overview.deal` runs both).
  It is not the headline: it depends on the mediator, its bias and its patience, and it
  lets the parties' BATNAs move month by month, where the ZOPA share is for now.
- :func:`package` -- **the forecast as a package**: each issue at its nearest setting
  (:attr:`accord.forecast.models.IssueForecast.setting`), taken together, checked against
  every actor's red lines (utility below the red line's utility, as
  :mod:`accord.analysis.space` decides it) and the scenario's constraints, with every
  crossing named, and each actor's utility of the package against its BATNA. Linked terms
  count (:mod:`accord.analysis.linkage`, the outcome space's arithmetic): the utility is the
  linked one, unknown where a term of the actor touches an open issue, and a conditional red
  line is crossed where the setting is below it and its condition (on a forecast issue) fails.
  Where actors have ratifiers at home (:mod:`accord.model.ratification`), the package also
  says how likely each actor's ratifiers are to pass it
  (:func:`accord.analysis.ratification.ratify_drafts` on the package as one draft, issues
  without a forecast left open: then the chance is a range).

Both are plain numbers; :mod:`accord.overview.deal` words them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.linkage import compile_linkage
from accord.analysis.ratification import ASSUMPTIONS as RATIFICATION_ASSUMPTIONS
from accord.analysis.ratification import ratify_drafts
from accord.analysis.space import parties as default_parties
from accord.analysis.space import same_setting
from accord.analysis.utility import TOLERANCE, compile_preferences, encode_setting
from accord.analysis.zopa import wilson
from accord.forecast.honoured import RatifiedZopa
from accord.forecast.models import Forecast
from accord.forecast.montecarlo import Simulation, ZopaChance
from accord.model import Proposal, Scenario
from accord.model.plain import plain_fields, to_plain

__all__ = [
    "Constraint",
    "DealChance",
    "Outlook",
    "Package",
    "PackageRatification",
    "ProcessShare",
    "RedLineCrossing",
    "Standing",
    "deal_chance",
    "deal_outlook",
    "package",
]

Setting = str | bool | float


# --- the forecast as a package ----------------------------------------------------------------
@dataclass(frozen=True)
class RedLineCrossing:
    """One actor's red line on one issue that the package crosses."""

    actor: str
    issue: str
    red_line: Setting  # the red line as the scenario states it
    setting: Setting  # the forecast's nearest setting
    party: bool  # the actor is one of the parties whose agreement a deal needs


@dataclass(frozen=True)
class Constraint:
    """A scenario constraint (a forbidden combination) that the package breaks."""

    id: str
    description: str
    settings: dict[str, Setting]  # the package's settings of the issues the constraint names


@dataclass(frozen=True)
class Standing:
    """One actor's utility of the package against its BATNA.

    ``utility`` is None when the package leaves open an issue the actor has a stance on;
    ``margin`` (utility minus BATNA) is None when either is unknown. ``accepts``: no red
    line of the actor crossed and a margin of at least ``-1e-9`` (an unknown BATNA counts
    as met, as in the ZOPA); None when the utility is unknown.
    """

    actor: str
    party: bool
    utility: float | None
    batna: float | None
    margin: float | None
    crossed: int
    accepts: bool | None


@dataclass(frozen=True)
class PackageRatification:
    """One actor's ratifiers on the package: ``verdict`` (ratified, not ratified, may fail),
    the chance they pass it ``probability`` (low, high: a range where issues are left
    open; the ratifiers' spreads included), the ratifiers that block it, and ``text``, the
    whole in words. ``party``: whether the actor's agreement a deal needs."""

    actor: str
    party: bool
    verdict: str
    probability: tuple[float, float]
    blockers: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Package:
    """A forecast's nearest settings taken together, checked as one outcome.

    ``settings``: issue id -> the nearest setting (None: no forecast, the issue is left
    open and listed in ``open``). ``crossings``: every actor's red line the package
    crosses, in scenario order of stances; ``constraints``: the constraints it breaks;
    ``utilities``: every actor with stances, parties first.
    """

    model: str
    settings: dict[str, Setting | None]
    crossings: tuple[RedLineCrossing, ...]
    constraints: tuple[Constraint, ...]
    utilities: tuple[Standing, ...]
    open: tuple[str, ...]
    #: discrete issues whose forecast setting is exactly the stated position of one or more
    #: actors: issue id -> those actors (the forecast there is their position)
    positions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: each ratifying actor's ratification of the package (empty: no ratifiers), and what
    #: that assumes, in words
    ratification: tuple[PackageRatification, ...] = ()
    ratification_assumes: tuple[str, ...] = ()

    @property
    def party_crossings(self) -> tuple[RedLineCrossing, ...]:
        """The crossings of the parties' red lines: each is a veto on the package."""
        return tuple(c for c in self.crossings if c.party)

    @property
    def acceptable(self) -> bool | None:
        """Every party accepts the package and it breaks no constraint (None: open issues
        keep it undecided for some party)."""
        if self.constraints:
            return False
        said = [s.accepts for s in self.utilities if s.party]
        if any(a is False for a in said):
            return False
        return None if any(a is None for a in said) else True

    def standing(self, actor: str) -> Standing:
        for s in self.utilities:
            if s.actor == actor:
                return s
        raise KeyError(f"no actor '{actor}' with stances")

    def __plain__(self) -> dict[str, Any]:
        """The fields, with ``open`` and ``acceptable`` after the settings."""
        doc = plain_fields(self)
        head = {k: doc.pop(k) for k in ("model", "settings", "open")}
        return {**head, "acceptable": self.acceptable, **doc}


def package(scenario: Scenario, forecast: Forecast, parties: list[str] | None = None) -> Package:
    """``forecast``'s nearest settings as one outcome, checked against every actor's red
    lines and the scenario's constraints (see the module docstring).

    ``parties`` are the actors whose agreement a deal needs (default: the role-``party``
    actors with stances). An issue without a forecast is left open: red lines on it are not
    checked, constraints naming it cannot be broken, and the utility of an actor with a
    stance on it is unknown.

    >>> from accord.io import load_builtin
    >>> from accord.forecast.models import forecast
    >>> s = load_builtin("ukraine-2025")
    >>> p = package(s, forecast(s, "compromise"))
    >>> sorted({c.actor for c in p.crossings})
    ['russia', 'ukraine']
    """
    chosen = default_parties(scenario) if parties is None else list(parties)
    settings: dict[str, Setting | None] = {f.issue: f.setting for f in forecast.issues}
    issues = scenario.issues
    known = np.array([settings.get(i.id) is not None for i in issues], dtype=bool)
    position = np.zeros((1, len(issues)))
    index = np.zeros((1, len(issues)), dtype=np.intp)
    for i, issue in enumerate(issues):
        if known[i]:
            position[0, i], index[0, i] = encode_setting(issue, settings[issue.id])
    prefs = compile_preferences(scenario)
    link = compile_linkage(scenario, prefs)
    u = prefs.issue_utilities(position, index)[:, 0, :]  # [A, I]
    crosses = (u < prefs.red - TOLERANCE) & known[None, :]  # NaN red: no red line, never
    every = list(range(len(issues)))
    if link.waivers:  # a conditional red line holds unless its condition does
        crosses &= ~link.waived(position, index, every)[:, 0, :]
        for w in link.waivers:  # undecided while the condition's issue is open
            crosses[w.actor, w.issue] &= bool(known[w.test.issue])
    crossings = []
    for st in scenario.stances:  # scenario order
        a, i = prefs.actors.index(st.actor), prefs.issues.index(st.issue)
        if crosses[a, i] and st.red_line is not None:
            setting = settings[st.issue]
            assert setting is not None  # crosses only where known
            crossings.append(
                RedLineCrossing(st.actor, st.issue, st.red_line, setting, st.actor in chosen)
            )
    broken = []
    for c in scenario.constraints:
        named = {iid: settings.get(iid) for iid in c.forbid}
        if all(v is not None and _listed(v, c.forbid[iid]) for iid, v in named.items()):
            kept = {k: v for k, v in named.items() if v is not None}
            broken.append(Constraint(c.id, c.description, kept))
    standings = []
    total = (u * link.weight).sum(axis=1)
    needs_open = (link.weight > 0) & ~known[None, :]
    if link.terms:
        total = total + link.extra(position, index, every)[:, 0]
        for t in link.terms:  # a term on an open issue leaves the utility unknown
            needs_open[t.actor, list(t.issues)] |= ~known[list(t.issues)]
            for test in (*t.when, *t.given):
                needs_open[t.actor, test.issue] |= not known[test.issue]
    order = sorted(range(len(prefs.actors)), key=lambda a: prefs.actors[a] not in chosen)
    for a in order:
        actor = prefs.actors[a]
        utility = None if needs_open[a].any() else float(total[a])
        batna = None if np.isnan(prefs.batna[a]) else float(prefs.batna[a])
        margin = None if utility is None or batna is None else utility - batna
        crossed = int(crosses[a].sum())
        accepts = (
            None if utility is None else crossed == 0 and (margin is None or margin >= -TOLERANCE)
        )
        standings.append(Standing(actor, actor in chosen, utility, batna, margin, crossed, accepts))
    positions: dict[str, tuple[str, ...]] = {}
    for issue in issues:
        value = settings.get(issue.id)
        if value is None or isinstance(value, float):  # continuous: a value, not a setting
            continue
        whose = tuple(st.actor for st in scenario.stances
                      if st.issue == issue.id and same_setting(value, st.position))  # fmt: skip
        if whose:
            positions[issue.id] = whose
    ratification = package_ratification(scenario, settings, chosen)
    return Package(
        model=forecast.model,
        settings=settings,
        crossings=tuple(crossings),
        constraints=tuple(broken),
        utilities=tuple(standings),
        open=tuple(i.id for i, ok in zip(issues, known, strict=True) if not ok),
        positions=positions,
        ratification=ratification,
        ratification_assumes=RATIFICATION_ASSUMPTIONS if ratification else (),
    )


def package_ratification(
    scenario: Scenario, settings: dict[str, Setting | None], parties: list[str]
) -> tuple[PackageRatification, ...]:
    """Each ratifying actor's ratifiers on the outcome ``settings`` (None: the issue is left
    open, any of its settings possible), as :func:`~accord.analysis.ratification.ratify_drafts`
    judges a draft."""
    if not scenario.ratification:
        return ()
    draft = Proposal.model_validate(
        {
            "id": "forecast-package",
            "title": "The forecast as a package",
            "points": [
                {
                    "number": 1,
                    "text": "each issue at the forecast's nearest setting",
                    "settings": {k: "unknown" if v is None else v for k, v in settings.items()},
                }
            ],
        }
    )
    found = ratify_drafts(scenario, [draft])
    names = {a.id: a.name for a in scenario.actors}
    names |= {r.id: r.name for rat in scenario.ratification for r in rat.ratifiers}
    return tuple(
        PackageRatification(
            actor=row.actor,
            party=row.actor in parties,
            verdict=row.verdict,
            probability=row.probability,
            blockers=row.blockers,
            text=f"{names.get(row.actor, row.actor)}: {row.text(names)}",
        )
        for row in found.rows
    )


def _listed(value: Setting, forbid: object) -> bool:
    """Whether ``value`` is the setting, or one of the settings, a constraint lists."""
    listed = forbid if isinstance(forbid, list) else [forbid]
    return any(same_setting(value, w) for w in listed)


def _around(p: float, interval: tuple[float, float]) -> tuple[float, float]:
    """A Wilson interval widened by rounding error, if need be, to hold its own share."""
    return min(interval[0], p), max(interval[1], p)


# --- the chance of a deal ---------------------------------------------------------------------
@dataclass(frozen=True)
class ProcessShare:
    """How often a negotiation process ended in agreement over ``runs`` runs.

    Filled by the caller from :func:`accord.dynamics.processes.simulate_process`;
    ``interval`` is the 95 % Wilson interval of ``agreements / runs``.
    """

    process: str
    mediator: str | None
    patience: int  # rounds (months) before the mediator walks away
    runs: int
    agreements: int
    seed: int | None
    #: with ratification honoured: the agreements of the same runs played flat (None: not
    #: honoured, or no party has ratifiers)
    flat_agreements: int | None = None

    @property
    def share(self) -> float:
        return self.agreements / self.runs if self.runs else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return _around(self.share, wilson(self.agreements, self.runs))

    def __plain__(self) -> dict[str, Any]:
        """The fields, with the ``share`` and its ``interval`` before the seed."""
        doc = plain_fields(self)
        seed = doc.pop("seed")
        return {**doc, "share": self.share, "interval": self.interval, "seed": seed}


@dataclass(frozen=True)
class DealChance:
    """The chance of a zone of agreement (the module docstring says which number and why).

    ``chance`` is the share of the ``evaluated`` draws with a ZOPA (None: no parties with
    stances), ``interval`` its 95 % Wilson interval; ``basis`` says in words what it is,
    ``assumes`` what it takes for granted. ``mediated`` is the process's share, beside it
    (None where the scenario does not support the processes; ``no_process`` says why).
    """

    chance: float | None
    interval: tuple[float, float] | None
    basis: str
    assumes: tuple[str, ...]
    draws: int
    evaluated: int
    seed: int | None
    method: str | None
    mediated: ProcessShare | None
    no_process: str | None = None
    #: the 0 % restates the input: hard red lines without spreads leave no ZOPA in any draw
    restates_input: bool = False
    #: the chance of a ZOPA every party's ratifiers pass, on the same draws (None: the
    #: simulation was run flat, or no party has ratifiers)
    ratified: RatifiedZopa | None = None

    def __plain__(self) -> dict[str, Any]:
        """The fields, with ``restates_input`` before the mediated share."""
        doc = plain_fields(self)
        tail = {k: doc.pop(k) for k in ("mediated", "no_process")}
        return {**doc, **tail}


def deal_chance(
    scenario: Scenario,
    simulation: Simulation,
    mediated: ProcessShare | None = None,
    *,
    no_process: str | None = None,
) -> DealChance:
    """The chance of a zone of agreement, from ``simulation``'s ZOPA share (the headline)
    and, beside it, a process's agreement share ``mediated``.

    ``simulation`` must have been run with the parties (its ZOPA chance computed).
    """
    z: ZopaChance = simulation.zopa
    n, p = z.draws_evaluated, z.probability
    interval = None if p is None else _around(p, wilson(round(p * n), n))
    who = list(simulation.parties)
    red = [st for st in scenario.stances if st.actor in who and st.red_line is not None]
    spread = [st for st in red if st.uncertainty and "red_line" in st.uncertainty]
    soft = [st for st in red if st.soft is not None]
    assumes = [
        f"{len(soft)} of the parties' red lines are soft: each holds in a draw with its "
        "credibility, and when it gives, crossing it costs its actor its stated cost; the "
        "others are hard (an outcome that crosses one is unacceptable to its actor)"
        if soft
        else "red lines are hard: an outcome that crosses one is unacceptable to its actor, "
        "whatever else it gives",
        "a party accepts only an outcome worth at least its alternative (BATNA) as the "
        "scenario states it now; a party whose BATNA is unknown is held to its red lines only",
        f"the draws vary only the {len(simulation.inputs)} numbers the scenario gives a "
        "spread; everything else is as stated",
    ]
    restates = p == 0.0 and not spread and not soft
    if p is not None and red:
        if restates:
            assumes.append(
                "with hard red lines and no spread on them, a 0% chance restates the input: "
                "the parties' stated red lines and alternatives leave no outcome they all "
                "accept, and no draw moves a red line"
            )
        else:
            assumes.append(
                f"{len(spread)} of the parties' {len(red)} red lines carry a spread, which the "
                "draws vary; the others are fixed"
            )
    if z.method == "milp-subsample":
        assumes.append(
            f"the ZOPA was decided exactly in {n:,} of the {simulation.draws:,} draws (every "
            f"{z.stride}th); the interval covers that sample"
        )
    if mediated is not None:
        assumes.append(
            f"the {mediated.process} runs follow one mediator "
            f"({mediated.mediator or 'without preferences'}) for up to {mediated.patience} "
            "months while each party's BATNA moves as the scenario's trends say; they are one "
            "process's success, not the headline"
        )
    basis = (
        f"the share of {n:,} Monte Carlo draws (seed {simulation.seed}) over the scenario's "
        f"spreads in which some outcome gives {', '.join(who) or 'the parties'} each at least "
        "its BATNA without crossing a red line (a ZOPA exists); no deal can be reached in a "
        "draw without one, so this bounds any negotiation's chance now"
    )
    return DealChance(
        chance=p,
        interval=interval,
        basis=basis,
        assumes=tuple(assumes),
        draws=simulation.draws,
        evaluated=n,
        seed=simulation.seed,
        method=z.method,
        mediated=mediated,
        no_process=no_process,
        restates_input=restates and p is not None and bool(red),
        ratified=None if simulation.ratification is None else simulation.ratification.zopa,
    )


# --- both -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outlook:
    """Deal or no deal, then the forecast as a package."""

    deal: DealChance
    package: Package

    def to_dict(self) -> dict[str, Any]:
        """The ``deal`` and ``package`` keys of ``accord forecast --json``."""
        return to_plain(self)


def deal_outlook(
    scenario: Scenario,
    forecast: Forecast,
    simulation: Simulation,
    mediated: ProcessShare | None = None,
    *,
    no_process: str | None = None,
) -> Outlook:
    """The :class:`Outlook` of ``forecast`` from a simulation with the parties' ZOPA chance
    (and optionally a process's agreement share). :func:`accord.overview.deal.outlook`
    draws both, seeded, from a scenario."""
    return Outlook(
        deal=deal_chance(scenario, simulation, mediated, no_process=no_process),
        package=package(scenario, forecast, list(simulation.parties)),
    )
