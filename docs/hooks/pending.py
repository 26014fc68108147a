"""MkDocs hook: pages that are being written are left out of the site until they exist.

The nav names every page the site will have. A few of them are written alongside the site
(the tutorial, the command-line rules, the Python API guide and the module it documents);
until one lands, its nav entry is dropped here, by name, so the strict build still checks
every other entry. Any page missing from the nav that is *not* listed below stays an
error. Remove an entry from ``PENDING`` once its page is in the tree.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.pending")

ROOT = Path(__file__).resolve().parents[2]

#: nav page (relative to docs/) -> the file that must exist for the page to be built.
PENDING = {
    "tutorial.md": "docs/tutorial.md",
    "cli.md": "docs/cli.md",
    "api.md": "docs/api.md",
    "reference/api.md": "src/accord/api.py",
}


def missing_pages() -> set[str]:
    """The pending pages whose prerequisite file is not in the tree yet."""
    return {page for page, needs in PENDING.items() if not (ROOT / needs).exists()}


def prune(nav: list[Any], drop: set[str]) -> list[Any]:
    """The nav without entries for the pages in ``drop`` (and without emptied sections)."""
    out: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict):
            (title, value), *_ = entry.items()
            if isinstance(value, list):
                kept = prune(value, drop)
                if kept:
                    out.append({title: kept})
            elif value not in drop:
                out.append(entry)
        elif entry not in drop:
            out.append(entry)
    return out


def on_config(config: Any) -> Any:
    drop = missing_pages()
    if drop:
        log.info("not built yet (its file is not in the tree): %s", ", ".join(sorted(drop)))
        config["nav"] = prune(config["nav"], drop)
    return config


def on_files(files: Any, config: Any) -> Any:
    for page in missing_pages():
        found = files.get_file_from_path(page)
        if found is not None:  # the page exists but what it documents does not yet
            files.remove(found)
    return files
