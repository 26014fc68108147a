"""Names and settings in words, for the texts of items, diagnoses and amendments.

Every function takes the scenario as optional: without one (or when it does not know the
id) the id itself is shown, so a result can always be printed.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.model import Scenario, Unknown


def actor_name(scenario: Scenario | None, actor_id: str) -> str:
    """The actor's name in ``scenario``, or its id."""
    if scenario is None:
        return actor_id
    try:
        return scenario.actor(actor_id).name
    except (KeyError, ValueError, LookupError):
        return actor_id


def issue_name(scenario: Scenario | None, issue_id: str) -> str:
    """The issue's name in ``scenario``, or its id."""
    if scenario is None:
        return issue_id
    try:
        return scenario.issue(issue_id).name
    except (KeyError, ValueError, LookupError):
        return issue_id


def setting_label(scenario: Scenario | None, issue_id: str, value: object) -> str:
    """A setting in words: its label, "open" (None), "unknown" or "one of ..."."""
    if value is None:
        return "open"
    if isinstance(value, Unknown):
        if value.one_of is None:
            return "unknown"
        return "one of " + ", ".join(setting_label(scenario, issue_id, v) for v in value.one_of)
    if scenario is None:
        return str(value)
    try:
        return scenario.issue(issue_id).label(value)
    except (KeyError, ValueError, LookupError):
        return str(value)


def plain_value(value: object) -> object:
    """A draft entry as JSON can hold it (an ``Unknown`` becomes a string or a dict)."""
    if isinstance(value, Unknown):
        return {"one_of": value.one_of} if value.one_of is not None else "unknown"
    return value


def join_words(parts: Sequence[str], word: str) -> str:
    """ "a, b and c" (``word`` is "and" or "or")."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"
