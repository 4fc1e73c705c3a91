"""The validated pack: frozen dataclasses, nothing else. Every piece of text keeps where it came from."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..problems import Loc
from .markdown import Parsed, parse
from .vocabulary import EditionName

Status = Literal["draft", "final"]  # a pack's `status`: a draft is marked on every page and not printed


@dataclass(frozen=True)
class Text:
    """Markdown source with its location; ``first_line`` is the file line of the text's first line."""

    source: str
    loc: Loc
    first_line: int
    line_exact: bool  # literal block: markdown line i is file line first_line + i
    indent: int = 0  # block scalars: indentation YAML stripped from each line
    quoted: bool = False  # a one-line '...' or "..." scalar: the text starts one column after loc
    inline: bool = False  # one line of inline Markdown (a title, a question), not paragraphs

    @functools.cached_property
    def parsed(self) -> Parsed:
        """The one parse of this text, shared by the lint, the numbering and every document's rendering."""
        return parse(self.source, self.inline)

    @property
    def plain(self) -> str:
        return self.parsed.plain

    def loc_of(self, md_line: int, needle: str = "") -> Loc:
        """File location of ``needle`` on line ``md_line`` of the source (best effort for folded text)."""
        if not self.line_exact:
            if needle and not self.indent and "\n" not in self.source and needle in self.source:
                return Loc(self.loc.file, self.loc.line, self.loc.col + self.quoted + self.source.find(needle))
            if self.indent:  # folded block: the text starts on the line after the key
                return Loc(self.loc.file, self.first_line, self.indent + 1)
            return self.loc
        lines = self.source.splitlines() or [""]
        line = lines[min(md_line, len(lines) - 1)]
        col = line.find(needle) if needle else 0
        return Loc(self.loc.file, self.first_line + md_line, self.indent + max(col, 0) + 1)


def plain(text: Text | None) -> str:
    return text.plain if text else ""


@dataclass(frozen=True)
class Insert:
    """A block generated from other content, e.g. the list of working groups."""

    name: str
    loc: Loc


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    body: tuple[Text | Insert, ...]
    sections: tuple[Section, ...]
    loc: Loc


@dataclass(frozen=True)
class Group:
    id: str
    number: int  # its place among the groups (A = 1): orders handouts and the print order
    title: Text
    questions: tuple[Text, ...]
    loc: Loc
    participants: int | None = None  # overrides the print run's participants_per_group
    label: str = ""  # as written, "3" or "C": what "Working Group ..." says everywhere

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", str(self.number))


@dataclass(frozen=True)
class Note:
    id: str
    text: Text
    loc: Loc


SettingValue = str | int | bool | Text | None


@dataclass(frozen=True)
class Settings:
    """One document's settings (pack.yaml's ``documents: <key>:``), every declared field filled in: a value given,
    its default, or None. What the fields are, the kind declares (content/fields.py: KindFields)."""

    values: dict[str, SettingValue] = field(default_factory=dict, hash=False)
    named: dict[str, str] = field(default_factory=dict, hash=False)  # field -> how messages and places name it

    def string(self, name: str) -> str:
        value = self.values[name]
        assert isinstance(value, str), name
        return value

    def integer(self, name: str) -> int:
        value = self.values[name]
        assert isinstance(value, int) and not isinstance(value, bool), name
        return value

    def flag(self, name: str) -> bool:
        value = self.values[name]
        assert isinstance(value, bool), name
        return value

    def text(self, name: str) -> Text | None:
        value = self.values[name]
        assert value is None or isinstance(value, Text), name
        return value

    def texts(self) -> list[tuple[str, Text]]:
        """Its Markdown fields that are given, as (name, text)."""
        return [(name, value) for name, value in self.values.items() if isinstance(value, Text)]

    def named_as(self, name: str) -> str:
        """How a field is named in messages and a text's place ("handout intro")."""
        return self.named.get(name, name)

    @property
    def title(self) -> str:
        return self.string("title")


@dataclass(frozen=True)
class PrintRun:
    """How many copies of each print file to order. Numbers the pack does not give are 0 and listed in
    ``unset``: the order sheet never invents a number. The kinds declare their counts and choices."""

    participants_per_group: int = 0
    spare: int = 0
    values: dict[str, int | str] = field(default_factory=dict, hash=False)  # the kinds' counts and choices
    unset: tuple[str, ...] = ("participants_per_group", "spare")
    personalise: bool = False  # a named copy of the handout per participant (needs participants.csv)
    counted: tuple[str, ...] = ("participants_per_group", "spare")  # every count's name, in the declared order
    examples: bool = False  # the numbers are examples (a sample pack), not an order

    def count(self, name: str) -> int:
        value = self.values.get(name, 0)
        assert isinstance(value, int), name
        return value

    def choice(self, name: str) -> str:
        value = self.values[name]
        assert isinstance(value, str), name
        return value


