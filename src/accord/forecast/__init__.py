"""Forecasts of negotiation outcomes, and backtests of them against recorded outcomes.

Every model has one signature, ``forecast(scenario, model=..., actors=...)``, and one
result type, :class:`Forecast` (see :mod:`accord.forecast.models` for the models).
:func:`backtest` scores them on the DEU III data of EU legislative decisions.
"""

from accord.analysis.inputs import Inputs, scenario_inputs
from accord.forecast.backtest import Backtest, ModelScore, backtest
from accord.forecast.central import weighted_mean, weighted_median
from accord.forecast.models import MODEL_NAMES, MODELS, Forecast, IssueForecast, forecast

__all__ = [
    "MODELS",
    "MODEL_NAMES",
    "Backtest",
    "Forecast",
    "Inputs",
    "IssueForecast",
    "ModelScore",
    "backtest",
    "forecast",
    "scenario_inputs",
    "weighted_mean",
    "weighted_median",
]
