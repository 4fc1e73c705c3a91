"""The concept note: the whole text with its questions, then every note of the pack."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.model import ConceptNoteSettings, Insert, Pack, Section, Text
from ..text.numbering import Numbering, reading_order
from .base import DocumentKind
from .views import Body, Calls, Fragments, GroupView, NoteView, QuestionsView, group_view, notes_view, questions_view


@dataclass(frozen=True)
class BlockView:
    html: Markup
    insert: str | None = None  # a generated block, e.g. "working-groups"


@dataclass(frozen=True)
class SectionView:
    id: str
    title: Markup
    plain_title: str
    level: int
    blocks: list[BlockView]
    sections: list[SectionView]


@dataclass(frozen=True)
class ConceptNoteBody(Body):
    settings: ConceptNoteSettings
    sections: list[SectionView]
    cross_cutting: QuestionsView
    group_questions: list[GroupView]
    notes: list[NoteView]


def _block(block: Text | Insert, fragments: Fragments) -> BlockView:
    if isinstance(block, Insert):
        return BlockView(Markup(""), block.name)
    return BlockView(fragments.html(block))


def _section_views(sections: tuple[Section, ...], fragments: Fragments, level: int) -> list[SectionView]:
    result = []
    for section in sections:
        title = fragments.html(section.title)
        blocks = [_block(block, fragments) for block in section.body]
        result.append(SectionView(section.id, title, section.title.plain, level, blocks,
                                  _section_views(section.sections, fragments, level + 1)))
    return result


class ConceptNote(DocumentKind):
    name = "concept-note"
    command = "note"
    help = "Build the concept note."
    print_order = 0
    handed_out = True

    def title(self, pack: Pack) -> str:
        return pack.concept_note.title

    def bound_as_booklet(self, pack: Pack) -> bool:
        return pack.print_run.concept_note_as == "booklet"

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        return [text for _, text in reading_order(pack)]

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return numbering.all()  # uncited notes too (--no-strict), after the cited ones

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> ConceptNoteBody:
        sections = _section_views(pack.sections, fragments, 2)
        cross_cutting = questions_view(pack, fragments)
        groups = [group_view(g, fragments) for g in pack.groups]
        notes = notes_view(pack, numbering, self.printed_notes(pack, numbering, group), calls, False, fragments)
        return ConceptNoteBody(pack.concept_note, sections, cross_cutting, groups, notes)

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        run = pack.print_run
        ordered = run.concept_note_as == ("booklet" if booklet else "sheets")
        people = len(pack.roster) if pack.roster else run.concept_note  # one each when the roster counts
        return people + run.spare if ordered else 0
