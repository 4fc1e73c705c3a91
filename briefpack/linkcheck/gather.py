"""Every link the pack prints: its URL, where it is written and which documents print it. No network here.

"Which documents print this text" is decided in ``_texts`` alone (documents.context makes the same choices when
it renders), so that it can follow the registry of document kinds when there is one."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import planning
from ..citations import Numbering
from ..model import Pack, Text
from ..problems import Loc


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
        for line, url in text.parsed.links:
            seen[url] = seen.get(url, 0) + 1
            links.append(Link(url, _url_loc(text, line, url, seen[url], read), owner, documents))
    return links


def _texts(pack: Pack, numbering: Numbering) -> Iterator[tuple[str, Text, tuple[str, ...]]]:
    """(owner, text, documents printing it) for every piece of Markdown the documents print: what each document
    shows and which notes it prints is what its kind declares (the same declarations its rendering follows)."""
    documents = sorted(planning.every_output(pack, ["screen"]).values(),
                       key=lambda spec: (spec.kind.print_order, spec.path))
    notes = {note.text for note in pack.notes}

    def printing(text: Text) -> tuple[str, ...]:
        return tuple(spec.path for spec in documents if text in spec.kind.shown_texts(pack, spec.group))

    for section in pack.all_sections():
        for text in (section.title, *[b for b in section.body if isinstance(b, Text)]):
            yield f"section '{section.id}'", text, printing(text)
    if pack.cross_cutting_title and pack.cross_cutting_title.source:
        yield "title of the cross-cutting questions", pack.cross_cutting_title, printing(pack.cross_cutting_title)
    for i, question in enumerate(pack.cross_cutting, 1):
        yield f"cross-cutting question {i}", question, printing(question)
    for group in pack.groups:
        yield f"working group {group.label} ({group.id}), title", group.title, printing(group.title)
        for i, question in enumerate(group.questions, 1):
            yield f"working group {group.label} ({group.id}), question {i}", question, printing(question)
    if pack.handouts.intro and pack.handouts.intro not in notes:
        yield "handout introduction", pack.handouts.intro, printing(pack.handouts.intro)
    for note in pack.notes:
        printed_in = tuple(spec.path for spec in documents
                           if note.id in spec.kind.printed_notes(pack, numbering, spec.group))
        yield f"note {numbering.numbers[note.id]} ({note.id})", note.text, printed_in


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
