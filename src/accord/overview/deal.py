"""Deal or no deal first: the outlook every forecast starts with, run and worded once.

:func:`outlook` draws what :mod:`accord.forecast.outlook` needs, seeded: the Monte Carlo
ZOPA share over the scenario's spreads (the headline chance that any deal is reached) and,
where the scenario supports the negotiation processes, the share of mediated runs that end
in agreement (:mod:`accord.dynamics.processes`, a floor beside ``forecast``, hence here).
:func:`deal_lines` and :func:`package_lines` word it for the command line, the report, the
demo and the web app alike; per-issue forecasts are then shown under :data:`IF_DEAL`.
"""

from __future__ import annotations

from accord.analysis.space import parties
from accord.dynamics.processes import ProcessError, simulate_process
from accord.forecast.models import Forecast
from accord.forecast.montecarlo import Simulation, simulate
from accord.forecast.outlook import (
    Outlook,
    Package,
    ProcessShare,
    RedLineCrossing,
    deal_outlook,
)
from accord.model import Scenario
from accord.overview.words import join, name, pct

#: Draws and seed of the outlook unless the caller gives a simulation (``accord report``'s).
DEAL_DRAWS = 500
#: Draws whose ZOPA is decided exactly (MILP) at most; every k-th draw beyond, with a Wilson
#: interval (the overview's own cap, so the CLI, the demo and the report quote one number).
DEAL_SOLVES = 100
#: The process whose agreement share stands beside the headline.
PROCESS = "mediated"
#: How per-issue forecasts are labelled wherever they are shown: they assume a deal.
IF_DEAL = "if a deal is reached"


def outlook(
    scenario: Scenario,
    forecast: Forecast,
    *,
    draws: int = DEAL_DRAWS,
    seed: int | None = 0,
    simulation: Simulation | None = None,
    zopa_solves: int = DEAL_SOLVES,
) -> Outlook:
    """Deal or no deal, and ``forecast`` as a package (:class:`~accord.forecast.outlook.Outlook`).

    ``simulation``, when given and run with the parties, supplies the ZOPA share (its draws
    and seed are then the outlook's); otherwise ``draws`` are drawn with ``seed``, the ZOPA
    decided exactly in at most ``zopa_solves`` of them. The mediated runs use the same
    number of runs and the same seed, so the outlook is reproducible.

    >>> from accord.io import load_builtin
    >>> from accord.forecast.models import forecast
    >>> s = load_builtin("ukraine-2025")
    >>> o = outlook(s, forecast(s, "compromise"), draws=100)
    >>> o.deal.chance, o.deal.mediated.share, len(o.package.party_crossings)
    (0.0, 0.0, 3)
    """
    chosen = parties(scenario)
    if simulation is None or tuple(simulation.parties) != tuple(chosen):
        simulation = simulate(scenario, "compromise", draws=draws, seed=seed, parties=chosen,
                              zopa_solves=min(draws, zopa_solves))  # fmt: skip
    share, why = _process_share(scenario, chosen, simulation.draws, simulation.seed)
    return deal_outlook(scenario, forecast, simulation, share, no_process=why)


def _process_share(
    scenario: Scenario, chosen: list[str], runs: int, seed: int | None
) -> tuple[ProcessShare | None, str | None]:
    if len(chosen) < 2:
        return None, "fewer than two parties with stances: no negotiation process to run"
    try:
        sim = simulate_process(scenario, PROCESS, runs=runs, seed=seed, parties=chosen)
    except ProcessError as exc:
        return None, str(exc)
    agreements = round(sim.results["agreement"] * sim.runs)
    return ProcessShare(PROCESS, sim.mediator, sim.patience, sim.runs, agreements, seed), None


