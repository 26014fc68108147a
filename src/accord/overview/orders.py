"""The order of a draft's phases in words: which named order gives more parties a gain, the
maximin order, each party's preferred order, and who moves first.

The numbers are :class:`accord.analysis.sequencing.OrderSearch` (the overview's
``orders``). In the model, orders differ only through who bears the risk of moving first:
a breach halts every later phase, so what a party carried out before the other's breach
stays done (unless it can be undone); the sentences say so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from accord.analysis.courses import compile_draft
from accord.analysis.sequencing import OrderGains, OrderSearch
from accord.model import Scenario
from accord.overview.trust import SAME, bases, merged, order_words, signed, with_basis
from accord.overview.words import join, name


def order_label(g: OrderGains) -> str:
    """A named order's id in typographic single quotes (ceasefire-first, quoted)."""
    return f"‘{g.label}’"


def winners(search: OrderSearch, g: OrderGains) -> int:
    """Parties whose expected gain over their BATNA is positive under ordering ``g``."""
    gains = np.array([g.gains.get(a, math.nan) for a in search.parties], dtype=float)
    return int((gains > SAME).sum())


def same_as(search: OrderSearch, g: OrderGains) -> str | None:
    """The name of ``g``'s order when it is a named one or the draft's own, else None."""
    for other in search.named:
        if other.order == g.order:
            return order_label(other)
    if search.own.order == g.order:
        return "the draft's own order"
    return None


def all_equal(search: OrderSearch) -> bool:
    """Whether every ordering shown gives each party the same expected value (to 0.005)."""
    every = [search.own, *search.named, *(g for g in search.preferred.values() if g)]
    if search.maximin is not None:
        every.append(search.maximin)
    values = np.array(
        [[g.expected.get(a, math.nan) for a in search.parties] for g in every], dtype=float
    )
    return bool(np.all(np.isnan(values) | (np.abs(values - values[:1]) < SAME)))


def first_movers(s: Scenario, proposal: str, order: Sequence[str]) -> str:
    """Who carries out the first committed phase of ``order``: ``West (its withdrawal)``;
    points at signature come before every order and are left out."""
    draft = compile_draft(s, s.proposal(proposal))
    for pid in order:
        k = draft.steps.index(pid)
        movers = list(dict.fromkeys((c.by, c.kind) for c in draft.committed if c.step == k))
        if movers:
            by = list(dict.fromkeys(b for b, _ in movers))
            kinds = join([kind.replace("-", " ") for _, kind in movers])
            return f"{join([name(s, b) for b in by])} (its {kinds})"
    return "nobody (no phase carries a commitment)"


def named_comparison(s: Scenario, search: OrderSearch) -> str | None:
    """How many parties each named order gives an expected gain over their BATNA, and which
    does better; None without named orders."""
    named = list(search.named)
    if not named:
        return None
    parts = []
    for k, g in enumerate(named):
        flag = " (it breaks a phase's 'requires')" if not g.feasible else ""
        what = "parties an expected gain over their BATNA " if k == 0 else ""
        gains = ", ".join(
            f"{name(s, a)} {signed(g.gains.get(a, math.nan))}" for a in search.parties
        )
        parts.append(
            f"{order_label(g)}{flag} gives {winners(search, g)} of {len(search.parties)} "
            f"{what}({gains})"
        )
    text = "Of the named orders, " + "; ".join(parts) + "."
    if len(named) < 2:
        return text
    counts = [winners(search, g) for g in named]
    best = [g for g, n in zip(named, counts, strict=True) if n == max(counts)]
    if len(best) == 1:
        return text + f" {order_label(best[0])} gives more parties a gain."
    text += f" {join([order_label(g) for g in best])} give as many parties a gain"
    smallest = np.array([g.smallest for g in best], dtype=float)
    if np.isnan(smallest).all() or np.ptp(smallest[~np.isnan(smallest)]) < SAME:
        return text + ", and the party worst off fares the same under each."
    top = best[int(np.nanargmax(smallest))]
    rest = join([signed(g.smallest) for g in best if g is not top])
    return text + (
        f"; the party worst off fares better under {order_label(top)} "
        f"({signed(top.smallest)} against {rest})."
    )


