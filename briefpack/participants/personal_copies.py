"""Personalised handouts: each participant's copy of their group's handout, with their name on the first page.

Derived from rendered handouts, as booklets are from their documents: each group's handout is rendered once by
the render stage; every name box needed is then rendered together, in one small document of one box per page;
each box is drawn over the first page of a copy (pikepdf: the box page becomes a form XObject), and each file's
box fonts are cut down to the glyphs of its own boxes (boxfonts: no copy holds another person's name). Two
outputs:

- for the print shop, ``print/handouts-personal-<group>.pdf``: one copy per member, in sign-in order, each copy
  the ordered form of the handout (A4 sheets padded for duplex, or the imposed A5 booklet);
- for e-mail, ``participants/<slug>.pdf``: the tagged screen handout with its reader's box (file mode 0600).

Each output has its own cache key (its source PDF's digest and the people it names), so one roster edit
re-stamps only the files that show that person."""

from __future__ import annotations

import functools
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from ..content.model import Pack, Participant, Roster
from ..content.paths import Paths
from ..content.roster import name_language, script_language, text_direction
from ..errors import UsageError
from ..kinds import outputs as planning
from ..kinds.editions import PRINT
from ..kinds.outputs import OutputSpec
from ..kinds.print_order import OrderRow
from ..kinds.registry import Registry
from ..output.manifest import OutputRecord
from ..output.out_dir import PARTICIPANT_KIND, PARTICIPANTS_FOLDER
from ..output.transaction import Staged, discard, stage
from ..pdf.box_fonts import Box, BoxFonts
from ..pdf.engine import HtmlJob
from ..text.measure import BOLD, NORMAL, WRAP_FILL, Measure, line_height, measure_in, size_to_fit
from ..text.prepared import Loaded

if TYPE_CHECKING:
    import pikepdf

    from ..output.out_dir import OutDir

STYLESHEET = "personal.css"
STAMP_VERSION = "5"  # part of every key: bump when the stamping changes
BOXES_PER_RENDER = 50  # name boxes per WeasyPrint document: bounds their memory, and balances the workers
MM = 72 / 25.4  # points in a millimetre
MAX_SLUG = 60  # characters of a name in a file name (a name in Greek or Vietnamese takes 2-3 bytes each)


@dataclass(frozen=True)
class Derived:
    """One personalised output: ``source``'s PDF stamped for ``people`` (one copy each, in order)."""

    path: str
    manifest_kind: str
    source: OutputSpec
    people: tuple[Participant, ...]

    @property
    def private(self) -> bool:
        return self.manifest_kind == PARTICIPANT_KIND


def slugs(roster: Roster) -> dict[Participant, str]:
    """A file name for each participant, from their name in any script, unique within the roster."""
    found: dict[Participant, str] = {}
    taken: set[str] = set()
    for person in roster.participants:
        base = slug_of(person.name) or "person"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        found[person] = slug
    return found


def slug_of(name: str) -> str:
    """``name`` as a file name that keeps every letter and mark: NFC (one code point where the name has one),
    lower-cased with ``lower()`` (``casefold()`` makes a final ς a σ and ß "ss"), every run of what is neither a
    letter, a mark nor a digit made one hyphen (Python's ``\\w`` is no help: it leaves out Thai vowel signs and
    other combining marks), cut at MAX_SLUG characters, never between a letter and its marks."""
    text = unicodedata.normalize("NFC", name).lower()
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else "-" for c in text)
    slug = re.sub("-+", "-", kept).strip("-")
    end = min(len(slug), MAX_SLUG)
    while 0 < end < len(slug) and unicodedata.category(slug[end])[0] == "M":
        end -= 1  # a mark belongs with the letter before it: both stay or both go
    return slug[:end].strip("-")


def requested(loaded: Loaded, flag: bool) -> Loaded:
    """The loaded pack with personalisation on when ``--personalise`` asks for it (the same as the pack's
    ``print_run: {personalise: true}``)."""
    if not flag:
        return loaded
    if loaded.pack.roster is None:
        raise UsageError(f"--personalise needs a participant list (expected participants.csv in {loaded.pack.root})")
    run = replace(loaded.pack.print_run, personalise=True)
    return replace(loaded, pack=replace(loaded.pack, print_run=run))


