"""``accord example``: print the complete example scenario shipped with accord.

The example is a small fictional negotiation that uses every major feature of the file
format, each key explained in a comment (``src/accord/data/examples/example.yaml``). It is
printed exactly as shipped, comments included, so ``accord example > my-talks.yaml`` gives
a file to edit that ``accord validate`` accepts as it is. The text is not parsed here (the
tests validate and analyse it), so the command imports no scenario model.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from accord.cli.common import UsageProblem, out
from accord.cli.usage import close_match
from accord.data import example_names, example_text


def example(
    name: Annotated[
        str,
        typer.Argument(help="which example to print (see --list)", show_default=True),
    ] = "example",
    list_: Annotated[
        bool, typer.Option("--list", help="list the shipped examples instead")
    ] = False,
) -> None:
    """Print a complete, commented example scenario (fictional) to start your own from.

    Redirect it to a file, edit it, and check it: `accord example > my-talks.yaml`, then
    `accord validate my-talks.yaml`. Every key is explained in its comments and in the
    file format reference (docs/format.md).
    """
    names = example_names()
    if list_:
        for shipped in names:
            out.print(shipped, highlight=False)
        return
    if name not in names:
        raise UsageProblem(
            f"no example '{name}'{close_match(name, names)}; shipped: {', '.join(names)}"
        )
    # Written as bytes of text, not through Rich: the YAML must reach a redirected file
    # unchanged (no wrapping, no markup read in brackets).
    sys.stdout.write(example_text(name))
    sys.stdout.flush()
