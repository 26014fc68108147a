"""The best order of a draft's phases: every ordering its ``requires`` allow, valued.

For a draft of at most :data:`~accord.model.sequence_checks.MAX_SEARCH_PHASES` phases,
every allowed ordering is valued for every party at the low end of open settings, all at
once (:func:`accord.analysis.phase_orders.orders_expected`), and the search reports the
ordering that makes the smallest expected gain over the BATNA largest, the one each party
prefers, and the draft's named and own orders. The model is in ``docs/sequencing.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.courses import SequencingError, course_values
from accord.analysis.phase_orders import (
    ASSUMPTIONS,
    TIE,
    feasible_orders,
    known_or_none,
    order_pairs,
    order_violation,
    orders_expected,
    resolve_order,
    setup,
)
from accord.model import Scenario
from accord.model.plain import omit


@dataclass(frozen=True)
class OrderGains:
    """One ordering of the phases and each party's expected value and gain (low end)."""

    label: str  # "maximin", "own", a named order's id, or the party that prefers it
    title: str
    order: tuple[str, ...]
    expected: dict[str, float]
    gains: dict[str, float]  # expected minus BATNA; NaN where the BATNA is unknown
    smallest: float  # the smallest gain over the counted parties (NaN: none counted)
    feasible: bool  # whether it respects every phase's requires

    def __plain__(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "title": self.title,
            "order": list(self.order),
            "expected": {k: known_or_none(v) for k, v in self.expected.items()},
            "gains": {k: known_or_none(v) for k, v in self.gains.items()},
            "smallest": known_or_none(self.smallest),
            "feasible": self.feasible,
        }


@dataclass(frozen=True)
class OrderSearch:
    """Every ordering the draft's ``requires`` allow, valued at the low end of open settings.

    ``maximin``: the ordering that maximises the smallest expected gain over the BATNA
    across ``parties`` (those with unknown BATNAs are in ``left_out``); ``preferred``: the
    ordering each party would choose (None where its value is unknown in every ordering);
    ``named``: the draft's named orders; ``own``: the draft's own order.
    """

    proposal: str
    view: str
    phases: tuple[str, ...]
    evaluated: int
    parties: tuple[str, ...]
    left_out: tuple[str, ...]
    maximin: OrderGains | None
    preferred: dict[str, OrderGains | None]
    named: tuple[OrderGains, ...]
    own: OrderGains
    assumptions: list[str]
    notes: list[str]
    #: every feasible ordering (phase ids) and each actor's expected value in it (low end),
    #: ``[A, O]`` in the order of ``actors``: for charts and checks, not written out
    actors: tuple[str, ...] = field(default=(), metadata=omit())
    orders: tuple[tuple[str, ...], ...] = field(default=(), metadata=omit())
    expected: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), metadata=omit())


def best_order(score: np.ndarray, own: int | None) -> int | None:
    """The best ordering: the draft's own among ties, else the first (lexicographic)."""
    if np.isnan(score).all():
        return None
    best = np.nanmax(score)
    tied = np.nonzero(score >= best - TIE)[0]
    if own is not None and own in tied:
        return own
    return int(tied[0])


