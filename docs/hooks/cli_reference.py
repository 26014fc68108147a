"""MkDocs hook: the command-line reference, rendered from the Typer app at build time.

``docs/reference/cli.md`` holds the marker ``<!-- accord-cli-reference -->``; this hook
replaces it with one section per command (and per subcommand of a command group), each the
command's own ``--help`` text exactly as ``accord CMD --help`` prints it at 100 columns. The
reference therefore cannot drift from the program: it *is* the program's help.

A command whose optional extra is not installed still has its help rendered (help never
runs the command); if loading it fails, the build fails, since ``make docs`` installs every
extra.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- accord-cli-reference -->"
PAGE = "reference/cli.md"
WIDTH = 100


def _sections(command: Any, ctx: Any, path: list[str]) -> list[str]:
    import typer.core

    title = " ".join(path)
    anchor = "-".join(path)
    out = [f"## `{title}` {{#{anchor}}}\n", "```text", command.get_help(ctx).rstrip(), "```\n"]
    if isinstance(command, typer.core.TyperGroup):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            sub_ctx = sub.make_context(
                name, [], parent=ctx, resilient_parsing=True, terminal_width=WIDTH
            )
            out += _sections(sub, sub_ctx, [*path, name])
    return out


def render() -> str:
    """The reference: every command of ``accord``, depth first in the order of its help."""
    import typer.main

    from accord.cli.app import app

    root = typer.main.get_command(app)
    ctx = root.make_context(
        "accord", [], resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH
    )
    return "\n".join(_sections(root, ctx, ["accord"]))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise ValueError(
            f"docs/{PAGE} lost its marker {MARKER}; put it back where the reference goes"
        )
    return markdown.replace(MARKER, render())
