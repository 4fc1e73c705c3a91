"""Format a draft pack as YAML that reads like a hand-written one: block scalars, lines wrapped, comments saying
where each part came from and what the import found wrong there. Returns the files' text and each problem's
place in them (file:line:col), so the report can point at the written file."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import PurePath

from ..build.editor_schemas import schema_name
from ..errors import Loc, Problem
from .draft import INSERT_GROUPS, Draft, Note, Piece, Section

WIDTH = 116
# A wrapped line must not start with something Markdown would read as the start of a block.
BLOCK_START_RE = re.compile(r"^(?:[-+*](?:\s|$)|\d+[.)](?:\s|$)|#|>|=+$)")
SAFE_PLAIN_RE = re.compile(r"^[A-Za-z0-9(“‘][^\n]*$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
META_ORDER = ("series", "edition", "theme", "year", "host", "co_organisers", "language")
SCHEMA_LINE = "# yaml-language-server: $schema=.schemas/{}"


@dataclass
class YamlFile:
    name: str
    lines: list[str] = field(default_factory=list)
    marks: list[tuple[int, str, str, int]] = field(default_factory=list)  # (line index, needle, message, shift)
    fills: list[tuple[int, str, str, int]] = field(default_factory=list)  # placeholders to fill, as ``marks``

    def add(self, line: str) -> None:
        self.lines.append(line)

    def comments(self, indent: int, comments: list[str]) -> None:
        for comment in comments:
            for line in textwrap.wrap(comment, WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False):
                self.add(f"{' ' * indent}# {line}")

    def mark(self, problems: list[tuple[str, str]], shift: int = 0) -> None:
        """Problems of what is written next; ``shift`` moves the column past the needle (to a value)."""
        for needle, message in problems:
            self.marks.append((len(self.lines), needle, message, shift))

    def fill(self, needle: str, message: str, shift: int = 0) -> None:
        """A placeholder in what is written next: something the source does not state, for a person to fill."""
        self.fills.append((len(self.lines), needle, message, shift))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def located(self, folder: str, placeholders: bool = False) -> list[Problem]:
        result = []
        for start, needle, message, shift in self.fills if placeholders else self.marks:
            line, col = _find(self.lines, start, needle)
            result.append(Problem(Loc(f"{folder}/{self.name}", line, col + shift), message))
        return result


def squash(text: str) -> str:
    """Runs of ordinary white space as one space; no-break (U+00A0) and narrow no-break (U+202F) spaces kept."""
    return " ".join(re.split(r"[ \t\n\r\f\v]+", text)).strip(" ")


def _find(lines: list[str], start: int, needle: str) -> tuple[int, int]:
    for index in range(start, len(lines)):
        col = lines[index].find(needle)
        if col >= 0:
            return index + 1, col + 1
    # A needle wrapped over two lines: point at the line where the part began.
    return start + 1, 1


def scalar(text: str) -> str:
    """A one-line value: plain when YAML reads it back unchanged, else double-quoted."""
    text = CONTROL_RE.sub(" ", text)
    if SAFE_PLAIN_RE.match(text) and ": " not in text and " #" not in text and not text.endswith((":", " ")):
        return text
    return json.dumps(text, ensure_ascii=False)


def block(text: str, indent: int, style: str) -> list[str]:
    """A block scalar's lines: each Markdown paragraph wrapped, list items and quotations kept as such."""
    text = CONTROL_RE.sub(" ", text)
    pad = " " * indent
    lines: list[str] = [style]
    for i, paragraph in enumerate(text.split("\n\n")):
        if i:
            lines.append("")
        for logical in paragraph.split("\n"):
            lines.extend(pad + line if line else "" for line in _wrap_markdown_line(logical, WIDTH - indent))
    return lines


def _wrap_markdown_line(line: str, width: int) -> list[str]:
    lead = re.match(r"^(?:[-+*]\s|\d+[.)]\s|>\s?)", line)
    prefix = lead.group(0) if lead else ""
    continuation = "> " if prefix.startswith(">") else " " * len(prefix)
    words = squash(line[len(prefix):])  # no-break spaces stay: they hold "mot :" together
    wrapped = textwrap.wrap(words, max(20, width - len(prefix)), break_long_words=False, break_on_hyphens=False)
    safe: list[str] = []
    for part in wrapped or [""]:
        if safe and BLOCK_START_RE.match(part):
            safe[-1] += " " + part
        else:
            safe.append(part)
    return [(prefix if i == 0 else continuation) + part for i, part in enumerate(safe)]


def render(draft: Draft) -> list[YamlFile]:
    files = [_pack(draft), _concept_note(draft)]
    if draft.cross_cutting:
        files.append(_questions(draft))
    files += [_groups(draft), _notes(draft)]
    return files


def _source(draft: Draft) -> str:
    return PurePath(draft.source).name


def _header(f: YamlFile, draft: Draft, what: str) -> None:
    f.add(SCHEMA_LINE.format(schema_name(f.name)))
    f.comments(0, [f"{what} Imported from {_source(draft)} by `briefpack import`; comments marked IMPORT say what "
                   "the import found wrong in the source, at the place."])


