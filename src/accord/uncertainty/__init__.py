"""Uncertain inputs: the spreads a scenario declares, drawn as arrays with a leading draw axis.

Below :mod:`accord.forecast` and :mod:`accord.dynamics`, which both draw from it.
"""
