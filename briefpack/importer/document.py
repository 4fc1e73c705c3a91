"""The intermediate document both readers produce: blocks of pack-Markdown with note calls marked, and notes.

A call is written into the text as ``CALL_OPEN key CALL_CLOSE`` (characters that cannot occur in a source), so
the readers need not know the notes' final ids; ``resolve_calls`` swaps them for ``[^id]`` once ids exist.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Changes = Literal["accept", "reject"]  # a Word file's tracked changes: the text after them ("Accept All"), or before
CALL_OPEN, CALL_CLOSE = "\x02", "\x03"
CALL_RE = re.compile(f"{CALL_OPEN}([^{CALL_CLOSE}]*){CALL_CLOSE}")


def call(key: str) -> str:
    return f"{CALL_OPEN}{key}{CALL_CLOSE}"


def calls_in(text: str) -> list[str]:
    return CALL_RE.findall(text)


def resolve_calls(text: str, ids: dict[str, str]) -> str:
    return CALL_RE.sub(lambda m: f"[^{ids[m.group(1)]}]", text)


@dataclass
class Block:
    """One block of the source: a heading, a paragraph, a list or a quotation, in pack Markdown."""

    role: str  # "heading" | "paragraph" | "list" | "quote" | "subtitle"
    text: str = ""  # headings, paragraphs and quotations
    line: int = 0  # where it starts in the source (1-based; 0 when the reader cannot tell)
    level: int = 0  # headings: 1 = the largest
    items: list[str] = field(default_factory=list)  # lists
    ordered: bool = False


@dataclass
class SourceNote:
    key: str  # the reader's key for it: "66", "endnote-3", "footnote-2"
    label: str  # how the source numbers it, for the report: "note 66", "endnote 3"
    text: str  # pack Markdown, one paragraph
    line: int = 0


@dataclass
class Image:
    name: str  # file name under assets/
    data: bytes


@dataclass
class SourceDocument:
    """What a reader found in a source file."""

    name: str  # the source file as given, for messages
    title: str | None
    blocks: list[Block]
    notes: dict[str, SourceNote]  # by key, in source order
    images: list[Image] = field(default_factory=list)
    unit: str = "line"  # what Block.line counts: source lines (Markdown) or blocks (Word: "paragraph")
    merge_identical_notes: bool = False  # Word makes one note per call: the same text twice is one note
    guessed: list[str] = field(default_factory=list)  # what the reader decided on its own, for the report
    attention: list[str] = field(default_factory=list)  # what a person should look at (not tied to a place)
    word_languages: Counter[str] = field(default_factory=Counter)  # Word's w:lang tags: how many runs each
    reviews: list[tuple[str, str]] = field(default_factory=list)  # (where: the paragraph's first words, what)
