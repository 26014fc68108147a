"""Deal or no deal first: the outlook every forecast starts with, run and worded once.

:func:`outlook` draws what :mod:`accord.forecast.outlook` needs, seeded: the Monte Carlo
ZOPA share over the scenario's spreads (the headline chance that any deal is reached) and,
where the scenario supports the negotiation processes, the share of mediated runs that end
in agreement (:mod:`accord.dynamics.processes`, a floor beside ``forecast``, hence here).
:func:`deal_lines` and :func:`package_lines` word it for the command line, the report, the
demo and the web app alike; per-issue forecasts are then shown under :data:`IF_DEAL`, or,
under a no-deal verdict (:func:`no_deal`), as :data:`CENTRE`, never in a summary.

A 0 % chance is only a finding when some draw *could* have had a ZOPA. :func:`restates`
decides whether it merely restates the input: the MILP diagnosis names the smallest set of
red lines (and BATNAs) that clash under the stated inputs, and if no end of their spreads
lets that set hold together, no draw can ever give an overlap, so the headline says that
the stated red lines leave no agreement instead of quoting a probability
(``deal.restates_input`` and ``deal.why`` in the JSON).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from itertools import product

from accord.analysis.milp import Diagnosis, diagnose, find_acceptable
from accord.analysis.milp.model import items as milp_items
from accord.analysis.space import outcome_space, parties
from accord.dynamics.processes import ProcessError, simulate_process
from accord.forecast.models import Forecast
from accord.forecast.montecarlo import Simulation, simulate
from accord.forecast.outlook import (
    DealChance,
    Outlook,
    Package,
    ProcessShare,
    RedLineCrossing,
    deal_outlook,
)
from accord.model import Scenario
from accord.overview.estimative import chance_clause
from accord.overview.words import join, name, names, pct

#: Draws and seed of the outlook unless the caller gives a simulation (``accord report``'s).
DEAL_DRAWS = 500
#: Draws whose ZOPA is decided exactly (MILP) at most; every k-th draw beyond, with a Wilson
#: interval (the overview's own cap, so the CLI, the demo and the report quote one number).
DEAL_SOLVES = 100
#: The process whose agreement share stands beside the headline.
PROCESS = "mediated"
#: How per-issue forecasts are labelled wherever they are shown: they assume a deal.
IF_DEAL = "if a deal is reached"
#: How they are labelled under a no-deal verdict (:func:`no_deal`): what the models compute
#: is then no outcome anyone expects, only where the stated positions centre.
CENTRE = (
    "centre of the stated positions (weighted by capability and salience), ignoring vetoes "
    "— not a prediction that this deal is reachable"
)
#: Below this chance of any deal, the verdict is no deal (and per-issue forecasts leave the
#: summary).
NO_DEAL_BELOW = 0.05
#: The most combinations of spread ends :func:`restates` tries before it gives up proving.
MAX_ENDS = 64


@dataclass(frozen=True)
class Deal(DealChance):
    """:class:`~accord.forecast.outlook.DealChance` with ``restates_input`` decided by
    :func:`restates`, and ``why`` it does or does not restate the input."""

    why: str | None = None
    #: the red lines (actor, issue) of the diagnosis's clashing set, when it restates
    clash: tuple[tuple[str, str], ...] = ()
    #: the clash holds even at the ends of spreads on its items (else: none has a spread)
    spreads: bool = False


def no_deal(o: Outlook) -> bool:
    """The no-deal verdict: the chance of any deal is below :data:`NO_DEAL_BELOW`, or the
    forecast package crosses a party's own red line."""
    chance = o.deal.chance
    return (chance is not None and chance < NO_DEAL_BELOW) or bool(o.package.party_crossings)


