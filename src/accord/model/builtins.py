"""Scenarios shipped with accord, and resolving a name-or-path to a scenario."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from accord.model.files import load_scenario, parse_scenario
from accord.model.problems import Problem, ScenarioError
from accord.model.scenario import Scenario

#: The scenario commands use when none is named.
DEFAULT_SCENARIO = "ukraine-2025"


def builtin_names() -> list[str]:
    """Names of the built-in scenarios, default first."""
    folder = resources.files("accord.model") / "builtin"
    names = sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )
    return sorted(names, key=lambda n: n != DEFAULT_SCENARIO)


def builtin_text(name: str) -> str:
    return (resources.files("accord.model") / "builtin" / f"{name}.yaml").read_text(
        encoding="utf-8"
    )


def load_builtin(name: str) -> Scenario:
    scenario, problems = parse_scenario(builtin_text(name), f"built-in:{name}")
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
