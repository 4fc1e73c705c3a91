"""Every script and direction: packs in nine languages build with only the pack's fonts, the right regional
forms, right-to-left layout, searchable text and citation calls that never begin a line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from briefpack.build import pipeline
from briefpack.content import languages
from briefpack.content.paths import PROJECT_ROOT
from briefpack.errors import BuildError, ContentError
from briefpack.text import fonts

from .conftest import ROOT, TESTS, write_pack

LANGUAGES = TESTS / "data" / "languages"
PACKS = ("zh-Hans", "ja", "ko", "th", "ar", "vi", "ru", "fr", "en")
RIGHT_MARGIN_PT = 595.28 - 22 * 72 / 25.4  # A4 width less base.css's 22 mm side margin
INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069‐-]")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each language pack built in both editions, once for the module."""
    outs = {}
    for lang in PACKS:
        out = tmp_path_factory.mktemp(f"lang-{lang}")
        pipeline.build(pipeline.Options(content=LANGUAGES / lang, out=out, editions=("screen", "print")))
        outs[lang] = out
    return outs


def _font_names(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def _declared_families() -> list[str]:
    declared = fonts.load_font_set(PROJECT_ROOT / "styles")
    return [family.replace(" ", "-") for role in fonts.ROLES for family in declared.stacks[role]]


@pytest.mark.parametrize("lang", PACKS)
def test_only_the_packs_declared_fonts_are_embedded(built, lang):
    families = _declared_families()
    for pdf in sorted(built[lang].rglob("*.pdf")):
        for name in _font_names(pdf):
            assert any(name == f or name.startswith(f + "-") for f in families), f"{pdf.name}: {name}"


@pytest.mark.parametrize("lang, face", [("zh-Hans", "Noto-Serif-CJK-SC"), ("ja", "Noto-Serif-CJK-JP"),
                                        ("ko", "Noto-Serif-CJK-KR"), ("th", "Noto-Serif-Thai"),
                                        ("ar", "Noto-Naskh-Arabic")])
def test_each_language_gets_its_own_faces(built, lang, face):
    names = _font_names(built[lang] / "concept-note.pdf")
    assert face in names
    han = {n for n in names if "CJK" in n and "Serif" in n}
    assert han <= {face}, f"other regional forms used too: {han}"


def test_marked_passages_pick_their_font(built):
    names = _font_names(built["en"] / "concept-note.pdf")
    # [人身取引...]{lang=ja} in Japanese forms, unmarked and zh-Hans Han in Simplified Chinese ones
    assert {"Noto-Serif-CJK-JP", "Noto-Serif-CJK-SC", "Noto-Naskh-Arabic"} <= names


def _expected_text(source: str, numbers: dict) -> str:
    source = re.sub(r"\[\^([a-z0-9-]+)\]", lambda m: str(numbers[m.group(1)]), source)
    source = re.sub(r"\[([^\]]+)\]\{lang=[^}]+\}", r"\1", source)
    return INVISIBLE.sub("", source.replace("*", ""))


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _source_texts(lang: str) -> tuple[list[str], dict]:
    """The concept note's Markdown (sections, questions, notes) and the pack's note numbers."""
    loaded = pipeline.load(pipeline.Options(content=LANGUAGES / lang))
    texts = [block.source for s in loaded.pack.sections for block in s.body]
    texts += [q.source for g in loaded.pack.groups for q in g.questions]
    texts += [n.text.source for n in loaded.pack.notes]
    return texts, loaded.numbering.numbers


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", [lang for lang in PACKS if lang not in ("ar", "en")])
def test_extracted_text_equals_the_source(built, lang):
    """Whole paragraphs, character for character (spacing aside): Thai included, thanks to ActualText."""
    texts, numbers = _source_texts(lang)
    extracted = INVISIBLE.sub("", _pdftotext(built[lang] / "concept-note.pdf"))
    for text in texts:
        assert _expected_text(text, numbers) in extracted


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_extracted_words_equal_the_sources_in_right_to_left_text(built, lang):
    """pdftotext reorders bidirectional lines visually (the words come back, the line order of an Arabic phrase
    inside English or of a raised note number may not): so word by word."""
    texts, _ = _source_texts(lang)
    text = re.sub(r"‐\n+", "", _pdftotext(built[lang] / "concept-note.pdf"))  # words hyphenated at a line end
    text = re.sub(r"(?<=[\u3000-\u9fff])\n(?=[\u3000-\u9fff])", "", text)  # and CJK, which breaks anywhere
    extracted = set(re.findall(r"\w+", text))
    for text in texts:
        words = set(re.findall(r"\w+", re.sub(r"\[\^[a-z0-9-]+\]|\{lang=[^}]+\}|[*\[\]]|https?://\S+", " ", text)))
        assert words <= extracted, words - extracted


def _words(pdf: Path, page: int = 0) -> list[dict]:
    with pdfplumber.open(pdf) as document:
        return document.pages[page].extract_words(extra_attrs=["size"])


def _logical(word: dict) -> str:
    return word["text"][::-1]  # pdfplumber gives right-to-left words in visual (reversed) order


def test_arabic_heading_and_paragraph_run_from_the_right_margin(built):
    words = _words(built["ar"] / "concept-note.pdf")
    heading = next(w for w in words if _logical(w) == "خلفية")
    assert heading["x1"] == pytest.approx(RIGHT_MARGIN_PT, abs=1)
    first = next(w for w in words if _logical(w) == "يعد")
    line = [w for w in words if abs(w["top"] - first["top"]) < 2]
    assert first["x1"] == max(w["x1"] for w in line) == pytest.approx(RIGHT_MARGIN_PT, abs=1)


def test_arabic_page_furniture_and_note_numbers_are_mirrored(built):
    words = _words(built["ar"] / "concept-note.pdf", page=2)  # the endnotes page
    top = [w for w in words if w["top"] < 60]
    running_title = next(w for w in top if _logical(w) == "الندوة")
    section = next(w for w in top if _logical(w) == "الحواشي")
    assert running_title["x0"] > 595.28 / 2 > section["x1"]  # the title at the top right, the section left
    assert max(w["x1"] for w in top) == pytest.approx(RIGHT_MARGIN_PT, abs=1)
    assert section["x0"] == pytest.approx(595.28 - RIGHT_MARGIN_PT, abs=1)
    number = next(w for w in words if w["text"] == "1" and w["top"] > 60)
    text = [w for w in words if abs(w["bottom"] - number["bottom"]) < 4 and w is not number]
    assert text and number["x0"] > max(w["x1"] for w in text)  # the note number at the right of its text


def test_an_arabic_quotation_reads_right_to_left_in_an_english_pack(built):
    words = _words(built["en"] / "concept-note.pdf")
    first = next(w for w in words if "راجتالا" in w["text"])  # الاتجار, the quotation's first word
    last = next(w for w in words if "ةميرج" in w["text"])  # جريمة, its last
    assert first["x0"] > last["x1"]


@pytest.mark.parametrize("lang", ["zh-Hans", "ja", "ar", "th", "fr"])
def test_no_line_begins_with_a_citation_call(built, lang):
    """Each raised call joins the line whose baseline is just below it; no line may start with one."""
    calls_seen = attached = 0
    with pdfplumber.open(built[lang] / "concept-note.pdf") as document:
        for page in document.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            lines: dict[float, list] = {}  # by baseline (the text matrix's y), the same for every font
            for char in (c for c in chars if c["size"] >= 9):
                lines.setdefault(round(char["matrix"][5]), []).append(char)
            calls = [c for c in chars if c["size"] < 7.5 and c["text"].isdigit()]  # raised: 0.62 em
            calls_seen += len(calls)
            for call in calls:
                below = [y for y in lines if 0 < call["matrix"][5] - y < 8]
                if below:
                    lines[max(below)].append(call)
                    attached += 1
            for line in lines.values():
                start = max(line, key=lambda c: c["x1"]) if lang == "ar" else min(line, key=lambda c: c["x0"])
                assert start["size"] >= 9, f"a line starts with the call {start['text']!r} in {lang}"
    # the check above looked at something: calls were found, each on a line
    assert calls_seen > 0 and attached == calls_seen, (calls_seen, attached)


def test_thai_is_not_justified(built):
    """Lines of the Thai paragraph end where their words end (ragged), not stretched to the margin."""
    words = [w for w in _words(built["th"] / "concept-note.pdf") if w["size"] == 10.5 and 200 < w["top"] < 700]
    ends = {}
    for word in words:
        line = round(word["bottom"] / 4)
        ends[line] = max(ends.get(line, 0), word["x1"])
    assert len(ends) >= 3
    short = [end for end in ends.values() if end < RIGHT_MARGIN_PT - 10]
    # ragged: most lines end short; justified, only each paragraph's last line would
    assert len(short) >= 2 and len(short) >= len(ends) // 2, (len(short), len(ends))


def test_a_character_no_font_covers_is_a_check_error(tmp_path):
    content = write_pack(tmp_path / "pack", concept_note="""sections:
  - id: purpose
    title: Purpose
    body: |
      Rivers cross borders.[^basin-report][^treaty-db] Scribes wrote 𓀀 and 𓁐.
      Also 𓀀 again.[^commission-study]
""")
    with pytest.raises(ContentError) as error:
        pipeline.load(pipeline.Options(content=content))
    message = str(error.value.format_message())
    assert f"{content}/concept-note.yaml:5:70: '𓀀' (U+13000, Egyptian Hieroglyphs) has no glyph in the pack's fonts" \
           in message.replace(str(Path.cwd()) + "/", "")
    assert "'𓁐' (U+13050, Egyptian Hieroglyphs)" in message
    assert message.count("U+13000") == 1  # each character once, at its first place


def test_the_renderer_sees_no_system_font(tmp_path):
    """A character only a system font has (DejaVu Sans, installed here, ships U+219C; no declared font does)
    is .notdef, never a system fallback: the renderer's fontconfig configuration holds only the declared files."""
    from briefpack.content.paths import Paths
    from briefpack.pdf.renderer import PdfRenderer

    renderer = PdfRenderer(Paths.default())
    available = fonts.Coverage(fonts.load_font_set(PROJECT_ROOT / "styles"))
    assert available.lacking("↜") == fonts.ROLES
    with pytest.raises(BuildError, match=r"\.notdef glyph rendered .* \(U\+219C\)"):
        renderer.render('<html lang="en"><body><p>↜</p></body></html>', ["base.css"], "probe.pdf")


def test_language_tags_are_checked(tmp_path):
    content = write_pack(tmp_path / "pack", pack="series: S\nedition: E\ntheme: T\nyear: 2020\nlanguage: zz\n")
    with pytest.raises(ContentError, match=r"pack.yaml:5:11: language 'zz' is not a registered language"):
        pipeline.load(pipeline.Options(content=content))
    assert languages.tag_problem("en_GB") and languages.tag_problem("english")
    assert languages.tag_problem("zh-Hant-TW") is None


def test_every_label_set_has_every_key():
    for tag, labels in languages.LABEL_SETS.items():
        assert labels.keys() == languages.LABEL_SETS["en"].keys(), tag
        assert all(value.strip() for value in labels.values()), tag
    assert {"en", "fr", "es", "de", "ru", "zh-Hans", "zh-Hant", "ja", "ko", "th", "vi", "ar"} <= set(
        languages.LABEL_SETS)


def test_built_in_labels_are_covered_by_the_fonts():
    coverage = fonts.Coverage(fonts.load_font_set(PROJECT_ROOT / "styles"))
    for tag, labels in languages.LABEL_SETS.items():
        for text in labels.values():
            assert not coverage.gaps(text), (tag, text)


@pytest.mark.parametrize("tag, expected", [("zh-TW", "zh-Hant"), ("zh", "zh-Hans"), ("fr-CA", "fr"),
                                           ("it", "en"), ("ar-EG", "ar")])
def test_labels_follow_the_language(tag, expected):
    assert languages.labels_for(tag) == languages.LABEL_SETS[expected]


def test_labels_are_overridden_key_by_key(tmp_path):
    content = write_pack(tmp_path / "pack", pack="series: S\nedition: E\ntheme: T\nyear: 2020\nlanguage: fr\n"
                                                 "labels:\n  page: Feuille\n")
    labels = pipeline.load(pipeline.Options(content=content)).pack.meta.labels
    assert labels["page"] == "Feuille" and labels["of"] == "sur"


def test_one_source_for_the_cross_cutting_heading(built):
    """The French pack gives no title for its cross-cutting questions: every document prints the label."""
    for pdf in ("concept-note.pdf", "handout-victims.pdf"):
        assert "Questions transversales" in _pdftotext(built["fr"] / pdf)
    assert "Cross-cutting" not in _pdftotext(built["fr"] / "handout-victims.pdf")


@pytest.mark.parametrize("lang, text", [("ar", "صفحة1من3"), ("th", "หน้า1จาก3"), ("ja", "ページ1/3")])
def test_page_furniture_speaks_the_language(built, lang, text):
    assert text in INVISIBLE.sub("", _pdftotext(built[lang] / "concept-note.pdf"))


@pytest.mark.parametrize("lang", ["zh-Hans", "ja", "ko"])
def test_cjk_handouts_stay_small(built, lang):
    """Fonts are subset to the glyphs used: a handout with a few dozen Han or Hangul characters in three faces
    stays far under the 400 KB target (WeasyPrint alone: 300-420 KB, 63,000 empty glyphs per face)."""
    for pdf in (built[lang] / "handout-victims.pdf", built[lang] / "print" / "booklet-handout-victims.pdf"):
        assert pdf.stat().st_size < 120_000, pdf


def test_cjk_fonts_are_bare_cid_keyed_cff_with_only_the_glyphs_used(built):
    import io

    from fontTools.cffLib import CFFFontSet

    reader = PdfReader(built["ko"] / "handout-victims.pdf")
    found = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            if "CJK" not in str(descendant["/BaseFont"]):
                continue
            stream = descendant["/FontDescriptor"].get_object()["/FontFile3"].get_object()
            assert stream["/Subtype"] == "/CIDFontType0C"
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(stream.get_data()), None)
            names = cff[cff.fontNames[0]].charset
            assert len(names) < 200
            widths = descendant["/W"]  # every CID the text uses is a glyph of the program
            cids = {int(widths[i]) + k for i in range(0, len(widths), 2) for k in range(len(widths[i + 1]))}
            assert {f"cid{cid:05d}" for cid in cids} <= set(names)
            found += 1
    assert found >= 3


