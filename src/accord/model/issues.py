"""What is negotiated: issues and the settings each can take."""

from __future__ import annotations

from enum import StrEnum
from itertools import pairwise

from pydantic import Field, model_validator

from accord.model.base import Id, Number, Record, Setting


class IssueKind(StrEnum):
    ordinal = "ordinal"  # ordered options from one pole to the other
    continuous = "continuous"  # a number between min and max
    boolean = "boolean"  # yes or no


#: Ordinal options without declared positions are spread evenly over this scale.
SCALE_MIN, SCALE_MAX = 0.0, 100.0


class Option(Record):
    """One setting of an ordinal issue.

    ``position`` places it on the issue's 0..100 scale; when every option omits it, options
    are spaced evenly in the order given.
    """

    id: Id
    label: str = Field(min_length=1)
    position: Number | None = Field(default=None, ge=SCALE_MIN, le=SCALE_MAX)
    description: str | None = None


class Issue(Record):
    """An issue on the table.

    ``status_quo`` is the setting that holds when a deal does not address the issue (a
    *silent* draft); leave it out when nothing would hold by default. ``controlled_by``
    names the actors who decide the issue (e.g. EU members for accession to the EU); a party
    outside it cannot deliver a concession on it alone. None: not stated.
    """

    id: Id
    name: str = Field(min_length=1)
    description: str | None = None
    kind: IssueKind
    options: list[Option] | None = None
    min: Number | None = None
    max: Number | None = None
    unit: str | None = None
    status_quo: Setting | None = None
    keywords: list[str] = Field(default_factory=list)
    controlled_by: list[Id] | None = Field(
        default=None,
        description="actor ids who decide the issue; a party outside them cannot deliver it",
    )

    @model_validator(mode="after")
    def _fields_match_kind(self) -> Issue:
        if self.kind is IssueKind.ordinal:
            if not self.options or len(self.options) < 2:
                raise ValueError(
                    "an ordinal issue needs 'options': at least two, each with id and label"
                )
            if self.min is not None or self.max is not None:
                raise ValueError(
                    "'min' and 'max' belong to continuous issues; ordinal issues use 'options'"
                )
            given = [o.position is not None for o in self.options]
            if any(given) and not all(given):
                raise ValueError(
                    "give 'position' for every option or for none (then they are spaced evenly)"
                )
            if all(given):
                pos = [o.position for o in self.options]
                if any(b <= a for a, b in pairwise(pos)):  # type: ignore[operator]
                    raise ValueError(
                        f"option positions must increase in the order given; got {pos}"
                    )
        elif self.kind is IssueKind.continuous:
            if self.min is None or self.max is None:
                raise ValueError("a continuous issue needs 'min' and 'max'")
            if not self.max > self.min:
                raise ValueError(f"'max' ({self.max}) must be greater than 'min' ({self.min})")
            if self.options is not None:
                raise ValueError(
                    "'options' belong to ordinal issues; continuous issues use 'min' and 'max'"
                )
        else:
            if self.options is not None or self.min is not None or self.max is not None:
                raise ValueError(
                    "a boolean issue takes true or false; drop 'options', 'min' and 'max'"
                )
        return self

    # --- the issue's own scale -------------------------------------------------------------
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options or []]

    def positions(self) -> list[float]:
        """Positions on the 0..100 scale of each discrete setting (options, or false/true)."""
        if self.kind is IssueKind.boolean:
            return [SCALE_MIN, SCALE_MAX]
        if self.kind is IssueKind.ordinal:
            opts = self.options or []
            if opts[0].position is not None:
                return [float(o.position) for o in opts]  # type: ignore[arg-type]
            step = (SCALE_MAX - SCALE_MIN) / (len(opts) - 1)
            return [SCALE_MIN + k * step for k in range(len(opts))]
        raise TypeError("a continuous issue has no discrete positions")

    def bounds(self) -> tuple[float, float]:
        """The two ends of the issue's scale, in its own units."""
        if self.kind is IssueKind.continuous:
            return float(self.min), float(self.max)  # type: ignore[arg-type]
        pos = self.positions()
        return pos[0], pos[-1]

    def label(self, value: object) -> str:
        """A readable label for a setting value."""
        if self.kind is IssueKind.ordinal:
            for o in self.options or []:
                if o.id == value:
                    return o.label
        if self.kind is IssueKind.continuous and isinstance(value, int | float):
            text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"
            if not self.unit:
                return text
            return f"{text}{self.unit}" if self.unit in ("%", "pp") else f"{text} {self.unit}"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)
