"""Monte Carlo over a scenario's uncertain numbers: forecasts, acceptance and the ZOPA.

:func:`simulate` draws ``draws`` scenarios from the spreads of the scenario (see
:mod:`accord.uncertainty.draws`) and, for every draw at once (arrays with a leading draw axis,
no Python loop per draw), computes:

- **the forecast** of every issue with a model of :data:`~accord.forecast.models.MODELS`,
  summarised per issue by its 5, 25, 50, 75 and 95 % quantiles, mean and standard
  deviation, and for discrete issues the share of draws whose nearest setting is each
  option. An issue with fewer than :data:`~accord.forecast.models.MIN_ACTORS` actors with a
  stance has no forecast (as in :func:`~accord.forecast.models.forecast`); draws in which a
  model gives NaN (all weights zero) are left out of the summary and counted in
  ``no_forecast``.
- **acceptance**: for each draft and each party, the share of draws in which the party
  accepts it, decided as :func:`accord.analysis.verdicts.proposal_verdicts` decides
  ``accepts``: *yes* when no red line may be crossed and the worst-case utility is at least
  the BATNA, *no* when a red line is crossed for sure or the best case is below the BATNA,
  *maybe* otherwise. A draft that fixes every issue gets only yes or no; with unknown (or
  silent, no status quo) settings, a draw can be *maybe*: the probabilities of yes and of
  maybe are reported separately (no = 1 - yes - maybe). A party whose BATNA is unknown (and
  has no spread) is held to its red lines only. Each draw's utilities are those of
  :mod:`accord.analysis.utility` for the drawn numbers: a drawn position moves the ideal
  point of a linear or quadratic stance (a ``table`` stance keeps its table), a drawn
  salience its weights, a drawn red line its threshold. For an issue a draft leaves open
  over a continuous range, the candidates are the range's ends and each party's own drawn
  position, which give the same worst and best cases as the scorecard's list.
- **the ZOPA**: the share of draws in which some outcome is acceptable to every party (see
  :mod:`accord.analysis.zopa`), on the base scenario's outcome space (continuous issues on
  its grid; drawn positions are not added to the grid). How it is computed is in
  ``zopa.method``:

  - ``enumeration``: when ``outcomes x draws`` is at most ``zopa_budget``, every outcome is
    checked in every draw, vectorised in blocks; exact.
  - ``milp``: otherwise, when ``draws <= zopa_solves``, each draw is decided exactly by the
    mixed-integer feasibility of :func:`accord.analysis.milp.find_acceptable`; exact.
  - ``milp-subsample``: otherwise every ``stride``-th draw (draw numbers 0, stride,
    2 stride, ...; ``stride = ceil(draws / zopa_solves)``) is decided exactly as above, and
    the probability is the share of those, with a 95 % Wilson interval. The draws are
    independent, so this is a simple random sample of the distribution, fixed by the seed.

**Linked terms** (:mod:`accord.analysis.linkage`) are honoured exactly in acceptance and the
ZOPA: each draw's utility is the linked one, with the drawn saliences in S_a (which includes
the tables' weights) and conditional red lines crossed only where their condition fails.
The forecasts are unaffected by links: the forecasting models read positions and saliences.

**Seeding and chunks.** The draws are made in chunks of ``chunk`` draws (fixed, whatever the
backend): chunk ``k`` covers draws ``k*chunk`` up to ``(k+1)*chunk`` and draws from its own
``Generator(PCG64(child_k))``, ``child_k`` being the ``k``-th of
``SeedSequence(seed).spawn(n_chunks)``. Results are gathered in chunk order, so a seed gives
the same numbers, bit for bit, on the local NumPy backend and on a Dask cluster; a larger
run (same seed and chunk) repeats the complete chunks of a smaller one. The chunk size is
part of the seeding: another chunk size gives other (equally valid) draws. Memory stays
bounded by one chunk per worker (and intermediate arrays are sliced further).

**Ratification at home and credible commitments** (``honour=True``): beside the flat
figures, each draft's chance of acceptance *and* ratification, the chance of a ZOPA every
party's ratifiers pass (:mod:`accord.forecast.ratified_draws`, which says how it is decided),
and for drafts with phases or commitments each party's chance that the expected value, with
commitments that may break, is at least its BATNA (:mod:`accord.forecast.honoured`). The
ratifiers' swings and the beliefs are drawn from streams of their own, so the flat figures do
not move.

**Where things are.** This module runs the chunks and summarises them. The compiled plan and
the work on one chunk (forecast, acceptance, ZOPA) are in
:mod:`accord.forecast.montecarlo_chunks`; the drawing, the seeding of chunks and the drawn
preferences, shared with the negotiation processes of :mod:`accord.dynamics`, are in
:mod:`accord.uncertainty`; every utility goes through
:func:`accord.analysis.utility.issue_utilities_batch`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.softening import soft_lines
from accord.analysis.zopa import wilson
from accord.forecast.honoured import (
    Commitments,
    Ratification,
    by_all,
    commitment_chances,
    ratification_summary,
    tri,
)
from accord.forecast.models import MIN_ACTORS
from accord.forecast.montecarlo_chunks import (
    DEFAULT_CHUNK,
    ZOPA_BUDGET,
    ZOPA_SOLVES,
    Plan,
    Progress,
    compile_plan,
    run_draws,
)
from accord.model import IssueKind, Scenario
from accord.model.plain import plain_fields, to_plain
from accord.uncertainty.draws import UncertainInput, option_index

#: Quantiles reported per issue, in percent.
QUANTILES = (5, 25, 50, 75, 95)
#: The spawn key of the beliefs' stream (commitments), derived from the run's seed.
BELIEF_STREAM = 0xBE11


# --- the result -----------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueSummary:
    """The distribution of one issue's forecast over the draws."""

    issue: str
    quantiles: dict[int, float] | None  # percent -> value; None when no forecast
    mean: float | None
    std: float | None
    no_forecast: float  # share of draws without a forecast
    settings: dict[str, float] | None  # discrete issues: nearest setting -> share of draws


