"""The results :mod:`accord.api` returns: small records with a short ``repr``, an HTML view
for Jupyter (``_repr_html_``), a pandas table (``to_frame()``, the 'notebook' extra) and
the document of the matching command's ``--json`` output (``to_dict()``, ``to_json()``).

Above the report, ingest and store (a result may draw the report's charts), below the API
and the command line.
"""

from accord.results.base import MissingExtra, Result
from accord.results.conflict import Stability
from accord.results.dynamics import Levers, Timeline
from accord.results.evidence import Evidence
from accord.results.forecasting import Forecast, Simulation
from accord.results.scenario import Analysis, Diff, Scorecard, Validation
from accord.results.show import ScenarioView
from accord.results.trades import Trades

__all__ = [
    "Analysis",
    "Diff",
    "Evidence",
    "Forecast",
    "Levers",
    "MissingExtra",
    "Result",
    "ScenarioView",
    "Scorecard",
    "Simulation",
    "Stability",
    "Timeline",
    "Trades",
    "Validation",
]
