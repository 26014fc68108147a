"""accord: model, score and analyse multi-party negotiations.

The package is layered; imports point one way:

- :mod:`accord.model`    the scenario (actors, issues, stances, proposals), its file format
                         and validation, and the built-in scenarios;
- :mod:`accord.analysis` numbers computed over the model (utilities, scorecards, diffs);
- :mod:`accord.cli`      the ``accord`` command line.

``Scenario``, ``load_scenario``, ``save_scenario`` and the functions of :mod:`accord.api`
(``accord.load``, ``accord.score``, ...) are imported on first use (module
``__getattr__``), so ``import accord`` (and with it ``accord --help``) does not load
pydantic and NumPy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.io import load_scenario, save_scenario
    from accord.model import Scenario

# The API's names are typed through accord.api itself: importing it here, even for type
# checking, would make every module that reads accord.__version__ (the report) depend on the
# floor above it.
#: The names of the public API (:mod:`accord.api`) also importable from ``accord`` itself.
#: ``forecast``, ``conflict``, ``report`` and ``ingest`` are not: they are the names of
#: subpackages, and ``accord.forecast`` becomes the package once anything imports it.
_API = ("analyze", "diff", "levers", "load", "score", "simulate", "timeline", "validate", "whatif")

__all__ = [
    "Scenario",
    "analyze",
    "diff",
    "levers",
    "load",
    "load_scenario",
    "save_scenario",
    "score",
    "simulate",
    "timeline",
    "validate",
    "whatif",
]
__version__ = "0.1.0"

#: Where each name of ``__all__`` lives.
_LAZY = {
    "Scenario": "accord.model",
    "load_scenario": "accord.io",
    "save_scenario": "accord.io",
    **dict.fromkeys(_API, "accord.api"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'accord' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
