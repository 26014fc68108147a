"""The reliability rule: the label a source gets from its outlet and the original it names.

The rule, in words (docs/scenarios/sources.md has the full text and the outlet table):

1. A source with neither a URL nor a publisher has no outlet to look up: the rule gives no
   label. Such a record is the analyst's own reasoning (``analyst judgement``) or a document
   known by its title alone, like an imported file (``primary``); the analyst says which.
2. The page's outlet is found from its URL (or, without a URL, from the publisher's name) in
   :data:`accord.model.outlets.OUTLETS`; an outlet the table does not know gives no label.
3. If the publisher field names an original that the page reposts or summarises, in one of
   the forms ``Original via Outlet``, ``Original, reposted by Outlet``, ``Original, as printed
   by Outlet``, ``Outlet, from Original``, ``Outlet (Original)``,
   ``Outlet (Original copy)``, ``Outlet with the Original`` or ``Outlet, summarising the
   Original``, and the table knows that original, the source takes the original's label: the
   words are the original's, the outlet only carries them. Several originals
   (``Bulletin (TT/AFP)``): the lowest of their labels. Quoting an original inside an
   article of one's own (``EuroToday (quoting Politico)``) is not a repost.
4. Otherwise the source takes its outlet's label.

The rule reads only the record, so a reader who cannot see the original named in the record
cannot trace it: a page that credits an original the record leaves out gets its outlet's label
until the record names the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from accord.model.actors import Reliability, Source
from accord.model.outlets import OUTLETS, Outlet

#: From most to least trusted; analyst judgement is apart (no outside source) and ranks last.
ORDER: tuple[Reliability, ...] = (
    Reliability.primary,
    Reliability.wire,
    Reliability.secondary,
    Reliability.partisan,
    Reliability.unverified,
    Reliability.analyst,
)

#: What each label may support, in the words the documentation and warnings use.
SUPPORTS: dict[Reliability, str] = {
    Reliability.primary: "what the document says and what its author states or decides",
    Reliability.wire: "facts and quotations, as the agency reports them",
    Reliability.secondary: "facts, quotations and analysis, as the outlet reports them",
    Reliability.partisan: "what its own side says (its stated position), not facts about others",
    Reliability.unverified: "nothing on its own: a lead to confirm from a better source",
    Reliability.analyst: "the modeller's reasoned call, marked as such",
}


@dataclass(frozen=True)
class Rating:
    """The rule's verdict on one source: its label, the outlet, and the original it names."""

    label: Reliability
    outlet: Outlet
    original: Outlet | None = None

    @property
    def why(self) -> str:
        """``TASS (state media: ...)``, or ``Reuters, reposted by Newser (news agency ...)``."""
        if self.original is not None:
            return f"{self.original.name}, reposted by {self.outlet.name} ({self.original.kind})"
        return f"{self.outlet.name} ({self.outlet.kind})"


def _norm(text: str) -> str:
    text = text.strip().lower()
    return text[4:] if text.startswith("the ") else text


_BY_NAME: dict[str, Outlet] = {}
_BY_SITE: dict[str, Outlet] = {}
for _outlet in OUTLETS:
    for _name in (_outlet.name, *_outlet.names):
        _BY_NAME.setdefault(_norm(_name), _outlet)
    for _site in _outlet.sites:
        _BY_SITE.setdefault(_site.lower(), _outlet)


def outlet_named(name: str) -> Outlet | None:
    """The outlet called ``name`` (any of its names or sites, case and a leading 'the' aside;
    a trailing note in brackets, such as an author, is set aside when the whole is unknown)."""
    key = _norm(name)
    found = _BY_NAME.get(key) or _BY_SITE.get(key.removeprefix("www."))
    if found is None and key.endswith(")") and " (" in key:
        return outlet_named(key[: key.rindex(" (")])
    return found


