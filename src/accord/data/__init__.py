"""Data shipped with accord: the built-in scenarios (``scenarios/*.yaml``) and conflict models
(``conflicts/*.yaml``), listed and read as text here and parsed by :mod:`accord.io`.

It imports nothing from accord, so every floor may ask which built-ins exist (the scenario
model checks that a scenario's ``conflict`` names one).
"""

from __future__ import annotations

from importlib import resources

#: The scenario commands use when none is named.
DEFAULT_SCENARIO = "ukraine-2025"

#: Rows of a long list (frontier outcomes, states) that a JSON document holds unless every
#: one is asked for (``--all``, ``to_dict(limit=None)``): enough to read, and a bounded
#: document however large the frontier (a million outcomes of 80 issues are gigabytes of
#: text). Here, at the bottom, so the command line's options and the API's results share it.
JSON_ROWS = 1_000


def _names(kind: str) -> list[str]:
    folder = resources.files("accord.data") / kind
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def scenario_names() -> list[str]:
    """Names of the built-in scenarios, the default first."""
    return sorted(_names("scenarios"), key=lambda n: n != DEFAULT_SCENARIO)


def conflict_names() -> list[str]:
    """Names of the built-in conflict models, sorted."""
    return _names("conflicts")


def scenario_text(name: str) -> str:
    """The YAML text of a built-in scenario."""
    return (resources.files("accord.data") / "scenarios" / f"{name}.yaml").read_text("utf-8")


def conflict_text(name: str) -> str:
    """The YAML text of a built-in conflict model."""
    return (resources.files("accord.data") / "conflicts" / f"{name}.yaml").read_text("utf-8")


def example_names() -> list[str]:
    """Names of the example scenario files shipped to start from (``accord example``)."""
    return _names("examples")


def example_text(name: str = "example") -> str:
    """The YAML text of a shipped example scenario, comments included."""
    return (resources.files("accord.data") / "examples" / f"{name}.yaml").read_text("utf-8")
