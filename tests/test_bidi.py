"""Right-to-left text with Latin inside, read back from the PDF as a reader sees it: each passage runs in the
direction of its first strong character, Latin phrases with raised ordinals, URLs and grouped calls keep their
order, the title block is aligned to the right, and Arabic lists use Arabic punctuation."""

from __future__ import annotations

import pdfplumber
import pytest

from briefpack.build import pipeline
from briefpack.content import bidi
from briefpack.content import markdown as markup

from .conftest import write_pack

RIGHT_MARGIN_PT = 595.28 - 22 * 72 / 25.4
LEFT_MARGIN_PT = 22 * 72 / 25.4

PACK = """series: Asia-Europe Forum
edition: 5^th^
theme: "حقوق الإنسان والاتجار بالأشخاص"
year: 2015
language: ar
co_organisers:
  - Asia-Europe Foundation
  - Raoul Wallenberg Institute
"""
CONCEPT_NOTE = """sections:
  - id: background
    title: "خلفية"
    body: |
      يعد الاتجار بالأشخاص جريمة خطيرة[^treaty-db][^basin-report] ويقع ملايين الأشخاص ضحايا له كل عام
      وتعمل الدول على تعزيز تعاونها.

      What does the Forum ask of its members today?[^commission-study]

      عقد 5^th^ Asia Forum: في عام 2015 وحضره ممثلو الدول والمنظمات الدولية.
"""
GROUPS = """groups:
  - id: data-sharing
    number: 1
    title: "تبادل البيانات"
    questions:
      - "ما هي البيانات التي ينبغي تبادلها؟[^treaty-db]"
      - Who pays for monitoring stations?
  - id: disputes
    number: 2
    title: "تسوية النزاعات"
    questions:
      - "متى تنجح اللجان؟[^treaty-db]"
"""
NOTES = """notes:
  treaty-db: "قاعدة بيانات المعاهدات، https://example.org/treaties/database/2015/index.html"
  basin-report: "تقرير الحوض عن التعاون الإقليمي في حماية الضحايا وملاحقة الجناة، متاح على
    <https://example.org/basin/report/volume-two/chapter-four/section-eleven/annex-three/summary-of-findings.html>
    وعلى موقع اللجنة"
  commission-study: "دراسة عن لجان الأنهار"
"""


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    root = tmp_path_factory.mktemp("bidi")
    content = write_pack(root / "pack", pack=PACK, concept_note=CONCEPT_NOTE, groups=GROUPS, notes=NOTES)
    out = root / "out"
    pipeline.build(pipeline.Options(content=content, out=out, editions=("screen",),
                                    kinds=("concept-note", "endnotes")))
    return out


def _lines(pdf, page=0):
    """The page's words grouped in lines (by their bottom), each line left to right as printed."""
    with pdfplumber.open(pdf) as document:
        words = document.pages[page].extract_words(keep_blank_chars=False, use_text_flow=False)
    lines: dict[int, list] = {}
    for word in words:
        lines.setdefault(round(word["bottom"]), []).append(word)
    return [sorted(line, key=lambda w: w["x0"]) for _, line in sorted(lines.items())]


def _line_with(lines, text):
    return next(line for line in lines if any(text in w["text"] for w in line))


def test_a_latin_title_with_a_raised_ordinal_keeps_its_order(arabic):
    """"5th Asia-Europe Forum:" printed left to right in the right-to-left title block (it printed as
    "Forum: ... th5" with the ordinal at the far end)."""
    line = _line_with(_lines(arabic / "concept-note.pdf"), "Forum")
    printed = " ".join(w["text"] for w in line)
    assert printed.startswith("5") and printed.endswith("Forum:"), printed
    assert max(w["x1"] for w in line) == pytest.approx(RIGHT_MARGIN_PT, abs=1.5)  # aligned with the block


def test_the_co_organisers_line_is_aligned_with_the_title_block(arabic):
    with pdfplumber.open(arabic / "concept-note.pdf") as document:
        words = document.pages[0].extract_words()
    raoul = next(w for w in words if w["text"] == "Raoul")
    line = sorted((w for w in words if abs(w["top"] - raoul["top"]) < 6), key=lambda w: w["x0"])
    assert line[-1]["x1"] == pytest.approx(RIGHT_MARGIN_PT, abs=1.5), line[-1]  # the label, at the right
    # right to left: the label, the first co-organiser, a separator, the second
    printed = " ".join(w["text"] for w in line if w["text"].isascii() or w["text"] == "·")
    assert printed == "Raoul Wallenberg Institute · Asia-Europe Foundation", printed


