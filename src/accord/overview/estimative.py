"""Estimative words (ICD 203) and the confidence rule of a briefing's key judgements.

**Words.** A key judgement states a chance in the words of US Intelligence Community
Directive 203 (2015), each standing for a stated range of probabilities, so that "likely"
means the same in every briefing:

=====================  ===========
word                   probability
=====================  ===========
almost no chance       1-5 %
very unlikely          5-20 %
unlikely               20-45 %
roughly even chance    45-55 %
likely                 55-80 %
very likely            80-95 %
almost certain         95-99 %
=====================  ===========

The directive leaves the ends of the scale and the edges open; here:

- **Below 1 %** is still "almost no chance", with the range 0-1 % (:data:`UNDER_1`): a
  Monte Carlo share of 0 is a share of finite draws, not an impossibility. **Above 99 %**
  is "almost certain" with the range 99-100 % (:data:`OVER_99`).
- **An edge belongs to the word nearer even odds** (5 % is "very unlikely", 20 %
  "unlikely", 45 % and 55 % "roughly even chance", 80 % "likely", 95 % "very likely"):
  a figure exactly on an edge supports only the weaker claim.
- **A figure whose 95 % interval spans two or more words takes them all**
  (:func:`estimative_span`): 58 % with the interval 48-67 % is "roughly even chance to
  likely (45-80%)", not "likely", so the word does not depend on how many draws were run.

**Confidence** says how far a judgement can be trusted, which is not how likely it is
(ICD 203's distinction): :func:`confidence` derives it from what the judgement rests on
(the share of its driving inputs that carry an outside source rather than the analyst's
``judgement:``) and how wide its 95 % interval is. The rule is in
:func:`confidence` and in docs/report.md.
"""

from __future__ import annotations

import math

import numpy as np

from accord.overview.briefing_records import Basis, Confidence, Word

__all__ = [
    "HIGH_SHARE",
    "LOW_SHARE",
    "NARROW",
    "OVER_99",
    "SCALE",
    "UNDER_1",
    "WIDE",
    "chance_clause",
    "confidence",
    "estimative_index",
    "estimative_span",
    "estimative_word",
    "word_range_text",
]

#: Below 1 %: the bottom word, with its own range (see the module docstring).
UNDER_1 = Word("almost no chance", 0.0, 0.01)
#: Above 99 %: the top word, with its own range.
OVER_99 = Word("almost certain", 0.99, 1.0)
#: Every word of the scale, lowest first, the two ends included (indices of
#: :func:`estimative_index`).
SCALE: tuple[Word, ...] = (
    UNDER_1,
    Word("almost no chance", 0.01, 0.05),
    Word("very unlikely", 0.05, 0.20),
    Word("unlikely", 0.20, 0.45),
    Word("roughly even chance", 0.45, 0.55),
    Word("likely", 0.55, 0.80),
    Word("very likely", 0.80, 0.95),
    Word("almost certain", 0.95, 0.99),
    OVER_99,
)
#: The index of "roughly even chance" in :data:`SCALE`.
_EVEN = 4
# edges below even odds: a figure on one takes the word above it (nearer even odds) ...
_LOW_EDGES = np.array([w.high for w in SCALE[:_EVEN]])  # 0.01, 0.05, 0.20, 0.45
# ... and above even odds, the word below it
_HIGH_EDGES = np.array([w.low for w in SCALE[_EVEN + 1 :]])  # 0.55, 0.80, 0.95, 0.99


def estimative_index(p: np.ndarray) -> np.ndarray:
    """The index in :data:`SCALE` of the word for each probability in ``p`` (any shape).

    Raises ValueError when a value is not a probability (NaN, below 0 or above 1).
    """
    p = np.asarray(p, dtype=float)
    if p.size and not (np.all(p >= 0.0) and np.all(p <= 1.0)):  # NaN fails both
        bad = p[~((p >= 0.0) & (p <= 1.0))].ravel()[0]
        raise ValueError(f"a probability must lie between 0 and 1, got {bad!r}")
    below = np.searchsorted(_LOW_EDGES, p, side="right")  # edges <= p: ties go up
    above = _EVEN + np.searchsorted(_HIGH_EDGES, p, side="left")  # edges < p: ties go down
    return np.where(p <= 0.5, below, above)


def estimative_word(p: float) -> Word:
    """The ICD 203 word for the probability ``p`` (0..1), with the range it stands for.

    >>> estimative_word(0.16).text, estimative_word(0.55).text, estimative_word(0.0).high
    ('very unlikely', 'roughly even chance', 0.01)
    """
    return SCALE[int(estimative_index(np.asarray(p)))]


#: The adjective ICD 203 pairs with each word that is a noun, for a span of words ("remote
#: to very unlikely"): the directive's own alternative terms.
_ADJECTIVE = {"almost no chance": "remote", "roughly even chance": "roughly even"}


