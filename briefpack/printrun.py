"""The print order: one row per print file, copies from the pack's print run, sheets computed for duplex."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from .model import Pack

COLUMNS = ("file", "kind", "group", "paper", "sides", "binding", "pages", "copies", "sheets_per_copy",
           "sheets_total")
ORDER_CSV = "print/order.csv"
ORDER_SUMMARY = "print/order.md"
REPRINT_CSV = "print/reprint.csv"


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
        return math.ceil(self.pages / 2)  # printed on both sides

    @property
    def sheets_total(self) -> int:
        return self.copies * self.sheets_per_copy

    def values(self) -> tuple:
        return (self.file, self.kind, self.group, self.paper, self.sides, self.binding, self.pages, self.copies,
                self.sheets_per_copy, self.sheets_total)


def copies_of(pack: Pack, kind: str, document: str, group: str | None) -> int:
    """Copies to order of one print file: the flat or the booklet form, as the print run chooses."""
    run = pack.print_run
    if document == "handout":
        chosen = "booklet" if kind == "booklet" else "sheets"
        participants = pack.group(group).participants
        count = participants if participants is not None else run.participants_per_group
        return count + run.spare if run.handouts_as == chosen else 0
    if document == "concept-note":
        chosen = "booklet" if kind == "booklet" else "sheets"
        return run.concept_note + run.spare if run.concept_note_as == chosen else 0
    return run.endnotes + run.spare


KIND_ORDER = {"concept-note": 0, "endnotes": 1, "handout": 2, "booklet": 3}


def rows(pack: Pack, entries: list[dict]) -> list[OrderRow]:
    """Order rows for the print PDFs among manifest ``entries``: concept note, endnotes, handouts, booklets."""
    result = []
    for entry in entries:
        if entry.get("edition") != "print" or not entry["path"].endswith(".pdf"):
            continue
        kind, group = entry["kind"], entry.get("group")
        document = ("handout" if group else "concept-note") if kind == "booklet" else kind
        if group is not None and all(g.id != group for g in pack.groups):
            continue  # a group removed from the content since that file was built
        booklet = kind == "booklet"
        pages = entry["pages"]
        result.append(OrderRow(
            file=entry["path"].removeprefix("print/"), kind=kind, group=group or "",
            paper="A4 landscape, folded to A5" if booklet else "A4",
            sides="duplex",
            binding="saddle-stitched" if booklet else ("stapled top left" if pages > 2 else "none"),
            pages=pages, copies=copies_of(pack, kind, document, group)))
    numbers = {g.id: g.number for g in pack.groups}
    return sorted(result, key=lambda r: (KIND_ORDER.get(r.kind, 9), numbers.get(r.group, 0), r.file))


def order_csv(order: list[OrderRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in order:
        writer.writerow(row.values())
    return buffer.getvalue().encode("utf-8")


def order_summary(pack_title: str, order: list[OrderRow], source: str) -> bytes:
    """A short Markdown summary with the totals, for whoever places the order."""
    ordered = [row for row in order if row.copies]
    lines = [f"# Print order: {pack_title}", "",
             f"Copies come from `print_run` in {source} (its default values are examples: check them).", "",
             "| file | paper | binding | pages | copies | sheets |", "| --- | --- | --- | ---: | ---: | ---: |"]
    lines += [f"| {r.file} | {r.paper} | {r.binding} | {r.pages} | {r.copies} | {r.sheets_total} |"
              for r in ordered]
    by_paper: dict[str, int] = {}
    for row in ordered:
        by_paper[row.paper] = by_paper.get(row.paper, 0) + row.sheets_total
    lines += ["", f"**Total: {sum(r.copies for r in ordered)} copies of {len(ordered)} files, "
                  f"{sum(by_paper.values())} sheets printed on both sides.**", ""]
    lines += [f"- {paper}: {sheets} sheets" for paper, sheets in sorted(by_paper.items())]
    not_ordered = [row.file for row in order if not row.copies]
    if not_ordered:
        lines += ["", "Also built, not ordered (another form of the same document is): " + ", ".join(not_ordered)]
    return ("\n".join(lines) + "\n").encode("utf-8")
