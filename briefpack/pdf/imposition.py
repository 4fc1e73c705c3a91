"""Saddle-stitch imposition: A5 pages two-up on A4 landscape sheets, in folding order (pypdf)."""

from __future__ import annotations

from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, RectangleObject

CARRIED = ("/OutputIntents", "/Metadata", "/Lang")  # what keeps a PDF/X a PDF/X after imposition
A4_LANDSCAPE = (841.889764, 595.275591)


def booklet_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) 0-based page indexes of each printed side, sheet by sheet, front then back.

    Folded and nested, the sheets read 1, 2, ..., n: the outer sheet carries the first and last pages."""
    if pages % 4:
        raise ValueError(f"a booklet needs a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 1 - 2 * sheet, 2 * sheet))  # front
        sides.append((2 * sheet + 1, pages - 2 - 2 * sheet))  # back
    return sides


def impose_booklet(data: bytes, sheet: tuple[float, float] = A4_LANDSCAPE) -> tuple[bytes, int]:
    """The imposed PDF and its number of printed sides: A5 pages centred two-up on A4 landscape sheets (the
    1 mm the two A5 pages leave over is split between the outer edges)."""
    reader = PdfReader(BytesIO(data))
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    x0, y0 = (sheet[0] - 2 * width) / 2, (sheet[1] - height) / 2
    writer = PdfWriter()
    for left, right in booklet_order(len(reader.pages)):
        side = PageObject.create_blank_page(width=sheet[0], height=sheet[1])
        side.merge_transformed_page(reader.pages[left], Transformation().translate(x0, y0))
        side.merge_transformed_page(reader.pages[right], Transformation().translate(x0 + width, y0))
        side.trimbox = side.bleedbox = side.cropbox = RectangleObject((0, 0, *sheet))
        writer.add_page(side)
    for key in CARRIED:
        if key in reader.root_object:
            writer.root_object[NameObject(key)] = reader.root_object.raw_get(key).clone(writer)
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    writer.pdf_header = reader.pdf_header  # PDF/X-4 needs 1.6; pypdf would write 1.3
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)
