"""Headings a reader could not see as such: bold or numbered paragraphs in a document without heading styles,
and the title (the Title style, or a first heading shallower than every other). Shared by both readers."""

from __future__ import annotations

import re

from .document import CALL_RE, SourceDocument

PSEUDO_NUMBERED_RE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")
SUPERSCRIPT_RE = re.compile(r"\^[^^\s]*\^")
EMPHASIS_RE = re.compile(r"(?<!\\)(\*{1,3}|_{2,3}|(?<!\w)_|_(?!\w))")
MAX_HEADING = 150


def outside_emphasis(text: str, markers: tuple[str, ...] = ("*", "**", "***")) -> str:
    """The text that no emphasis of ``markers`` covers ("***" opens both bold and italic)."""
    outside: list[str] = []
    open_markers: set[str] = set()
    text = SUPERSCRIPT_RE.sub("", CALL_RE.sub("", text))  # "**15**^th^": the superscript's weight does not tell
    for i, part in enumerate(EMPHASIS_RE.split(text)):
        if i % 2 == 0:
            if not open_markers & {m.replace("_", "*") for m in markers}:
                outside.append(part)
            continue
        marker = part.replace("_", "*")
        for single in (("**", "*") if marker == "***" else (marker,)):
            open_markers ^= {single}
    return "".join(outside)


def plain(text: str) -> str:
    """Every emphasis marker removed: what a heading says, for matching its words."""
    return " ".join(EMPHASIS_RE.sub("", text).split(" ")).strip()


def plain_heading(text: str) -> str:
    """A heading's title: emphasis over the whole heading (one run or several) is how it was styled, not part of
    its title; emphasis over some words of it is kept."""
    text = text.strip()
    if EMPHASIS_RE.search(text) and not re.search(r"\w", outside_emphasis(text)):
        text = " ".join(part for part in EMPHASIS_RE.sub("", text).split(" ") if part)
    return text.rstrip(":：").strip()


def is_bold(text: str) -> bool:
    return bool(re.search(r"\w", text)) and not re.search(r"\w", outside_emphasis(text, ("**", "***")))


def pseudo_headings(doc: SourceDocument) -> None:
    """Documents without heading styles: wholly bold short paragraphs, or "2.1 Title" lines, are headings; a bold
    first paragraph is the title."""
    if any(b.role == "heading" and b.level > 0 for b in doc.blocks):
        return
    for index, block in enumerate(doc.blocks):
        if block.role != "paragraph" or len(block.text) > MAX_HEADING \
                or block.text.rstrip("*_").endswith((".", "?", "!", "。", "？", "！")):
            continue
        numbered = PSEUDO_NUMBERED_RE.match(block.text)
        if is_bold(block.text):
            level = 0 if index == 0 else 2 if not re.search(r"\w", outside_emphasis(block.text, ("*", "***"))) else 1
            block.role, block.text, block.level = "heading", plain_heading(block.text), level
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
