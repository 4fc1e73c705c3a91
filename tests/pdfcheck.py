"""Reading PDFs back for assertions: text, links, destinations, fonts, glyph positions."""

from __future__ import annotations

from pathlib import Path

import pypdf

MM = 72 / 25.4


def text(path: Path) -> str:
    """Page text in reading order; superscripts (raised a little) stay on their line."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text(y_tolerance=6) for page in pdf.pages)


def words(path: Path) -> str:
    """Text with all whitespace collapsed, for phrase searches across line breaks."""
    return " ".join(text(path).split())


def link_annotations(path: Path) -> list[dict]:
    reader = pypdf.PdfReader(path)
    found = []
    for number, page in enumerate(reader.pages, 1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A") or {}
            rect = [float(v) for v in annot["/Rect"]]
            found.append({"page": number, "uri": action.get("/URI"), "dest": annot.get("/Dest"),
                          "height": abs(rect[3] - rect[1])})
    return found


def destinations(path: Path) -> set[str]:
    return set(pypdf.PdfReader(path).named_destinations)


def font_names(path: Path) -> set[str]:
    reader = pypdf.PdfReader(path)
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def embedded(path: Path) -> bool:
    """Every font has an embedded font program."""
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object()
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                return False
    return True


def min_edge_distance_mm(path: Path) -> float:
    """The least distance of any visible character from a page edge; an error for a PDF without text."""
    import pdfplumber

    best = float("inf")
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                if not char["text"].strip():
                    continue
                best = min(best, char["x0"], char["top"], page.width - char["x1"], page.height - char["bottom"])
    if best == float("inf"):  # no text at all: a margin check would pass on an empty PDF
        raise AssertionError(f"{path}: no text on any page")
    return best / MM


def outline_titles(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    return titles


def stranded_headings(path: Path, heading_font: str = "Inter-Semi-Bold", min_size: float = 10.0) -> list:
    """(page, text) of headings that end a page's body (no text or ruled lines after them on that page)."""
    import pdfplumber

    stranded = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            top, bottom = 25 * MM, page.height - 24 * MM  # the body area: inside the page margins
            words = [w for w in page.extract_words(extra_attrs=["fontname", "size"])
                     if top <= w["top"] and w["bottom"] <= bottom]
            if not words:
                continue
            last_line = max(w["bottom"] for w in words)
            line = [w for w in words if abs(w["bottom"] - last_line) < 2]
            drawn_below = [g for g in (*page.lines, *page.rects) if g["top"] > last_line and g["bottom"] <= bottom]
            if not drawn_below and all(heading_font in w["fontname"] and w["size"] >= min_size for w in line):
                stranded.append((number, " ".join(w["text"] for w in line)))
    return stranded
