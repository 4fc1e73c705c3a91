"""Page furniture as artifacts in a tagged PDF, and printable links (pikepdf, after WeasyPrint writes the PDF).

WeasyPrint 70 tags the text of margin boxes (running heads, folios) like content: each gets a marked-content id
and a structure element that the ParentTree maps but no element of the tree holds (it would need PDF 2.0 to put
them in the tree as artifacts). A screen reader then reads "Page 3 of 15" on every page. Here every sequence
whose id no element reachable from the tree's root claims becomes an ``/Artifact`` of type Pagination, the
remaining ids of the page are renumbered in painting order, and the ParentTree and the tree's elements follow.
Elements the tagging leaves out of the tree on purpose (``aria-hidden`` furniture, see text_layer.py) go the
same way. Link annotations get the Print flag (PDF/UA: an annotation that is seen is printed).

CSS paints some content after the rest of its line or before it (raised superscripts, floats, list markers),
so a page's marked content is not painted in the tree's (reading) order: each tagged block is then moved into
the place of the block painted there, drawn with the state it had where it was (see ``_in_tree_order``)."""

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
            _paint_in_tree_order(pdf)
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


# Operators whose effect outlasts a text block: (graphics state, colours, text state), and those that change
# the coordinates or the clip, which a block may not be moved across.
STATE_OPS = {"gs": "gs", "cs": "fill space", "sc": "fill", "scn": "fill", "g": "fill", "rg": "fill", "k": "fill",
             "CS": "stroke space", "SC": "stroke", "SCN": "stroke", "G": "stroke", "RG": "stroke", "K": "stroke",
             "Tf": "Tf", "Tc": "Tc", "Tw": "Tw", "Tz": "Tz", "TL": "TL", "Ts": "Ts", "Tr": "Tr", "w": "w"}
FILL_SPACE_RESETS = {"g", "rg", "k"}  # a device colour operator sets its colour space too
STROKE_SPACE_RESETS = {"G", "RG", "K"}

Instruction = tuple[list[pikepdf.Object], pikepdf.Operator]
Block = tuple[int, int, int, dict[str, Instruction], tuple[object, ...]]  # start, end, MCID, state, place


def _paint_in_tree_order(pdf: pikepdf.Pdf) -> None:
    """Each page whose tagged content is painted out of the tree's order, repainted in it (where safe)."""
    tree = _tree_order(pdf)
    for page in pdf.pages:
        streams = page.obj.Contents
        data = b"\n".join(s.read_bytes() for s in streams) if isinstance(streams, pikepdf.Array) \
            else streams.read_bytes()
        painted = [int(found[2]) for found in MARKED.finditer(data)]
        if painted != tree[page.obj.objgen]:
            _in_tree_order(pdf, page, tree[page.obj.objgen])


def _tree_order(pdf: pikepdf.Pdf) -> dict[tuple[int, int], list[int]]:
    """Each page's marked-content ids in the structure tree's order (depth first from the root)."""
    pages = {page.obj.objgen for page in pdf.pages}
    order: dict[tuple[int, int], list[int]] = {objgen: [] for objgen in pages}
    todo: list[tuple[object, tuple[int, int] | None]] = [(pdf.Root.StructTreeRoot.get("/K"), None)]
    while todo:
        node, page = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend((item, page) for item in reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary):
            if "/Pg" in node and node.Pg.objgen in pages:
                page = node.Pg.objgen
            if node.get("/Type") == "/MCR" and page is not None:
                order[page].append(int(node.MCID))
            elif node.get("/Type") != "/OBJR" and "/K" in node:
                todo.append((node.K, page))
        elif isinstance(node, int) and page is not None:
            order[page].append(int(node))
    return order


