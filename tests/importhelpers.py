"""Helpers of the import tests: import into a temporary folder, load the result with the pack's own loader, and
compare packs by their text with citations replaced by note numbers (ids differ, numbers must not)."""

from __future__ import annotations

import re
from pathlib import Path

from briefpack.content.read_pack import load_pack
from briefpack.importer.run import run
from briefpack.kinds.builtin import builtin_registry
from briefpack.text import numbering as citations

DATA = Path(__file__).parent / "data" / "import"


def import_to(source: Path, dest: Path, **kw):
    return run(source, dest, **kw)


def load(folder: Path):
    pack, problems, broken = load_pack(folder, builtin_registry().pack_fields())
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


# ---- Word files written the way organisers write them, built from raw WordprocessingML ----------------------------
# python-docx cannot write notes, comments, tracked changes or language tags: the parts are written here, on the
# committed python-docx file's package (its styles, numbering and content types).

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
INLINE_MARKUP = re.compile(r"(\*\*\*[^*]+\*\*\*|\*\*(?:[^*]|\*[^*]+\*)+\*\*|\*[^*]+\*|\[\^\d+\]|\^[^^\s\[\]]+\^"
                           r"|\{\+[^}]*\+\}|\{-[^}]*-\}|\[[^\]^][^\]]*\]\(https?://[^)\s]+\)|<https?://[^>\s]+>)")
