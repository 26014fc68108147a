"""accord: model, score and analyse multi-party negotiations.

The package is layered; imports point one way:

- :mod:`accord.model`    the scenario (actors, issues, stances, proposals), its file format
                         and validation, and the built-in scenarios;
- :mod:`accord.analysis` numbers computed over the model (utilities, scorecards, diffs);
- :mod:`accord.cli`      the ``accord`` command line.
"""

from accord.io import load_scenario, save_scenario
from accord.model import Scenario

__all__ = ["Scenario", "load_scenario", "save_scenario"]
__version__ = "0.1.0"