# --- words ------------------------------------------------------------------------------------
def deal_lines(s: Scenario, o: Outlook) -> list[str]:
    """The chance of a deal in sentences: the headline first, then the mediated runs."""
    d = o.deal
    if d.chance is None or d.interval is None:
        return ["Chance of a deal: not assessed (the scenario names no parties with stances)."]
    lo, hi = d.interval
    verdict = "No deal is likely" if hi < 0.05 else "A deal is unlikely" if d.chance < 0.5 else (
        "A deal is likely" if lo >= 0.5 else "A deal is possible")  # fmt: skip
    text = (
        f"{verdict}: the chance that any deal is reached is {pct(d.chance)} (95% interval "
        f"{pct(lo)}–{pct(hi)}), the share of {_draws(d.evaluated, d.draws)} (seed {d.seed}) "
        "in which some outcome gives every party at least its alternative without crossing a "
        "red line."
    )
    if d.restates_input:
        text += (
            " Red lines are treated as hard; with no spread on them, this 0% restates the input."
        )
    lines = [text]
    m = d.mediated
    if m is not None:
        who = "a mediator without preferences" if m.mediator is None else name(s, m.mediator)
        lines.append(
            f"A mediated negotiation ({who}, up to {m.patience} months) ends in agreement in "
            f"{pct(m.share)} of {m.runs:,} runs (95% interval {pct(m.interval[0])}–"
            f"{pct(m.interval[1])})."
        )
    return lines


def _draws(evaluated: int, draws: int) -> str:
    if evaluated == draws:
        return f"{draws:,} Monte Carlo draws"
    return f"{evaluated:,} of {draws:,} Monte Carlo draws (a systematic sample)"


def _owner(s: Scenario, actor: str) -> str:
    """``Russia's``, ``the United States'``."""
    n = name(s, actor)
    return f"{n}'" if n.endswith("s") else f"{n}'s"


def _on_issues(s: Scenario, crossings: list[RedLineCrossing]) -> str:
    return f"{_owner(s, crossings[0].actor)} on {join([s.issue(c.issue).name for c in crossings])}"


def crossing_details(s: Scenario, p: Package) -> list[str]:
    """One line per issue the package crosses a red line on: the forecast setting (and whose
    stated position it is), then each red line it crosses there."""
    by_issue: dict[str, list[RedLineCrossing]] = {}
    for c in p.crossings:
        by_issue.setdefault(c.issue, []).append(c)
    lines = []
    for iid, cs in by_issue.items():
        issue = s.issue(iid)
        text = f"{issue.name}: forecast {issue.label(cs[0].setting)}"
        owners = p.positions.get(iid, ())
        if owners:
            text += f" ({join([_owner(s, a) for a in owners])} position)"
        reds = [f"{_owner(s, c.actor)} red line {issue.label(c.red_line)}" for c in cs]
        lines.append(f"{text}; crosses {join(reds)}.")
    return lines


def package_lines(s: Scenario, o: Outlook) -> list[str]:
    """The forecast taken as a package: the red lines it crosses (the headline when it
    crosses any), the constraints it breaks, and each party's utility against its BATNA."""
    p = o.package
    lines = []
    if p.crossings:
        by_actor: dict[str, list[RedLineCrossing]] = {}
        for c in p.crossings:
            by_actor.setdefault(c.actor, []).append(c)
        n, k = len(p.crossings), len(p.party_crossings)
        text = (
            f"{IF_DEAL.capitalize()}, the {p.model} forecast taken as a package crosses {n} "
            f"red line{'s' if n > 1 else ''}: "
            + "; ".join(_on_issues(s, cs) for cs in by_actor.values())
        )
        if k:
            text += (
                f". {k} of them are the parties' own, so {_vetoing(s, p)} would refuse it as "
                "it stands"
            )
        lines.append(text + ".")
        lines += crossing_details(s, p)
    else:
        lines.append(f"{IF_DEAL.capitalize()}, the {p.model} forecast taken as a package "
                     "crosses no red line.")  # fmt: skip
    for broken in p.constraints:
        lines.append(f"It breaks the constraint {broken.id}: {broken.description}.")
    standing = [
        f"{name(s, u.actor)} {'unknown' if u.utility is None else f'{u.utility:.2f}'} "
        f"against {'an unknown alternative' if u.batna is None else f'{u.batna:.2f}'}"
        + ("" if u.margin is None else f" ({u.margin:+.2f})")
        for u in p.utilities
        if u.party
    ]
    if standing:
        below = [
            u.actor for u in p.utilities if u.party and u.margin is not None and u.margin < -1e-9
        ]
        text = f"Its utility for each party against its alternative: {'; '.join(standing)}"
        if below:
            text += f"; below the alternative of {join([name(s, a) for a in below])}"
        lines.append(text + ".")
    if p.open:
        lines.append(f"Left open (no forecast): {', '.join(p.open)}.")
    return lines


def _vetoing(s: Scenario, p: Package) -> str:
    """The parties whose red lines a package crosses, by name."""
    return join([name(s, a) for a in dict.fromkeys(c.actor for c in p.party_crossings)])
