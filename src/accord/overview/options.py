"""Options for the reader: courses a mediator or a third party could take, with what they buy.

Three sources, each computed, none invented here:

- **the lever search** (:attr:`accord.overview.records.Overview.openings`): each smallest
  setting of the declared levers that opens a zone of agreement on the stated values, with
  the chance of a zone of agreement now with it (and of one that survives ratification, where
  parties have ratifiers; Monte Carlo, the futures' seed and draws) and what it
  costs each party (the BATNA utilities and red-line credibilities its effects lower);
- **the futures** (:func:`accord.overview.futures.futures`) set by a lever whose chance of a
  zone rises by at least :data:`GAIN`, with the alternatives it lowers as the cost. A party's
  soft red lines simply giving way is no option: it opens what those lines closed by
  definition, so it is shown among the futures as a sensitivity only;
- **the package trades** from the status quo (:attr:`Overview.trades`): the first
  :data:`TRADES` exchanges both sides of a pair gain by, with where the package then stands
  against every party's BATNA and red lines, and, where a party is still below its BATNA,
  that the trade is a step both prefer to the status quo, not a deal. A trade that asks a
  party to concede an issue it does not decide (the issue's ``controlled_by`` leaves it
  out) is not offered, nor any after it (each package of the sequence builds on the trades
  before): the party cannot deliver it. Where the scenario does not say who decides its
  issues, a trade assumes each party can deliver what it concedes, and its basis says so.
"""

from __future__ import annotations

from dataclasses import replace

from accord.dynamics.levers import Change, set_levers
from accord.overview.briefing_records import Future, Option
from accord.overview.chances import Chance, Chances
from accord.overview.packages import (
    against_batna,
    crossed_text,
    trade_text,
    undeliverable,
    undeliverable_text,
)
from accord.overview.records import Overview
from accord.overview.run import DRAWS
from accord.overview.words import fmt_range, join, lever_text, name, names, pct

#: A future is offered as an option when it raises the chance of a deal by this much.
GAIN = 0.05
#: Smallest lever settings offered (the lever search may find more).
OPENINGS = 2
#: Package trades offered.
TRADES = 2
#: What an option's cost counts: the targets whose fall hurts its actor's hand.
_HURTS = ("batna.utility", "batna.support", "batna.trend")


def options(
    overview: Overview, futures: tuple[Future, ...], chances: Chances | None = None
) -> tuple[Option, ...]:
    """The reader's options (module docstring), lever openings first, then the futures that
    raise the chance most, then the trades. The openings' chances use the futures' seed and
    draws (the overview's when there are no futures), run through ``chances`` when given so
    that a chance the indicators also quote is run once."""
    if not overview.parties:
        return ()
    draws = futures[0].draws if futures else min(overview.draws, DRAWS)
    seed = futures[0].seed if futures else overview.seed
    out = _openings(overview, chances or Chances(overview, draws=draws, seed=seed))
    rising = sorted(
        (
            f
            for f in futures
            if f.key != "course"
            and f.deal_before is not None
            and f.deal_after is not None
            and f.deal_after - f.deal_before >= GAIN
        ),
        key=lambda f: -(f.deal_after or 0.0) + (f.deal_before or 0.0),
    )
    # a party's soft red lines giving way opens what they closed by definition: that future
    # is shown among the futures as a sensitivity, never offered as something to do
    out += [_future_option(overview, f) for f in rising if f.settings]
    out += _trades(overview)
    return tuple(out)


def cost_text(o: Overview, changes: list[Change] | tuple[Change, ...]) -> str:
    """What a lever setting costs the parties, from its effects: ``Ukraine's alternative
    0.45 → 0.40; Ukraine's red line on Donbas less credible (0.60 → 0.45)``; ``no party's
    alternative falls`` when nothing does."""
    s = o.scenario
    parts = []
    for c in changes:
        if c.actor not in o.parties or c.after >= c.before:
            continue
        span = f"{fmt_range(c.before, c.before)} → {fmt_range(c.after, c.after)}"
        if c.target in _HURTS:
            what = {
                "batna.utility": "alternative to a deal",
                "batna.support": "outside support a month",
                "batna.trend": "expected course of the fighting a month",
            }[c.target]
            parts.append(f"{name(s, c.actor)}'s {what} {span}")
        elif c.target.startswith("red_line.credibility:"):
            issue = s.issue(c.target.split(":", 1)[1]).name
            parts.append(f"{name(s, c.actor)}'s red line on {issue} less credible ({span})")
    return "; ".join(parts) or "no party's alternative falls"


