"""Every judgement number of a scenario file, read from the file itself, with its spread.

What counts as a judgement (the rule docs/scenarios/ukraine-2025-review.md lists by): the
numbers the scenario's notes call the analyst's, and every number no source gives:

- an actor's capability, its BATNA utility (assessed and perceived) and the monthly rates of
  its BATNA over time (trend, cost, support);
- every salience; a stance's position only where it carries a spread (the position is
  sourced, the spread is the analyst's); a red line where it carries a spread or where its
  note does not say it is stated (so a line quoted from a source without a spread is a fact);
  the utilities of a ``table`` stance; a soft red line's cost, credibility and erosion;
- an ordinal option's explicit position strictly inside the scale (the ends, 0 and 100, are
  the scale, not a judgement);
- a link's ``otherwise`` and non-zero ``add``;
- every belief's probability;
- a ratifier's threshold and spread, and its stances' saliences and table utilities, its red
  lines unless stated, its position where the note calls it a judgement;
- every lever effect's size per level;
- the same numbers in an earlier-dated entry of a stance (``history``), keyed with ``@`` and
  the entry's date: the values ``--as-of`` replays before the current ones.

Each number has a key (``russia/donbas.salience``: the names Monte Carlo gives its inputs
where it has one), the actor it is grouped under, its value, the ends of its spread (None:
no spread declared) and where it sits in the parsed YAML, so a script can move it.
Used by tests/test_ukraine_review.py and benchmarks/review_swings.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Value = float | str
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Number:
    """One judgement number (or judged option) of a scenario file."""

    key: str
    group: str  # the actor it belongs to, for the review's sections
    kind: str  # capability, batna, rate, salience, position, red_line, table, cost, ...
    value: Value
    low: Value | None
    high: Value | None
    path: Path  # where the value sits in the parsed YAML
    spread: Path | None  # where its spread sits (None: no spread declared)
    issue: str | None = None  # the issue of an option-valued number


def _plain(v: Any) -> Value:
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int | float):
        return float(v)
    return str(v)


def _add(
    out: list[Number],
    key: str,
    group: str,
    kind: str,
    node: dict[str, Any],
    field: str,
    path: Path,
    spread: dict[str, Any] | None = None,
    spread_path: Path | None = None,
    issue: str | None = None,
) -> None:
    if field not in node or node[field] is None:
        return
    low = high = None
    if spread is not None:
        low, high = _plain(spread["low"]), _plain(spread["high"])
    out.append(
        Number(
            key,
            group,
            kind,
            _plain(node[field]),
            low,
            high,
            (*path, field),
            spread_path if spread is not None else None,
            issue,
        )
    )


def _stated(note: str | None) -> bool:
    """Whether a note says its red line is the actor's own word."""
    text = (note or "").lower()
    return "red line as stated" in text or "stated as a condition" in text or "as stated" in text


def _firmness(
    out: dict[str, Number], base: str, at: str, actor: str, record: dict[str, Any], p: Path
) -> None:
    """A soft red line's credibility and cost, of a stance or of one of its dated entries
    (``at``: ``@date``, or empty for the current values)."""
    firm = record.get("firmness") or {}
    fp: Path = (*p, "firmness")
    fs = firm.get("uncertainty") or {}
    for field in ("credibility", "cost"):
        _add(
            out,
            f"{base}.firmness.{field}{at}",
            actor,
            field,
            firm,
            field,
            fp,
            fs.get(field),
            (*fp, "uncertainty", field),
        )


def _history(
    out: list[Number], base: str, actor: str, issue: str, past: dict[str, Any], p: Path
) -> None:
    """The judgement numbers of an earlier-dated entry of a stance, keyed ``...@date``: what
    ``--as-of`` replays before the entry that follows it."""
    at = f"@{past['from']}"
    spreads = past.get("uncertainty") or {}
    sp: Path = (*p, "uncertainty")
    if "position" in spreads:
        _add(
            out,
            f"{base}.position{at}",
            actor,
            "position",
            past,
            "position",
            p,
            spreads["position"],
            (*sp, "position"),
            issue,
        )
    _add(
        out,
        f"{base}.salience{at}",
        actor,
        "salience",
        past,
        "salience",
        p,
        spreads.get("salience"),
        (*sp, "salience"),
    )
    if past.get("red_line") is not None and (
        "red_line" in spreads or not _stated(past.get("judgement"))
    ):
        _add(
            out,
            f"{base}.red_line{at}",
            actor,
            "red_line",
            past,
            "red_line",
            p,
            spreads.get("red_line"),
            (*sp, "red_line"),
            issue,
        )
    _firmness(out, base, at, actor, past, p)


