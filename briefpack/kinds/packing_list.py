"""The packing list: for each participant the documents in their envelope; per working group the counts.

The organisers' sheet (it names people); its CSV twins are written with the print order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..content.fields import KindFields
from ..content.model import Pack, Text
from ..content.roster import name_language, script_language, text_direction
from ..text.numbering import Numbering
from .base import DocumentKind
from .envelopes import envelopes, group_counts
from .registry import Registry
from .sign_in import role_label
from .views import Body, Calls, Fragments


@dataclass(frozen=True)
class EnvelopeRow:
    number: int
    name: str
    organisation: str
    role: str
    extra: list[str]  # documents beyond those every envelope of the group holds (none, unless a kind says so)
    lang: str  # of the name, for its face ("" for the document's)
    direction: str
    organisation_lang: str


@dataclass(frozen=True)
class GroupPacking:
    label: str
    title: Markup
    members: int
    counts: list[tuple[str, int]]  # the documents of every envelope of the group, listed once, and their copies
    envelopes: list[EnvelopeRow]  # one line per person, with a box to tick when the envelope is packed
    any_extra: bool


@dataclass(frozen=True)
class PackingListBody(Body):
    groups: list[GroupPacking]


LABEL = "packing_list"  # its title, a label (pack.yaml's `labels:` overrides it)
LABELS = {"en": "Packing list", "fr": "Liste de colisage", "es": "Lista de contenido", "de": "Packliste",
          "ru": "Упаковочный лист", "zh-Hans": "装袋清单", "zh-Hant": "裝袋清單", "ja": "封入リスト", "ko": "배부 목록",
          "th": "รายการเอกสารในซอง", "vi": "Danh mục tài liệu", "ar": "قائمة المحتويات"}


class PackingList(DocumentKind):
    name = "packing-list"
    command = "packing-list"
    command_section = "People and print"
    help = "Build the packing list: each participant's envelope, and counts per group (needs participants.csv)."
    print_order = 6
    editions = ("screen", "print")  # no web form
    fields = KindFields(labels={LABEL: LABELS})
    shows_people = True


    def __init__(self, registry: Registry):
        self.registry = registry  # the kinds whose documents go into the envelopes

    def instances(self, pack: Pack, groups: Sequence[str] | None) -> list[str | None]:
        return [None] if pack.roster else []

    def unavailable(self, pack: Pack) -> str | None:
        return None if pack.roster else f"the packing list is made from participants.csv, and {pack.root} has none"

    def title(self, pack: Pack) -> str:
        return pack.meta.labels[LABEL]

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        return [g.title for g in pack.groups]

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return []

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> PackingListBody:
        quiet = fragments.quiet()
        kinds = self.registry.all_kinds()
        everyone = envelopes(pack, kinds)
        views = []
        for (group_id, members, counts), g in zip(group_counts(pack, kinds), pack.groups, strict=True):
            mine = [e for e in everyone if e.person.group == group_id]
            common = set(counts)
            rows = [EnvelopeRow(n, e.person.name, e.person.organisation, role_label(e.person.role),
                                [d for d in e.documents if d not in common], name_language(e.person),
                                text_direction(e.person.name),
                                script_language(e.person.organisation) or name_language(e.person))
                    for n, e in enumerate(mine, 1)]
            label = pack.group_label(g.id)
            views.append(GroupPacking(label, quiet.html(g.title), members, list(counts.items()), rows,
                                      any(r.extra for r in rows)))
        return PackingListBody(views)

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        return 1  # the organisers'
