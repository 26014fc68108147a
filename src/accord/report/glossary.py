"""The briefing's glossary: every term of art it uses, in words a minister's office reads.

A report lists only the terms its text uses (:func:`used_terms`), in the order the reader
meets them; the HTML renderer links the first use of each to its entry
(:func:`link_terms`), so a reader who stops at "GMR" is one click from what it means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Term:
    """A glossary entry: the heading, the pattern that finds it in text, and its meaning."""

    term: str
    pattern: str  # a regular expression; matched case-sensitively unless it says (?i)
    meaning: str

    @property
    def anchor(self) -> str:
        return "gloss-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


#: Every term the report may use. Acronyms match as whole words in capitals only, so "sim"
#: inside "simple" or "R" in a name never link; the single letter R is found only when a
#: text names it as a stability concept ("R (Nash stability)", "R:").
TERMS: tuple[Term, ...] = (
    Term(
        "BATNA",
        r"\bBATNAs?\b",
        "Best alternative to a negotiated agreement: what a party does if there is no deal "
        "(fight on, wait, go elsewhere), as a utility on its own 0–1 scale. A party should "
        "accept no deal worth less to it than its BATNA.",
    ),
    Term(
        "ZOPA",
        r"\bZOPAs?\b",
        "Zone of possible agreement: the outcomes that give every party at least its BATNA "
        "without crossing anyone's red line. No ZOPA means no deal is possible on the "
        "stated positions.",
    ),
    Term(
        "utility",
        r"(?i)\butility\b",
        "How good an outcome is for one actor, on its own scale from 0 (the worst the issues "
        "allow) to 1 (the best). Utilities of different actors are not compared directly.",
    ),
    Term(
        "red line",
        r"(?i)\bred lines?\b",
        "The worst setting of an issue an actor says it will accept. A hard red line never "
        "gives; a soft one holds with a stated credibility and costs its actor when crossed.",
    ),
    Term(
        "salience",
        r"(?i)\bsalience\b",
        "How much an issue matters to an actor, from 0 (not at all) to 1 (above all else).",
    ),
    Term(
        "capability",
        r"(?i)\bcapability\b",
        "An actor's relative power to shape the outcome (force, money, the need for its "
        "signature); the strongest party is about 1. An analyst's judgement, with a spread.",
    ),
    Term(
        "analyst judgement",
        r"(?i)\banalyst(?:'s)? judgements?\b|◆",
        "A value the analyst estimated and gave reasons for, because no source states it. "
        "Marked ◆ with its spread; the reasons are listed in the appendix on judgements.",
    ),
    Term(
        "Pareto frontier",
        r"(?i)\bpareto(?: frontier| optimal| efficient)?\b",
        "The outcomes that cannot be improved for one party without making another worse "
        "off. A draft off the frontier leaves something on the table for both.",
    ),
    Term(
        "Nash bargaining solution",
        r"(?i)\bnash(?:[- ]weighted)?\b(?! stability)",
        "The outcome that maximises the product of the parties' gains over their BATNAs: a "
        "split both can defend as fair. 'Nash weighted' weights each gain by capability.",
    ),
    Term(
        "Kalai–Smorodinsky solution",
        r"(?i)\bkalai[–-]smorodinsky\b",
        "The outcome on the Pareto frontier where each party gets the same share of the most "
        "it could hope for over its BATNA.",
    ),
    Term(
        "egalitarian solution",
        r"(?i)\begalitarian\b",
        "The outcome that gives every party the same gain over its BATNA, as large as possible.",
    ),
    Term(
        "utilitarian solution",
        r"(?i)\butilitarian\b",
        "The outcome with the largest sum of the parties' utilities, whoever gets it.",
    ),
    Term(
        "Monte Carlo",
        r"(?i)\bmonte carlo\b",
        "Running an analysis many times, each time drawing the uncertain inputs (salience, "
        "BATNAs, capability) from their stated spreads, and counting how often a result holds.",
    ),
    Term(
        "compromise model",
        r"\bcompromise model\b|\bcompromise\b(?= *[:|(]| forecast| model)",
        "Forecast of each issue as the average of the stated positions, weighted by each "
        "actor's capability and salience. It ignores red lines and vetoes.",
    ),
    Term(
        "median model",
        r"\bmedian model\b|\bmedian\b(?= *[:|(]| forecast| model)",
        "Forecast of each issue as the position that a weighted majority of actors prefers "
        "to every other (the weighted median).",
    ),
    Term(
        "expected-utility model (eum)",
        r"(?i)\bexpected-utility model\b|\beum\b",
        "A model of rounds of challenges: each actor presses others whom it expects to move "
        "towards it; positions shift until no challenge pays. It may cycle instead of settle.",
    ),
    Term(
        "win-set",
        r"(?i)\bwin-sets?\b",
        "The drafts a party's ratifiers at home (parliament, referendum, courts) would pass. "
        "A deal must lie inside every party's win-set.",
    ),
    Term(
        "ratification",
        r"(?i)\bratification\b",
        "Approval of a signed deal at home by those who can veto it.",
    ),
    Term(
        "lever",
        r"(?i)\blevers?\b",
        "An input an outside actor can change (sanctions, aid, a deadline), with what each "
        "level does to the parties' alternatives or stances.",
    ),
    Term(
        "tornado chart",
        r"(?i)\btornado\b|\bwhat moves the\b",
        "A chart of how far a forecast moves when each uncertain input goes to the low and "
        "the high end of its spread, largest swing first.",
    ),
    Term(
        "graph model (conflict model)",
        r"(?i)\bgraph model\b|\bconflict model\b",
        "The conflict reduced to yes/no options each decision-maker controls; a state is one "
        "combination of options. Its stability concepts ask which states nobody would leave.",
    ),
    Term(
        "status quo (graph model)",
        r"(?i)\bstatus quo\b",
        "Where things stand now: in the graph model, the feasible state with the fewest "
        "options taken.",
    ),
    Term(
        "R (Nash stability)",
        r"\bR\b(?= *[(:])|\bNash stability\b",
        "A state is Nash stable for a decision-maker when no move of its own improves it.",
    ),
    Term(
        "GMR (general metarationality)",
        r"\bGMR\b",
        "Stable when every move that would improve a decision-maker's lot can be answered by "
        "others with a move that leaves it no better off: it is deterred by possible sanctions.",
    ),
    Term(
        "SMR (symmetric metarationality)",
        r"\bSMR\b",
        "Like GMR, but the decision-maker stays deterred even after it answers the sanction.",
    ),
    Term(
        "SEQ (sequential stability)",
        r"\bSEQ\b(?!\+)",
        "Like GMR, but only sanctions that also improve the sanctioner's own position count: "
        "credible threats only.",
    ),
    Term(
        "SIM (simultaneous stability)",
        r"\bSIM\b",
        "Stable when no combination of moves made by several decision-makers at the same time "
        "improves each mover's position.",
    ),
    Term(
        "SEQ+SIM",
        r"\bSEQ\+SIM\b",
        "Both sequentially and simultaneously stable: the most robust states.",
    ),
    Term(
        "equilibrium",
        r"(?i)\bequilibri(?:um|a)\b",
        "In the graph model, a state stable for every decision-maker under a given concept.",
    ),
    Term(
        "confidence interval",
        r"(?i)\b\d+% interval\b|\bcalibrated\b",
        "A range that held the true outcome that share of the time when the method was "
        "tested on past cases (here, EU legislation); not a promise about this case.",
    ),
)


def used_terms(texts: Iterable[str]) -> tuple[Term, ...]:
    """The terms that occur in ``texts``, in the order of their first occurrence."""
    first: dict[Term, tuple[int, int]] = {}
    for n, text in enumerate(texts):
        for term in TERMS:
            if term in first:
                continue
            m = re.search(term.pattern, text)
            if m is not None:
                first[term] = (n, m.start())
    return tuple(sorted(first, key=lambda t: first[t]))


class TermLinker:
    """Links the first use of each listed term, across one rendering of a report.

    Stateful by design: a report is rendered top to bottom once, and only the first use of
    a term is linked (a page full of links reads worse than none).
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self._terms = {f"t{k}": t for k, t in enumerate(terms)}
        self._seen: set[str] = set()
        # one alternation, longest terms' patterns first, so "SEQ+SIM" wins over "SEQ"
        ordered = sorted(self._terms.items(), key=lambda kv: -len(kv[1].term))
        self._regex = (
            re.compile("|".join(f"(?P<{k}>{_scoped(t.pattern)})" for k, t in ordered))
            if ordered
            else None
        )

    def __call__(self, text: str) -> Markup:
        """``text`` escaped, its unseen terms' first uses wrapped in a link to their entry."""
        if self._regex is None or not text:
            return escape(text)
        out: list[str] = []
        last = 0
        for m in self._regex.finditer(text):
            key = m.lastgroup
            if key is None or key in self._seen:
                continue
            self._seen.add(key)
            term = self._terms[key]
            out.append(escape(text[last : m.start()]))
            out.append(
                Markup('<a class="gloss" href="#{}" title="{}">{}</a>').format(
                    term.anchor, term.meaning, m.group(0)
                )
            )
            last = m.end()
        out.append(escape(text[last:]))
        return Markup("").join(out)


def _scoped(pattern: str) -> str:
    # A leading (?i) is global in Python; inside an alternation it must be a scoped group.
    if pattern.startswith("(?i)"):
        return f"(?i:{pattern[4:]})"
    return pattern


def link_terms(terms: Iterable[Term]) -> TermLinker:
    """A fresh linker for one rendering (see :class:`TermLinker`)."""
    return TermLinker(terms)


def by_term(name: str) -> Term:
    """The entry headed ``name``."""
    for t in TERMS:
        if t.term == name:
            return t
    raise KeyError(name)