def forecast_label(o: Outlook | None) -> str:
    """How per-issue forecasts are labelled: :data:`IF_DEAL`, or :data:`CENTRE` under a
    no-deal verdict."""
    return CENTRE if o is not None and no_deal(o) else IF_DEAL


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
    (0.59, 0.02, 6)
    >>> o.deal.mediated.flat_agreements / o.deal.mediated.runs  # the same runs, no ratification
    0.48
    >>> o.deal.ratified.probability  # a ZOPA that the parties' ratifiers also pass
    0.04
    >>> o.deal.restates_input, o.deal.why
    (False, 'some draws have a ZOPA: the chance is a probability over the spreads')
    """
    chosen = parties(scenario)
    if simulation is None or tuple(simulation.parties) != tuple(chosen):
        # with ratifiers, the same draws also decide the ZOPA their ratifiers pass
        simulation = simulate(scenario, "compromise", draws=draws, seed=seed, parties=chosen,
                              zopa_solves=min(draws, zopa_solves),
                              honour=bool(scenario.ratification))  # fmt: skip
    share, why = _process_share(scenario, chosen, simulation.draws, simulation.seed)
    o = deal_outlook(scenario, forecast, simulation, share, no_process=why)
    return decided(scenario, o, list(simulation.parties))


def decided(scenario: Scenario, o: Outlook, chosen: list[str]) -> Outlook:
    """``o`` with ``restates_input`` decided by :func:`restates` and the reason recorded."""
    d = o.deal
    flag, why, dx = restates(scenario, chosen, d.chance)
    kept = {f.name: getattr(d, f.name) for f in fields(DealChance)}
    kept["restates_input"] = flag
    if flag and d.chance == 0.0 and not d.restates_input:
        kept["assumes"] = (*d.assumes, f"the 0% restates the input: {why}")
    elif not flag and d.restates_input:  # the library's rougher rule said so; here it does not
        kept["assumes"] = tuple(a for a in d.assumes if "restates the input" not in a)
    reds = [] if dx is None or not flag else [it for it in dx.conflict if it.kind == "red_line"]
    clash = tuple((it.actor, it.issue) for it in reds if it.issue)
    spreads = bool(flag and why and "even at the ends of the spreads" in why)
    deal = Deal(**kept, why=why, clash=clash, spreads=spreads)
    return Outlook(deal=deal, package=o.package)


def _spread_ends(spread: object) -> tuple[object, object] | None:
    low, high = getattr(spread, "low", None), getattr(spread, "high", None)
    return None if low is None or high is None else (low, high)


def restates(
    scenario: Scenario, chosen: list[str], chance: float | None
) -> tuple[bool, str | None, Diagnosis | None]:
    """Whether a 0% chance restates the input, and why (or why not).

    It does when the stated inputs leave no ZOPA and the diagnosis's clashing set (an
    irreducible set of red lines and BATNAs that cannot all hold) still cannot hold at any
    combination of the ends of its items' spreads (a red line's ``red_line`` and
    ``position`` spreads, a BATNA's at its low end): then no draw can give an overlap. A
    soft red line (``firmness``) among the parties' makes the chance an honest
    probability, never a restatement.
    """
    if chance is None:
        return False, None, None
    if chance > 0:
        return False, "some draws have a ZOPA: the chance is a probability over the spreads", None
    soft = [st for st in scenario.stances if st.actor in chosen and st.soft is not None]
    if soft:
        which = join([f"{_owner(scenario, st.actor)} on {scenario.issue(st.issue).name}"
                      for st in soft])  # fmt: skip
        why = f"soft red lines ({which}) may give, so the chance is a probability"
        return False, why, None
    dx = diagnose(outcome_space(scenario, chosen), chosen, scenario=scenario)
    if dx is None:
        return False, "the stated inputs leave a ZOPA; only some draws close it", None
    if not dx.conflict:
        return True, "the scenario's constraints rule out every outcome", dx
    clash = clash_words(scenario, dx)
    moves: list[tuple[str, str | None, str, tuple[object, object]]] = []
    for it in dx.conflict:
        if it.kind == "batna":
            b = scenario.actor(it.actor).batna
            ends = None if b is None or b.uncertainty is None else _spread_ends(b.uncertainty)
            if ends is not None:
                moves.append(("batna", None, it.actor, (min(ends), min(ends))))  # type: ignore[type-var]
            continue
        st = scenario.stance(it.actor, it.issue or "")
        for key in ("red_line", "position"):
            spread = (st.uncertainty or {}).get(key) if st is not None else None
            ends = None if spread is None else _spread_ends(spread)
            if ends is not None:
                moves.append((key, it.issue, it.actor, ends))
    if not moves:
        return True, f"{clash}; none of them has a spread, so no draw moves them", dx
    combos = 2 ** len(moves)
    if combos > MAX_ENDS:
        return False, f"{clash}; their spreads have too many ends to check ({combos})", dx
    keep = set(dx.conflict)
    for pick in product((0, 1), repeat=len(moves)):
        variant = _at_ends(
            scenario, [(m[0], m[1], m[2], m[3][k]) for m, k in zip(moves, pick, strict=True)]
        )
        space = outcome_space(variant, chosen)
        relax = [it for it in milp_items(space, chosen) if it not in keep]
        if find_acceptable(space, chosen, relax=relax) is not None:
            why = f"{clash} as stated, but the ends of their spreads let them hold together"
            return False, why, dx
    spreads = join(sorted({f"{_owner(scenario, m[2])} {'BATNA' if m[0] == 'batna' else 'red line'}"
                           for m in moves}))  # fmt: skip
    return True, f"{clash}, even at the ends of the spreads on {spreads}", dx


def clash_words(s: Scenario, dx: Diagnosis) -> str:
    """``the red lines of Russia and Ukraine on Donbas clash``."""
    reds = [it for it in dx.conflict if it.kind == "red_line"]
    batnas = [it for it in dx.conflict if it.kind == "batna"]
    parts = []
    if reds:
        issues = join([s.issue(i).name for i in dict.fromkeys(it.issue or "" for it in reds)])
        parts.append(f"the red lines of {names(s, dict.fromkeys(it.actor for it in reds))} "
                     f"on {issues}")  # fmt: skip
    if batnas:
        parts.append(f"the alternatives of {names(s, [it.actor for it in batnas])}")
    return f"{' and '.join(parts)} clash"


def _at_ends(s: Scenario, moves: list[tuple[str, str | None, str, object]]) -> Scenario:
    """``s`` with each stance's red line or position, or an actor's BATNA, at the value given."""
    stances = list(s.stances)
    actors = list(s.actors)
    for key, issue, actor, value in moves:
        if key == "batna":
            k = next(n for n, a in enumerate(actors) if a.id == actor)
            b = actors[k].batna
            assert b is not None
            actors[k] = actors[k].model_copy(
                update={"batna": b.model_copy(update={"utility": value})}
            )
            continue
        k = next(n for n, st in enumerate(stances) if st.actor == actor and st.issue == issue)
        stances[k] = stances[k].model_copy(update={key: value})
    return s.model_copy(update={"stances": stances, "actors": actors})


def _process_share(
    scenario: Scenario, chosen: list[str], runs: int, seed: int | None
) -> tuple[ProcessShare | None, str | None]:
    if len(chosen) < 2:
        return None, "fewer than two parties with stances: no negotiation process to run"
    try:
        sim = simulate_process(
            scenario, PROCESS, runs=runs, seed=seed, parties=chosen,
            honour=any(r.actor in chosen for r in scenario.ratification),
        )  # fmt: skip
    except ProcessError as exc:
        return None, str(exc)
    agreements = round(sim.results["agreement"] * sim.runs)
    flat = None
    if sim.flat_results is not None:
        flat = round(sim.flat_results["agreement"] * sim.runs)
    share = ProcessShare(PROCESS, sim.mediator, sim.patience, sim.runs, agreements, seed, flat)
    return share, None


# --- words ------------------------------------------------------------------------------------
def deal_lines(s: Scenario, o: Outlook) -> list[str]:
    """The chance of a deal in sentences: the headline first, then the mediated runs."""
    d = o.deal
    if d.chance is None or d.interval is None:
        return ["Chance of a deal: not assessed (the scenario names no parties with stances)."]
    lo, hi = d.interval
    share = (
        f"the share of {_draws(d.evaluated, d.draws)} (seed {d.seed}) in which some outcome "
        "gives every party at least its alternative without crossing a red line"
    )
    if d.restates_input:
        text = (
            f"{restated_headline(s, o)} The Monte Carlo estimate of the chance of a zone of "
            f"agreement ({pct(d.chance)}, 95% interval "
            f"{pct(lo)}–{pct(hi)}, {share}) is therefore no finding"
            + (f": {d.why}." if isinstance(d, Deal) and d.why else ".")
        )
        return [text, *_mediated(s, d)]
    # the verdict is about a zone of agreement existing, not a deal being signed
    # the ICD 203 word of the chance, so that "unlikely" means the same everywhere
    clause = chance_clause(d.chance, "a zone of agreement exists")
    verdict = clause[0].upper() + clause[1:]
    chance = f"the chance of a zone of agreement is {pct(d.chance)}"
    text = f"{verdict}: {chance} (95% interval {pct(lo)}–{pct(hi)}), {share}."
    if any(st.soft is not None for st in s.stances if st.actor in _parties(o)):
        # The number rests on the analyst's credibilities: say so where it is read, and say
        # what it is not (a signed deal), so that it is not taken for a finding about the talks.
        text = (
            f"On the analyst's judgement of how firm the red lines are, {verdict[0].lower()}"
            f"{verdict[1:]}: {chance} (95% interval {pct(lo)}–{pct(hi)}), {share}. Some red "
            "lines are soft (they may give at a cost), so this is a probability: each soft red "
            "line is drawn to hold or give by its stated credibility (the chance it holds "
            "through the months the analysis covers). It restates that judgement as much as it "
            "finds anything, and it is the chance that a zone of agreement exists, not that a "
            "deal is signed and kept."
        )
    return [text, *_ratified(s, d), *_mediated(s, d)]


def _ratified(s: Scenario, d: DealChance) -> list[str]:
    """The chance of a ZOPA that the parties' ratifiers at home also pass, beside the flat
    one; or, where no party has ratifiers, that ratification is not modelled."""
    r = d.ratified
    if r is None or r.probability is None:
        ratifying = [x.actor for x in s.ratification]
        if not ratifying:
            return ["Ratification at home is not modelled: the scenario names no ratifiers."]
        return []
    lo, hi = r.interval or (r.probability, r.probability)
    how = "decided exactly in every draw" if r.exact else (
        f"{r.unresolved} of {r.draws_evaluated} draws left undecided")  # fmt: skip
    chance = pct(r.probability) if r.high is None or r.high == r.probability else (
        f"{pct(r.probability)}–{pct(r.high)}")  # fmt: skip
    counted = [
        f"{name(s, e.actor)}'s {join([r.name for r in e.ratifiers])}"
        for e in s.ratification
        if s.actor(e.actor).role.value == "party"
    ]
    others = [name(s, e.actor) for e in s.ratification if s.actor(e.actor).role.value != "party"]
    basis = f" Only the parties' ratifiers count here: {join(counted)}" if counted else ""
    if basis and others:
        basis += f"; those of {join(others)}, who are not parties, do not"
    behind = {e.actor for e in s.ratification}
    bare = [name(s, a.id) for a in s.actors if a.role.value == "party" and a.id not in behind]
    if basis and bare:
        basis += f"; none are modelled for {join(bare)}"
    return [
        f"With ratification at home (each party's parliament, referendum or other veto players "
        f"must pass the deal, judged by their own stances), that chance falls to {chance} "
        f"(95% interval {pct(lo)}–{pct(hi)}; {how})." + (f"{basis}." if basis else "")
    ]


def _parties(o: Outlook) -> set[str]:
    return {u.actor for u in o.package.utilities if u.party}


def restated_headline(s: Scenario, o: Outlook) -> str:
    """``No agreement exists under the stated red lines of Russia and Ukraine (on Donbas):
    …, so the 0% restates that input.`` For a chance that restates the input."""
    d = o.deal
    clash = d.clash if isinstance(d, Deal) else ()
    spreads = isinstance(d, Deal) and d.spreads
    reds: dict[str, list[str]] = {}
    for actor, issue in clash:
        reds.setdefault(issue, []).append(actor)
    if not reds:
        return (
            "No agreement exists under the stated inputs: the parties' red lines, alternatives "
            "and the scenario's constraints leave no outcome, and the model holds them fixed, "
            "so the 0% restates that input."
        )
    who = names(s, dict.fromkeys(a for v in reds.values() for a in v))
    on = join([s.issue(i).name for i in reds])
    held = (
        "even at the ends of the spreads the model draws" if spreads else
        "and the model holds them fixed")  # fmt: skip
    return (
        f"No agreement exists under the stated red lines of {who} (on issue {on}): their stated "
        f"limits do not overlap, {held}, so the 0% restates that input."
    )


def _mediated(s: Scenario, d: DealChance) -> list[str]:
    lines = []
    m = d.mediated
    if m is not None:
        who = "a mediator without preferences" if m.mediator is None else name(s, m.mediator)
        text = (
            f"A mediated negotiation ({who}, up to {m.patience} months) ends in agreement in "
            f"{pct(m.share)} of {m.runs:,} runs (95% interval {pct(m.interval[0])}–"
            f"{pct(m.interval[1])})"
        )
        if m.flat_agreements is not None:
            text += (
                f" when each party accepts only what its ratifiers pass; played without "
                f"ratification, the same runs agree in {pct(m.flat_agreements / m.runs)}"
            )
        lines.append(text + ".")
    return lines


def _draws(evaluated: int, draws: int) -> str:
    if evaluated == draws:
        return f"{draws:,} Monte Carlo draws"
    return f"{evaluated:,} Monte Carlo draws decided exactly (a systematic sample of {draws:,})"


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


def package_lines(s: Scenario, o: Outlook, *, details: bool | None = None) -> list[str]:
    """The forecast taken as a package: the red lines it crosses (the headline when it
    crosses any), the constraints it breaks, and each party's utility against its BATNA.

    Under a no-deal verdict (:func:`no_deal`) the package is called the centre of the stated
    positions, not an outcome "if a deal is reached", and ``details`` (the per-issue lines
    of :func:`crossing_details`) default to off: a summary then names no per-issue outcome.
    """
    p = o.package
    if details is None:
        details = not no_deal(o)
    head = (
        f"The centre of the stated positions ({p.model} model: weighted by capability and "
        "salience, ignoring vetoes)"
        if no_deal(o)
        else f"{IF_DEAL.capitalize()}, the {p.model} forecast"
    )
    lines = []
    if p.crossings:
        by_actor: dict[str, list[RedLineCrossing]] = {}
        for c in p.crossings:
            by_actor.setdefault(c.actor, []).append(c)
        n, k = len(p.crossings), len(p.party_crossings)
        text = (
            f"{head} taken as a package crosses {n} "
            f"red line{'s' if n > 1 else ''}: "
            + "; ".join(_on_issues(s, cs) for cs in by_actor.values())
        )
        if k:
            text += (
                f". {k} of them are the parties' own, so {_vetoing(s, p)} would refuse it as "
                "it stands"
            )
        lines.append(text + ".")
        if details:
            lines += crossing_details(s, p)
    else:
        lines.append(f"{head} taken as a package crosses no red line.")
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
