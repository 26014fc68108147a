"""Alternatives that change with time, month by month.

- :func:`batna_paths` and :func:`batna_at` give each actor's BATNA month by month,
  ``u(t) = clip(u0 + t * (trend + support - cost), 0, 1)``, as one array operation;
- :func:`timeline` gives, month by month, every party's alternative, whether a ZOPA exists
  and its size, and the months it opens and closes.

Soft red lines (``firmness`` in the scenario file) erode: at month ``t`` a soft red line has
``credibility(t)`` and ``cost(t)`` (:meth:`accord.model.stances.SoftRedLine.at_month`). The
timeline's rule: a soft red line **gives** in the first month its credibility falls below
:data:`GIVES_BELOW` (0.5: it is then more likely to break than to hold); from then on it is
no longer a wall, and crossing it costs its actor ``cost(t)``
(:func:`accord.analysis.softening.soften`). Before that month it is a wall like a hard one.
A scenario without soft red lines gives the same months as before, to the bit.

**Ratification at home.** Where a party has ratifiers (:mod:`accord.model.ratification`),
each month also says whether a ZOPA exists that every party's ratifiers pass, beside the flat
one: on the same outcomes (counted where the space is enumerated, else from the same draws,
existence by :func:`accord.analysis.ratified_space.ratified_exists`), at central values.
The win-sets do not move with the months: levers act on actors, not on ratifiers, and a
ratifier has no over-time model, so only the parties' BATNAs (and soft red lines) move.

The equations and their limits are written down in ``docs/dynamics.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

import numpy as np

from accord.analysis.milp import find_acceptable
from accord.analysis.ratified_space import (
    exact_conditions,
    ratified_exists,
    restrict,
    setting_tables,
)
from accord.analysis.ratifiers import compile_ratifiers, ratifier_pass
from accord.analysis.softening import SoftLine, soften
from accord.analysis.space import ENUMERATION_LIMIT, OutcomeSpace, outcome_space
from accord.analysis.space import parties as default_parties
from accord.analysis.utility import TOLERANCE
from accord.analysis.zopa import DEFAULT_DRAWS, wilson
from accord.dynamics.levers import EQUATION, apply_levers
from accord.model import Scenario
from accord.model.plain import plain_fields, to_plain

#: A soft red line gives in the first month its credibility is below this.
GIVES_BELOW = 0.5


def batna_paths(scenario: Scenario, months: int, actors: list[str] | None = None) -> np.ndarray:
    """Each actor's BATNA utility at months 0..months: [A, months + 1], NaN where unknown."""
    chosen = [scenario.actor(a) for a in actors] if actors is not None else scenario.actors
    u0 = np.array(
        [a.batna.utility if a.batna and a.batna.utility is not None else np.nan for a in chosen]
    )
    rate = np.array(
        [a.batna.over_time.rate if a.batna and a.batna.over_time else 0.0 for a in chosen]
    )
    t = np.arange(months + 1, dtype=float)
    # rounded to 12 places so that 0.9 - 12 * 0.05 reads 0.3, not 0.29999999999999993;
    # far below the tolerance of the acceptance test (1e-9)
    return np.clip(np.round(u0[:, None] + t[None, :] * rate[:, None], 12), 0.0, 1.0)


def batna_at(scenario: Scenario, month: int) -> dict[str, float | None]:
    """Every actor's BATNA utility at ``month`` (None where unknown or not given)."""
    path = batna_paths(scenario, month)[:, month]
    return {
        a.id: None if np.isnan(u) else float(u) for a, u in zip(scenario.actors, path, strict=True)
    }


def scenario_at(scenario: Scenario, month: int) -> Scenario:
    """The scenario with every BATNA utility at its value ``month`` months ahead."""
    if month == 0:
        return scenario
    now = batna_at(scenario, month)
    data = scenario.model_dump(mode="python")
    for actor in data["actors"]:
        batna, u = actor.get("batna"), now[actor["id"]]
        if batna is None or u is None or u == batna["utility"]:
            continue
        note = f"utility at month {month} of its over_time model ({EQUATION})"
        batna["utility"] = u
        batna["judgement"] = f"{batna['judgement']}; {note}" if batna.get("judgement") else note
    return Scenario.model_validate(data)


