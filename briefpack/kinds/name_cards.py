"""Name cards: folded A4 table tents, one per participant, the name large on both faces.

The upper half of the sheet is printed upside down, so that once folded along the middle each face reads upright
from its side of the table. One file per working group (its table), in sign-in order: a roster edit re-renders
only that group's cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..content.fields import KindFields
from ..content.model import Pack, Text
from ..text.numbering import Numbering
from .base import DocumentKind
from .views import Body, Calls, Fragments

# Longer names get a smaller size so that a face holds them on two lines at most (A4 width, 20 mm margins).
NAME_SIZES = ((22, 44), (34, 34), (48, 27))
SMALLEST_NAME_SIZE = 22


@dataclass(frozen=True)
class NameCard:
    name: str
    organisation: str
    name_size: int  # points


@dataclass(frozen=True)
class NameCardsBody(Body):
    cards: list[NameCard]


def name_size(name: str) -> int:
    return next((size for length, size in NAME_SIZES if len(name) <= length), SMALLEST_NAME_SIZE)


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
        people = pack.roster.in_group(group)
        return NameCardsBody([NameCard(p.name, p.organisation, name_size(p.name)) for p in people])

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        return 1  # one card per participant is in the file already