def estimative_span(p: float, interval: tuple[float, float] | None = None) -> Word:
    """The word for ``p``, or, when its 95 % ``interval`` reaches other words, the span
    from the word of the interval's low end to that of its high end, with their joint range
    (a noun takes the adjective ICD 203 pairs with it: "remote" for "almost no chance").

    >>> estimative_span(0.58, (0.48, 0.67)).text, estimative_span(0.58, (0.56, 0.62)).text
    ('roughly even to likely', 'likely')
    >>> word_range_text(estimative_span(0.064, (0.046, 0.089))) == "1\N{EN DASH}20%"
    True
    """
    if interval is None:
        return estimative_word(p)
    lo, mid, hi = (int(k) for k in estimative_index(np.array([interval[0], p, interval[1]])))
    lo, hi = min(lo, mid), max(hi, mid)
    if lo == hi:
        return SCALE[mid]
    if SCALE[lo].text == SCALE[hi].text:  # under 1% and 1-5% are one word, with both ranges
        return Word(SCALE[lo].text, SCALE[lo].low, SCALE[hi].high)
    a, b = (_ADJECTIVE.get(SCALE[k].text, SCALE[k].text) for k in (lo, hi))
    return Word(f"{a} to {b}", SCALE[lo].low, SCALE[hi].high)


def word_range_text(word: Word) -> str:
    """The range a word stands for, as a reader sees it: ``5-20%`` (an en dash), ``under 1%``,
    ``over 99%``."""
    if word.low <= 0.0:
        return f"under {word.high:.0%}"
    if word.high >= 1.0:
        return f"over {word.low:.0%}"
    return f"{100 * word.low:.0f}–{word.high:.0%}"


def chance_clause(
    p: float,
    clause: str,
    *,
    ranged: bool = True,
    interval: tuple[float, float] | None = None,
) -> str:
    """``clause`` under the word for ``p``, in a grammatical sentence head: ``it is very
    unlikely (5-20%) that a deal is reached``, ``there is almost no chance (under 1%) that
    ...``, ``there is a roughly even chance (45-55%) that ...`` (en dashes). ``ranged``:
    with the range the word stands for. With ``interval``, a span of words
    (:func:`estimative_span`): ``it is roughly even to likely (45-80%) that ...``.

    >>> chance_clause(0.58, "a zone exists", interval=(0.48, 0.67), ranged=False)
    'it is roughly even to likely that a zone exists'
    """
    w = estimative_span(p, interval)
    word = f"{w.text} ({word_range_text(w)})" if ranged else w.text
    if w.text.endswith("chance"):  # a noun: "there is ... chance that"
        article = "a " if w.text.startswith("roughly") else ""
        return f"there is {article}{word} that {clause}"
    return f"it is {word} that {clause}"


#: The confidence rule (docs/report.md, "Key judgements"): at least this share of the
#: driving inputs sourced, and an interval at most :data:`NARROW` wide, for high confidence
HIGH_SHARE = 0.75
NARROW = 0.15
#: below this share sourced, or an interval wider than :data:`WIDE`, confidence is low
LOW_SHARE = 0.40
WIDE = 0.35


def confidence(basis: Basis, interval: tuple[float, float] | None) -> tuple[Confidence, str]:
    """How confident a judgement resting on ``basis`` with the 95 % ``interval`` is, and why.

    The rule, in order:

    - **low** when under :data:`LOW_SHARE` (40 %) of its driving inputs carry an outside
      source, or its interval is wider than :data:`WIDE` (35 points): it rests mostly on
      the analyst's judgement, or the evidence does not pin it down;
    - **high** when at least :data:`HIGH_SHARE` (75 %) of its inputs are sourced and its
      interval is at most :data:`NARROW` (15 points) wide (or it is not a chance);
    - **moderate** otherwise.

    A judgement with no driving inputs named (``basis.sourced_share`` is NaN) is held to
    low: what it rests on is not known.

    >>> confidence(Basis(0.9), (0.10, 0.20))[0], confidence(Basis(0.2), None)[0]
    (<Confidence.high: 'high'>, <Confidence.low: 'low'>)
    """
    share = basis.sourced_share
    n = len(basis.sourced_inputs) + len(basis.judgement_inputs)
    if math.isnan(share):
        return Confidence.low, "what it rests on is not recorded"
    sourced = f"{share:.0%} of the {n} inputs that drive it are sourced" if n else (
        f"{share:.0%} of the inputs that drive it are sourced")  # fmt: skip
    width = None if interval is None else interval[1] - interval[0]
    wide = "" if width is None else f"its 95% interval is {100 * width:.0f} points wide"
    if share < LOW_SHARE:
        rest = ", the rest is analyst judgement" + (f"; {wide}" if wide else "")
        return Confidence.low, sourced + rest
    if width is not None and width > WIDE:
        return Confidence.low, f"{wide}, more than {100 * WIDE:.0f}; {sourced}"
    if share >= HIGH_SHARE and (width is None or width <= NARROW):
        return Confidence.high, sourced + (f" and {wide}" if wide else "")
    why = sourced + (f"; {wide}" if wide else "")
    if share < HIGH_SHARE:
        return Confidence.moderate, f"only {why}"
    return Confidence.moderate, f"{why}, more than {100 * NARROW:.0f}"
