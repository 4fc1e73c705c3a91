"""Page furniture as artifacts in a tagged PDF, and printable links (pikepdf, after WeasyPrint writes the PDF).

WeasyPrint 70 tags the text of margin boxes (running heads, folios) like content: each gets a marked-content id
and a structure element that the ParentTree maps but no element of the tree holds (it would need PDF 2.0 to put
them in the tree as artifacts). A screen reader then reads "Page 3 of 15" on every page. Here every sequence
whose id no element reachable from the tree's root claims becomes an ``/Artifact`` of type Pagination, the
remaining ids of the page are renumbered in painting order, and the ParentTree and the tree's elements follow.
Elements the tagging leaves out of the tree on purpose (``aria-hidden`` furniture, see text_layer.py) go the
same way. Link annotations get the Print flag (PDF/UA: an annotation that is seen is printed)."""

from __future__ import annotations

import re
from io import BytesIO

import pikepdf

PRINT_FLAG = 4
MARKED = re.compile(rb"(/[A-Za-z][A-Za-z0-9]*)\n<</MCID (\d+)>>\nBDC")


def tidy_tagged(data: bytes) -> bytes:
    """``data`` (a tagged PDF) with its untreed marked content made artifacts and its links printable."""
    with pikepdf.open(BytesIO(data)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            _furniture_as_artifacts(pdf)
        _printable_links(pdf)
        out = BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)  # PDF/UA's XMP left as written
        return out.getvalue()


def _printable_links(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == "/Link":
                annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG


def _treed(root: pikepdf.Object) -> set[tuple[int, int]]:
    """The object ids of every structure element reachable from the tree's root."""
    seen: set[tuple[int, int]] = set()
    todo = [root.get("/K")]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") not in ("/MCR", "/OBJR"):
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            todo.append(node.get("/K"))
    return seen


def _furniture_as_artifacts(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root.StructTreeRoot
    treed = _treed(root)
    nums = root.ParentTree.get("/Nums")
    if nums is None:  # a ParentTree with /Kids: not what WeasyPrint writes; leave it be
        return
    by_key = {int(nums[i]): i + 1 for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in by_key:
            continue
        elements = nums[by_key[int(key)]]
        kept = [mcid for mcid, element in enumerate(elements)
                if isinstance(element, pikepdf.Dictionary) and element.objgen in treed]
        if len(kept) == len(elements) and kept == list(range(len(elements))):
            continue
        renumbered = {old: new for new, old in enumerate(kept)}
        _rewrite_content(pdf, page, renumbered)
        _renumber_elements(page, [elements[old] for old in kept], renumbered)
        nums[by_key[int(key)]] = pikepdf.Array([elements[old] for old in kept])


def _rewrite_content(pdf: pikepdf.Pdf, page: pikepdf.Page, renumbered: dict[int, int]) -> None:
    """Marked content whose id is not kept becomes an artifact; kept ids take their new numbers.

    WeasyPrint (pydyf) writes each opening as ``/Tag\\n<</MCID n>>\\nBDC`` and every text as hex strings, so the
    openings are found in the bytes (parsing every operator of a page costs 20 times as much)."""
    def replace(match: re.Match[bytes]) -> bytes:
        old = int(match[2])
        if old in renumbered:
            return match[1] + b"\n<</MCID " + str(renumbered[old]).encode() + b">>\nBDC"
        return b"/Artifact\n<</Type /Pagination>>\nBDC"

    streams = page.obj.Contents
    data = b"\n".join(s.read_bytes() for s in streams) if isinstance(streams, pikepdf.Array) else streams.read_bytes()
    page.obj.Contents = pdf.make_stream(MARKED.sub(replace, data))


def _renumber_elements(page: pikepdf.Page, elements: list[pikepdf.Object], renumbered: dict[int, int]) -> None:
    """The kept elements' references to this page's marked content, with the new ids."""
    for element in {e.objgen: e for e in elements}.values():
        kids = element.get("/K")
        if isinstance(kids, int):
            element.K = renumbered.get(int(kids), int(kids))
            continue
        if not isinstance(kids, pikepdf.Array):
            continue
        for i, kid in enumerate(kids):
            if isinstance(kid, int):
                kids[i] = renumbered.get(int(kid), int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR" and \
                    kid.get("/Pg", page.obj).objgen == page.obj.objgen:
                kid.MCID = renumbered.get(int(kid.MCID), int(kid.MCID))
