"""How accord words numbers, ranges, names and settings, for every front end.

The command line, the report and the web app all write a utility range, an amendment or a
clash between red lines through these functions, so the three say the same thing in the
same words. Only plain strings here: styling (Rich colours, HTML) stays with each front end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from accord.forecast.models import nearest_setting
from accord.model import Issue, Scenario

#: A table longer than this is cut, and its caption says how many rows were left out.
MAX_ROWS = 60


def fmt_range(lo: float, hi: float) -> str:
    """``0.42``, or low and high joined by an en dash when they differ in two decimals."""
    return f"{lo:.2f}" if abs(hi - lo) < 5e-3 else f"{lo:.2f}–{hi:.2f}"


def fmt_gain(lo: float, hi: float) -> str:
    """A signed gain in utility, ``+0.125``, or a range ``-0.050 to +0.125`` when it is open
    (words, not an ellipsis: a terminal cuts text with one, and signed numbers beside an en
    dash read as a subtraction)."""
    return f"{lo:+.3f}" if abs(hi - lo) < 5e-4 else f"{lo:+.3f} to {hi:+.3f}"


def pct(x: float | None) -> str:
    return "unknown" if x is None else f"{100 * x:.1f}%"


def number_text(x: float, digits: int = 4) -> str:
    """A number as a reader writes it, never in scientific notation: at most ``digits``
    significant figures, thousands separated, no trailing zeros: ``544,600``, ``46.86``,
    ``0.0012``, ``-3``; ``unknown`` for NaN. At most six decimals: smaller magnitudes read
    as ``0``."""
    if math.isnan(x):
        return "unknown"
    if math.isinf(x):
        return "infinite" if x > 0 else "minus infinite"
    # round to the significant figures first: 9,999.6 becomes 10,000 and has no decimals
    rounded = float(f"{x:.{digits}g}")
    if rounded == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(rounded)))
    wanted = max(0, digits - 1 - magnitude)
    # beyond six decimals the value itself is rounded once (rounding the rounded value
    # again would round twice: 0.0000175 -> 0.000017 rather than 0.000018)
    text = f"{rounded:,.{wanted}f}" if wanted <= 6 else f"{x:,.6f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def count_text(n: float) -> str:
    """A count in full, thousands separated: ``2,821,109,760`` (a size of ``2.82e+09``
    hides how many there are)."""
    return f"{round(n):,}"


def months_text(months: Sequence[int]) -> str:
    """``3``, ``3 and 5``, ``3, 5 and 8``; ``none`` for no month."""
    return join([str(m) for m in months]) or "none"


def scale_text(issue: Issue, value: float | None) -> str:
    """A forecast's raw value in the issue's own terms: a number with its unit on a
    continuous issue (``463,500 troops``), else the position on the issue's 0-100 scale
    (``46.86 of 100``: 0 is its first setting, 100 its last); ``—`` for none."""
    if value is None:
        return "—"
    if issue.kind.value == "continuous":
        return issue.label(float(number_text(float(value)).replace(",", "")))
    return f"{number_text(float(value))} of 100"


def settings_text(issue: Issue) -> str:
    """An issue's settings from one pole to the other, in words.

    Example:
        >>> from accord.io import load_builtin
        >>> settings_text(load_builtin("ukraine-2025").issue("army_cap"))
        '0 troops to 1,000,000 troops'
    """
    if issue.kind.value == "ordinal":
        return " | ".join(o.label for o in issue.options or [])
    if issue.kind.value == "continuous":
        return f"{issue.label(issue.min)} to {issue.label(issue.max)}"
    return "no | yes"


def sentence(text: str) -> str:
    """A library note as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def join(parts: Sequence[str], word: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def name(s: Scenario, actor_id: str) -> str:
    """An actor's name, or its id when the scenario does not know it (conflict DMs)."""
    try:
        return s.actor(actor_id).name
    except KeyError:
        return actor_id


def names(s: Scenario, actor_ids: Iterable[str]) -> str:
    return join([name(s, a) for a in actor_ids])


def sources_text(s: Scenario, ids: Iterable[str]) -> str | None:
    """``reuters-1 (wire), kyiv-post (secondary)``; None when nothing is cited."""
    known = {src.id: src for src in s.sources}
    parts = []
    for sid in dict.fromkeys(ids):
        src = known.get(sid)
        parts.append(f"{sid} ({src.reliability})" if src is not None else sid)
    return ", ".join(parts) or None


def refs_text(ids: Iterable[str], numbers: dict[str, int]) -> str | None:
    """Sources as the numbers of a numbered source list, ``3, 17, 42``; an id the list
    lacks is shown as itself; None when nothing is cited."""
    found = sorted({numbers[i] for i in ids if i in numbers})
    missing = [i for i in dict.fromkeys(ids) if i not in numbers]
    return ", ".join([*(str(n) for n in found), *missing]) or None


#: Marks a value that rests on the analyst's judgement rather than on a source.
JUDGEMENT_MARK = "◆"


def judged_text(value: float, low: float | None = None, high: float | None = None) -> str:
    """A value that rests on judgement, marked, with its spread (ends joined by an en dash,
    as :func:`fmt_range` joins them): ``1.00 ◆ (0.80 to 1.20)``; ``0.35 ◆`` where no
    spread is recorded."""
    spread = "" if low is None or high is None else f" ({fmt_range(low, high)})"
    return f"{value:.2f} {JUDGEMENT_MARK}{spread}"


def cut(rows: list[tuple], what: str) -> tuple[tuple[tuple, ...], str | None]:
    """At most :data:`MAX_ROWS` rows, and a note saying how many were left out."""
    if len(rows) <= MAX_ROWS:
        return tuple(rows), None
    return tuple(rows[:MAX_ROWS]), f"the first {MAX_ROWS} of {len(rows)} {what}"


def lever_text(s: Scenario, settings: dict[str, float]) -> str:
    """``sanctions=2 (secondary sanctions on oil buyers)``; ``defaults`` when none is set."""
    if not settings:
        return "defaults"
    parts = []
    for k, v in settings.items():
        lever = s.lever(k)
        label = lever.label(v)
        parts.append(f"{k}={v:g}" + (f" ({label})" if label != f"{v:g}" else ""))
    return ", ".join(parts)


def zopa_settings_text(issue: Issue, values: Sequence[Any]) -> str:
    """The settings of one issue that occur in a ZOPA: ``yes | no``, or for a continuous
    issue with more than two, ``7 grid values from 10% to 40%``; ``—`` when none."""
    if issue.kind.value == "continuous" and len(values) > 2:
        lo, hi = min(values), max(values)
        return f"{len(values)} grid values from {issue.label(lo)} to {issue.label(hi)}"
    return " | ".join(issue.label(v) for v in values) or "—"


def position_text(issue: Issue, value: float | None) -> str:
    """A position on an issue's scale (a forecast, a quantile, a round's value) as the setting
    it stands for: the nearest option's label, yes or no, or a number with its unit
    (``800,000 troops``); ``—`` for none. The scale's positions are internal: never shown."""
    if value is None:
        return "—"
    return issue.label(nearest_setting(issue, float(value)))


def setting_label(issue: Issue, value: object) -> str:
    """A setting's label, given as its value or as text: an option id, ``true`` or ``false``
    (as a count of draws keys a boolean issue's settings)."""
    if issue.kind.value == "boolean" and isinstance(value, str):
        value = value.lower() == "true"
    return issue.label(value)


#: What a lever effect can move (:data:`accord.model.levers.TARGETS`), in words.
TARGET_WORDS = {
    "batna.utility": "BATNA",
    "batna.trend": "BATNA's trend per month",
    "batna.cost": "BATNA's cost per month of no deal",
    "batna.support": "BATNA's outside support per month",
    "capability": "capability",
}


def change_text(s: Scenario, change: Any) -> str:
    """One effect of a lever setting (:class:`accord.dynamics.levers.Change`) in words:
    ``Russia's BATNA's cost per month of no deal 0.003 → 0.006``, ``Russia's red line on
    Donbas holds with 85% → 82%``."""
    from accord.model.levers import red_line_target, salience_issue

    owner = f"{name(s, change.actor)}'s"
    # utilities, saliences and capabilities read as elsewhere (two decimals); the monthly
    # rates of a BATNA are small numbers shown to their significant figures
    rate = change.target in ("batna.trend", "batna.cost", "batna.support")
    before, after = (number_text(v) if rate else f"{v:.2f}" for v in (change.before, change.after))
    line, issue = red_line_target(change.target), salience_issue(change.target)
    if line is not None:
        what, iid = line
        where = f"{owner} red line on {s.issue(iid).name}"
        if what == "credibility":  # the chance the line holds: a share
            text = f"{where} holds with {change.before:.0%} → {change.after:.0%}"
        else:
            text = f"{where} costs {before} → {after} to cross"
    elif issue is not None:
        text = f"{owner} salience on {s.issue(issue).name} {before} → {after}"
    else:
        what = TARGET_WORDS.get(change.target, change.target)
        text = f"{owner} {what} {before} → {after}"
    return text + (" (clipped to its range)" if change.clipped else "")


def amendment_text(scenario: Scenario, amendment: Any) -> str:
    """A draft's smallest amendment: ``2 change(s): Donbas: frozen; Sanctions: lifted``, and
    the settings its open points need when some do (``no change to its settled points; open
    points settled so: Temps: pay raise only``)."""
    if amendment is None:
        return "—"
    if not amendment.possible:
        return "none possible: " + clash_text(scenario, amendment.diagnosis)
    # A draft that leaves points open is acceptable only if they fall a certain way: the
    # amendment's fills say how, and "none needed" alone would overstate it (a maybe).
    fills = [
        f"{scenario.issue(iid).name}: {scenario.issue(iid).label(v)}"
        for iid, v in amendment.fills.items()
    ]
    needs = "open points settled so: " + "; ".join(fills) if fills else ""
    if not amendment.changes:
        return f"no change to its settled points; {needs}" if fills else "none needed"
    parts = [
        f"{scenario.issue(iid).name}: {scenario.issue(iid).label(new)}"
        for iid, (_old, new) in amendment.changes.items()
    ]
    text = f"{len(parts)} change(s): " + "; ".join(parts)
    return f"{text}; and {needs}" if fills else text


def clash_text(scenario: Scenario, diagnosis: Any) -> str:
    """A diagnosis in a few words: 'red lines on Donbas (russia, ukraine) clash'."""
    if diagnosis is None or not diagnosis.conflict:
        return "the scenario's constraints rule out every outcome"
    by_issue: dict[str, list[str]] = {}
    batnas = []
    for item in diagnosis.conflict:
        if item.kind == "red_line":
            by_issue.setdefault(item.issue, []).append(item.actor)
        else:
            batnas.append(item.actor)
    parts = [f"red lines on {scenario.issue(i).name} ({', '.join(a)})" for i, a in by_issue.items()]
    if batnas:
        parts.append(f"BATNAs of {', '.join(batnas)}")
    return " and ".join(parts) + " clash"


# --- BATNAs and margins -----------------------------------------------------------------------
def batna_text(
    view: str, assessed: float | None, perceived: float | None, marks: tuple[str, str] = ("", "")
) -> str:
    """A BATNA utility with the view it is in, and the other view beside it when the actor
    has both: ``0.50 perceived (assessed 0.35)``, ``0.35 assessed (perceived 0.50)``,
    ``0.40 assessed`` (no perceived value: the assessed one serves in both views),
    ``unknown``. ``marks`` follow the assessed and the perceived value (e.g. a judgement
    mark with its spread, :func:`accord.overview.marks.batna_marked`)."""
    a_mark, p_mark = marks
    if perceived is None:
        return "unknown" if assessed is None else f"{assessed:.2f}{a_mark} assessed"
    other = "unknown" if assessed is None else f"{assessed:.2f}{a_mark}"
    if view == "assessed":
        return f"{other} assessed (perceived {perceived:.2f}{p_mark})"
    return f"{perceived:.2f}{p_mark} perceived (assessed {other})"


def batna_texts(scenario: Scenario, view: str) -> dict[str, str]:
    """:func:`batna_text` of every actor of ``scenario`` as loaded (before a view is applied:
    :func:`accord.model.views.batna_view` drops the perceived values), by actor id."""
    out = {}
    for a in scenario.actors:
        b = a.batna
        perceived = None if b is None or b.perceived is None else b.perceived.utility
        out[a.id] = batna_text(view, None if b is None else b.utility, perceived)
    return out


def too_close(
    low: float, high: float, batna: float | None, spread: tuple[float, float] | None
) -> bool:
    """Whether a draft that misses a BATNA in its worst case (``low`` below ``batna``) misses
    it by less than the inputs can tell: its best case ``high`` reaches the BATNA (the
    draft's utility range spans it), or ``low`` lies inside the BATNA's ``spread``."""
    if batna is None or low >= batna - 5e-3:
        return False
    return high >= batna or (spread is not None and spread[0] <= low)


def margin_text(
    who: str,
    margin: float | None,
    close: bool,
    spread: str | None = None,
    *,
    chance: float | None = None,
    where: str | None = None,
) -> str:
    """``Russia +0.25``, ``Ukraine -0.04, too close to call (inside its BATNA spread
    0.30-0.50)``, ``NATO unknown``: a margin is never advice when it is within the noise.

    ``chance``, the Monte Carlo share of draws in which the party accepts, is then the
    figure to read (``... too close to call (...); accepts in 49.0% of draws``); ``where``
    overrides the reason in brackets (e.g. "its utility varies across the draws")."""
    text = f"{who} unknown" if margin is None else f"{who} {margin:+.2f}"
    if close and margin is not None:
        if where is None:
            where = f"inside its BATNA spread {spread}" if spread else "inside the draft's range"
        text += f", too close to call ({where})"
    if chance is not None and (close or margin is None):
        text += f"; accepts in {pct(chance)} of draws"
    return text


def _spread_text(s: Scenario, issue_id: str | None, key: str, u: Any) -> str:
    """``salience 0.20-0.60``; a spread of settings by their labels: ``position from Mutual
    pullback, FEZ with referendum to Freeze on the line of contact``."""
    if key in ("position", "red_line") and issue_id is not None:
        issue = s.issue(issue_id)
        return f"{key.replace('_', ' ')} from {issue.label(u.low)} to {issue.label(u.high)}"
    if isinstance(u.low, int | float) and isinstance(u.high, int | float):
        return f"{key.replace('_', ' ')} {fmt_range(float(u.low), float(u.high))}"
    return f"{key.replace('_', ' ')} from {u.low} to {u.high}"


def dated_value_text(s: Scenario, issue_id: str | None, field: str, value: Any) -> str:
    """One value of a stance on ``issue_id`` (None: of a BATNA) as a move or a dated entry
    shows it: a setting by its label, a soft red line by its cost and credibility."""
    if value is None:
        return {"red_line": "none", "firmness": "hard", "utility": "unknown"}.get(field, "none")
    if field in ("position", "red_line") and issue_id is not None:
        return s.issue(issue_id).label(value)
    if field == "firmness":
        return f"soft (cost {value.cost:g}, credibility {value.credibility:.0%})"
    if field == "unless":
        shown = ", ".join(s.issue(value.issue).label(v) for v in value.values())
        return f"unless {value.issue} {value.test.replace('_', ' ')} {shown}"
    if field in ("salience", "utility") and isinstance(value, float | int):
        return f"{value:.2f}"
    if field == "perceived":
        return f"perceived {value.utility:.2f}"
    if field == "uncertainty":
        spreads = value if isinstance(value, dict) else {"utility": value}
        return "; ".join(_spread_text(s, issue_id, k, u) for k, u in spreads.items()) or "none"
    return str(value)
