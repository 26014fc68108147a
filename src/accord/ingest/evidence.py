"""The evidence records and the evidence file (YAML or JSON), which the analyst edits.

An evidence file holds the articles read, the items found in them (each with its exact
sentence: character offsets into the article's text) and the suggestions that compare
items with the scenario. ``keep: true`` on a suggestion marks it for ``accord apply``.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from accord.io.located import MAX_BYTES, Wording, parse_yaml
from accord.io.validation import pydantic_problems
from accord.io.yamltext import dump_yaml
from accord.model.plain import to_plain
from accord.model.problems import Problem, ScenarioError

FORMAT_VERSION = 1


class EvidenceType(StrEnum):
    mention = "mention"  # an actor named, through its name or an alias
    quote = "quote"  # direct or reported speech, with its speaker
    demand = "demand"  # a party's demand, condition, red line, offer or rejection
    claim = "claim"  # someone asserts a contested fact or accuses another
    denial = "denial"  # someone denies a claim
    threat = "threat"  # a signal of the alternative: fight on, walk away, sanctions
    event = "event"  # a meeting, talks, a vote, with its date and outcome


class Verdict(StrEnum):
    supports = "supports"  # agrees with the scenario's current value
    contradicts = "contradicts"  # points to another value than the scenario's
    proposes = "proposes"  # something the scenario lacks: an issue, a stance, a red line...
    new = "new"  # older evidence files' word for proposes


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(_Record):
    id: str
    path: str
    title: str | None = None
    date: dt.date | None = None
    #: where the date came from: option (--date), header, metadata (HTML), dateline, text
    date_from: str | None = None
    url: str | None = None
    publisher: str | None = None
    byline: str | None = Field(default=None, description="the author(s), as written")
    digest: str = Field(description="first 16 hex digits of the text's SHA-256")
    chars: int


class Evidence(_Record):
    id: str
    type: EvidenceType
    article: str
    start: int = Field(ge=0, description="offset of the sentence's first character")
    end: int = Field(ge=0, description="offset just after the sentence's last character")
    sentence: str
    text: str = Field(description="what was said, demanded, claimed... (part of the sentence)")
    confidence: float = Field(ge=0.0, le=1.0)
    actor: str | None = Field(default=None, description="the scenario actor who holds it")
    speaker: str | None = Field(default=None, description="who, as named in the text")
    actors: list[str] = Field(default_factory=list, description="every actor the item names")
    issues: list[str] = Field(default_factory=list)
    kind: str | None = Field(default=None, description="e.g. red_line, walk_away, direct")
    date: dt.date | None = None
    when: str | None = Field(default=None, description="the date as written")
    outcome: str | None = None
    polarity: Literal["for", "against", "unknown"] | None = Field(
        default=None,
        description="against: the holder rejects or opposes what `text` names; unknown: the "
        "wording does not say (for one thing and against another), so no stance is suggested",
    )
    reporter: str | None = Field(
        default=None, description="who reports the item, when not its holder (name or actor id)"
    )
    target: str | None = Field(default=None, description="the actor a demand is made on")
    participants: list[str] = Field(
        default_factory=list, description="the actors taking part in an event"
    )


class Change(_Record):
    """What accepting a suggestion does to the scenario."""

    #: cite_stance | set_stance | add_stance | add_issue | cite_batna | add_batna |
    #: cite_actor | add_event | cite_event
    op: str
    actor: str | None = None
    issue: str | None = None
    field: str | None = None  # position | red_line
    value: Any = None
    event: str | None = None
    date: dt.date | None = None
    title: str | None = None
    actors: list[str] = Field(default_factory=list)
    #: why, in words, for a record added (its judgement) or a value changed (its note)
    note: str | None = None


class Suggestion(_Record):
    id: str
    evidence: str
    article: str
    verdict: Verdict
    #: value | red_line | new_issue | new_stance | batna | batna_perception |
    #: mediator_bias | event
    about: str | None = None
    message: str
    quote: str | None = Field(default=None, description="the evidence, as the article words it")
    change: Change | None = None
    keep: bool = False


class Skipped(_Record):
    path: str
    reason: str


class EvidenceFile(_Record):
    format: int = FORMAT_VERSION
    scenario: str | None = None
    articles: list[Article] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {t.value: 0 for t in EvidenceType}
        for e in self.evidence:
            out[e.type.value] += 1
        return out


def to_data(ev: EvidenceFile) -> dict[str, Any]:
    data: dict[str, Any] = to_plain(ev, omit_none=True)
    return data


def dump_evidence(ev: EvidenceFile) -> str:
    """YAML, in the order the records are declared; one item per block for easy editing."""
    return dump_yaml(to_data(ev))


def dump_evidence_json(ev: EvidenceFile) -> str:
    return json.dumps(to_data(ev), indent=2, ensure_ascii=False)


class EvidenceFileError(ValueError):
    """An evidence file that cannot be read; the message says which and why."""


_WORDING = Wording(
    noun="an evidence file",
    needs="an evidence file (written by accord ingest) has 'articles' and 'evidence'",
    keys="format, scenario, articles, evidence, suggestions, ...",
)


def load_evidence(path: str | Path) -> EvidenceFile:
    """Read an evidence file written by ``accord ingest`` (YAML; JSON is YAML too).

    Read as scenario files are (:mod:`accord.io.located`): at most ``MAX_BYTES``, no
    aliases, bounded nesting; every problem is named with its line and column.
    """
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise EvidenceFileError(f"cannot read evidence file {p}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        raise EvidenceFileError(f"{p}: the file is larger than {limit} MiB") from None
    try:
        raw, marks = parse_yaml(data, _WORDING)
    except ScenarioError as exc:
        message = _listed(f"{p} is not a YAML evidence file", p, exc.problems)
        raise EvidenceFileError(message) from None
    if "evidence" not in raw:
        raise EvidenceFileError(f"{p} is not an evidence file (written by accord ingest)")
    try:
        return EvidenceFile.model_validate(raw)
    except ValidationError as exc:
        problems = pydantic_problems(exc, (), marks, raw, root=EvidenceFile)
        raise EvidenceFileError(_listed(f"{p}: invalid evidence file", p, problems)) from None


def _listed(head: str, path: Path, problems: list[Problem]) -> str:
    ordered = sorted(problems, key=lambda q: (q.line or 0, q.column or 0))
    return "\n".join([head, *(f"  {q.render(str(path))}" for q in ordered)])


def item(source: str, type_: EvidenceType, start: int, end: int, **fields: Any) -> Evidence:
    """An evidence record for the sentence ``source[start:end]``; ids are given later."""
    # Sentences end with the blank line after them in spaCy; the record keeps the words.
    while end > start and source[end - 1].isspace():
        end -= 1
    while start < end and source[start].isspace():
        start += 1
    fields.setdefault("text", source[start:end])
    return Evidence(
        id="", type=type_, article="", start=start, end=end, sentence=source[start:end], **fields
    )
