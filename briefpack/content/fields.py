"""Every field of every content file, declared once. The validator reads mappings by these declarations (their
names, which are required, their ranges and choices) and `briefpack schema` turns the same declarations into
JSON Schemas for editors, so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .languages import DEFAULT_LABELS

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


@dataclass(frozen=True)
class Shape:
    """A mapping: what it is called in messages, and its fields."""

    what: str
    fields: tuple[Field, ...]
    help: str = ""
    extras: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if not f.required)

    def __getitem__(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _count(name: str, help: str) -> Field:
    return Field(name, "integer", help, low=0, high=100_000)


LOGO = Shape("a logo", (
    Field("file", "string", "An SVG or PNG file in the pack's assets/ folder, e.g. logos/host.svg.", required=True),
    Field("name", "string", "The organisation (the logo's alternative text).", required=True),
))
PRINT_RUN = Shape("print_run", (
    _count("participants_per_group", "Handout copies per working group (a group's `participants` overrides it)."),
    _count("concept_note", "Copies of the concept note."),
    _count("endnotes", "Copies of the endnotes appendix."),
    _count("spare", "Added to the copies of every file."),
    Field("handouts_as", "choice", "Which handout print file is ordered.", choices=("booklet", "sheets")),
    Field("concept_note_as", "choice", "Which concept note print file is ordered.", choices=("sheets", "booklet")),
    Field("personalise", "boolean", "A copy of each participant's handout with their name on it (needs "
                                    "participants.csv; the same as --personalise)."),
), "Copies to order; numbers not given count 0 (the order sheet never invents one).")
CONCEPT_NOTE_SETTINGS = Shape("documents.concept_note", (
    Field("title", "string", "The concept note's title (default: Concept Note)."),
    Field("questions_on_new_page", "boolean", "Start the questions on a new page (default: true)."),
    Field("group_list_markers", "choice", "The list of working groups: their labels (1., A.) or roman numerals.",
          choices=("labels", "roman")),
))
HANDOUT_SETTINGS = Shape("documents.handouts", (
    Field("title", "string", "The handouts' title (default: Working Group Handout)."),
    Field("notes_lines", "integer", "Ruled lines for participants' notes (default: 18).", low=0, high=60),
    Field("intro", "markdown", "Markdown shown above the questions of every handout."),
))
ENDNOTES_SETTINGS = Shape("documents.endnotes", (
    Field("title", "string", "The endnotes appendix's title (default: Endnotes)."),
))
DOCUMENTS = Shape("documents", (
    Field("concept_note", "shape", "The concept note's settings.", shape=CONCEPT_NOTE_SETTINGS),
    Field("handouts", "shape", "The handouts' settings.", shape=HANDOUT_SETTINGS),
    Field("endnotes", "shape", "The endnotes appendix's settings.", shape=ENDNOTES_SETTINGS),
))
LABELS = Shape("labels", tuple(Field(key, "string", f"Default: {text!r}.") for key, text in DEFAULT_LABELS.items()),
               "Every fixed word the documents print, for packs in other languages.")
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
    Field("labels", "shape", "Fixed words, key by key.", shape=LABELS),
    Field("documents", "shape", "How the documents are laid out.", shape=DOCUMENTS),
    Field("print_run", "shape", "The print run, for the print order.", shape=PRINT_RUN),
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
    _count("participants", "Handout copies for this group (overrides print_run.participants_per_group)."),
))
GROUPS = Shape("the groups file", (
    Field("groups", "list", "The working groups, in order.", required=True, items=GROUP),
))
NOTES = Shape("the notes file", (
    Field("notes", "notes", "Note id -> the note's Markdown text; cited as [^id].", required=True),
))
FILES = {"pack.yaml": PACK, "concept-note.yaml": CONCEPT_NOTE, "questions.yaml": QUESTIONS,
         "groups.yaml": GROUPS, "notes.yaml": NOTES}
