"""Import GENIUS / ANAC negotiation domains (XML) as accord scenarios.

A GENIUS domain is a folder of XML files: one *domain* file listing the issues and their
values, and one *preference profile* (utility space) per party giving each issue a weight,
each value an evaluation, and optionally a reservation value and a discount factor. A
party's GENIUS utility for an outcome is linear additive::

    U(x) = sum_i w_i * e_i(x_i)

with ``e_i`` the value's evaluation divided by the largest evaluation on issue i (0 when
that largest evaluation is below 0.00001, as in GENIUS) for discrete issues, and a clamped
linear (or constant, or triangular) function for integer and real issues.

The conversion keeps that utility exactly: each profile becomes an actor (role ``party``,
capability 1), each issue an ordinal issue, each (profile, issue) pair a stance with
``utility: table`` holding ``e_i`` for every option and salience ``w_i / sum(w)``. accord's
utility, the salience-weighted mean of table utilities, is then GENIUS's utility whenever
the weights sum to 1 (as they do in every published domain); otherwise it is GENIUS's
divided by that sum, and the reservation value is divided likewise so that accepting and
refusing stay the same. Integer issues get one option per integer (evenly spaced integers
beyond :data:`INTEGER_OPTION_LIMIT`), real issues ``steps`` evenly spaced values: utilities
are exact at those values.

Files are parsed with the standard library's expat parser; DOCTYPE and ENTITY
declarations are refused (they are what entity-expansion attacks use, and GENIUS files
never need them). Every problem raises :class:`ScenarioError` naming the file, the line
and what would be valid.

The package: :mod:`~accord.io.genius.xmlfile` (XML with line numbers),
:mod:`~accord.io.genius.domain` (domain files), :mod:`~accord.io.genius.profiles`
(preference profiles) and :mod:`~accord.io.genius.reader` (finding the files, building the
scenario).
"""

from accord.io.genius.domain import DEFAULT_STEPS, INTEGER_OPTION_LIMIT
from accord.io.genius.profiles import ZERO_MAX
from accord.io.genius.reader import MAX_BYTES, SOURCE_ID, WEIGHT_SUM_TOLERANCE, read_genius

__all__ = [
    "DEFAULT_STEPS",
    "INTEGER_OPTION_LIMIT",
    "MAX_BYTES",
    "SOURCE_ID",
    "WEIGHT_SUM_TOLERANCE",
    "ZERO_MAX",
    "read_genius",
]
