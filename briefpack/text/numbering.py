"""One numbering for the whole pack: notes numbered in order of first citation in the concept note's reading
order (sections, then cross-cutting questions, then the working groups' questions). Pure functions only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import assert_never

from ..content import languages
from ..content import markdown as markup
from ..content.model import Pack, Text
from ..content.paths import asset_uri
from ..content.texts import Place as TextPlace
from ..content.texts import texts
from ..problems import Loc, Problem, did_you_mean


@dataclass(frozen=True)
class SectionPlace:
    """A section of the concept note (its title or body)."""

    section: str

    def label(self, pack: Pack) -> str:
        return next(s.title.plain for s in pack.all_sections() if s.id == self.section)


@dataclass(frozen=True)
class CrossCuttingPlace:
    question: int  # 1-based

    def label(self, pack: Pack) -> str:
        title = pack.cross_cutting_title.plain if pack.cross_cutting_title else ""
        comma = languages.punctuation(pack.meta.language).comma
        return f"{title}{comma}{pack.meta.labels['question']} {self.question}"


@dataclass(frozen=True)
class GroupPlace:
    group: str
    question: int | None = None  # 1-based; None for the group's title

    def label(self, pack: Pack) -> str:
        labels = pack.meta.labels
        where = pack.group_label(self.group)
        comma = languages.punctuation(pack.meta.language).comma
        return f"{where}{comma}{labels['question']} {self.question}" if self.question else where


Place = SectionPlace | CrossCuttingPlace | GroupPlace


def reading_order(pack: Pack) -> Iterator[tuple[Place, Text]]:
    """Yield (place, text) for every text of the concept note whose citations are numbered, in reading order."""
    for text, where in texts(pack):
        place = citation_place(where)
        if place is not None:
            yield place, text


def citation_place(where: TextPlace) -> Place | None:
    """The place a citation in a text there is listed at, or None for a text outside the reading order."""
    match where.role:
        case "section title" | "paragraph":
            return SectionPlace(where.owner)
        case "cross-cutting question":
            return CrossCuttingPlace(where.index)
        case "group title":
            return GroupPlace(where.owner)
        case "group question":
            return GroupPlace(where.owner, where.index)
        case "questions title" | "handout intro" | "document text" | "note" | "meta":
            return None
        case _:
            assert_never(where.role)


@dataclass(frozen=True)
class Numbering:
    numbers: dict[str, int] = field(hash=False)  # note id -> number
    places: dict[str, tuple[Place, ...]] = field(hash=False)  # note id -> places, in reading order, no repeats

    def ordered(self, note_ids: Iterable[str]) -> list[str]:
        return sorted(note_ids, key=self.numbers.__getitem__)

    def all(self) -> list[str]:
        return self.ordered(self.numbers)


def number_notes(pack: Pack) -> Numbering:
    """Number every note; uncited notes follow the cited ones in file order."""
    numbers: dict[str, int] = {}
    places: dict[str, list[Place]] = {note.id: [] for note in pack.notes}
    for place, text in reading_order(pack):
        for citation in text.parsed.citations:
            for key in citation.keys:
                if key not in places:
                    continue
                numbers.setdefault(key, len(numbers) + 1)
                if place not in places[key]:
                    places[key].append(place)
    for note in pack.notes:
        numbers.setdefault(note.id, len(numbers) + 1)
    return Numbering(numbers, {k: tuple(v) for k, v in places.items()})


def cited_notes(texts: Iterable[Text], numbering: Numbering) -> list[str]:
    """Ids of the notes cited in ``texts``, in pack-number order."""
    keys = {key for text in texts for c in text.parsed.citations for key in c.keys}
    return numbering.ordered(keys & set(numbering.numbers))


def all_texts(pack: Pack) -> list[Text]:
    """Every piece of Markdown the lint reads: the reading order's texts, the handouts' introduction, the notes.
    The cross-cutting questions' title is left out, as it always was (neither linted nor searched for images)."""
    return [text for text, where in texts(pack) if where.role != "questions title"]


def image_uses(pack: Pack, assets: Path) -> dict[str, Loc]:
    """{file URI of an asset: where content uses it}, so rendering problems can name the content file (and
    the cache keys of the documents that show it cover its bytes). Logos included."""
    uses: dict[str, Loc] = {asset_uri(assets, logo.file): logo.loc for logo in pack.meta.logos}
    for text in all_texts(pack):
        for line, src in text.parsed.images:
            if markup.is_asset_path(src):
                uses.setdefault(asset_uri(assets, src), text.loc_of(line, src))
    return uses


def lint(pack: Pack, numbering: Numbering, assets: Path | None = None, allow_html: bool = False,
         check_keys: bool = True) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings): unknown citation keys and markup problems are errors; an uncited note a warning.
    ``check_keys`` is off when the notes file itself is broken: every citation would look unknown."""
    errors, warnings = [], []
    known = [note.id for note in pack.notes]
    for text in all_texts(pack):
        for line, needle, message in markup.lint(text.parsed, assets, allow_html):
            errors.append(Problem(text.loc_of(line, needle), message))
        defined_here = {(line, key) for line, key in text.parsed.definitions}  # already reported
        for citation in text.parsed.citations:
            for key in citation.keys:
                if check_keys and key not in numbering.numbers and (citation.line, key) not in defined_here:
                    errors.append(Problem(text.loc_of(citation.line, f"[^{key}]"),
                                          f"citation of unknown note '{key}' ({did_you_mean(key, known)})"))
    for logo in pack.meta.logos:
        problem = markup.image_problem(logo.file, assets)
        if problem:
            errors.append(Problem(logo.loc, problem.replace("image", "logo", 1)))
    for note in pack.notes:
        if not numbering.places[note.id]:
            warnings.append(Problem(note.loc, f"note '{note.id}' is cited nowhere (expected a [^{note.id}] "
                                              "citation in the concept note or the questions)"))
        for citation in note.text.parsed.citations:
            errors.append(Problem(note.text.loc_of(citation.line, "[^"),
                                  "a note cannot cite another note (expected plain text and links)"))
    return errors, warnings
