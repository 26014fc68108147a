"""Scenarios shipped with accord, and resolving a name-or-path to a scenario."""

from __future__ import annotations

from pathlib import Path

from accord.data import scenario_names, scenario_text
from accord.io.scenarios import load_scenario, parse_scenario
from accord.model.problems import Problem, ScenarioError
from accord.model.scenario import Scenario


def builtin_names() -> list[str]:
    """Names of the built-in scenarios, default first."""
    return scenario_names()


def load_builtin(name: str) -> Scenario:
    """A built-in scenario by name (see :func:`builtin_names`), read and validated.

    Raises:
        ScenarioError: the built-in has problems (only if the model's rules changed
            without the file).
        FileNotFoundError: ``name`` is not a built-in; callers that take a user's word
            use :func:`resolve_scenario`, which lists the built-ins instead.

    Example:
        >>> s = load_builtin("uaw-detroit-2023")
        >>> s.id, len(s.actors) > 1
        ('uaw-detroit-2023', True)
    """
    scenario, problems = parse_scenario(scenario_text(name), f"built-in:{name}")
    if scenario is None:
        raise ScenarioError(f"built-in:{name}", problems)
    return scenario


def resolve_scenario(name_or_path: str) -> Scenario:
    """A built-in scenario by name, or a scenario file by path."""
    if name_or_path in builtin_names() and not Path(name_or_path).exists():
        return load_builtin(name_or_path)
    if not Path(name_or_path).exists() and not name_or_path.endswith((".yaml", ".yml")):
        raise ScenarioError(
            None,
            [
                Problem(
                    (),
                    f"no built-in scenario or file '{name_or_path}'; "
                    f"built-ins: {', '.join(builtin_names())}",
                )
            ],
        )
    return load_scenario(name_or_path)
