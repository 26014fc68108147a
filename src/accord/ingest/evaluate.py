"""Precision and recall of the extractors against hand-annotated articles.

An annotation file (``*.expected.yaml``) names its article, its scenario and the expected
items: a type, the actor (a scenario actor id) or else the speaker as written, and a piece
of text that occurs once in the article. A found item matches an expected one when the
type is the same, the actor (or speaker) is the same and the spans overlap; events match
on the date instead of the actor, when the annotation gives one. Each item matches once.

Attribution is scored apart, on the items *found* whatever their party (same type, spans
overlapping): the holder right (attribution accuracy), the reporter, the polarity (a
reversal is ``against`` read as ``for`` or the reverse; no polarity reads as ``for``, as a
demand with none is read downstream; ``unknown`` is not right, and not a reversal, since
nothing downstream reads a side into it), the target and the participants. An annotation
without one of these keys is not scored on it. Polarity is also given among the demands read
for or against only (:func:`polarity_with_a_side`), with the share of all demands found that
were left ``unknown``: the price of never guessing.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.ingest.evidence import Evidence, EvidenceType
from accord.io import load_builtin, load_scenario
from accord.io.located import parse_yaml
from accord.model import Scenario

#: Types scored; mentions are alias look-ups, too many to annotate by hand.
SCORED = [t for t in EvidenceType if t is not EvidenceType.mention]


@dataclass
class Expected:
    type: EvidenceType
    start: int
    end: int
    actor: str | None
    speaker: str | None
    date: dt.date | None
    reporter: str | None = None
    polarity: str | None = None
    target: str | None = None
    participants: list[str] | None = None
    #: the annotated words; ``start == end == -1`` when the article's reader dropped them
    #: (e.g. a box of an HTML page that the page's main text leaves out): never matched
    words: str = ""


@dataclass
class Tally:
    """Right out of scored, for one property of the items found."""

    right: int = 0
    scored: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.scored += 1

    @property
    def accuracy(self) -> float:
        return self.right / self.scored if self.scored else 1.0


@dataclass
class Attribution:
    """Holder, reporter, polarity, target and participants of the items found."""

    holder: Tally = field(default_factory=Tally)
    reporter: Tally = field(default_factory=Tally)
    polarity: Tally = field(default_factory=Tally)
    target: Tally = field(default_factory=Tally)
    participants: Tally = field(default_factory=Tally)
    #: (case, text) of each polarity reversal
    reversals: list[tuple[str, str]] = field(default_factory=list)
    #: (case, text) of each demand whose polarity the extractor left unknown
    unknown: list[tuple[str, str]] = field(default_factory=list)
    #: every demand found, and those of them read as ``unknown`` (matched or not)
    demands_found: int = 0
    demands_unknown: int = 0
    #: per article, when the annotation gives it: the date (null: none given), outlet, title
    published: Tally = field(default_factory=Tally)
    outlet: Tally = field(default_factory=Tally)
    title: Tally = field(default_factory=Tally)


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    matched_found: int = 0
    matched_expected: int = 0

    @property
    def precision(self) -> float:
        return self.matched_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched_expected / self.expected if self.expected else 1.0


@dataclass
class Case:
    name: str
    article: Path
    scenario: Scenario
    expected: list[Expected] = field(default_factory=list)
    #: the article-level keys the annotation gives (title, published, outlet, ...)
    meta: dict[str, Any] = field(default_factory=dict)


def load_case(path: Path) -> Case:
    """One annotation file with its article and scenario; texts located in the article."""
    from accord.ingest.read import parse_article

    data, _ = parse_yaml(path.read_bytes())
    article = path.parent / data["article"]
    name = data["scenario"]
    scenario = load_scenario(path.parent / name) if name.endswith(".yaml") else load_builtin(name)
    parsed = parse_article(article.read_bytes(), str(article))
    text = getattr(parsed, "text", "")
    case = Case(path.name.removesuffix(".expected.yaml"), article, scenario)
    case.meta = {k: data[k] for k in ("title", "published", "outlet") if k in data}
    for row in data["evidence"]:
        at = text.find(row["text"])
        end = at + len(row["text"])
        if at < 0 and _visible(article).count(row["text"]) == 1:
            at = end = -1  # in the article, but not in what the reader kept: a miss
        elif at < 0 or text.find(row["text"], at + 1) >= 0:
            raise ValueError(f"{path}: text must occur once in the article: {row['text']!r}")
        case.expected.append(
            Expected(
                EvidenceType(row["type"]),
                at,
                end,
                row.get("actor"),
                row.get("speaker"),
                row.get("date"),
                row.get("reporter"),
                row.get("polarity"),
                row.get("target"),
                row.get("participants"),
                row["text"],
            )
        )
    return case


def _words(e: Expected, text: str) -> str:
    """The expected item's words: located in ``text``, or as annotated when not."""
    return text[e.start : e.end] if e.start >= 0 else e.words


