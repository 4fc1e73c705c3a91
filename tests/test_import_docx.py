"""`briefpack import` of Word files made by real writers (tests/data/import/make_docx.py made them): pandoc's
footnotes, python-docx with hand-built endnote and footnote parts, a file without heading styles, and the seed
as a .docx with endnotes, which must import to the same pack as the seed as Markdown."""

from __future__ import annotations

import pytest

from .importhelpers import DATA, import_to, load, notes_by_number, numbered, outline


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("docx")

    def get(name: str):
        dest = root / name
        if not dest.exists():
            get.reports[name] = import_to(DATA / name, dest)
        return dest, get.reports[name]
    get.reports = {}
    return get


def test_pandoc_footnotes(imported):
    dest, report = imported("footnotes-pandoc.docx")
    pack, numbering, problems = load(dest)
    assert problems == []
    assert (pack.meta.ordinal.source, pack.meta.series.source, pack.meta.theme.source, pack.meta.year) == (
        "3^rd^", "Regional Dialogue on Migrant Workers", "Decent Work Across Borders", 2024)
    assert [(s.title.source, [c.title.source for c in s.sections]) for s in pack.sections] == [
        ("Introduction", ["Recruitment fees"])]
    body = " ".join(pack.sections[0].body[0].source.split())
    assert "The 21^st^ century has seen *more* people" in body and "The **first** dialogue" in body
    assert "> Migration is a fact of life" in pack.sections[0].body[0].source
    assert "[ILO’s portal](https://www.ilo.org/migration)" in body
    assert "![A map of the corridors](image-1.png)" in body
    assert (dest / "assets" / "image-1.png").read_bytes().startswith(b"\x89PNG")
    assert "- are often illegal;" in pack.sections[0].sections[0].body[0].source
    # pandoc, like Word, makes one footnote per call: the same text cited three times is one note
    assert [n.id for n in pack.notes] == ["ilo-2021", "kim-2007", "speech-opening-2nd"]
    assert "[^ilo-2021][^kim-2007]" in body and numbering.numbers["ilo-2021"] == 1
    assert [q.source.strip() for q in pack.cross_cutting][1] == "What role do employers play?[^kim-2007]"
    assert [(g.number, g.title.source, len(g.questions)) for g in pack.groups] == [
        (1, "Fair Recruitment", 2), (2, "Social Protection", 1)]
    assert report.counts["images"] == 1 and report.counts["notes"] == 3


def test_endnotes_and_footnotes_in_one_document(imported):
    dest, report = imported("endnotes-python-docx.docx")
    pack, numbering, problems = load(dest)
    body = " ".join(pack.sections[0].body[0].source.split())
    assert body.startswith("Rivers cross borders[^unep-2016] *and so must* **cooperation**.[^footnote-beside")
    assert "Floods are the 1^st^ risk named by ministers.[^unep-2016]" in body  # two endnotes, one text: one note
    assert "[basin atlas](https://example.org/atlas)" in body and "> Water is a shared good." in body
    notes = {n.id: n.text.source.strip() for n in pack.notes}
    assert notes["unep-2016"] == "UNEP (2016), Transboundary River Basins, <https://www.unep.org/rivers>"
    assert notes["footnote-beside-endnotes"] == "A footnote beside the endnotes."
    assert "smith-2001" in notes  # in the endnotes part without a call: kept, and reported
    # what the source does not state is to fill in; it is not a defect of the source
    assert [p.message.split(" (")[0] for p in report.placeholders] == [
        "'year' could not be told from the source: FILL IN: the year of the seminar"]
    assert [p.message.split(" (")[0] for p in report.problems] == [
        "endnote with id 4 of " + str(DATA / "endnotes-python-docx.docx") + " is cited nowhere"]
    assert sorted(p.message.split(" (")[0] for p in problems) == [
        "note 'smith-2001' is cited nowhere", "year must be a whole number from 1900 to 2999"]


def test_document_without_heading_styles(imported):
    dest, report = imported("nostyles.docx")
    pack, _, problems = load(dest)
    assert [s.title.source for s in pack.sections] == ["Introduction", "Adaptation"]
    assert pack.notes == ()  # no notes is fine: a pack without notes
    assert any("'Adaptation' (bold or numbered" in line for line in report.guessed)
    assert "series: Seminar on Coastal Cities" in (dest / "pack.yaml").read_text()


def test_seed_docx_with_endnotes_imports_to_the_same_pack_as_the_seed_markdown(imported, tmp_path):
    docx_dest, docx_report = imported("seed-endnotes.docx")
    markdown_dest = tmp_path / "md"
    import_to(DATA / "seed.md", markdown_dest)
    from_docx, from_markdown = load(docx_dest)[:2], load(markdown_dest)[:2]
    # Same sections, texts and questions, with citations read as the notes' texts (ids and numbers differ
    # where Word's one-note-per-call duplicates were merged).
    def cited_text(pack, numbering):
        texts = {numbering.numbers[n.id]: " ".join(n.text.source.split()) for n in pack.notes}
        rows = outline(pack, numbering) + [numbered(q.source, numbering) for q in pack.cross_cutting]
        rows += [(g.title.source, [numbered(q.source, numbering) for q in g.questions]) for g in pack.groups]
        return [_expand(str(row), texts) for row in rows]
    assert cited_text(*from_docx) == cited_text(*from_markdown)
    assert docx_dest.joinpath("pack.yaml").read_text().split("\n", 3)[3].replace("seed-endnotes.docx", "X") \
        == markdown_dest.joinpath("pack.yaml").read_text().split("\n", 3)[3].replace("seed.md", "X")
    markdown_notes = set(notes_by_number(*from_markdown).values())
    docx_notes = set(notes_by_number(*from_docx).values())
    assert docx_notes == markdown_notes
    assert len(from_docx[0].notes) == 64  # notes 36 = 18 and 53 = 45 have the same text: Word's duplicates
    assert sum("same text" in line for line in docx_report.guessed) == 3


def _expand(text: str, notes: dict) -> str:
    import re

    return re.sub(r"\[(\d+)\]", lambda m: f"[{notes[int(m.group(1))][:60]}]", text)


def test_cross_reference_to_a_note_is_a_second_call(tmp_path):
    """Word's "Insert > Cross-reference > Endnote number (formatted)" leaves a superscript number, not a call."""
    import zipfile

    source = DATA / "endnotes-python-docx.docx"
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    superscript = b'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>%s</w:t></w:r>'
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:t>What data should be open?</w:t></w:r>",
        b"<w:t>What data should be open?</w:t></w:r>" + superscript % b"3" + b"<w:r><w:t> Is x</w:t></w:r>"
        + superscript % b"9" + b"<w:r><w:t> big?</w:t></w:r>")
    path = tmp_path / "crossref.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    report = import_to(path, tmp_path / "pack")
    pack, _, _ = load(tmp_path / "pack")
    question = " ".join(pack.groups[0].questions[0].source.split())
    assert question == "What data should be open?[^kelly-2013] Is x^9^ big?"  # endnote 3 cited again; x⁹ stays
    assert any("superscript 3 was read as a second call of endnote 3" in line for line in report.guessed)