@pytest.mark.parametrize("lang", ["ja", "ar", "th"])
def test_rebuilds_are_byte_identical(tmp_path, lang):
    """Same content, same bytes: no font of the machine, no time, no random ids leak into the output."""
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        pipeline.build(pipeline.Options(content=LANGUAGES / lang, out=out, editions=("screen", "print"),
                                        kinds=("handout",)))
        digests.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.pdf"))})
    assert digests[0] and digests[0] == digests[1]


def test_marked_passages_carry_their_language_in_the_tags(built):
    import pikepdf

    with pikepdf.open(built["en"] / "concept-note.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        found = []

        def walk(element):
            if isinstance(element, pikepdf.Dictionary) and "/S" in element:
                if "/Lang" in element:
                    found.append((str(element.S), str(element.Lang)))
                kids = element.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)
        walk(pdf.Root.StructTreeRoot.K[0])
    assert {("/Span", "zh-Hans"), ("/Span", "ar"), ("/Span", "ja")} <= set(found)


def test_span_attributes_other_than_a_valid_lang_are_content_errors(tmp_path):
    content = write_pack(tmp_path / "pack", notes="""notes:
  treaty-db: "Treaty database [x]{lang=zz} and [y]{.note lang=fr}."
  basin-report: Basin report.
  commission-study: A study.
""")
    with pytest.raises(ContentError) as error:
        pipeline.load(pipeline.Options(content=content))
    message = error.value.format_message()
    assert "language 'zz' is not a registered language" in message
    assert "unknown attribute 'class' on a span (expected [text]{lang=TAG}" in message


