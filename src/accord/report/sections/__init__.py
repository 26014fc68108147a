"""One module per section of a report, each a plain function ``section(results)`` that
returns a :class:`~accord.report.document.Section`, or None when the scenario lacks what the
section needs (a report never shows an empty section)."""

from accord.report.sections import (
    actors,
    briefing,
    commitments,
    conflict,
    drafts,
    forecasts,
    mediation,
    space,
    summary,
    timeline,
)

#: The sections in reading order.
ORDER = (
    briefing,
    summary,
    actors,
    drafts,
    space,
    commitments,
    mediation,
    forecasts,
    conflict,
    timeline,
)

__all__ = ["ORDER"]