def order_rows(pack: Pack, listed: Sequence[OutputRecord], registry: Registry) -> list[OrderRow]:
    """One row per group file of personal copies: one copy of the file holds every member's copy."""
    specs = list(planning.every_output(pack, ["print"], registry).values())
    by_path = {item.path: item for item in plan(pack, specs) if item.source.edition.ordered}
    rows = []
    for record in (r for r in listed if r.path in by_path):
        source = by_path[record.path].source
        paper = "A4 landscape, folded to A5" if source.booklet else "A4"
        binding = "each copy saddle-stitched" if source.booklet else "each copy stapled top left"
        rows.append(OrderRow(record.path.removeprefix(source.edition.folder), by_path[record.path].manifest_kind,
                             source.group or "",
                             paper, "duplex", binding, record.pages, 1))
    return rows


def plan(pack: Pack, specs: Sequence[OutputSpec]) -> list[Derived]:
    """What personalisation derives from the planned outputs: nothing unless the pack asks for it."""
    if pack.roster is None or not pack.print_run.personalise:
        return []
    names = slugs(pack.roster)
    derived = []
    for spec in specs:
        personal = spec.kind.personal
        if not spec.kind.personalised or personal is None or spec.group is None:
            continue
        people = tuple(pack.roster.in_group(spec.group))
        if not spec.edition.ordered and not spec.booklet:
            derived += [Derived(f"{spec.edition.folder}{PARTICIPANTS_FOLDER}{names[p]}.pdf", PARTICIPANT_KIND, spec,
                                (p,)) for p in people]
        elif spec.edition.ordered and spec.kind.ordered_as(pack, spec.booklet) and people:
            derived.append(Derived(personal.group_file(spec.edition.folder, spec.group), personal.group_kind, spec,
                                   people))
    return derived


def key(item: Derived, source_sha256: str, styles: str, environment: str) -> str:
    """What the output depends on: its source PDF, the boxes' text and stylesheet, the library versions."""
    people = [(p.name, p.organisation, p.role, name_language(p)) for p in item.people]
    stamper = (STAMP_VERSION, _stamper_versions())  # pikepdf writes the stamped files, HarfBuzz subsets their fonts
    material = repr((stamper, item.path, item.source.path, source_sha256, people, styles, environment))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@functools.cache
def _stamper_versions() -> tuple[str, str]:
    return version("pikepdf"), version("uharfbuzz")


def _role(person: Participant) -> str:
    return person.role[:1].upper() + person.role[1:]


def box_text(person: Participant) -> str:
    """Every character a person's box prints (its separator included)."""
    return f"{person.name}{person.organisation} · {_role(person)}"


# The box (personal.css): BOX_WIDTH_MM wide, its text inside INNER_WIDTH_MM. Each line is set at its largest
# size, down to its smallest, that fits on one line by its measured width; a text too long even then wraps.
BOX_WIDTH_MM = 150.0  # at most (personal.css): at 80 % on a booklet's A5 page, its text column's width
PADDING_MM, BORDER_MM, DETAILS_GAP_MM = (1.2, 3.0, 1.4), 0.2, 0.4  # top, sides, bottom (personal.css)
INNER_WIDTH_MM = BOX_WIDTH_MM - 2 * PADDING_MM[1] - 2 * BORDER_MM
NAME_SIZES = (10.5, 8.0)  # points: largest, smallest
DETAIL_SIZES = (8.0, 6.5)
LINE_HEIGHT = 1.25  # at least; more where a script's glyphs reach further (measured: ink height + a gap)


@dataclass(frozen=True)
class Line:
    """One text of a box: the size and line height that fit it, the language and direction it is set in, and
    how many lines it takes (measured: one, unless it is too long even at the smallest size)."""

    size: float
    line_height: float
    lang: str
    direction: str
    lines: int

    def attributes(self) -> str:
        lang = f' lang="{escape(self.lang)}"' if self.lang else ""
        style = f"font-size: {self.size:.1f}pt; line-height: {self.line_height:.2f}"
        return f'{lang} dir="{self.direction}" style="{style}"'

    @property
    def height_mm(self) -> float:
        return self.lines * self.size * self.line_height / MM


