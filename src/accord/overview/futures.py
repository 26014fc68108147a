"""Alternative futures, computed: the chance of a zone of agreement when a lever moves or a red
line gives.

:func:`futures` re-runs the Monte Carlo of :func:`accord.forecast.montecarlo.simulate` (every
draw at once, the overview's main model) on changed copies of the overview's scenario and
reads the chance of a zone of agreement as :func:`accord.forecast.outlook.deal_chance` does.
Which futures exist comes from the scenario, never from its name:

- **each declared lever** at the level farthest from its current one (levels ascend with
  the lever's intensity, so a tie goes to the higher level: more sanctions, the walk-away,
  the front giving way). When the scenario declares more levers than there is room for,
  those that move the chance most are kept;
- **one party's soft red lines giving way**: every soft red line of that party holds with
  credibility 0 (its spread on credibility dropped), so crossing it costs the party its
  stated cost instead of ruling the outcome out. Of the parties with soft red lines, the one
  whose lines move the chance most;
- **the current course** over the horizon, when there is room left.

**When a future is read.** A lever may move a rate of a BATNA over time (the expected course
of the fighting, a monthly cost), which changes nothing today. So when anything in the
scenario moves over time (a party's BATNA rates, a soft red line's erosion, a lever on a
rate), every future is read :data:`HORIZON` months ahead (:func:`scenario_in`), and its
baseline is the current course read on the same date; otherwise both are read now.

**What the model assumes** (:data:`ASSUMPTIONS`): the same draws for every future (one
seed: common random numbers, so a difference between two futures is the change and not the
luck of the draw); over the horizon each BATNA moves by its stated rates and keeps the width
of its spread, and the rates' own spreads are not drawn; a soft red line erodes as its
``erosion`` says; positions and saliences stay as stated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accord.dynamics.levers import set_levers
from accord.dynamics.timeline import batna_at
from accord.model import Scenario
from accord.model.levers import Lever, red_line_target
from accord.overview.briefing_records import Future, PartyChange
from accord.overview.chances import Chance, Chances
from accord.overview.records import Overview
from accord.overview.words import fmt_gain, fmt_range, join, lever_text, name, pct

#: Months ahead a future is read when something in the scenario moves over time.
HORIZON = 6
#: Most futures shown (the first page has room for about this many rows).
MAX_FUTURES = 5
#: What every future takes for granted, in words, for the reader.
ASSUMPTIONS = (
    "every future is run on the same Monte Carlo draws (one seed), so the difference between "
    "two futures is the change itself, not the luck of the draw",
    "a future with a lever set changes only the numbers the lever's declared effects move; "
    "positions, saliences and red lines stay as stated unless an effect names them",
    f"where anything moves over time, both chances are read {HORIZON} months ahead: each "
    "BATNA moves by its stated monthly rates (the rates' own spreads are not drawn) and keeps "
    "the width of its spread, and each soft red line erodes as the scenario says",
    "a soft red line that gives costs its party its stated cost on any outcome that crosses "
    "it; it no longer rules the outcome out",
)

#: Lever targets that act only over time (a rate of a BATNA), as opposed to at once.
_RATES = ("batna.trend", "batna.cost", "batna.support")


@dataclass(frozen=True)
class Plan:
    """One future before it is run: the changed scenario (not yet moved in time) and its words."""

    key: str
    name: str
    how: str
    settings: dict[str, float]
    scenario: Scenario | None  # None: the current course, the overview's own scenario
    kind: str  # lever | soft | course


def futures(
    overview: Overview, *, draws: int, seed: int, chances: Chances | None = None
) -> tuple[Future, ...]:
    """Three to five named futures of ``overview``'s scenario, each computed (module docstring).

    ``draws`` (at least 1) Monte Carlo draws per future, the ZOPA decided exactly in at most
    :data:`~accord.overview.chances.SOLVES` of them; ``seed`` seeds every run alike. Empty
    without parties.
    ``chances`` (with the same draws and seed) keeps the runs for the indicators and options
    that quote the same chances, so none is run twice.

    >>> from accord.io import load_builtin
    >>> from accord.overview import run_overview
    >>> o = run_overview(load_builtin("dayton-1995"), draws=8, monte_carlo=False)
    >>> sorted(f.key for f in futures(o, draws=8, seed=1))
    ['lever:battlefield=2', 'lever:sanctions_pressure=2', 'soft:bih']
    """
    if draws < 1:
        raise ValueError(f"draws must be at least 1; got {draws}")
    s = overview.scenario
    parties = list(overview.parties)
    if not parties:
        return ()
    ch = Chances(overview, draws=draws, seed=seed) if chances is None else chances
    ch.check(draws, seed)
    months = HORIZON if moves_over_time(s, parties) else 0
    by_lever, by_soft = lever_plans(s), soft_plans(s, parties)
    # one after another: on two shared cores, threads measured slower (the runs' Python
    # parts contend for the interpreter lock)
    course = ch.now() if not months else ch.get(f"course@{months}", lambda: scenario_in(s, months))
    # today's chance is read off the overview's own run when it can be, else run only when
    # the current course gets a row of its own
    room = MAX_FUTURES - (1 if by_soft else 0)
    shown = min(len(by_lever), room) + (1 if by_soft else 0)
    now = ch.now() if months and shown < MAX_FUTURES else course
    levers = [(p, _run(ch, p, months)) for p in by_lever]
    soft = [(p, _run(ch, p, months)) for p in by_soft]
    chosen = choose(levers, soft, course, months)
    out = []
    for plan, chance in chosen:
        before = now if plan.kind == "course" else course
        out.append(_future(overview, plan, before, chance, months, draws, seed))
    return tuple(out)


def choose(
    levers: list[tuple[Plan, Chance]],
    soft: list[tuple[Plan, Chance]],
    course: Chance,
    months: int,
) -> list[tuple[Plan, Chance]]:
    """At most :data:`MAX_FUTURES`: every lever's future (those that move the chance most
    when there are too many), then the party's soft red lines that move it most, then the
    current course over the horizon, while there is room."""

    def moved(item: tuple[Plan, Chance]) -> float:
        a, b = item[1].chance, course.chance
        return 0.0 if a is None or b is None else abs(a - b)

    room = MAX_FUTURES - (1 if soft else 0)
    # stable sorts: ties keep the file's order of levers and of stances
    kept = sorted(levers, key=lambda x: -moved(x))[:room]
    kept = sorted(kept, key=levers.index)
    out = kept + sorted(soft, key=lambda x: -moved(x))[:1]
    if months and len(out) < MAX_FUTURES:
        line = f"nothing changed; read {months} months ahead against today"
        out.append((Plan("course", "The current course", line, {}, None, "course"), course))
    return out


def lever_plans(s: Scenario) -> list[Plan]:
    """Each declared lever at the level farthest from its current one, ties to the higher."""
    out = []
    for lever in s.levers:
        level = farthest(lever)
        if level is None:
            continue
        changed, _ = set_levers(s, {lever.id: level})
        setting = lever_text(s, {lever.id: level})
        how = f"lever {setting}, now {lever.label(lever.default)}: " + join(
            [_effect_text(s, lever, e.actor, e.target, e.per_level, level) for e in lever.effects]
        )
        out.append(
            Plan(
                key=f"lever:{lever.id}={level:g}",
                name=f"{lever.name}: {lever.label(level)}",
                how=how,
                settings={lever.id: level},
                scenario=changed,
                kind="lever",
            )
        )
    return out


def farthest(lever: Lever) -> float | None:
    """The level farthest (in steps) from the lever's current one; a tie goes to the higher
    level. None for a lever with one level."""
    at = lever.levels.index(lever.default)
    steps = [(abs(k - at), k) for k in range(len(lever.levels)) if k != at]
    if not steps:
        return None
    return float(lever.levels[max(steps)[1]])


def soft_plans(s: Scenario, parties: list[str]) -> list[Plan]:
    """For each party with soft red lines, those lines giving way."""
    out = []
    for actor in parties:
        issues = [st.issue for st in s.stances if st.actor == actor and st.soft is not None]
        if not issues:
            continue
        lines = join([s.issue(i).name for i in issues])
        out.append(
            Plan(
                key=f"soft:{actor}",
                name=f"{name(s, actor)}'s soft red lines give way",
                how=f"{name(s, actor)}'s soft red lines on {lines} give (credibility 0): an "
                "outcome that crosses one costs it the line's stated cost instead of being "
                "ruled out",
                settings={},
                scenario=give_way(s, actor),
                kind="soft",
            )
        )
    return out


def moves_over_time(s: Scenario, parties: list[str]) -> bool:
    """Whether anything that can change a party's chance moves with the months: a BATNA
    rate, a soft red line's erosion, or a lever effect on a rate."""
    for a in parties:
        b = s.actor(a).batna
        if b is not None and b.over_time is not None and b.over_time.rate != 0:
            return True
    if any(st.soft is not None and st.soft.erosion is not None for st in s.stances):
        return True
    return any(e.target in _RATES for lever in s.levers for e in lever.effects)


