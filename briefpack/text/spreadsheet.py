"""The CSV files the build writes (print order, packing list and counts), safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel and
LibreOffice as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``): OWASP's "CSV injection". Such a cell is
written with a leading apostrophe, which spreadsheets show as text; every CSV writer goes through ``csv_bytes``.
A line end inside a cell is written as LF: the csv module quotes a cell holding one of its line terminator's
characters, and ours is LF alone, so a bare CR would end the row where a spreadsheet reads it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value``, with an apostrophe first when it is text a spreadsheet would take for a formula."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if value.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV of ``header`` and ``rows`` (LF line ends, quotes only where needed), every text cell safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(value) for value in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