@pytest.mark.parametrize("lang", ["zh-Hans", "ja"])
def test_no_cjk_line_begins_with_closing_punctuation(built, lang):
    with pdfplumber.open(built[lang] / "concept-note.pdf") as document:
        for page in document.pages:
            lines: dict[float, list] = {}
            for char in page.chars:
                if char["text"].strip() and char["size"] >= 9:
                    lines.setdefault(round(char["matrix"][5]), []).append(char)
            starts = [min(line, key=lambda c: c["x0"])["text"] for line in lines.values()]
            assert not set(starts) & set("，。、：；！？）」』】〕"), starts


@pytest.mark.parametrize("tag, direction", [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"),
                                            ("en", "ltr"), ("zh-Hant", "ltr"), ("az-Arab", "rtl"), ("th", "ltr")])
def test_direction_follows_the_script_of_the_language(tag, direction):
    assert languages.direction(tag) == direction


@pytest.fixture(scope="module")
def renderer():
    from briefpack.content.paths import Paths
    from briefpack.pdf.renderer import PdfRenderer

    return PdfRenderer(Paths.default())


@pytest.mark.parametrize("lang", ["zh-Hans", "ja"])
def test_closing_punctuation_never_starts_a_line_even_when_the_line_is_full_before_it(renderer, tmp_path, lang):
    """Ten ideographs fill a 10 em line exactly; the comma after them must not start the next line."""
    text = "一二三四五六七八九十，一二三四五六七八九十。一二三四五六七八九十」"
    html = (f'<html lang="{lang}"><body><p style="width: 10em; font-size: 10pt; text-align: start">{text}</p>'
            "</body></html>")
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(renderer.render(html, ["base.css"], "probe.pdf").data)
    lines = [line.strip() for line in _pdftotext(pdf).splitlines() if line.strip()]
    assert len(lines) >= 3 and all(line[0] not in "，。」" for line in lines), lines


def test_the_common_tags_fast_path_agrees_with_the_registry():
    import langcodes

    from briefpack.content import languages

    for tag, script in languages.COMMON_TAGS.items():
        assert langcodes.tag_is_valid(tag), tag
        assert (langcodes.Language.get(tag).maximize().script or "Latn") == script, tag
        assert langcodes.Language.get(tag).language == tag.split("-")[0], tag


def test_the_characters_taken_as_covered_without_opening_a_font_are_covered():
    from fontTools.ttLib import TTFont

    from briefpack.text import fonts

    for path in (ROOT / "styles/fonts/charis-sil/CharisSIL-Regular.ttf", ROOT / "styles/fonts/inter/Inter-Regular.otf"):
        cmap = TTFont(str(path), lazy=True).getBestCmap()
        missing = sorted(f"U+{ord(c):04X}" for c in fonts.SHIPPED_COVER if ord(c) not in cmap)
        assert missing == [], path.name
