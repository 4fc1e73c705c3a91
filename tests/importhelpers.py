"""Helpers of the import tests: import into a temporary folder, load the result with the pack's own loader, and
compare packs by their text with citations replaced by note numbers (ids differ, numbers must not)."""

from __future__ import annotations

import re
from pathlib import Path

from briefpack.content.read_pack import load_pack
from briefpack.importer.run import run
from briefpack.text import numbering as citations

DATA = Path(__file__).parent / "data" / "import"


def import_to(source: Path, dest: Path, **kw):
    return run(source, dest, **kw)


def load(folder: Path):
    pack, problems, broken = load_pack(folder)
    numbering = citations.number_notes(pack)
    errors, warnings = citations.lint(pack, numbering, folder / "assets")
    return pack, numbering, problems.items + errors + warnings


def numbered(text: str, numbering) -> str:
    """Markdown with [^id] replaced by [N], whitespace collapsed within paragraphs (kept as ¶ between them):
    comparable across packs."""
    text = re.sub(r"\[\^([a-z0-9-]+)\]", lambda m: f"[{numbering.numbers.get(m.group(1), '?')}]", text)
    return " ¶ ".join(" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", text.strip()))


def outline(pack, numbering) -> list:
    """(depth, title, body texts) of every section, in reading order."""
    rows = []

    def walk(sections, depth):
        for section in sections:
            body = tuple(numbered(b.source, numbering) if hasattr(b, "source") else f"insert:{b.name}"
                         for b in section.body)
            rows.append((depth, section.title.source, body))
            walk(section.sections, depth + 1)
    walk(pack.sections, 1)
    return rows


def notes_by_number(pack, numbering) -> dict:
    return {numbering.numbers[n.id]: " ".join(n.text.source.split()) for n in pack.notes}


WORD_TEMPLATE = DATA / "endnotes-python-docx.docx"
NOTE_SOURCES = ("UNEP", "Kelly", "ILO", "Smith and Jones", "World Bank", "OECD", "Nguyen", "Global Slavery Index")


def note_text(n: int) -> str:
    """A citation as organisers write them: an author or organisation, a year, a title, sometimes an address."""
    source = NOTE_SOURCES[n % len(NOTE_SOURCES)]
    return f"{source} ({1990 + n % 30}), Report number {n} on rivers, chapter {n % 7}, https://example.org/r/{n}"


def many_notes_markdown(path: Path, count: int) -> Path:
    """A concept note citing ``count`` footnotes, ten calls to a paragraph."""
    lines = ["# 3rd Forum on Rivers: Water Without Borders", "", "## Background", ""]
    for start in range(1, count + 1, 10):
        lines += [" ".join(f"Sentence {n} cites a source.[^{n}]" for n in range(start, min(start + 10, count + 1))),
                  ""]
    lines += ["## Working Group 1: Data", "", "1. What data should be open?", ""]
    lines += [f"[^{n}]: {note_text(n)}" for n in range(1, count + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def many_notes_docx(path: Path, count: int) -> Path:
    """A Word file citing ``count`` endnotes, ten calls to a paragraph: the committed python-docx file with its
    body and endnotes parts rewritten."""
    import zipfile
    from xml.sax.saxutils import escape

    call = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="{}"/></w:r>'
    para = '<w:p>{}</w:p>'
    styled = '<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>'
    body = [styled.format("Title", "3rd Forum on Rivers: Water Without Borders"),
            styled.format("Heading1", "Background")]
    for start in range(1, count + 1, 10):
        runs = "".join(f'<w:r><w:t xml:space="preserve"> Sentence {n} cites a source.</w:t></w:r>{call.format(n)}'
                       for n in range(start, min(start + 10, count + 1)))
        body.append(para.format(runs))
    body += [styled.format("Heading1", "Working Group 1: Data"),
             styled.format("ListNumber", "What data should be open?")]
    with zipfile.ZipFile(WORD_TEMPLATE) as old:
        document = old.read("word/document.xml").decode()
        endnotes = old.read("word/endnotes.xml").decode()
        head = document[: document.index("<w:body>") + len("<w:body>")]
        tail = document[document.index("<w:sectPr"):]
        notes_head = endnotes[: endnotes.index('<w:endnote w:id="1">')]
        notes = "".join(f'<w:endnote w:id="{n}"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
                        f'{escape(note_text(n))}</w:t></w:r></w:p></w:endnote>' for n in range(1, count + 1))
        replaced = {"word/document.xml": head + "".join(body) + tail,
                    "word/endnotes.xml": notes_head + notes + "</w:endnotes>",
                    "word/_rels/endnotes.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                new.writestr(info.filename, replaced.get(info.filename) or old.read(info.filename))
    return path
