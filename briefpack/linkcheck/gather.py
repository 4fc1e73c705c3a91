"""Every link the pack prints: its URL, where it is written and which documents print it. No network here.

"Which documents print this text" is decided in ``_texts`` alone (documents.context makes the same choices when
it renders), so that it can follow the registry of document kinds when there is one."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import markup
from ..citations import Numbering, cited_notes
from ..errors import Loc
from ..model import Pack, Section, Text

CONCEPT_NOTE = "concept-note.pdf"
ENDNOTES = "endnotes.pdf"


@dataclass(frozen=True)
class Link:
    """One link as written in the content."""

    url: str  # as the PDF links it (markdown-it's href)
    loc: Loc  # where the URL itself is written
    owner: str  # what holds it, for messages: "note 12 (ilo-2014)", "section 'context'"
    documents: tuple[str, ...]  # screen file names of the documents that print it (print/ has the same ones)

    @property
    def is_web(self) -> bool:
        return self.url.lower().startswith(("http://", "https://"))


def gather(pack: Pack, numbering: Numbering, read_lines: Callable[[str], list[str]] | None = None) -> list[Link]:
    """Every link of the pack, in reading order, then the handout introduction and the notes."""
    read = read_lines or _file_reader()
    links = []
    for owner, text, documents in _texts(pack, numbering):
        seen: dict[str, int] = {}
        for line, url in markup.links(text.source):
            seen[url] = seen.get(url, 0) + 1
            links.append(Link(url, _url_loc(text, line, url, seen[url], read), owner, documents))
    return links


def _texts(pack: Pack, numbering: Numbering) -> Iterator[tuple[str, Text, tuple[str, ...]]]:
    """(owner, text, documents printing it) for every piece of Markdown the documents print."""
    handouts = tuple(f"handout-{g.id}.pdf" for g in pack.groups)
    for section in _all_sections(pack.sections):
        for text in (section.title, *[b for b in section.body if isinstance(b, Text)]):
            yield f"section '{section.id}'", text, (CONCEPT_NOTE,)
    if pack.cross_cutting_title and pack.cross_cutting_title.source:
        yield "title of the cross-cutting questions", pack.cross_cutting_title, (CONCEPT_NOTE, *handouts)
    for i, question in enumerate(pack.cross_cutting, 1):
        yield f"cross-cutting question {i}", question, (CONCEPT_NOTE, *handouts)
    for group in pack.groups:
        documents = (CONCEPT_NOTE, f"handout-{group.id}.pdf")
        yield f"working group {group.number} ({group.id}), title", group.title, documents
        for i, question in enumerate(group.questions, 1):
            yield f"working group {group.number} ({group.id}), question {i}", question, documents
    if pack.handouts.intro:
        yield "handout introduction", pack.handouts.intro, handouts
    printed_in = _note_documents(pack, numbering)
    for note in pack.notes:
        yield f"note {numbering.numbers[note.id]} ({note.id})", note.text, printed_in[note.id]


def _note_documents(pack: Pack, numbering: Numbering) -> dict[str, tuple[str, ...]]:
    """Every note is in the concept note and the endnotes; a handout prints the notes its own texts cite."""
    documents = {note.id: [CONCEPT_NOTE, ENDNOTES] for note in pack.notes}
    for group in pack.groups:
        texts = [(q, True) for q in (*group.questions, *pack.cross_cutting)]
        if pack.handouts.intro:
            texts.append((pack.handouts.intro, False))
        for note_id in cited_notes(texts, numbering):
            documents[note_id].append(f"handout-{group.id}.pdf")
    return {note_id: tuple(names) for note_id, names in documents.items()}


def _all_sections(sections: tuple) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _all_sections(section.sections)


def _url_loc(text: Text, line: int, url: str, nth: int, read: Callable[[str], list[str]]) -> Loc:
    """The file position of the ``nth`` ``url`` of ``text``. Folded and quoted scalars do not keep Markdown lines
    apart, but a URL holds no space, so YAML never folds it: it is on one file line, found by searching the
    file from where the text starts."""
    approximate = text.loc_of(line, url)
    if text.line_exact:
        return approximate
    lines = read(text.loc.file)
    for number in range(text.loc.line - 1, len(lines)):
        col = lines[number].find(url)
        while col >= 0:
            nth -= 1
            if nth == 0:
                return Loc(text.loc.file, number + 1, col + 1)
            col = lines[number].find(url, col + 1)
    return approximate


def _file_reader() -> Callable[[str], list[str]]:
    """Reads each content file once per gathering."""
    @functools.cache
    def read(file: str) -> list[str]:
        try:
            return Path(file).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return []
    return read
