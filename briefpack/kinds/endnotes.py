"""The endnotes appendix: every note with its pack number and where it is cited."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.fields import Field, KindFields, Shape, count_field
from ..content.model import Pack, SettingValue, Text
from ..text.numbering import Numbering
from .base import DocumentKind
from .views import Body, Calls, Fragments, NoteView, notes_view


@dataclass(frozen=True)
class EndnotesBody(Body):
    settings: dict[str, SettingValue]  # its settings in pack.yaml
    notes: list[NoteView]


SETTINGS = Field("endnotes", "shape", "The endnotes appendix's settings.", shape=Shape("documents.endnotes", (
    Field("title", "string", "The endnotes appendix's title (default: Endnotes).", what="endnotes title"),
)))
COUNT = "endnotes"  # its print_run count
LABEL = "endnotes"  # the heading of every list of notes, and this appendix's title unless the pack sets one
HEADINGS = {"en": "Endnotes", "fr": "Notes", "es": "Notas", "de": "Anmerkungen", "ru": "Примечания",
            "zh-Hans": "尾注", "zh-Hant": "尾註", "ja": "注", "ko": "미주", "th": "เชิงอรรถ", "vi": "Chú thích",
            "ar": "الحواشي"}


class Endnotes(DocumentKind):
    name = "endnotes"
    command = "endnotes"
    help = "Build the standalone endnotes appendix."
    print_order = 1
    handed_out = True
    fields = KindFields(SETTINGS, (count_field(COUNT, "Copies of the endnotes appendix."),),
                        labels={LABEL: HEADINGS}, title_label=LABEL)

    def title(self, pack: Pack) -> str:
        return pack.documents[SETTINGS.name].title

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        return [note.text for note in pack.notes]

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return numbering.all()

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> EndnotesBody:
        # No calls in this document: numbers do not link back, and every note says where it is cited.
        notes = notes_view(pack, numbering, numbering.all(), None, True, fragments)
        return EndnotesBody(pack.documents[SETTINGS.name].values, notes)

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        people = len(pack.roster) if pack.roster else pack.print_run.count(COUNT)
        return people + pack.print_run.spare