def _blocks(instructions: list[Instruction]) -> list[Block] | None:
    """(start, end, MCID, state at its start, its place's coordinates and clip) of each tagged block of a
    page, in painting order; None when the page's blocks cannot be told apart safely."""
    state: dict[str, Instruction] = {}
    saved: list[tuple[dict[str, Instruction], tuple[object, ...]]] = []
    place: tuple[object, ...] = ()  # the cm and clip operations in effect
    blocks: list[Block] = []
    depth, start, mcid = 0, -1, -1
    at_start: dict[str, Instruction] = {}
    place_at_start: tuple[object, ...] = ()
    for index, (operands, operator) in enumerate(instructions):
        name = str(operator)
        if name in ("BDC", "BMC"):
            if depth == 0 and name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                    and "/MCID" in operands[1]:
                start, mcid, at_start, place_at_start = index, int(operands[1].MCID), dict(state), place
            depth += 1
        elif name == "EMC":
            depth -= 1
            if depth == 0 and start >= 0:
                blocks.append((start, index, mcid, at_start, place_at_start))
                start = -1
        elif name == "q":
            saved.append((dict(state), place))
        elif name == "Q":
            if not saved:
                return None
            state, place = saved.pop()
        elif name in ("cm", "W", "W*"):
            if start >= 0:
                return None  # a block that moves its own coordinates or clips: not moved
            place = (*place, (name, tuple(str(o) for o in operands)))
        elif name in STATE_OPS:
            key = STATE_OPS[name]
            state[key] = (operands, operator)
            if name in FILL_SPACE_RESETS:
                state.pop("fill space", None)
            elif name in STROKE_SPACE_RESETS:
                state.pop("stroke space", None)
    return blocks if depth == 0 else None


def _state(state: dict[str, Instruction]) -> list[Instruction]:
    ordered = ("gs", "fill space", "fill", "stroke space", "stroke", "w", "Tf", "Tc", "Tw", "Tz", "TL", "Ts", "Tr")
    return [state[key] for key in ordered if key in state]


def _in_tree_order(pdf: pikepdf.Pdf, page: pikepdf.Page, tree: list[int]) -> None:
    """The page's tagged blocks repainted in the tree's order, each in the slot of one in painting order.

    Each block is drawn with the graphics and text state it had where it was painted, and the state the
    original order left after each slot is set again after it, so that what follows draws as before. Pages
    whose blocks differ in coordinates or clip are left as they are (moving one would move what it draws)."""
    parsed = pikepdf.parse_content_stream(page)
    if any(isinstance(item, pikepdf.ContentStreamInlineImage) for item in parsed):
        return  # WeasyPrint writes none; not worth moving around
    instructions: list[Instruction] = [(list(item.operands), item.operator) for item in parsed]
    blocks = _blocks(instructions)
    if not blocks or sorted(b[2] for b in blocks) != sorted(tree) or len({repr(b[4]) for b in blocks}) != 1:
        return
    by_mcid = {b[2]: b for b in blocks}
    after = {b[1]: _state_after(instructions, b) for b in blocks}
    out: list[Instruction] = []
    slot, index = 0, 0
    while index < len(instructions):
        if slot < len(blocks) and index == blocks[slot][0]:
            start, end, _, state, _ = by_mcid[tree[slot]]
            opening, *inner, closing = instructions[start:end + 1]
            out += [opening, ([], pikepdf.Operator("q")), *_state(state), *inner, ([], pikepdf.Operator("Q")),
                    closing, *after[blocks[slot][1]]]
            index = blocks[slot][1] + 1
            slot += 1
            continue
        out.append(instructions[index])
        index += 1
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def _state_after(instructions: list[Instruction], block: Block) -> list[Instruction]:
    """The state operations a block leaves in effect (set inside it, outside any q/Q of its own)."""
    start, end, _, state, _ = block
    state = dict(state)
    saved: list[dict[str, Instruction]] = []
    for operands, operator in instructions[start:end + 1]:
        name = str(operator)
        if name == "q":
            saved.append(dict(state))
        elif name == "Q" and saved:
            state = saved.pop()
        elif name in STATE_OPS:
            state[STATE_OPS[name]] = (operands, operator)
            if name in FILL_SPACE_RESETS:
                state.pop("fill space", None)
            elif name in STROKE_SPACE_RESETS:
                state.pop("stroke space", None)
    return _state(state)
