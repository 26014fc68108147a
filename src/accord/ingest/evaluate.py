"""Precision and recall of the extractors against hand-annotated articles.

An annotation file (``*.expected.yaml``) names its article, its scenario and the expected
items: a type, the actor (a scenario actor id) or else the speaker as written, and a piece
of text that occurs once in the article. A found item matches an expected one when the
type is the same, the actor (or speaker) is the same and the spans overlap; events match
on the date instead of the actor, when the annotation gives one. Each item matches once.
"""

from __future__ import annotations

import datetime as dt
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
    for row in data["evidence"]:
        at = text.find(row["text"])
        if at < 0 or text.find(row["text"], at + 1) >= 0:
            raise ValueError(f"{path}: text must occur once in the article: {row['text']!r}")
        case.expected.append(
            Expected(
                EvidenceType(row["type"]),
                at,
                at + len(row["text"]),
                row.get("actor"),
                row.get("speaker"),
                row.get("date"),
            )
        )
    return case


def _same_party(found: Evidence, exp: Expected) -> bool:
    if exp.type is EvidenceType.event:
        return exp.date is None or found.date == exp.date
    if exp.actor is not None:
        return found.actor == exp.actor
    a, b = (found.speaker or "").lower(), (exp.speaker or "").lower()
    return bool(a and b) and (a in b or b in a)


def match(found: list[Evidence], expected: list[Expected]) -> tuple[set[int], set[int]]:
    """Indices of found and expected items matched one to one (greedy, in text order)."""
    used_f: set[int] = set()
    used_e: set[int] = set()
    for j, exp in enumerate(expected):
        for i, f in enumerate(found):
            if i in used_f or f.type is not exp.type:
                continue
            if f.start < exp.end and exp.start < f.end and _same_party(f, exp):
                used_f.add(i)
                used_e.add(j)
                break
    return used_f, used_e


def evaluate(folder: Path, n_process: int = 1) -> tuple[dict[str, Score], list[dict[str, Any]]]:
    """Scores per type over every annotated article in ``folder``, and the misses."""
    from accord.ingest.extract import ingest
    from accord.ingest.read import read_articles

    scores = {t.value: Score() for t in SCORED}
    misses: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.expected.yaml")):
        case = load_case(path)
        articles, _ = read_articles([str(case.article)])
        ev = ingest(articles, case.scenario, n_process=n_process)
        found = [e for e in ev.evidence if e.type is not EvidenceType.mention]
        used_f, used_e = match(found, case.expected)
        for t in SCORED:
            s = scores[t.value]
            s.found += sum(1 for f in found if f.type is t)
            s.expected += sum(1 for e in case.expected if e.type is t)
            s.matched_found += sum(1 for i in used_f if found[i].type is t)
            s.matched_expected += sum(1 for j in used_e if case.expected[j].type is t)
        text = articles[0].text
        for j, e in enumerate(case.expected):
            if j not in used_e:
                misses.append(
                    {
                        "case": case.name,
                        "kind": "missed",
                        "type": e.type.value,
                        "who": e.actor or e.speaker,
                        "text": text[e.start : e.end],
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
    return scores, misses


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


def main() -> None:  # pragma: no cover - run as a script
    import sys

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tests/data/news")
    scores, misses = evaluate(folder)
    if "-v" in sys.argv:
        for m in misses:
            print(f"{m['case']:20} {m['kind']:6} {m['type']:7} {m['who']!s:18} {m['text']}")
    print(table(scores))


if __name__ == "__main__":  # pragma: no cover
    main()
