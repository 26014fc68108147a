"""Routers, one per page group; each serves its pages, htmx fragments and JSON API."""