def judgement_numbers(raw: dict[str, Any]) -> list[Number]:
    """Every judgement number of the parsed scenario file ``raw``, in file order."""
    out: list[Number] = []
    for i, actor in enumerate(raw.get("actors", [])):
        a = actor["id"]
        p: Path = ("actors", i)
        spreads = actor.get("uncertainty") or {}
        _add(
            out,
            f"{a}.capability",
            a,
            "capability",
            actor,
            "capability",
            p,
            spreads.get("capability"),
            (*p, "uncertainty", "capability"),
        )
        batna = actor.get("batna") or {}
        bp: Path = (*p, "batna")
        _add(
            out,
            f"{a}.batna",
            a,
            "batna",
            batna,
            "utility",
            bp,
            batna.get("uncertainty"),
            (*bp, "uncertainty"),
        )
        seen = batna.get("perceived") or {}
        _add(
            out,
            f"{a}.batna.perceived",
            a,
            "batna",
            seen,
            "utility",
            (*bp, "perceived"),
            seen.get("uncertainty"),
            (*bp, "perceived", "uncertainty"),
        )
        moves = batna.get("over_time") or {}
        mp: Path = (*bp, "over_time")
        for rate in ("trend", "cost", "support"):
            spread = (moves.get("uncertainty") or {}).get(rate)
            _add(
                out,
                f"{a}.batna.over_time.{rate}",
                a,
                "rate",
                moves,
                rate,
                mp,
                spread,
                (*mp, "uncertainty", rate),
            )
    for i, issue in enumerate(raw.get("issues", [])):
        for k, option in enumerate(issue.get("options") or []):
            pos = option.get("position")
            if pos is not None and 0 < float(pos) < 100:
                _add(
                    out,
                    f"issue:{issue['id']}/{option['id']}.position",
                    "scale",
                    "option_position",
                    option,
                    "position",
                    ("issues", i, "options", k),
                )
    for j, st in enumerate(raw.get("stances", [])):
        a, iid = st["actor"], st["issue"]
        p = ("stances", j)
        base = f"{a}/{iid}"
        spreads = st.get("uncertainty") or {}
        sp: Path = (*p, "uncertainty")
        if "position" in spreads:
            _add(
                out,
                f"{base}.position",
                a,
                "position",
                st,
                "position",
                p,
                spreads["position"],
                (*sp, "position"),
                iid,
            )
        _add(
            out,
            f"{base}.salience",
            a,
            "salience",
            st,
            "salience",
            p,
            spreads.get("salience"),
            (*sp, "salience"),
        )
        if st.get("red_line") is not None and (
            "red_line" in spreads or not _stated(st.get("judgement"))
        ):
            _add(
                out,
                f"{base}.red_line",
                a,
                "red_line",
                st,
                "red_line",
                p,
                spreads.get("red_line"),
                (*sp, "red_line"),
                iid,
            )
        for opt in st.get("table") or {}:
            _add(out, f"{base}.table.{opt}", a, "table", st["table"], opt, (*p, "table"))
        _firmness(out, base, "", a, st, p)
        for h, past in enumerate(st.get("history") or []):
            _history(out, base, a, iid, past, (*p, "history", h))
        firm = st.get("firmness") or {}
        fp: Path = (*p, "firmness")
        per_month = (firm.get("erosion") or {}).get("per_month") or {}
        for field in sorted(per_month):
            _add(
                out,
                f"{base}.firmness.erosion.{field}",
                a,
                "erosion",
                per_month,
                field,
                (*fp, "erosion", "per_month"),
            )
    for j, link in enumerate(raw.get("links", [])):
        rule = link.get("rule") or {}
        rp: Path = ("links", j, "rule")
        _add(out, f"link:{link['id']}.otherwise", link["actor"], "link", rule, "otherwise", rp)
        if float(rule.get("add") or 0) != 0:
            _add(out, f"link:{link['id']}.add", link["actor"], "link", rule, "add", rp)
    for j, belief in enumerate(raw.get("beliefs", [])):
        holder = belief.get("holder") or "*"
        _add(
            out,
            f"belief:{holder}/{belief['about']}/{belief['kind']}",
            holder if holder != "*" else "shared",
            "belief",
            belief,
            "probability",
            ("beliefs", j),
            belief.get("uncertainty"),
            ("beliefs", j, "uncertainty"),
        )
    for j, block in enumerate(raw.get("ratification", [])):
        for k, rat in enumerate(block.get("ratifiers") or []):
            rid, a = rat["id"], block["actor"]
            p = ("ratification", j, "ratifiers", k)
            for field in ("threshold", "spread"):
                _add(out, f"ratifier:{rid}.{field}", a, field, rat, field, p)
            for m, st in enumerate(rat.get("stances") or []):
                sp = (*p, "stances", m)
                base = f"ratifier:{rid}/{st['issue']}"
                note = st.get("judgement") or ""
                if "position (judgement" in note.lower():
                    _add(out, f"{base}.position", a, "position", st, "position", sp)
                _add(out, f"{base}.salience", a, "salience", st, "salience", sp)
                if st.get("red_line") is not None and not _stated(note):
                    _add(out, f"{base}.red_line", a, "red_line", st, "red_line", sp, None, None)
                for opt in st.get("table") or {}:
                    _add(out, f"{base}.table.{opt}", a, "table", st["table"], opt, (*sp, "table"))
    for j, lever in enumerate(raw.get("levers", [])):
        for k, effect in enumerate(lever.get("effects") or []):
            _add(
                out,
                f"lever:{lever['id']}/{effect['actor']}/{effect['target']}",
                effect["actor"],
                "effect",
                effect,
                "per_level",
                ("levers", j, "effects", k),
            )
    return out


def get(raw: Any, path: Path) -> Any:
    """The node of ``raw`` at ``path``."""
    for step in path:
        raw = raw[step]
    return raw
