"""Forecasts of negotiation outcomes, and backtests of them against recorded outcomes.

Every model has one signature, ``forecast(scenario, model=..., actors=...)``, and one
result type, :class:`Forecast` (see :mod:`accord.forecast.models` for the models).
:func:`backtest` scores them on the DEU III data of EU legislative decisions.
"""

from accord.forecast.central import weighted_mean, weighted_median
from accord.forecast.deu3 import Backtest, ModelScore, backtest, read_deu3
from accord.forecast.inputs import Inputs, scenario_inputs
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
    "read_deu3",
    "scenario_inputs",
    "weighted_mean",
    "weighted_median",
]