def fitted(measure: Measure, text: str, role: str, weight: int, sizes: tuple[float, float], lang: str) -> Line:
    """The line ``text`` sets on: the largest size within ``sizes`` at which its measured width fits the box."""
    extent = measure.extent(text, role, weight, lang)
    inner = INNER_WIDTH_MM * MM
    size = size_to_fit(extent, inner, *sizes)
    overflow = extent.width * size - inner
    lines = 1 if overflow <= 0 else 1 + math.ceil(overflow / (inner * WRAP_FILL))
    return Line(size, line_height(extent, LINE_HEIGHT), lang, text_direction(text), lines)


@dataclass(frozen=True)
class BoxLayout:
    """How a person's box is set: its name line, its details line (organisation and role)."""

    name: Line
    details: Line

    @property
    def height_mm(self) -> float:
        """The box's height at full size, from what its lines measure."""
        return (PADDING_MM[0] + PADDING_MM[2] + 2 * BORDER_MM + self.name.height_mm + DETAILS_GAP_MM
                + self.details.height_mm)


def box_layout(person: Participant, lang: str, measure: Measure) -> BoxLayout:
    """Each text in its own language's face (the roster's language column or its script), at the size its
    measured width allows."""
    name = fitted(measure, person.name, "sans", BOLD, NAME_SIZES, name_language(person) or lang)
    return BoxLayout(name, fitted(measure, _details(person), "serif", NORMAL, DETAIL_SIZES,
                                  script_language(person.organisation) or name_language(person) or lang))


def _details(person: Participant) -> str:
    return f"{person.organisation} · {_role(person)}" if person.organisation else _role(person)


def box_html(people: Sequence[tuple[Participant, BoxLayout]], lang: str) -> str:
    """One page per person, each with nothing but their name box (a transparent page over the handout); the
    role comes after the organisation, never dropped."""
    boxes = []
    for p, layout in people:
        organisation = (f'<span class="organisation">{escape(p.organisation)}</span> · ' if p.organisation else "")
        boxes.append(f'<section class="sheet"><div class="stamp"><p class="name"{layout.name.attributes()}>'
                     f'{escape(p.name)}</p><p class="details"{layout.details.attributes()}>{organisation}'
                     f'<span class="role">{escape(_role(p))}</span></p></div></section>')
    body = "\n".join(boxes)
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>name boxes</title>'
            f'</head><body>\n{body}\n</body></html>')


def stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object, placement: tuple[float, float, float]) -> None:
    """Draw ``form`` (a box page of the boxes PDF, made a form of ``pdf``) over ``page``, scaled and moved as
    ``placement`` says.

    The page's own content is wrapped in q/Q first: it may leave its coordinate system changed (WeasyPrint flips
    the y axis), and the box must be drawn in the page's default one. The box is marked as an artifact so that the
    tagged screen edition keeps every piece of content tagged (it repeats what the reader knows: their name)."""
    import pikepdf

    existing: pikepdf.Object | dict[str, object] = (page.obj.Resources.get("/XObject", {})
                                                     if "/Resources" in page.obj else {})
    name = next(pikepdf.Name(f"/BriefpackStamp{n}") for n in range(len(existing) + 1)
                if f"/BriefpackStamp{n}" not in existing)  # not add_resource's random name: same bytes every time
    page.add_resource(form, pikepdf.Name.XObject, name)
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    scale, x, y = placement
    drawn = f"\nQ\n/Artifact BMC q {scale:.4f} 0 0 {scale:.4f} {x:.4f} {y:.4f} cm {name} Do Q EMC\n".encode("ascii")
    page.contents_add(pikepdf.Stream(pdf, drawn), prepend=False)


