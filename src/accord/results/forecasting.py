"""Results of forecasts and negotiation processes (:func:`accord.api.forecast`,
:func:`accord.api.simulate`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.model import Scenario
from accord.results.base import Result

if TYPE_CHECKING:
    from accord.dynamics.processes import Simulation as ProcessRuns
    from accord.forecast.models import Forecast as ModelForecast
    from accord.forecast.montecarlo import Simulation as MonteCarlo
    from accord.forecast.outlook import Outlook
    from accord.forecast.sensitivity import Sensitivity
    from accord.report.document import Chart

#: The quantiles of a Monte Carlo forecast that :meth:`Forecast.rows` gives, in percent.
QUANTILES = (5, 25, 50, 75, 95)


@dataclass(frozen=True, repr=False)
class Forecast(Result):
    """Each issue's forecast under one model, with the chance of a deal and, with draws, its
    spread over the scenario's uncertain inputs.

    Attributes:
        scenario: The scenario forecast (under the BATNA view).
        forecast: The model's forecast (``model``, ``issues``, ``notes``).
        outlook: Deal or no deal: the chance of a ZOPA and the forecast as a package.
        issues_assume: What the per-issue forecasts assume (that a deal is reached, ...).
        simulation: The Monte Carlo run (None without ``draws``).
        sensitivity: The tornado and variance indices (None unless asked).
    """

    scenario: Scenario
    forecast: ModelForecast
    outlook: Outlook
    issues_assume: str
    simulation: MonteCarlo | None = None
    sensitivity: Sensitivity | None = None

    kind = "forecast of each issue"

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """The columns of :meth:`rows`: the issue, its forecast value and label, how many
        actors take part and whether the model converged; with a simulation, the forecast's
        quantiles over the draws and ``no_forecast`` (the share of draws that gave none)."""
        base = ("issue", "value", "label", "actors", "converged")
        if self.simulation is None:
            return base
        return (*base, *(f"q{q}" for q in QUANTILES), "no_forecast")

    @property
    def model(self) -> str:
        """The forecasting model's name.

        Example:
            >>> from accord.api import EXAMPLE, forecast
            >>> forecast(EXAMPLE, "median").model
            'median'
        """
        return self.forecast.model

    @property
    def seed(self) -> int | None:
        """The seed of the draws behind the chance of a deal (and of the Monte Carlo).

        Example:
            >>> from accord.api import EXAMPLE, forecast
            >>> forecast(EXAMPLE).seed
            0
        """
        if self.simulation is not None:
            return self.simulation.seed
        return self.outlook.deal.seed

    @property
    def draws(self) -> int:
        """The Monte Carlo draws behind the chance of a deal (and the spread, with ``draws``).

        Example:
            >>> from accord.api import EXAMPLE, forecast
            >>> forecast(EXAMPLE, draws=50, seed=2).draws
            50
        """
        if self.simulation is not None:
            return self.simulation.draws
        return self.outlook.deal.draws

    def value(self, issue: str) -> float | None:
        """The forecast of one issue on its scale (None where the model gives none).

        Args:
            issue: An issue id.

        Returns:
            The value (an option's index for an ordinal issue).

        Example:
            >>> from accord.api import EXAMPLE, forecast
            >>> forecast(EXAMPLE).value("wage")
            5.2
        """
        return self.forecast.issue(issue).value

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord forecast SCENARIO --model M [--draws N] --json``.

        Example:
            >>> from accord.api import EXAMPLE, forecast
            >>> sorted(forecast(EXAMPLE).to_dict())[:4]
            ['actors', 'deal', 'issues', 'issues_assume']
        """
        doc: dict[str, Any] = {
            "scenario": self.scenario.id,
            **self.forecast.to_dict(),
            **self.outlook.to_dict(),
        }
        doc["issues_assume"] = self.issues_assume
        if self.simulation is not None:
            doc["simulation"] = self.simulation.to_dict()
        if self.sensitivity is not None:
            doc["sensitivity"] = self.sensitivity.to_dict()
        return doc

    def rows(self) -> list[dict[str, Any]]:
        """One row per issue: the value, its nearest setting, the actors counted, and with
        draws the quantiles over them.

        Example:
            >>> from accord.api import EXAMPLE, forecast
            >>> forecast(EXAMPLE).rows()[1]["label"]
            'Shorten progression'
        """
        spread = {} if self.simulation is None else {x.issue: x for x in self.simulation.issues}
        rows = []
        for f in self.forecast.issues:
            row: dict[str, Any] = {
                "issue": f.issue,
                "value": f.value,
                "label": None if f.value is None else str(f.label),
                "actors": len(f.actors),
                "converged": f.converged,
            }
            x = spread.get(f.issue)
            if x is not None:
                q = x.quantiles or {}
                row.update({f"q{p}": q.get(p) for p in QUANTILES})
                row["no_forecast"] = x.no_forecast
            rows.append(row)
        return rows

    def headline(self) -> list[str]:
        deal = self.outlook.deal
        chance = "no parties" if deal.chance is None else f"{deal.chance:.0%}"
        lines = [
            f"'{self.scenario.id}', {self.model} model",
            f"chance of a ZOPA: {chance} of {deal.evaluated:,} draws (seed {deal.seed})",
        ]
        shown = [f"{r['issue']}={r['label']}" for r in self.rows() if r["label"] is not None]
        more = f" ... ({len(shown) - 3} more: to_frame())" if len(shown) > 3 else ""
        lines.append("if a deal is reached: " + ", ".join(shown[:3]) + more)
        if self.simulation is not None:
            lines.append(
                f"Monte Carlo: {self.simulation.draws:,} draws, seed {self.simulation.seed}"
            )
        return lines

    def assumes(self) -> list[str]:
        return [f"each issue's forecast: {self.issues_assume}", *self.outlook.deal.assumes]

    def charts(self) -> list[Chart]:
        from accord.results.charts import bands_chart, tornado_charts, trajectory_chart

        found = [trajectory_chart(self.scenario, self.forecast)]
        if self.simulation is not None:
            found.append(bands_chart(self.scenario, self.forecast, self.simulation))
        out = [c for c in found if c is not None]
        # the tornado's titles name the briefing's main model: drawn for that model only
        if self.sensitivity is not None and self.forecast.model == "compromise":
            out += tornado_charts(self.scenario, self.sensitivity)
        return out


@dataclass(frozen=True, repr=False)
class Simulation(Result):
    """A negotiation process run many times over drawn inputs: how the runs ended.

    Attributes:
        scenario: The scenario (under the BATNA view).
        simulation: The library's record (``results``, ``rounds``, ``utility``, ``example``).
    """

    scenario: Scenario
    simulation: ProcessRuns

    kind = "negotiation process over drawn inputs"
    columns = ("result", "share", "share_without_ratification")

    @property
    def seed(self) -> int | None:
        """The seed of the draws.

        Example:
            >>> from accord.api import EXAMPLE, simulate
            >>> simulate(EXAMPLE, runs=50, seed=7).seed
            7
        """
        return self.simulation.seed

    @property
    def runs(self) -> int:
        """The number of runs.

        Example:
            >>> from accord.api import EXAMPLE, simulate
            >>> simulate(EXAMPLE, runs=50).runs
            50
        """
        return self.simulation.runs

    @property
    def results(self) -> dict[str, float]:
        """The share of runs ending each way (``agreement``, ``no agreement``, ...).

        Example:
            >>> from accord.api import EXAMPLE, simulate
            >>> sum(simulate(EXAMPLE, runs=50).results.values())
            1.0
        """
        return self.simulation.results

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord simulate SCENARIO --json``.

        Example:
            >>> from accord.api import EXAMPLE, simulate
            >>> simulate(EXAMPLE, runs=50, seed=7).to_dict()["seed"]
            7
        """
        return self.simulation.to_dict()

    def rows(self) -> list[dict[str, Any]]:
        """One row per way a run can end, with its share of the runs.

        Example:
            >>> from accord.api import EXAMPLE, simulate
            >>> [r["result"] for r in simulate(EXAMPLE, runs=50).rows()]
            ['agreement', 'walk-away', 'deadlock']
        """
        flat = self.simulation.flat_results or {}
        return [
            {"result": k, "share": v, "share_without_ratification": flat.get(k)}
            for k, v in self.simulation.results.items()
        ]

    def headline(self) -> list[str]:
        r = self.simulation
        how = ", ".join(f"{k} {v:.1%}" for k, v in r.results.items())
        return [
            f"'{r.scenario}': {r.process} process, {r.runs:,} runs (seed {r.seed})",
            how,
            f"rounds (median): {r.rounds.get('50', float('nan')):.0f}; cycled {r.cycling:.1%}",
        ]

    def assumes(self) -> list[str]:
        r = self.simulation
        said = [
            "each run draws the scenario's declared spreads; the process follows the rules of "
            "docs/processes.md round by round, a party accepting a text worth at least its "
            "BATNA that crosses none of its red lines",
        ]
        return said + list(r.assumptions) + list(r.notes)
