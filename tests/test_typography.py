"""Typography read back from the PDF: a Greek word from one face, comparison signs at their usual width, no
letter-spacing in scripts that join or stack, no hyphenation inside a hyphenated compound, more space above a
heading than below it."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from briefpack.content.paths import PROJECT_ROOT

from .conftest import ROOT

GREEK_BLOCKS = ((0x370, 0x3FF), (0x1F00, 0x1FFF))
CHARIS = ROOT / "styles" / "fonts" / "charis-sil"


@pytest.fixture(scope="module")
def renderer():
    from briefpack.content.paths import Paths
    from briefpack.pdf.renderer import PdfRenderer

    return PdfRenderer(Paths.default())


def _chars(renderer, tmp_path, body: str, lang: str = "en") -> list[dict]:
    pdf = tmp_path / "probe.pdf"
    html = f'<html lang="{lang}"><body>{body}</body></html>'
    pdf.write_bytes(renderer.render(html, ["base.css", "handout.css"], "probe.pdf").data)
    with pdfplumber.open(pdf) as document:
        return [dict(c) for c in document.pages[0].chars]


def _face(char: dict) -> str:
    return char["fontname"].split("+", 1)[-1]


def test_a_greek_name_is_set_in_one_face(renderer, tmp_path):
    """Charis SIL has α β γ but no ι ο ς: each Greek word came out in two faces, letter by letter."""
    chars = _chars(renderer, tmp_path, "<p>Αλέξης Παπαδόπουλος and Ιωάννα Οικονόμου met Ἀθηνᾶ.</p>")
    greek = [c for c in chars if any(low <= ord(c["text"]) <= high for low, high in GREEK_BLOCKS)]
    assert len(greek) > 20
    assert {_face(c) for c in greek} == {"Noto-Serif"}
    assert {_face(c) for c in chars if c["text"].isascii() and c["text"].isalpha()} == {"Charis-SIL"}


def test_a_less_than_sign_is_not_followed_by_a_gap(renderer, tmp_path):
    """Charis's < + = are a full em wide with a fifth of an em of side bearing: "< 5" read as "<  5"."""
    chars = _chars(renderer, tmp_path, '<p style="font-size: 20pt">a&lt;b+c=d</p>')
    for sign in "<+=":
        char = next(c for c in chars if c["text"] == sign)
        assert char["x1"] - char["x0"] < 0.65 * char["size"], (sign, _face(char))


def _charis_ranges() -> dict[str, set[int]]:
    """The code points each Charis SIL face serves, as base.css's @font-face rules declare them."""
    css = (PROJECT_ROOT / "styles" / "base.css").read_text(encoding="utf-8")
    served = {}
    for face, ranges in re.findall(r"CharisSIL-(\w+)\.ttf\)[^}]*unicode-range: ([^;]+);", css):
        points: set[int] = set()
        for item in ranges.split(","):
            low, _, high = item.strip().removeprefix("U+").partition("-")
            points.update(range(int(low, 16), int(high or low, 16) + 1))
        served[face] = points
    return served


def test_charis_serves_all_it_has_but_greek_and_its_wide_signs():
    from fontTools.ttLib import TTFont

    served = _charis_ranges()
    assert set(served) == {"Regular", "Italic", "Bold", "BoldItalic"}
    for face, points in served.items():
        font = TTFont(str(CHARIS / f"CharisSIL-{face}.ttf"), lazy=True)
        cmap = font.getBestCmap()
        em = font["head"].unitsPerEm
        greek = {c for c in cmap if any(low <= c <= high for low, high in GREEK_BLOCKS)}
        wide_signs = {c for c in cmap if c < 0x2300 and font["hmtx"][cmap[c]][0] == em
                      and abs(font["hmtx"][cmap[c]][1] - em / 5) < 2}
        assert {ord(c) for c in "<=>+"} <= wide_signs
        assert points == set(cmap) - greek - wide_signs, face


@pytest.mark.parametrize("lang, text", [("th", "เอกสารแนวคิด"), ("ar", "المذكرة المفاهيمية"),
                                        ("hi", "अवधारणा पत्र")])
def test_no_letter_spacing_in_scripts_that_join_or_stack(renderer, tmp_path, lang, text):
    """Kickers and group labels space their letters; Thai marks and Arabic joins break apart when they do. Each
    label is as wide as the same text in the same face without letter-spacing."""
    plain = "margin: 0; text-align: left; text-transform: uppercase; font: 600 {}/1.2 Inter"
    body = (f'<header class="title-block"><p class="kicker">{text}</p></header>'
            f'<p style="{plain.format("8.5pt")}">{text}</p>'
            f'<h1 class="group-title"><span class="group-label">{text}</span></h1>'
            f'<p style="{plain.format("10pt")}">{text}</p>')
    assert _spread(_chars(renderer, tmp_path, body.replace(text, "Concept Note"), "en")) > 5  # the check sees it
    assert _spread(_chars(renderer, tmp_path, body, lang)) < 0.5, lang


