"""Read a Markdown concept note: footnote syntax (``[^1]`` ... ``[^1]: text``), or Markdown converted from a PDF
or Word file (``<sup>N</sup>`` calls, grouped calls ``<sup>34,35</sup>``, the notes as a trailing list of
``<sup>N</sup> text`` paragraphs, possibly continued after a page break).

markdown-it-py gives the block structure and each block's raw inline source; the inline source is then rewritten
into pack Markdown (calls marked, ``<sup>th</sup>`` as ``^th^``, escapes inside URLs undone)."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .document import Block, Image, SourceDocument, SourceNote, call
from .headings import pseudo_headings, take_title

NOTES_HEADING_RE = re.compile(r"^(end\s*notes|foot\s*notes|notes|references)$", re.I)
SUP_NUMBERS_RE = re.compile(r"<sup>\s*(\d+(?:\s*,\s*\d+)*)\s*</sup>")
SUP_WORD_RE = re.compile(r"<sup>\s*([A-Za-z]{1,4})\s*</sup>")
# Linear-time patterns: a scan started at one place stops where a scan started at a later place would begin
# (a call's label at the next "[^", a link's text at an unmatched bracket, an address at "]", an autolink or a
# tag at the next "<"), so a failing attempt never rescans what the next attempt scans (400 KB of "[" took
# 25 s with the link pattern that let a link's text run on over brackets).
FOOTNOTE_CALL_RE = re.compile(r"\[\^((?:[^\]\s\[]|\[(?!\^))+)\]")
NOTE_START_RE = re.compile(r"^\s*<sup>\s*(\d+)\s*</sup>\s*")
LINK_TEXT = r"((?:[^\[\]]|\[[^\[\]]*\])*)"  # brackets inside a link's text come in pairs: [see [1]](url)
LINK_RE = re.compile(rf"\[{LINK_TEXT}\]\(([^)\s\]]+)\)")
AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
# HTML that converters leave in Markdown, as pack Markdown; any other tag stays, and `check` reports it.
HTML_AS_MARKDOWN = [
    (re.compile(r"</?(?:em|i)>", re.I), "*"),
    (re.compile(r"</?(?:strong|b)>", re.I), "**"),
    (re.compile(r"<br\s*/?>", re.I), " "),
    (re.compile(r"</?(?:u|span|small|sub)(?:\s[^<>]*)?>", re.I), ""),
    (re.compile(r"&nbsp;"), "\xa0"),  # kept: it holds "mot :" together
]
IMAGE_RE = re.compile(rf"!\[{LINK_TEXT}\]\(([^)\s\]]+)\)")
IMAGE_SUFFIXES = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024
# A paragraph that stops without closing punctuation was cut by a page break of the original.
OPEN_END_RE = re.compile(r"[\w,(\-–]$")


def read(path: Path, name: str) -> SourceDocument:
    text = path.read_text(encoding="utf-8-sig")
    md = MarkdownIt("commonmark").use(footnote_plugin)
    md.core.ruler.disable("footnote_tail")  # keep every definition where it is, cited or not, with its line
    tokens = md.parse(text)
    doc = SourceDocument(name=name, title=None, blocks=[], notes={})
    body, footnotes = _blocks(tokens)
    body, trailing = _split_trailing_notes(body)
    for block in body:
        _convert_block(block, calls=True)
    doc.blocks = _join_page_breaks(body, doc)
    doc.notes = _trailing_notes(trailing, doc) if trailing else {}
    for key, (line, raw) in footnotes.items():
        doc.notes[key] = SourceNote(key, f"note [^{key}]", inline(raw, calls=False), line)
    _copy_images(doc, path.parent)
    pseudo_headings(doc)
    take_title(doc)
    return doc


OPENERS = {"bullet_list_open": "list", "ordered_list_open": "list", "blockquote_open": "quote"}
CLOSERS = ("bullet_list_close", "ordered_list_close", "blockquote_close")


def _blocks(tokens: list[Token]) -> tuple[list[Block], dict[str, tuple[int, str]]]:
    """Top-level blocks in order, and footnote definitions {label: (line, raw inline text)}.

    Nested lists and quotations stay inside their top-level block (a nested item joins its parent item). Texts
    are gathered as lists and joined once: adding to a growing string is quadratic in a long note or list."""
    blocks: list[Block] = []
    footnotes: dict[str, tuple[int, list[str]]] = {}
    container: Block | None = None
    parts: list[list[str]] = []  # the container's text, or its items' texts
    depth, label = 0, None
    for i, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "footnote_reference_open":
            label = token.meta["label"]
        elif token.type == "footnote_reference_close":
            label = None
        elif token.type in OPENERS:
            if depth == 0 and label is None:
                container = Block(OPENERS[token.type], line=line, ordered=token.type == "ordered_list_open")
                parts = [[]]
            depth += 1
        elif token.type in CLOSERS:
            depth -= 1
            if depth == 0 and container is not None:
                blocks.append(_finish(container, parts))
                container = None
        elif token.type == "list_item_open" and depth == 1 and container is not None:
            container.items.append("")
            parts.append([])
        elif token.type == "heading_open" and depth == 0 and label is None:
            blocks.append(Block("heading", tokens[i + 1].content, line, level=int(token.tag[1])))
        elif token.type == "inline" and tokens[i - 1].type != "heading_open":
            content = token.content
            if label is not None:
                footnotes.setdefault(label, (_line_of(tokens, i), []))[1].append(content)
            elif container is not None:
                parts[-1 if container.role == "list" and container.items else 0].append(content)
            else:
                blocks.append(Block("paragraph", content, _line_of(tokens, i)))
    return blocks, {key: (first, _joined(texts)) for key, (first, texts) in footnotes.items()}


def _finish(container: Block, parts: list[list[str]]) -> Block:
    """A list's items joined word-wise, a quotation's paragraphs with blank lines between them."""
    container.text = _joined(parts[0], "\n\n")
    container.items = [_joined(item) for item in parts[1:]]
    return container


def _line_of(tokens: list[Token], i: int) -> int:
    previous = tokens[i - 1]
    return previous.map[0] + 1 if previous.map else 0


def _split_trailing_notes(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The body, and the blocks under a final "Endnotes" heading (the seed's shape)."""
    for i, block in enumerate(blocks):
        if block.role == "heading" and NOTES_HEADING_RE.match(_plain_heading(block.text)):
            return blocks[:i], blocks[i + 1:]
    return blocks, []


