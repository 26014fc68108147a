"""A conflict in option form (GMCR II / GMCR+): decision-makers, their options, what cannot
happen, and what each decision-maker prefers.

A *state* is a choice of taken / not taken for every option. Preferences are written as
*statements*, small logical formulas over option ids (Fang, Hipel, Kilgour & Peng 2003,
option prioritisation)::

    modify              the option is taken
    -modify             it is not taken
    modify & -delay     both hold          a | b    at least one holds
    accept if modify    modify implies accept (a state without modify satisfies it)
    accept iff modify   both or neither    ( ... )  grouping

Binding, tightest first: ``-``, ``&``, ``|``, ``if``, ``iff``. Option ids may contain
``-`` (``renounce-nato``): a ``-`` starts a negation only where an id cannot continue.

Nothing here enumerates states or ranks them; that is :mod:`accord.conflict.states`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    PlainValidator,
    field_validator,
    model_serializer,
    model_validator,
)

from accord.model.actors import Source
from accord.model.base import Id, Record

# --- statements ----------------------------------------------------------------------------
#: Words with a meaning in statements; an option may not be called by one of them.
KEYWORDS = ("if", "iff")
_ID_START = re.compile(r"[A-Za-z0-9_.]")
_ID = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.\-]*")

#: A parsed statement: ("opt", id), ("not", x), ("and" | "or" | "iff", x, y), or
#: ("if", consequence, condition) for ``consequence if condition``.
Formula = tuple[Any, ...]


class StatementError(ValueError):
    """A statement that cannot be read: what was expected, at which character."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "id", "not", "&", "|", "(", ")", "if", "iff", "end"
    text: str
    at: int  # 0-based character position


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "&|()":
            out.append(_Token(ch, ch, i))
            i += 1
        elif ch == "-":
            out.append(_Token("not", ch, i))
            i += 1
        elif _ID_START.match(ch):
            word = _ID.match(text, i)
            assert word is not None  # _ID_START matched
            kind = word.group() if word.group() in KEYWORDS else "id"
            out.append(_Token(kind, word.group(), i))
            i = word.end()
        else:
            raise StatementError(
                f"'{text}': character {i + 1} ({ch!r}) cannot appear in a statement; use option "
                "ids, '-' (not), '&' (and), '|' (or), 'if', 'iff' and parentheses"
            )
    out.append(_Token("end", "", len(text)))
    return out


