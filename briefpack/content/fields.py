"""Every field of every content file, declared once. The validator reads mappings by these declarations (their
names, which are required, their ranges and choices) and `briefpack schema` turns the same declarations into
JSON Schemas for editors, so the two cannot drift apart. pack.yaml's `documents:`, `print_run` counts and choices,
and the labels a document kind prints are the kinds' own: each declares a ``KindFields``, and the registry hands
them down as one ``PackFields`` (content/ cannot import the kinds)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .languages import DEFAULT_LABELS
from .vocabulary import EDITION_NAMES

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
COLOUR_PATTERN = r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
DATE_PATTERN = r"^[12][0-9]{3}-[0-9]{2}-[0-9]{2}$"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # inline | markdown | string | id | integer | boolean | date | language | colour | choice |
    #            group-number | list | shape | body | notes | sections (a section's subsections)
    help: str
    required: bool = False
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    items: Field | Shape | None = None  # a list's items
    shape: Shape | None = None  # a nested mapping
    default: str | int | bool | None = None  # its value when not given (a title's comes from the language)
    what: str = ""  # how messages name it (default: its name)


@dataclass(frozen=True)
class Shape:
    """A mapping: what it is called in messages, and its fields."""

    what: str
    fields: tuple[Field, ...]
    help: str = ""

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if not f.required)

    def __getitem__(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def count_field(name: str, help: str) -> Field:
    """A number of copies or people in print_run or a group."""
    return Field(name, "integer", help, low=0, high=100_000)


LOGO = Shape("a logo", (
    Field("file", "string", "An SVG or PNG file in the pack's assets/ folder, e.g. logos/host.svg.", required=True),
    Field("name", "string", "The organisation (the logo's alternative text).", required=True),
))
PRINT_RUN_HELP = "Copies to order; numbers not given count 0 (the order sheet never invents one)."
PRINT_RUN_FIRST = (count_field("participants_per_group", "Handout copies per working group (a group's `participants` "
                                                    "overrides it)."),)
PRINT_RUN_LAST = (
    count_field("spare", "Added to the copies of every file."),
)
PERSONALISE = Field("personalise", "boolean", "A copy of each participant's handout with their name on it (needs "
                                              "participants.csv; the same as --personalise).")
EXAMPLES = Field("examples", "boolean", "The copy numbers are examples, not an order (a sample pack): the order "
                                       "sheet says so.")
LABELS_HELP = "Every fixed word the documents print, for packs in other languages."

Titles = Mapping[str, str]  # language -> a built-in word (every built-in language, English among them)


@dataclass(frozen=True)
class KindFields:
    """What one document kind adds to pack.yaml and to the built-in words. Each kind declares its own; the kinds'
    registry hands them down to the reader, the schemas and the reference (content/ cannot know the kinds)."""

    settings: Field | None = None  # its `documents:` entry, a `shape` field (e.g. documents.handouts)
    print_run: tuple[Field, ...] = ()  # its copies (integer counts) and which print file is ordered (choices)
    labels: Mapping[str, Titles] = field(default_factory=dict)  # label key -> language -> text (`labels:` overrides)
    titles: Titles = field(default_factory=dict)  # the default of its settings' title, per language
    title_label: str | None = None  # or: its settings' title defaults to this label (one source for a heading)


@dataclass(frozen=True)
class PackFields:
    """Every kind's declarations, in the registry's order: pack.yaml's shape is made from them."""

    kinds: tuple[KindFields, ...] = ()

    @property
    def documents(self) -> tuple[Field, ...]:
        return tuple(k.settings for k in self.kinds if k.settings is not None)

    @property
    def counts(self) -> tuple[Field, ...]:
        """Every print_run count (the generic ones and the kinds'), in the order messages list them."""
        kinds = tuple(f for k in self.kinds for f in k.print_run if f.type == "integer")
        return PRINT_RUN_FIRST + kinds + PRINT_RUN_LAST

    @property
    def print_run(self) -> Shape:
        choices = tuple(f for k in self.kinds for f in k.print_run if f.type != "integer")
        return Shape("print_run", self.counts + choices + (PERSONALISE, EXAMPLES), PRINT_RUN_HELP)

    def label_texts(self) -> dict[str, Titles]:
        """The kinds' labels: key -> language -> text."""
        return {key: texts for k in self.kinds for key, texts in k.labels.items()}

    @property
    def labels(self) -> Shape:
        english = {**DEFAULT_LABELS, **{key: texts["en"] for key, texts in self.label_texts().items()}}
        return Shape("labels", tuple(Field(key, "string", f"Default: {text!r}.") for key, text in english.items()),
                     LABELS_HELP)

    @property
    def documents_shape(self) -> Shape:
        return Shape("documents", self.documents)

    def pack(self) -> Shape:
        """pack.yaml's shape with the kinds' fields in it."""
        kinds = {"labels": self.labels, "documents": self.documents_shape, "print_run": self.print_run}
        return Shape(PACK.what, tuple(replace(f, shape=kinds[f.name]) if f.name in kinds else f
                                      for f in PACK.fields), PACK.help)

    def files(self) -> dict[str, Shape]:
        """Every content file's shape."""
        return {**FILES, "pack.yaml": self.pack()}


