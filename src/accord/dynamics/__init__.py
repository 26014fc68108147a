"""How the negotiation moves: levers turned, alternatives over time, the smallest lever
changes that open a deal, and negotiation processes run round by round.

Above :mod:`accord.analysis` and :mod:`accord.uncertainty`; below the report, web app and
command line.
"""
