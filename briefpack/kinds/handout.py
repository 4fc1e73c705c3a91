"""A working group's handout: its questions, the cross-cutting ones, the notes they cite, room for notes."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.fields import Field, KindFields, Shape
from ..content.model import Pack, SettingValue, Text
from ..text.numbering import Numbering, cited_notes
from .base import DocumentKind, PersonalOutputs
from .views import Body, Calls, Fragments, GroupView, NoteView, QuestionsView, group_view, notes_view, questions_view


@dataclass(frozen=True)
class HandoutBody(Body):
    settings: dict[str, SettingValue]  # its settings in pack.yaml
    intro: Markup
    group: GroupView
    cross_cutting: QuestionsView
    notes: list[NoteView]
    group_label: str


SETTINGS = Field("handouts", "shape", "The handouts' settings.", shape=Shape("documents.handouts", (
    Field("title", "string", "The handouts' title (default: Working Group Handout).", what="handout title"),
    Field("notes_lines", "integer", "Ruled lines for participants' notes (default: 18).", low=0, high=60,
          default=18),
    Field("intro", "markdown", "Markdown shown above the questions of every handout.", what="handout intro"),
)))
FORM = "handouts_as"  # its print_run choice
TITLES = {"en": "Working Group Handout", "fr": "Document du groupe de travail",
          "es": "Documento del grupo de trabajo", "de": "Unterlage der Arbeitsgruppe",
          "ru": "Материалы рабочей группы", "zh-Hans": "工作组讲义", "zh-Hant": "工作小組講義",
          "ja": "ワーキンググループ配布資料", "ko": "실무 그룹 자료", "th": "เอกสารประกอบคณะทำงาน",
          "vi": "Tài liệu nhóm công tác",
          "ar": "نشرة الفريق العامل"}


class Handout(DocumentKind):
    name = "handout"
    command = "handouts"
    help = "Build one handout per working group (in print, with its A5 booklet)."
    print_order = 2
    handed_out = True
    per_group = True
    personalised = True
    fields = KindFields(SETTINGS, (
        Field(FORM, "choice", "Which handout print file is ordered.", choices=("booklet", "sheets"), default="booklet"),
    ), titles=TITLES)
    personal = PersonalOutputs("handouts-personal", "handout-personal")

    def title(self, pack: Pack) -> str:
        return pack.documents[SETTINGS.name].title

    def bound_as_booklet(self, pack: Pack) -> bool:
        return True  # both forms are made; the print run says which one is ordered

    def group_label(self, pack: Pack, group: str) -> str:
        return pack.group_label(group)

    def subject(self, pack: Pack, group: str | None) -> str:
        assert group is not None
        return f"{self.group_label(pack, group)}: {pack.group(group).title.plain}"

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        assert group is not None
        texts = [pack.group(group).title, *pack.group(group).questions, *pack.cross_cutting]
        intro = pack.documents[SETTINGS.name].text("intro")
        return texts + [intro] if intro else texts

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return cited_notes(self.shown_texts(pack, group), numbering)

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> HandoutBody:
        assert group is not None
        settings = pack.documents[SETTINGS.name]
        intro = fragments.html(settings.text("intro"))
        view = group_view(pack.group(group), fragments)
        cross_cutting = questions_view(pack, fragments)
        notes = notes_view(pack, numbering, self.printed_notes(pack, numbering, group), calls, False, fragments)
        return HandoutBody(settings.values, intro, view, cross_cutting, notes, self.group_label(pack, group))

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        assert group is not None
        run = pack.print_run
        participants = pack.roster.count(group) if pack.roster else pack.group(group).participants
        count = participants if participants is not None else run.participants_per_group
        if run.personalise:
            count = 0  # the personal copies are ordered in their own file; these are the spares
        return count + run.spare if self.ordered_as(pack, booklet) else 0

    def ordered_as(self, pack: Pack, booklet: bool) -> bool:
        return pack.print_run.choice(FORM) == ("booklet" if booklet else "sheets")