def _visible(article: Path) -> str:
    """The words a reader of the article sees: an HTML page without its scripts, styles and
    tags (entities decoded), or the plain text as it is."""
    raw = article.read_bytes().decode("utf-8", errors="replace")
    if article.suffix.lower() not in (".html", ".htm"):
        return raw
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", raw))


def _same_party(found: Evidence, exp: Expected) -> bool:
    if exp.type is EvidenceType.event:
        return exp.date is None or found.date == exp.date
    if exp.actor is not None:
        return found.actor == exp.actor
    a, b = (found.speaker or "").lower(), (exp.speaker or "").lower()
    return bool(a and b) and (a in b or b in a)


def text_span(found: Evidence) -> tuple[int, int]:
    """Offsets of the found item's ``text`` (the part that matters) in the article; the
    sentence's when the text is not a piece of it."""
    text = found.text.strip()
    at = found.sentence.find(text)
    if at < 0:
        return found.start, found.end
    return found.start + at, found.start + at + len(text)


def _closest_first(cands: list[int], found: list[Evidence], exp: Expected) -> list[int]:
    """Candidates whose own text overlaps the expected text most first, then in text order:
    two items found in one sentence ("accepted X but called Y unfair") each pair with their
    own clause. A tie-break only: what may match is unchanged."""

    return sorted(cands, key=lambda i: -_own_overlap(found[i], exp))


def _own_overlap(f: Evidence, exp: Expected) -> int:
    s, e = text_span(f)
    return max(0, min(e, exp.end) - max(s, exp.start))


def _kept_for_another(i: int, j: int, found: list[Evidence], expected: list[Expected]) -> bool:
    """Whether found item ``i``, whose own words miss expected item ``j``, covers the words of
    a later expected item of its type (still unmatched, as items are matched in order): two
    demands in one sentence ("said X
    was the fairest option and that Y"), one found, pair the found one with its own clause,
    not with the first in text order."""
    f = found[i]
    if _own_overlap(f, expected[j]) > 0:
        return False
    return any(
        k > j and e.type is f.type and _own_overlap(f, e) > 0 for k, e in enumerate(expected)
    )


def match(found: list[Evidence], expected: list[Expected]) -> tuple[set[int], set[int]]:
    """Indices of found and expected items matched one to one (greedy, in text order)."""
    used_f: set[int] = set()
    used_e: set[int] = set()
    for j, exp in enumerate(expected):
        cands = [
            i
            for i, f in enumerate(found)
            if i not in used_f
            and f.type is exp.type
            and f.start < exp.end
            and exp.start < f.end
            and _same_party(f, exp)
            and not _kept_for_another(i, j, found, expected)
        ]
        if cands:
            i = _closest_first(cands, found, exp)[0]
            used_f.add(i)
            used_e.add(j)
    return used_f, used_e


def _holder_right(found: Evidence, exp: Expected) -> bool:
    if exp.actor is not None:
        return found.actor == exp.actor
    return _same_name(found.speaker, exp.speaker)


def _same_name(a: str | None, b: str | None) -> bool:
    x, y = (a or "").lower(), (b or "").lower()
    return bool(x and y) and (x in y or y in x)