@dataclass(frozen=True)
class ZopaChance:
    """How often a ZOPA exists over the draws, and how that was found out."""

    probability: float | None
    interval: tuple[float, float] | None  # 95 % Wilson interval (exact: (p, p))
    method: str | None  # enumeration | milp | milp-subsample | None (no parties)
    draws_evaluated: int
    stride: int
    space_size: int | None
    note: str

    @property
    def exact(self) -> bool:
        return self.method in ("enumeration", "milp")

    def __plain__(self) -> dict[str, Any]:
        """The fields, with ``exact`` after the method."""
        doc = plain_fields(self)
        head = {k: doc.pop(k) for k in ("probability", "interval", "method")}
        return {**head, "exact": self.exact, **doc}


@dataclass(frozen=True)
class Simulation:
    """The result of :func:`simulate`. ``forecasts`` and ``values`` keep every draw."""

    scenario: str
    model: str
    actors: tuple[str, ...]
    parties: tuple[str, ...]
    issues: tuple[IssueSummary, ...]
    inputs: tuple[str, ...]  # uncertain input names, columns of ``values``
    input_specs: tuple[UncertainInput, ...]  # their spreads, in the same order
    acceptance: dict[str, dict[str, dict[str, float]]]  # draft -> party -> yes/maybe/no
    accepted_by_all: dict[str, dict[str, float]]  # draft -> yes/maybe/no
    zopa: ZopaChance
    draws: int
    seed: int | None
    entropy: int  # SeedSequence entropy: seed=entropy reproduces the run
    chunk: int
    n_chunks: int
    backend: str
    forecasts: np.ndarray = field(repr=False, compare=False)  # [D, I]
    values: np.ndarray = field(repr=False, compare=False)  # [D, K]
    notes: tuple[str, ...] = ()
    #: [D] per draw: 1 a ZOPA exists, 0 none, -1 not decided (a skipped draw); None when the
    #: run did not look for one. Kept so a reader of the draws (indicators) reuses the run.
    zopa_draws: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: with ``honour``: the figures with ratification at home (None: no party has ratifiers)
    ratification: Ratification | None = None
    #: with ``honour``: drafts valued with commitments that may break (None: no such draft)
    commitments: Commitments | None = None

    def issue(self, issue_id: str) -> IssueSummary:
        for s in self.issues:
            if s.issue == issue_id:
                return s
        raise KeyError(f"no issue '{issue_id}'; issues: {', '.join(s.issue for s in self.issues)}")

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        """The run's settings first (the entropy as text: it exceeds JSON's safe integers),
        then the inputs' spreads and the results; not the draws themselves."""
        return {
            "scenario": self.scenario,
            "model": self.model,
            "actors": self.actors,
            "parties": self.parties,
            "draws": self.draws,
            "seed": self.seed,
            "entropy": str(self.entropy),
            "chunk": self.chunk,
            "n_chunks": self.n_chunks,
            "backend": self.backend,
            "inputs": self.input_specs,
            "issues": self.issues,
            "acceptance": self.acceptance,
            "accepted_by_all": self.accepted_by_all,
            "zopa": self.zopa,
            **({"ratification": self.ratification} if self.ratification else {}),
            **({"commitments": self.commitments} if self.commitments else {}),
            "notes": self.notes,
        }