A4 = (595.275591, 841.889764)
A5 = (419.527559, 595.275591)
BOOKLET_BOX_SCALE = 0.8  # an A5 page's box: the A4 box made smaller, to fit the A5 page's narrower top margin
# Where the box's top right corner goes, from the top right corner of the trimmed page: the right edge of the text
# column (base.css: 22 mm side margins on A4; booklet.css: 14 mm on A5), and far enough from the trimmed edge to
# be printed whole by any office printer and survive the print shop's trimming. Its foot stays above the page's
# first line (the top margins: 25 mm on A4, 17 mm on A5), a box taller than that room is drawn smaller.
A4_COLUMN_RIGHT_MM, A4_SAFE_TOP_MM, A4_TEXT_TOP_MM = 22.0, 10.0, 25.0
A5_COLUMN_RIGHT_MM, A5_SAFE_TOP_MM, A5_TEXT_TOP_MM = 14.0, 7.0, 17.0
ABOVE_TEXT_MM = 0.5


def box_placement(item: Derived, trim: tuple[float, float, float, float],
                  height_mm: float) -> tuple[float, float, float]:
    """(scale, x, y) that put the box page's top right corner (where personal.css puts the box) at the text
    column's right edge and a safe distance below the top of the stamped page, read from its trim box: the A4
    page, or the first A5 page of a booklet (the right half of its sheet's first side, as impose.booklet_order
    lays it out). ``height_mm`` is the box's height at full size."""
    right, top = trim[2], trim[3]
    if item.source.booklet:  # two A5 pages centred on the sheet (an A4 sheet is 2.8 pt wider than two A5)
        right, top = (trim[0] + trim[2]) / 2 + A5[0], (trim[1] + trim[3]) / 2 + A5[1] / 2
        scale, column, safe, text = BOOKLET_BOX_SCALE, A5_COLUMN_RIGHT_MM, A5_SAFE_TOP_MM, A5_TEXT_TOP_MM
    else:
        scale, column, safe, text = 1.0, A4_COLUMN_RIGHT_MM, A4_SAFE_TOP_MM, A4_TEXT_TOP_MM
    scale = min(scale, (text - ABOVE_TEXT_MM - safe) / height_mm)
    return scale, right - column * MM - scale * A4[0], top - safe * MM - scale * A4[1]


def trim_box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """The page's trimmed area (its TrimBox, else its MediaBox) as (left, bottom, right, top)."""
    box = page.obj.get("/TrimBox") or page.mediabox
    left, bottom, right, top = (float(v) for v in box)
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def personalise(item: Derived, source: bytes, boxes: dict[Participant, tuple[Box, float]],
                fonts: BoxFonts) -> tuple[bytes, int]:
    """The output's bytes and pages: a stamped copy of ``source`` per person, one after the other; the boxes'
    fonts made anew for this file, holding the glyphs of its own people's boxes alone (see boxfonts)."""
    import pikepdf

    pdf = pikepdf.Pdf.open(io.BytesIO(source))
    per_copy = len(pdf.pages)
    for _ in item.people[1:]:  # further copies share the first copy's content streams and fonts
        pdf.pages.extend([pdf.pages[i] for i in range(per_copy)])
    for n, person in enumerate(item.people):
        first = pdf.pages[n * per_copy]
        box, height = boxes[person]
        stamp(pdf, first, pdf.copy_foreign(box.form), box_placement(item, trim_box(first), height))
    fonts.stamp_fonts(pdf, [boxes[person][0] for person in item.people])
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue(), len(pdf.pages)


@dataclass(frozen=True)
class Source:
    """A rendered document that personal copies are stamped on."""

    data: bytes
    sha256: str
    pages: int


@dataclass
class DerivedWork:
    records: list[OutputRecord]
    staged: list[Staged]
    keys: dict[str, str]
    stamped: int = 0


