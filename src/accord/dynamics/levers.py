"""Declared levers turned: a scenario with its levers set to other levels.

:func:`apply_levers` gives the scenario with levers set to other levels (each effect adds
``(level - default) * per_level`` to its target, clipped to the target's range). The
equations and their limits are written down in ``docs/dynamics.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.model import Scenario
from accord.model.levers import Lever, red_line_target, salience_issue

#: The model of a BATNA over time, as results quote it.
EQUATION = "u(t) = clip(u0 + t * (trend + support - cost), 0, 1)"
#: The valid range of each target an effect can move (None: unbounded above).
RANGES: dict[str, tuple[float, float | None]] = {
    "batna.utility": (0.0, 1.0),
    "batna.trend": (-1.0, 1.0),
    "batna.cost": (0.0, 1.0),
    "batna.support": (-1.0, 1.0),
    "capability": (0.0, None),
    "salience": (0.0, 1.0),
    "red_line.cost": (0.0, None),
    "red_line.credibility": (0.0, 1.0),
}


class LeverError(ValueError):
    """A lever setting that names no lever, or a value that is not one of its levels."""


@dataclass(frozen=True)
class Change:
    """One effect of one lever setting on one number of the scenario."""

    lever: str
    level: float
    actor: str
    target: str
    before: float
    after: float
    clipped: bool  # the sum left the target's range and was clipped to it

    def text(self) -> str:
        clip = " (clipped)" if self.clipped else ""
        return f"{self.actor} {self.target} {self.before:.4g} → {self.after:.4g}{clip}"


# --- levers --------------------------------------------------------------------------------
def check_settings(scenario: Scenario, settings: dict[str, float]) -> None:
    """Raise :class:`LeverError` unless every setting names a lever and one of its levels."""
    known = [lever.id for lever in scenario.levers]
    for lever_id, value in settings.items():
        if lever_id not in known:
            raise LeverError(
                f"no lever '{lever_id}' in '{scenario.id}'; "
                + (f"levers: {', '.join(known)}" if known else "the scenario declares no levers")
            )
        lever = scenario.lever(lever_id)
        if isinstance(value, bool) or value not in lever.levels:
            raise LeverError(
                f"{value!r} is not a level of lever '{lever_id}'; levels: {levels_text(lever)}"
            )


def levels_text(lever: Lever) -> str:
    """``0 (none), 1 (some), 2 (full)``: the levels with their labels."""
    return ", ".join(
        f"{v:g} ({lever.label(v)})" if lever.labels else f"{v:g}" for v in lever.levels
    )


def apply_levers(scenario: Scenario, settings: dict[str, float]) -> Scenario:
    """The scenario with each lever in ``settings`` at the given level: a new, validated one.

    Each effect adds ``(level - default) * per_level`` to its target, clipped to the target's
    range (BATNA utility and salience 0..1, cost 0..1, trend and support -1..1, capability
    >= 0, a soft red line's cost >= 0 and credibility 0..1); Monte Carlo spreads of a target
    move with it. The record changed says so in its
    ``judgement`` (``capability_note`` for capability), and the lever's ``default`` becomes
    the level set, so the result describes itself truthfully and applying it again from
    there changes nothing.
    """
    return _apply(scenario, settings)[0]


def set_levers(scenario: Scenario, settings: dict[str, float]) -> tuple[Scenario, list[Change]]:
    """:func:`apply_levers`'s scenario and what it changed, effect by effect, in one pass."""
    return _apply(scenario, settings)


def _apply(scenario: Scenario, settings: dict[str, float]) -> tuple[Scenario, list[Change]]:
    check_settings(scenario, settings)
    data = scenario.model_dump(mode="python")
    actors = {a["id"]: a for a in data["actors"]}
    stances = {(s["actor"], s["issue"]): s for s in data["stances"]}
    changes: list[Change] = []
    for raw in data["levers"]:
        lever = scenario.lever(raw["id"])
        level = float(settings.get(lever.id, lever.default))
        steps = level - lever.default
        if steps == 0:
            continue
        for eff in lever.effects:
            actor = actors[eff.actor]
            record, key, spreads, spread_key, kind = _target(actor, stances, eff.target)
            before = float(record[key])
            lo, hi = RANGES[kind]
            after, clipped = _clip(before + steps * eff.per_level, lo, hi)
            record[key] = after
            shift = after - before
            if spreads and spreads.get(spread_key):
                spreads[spread_key] = _shifted(spreads[spread_key], shift, lo, hi)
            note_key = "capability_note" if kind == "capability" else "judgement"
            note = (
                f"lever '{lever.id}' at {lever.label(level)} (default {lever.label(lever.default)})"
                f" moves {eff.target} from {before:.4g} to {after:.4g}"
                + (" (clipped to its range)" if clipped else "")
            )
            record[note_key] = f"{record[note_key]}; {note}" if record.get(note_key) else note
            changes.append(Change(lever.id, level, eff.actor, eff.target, before, after, clipped))
        raw["default"] = level
    try:
        return Scenario.model_validate(data), changes
    except ValueError as exc:
        shown = ", ".join(f"{k}={v:g}" for k, v in settings.items())
        reason = str(exc).splitlines()[-1].strip() if str(exc).strip() else type(exc).__name__
        raise LeverError(f"with {shown} the scenario is no longer valid: {reason}") from None


def _target(
    actor: dict[str, Any], stances: dict[tuple[str, str], dict[str, Any]], target: str
) -> tuple[dict[str, Any], str, dict[str, Any] | None, str, str]:
    """The record holding a target, its key, the record's spreads, the spread key, its kind."""
    line = red_line_target(target)
    if line is not None:  # a soft red line's cost or credibility (the checks ensure it is soft)
        soft = stances[(actor["id"], line[1])]["firmness"]
        return soft, line[0], soft.get("uncertainty"), line[0], f"red_line.{line[0]}"
    issue = salience_issue(target)
    if issue is not None:
        stance = stances[(actor["id"], issue)]
        return stance, "salience", stance.get("uncertainty"), "salience", "salience"
    if target == "capability":
        return actor, "capability", actor.get("uncertainty"), "capability", "capability"
    batna = actor["batna"]
    name = target.removeprefix("batna.")
    if name == "utility":  # its one spread is the record's own 'uncertainty'
        return batna, "utility", batna, "uncertainty", target
    if batna.get("over_time") is None:
        batna["over_time"] = {"trend": 0.0, "cost": 0.0, "support": 0.0}
    over = batna["over_time"]
    return over, name, over.get("uncertainty"), name, target


def _clip(value: float, lo: float, hi: float | None) -> tuple[float, bool]:
    out = max(lo, value) if hi is None else min(hi, max(lo, value))
    return float(out), bool(abs(out - value) > 0)


def _shifted(spread: dict[str, Any], shift: float, lo: float, hi: float | None) -> dict[str, Any]:
    out = dict(spread)
    for end in ("low", "high", "mode"):
        v = out.get(end)
        if isinstance(v, int | float) and not isinstance(v, bool):
            out[end] = _clip(v + shift, lo, hi)[0]
    return out


# --- BATNAs over time ----------------------------------------------------------------------
