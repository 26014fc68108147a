"""Edits made in the stance editor, as new scenario text.

The scenario's plain data is changed and written back as YAML (``dump_yaml``), so the text
the store keeps for the new version is a normal scenario file; validation is the store's
(the same as ``accord validate``).
"""

from __future__ import annotations

from typing import Any

from accord.model import Scenario
from accord.model.files import dump_yaml, scenario_to_data
from accord.web.errors import WebError


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
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        return float(text)
    except ValueError:
        raise WebError(422, f"{what}: '{text}' is not a number") from None


def stance_text(
    s: Scenario,
    actor: str,
    issue: str,
    *,
    position: str | None,
    salience: str | float | None,
    red_line: str | None,
) -> str:
    """The scenario text with one stance changed; ``red_line`` '' removes the red line."""
    data = scenario_to_data(s)
    for st in data.get("stances", []):
        if st["actor"] == actor and st["issue"] == issue:
            break
    else:
        raise WebError(404, f"no stance of '{actor}' on '{issue}'")
    if position is not None:
        st["position"] = setting(s, issue, position)
    value = number(salience, "salience")
    if value is not None:
        st["salience"] = value
    if red_line is not None:
        if red_line.strip():
            st["red_line"] = setting(s, issue, red_line)
        else:
            st.pop("red_line", None)
            if isinstance(st.get("uncertainty"), dict):
                st["uncertainty"].pop("red_line", None)
    return dump_yaml(data)


def batna_text(s: Scenario, actor: str, utility: str | float | None) -> str:
    """The scenario text with one actor's BATNA utility changed ('' : unknown)."""
    data = scenario_to_data(s)
    for a in data.get("actors", []):
        if a["id"] == actor:
            break
    else:
        raise WebError(404, f"no actor '{actor}'")
    if "batna" not in a:
        raise WebError(422, f"actor '{actor}' has no BATNA to change; describe one in the file")
    value = number(utility, "BATNA")
    if value is None:
        a["batna"].pop("utility", None)
    else:
        a["batna"]["utility"] = value
    return dump_yaml(data)