def outlet_at(url: str) -> Outlet | None:
    """The outlet whose site is the longest match for ``url`` (host, then path prefix)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return None
    segments = [s for s in parts.path.split("/") if s]
    labels = host.split(".")
    best: Outlet | None = None
    best_len = -1
    # Every suffix of the host (mirror.tass.com -> tass.com), with every path prefix.
    for i in range(len(labels) - 1):
        domain = ".".join(labels[i:])
        for n in range(len(segments) + 1):
            key = "/".join([domain, *segments[:n]])
            found = _BY_SITE.get(key)
            if found is not None and len(key) > best_len:
                best, best_len = found, len(key)
    return best


# The repost forms, tried in order: (pattern, group holding the original(s), host group).
_FORMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^(?P<orig>.+?), reposted by (?P<host>.+)$", re.I), "orig", "host"),
    (re.compile(r"^(?P<orig>.+?), as printed by (?P<host>.+)$", re.I), "orig", "host"),
    (re.compile(r"^(?P<host>[^()]+?), from (?P<orig>.+)$", re.I), "orig", "host"),
    (re.compile(r"^(?P<orig>[^()]+?),? via (?P<host>.+)$", re.I), "orig", "host"),
    (re.compile(r"^(?P<host>.+?), summarising (?P<orig>.+)$", re.I), "orig", "host"),
    (re.compile(r"^(?P<host>.+?) with the (?P<orig>.+)$", re.I), "orig", "host"),
    (re.compile(r"^(?P<orig>.+?) \(via (?P<host>[^()]+)\)$", re.I), "orig", "host"),
    (re.compile(r"^(?P<host>.+?) \((?P<orig>[^()]+?)(?: copy| text)?\)$", re.I), "orig", "host"),
)


def split_publisher(publisher: str) -> tuple[str, list[str]]:
    """``("Newser", ["Reuters"])`` from ``"Newser (Reuters copy)"``: the carrier's words and
    the originals' names, as written (not yet looked up). No repost form: no originals."""
    text = publisher.strip()
    for pattern, orig, host in _FORMS:
        m = pattern.match(text)
        if m:
            names = [n.strip() for n in m.group(orig).split("/") if n.strip()]
            return m.group(host).strip(), names
    return text, []


def _lowest(labels: list[Reliability]) -> Reliability:
    return max(labels, key=ORDER.index)


def rate(source: Source) -> Rating | None:
    """The rule's label for ``source`` with its reasons; None when the table lacks the outlet."""
    if not source.url and not source.publisher:
        return None
    carrier_words, names = split_publisher(source.publisher or "")
    outlet = outlet_at(source.url) if source.url else None
    if outlet is None and not source.url and carrier_words:
        outlet = outlet_named(carrier_words) or _named_prefix(carrier_words)
    if outlet is None:
        return None
    originals = [o for o in (outlet_named(n) for n in names) if o is not None and o != outlet]
    if not originals:
        return Rating(outlet.label, outlet)
    lowest = max(originals, key=lambda o: ORDER.index(o.label))
    return Rating(_lowest([o.label for o in originals]), outlet, lowest)


def _named_prefix(words: str) -> Outlet | None:
    """A publisher written with detail after the name (``Applied Mathematics and Computation
    83:117-152``): the longest outlet name it starts with."""
    key = _norm(words)
    hits = [(len(n), o) for n, o in _BY_NAME.items() if key.startswith(n + " ")]
    return max(hits, key=lambda h: h[0])[1] if hits else None


def rule_label(source: Source) -> Reliability | None:
    """The label the reliability rule gives ``source``; None for an outlet the table lacks.

    >>> from accord.model.actors import Source
    >>> rule_label(Source(id="a", title="t", url="https://tass.com/world/1",
    ...                   reliability="partisan"))
    <Reliability.partisan: 'partisan'>
    >>> rule_label(Source(id="b", title="t", publisher="Newser (Reuters copy)",
    ...                   url="https://www.newser.com/story/1", reliability="wire"))
    <Reliability.wire: 'wire'>
    """
    rating = rate(source)
    return rating.label if rating else None
