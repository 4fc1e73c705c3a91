"""Saddle-stitch imposition: A5 pages two-up on A4 landscape sheets, in folding order (pikepdf).

Each A5 page becomes a form XObject clipped to its crop box, and each printed side draws two of them. The sides
are made in the rendered PDF itself, so its document information, XMP metadata, output intent and header version
(PDF/X-4) stay as they are; what belongs to the A5 pages (outlines, named destinations) goes with them. Print
pages carry no annotations (the print edition prints its links as URLs), so there are none to move."""

from __future__ import annotations

from io import BytesIO

import pikepdf

from .slug import add_marks
from .slug import marked_pdf as marked_pdf  # the flat print files' marks, for the engine (one import boundary)

CARRIED = ("/OutputIntents", "/Metadata", "/Lang")  # what keeps a PDF/X a PDF/X after imposition
KEPT = ("/Type", "/Pages", *CARRIED)  # the catalog entries a booklet keeps
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


def impose_booklet(data: bytes, sheet: tuple[float, float] = A4_LANDSCAPE, marks: bool = False
                   ) -> tuple[bytes, int]:
    """The imposed PDF and its number of printed sides: A5 pages centred two-up on A4 landscape sheets (the
    1 mm the two A5 pages leave over is split between the outer edges); with ``marks``, each sheet trimmed to A4
    has a bleed, a slug and crop and fold marks (see slug.py)."""
    with pikepdf.open(BytesIO(data)) as pdf:
        width, height = float(pdf.pages[0].mediabox[2]), float(pdf.pages[0].mediabox[3])
        x0, y0 = (sheet[0] - 2 * width) / 2, (sheet[1] - height) / 2
        forms = [_form(page) for page in pdf.pages]
        for left, right in booklet_order(len(forms)):
            placed = {"/Left": (forms[left], x0, y0), "/Right": (forms[right], x0 + width, y0)}
            pdf.pages.append(_side(pdf, sheet, placed))
        del pdf.pages[:len(forms)]
        for key in set(pdf.Root.keys()) - set(KEPT):
            del pdf.Root[key]
        if marks:
            add_marks(pdf, fold=True)
        out = BytesIO()
        # same bytes every time: an /ID computed from the content, the XMP left as rendered
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
        return out.getvalue(), len(pdf.pages)


def _form(page: pikepdf.Page) -> pikepdf.Object:
    """The page as a form XObject, clipped to its crop box (what a viewer shows of it)."""
    form = page.as_form_xobject()
    form.BBox = page.cropbox
    return form


def _side(pdf: pikepdf.Pdf, sheet: tuple[float, float], placed: dict[str, tuple[pikepdf.Object, float, float]]
          ) -> pikepdf.Page:
    """One printed side: each form drawn with its lower left corner at (x, y)."""
    box = pikepdf.Array([0, 0, *sheet])
    drawn = "".join(f"q 1 0 0 1 {x:.6f} {y:.6f} cm {name} Do Q\n" for name, (_, x, y) in placed.items())
    side = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=box, CropBox=box, TrimBox=box, BleedBox=box,
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary({name: form for name, (form, _, _) in placed.items()})),
        Contents=pikepdf.Stream(pdf, drawn.encode("ascii")))
    return pikepdf.Page(pdf.make_indirect(side))