def scenario_in(s: Scenario, months: int) -> Scenario:
    """``s`` read ``months`` months ahead: every BATNA at its value then, with its spread
    moved alike (clipped to 0..1), and every soft red line's cost and credibility eroded as
    its ``erosion`` says (their spreads moved alike). ``months == 0``: ``s`` itself."""
    if months == 0:
        return s
    then = batna_at(s, months)
    data = s.model_dump(mode="python")
    note = f"read {months} months ahead"
    for actor in data["actors"]:
        b, u = actor.get("batna"), then[actor["id"]]
        if b is None or u is None or b.get("utility") is None or u == b["utility"]:
            continue
        shift = u - b["utility"]
        b["utility"] = u
        if b.get("uncertainty"):
            b["uncertainty"] = _moved(b["uncertainty"], shift, 0.0, 1.0)
        b["judgement"] = f"{b['judgement']}; {note}" if b.get("judgement") else note
    for raw, stance in zip(data["stances"], s.stances, strict=True):
        soft = stance.soft
        if soft is None or soft.erosion is None:
            continue
        cost, credibility = soft.at_month(months)
        firm = raw["firmness"]
        spreads = firm.get("uncertainty") or {}
        if "cost" in spreads:
            spreads["cost"] = _moved(spreads["cost"], cost - soft.cost, 0.0, None)
        if "credibility" in spreads:
            spreads["credibility"] = _moved(
                spreads["credibility"], credibility - soft.credibility, 0.0, 1.0
            )
        firm["cost"], firm["credibility"] = cost, credibility
    return Scenario.model_validate(data)


