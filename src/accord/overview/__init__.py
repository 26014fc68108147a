"""Every analysis of a scenario in one call, and the words every front end writes them in.

The floor between the library and its front ends: :func:`run_overview` runs the analyses a
presentation needs, each once, and returns an :class:`Overview`; the demo, the report and
the web app only format it, through :mod:`accord.overview.words`. Core code: no plotting,
templating, web or database library is imported here.
"""

from accord.overview.pairs import choose_pair, pair_frontier
from accord.overview.records import DraftStanding, Overview, PairFrontier
from accord.overview.run import MAIN_MODEL, MODELS, run_overview

__all__ = [
    "MAIN_MODEL",
    "MODELS",
    "DraftStanding",
    "Overview",
    "PairFrontier",
    "choose_pair",
    "pair_frontier",
    "run_overview",
]
