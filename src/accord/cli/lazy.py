"""A command group whose commands are declared by name, one-line help and import path, and
imported only when run (or when their own ``--help`` is asked for).

``accord --help`` lists every command from the declarations alone, so it never imports
NumPy, pydantic or the analyses; ``accord forecast ...`` imports only the forecasting
commands' module.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from accord.cli.common import require_extra

# Typer 0.29 carries its own copy of Click (typer._click, private) and no longer needs the
# click package, so Click's types are not importable here: the contexts, formatters and
# commands below are annotated Any, and commands are Typer's own classes.


def quick_help(option: Any) -> Any:
    """A command's ``--help`` option, given a default of False.

    Typer 0.29 leaves its help option's default at None, and coercing None builds a
    pydantic adapter: every run of a command would import pydantic, a third of the time of
    ``accord scenarios``. A flag whose value is a bool is never coerced, and False is what
    an absent flag means.
    """
    if option is not None and option.default is None:
        option.default = False
    return option


class QuickHelpCommand(TyperCommand):
    """A Typer command whose ``--help`` does not import pydantic (see :func:`quick_help`)."""

    def get_help_option(self, ctx: Any) -> Any:
        return quick_help(super().get_help_option(ctx))


@dataclass(frozen=True)
class LazyCommand:
    """One command of a :class:`LazyGroup`.

    ``target`` is ``"module:attribute"``: a function (a command) or a :class:`typer.Typer`
    (a group of commands). ``help`` is the first paragraph of the command's help, shown in
    the root listing; a test checks that it matches the command's own. ``extra`` and
    ``needs`` name the optional install and the modules it provides, checked before the
    command runs.
    """

    name: str
    target: str
    help: str
    extra: str | None = None
    needs: tuple[str, ...] = ()

    def load(self) -> Any:
        """Import the command and build it as Typer would have inside the root app."""
        module, _, attribute = self.target.partition(":")
        obj = getattr(importlib.import_module(module), attribute)
        if isinstance(obj, typer.Typer):
            cmd: Any = typer.main.get_group(obj)
        else:
            single = typer.Typer(add_completion=False, rich_markup_mode=None)
            single.command(name=self.name, cls=QuickHelpCommand)(obj)
            cmd = typer.main.get_command(single)
        cmd.name = self.name
        if self.extra is not None and cmd.callback is not None:
            cmd.callback = self._checked(cmd.callback)
        return cmd

    def _checked(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """``callback``, after checking that the optional modules it needs are installed."""
        assert self.extra is not None

        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            require_extra(f"accord {self.name}", self.extra or "", self.needs)
            return callback(*args, **kwargs)

        return run


class LazyGroup(TyperGroup):
    """A Typer group over :attr:`lazy` commands, each imported on first use.

    Subclass it with ``lazy`` set, and pass the subclass as ``cls`` to :class:`typer.Typer`.
    """

    lazy: Sequence[LazyCommand] = ()

    def get_help_option(self, ctx: Any) -> Any:
        return quick_help(super().get_help_option(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        return [c.name for c in self.lazy]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            entry = next((c for c in self.lazy if c.name == cmd_name), None)
            if entry is None:
                return None
            self.commands[cmd_name] = entry.load()
        return self.commands[cmd_name]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Typer's, with the close match taken from every declared command (Typer looks
        only among those already imported, which for a lazy group is none)."""
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:
            message = getattr(exc, "message", None)
            if isinstance(message, str) and args and "Did you mean" not in message:
                from accord.cli.usage import close_match

                suggestion = close_match(args[0], self.list_commands(ctx))
                exc.message = message.rstrip(".") + suggestion  # type: ignore[attr-defined]
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The root listing, from the declared help: nothing is imported to print it."""
        if not self.lazy:
            return
        # As Click does: three spaces between the columns, the help cut to fit the width.
        limit = formatter.width - 6 - max(len(c.name) for c in self.lazy)
        rows = [
            (c.name, TyperCommand(name=c.name, help=c.help).get_short_help_str(limit))
            for c in self.lazy
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