# --- the timeline --------------------------------------------------------------------------
@dataclass(frozen=True)
class Month:
    """One month of a timeline."""

    month: int
    batna: dict[str, float | None]  # per party
    exists: bool  # exact
    count: int | None  # outcomes in the ZOPA, when the space is enumerated
    share: float  # of the outcome space; an estimate when count is None
    share_interval: tuple[float, float]
    #: with ratifiers behind a party: the ZOPA that every party's ratifiers pass (None
    #: otherwise); its existence None where it could not be settled
    ratified: RatifiedMonth | None = None

    def __plain__(self) -> dict[str, Any]:
        """The month and its BATNAs, the rest under ``zopa`` (and ``zopa_ratified``)."""
        zopa = plain_fields(self)
        ratified = zopa.pop("ratified")
        doc = {"month": zopa.pop("month"), "batna": zopa.pop("batna"), "zopa": zopa}
        return doc | ({"zopa_ratified": ratified} if ratified is not None else {})


@dataclass(frozen=True)
class RatifiedMonth:
    """One month's ZOPA with ratification: exists (None: not settled), its size (counted
    when the space is enumerated, else estimated from the same draws as the flat one)."""

    exists: bool | None
    count: int | None
    share: float
    share_interval: tuple[float, float]


@dataclass(frozen=True)
class Timeline:
    """Month by month: each party's alternative and the ZOPA; when it opens and closes."""

    scenario: str
    parties: tuple[str, ...]
    months: list[Month]
    space_size: int
    exact: bool  # sizes counted by enumeration (else estimated from draws)
    rates: dict[str, dict[str, float]]  # per party: trend, cost, support, net per month
    settings: dict[str, float]
    opens: list[int]  # months where a ZOPA exists and did not the month before
    closes: list[int]  # months where none exists and one did the month before
    seed: int | None = None
    draws: int | None = None
    notes: list[str] = field(default_factory=list)
    #: per soft red line of the parties: actor, issue, and the month it gives (None: never
    #: within the timeline); empty, and absent from the JSON, without soft red lines
    gives: list[dict[str, Any]] = field(default_factory=list)
    #: the parties' ratifiers counted (empty: none, and no ratified ZOPA is reported), how
    #: the ratified ZOPA's existence is decided, and its months of opening and closing
    ratifiers: tuple[str, ...] = ()
    ratified_how: str | None = None
    opens_ratified: list[int] = field(default_factory=list)
    closes_ratified: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """When the ZOPA exists, opens and closes, in one sentence."""
        first, last = self.months[0], self.months[-1].month
        if not self.opens and not self.closes:
            state = "exists" if first.exists else "does not exist"
            return (
                f"The ZOPA {state} at every month from 0 to {last}."
                + self.gives_text()
                + self.ratified_text()
            )
        parts = [f"At month 0 the ZOPA {'exists' if first.exists else 'does not exist'}"]
        if self.opens:
            parts.append(f"it opens at month {', '.join(map(str, self.opens))}")
        if self.closes:
            parts.append(f"it closes at month {', '.join(map(str, self.closes))}")
        return "; ".join(parts) + "." + self.gives_text() + self.ratified_text()

    def ratified_text(self) -> str:
        """The ZOPA with ratification in one sentence ("" without ratifiers)."""
        if not self.ratifiers:
            return ""
        rows = [m.ratified for m in self.months if m.ratified is not None]
        said = {True: "exists", False: "does not exist", None: "is not settled"}
        head = " With ratification at home (the ratifiers at central values)"
        if len({r.exists for r in rows}) == 1:
            return f"{head} the ZOPA {said[rows[0].exists]} at every month."
        parts = [f"at month 0 it {said[rows[0].exists]}"]
        if self.opens_ratified:
            parts.append(f"it opens at month {', '.join(map(str, self.opens_ratified))}")
        if self.closes_ratified:
            parts.append(f"it closes at month {', '.join(map(str, self.closes_ratified))}")
        unsettled = [m.month for m in self.months if m.ratified and m.ratified.exists is None]
        if unsettled:
            parts.append(f"it is not settled at month {', '.join(map(str, unsettled))}")
        return f"{head}: " + "; ".join(parts) + "."

    def gives_text(self) -> str:
        """When each soft red line gives (its credibility below 0.5), or "" without any."""
        if not self.gives:
            return ""
        gave = [
            f"{g['actor']} on {g['issue']} at month {g['month']}" + _restated(g)
            for g in self.gives
            if g["month"] is not None
        ]
        held = [f"{g['actor']} on {g['issue']}" for g in self.gives if g["month"] is None]
        head = (
            " This timeline follows the most likely course: a soft red line gives in the month"
            " its credibility falls below 0.5, when giving becomes likelier than holding"
            " (Monte Carlo draws every course instead)"
        )
        if not gave:
            return f"{head}; none does by month {self.months[-1].month}: {', '.join(held)} hold."
        rest = f"; holding throughout: {', '.join(held)}" if held else ""
        return f"{head}: {', '.join(gave)}{rest}."

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        """The fields in reading order, with the BATNA model and the size's kind."""
        return {
            "scenario": self.scenario,
            "parties": self.parties,
            "model": EQUATION,
            "settings": self.settings,
            "rates": self.rates,
            "space_size": self.space_size,
            "size": "exact" if self.exact else "estimated",
            "seed": self.seed,
            "draws": self.draws,
            "months": self.months,
            "opens": self.opens,
            "closes": self.closes,
            "notes": self.notes,
            **({"soft_red_lines": self.gives} if self.gives else {}),
            **(
                {
                    "ratification": {
                        "ratifiers": list(self.ratifiers),
                        "how": self.ratified_how,
                        "opens": self.opens_ratified,
                        "closes": self.closes_ratified,
                    }
                }
                if self.ratifiers
                else {}
            ),
        }


