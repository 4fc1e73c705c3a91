"""The lines between the title and the text that say what the document is: a subtitle, the document type
("Concept Note", "Note conceptuelle") and the dates line ("12–14 May 2015, Montreux"). They are read as metadata
and taken out of the blocks, so that they do not become sections."""

from __future__ import annotations

import re

from . import dates
from .document import CALL_RE, Block, SourceDocument
from .draft import FrontMatter
from .headings import plain_heading
from .words import LANGUAGES, Words

MAX_LINE = 200  # longer than that, a line is text
MAX_REST = 80  # a dates line says little else than the dates (and the venue)
EDGES = " \t\xa0\u202f,;:|–—-·•/，、،；："
VENUE_LABEL_RE = re.compile(r"^(?:venue|lieu|lugar|ort|место|địa\s+điểm|地点|地點|会場|장소|สถานที่|المكان)\s*[:：]\s*",
                            re.I)


def take(doc: SourceDocument, words: Words, key: str | None) -> FrontMatter:
    front = FrontMatter()
    roles: list[str] = []
    for block in doc.blocks[:8]:
        role = _role_of(block, words, key)
        if role is None:
            break
        roles.append(role)
    taken = 0
    for index, role in enumerate(roles):
        if (role == "line" and not any(k in ("type", "dates") for k in roles[index + 1:])):
            break
        taken = index + 1
    for block, role in zip(doc.blocks[:taken], roles, strict=False):
        text = _text(block)
        if role == "type":
            front.document_type = text
        elif role == "dates" and front.dates is None:
            _dates_line(front, text, key)
        elif role == "venue":
            front.venue, front.venue_from = VENUE_LABEL_RE.sub("", text), "stated on its own line"
        elif front.subtitle is None:
            front.subtitle = text
        else:
            doc.attention.append(f"{doc.name}: the line '{text}' above the text was not kept (a title line "
                                 "that is neither the subtitle, the document type nor the dates)")
    if taken:
        doc.guessed.append(f"{doc.name}: the {taken} line(s) under the title were read as the document's front "
                           "matter (subtitle, document type, dates, venue), not as sections")
    del doc.blocks[:taken]
    return front


def _text(block: Block) -> str:
    return plain_heading(" ".join(CALL_RE.sub("", block.text).split(" ")))


def _role_of(block: Block, words: Words, key: str | None) -> str | None:
    """type | dates | venue | subtitle | line (a short line, front matter only if a type or dates line follows),
    or None: the text has begun."""
    if block.role not in ("heading", "paragraph", "subtitle"):
        return None
    text = _text(block)
    if not text or len(text) > MAX_LINE:
        return None
    english = LANGUAGES["en"]
    if re.fullmatch(f"(?:{words.document_type}|{english.document_type})", text, re.I):
        return "type"
    found = dates.find(text, key)
    if found and len(text) - len(found.text) <= MAX_REST:
        return "dates"
    if VENUE_LABEL_RE.match(text):
        return "venue"
    if block.role == "subtitle":
        return "subtitle"
    if text.endswith((".", "?", "!", "。")) or len(text.split()) > 16:
        return None
    return "line"


def _dates_line(front: FrontMatter, text: str, key: str | None) -> None:
    found = dates.find(text, key)
    if found is None:
        return
    front.dates, front.dates_line = found, text
    rest = (text[:found.at].strip(EDGES) + ", " + text[found.at + len(found.text):].strip(EDGES)).strip(EDGES)
    rest = VENUE_LABEL_RE.sub("", rest)
    if rest and not front.venue:
        front.venue, front.venue_from = rest, "stated on the dates line"
