"""The ruled notes area of handouts ends at a page's foot: no scrap of 1-3 lines on a page, no heading left
with a line or two, no blank page it causes, booklets padded with ruled pages."""

from __future__ import annotations

import pdfplumber
import pytest

from briefpack.build import pipeline

from .conftest import SMALL_CONTENT, write_pack

MM = 72 / 25.4
FOOT_MARGIN = {"a4": 24 * MM, "a5": 17 * MM}  # base.css and booklet.css page margins


def rules(page, x0=None, x1=None) -> list[float]:
    """The bottoms of the ruled lines on a page (or on its part from x0 to x1): each a box as wide as the text
    column and about one line of handwriting high, drawn by its bottom border."""
    bottoms = sorted(rect["bottom"] for rect in page.rects
                     if (x0 is None or x0 <= rect["x0"] and rect["x1"] <= x1)
                     and rect["x1"] - rect["x0"] > 250 and 18 < rect["bottom"] - rect["top"] < 30)
    found: list[float] = []
    for bottom in bottoms:  # a line may be drawn as more than one shape: one line per 2 pt
        if not found or bottom - found[-1] > 2:
            found.append(bottom)
    return found


@pytest.fixture(scope="module", params=[1, 6, 18, 40])
def ruled_build(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"ruled-{request.param}")
    pack = (SMALL_CONTENT / "pack.yaml").read_text().replace("notes_lines: 4", f"notes_lines: {request.param}")
    out = tmp / "out"
    pipeline.build(pipeline.Options(content=write_pack(tmp / "c", pack=pack), out=out, editions=("screen", "print"),
                                    kinds=("handout",)))
    return request.param, out


def check_pages(pages, asked, foot):
    """``pages``: (text, rule bottoms, page height) of each page of one handout, in reading order."""
    ruled = [n for n, (_, found, _) in enumerate(pages) if found]
    assert ruled, "no ruled lines"
    assert ruled == list(range(ruled[0], len(pages))), "the ruled area runs to the last page"
    for n, (text, found, _) in enumerate(pages):
        assert text.strip() or found, f"page {n + 1} is blank"
        assert len(found) == 0 or len(found) >= min(4, asked), f"a scrap of {len(found)} lines on page {n + 1}"
    drawn = sum(len(found) for _, found, _ in pages)
    assert drawn >= asked - 3, (drawn, asked)
    last = pages[-1][1]
    pitch = (last[-1] - last[0]) / (len(last) - 1) if len(last) > 1 else 24
    assert last[-1] + pitch > pages[-1][2] - foot, "the area ends at the page's foot, no room left for a line"
    heading = [n for n, (text, _, _) in enumerate(pages) if "Notes" in text.split("\n")]
    assert heading and len(pages[heading[-1]][1]) >= min(4, asked), "the heading keeps its lines with it"


def test_the_ruled_area_ends_at_a_page_foot(ruled_build):
    asked, out = ruled_build
    for name in ("handout-data-sharing.pdf", "handout-disputes.pdf", "print/handout-data-sharing.pdf"):
        with pdfplumber.open(out / name) as pdf:
            pages = [(page.extract_text() or "", rules(page), page.height) for page in pdf.pages]
            if name.startswith("print/"):  # pdfplumber measures print pages from their slug's edge
                pages = [(t, r, h - 10 * MM) for t, r, h in pages]
                assert len(pages) % 2 == 0
        check_pages(pages, asked, FOOT_MARGIN["a4"])


def test_booklets_are_padded_with_ruled_pages(ruled_build):
    from briefpack.pdf.imposition import booklet_order

    asked, out = ruled_build
    with pdfplumber.open(out / "print/booklet-handout-disputes.pdf") as pdf:
        sides = pdf.pages
        order = booklet_order(len(sides) * 2)
        halves = {}
        for side, (left, right) in zip(sides, order, strict=True):
            x0, top, x1, bottom = side.bbox
            middle = (x0 + x1) / 2
            for number, (a, b) in ((left, (x0, middle)), (right, (middle, x1))):
                part = side.crop((a, top, b, bottom))
                halves[number] = (part.extract_text() or "", rules(side, a, b), side.height - 10 * MM)
    check_pages([halves[n] for n in sorted(halves)], asked, FOOT_MARGIN["a5"] - 2)
