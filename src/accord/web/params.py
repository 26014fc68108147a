"""Bounded request parameters: every number and scenario id a request can carry.

A number a route takes (a version, a run, a kept edit, a restore, draws, a seed) is one of
the types below, never a bare ``int``: out of range, negative or not a whole number, it is
refused with a 422 that names the valid range, before any handler or database sees it. (A
bare ``int`` let ``?version=10**30`` through to SQLite, which raised ``OverflowError``.)
The bounds are what the store's columns hold: version numbers and ids are 32-bit on
PostgreSQL, seeds are NumPy's (0 to 2**32-1).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from accord.model.scenario import SCENARIO_ID_PATTERN, SCENARIO_ID_RULE

#: The largest version number, run id or kept-edit id (a signed 32-bit SQL integer).
MAX_ID = 2**31 - 1
#: Seeds NumPy's generators accept.
MAX_SEED = 2**32 - 1
#: Draws in one Monte Carlo run.
MAX_DRAWS = 100_000


def in_range(lo: int, hi: int) -> WrapValidator:
    """The validator of a whole number from ``lo`` to ``hi``: any miss (text, a fraction,
    too large, negative) is one 422 message naming the range. Beside ``Field(ge=lo,
    le=hi)``, which puts the range in the OpenAPI schema (``minimum``/``maximum``), so
    clients and the hostile tests generated from it know it too."""

    def wrap(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError:
            raise PydanticCustomError(
                "int_range",
                "must be a whole number from {lo} to {hi}",
                {"lo": lo, "hi": hi},
            ) from None

    return WrapValidator(wrap)


#: A version number of a scenario (1 is the first).
VersionNumber = Annotated[int, Field(ge=1, le=MAX_ID), in_range(1, MAX_ID)]
#: The id of a stored run or of an edit kept aside.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID), in_range(1, MAX_ID)]
#: A random seed: runs with the same seed draw the same numbers.
Seed = Annotated[int, Field(ge=0, le=MAX_SEED), in_range(0, MAX_SEED)]
#: Draws of one Monte Carlo run.
Draws = Annotated[int, Field(ge=1, le=MAX_DRAWS), in_range(1, MAX_DRAWS)]


def _scenario_id(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError(
            "scenario_id", "not a scenario id: {rule}", {"rule": SCENARIO_ID_RULE}
        ) from None


#: A scenario id in a path, with the pattern of the file format's scenario ``id``.
ScenarioId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=SCENARIO_ID_PATTERN),
    WrapValidator(_scenario_id),
]
