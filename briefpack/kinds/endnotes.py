"""The endnotes appendix: every note with its pack number and where it is cited."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import EndnotesSettings, Pack, Text
from ..text.numbering import Numbering
from .base import DocumentKind
from .views import Body, Calls, Fragments, NoteView, notes_view


@dataclass(frozen=True)
class EndnotesBody(Body):
    settings: EndnotesSettings
    notes: list[NoteView]


class Endnotes(DocumentKind):
    name = "endnotes"
    command = "endnotes"
    help = "Build the standalone endnotes appendix."
    print_order = 1
    handed_out = True

    def title(self, pack: Pack) -> str:
        return pack.endnotes.title

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        return [note.text for note in pack.notes]

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return numbering.all()

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> EndnotesBody:
        # No calls in this document: numbers do not link back, and every note says where it is cited.
        return EndnotesBody(pack.endnotes, notes_view(pack, numbering, numbering.all(), None, True, fragments))

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        people = len(pack.roster) if pack.roster else pack.print_run.endnotes
        return people + pack.print_run.spare