class _Parser:
    """Recursive descent over the grammar ``iff > if > | > & > - > atom``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0

    def parse(self) -> Formula:
        if self.tokens[0].kind == "end":
            raise StatementError("a statement must not be empty; write e.g. 'modify & -delay'")
        formula = self._iff()
        if self._peek().kind != "end":
            self._fail("'&', '|', 'if', 'iff' or the end of the statement")
        return formula

    def _peek(self) -> _Token:
        return self.tokens[self.pos]

    def _take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _fail(self, expected: str) -> None:
        token = self._peek()
        got = "the end of the statement" if token.kind == "end" else f"'{token.text}'"
        raise StatementError(
            f"'{self.text}': at character {token.at + 1}, expected {expected}; got {got}"
        )

    def _iff(self) -> Formula:
        left = self._if()
        while self._peek().kind == "iff":
            self._take()
            left = ("iff", left, self._if())
        return left

    def _if(self) -> Formula:
        left = self._or()
        if self._peek().kind == "if":
            self._take()
            left = ("if", left, self._or())
            if self._peek().kind == "if":  # 'a if b if c' reads two ways; make the writer choose
                self._fail("parentheses around one of the 'if's, e.g. '(a if b) if c'")
        return left

    def _or(self) -> Formula:
        left = self._and()
        while self._peek().kind == "|":
            self._take()
            left = ("or", left, self._and())
        return left

    def _and(self) -> Formula:
        left = self._unary()
        while self._peek().kind == "&":
            self._take()
            left = ("and", left, self._unary())
        return left

    def _unary(self) -> Formula:
        token = self._peek()
        if token.kind == "not":
            self._take()
            return ("not", self._unary())
        if token.kind == "(":
            self._take()
            inner = self._iff()
            if self._peek().kind != ")":
                self._fail("')'")
            self._take()
            return inner
        if token.kind == "id":
            self._take()
            return ("opt", token.text)
        self._fail("an option id, '-' or '('")
        raise AssertionError  # pragma: no cover - _fail raises


def parse_statement(text: str) -> Formula:
    """Parse a statement into a small tree; :class:`StatementError` says where it went wrong.

    >>> parse_statement("accept if modify & -delay")
    ('if', ('opt', 'accept'), ('and', ('opt', 'modify'), ('not', ('opt', 'delay'))))
    """
    return _Parser(text).parse()


def statement_options(formula: Formula) -> list[str]:
    """The option ids a parsed statement mentions, in order of first mention."""
    if formula[0] == "opt":
        return [formula[1]]
    seen: dict[str, None] = {}
    for part in formula[1:]:
        seen.update(dict.fromkeys(statement_options(part)))
    return list(seen)


def _check_statement(text: str) -> str:
    try:
        parse_statement(text)
    except StatementError as exc:
        raise ValueError(str(exc)) from None
    return text


#: A statement's text, checked for syntax when read (option ids are checked across the file).
StatementText = Annotated[str, Field(min_length=1)]


# --- the conflict --------------------------------------------------------------------------
class Irreversible(StrEnum):
    """Which change of an option cannot be undone.

    ``forward``: once taken it stays taken (GMCR+ "fwd"; a withdrawal, a ratified treaty).
    ``backward``: once dropped it cannot be taken again (GMCR+ "back"; a delay that ends).
    """

    none = "none"
    forward = "forward"
    backward = "backward"


class Option(Record):
    """A yes/no course of action that one decision-maker controls."""

    id: Id
    label: str | None = None
    irreversible: Irreversible = Irreversible.none
    note: str | None = None


class DecisionMaker(Record):
    id: Id
    name: str = Field(min_length=1)
    options: list[Option] = Field(min_length=1)
    description: str | None = None


def _statement_from_text(value: Any) -> Any:
    return {"statement": value} if isinstance(value, str) else value


class Statement(Record):
    """A preference statement with the reasons for it: written as plain text when bare."""

    statement: StatementText
    judgement: str | None = None
    sources: list[Id] = Field(default_factory=list)

    @field_validator("statement")
    @classmethod
    def _syntax(cls, value: str) -> str:
        return _check_statement(value)

    @model_serializer
    def _serialize(self) -> Any:
        if self.judgement is None and not self.sources:
            return self.statement
        out: dict[str, Any] = {"statement": self.statement}
        if self.judgement is not None:
            out["judgement"] = self.judgement
        if self.sources:
            out["sources"] = list(self.sources)
        return out


def _level_from_entry(value: Any) -> Any:
    return [value] if isinstance(value, str | dict) else value


#: A statement: ``"modify & -delay"`` or ``{statement: ..., judgement: ..., sources: [...]}``.
StatementEntry = Annotated[Statement, BeforeValidator(_statement_from_text)]
#: One level of an explicit ranking: a statement, or a list of them (the states they match tie).
RankLevel = Annotated[list[StatementEntry], BeforeValidator(_level_from_entry)]


class Implies(Record):
    """``if`` holds, so must ``then``: a state where ``if`` holds and ``then`` does not is out."""

    if_: StatementText = Field(alias="if")
    then: StatementText

    @field_validator("if_", "then")
    @classmethod
    def _syntax(cls, value: str) -> str:
        return _check_statement(value)


class Infeasible(Record):
    """States that cannot occur. Exactly one of the four keys:

    ``mutually_exclusive``: at most one of these options is taken. ``at_least_one``: a
    state with none of them taken is out. ``implies``: ``{if: a, then: b}``. ``forbid``:
    every state that satisfies the statement is out.
    """

    mutually_exclusive: list[Id] | None = Field(default=None, min_length=2)
    at_least_one: list[Id] | None = Field(default=None, min_length=1)
    implies: Implies | None = None
    forbid: StatementText | None = None
    note: str | None = None

    @field_validator("forbid")
    @classmethod
    def _syntax(cls, value: str | None) -> str | None:
        return value if value is None else _check_statement(value)

    @model_validator(mode="after")
    def _one_kind(self) -> Infeasible:
        given = [k for k in INFEASIBLE_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            what = "none" if not given else "both " + " and ".join(given)
            raise ValueError(
                f"an infeasible condition needs exactly one of {', '.join(INFEASIBLE_KINDS)}; "
                f"got {what}"
            )
        return self

    def statement(self) -> str:
        """The condition as one statement: the states it rules out are those satisfying it."""
        if self.mutually_exclusive is not None:
            ids = self.mutually_exclusive
            pairs = [f"({a} & {b})" for k, a in enumerate(ids) for b in ids[k + 1 :]]
            return " | ".join(pairs)
        if self.at_least_one is not None:
            return " & ".join(f"-{a}" for a in self.at_least_one)
        if self.implies is not None:
            return f"({self.implies.if_}) & -({self.implies.then})"
        assert self.forbid is not None
        return self.forbid


INFEASIBLE_KINDS = ("mutually_exclusive", "at_least_one", "implies", "forbid")


def _is_code(value: Any) -> bool:
    return type(value) is int and 0 <= value < 2**63


def _state_level(value: Any) -> int | list[int]:
    # One check per entry, with one message: a union of two types would report each failure
    # twice, once per member, over a ranking of a quarter of a million entries.
    if _is_code(value) or (isinstance(value, list) and value and all(map(_is_code, value))):
        return value
    shown = (
        "an empty list"
        if value == []
        else {True: "true", False: "false", None: "null"}[value]  # as YAML writes them
        if value is None or isinstance(value, bool)
        else repr(value)
    )
    raise ValueError(
        "a state ranking entry is a state's code (a whole number, 0 or more: the sum of 2^k "
        f"over the options k the state takes) or a list of codes of states that tie; got {shown}"
    )


#: One entry of a state ranking: a state's code, or a list of codes (states that tie). A
#: state's code is the sum of 2^k over the options k it takes, options counted from 0 in the
#: order the file declares them (:mod:`accord.conflict.states` calls it the state's mask).
StateLevel = Annotated[int | list[int], PlainValidator(_state_level)]


class Preference(Record):
    """A decision-maker's preferences over states. Exactly one of:

    ``prioritization``: statements, most important first; a state scores 2^(n-k) for each
    statement k (k = 1 first) it satisfies, so one statement outweighs all those below it
    together, and states are ranked by score. ``ranking``: levels, most preferred first,
    each a statement or a list of statements; a state takes the first level it matches,
    and states in one level tie. Every feasible state must match some level.
    ``state_ranking``: the feasible states themselves, most preferred first, each by its
    code (:data:`StateLevel`), a list of codes being a tie; every feasible state exactly
    once. The compact form of a ranking of thousands of states (a GMCR+ manual ranking),
    where a statement per state would be long to write and slow to read.
    """

    dm: Id
    prioritization: list[StatementEntry] | None = Field(default=None, min_length=1)
    ranking: list[RankLevel] | None = Field(default=None, min_length=1)
    state_ranking: list[StateLevel] | None = Field(default=None, min_length=1)
    judgement: str | None = None
    sources: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> Preference:
        given = [self.prioritization, self.ranking, self.state_ranking]
        if sum(g is not None for g in given) != 1:
            raise ValueError(
                "preferences need exactly one of 'prioritization' (statements, most important "
                "first), 'ranking' (levels of states, most preferred first) or "
                "'state_ranking' (states by code, most preferred first)"
            )
        return self


class Published(Record):
    """Stability results reported in the literature, for checking an engine against them.

    ``states`` are statements that each match exactly one feasible state.
    """

    concept: str = Field(pattern="^(nash|gmr|smr|seq|sim|seqsim|equilibria)$")
    states: list[StatementText]
    source: Id
    note: str | None = None

    @field_validator("states")
    @classmethod
    def _syntax(cls, value: list[str]) -> list[str]:
        return [_check_statement(s) for s in value]


class Conflict(Record):
    """A strategic conflict in option form, with its sources and the analyst's reasoning."""

    id: Id
    title: str = Field(min_length=1)
    description: str | None = None
    sources: list[Source] = Field(default_factory=list)
    decision_makers: list[DecisionMaker] = Field(min_length=1)
    infeasible: list[Infeasible] = Field(default_factory=list)
    preferences: list[Preference] = Field(min_length=1)
    published: list[Published] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    judgement: str | None = None

    def options(self) -> list[tuple[str, Option]]:
        """(decision-maker id, option) in declaration order: option k is bit k of a state."""
        return [(dm.id, opt) for dm in self.decision_makers for opt in dm.options]

    def option_ids(self) -> list[str]:
        return [opt.id for _, opt in self.options()]

    def preference_of(self, dm_id: str) -> Preference:
        found = next((p for p in self.preferences if p.dm == dm_id), None)
        if found is None:
            raise ValueError(f"decision-maker '{dm_id}' has no preferences")
        return found
