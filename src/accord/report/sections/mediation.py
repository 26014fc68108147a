"""The third parties and the order of steps: the mediator's lean, what the parties believe of
the mediator and the guarantors, who can veto a guarantor's part, and which order of phases
each party does better under.

The numbers are :func:`accord.overview.mediation.mediation`'s, read from the scenario's
records (roles, stances, beliefs, ratification, the drafts' named orders). The section is
titled from what the scenario holds and left out when it holds none of it.
"""

from __future__ import annotations

import math
from itertools import groupby

from accord.model import Scenario
from accord.overview.mediation import BeliefAbout, Lean, Mediation, NamedOrder, better_order
from accord.overview.mediation import mediation as compute
from accord.overview.words import fmt_gain, join, name, pct
from accord.report.document import Block, Paragraph, Section, Table
from accord.report.results import Results

ID = "mediation"
#: What the section's figures assume, in words.
ASSUMES = (
    "The mediator's lean is the distance between stated positions only, weighted by how much "
    "the mediator cares about each issue: a mediator may state a position to move a party, "
    "which the number cannot tell. A belief is the chance its holder gives that the third "
    "party keeps its commitments of that kind. An order's gain is each party's expected value "
    "over its alternative when a breach halts every later phase (see Order, trust and "
    "ratification)."
)


def title(m: Mediation) -> str:
    """``The mediator, the guarantors and the order of steps``, from what ``m`` holds."""
    parts = []
    if m.leans or any(b.about for b in m.beliefs):
        parts.append("the mediator" if len(m.leans) <= 1 else "the mediators")
    if m.guarantors:
        parts.append("the guarantor" if len(m.guarantors) == 1 else "the guarantors")
    if m.orders:
        parts.append("the order of steps")
    text = join(parts)
    return text[0].upper() + text[1:]


def lean_text(s: Scenario, lean: Lean) -> str:
    """Where a mediator stands between the parties, in one sentence."""
    known = {p: d for p, d in lean.distance.items() if not math.isnan(d)}
    who = name(s, lean.mediator)
    if not known:
        return f"{who} shares no issue with the parties, so its lean is unknown."
    ranked = sorted(known, key=lambda p: known[p])
    gaps = join([f"{known[p]:.2f} from {name(s, p)}'s" for p in ranked])
    near = join([f"{name(s, p)} on {lean.nearer[p]}" for p in ranked if lean.nearer[p]])
    shared = max(lean.issues.values())
    head = (
        f"{who}, the mediator, stands nearer {name(s, ranked[0])} on the stated positions"
        if len(ranked) > 1 and known[ranked[1]] - known[ranked[0]] >= 0.005
        else f"{who}, the mediator, stands as near one party as the other"
    )
    return (
        f"{head}: its positions are {gaps} (0 the same position, 1 opposite poles; weighted "
        f"by how much {who} cares about each of the {shared} issues they share)"
        + (f"; it is nearest to {near} issues." if near else ".")
    )


def beliefs_text(s: Scenario, about: str, beliefs: list[BeliefAbout], parties: list[str]) -> str:
    """What the parties believe of one third party's commitments, kind by kind."""
    parts = []
    for kind, group in groupby(sorted(beliefs, key=lambda b: b.kind), key=lambda b: b.kind):
        held = list(group)
        default = next((b.probability for b in held if b.holder is None), None)
        by_party = [
            f"{name(s, b.holder)} {pct(b.probability)}" for b in held if b.holder in parties
        ]
        if not by_party:
            continue
        rest = f" (anyone else {pct(default)})" if default is not None else ""
        parts.append(f"{kind.replace('-', ' ')}: {join(by_party)}{rest}")
    if not parts:
        return ""
    return (
        f"How likely the parties think it that {name(s, about)} keeps its commitments: "
        + "; ".join(parts)
        + "."
    )


def order_lines(s: Scenario, orders: tuple[NamedOrder, ...], parties: list[str]) -> list[str]:
    """Per draft: which named order each party does better under (what it has reason to
    insist on), or that the orders do not divide them."""
    out = []
    for pid, group in groupby(orders, key=lambda g: g.proposal):
        named = tuple(group)
        picks = {p: better_order(named, p) for p in parties}
        split = {p: g for p, g in picks.items() if g is not None}
        if not split:
            continue
        said = join([f"{name(s, p)} under ‘{g.id}’" for p, g in split.items()])
        divided = len({g.id for g in split.values()}) > 1
        verb = (
            "By the model's arithmetic the orders divide the parties"
            if divided
            else "By the model's arithmetic the parties agree on the order"
        )
        # computed from utilities and beliefs: a party's stated insistence on an order is no
        # input, so a party may do better under an order it rejects in public
        out.append(
            f"{pid}: {verb}; each does better: {said} (computed from the parties' utilities "
            "and their trust in each other's commitments, not from the orders they state)."
        )
    return out


def order_table(s: Scenario, orders: tuple[NamedOrder, ...], parties: list[str]) -> Table:
    rows = tuple(
        (
            g.proposal,
            f"‘{g.id}’: {g.title}" + ("" if g.feasible else " (breaks the draft's conditions)"),
            *(_gain(g.gains.get(p, math.nan)) for p in parties),
        )
        for g in orders
    )
    return Table(
        columns=("Draft", "Order of phases", *(f"{name(s, p)}: gain" for p in parties)),
        rows=rows,
        caption=(
            "Each party's expected gain over its alternative (BATNA, low end) under each named "
            "order of the draft's phases"
        ),
    )


def _gain(x: float) -> str:
    return "unknown" if math.isnan(x) else fmt_gain(x, x)


def section(r: Results) -> Section | None:
    m = compute(r)
    if m.empty:
        return None
    s, parties = r.scenario, list(r.parties)
    body: list[Block] = [Paragraph(lean_text(s, lean), tone="finding") for lean in m.leans]
    about = list(dict.fromkeys(b.about for b in m.beliefs))
    for a in about:
        text = beliefs_text(s, a, [b for b in m.beliefs if b.about == a], parties)
        if text:
            body.append(Paragraph(text))
    for g in m.guarantors:
        if g.ratifiers:
            rule = "every one of them must pass it" if g.rule == "all" else f"rule: {g.rule}"
            vetoes = join([n for n, _ in g.ratifiers])
            body.append(
                Paragraph(
                    f"{name(s, g.actor)}, a guarantor: its part needs {vetoes} ({rule}), so "
                    "any of them can hold up what it guarantees."
                )
            )
        else:
            body.append(
                Paragraph(f"{name(s, g.actor)}, a guarantor: no veto players are recorded for it.")
            )
    if m.orders:
        body += [Paragraph(line, tone="finding") for line in order_lines(s, m.orders, parties)]
        body.append(order_table(s, m.orders, parties))
    body.append(Paragraph(ASSUMES, tone="caveat"))
    details: list[Block] = []
    if m.beliefs:
        details.append(
            Table(
                columns=("Holder", "About", "Commitment", "Chance kept", "Sources"),
                rows=tuple(
                    (
                        name(s, b.holder) if b.holder else "anyone without its own",
                        name(s, b.about),
                        b.kind,
                        pct(b.probability),
                        ", ".join(b.sources) or "judgement",
                    )
                    for b in m.beliefs
                ),
                caption="Every belief about a third party's commitments, as the scenario states it",
            )
        )
    return Section(ID, title(m), tuple(body), details=tuple(details))
