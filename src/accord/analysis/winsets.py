"""Win-sets: the outcomes each actor's ratifiers would pass, and what they leave of the ZOPA.

An actor's *win-set* (Putnam 1988) is the set of outcomes its ratifiers pass under its rule
(:func:`~accord.analysis.ratifiers.ratifier_pass`), judged at central values: spreads play
no part here. The ZOPA *with ratification* is the ZOPA of the parties
(:mod:`accord.analysis.zopa`) cut down to the outcomes in every party's win-set; the win-set
of an actor that is not a party is reported but bounds nothing.

**Exact and estimated.** A space of at most ``ENUMERATION_LIMIT`` outcomes is enumerated and
every count is exact. A larger one is sampled: each win-set's share of the space from
seeded uniform draws (95% Wilson interval, :func:`accord.analysis.zopa.wilson`), and the
share of the ZOPA kept by ratification from uniform draws *of the ZOPA*: outcomes drawn from
the product of the settings that occur in the ZOPA (:attr:`Zopa.settings`, exact), kept when
they are in the ZOPA. Every ZOPA outcome lies in that product, so the kept draws are uniform
over the ZOPA; the share of them every win-set contains estimates the share of the ZOPA that
survives ratification. Whether any ZOPA outcome survives is decided exactly
(:func:`accord.analysis.ratified_deal.find_ratified`: the ratifiers join the mixed-integer
check as extra actors whose BATNA is their threshold, one check per case of who votes and
who must pass); only past its budget of cases is a surviving draw the proof of existence
and no surviving draw an estimate, and the result says so.

**Soft red lines.** When no outcome respects every party's red lines, the ZOPA "if soft red
lines gave" (:mod:`accord.analysis.give`: the cheapest set of soft red lines gives at its
cost) is measured the same way.

**The grid.** The space is that of the scenario with its ratifiers as actors
(:func:`~accord.analysis.ratifiers.derived_scenario`), so a continuous issue's grid also
holds the ratifiers' positions and red lines; the notes say when that makes it finer than
the flat analysis's grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.give import SoftRedLines
from accord.analysis.milp.softlines import cheapest_give
from accord.analysis.milp.words import actor_name, issue_name, join_words
from accord.analysis.ratified_deal import find_ratified
from accord.analysis.ratifiers import (
    Ratifiers,
    compile_ratifiers,
    derived_scenario,
    judge,
    ratifier_pass,
)
from accord.analysis.softening import SoftLine, soft_lines, soften
from accord.analysis.space import (
    DEFAULT_RESOLUTION,
    ENUMERATION_LIMIT,
    OutcomeSpace,
    issue_settings,
    outcome_space,
    parties,
)
from accord.analysis.zopa import DEFAULT_DRAWS, Zopa, acceptable, wilson, zopa
from accord.model import Scenario
from accord.model.plain import omit


@dataclass(frozen=True)
class WinSet:
    """One actor's win-set: its share of the outcome space (exact when ``count`` is set)."""

    actor: str
    ratifiers: tuple[str, ...]
    rule: str
    quota: float | None
    share: float
    interval: tuple[float, float]
    count: int | None
    party: bool  # whether it bounds the parties' ZOPA