def _spread(chars: list[dict]) -> float:
    """How much wider each label is than its plain copy below it, in points (the largest of the two)."""
    lines: dict[int, list[dict]] = {}
    for char in chars:
        if char["text"].strip() and char["top"] < 400:
            lines.setdefault(round(char["top"] / 3), []).append(char)
    widths = [max(c["x1"] for c in line) - min(c["x0"] for c in line) for _, line in sorted(lines.items())]
    assert len(widths) == 4, widths
    return max(abs(widths[0] - widths[1]), abs(widths[2] - widths[3]))


def test_no_hyphenation_inside_a_hyphenated_compound(renderer, tmp_path):
    """Narrow lines full of compounds: every line that ends in a hyphen ends at one of the compound's own."""
    from briefpack.content import markdown

    words = "gender-disaggregated data-collection counter-trafficking victim-centred " * 6
    html = markdown.render(markdown.parse(words, True), markdown.no_citations)  # as content is rendered
    chars = _chars(renderer, tmp_path, f'<p lang="en" style="width: 38mm">{html}</p>')
    lines: dict[int, str] = {}
    for char in chars:
        lines.setdefault(round(char["bottom"]), "")
        lines[round(char["bottom"])] += char["text"]
    ends = [line.strip().split(" ")[-1] for line in lines.values()]
    hyphenated = [end for end in ends if end.endswith(("-", "‐"))]
    allowed = ("gender-", "data-", "counter-", "victim-")
    assert [end for end in hyphenated if not end.endswith(allowed)] == []
    assert hyphenated, "the lines never broke inside a compound: the check saw nothing"


def test_more_space_above_the_guiding_questions_than_below(default_build):
    out, _ = default_build
    with pdfplumber.open(out / "handout-justice.pdf") as document:
        lines = document.pages[0].extract_text_lines()
    heading = next(i for i, line in enumerate(lines) if line["text"] == "Guiding questions")
    above = lines[heading]["top"] - lines[heading - 1]["bottom"]
    below = lines[heading + 1]["top"] - lines[heading]["bottom"]
    assert above > 1.5 * below, (above, below)


def _x_height(path, char: str) -> float:
    """The height of ``char``'s outline above the baseline, in ems (the x-height for 'x')."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    glyphs = font.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[font.getBestCmap()[ord(char)]].draw(pen)
    return pen.bounds[3] / font["head"].unitsPerEm


@pytest.mark.parametrize("tag", ["serif", "sans"])
def test_a_thai_passage_has_the_x_height_of_the_latin_beside_it(renderer, tmp_path, tag):
    """Thai consonants (น) against the Latin x, each at the size the PDF sets it: within 10%."""
    from briefpack.content import markdown
    from briefpack.text import fonts

    html = markdown.render(markdown.parse("Mekong basin [แม่น้ำโขง]{lang=th} states", True), markdown.no_citations)
    body = f"<p>{html}</p>" if tag == "serif" else f"<h2>{html}</h2>"
    chars = _chars(renderer, tmp_path, body)
    latin = next(c for c in chars if c["text"] == "x" or c["text"] == "a")
    thai = next(c for c in chars if c["text"] == "น")
    declared = fonts.load_font_set(PROJECT_ROOT / "styles")
    files = {path.name: path for family in declared.families for path in fonts.find_family(declared, family)}
    latin_file = files["CharisSIL-Regular.ttf" if tag == "serif" else "Inter-SemiBold.otf"]
    thai_file = files["NotoSerifThai-Regular.ttf" if tag == "serif" else "NotoSansThai-Bold.ttf"]
    assert _face(thai).startswith("Noto-Serif-Thai" if tag == "serif" else "Noto-Sans-Thai")
    latin_x = _x_height(latin_file, "x") * latin["size"]
    thai_x = _x_height(thai_file, "น") * thai["size"]
    assert 0.9 <= thai_x / latin_x <= 1.1, (thai_x / latin_x, thai["size"], latin["size"])


@pytest.mark.parametrize("lang", ["ja", "zh-Hans"])
def test_no_chinese_or_japanese_passage_ends_in_a_line_of_one_or_two_characters(tmp_path, lang):
    from briefpack.build import pipeline

    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=ROOT / "tests" / "data" / "languages" / lang, out=out,
                                    kinds=("concept-note",)))
    with pdfplumber.open(out / "concept-note.pdf") as document:
        lines: dict[tuple[int, int], str] = {}
        for number, page in enumerate(document.pages):
            for char in page.chars:
                if char["size"] == 10.5 and char["text"].strip():  # running text, calls and furniture aside
                    key = (number, round(char["matrix"][5]))
                    lines[key] = lines.get(key, "") + char["text"]
    assert len(lines) >= 5
    assert [line for line in lines.values() if len(line) < 3] == []


def test_every_stylesheet_declaring_charis_declares_its_unicode_range():
    """A stylesheet of its own (the personal name boxes') takes Greek from one face too: the same ranges."""
    declared = 0
    for sheet in sorted((PROJECT_ROOT / "styles").glob("*.css")):
        for rule in re.findall(r"@font-face\s*\{[^}]*CharisSIL[^}]*\}", sheet.read_text(encoding="utf-8")):
            declared += 1
            assert "unicode-range:" in rule, sheet.name
    assert declared >= 5  # base.css's four faces and personal.css's
