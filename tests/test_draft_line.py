"""The draft line ("Draft 2 · 12 May 2015") sits on the folio's baseline."""

from __future__ import annotations

import pdfplumber
import pytest
from click.testing import CliRunner

from briefpack.cli.main import main

from .conftest import SMALL_CONTENT, write_pack


@pytest.fixture(scope="module")
def draft_booklets(tmp_path_factory):
    root = tmp_path_factory.mktemp("draft-line")
    pack = (SMALL_CONTENT / "pack.yaml").read_text(encoding="utf-8") + 'status: draft\nversion: "2"\ndate: 2015-05-12\n'
    content = write_pack(root / "pack", pack=pack)
    result = CliRunner().invoke(main, ["handouts", "--content", str(content), "--out", str(root / "out"), "-j", "1",
                                       "-q", "--allow-draft", "--edition", "both"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "out"


def baselines(page, words: str) -> list[float]:
    """The baseline (the text origin's height) of each place ``words`` is written on a page."""
    chars = page.chars
    text = "".join(c["text"] for c in chars)
    found, start = [], text.find(words)
    while start >= 0:
        found.append(round(chars[start]["matrix"][5], 1))
        start = text.find(words, start + 1)
    return found


def test_the_draft_line_sits_on_the_folio_baseline(draft_booklets):
    paths = sorted(draft_booklets.glob("print/booklet-*.pdf"))
    assert paths
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                drafts, folios = baselines(page, "Draft 2"), baselines(page, "Page ")
                assert len(drafts) == len(folios) == 2, (path, page.page_number)  # two A5 pages a side
                assert set(drafts) == set(folios), (path, page.page_number, drafts, folios)


@pytest.mark.parametrize("folder", ["", "print/"])
def test_the_draft_line_sits_on_the_folio_baseline_of_every_a4_page(draft_booklets, folder):
    paths = sorted(draft_booklets.glob(f"{folder}handout-*.pdf"))
    assert paths
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                drafts, folios = baselines(page, "Draft 2"), baselines(page, "Page ")
                assert len(drafts) == len(folios) == 1, (path, page.page_number)
                assert drafts == folios, (path, page.page_number, drafts, folios)
