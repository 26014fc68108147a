"""From news to evidence: read articles, pull out what bears on a scenario, suggest changes.

Nothing here changes a scenario by itself: :func:`accord.ingest.apply.apply_suggestions`
builds a *new* scenario from the suggestions an analyst accepts. spaCy, its English pipeline
and trafilatura come with the ``nlp`` extra (``pip install 'accord[nlp]'``); they are
imported lazily so that the rest of accord works without them.
"""

from accord.ingest.evidence import (
    Article,
    Evidence,
    EvidenceFile,
    EvidenceType,
    Skipped,
    Suggestion,
)
from accord.ingest.nlp import NlpMissing

__all__ = [
    "Article",
    "Evidence",
    "EvidenceFile",
    "EvidenceType",
    "NlpMissing",
    "Skipped",
    "Suggestion",
]
