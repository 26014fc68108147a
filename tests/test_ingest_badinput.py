"""Bad input to accord ingest: an article in another language is skipped naming it, a file
over the size limit is refused with the limit, and HTML with scripts is read as text with
nothing in it run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.ingest import read
from accord.ingest.language import detect_language, not_read
from accord.ingest.read import ArticleText, Skipped, parse_article

ENGLISH = (
    "Negotiators met in Geneva on Monday and said the talks had been productive. The envoy "
    "told reporters that both sides would return next week to discuss the remaining points."
)
SAMPLES = {
    "fr": "La Russie a rejeté tout gel le long de la ligne de contact actuelle, a déclaré le "
    "Kremlin vendredi après des pourparlers avec les envoyés américains.",
    "es": "Rusia rechazó cualquier congelación a lo largo de la línea de contacto actual, dijo el "
    "Kremlin el viernes después de las conversaciones con los enviados.",
    "de": "Russland lehnte jedes Einfrieren entlang der aktuellen Kontaktlinie ab, sagte der Kreml "
    "am Freitag nach den Gesprächen mit den Gesandten.",
    "it": "La Russia ha respinto qualsiasi congelamento lungo la linea di contatto, ha detto il "
    "Cremlino dopo i colloqui con gli inviati degli Stati Uniti e della Ucraina.",
    "pl": "Rosja odrzuciła jakiekolwiek zamrożenie wzdłuż obecnej linii styku, powiedział Kreml w "
    "piątek po rozmowach w Moskwie, ale nie podał szczegółów.",
    "ru": "Россия отвергла любое замораживание по текущей линии соприкосновения, заявили в Кремле "
    "в пятницу после переговоров с американскими посланниками.",
    "uk": "Росія відкинула будь-яке заморожування вздовж нинішньої лінії зіткнення, заявили в "
    "Кремлі в пʼятницю після переговорів з американськими посланцями.",
    "zh": "俄罗斯拒绝沿当前接触线的任何冻结，克里姆林宫周五在与美国特使会谈后表示。",
    "ar": "رفضت روسيا أي تجميد على طول خط التماس الحالي، حسبما قال الكرملين يوم الجمعة.",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_an_article_in_another_language_is_skipped_naming_it(code: str):
    lang = detect_language(SAMPLES[code])
    assert lang.code == code
    result = parse_article(SAMPLES[code].encode(), "foreign.txt")
    assert isinstance(result, Skipped)
    assert result.reason == not_read(SAMPLES[code])
    assert f"written in {lang.name} ({code}), not English" in result.reason
    assert "\n" not in result.reason


def test_english_is_english():
    assert detect_language(ENGLISH).code == "en"
    assert isinstance(parse_article(ENGLISH.encode(), "a.txt"), ArticleText)


def test_a_50_mb_file_is_refused_with_the_limit_before_it_is_read(tmp_path: Path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing written
        fh.truncate(50 * 10**6)
    assert os.path.getsize(big) == 50 * 10**6
    result = read.read_article(big)
    limit = read.MAX_BYTES // 2**20
    assert isinstance(result, Skipped)
    assert result.reason == f"too large (50.0 MB; limit {limit} MB)"


def test_html_with_scripts_is_read_as_text_and_nothing_in_it_runs(tmp_path: Path):
    pytest.importorskip("trafilatura")
    marker = tmp_path / "ran"
    page = f"""<!doctype html><html><head><title>Talks resume in Geneva</title>
<script>fetch('http://example.invalid/x'); document.write('Injected demand');</script>
<script src="file://{marker}"></script></head>
<body onload="alert('loaded')"><article><h1>Talks resume in Geneva</h1>
<p>{ENGLISH}</p><p>{ENGLISH}</p>
<script>window.location = 'http://example.invalid/';</script>
<noscript>Enable JavaScript</noscript>
<img src="x" onerror="alert(1)"></article></body></html>"""
    result = parse_article(page.encode(), "page.html", html=True)
    assert isinstance(result, ArticleText), result
    assert "Negotiators met in Geneva" in result.text
    for trace in ("fetch(", "document.write", "Injected demand", "alert", "window.location"):
        assert trace not in result.text
    assert not marker.exists()