DATES = Shape("dates", (Field("start", "date", "The first day, YYYY-MM-DD.", required=True),
                        Field("end", "date", "The last day, YYYY-MM-DD (not before the first).", required=True)),
              "The seminar's days, e.g. {start: 2015-05-12, end: 2015-05-14}.")
PACK = Shape("the pack", (
    Field("series", "inline", "The seminar series, e.g. Informal ASEM Seminar on Human Rights.", required=True),
    Field("edition", "inline", "The seminar's ordinal in its series, e.g. 15^th^.", required=True),
    Field("theme", "inline", "This seminar's theme.", required=True),
    Field("year", "integer", "The seminar's year.", required=True, low=1900, high=2999),
    Field("language", "language", "A BCP 47 language tag such as en-GB, zh-Hans, ar: hyphenation, fonts, "
                                  "direction, built-in labels and the PDFs' /Lang.", required=True),
    Field("host", "inline", "The host, on every title block and in the PDF metadata."),
    Field("co_organisers", "list", "Co-organisers, named on the title blocks; the PDFs' author.",
          items=Field("co_organiser", "inline", "A co-organiser.")),
    Field("short_title", "inline", "The running head (default: edition and series)."),
    Field("date", "date", "The issue date the PDFs record, YYYY-MM-DD (default: 1 January of the year)."),
    Field("dates", "shape", "When the seminar meets: its first and last day (one day: the same date twice).",
          shape=DATES),
    Field("venue", "inline", "Where the seminar meets, e.g. Tbilisi, Georgia."),
    Field("editions", "list", "The editions `briefpack all` builds when no --edition is given (default: screen "
                              "and print).", items=Field("edition", "choice", "screen, print or web.",
                                                         choices=EDITION_NAMES)),
    Field("labels", "shape", "Fixed words, key by key.", shape=Shape("labels", (), LABELS_HELP)),
    Field("documents", "shape", "How the documents are laid out.", shape=Shape("documents", ())),
    Field("print_run", "shape", "The print run, for the print order.", shape=Shape("print_run", (), PRINT_RUN_HELP)),
    Field("logos", "list", "Logos on the title blocks, in this order.", items=LOGO),
    Field("status", "choice", "draft: a DRAFT mark on every page, and no print edition without --allow-draft; "
                              "final (the default).", choices=("draft", "final")),
    Field("version", "string", "This version's name, e.g. \"2\" (its date is `date`): in the page foot."),
    Field("accent", "colour", "The screen edition's colour for headings and links, #rrggbb (enough contrast on "
                              "white); the print edition stays black."),
))
INSERT = Shape("a generated block", (
    Field("insert", "choice", "A block made from other content.", required=True, choices=("working-groups",)),
))
SECTION = Shape("a section", (
    Field("id", "id", "Lower-case letters, digits and hyphens; unique in the concept note.", required=True),
    Field("title", "inline", "The section's heading.", required=True),
    Field("body", "body", "Markdown, or a list of Markdown blocks and generated blocks (- insert: working-groups)."),
    Field("sections", "sections", "Subsections, each a section like this one (up to three levels in all)."),
))
CONCEPT_NOTE = Shape("the concept note", (
    Field("sections", "list", "The concept note's sections, in reading order.", required=True, items=SECTION),
))
CROSS_CUTTING = Shape("cross_cutting", (
    Field("title", "inline", "The heading of the cross-cutting questions (default: the language's label "
                             "cross_cutting_questions)."),
    Field("questions", "list", "Questions every working group discusses.", required=True,
          items=Field("question", "inline", "A question (inline Markdown; citations allowed).")),
))
QUESTIONS = Shape("the questions file", (
    Field("cross_cutting", "shape", "Questions valid for every working group.", required=True, shape=CROSS_CUTTING),
))
GROUP = Shape("a working group", (
    Field("id", "id", "Names the handout file (handout-<id>.pdf).", required=True),
    Field("number", "group-number", "1 to 999, or a letter A to Z: \"Working Group 3\", \"Working Group C\".",
          required=True),
    Field("title", "inline", "The group's title.", required=True),
    Field("questions", "list", "The group's guiding questions.", required=True,
          items=Field("question", "inline", "A question (inline Markdown; citations allowed).")),
    count_field("participants", "Handout copies for this group (overrides print_run.participants_per_group)."),
))
GROUPS = Shape("the groups file", (
    Field("groups", "list", "The working groups, in order.", required=True, items=GROUP),
))
NOTES = Shape("the notes file", (
    Field("notes", "notes", "Note id -> the note's Markdown text; cited as [^id].", required=True),
))
# pack.yaml without any kind's fields: PackFields.files() adds them
FILES = {"pack.yaml": PACK, "concept-note.yaml": CONCEPT_NOTE, "questions.yaml": QUESTIONS,
         "groups.yaml": GROUPS, "notes.yaml": NOTES}
