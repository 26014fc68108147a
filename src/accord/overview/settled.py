"""Did an iterative model settle? Its verdict in words, one wording for every front end.

The iterative models (``eum``, ``exchange``) forecast from their last round; where they did
not settle (:mod:`accord.forecast.convergence`), that value depends on the round the limit
happened to end on, so no front end shows it as a plain forecast: the command line, the
report and the web app mark the issue with :data:`MARK` and say :func:`unsettled_text`.
"""

from __future__ import annotations

from collections.abc import Mapping

from accord.forecast.convergence import WINDOW
from accord.forecast.models import Forecast, nearest_setting
from accord.model import Issue, IssueKind
from accord.overview.words import number_text, scale_text

#: The mark beside a forecast the model did not settle on (the footnote says why).
MARK = "*"


def _value(issue: Issue, value: float) -> str:
    if issue.kind is IssueKind.continuous:  # a number with its unit, never 8e+05
        return scale_text(issue, value)
    return f"{number_text(value)} ({issue.label(nearest_setting(issue, value))})"


def last_round(f: Forecast) -> int | None:
    """The round a forecast's value is taken after, when the model records its rounds."""
    return len(f.rounds) - 1 if f.rounds else None


def unsettled_text(
    issue: Issue, cycle: Mapping[str, float | int | None] | None, last: int | None = None
) -> str:
    """``did not settle: cycles with period 2 between 0 (…) and 100 (…); the value shown is
    round 10's`` for an issue a model did not settle on (``cycle`` as
    :class:`~accord.forecast.models.IssueForecast` gives it; ``last``: the round the value
    is taken after, when known)."""
    whose = "the last round's" if last is None else f"round {last}'s"
    if not cycle or cycle.get("low") is None or cycle.get("high") is None:
        return f"did not settle; the value shown is {whose}"
    low, high = _value(issue, float(cycle["low"])), _value(issue, float(cycle["high"]))  # type: ignore[arg-type]
    period = cycle.get("period")
    if period:
        how = f"cycles with period {int(period)} between {low} and {high}"
    else:
        how = f"still moving between {low} and {high} over the last {WINDOW} rounds"
    return f"did not settle: {how}; the value shown is {whose}"


def unsettled(f: Forecast, issues: Mapping[str, Issue]) -> dict[str, str]:
    """Per issue id the model did not settle on (with a forecast), :func:`unsettled_text`."""
    last = last_round(f)
    return {
        one.issue: unsettled_text(issues[one.issue], one.cycle, last)
        for one in f.issues
        if not one.converged and one.value is not None
    }
