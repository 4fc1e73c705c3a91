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


def page_boxes(path: Path, number: int = 0) -> dict[str, list[float]]:
    """A page's MediaBox, BleedBox and TrimBox as the file gives them (pikepdf: no defaults filled in)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        page = pdf.pages[number].obj
        return {name: [round(float(v), 2) for v in page[f"/{name}"]] for name in ("MediaBox", "BleedBox", "TrimBox")
                if f"/{name}" in page}


class Sheet:
    """A page rendered whole (its media box, slug included) in grey, read in the page's own coordinates."""

    def __init__(self, path: Path, number: int = 0, dpi: float = 144):
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        page = document[number]
        self.media = [float(v) for v in page.get_mediabox()]
        self.scale = dpi / 72
        self.image = page.render(scale=self.scale, crop=(0, 0, 0, 0),
                                 may_draw_forms=True).to_pil().convert("L")

    def ink(self, x0: float, y0: float, x1: float, y1: float) -> int:
        """How many dark pixels lie in the rectangle (points, the page's coordinates, y up)."""
        left, top = (x0 - self.media[0]) * self.scale, (self.media[3] - y1) * self.scale
        right, bottom = (x1 - self.media[0]) * self.scale, (self.media[3] - y0) * self.scale
        box = tuple(round(v) for v in (max(left, 0), max(top, 0), right, bottom))
        return sum(self.image.crop(box).histogram()[:128])


def min_trim_distance_mm(path: Path) -> float:
    """The least distance of any visible character from its page's trim edge (pdfium reads positions in the
    page's own coordinates, whatever its boxes' origin); an error for a PDF without text."""
    import pypdfium2

    best = float("inf")
    document = pypdfium2.PdfDocument(str(path))
    for page in document:
        x0, y0, x1, y1 = page.get_trimbox()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if not text.get_text_range(i, 1).strip():
                continue
            left, bottom, right, top = text.get_charbox(i)
            best = min(best, left - x0, bottom - y0, x1 - right, y1 - top)
    if best == float("inf"):
        raise AssertionError(f"{path}: no text on any page")
    return best / MM


def _marked_content(page) -> list[tuple[str, int | None, bool]]:
    """(tag, MCID or None, inside an artifact) of each marked-content sequence a page's content opens, in the
    order it is painted."""
    import pikepdf

    found, stack = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            tag = str(operands[0])
            properties = operands[1] if len(operands) > 1 else None
            mcid = int(properties["/MCID"]) if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties \
                else None
            inside = any(t == "/Artifact" for t, _ in stack)
            stack.append((tag, mcid))
            found.append((tag, mcid, inside))
        elif name == "EMC" and stack:
            stack.pop()
    return found


def tagging_report(path: Path) -> dict[str, list]:
    """What a PDF/UA checker reads of page furniture and reading order, per page:
    ``content``: MCIDs in painting order (outside artifacts); ``tree``: MCIDs in the structure tree's order;
    ``orphans``: MCIDs painted that no element of the tree (reached from its root) claims;
    ``missing``: MCIDs the tree claims that no content has; ``artifacts``: how many artifact sequences."""
    import pikepdf

    report: dict[str, list] = {"content": [], "tree": [], "orphans": [], "missing": [], "artifacts": []}
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        tree: list[list[int]] = [[] for _ in pdf.pages]

        def walk(node, page):
            if isinstance(node, pikepdf.Array):
                for item in node:
                    walk(item, page)
            elif isinstance(node, pikepdf.Dictionary):
                if "/Pg" in node:
                    page = pages.get(node.Pg.objgen, page)
                if node.get("/Type") == "/MCR":
                    tree[page].append(int(node.MCID))
                elif node.get("/Type") != "/OBJR" and "/K" in node:
                    walk(node.K, page)
            elif isinstance(node, int) and page is not None:
                tree[page].append(int(node))

        walk(pdf.Root.StructTreeRoot.K, None)
        for n, page in enumerate(pdf.pages):
            marked = _marked_content(page)
            content = [mcid for tag, mcid, inside in marked if mcid is not None and tag != "/Artifact"]
            report["content"].append(content)
            report["tree"].append(tree[n])
            report["orphans"].append(sorted(set(content) - set(tree[n])))
            report["missing"].append(sorted(set(tree[n]) - set(content)))
            report["artifacts"].append(sum(1 for tag, _, _ in marked if tag == "/Artifact"))
    return report
