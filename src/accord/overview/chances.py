"""The chance of a zone of agreement under a changed scenario, each run once per report.

The first page's futures, indicators and options each quote the chance of a zone of
agreement in some changed scenario (a lever set, a party's soft red lines giving way, the
scenario read months ahead). Several ask for the same one: the chance *today* on the
scenario as stated is the overview's own Monte Carlo, and the lever search's smallest
opening is both an indicator and an option. A :class:`Chances` keeps every chance it has
run under a key naming the change, so each is run once; today's is read off the overview's
main simulation when that ran with the same draws, seed and parties and decided at least the
draws a run here would (the overview decides every draw of its default run, so the first
page, the futures, the indicators and the forecasts quote one figure), and run only
otherwise.

Each run decides the ZOPA exactly (MILP) in at most :data:`SOLVES` of its draws, a
systematic sample, and reports the share with its 95% Wilson interval; the interval is what
a reader is shown, so fewer decided draws never pass for more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accord.dynamics.levers import set_levers
from accord.forecast.montecarlo import Simulation, simulate
from accord.forecast.outlook import deal_chance
from accord.model import Scenario
from accord.overview.records import Overview
from accord.overview.run import MAIN_MODEL

#: Draws whose ZOPA is decided exactly (MILP) in each run, at most; the others are skipped
#: systematically and the interval (Wilson) says so.
SOLVES = 100
#: The key of the scenario as stated, read now.
NOW = "now"


@dataclass(frozen=True)
class Chance:
    """The chance of a zone of agreement in one Monte Carlo run: the share, its 95% interval
    and the draws decided exactly."""

    chance: float | None
    interval: tuple[float, float] | None
    decided: int
    #: the share of the same draws with a zone the parties' ratifiers at home also pass
    #: (None: no party has ratifiers)
    ratified: float | None = None


def run_chance(s: Scenario, parties: list[str], *, draws: int, seed: int) -> Chance:
    """The chance of a zone of agreement over ``draws`` Monte Carlo draws (seeded), as the
    overview's outlook computes it, the ZOPA decided in at most :data:`SOLVES` draws; with
    ratifiers, on the same draws, the share whose zone they pass."""
    sim = simulate(
        s,
        MAIN_MODEL,
        draws=draws,
        seed=seed,
        parties=parties,
        zopa_solves=min(draws, SOLVES),
        honour=bool(s.ratification),
    )
    return chance_of(s, sim)


def chance_of(s: Scenario, sim: Simulation) -> Chance:
    """The chance of a ZOPA that ``sim`` (run with the parties) found, with its interval."""
    dc = deal_chance(s, sim)
    r = dc.ratified
    return Chance(dc.chance, dc.interval, dc.evaluated, None if r is None else r.probability)


class Chances:
    """Every chance of a zone of agreement one report needs, each run once (module docstring).

    ``draws`` and ``seed`` are every run's; ``ran`` counts the Monte Carlo runs made (the
    ones read off the overview are not counted).
    """

    def __init__(self, overview: Overview, *, draws: int, seed: int) -> None:
        if draws < 1:
            raise ValueError(f"draws must be at least 1; got {draws}")
        self.overview = overview
        self.draws = draws
        self.seed = seed
        self.ran = 0
        self._done: dict[str, Chance] = {}

    def now(self) -> Chance:
        """The chance today on the scenario as stated: the overview's own when it can be."""
        if NOW not in self._done:
            own = self._overview_chance()
            if own is not None:
                self._done[NOW] = own
        return self.get(NOW, lambda: self.overview.scenario)

    def with_levers(self, settings: dict[str, float]) -> Chance:
        """The chance now with the declared levers set so (lever id -> level)."""
        key = "levers:" + ",".join(f"{k}={v:g}" for k, v in sorted(settings.items()))
        return self.get(key, lambda: set_levers(self.overview.scenario, settings)[0])

    def check(self, draws: int, seed: int) -> None:
        """Refuse to quote these chances for runs of other draws or another seed."""
        if (draws, seed) != (self.draws, self.seed):
            raise ValueError(
                f"these chances are run with {self.draws} draws and seed {self.seed}; "
                f"asked for {draws} draws and seed {seed}"
            )

    def keys(self) -> tuple[str, ...]:
        """The changes whose chance is known, in the order they were first asked for."""
        return tuple(self._done)

    def get(self, key: str, scenario: Callable[[], Scenario]) -> Chance:
        """The chance under the change named ``key``; ``scenario`` makes the changed scenario
        and is called only when that chance has not been run yet."""
        found = self._done.get(key)
        if found is None:
            parties = list(self.overview.parties)
            found = run_chance(scenario(), parties, draws=self.draws, seed=self.seed)
            self.ran += 1
            self._done[key] = found
        return found

    def _overview_chance(self) -> Chance | None:
        """The overview's main simulation read as a chance, when it is the run :meth:`get`
        would make or a finer one: the same draws, seed and parties, and the same draws
        decided or more (every stride-th, with a stride no longer)."""
        sim = self.overview.simulations.get(MAIN_MODEL)
        if sim is None or sim.zopa.probability is None:
            return None
        z = sim.zopa
        # enumeration decides every draw whatever the budget of solves; otherwise the
        # decided draws are every stride-th: a shorter stride decides more of the same draws,
        # and one figure quoted everywhere beats a coarser second run of it
        decided = z.method == "enumeration" or z.stride <= stride(self.draws)
        same = (
            decided
            and sim.draws == self.draws
            and sim.seed == self.seed
            and tuple(sim.parties) == tuple(self.overview.parties)
        )
        return chance_of(self.overview.scenario, sim) if same else None


def stride(draws: int) -> int:
    """Every how many draws one is decided when at most :data:`SOLVES` of ``draws`` are."""
    return 1 if draws <= SOLVES else -(-draws // SOLVES)