LINK_MARKUP = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _x(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class WordDoc:
    """A .docx made paragraph by paragraph. In a paragraph's text: **bold**, *italic*, ***both***, ^sup^, [^N] calls
    endnote N (see ``note``), {+text+} is a tracked insertion and {-text-} a tracked deletion (by ``reviewer``)."""

    def __init__(self, lang: str = "en-GB", reviewer: str = "Anna Reviewer"):
        self.lang, self.reviewer = lang, reviewer
        self.body: list[str] = []
        self.notes: dict[int, str] = {}
        self.comments: list[tuple[str, str]] = []
        self.changes = 0
        self.links: dict[str, list[tuple[str, str]]] = {"document": [], "endnotes": []}  # part -> (id, address)
        self.part = "document"

    def note(self, number: int, text: str) -> None:
        self.notes[number] = text

    def _runs(self, text: str, bold: bool = False, italic: bool = False, lang: str | None = None) -> str:
        runs = []
        for piece in INLINE_MARKUP.split(text):
            if not piece:
                continue
            b, i, body = bold, italic, piece
            if piece.startswith("[^"):
                runs.append(f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                            f'<w:endnoteReference w:id="{piece[2:-1]}"/></w:r>')
                continue
            if piece.startswith(("{+", "{-")):
                self.changes += 1
                tag, t = ("ins", "t") if piece[1] == "+" else ("del", "delText")
                runs.append(f'<w:{tag} w:id="{100 + self.changes}" w:author="{_x(self.reviewer)}" '
                            f'w:date="2027-01-05T10:00:00Z"><w:r><w:{t} xml:space="preserve">{_x(piece[2:-2])}'
                            f'</w:{t}></w:r></w:{tag}>')
                continue
            link = LINK_MARKUP.fullmatch(piece)
            if link:
                rid = f"rIdL{len(self.links[self.part]) + 1}"
                self.links[self.part].append((rid, link.group(2) or link.group(3)))
                label = link.group(1) if link.group(2) else link.group(3)
                runs.append(f'<w:hyperlink r:id="{rid}">{self._runs(label, bold, italic, lang)}</w:hyperlink>')
                continue
            if piece.startswith("^"):
                runs.append(f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>{_x(piece[1:-1])}</w:t></w:r>')
                continue
            if piece.startswith("***"):
                runs.append(self._runs(piece[3:-3], True, True, lang))
                continue
            if piece.startswith("**"):
                runs.append(self._runs(piece[2:-2], True, italic, lang))
                continue
            if piece.startswith("*"):
                runs.append(self._runs(piece[1:-1], bold, True, lang))
                continue
            props = ("<w:b/>" if b else "") + ("<w:i/>" if i else "") + f'<w:lang w:val="{lang or self.lang}"/>'
            runs.append(f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{_x(body)}</w:t></w:r>')
        return "".join(runs)

    def p(self, text: str = "", style: str | None = None, bold: bool = False, italic: bool = False,
          indent: int | None = None, outline: int | None = None, comment: tuple[str, str] | None = None,
          lang: str | None = None) -> WordDoc:
        props = f'<w:pStyle w:val="{style}"/>' if style else ""
        props += f'<w:ind w:left="{indent}" w:right="{indent}"/>' if indent else ""
        props += f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
        runs = self._runs(text, bold, italic, lang)
        if comment:
            number = len(self.comments)
            self.comments.append(comment)
            runs = (f'<w:commentRangeStart w:id="{number}"/>{runs}<w:commentRangeEnd w:id="{number}"/>'
                    f'<w:r><w:commentReference w:id="{number}"/></w:r>')
        self.body.append(f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>")
        return self

    def table(self, rows: list[list[str]], bold_header: bool = True) -> WordDoc:
        xml = ["<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>"]
        for n, row in enumerate(rows):
            cells = "".join(f"<w:tc><w:p>{self._runs(cell, bold=bold_header and n == 0)}</w:p></w:tc>" for cell in row)
            xml.append(f"<w:tr>{cells}</w:tr>")
        self.body.append("".join(xml) + "</w:tbl>")
        return self

    def save(self, path: Path) -> Path:
        import zipfile

        with zipfile.ZipFile(WORD_TEMPLATE) as old:
            document = old.read("word/document.xml").decode()
            endnotes = old.read("word/endnotes.xml").decode()
            head = document[: document.index("<w:body>") + len("<w:body>")]
            tail = document[document.index("<w:sectPr"):]
            notes_head = endnotes[: endnotes.index('<w:endnote w:id="1">')]
            self.part = "endnotes"
            notes = "".join(f'<w:endnote w:id="{n}"><w:p><w:r><w:endnoteRef/></w:r>{self._runs(" " + text)}</w:p>'
                            "</w:endnote>" for n, text in sorted(self.notes.items()))
            parts = {name: old.read(name) for name in old.namelist()}
        parts["word/document.xml"] = (head + "".join(self.body) + tail).encode()
        parts["word/endnotes.xml"] = (notes_head + notes + "</w:endnotes>").encode()
        parts["word/footnotes.xml"] = parts["word/footnotes.xml"].split(b'<w:footnote w:id="1"')[0] + b"</w:footnotes>"
        self.part = "document"
        rels = {part: "".join(f'<Relationship Id="{rid}" Type="{HYPERLINK_REL}" Target="{_x(url)}" '
                              'TargetMode="External"/>' for rid, url in links) for part, links in self.links.items()}
        parts["word/_rels/endnotes.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels["endnotes"]}</Relationships>'
        ).encode()
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", rels["document"].encode() + b"</Relationships>")
        if self.comments:
            body = "".join(f'<w:comment w:id="{n}" w:author="{_x(author)}" w:date="2027-01-05T10:00:00Z">'
                           f'<w:p><w:r><w:t xml:space="preserve">{_x(words)}</w:t></w:r></w:p></w:comment>'
                           for n, (author, words) in enumerate(self.comments))
            parts["word/comments.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                          f'<w:comments xmlns:w="{W_NS}">{body}</w:comments>').encode()
            parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
                b"</Types>",
                f'<Override PartName="/word/comments.xml" ContentType="{COMMENTS_TYPE}"/></Types>'.encode())
            parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
                b"</Relationships>", f'<Relationship Id="rIdC1" Type="{COMMENTS_REL}" Target="comments.xml"/>'
                                     "</Relationships>".encode())
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
            for name, data in parts.items():
                new.writestr(name, data)
        return path




def _word_text(text: str) -> str:
    """Pack Markdown as a Word author typed it, in WordDoc's markup: calls as [^N], escapes dropped."""
    from briefpack.importer.document import CALL_RE

    text = text.replace("\\", "")
    return CALL_RE.sub(lambda m: f"[^{m.group(1)}]", text)


def seed_docx(path: Path, headings: str = "bold") -> Path:
    """The seed concept note as organisers write it in Word: headings as bold Normal paragraphs (sub-headings bold
    and italic) when ``headings`` is "bold", or heading styles whose runs are bold too ("styled-bold"); questions
    numbered; the notes as Word endnotes, and an "ENDNOTES" heading left at the end with nothing under it."""
    from briefpack.importer import markdown

    source = markdown.read(DATA / "seed.md", "seed.md")
    doc = WordDoc()
    doc.p(source.title, bold=True, style="Title" if headings != "bold" else None)
    for block in source.blocks:
        if block.role == "heading":
            title = _word_text(block.text)
            if headings == "bold":
                doc.p(title, bold=True, italic=block.level > 3)
            else:
                doc.p(title, style=f"Heading{block.level - 2}", bold=True)
        elif block.role == "list":
            for item in block.items:
                doc.p(_word_text(item), style="ListNumber" if block.ordered else "ListBullet")
        elif block.role == "quote":
            doc.p(_word_text(block.text), style="Quote")
        else:
            for text in block.text.split("\n\n"):
                doc.p(_word_text(text))
    doc.p("ENDNOTES", bold=True, style="Heading1" if headings != "bold" else None)
    for key, note in source.notes.items():
        doc.note(int(key), _word_text(note.text))
    return doc.save(path)