def _pack(draft: Draft) -> YamlFile:
    f = YamlFile("pack.yaml")
    _header(f, draft, "The pack: who and what the seminar is.")
    for name in META_ORDER:
        item = draft.meta.get(name)
        if item is None:
            continue
        if isinstance(item.value, list):
            f.add(f"{name}:  # {_one_line(item.comment)}")
            f.lines.extend(f"  - {scalar(value)}" for value in item.value)
        else:
            if item.value is None:
                # where `check` will point: the missing value just after the key
                f.fill(f"{name}:", f"'{name}' could not be told from the source: {item.comment}", len(name) + 1)
                f.add(f"{name}:   # {item.comment}")
            else:
                f.add(f"{name}: {scalar(item.value)}  # {_one_line(item.comment)}")
    _front_matter(f, draft)
    return f


def _one_line(comment: str) -> str:
    return " ".join(CONTROL_RE.sub(" ", comment).split())


def _front_matter(f: YamlFile, draft: Draft) -> None:
    """The seminar's dates and venue as the source states them, each with where it was read."""
    front = draft.front
    if front.dates:
        f.add(f"dates: {{start: {front.dates.start.isoformat()}, end: {front.dates.end.isoformat()}}}  "
              f"# {_one_line(f'stated in the text: {front.dates.text!r}')}")
    if front.venue:
        f.add(f"venue: {scalar(front.venue)}  # {_one_line(front.venue_from)}")
    if front.document_type:
        f.add("")
        f.comments(0, [f"IMPORT: the document calls itself {front.document_type!r} (documents.concept_note.title)"])


def _concept_note(draft: Draft) -> YamlFile:
    f = YamlFile("concept-note.yaml")
    _header(f, draft, "The concept note: its sections in reading order; cite a note with [^id] (notes.yaml).")
    f.add("sections:")
    _sections(f, draft.sections, 2, f"{_source(draft)} {draft.unit}")
    return f


def _sections(f: YamlFile, sections: list[Section], indent: int, source: str) -> None:
    pad = " " * indent
    for section in sections:
        f.comments(indent, [f"from {source} {section.line}"] if section.line else [])
        f.add(f"{pad}- id: {section.id}")
        f.add(f"{pad}  title: {scalar(section.title)}")
        _body(f, section.body, indent + 2)
        if section.sections:
            f.add(f"{pad}  sections:")
            _sections(f, section.sections, indent + 4, source)


def _body(f: YamlFile, body: list[Piece | str], indent: int) -> None:
    pad = " " * indent
    pieces = [b for b in body if isinstance(b, Piece)]
    if len(body) == 1 and pieces:
        f.comments(indent, pieces[0].comments)
        f.mark(pieces[0].problems)
        f.lines.extend(_keyed(pad, "body: ", block(pieces[0].text, indent + 2, "|")))
        return
    if not body:
        return
    f.add(f"{pad}body:")
    for item in body:
        if not isinstance(item, Piece):  # INSERT_GROUPS
            f.add(f"{pad}  # The list of working groups is generated from groups.yaml.")
            f.add(f"{pad}  - insert: {INSERT_GROUPS}")
            continue
        f.comments(indent + 2, item.comments)
        f.mark(item.problems)
        f.lines.extend(_keyed(pad + "  ", "- ", block(item.text, indent + 4, "|")))


def _keyed(pad: str, key: str, lines: list[str]) -> list[str]:
    return [f"{pad}{key}{lines[0]}", *lines[1:]]


def _questions(draft: Draft) -> YamlFile:
    f = YamlFile("questions.yaml")
    _header(f, draft, "Questions valid across all working groups.")
    f.add("cross_cutting:")
    f.add(f"  title: {scalar(draft.cross_cutting_title or 'Cross-cutting Questions')}")
    f.add("  questions:")
    _question_list(f, draft.cross_cutting, 4)
    return f


def _question_list(f: YamlFile, questions: list[Piece], indent: int) -> None:
    for question in questions:
        f.comments(indent, question.comments)
        f.mark(question.problems)
        f.lines.extend(_keyed(" " * indent, "- ", block(question.text, indent + 2, ">-")))


def _groups(draft: Draft) -> YamlFile:
    f = YamlFile("groups.yaml")
    _header(f, draft, "The working groups; the id names the handout file (handout-<id>.pdf).")
    if not draft.groups:
        f.fill("groups:", "the source has no working groups (expected 'Working Group N: Title' headings, each "
                          "followed by its numbered questions): add them here", len("groups: "))
        f.add("groups: []  # IMPORT: FILL IN the working groups: id, number, title, questions")
        return f
    f.add("groups:")
    for group in draft.groups:
        f.comments(2, [f"from {_source(draft)} {draft.unit} {group.line}"] if group.line else [])
        f.add(f"  - id: {group.id}")
        number = group.number
        f.add(f"    number: {json.dumps(number) if number in ('Y', 'N') else number}")  # Y, N: YAML 1.1 booleans
        f.add(f"    title: {scalar(group.title)}")
        if group.questions:
            f.add("    questions:")
            _question_list(f, group.questions, 6)
        else:
            f.mark([("questions:", f"working group '{group.title}' has no questions in the source")])
            f.add("    questions: []  # IMPORT: no numbered questions followed this group's heading")
    return f


def _notes(draft: Draft) -> YamlFile:
    f = YamlFile("notes.yaml")
    _header(f, draft, "Notes, keyed by an id made from their text; the comment says the source's number.")
    if not draft.notes:
        f.add("notes: {}")
        return f
    f.add("notes:")
    for note in draft.notes:
        _note(f, note)
    return f


def _note(f: YamlFile, note: Note) -> None:
    f.comments(2, [f"{note.source}", *note.comments])
    f.mark(note.problems)
    f.lines.extend(_keyed("  ", f"{note.id}: ", block(note.text, 4, ">-")))
