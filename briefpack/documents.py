"""What each output is (its spec) and what its template is given (its context).

Fragments are rendered here, in reading order, so that each citation call knows whether it is the first call of
its note in this document (the note links back to that one)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import markup
from .citations import Numbering, Place, cited_notes
from .model import Pack, Text
from .options import EDITIONS, KINDS  # noqa: F401  (KINDS is part of this module's interface)
from .paths import asset_uri
from .qrcodes import qr_code


@dataclass(frozen=True)
class OutputSpec:
    """One output file: a document (of a group), in an edition, possibly as an A5 booklet."""

    document: str  # "concept-note" | "handout" | "endnotes"
    group: str | None = None
    edition: str = "screen"
    booklet: bool = False

    @property
    def kind(self) -> str:
        return "booklet" if self.booklet else self.document

    @property
    def name(self) -> str:
        stem = f"handout-{self.group}" if self.group else self.document
        return f"booklet-{stem}" if self.booklet else stem

    @property
    def path(self) -> str:
        """Relative to the out dir: print files live under print/."""
        return f"print/{self.name}.pdf" if self.edition == "print" else f"{self.name}.pdf"

    @property
    def template(self) -> str:
        return f"{self.document}.html"

    @property
    def stylesheets(self) -> tuple:
        sheets = ("base.css", f"{self.document}.css")
        if self.edition == "print":
            sheets += ("print.css",)
        return sheets + (("booklet.css",) if self.booklet else ())

    @property
    def pad_to(self) -> int:
        """Pages are padded with blanks: even for duplex printing, a multiple of 4 for a folded booklet."""
        return 4 if self.booklet else 2 if self.edition == "print" else 1


def plan(pack: Pack, kinds=KINDS, groups=None, editions=("screen",)) -> list[OutputSpec]:
    """The outputs to build, in a stable order. The print edition adds A5 booklets of the handouts (and of the
    concept note when the pack's print run orders it as a booklet)."""
    specs = []
    selected = [g.id for g in pack.groups if groups is None or g.id in groups]
    for edition in EDITIONS:
        if edition not in editions:
            continue
        documents = []
        if "concept-note" in kinds:
            documents.append(OutputSpec("concept-note", None, edition))
        if "handout" in kinds:
            documents += [OutputSpec("handout", g, edition) for g in selected]
        if "endnotes" in kinds:
            documents.append(OutputSpec("endnotes", None, edition))
        specs += documents
        if edition == "print":
            specs += [OutputSpec(d.document, d.group, edition, booklet=True) for d in documents
                      if d.document == "handout"
                      or (d.document == "concept-note" and pack.print_run.concept_note_as == "booklet")]
    return specs


class Calls:
    """The ``cite`` callback of one document: superscript links, the first call of each note anchored."""

    def __init__(self, numbering: Numbering, linked: bool = True):
        self.numbers = numbering.numbers
        self.linked = linked  # print: plain numbers, no link annotations
        self.seen: set[int] = set()

    def __call__(self, keys) -> str:
        links = []
        for key in keys:
            n = self.numbers[key]
            anchor = "" if n in self.seen else f' id="call-{n}"'
            self.seen.add(n)
            links.append(f'<a href="#note-{n}"{anchor} role="doc-noteref">{n}</a>' if self.linked else str(n))
        return f'<sup class="cite">{",".join(links)}</sup>'


class Fragments:
    """Renders content text for one document, in the order the template will show it."""

    def __init__(self, cite=markup.no_citations, assets: Path | None = None, print_urls: bool = False):
        self.cite = cite
        self.assets = assets
        self.print_urls = print_urls

    def asset(self, src: str) -> str:
        """URL of an image the lint has checked is a file inside the assets folder."""
        if self.assets is None:
            raise ValueError(f"image {src!r} in a text that cannot show images")
        return asset_uri(self.assets, src)

    def block(self, text: Text) -> Markup:
        return markup.render_block(text.source, self.cite, self.asset, self.print_urls)

    def inline(self, text: Text | None) -> Markup:
        if text is None:
            return Markup("")
        return markup.render_inline(text.source, self.cite, self.asset, self.print_urls)


def _plain(text: Text | None) -> str:
    return markup.plain(text.source) if text else ""


def common(pack: Pack) -> dict:
    meta = pack.meta
    quiet = Fragments()
    seminar = f"{_plain(meta.edition)} {_plain(meta.series)}"
    return {
        "lang": meta.language,
        "labels": meta.labels,
        "series": quiet.inline(meta.series),
        "edition": quiet.inline(meta.edition),
        "theme": quiet.inline(meta.theme),
        "year": meta.year,
        "date": meta.date,
        "host": quiet.inline(meta.host),
        "co_organisers": [quiet.inline(c) for c in meta.co_organisers],
        "short_title": _plain(meta.short_title) or seminar,
        "seminar": seminar,
        "author": "; ".join(_plain(c) for c in meta.co_organisers) or _plain(meta.host),
        "keywords": ", ".join([_plain(meta.series), _plain(meta.theme)]),
        "groups": [{"id": g.id, "number": g.number, "title": quiet.inline(g.title)} for g in pack.groups],
    }


def place_label(pack: Pack, place: Place) -> str:
    labels = pack.meta.labels
    if place.kind == "section":
        return next(_plain(s.title) for s in _all_sections(pack.sections) if s.id == place.id)
    if place.kind == "cross-cutting":
        return f"{_plain(pack.cross_cutting_title)}, {labels['question']} {place.question}"
    group = pack.group(place.id)
    where = f"{labels['working_group']} {group.number}"
    return f"{where}, {labels['question']} {place.question}" if place.question else where


def _all_sections(sections):
    for section in sections:
        yield section
        yield from _all_sections(section.sections)


def _notes(pack: Pack, numbering: Numbering, note_ids, calls: Calls | None, cited_in: bool,
           fragments: Fragments) -> list:
    """The notes to print; in print, each with a QR code per web address it gives."""
    notes = []
    plain = Fragments(markup.no_citations, fragments.assets, fragments.print_urls)
    for note_id in note_ids:
        number = numbering.numbers[note_id]
        source = pack.note(note_id).text.source
        places = [place_label(pack, p) for p in numbering.places[note_id]] if cited_in else []
        qr = [qr_code(url) for url in markup.web_links(source)] if fragments.print_urls else []
        notes.append({"id": note_id, "number": number, "html": plain.block(pack.note(note_id).text),
                      "backref": calls is not None and calls.linked and number in calls.seen, "qr": qr,
                      "cited_in": list(dict.fromkeys(places)),
                      "uncited": cited_in and not numbering.places[note_id]})
    return notes


def _sections(sections, fragments: Fragments, level: int) -> list:
    result = []
    for section in sections:
        title = fragments.inline(section.title)
        blocks = [{"insert": b.name} if not isinstance(b, Text) else {"html": fragments.block(b)}
                  for b in section.body]
        result.append({"id": section.id, "title": title, "plain_title": _plain(section.title), "level": level,
                       "blocks": blocks, "sections": _sections(section.sections, fragments, level + 1)})
    return result


def _questions(pack: Pack, fragments: Fragments) -> dict:
    return {"title": fragments.inline(pack.cross_cutting_title) if pack.cross_cutting_title else "",
            "questions": [fragments.inline(q) for q in pack.cross_cutting]}


def _group(group, fragments: Fragments) -> dict:
    return {"id": group.id, "number": group.number, "title": fragments.inline(group.title),
            "questions": [fragments.inline(q) for q in group.questions]}


def context(pack: Pack, numbering: Numbering, spec: OutputSpec, assets: Path | None = None) -> dict:
    """Everything the template of ``spec`` shows, rendered in reading order; images come from ``assets``."""
    ctx = common(pack)
    ctx["print_edition"] = spec.edition == "print"
    ctx["booklet"] = spec.booklet
    calls = Calls(numbering, linked=spec.edition != "print")
    fragments = Fragments(calls, assets, print_urls=spec.edition == "print")
    if spec.document == "concept-note":
        ctx["document_title"] = pack.concept_note.title
        ctx["settings"] = pack.concept_note
        ctx["sections"] = _sections(pack.sections, fragments, 2)
        ctx["cross_cutting"] = _questions(pack, fragments)
        ctx["group_questions"] = [_group(g, fragments) for g in pack.groups]
        ctx["notes"] = _notes(pack, numbering, numbering.ordered(numbering.numbers), calls, False, fragments)
    elif spec.document == "handout":
        group = pack.group(spec.group)
        ctx["document_title"] = pack.handouts.title
        ctx["settings"] = pack.handouts
        ctx["intro"] = fragments.block(pack.handouts.intro) if pack.handouts.intro else ""
        ctx["group"] = _group(group, fragments)
        ctx["cross_cutting"] = _questions(pack, fragments)
        texts = [(q, True) for q in group.questions] + [(q, True) for q in pack.cross_cutting]
        if pack.handouts.intro:
            texts.append((pack.handouts.intro, False))
        ctx["notes"] = _notes(pack, numbering, cited_notes(texts, numbering), calls, False, fragments)
        ctx["group_label"] = f"{pack.meta.labels['working_group']} {group.number}"
    else:
        ctx["document_title"] = pack.endnotes.title
        ctx["settings"] = pack.endnotes
        ctx["notes"] = _notes(pack, numbering, numbering.ordered(numbering.numbers), None, True, fragments)
    subject = ctx["document_title"] if spec.document != "handout" else f"{ctx['group_label']}: {_plain(group.title)}"
    ctx["pdf_title"] = f"{ctx['seminar']}: {_plain(pack.meta.theme)} — {subject}"
    ctx["subject"] = f"{_plain(pack.meta.theme)}, {subject}"
    return ctx