def timeline(
    scenario: Scenario,
    months: int = 12,
    settings: dict[str, float] | None = None,
    parties: list[str] | None = None,
    *,
    seed: int = 0,
    draws: int = DEFAULT_DRAWS,
    enumeration_limit: int = ENUMERATION_LIMIT,
) -> Timeline:
    """The ZOPA month by month, as BATNAs follow their over-time model.

    Per month the test is the one :func:`accord.analysis.zopa.zopa` makes on the scenario with
    that month's BATNA utilities: existence is exact; the size is counted when the space is
    small enough to enumerate and estimated from seeded uniform draws (with a 95% Wilson
    interval) otherwise. The outcomes are enumerated or drawn once and scored once; only the
    BATNAs change from month to month. With soft red lines, the months that share a set of
    given lines and their costs share one softened space (see the module's rule).
    """
    if months < 0:
        raise ValueError(f"months must be 0 or more; got {months}")
    s = apply_levers(scenario, settings) if settings else scenario
    chosen = parties or default_parties(s)
    if not chosen:
        raise ValueError("no parties with stances to analyse; name some with --parties")
    space = outcome_space(s, chosen)
    paths = batna_paths(s, months, list(space.actors))  # [A, T]
    floors = np.where(np.isnan(paths), -np.inf, paths) - TOLERANCE
    exact = space.size <= enumeration_limit
    if exact:
        codes = space.enumerate(enumeration_limit)
    else:
        codes = space.sample(draws, np.random.default_rng(seed))
    utility = space.utilities(codes)  # [A, N]
    allowed = ~space.crossing(codes).any(axis=0)  # [N]
    eroding = _eroding(s, space.actors, months)
    n = codes.shape[0]
    rows: list[Month] = []
    decided: dict[tuple[Any, ...], bool] = {}
    rat = None
    if s.ratification:  # win-sets at central values: they do not move with the months
        every = compile_ratifiers(s)
        rat = restrict(every, [a for a in every.actors if a in space.actors])
        rat = rat if rat.size else None
    if rat is not None:
        tables = setting_tables(rat, space)
        passed = ratifier_pass(rat, space, codes).all(axis=0)  # [N]
        decided_r: dict[tuple[Any, ...], bool | None] = {}
    # the space, utilities and allowed outcomes per set of given soft lines (at their costs)
    scored: dict[tuple[SoftLine, ...], tuple[OutcomeSpace, np.ndarray, Any]] = {
        (): (space, utility, allowed)
    }
    for t in range(months + 1):
        given = tuple(line[t] for line in eroding if line[t].credibility < GIVES_BELOW)
        if given not in scored:
            soft = soften(space, given)
            keep = np.asarray(~soft.crossing(codes).any(axis=0))
            scored[given] = (soft, soft.utilities(codes), keep)
        month_space, utility, allowed = scored[given]
        inside = np.all(utility >= floors[:, t, None], axis=0) & allowed
        hits = int(inside.sum())
        ratified = None
        if rat is not None:
            hits_r = int((inside & passed).sum())
            if exact:
                share_r = hits_r / n if n else 0.0
                ratified = RatifiedMonth(hits_r > 0, hits_r, share_r, (share_r, share_r))
            else:
                key_r = (*(float(x) for x in paths[:, t]), given)
                if key_r not in decided_r:  # a drawn outcome proves one; else the check
                    month = replace(month_space, batna=paths[:, t])
                    decided_r[key_r] = True if hits_r else ratified_exists(month, rat, tables)
                ratified = RatifiedMonth(
                    decided_r[key_r], None, hits_r / draws, wilson(hits_r, draws)
                )
        if exact:
            exists, count, share = hits > 0, hits, hits / n if n else 0.0
            interval = (share, share)
        else:
            key = (*(float(x) for x in paths[:, t]), given if eroding else ())
            if key not in decided:  # one solver call per distinct set of BATNAs
                found = find_acceptable(replace(month_space, batna=paths[:, t]))
                decided[key] = found is not None
            exists, count, share = decided[key], None, hits / draws
            interval = wilson(hits, draws)
        rows.append(
            Month(
                month=t,
                batna={
                    a: None if np.isnan(u) else float(u)
                    for a, u in zip(space.actors, paths[:, t], strict=True)
                },
                exists=exists,
                count=count,
                share=share,
                share_interval=interval,
                ratified=ratified,
            )
        )
    opens = [m.month for prev, m in pairwise(rows) if m.exists and not prev.exists]
    closes = [m.month for prev, m in pairwise(rows) if prev.exists and not m.exists]
    pairs = [
        (p.ratified.exists, m.ratified.exists, m.month)
        for p, m in pairwise(rows)
        if p.ratified is not None and m.ratified is not None
    ]
    opens_r = [month for before, now, month in pairs if now is True and before is False]
    closes_r = [month for before, now, month in pairs if now is False and before is True]
    rates = {}
    notes = []
    for a in space.actors:
        actor = s.actor(a)
        over = actor.batna.over_time if actor.batna else None
        if actor.batna is None or actor.batna.utility is None:
            notes.append(f"{a}: BATNA unknown; only its red lines count, every month")
        if over is not None:
            rates[a] = {
                "trend": over.trend,
                "cost": over.cost,
                "support": over.support,
                "net": over.rate,
            }
    if not exact:
        notes.append(
            f"the space has {space.size:,.0f} outcomes: ZOPA shares are estimated from "
            f"{draws:,} uniform draws (seed {seed}); existence is exact"
        )
    how = None
    if rat is not None:
        why = exact_conditions(rat)
        how = (
            "every outcome counted"
            if exact
            else "a drawn outcome proves one; else a mixed-integer check with the ratifiers "
            "as extra actors"
            + (" (exact)" if why is None else f" that settles only when it finds one: {why}")
        )
        notes.append(
            "with ratification: the ratifiers of "
            + ", ".join(rat.actors)
            + " judge at central values (their spreads play no part), on the flat ZOPA's "
            "outcomes; the win-sets do not move with the months (levers act on actors, not on "
            "ratifiers, and ratifiers have no over-time model): only the BATNAs move"
        )
    if any(i.kind.value == "continuous" for i in s.issues):
        notes.append(
            f"continuous issues are discretised ({space.resolution} grid values "
            "plus the values the scenario names)"
        )
    return Timeline(
        scenario=s.id,
        parties=space.actors,
        months=rows,
        space_size=space.size,
        exact=exact,
        rates=rates,
        settings=dict(settings or {}),
        opens=opens,
        closes=closes,
        seed=None if exact else seed,
        draws=None if exact else draws,
        notes=notes,
        gives=[
            {
                "actor": line[0].actor,
                "issue": line[0].issue,
                "month": next(
                    (m.month for m in rows if line[m.month].credibility < GIVES_BELOW), None
                ),
                # the two inputs the month follows from, said beside it
                "credibility": line[0].credibility,
                "erosion": (line[0].credibility - line[1].credibility) if len(line) > 1 else 0.0,
            }
            for line in eroding
        ],
        ratifiers=() if rat is None else rat.ids,
        ratified_how=how,
        opens_ratified=opens_r if rat is not None else [],
        closes_ratified=closes_r if rat is not None else [],
    )