class Stamper:
    """The derived-output stage: stamps what is out of date into staged files, keeps the rest."""

    def __init__(self, pack: Pack, render: Callable[[list[HtmlJob]], list[bytes]], out: OutDir, owner: int,
                 epoch: int):
        self.pack, self.render, self.out, self.owner, self.epoch = pack, render, out, owner, epoch

    def run(self, derived: list[Derived], sources: dict[str, Source], previous_keys: dict[str, str],
            previous_digests: dict[str, str], styles: str, environment: str) -> DerivedWork:
        work = DerivedWork([], [], {})
        todo: list[Derived] = []
        for item in derived:
            source = sources[item.source.path]
            item_key = work.keys[item.path] = key(item, source.sha256, styles, environment)
            recorded = previous_digests.get(item.path)
            if previous_keys.get(item.path) == item_key and recorded and self.out.sha256(item.path) == recorded:
                # the file is what this key stamped: a copy of the source per person, so its pages are known
                # without reading 500 PDFs back
                work.records.append(self._record(item, source.pages * len(item.people), recorded))
            else:
                todo.append(item)
        if todo:
            self._stamp_all(todo, sources, work)
        return work

    def _record(self, item: Derived, pages: int, sha256: str) -> OutputRecord:
        return OutputRecord(item.path, item.manifest_kind, item.source.group, item.source.edition.name, pages, sha256)

    def _stamp_all(self, todo: list[Derived], sources: dict[str, Source], work: DerivedWork) -> None:
        people = list(dict.fromkeys(p for item in todo for p in item.people))
        measure = measure_in(Paths(content=Path(self.pack.root)).styles)  # the fonts the renderer is given
        layouts = [(p, box_layout(p, self.pack.meta.language, measure)) for p in people]
        box_pages, holders = self._boxes(layouts)
        fonts = BoxFonts()  # each box and each of the boxes' fonts is read once for every file
        try:
            boxes = {p: (fonts.box(page, box_text(p), document), layout.height_mm)
                     for (p, layout), (document, page) in zip(layouts, box_pages, strict=True)}
            for item in todo:
                data, pages = personalise(item, sources[item.source.path].data, boxes, fonts)
                # personal data: 0600 from the first byte; a participant's copy in a 0700 folder
                staged = stage(self.out.path, item.path, data, self.owner, private=True, private_folder=item.private)
                work.staged.append(staged)
                work.records.append(self._record(item, pages, staged.sha256))
                work.stamped += 1
        except BaseException:
            discard(work.staged)  # the build discards what it staged; these it has not seen yet
            raise
        finally:
            for holder in holders:
                holder.close()

    def _boxes(self, people: list[tuple[Participant, BoxLayout]]
               ) -> tuple[list[tuple[int, pikepdf.Page]], list[pikepdf.Pdf]]:
        """Every box, one per page, in chunks of BOXES_PER_RENDER rendered in parallel by the build's workers (a
        layout holds all its pages in memory: chunks keep memory bounded however long the roster is):
        (the box pages, each with the index of its PDF; their PDFs)."""
        import pikepdf


        jobs = [HtmlJob(box_html(people[start:start + BOXES_PER_RENDER], self.pack.meta.language), (STYLESHEET,),
                        "the name boxes", PRINT, self.epoch)  # untagged: drawn as artifacts
                for start in range(0, len(people), BOXES_PER_RENDER)]
        holders = [pikepdf.Pdf.open(io.BytesIO(data)) for data in self.render(jobs)]
        return [(n, page) for n, holder in enumerate(holders) for page in holder.pages], holders


def readme(records: Sequence[OutputRecord], kinds_with_people: set[str], registry: Registry) -> bytes | None:
    """A note for whoever finds the out folder: which files hold personal data (None when none does)."""
    groups = registry.personal_outputs().values()
    personal = sorted(r.path for r in records if r.kind in kinds_with_people | {p.group_kind for p in groups})
    own = len([r for r in records if r.kind == PARTICIPANT_KIND])  # named after people: counted, not listed
    if own:
        personal.insert(0, f"{PARTICIPANTS_FOLDER} ({own} file{'s' if own != 1 else ''}, one per participant; "
                           f"{PARTICIPANTS_FOLDER}index.json maps the ids in manifest.json to them)")
    if not personal:
        return None
    lines = ["This folder holds PERSONAL DATA: names, organisations and roles of the seminar's participants.", "",
             "Send each file under participants/ only to the person it names. Every file listed here is readable by",
             f"its owner only (mode 0600). The print files {', '.join(p.group_pattern() for p in groups)} go to the "
             "print shop only; sign-in",
             "sheets, name cards and packing lists are the organisers'. Delete them after the seminar. E-mail",
             "addresses are never printed.", "", "Files with personal data:", ""]
    return ("\n".join(lines + [f"  {path}" for path in personal]) + "\n").encode("utf-8")
