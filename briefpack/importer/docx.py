"""Read a Word .docx: mammoth turns it into simple HTML (headings by style, lists, emphasis, links, images, and
both footnotes and endnotes); lxml walks that HTML into blocks of pack Markdown. The package is checked first
(package.py), so mammoth only ever sees a well-formed, size-checked file without external references."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import mammoth
from lxml import html as lxml_html
from PIL import Image as PILImage

from ..content.images import MAX_PIXELS  # the one limit, for imported and built images alike
from ..errors import Loc, Problem, SourceError
from . import wordxml
from .document import CALL_CLOSE, CALL_OPEN, Block, Changes, Image, SourceDocument, SourceNote, call
from .headings import is_bold, plain_heading, pseudo_headings, take_title
from .package import MAX_IMAGE_BYTES, Package, PackageError, open_docx
from .wordxml import WordFacts
from .writer import squash

STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
"""  # wordxml adds lines for the styles it gave paragraphs (only those used: each line costs every paragraph)
CROSS_REFERENCE = "cross-reference-"
NOTE_ID_RE = re.compile(r"^#(footnote|endnote)-(-?\d+)$")
MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_\[\]<^])")
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(path: Path, name: str, changes: Changes = "accept") -> SourceDocument:
    try:
        package = open_docx(path, name)
    except PackageError as exc:
        raise SourceError(exc.problems) from None
    doc = SourceDocument(name=name, title=None, blocks=[], notes={}, unit="paragraph", merge_identical_notes=True)
    facts = wordxml.read(package, name, changes)
    doc.word_languages = facts.languages
    doc.guessed.extend(f"{name}: {line}" for line in facts.marked)
    html = _mammoth_html(package, facts, doc)
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    reader = _HtmlReader(doc)
    reader.walk(root)
    reader.resolve_cross_references()
    for number, block in enumerate(doc.blocks, 1):
        block.line = number
    _unreferenced_notes(package, doc)
    _report_revisions(facts, doc, changes)
    pseudo_headings(doc)
    take_title(doc)
    return doc


def _mammoth_html(package: Package, facts: WordFacts, doc: SourceDocument) -> str:
    images: list[Image] = []

    def convert_image(image: Any) -> dict[str, str]:  # Any: mammoth is untyped
        return _save_image(image, images, doc.name)

    style_map = "\n".join([STYLE_MAP, *facts.style_map])
    try:
        result = mammoth.convert_to_html(io.BytesIO(facts.data), style_map=style_map,
                                         include_embedded_style_map=False, external_file_access=False,
                                         convert_image=mammoth.images.img_element(convert_image))
    except SourceError:
        raise
    except Exception as exc:  # the package passed its checks: what mammoth cannot read is a malformed document
        raise SourceError([Problem(Loc(doc.name), f"the Word document cannot be read ({type(exc).__name__}: "
                                                  f"{exc}; expected a .docx saved by Word or LibreOffice)")]) from None
    doc.images = images
    for message in result.messages:
        if "Unrecognised" not in message.message:  # unknown styles read as plain paragraphs: not worth a line
            doc.attention.append(f"{doc.name}: {message.message}")
    return str(result.value)


def _save_image(image: Any, images: list[Image], name: str) -> dict[str, str]:
    kind = IMAGE_TYPES.get(image.content_type)
    with image.open() as stream:
        data = stream.read(MAX_IMAGE_BYTES + 1)
    if kind is None:
        raise SourceError([Problem(Loc(name), f"an image is of type {image.content_type} (expected PNG, JPEG or "
                                              "GIF: convert it in Word)")])
    if len(data) > MAX_IMAGE_BYTES:
        raise SourceError([Problem(Loc(name), f"an image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")])
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            width, height = picture.size
    except (OSError, PILImage.DecompressionBombError) as exc:
        raise SourceError([Problem(Loc(name), f"an image cannot be read ({exc})")]) from None
    if width * height > MAX_PIXELS:
        raise SourceError([Problem(Loc(name), f"an image is {width}×{height} pixels (expected at most "
                                              f"{MAX_PIXELS // 1_000_000} million pixels)")])
    filename = f"image-{len(images) + 1}.{kind}"
    images.append(Image(filename, data))
    return {"src": filename, "alt": image.alt_text or ""}


