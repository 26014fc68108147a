"""Results over time and under levers (:func:`accord.api.timeline`, :func:`accord.api.levers`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.model import Scenario
from accord.results.base import Result, distinct
from accord.results.scenario import SOFT_GIVEN, SOFT_GIVEN_ASSUMES

if TYPE_CHECKING:
    from accord.dynamics.openings import Openings
    from accord.dynamics.timeline import Timeline as Months
    from accord.report.document import Chart


@dataclass(frozen=True, repr=False)
class Timeline(Result):
    """Month by month: each party's BATNA, whether a ZOPA exists, and its size.

    Attributes:
        scenario: The scenario (under the BATNA view).
        timeline: The library's record (``months``, ``opens``, ``closes``, ``rates``).
        moves: Every dated change of a stance or BATNA the file records.
    """

    scenario: Scenario
    timeline: Months
    moves: tuple[Any, ...] = ()

    kind = "the ZOPA month by month"

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        """The columns of :meth:`rows`: the month, each party's BATNA, then whether there is
        a ZOPA, how many outcomes are in it and their share of all outcomes."""
        return ("month", *self._batna_columns().values(), "zopa", "count", "share")

    def _batna_columns(self) -> dict[str, str]:
        return distinct(self.timeline.parties, ("month", "zopa", "count", "share"), "BATNA")

    @property
    def opens(self) -> list[int]:
        """The months in which a ZOPA opens (exists, and did not the month before).

        Example:
            >>> from accord.api import EXAMPLE, timeline
            >>> timeline(EXAMPLE, settings={"fund": "empty"}).opens
            []
        """
        return self.timeline.opens

    @property
    def closes(self) -> list[int]:
        """The months in which the ZOPA closes.

        Example:
            >>> from accord.api import EXAMPLE, timeline
            >>> timeline(EXAMPLE, settings={"fund": "doubled"}).closes
            [9]
        """
        return self.timeline.closes

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord timeline SCENARIO --json``.

        Example:
            >>> from accord.api import EXAMPLE, timeline
            >>> timeline(EXAMPLE, months=2).to_dict()["months"][2]["batna"]
            {'union': 0.4, 'firm': 0.4}
        """
        return {**self.timeline.to_dict(), "moves": list(self.moves)}

    def rows(self) -> list[dict[str, Any]]:
        """One row per month: each party's BATNA, whether a ZOPA exists, its size.

        Example:
            >>> from accord.api import EXAMPLE, timeline
            >>> [r["zopa"] for r in timeline(EXAMPLE, months=12).rows()][10:]
            [True, False, False]
        """
        cols = self._batna_columns()
        return [
            {
                "month": m.month,
                **{cols[a]: b for a, b in m.batna.items()},
                "zopa": m.exists,
                "count": m.count,
                "share": m.share,
            }
            for m in self.timeline.months
        ]

    def to_frame(self) -> Any:
        """The months as a pandas DataFrame indexed by month (the 'notebook' extra).

        Example:
            >>> from accord.api import EXAMPLE, timeline
            >>> timeline(EXAMPLE, months=3).to_frame()["union"].tolist()
            [0.3, 0.35, 0.4, 0.45]
        """
        return super().to_frame().set_index("month", drop=False)

    def headline(self) -> list[str]:
        t = self.timeline
        # the summary's first sentence says when the ZOPA exists; the rest (which soft red
        # line gives when) is in to_dict()
        first = t.summary().split(". ")[0].rstrip(".") + "."
        return [
            f"'{t.scenario}', {len(t.months) - 1} months, parties {', '.join(t.parties)}",
            first,
        ]

    def assumes(self) -> list[str]:
        return [
            "each BATNA moves by its declared trend, support and cost every month, "
            "u(t) = clip(u0 + t(trend + support - cost), 0, 1); stances stay as they are",
            *self.timeline.notes,
        ]

    def charts(self) -> list[Chart]:
        from accord.results.charts import months_chart

        chart = months_chart(self.scenario, self.timeline)
        return [] if chart is None else [chart]


@dataclass(frozen=True, repr=False)
class Levers(Result):
    """The smallest lever settings (fewest levers moved, then fewest level steps) that reach
    a target: a ZOPA, or a draft every party accepts.

    Attributes:
        scenario: The scenario (under the BATNA view).
        openings: The library's record (``solutions``, ``found``, ``moved``, ``steps``).
    """

    scenario: Scenario
    openings: Openings

    kind = "smallest lever changes that reach a target"
    columns = ("solution", "lever", "level", "label", "default")

    @property
    def found(self) -> bool:
        """Whether some setting of the declared levers reaches the target.

        Example:
            >>> from accord.api import EXAMPLE, levers
            >>> levers(EXAMPLE).found
            True
        """
        return self.openings.found

    @property
    def moved(self) -> int | None:
        """Levers moved in each smallest setting (0: the target is reached already).

        Example:
            >>> from accord.api import EXAMPLE, levers
            >>> levers(EXAMPLE, month=12).moved
            1
        """
        return self.openings.moved

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord levers SCENARIO --json``.

        Example:
            >>> from accord.api import EXAMPLE, levers
            >>> levers(EXAMPLE, month=12).to_dict()["solutions"][0]["settings"]
            {'fund': 0.0}
        """
        return self.openings.to_dict()

    def rows(self) -> list[dict[str, Any]]:
        """One row per lever moved in each smallest setting.

        Example:
            >>> from accord.api import EXAMPLE, levers
            >>> levers(EXAMPLE, month=12).rows()[0]["label"]
            'empty'
        """
        rows = []
        for n, sol in enumerate(self.openings.solutions, 1):
            for lever_id, level in sol.settings.items():
                lever = self.scenario.lever(lever_id)
                rows.append(
                    {
                        "solution": n,
                        "lever": lever_id,
                        "level": level,
                        "label": lever.label(level),
                        "default": lever.default,
                    }
                )
        return rows

    def headline(self) -> list[str]:
        o = self.openings
        what = "open a ZOPA" if o.target == "zopa" else f"make {o.target} acceptable"
        when = f" at month {o.month}" if o.month else ""
        if not o.found:
            return [f"no declared lever setting can {what}{when}"]
        if o.moved == 0:
            return [f"{what}{when}: reached with every lever at its default"]
        sets = "; ".join(
            ", ".join(f"{k}={self.scenario.lever(k).label(v)}" for k, v in s.settings.items())
            for s in o.solutions[:3]
        )
        return [f"{o.count} smallest setting(s) to {what}{when}: {sets}", SOFT_GIVEN]

    def assumes(self) -> list[str]:
        return [
            "levers act only through their declared effects (on BATNAs, capabilities, "
            "saliences and soft red lines); the search is exact over the grid of their levels",
            SOFT_GIVEN_ASSUMES,
            *self.openings.notes,
        ]
