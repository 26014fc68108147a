"""Griffe extension: a Google-style ``Example:`` section is read as ``Examples:``.

Google style allows both headings, but griffe parses only ``Examples:`` into code blocks;
under ``Example:`` the ``>>>`` lines would be rendered as Markdown, where an output such as
``['union', 'firm']`` reads as a link and fails the strict build. The docstrings keep the
heading they have (doctest runs them either way); only the site's reading changes.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

HEADING = re.compile(r"^(?P<indent>[ \t]*)Example:[ \t]*$", flags=re.MULTILINE)


class ExampleSections(griffe.Extension):
    """Renames each ``Example:`` heading to ``Examples:`` before the docstring is parsed."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = HEADING.sub(r"\g<indent>Examples:", obj.docstring.value)