def simulate(
    scenario: Scenario,
    model: str = "compromise",
    *,
    draws: int,
    seed: int | None,
    chunk: int = DEFAULT_CHUNK,
    backend: str = "numpy",
    address: Any = None,
    progress: Progress | None = None,
    actors: Sequence[str] | None = None,
    parties: Sequence[str] | None = None,
    zopa_budget: int = ZOPA_BUDGET,
    zopa_solves: int = ZOPA_SOLVES,
    honour: bool = False,
) -> Simulation:
    """Monte Carlo of ``scenario`` over its spreads (see the module docstring).

    ``actors`` restricts the forecast to those actors (default: all); ``parties`` are the
    actors whose acceptance and ZOPA are assessed (default: the role-``party`` actors with
    stances). ``backend`` is ``"numpy"`` (local, in order), ``"processes"`` (a local pool
    of worker processes, the same numbers) or ``"dask"`` (``address`` a scheduler address
    such as ``tcp://host:8786``, an existing ``distributed.Client``, or None for a local
    cluster). ``progress(done, total)`` is called after every chunk.
    ``seed`` None draws fresh entropy from the OS (recorded in ``entropy``). ``honour``
    adds the figures with ratification at home and with commitments that may break
    (``ratification``, ``commitments``), leaving the flat ones as they are.
    """
    plan = compile_plan(
        scenario,
        model,
        actors,
        parties,
        draws=draws,
        acceptance=True,
        zopa=True,
        zopa_budget=zopa_budget,
        zopa_solves=zopa_solves,
        ratification=honour,
    )
    outputs = ("forecast", "accepts", "zopa") + (("ratified",) if plan.ratified else ())
    root, chunks = run_draws(
        plan,
        draws=draws,
        seed=seed,
        chunk=chunk,
        backend=backend,
        address=address,
        progress=progress,
        outputs=outputs,
    )
    forecasts = np.concatenate([c.forecast for c in chunks], axis=0)
    values = np.concatenate([c.values for c in chunks], axis=0)
    accepts = np.concatenate([c.accepts for c in chunks], axis=0)
    zopa_codes = np.concatenate([c.zopa for c in chunks], axis=0)

    notes: list[str] = []
    soft = soft_lines(scenario, plan.parties)
    if not plan.base.inputs:
        notes.append(
            "the scenario has no spreads: draws differ only in which soft red lines hold"
            if soft
            else "the scenario has no spreads: every draw is the same scenario"
        )
    if soft:
        notes.append(
            "each soft red line holds in a draw with its (drawn) credibility; one that gives "
            "costs its actor its cost instead of ruling outcomes out, in the drafts' "
            "acceptance and the ZOPA alike"
        )
    issues = tuple(_summary(scenario, i, forecasts[:, i]) for i in range(len(scenario.issues)))
    for s, ok in zip(issues, plan.forecast_ok, strict=True):
        if not ok:
            notes.append(f"{s.issue}: no forecast, fewer than {MIN_ACTORS} actors with a stance")
    acceptance: dict[str, dict[str, dict[str, float]]] = {}
    everyone: dict[str, dict[str, float]] = {}
    for p, pid in enumerate(plan.proposals):
        acceptance[pid] = {a: tri(accepts[:, p, k]) for k, a in enumerate(plan.parties)}
        everyone[pid] = tri(by_all(accepts[:, p]))
    for k, a in enumerate(plan.parties):
        if np.isnan(plan.base.batna[plan.party_rows[k]]) and not any(
            spec.kind == "batna" and spec.actor == a for spec in plan.base.inputs
        ):
            notes.append(f"{a}: BATNA unknown; only its red lines count")
    zopa = _zopa_chance(scenario, plan, zopa_codes)
    ratification = commitments = None
    if plan.ratified is not None:
        acc_r = [c.accepts_ratified for c in chunks]
        zop_r = [c.zopa_ratified for c in chunks]
        ratification = ratification_summary(
            plan.ratified,
            plan.proposals,
            plan.parties,
            None if any(a is None for a in acc_r) else np.concatenate(acc_r, axis=0),  # type: ignore[arg-type]
            None if any(z is None for z in zop_r) else np.concatenate(zop_r),  # type: ignore[arg-type]
            plan.zopa_method,
        )
        notes.append(
            f"with ratification: the swings of {', '.join(plan.ratified.rat.ids)} drawn from "
            "each chunk's own stream of the seed; the flat figures are unchanged"
        )
    if honour:
        # the beliefs' stream: derived from the run's seed, never from the chunks' streams
        belief_seed = int(
            np.random.SeedSequence(root.entropy, spawn_key=(BELIEF_STREAM,)).generate_state(
                1, np.uint64
            )[0]
        )
        commitments = commitment_chances(scenario, plan.parties, draws, belief_seed)
    return Simulation(
        scenario=scenario.id,
        model=model,
        actors=tuple(plan.base.actors[r] for r in plan.forecast_rows),
        parties=plan.parties,
        issues=issues,
        inputs=tuple(spec.name for spec in plan.base.inputs),
        input_specs=plan.base.inputs,
        acceptance=acceptance,
        accepted_by_all=everyone,
        zopa=zopa,
        draws=draws,
        seed=seed,
        entropy=int(root.entropy),  # type: ignore[arg-type]
        chunk=chunk,
        n_chunks=len(chunks),
        backend=backend,
        forecasts=forecasts,
        values=values,
        notes=tuple(notes),
        ratification=ratification,
        commitments=commitments,
        zopa_draws=zopa_codes,
    )


