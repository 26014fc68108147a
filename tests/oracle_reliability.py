"""Plain reference version of the reliability rule's outlet lookup: a scan of every site."""

from __future__ import annotations

from urllib.parse import urlsplit

from accord.model.outlets import OUTLETS, Outlet


def outlet_at(url: str) -> Outlet | None:
    """Scan every site of every outlet; keep the longest that covers the URL's host and path.

    A site covers a URL when its host is the URL's host or a parent domain of it, and its
    path (if any) is a whole-segment prefix of the URL's path. Ties cannot happen: a site is
    listed once.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    path = [s for s in parts.path.split("/") if s]
    best: Outlet | None = None
    best_len = -1
    for outlet in OUTLETS:
        for site in outlet.sites:
            site_host, *site_path = site.lower().split("/")
            host_ok = host == site_host or host.endswith("." + site_host)
            path_ok = path[: len(site_path)] == site_path
            if host_ok and path_ok and len(site) > best_len:
                best, best_len = outlet, len(site)
    return best