def _openings(o: Overview, chances: Chances) -> list[Option]:
    found = o.openings
    if found is None or not found.found:
        return []
    s = o.scenario
    now, draws, seed = chances.now(), chances.draws, chances.seed
    out = []
    for sol in found.solutions[:OPENINGS]:
        _, changes = set_levers(s, sol.settings)
        then = chances.with_levers(sol.settings)
        levers = join([s.lever(k).name for k in sol.settings])
        out.append(
            Option(
                # in words for the reader (the `key=value` form, for typing, is in the basis)
                text="Set "
                + join(
                    [f"{s.lever(k).name} to {s.lever(k).label(v)}" for k, v in sol.settings.items()]
                ),
                for_whom=f"whoever can move {levers}",
                achieves=(
                    "opens a zone of agreement on the stated values; the chance of a zone of "
                    f"agreement now goes from {pct(now.chance)} to {pct(then.chance)}"
                    + _ratified_move(now, then)
                    + f" ({draws:,} Monte Carlo draws, seed {seed})"
                ),
                source="openings",
                basis=(
                    f"the lever search's smallest change ({lever_text(s, sol.settings)}: "
                    f"{found.moved} lever(s), "
                    f"{found.steps} level step(s)); it costs: {cost_text(o, changes)}"
                ),
            )
        )
    return out


def _their(actors: list[str]) -> str:
    return "its alternative" if len(actors) == 1 else "their alternatives"


def _ratified_move(now: Chance, then: Chance) -> str:
    """``; one that survives ratification at home, 6.4% to 9.0%`` (empty without ratifiers)."""
    if now.ratified is None or then.ratified is None:
        return ""
    return f"; one that survives ratification at home, {pct(now.ratified)} to {pct(then.ratified)}"


def _future_option(o: Overview, f: Future) -> Option:
    s = o.scenario
    lowered = [
        f"{name(s, p.actor)}'s alternative {fmt_range(p.before, p.before)} → "
        f"{fmt_range(p.after, p.after)}"
        for p in f.parties
        if p.before is not None and p.after is not None and p.after < p.before - 5e-3
    ]
    if f.settings:
        text = f"Bring about: {f.name}"
        whom = "whoever can move " + join([s.lever(k).name for k in f.settings])
    else:  # a party's soft red lines giving way (key soft:<actor>)
        who = name(s, f.key.partition(":")[2])
        text = f"Press {who} to let its soft red lines give"
        whom = "a mediator, or a third party with leverage on " + who
    return Option(
        text=text,
        for_whom=whom,
        achieves=f.summary,
        basis=(
            f"future '{f.key}' ({f.draws:,} Monte Carlo draws, seed {f.seed}); it costs: "
            + (join(lowered) if lowered else "no party's alternative falls")
            + ("" if f.settings else "; each crossed line costs its party its stated cost")
        ),
    )


def _trades(o: Overview) -> list[Option]:
    seq = o.trades
    if seq is None or not seq.trades:
        return []
    s = o.scenario
    basis = "package trades from the status quo (accord trades), best first"
    stated = [i for i in s.issues if i.controlled_by is not None]
    if not stated:
        basis += (
            "; the scenario does not say who decides each issue, so this assumes each party "
            "can deliver what it concedes"
        )
    elif len(stated) < len(s.issues):
        basis += (
            f"; who decides is stated for {len(stated)} of {len(s.issues)} issues, and the "
            "others are assumed to be either party's to concede"
        )
    out: list[Option] = []
    # numbered as in the sequence: trade_checks[n] checks its n-th package, which holds
    # every trade before it, so the offer stops at the first one a party cannot deliver
    for n, t in enumerate(seq.trades[:TRADES], 1):
        cannot = undeliverable(s, t)
        if cannot:
            basis += (
                f"; trade {n} and any after it are not offered: {undeliverable_text(s, cannot)}"
            )
            for k in range(len(out)):
                out[k] = replace(out[k], basis=basis)
            break
        check = o.trade_checks[n] if n < len(o.trade_checks) else None
        stands = (
            f"the package then gives {against_batna(s, check)} and {crossed_text(s, check.crossed)}"
            if check is not None
            else "where the package then stands is not checked"
        )
        short = []
        if check is not None:
            for a, u in check.utility.items():
                b = check.batna[a]
                if b is not None and u < b:
                    short.append(a)
        if short:
            # a step both prefer to the status quo is not a deal while a party is below its
            # alternative: said, so the trade is not read as a settlement
            stands += (
                f"; a step both prefer to the status quo, not a deal: it leaves "
                f"{names(s, short)} below {_their(short)}"
            )
        # said on the option itself: the first page shows no basis, and a trade a party
        # cannot deliver reads as advice unless the reader knows it was not checked
        unstated = [i for i in (t.gives[0], t.gets[0]) if s.issue(i).controlled_by is None]
        if unstated:
            stands += (
                f"; it assumes each side can deliver its concession (the scenario does not "
                f"say who decides {join([s.issue(i).name for i in unstated])})"
            )
        out.append(
            Option(
                text=f"Broker a trade: {trade_text(s, t)}",
                for_whom="a mediator",
                achieves=stands,
                basis=basis,
            )
        )
    return out
