"""Usage errors as one line: the command, what was wrong, a close match, where help is.

Click (Typer's copy of it) prints a usage error as a four-line box: the usage, a hint, a
blank line and the message. The command line's rule is one line on stderr and exit code 2
for every user error (``docs/cli.md``), so :func:`accord.cli.app.main` prints the line
:func:`usage_line` makes instead. Nothing heavy is imported on this path: a mistyped option
must fail as fast as ``accord --help`` runs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["close_match", "usage_line"]

#: Click's (and Typer's pydantic coercion's) message for a value outside a choice:
#: "'foo' is not one of 'perceived', 'assessed'."
_NOT_ONE_OF = re.compile(r"'(?P<value>[^']*)' is not one of (?P<choices>'.*')\.?")
#: Noise pydantic puts before a validator's message.
_PREFIX = re.compile(r"\bValue error, ")


def close_match(word: str, known: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` when a known word is close to ``word``, else ``""``.

    The same cut-off as the scenario files' keys (:func:`accord.model.problems.suggest`),
    kept here in ten lines because importing the model would load pydantic on the path of
    a mistyped option.
    """
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def usage_line(exc: Any) -> str:
    """One line for a Click usage error: ``accord CMD: message (see 'accord CMD --help')``."""
    message = " ".join(_PREFIX.sub("", exc.format_message()).split())
    bad = _NOT_ONE_OF.search(message)
    if bad is not None and "did you mean" not in message.lower():
        choices = re.findall(r"'([^']*)'", bad["choices"])
        message = message.rstrip(".") + close_match(bad["value"], choices)
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "accord"
    return f"{path}: {message} (see '{path} --help')"
