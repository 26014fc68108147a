"""What the report's sections draw from: the scenario's overview, under the report's name.

Every analysis runs once, before any section is written (:func:`accord.overview.run_overview`,
whose docstring gives the limits that keep a large scenario's report within seconds);
sections only choose and word what the overview holds, so the summary and the section that
shows the evidence always quote the same numbers, the ones the CLI prints.
"""

from __future__ import annotations

from accord.overview import MAIN_MODEL, Overview
from accord.overview.words import lever_text

#: The records a section reads: the overview (the name keeps the sections' signatures).
Results = Overview

__all__ = ["MAIN_MODEL", "Results", "lever_text"]
