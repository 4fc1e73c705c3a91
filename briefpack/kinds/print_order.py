"""The print order: one row per print file, copies from each document kind's declaration, sheets for duplex."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..content.model import Pack, PrintRun
from ..text.spreadsheet import csv_bytes
from .outputs import OutputSpec

COLUMNS = ("file", "kind", "group", "paper", "sides", "binding", "pages", "copies", "sheets_per_copy",
           "sheets_total")
ORDER_CSV = "print/order.csv"
ORDER_SUMMARY = "print/order.md"
REPRINT_CSV = "print/reprint.csv"
BOOKLETS_LAST = 3  # booklets follow every flat document in the order


@dataclass(frozen=True)
class OrderRow:
    file: str  # relative to the print/ folder
    kind: str
    group: str
    paper: str
    sides: str
    binding: str
    pages: int  # as sent to the printer: for a booklet, its imposed sheet sides
    copies: int

    @property
    def sheets_per_copy(self) -> int:
        return math.ceil(self.pages / 2) if self.sides == "duplex" else self.pages

    @property
    def sheets_total(self) -> int:
        return self.copies * self.sheets_per_copy

    def values(self) -> tuple[object, ...]:
        return (self.file, self.kind, self.group, self.paper, self.sides, self.binding, self.pages, self.copies,
                self.sheets_per_copy, self.sheets_total)


def row(pack: Pack, spec: OutputSpec, pages: int) -> OrderRow:
    """The order of one print file; its copies come from its kind, for its form (flat or booklet)."""
    booklet = spec.booklet
    return OrderRow(
        file=spec.path.removeprefix(spec.edition.folder), kind=spec.manifest_kind, group=spec.group or "",
        paper="A4 landscape, folded to A5" if booklet else "A4",
        sides="single-sided" if spec.kind.single_sided and not booklet else "duplex",
        binding="saddle-stitched" if booklet else ("stapled top left" if pages > 2 and not spec.kind.single_sided
                                                   else "none"),
        pages=pages, copies=spec.kind.copies(pack, spec.group, booklet))


def rows(pack: Pack, printed: Sequence[tuple[OutputSpec, int]]) -> list[OrderRow]:
    """Order rows for print files given as (spec, pages): flat documents by kind, then booklets."""
    numbers = {g.id: g.number for g in pack.groups}
    ordered = sorted(printed, key=lambda item: (BOOKLETS_LAST if item[0].booklet else item[0].kind.print_order,
                                                numbers.get(item[0].group or "", 0), item[0].path))
    return [row(pack, spec, pages) for spec, pages in ordered if spec.edition.ordered]


def _copies_note(run: PrintRun, source: str) -> str:
    if set(run.unset) == set(run.counted):  # the counts the kinds declare, and the generic ones
        return (f"**Copies are not set**: {source} has no `print_run`, so every file below counts 0 copies. Add "
                f"`print_run` ({', '.join(run.counted)}) to order real numbers.")
    note = f"Copies come from `print_run` in {source}."
    if run.examples:
        note = (f"**These copy numbers are examples** (`print_run: {{examples: true}}` in {source}): set your own "
                "numbers there, and remove `examples`, before ordering.")
    if run.unset:
        note += f" Not set there, so counted as 0: {', '.join(run.unset)}."
    return note


SIDES = {"duplex": "printed on both sides", "single-sided": "printed on one side"}


def _by_sides(ordered: list[OrderRow]) -> str:
    """How the sheets are printed: ": 40 printed on both sides, 12 on one side" (nothing when there are none)."""
    sheets: dict[str, int] = {}
    for r in ordered:
        sheets[r.sides] = sheets.get(r.sides, 0) + r.sheets_total
    parts = [f"{count} {SIDES.get(sides, sides)}" for sides, count in sorted(sheets.items()) if count]
    return f" ({', '.join(parts)})" if parts else ""


def order_csv(order: list[OrderRow]) -> bytes:
    return csv_bytes(COLUMNS, (item.values() for item in order))


def order_summary(pack_title: str, order: list[OrderRow], source: str, run: PrintRun,
                  roster: str | None = None) -> bytes:
    """A short Markdown summary with the totals, for whoever places the order; ``roster`` names the participant
    list when it counts the copies."""
    ordered = [r for r in order if r.copies]
    origin = (_copies_note(run, source) if roster is None else
              f"Copies come from the participant list {roster} (one per participant), plus `spare` from {source}.")
    lines = [f"# Print order: {pack_title}", "", origin, "",
             "| file | paper | sides | binding | pages | copies | sheets |",
             "| --- | --- | --- | --- | ---: | ---: | ---: |"]
    lines += [f"| {r.file} | {r.paper} | {r.sides} | {r.binding} | {r.pages} | {r.copies} | {r.sheets_total} |"
              for r in ordered]
    by_paper: dict[tuple[str, str], int] = {}  # (paper, sides): sheets, as order.csv counts them
    for r in ordered:
        by_paper[r.paper, r.sides] = by_paper.get((r.paper, r.sides), 0) + r.sheets_total
    lines += ["", f"**Total: {sum(r.copies for r in ordered)} copies of {len(ordered)} files, "
                  f"{sum(by_paper.values())} sheets{_by_sides(ordered)}.**", ""]
    lines += [f"- {paper}, {SIDES.get(sides, sides)}: {sheets} sheets"
              for (paper, sides), sheets in sorted(by_paper.items())]
    not_ordered = [r.file for r in order if not r.copies]
    if not_ordered:
        lines += ["", "Also built, not ordered (another form of the same document is): " + ", ".join(not_ordered)]
    return ("\n".join(lines) + "\n").encode("utf-8")
