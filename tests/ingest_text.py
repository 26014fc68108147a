"""Reading a short text as one article, for the ingest tests: the one way they all do it
(parsed as a ``.txt`` file, so its structure rules apply, then every rule's extractor)."""

from __future__ import annotations

import datetime as dt

from accord.ingest.evidence import Evidence, EvidenceFile
from accord.ingest.extract import ingest
from accord.ingest.read import ArticleText, parse_article
from accord.model import Scenario


def read_text(text: str, scenario: Scenario, day: dt.date | None = None) -> EvidenceFile:
    """The evidence the rules find in ``text`` against ``scenario``; ``day`` is the
    article's date as ``--date`` gives it (None: from the text, if it says). The rules
    alone: these tests pin what a rule reads in a wording, and the learned detector's
    trained weights, retrained whenever a rule changes, must not move them (its part of
    ``accord ingest`` is tested in test_ingest_shipped.py and by the corpus's levels)."""
    art = parse_article(text.encode(), "t.txt")
    assert isinstance(art, ArticleText)
    return ingest([art], scenario, date=day, learned=False)


def items_of(
    kind: str, text: str, scenario: Scenario, day: dt.date | None = None
) -> list[Evidence]:
    """Only the items of one type (``"quote"``, ``"demand"``, ``"event"`` ...)."""
    return [e for e in read_text(text, scenario, day).evidence if e.type.value == kind]