def search_orders(scenario: Scenario, proposal_id: str, *, view: str = "assessed") -> OrderSearch:
    """Value every ordering of the draft's phases the ``requires`` allow (at most
    :data:`MAX_SEARCH_PHASES` phases), at the low end of open settings.

    Reports the ordering that maximises the smallest expected gain over the BATNA across
    parties (role party; unknown BATNAs left out and named), the ordering each party
    prefers, the draft's named orders and its own order. Ties go to the draft's own order,
    then to the first in lexicographic order of the draft's positions.
    """
    ready = setup(scenario, proposal_id, view)
    draft, prefs, parties, batna, trust = (
        ready.draft,
        ready.prefs,
        ready.parties,
        ready.batna,
        ready.trust,
    )
    feasible = feasible_orders(draft)
    if len(feasible) == 0:
        raise SequencingError(
            f"proposal '{proposal_id}': no order of its phases meets every 'requires' "
            "(the requirements form a cycle)"
        )
    n_k = len(draft.steps)
    own_steps = np.arange(n_k, dtype=np.intp)
    named_steps = []
    for o in draft.proposal.orders:
        try:
            named_steps.append(resolve_order(draft, [o.id]))
        except SequencingError:
            ids = list(o.phases)
            if sorted(ids) != sorted(draft.phases):
                raise
            named_steps.append(tuple([0, *(draft.phases.index(p) + 1 for p in ids)]))
    every = np.concatenate(
        [feasible, own_steps[None], np.asarray(named_steps, dtype=np.intp).reshape(-1, n_k)]
    )
    pairs, at = order_pairs(every, n_k)
    values = course_values(scenario, draft, pairs, prefs, batna)
    expected = orders_expected(draft, values, at, every, trust.q())  # [A, O]
    gains = expected - batna[:, None]

    actors = prefs.actors
    no_party = not parties
    counted_pool = parties or actors
    left_out = tuple(a for a in counted_pool if np.isnan(batna[actors.index(a)]))
    counted = [actors.index(a) for a in counted_pool if a not in left_out]
    n_f = len(feasible)
    rows = {tuple(r): i for i, r in enumerate(feasible.tolist())}
    own_row = rows.get(tuple(own_steps.tolist()))
    shown = {actors.index(a) for a in counted_pool}

    def gains_of(row: int, label: str, title: str, feasible_: bool) -> OrderGains:
        smallest = float(gains[counted, row].min()) if counted else math.nan
        return OrderGains(
            label=label,
            title=title,
            order=tuple(draft.steps[k] for k in every[row, 1:]),
            expected={a: float(expected[i, row]) for i, a in enumerate(actors) if i in shown},
            gains={a: float(gains[i, row]) for i, a in enumerate(actors) if i in shown},
            smallest=smallest,
            feasible=feasible_,
        )

    maximin = None
    if counted:
        chosen = best_order(gains[counted, :n_f].min(axis=0), own_row)
        if chosen is not None:
            maximin = gains_of(chosen, "maximin", "best for the party worst off", True)
    preferred: dict[str, OrderGains | None] = {}
    for a in counted_pool:
        chosen = best_order(expected[actors.index(a), :n_f], own_row)
        preferred[a] = None if chosen is None else gains_of(chosen, a, f"preferred by {a}", True)
    own = gains_of(n_f, "own", "the draft's own order", own_row is not None)
    named = tuple(
        gains_of(
            n_f + 1 + j,
            o.id,
            o.title,
            order_violation(draft, named_steps[j]) is None,
        )
        for j, o in enumerate(draft.proposal.orders)
    )
    notes = [
        f"{len(feasible):,} orderings of {len(draft.phases)} phases meet every 'requires' "
        f"(of {math.factorial(len(draft.phases)):,}); the step at signature always comes first",
        "each ordering is valued at the LOW end: open settings at their worst for each party",
        "ties go to the draft's own order, then to the first in the draft's positions",
    ]
    if no_party:
        notes.append("no actor with stances has the role party: every actor with stances counts")
    if not counted:
        notes.append("no party's BATNA is known: there is no smallest gain to make largest")
    if left_out:
        notes.append(
            f"left out of the smallest gain (BATNA unknown in the {view} view): "
            + ", ".join(left_out)
        )
    if not draft.declared:
        notes.append("the draft declares no sequence: there is one order, every point at signature")
    return OrderSearch(
        proposal=proposal_id,
        view=view,
        phases=draft.phases,
        evaluated=len(feasible),
        parties=tuple(counted_pool),
        left_out=left_out,
        maximin=maximin,
        preferred=preferred,
        named=named,
        own=own,
        assumptions=[*ASSUMPTIONS, *trust.assumed],
        notes=notes,
        actors=actors,
        orders=tuple(tuple(draft.steps[k] for k in row[1:]) for row in feasible.tolist()),
        expected=expected[:, :n_f],
    )
