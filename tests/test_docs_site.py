"""The reference site's navigation: no page under docs/ is left out of it by accident.

``make docs`` (mkdocs build --strict, in CI) checks links and anchors; a page that is in
docs/ but not in ``nav`` would still be built, yet nobody could find it from the menu. This
test keeps every page in the nav, or in :data:`EXCLUDED` with the reason, and every nav
entry pointing at a page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

#: Pages under docs/ deliberately not in the nav, each with its reason.
EXCLUDED: dict[str, str] = {}


def nav_pages(nav: list[Any]) -> list[str]:
    out: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            out += nav_pages(value)
        else:
            out.append(value)
    return out


def site_config() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))


def test_every_page_is_in_the_nav_or_excluded_with_a_reason() -> None:
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    pages = {p for p in pages if not p.startswith("hooks/")}
    listed = set(nav_pages(site_config()["nav"]))
    orphans = sorted(pages - listed - set(EXCLUDED))
    assert not orphans, f"add these pages to nav in mkdocs.yml (or to EXCLUDED): {orphans}"
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_every_nav_entry_is_a_page() -> None:
    for page in nav_pages(site_config()["nav"]):
        assert (DOCS / page).is_file(), f"nav names a missing page: {page}"
