"""Negotiation processes run round by round: a mediated text, alternating offers.

The rules are written down in full in ``docs/processes.md``; in short:

- **Tables** (:mod:`accord.dynamics.process_tables`). The text is one outcome of the
  outcome space of the parties (constraints applied, no red line removed), held as one row
  per factor. For R runs (drawn scenarios) every party's utility is a per-factor table
  ``utility[R, A, F, K]`` and ``crosses[R, A, F, K]`` counts the red lines a factor row
  crosses, so an amendment (a change of one factor) is one table lookup. Round t is month t:
  each party's BATNA at round t follows :func:`accord.dynamics.timeline.batna_paths`'s
  model, from its drawn utility.
- **Mediated single negotiating text** (:func:`~accord.dynamics.mediated.mediate`): the
  mediator drafts the text that maximises the bias-weighted sum of normalised utilities,
  factor by factor; each round every party accepts (utility >= its BATNA at that round, no
  red line crossed) or names its most wanted amendment; the mediator edits the amended
  factors to lower the bias-weighted shortfall below the BATNAs; agreement, walk-away
  (patience run out) or deadlock.
- **Alternating offers** (:func:`~accord.dynamics.alternating.alternate`): the parties
  propose in turn, each the text best for the others among those meeting its own target on
  its concession curve (Boulware, linear, conceder) or mirroring the others' last
  concession (tit-for-tat); the others accept an offer worth their next target; walk-away
  when a party's BATNA beats everything the space offers it, deadlock at the deadline.

**Ratification at home** (``honour=True``): a party accepts a text only when its ratifiers
pass it (:mod:`accord.dynamics.process_ratifiers`; each run draws the ratifiers' swings of
mood from a stream of its own, seeded as Monte Carlo seeds them), and the same runs are also
played without ratification, so the flat agreement rate is reported beside the honoured one.

Every run is processed at once along a run axis (no Python loop per run; one loop over
rounds). ``mediate_reference`` and ``alternate_reference``, beside each process, are the
same processes as plain loops per run, kept as the test oracles and the benchmark's
reference. This module draws the runs and summarises them (:func:`simulate_process`); it
also re-exports the processes' public names, so that callers need one import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from accord.analysis.softening import soft_lines
from accord.analysis.space import outcome_space
from accord.analysis.space import parties as default_parties
from accord.dynamics.alternating import STRATEGIES, alternate, strategy_vector
from accord.dynamics.mediated import bias_vector, mediate
from accord.dynamics.process_tables import (
    AGREEMENT,
    DEFAULT_PATIENCE,
    RESULTS,
    ProcessError,
    Runs,
    Tables,
    build_tables,
    default_mediator,
)
from accord.model import Scenario
from accord.model.plain import omit, to_plain
from accord.uncertainty.holds import draw_holds
from accord.uncertainty.plan import compile_draw_plan, sample_chunk, seeding
from accord.uncertainty.swings import swing_seed

__all__ = [
    "DEFAULT_CHUNK",
    "DEFAULT_PATIENCE",
    "PROCESSES",
    "QUANTILES",
    "RESULTS",
    "STRATEGIES",
    "ProcessError",
    "Simulation",
    "default_mediator",
    "default_parties",
    "example_run",
    "simulate_process",
]

PROCESSES = ("mediated", "alternating")
#: What the processes assume of ratification at home, in words.
RATIFICATION_ASSUMPTIONS = (
    "a party accepts a text only when its ratifiers pass it under its rule (all, majority "
    "or quota of the voting weight; a ratifier that does not vote on the text does not "
    "block); ratifiers of actors that are not parties are not counted",
    "each ratifier judges by its own stances, threshold and red lines, as stated; one with "
    "a spread has one swing of mood per run, normal with that spread, drawn from a stream "
    "of its own, so the runs' other draws are those of the flat runs",
    "mediated: a text a party's ratifiers fail counts as one more of its red lines crossed, "
    "in the amendment it asks for and in the mediator's shortfall; the first text ignores "
    "the ratifiers",
    "alternating offers: the offers are the flat runs' (the proposer does not foresee the "
    "ratifiers); a party, the proposer included, accepts only what its ratifiers pass",
)
#: Runs per chunk: the unit of seeding (as in :mod:`accord.forecast.montecarlo`) and memory.
DEFAULT_CHUNK = 1000
#: Quantiles reported, in percent.
QUANTILES = (5, 25, 50, 75, 95)


# --- simulation over uncertain inputs --------------------------------------------------------
@dataclass(frozen=True)
class Simulation:
    """The distribution of a process's results over runs with uncertain inputs."""

    scenario: str
    process: str
    parties: tuple[str, ...]
    mediator: str | None
    runs: int
    seed: int | None
    bias: dict[str, float]
    strategies: dict[str, str]
    patience: int
    results: dict[str, float]
    rounds: dict[str, float]
    utility: dict[str, dict[str, float]]
    example: dict[str, Any]
    result_codes: np.ndarray = field(repr=False, compare=False, metadata=omit())
    round_counts: np.ndarray = field(repr=False, compare=False, metadata=omit())
    final_utility: np.ndarray = field(repr=False, compare=False, metadata=omit())
    notes: tuple[str, ...] = ()
    #: The share of runs whose text went back to an earlier one before the run ended
    #: (:attr:`~accord.dynamics.process_tables.Runs.returns`): the process cycled there.
    cycling: float = 0.0
    #: With ratification honoured and ratifiers behind a party: the ratifiers counted, the
    #: same runs' results without ratification, the share of runs that agreed without it but
    #: not with it (``lost``) and the other way round (``gained``: the ratifiers' amendments
    #: led the mediator elsewhere), and what the model assumes.
    ratifiers: tuple[str, ...] = ()
    flat_results: dict[str, float] | None = None
    lost: float = 0.0
    gained: float = 0.0
    assumptions: tuple[str, ...] = ()
    flat_codes: np.ndarray | None = field(default=None, repr=False, compare=False, metadata=omit())

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)


