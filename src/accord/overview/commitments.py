"""Order, trust and ratification beside the flat results: what the demo, the report and the
web app say about phased drafts, the order of their phases and ratification at home.

The sentences are made in :mod:`accord.overview.trust` (each phased draft),
:mod:`accord.overview.orders` (the order of its phases) and :mod:`accord.overview.home`
(ratification); :func:`commitments` gathers them for one overview, and :func:`brief_lines`
condenses them for the demo. Only plain strings: styling stays with each front end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from accord.analysis.sequencing import OrderGains, OrderSearch, Sequenced
from accord.model.sequencing import Belief, IfBroken
from accord.overview.home import (
    RATIFICATION_WORDS,
    home_brief,
    home_lines,
    judged_ratifiers,
    ratification_columns,
    ratification_rows,
    zopa_sentence,
)
from accord.overview.orders import (
    all_equal,
    order_columns,
    order_lines,
    order_rows,
    same_as,
)
from accord.overview.records import Overview
from accord.overview.trust import (
    SAME,
    SEQUENCING_WORDS,
    VALUE_COLUMNS,
    Basis,
    TopDriver,
    bases,
    belief_words,
    chance_words,
    draft_lines,
    merged,
    possessive,
    shown,
    signed,
    span,
    temptation_sentence,
    top_drivers,
    value_rows,
)
from accord.overview.words import join, name

#: The models' assumptions in one line, for the demo (the report and the web app give them
#: in full: :data:`SEQUENCING_WORDS`, :data:`RATIFICATION_WORDS`).
BRIEF_ASSUMPTIONS = (
    "Assumed: a breach halts every later phase, so orders differ only in who bears the risk "
    "of moving first; a draft is in force only once the phase it names (here the ceasefire) "
    "is carried out; expected values count neither red lines nor ratification, which are "
    "judged apart."
)
#: The marks a brief line puts on a value resting on the analyst's judgement, and on an
#: assumption that a commitment without a recorded belief is kept.
JUDGED, ASSUMED = "*", "†"


@dataclass(frozen=True)
class Part:
    """One part of what a front end shows: a heading sentence, sentences, and a small table
    (no rows: none to show)."""

    head: str
    lines: tuple[str, ...]
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Commitments:
    """What a front end shows of order, trust and ratification, in words and small tables."""

    drafts: tuple[Part, ...]  # each phased draft: values per party, the drivers
    orders: tuple[Part, ...]  # each order search: named orders, maximin, preferred
    home: Part | None  # each draft's ratification, the win-sets and the ZOPA kept
    assumptions: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.drafts or self.orders or self.home)


def commitments(o: Overview) -> Commitments:
    """Every sentence and table for one overview (empty when the scenario has neither phased
    drafts nor ratifiers)."""
    s = o.scenario
    drafts = []
    for q in o.sequences:
        lines = draft_lines(s, q)
        drafts.append(Part(lines[0], tuple(lines[1:]), VALUE_COLUMNS, tuple(value_rows(s, q))))
    orders = []
    for g in o.orders:
        lines = order_lines(s, g)
        table = g.evaluated > 1 or bool(g.named)
        orders.append(
            Part(
                lines[0],
                tuple(lines[1:]),
                order_columns(s, g) if table else (),
                tuple(order_rows(s, g)) if table else (),
            )
        )
    home = None
    if o.ratified is not None and not o.ratified.empty:
        home = Part(
            "Ratification at home: a party can agree only to what its ratifiers pass.",
            tuple(home_lines(s, o.ratified, o.win_sets)),
            ratification_columns(s, o.ratified),
            tuple(ratification_rows(s, o.ratified)),
        )
    said = []
    if drafts:
        said.append(f"Sequencing: {SEQUENCING_WORDS}.")
    if home is not None:
        said.append(f"Ratification: {RATIFICATION_WORDS}.")
    return Commitments(tuple(drafts), tuple(orders), home, tuple(said))


def _marks(basis: Basis) -> str:
    return (JUDGED if basis.judged else "") + (ASSUMED if basis.assumed else "")


def _values_brief(o: Overview, q: Sequenced, known: dict[str, Basis]) -> str:
    """Kept in full, the draft is worth ...; given whom each trusts, they expect ..."""
    s = o.scenario
    rows = shown(q)
    # which BATNA the gain is against: the verdicts can turn on it
    view = " as it sees it" if o.batna_view == "perceived" else " as the analyst assesses it"
    kept = join([f"{name(s, q.actors[a])} {span(q.kept_low[a], q.kept_high[a])}" for a in rows])
    expect = join(
        [
            f"{name(s, q.actors[a])} {span(q.expected_low[a], q.expected_high[a])}"
            f"{_marks(known[q.actors[a]])} ({signed(q.gain[a])} against its alternative{view})"
            for a in rows
        ]
    )
    return f"kept in full it is worth {kept}; given whom each trusts, they expect {expect}"


def _driver_brief(o: Overview, q: Sequenced, tops: list[TopDriver]) -> str:
    s = o.scenario
    if not tops:
        return "No single commitment's credibility moves a party's value by 0.01 or more."
    t = tops[0]
    mark = ASSUMED if t.belief is None else JUDGED if t.belief.judgement else ""
    what = f"{possessive(s, t.driver.by)} {t.driver.kind.replace('-', ' ')} commitment"
    text = (
        f"Most at stake is whether {name(s, t.actor)} can trust {what}: were it sure, the "
        f"draft would be worth {t.rise:+.2f} more to {name(s, t.actor)}{mark}."
    )
    # say why, so that a finding that follows from one judged number reads as such
    ends = any(
        pt.commitment is not None
        and (pt.commitment.by, pt.commitment.kind) == (t.driver.by, t.driver.kind)
        and pt.commitment.if_broken is IfBroken.no_deal
        for pt in s.proposal(q.proposal).points
    )
    why = []
    if ends:
        why.append("a breach of it ends the deal")
    if t.belief is not None:
        judged = "the analyst's judgement" if t.belief.judgement else "sourced"
        why.append(
            f"{name(s, t.actor)} puts the chance it is kept at {chance_words(t.belief)} ({judged})"
        )
    if why:
        text += f" That is because {join(why)}."
    return text


def _gainers(o: Overview, g: OrderSearch, gains: OrderGains) -> str:
    who = [name(o.scenario, a) for a in g.parties if gains.gains.get(a, math.nan) > SAME]
    return f"{join(who)} gain{'s' if len(who) == 1 else ''}" if who else "no party gains"


def _order_brief(o: Overview, g: OrderSearch) -> str:
    if g.evaluated == 1 and not g.named:
        return "Its phases can come in one order only."
    if all_equal(g):
        return "The order of its phases makes no difference."
    named = [
        f"{n.label.replace('-', ' ')}"
        + ("" if n.feasible else " (which the draft's own conditions rule out)")
        + f", {_gainers(o, g, n)}"
        for n in g.named
    ]
    text = f"By order: {'; '.join(named)}." if named else ""
    best = g.maximin
    if best is not None and not math.isnan(best.smallest):
        path = same_as(g, best) or " → ".join(best.order)
        if best.smallest > SAME:
            text += (
                f" The order {path} gives every party an expected gain of at least "
                f"{best.smallest:+.2f}."
            )
        else:
            text += " No order of its phases gives every party an expected gain."
    return text.strip()


def brief_lines(o: Overview) -> list[str]:
    """What the demo prints: how to read it, a line per phased draft (values if all is kept
    and expected, the commitment that matters most, the named orders, ratification), one for
    the ZOPA with ratification, the footnotes on judgement and the assumptions; empty when
    there is nothing to say. The other drafts' ratification is the report's and the web
    app's (:func:`commitments`), to keep the demo short."""
    s = o.scenario
    lines = []
    searches = {g.proposal: g for g in o.orders}
    every: dict[str, Basis] = {}
    cited: dict[int, Belief] = {}
    for q in o.sequences:
        known = bases(s, q.proposal, q.actors)
        every |= {f"{q.proposal}/{a}": known[a] for a in (q.actors[i] for i in shown(q))}
        tops = top_drivers(s, q, known)
        if tops and tops[0].belief is not None and tops[0].belief.judgement:
            cited[id(tops[0].belief)] = tops[0].belief
        parts = [
            f"{q.title} ({q.proposal}): {_values_brief(o, q, known)}.",
            _driver_brief(o, q, tops),
        ]
        parts.append(temptation_sentence(s, q) or "")
        if q.proposal in searches:
            parts.append(_order_brief(o, searches[q.proposal]))
        if o.ratified is not None and not o.ratified.empty:
            parts.append(f"At home: {home_brief(s, o.ratified, q.proposal, JUDGED)}.")
        lines.append(" ".join(p for p in parts if p))
    if o.win_sets is not None and (z := zopa_sentence(s, o.win_sets)) is not None:
        lines.append(z)
    lines += _footnotes(o, merged(every, list(every)), list(cited.values()))
    if lines:
        lines.append(BRIEF_ASSUMPTIONS)
    return lines


def _footnotes(o: Overview, basis: Basis, cited: list[Belief]) -> list[str]:
    """What the marks stand for: the beliefs the brief cites, how many more judgements the
    values rest on, the ratifiers judged, the commitments assumed kept."""
    s = o.scenario
    judged = [belief_words(s, b, holder=True) for b in cited]
    more = len({id(b) for b in basis.judged} - {id(b) for b in cited})
    if more:
        judged.append(f"{more} other belief{'' if more == 1 else 's'}")
    if o.ratified is not None:
        ratifiers = judged_ratifiers(s, [b for r in o.ratified.rows for b in r.blockers])
        if ratifiers:
            judged.append(f"the stances of {len(ratifiers)} blocking ratifiers"
                          if len(ratifiers) > 1 else f"the stances of {ratifiers[0]}")  # fmt: skip
    lines = []
    if judged:
        lines.append(f"{JUDGED} The analyst's judgement: {join(judged)}.")
    if basis.assumed:
        lines.append(f"{ASSUMED} Assumed kept: commitments a party holds no recorded belief about.")
    return lines
