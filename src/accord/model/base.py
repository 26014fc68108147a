"""Shared pieces of the data model: the record base class and setting values."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_serializer,
)

#: Identifiers: short, stable, machine-friendly names used for references inside a file.
Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$"),
]

#: A number: an int or a float, never true/false or text. Lax floats would read YAML's
#: ``yes`` as 1.0 (``utility: yes``) and parse ``"0.5"``; a file that says so is an error.
Number = Annotated[float, Strict()]
#: A whole number, likewise never true/false, text or 2.0.
Count = Annotated[int, Strict()]

#: A value an issue can take: an option id (ordinal), a number (continuous) or true/false
#: (boolean). Strict types keep ``true`` from turning into 1.0 and ``"800"`` into 800.
SettingValue = StrictBool | StrictInt | StrictFloat | StrictStr

UNKNOWN = "unknown"


class Record(BaseModel):
    """Base of every model class: unknown keys are errors, never silently dropped.

    Numbers must be finite: ``.inf`` and ``.nan`` mean nothing on a scale, and JSON (the
    schema, ``model_dump_json``) cannot hold them.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Unknown(Record):
    """A setting that a draft makes but that is not publicly known.

    Written ``unknown`` in a file (any value is possible) or ``{one_of: [a, b]}`` when the
    reporting narrows it down. Different from *silent*, where the draft does not address the
    issue at all.
    """

    one_of: list[SettingValue] | None = None

    @model_serializer
    def _serialize(self) -> Any:
        return UNKNOWN if self.one_of is None else {"one_of": list(self.one_of)}


def _unknown_from_word(value: Any) -> Any:
    if value == UNKNOWN:
        return Unknown()
    return value


#: What a draft says about an issue: a known value, or :class:`Unknown`.
Setting = Annotated[Unknown | SettingValue, BeforeValidator(_unknown_from_word)]


def is_unknown(value: object) -> bool:
    return isinstance(value, Unknown)
