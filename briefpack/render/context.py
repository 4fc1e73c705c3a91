"""What every template is given: the parts every document shows the same way (Common) and one
document's whole context."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..content import languages
from ..content.model import Pack, plain
from ..content.paths import asset_uri
from ..kinds.views import Body, Fragments
from . import dates, draft_marks

if TYPE_CHECKING:
    from ..kinds.outputs import OutputSpec


@dataclass(frozen=True)
class GroupEntry:
    id: str
    number: int
    label: str
    title: Markup


@dataclass(frozen=True)
class LogoView:
    src: str  # file URI inside the assets folder
    alt: str


@dataclass(frozen=True)
class Common:
    """What every document of the pack shows the same way."""

    lang: str
    direction: str  # the document's: 'ltr' or 'rtl'
    punctuation: languages.Punctuation  # the language's list separators
    labels: dict[str, str]
    series: Markup
    ordinal: Markup
    theme: Markup
    year: int
    date: str | None
    host: Markup
    co_organisers: list[Markup]
    short_title: str
    seminar: str
    author: str
    keywords: str
    groups: list[GroupEntry]
    logos: list[LogoView]
    accent: str | None
    dates: str = ""  # the seminar's days in its language ("12–14 May 2015"), when pack.yaml gives them
    venue: Markup = Markup("")  # where it meets, when pack.yaml says
    draft: bool = False  # a large DRAFT mark on every page
    foot_line: str = ""  # "Draft 2 · 12 May 2015" in the page foot


def common(pack: Pack, assets: Path | None = None) -> Common:
    meta = pack.meta
    logos = [LogoView(asset_uri(assets, logo.file), logo.name) for logo in meta.logos] if assets else []
    direction = languages.direction(meta.language)
    quiet = Fragments(direction=direction)
    seminar = f"{plain(meta.ordinal)} {plain(meta.series)}"
    return Common(
        lang=meta.language, direction=direction, punctuation=languages.punctuation(meta.language),
        labels=meta.labels, series=quiet.html(meta.series), ordinal=quiet.html(meta.ordinal),
        theme=quiet.html(meta.theme), year=meta.year, date=meta.date, host=quiet.html(meta.host),
        co_organisers=[quiet.html(c) for c in meta.co_organisers],
        short_title=plain(meta.short_title) or seminar, seminar=seminar,
        author="; ".join(plain(c) for c in meta.co_organisers) or plain(meta.host),
        keywords=", ".join([plain(meta.series), plain(meta.theme)]),
        groups=[GroupEntry(g.id, g.number, g.label, quiet.html(g.title)) for g in pack.groups], logos=logos,
        accent=meta.accent, dates=dates.interval(meta.dates, meta.language) if meta.dates else "",
        venue=quiet.html(meta.venue),
        draft=draft_marks.is_draft(pack), foot_line=draft_marks.foot_line(pack))


def when_and_where(pack: Pack) -> str:
    """The seminar's dates and venue as plain text ("12–14 May 2015, Tbilisi"), for the PDFs' subject; "" when
    pack.yaml gives neither."""
    meta = pack.meta
    parts = [dates.interval(meta.dates, meta.language) if meta.dates else "", plain(meta.venue)]
    return languages.punctuation(meta.language).comma.join(part for part in parts if part)


@dataclass(frozen=True)
class DocumentContext:
    """Everything a document's template is given."""

    common: Common
    body: Body
    spec: OutputSpec
    body_class: str
    print_edition: bool
    booklet: bool
    document_title: str
    pdf_title: str
    subject: str
    created: str
    stylesheets: list[str]

    def template_vars(self) -> dict[str, object]:
        """The template's top-level names: the fields of the common part, the body and this context."""
        names: dict[str, object] = {}
        for part in (self.common, self.body, self):
            names.update({f.name: getattr(part, f.name) for f in fields(part)})
        del names["common"], names["body"]
        return names
