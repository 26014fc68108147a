"""Order, trust and ratification beside the flat results: what the demo, the report and the
web app say about phased drafts, the order of their phases and ratification at home.

The sentences are made in :mod:`accord.overview.trust` (each phased draft),
:mod:`accord.overview.orders` (the order of its phases) and :mod:`accord.overview.home`
(ratification); :func:`commitments` gathers them for one overview, and :func:`brief_lines`
condenses them for the demo. Only plain strings: styling stays with each front end.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.analysis.sequencing import OrderSearch, Sequenced
from accord.model.sequencing import Belief
from accord.overview.home import (
    RATIFICATION_WORDS,
    home_brief,
    judged_ratifiers,
    ratification_lines,
    zopa_sentence,
)
from accord.overview.orders import all_equal, order_label, order_lines, same_as
from accord.overview.orders import winners as order_winners
from accord.overview.records import Overview
from accord.overview.trust import (
    SEQUENCING_WORDS,
    Basis,
    TopDriver,
    bases,
    belief_words,
    draft_lines,
    merged,
    possessive,
    shown,
    signed,
    span,
    top_drivers,
)
from accord.overview.words import join, name

#: The models' assumptions in one line, for the demo (the report and the web app give them
#: in full: :data:`SEQUENCING_WORDS`, :data:`RATIFICATION_WORDS`).
BRIEF_ASSUMPTIONS = (
    "Assumed: a breach halts every later phase, so orders differ only in who bears the risk "
    "of moving first; commitments and ratifiers are independent. Details: the briefing."
)
#: The marks a brief line puts on a value resting on the analyst's judgement, and on an
#: assumption that a commitment without a recorded belief is kept.
JUDGED, ASSUMED = "*", "†"


@dataclass(frozen=True)
class Commitments:
    """What a front end shows of order, trust and ratification, in words."""

    drafts: tuple[tuple[Sequenced, tuple[str, ...]], ...]  # each phased draft and its lines
    orders: tuple[tuple[OrderSearch, tuple[str, ...]], ...]  # each order search and its lines
    ratification: tuple[str, ...]
    assumptions: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.drafts or self.orders or self.ratification)


def commitments(o: Overview) -> Commitments:
    """Every sentence for one overview (empty when the scenario has neither phased drafts
    nor ratifiers)."""
    s = o.scenario
    drafts = tuple((q, tuple(draft_lines(s, q))) for q in o.sequences)
    orders = tuple((g, tuple(order_lines(s, g))) for g in o.orders)
    rat = tuple(ratification_lines(s, o.ratified, o.win_sets))
    said = []
    if drafts:
        said.append(f"Sequencing: {SEQUENCING_WORDS}.")
    if rat:
        said.append(f"Ratification: {RATIFICATION_WORDS}.")
    return Commitments(drafts, orders, rat, tuple(said))


def _marks(basis: Basis) -> str:
    return (JUDGED if basis.judged else "") + (ASSUMED if basis.assumed else "")


def _values_brief(o: Overview, q: Sequenced, known: dict[str, Basis]) -> str:
    s = o.scenario
    cells = []
    for k, a in enumerate(shown(q)):
        actor = q.actors[a]
        over = " over its BATNA" if k == 0 else ""
        cells.append(
            f"{name(s, actor)} {span(q.kept_low[a], q.kept_high[a])} → "
            f"{span(q.expected_low[a], q.expected_high[a])}{_marks(known[actor])} "
            f"({signed(q.gain[a])}{over})"
        )
    return "if all is kept → expected: " + ", ".join(cells)


def _driver_brief(o: Overview, q: Sequenced, tops: list[TopDriver]) -> str:
    s = o.scenario
    if not tops:
        return "no single commitment's credibility moves a party's value by 0.01"
    t = tops[0]
    mark = ASSUMED if t.belief is None else JUDGED if t.belief.judgement else ""
    what = f"{possessive(s, t.driver.by)} {t.driver.kind.replace('-', ' ')}"
    return f"most at stake: {possessive(s, t.actor)} trust in {what} ({t.rise:+.2f} if sure{mark})"


def _order_brief(o: Overview, g: OrderSearch) -> str:
    if g.evaluated == 1 and not g.named:
        return "its phases can go in one order only"
    if all_equal(g):
        return "the order of the phases makes no difference"
    text = ""
    if g.named:
        counts = ", ".join(f"{order_winners(g, n)} under {order_label(n)}" for n in g.named)
        text = f"parties with an expected gain: {counts}; "
    if g.maximin is not None:
        which = same_as(g, g.maximin) or "another order"
        text += f"maximin: {which} (smallest gain {signed(g.maximin.smallest)})"
    return text or "no order can be ranked (every gain is unknown)"


def brief_lines(o: Overview) -> list[str]:
    """What the demo prints: a line per phased draft (values if all is kept and expected, the
    commitment that matters most, the named orders, ratification), a line for the other
    drafts' ratification, one for the ZOPA with ratification, the footnotes on judgement and
    the assumptions; empty when there is nothing to say."""
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
        parts = [_values_brief(o, q, known), _driver_brief(o, q, tops)]
        if q.proposal in searches:
            parts.append(_order_brief(o, searches[q.proposal]))
        if o.ratified is not None and not o.ratified.empty:
            parts.append("at home: " + home_brief(s, o.ratified, q.proposal, JUDGED))
        lines.append(f"{q.proposal}: " + "; ".join(parts) + ".")
    phased = {q.proposal for q in o.sequences}
    if o.ratified is not None and not o.ratified.empty:
        rest = [p for p in o.ratified.proposals if p not in phased]
        if rest:
            said = "; ".join(f"{p} {home_brief(s, o.ratified, p, JUDGED)}" for p in rest)
            lines.append(f"At home, the other drafts: {said}.")
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
        judged.append(f"{more} {'other belief' if more == 1 else 'other beliefs'} behind the "
                      "expected values")  # fmt: skip
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
