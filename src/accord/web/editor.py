"""What the stance editor and the scenario list say, in the analyst's terms.

The analyst edits a row of a table, not a YAML file: a refused save is worded by actor,
issue and field (never by the file's line and column, which the page does not show), a save
kept aside is shown as the change it makes, and a second copy of a built-in is offered an id
no scenario has yet. Timestamps are shown to the minute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from accord.io.located import read_yaml
from accord.io.yamltext import Change, edit_text
from accord.model import Scenario
from accord.model.problems import ScenarioError
from accord.store.texts import unified_diff

#: How the editor's fields are named in its messages (as its column headers name them).
FIELDS = {
    "position": "position",
    "salience": "salience",
    "red_line": "red line",
    "uncertainty": "spread",
    "utility": "BATNA utility",
}
_STANCE = re.compile(r"^stances\[(\d+)\](?:\.(\w+))?")
_ACTOR = re.compile(r"^actors\[(\d+)\](?:\.batna)?(?:\.(\w+))?")


def field_words(field: str | None) -> str:
    """A stance or BATNA field as the editor's column headers name it, for messages; a field
    the editor has no header for is written with spaces for underscores.

    Example:
        >>> field_words("red_line"), field_words("uncertainty"), field_words("time_cost")
        ('red line', 'spread', 'time cost')
    """
    return FIELDS.get(field or "", (field or "").replace("_", " "))


def stance_where(s: Scenario, actor: str, issue: str, field: str | None) -> str:
    """``Ukraine on Cap on Ukraine's armed forces, red line``: a stance field in words."""
    where = f"{s.actor(actor).name} on {s.issue(issue).name}"
    return f"{where}, {field_words(field)}" if field else where


def problem_words(s: Scenario, problems: Sequence[Mapping[str, Any]]) -> list[str]:
    """The errors of a refused save (:func:`accord.web.errors.problem_list`), each once, by
    actor, issue and field; warnings, which refuse nothing, are left out.

    ``s`` is the version the edit was made on: an edit changes values, never which stance
    or actor stands at an index, so the indices of the path name the same records."""
    out: list[str] = []
    for p in problems:
        if p.get("severity", "error") != "error":
            continue
        path, message = str(p.get("path") or ""), str(p.get("message", ""))
        said = message
        stance = _STANCE.match(path)
        actor = _ACTOR.match(path)
        if stance and int(stance.group(1)) < len(s.stances):
            st = s.stances[int(stance.group(1))]
            said = f"{stance_where(s, st.actor, st.issue, stance.group(2))}: {message}"
        elif actor and int(actor.group(1)) < len(s.actors):
            who = s.actors[int(actor.group(1))].name
            said = f"{who}, {field_words(actor.group(2) or 'utility')}: {message}"
        if said not in out:
            out.append(said)
    return out


def out_of_range(s: Scenario, actor: str, issue_id: str, values: Mapping[str, Any]) -> str | None:
    """Why a number typed for a continuous issue is refused (outside the issue's range),
    worded with the issue's unit; None when every value is inside it."""
    issue = s.issue(issue_id)
    if issue.kind.value != "continuous" or issue.min is None or issue.max is None:
        return None
    for field, value in values.items():
        if isinstance(value, int | float) and not issue.min <= value <= issue.max:
            return (
                f"{stance_where(s, actor, issue_id, field)}: {issue.label(value)} is not "
                f"valid; valid: a number from {issue.label(issue.min)} to "
                f"{issue.label(issue.max)}"
            )
    return None


def unchanged(old: str, new: str) -> bool:
    """Whether an edit leaves the scenario's data as it was (the same text, or only a
    number written another way: ``800000`` for ``800000.0``)."""
    if old == new:
        return True
    try:
        return bool(read_yaml(old)[0] == read_yaml(new)[0])
    except ScenarioError:
        return False


def kept_change(base_text: str, kept_text: str, base: int, kept_id: int) -> str:
    """A save kept aside, as the change it makes to the version it was based on."""
    return unified_diff(base_text, kept_text, f"version {base}", f"edit #{kept_id}")


def free_id(wanted: str, taken: Iterable[str]) -> str:
    """``wanted``, else ``wanted-2``, ``wanted-3``...: the first id no scenario has."""
    used = set(taken)
    if wanted not in used:
        return wanted
    k = 2
    while f"{wanted}-{k}" in used:
        k += 1
    return f"{wanted}-{k}"


def with_id(text: str, new_id: str) -> str:
    """Scenario text with its ``id`` changed, the rest of the text as it was."""
    edited = edit_text(text, [Change(("id",), new_id)])
    if edited is None:  # pragma: no cover - every built-in has a plain top-level id
        raise ValueError("the scenario's id could not be changed in its text")
    return edited


def minutes(when: dt.datetime | str | None) -> str:
    """A stored time to the minute, in UTC: ``2025-12-06 17:45 UTC``."""
    if when is None or when == "":
        return ""
    if isinstance(when, str):
        try:
            moment = dt.datetime.fromisoformat(when)
        except ValueError:
            return when
    else:
        moment = when
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
