"""Which language an article is in, so one the pipeline cannot read is skipped by name.

No model and no download: the rule that decides which articles are read (:func:`is_english`:
the share of common function words), run for a dozen languages written in the Latin
alphabet, and the script for the rest (Cyrillic, Greek, Arabic, Hebrew, the Chinese,
Japanese and Korean scripts, Devanagari). Assumptions, in words: a news article of a few
hundred words uses its language's commonest words often (a third to a half of its words in
the languages listed); a language not listed is named only by its script, or called "not a
language accord recognises" when its script is Latin too. Russian and Ukrainian are told
apart by the letters only one of them has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The commonest function words of each language, lower case (the first 25-40 of a
#: frequency list; words shared by several languages count for each).
_WORDS: dict[str, tuple[str, str]] = {
    "en": (
        "English",
        "the of and to in a is that for it on was with as by at be this are from or have an "
        "has not but had which were will would said their been its they he she who his her we "
        "our",
    ),
    "fr": (
        "French",
        "le la les de des du et est un une que qui dans pour pas sur au aux avec ce il elle "
        "ne se sont par plus son sa ses leur été mais ou nous vous être",
    ),
    "es": (
        "Spanish",
        "el la los las de del y que en un una es por con para no se su sus al lo como más "
        "pero fue ha son está este esta también sobre entre",
    ),
    "de": (
        "German",
        "der die das und ist nicht ein eine zu den von mit sich des auf für im dem als auch "
        "es an wird werden hat aus bei nach sie wir er",
    ),
    "it": (
        "Italian",
        "il lo la gli le di del della che è e un una per non con sono si da al nel alla più "
        "ma come anche ha dei delle questo",
    ),
    "pt": (
        "Portuguese",
        "o a os as de do da dos das e que em um uma para com não por se na no mais como mas "
        "foi ao ele ela seu sua são também",
    ),
    "nl": (
        "Dutch",
        "de het een en van in is dat op te zijn niet met voor er aan als ook maar bij om "
        "door naar dan nog wordt heeft werd",
    ),
    "pl": (
        "Polish",
        "i w na nie z się do że to jest o jak po co ale od za tak przez dla jego już są "
        "oraz był była może",
    ),
    "tr": (
        "Turkish",
        "ve bir bu da de için ile olarak çok daha ama gibi en olan ise sonra kadar değil "
        "her şey ya mı var",
    ),
    "sv": (
        "Swedish",
        "och i att det som en på är av för med till den har de inte om ett men var sig "
        "från så kan vid",
    ),
    "id": (
        "Indonesian",
        "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena ada "
        "oleh mereka kami bahwa sudah",
    ),
}
_FUNCTION = {code: set(words.split()) for code, (_, words) in _WORDS.items()}
_NAMES = {code: name for code, (name, _) in _WORDS.items()}

#: Scripts other than Latin, each with the language named when its letters dominate.
_SCRIPTS: list[tuple[str, str, re.Pattern[str]]] = [
    ("el", "Greek", re.compile(r"[\u0370-\u03FF]")),
    ("ar", "Arabic", re.compile(r"[\u0600-\u06FF]")),
    ("he", "Hebrew", re.compile(r"[\u0590-\u05FF]")),
    ("hi", "Hindi (Devanagari script)", re.compile(r"[\u0900-\u097F]")),
    ("ja", "Japanese", re.compile(r"[\u3040-\u30FF]")),
    ("ko", "Korean", re.compile(r"[\uAC00-\uD7AF]")),
    ("zh", "Chinese", re.compile(r"[\u4E00-\u9FFF]")),
]
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_KANA = re.compile(r"[\u3040-\u30FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: English if at least this share of the words are English function words (is_english).
ENGLISH_SHARE = 0.12


def is_english(text: str) -> bool:
    """Whether enough of the words (of the first 20,000 characters) are common English
    function words: the rule deciding which articles are read.

    English prose runs at 35-50 % function words; French or Spanish share few with this list
    and scripts such as Cyrillic none. Very short texts are given the benefit of the doubt.

    Example:
        >>> is_english("Russia said the talks would go on."), is_english("Le texte est ici.")
        (True, False)
    """
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    english = _FUNCTION["en"]
    if len(words) < 12:
        return any(w in english for w in words) or not words
    return sum(1 for w in words if w in english) / len(words) >= ENGLISH_SHARE


@dataclass(frozen=True)
class Language:
    """A language as detected: ISO 639-1 code (None when unknown), name, and the share of
    words (or letters, for a script) the decision rests on."""

    code: str | None
    name: str
    share: float

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


def detect_language(text: str) -> Language:
    """The language of ``text`` (its first 20,000 characters), by script, then by the share
    of each language's function words."""
    head = text[:20000]
    letters = [c for c in head if c.isalpha()]
    if not letters:
        return Language(None, "no words", 0.0)
    counts = {
        "latin": sum(1 for c in letters if _LATIN.match(c)),
        "cyrillic": sum(1 for c in letters if _CYRILLIC.match(c)),
    }
    other = max(
        ((sum(1 for c in letters if rx.match(c)), code, name) for code, name, rx in _SCRIPTS),
        default=(0, "", ""),
    )
    if counts["cyrillic"] > max(counts["latin"], other[0]):
        return _cyrillic(head, counts["cyrillic"] / len(letters))
    if other[0] > counts["latin"]:
        # Japanese text is mostly Chinese characters with kana between them.
        code, name = other[1], other[2]
        if code == "zh" and _KANA.search(head):
            code, name = "ja", "Japanese"
        return Language(code, name, other[0] / len(letters))
    words = [w.lower() for w in _WORD.findall(head)]
    shares = {code: sum(1 for w in words if w in fn) / len(words) for code, fn in _FUNCTION.items()}
    best = max(shares, key=lambda c: shares[c])
    # English first whenever it passes the reading threshold: the pipeline's own rule.
    if shares["en"] >= ENGLISH_SHARE and shares["en"] >= shares[best] * 0.8:
        return Language("en", "English", shares["en"])
    if shares[best] < 0.08:
        return Language(None, "not a language accord recognises", shares[best])
    return Language(best, _NAMES[best], shares[best])


#: Common Russian and Ukrainian function words (those both share cancel out).
_RUSSIAN = set(
    re.findall(r"\w+", "и в не на что с по это как из за от для к о его но был была они мы вы")
)
_UKRAINIAN = set(
    re.findall(r"\w+", "і в не на що з по це як від за для до та але його був була вони ми ви у")
)


def _cyrillic(text: str, share: float) -> Language:
    """Russian or Ukrainian: the letters only one of them has, then their function words."""
    ukrainian = len(re.findall(r"[іїєґІЇЄҐ]", text))
    russian = len(re.findall(r"[ыэъЫЭЪ]", text))
    words = [w.lower() for w in _WORD.findall(text)]
    ukrainian += sum(1 for w in words if w in _UKRAINIAN - _RUSSIAN)
    russian += sum(1 for w in words if w in _RUSSIAN - _UKRAINIAN)
    if ukrainian > russian:
        return Language("uk", "Ukrainian", share)
    if russian > ukrainian:
        return Language("ru", "Russian", share)
    return Language(None, "a language in Cyrillic script", share)


def not_read(text: str) -> str:
    """The one-line reason an article not in English is skipped, naming its language."""
    lang = detect_language(text)
    if lang.code == "en":  # too few English words to read, yet no other language either
        return (
            "not English enough to read: too few common English words "
            "(accord ingest reads English text only)"
        )
    return f"written in {lang}, not English (accord ingest reads English text only)"