def pair(found: list[Evidence], expected: list[Expected]) -> dict[int, int]:
    """Expected index -> found index, for the items found whatever their party: the same
    type and overlapping spans, a found item with the right party preferred."""
    out: dict[int, int] = {}
    used: set[int] = set()
    for j, exp in enumerate(expected):
        cands = [
            i
            for i, f in enumerate(found)
            if i not in used
            and f.type is exp.type
            and f.start < exp.end
            and exp.start < f.end
            and not _kept_for_another(i, j, found, expected)
        ]
        if not cands:
            continue
        cands = _closest_first(cands, found, exp)
        best = next((i for i in cands if _same_party(found[i], exp)), cands[0])
        out[j] = best
        used.add(best)
    return out


def attribute(
    found: list[Evidence], expected: list[Expected], tally: Attribution, case: str, text: str
) -> None:
    """Add one article's attribution scores to ``tally``."""
    demands = [f for f in found if f.type is EvidenceType.demand]
    tally.demands_found += len(demands)
    tally.demands_unknown += sum(1 for f in demands if f.polarity == "unknown")
    for j, i in pair(found, expected).items():
        f, e = found[i], expected[j]
        if e.type is not EvidenceType.event and (e.actor or e.speaker):
            tally.holder.add(_holder_right(f, e))
        if e.reporter is not None:
            tally.reporter.add(f.reporter == e.reporter or _same_name(f.reporter, e.reporter))
        # A side is compared only between an item and its own clause: a found item whose
        # words miss the expected item's ("no party should be afraid of that", paired by its
        # sentence with "We can put two hundred observers ...") read another clause.
        if e.polarity is not None and _own_overlap(f, e) > 0:
            ok = (f.polarity or "for") == e.polarity
            tally.polarity.add(ok)
            if f.polarity == "unknown":
                tally.unknown.append((case, _words(e, text)))
            elif not ok:
                tally.reversals.append((case, _words(e, text)))
        if e.target is not None:
            tally.target.add(f.target == e.target)
        if e.participants is not None:
            tally.participants.add(set(f.participants or f.actors) == set(e.participants))


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().replace("’", "'").split())


def count(
    scores: dict[str, Score],
    found: list[Evidence],
    expected: list[Expected],
    used_f: set[int],
    used_e: set[int],
) -> None:
    """Add one article's items found, expected and matched (``match``'s result) per type."""
    for t in SCORED:
        s = scores[t.value]
        s.found += sum(1 for f in found if f.type is t)
        s.expected += sum(1 for e in expected if e.type is t)
        s.matched_found += sum(1 for i in used_f if found[i].type is t)
        s.matched_expected += sum(1 for j in used_e if expected[j].type is t)


def score_metadata(meta: dict[str, Any], art: Any, tally: Attribution) -> None:
    if "published" in meta:
        tally.published.add(art.date == meta["published"])
    if "outlet" in meta:
        tally.outlet.add(_same_name(art.publisher, meta["outlet"]))
    if "title" in meta:
        tally.title.add(_norm(art.title) == _norm(meta["title"]))


@dataclass
class Evaluation:
    scores: dict[str, Score]
    attribution: Attribution
    misses: list[dict[str, Any]]
    articles: int


def evaluate(
    folder: Path, n_process: int = 1, *, learned: bool = True
) -> tuple[dict[str, Score], list[dict[str, Any]]]:
    """Scores per type over every annotated article in ``folder``, and the misses."""
    full = evaluate_all(folder, n_process, learned=learned)
    return full.scores, full.misses


def evaluate_all(
    folder: Path, n_process: int = 1, only: set[str] | None = None, *, learned: bool = True
) -> Evaluation:
    """Scores per type, attribution and misses over the annotated articles in ``folder``
    (those named in ``only``, by their annotation's name, when given), as ``accord ingest``
    finds them: with the learned detector, or the rules alone (``learned=False``)."""
    from accord.ingest.extract import ingest
    from accord.ingest.read import read_articles

    scores = {t.value: Score() for t in SCORED}
    misses: list[dict[str, Any]] = []
    tally = Attribution()
    n = 0
    for path in sorted(folder.glob("*.expected.yaml")):
        if only is not None and path.name.removesuffix(".expected.yaml") not in only:
            continue
        n += 1
        case = load_case(path)
        articles, _ = read_articles([str(case.article)])
        ev = ingest(articles, case.scenario, n_process=n_process, learned=learned)
        found = [e for e in ev.evidence if e.type is not EvidenceType.mention]
        used_f, used_e = match(found, case.expected)
        attribute(found, case.expected, tally, case.name, articles[0].text)
        score_metadata(case.meta, ev.articles[0], tally)
        count(scores, found, case.expected, used_f, used_e)
        for j, e in enumerate(case.expected):
            if j not in used_e:
                misses.append(
                    {
                        "case": case.name,
                        "kind": "missed",
                        "type": e.type.value,
                        "who": e.actor or e.speaker,
                        "text": _words(e, articles[0].text),
                    }
                )
        for i, f in enumerate(found):
            if i not in used_f:
                misses.append(
                    {
                        "case": case.name,
                        "kind": "extra",
                        "type": f.type.value,
                        "who": f.actor or f.speaker,
                        "text": f.sentence[:80],
                    }
                )
    return Evaluation(scores, tally, misses, n)


