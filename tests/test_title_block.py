"""The seminar's dates and venue (pack.yaml's `dates` and `venue`) on the title blocks, in the pack's language,
on the web pages' header and in the PDFs' subject; a pack without them shows nothing more."""

from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest

from briefpack.build import pipeline
from briefpack.render import dates

from .conftest import SMALL_CONTENT, write_pack

PACK = (SMALL_CONTENT / "pack.yaml").read_text(encoding="utf-8")
CASES = {  # language: (venue, what the title block must show)
    "en": ("Tbilisi, Georgia", "12–14 May 2027"),
    "fr": ("Montreux, Suisse", "12–14 mai 2027"),
    "ja": ("東京", "2027年5月12日～14日"),
}


def _pack_yaml(language: str, venue: str) -> str:
    text = PACK.replace("language: en-US", f"language: {language}")
    return text + f"dates: {{start: 2027-05-12, end: 2027-05-14}}\nvenue: {venue}\n"


@pytest.fixture(scope="module", params=sorted(CASES))
def dated_build(request, tmp_path_factory):
    language = request.param
    venue, shown = CASES[language]
    content = write_pack(tmp_path_factory.mktemp(f"dated-{language}") / "content",
                         pack=_pack_yaml(language, venue))
    out = tmp_path_factory.mktemp(f"dated-{language}-out")
    pipeline.build(pipeline.Options(content=content, out=out, editions=("screen", "web"),
                                    kinds=("concept-note", "handout")))
    return out, venue, shown


def _first_page(path) -> str:
    with pdfplumber.open(path) as pdf:
        return re.sub(r"\s+", "", pdf.pages[0].extract_text() or "")


def test_the_title_blocks_show_the_dates_and_venue_in_the_packs_language(dated_build):
    out, venue, shown = dated_build
    for name in ("concept-note.pdf", "handout-data-sharing.pdf"):
        first = _first_page(out / name)
        assert re.sub(r"\s+", "", shown) in first, name
        assert re.sub(r"\s+", "", venue) in first, name


def test_the_pdf_subject_ends_with_the_dates_and_venue(dated_build):
    out, venue, shown = dated_build
    with pikepdf.open(out / "concept-note.pdf") as pdf:
        subject = str(pdf.docinfo["/Subject"])
    assert subject.startswith("Shared Rivers, Shared Duties, ")
    assert subject.endswith(f" · {shown}, {venue}") and subject.count(" · ") == 1


def test_the_web_header_shows_them(dated_build):
    out, venue, shown = dated_build
    html = (out / "web" / "concept-note.html").read_text(encoding="utf-8")
    header = html[html.index('<header class="site-header">'):html.index("</header>")]
    assert f'<span class="dates">{shown}</span>' in header.replace("\u2009", "")
    assert f'<span class="venue">{venue}</span>' in header


def test_a_pack_without_them_shows_nothing_more(small_build):
    out, _ = small_build
    html = (out / "web").exists()  # the small build has no web edition: the PDF is what shows
    assert not html
    with pikepdf.open(out / "concept-note.pdf") as pdf:
        assert str(pdf.docinfo["/Subject"]) == "Shared Rivers, Shared Duties, Concept Note"
    assert "·" not in _first_page(out / "concept-note.pdf").split("2027")[0]


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "12–14 May 2027"), ("en-GB", "12\u2009–\u200914 May 2027"), ("en-US", "May 12\u2009–\u200914, 2027"),
    ("fr", "12–14 mai 2027"), ("zh-TW", "2027年5月12日至14日"), ("ja", "2027年5月12日～14日"),
    ("ar", "12–14 مايو 2027"), ("qaa", "12–14 May 2027"),
])
def test_the_dates_follow_the_language(tag, expected):
    assert dates.interval(("2027-05-12", "2027-05-14"), tag) == expected


def test_one_day_and_days_across_months():
    assert dates.interval(("2027-05-12", "2027-05-12"), "fr") == "12 mai 2027"
    assert dates.interval(("2027-05-30", "2027-06-02"), "en") == "30 May\u2009–\u20092 Jun 2027"


def test_a_right_to_left_title_block_keeps_its_direction(tmp_path):
    content = write_pack(tmp_path / "content", pack=_pack_yaml("ar", "تونس"))
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=content, out=out, kinds=("concept-note",)))
    with pdfplumber.open(out / "concept-note.pdf") as pdf:
        page = pdf.pages[0]
        year = next(line for line in page.extract_text_lines() if line["text"].strip() == "2027")
        dash = next(c for c in page.chars if c["text"] == "–" and c["top"] < year["top"])
        line = [c for c in page.chars if dash["top"] - 8 < c["top"] < year["top"] - 1]
    venue = [c for c in line if c["text"] in "تنس"]  # the letters of تونس that مايو has not
    assert len(venue) == 3 and any(c["text"] == "م" for c in line)
    assert abs(max(c["x1"] for c in line) - year["x1"]) < 2  # set against the right margin, as the imprint
    assert max(c["x1"] for c in venue) < dash["x0"]  # read right to left: the dates first, then the venue
