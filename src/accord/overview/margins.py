"""Honest margins: a draft's margin over a party's BATNA, and whether it is too close to call.

A scorecard margin (the draft's worst-case utility minus the BATNA) reads as advice: "+0.11,
Russia accepts"; "-0.04, Ukraine is just short". Both are within the noise when the
inputs cannot tell the two apart. A margin is **too close to call** when

- the draft's utility range reaches the BATNA from below (``low < BATNA <= high``: its open
  points decide), or
- its worst case lies inside the BATNA's spread (``spread_low <= low <= spread_high``: the
  BATNA the scenario states is one value of a range the analyst could not narrow), or
- the Monte Carlo over the scenario's spreads finds the party accepting it in more than
  :data:`SURE` of the draws and fewer than ``1 - SURE`` (the utility varies across the
  draws enough to cross the BATNA).

A margin is never too close to call when the Monte Carlo finds the party accepting the draft
in at most :data:`SURE` of the draws: the draws settle it (most often because the draft
crosses the party's red lines, which decide whatever the margin), and calling it close would
contradict "accepts in 0% of draws". Likewise no draft is **near acceptance**
(:func:`near_acceptance`) when every party accepts it in at most :data:`SURE` of the draws or
it crosses a hard red line: it is then only the least far of the drafts, never "the closest".

A margin too close to call is worded with the Monte Carlo chance that the party accepts the
draft, the figure a reader can act on (:func:`accord.overview.words.margin_text`). Assumes:
a party accepts a draft that gives it at least its BATNA without crossing its red lines;
the spreads are the ones the scenario declares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis import Scorecard
from accord.model import Scenario
from accord.overview.records import DraftStanding, Overview
from accord.overview.words import fmt_range, join, margin_text, name, pct

__all__ = [
    "SURE",
    "PartyMargin",
    "batna_spreads",
    "card_close_calls",
    "close_calls",
    "closest_text",
    "crossed_lines",
    "draft_margins",
    "margin_words",
    "near_acceptance",
    "scenario_spreads",
]

#: A Monte Carlo acceptance share this close to 0 or 1 counts as settled.
SURE = 0.05


@dataclass(frozen=True)
class PartyMargin:
    """One party's margin on one draft: ``margin`` (worst case minus BATNA; None unknown),
    ``close`` (too close to call, see the module docstring) and ``why`` (which rule),
    ``chance`` (Monte Carlo share of draws in which it accepts; None without the Monte
    Carlo), ``spread`` (the BATNA's spread, None without one), ``crossed`` (its red lines
    the draft crosses for sure)."""

    actor: str
    margin: float | None
    close: bool
    why: str | None
    chance: float | None
    spread: tuple[float, float] | None
    crossed: int
    #: Monte Carlo share of draws in which it may accept, depending on open points
    maybe: float | None = None


def close_calls(
    low: np.ndarray,
    high: np.ndarray,
    batna: np.ndarray,
    spread_low: np.ndarray,
    spread_high: np.ndarray,
) -> np.ndarray:
    """Whether each margin is within the noise of the BATNA and the draft's range.

    ``low``/``high`` ``[A, P]`` are the drafts' utility ranges, ``batna``, ``spread_low``
    and ``spread_high`` ``[A]`` each party's BATNA and its spread (NaN: unknown, or no
    spread). True where the range reaches the BATNA from below, or the worst case lies
    inside the spread (the first two rules of the module docstring).
    """
    b = batna[:, None]
    with np.errstate(invalid="ignore"):  # NaN compares False: unknown is never close
        spans = (low < b) & (b <= high)
        inside = (spread_low[:, None] <= low) & (low <= spread_high[:, None])
    return (spans | inside) & ~np.isnan(b)  # an unknown BATNA has no margin to call


def batna_spreads(o: Overview) -> tuple[np.ndarray, np.ndarray]:
    """The spread ``(low, high)`` of each scorecard actor's BATNA in the overview's view,
    ``[A]`` each, NaN where it has none."""
    return scenario_spreads(o.scenario, o.card.actors)


def scenario_spreads(s: Scenario, actors: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The spread ``(low, high)`` of each of ``actors``' BATNA in ``s`` (with its BATNA view
    applied), ``[A]`` each, NaN where it has none or the actor is not in ``s``."""
    lo = np.full(len(actors), np.nan)
    hi = np.full(len(actors), np.nan)
    known = {a.id: a for a in s.actors}
    for i, actor in enumerate(actors):
        b = known[actor].batna if actor in known else None
        u = None if b is None else b.uncertainty
        if u is not None and isinstance(u.low, int | float) and isinstance(u.high, int | float):
            lo[i], hi[i] = float(u.low), float(u.high)
    return lo, hi


def card_close_calls(s: Scenario, card: Scorecard) -> np.ndarray:
    """:func:`close_calls` of every cell of ``card`` (``[A, P]``), the spreads from ``s``."""
    lo, hi = scenario_spreads(s, card.actors)
    return close_calls(card.low, card.high, card.batna, lo, hi)


