"""The base of a dated entry: values a record held from a date, before its current ones.

A stance or a BATNA holds its *current* values at its top level, from its ``since`` date;
its ``history`` lists earlier values, oldest first, each holding from its ``from`` until the
next entry's ``from`` (or ``since``). An entry names only the values that differed from the
current ones: a value it leaves out equals the current one. A value it names as ``null``
(``red_line: null``: no red line then) is different from one it leaves out, so the entry
remembers which values it names (:meth:`EarlierValues.named`) and writes exactly those back.

The records are :class:`accord.model.stances.EarlierStance` and
:class:`accord.model.actors.EarlierBatna`; how a scenario stood on a date is worked out by
:mod:`accord.model.dated`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from accord.model.base import Id, Record


class EarlierValues(Record):
    """Values that held from ``from`` until the next entry's ``from`` (or the record's
    ``since``), with where they come from. Subclasses list the values an entry may set in
    :attr:`VALUES`."""

    #: The value fields an entry may name (the record's fields of the same names).
    VALUES: ClassVar[tuple[str, ...]] = ()
    #: How a value named as None is written (``firmness: hard``, not ``firmness: null``).
    NONE_WORDS: ClassVar[dict[str, str]] = {}

    from_: dt.date = Field(alias="from", description="the date from which these values held")
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = Field(
        default=None, description="why the analyst reads these values so, where no source says"
    )
    note: str | None = None

    def named(self) -> dict[str, Any]:
        """The values this entry names (a None among them is named, not left out)."""
        return {n: getattr(self, n) for n in self.VALUES if n in self.model_fields_set}

    @model_serializer(mode="wrap")
    def _written(self, handler: SerializerFunctionWrapHandler) -> Any:
        # 'from' whatever the dump's by_alias says (a file has no other spelling), then the
        # named values, a named None included (it means "none then", which leaving the key
        # out would turn into "as now"), then the entry's sources, judgement and note.
        out = handler(self)
        written: dict[str, Any] = {"from": out.get("from", out.get("from_"))}
        for name in self.VALUES:
            if name in self.model_fields_set:
                value = out.get(name)
                written[name] = self.NONE_WORDS.get(name) if value is None else value
        for name in ("sources", "judgement", "note"):
            if name in out:
                written[name] = out[name]
        return written