@dataclass(frozen=True)
class ZopaKept:
    """A ZOPA, and the part of it that every party's win-set contains.

    ``basis``: ``red lines`` (the flat ZOPA) or ``soft red lines given`` (``lines_given``
    give at their cost). ``count``/``kept_count`` are exact when the space was enumerated;
    otherwise ``kept`` is the share of ``sampled`` uniform ZOPA draws every win-set
    contains, with its 95% interval. ``exists_ratified`` is None when no draw survived and
    existence could not be decided exactly; ``how`` says how it was decided.
    """

    basis: str
    lines_given: tuple[SoftLine, ...]
    exists: bool
    share: float  # the ZOPA's share of the space (an estimate when ``count`` is None)
    share_interval: tuple[float, float]
    count: int | None
    kept_count: int | None
    kept: float | None
    kept_interval: tuple[float, float] | None
    sampled: int | None
    exists_ratified: bool | None
    exact: bool
    how: str
    example: dict[str, object] | None
    #: each binding ratifier (id) and the share of the ZOPA outcomes judged here that it
    #: passes on its own (one that does not vote on an outcome passes it): what cuts the ZOPA
    passing: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class WinSets:
    """Every ratifying actor's win-set and the ZOPA with and without ratification."""

    scenario: str
    parties: tuple[str, ...]
    space_size: int
    exact: bool  # the space was enumerated
    seed: int | None
    draws: int | None
    win_sets: tuple[WinSet, ...] = ()
    zopa: ZopaKept | None = None
    soft: ZopaKept | None = None
    notes: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict, repr=False, metadata=omit())

    @property
    def empty(self) -> bool:
        return not self.win_sets

    def __plain__(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "parties": list(self.parties),
            "space_size": self.space_size,
            "exact": self.exact,
            "seed": self.seed,
            "draws": self.draws,
            "win_sets": list(self.win_sets),
            "zopa": self.zopa,
            "zopa_if_soft_red_lines_gave": self.soft,
            "notes": list(self.notes),
            "text": self.lines(),
        }

    def lines(self) -> list[str]:
        """The findings in words, one line each."""
        name = self.names.get
        out = []
        for w in self.win_sets:
            who = join_words([name(r, r) for r in w.ratifiers], "and")
            if w.count is not None:
                size = f"{w.count:,} of {self.space_size:,} outcomes ({w.share:.2%})"
            else:
                lo, hi = w.interval
                size = (
                    f"about {w.share:.2%} of {self.space_size:,.0f} outcomes (95% interval "
                    f"{lo:.2%}–{hi:.2%}; {self.draws:,} uniform draws, seed {self.seed})"
                )
            rule = "all must pass" if w.rule == "all" else w.rule
            if w.rule == "quota" and w.quota is not None:
                rule = f"quota {w.quota:.0%}"
            tail = "" if w.party else " (not a party: it bounds no ZOPA here)"
            out.append(f"Win-set of {name(w.actor, w.actor)} ({who}; {rule}): {size}{tail}.")
        for kept in (self.zopa, self.soft):
            if kept is not None:
                out.append(kept_text(kept, self))
        return out


def kept_text(k: ZopaKept, ws: WinSets) -> str:
    """A ZOPA with and without ratification, in words."""
    names = ws.names
    if k.basis == "red lines":
        head = "ZOPA without ratification"
    else:
        given = join_words(
            [
                f"{names.get(ln.actor, ln.actor)}'s on {names.get(ln.issue, ln.issue)}"
                for ln in k.lines_given
            ],
            "and",
        )
        head = f"ZOPA if soft red lines gave ({given})"
    if not k.exists:
        return f"{head}: none, so ratification has nothing left to cut."
    if k.count is not None:
        size = f"{k.count:,} outcomes ({k.share:.2%} of the space)"
    else:
        lo, hi = k.share_interval
        size = f"about {k.share:.2%} of the space (95% interval {lo:.2%}–{hi:.2%})"
    if not any(w.party for w in ws.win_sets):
        return f"{head}: {size}; no party has ratifiers, so ratification leaves it whole."
    if k.kept_count is not None:
        kept = f"{k.kept_count:,} of them ({(k.kept or 0.0):.1%}) are in every party's win-set"
    elif k.sampled:
        klo, khi = k.kept_interval or (0.0, 1.0)
        kept = (
            f"about {(k.kept or 0.0):.2%} of it (95% interval {klo:.2%}–{khi:.2%}; "
            f"{k.sampled:,} ZOPA outcomes drawn, seed {ws.seed}) is in every party's win-set"
        )
    else:
        kept = "no ZOPA outcome was drawn, so the share kept is not estimated"
    verdict = {
        True: "some deal in it every party's ratifiers pass exists",
        False: "no deal in it passes every party's ratifiers",
        None: "no deal in it that every party's ratifiers pass was among the draws",
    }[k.exists_ratified]
    return f"{head}: {size}; with ratification {kept}. {verdict[0].upper()}{verdict[1:]} ({k.how})."


