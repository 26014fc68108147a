"""The records of a briefing's first page: bottom line, key judgements, futures, indicators.

A briefing is read by someone with two minutes. Its first page says what the analyses
found, how likely each finding is (an estimative word tied to a stated range of
probabilities) and how much of it rests on the analyst's judgement rather than on sourced
fact. The records here hold those statements; the functions that compute them
(:mod:`accord.overview.estimative`, :mod:`accord.overview.judgements`,
:mod:`accord.overview.futures`) fill them from an :class:`~accord.overview.records.Overview`,
and the report, the web app and the CLI only render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Word:
    """An estimative word and the range of probabilities it stands for (both ends, 0..1)."""

    text: str  # "very unlikely"
    low: float
    high: float


class Confidence(StrEnum):
    """How far a judgement can be trusted: follows from what it rests on, not its probability."""

    high = "high"
    moderate = "moderate"
    low = "low"


@dataclass(frozen=True)
class Basis:
    """What a judgement rests on: the inputs it depends on, sourced or judgement.

    ``sourced_share`` is the share (0..1) of the inputs that drive it that carry an outside
    source rather than the analyst's judgement; ``judgement_inputs`` names the judgement
    values it rests on most (e.g. "Russia's BATNA 0.32 (0.20-0.45), judgement").
    """

    sourced_share: float
    sourced_inputs: tuple[str, ...] = ()
    judgement_inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Judgement:
    """One key judgement: a statement, how likely, how confident, and where the evidence is.

    ``probability`` is the central figure (None for a judgement that is not a chance, e.g.
    "Russia gains most from the 28 points"); ``interval`` its spread (Monte Carlo), ``word``
    the estimative word whose range holds ``probability``. ``evidence`` is the anchor of the
    report section that shows it.
    """

    key: str
    statement: str
    probability: float | None
    interval: tuple[float, float] | None
    word: Word | None
    confidence: Confidence
    why_confidence: str
    basis: Basis
    evidence: str


@dataclass(frozen=True)
class PartyChange:
    """How one party fares in a future against the baseline (utility of the forecast deal
    or of its alternative, on its own 0..1 scale; None: unknown)."""

    actor: str
    before: float | None
    after: float | None
    note: str = ""


@dataclass(frozen=True)
class Future:
    """A named alternative future, computed: what is changed and what follows.

    ``how`` says in words what is set (lever settings, an as-of date, soft red lines giving
    way); ``deal_before``/``deal_after`` are the chance of any deal (Monte Carlo, with their
    intervals) in the baseline and in this future.
    """

    key: str
    name: str
    how: str
    settings: dict[str, float]
    deal_before: float | None
    deal_after: float | None
    interval_after: tuple[float, float] | None
    parties: tuple[PartyChange, ...]
    summary: str
    seed: int
    draws: int
    #: optional: how many months ahead both chances are read (0: now), the baseline's
    #: interval, and the draws whose ZOPA was decided exactly (the intervals' sample)
    months: int = 0
    interval_before: tuple[float, float] | None = None
    decided: int | None = None


@dataclass(frozen=True)
class Indicator:
    """An observable event that would move a judgement, and by how much.

    E.g. "if Kyiv's referendum polling on territory moves above 0.55, the chance of a deal
    rises from 9% to 31%". ``judgement`` is the key of the judgement it moves.
    """

    text: str
    judgement: str
    observable: str
    threshold: str
    chance_from: float | None
    chance_to: float | None
    #: optional: the uncertain input or lever watched, and the threshold as a number on
    #: its own scale (None: a lever level or a named setting)
    source: str = ""
    value: float | None = None


@dataclass(frozen=True)
class Option:
    """A course open to the reader (a mediator or a third party), from the lever search and
    the package trades, with what it would achieve and what it costs."""

    text: str
    for_whom: str
    achieves: str
    basis: str
    #: where it comes from, as an indicator's ``source`` (``openings``: the lever search), so
    #: a page that lists both does not say the same thing twice
    source: str = ""


@dataclass(frozen=True)
class Briefing:
    """The first page of a briefing, computed from an overview."""

    bottom_line: str
    judgements: tuple[Judgement, ...]
    futures: tuple[Future, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    options: tuple[Option, ...] = ()
    #: what the model assumes, in words, for the reader of the first page
    assumptions: tuple[str, ...] = field(default_factory=tuple)
