"""The GENIUS import itself: find the domain and profile files of a folder, read them and
build the scenario (one actor per profile, one ordinal issue per domain issue, one stance
with a utility table per pair); see :mod:`accord.io.genius` for the conversion."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from accord.io.genius.domain import (
    DEFAULT_STEPS,
    DomainIssue,
    domain_issues,
    make_slug,
    unique_id,
)
from accord.io.genius.profiles import Loaded, Profile, read_profile
from accord.io.genius.xmlfile import Node, Report, parse_xml
from accord.model.actors import Actor, Batna, Reliability, Role, Source
from accord.model.issues import Issue, IssueKind, Option
from accord.model.problems import Problem, ScenarioError
from accord.model.scenario import Scenario
from accord.model.stances import Stance, UtilityShape

#: GENIUS files larger than this are refused before they are parsed.
MAX_BYTES = 10 * 1024 * 1024

#: Weights that sum to 1 within this are taken as normalised.
WEIGHT_SUM_TOLERANCE = 1e-6

#: The id of the one source an imported scenario cites.
SOURCE_ID = "genius-domain"

_ID_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


def _is_profile(root: Node) -> bool:
    if root.tag != "utility_space":
        return False
    return any(
        n.tag in ("weight", "reservation", "discount_factor", "evaluator")
        or (n.tag == "item" and "evaluation" in n.attrs)
        for n in root.walk()
    )


def _load(path: Path) -> Loaded:
    report = Report(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.error(
                None,
                f"the file is {size / 2**20:.1f} MiB; GENIUS files are limited to "
                f"{MAX_BYTES // 2**20} MiB here",
            )
            return Loaded(path, report, None)
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        report.error(None, f"cannot read the file: {exc.strerror or exc}")
        return Loaded(path, report, None)
    return Loaded(path, report, parse_xml(data, report))


def _raise_first(reports: Iterable[Report]) -> None:
    """Raise ScenarioError for the first file with problems (all of them), naming the rest."""
    bad = [r for r in reports if r.problems]
    if not bad:
        return
    problems = sorted(bad[0].problems, key=lambda p: (p.line or 0, p.column or 0))
    if len(bad) > 1:
        others = ", ".join(r.name for r in bad[1:])
        problems.append(
            Problem(("other files",), f"{others} also have problems, reported once this is fixed")
        )
    raise ScenarioError(str(bad[0].path), problems)


def _whole(where: str | os.PathLike[str], message: str) -> ScenarioError:
    return ScenarioError(str(where), [Problem((), message)])


def _input_files(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
) -> tuple[list[Path], Path | None]:
    """The XML files to read, and the folder when one was given."""
    single = isinstance(source, str | os.PathLike)
    paths = [Path(source)] if single else [Path(p) for p in source]  # type: ignore[arg-type, union-attr]
    if not paths:
        raise ScenarioError(None, [Problem((), "give a folder, or a domain file and profiles")])
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0]
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            raise _whole(folder, f"cannot list the folder: {exc.strerror or exc}") from None
        files = [p for p in entries if p.suffix.lower() == ".xml" and p.is_file()]
        if not files:
            subfolders = [p.name for p in entries if p.is_dir()]
            more = (
                f"; it has subfolders ({', '.join(subfolders[:8])}): import each one"
                if subfolders
                else ""
            )
            raise _whole(
                folder,
                "no .xml files in the folder; a GENIUS domain folder holds one domain file and "
                f"one preference profile per party{more}",
            )
        return files, folder
    for p in paths:
        if p.is_dir():
            raise _whole(p, "is a folder; give either one folder or a list of XML files")
        if not p.exists():
            raise _whole(p, "no such file; give a GENIUS domain folder or its XML files")
        if not p.is_file():
            raise _whole(p, "not a regular file; give a GENIUS domain folder or its XML files")
    return paths, None


def _base_name(domain: Path) -> str:
    stem = re.sub(r"[_\- ]?domain$", "", domain.stem, flags=re.IGNORECASE)
    return stem or domain.stem


def _actor_name(profile: Path, base: str) -> str:
    stem = profile.stem
    for sep in ("_", "-", " "):
        prefix = f"{base}{sep}"
        if stem.lower().startswith(prefix.lower()) and len(stem) > len(prefix):
            return stem[len(prefix) :]
    return stem


def read_genius(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    scenario_id: str | None = None,
    title: str | None = None,
    steps: int = DEFAULT_STEPS,
) -> Scenario:
    """Read a GENIUS domain: a folder, or the domain file and profile files, as a Scenario.

    In a folder, every ``.xml`` file is read: the one whose root is
    ``<negotiation_template>`` (or a ``<utility_space>`` without weights or evaluations) is
    the domain, each ``<utility_space>`` with weights and evaluations a profile; other XML
    files are skipped. ``steps`` is the number of values a real issue (or an integer issue
    with more than :data:`INTEGER_OPTION_LIMIT` values) is discretised to. Raises
    :class:`ScenarioError` for every problem, with file, line and what would be valid.
    """
    if scenario_id is not None and not _ID_RE.match(scenario_id):
        raise ScenarioError(
            None,
            [
                Problem(
                    ("id",),
                    f"'{scenario_id}' is not a valid id; use up to 64 letters, digits, "
                    f"'_', '-' and '.', e.g. '{make_slug(scenario_id, 'genius-domain')}'",
                )
            ],
        )
    if title is not None and not title.strip():
        raise ScenarioError(None, [Problem(("title",), "the title is empty; give one line")])
    if steps < 2:
        raise ScenarioError(None, [Problem(("steps",), f"steps must be 2 or more; got {steps}")])

    files, folder = _input_files(source)
    loaded = [_load(p) for p in files]
    _raise_first(lo.report for lo in loaded)

    domains, profiles, skipped = [], [], []
    for lo in loaded:
        root = lo.root
        assert root is not None
        if root.tag == "negotiation_template" or (
            root.tag == "utility_space" and not _is_profile(root)
        ):
            domains.append(lo)
        elif root.tag == "utility_space":
            profiles.append(lo)
        elif folder is None:
            lo.report.error(
                root,
                f"not a GENIUS file: the root element is <{root.tag}>; a domain's is "
                "<negotiation_template> (or <utility_space>), a profile's <utility_space>",
            )
        else:
            skipped.append(lo)
    _raise_first(lo.report for lo in loaded)

    where = folder if folder is not None else files[0]
    if not domains:
        note = (
            f" (skipped, not GENIUS: {', '.join(lo.path.name for lo in skipped)})"
            if skipped
            else ""
        )
        raise _whole(
            where,
            f"no GENIUS domain file among {len(files)} XML file(s){note}; the domain file "
            "lists the issues and values, with root element <negotiation_template>",
        )
    if len(domains) > 1:
        names = ", ".join(lo.path.name for lo in domains)
        raise _whole(
            where,
            f"{len(domains)} domain files ({names}); a GENIUS domain has one: give the files "
            "explicitly (the domain file, then the profiles)",
        )
    if not profiles:
        raise _whole(
            where,
            f"no preference profiles beside the domain {domains[0].path.name}; a profile is a "
            "<utility_space> with <weight> and <item evaluation=...> elements, one per party",
        )

    domain = domains[0]
    assert domain.root is not None
    issues = domain_issues(domain.root, domain.report, steps)
    _raise_first([domain.report])
    read = [read_profile(lo, issues, domain.path.name) for lo in profiles]
    _raise_first(lo.report for lo in profiles)
    return _scenario(
        domain.path,
        issues,
        [p for p in read if p is not None],
        scenario_id=scenario_id,
        title=title,
        steps=steps,
    )


def _issue_description(issue: DomainIssue, steps: int) -> str:
    head = f"GENIUS {issue.kind} issue '{issue.name}' (index {issue.index})"
    if issue.kind == "discrete":
        return f"{head}; its values are unordered in GENIUS and listed here in the domain's order"
    if issue.kind == "integer":
        span = f"{issue.lower:g}..{issue.upper:g}"
        if len(issue.grid) == issue.upper - issue.lower + 1:
            return f"{head}, {span}: one option per integer"
        return (
            f"{head}, {span}: discretised to {len(issue.grid)} evenly spaced integers; "
            "utilities are exact at those values"
        )
    return (
        f"{head}, {issue.lower:g} to {issue.upper:g}: discretised to {steps} evenly spaced "
        "values; utilities are exact at those values"
    )


def _scenario(
    domain_path: Path,
    domain: list[DomainIssue],
    profiles: list[Profile],
    *,
    scenario_id: str | None,
    title: str | None,
    steps: int,
) -> Scenario:
    base = _base_name(domain_path)
    profile_names = [p.path.name for p in profiles]
    source = Source(
        id=SOURCE_ID,
        title=f"GENIUS domain {domain_path.name}",
        reliability=Reliability.primary,
        note=(
            f"domain file {domain_path.name}; preference profiles: {', '.join(profile_names)}; "
            "imported by accord"
        ),
    )
    issues: list[Issue] = []
    issue_ids: dict[int, str] = {}
    used: set[str] = set()
    for gi in domain:
        iid = unique_id(make_slug(gi.name, f"issue-{gi.index}"), used)
        issue_ids[gi.index] = iid
        positions: list[float | None]
        if gi.kind == "discrete":
            positions = [None] * len(gi.values)
        else:
            span = gi.upper - gi.lower
            positions = [min(100.0, max(0.0, 100.0 * (v - gi.lower) / span)) for v in gi.grid]
        issues.append(
            Issue(
                id=iid,
                name=gi.name,
                kind=IssueKind.ordinal,
                description=_issue_description(gi, steps),
                options=[
                    Option(id=oid, label=label, position=pos)
                    for oid, label, pos in zip(
                        gi.option_ids, gi.option_labels, positions, strict=True
                    )
                ],
            )
        )

    actors: list[Actor] = []
    stances: list[Stance] = []
    actor_ids: set[str] = set()
    for k, profile in enumerate(profiles):
        name = _actor_name(profile.path, base)
        aid = unique_id(make_slug(name, f"party-{k + 1}"), actor_ids)
        total = sum(profile.weights.values())
        scaled = not math.isclose(total, 1.0, rel_tol=0.0, abs_tol=WEIGHT_SUM_TOLERANCE)
        actors.append(
            Actor(
                id=aid,
                name=name,
                role=Role.party,
                capability=1.0,
                capability_note="GENIUS profiles say nothing about power; every party gets 1",
                description=f"GENIUS preference profile {profile.path.name}",
                batna=_batna(profile, total, scaled),
                sources=[SOURCE_ID],
            )
        )
        for gi in domain:
            table = profile.utilities[gi.index]
            best = int(np.argmax(table))  # the first of equally good values
            weight = profile.weights[gi.index]
            note = f"GENIUS weight {weight!r} in {profile.path.name}; {profile.notes[gi.index]}"
            if scaled:
                note += f"; weights sum to {total!r}, so salience is weight / {total!r}"
            stances.append(
                Stance(
                    actor=aid,
                    issue=issue_ids[gi.index],
                    position=gi.option_ids[best],
                    salience=min(1.0, weight / total),
                    utility=UtilityShape.table,
                    table=dict(zip(gi.option_ids, table, strict=True)),
                    sources=[SOURCE_ID],
                    note=note,
                )
            )
    outcomes = math.prod(len(i.options or []) for i in issues)
    summary = (
        f"Imported from the GENIUS domain {domain_path.name} and {len(profiles)} preference "
        f"profile(s) ({', '.join(profile_names)}): {len(issues)} issues, {outcomes:,} outcomes. "
        "Each party's utility is its GENIUS linear additive utility."
    )
    try:
        return Scenario(
            id=scenario_id or make_slug(base, "genius-domain"),
            title=title or f"{base} (GENIUS domain)",
            summary=summary,
            sources=[source],
            actors=actors,
            issues=issues,
            stances=stances,
        )
    except ValidationError as exc:  # pragma: no cover - everything above is checked
        raise _whole(domain_path, f"the imported scenario is not valid: {exc}") from None


def _batna(profile: Profile, total: float, scaled: bool) -> Batna:
    name = profile.path.name
    parts: list[str] = []
    if profile.reservation is None:
        value = 0.0
        parts.append(f"{name} gives no reservation value; GENIUS then uses 0")
    else:
        value = profile.reservation
        parts.append(f"the GENIUS reservation value of {name}, {profile.reservation!r}")
    if scaled:
        value /= total
        parts.append(
            f"divided by {total!r}, the sum of the weights, to stay comparable with the "
            "normalised utility"
        )
    if value > 1.0:
        parts.append("above every outcome's utility, so no deal beats it; capped at 1")
    if value < 0.0:
        parts.append("below every outcome's utility; raised to 0, which changes no decision")
    d = profile.discount
    if d is not None and 0.0 < d < 1.0:
        parts.append(
            f"GENIUS discount factor {d!r}: there, utilities and the reservation value shrink "
            f"by {d!r}^t over normalised time t; accord has no time discounting, so the "
            "undiscounted values are used"
        )
    return Batna(
        description="no agreement: the party keeps its GENIUS reservation value",
        utility=min(1.0, max(0.0, value)),
        sources=[SOURCE_ID],
        judgement="; ".join(parts),
    )