def win_sets(
    scenario: Scenario,
    actors: list[str] | None = None,
    *,
    include_mediators: bool = False,
    resolution: int = DEFAULT_RESOLUTION,
    seed: int = 0,
    draws: int = DEFAULT_DRAWS,
    enumeration_limit: int = ENUMERATION_LIMIT,
    flat: Zopa | None = None,
    soft: SoftRedLines | None = None,
) -> WinSets:
    """Each ratifying actor's win-set and the ZOPA of ``actors`` (default: the parties) with
    and without ratification, and "if soft red lines gave" when no deal respects every
    red line.

    ``flat`` and ``soft``, the ZOPA and the soft-red-line finding of
    :func:`accord.analysis.bargaining.analyze` for the same parties and resolution, save
    computing them again when the grid is the same. Every random draw comes from
    ``numpy.random.default_rng(seed)``; the seed is recorded.
    """
    chosen = actors or parties(scenario, include_mediators=include_mediators)
    if not scenario.ratification or not chosen:
        return WinSets(scenario.id, tuple(chosen), 0, True, None, None)
    rat = compile_ratifiers(scenario)
    space = outcome_space(rat.derived, chosen, resolution=resolution)
    names = {a.id: a.name for a in rat.derived.actors} | {i.id: i.name for i in scenario.issues}
    notes = list(grid_notes(scenario, space, resolution))
    same_grid = not notes
    binding = [a for a, actor in enumerate(rat.actors) if actor in chosen]
    for actor in rat.actors:
        if actor not in chosen:
            notes.append(
                f"{actor_name(scenario, actor)} is not among the parties: its win-set is "
                "shown but does not bound the ZOPA"
            )
    size = space.size
    rng = np.random.default_rng(seed)
    enumerated = size <= enumeration_limit
    codes = space.enumerate(enumeration_limit) if enumerated else space.sample(draws, rng)
    passed = ratifier_pass(rat, space, codes)  # [A, N]
    n = codes.shape[0]
    sets = []
    for a, actor in enumerate(rat.actors):
        hits = int(passed[a].sum())
        share = hits / n if n else 0.0
        sets.append(
            WinSet(
                actor=actor,
                ratifiers=tuple(rat.ids[r] for r in rat.of(actor)),
                rule=rat.rules[a].value,
                quota=None if np.isnan(rat.quota[a]) else float(rat.quota[a]),
                share=share,
                interval=(share, share) if enumerated else wilson(hits, n),
                count=hits if enumerated else None,
                party=a in binding,
            )
        )
    measure = _Measure(scenario, rat, binding, chosen, resolution, seed, draws)
    if enumerated:
        flat_kept = measure.enumerated(space, codes, passed, (), "red lines")
    else:
        flat_kept = measure.sampled(space, flat if same_grid else None, (), "red lines", rng)
    soft_kept = None
    lines = soft_lines(scenario, chosen)
    if not flat_kept.exists and lines:
        given: tuple[SoftLine, ...] | None = None
        if soft is not None and soft.cheapest is not None and same_grid:
            given = soft.cheapest.lines
        elif soft is None or not same_grid:
            best = cheapest_give(space, lines)
            given = None if best is None else best.lines
        if given is not None:
            opened = soften(space, given)
            basis = "soft red lines given"
            if enumerated:
                soft_kept = measure.enumerated(opened, codes, passed, given, basis)
            else:
                reuse = soft.zopa_if_given if soft is not None and same_grid else None
                soft_kept = measure.sampled(opened, reuse, given, basis, rng)
    if not enumerated:
        notes.append(
            f"the space has {size:,.0f} outcomes: win-sets are estimated from {draws:,} "
            f"uniform draws and the share of the ZOPA kept from uniform draws of the ZOPA "
            f"(seed {seed})"
        )
    notes.append("win-sets are judged at central values: ratifiers' spreads play no part")
    return WinSets(
        scenario=scenario.id,
        parties=tuple(chosen),
        space_size=size,
        exact=enumerated,
        seed=None if enumerated else seed,
        draws=None if enumerated else draws,
        win_sets=tuple(sets),
        zopa=flat_kept,
        soft=soft_kept,
        notes=tuple(notes),
        names=names,
    )


def grid_notes(scenario: Scenario, space: OutcomeSpace, resolution: int) -> list[str]:
    """A note when ratifiers' values make a continuous issue's grid finer than the flat
    analysis's (the same grid: no note)."""
    extra = {
        issue.id: len(space.settings[i]) - len(issue_settings(scenario, issue, resolution))
        for i, issue in enumerate(scenario.issues)
    }
    extra = {k: v for k, v in extra.items() if v}
    if not extra:
        return []
    which = join_words([f"{issue_name(scenario, k)} (+{v})" for k, v in extra.items()], "and")
    return [
        f"the grids of {which} also hold the ratifiers' positions and red lines, so the "
        "ZOPA here is counted on a finer grid than the flat analysis's"
    ]


def in_space(space: OutcomeSpace, codes: np.ndarray) -> np.ndarray:
    """[N] bool: which rows of setting indices are outcomes of the space (each factor's
    joint setting among its rows: constraints and applied red lines respected)."""
    ok = np.ones(codes.shape[0], dtype=bool)
    for factor in space.factors:
        cols = list(factor.issues)
        shape = tuple(len(space.settings[i]) for i in cols)
        if factor.size == int(np.prod(shape)):
            continue  # every joint setting is allowed
        rows = np.ravel_multi_index(factor.codes.T, shape)
        ok &= np.isin(np.ravel_multi_index(codes[:, cols].T, shape), rows)
    return ok


