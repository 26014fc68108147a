"""Files in and out: scenario and conflict files (located YAML, with every problem named by
line and column), the built-in scenarios and conflicts, and the importers (GENIUS/ANAC
domains, GMCR+ save files, DEU III tables).

Above the analyses (it builds their inputs; conflict files are checked with the conflict
state functions), below the report, ingest, store, web app and command line.
"""

from accord.data import DEFAULT_SCENARIO
from accord.io.builtins import builtin_names, load_builtin, resolve_scenario
from accord.io.conflicts import (
    builtin_conflicts,
    dump_conflict,
    load_builtin_conflict,
    load_conflict,
    parse_conflict,
    save_conflict,
)
from accord.io.deu3 import read_deu3
from accord.io.scenarios import (
    dump_scenario,
    load_scenario,
    parse_scenario,
    read_scenario,
    save_scenario,
)

__all__ = [
    "DEFAULT_SCENARIO",
    "builtin_conflicts",
    "builtin_names",
    "dump_conflict",
    "dump_scenario",
    "load_builtin",
    "load_builtin_conflict",
    "load_conflict",
    "load_scenario",
    "parse_conflict",
    "parse_scenario",
    "read_deu3",
    "read_scenario",
    "resolve_scenario",
    "save_conflict",
    "save_scenario",
]
