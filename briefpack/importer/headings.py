"""Headings a reader could not see as such: bold or numbered paragraphs in a document without heading styles,
and the title (the Title style, or a first heading shallower than every other). Shared by both readers."""

from __future__ import annotations

import re

from .document import SourceDocument

PSEUDO_NUMBERED_RE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")


def pseudo_headings(doc: SourceDocument) -> None:
    """Documents without heading styles: wholly bold short paragraphs, or "2.1 Title" lines, are headings; a bold
    first paragraph is the title."""
    if any(b.role == "heading" and b.level > 0 for b in doc.blocks):
        return
    for index, block in enumerate(doc.blocks):
        if block.role != "paragraph" or len(block.text) > 150 or block.text.rstrip("*").endswith((".", "?", "!")):
            continue
        bold = re.fullmatch(r"\*\*([^*]+)\*\*:?", block.text)
        numbered = PSEUDO_NUMBERED_RE.match(block.text)
        if bold:
            block.role, block.text, block.level = "heading", bold.group(1).strip().rstrip(":"), 0 if index == 0 else 1
        elif numbered:
            text = block.text[numbered.end(1):].lstrip(". ")
            block.role, block.text, block.level = "heading", text, numbered.group(1).count(".") + 1
        else:
            continue
        doc.guessed.append(f"{doc.name}: paragraph {index + 1} '{block.text}' (bold or numbered, no heading "
                           "style) became a heading")


def take_title(doc: SourceDocument) -> None:
    """The Title style, or else a first heading shallower than every other, is the document's title."""
    headings = [b for b in doc.blocks if b.role == "heading"]
    if not headings:
        return
    first = headings[0]
    if first.level == 0 or first.level < min((h.level for h in headings[1:]), default=99):
        doc.title = first.text
        doc.blocks.remove(first)
        for block in doc.blocks:
            if block.role == "heading" and block.level == 0:
                block.level = 1