@dataclass(frozen=True)
class Logo:
    """An organisation's logo, a file of the pack's assets/ folder, shown on the documents' title blocks."""

    file: str  # relative to assets/
    name: str  # the organisation: the logo's alternative text
    loc: Loc


DEFAULT_EDITIONS: tuple[EditionName, ...] = ("screen", "print")  # a pack that names none


@dataclass(frozen=True)
class Meta:
    series: Text
    ordinal: Text  # the seminar's ordinal, e.g. "15^th^" (pack.yaml calls it `edition`)
    theme: Text
    year: int
    host: Text | None
    co_organisers: tuple[Text, ...]
    language: str
    short_title: Text | None
    labels: dict[str, str] = field(hash=False)
    date: str | None = None  # ISO 8601 issue date, recorded in the PDF metadata
    logos: tuple[Logo, ...] = ()
    accent: str | None = None  # "#1f3f6b": headings and links in the screen edition (print stays black)
    status: Status = "final"  # pack.yaml's `status`
    version: str | None = None  # pack.yaml's `version`, e.g. "2"; its date is `date`
    dates: tuple[str, str] | None = None  # the seminar's first and last day, ISO 8601 (pack.yaml's `dates`)
    venue: Text | None = None  # where it meets
    editions: tuple[EditionName, ...] = DEFAULT_EDITIONS  # what `all` builds without --edition (pack.yaml's)


@dataclass(frozen=True)
class Pack:
    meta: Meta
    documents: dict[str, Settings] = field(hash=False)  # pack.yaml's `documents:`, by key, as the kinds declare
    sections: tuple[Section, ...]
    cross_cutting_title: Text | None
    cross_cutting: tuple[Text, ...]
    groups: tuple[Group, ...]
    notes: tuple[Note, ...]  # in file order
    root: str = ""  # the content folder, for messages
    print_run: PrintRun = PrintRun()
    roster: Roster | None = None  # participants.csv, when the pack has one

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def group_label(self, group_id: str) -> str:
        """How every document names a group: "Working Group 3", "Working Group C" (in the pack's language)."""
        return f"{self.meta.labels['working_group']} {self.group(group_id).label}"

    def note(self, note_id: str) -> Note:
        return next(n for n in self.notes if n.id == note_id)

    def all_sections(self) -> list[Section]:
        """Every section, depth first, in reading order."""
        found: list[Section] = []

        def walk(sections: tuple[Section, ...]) -> None:
            for section in sections:
                found.append(section)
                walk(section.sections)
        walk(self.sections)
        return found


MAX_PARTICIPANTS = 10_000


@dataclass(frozen=True)
class Participant:
    name: str
    organisation: str
    country: str
    group: str  # the working group's id, whichever way the file named it (id, number or letter)
    role: str
    loc: Loc  # the row's first field
    email: str = field(default="", repr=False)  # the organiser's: never printed


@dataclass(frozen=True)
class Roster:
    participants: tuple[Participant, ...]  # in file order

    def __len__(self) -> int:
        return len(self.participants)

    def in_group(self, group_id: str) -> list[Participant]:
        """The group's members in sign-in order: by name, with the Unicode Collation Algorithm."""
        return sorted((p for p in self.participants if p.group == group_id), key=lambda p: sort_key(p.name))

    def count(self, group_id: str) -> int:
        return sum(1 for p in self.participants if p.group == group_id)

    def in_sign_in_order(self, groups: Sequence[Group]) -> list[Participant]:
        """Everybody, group by group (in the pack's order), each group by name."""
        return [p for group in groups for p in self.in_group(group.id)]


_COLLATOR = None


@functools.lru_cache(maxsize=2 * MAX_PARTICIPANTS)  # sign-in sheets, cards, packing list sort the same names
def sort_key(name: str) -> tuple[int, ...]:
    """The Unicode Collation Algorithm's default (DUCET) key: "Öztürk" sorts with O and "Đặng" with D."""
    global _COLLATOR
    if _COLLATOR is None:
        from pyuca import Collator  # reads its table (about 0.2 s) only when a roster is sorted

        _COLLATOR = Collator()
    return tuple(_COLLATOR.sort_key(unicodedata.normalize("NFC", name)))
