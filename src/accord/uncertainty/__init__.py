"""Uncertain inputs: the spreads a scenario declares, drawn as arrays with a leading draw axis.

Below :mod:`accord.forecast` and :mod:`accord.dynamics`, which both draw from it:
:mod:`~accord.uncertainty.draws` samples the spreads, :mod:`~accord.uncertainty.plan`
compiles a scenario and its parties for drawing and seeds the chunks of draws, and
:mod:`~accord.uncertainty.preferences` gives the parties' preferences and utilities in every
draw.
"""
