"""Linked terms: what an actor makes of a combination of settings on a few issues.

Stances value issues one at a time, so they cannot say that a party would renounce one
thing *only* in exchange for another (issue linkage: Raiffa, *The Art and Science of
Negotiation*, 1982; Sebenius, "Negotiation arithmetic", 1983). A :class:`Link` ties 2 to 4
issues for one actor, in one of two ways:

* a **table** gives the utility (0..1) of every combination of the issues' settings; it
  replaces the actor's separate utilities for those issues, and its ``weight`` takes the
  place of their saliences;
* a **rule** adds ``add`` to the actor's total utility when its ``when`` conditions and its
  ``given`` conditions hold, and ``otherwise`` when the ``when`` conditions hold but a
  ``given`` condition does not ("renouncing NATO is worth +0.1 only with guarantees at
  least binding, otherwise -0.3").

A :class:`Condition` is also what makes a red line conditional (``Stance.unless``). The
formula and an example are in ``docs/negotiation-analysis.md``.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from accord.model.base import Id, Number, Record, SettingValue

#: Issues one link may tie.
MIN_LINKED, MAX_LINKED = 2, 4
#: The most joint settings a linked group of issues may have (it is tabulated in full).
GROUP_LIMIT = 1_000_000
#: The tests a condition may make, one per condition.
TESTS = ("equals", "one_of", "at_least", "at_most")


class Condition(Record):
    """A test on one issue's setting: exactly one of ``equals``, ``one_of``, ``at_least``,
    ``at_most``. "At least" follows the issue's own order: options from the first listed
    to the last, false before true, numbers upwards."""

    issue: Id
    equals: SettingValue | None = None
    one_of: list[SettingValue] | None = Field(default=None, min_length=1)
    at_least: SettingValue | None = None
    at_most: SettingValue | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        given = [t for t in TESTS if getattr(self, t) is not None]
        if len(given) != 1:
            got = f"got {', '.join(given)}" if given else "got none"
            raise ValueError(f"a condition makes exactly one test of {', '.join(TESTS)}; {got}")
        return self

    @property
    def test(self) -> str:
        """The name of the test the condition makes."""
        return next(t for t in TESTS if getattr(self, t) is not None)

    def values(self) -> list[SettingValue]:
        """The settings the test names."""
        value = getattr(self, self.test)
        return list(value) if isinstance(value, list) else [value]


class TableRow(Record):
    """One combination of settings of a table link and the actor's utility for it."""

    settings: dict[Id, SettingValue] = Field(min_length=1)
    utility: Number = Field(ge=0.0, le=1.0)


class Rule(Record):
    """An adjustment to the actor's total utility, on its 0..1 scale (so -1..1)."""

    when: list[Condition] = Field(default_factory=list)
    given: list[Condition] = Field(min_length=1)
    add: Number = Field(ge=-1.0, le=1.0)
    otherwise: Number = Field(default=0.0, ge=-1.0, le=1.0)


class Link(Record):
    """One actor's joint valuation of 2 to 4 issues: a ``table`` (with ``weight``) or a
    ``rule``, never both."""

    id: Id
    actor: Id
    issues: list[Id] = Field(min_length=MIN_LINKED, max_length=MAX_LINKED)
    weight: Number | None = Field(
        default=None, ge=0.0, le=1.0, description="a table's salience, in place of the stances'"
    )
    table: list[TableRow] | None = Field(default=None, min_length=1)
    default: Number | None = Field(
        default=None, ge=0.0, le=1.0, description="a table's utility for combinations not listed"
    )
    rule: Rule | None = None
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _table_or_rule(self) -> Link:
        if (self.table is None) == (self.rule is None):
            raise ValueError("a link has either a 'table' (with 'weight') or a 'rule'")
        if self.table is not None and self.weight is None:
            raise ValueError("a table link needs 'weight': the salience the table carries")
        if self.rule is not None and (self.weight is not None or self.default is not None):
            raise ValueError("'weight' and 'default' belong to table links, not rules")
        if len(set(self.issues)) != len(self.issues):
            raise ValueError("a link names each of its 'issues' once")
        return self
