"""What templates are given: typed views of the pack, rendered for one document in reading order.

Fragments are rendered in the order the template shows them, so that each citation call knows whether it is the
first call of its note in this document (the note links back to that one). What is particular to one kind of
document lives in its module under ``kinds/``; this module holds what kinds share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..content import markdown as markup
from ..content.bidi import Direction
from ..content.model import Group, Pack, Text
from ..content.paths import asset_uri
from ..revisions import change_marks as changemarks
from ..text.numbering import Numbering
from ..text.qr_codes import QrCode, qr_code

if TYPE_CHECKING:
    from ..revisions.change_marks import Marks
    from ..revisions.comparison import Comparison


class Calls:
    """The ``cite`` callback of one document: superscript links, the first call of each note anchored."""

    def __init__(self, numbering: Numbering, linked: bool = True):
        self.numbers = numbering.numbers
        self.linked = linked  # print: plain numbers, no link annotations
        self.seen: set[int] = set()

    def __call__(self, keys: Sequence[str]) -> str:
        links = []
        for key in keys:
            n = self.numbers[key]
            anchor = "" if n in self.seen else f' id="call-{n}"'
            self.seen.add(n)
            links.append(f'<a href="#note-{n}"{anchor} role="doc-noteref">{n}</a>' if self.linked else str(n))
        return f'<sup class="cite">{",".join(links)}</sup>'


class Fragments:
    """Renders content text for one document, in the order the template will show it."""

    def __init__(self, cite: markup.Cite = markup.no_citations, assets: Path | None = None,
                 print_urls: bool = False, comparison: Comparison | None = None, marks: Marks | None = None,
                 direction: Direction | None = None):
        self.cite = cite
        self.direction = direction  # the document's: passages that run the other way say so
        self.assets = assets
        self.print_urls = print_urls
        self.comparison = comparison  # what changed since an earlier version, when a build was asked to say
        self.marks = marks or {}  # blocks that get a change bar

    def asset(self, src: str) -> str:
        """URL of an image the lint has checked is a file inside the assets folder."""
        if self.assets is None:
            raise ValueError(f"image {src!r} in a text that cannot show images")
        return asset_uri(self.assets, src)

    def html(self, text: Text | None) -> Markup:
        if text is None:
            return Markup("")
        if text in self.marks:
            return changemarks.render(text, self.marks[text], self.cite, self.asset, self.print_urls,
                                      self.direction)
        return markup.render(text.parsed, self.cite, self.asset, self.print_urls, self.direction)

    def quiet(self) -> Fragments:
        """The same document's fragments for texts that show citations as plain markers (notes' own text)."""
        return Fragments(markup.no_citations, self.assets, self.print_urls, self.comparison, self.marks,
                         self.direction)


@dataclass(frozen=True)
class GroupView:
    id: str
    number: int
    label: str
    title: Markup
    questions: list[Markup]


@dataclass(frozen=True)
class QuestionsView:
    title: Markup | str
    questions: list[Markup]


@dataclass(frozen=True)
class NoteView:
    id: str
    number: int
    html: Markup
    backref: bool  # the number links back to the note's first call in this document
    qr: list[QrCode]
    cited_in: list[str]
    uncited: bool


@dataclass(frozen=True)
class Body:
    """What one kind of document shows; each kind subclasses it with its own fields."""


def group_view(group: Group, fragments: Fragments) -> GroupView:
    return GroupView(group.id, group.number, group.label, fragments.html(group.title),
                     [fragments.html(q) for q in group.questions])


def questions_view(pack: Pack, fragments: Fragments) -> QuestionsView:
    title = fragments.html(pack.cross_cutting_title) if pack.cross_cutting_title else ""
    return QuestionsView(title, [fragments.html(q) for q in pack.cross_cutting])


def notes_view(pack: Pack, numbering: Numbering, note_ids: Sequence[str], calls: Calls | None, cited_in: bool,
               fragments: Fragments) -> list[NoteView]:
    """The notes to print; in print, each with a QR code per web address it gives."""
    notes = []
    quiet = fragments.quiet()
    for note_id in note_ids:
        number = numbering.numbers[note_id]
        text = pack.note(note_id).text
        places = [place.label(pack) for place in numbering.places[note_id]] if cited_in else []
        qr = [qr_code(url) for url in text.parsed.web_links] if fragments.print_urls else []
        notes.append(NoteView(note_id, number, quiet.html(text),
                              backref=calls is not None and calls.linked and number in calls.seen, qr=qr,
                              cited_in=list(dict.fromkeys(places)),
                              uncited=cited_in and not numbering.places[note_id]))
    return notes
