"""Edits made in the stance editor, as new scenario text.

An edit changes only the targeted values in the stored text of the version being edited
(:func:`accord.io.yamltext.edit_text`): a changed value is written where it stands, a new
key (a red line, a BATNA utility) gets a line of its own, a removed one loses its line. The
user's comments, blank lines, key order, quoting and indentation are kept and the new text
differs from the old one only on the edited lines. Text in JSON (which the YAML reader also
accepts, and which holds no comments) is written back as before: the scenario's plain data
(``scenario_to_data``) changed and dumped as YAML (``dump_yaml``); so is text the edit
cannot be made in. New values are written as that path writes them, so both read back to
the same scenario. Validation is the store's (the same as ``accord validate``).
"""

from __future__ import annotations

import json
from typing import Any

from accord.io.scenarios import scenario_to_data
from accord.io.yamltext import Change, apply_changes, dump_yaml, edit_text
from accord.model import Scenario
from accord.web.editor import out_of_range
from accord.web.errors import WebError

#: Keys that come before ``red_line`` in a stance and ``utility`` in a BATNA (model order):
#: a new key is written after the last of these the mapping has.
_BEFORE_RED_LINE = ("actor", "issue", "position", "salience")
_BEFORE_UTILITY = ("description",)


def setting(s: Scenario, issue_id: str, text: str) -> Any:
    """A setting typed into a form, as the scenario stores it (option id, number or bool)."""
    issue = s.issue(issue_id)
    text = text.strip()
    kind = issue.kind.value
    if kind == "boolean":
        if text.lower() not in ("true", "false", "yes", "no"):
            raise WebError(422, f"{issue.name}: give yes or no, not '{text}'")
        return text.lower() in ("true", "yes")
    if kind == "continuous":
        try:
            return float(text)
        except ValueError:
            raise WebError(422, f"{issue.name}: '{text}' is not a number") from None
    return text


def number(text: str | float | None, what: str) -> float | None:
    """The number a form field holds, None when it was left empty (the value is to be removed).

    Args:
        text: The field as sent (a JSON number arrives as a float).
        what: How the error names the field.

    Raises:
        WebError: 422 when the text is not a number.

    Example:
        >>> number("0.35", "salience"), number(" ", "salience")
        (0.35, None)
        >>> number("high", "salience")
        Traceback (most recent call last):
        ...
        accord.web.errors.WebError: salience: 'high' is not a number
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        return float(text)
    except ValueError:
        raise WebError(422, f"{what}: '{text}' is not a number") from None


def stance_text(
    s: Scenario,
    source: str,
    actor: str,
    issue: str,
    *,
    position: str | None,
    salience: str | float | None,
    red_line: str | None,
) -> str:
    """``source`` (the text of scenario ``s``) with one stance changed.

    ``None`` leaves a value as it is; ``red_line`` '' removes the red line and its spread.
    Only the edited lines of YAML text change (see the module's note on JSON).
    """
    index = next(
        (k for k, st in enumerate(s.stances) if st.actor == actor and st.issue == issue), None
    )
    if index is None:
        raise WebError(404, f"no stance of '{actor}' on '{issue}'")
    new_position = setting(s, issue, position) if position is not None else None
    new_salience = number(salience, "salience")
    new_red_line = setting(s, issue, red_line) if red_line and red_line.strip() else None
    # said by actor, issue and field here: the file's own check would cite a YAML line
    said = out_of_range(s, actor, issue, {"position": new_position, "red_line": new_red_line})
    if said is not None:
        raise WebError(422, said)

    at: tuple[str | int, ...] = ("stances", index)
    changes = []
    if position is not None:
        changes.append(Change((*at, "position"), new_position, _BEFORE_RED_LINE[:2]))
    if new_salience is not None:
        changes.append(Change((*at, "salience"), new_salience, _BEFORE_RED_LINE[:3]))
    if red_line is not None:
        if new_red_line is not None:
            changes.append(Change((*at, "red_line"), new_red_line, _BEFORE_RED_LINE))
        else:  # the red line and its spread (when the stance has an uncertainty mapping)
            changes += [Change((*at, "red_line")), Change((*at, "uncertainty", "red_line"))]
    return _rewrite(s, source, changes)


def batna_text(s: Scenario, source: str, actor: str, utility: str | float | None) -> str:
    """``source`` (the text of scenario ``s``) with one actor's BATNA utility changed.

    '' or ``None`` removes the utility (unknown). Only the edited line of YAML text changes.
    """
    index = next((k for k, a in enumerate(s.actors) if a.id == actor), None)
    if index is None:
        raise WebError(404, f"no actor '{actor}'")
    if s.actors[index].batna is None:
        raise WebError(422, f"actor '{actor}' has no BATNA to change; describe one in the file")
    value = number(utility, "BATNA")

    path = ("actors", index, "batna", "utility")
    change = Change(path) if value is None else Change(path, value, _BEFORE_UTILITY)
    return _rewrite(s, source, [change])


# --- rewriting the text ----------------------------------------------------------------------
def _rewrite(s: Scenario, source: str, changes: list[Change]) -> str:
    if not _is_json(source):
        edited = edit_text(source, changes)
        if edited is not None:
            return edited
    data = scenario_to_data(s)
    apply_changes(data, changes)
    return dump_yaml(data)


def _is_json(text: str) -> bool:
    if not text.lstrip("\ufeff \t\r\n").startswith("{"):
        return False
    try:
        json.loads(text.lstrip("\ufeff"))
    except ValueError:
        return False
    return True
