"""The third parties and the order of steps: where the mediator stands between the parties,
what the parties believe of it, what the guarantors bring and who can veto their part, and
the dispute over which step comes first.

Everything is read from the scenario's records, never from its name:

- **the mediator's lean** (:func:`leans`): for every actor with the role ``mediator`` and
  every party, the distance between their stated positions, issue by issue on each issue's
  own scale (0 the first pole, 1 the other), averaged with the mediator's saliences as
  weights over the issues both hold a stance on. The party it stands nearer is the one its
  drafts are likely to favour; the distance is of stated positions only (a mediator may
  state positions to move a party, which the number cannot tell);
- **beliefs about a third party**: the scenario's ``beliefs`` whose ``about`` is a mediator
  or a guarantor (how likely each holder thinks it keeps its commitments of each kind);
- **the guarantors**: actors with the role ``guarantor``, their ratifiers (the veto players
  behind their part, with the rule that combines them);
- **the order of steps** (:func:`order_dispute`): each draft's named orders of phases and,
  from the overview's search over orders (:attr:`~accord.overview.records.Overview.orders`),
  each party's expected gain over its alternative under each, and the one it does better
  under (:func:`better_order`), which is what it has reason to insist on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from accord.analysis.inputs import scenario_inputs
from accord.model import Scenario
from accord.model.actors import Role
from accord.overview.records import Overview


@dataclass(frozen=True)
class Lean:
    """How far a mediator's stated positions are from each party's (0 same, 1 opposite
    poles), salience-weighted by the mediator; ``issues`` shared with each party;
    ``nearer`` the issues on which the mediator's position is strictly nearer that party's
    than every other party's."""

    mediator: str
    distance: dict[str, float]  # party -> distance (NaN: no shared issue)
    issues: dict[str, int]  # party -> shared issues
    nearer: dict[str, int]  # party -> issues where the mediator is nearest to it


@dataclass(frozen=True)
class BeliefAbout:
    """One belief about a third party's commitments: ``holder`` (None: everyone's default)
    thinks ``about`` keeps commitments of ``kind`` with ``probability``."""

    holder: str | None
    about: str
    kind: str
    probability: float
    sources: tuple[str, ...]
    judgement: str | None


@dataclass(frozen=True)
class Guarantor:
    """A guarantor and the veto players behind its part (``rule`` combines them)."""

    actor: str
    ratifiers: tuple[tuple[str, str], ...]  # (name, kind)
    rule: str | None  # None: no ratifiers recorded


@dataclass(frozen=True)
class NamedOrder:
    """A named order of a draft's phases and each party's expected gain under it."""

    proposal: str
    id: str
    title: str
    phases: tuple[str, ...]
    gains: dict[str, float]  # party -> expected value minus BATNA (NaN: unknown)
    feasible: bool


@dataclass(frozen=True)
class Mediation:
    """What :func:`mediation` finds; ``empty`` when the scenario holds none of it."""

    leans: tuple[Lean, ...]
    beliefs: tuple[BeliefAbout, ...]
    guarantors: tuple[Guarantor, ...]
    orders: tuple[NamedOrder, ...]

    @property
    def empty(self) -> bool:
        return not (self.leans or self.beliefs or self.guarantors or self.orders)


def role_ids(s: Scenario, role: Role) -> list[str]:
    return [a.id for a in s.actors if a.role is role]


def leans(s: Scenario, parties: list[str]) -> tuple[Lean, ...]:
    """Each mediator's distance from each party (module docstring), vectorised over the
    parties and issues."""
    mediators = role_ids(s, Role.mediator)
    if not mediators or not parties or not s.issues:
        return ()
    actors = mediators + parties
    x = scenario_inputs(s, actors)
    span = np.where(x.high > x.low, x.high - x.low, 1.0)
    unit = (x.position - x.low) / span  # [A, I], NaN where no stance
    out = []
    m_count = len(mediators)
    party_unit = unit[m_count:]  # [P, I]
    for k, m in enumerate(mediators):
        gap = np.abs(party_unit - unit[k])  # [P, I]
        shared = ~np.isnan(gap)
        w = np.where(shared, x.salience[k], 0.0)
        total = w.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            dist = np.where(total > 0, np.nansum(gap * w, axis=1) / total, np.nan)
        # nearest party per issue: strictly nearer than every other party with a stance
        filled = np.where(shared, gap, np.inf)
        best = filled.min(axis=0)
        unique = (filled == best).sum(axis=0) == 1
        nearest = (filled == best) & unique & np.isfinite(best)
        out.append(
            Lean(
                mediator=m,
                distance={p: float(d) for p, d in zip(parties, dist, strict=True)},
                issues={p: int(n) for p, n in zip(parties, shared.sum(axis=1), strict=True)},
                nearer={p: int(n) for p, n in zip(parties, nearest.sum(axis=1), strict=True)},
            )
        )
    return tuple(out)


def beliefs_about(s: Scenario, about: list[str]) -> tuple[BeliefAbout, ...]:
    """The scenario's beliefs about the actors ``about``, in the file's order."""
    return tuple(
        BeliefAbout(b.holder, b.about, b.kind, float(b.probability), tuple(b.sources), b.judgement)
        for b in s.beliefs
        if b.about in about
    )


def guarantors(s: Scenario) -> tuple[Guarantor, ...]:
    """Every guarantor with its ratifiers (the first ratification entry naming it)."""
    out = []
    for g in role_ids(s, Role.guarantor):
        entry = next((r for r in s.ratification if r.actor == g), None)
        ratifiers = () if entry is None else tuple((x.name, str(x.kind)) for x in entry.ratifiers)
        out.append(Guarantor(g, ratifiers, None if entry is None else str(entry.rule)))
    return tuple(out)


def order_dispute(o: Overview) -> tuple[NamedOrder, ...]:
    """Each draft's named orders with each party's expected gain over its alternative under
    them (from the overview's search over orders), in the drafts' order."""
    return tuple(
        NamedOrder(
            search.proposal,
            g.label,
            g.title,
            tuple(g.order),
            {a: float(g.gains.get(a, math.nan)) for a in search.parties},
            g.feasible,
        )
        for search in o.orders
        for g in search.named
    )


def better_order(orders: tuple[NamedOrder, ...], party: str) -> NamedOrder | None:
    """Of one draft's named ``orders``, the one under which ``party`` gains most (None: its
    gain is unknown under all, or they tie within half a hundredth)."""
    known = [g for g in orders if not math.isnan(g.gains.get(party, math.nan))]
    if len(known) < 2:
        return None
    ranked = sorted(known, key=lambda g: -g.gains[party])
    return ranked[0] if ranked[0].gains[party] - ranked[1].gains[party] >= 0.005 else None


def mediation(o: Overview) -> Mediation:
    """Everything above for the overview's scenario and parties."""
    s = o.scenario
    parties = list(o.parties)
    third = role_ids(s, Role.mediator) + role_ids(s, Role.guarantor)
    return Mediation(
        leans=leans(s, parties),
        beliefs=beliefs_about(s, third),
        guarantors=guarantors(s),
        orders=order_dispute(o),
    )