class _HtmlReader:
    """Walks mammoth's HTML: blocks into ``doc.blocks``, the notes list at the end into ``doc.notes``."""

    def __init__(self, doc: SourceDocument):
        self.doc = doc
        self.referenced: dict[str, int] = {}  # note key -> Word's number for it (order of first call, per kind)
        self.called: Counter[str] = Counter()  # notes called so far, per kind: the next number of each kind

    def walk(self, root: Any) -> None:
        for element in root:
            if element.tag == "ol" and len(element) and str(element[0].get("id", "")).startswith(
                    ("footnote-", "endnote-")):
                self._notes(element)
            else:
                self._block(element)

    def _block(self, element: Any) -> None:
        tag = element.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            block = Block("heading", plain_heading(self.inline(element)), level=int(tag[1]))
            if "title" in (element.get("class") or ""):
                block.level = 0
            if block.text:
                self.doc.blocks.append(block)
        elif tag == "p":
            text = self.inline(element).strip(" ")
            role = "subtitle" if "subtitle" in (element.get("class") or "") else "paragraph"
            if text.strip():
                self.doc.blocks.append(Block(role, plain_heading(text) if role == "subtitle" else text))
        elif tag in ("ul", "ol"):
            self.doc.blocks.append(Block("list", items=self._items(element), ordered=tag == "ol"))
        elif tag == "blockquote":
            paragraphs = [self.inline(p).strip() for p in element.iter("p")]
            self.doc.blocks.append(Block("quote", "\n\n".join(p for p in paragraphs if p)))
        elif tag == "table":
            self._table(element)
        else:
            self._block_children(element)

    def _block_children(self, element: Any) -> None:
        if len(element) and all(child.tag in ("p", "ul", "ol", "table", "blockquote") for child in element):
            for child in element:
                self._block(child)
        else:
            text = self.inline(element).strip()
            if text:
                self.doc.blocks.append(Block("paragraph", text))

    def _table(self, element: Any) -> None:
        """A table as a GFM table, one line a row. Its header row is the row of th cells or a wholly bold first
        row, its emphasis dropped; GFM has no table without a header, so otherwise the first row is the header
        and the report says so. Never headings: a bold header cell is not a section."""
        rows: list[list[str]] = []
        marked = False  # the first row is a header in the source (th cells, or every cell bold)
        for row in element.iter("tr"):
            cells = [cell for cell in row if cell.tag in ("td", "th")]
            texts = [_cell_text(" ".join(self.inline(p).strip() for p in cell.iter("p")) or self.inline(cell).strip())
                     for cell in cells]
            if not any(texts):
                continue
            if not rows:
                filled = [text for text in texts if text]
                marked = all(cell.tag == "th" for cell in cells) or all(is_bold(text) for text in filled)
                if marked:
                    texts = [plain_heading(text) for text in texts]
            rows.append(texts)
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = [_table_row(rows[0]), "|" + "|".join(["---"] * width) + "|", *(_table_row(row) for row in rows[1:])]
        self.doc.blocks.append(Block("paragraph", "\n".join(lines)))
        header = " | ".join(rows[0])
        self.doc.attention.append(
            f"{self.doc.name}: a table ({len(rows) - 1} rows under the header '{header}') was imported as a table"
            + ("" if marked else " (its first row was not marked as a header: it became the header, as a table "
                                  "needs one; check it)"))

    def _items(self, element: Any) -> list[str]:
        items = []
        for li in element.findall("li"):
            nested = [child for child in li if child.tag in ("ul", "ol")]
            for child in nested:
                li.remove(child)
            items.append(self.inline(li).strip())
            for child in nested:
                items.extend(self._items(child))
        return items

    def _notes(self, element: Any) -> None:
        for li in element.findall("li"):
            key = li.get("id")
            if key in self.doc.notes:
                continue  # mammoth lists a note once per call
            for back in li.iter("a"):
                if str(back.get("href", "")).startswith(("#footnote-ref-", "#endnote-ref-")):
                    back.drop_tree()
            text = " ".join(self.inline(p).strip() for p in li.iter("p")) or self.inline(li).strip()
            kind, _, number = key.partition("-")
            label = f"{kind} {self.referenced.get(key, number)}"
            self.doc.notes[key] = SourceNote(key, label, squash(text))

    def inline(self, element: Any) -> str:
        parts = [_escape(element.text or "")]
        for child in element:
            parts.append(self._inline_element(child))
            parts.append(_escape(child.tail or ""))
        return "".join(parts)

    def _inline_element(self, child: Any) -> str:
        tag = child.tag
        if tag == "sup":
            return self._superscript(child)
        if tag in ("em", "i", "strong", "b"):
            return _wrap(self.inline(child), "*" if tag in ("em", "i") else "**")
        if tag == "a":
            return self._link(child)
        if tag == "img":
            return f"![{_escape(child.get('alt', ''))}]({child.get('src')})"
        if tag == "br":
            return " "
        return self.inline(child)

    def _superscript(self, child: Any) -> str:
        """A note call (mammoth nests a call styled superscript, and groups adjacent calls, in one <sup>), or a
        superscript such as the "st" of 21st."""
        calls = []
        for link in child.iter("a"):
            match = NOTE_ID_RE.match(link.get("href", ""))
            if match:
                key, kind = f"{match.group(1)}-{match.group(2)}", match.group(1)
                if key not in self.referenced:
                    self.called[kind] += 1
                    self.referenced[key] = self.called[kind]
                calls.append(call(key))
        if calls:
            return "".join(calls)
        text = self.inline(child).strip()
        if re.fullmatch(r"\d+(?:,\s*\d+)*", text):  # perhaps a cross-reference to a note's number: see below
            return "".join(call(f"{CROSS_REFERENCE}{n.strip()}") for n in text.split(","))
        return f"^{text}^" if text and " " not in text else text

    def resolve_cross_references(self) -> None:
        """A superscript number that is a note's number is a second call of that note: what Word's
        cross-reference to a note ("Insert > Cross-reference > Endnote number (formatted)") leaves. Other
        superscript numbers stay superscripts."""
        kinds = {key.split("-")[0] for key in self.referenced}
        numbers = {n: key for key, n in self.referenced.items() if len(kinds) == 1 or key.startswith("endnote")}

        def resolve(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if number in numbers:
                self.doc.guessed.append(f"{self.doc.name}: a superscript {number} was read as a second call of "
                                        f"{numbers[number].replace('-', ' ')} (a cross-reference to the note)")
                return call(numbers[number])
            return f"^{number}^"

        pattern = re.compile(f"{CALL_OPEN}{CROSS_REFERENCE}(\\d+){CALL_CLOSE}")
        for block in self.doc.blocks:
            block.text = pattern.sub(resolve, block.text)
            block.items = [pattern.sub(resolve, item) for item in block.items]

    def _link(self, child: Any) -> str:
        href = child.get("href") or ""
        text = self.inline(child).strip()
        if not href.startswith(("http://", "https://", "mailto:")):
            return text  # bookmarks and cross-references inside the document: the text stays
        if text in (href, _escape(href)):
            return f"<{href}>"
        return f"[{text}]({href})"


def _escape(text: str) -> str:
    """Markdown's special characters escaped; no-break spaces kept (French "mot :" must not break)."""
    return MARKDOWN_SPECIAL_RE.sub(r"\\\1", text)


def _cell_text(text: str) -> str:
    """A cell's text on one line, its "|" escaped (a table's cells are separated by "|")."""
    return squash(text).replace("|", "\\|")


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _wrap(text: str, marker: str) -> str:
    """Emphasis markers hug the words: spaces inside a Word run go outside them."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _unreferenced_notes(package: Package, doc: SourceDocument) -> None:
    """Notes in the notes parts that no call refers to: mammoth skips them; a person should see them."""
    for part in ("footnote", "endnote"):
        root = package.xml.get(f"word/{part}s.xml")
        if root is None:
            continue
        for note in root.iter(f"{W}{part}"):
            note_type = note.get(f"{W}type")
            key = f"{part}-{note.get(f'{W}id')}"
            if note_type in ("separator", "continuationSeparator", "continuationNotice") or key in doc.notes:
                continue
            text = squash("".join(t.text or "" for t in note.iter(f"{W}t")))
            text = re.sub(r"(?<![<(])\b(https?://[^\s<>()]+)", r"<\1>", _escape(text))
            text = text.replace("\\<", "<")
            if text:
                doc.notes[key] = SourceNote(key, f"{part} with id {note.get(f'{W}id')}", text)


def _report_revisions(facts: WordFacts, doc: SourceDocument, changes: Changes) -> None:
    """Each comment and tracked change, with its words, its author and the paragraph it is in; the text imported
    is the accepted one (insertions kept, deletions left out)."""
    for review in facts.reviews:
        doc.reviews.append((review.excerpt, f"{review.describe()} in {doc.name} paragraph {review.paragraph} "
                                            f"({review.excerpt!r})"))
    count = sum(review.change != "comment" for review in facts.reviews)
    if count:
        doc.attention.append(f"{doc.name}: the document has {count} tracked changes (listed below): " + (
            "the accepted text was imported (insertions kept, deletions left out)" if changes == "accept" else
            "the text before them was imported (insertions left out, deletions kept)"))
