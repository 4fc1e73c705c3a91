"""Each document read back from its PDF: text, links, bookmarks, metadata, fonts, margins, manifest."""

from __future__ import annotations

import hashlib
import json
import re

import pypdf
import pytest

from briefpack.content import markdown as markup

from . import pdfcheck

SHIPPED_FONTS = {"Charis-SIL", "Charis-SIL-Italic", "Charis-SIL-Bold", "Charis-SIL-Bold-Italic",
                 "Inter", "Inter-Italic", "Inter-Semi-Bold", "Inter-Bold"}

ALL_DEFAULT = ["concept-note", "endnotes", "handout-prevention", "handout-protection", "handout-justice",
               "handout-cooperation"]


def squash(text: str) -> str:
    """Letters and digits only: immune to line breaks, hyphenation and spacing."""
    return re.sub(r"[\W_]+", "", text.lower())


def contains(pdf_text: str, source: str) -> bool:
    """The start and end of a Markdown text appear in the PDF text (digits aside: citation numbers)."""
    plain = re.sub(r"\d", "", squash(markup.parse(source, True).plain))
    squashed = re.sub(r"\d", "", squash(pdf_text))
    return plain[:60] in squashed and plain[-40:] in squashed


def test_default_build_writes_six_pdfs_and_a_manifest(default_build):
    out, records = default_build
    manifest = json.loads((out / "manifest.json").read_text())
    paths = sorted(entry["path"] for entry in manifest["outputs"])
    assert paths == ["concept-note.pdf", "endnotes.pdf", "handout-cooperation.pdf", "handout-justice.pdf",
                     "handout-prevention.pdf", "handout-protection.pdf", "snapshot.json"]
    for entry in manifest["outputs"][:-1]:  # the PDFs; the snapshot is checked in tests/test_revisions.py
        data = (out / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == len(pypdf.PdfReader(out / entry["path"]).pages)
        assert entry["edition"] == "screen"
        assert entry["kind"] in ("concept-note", "handout", "endnotes")
        assert (entry["group"] is None) == (entry["kind"] != "handout")


def test_concept_note_text_structure_and_metadata(default_build, default_loaded):
    out, _ = default_build
    pdf = out / "concept-note.pdf"
    text = pdfcheck.text(pdf)
    pack = default_loaded.pack
    for section in pack.sections:
        for block in section.body:
            if hasattr(block, "source"):
                assert contains(text, block.source), block.source[:60]
    for group in pack.groups:
        for question in group.questions:
            assert contains(text, question.source)
    outline = pdfcheck.outline_titles(pdf)
    assert outline[:3] == ["15th Informal ASEM Seminar on Human Rights: Human Rights and Trafficking in Persons",
                           "Introduction", "Background"]
    assert "Europe" in outline and "Working Group 3: Access to Justice" in outline and outline[-1] == "Endnotes"
    reader = pypdf.PdfReader(pdf)
    meta = reader.metadata
    assert meta.title == ("15th Informal ASEM Seminar on Human Rights: Human Rights and Trafficking in Persons"
                          " — Concept Note")
    assert meta.author.startswith("Asia-Europe Foundation (ASEF); Raoul Wallenberg Institute")
    assert meta.subject == "Human Rights and Trafficking in Persons, Concept Note"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_concept_note_citations_link_both_ways(default_build):
    pdf = default_build[0] / "concept-note.pdf"
    links = pdfcheck.link_annotations(pdf)
    to_notes = {link["dest"] for link in links if link["dest"] and link["dest"].startswith("note-")}
    assert to_notes == {f"note-{n}" for n in range(1, 67)}
    back = {link["dest"] for link in links if link["dest"] and link["dest"].startswith("call-")}
    assert back == {f"call-{n}" for n in range(1, 67)}
    destinations = pdfcheck.destinations(pdf)
    assert {f"note-{n}" for n in range(1, 67)} <= destinations
    assert {f"call-{n}" for n in range(1, 67)} <= destinations
    assert all(link["height"] > 3 for link in links), "every link must be clickable"
    uris = {link["uri"] for link in links if link["uri"]}
    assert "http://www.ilo.org/global/about-the-ilo/newsroom/news/WCMS_243201/lang--en/index.htm" in uris
    assert ("http://ec.europa.eu/anti-trafficking/legislation-and-case-law/eu-legislation/into/"
            "EU%20Legislation_en") in uris
    assert len(uris) == 38


def test_endnotes_follow_the_text_with_grouped_calls(default_build):
    words = pdfcheck.words(default_build[0] / "concept-note.pdf")
    assert "overlooked.34,35" in words
    assert "Endnotes 1 ILO 2014, http://www.ilo.org/" in words


@pytest.mark.parametrize("name", ALL_DEFAULT)
def test_fonts_are_shipped_embedded_and_margins_respected(default_build, name):
    pdf = default_build[0] / f"{name}.pdf"
    assert pdfcheck.font_names(pdf) <= SHIPPED_FONTS
    assert pdfcheck.embedded(pdf)
    assert pdfcheck.min_edge_distance_mm(pdf) >= 10


def test_each_handout_holds_exactly_its_groups_questions(default_build, default_loaded):
    out, _ = default_build
    pack = default_loaded.pack
    for group in pack.groups:
        text = pdfcheck.text(out / f"handout-{group.id}.pdf")
        assert squash(f"Working Group {group.number}") in squash(text)
        for question in group.questions:
            assert contains(text, question.source)
        for question in pack.cross_cutting:
            assert contains(text, question.source)
        shared = {q.source for q in group.questions} | {q.source for q in pack.cross_cutting}
        for other in pack.groups:
            for question in other.questions:
                if other.id != group.id and question.source not in shared:
                    assert not contains(text, question.source), (group.id, question.source[:50])


def test_handouts_print_only_the_notes_they_cite(default_build):
    out, _ = default_build
    justice = pdfcheck.text(out / "handout-justice.pdf")
    assert "Focus on Labour Exploitation CIC (2014)" in justice
    assert "ILO 2014" not in justice
    links = pdfcheck.link_annotations(out / "handout-justice.pdf")
    assert {link["dest"] for link in links if link["dest"]} == {"note-66", "call-66"}
    prevention = pdfcheck.text(out / "handout-prevention.pdf")
    assert "Endnotes" not in prevention and "Focus on Labour" not in prevention


def test_endnotes_appendix_numbers_and_places(default_build):
    pdf = default_build[0] / "endnotes.pdf"
    words = pdfcheck.words(pdf)
    assert words.count("Cited in:") == 66
    assert "Cited in: Working Group 3, question 2" in words
    assert "Cited in: Introduction" in words
    assert "Focus on Labour Exploitation CIC (2014)" in words
    uris = {link["uri"] for link in pdfcheck.link_annotations(pdf) if link["uri"]}
    assert len(uris) == 38


def test_small_pack_has_its_own_shape(small_build):
    out, records = small_build
    assert sorted(r.path for r in records) == ["concept-note.pdf", "endnotes.pdf", "handout-data-sharing.pdf",
                                               "handout-disputes.pdf", "snapshot.json"]
    concept = pdfcheck.words(out / "concept-note.pdf")
    assert "Treaties lag behind2,1" in concept
    assert "1. Data Sharing" in concept and "2. Dispute Settlement" in concept  # labelled as the groups are
    assert "Panel 2: Dispute Settlement" in concept
    disputes = pdfcheck.words(out / "handout-disputes.pdf")
    assert "When do commissions work?3" in disputes
    assert "A study of river commissions" in disputes and "Treaty database" not in disputes
    assert "Read the questions before the session.1" in disputes and "Basin report" in disputes
    assert len(pypdf.PdfReader(out / "handout-disputes.pdf").pages) == 1
    assert pypdf.PdfReader(out / "concept-note.pdf").trailer["/Root"]["/Lang"] == "en-US"
    for record in (r for r in records if r.path.endswith(".pdf")):
        assert pdfcheck.min_edge_distance_mm(out / record.path) >= 10


@pytest.mark.parametrize("name", ALL_DEFAULT)
def test_no_heading_is_stranded_at_a_page_foot(default_build, name):
    assert pdfcheck.stranded_headings(default_build[0] / f"{name}.pdf") == []


def test_stranded_heading_detector_detects(tmp_path):
    """The check above can fail: a heading forced to the foot of a page is found."""
    import weasyprint

    html = ("<style>@page{size:A4;margin:25mm 22mm 24mm 22mm} h2{font:600 13pt Inter;margin:0}"
            "@font-face{font-family:Inter;font-weight:600;src:url(fonts/inter/Inter-SemiBold.otf)}"
            "div{height:225mm}</style><div></div><h2>Alone at the foot</h2><p style='break-before:page'>x</p>")
    pdf = tmp_path / "stranded.pdf"
    weasyprint.HTML(string=html, base_url=str(pdfcheck_styles()) + "/").write_pdf(pdf)
    assert pdfcheck.stranded_headings(pdf) == [(1, "Alone at the foot")]


def test_margin_check_refuses_a_pdf_without_text(tmp_path):
    """The margin check can fail: a PDF with no text has no distance to measure, not an infinite one."""
    import weasyprint

    pdf = tmp_path / "empty.pdf"
    weasyprint.HTML(string="<style>@page{size:A4}</style><div></div>").write_pdf(pdf)
    with pytest.raises(AssertionError, match="no text on any page"):
        pdfcheck.min_edge_distance_mm(pdf)


def pdfcheck_styles():
    from briefpack.content.paths import PROJECT_ROOT
    return PROJECT_ROOT / "styles"


def test_long_unbreakable_words_stay_inside_the_margins(tmp_path):
    from briefpack.build import pipeline

    from .conftest import write_pack

    token = "ARCHIVE-REFERENCE_" + "X" * 160
    folder = write_pack(tmp_path / "c", concept_note="sections:\n  - id: p\n    title: P\n    body: |\n"
                        f"      See {token} and <https://example.org/{'y' * 150}>.\n"
                        "      [^basin-report][^treaty-db][^commission-study]\n")
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=("concept-note",), editions=("screen", "print")))
    for path in (out / "concept-note.pdf", out / "print/concept-note.pdf"):
        assert pdfcheck.min_edge_distance_mm(path) >= 10
