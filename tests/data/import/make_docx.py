#!/usr/bin/env python3
"""Make the Word test files of tests/test_import_docx.py with real writers. The tests read the committed
.docx files; this script is only needed to remake them (it needs pandoc from pypandoc-binary, python-docx and
Pillow: `pip install -e ".[import-testdata]"`; run it from anywhere):

- footnotes-pandoc.docx: footnotes.md through pandoc 3 (Word footnotes; pandoc makes one footnote per call,
  as Word does: [^ilo] cited twice becomes two footnotes with the same text), with an image.
- endnotes-python-docx.docx: python-docx with hand-built endnotes and footnotes parts (both kinds in one
  document), heading styles, lists, a hyperlink, a quotation, and a note nothing cites.
- seed-endnotes.docx: the seed concept note (seed.md) as Word endnotes, one endnote per call (the second call
  of note 6 is its own endnote with the same text) and note 66 in the endnotes part without a call.
- nostyles.docx: no heading styles at all: bold and numbered pseudo-headings.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"


def pandoc_footnotes() -> None:
    import pypandoc

    Image.new("RGB", (40, 20), (30, 80, 160)).save(HERE / "pixel.png")
    pypandoc.convert_file(str(HERE / "footnotes.md"), "docx", outputfile=str(HERE / "footnotes-pandoc.docx"),
                          extra_args=[f"--resource-path={HERE}"])


class NotesWriter:
    """Hand-built footnotes.xml / endnotes.xml parts, related to the main document as Word relates them."""

    def __init__(self, document, kind: str):
        self.kind, self.document, self.notes = kind, document, []

    def reference(self, paragraph, text_runs) -> None:
        """A call at the end of ``paragraph`` to a new note with ``text_runs`` [(text, url or None)]."""
        note_id = len(self.notes) + 1
        self.notes.append((note_id, text_runs))
        self.call(paragraph, note_id)

    def call(self, paragraph, note_id: int) -> None:
        run = paragraph.add_run()
        rpr = OxmlElement("w:rPr")
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        rpr.append(align)
        run._r.append(rpr)
        ref = OxmlElement(f"w:{self.kind}Reference")
        ref.set(qn("w:id"), str(note_id))
        run._r.append(ref)

    def orphan(self, text_runs) -> None:
        """A note in the part that no call refers to (what deleting a call in some tools leaves)."""
        self.notes.append((len(self.notes) + 1, text_runs))

    def attach(self) -> None:
        kind = self.kind
        body = [f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
                f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
                f'</w:p></w:{kind}>']
        rels = []
        for note_id, runs in self.notes:
            xml_runs = []
            for text, url, *style in runs:
                props = {"i": "<w:i/>", "b": "<w:b/>", "sup": '<w:vertAlign w:val="superscript"/>'}.get(
                    style[0] if style else "", "")
                t = f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{_xml(text)}</w:t></w:r>'
                if url:
                    rid = f"rIdN{note_id}x{len(rels)}"
                    rels.append((rid, url))
                    t = f'<w:hyperlink r:id="{rid}">{t}</w:hyperlink>'
                xml_runs.append(t)
            body.append(f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                        f'<w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{"".join(xml_runs)}'
                        f'</w:p></w:{kind}>')
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s xmlns:w="{W_NS}" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
               f'{"".join(body)}</w:{kind}s>').encode()
        part = Part(PackURI(f"/word/{kind}s.xml"), NOTES_CT.format(kind=kind), xml, self.document.part.package)
        for rid, url in rels:
            part.rels.add_relationship(RT.HYPERLINK, url, rid, is_external=True)
        self.document.part.relate_to(part, RT.ENDNOTES if kind == "endnote" else RT.FOOTNOTES)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def add_hyperlink(paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def python_docx_endnotes() -> None:
    d = docx.Document()
    endnotes, footnotes = NotesWriter(d, "endnote"), NotesWriter(d, "footnote")
    d.add_paragraph("2nd Asia Forum on Water: Rivers Without Borders", style="Title")
    d.add_heading("Background", level=1)
    p = d.add_paragraph("Rivers cross borders")
    endnotes.reference(p, [("UNEP (2016), Transboundary River Basins, ", None),
                           ("https://www.unep.org/rivers", "https://www.unep.org/rivers")])
    p.add_run(" and so must ").italic = True
    p.add_run("cooperation").bold = True
    p.add_run(".")
    footnotes.reference(p, [("A footnote beside the endnotes.", None)])
    p = d.add_paragraph("Floods are the 1")
    p.add_run("st").font.superscript = True
    p.add_run(" risk named by ministers.")
    endnotes.reference(p, [("UNEP (2016), Transboundary River Basins, ", None),
                           ("https://www.unep.org/rivers", "https://www.unep.org/rivers")])
    p = d.add_paragraph("Read the ")
    add_hyperlink(p, "basin atlas", "https://example.org/atlas")
    p.add_run(" first.")
    d.add_paragraph("Water is a shared good.", style="Quote")
    d.add_heading("Data", level=2)
    d.add_paragraph("Gauges are sparse", style="List Bullet")
    d.add_paragraph("Models disagree", style="List Bullet")
    d.add_heading("Cross-cutting Questions", level=1)
    d.add_paragraph("Who owns river data?", style="List Number")
    p = d.add_paragraph("How is flood warning shared?", style="List Number")
    endnotes.reference(p, [("Kelly (2013), Early Warning, a review.", None)])
    d.add_heading("Working Group 1: Data Sharing", level=1)
    d.add_paragraph("What data should be open?", style="List Number")
    endnotes.orphan([("Smith (2001), A note nothing cites.", None)])
    endnotes.attach()
    footnotes.attach()
    d.save(HERE / "endnotes-python-docx.docx")


def nostyles() -> None:
    d = docx.Document()
    d.add_paragraph().add_run("Seminar on Coastal Cities").bold = True
    d.add_paragraph().add_run("Introduction").bold = True
    d.add_paragraph("Coastal cities face rising seas.")
    d.add_paragraph("2. Adaptation")
    d.add_paragraph("Sea walls are one answer, not the only one.")
    d.save(HERE / "nostyles.docx")


INLINE_RE = re.compile(r"(\x02[^\x03]*\x03|\*\*.+?\*\*|\*[^*]+?\*|\^[^^\s]+\^|<https?://[^>]+>|\[[^\]]*\]\([^)]+\))")


def seed_endnotes() -> None:
    """The seed as a Word author would have it: headings styled, notes as real endnotes, one per call."""
    from briefpack.importer import markdown

    source = markdown.read(HERE / "seed.md", "seed.md")
    d = docx.Document()
    endnotes = NotesWriter(d, "endnote")
    d.add_paragraph(source.title.replace("^th^", "th"), style="Title")
    called = set()
    for block in source.blocks:
        if block.kind == "heading":
            paragraph = d.add_heading("", level=block.level - 2)
            _runs(paragraph, block.text, source, endnotes, called)
        elif block.kind == "list":
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                _runs(d.add_paragraph(style=style), item, source, endnotes, called)
        else:
            for text in block.text.split("\n\n"):
                _runs(d.add_paragraph(), text, source, endnotes, called)
    for key, note in source.notes.items():
        if key not in called:
            endnotes.orphan(_note_runs(note.text))
    endnotes.attach()
    d.save(HERE / "seed-endnotes.docx")


def _runs(paragraph, text: str, source, endnotes: NotesWriter, called: set) -> None:
    for piece in INLINE_RE.split(text):
        if not piece:
            continue
        if piece.startswith("\x02"):
            key = piece[1:-1]
            called.add(key)
            endnotes.reference(paragraph, _note_runs(source.notes[key].text))
        elif piece.startswith("**"):
            _runs_styled(paragraph, piece[2:-2], bold=True)
        elif piece.startswith("*"):
            _runs_styled(paragraph, piece[1:-1], italic=True)
        elif piece.startswith("^"):
            paragraph.add_run(piece[1:-1]).font.superscript = True
        elif piece.startswith("<"):
            add_hyperlink(paragraph, piece[1:-1], piece[1:-1])
        elif piece.startswith("["):
            label, url = re.match(r"\[([^\]]*)\]\(([^)]+)\)", piece).groups()
            add_hyperlink(paragraph, label, url)
        else:
            paragraph.add_run(piece)


def _runs_styled(paragraph, text: str, **style) -> None:
    for piece in re.split(r"(\^[^^\s]+\^)", text):
        run = paragraph.add_run(piece[1:-1] if piece.startswith("^") else piece)
        run.font.superscript = piece.startswith("^") or None
        for name, value in style.items():
            setattr(run, name, value)


def _note_runs(text: str) -> list:
    runs = []
    for piece in INLINE_RE.split(text):
        if piece.startswith("*"):
            runs.append((piece.strip("*"), None, "i"))
        elif piece.startswith("^"):
            runs.append((piece[1:-1], None, "sup"))
        elif piece.startswith("<"):
            runs.append((piece[1:-1], piece[1:-1]))
        elif piece.startswith("["):
            label, url = re.match(r"\[([^\]]*)\]\(([^)]+)\)", piece).groups()
            runs.append((label, url))
        elif piece:
            runs.append((piece, None))
    return runs


if __name__ == "__main__":
    pandoc_footnotes()
    python_docx_endnotes()
    nostyles()
    seed_endnotes()
    print("wrote", ", ".join(sorted(p.name for p in HERE.glob("*.docx"))))