def _restated(give: dict[str, Any]) -> str:
    """`` (its stated credibility 0.60 less its stated erosion of 0.010 a month: the month
    follows from those two inputs alone)``; empty when the line gave at month 0 or has no rates."""
    start, rate = give.get("credibility"), give.get("erosion")
    if start is None or not rate or give["month"] in (None, 0):
        return ""
    return (
        f" (its stated credibility {start:.2f} less its stated erosion of {rate:.3f} a month:"
        " the month follows from those two inputs alone)"
    )


def given_at(scenario: Scenario, actors: Sequence[str], month: int) -> tuple[SoftLine, ...]:
    """The soft red lines of ``actors`` that have given by ``month`` (credibility eroded below
    :data:`GIVES_BELOW`), each at its eroded cost: the timeline's rule, for the lever search."""
    return tuple(
        path[month]
        for path in _eroding(scenario, tuple(actors), month)
        if path[month].credibility < GIVES_BELOW
    )


def _eroding(scenario: Scenario, actors: tuple[str, ...], months: int) -> list[list[SoftLine]]:
    """Each soft red line of ``actors`` at months 0..months (cost and credibility eroded)."""
    out = []
    for stance in scenario.stances:
        soft = stance.soft
        if soft is None or stance.actor not in actors:
            continue
        path = []
        for t in range(months + 1):
            cost, credibility = soft.at_month(t)
            path.append(SoftLine(stance.actor, stance.issue, cost, credibility))
        out.append(path)
    return out