def draft_margins(o: Overview, standing: DraftStanding) -> tuple[PartyMargin, ...]:
    """Each party's margin on the draft of ``standing``, with whether it is too close to
    call and the Monte Carlo chance that the party accepts it."""
    card = o.card
    lo, hi = batna_spreads(o)
    close = close_calls(card.low, card.high, card.batna, lo, hi)
    p = card.proposals.index(standing.proposal)
    sims = o.simulations
    sim = next(iter(sims.values())) if sims else None
    shares = {} if sim is None else sim.acceptance.get(standing.proposal, {})
    out = []
    for actor, m in standing.margin.items():
        share = shares.get(actor)
        chance = None if share is None else float(share["yes"])
        maybe = None if share is None else float(share["maybe"])
        if actor not in card.actors:
            out.append(PartyMargin(actor, m, False, None, chance, None, 0, maybe))
            continue
        a = card.actors.index(actor)
        spread = None if np.isnan(lo[a]) else (float(lo[a]), float(hi[a]))
        why = None
        if m is not None and close[a, p]:
            low, batna = float(card.low[a, p]), float(card.batna[a])
            spans = low < batna <= float(card.high[a, p])
            why = "inside the draft's range" if spans or spread is None else (
                f"inside its BATNA spread {fmt_range(*spread)}")  # fmt: skip
        elif m is not None and chance is not None and SURE < chance < 1 - SURE:
            why = "its utility varies across the draws"
        if chance is not None and chance <= SURE:
            why = None  # the draws settle it (module docstring)
        crossed = standing.crossed.get(actor, 0)
        out.append(PartyMargin(actor, m, why is not None, why, chance, spread, crossed, maybe))
    return tuple(out)


def margin_words(o: Overview, m: PartyMargin) -> str:
    """One party's margin in words: ``Russia +0.11, too close to call (inside its BATNA
    spread 0.42-0.68); accepts in 92.2% of draws``; the red lines it crosses when they, not
    the margin, decide."""
    who = name(o.scenario, m.actor)
    text = margin_text(who, m.margin, m.close, chance=m.chance, where=m.why)
    if (m.close or m.margin is None) and m.maybe:
        text += f", perhaps in {pct(m.maybe)} more (depending on its open points)"
    if m.close and m.crossed:
        text += f", as the draft crosses {m.crossed} of its red lines"
    elif m.chance is not None and m.chance <= SURE and m.margin is not None:
        text += f"; accepts in {pct(m.chance)} of draws"
        if m.crossed:
            text += f", as the draft crosses {m.crossed} of its red lines"
    return text


def crossed_lines(o: Overview, proposal: str) -> dict[str, list[str]]:
    """The parties' red lines ``proposal`` crosses for sure: party -> issue ids, in the
    scorecard's order."""
    card = o.card
    out: dict[str, list[str]] = {}
    if proposal not in card.proposals:
        return out
    for a in o.parties:
        if a in card.actors:
            for issue_id, status in card.red_lines(a, proposal).items():
                if str(status) == "crosses":
                    out.setdefault(a, []).append(issue_id)
    return out


def near_acceptance(o: Overview, standing: DraftStanding) -> bool:
    """Whether the draft of ``standing`` is near acceptance: it crosses no party's hard red
    line for sure, and every party accepts it in more than :data:`SURE` of the main Monte
    Carlo's draws (when that ran). A draft that is not is the least far, not "closest"."""
    s = o.scenario
    for a, issues in crossed_lines(o, standing.proposal).items():
        if any((st := s.stance(a, i)) is not None and st.soft is None for i in issues):
            return False
    sims = o.simulations
    sim = next(iter(sims.values())) if sims else None
    if sim is None or standing.proposal not in sim.accepted_by_all:
        return True
    return float(sim.accepted_by_all[standing.proposal]["yes"]) > SURE


def closest_text(o: Overview) -> str | None:
    """The closest draft, honestly: which it is, how many parties accept it in all the
    Monte Carlo draws, and each party's margin, "too close to call" where within the noise.

    None without drafts."""
    best = o.closest
    if best is None:
        return None
    s = o.scenario
    prop = s.proposal(best.proposal)
    margins = draft_margins(o, best)
    sims = o.simulations
    sim = next(iter(sims.values())) if sims else None
    yes = [name(s, a) for a, v in best.accepts.items() if v == "yes"]
    head = f"The closest draft is {prop.id} ({prop.title})"
    if len(yes) == len(best.accepts):
        head += ", acceptable to every party as stated"
    elif yes:
        head += f", acceptable as stated to {join(yes)} only"
    else:
        head += ", acceptable as stated to no party"
    if sim is not None and best.proposal in sim.accepted_by_all:
        every = sim.accepted_by_all[best.proposal]["yes"]
        head += f"; every party accepts it in {pct(every)} of {sim.draws:,} draws"
    shown = "; ".join(margin_words(o, m) for m in margins)
    text = f"{head}. Its margin over each party's alternative (worst case): {shown}."
    if any(m.close for m in margins):
        text += (
            " A margin too close to call is not a finding: the inputs cannot tell whether "
            "the draft beats the alternative, so the chance from the draws is the figure "
            "to read."
        )
    return text
