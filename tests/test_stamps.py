"""Draft and version stamps: the DRAFT mark and the foot line on every page, the refused print edition."""

from __future__ import annotations

import pdfplumber
import pytest
from click.testing import CliRunner

from briefpack.cli.main import main

from .conftest import SMALL_CONTENT, write_pack

PACK = (SMALL_CONTENT / "pack.yaml").read_text(encoding="utf-8")


def run(*args, code=0):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def pack_with(tmp_path, lines: str):
    return write_pack(tmp_path / "pack", pack=PACK + lines)


@pytest.fixture(scope="module")
def draft_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("draft")
    content = write_pack(root / "pack", pack=PACK + 'status: draft\nversion: "2"\ndate: 2015-05-12\n')
    refused = CliRunner().invoke(main, ["all", "--content", str(content), "--out", str(root / "out"), "-j", "1"])
    run("all", "--content", content, "--out", root / "out", "-j", "1", "-q", "--allow-draft")
    return root / "out", refused


def big_words(page) -> str:
    return "".join(c["text"] for c in page.chars if c["size"] > 40)


def test_a_draft_is_marked_on_every_page_of_every_output(draft_build):
    out, _ = draft_build
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 10  # 4 screen, 4 print, 2 booklets
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                text = page.extract_text()
                if path.name.startswith("booklet-"):  # two A5 pages side by side on each sheet
                    assert big_words(page).count("DRAFT") == 2, (path, page.page_number)
                    assert text.count("Draft 2 · 12 May 2015") == 2, (path, page.page_number)
                else:
                    assert big_words(page) == "DRAFT", (path, page.page_number)
                    assert text.count("Draft 2 · 12 May 2015") == 1, (path, page.page_number)


def test_the_print_edition_of_a_draft_is_refused_and_its_order_says_draft(draft_build):
    out, refused = draft_build
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: ") and "status is draft" in refused.output
    assert "--allow-draft" in refused.output and len(refused.output.strip().splitlines()) == 1
    assert (out / "print" / "order.md").read_text().splitlines()[0].startswith("# DRAFT")


def test_refused_draft_writes_nothing(tmp_path):
    content = pack_with(tmp_path, "status: draft\n")
    run("print", "--content", content, "--out", tmp_path / "out", code=1)
    assert not list((tmp_path / "out").glob("**/*.pdf"))
    run("note", "--content", content, "--out", tmp_path / "out", "-q", "-j", "1")  # the screen edition is fine
    with pdfplumber.open(tmp_path / "out" / "concept-note.pdf") as pdf:
        assert all(big_words(page) == "DRAFT" and "Draft" in page.extract_text() for page in pdf.pages)


def test_a_final_version_carries_its_version_in_the_foot_and_no_mark(tmp_path):
    content = pack_with(tmp_path, 'status: final\nversion: "3"\ndate: 2015-06-02\n')
    run("note", "--content", content, "--out", tmp_path / "out", "-q", "-j", "1")
    with pdfplumber.open(tmp_path / "out" / "concept-note.pdf") as pdf:
        for page in pdf.pages:
            assert not big_words(page)
            assert "Version 3 · 2 June 2015" in page.extract_text()


def test_the_mark_is_translated_by_the_labels(tmp_path):
    content = pack_with(tmp_path, "status: draft\n").joinpath("pack.yaml")
    content.write_text(content.read_text().replace("labels:\n", "labels:\n  draft: Entwurf\n"))
    run("note", "--content", content.parent, "--out", tmp_path / "out", "-q", "-j", "1")
    with pdfplumber.open(tmp_path / "out" / "concept-note.pdf") as pdf:
        assert big_words(pdf.pages[0]) == "ENTWURF"


def test_a_bad_status_is_one_clear_line(tmp_path):
    content = pack_with(tmp_path, "status: drafty\n")
    result = run("check", "--content", content, code=1)
    line = len(PACK.splitlines()) + 1
    assert f"pack.yaml:{line}:9: status must be one of draft, final (found 'drafty')" in result.output
