"""The concept note: the whole text with its questions, then every note of the pack."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.fields import Field, KindFields, Shape, count_field
from ..content.model import Insert, Pack, Section, SettingValue, Text
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
    settings: dict[str, SettingValue]  # its settings in pack.yaml
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


SETTINGS = Field("concept_note", "shape", "The concept note's settings.", shape=Shape("documents.concept_note", (
    Field("title", "string", "The concept note's title (default: Concept Note).", what="concept note title"),
    Field("questions_on_new_page", "boolean", "Start the questions on a new page (default: true).", default=True),
    Field("group_list_markers", "choice", "The list of working groups: their labels (1., A.) or roman numerals.",
          choices=("labels", "roman"), default="labels"),
)))
COUNT, FORM = "concept_note", "concept_note_as"  # its print_run fields
TITLES = {"en": "Concept Note", "fr": "Note conceptuelle", "es": "Nota conceptual", "de": "Konzeptpapier",
          "ru": "Концептуальная записка", "zh-Hans": "概念文件", "zh-Hant": "概念文件", "ja": "コンセプトノート",
          "ko": "개념 문서", "th": "เอกสารแนวคิด", "vi": "Tài liệu khái niệm", "ar": "المذكرة المفاهيمية"}


class ConceptNote(DocumentKind):
    name = "concept-note"
    command = "note"
    help = "Build the concept note."
    print_order = 0
    handed_out = True
    fields = KindFields(SETTINGS, (
        count_field(COUNT, "Copies of the concept note."),
        Field(FORM, "choice", "Which concept note print file is ordered.", choices=("sheets", "booklet"),
              default="sheets"),
    ), titles=TITLES)

    def title(self, pack: Pack) -> str:
        return pack.documents[SETTINGS.name].title

    def bound_as_booklet(self, pack: Pack) -> bool:
        return pack.print_run.choice(FORM) == "booklet"

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
        return ConceptNoteBody(pack.documents[SETTINGS.name].values, sections, cross_cutting, groups, notes)

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        run = pack.print_run
        ordered = run.choice(FORM) == ("booklet" if booklet else "sheets")
        people = len(pack.roster) if pack.roster else run.count(COUNT)  # one each when the roster counts
        return people + run.spare if ordered else 0