def _quantiles(x: np.ndarray) -> dict[str, float]:
    x = x[~np.isnan(x)]
    if x.size == 0:
        return {}
    return {str(q): float(v) for q, v in zip(QUANTILES, np.percentile(x, QUANTILES), strict=True)}


def example_run(tables: Tables, runs: Runs, r: int = 0) -> dict[str, Any]:
    """Run ``r`` draft by draft, as plain data."""
    drafts = []
    for t in range(int(runs.rounds[r]) + 1):
        drafts.append(
            {
                "round": t,
                "outcome": tables.codes(runs.drafts[t, r]).tolist(),
                "utility": dict(zip(tables.parties, map(float, runs.utility[t, r]), strict=True)),
                "accepts": dict(zip(tables.parties, map(bool, runs.accepts[t, r]), strict=True)),
                "batna": {
                    a: None if np.isnan(v) else float(v)
                    for a, v in zip(tables.parties, tables.batna[r, :, t], strict=True)
                },
            }
        )
    return {"drafts": drafts, "result": RESULTS[int(runs.result[r])]}


def simulate_process(
    scenario: Scenario,
    process: str = "mediated",
    *,
    runs: int = 1000,
    seed: int | None = 0,
    bias: dict[str, float] | None = None,
    patience: int = DEFAULT_PATIENCE,
    parties: Sequence[str] | None = None,
    mediator: str | None = "auto",
    chunk: int = DEFAULT_CHUNK,
    resolution: int = 11,
    strategies: dict[str, str] | None = None,
    honour: bool = False,
) -> Simulation:
    """Run ``process`` ``runs`` times on scenarios drawn from the spreads of ``scenario``.

    Runs are drawn in chunks seeded as :mod:`accord.forecast.montecarlo` seeds its draws
    (``SeedSequence(seed).spawn``), so a seed gives the same runs. ``mediator`` "auto" takes
    :func:`default_mediator`, None a mediator without preferences. ``honour``: a party
    accepts only a text its ratifiers pass (each run's swings drawn from the chunk's own
    stream), and the flat results of the same runs are reported beside (``flat_results``).
    """
    if process not in PROCESSES:
        raise ProcessError(f"no process '{process}'; processes: {', '.join(PROCESSES)}")
    if patience < 0:
        raise ProcessError(f"patience must be 0 or more; got {patience}")
    chosen = list(parties) if parties is not None else default_parties(scenario)
    med = default_mediator(scenario) if mediator == "auto" else mediator
    if med is not None and med in chosen:
        raise ProcessError(f"'{med}' cannot be both a party and the mediator")
    if med is not None and med not in {s.actor for s in scenario.stances}:
        raise ProcessError(f"the mediator '{med}' has no stances")
    b = bias_vector(chosen, bias)
    names = strategy_vector(chosen, strategies)
    if process == "alternating":
        med = None  # no mediator: the parties' own offers
    plan = compile_draw_plan(scenario, chosen)
    inputs = plan.base.inputs
    _, args = seeding(seed, runs, chunk)
    codes, counts, finals, cycled, flat = [], [], [], [], []
    counted: tuple[str, ...] = ()
    example: dict[str, Any] = {}
    for start, size, child in args:
        values = sample_chunk(inputs, size, child)
        holds = draw_holds(scenario, chosen, size, child)  # as Monte Carlo: its own stream
        tables = build_tables(
            scenario,
            values,
            patience,
            chosen,
            med,
            resolution=resolution,
            holds=holds,
            honour=honour,
            swing_seed=swing_seed(child) if honour else None,
        )

        def run(tables: Tables = tables) -> Runs:
            if process == "mediated":
                return mediate(tables, b, patience)
            return alternate(tables, names, patience)

        out = run()
        if tables.ratifiers is not None:  # the same runs, every party free to sign
            counted = tables.ratifiers.rat.ids
            flat.append(run(replace(tables, ratifiers=None)).result)
        if start == 0:
            example = example_run(tables, out, 0)
            space = outcome_space(scenario, chosen, resolution=resolution)
            for draft in example["drafts"]:
                draft["outcome"] = space.decode(draft["outcome"])
        codes.append(out.result)
        counts.append(out.rounds)
        cycled.append(out.returns > 0)
        final = out.final
        # without agreement each party is left with its alternative at the last round
        last = tables.batna[np.arange(size), :, out.rounds]
        finals.append(np.where((out.result == AGREEMENT)[:, None], final, last))
    result = np.concatenate(codes)
    rounds = np.concatenate(counts)
    final_u = np.concatenate(finals)
    cycling = float(np.mean(np.concatenate(cycled)))
    notes = []
    if cycling > 0:
        notes.append(
            f"{cycling:.1%} of runs went back to an earlier text before they ended: the "
            "process cycled there, and their result is where patience or the deadline ran out"
        )
    flat_codes = np.concatenate(flat) if flat else None
    flat_results = lost = gained = None
    if flat_codes is not None:
        flat_results = {name: float(np.mean(flat_codes == k)) for k, name in enumerate(RESULTS)}
        lost = float(np.mean((flat_codes == AGREEMENT) & (result != AGREEMENT)))
        gained = float(np.mean((flat_codes != AGREEMENT) & (result == AGREEMENT)))
        notes.append(
            f"ratification honoured: {flat_results['agreement']:.1%} of the same runs agree "
            f"without it, {float(np.mean(result == AGREEMENT)):.1%} with it (ratifiers "
            f"{', '.join(counted)}); {lost:.1%} of runs agree only without it"
            + (f", {gained:.1%} only with it" if gained else "")
        )
    elif honour:
        notes.append("no party has ratifiers: ratification changes nothing here")
    soft = soft_lines(scenario, chosen)
    if not inputs:
        notes.append(
            "the scenario has no spreads: runs differ only in which soft red lines hold"
            if soft
            else "the scenario has no spreads: every run is the same negotiation"
        )
    if soft:
        notes.append(
            "each soft red line holds in a run with its (drawn) credibility, drawn as Monte "
            "Carlo draws it (same seed, same holds); one that holds is a wall, one that gives "
            "costs its party its cost"
        )
    return Simulation(
        scenario=scenario.id,
        process=process,
        parties=tuple(chosen),
        mediator=med,
        runs=runs,
        seed=seed,
        bias=dict(zip(chosen, map(float, b), strict=True)) if process == "mediated" else {},
        strategies=dict(zip(chosen, names, strict=True)) if process == "alternating" else {},
        patience=patience,
        results={name: float(np.mean(result == k)) for k, name in enumerate(RESULTS)},
        rounds=_quantiles(rounds.astype(float)),
        utility={a: _quantiles(final_u[:, k]) for k, a in enumerate(chosen)},
        example=example,
        result_codes=result,
        round_counts=rounds,
        final_utility=final_u,
        notes=tuple(notes),
        cycling=cycling,
        ratifiers=counted,
        flat_results=flat_results,
        lost=lost or 0.0,
        gained=gained or 0.0,
        assumptions=RATIFICATION_ASSUMPTIONS if flat_codes is not None else (),
        flat_codes=flat_codes,
    )
