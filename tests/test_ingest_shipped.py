"""The learned sentence detector shipped with accord (src/accord/data/ingest/sentences.npz)
and its use in ``accord ingest``: retraining on the development corpus gives the shipped
weights and thresholds exactly; ``accord ingest`` differs from the rules alone only by the
detector's additions and drops; worker processes use it too; a missing or corrupt file is
one clear line naming the file and what to run.

The retraining test parses the 338 development articles and trains six detectors of four
types (about 35 s on one core). When it fails after a change to the rules or the corpus,
the fix is ``make ingest-model``, not a change here.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

pytest.importorskip("spacy")

from accord.cli.app import UsageProblem
from accord.cli.ingest import ingest_command
from accord.ingest import learned
from accord.ingest.evidence import Evidence, EvidenceType
from accord.ingest.extract import ingest
from accord.ingest.learned import (
    ADDS,
    TYPES,
    Detector,
    DetectorFileError,
    combine,
    sentence_of,
    shipped,
    shipped_path,
)
from accord.ingest.read import ArticleText, parse_article, read_articles
from accord.ingest.training import Prepared, corpus_digest, prepare, train_detector
from accord.io import load_builtin, load_scenario
from accord.io.located import parse_yaml

NEWS = Path(__file__).parent / "data" / "news"
#: A development article where the shipped detector both adds and drops items.
ARTICLE = "ukraine-reserves-analysis"

app = typer.Typer()
app.command(name="ingest")(ingest_command)


@app.command(name="other")
def _other() -> None:
    """A second command, so that `ingest` is read as a subcommand."""


runner = CliRunner()


@pytest.fixture(scope="module")
def cases() -> list[Prepared]:
    return prepare(NEWS)


def test_retraining_on_the_development_corpus_gives_the_shipped_detector(cases):
    det = shipped()
    digest = corpus_digest(NEWS)
    assert det.corpus == digest, (
        "tests/data/news changed since the detector was trained: run `make ingest-model`"
    )
    again = train_detector(cases, digest)
    assert det.rules == again.rules, (
        "the rules' items on tests/data/news changed since the detector was trained: "
        "run `make ingest-model`"
    )
    assert det.articles == again.articles == len(cases) == 338
    assert (det.l2, det.iterations) == (again.l2, again.iterations) == (1e-3, 400)
    assert det.thresholds == again.thresholds
    assert np.array_equal(det.cols, again.cols)
    # equal to rounding: another processor or NumPy build may differ in the last bits of exp
    np.testing.assert_allclose(det.weights, again.weights, rtol=1e-9, atol=1e-12)
    assert det.command.startswith("python -m accord.ingest.training tests/data/news ")
    # the detector does something: it may add demands and drops some low-scoring items
    assert det.thresholds.add["demand"] <= 1.0
    assert any(d > 0 for d in det.thresholds.drop.values())


def _key(e: Evidence) -> tuple[object, ...]:
    return (e.type.value, e.start, e.end, e.actor, e.speaker, e.polarity, e.kind, e.text)


_FIELDS = ("type", "start", "end", "actor", "speaker", "polarity")


def _json_key(e: dict[str, object]) -> tuple[object, ...]:
    return tuple(e.get(k) for k in _FIELDS)


def test_accord_ingest_is_the_rules_plus_the_detectors_additions_less_its_drops(cases):
    case = next(c for c in cases if c.name == ARTICLE)
    meta, _ = parse_yaml((NEWS / f"{ARTICLE}.expected.yaml").read_bytes())
    name = meta["scenario"]
    scenario = load_scenario(NEWS / name) if name.endswith(".yaml") else load_builtin(name)
    article = NEWS / meta["article"]
    result = runner.invoke(app, ["ingest", name, str(article), "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    cli = json.loads(result.stdout)["evidence"]

    articles, _ = read_articles([str(article)])
    rules = ingest(articles, scenario, learned=False).evidence
    on = ingest(articles, scenario).evidence
    assert [_json_key(e) for e in cli] == [_json_key(e.model_dump(mode="json")) for e in on]
    # the rules alone are what training read
    assert [_key(e) for e in rules if e.type is not EvidenceType.mention] == [
        _key(e) for e in case.rules
    ]
    # mentions untouched
    mentions = [_key(e) for e in rules if e.type is EvidenceType.mention]
    assert [_key(e) for e in on if e.type is EvidenceType.mention] == mentions

    det = shipped()
    probs = det.predict(case.table.indptr, case.table.cols)
    want = combine(case.rules, case.table, probs, case.added, det.thresholds)
    got = [e for e in on if e.type is not EvidenceType.mention]
    assert [_key(e) for e in got] == [_key(e) for e in want]

    before = {_key(e): e for e in case.rules}
    after = {_key(e): e for e in got}
    dropped = [e for k, e in before.items() if k not in after]
    added = [e for k, e in after.items() if k not in before]
    assert dropped and added, "the chosen article no longer exercises both; choose another"
    for e in dropped:  # each dropped item's sentence scores below its type's threshold
        k = next(i for i, name in enumerate(TYPES) if e.type.value in _covered(name))
        p = probs[sentence_of(case.table, e.start, e.end), k]
        assert p < det.thresholds.drop[TYPES[k]], (e.text, p)
    for e in added:  # each addition: a sentence, where the rules had none of its type
        assert e.type.value in ADDS and e.confidence == 0.5
        s = sentence_of(case.table, e.start, e.end)
        assert case.table.starts[s] <= e.start < e.end <= case.table.ends[s]
        k = TYPES.index(e.type.value)
        assert not case.table.rules_in[s, k]
        assert probs[s, k] >= det.thresholds.add[e.type.value]
        assert e.actor is not None or e.speaker
    # nothing else moved
    assert len(got) == len(case.rules) - len(dropped) + len(added)


def _covered(name: str) -> set[str]:
    return {t.value for t in learned.COVERS[name]}


def _texts() -> list[ArticleText]:
    out = []
    for k, name in enumerate(["ukraine-liveblog", "ukraine-geneva", "ukraine-kremlin"]):
        art = parse_article((NEWS / f"{name}.txt").read_bytes(), f"a{k}.txt")
        assert isinstance(art, ArticleText)
        out.append(art)
    return out


def test_worker_processes_apply_the_detector_as_one_process_does():
    scenario = load_builtin("ukraine-2025")
    arts = _texts()
    one = ingest(arts, scenario, n_process=1, batch_size=1).evidence
    two = ingest(arts, scenario, n_process=2, batch_size=1).evidence
    rules = ingest(arts, scenario, n_process=2, batch_size=1, learned=False).evidence
    assert [_key(e) for e in two] == [_key(e) for e in one]
    assert [_key(e) for e in rules] != [_key(e) for e in one]


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip at all")
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(shipped_path().read_bytes()[:5000])
    empty = tmp_path / "empty.npz"
    with zipfile.ZipFile(empty, "w"):
        pass
    crooked = tmp_path / "crooked.npz"
    det = shipped()
    Detector(det.cols[::-1].copy(), det.weights, det.thresholds, 1e-3, 400, "c", "r", 74).save(
        crooked
    )
    return {
        "missing": tmp_path / "missing.npz",
        "garbage": garbage,
        "truncated": truncated,
        "empty": empty,
        "crooked": crooked,
    }


def test_a_missing_or_corrupt_detector_file_is_one_line_naming_it_and_the_fix(tmp_path):
    for kind, path in _bad_files(tmp_path).items():
        with pytest.raises(DetectorFileError) as info:
            Detector.load(path)
        msg = str(info.value)
        assert msg.startswith(f"{path}: "), (kind, msg)
        assert "make ingest-model" in msg and "\n" not in msg, (kind, msg)
    assert issubclass(DetectorFileError, ValueError)  # the CLI's one-line errors


def test_accord_ingest_stops_on_a_corrupt_shipped_file_naming_it(tmp_path, monkeypatch):
    bad = _bad_files(tmp_path)["garbage"]
    monkeypatch.setattr(learned, "shipped_path", lambda: bad)
    shipped.cache_clear()
    try:
        result = runner.invoke(
            app, ["ingest", "ukraine-2025", str(NEWS / "ukraine-geneva.txt"), "--json"]
        )
        assert isinstance(result.exception, UsageProblem), (result.output, result.exception)
        assert str(result.exception).startswith(f"{bad}: not a readable learned sentence")
        assert "make ingest-model" in str(result.exception)
        # the rules alone do not need the file
        arts, _ = read_articles([str(NEWS / "ukraine-geneva.txt")])
        assert ingest(arts, load_builtin("ukraine-2025"), learned=False).evidence
    finally:
        monkeypatch.undo()
        shipped.cache_clear()
    assert shipped().articles == 338


def test_a_saved_detector_has_the_same_bytes_each_time(tmp_path):
    det = shipped()
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    det.save(a)
    det.save(b)
    assert a.read_bytes() == b.read_bytes()
    back = Detector.load(a)
    assert np.array_equal(back.cols, det.cols) and np.array_equal(back.weights, det.weights)
    assert (back.thresholds, back.l2, back.iterations, back.articles) == (
        det.thresholds,
        det.l2,
        det.iterations,
        det.articles,
    )
    assert (back.corpus, back.rules, back.command) == (det.corpus, det.rules, det.command)


def test_a_short_text_is_read_by_the_rules_alone():
    # The detector learnt from articles of 200-900 words and misfires on a sentence or two
    # (it drops this demand): below MIN_TOKENS the rules' items stand as they are.
    from accord.ingest.extract import MIN_TOKENS
    from accord.io import load_scenario

    text = "Jakarta insists on scrapping the quota."
    art = parse_article(text.encode(), "t.txt")
    assert isinstance(art, ArticleText)
    trade = load_scenario(Path(__file__).parent / "data" / "news" / "trade.yaml")
    shipped_run = ingest([art], trade)
    rules_run = ingest([art], trade, learned=False)
    assert len(text.split()) * 2 < MIN_TOKENS
    assert [(e.type, e.text, e.polarity) for e in shipped_run.evidence] == [
        (e.type, e.text, e.polarity) for e in rules_run.evidence
    ]
    assert any(e.type is EvidenceType.demand for e in shipped_run.evidence)
