"""Forecasts of negotiation outcomes, and backtests of them against recorded outcomes.

Every model has one signature, ``forecast(scenario, model=..., actors=...)``, and one
result type, :class:`Forecast`: ``"compromise"`` (the capability x salience weighted mean
of the actors' positions) and ``"median"`` (the weighted median). :func:`backtest` scores
them on the DEU III data of EU legislative decisions.
"""

from accord.forecast.deu3 import Backtest, ModelScore, backtest, read_deu3
from accord.forecast.models import (
    MODELS,
    Forecast,
    IssueForecast,
    forecast,
    weighted_mean,
    weighted_median,
)

__all__ = [
    "MODELS",
    "Backtest",
    "Forecast",
    "IssueForecast",
    "ModelScore",
    "backtest",
    "forecast",
    "read_deu3",
    "weighted_mean",
    "weighted_median",
]