def _trailing_notes(blocks: list[Block], doc: SourceDocument) -> dict[str, SourceNote]:
    notes: dict[str, SourceNote] = {}
    texts: dict[str, list[str]] = {}  # each note's parts, joined once at the end
    current: SourceNote | None = None
    for block in blocks:
        raw = block.text if block.role != "list" else " ".join(block.items)
        match = NOTE_START_RE.match(raw)
        if match:
            current = SourceNote(match.group(1), f"note {match.group(1)}", "", block.line)
            if current.key in notes:
                doc.attention.append(f"{doc.name}:{block.line}: note {current.key} is defined twice; the second "
                                     "definition was imported as a continuation of the first")
                current = notes[current.key]
            notes[current.key] = current
            raw = raw[match.end():]
        elif current is None:
            doc.attention.append(f"{doc.name}:{block.line}: text after the notes heading that belongs to no note "
                                 "was imported into the last section")
            doc.blocks.append(Block("paragraph", inline(raw, calls=False), block.line))
            continue
        else:
            doc.guessed.append(f"{doc.name}:{block.line}: joined to note {current.key} (a note continued after "
                               "a page break)")
        texts.setdefault(current.key, []).append(inline(raw, calls=False))
    for key, note in notes.items():
        note.text = _joined(texts[key])
    return notes


