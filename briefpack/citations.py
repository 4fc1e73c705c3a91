"""One numbering for the whole pack: notes numbered in order of first citation in the concept note's reading
order (sections, then cross-cutting questions, then the working groups' questions). Pure functions only."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import markup
from .errors import Problem
from .model import Pack, Text
from .paths import asset_uri
from .schema import did_you_mean


@dataclass(frozen=True)
class Place:
    """Where a text sits in the pack, for "cited in" lists and for subsetting."""

    kind: str  # "section" | "cross-cutting" | "group"
    id: str  # section id, group id, or "" for cross-cutting questions
    question: int | None = None  # 1-based question number


def reading_order(pack: Pack):
    """Yield (place, text, inline) for every text of the concept note, in reading order."""
    def walk(sections):
        for section in sections:
            place = Place("section", section.id)
            yield place, section.title, True
            for block in section.body:
                if isinstance(block, Text):
                    yield place, block, False
            yield from walk(section.sections)
    yield from walk(pack.sections)
    for i, question in enumerate(pack.cross_cutting, 1):
        yield Place("cross-cutting", "", i), question, True
    for group in pack.groups:
        yield Place("group", group.id), group.title, True
        for i, question in enumerate(group.questions, 1):
            yield Place("group", group.id, i), question, True


@dataclass(frozen=True)
class Numbering:
    numbers: dict = field(hash=False)  # note id -> number
    places: dict = field(hash=False)  # note id -> tuple of Place, in reading order, no repeats

    def ordered(self, note_ids) -> list:
        return sorted(note_ids, key=self.numbers.__getitem__)


def number_notes(pack: Pack) -> Numbering:
    """Number every note; uncited notes follow the cited ones in file order."""
    numbers: dict[str, int] = {}
    places: dict[str, list] = {note.id: [] for note in pack.notes}
    for place, text, inline in reading_order(pack):
        for citation in markup.citations(text.source, inline):
            for key in citation.keys:
                if key not in places:
                    continue
                numbers.setdefault(key, len(numbers) + 1)
                if place not in places[key]:
                    places[key].append(place)
    for note in pack.notes:
        numbers.setdefault(note.id, len(numbers) + 1)
    return Numbering(numbers, {k: tuple(v) for k, v in places.items()})


def cited_notes(texts, numbering: Numbering) -> list:
    """Ids of the notes cited in ``texts`` ((text, inline) pairs), in pack-number order."""
    keys = {key for text, inline in texts for c in markup.citations(text.source, inline) for key in c.keys}
    return numbering.ordered(keys & set(numbering.numbers))


def all_texts(pack: Pack) -> list:
    """(text, inline) for every piece of Markdown in the pack."""
    texts = [(text, inline) for _, text, inline in reading_order(pack)]
    texts += [(note.text, False) for note in pack.notes]
    if pack.handouts.intro:
        texts.append((pack.handouts.intro, False))
    return texts


def image_uses(pack: Pack, assets) -> dict:
    """{file URI of an asset: where content uses it}, so rendering problems can name the content file."""
    uses = {}
    for text, _ in all_texts(pack):
        for line, src in markup.images(text.source):
            if markup.is_asset_path(src):
                uses.setdefault(asset_uri(assets, src), text.loc_of(line, src))
    return uses


def lint(pack: Pack, numbering: Numbering, assets=None, allow_html: bool = False,
         check_keys: bool = True) -> tuple[list, list]:
    """(errors, warnings): unknown citation keys and markup problems are errors; an uncited note a warning.
    ``check_keys`` is off when the notes file itself is broken: every citation would look unknown."""
    errors, warnings = [], []
    known = [note.id for note in pack.notes]
    for text, inline in all_texts(pack):
        for line, needle, message in markup.lint(text.source, assets, allow_html):
            errors.append(Problem(text.loc_of(line, needle), message))
        for citation in markup.citations(text.source, inline):
            for key in citation.keys:
                if check_keys and key not in numbering.numbers:
                    errors.append(Problem(text.loc_of(citation.line, f"[^{key}]"),
                                          f"citation of unknown note '{key}' ({did_you_mean(key, known)})"))
    for note in pack.notes:
        if not numbering.places[note.id]:
            warnings.append(Problem(note.loc, f"note '{note.id}' is cited nowhere (expected a [^{note.id}] "
                                              "citation in the concept note or the questions)"))
        for citation in markup.citations(note.text.source):
            errors.append(Problem(note.text.loc_of(citation.line, "[^"),
                                  "a note cannot cite another note (expected plain text and links)"))
    return errors, warnings