def give_way(s: Scenario, actor: str) -> Scenario:
    """``s`` with every soft red line of ``actor`` at credibility 0 (no spread on it, no
    erosion): in every draw it gives, and crossing it costs its stated cost."""
    data = s.model_dump(mode="python")
    for raw in data["stances"]:
        firm = raw.get("firmness")
        if raw["actor"] != actor or not isinstance(firm, dict):
            continue
        firm["credibility"] = 0.0
        firm["erosion"] = None
        if firm.get("uncertainty"):
            firm["uncertainty"].pop("credibility", None)
            firm["uncertainty"] = firm["uncertainty"] or None
        note = "in this future the line gives way (credibility 0)"
        firm["judgement"] = f"{firm['judgement']}; {note}" if firm.get("judgement") else note
    return Scenario.model_validate(data)


def _run(ch: Chances, plan: Plan, months: int) -> Chance:
    """The chance in ``plan``'s future read ``months`` ahead, run once per report."""
    if plan.kind == "lever" and not months:
        return ch.with_levers(plan.settings)
    changed = plan.scenario if plan.scenario is not None else ch.overview.scenario
    return ch.get(f"{plan.key}@{months}", lambda: scenario_in(changed, months))


def _future(
    o: Overview, plan: Plan, before: Chance, after: Chance, months: int, draws: int, seed: int
) -> Future:
    s = o.scenario
    when = when_text(s, months)
    changed = s if plan.scenario is None else plan.scenario
    start = batna_at(s, months) if plan.kind != "course" else batna_at(s, 0)
    end = batna_at(changed, months)
    parties = tuple(
        PartyChange(
            actor=a,
            before=start[a],
            after=end[a],
            note=f"its alternative to a deal (BATNA utility, 0..1) {when}"
            + ("" if plan.kind != "course" else ", against today"),
        )
        for a in o.parties
    )
    return Future(
        key=plan.key,
        name=plan.name,
        how=f"{plan.how}; read {when}",
        settings=dict(plan.settings),
        deal_before=before.chance,
        deal_after=after.chance,
        interval_after=after.interval,
        parties=parties,
        summary=summary_text(s, plan, before, after, parties, when),
        seed=seed,
        draws=draws,
        months=months,
        interval_before=before.interval,
        decided=after.decided,
    )


