"""A working group's handout: its questions, the cross-cutting ones, the notes they cite, room for notes."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.model import HandoutSettings, Pack, Text
from ..text.numbering import Numbering, cited_notes
from .base import DocumentKind
from .views import Body, Calls, Fragments, GroupView, NoteView, QuestionsView, group_view, notes_view, questions_view


@dataclass(frozen=True)
class HandoutBody(Body):
    settings: HandoutSettings
    intro: Markup
    group: GroupView
    cross_cutting: QuestionsView
    notes: list[NoteView]
    group_label: str


class Handout(DocumentKind):
    name = "handout"
    command = "handouts"
    help = "Build one handout per working group (in print, with its A5 booklet)."
    print_order = 2
    handed_out = True
    per_group = True
    personalised = True

    def title(self, pack: Pack) -> str:
        return pack.handouts.title

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
        return texts + [pack.handouts.intro] if pack.handouts.intro else texts

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return cited_notes(self.shown_texts(pack, group), numbering)

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> HandoutBody:
        assert group is not None
        intro = fragments.html(pack.handouts.intro)
        view = group_view(pack.group(group), fragments)
        cross_cutting = questions_view(pack, fragments)
        notes = notes_view(pack, numbering, self.printed_notes(pack, numbering, group), calls, False, fragments)
        return HandoutBody(pack.handouts, intro, view, cross_cutting, notes, self.group_label(pack, group))

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        assert group is not None
        run = pack.print_run
        participants = pack.roster.count(group) if pack.roster else pack.group(group).participants
        count = participants if participants is not None else run.participants_per_group
        if run.personalise:
            count = 0  # the personal copies are ordered in their own file; these are the spares
        return count + run.spare if self.ordered_as(pack, booklet) else 0

    def ordered_as(self, pack: Pack, booklet: bool) -> bool:
        return pack.print_run.handouts_as == ("booklet" if booklet else "sheets")