def _join_page_breaks(blocks: list[Block], doc: SourceDocument) -> list[Block]:
    joined: list[Block] = []
    texts: list[list[str]] = []  # the paragraphs joined into each block of ``joined``, joined once at the end
    for block in blocks:
        previous = joined[-1] if joined else None
        if previous is not None and previous.role == block.role == "paragraph" \
                and OPEN_END_RE.search(texts[-1][-1][-2:]):  # the end of the joined text: its last part's
            doc.guessed.append(f"{doc.name}:{block.line}: joined to the paragraph before it (a paragraph cut "
                               "by a page break)")
            texts[-1].append(block.text)
            continue
        joined.append(block)
        texts.append([block.text])
    for block, parts in zip(joined, texts, strict=True):
        block.text = " ".join(parts)
    return joined


def _joined(parts: list[str], separator: str = " ") -> str:
    """What adding each part to the text with ``separator`` and stripping the result gives, in linear time."""
    kept: list[str] = []
    for part in parts:
        if part.strip():
            kept.append(part.rstrip() if kept else part.strip())
    return separator.join(kept)


def _convert_block(block: Block, calls: bool) -> None:
    if block.role == "heading":
        block.text = _plain_heading(inline(block.text, calls))
    elif block.role == "list":
        block.items = [inline(item, calls) for item in block.items]
    else:
        block.text = inline(block.text, calls)


def _plain_heading(text: str) -> str:
    """Headings are often wholly bold or italic in converted files: the emphasis is not part of the title."""
    text = text.strip()
    while len(text) > 2 and text[0] == text[-1] and text[0] in "*_":
        text = text[1:-1].strip()
    return text.rstrip(":").strip()


def inline(raw: str, calls: bool) -> str:
    """Rewrite a block's raw inline Markdown into pack Markdown."""
    text = " ".join(re.split(r"[ \t\n\r]+", raw)).strip(" ")  # no-break spaces are kept
    if calls:
        text = SUP_NUMBERS_RE.sub(lambda m: "".join(call(n.strip()) for n in m.group(1).split(",")), text)
        text = FOOTNOTE_CALL_RE.sub(lambda m: call(m.group(1)), text)
    text = SUP_NUMBERS_RE.sub(lambda m: f"^{m.group(1).replace(' ', '')}^", text)
    text = SUP_WORD_RE.sub(r"^\1^", text)
    text = LINK_RE.sub(_link, text)
    text = AUTOLINK_RE.sub(lambda m: f"<{_unescape_url(m.group(1))}>", text)
    for pattern, markdown in HTML_AS_MARKDOWN:
        text = pattern.sub(markdown, text)
    return text.replace("\\$", "$")


def _unescape_url(url: str) -> str:
    """Converters escape ``_`` inside URLs (``WCMS\\\\_243201``): the address has no backslash."""
    return url.replace("\\\\_", "_").replace("\\_", "_")


def _link(match: re.Match[str]) -> str:
    label, url = _unescape_url(match.group(1)), _unescape_url(match.group(2))
    if label == url:
        return f"<{url}>"
    return f"[{label}]({url})"


def _copy_images(doc: SourceDocument, folder: Path) -> None:
    """Images the Markdown names beside it go to the pack's assets/; anything else stays as written, and said."""
    copied: dict[str, str] = {}

    def copy(match: re.Match[str]) -> str:
        alt, src = match.groups()
        if src not in copied:
            problem = _image_problem(folder, src)
            if problem:
                doc.attention.append(f"{doc.name}: image {src} {problem}; left as written (`check` reports it)")
                return str(match.group(0))
            target = folder / src
            name = f"image-{len(doc.images) + 1}.{IMAGE_SUFFIXES[target.suffix.lower()]}"
            doc.images.append(Image(name, target.read_bytes()))
            copied[src] = name
        return f"![{alt}]({copied[src]})"

    for block in doc.blocks:
        block.text = IMAGE_RE.sub(copy, block.text)
        block.items = [IMAGE_RE.sub(copy, item) for item in block.items]


def _image_problem(folder: Path, src: str) -> str | None:
    if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
        return "is not a file beside the source (addresses are never fetched)"
    target = (folder / src).resolve()
    if not target.is_relative_to(folder.resolve()):
        return "is outside the source's folder (expected a file beside it)"
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        return "is not a PNG, JPEG or GIF file"
    if not target.is_file():
        return "was not found"
    if target.stat().st_size > MAX_IMAGE_BYTES:
        return f"is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB"
    return None