def when_text(s: Scenario, months: int) -> str:
    """``now``, or ``in 6 months (August 2026)`` from the scenario's as-of date."""
    if not months:
        return "now"
    if s.as_of is None:
        return f"in {months} months"
    y, m = divmod(s.as_of.month - 1 + months, 12)
    return f"in {months} months ({dt.date(s.as_of.year + y, m + 1, 1):%B %Y})"


def summary_text(
    s: Scenario,
    plan: Plan,
    before: Chance,
    after: Chance,
    parties: tuple[PartyChange, ...],
    when: str,
) -> str:
    """One sentence: the chance of a zone of agreement before and after, with the interval,
    the share that survives ratification where parties have ratifiers, and whose alternative
    moves."""
    against = "today" if plan.kind == "course" else f"the current course {when}"
    if before.chance is None or after.chance is None:
        head = (
            f"{plan.name}: the chance of a zone of agreement is unknown (no parties with stances)"
        )
    else:
        lo, hi = after.interval or (after.chance, after.chance)
        verb = (
            "stays at"
            if abs(after.chance - before.chance) < 0.005
            else ("rises to" if after.chance > before.chance else "falls to")
        )
        head = (
            f"{plan.name}: the chance of a zone of agreement {when} {verb} {pct(after.chance)} "
            f"(95% interval {pct(lo)}–{pct(hi)}, {after.decided:,} draws decided) against "
            f"{pct(before.chance)} on {against}"
        )
        if _within_noise(before, after):
            head += ", a difference within the Monte Carlo noise"
        if after.ratified is not None and before.ratified is not None:
            # the figure a deal needs: the zone the parties' ratifiers at home also pass
            head += (
                f"; one that survives ratification at home, {pct(after.ratified)} against "
                f"{pct(before.ratified)}"
            )
    moves = [
        f"{name(s, p.actor)}'s alternative {fmt_range(p.before, p.before)} → "
        f"{fmt_range(p.after, p.after)}"
        for p in parties
        if p.before is not None and p.after is not None and abs(p.after - p.before) >= 5e-3
    ]
    return head + (f"; {join(moves)}" if moves else "") + "."


def _within_noise(before: Chance, after: Chance) -> bool:
    """Each chance inside the other's 95% interval: the runs cannot tell them apart."""
    if before.chance is None or after.chance is None or not before.interval or not after.interval:
        return False
    return (
        before.interval[0] <= after.chance <= before.interval[1]
        and after.interval[0] <= before.chance <= after.interval[1]
    )


def _effect_text(
    s: Scenario, lever: Lever, actor: str, target: str, per: float, level: float
) -> str:
    """``Ukraine's alternative to a deal -0.050``: what one effect does at ``level``, in words."""
    by = (level - lever.default) * per
    line = red_line_target(target)
    if line is not None:
        what = f"red line on {s.issue(line[1]).name} ({line[0]})"
    else:
        what = {
            "batna.utility": "alternative to a deal",
            "batna.trend": "expected course of the fighting or the strike, a month",
            "batna.cost": "cost of going on without a deal, a month",
            "batna.support": "outside support, a month",
            "capability": "capability",
        }.get(target, target.replace("salience:", "weight on "))
    return f"{name(s, actor)}'s {what} {fmt_gain(by, by)}"


def _moved(spread: dict[str, Any], shift: float, lo: float, hi: float | None) -> dict[str, Any]:
    """A numeric spread moved by ``shift``, each end clipped to ``lo``..``hi``."""
    out = dict(spread)
    for end in ("low", "high", "mode"):
        v = out.get(end)
        if isinstance(v, int | float) and not isinstance(v, bool):
            moved = v + shift
            out[end] = max(lo, moved) if hi is None else min(hi, max(lo, moved))
    return out
