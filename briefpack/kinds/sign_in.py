"""A working group's sign-in sheet: its members from the roster, sorted by name, with room to sign.

Only packs with a participants.csv have one. It is the organiser's sheet: it names people in its pages, never in
its metadata (title and subject name the group only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..content.fields import KindFields
from ..content.model import Pack, Participant, Text
from ..content.roster import name_language, script_language, text_direction
from ..text.numbering import Numbering
from .base import DocumentKind
from .views import Body, Calls, Fragments


@dataclass(frozen=True)
class SignInRow:
    number: int
    name: str
    organisation: str
    country: str
    role: str
    lang: str = ""  # of the name, for its face ("" for the document's)
    direction: str = "ltr"
    organisation_lang: str = ""


@dataclass(frozen=True)
class SignInBody(Body):
    group_label: str
    group_title: Markup
    rows: list[SignInRow]


def role_label(role: str) -> str:
    return role[:1].upper() + role[1:]


def sign_in_rows(people: Sequence[Participant]) -> list[SignInRow]:
    return [SignInRow(n, p.name, p.organisation, p.country, role_label(p.role), name_language(p),
                      text_direction(p.name), script_language(p.organisation) or name_language(p))
            for n, p in enumerate(people, 1)]


LABEL = "sign_in_sheet"  # its title, a label (pack.yaml's `labels:` overrides it)
LABELS = {"en": "Sign-in sheet", "fr": "Feuille d'émargement", "es": "Hoja de firmas", "de": "Anwesenheitsliste",
          "ru": "Лист регистрации", "zh-Hans": "签到表", "zh-Hant": "簽到表", "ja": "署名簿", "ko": "서명부",
          "th": "แบบลงทะเบียน", "vi": "Danh sách ký tên", "ar": "ورقة تسجيل الحضور"}


class SignInSheet(DocumentKind):
    name = "sign-in"
    command = "sign-in"
    command_section = "People and print"
    help = "Build one sign-in sheet per working group (needs participants.csv)."
    print_order = 4
    editions = ("screen", "print")  # no web form
    fields = KindFields(labels={LABEL: LABELS})
    shows_people = True
    single_sided = True  # a sheet to sign, passed round: printed on one side, never padded
    per_group = True

    def instances(self, pack: Pack, groups: Sequence[str] | None) -> list[str | None]:
        return super().instances(pack, groups) if pack.roster else []

    def unavailable(self, pack: Pack) -> str | None:
        return None if pack.roster else f"sign-in sheets are made from participants.csv, and {pack.root} has none"

    def title(self, pack: Pack) -> str:
        return pack.meta.labels[LABEL]

    def group_label(self, pack: Pack, group: str) -> str:
        return pack.group_label(group)

    def subject(self, pack: Pack, group: str | None) -> str:
        assert group is not None
        return f"{self.title(pack)}, {self.group_label(pack, group)}: {pack.group(group).title.plain}"

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        assert group is not None
        return [pack.group(group).title]

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return []

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> SignInBody:
        assert group is not None and pack.roster is not None
        title = fragments.quiet().html(pack.group(group).title)  # a sheet to sign: no citation calls
        return SignInBody(self.group_label(pack, group), title, sign_in_rows(pack.roster.in_group(group)))

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        return 1  # the organiser's sheet: one per group, no spares
