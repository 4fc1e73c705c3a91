"""The pack's own look: logos on the title blocks, co-organisers named, an accent colour for the screen."""

from __future__ import annotations

import pdfplumber
import pytest

from briefpack.build import pipeline
from briefpack.errors import ContentError

from .conftest import SMALL_CONTENT, write_pack
from .test_safety import png

MM = 72 / 25.4
LOOK = """accent: "#2a6f4e"
co_organisers:
  - River Basin Institute
logos:
  - file: logos/host.png
    name: Water Ministry
"""


@pytest.fixture(scope="module")
def look_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("look")
    folder = write_pack(tmp / "c", pack=(SMALL_CONTENT / "pack.yaml").read_text() + LOOK)
    (folder / "assets" / "logos").mkdir(parents=True)
    (folder / "assets" / "logos" / "host.png").write_bytes(png(600, 200))
    out = tmp / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, editions=("screen", "print"), jobs=1))
    return out


def first_page(path):
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return page.images, page.extract_text(), page.extract_words(extra_attrs=["non_stroking_color", "size"])


@pytest.mark.parametrize("document, height_mm", [("concept-note.pdf", 14), ("endnotes.pdf", 14),
                                                 ("handout-disputes.pdf", 9)])
def test_logos_sit_on_every_title_block_smaller_on_handouts(look_build, document, height_mm):
    images, text, _ = first_page(look_build / document)
    assert len(images) == 1 and abs(images[0]["height"] / MM - height_mm) < 0.5
    assert "Co-organisedwithRiverBasinInstitute" in "".join(text.split())  # (a narrow space between)


def test_the_accent_colours_the_screen_edition_and_print_stays_black(look_build):
    _, _, words = first_page(look_build / "concept-note.pdf")
    heading = next(w for w in words if w["text"] == "Purpose")
    assert [round(c, 2) for c in heading["non_stroking_color"]] == [round(42 / 255, 2), round(111 / 255, 2),
                                                                    round(78 / 255, 2)]
    _, _, words = first_page(look_build / "print/concept-note.pdf")
    heading = next(w for w in words if w["text"] == "Purpose")
    assert all(c == 0 for c in heading["non_stroking_color"])


@pytest.mark.parametrize("extra, message", [
    ('accent: "#ffcc00"\n', "accent #ffcc00 is too light to read on white (contrast 1.5:1; expected at least 4.5:1"),
    ("accent: blue\n", "accent must be a colour written #rrggbb or #rgb (found 'blue')"),
    ("logos:\n  - file: logos/host.gif\n    name: X\n", "logo 'logos/host.gif' is not an SVG or PNG file"),
    ("logos:\n  - file: logos/none.png\n    name: X\n", "logo 'logos/none.png' not found in assets/"),
    ("logos:\n  - file: ../secret.png\n    name: X\n", "logo '../secret.png' is not allowed"),
])
def test_bad_looks_are_content_errors(tmp_path, extra, message):
    folder = write_pack(tmp_path / "c", pack=(SMALL_CONTENT / "pack.yaml").read_text() + extra)
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    assert any(message in str(p) and str(p).split(":")[0].endswith("pack.yaml") for p in info.value.problems), \
        info.value.problems


def image_pack(tmp_path, width):
    concept = ("sections:\n  - id: p\n    title: P\n    body: |\n"
               "      ![A map](map.png)[^basin-report][^treaty-db][^commission-study]\n")
    folder = write_pack(tmp_path / "c", concept_note=concept)
    (folder / "assets").mkdir()
    (folder / "assets" / "map.png").write_bytes(png(width, width // 2))
    return folder


def test_an_image_too_coarse_for_print_fails_a_strict_print_build_and_warns_otherwise(tmp_path):
    from briefpack.errors import BuildError

    folder = image_pack(tmp_path, 300)  # 300 px shown at its natural 3.1 inches: 96 ppi
    options = dict(content=folder, out=tmp_path / "out", kinds=("concept-note",), jobs=1)
    pipeline.build(pipeline.Options(**options))  # the screen edition does not care
    with pytest.raises(BuildError, match=r"print/concept-note.pdf: image map.png is 96 ppi at its printed size "
                                         r"\(79 mm wide; expected at least 200 ppi in print: use one at least 625 "
                                         r"pixels wide\) \(used at .*concept-note.yaml:5:16\)"):
        pipeline.build(pipeline.Options(**options, editions=("print",)))
    builder = pipeline.Builder()
    try:
        report = builder.build(pipeline.Options(**options, editions=("print",), strict=False))
    finally:
        builder.close()
    assert [w.split(" ppi")[0] for w in report.warnings] == ["print/concept-note.pdf: image map.png is 96"]


def test_a_fine_image_passes_in_print(tmp_path):
    folder = image_pack(tmp_path, 2000)  # shrunk to the text width: over 300 ppi
    builder = pipeline.Builder()
    try:  # not strict, so that a warning is seen here rather than raised
        report = builder.build(pipeline.Options(content=folder, out=tmp_path / "out", kinds=("concept-note",),
                                                editions=("print",), jobs=1, strict=False))
    finally:
        builder.close()
    assert report.warnings == []
    assert "print/concept-note.pdf" in {r.path for r in report.records}
