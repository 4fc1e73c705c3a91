"""Every text of a pack, once, in reading order, with its place: the one list that numbering, font coverage, the
link check, snapshots and change bars read. A new text field of the model is added here (a new ``Role`` if it is
a new sort of text), and tests/test_texts.py fails until it is."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, assert_never, get_args

from .model import Pack, Text

Role = Literal["section title", "paragraph", "questions title", "cross-cutting question", "group title",
               "group question", "handout intro", "document text", "note", "meta"]
ROLES: tuple[Role, ...] = get_args(Role)

CROSS_CUTTING = "cross-cutting"  # the owner of the cross-cutting questions and their title
INTRO = "intro"  # the owner of the handouts' introduction


@dataclass(frozen=True)
class Place:
    """Where a text is. ``owner``: the section's, group's or note's id, CROSS_CUTTING, INTRO, or the pack.yaml
    field (``meta``). ``index``: 1-based among its owner's texts of that role (a question's number, the n-th text
    of a section's body, the n-th co-organiser); 0 for a text that is alone in its place."""

    role: Role
    owner: str
    index: int = 0

    def describe(self, pack: Pack, numbers: Mapping[str, int]) -> str:
        """What holds the text, for a message: "section 'context'", "note 12 (ilo-2014)"."""
        match self.role:
            case "section title" | "paragraph":
                return f"section '{self.owner}'"
            case "questions title":
                return "title of the cross-cutting questions"
            case "cross-cutting question":
                return f"cross-cutting question {self.index}"
            case "group title" | "group question":
                group = f"working group {pack.group(self.owner).label} ({self.owner})"
                return f"{group}, title" if self.role == "group title" else f"{group}, question {self.index}"
            case "handout intro":
                return "handout introduction"
            case "document text":
                return f"pack.yaml documents' '{self.owner}'"
            case "note":
                return f"note {numbers[self.owner]} ({self.owner})"
            case "meta":
                return f"pack.yaml '{self.owner}'" + (f" {self.index}" if self.index else "")
            case _:
                assert_never(self.role)


def texts(pack: Pack, *, meta: bool = False) -> Iterator[tuple[Text, Place]]:
    """Every text of the pack once, in reading order: each section (title, body texts, depth first); the
    cross-cutting questions' title and the questions; each working group (title, questions); the handouts'
    introduction; the notes (in file order); with ``meta``, pack.yaml's printed fields (series, edition, theme,
    host, short title, co-organisers) when pack.yaml could be read."""
    for section in pack.all_sections():
        yield section.title, Place("section title", section.id)
        body = [block for block in section.body if isinstance(block, Text)]
        yield from ((text, Place("paragraph", section.id, i)) for i, text in enumerate(body, 1))
    if pack.cross_cutting_title is not None:
        yield pack.cross_cutting_title, Place("questions title", CROSS_CUTTING)
    yield from ((q, Place("cross-cutting question", CROSS_CUTTING, i)) for i, q in enumerate(pack.cross_cutting, 1))
    for group in pack.groups:
        yield group.title, Place("group title", group.id)
        yield from ((q, Place("group question", group.id, i)) for i, q in enumerate(group.questions, 1))
    for settings in pack.documents.values():  # the documents' own Markdown (the handouts' introduction)
        yield from ((text, Place(_role(settings.named_as(name)), name)) for name, text in settings.texts())
    yield from ((note.text, Place("note", note.id)) for note in pack.notes)
    if meta:
        yield from _meta_texts(pack)


def _role(named: str) -> Role:
    """A document setting's text: its own role where the vocabulary has one (the handouts' introduction, which
    snapshots record), else a document's text."""
    return next((role for role in ROLES if role == named), "document text")


def _meta_texts(pack: Pack) -> Iterator[tuple[Text, Place]]:
    m = pack.meta
    if m is None:  # pack.yaml itself is broken: the rest of the pack is still checked
        return
    for name, text in (("series", m.series), ("edition", m.ordinal), ("theme", m.theme), ("host", m.host),
                       ("short_title", m.short_title), ("venue", m.venue)):
        if text is not None:
            yield text, Place("meta", name)
    yield from ((text, Place("meta", "co_organisers", i)) for i, text in enumerate(m.co_organisers, 1))