def maximin_sentence(search: OrderSearch) -> str | None:
    """The order that makes the smallest expected gain largest."""
    m = search.maximin
    if m is None:
        return None
    known = same_as(search, m)
    which = f"{known}, " if known else ""
    if not m.smallest > SAME:
        # no order serves every party: the best for the worst off is no recommendation, and
        # where a party prefers no deal it is the order most likely to end in none
        return (
            "No order of the phases gives every party an expected gain; the least bad for the "
            f"party worst off, {order_words(m.order)} ({which}{signed(m.smallest)}), is no "
            "recommendation."
        )
    return (
        f"The order best for the party worst off is {order_words(m.order)} ({which}every "
        f"party gains at least {signed(m.smallest)})."
    )


def order_lines(s: Scenario, search: OrderSearch) -> list[str]:
    """The orders of a draft's phases in words: which named order gives more parties an
    expected gain over their BATNA, the maximin order, each party's preferred order, who
    moves first, and the assumption that makes orders differ, with the beliefs it rests on."""
    plural = "order of its phases meets" if search.evaluated == 1 else "orders of its phases meet"
    head = f"{search.proposal}: {search.evaluated:,} {plural} every 'requires':"
    known = bases(s, search.proposal, search.parties)
    if search.evaluated == 1 and not search.named:
        return [head, f"The phases can only go {order_words(search.own.order)}."]
    if all_equal(search):
        same = f"Every order gives each party the same expected value: {tie_reason(s, search)}."
        return [head, same]
    lines = [head]
    lines += [x for x in (named_comparison(s, search), maximin_sentence(search)) if x]
    prefs = []
    for a, g in search.preferred.items():
        if g is not None:
            known_as = same_as(search, g)
            which = f"{known_as}, " if known_as else ""
            gain = signed(g.gains.get(a, math.nan))
            prefs.append(f"{name(s, a)} prefers {order_words(g.order)} ({which}{gain})")
    if prefs:
        lines.append("; ".join(prefs) + ".")
    if search.named:
        movers = [
            f"{first_movers(s, search.proposal, g.order)} in {order_label(g)}" for g in search.named
        ]
        lines.append("Who moves first: " + join(movers) + ".")
    basis = merged(known, search.parties).text(s, holders=True)
    lines.append(
        with_basis(
            "The orders differ only in who bears the risk of moving first: the model assumes "
            "a breach halts every later phase, so what a party has carried out before the "
            "other's breach stays done unless it can be undone",
            basis,
        )
        + "."
    )
    return lines


def tie_reason(s: Scenario, search: OrderSearch) -> str:
    """Why every order gives the same values: nobody doubts anyone, or it just does not
    matter here."""
    known = bases(s, search.proposal, search.parties)
    doubted = any(b.probability < 1 for k in known.values() for b in (*k.judged, *k.sourced))
    if doubted:
        return "who moves first changes nothing here"
    return (
        "each commitment is believed (or, without a recorded belief, assumed) kept, so moving "
        "first risks nothing in this model"
    )


def order_columns(s: Scenario, search: OrderSearch) -> tuple[str, ...]:
    """Columns of :func:`order_rows`."""
    return ("which", "order", *(name(s, a) for a in search.parties), "smallest gain")


def order_rows(s: Scenario, search: OrderSearch) -> list[tuple[str, ...]]:
    """Per ordering shown (named, own, maximin, each party's preferred): which, the order,
    each party's expected gain over its BATNA, the smallest."""
    rows: list[tuple[str, ...]] = []

    def row(which: str, g: OrderGains) -> None:
        flag = " (breaks a requires)" if not g.feasible else ""
        rows.append(
            (
                which,
                order_words(g.order) + flag,
                *(signed(g.gains.get(a, math.nan)) for a in search.parties),
                signed(g.smallest),
            )
        )

    for g in search.named:
        row(order_label(g), g)
    row("the draft's own order", search.own)
    if search.maximin is not None:
        row("best for the party worst off", search.maximin)
    for a, pick in search.preferred.items():
        if pick is not None:
            row(f"preferred by {name(s, a)}", pick)
    return rows
