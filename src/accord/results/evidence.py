"""The result of reading news articles (:func:`accord.api.ingest`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.results.base import Result

if TYPE_CHECKING:
    from accord.ingest.evidence import EvidenceFile


@dataclass(frozen=True, repr=False)
class Evidence(Result):
    """Evidence pulled from articles (quotes, demands, claims, threats, events, mentions) and
    what it suggests changing in the scenario.

    Attributes:
        evidence: The library's evidence file (``articles``, ``evidence``, ``suggestions``).
    """

    evidence: EvidenceFile

    kind = "evidence from news articles"
    columns = ("id", "type", "kind", "actor", "speaker", "issues", "sentence", "date")

    def counts(self) -> dict[str, int]:
        """Items of evidence by type.

        Example:
            >>> from accord.ingest.evidence import EvidenceFile
            >>> Evidence(EvidenceFile(scenario=None)).counts()["quote"]
            0
        """
        return dict(self.evidence.counts())

    def to_dict(self) -> dict[str, Any]:
        """The document of ``accord ingest ARTICLE... --json``.

        Example:
            >>> from accord.ingest.evidence import EvidenceFile
            >>> Evidence(EvidenceFile(scenario=None)).to_dict()["evidence"]
            []
        """
        from accord.ingest.evidence import to_data

        return dict(to_data(self.evidence))

    def rows(self) -> list[dict[str, Any]]:
        """One row per item of evidence (mentions included).

        Example:
            >>> from accord.ingest.evidence import EvidenceFile
            >>> Evidence(EvidenceFile(scenario=None)).rows()
            []
        """
        return [
            {
                "id": e.id,
                "type": e.type.value,
                "kind": e.kind,
                "actor": e.actor,
                "speaker": e.speaker,
                "issues": ", ".join(e.issues),
                "sentence": e.sentence,
                "date": None if e.date is None else str(e.date),
            }
            for e in self.evidence.evidence
        ]

    def headline(self) -> list[str]:
        ev = self.evidence
        counts = ", ".join(f"{n} {k}" for k, n in ev.counts().items() if n)
        lines = [f"{len(ev.articles)} article(s), {len(ev.evidence)} items ({counts or 'none'})"]
        if ev.scenario:
            lines.append(f"{len(ev.suggestions)} suggestion(s) for '{ev.scenario}'")
        return lines

    def assumes(self) -> list[str]:
        return [
            "evidence is found by rules over spaCy's parse (who said what, demands, denials, "
            "threats, dated events); nothing changes the scenario until suggestions are applied"
        ]