@dataclass(frozen=True)
class _Measure:
    """What the two ZOPAs (flat and soft) share: the scenario, ratifiers, parties, seed."""

    scenario: Scenario
    rat: Ratifiers
    binding: list[int]
    chosen: list[str]
    resolution: int
    seed: int
    draws: int

    def enumerated(
        self,
        zspace: OutcomeSpace,
        codes: np.ndarray,
        passed: np.ndarray,
        given: tuple[SoftLine, ...],
        basis: str,
    ) -> ZopaKept:
        inside = acceptable(zspace, codes)
        every = passed[self.binding].all(axis=0)
        kept = inside & every
        passing = self.passing(zspace, codes[inside])
        count, kept_count = int(inside.sum()), int(kept.sum())
        share = count / codes.shape[0] if codes.shape[0] else 0.0
        example = None
        if kept_count:
            best = codes[kept][int(np.argmax(zspace.utilities(codes[kept]).sum(axis=0)))]
            example = zspace.decode(best)
        return ZopaKept(
            basis=basis,
            lines_given=given,
            exists=count > 0,
            share=share,
            share_interval=(share, share),
            count=count,
            kept_count=kept_count,
            kept=kept_count / count if count else None,
            kept_interval=None,
            sampled=None,
            exists_ratified=kept_count > 0 if count else False,
            exact=True,
            how="every outcome counted",
            example=example,
            passing=passing,
        )

    def sampled(
        self,
        zspace: OutcomeSpace,
        known: Zopa | None,
        given: tuple[SoftLine, ...],
        basis: str,
        rng: np.random.Generator,
    ) -> ZopaKept:
        found = known or zopa(
            self.rat.derived, self.chosen, space=zspace, seed=self.seed, draws=self.draws
        )
        if not found.exists:
            return ZopaKept(
                basis=basis,
                lines_given=given,
                exists=False,
                share=0.0,
                share_interval=(0.0, 0.0),
                count=0,
                kept_count=0,
                kept=None,
                kept_interval=None,
                sampled=None,
                exists_ratified=False,
                exact=True,
                how="no outcome is in the ZOPA",
                example=None,
            )
        allowed = [
            np.array([values.index(v) for v in found.settings[iid]], dtype=np.intp)
            for iid, values in zip(zspace.issues, zspace.settings, strict=True)
        ]
        codes = np.stack([rng.choice(a, size=self.draws) for a in allowed], axis=1)
        codes = codes[in_space(zspace, codes)]
        codes = codes[acceptable(zspace, codes)]  # uniform draws of the ZOPA
        every = ratifier_pass(self.rat, zspace, codes)[self.binding].all(axis=0)
        hits, n = int(every.sum()), int(codes.shape[0])
        exists, how, example = self.exists(given, hits > 0)
        if hits:
            survivors = codes[every]
            best = survivors[int(np.argmax(zspace.utilities(survivors).sum(axis=0)))]
            example = zspace.decode(best)
        return ZopaKept(
            basis=basis,
            lines_given=given,
            exists=True,
            share=found.share,
            share_interval=found.share_interval,
            count=found.count,
            kept_count=None,
            kept=hits / n if n else None,
            kept_interval=wilson(hits, n) if n else None,
            sampled=n,
            exists_ratified=exists,
            exact=exists is not None,
            how=how,
            example=example,
            passing=self.passing(zspace, codes),
        )

    def passing(self, zspace: OutcomeSpace, codes: np.ndarray) -> dict[str, float]:
        """Each binding ratifier's share of ``codes`` that it passes on its own."""
        if not codes.shape[0]:
            return {}
        judged = judge(self.rat, zspace, codes)
        ok = judged.passes | ~judged.votes  # [R, N]
        return {
            self.rat.ids[r]: float(ok[r].mean())
            for a in self.binding
            for r in self.rat.of(self.rat.actors[a])
        }

    def exists(
        self, given: tuple[SoftLine, ...], drawn: bool
    ) -> tuple[bool | None, str, dict[str, object] | None]:
        """Whether some ZOPA outcome passes every party's ratifiers, how that was decided,
        and an example."""
        derived = derived_scenario(self.scenario, threshold_batna=True)
        ids = [
            self.rat.ids[r]
            for a in self.binding
            for r in self.rat.of(self.rat.actors[a])
            if self.rat.rows[r] >= 0
        ]
        try:
            space = outcome_space(derived, [*self.chosen, *ids], resolution=self.resolution)
            opened = soften(space, given) if given else space
            codes = find_ratified(opened, self.rat, self.binding, self.chosen)
        except ValueError as exc:
            how = f"the exact check was not made: {exc}"
        else:
            how = "exact: mixed-integer checks with the ratifiers as extra actors"
            return codes is not None, how, None if codes is None else opened.decode(codes)
        if drawn:
            return True, f"exact: a drawn outcome is one ({how})", None
        return None, f"an estimate: {how}", None