def table(scores: dict[str, Score]) -> str:
    """A Markdown table of precision and recall per type."""
    rows = ["| type | found | expected | precision | recall |", "|---|---:|---:|---:|---:|"]
    for name, s in scores.items():
        rows.append(f"| {name} | {s.found} | {s.expected} | {s.precision:.2f} | {s.recall:.2f} |")
    total = Score(
        sum(s.found for s in scores.values()),
        sum(s.expected for s in scores.values()),
        sum(s.matched_found for s in scores.values()),
        sum(s.matched_expected for s in scores.values()),
    )
    rows.append(
        f"| all | {total.found} | {total.expected} | {total.precision:.2f} | {total.recall:.2f} |"
    )
    return "\n".join(rows)


def attribution_table(a: Attribution) -> str:
    """A Markdown table of the attribution scores of the items found."""
    rows = ["| of the items found | right | scored | accuracy |", "|---|---:|---:|---:|"]
    for name, t in [
        ("holder (attribution)", a.holder),
        ("reporter", a.reporter),
        ("polarity", a.polarity),
        ("target", a.target),
        ("event participants", a.participants),
        ("article date", a.published),
        ("article outlet", a.outlet),
        ("article title", a.title),
    ]:
        rows.append(f"| {name} | {t.right} | {t.scored} | {t.accuracy:.2f} |")
    rows.append(f"| polarity reversals | {len(a.reversals)} | | |")
    rows.append(f"| polarity unknown | {len(a.unknown)} | | |")
    sided = polarity_with_a_side(a)
    rows.append(
        f"| polarity, of those read for or against | {sided.right} | {sided.scored} "
        f"| {sided.accuracy:.2f} |"
    )
    rows.append(
        f"| demands found read unknown | {a.demands_unknown} | {a.demands_found} "
        f"| {a.demands_unknown / a.demands_found if a.demands_found else 0.0:.2f} |"
    )
    return "\n".join(rows)


def polarity_with_a_side(a: Attribution) -> Tally:
    """The polarity right among the scored demands the extractor read ``for`` or
    ``against``: an ``unknown`` is neither right nor reversed, so it is left out here (the
    plain polarity row counts it as not right)."""
    return Tally(a.polarity.right, a.polarity.scored - len(a.unknown))


def main() -> None:  # pragma: no cover - run as a script
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    only = {a.removeprefix("--only=") for a in sys.argv[1:] if a.startswith("--only=")}
    names = {n for a in only for n in a.split(",")} or None
    # --rules: the rules alone, without the learned detector (the baseline it is judged by)
    learned = "--rules" not in sys.argv
    for folder in [Path(a) for a in args] or [Path("tests/data/news")]:
        full = evaluate_all(folder, only=names, learned=learned)
        print(f"{folder} ({full.articles} articles{'' if learned else ', rules alone'})")
        if "-v" in sys.argv:
            for m in full.misses:
                print(f"{m['case']:20} {m['kind']:6} {m['type']:7} {m['who']!s:18} {m['text']}")
            for case, text in full.attribution.reversals:
                print(f"{case:20} REVERSED {text}")
            for case, text in full.attribution.unknown:
                print(f"{case:20} UNKNOWN  {text}")
        print(table(full.scores))
        print()
        print(attribution_table(full.attribution))
        print()


if __name__ == "__main__":  # pragma: no cover
    main()
