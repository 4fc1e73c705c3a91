"""Printer's marks in a slug around the bleed (pikepdf): what a print shop needs to trim a sheet.

WeasyPrint 70 draws crop marks inside the bleed (its MediaBox is the BleedBox), so they end 1.5 mm from the trim
and a trimmed sheet can show them. Here each page keeps its TrimBox, gets a BleedBox ``BLEED_MM`` larger, and a
MediaBox larger again by a slug; the crop marks, registration crosses (and, on booklet sheets, fold marks) are
drawn in the slug, wholly outside the bleed, as artifacts (printer's marks are no part of the document).

The page's coordinates do not move: the trimmed page keeps its lower left corner where it was, so whatever is
later drawn on the page in trim coordinates (the name boxes of personal copies) lands where it did."""

from __future__ import annotations

from io import BytesIO

import pikepdf

MM = 72 / 25.4
BLEED_MM = 3.0
MARK_GAP_MM = 3.5  # from the trim to where a crop mark starts: past the bleed, so trimming never shows one
MARK_LENGTH_MM = 5.0
SLUG_MM = 10.0  # from the trim to the sheet's edge: marks end 1.5 mm inside it
CROSS_RADIUS_MM = 2.0  # a registration target's circle; its cross reaches MARK_GAP_MM .. MARK_GAP + LENGTH
LINE_WIDTH_PT = 0.25


def marked_pdf(data: bytes, fold: bool = False) -> bytes:
    """``data`` with a slug and printer's marks on every page (see ``add_marks``), saved reproducibly."""
    with pikepdf.open(BytesIO(data)) as pdf:
        add_marks(pdf, fold)
        out = BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)  # the XMP (PDF/X-4) left as rendered
        return out.getvalue()


def add_marks(pdf: pikepdf.Pdf, fold: bool = False) -> None:
    """Each page's boxes made trim < bleed < media, and its marks drawn in the slug; ``fold`` adds a fold mark
    at the middle of the top and bottom edges (a booklet sheet folds there)."""
    for page in pdf.pages:
        trim = [float(v) for v in page.obj.get("/TrimBox", page.mediabox)]
        page.obj.TrimBox = pikepdf.Array(trim)
        page.obj.BleedBox = pikepdf.Array(_grown(trim, BLEED_MM * MM))
        page.obj.MediaBox = pikepdf.Array(_grown(trim, SLUG_MM * MM))
        if "/CropBox" in page.obj:  # a viewer and a RIP show the whole sheet, slug included
            del page.obj["/CropBox"]
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)  # the page may leave its state changed
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + marks(trim, fold).encode("ascii")), prepend=False)


def _grown(box: list[float], by: float) -> list[float]:
    x0, y0, x1, y1 = box
    return [round(x0 - by, 4), round(y0 - by, 4), round(x1 + by, 4), round(y1 + by, 4)]


def marks(trim: list[float], fold: bool = False) -> str:
    """The content stream that draws the marks around ``trim`` (x0, y0, x1, y1 in points)."""
    x0, y0, x1, y1 = trim
    gap, end = MARK_GAP_MM * MM, (MARK_GAP_MM + MARK_LENGTH_MM) * MM
    lines: list[tuple[float, float, float, float]] = []
    for x, out_x in ((x0, -1), (x1, 1)):  # crop marks: each corner, one mark along each trim edge
        for y, out_y in ((y0, -1), (y1, 1)):
            lines.append((x + out_x * gap, y, x + out_x * end, y))
            lines.append((x, y + out_y * gap, x, y + out_y * end))
    if fold:
        middle = (x0 + x1) / 2
        lines += [(middle, y0 - gap, middle, y0 - end), (middle, y1 + gap, middle, y1 + end)]
    centre = (MARK_GAP_MM + MARK_LENGTH_MM / 2) * MM
    targets = [((x0 + x1) / 2, y0 - centre), ((x0 + x1) / 2, y1 + centre),
               (x0 - centre, (y0 + y1) / 2), (x1 + centre, (y0 + y1) / 2)]
    if fold:  # the fold marks take the middle of the top and bottom edges: the targets move aside
        quarter = (x1 - x0) / 4
        targets[:2] = [(x0 + quarter, y0 - centre), (x0 + quarter, y1 + centre)]
    drawn = [f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines]
    drawn += [_target(x, y) for x, y in targets]
    body = "\n".join(drawn)
    # an artifact of type Page: "production aids extraneous to the document itself, such as cut marks" (PDF 1.7)
    return f"/Artifact <</Type /Page>> BDC\nq {LINE_WIDTH_PT} w 0 0 0 RG\n{body}\nQ\nEMC\n"


def _target(x: float, y: float) -> str:
    """A registration target: a circle with a cross through it."""
    r, arm = CROSS_RADIUS_MM * MM, MARK_LENGTH_MM / 2 * MM
    k = 0.5523 * r  # Bézier approximation of a quarter circle
    circle = (f"{x + r:.3f} {y:.3f} m {x + r:.3f} {y + k:.3f} {x + k:.3f} {y + r:.3f} {x:.3f} {y + r:.3f} c "
              f"{x - k:.3f} {y + r:.3f} {x - r:.3f} {y + k:.3f} {x - r:.3f} {y:.3f} c "
              f"{x - r:.3f} {y - k:.3f} {x - k:.3f} {y - r:.3f} {x:.3f} {y - r:.3f} c "
              f"{x + k:.3f} {y - r:.3f} {x + r:.3f} {y - k:.3f} {x + r:.3f} {y:.3f} c S")
    cross = f"{x - arm:.3f} {y:.3f} m {x + arm:.3f} {y:.3f} l {x:.3f} {y - arm:.3f} m {x:.3f} {y + arm:.3f} l S"
    return f"{circle}\n{cross}"