def _summary(scenario: Scenario, i: int, y: np.ndarray) -> IssueSummary:
    issue = scenario.issues[i]
    ok = ~np.isnan(y)
    share_missing = float(1.0 - ok.mean()) if y.size else 1.0
    if not ok.any():
        return IssueSummary(issue.id, None, None, None, share_missing, None)
    v = y[ok]
    qs = np.quantile(v, [q / 100 for q in QUANTILES])
    settings = None
    if issue.kind is not IssueKind.continuous:
        positions = np.asarray(issue.positions(), dtype=float)
        k = option_index(v, positions)
        counts = np.bincount(k, minlength=positions.size) / y.size
        names = issue.option_ids() if issue.kind is IssueKind.ordinal else ["false", "true"]
        settings = {str(n): float(c) for n, c in zip(names, counts, strict=True)}
    return IssueSummary(
        issue=issue.id,
        quantiles={q: float(x) for q, x in zip(QUANTILES, qs, strict=True)},
        mean=float(v.mean()),
        std=float(v.std()),
        no_forecast=share_missing,
        settings=settings,
    )


def _zopa_chance(scenario: Scenario, plan: Plan, codes: np.ndarray) -> ZopaChance:
    if plan.zopa_method is None:
        return ZopaChance(None, None, None, 0, 1, None, "no parties with stances: no ZOPA")
    decided = codes[codes >= 0]
    n = int(decided.size)
    hits = int(decided.sum())
    p = hits / n if n else None
    size = plan.space_size
    interval: tuple[float, float] | None
    if plan.zopa_method == "milp-subsample":
        interval = wilson(hits, n)
        note = (
            f"the space has {size:,.0f} outcomes: the ZOPA was decided exactly (MILP) in every "
            f"{plan.zopa_stride}th draw ({n:,} of {codes.size:,}); 95% Wilson interval"
        )
    else:
        interval = (p, p) if p is not None else None
        if soft_lines(scenario, plan.parties) and p is not None:
            # whether soft red lines hold is drawn: the share is an estimate, with its interval
            interval = wilson(hits, n)
        how = (
            "every outcome checked in every draw"
            if plan.zopa_method == "enumeration"
            else "decided exactly (MILP) in every draw"
        )
        note = f"the space has {size:,} outcomes: {how}"
    if any(i.kind is IssueKind.continuous for i in scenario.issues):
        note += (
            f"; continuous issues on the base scenario's grid ({plan.resolution} values plus "
            "the values the scenario names)"
        )
    return ZopaChance(
        probability=p,
        interval=interval,
        method=plan.zopa_method,
        draws_evaluated=n,
        stride=plan.zopa_stride,
        space_size=size,
        note=note,
    )
