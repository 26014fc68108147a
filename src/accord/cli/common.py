"""What every ``accord`` command shares and that costs nothing to import: the consoles, the
JSON emitter, :class:`UsageProblem` and the check for an optional package.

Kept free of NumPy, pydantic and the model so that ``accord --help`` and ``accord scenarios``
start in about the time Typer and Rich take to import.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from importlib.util import find_spec
from typing import Any, TypeVar

from rich.console import Console

from accord.cli.fit import FittingConsole

#: The modules a briefing (``accord report``, ``accord demo``) needs: the 'report' extra.
REPORT_MODULES = ("plotly", "matplotlib", "jinja2", "playwright")

# Piped output (CI logs, files) gets a fixed width rather than Rich's default of 80, unless
# COLUMNS sets one (Rich reads it): a script can ask for the width its reader has.
_SIZED = sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit()
out: Console = FittingConsole(width=None if _SIZED else 120)  # tables never cut a number
err = Console(stderr=True, soft_wrap=True)


def coloured() -> bool:
    """Whether ``out`` shows colour: a legend naming colours, or a meaning carried by colour
    alone, is for such output only; piped or NO_COLOR output says it in text."""
    return out.color_system is not None and not out.no_color


T = TypeVar("T")


class UsageProblem(Exception):
    """A user error that is not a scenario-file problem (e.g. an unknown draft id).

    :func:`accord.cli.app.main` prints it as one red line and exits with code 2.
    """


def checked(run: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``run(*args, **kwargs)`` (an :mod:`accord.api` function, or a parser of
    :mod:`accord.results.arguments`), its ValueError (an option value that is not valid,
    said in one line) raised as a :class:`UsageProblem`."""
    try:
        return run(*args, **kwargs)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None


def emit_json(data: Any) -> None:
    """Print ``data`` (plain data or records) as one indented JSON document.

    Written a piece at a time (:func:`accord.cli.jsonstream.write_json`): the text is what
    ``json.dumps(to_plain(data), indent=2, ensure_ascii=False)`` gives, but a million-row
    frontier never becomes one string. What JSON cannot write itself goes one level at a
    time through :func:`accord.model.plain.plain_step`, imported only then, so that
    ``accord scenarios --json`` stays light.
    """
    from accord.cli.jsonstream import write_json

    write_json(data, sys.stdout.write, default=_plain)
    sys.stdout.write("\n")


def _plain(value: Any) -> Any:
    if type(value) is dt.date:  # the only non-JSON value `accord scenarios` prints
        return value.isoformat()
    from accord.model.plain import plain_step  # loads the model (pydantic): only when needed

    return plain_step(value, default=str)


def require_extra(what: str, extra: str, modules: tuple[str, ...]) -> None:
    """Raise a :class:`UsageProblem` naming the extra to install if a module is missing.

    ``what`` is what needs it (``"accord report"``); ``modules`` are top-level import
    names. ``find_spec`` also answers None for a module set to None in ``sys.modules``,
    which is how the tests simulate an uninstalled package.
    """
    for name in modules:
        try:
            missing = find_spec(name) is None
        except (ImportError, ValueError):  # a broken install counts as a missing one
            missing = True
        if missing:
            raise UsageProblem(f"{what} needs the '{extra}' extra: pip install 'accord[{extra}]'")
