"""What a kind of document is: one object declaring everything about itself.

The planner, the HTML stage, the cache, the print order, the pack reader (through ``fields``: its settings in
pack.yaml, its print-run counts, its titles and labels in every language), the personal copies and the command
line read these declarations; none of them tests a kind's name. Adding a kind is one module here (a subclass
registered with ``register``), its template in templates/ and its stylesheet in styles/."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from ..content.fields import KindFields
from ..content.model import Pack, Text
from ..text.numbering import Numbering
from .views import Body, Calls, Fragments

if TYPE_CHECKING:
    from ..revisions.comparison import Comparison


@dataclass(frozen=True)
class PersonalOutputs:
    """The files personalisation derives from a personalised kind's print edition: per group, one file holding a
    copy per member, each with their name (``print/<group_stem>-<group>.pdf``, manifest kind ``group_kind``)."""

    group_stem: str
    group_kind: str

    def group_file(self, folder: str, group: str) -> str:
        return f"{folder}{self.group_stem}-{group}.pdf"

    def group_pattern(self) -> str:
        """The shell pattern of its files' names, for the personal-data notice."""
        return f"{self.group_stem}-*.pdf"


@dataclass(frozen=True)
class CommandOption:
    """An option of the kind's own command beyond the build options: the command line reads it (click.option) and
    puts its value into the build's ``Options`` field named by ``sets``."""

    flag: str  # "--since"
    sets: Literal["since", "groups"]  # the Options field it fills (groups: a tuple of the one value given)
    help: str
    metavar: str
    required: bool = False


class DocumentKind(ABC):
    name: ClassVar[str]  # "concept-note": file stem, template "<name>.html", stylesheet "<name>.css", manifest kind
    command: ClassVar[str]  # its command: `briefpack <command>`
    help: ClassVar[str]  # one line for `--help`
    print_order: ClassVar[int]  # place of its files in the print order sheet
    per_group: ClassVar[bool] = False  # one document per working group (`--group` selects)
    on_request: ClassVar[bool] = False  # built by its own command only, never by `all` or `print`
    marks_changes: ClassVar[bool] = True  # draws change bars when a build is asked to (--mark-changes-since)
    single_sided: ClassVar[bool] = False  # printed on one side (name cards): not padded, sheets = pages
    personalised: ClassVar[bool] = False  # a copy per participant can carry their name (needs participants.csv)
    shows_people: ClassVar[bool] = False  # prints participants' names: personal data
    handed_out: ClassVar[bool] = False  # one copy in each participant's envelope (per group: their group's)
    fields: ClassVar[KindFields] = KindFields()  # its settings and print-run fields in pack.yaml, its words
    personal: ClassVar[PersonalOutputs | None] = None  # what personalisation derives from it (needs personalised)
    editions: ClassVar[tuple[str, ...] | None] = None  # the editions it comes in (None: every edition)
    command_options: ClassVar[tuple[CommandOption, ...]] = ()  # its command's options beyond the build's
    command_edition: ClassVar[str] = "screen"  # its command's default --edition (screen, print or both)
    command_section: ClassVar[Literal["Building", "People and print", "Checking"]] = "Building"  # in --help
    command_example: ClassVar[str] = ""  # its command's example after `briefpack <command>` ("" = --content ...)

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    @property
    def stylesheet(self) -> str:
        return f"{self.name}.css"

    def has_edition(self, edition: str) -> bool:
        return self.editions is None or edition in self.editions

    def template_in(self, edition: str) -> str:
        """Its template in ``edition`` (the same in every edition unless a kind says otherwise)."""
        return self.template

    def stylesheet_in(self, edition: str) -> str:
        """Its own stylesheet in ``edition``; the edition adds its own after it."""
        return self.stylesheet

    def stem(self, group: str | None) -> str:
        """The output's file name without folder or suffix."""
        return f"{self.name}-{group}" if group else self.name

    def instances(self, pack: Pack, groups: Sequence[str] | None) -> list[str | None]:
        """One document, or one per selected working group."""
        if not self.per_group:
            return [None]
        return [g.id for g in pack.groups if groups is None or g.id in groups]

    def bound_as_booklet(self, pack: Pack) -> bool:
        """Whether the print edition also makes an A5 booklet of this document."""
        return False

    def unavailable(self, pack: Pack) -> str | None:
        """Why this pack has no document of this kind (asking for one is then an error), or None."""
        return None

    def ordered_as(self, pack: Pack, booklet: bool) -> bool:
        """Whether this form (the booklet, or the flat document) is the one the print order orders."""
        return not booklet

    @abstractmethod
    def title(self, pack: Pack) -> str:
        """The document's title (its kicker on the first page)."""

    def subject(self, pack: Pack, group: str | None) -> str:
        """What the document is about, for the PDF's title and subject."""
        return self.title(pack)

    @abstractmethod
    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        """The content texts the document shows: their citations decide which notes it prints."""

    @abstractmethod
    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        """Ids of the notes the document prints, in number order."""

    @abstractmethod
    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> Body:
        """What the template shows, rendered in reading order."""

    @abstractmethod
    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        """Copies of this document's print file (or of its booklet) to order."""

    def summary(self, changes: Comparison | None, since: str | None) -> list[str]:
        """Lines its command prints after a build that made it (the `changes` command: what changed)."""
        return []
