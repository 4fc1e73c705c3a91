"""The pack about to be written: sections, questions, groups and notes as plain data, with the comments and
problems that go with each part. ``structure.build`` makes it; ``writer.write`` formats it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dates import DateRange
    from .document import Image

INSERT_GROUPS = "working-groups"


@dataclass
class Piece:
    """A Markdown text bound for one place in the pack, with what the import has to say about it."""

    text: str
    line: int = 0  # where it came from in the source
    comments: list[str] = field(default_factory=list)  # written above it as YAML comments
    problems: list[tuple[str, str]] = field(default_factory=list)  # (needle to locate in the YAML, message)


@dataclass
class Section:
    id: str
    title: str
    line: int
    body: list[Piece | str] = field(default_factory=list)  # Markdown pieces, or INSERT_GROUPS
    sections: list[Section] = field(default_factory=list)


@dataclass
class Group:
    id: str
    number: int | str  # 3, or a letter: "Working Group C"
    title: str
    line: int
    questions: list[Piece] = field(default_factory=list)


@dataclass
class Note:
    id: str
    text: str
    source: str  # "note 66", "endnote 3": how the source numbers it
    line: int = 0
    comments: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class MetaField:
    value: str | list[str] | None  # None: could not be told; written as an empty placeholder that `check` reports
    comment: str  # where it came from, or what a person must fill in


@dataclass
class FrontMatter:
    """The lines above the text that say what the document is, read as metadata, not sections."""

    subtitle: str | None = None
    document_type: str | None = None  # "Concept Note", "Note conceptuelle"
    dates: DateRange | None = None
    dates_line: str | None = None
    venue: str | None = None
    venue_from: str = ""


@dataclass
class Draft:
    source: str
    unit: str  # "line" or "paragraph": what the ``line`` of a part counts in the source
    meta: dict[str, MetaField]
    sections: list[Section]
    cross_cutting_title: str | None
    cross_cutting: list[Piece]
    groups: list[Group]
    notes: list[Note]
    images: list[Image] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    attention: list[str] = field(default_factory=list)
    front: FrontMatter = field(default_factory=FrontMatter)
    reviews: list[tuple[str, str]] = field(default_factory=list)  # (where: the paragraph's first words, what)
    placeholders: list[str] = field(default_factory=list)  # what a person must fill in

    def all_sections(self) -> Iterator[Section]:
        def walk(sections: Iterable[Section]) -> Iterator[Section]:
            for section in sections:
                yield section
                yield from walk(section.sections)
        return walk(self.sections)

    def pieces(self) -> Iterator[Piece]:
        """Every Markdown piece, in the pack's reading order."""
        for section in self.all_sections():
            yield from (block for block in section.body if isinstance(block, Piece))
        yield from self.cross_cutting
        for group in self.groups:
            yield from group.questions
