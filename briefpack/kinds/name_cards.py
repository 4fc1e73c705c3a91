"""Name cards: folded A4 table tents, one per participant, the name large on both faces.

The upper half of the sheet is printed upside down, so that once folded along the middle each face reads upright
from its side of the table. One file per working group (its table), in sign-in order: a roster edit re-renders
only that group's cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..content.fields import KindFields
from ..content.model import Pack, Participant, Text
from ..content.paths import Paths
from ..content.roster import name_language, script_language, text_direction
from ..text.measure import BOLD, NORMAL, Measure, line_height, measure_in, size_to_fit
from ..text.numbering import Numbering
from .base import DocumentKind
from .views import Body, Calls, Fragments

# A face is A4 wide less 20 mm margins each side. A name is set on one line at the largest size its measured
# width allows, down to ONE_LINE_SMALLEST; a longer one on two lines, down to SMALLEST_NAME_SIZE (then it wraps
# further: a name is never cut). The organisation keeps to two lines by its measured width, never hyphenated.
FACE_WIDTH_PT = (210 - 2 * 20) * 72 / 25.4
NAME_LARGEST, ONE_LINE_SMALLEST, SMALLEST_NAME_SIZE = 44.0, 30.0, 22.0
ORGANISATION_LARGEST, ORGANISATION_SMALLEST = 16.0, 9.0
NAME_LEADING, ORGANISATION_LEADING = 1.15, 1.3  # at least: more where a script's glyphs reach further


@dataclass(frozen=True)
class Setting:
    """How one text of a card is set: its size (points), line height, language and direction."""

    size: float
    line_height: float
    lang: str
    direction: str


@dataclass(frozen=True)
class NameCard:
    name: str
    organisation: str
    name_set: Setting
    organisation_set: Setting


@dataclass(frozen=True)
class NameCardsBody(Body):
    cards: list[NameCard]


def name_setting(measure: Measure, name: str, lang: str, document_language: str) -> Setting:
    """The name on one line if it fits at ONE_LINE_SMALLEST or larger, else on two (by its measured width)."""
    extent = measure.extent(name, "sans", BOLD, lang or document_language)
    size = size_to_fit(extent, FACE_WIDTH_PT, NAME_LARGEST, SMALLEST_NAME_SIZE)
    if size < ONE_LINE_SMALLEST:
        size = size_to_fit(extent, FACE_WIDTH_PT, ONE_LINE_SMALLEST, SMALLEST_NAME_SIZE, lines=2)
    return Setting(size, line_height(extent, NAME_LEADING), lang, text_direction(name))


def organisation_setting(measure: Measure, organisation: str, lang: str, document_language: str) -> Setting:
    extent = measure.extent(organisation, "serif", NORMAL, lang or document_language)
    size = size_to_fit(extent, FACE_WIDTH_PT, ORGANISATION_LARGEST, ORGANISATION_SMALLEST, lines=2)
    return Setting(size, line_height(extent, ORGANISATION_LEADING), lang, text_direction(organisation))


def card(measure: Measure, person: Participant, document_language: str) -> NameCard:
    """A person's card; a text's language is set only where it is not the document's (the roster's language
    column, or the script: kana, Hangul)."""
    lang = name_language(person)
    return NameCard(person.name, person.organisation, name_setting(measure, person.name, lang, document_language),
                    organisation_setting(measure, person.organisation, script_language(person.organisation) or lang,
                                         document_language))


LABEL = "name_cards"  # its title, a label (pack.yaml's `labels:` overrides it)
LABELS = {"en": "Name cards", "fr": "Chevalets nominatifs", "es": "Tarjetas de identificación",
          "de": "Namensschilder", "ru": "Таблички с именами", "zh-Hans": "桌牌", "zh-Hant": "桌牌", "ja": "卓上名札",
          "ko": "명패", "th": "ป้ายชื่อตั้งโต๊ะ", "vi": "Bảng tên", "ar": "بطاقات الأسماء"}


class NameCards(DocumentKind):
    name = "name-cards"
    command = "name-cards"
    command_section = "People and print"
    help = "Build each working group's name cards: a folded A4 sheet per participant (needs participants.csv)."
    print_order = 5
    editions = ("screen", "print")  # no web form
    fields = KindFields(labels={LABEL: LABELS})
    shows_people = True
    single_sided = True
    per_group = True

    def instances(self, pack: Pack, groups: Sequence[str] | None) -> list[str | None]:
        if pack.roster is None:
            return []
        return [g for g in super().instances(pack, groups) if g is not None and pack.roster.count(g)]

    def subject(self, pack: Pack, group: str | None) -> str:
        assert group is not None
        return f"{self.title(pack)}, {pack.group_label(group)}"

    def unavailable(self, pack: Pack) -> str | None:
        return None if pack.roster else f"name cards are made from participants.csv, and {pack.root} has none"

    def title(self, pack: Pack) -> str:
        return pack.meta.labels[LABEL]

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        return []

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return []

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> NameCardsBody:
        assert pack.roster is not None and group is not None
        measure = measure_in(Paths(content=Path(pack.root)).styles)
        return NameCardsBody([card(measure, p, pack.meta.language) for p in pack.roster.in_group(group)])

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        return 1  # one card per participant is in the file already