def test_an_english_paragraph_runs_left_to_right(arabic):
    """An unmarked English paragraph takes its direction from its first strong letter: it starts at the left
    margin and its question mark ends it (it was laid out right to left, "?" in front)."""
    line = _line_with(_lines(arabic / "concept-note.pdf"), "What")
    assert line[0]["text"] == "What" and line[0]["x0"] == pytest.approx(LEFT_MARGIN_PT, abs=1.5)
    assert line[-1]["text"].startswith("today?")


def test_a_latin_phrase_with_an_ordinal_inside_arabic_text_keeps_its_order(arabic):
    line = next(line for line in _lines(arabic / "concept-note.pdf") if any(w["text"] == "Asia" for w in line))
    latin = [w["text"].strip(":") for w in line if w["text"].isascii() and not w["text"].isdigit()]
    # the colon between the Latin run and the Arabic after it takes the paragraph's direction (Unicode's rule)
    assert " ".join(latin) == "5th Asia Forum", latin


def test_grouped_calls_read_in_order(arabic):
    """The calls [^treaty-db][^basin-report] print "1,2", never "2,1"."""
    with pdfplumber.open(arabic / "concept-note.pdf") as document:
        chars = [c for c in document.pages[0].chars if c["size"] < 7.5 and c["text"] in "0123456789,"]
    first_line = min(round(c["bottom"]) for c in chars)
    calls = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]) if round(c["bottom"]) == first_line)
    assert calls == "1,2", calls


def test_addresses_keep_their_order_in_arabic_notes(arabic):
    """An address that wraps in right-to-left text: each line holds the next piece of it, left to right."""
    url = "https://example.org/basin/report/volume-two/chapter-four/section-eleven/annex-three/summary-of-findings.html"
    with pdfplumber.open(arabic / "endnotes.pdf") as document:
        words = document.pages[0].extract_words()
    pieces = [w["text"] for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])) if w["text"].isascii()
              and any(c.isalpha() for c in w["text"]) and w["text"] not in ("Asia-Europe", "Forum:")]
    printed = "".join(piece for piece in pieces if piece in url)
    assert len([p for p in pieces if p in url]) >= 2, pieces  # it does wrap
    assert printed == url, pieces


def test_cited_in_lists_use_arabic_punctuation(arabic):
    with pdfplumber.open(arabic / "endnotes.pdf") as document:
        text = document.pages[0].extract_text()
    assert "؛" in text and "،" in text  # between the places, and inside "group, question n"
    assert ";" not in text and "," not in text.replace("1,2", "")


def test_first_strong_character():
    assert bidi.first_strong("2015 Asia") == "ltr"
    assert bidi.first_strong("«عربي» text") == "rtl"
    assert bidi.first_strong("2015 — ") is None


def test_runs_crossing_elements_are_isolated_and_others_are_not():
    def html(source, direction="rtl"):
        return str(markup.render(markup.parse(source, True), markup.no_citations, direction=direction))
    assert html("عربي 5^th^ Asia Forum عربي") == 'عربي <span dir="ltr">5<sup>th</sup> Asia Forum</span> عربي'
    assert html("عربي UNODC عربي") == "عربي UNODC عربي"  # one piece of text: the bidi algorithm orders it
    assert html("What is this?") == '<span dir="ltr">What is this?</span>'
    assert html("What is this?", "ltr") == "What is this?"
    paragraphs = str(markup.render(markup.parse("English first.\n\nعربي", False), markup.no_citations,
                                   direction="rtl"))
    assert paragraphs.startswith('<p dir="ltr">English first.</p>') and "<p>عربي</p>" in paragraphs


def test_a_change_marked_passage_keeps_its_direction():
    """A block drawn with a change bar runs the way its first strong character says, as it does unmarked."""
    from briefpack.content.model import Text
    from briefpack.problems import Loc
    from briefpack.revisions import change_marks

    text = Text("What should States do?\n\nماذا يجب أن تفعل الدول؟", Loc("concept-note.yaml", 3), 7, False)
    plain = markup.render(text.parsed, markup.no_citations, direction="rtl")
    marked = change_marks.render(text, frozenset({0}), markup.no_citations, lambda uri: uri, False, "rtl")
    assert 'dir="ltr"' in plain and 'dir="ltr"' in marked and 'class="changed"' in marked
