"""Fonts of stamped name boxes, made anew for each stamped file: a file holds the glyphs its own boxes draw.

The name boxes of many people are rendered together, so the fonts of a rendered box hold the glyphs of every
name and organisation rendered with it, and WeasyPrint's ToUnicode map gives the ellipsis of a cut line the whole
text it hides (someone else's, and long enough to break poppler's CMap reader). Each stamped file therefore gets,
for every font its boxes use, a subset holding only the glyphs those boxes draw (HarfBuzz's subsetter, glyph ids
kept, so the content streams stay as they are), widths and CIDSet for those glyphs only, and a ToUnicode map with
one valid entry per kept glyph: the character the font itself maps to the glyph, or, for a glyph no character
maps to (a ligature, a CJK glyph of a bare CFF program), the text WeasyPrint recorded when that file prints every
character of it. Called on a file after its boxes are copied in; the handout's own fonts are not touched."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import BuildError
from .cid_fonts import select_glyphs

if TYPE_CHECKING:  # pikepdf loads when a personal copy is stamped, not at import
    import pikepdf

MAX_MAPPED = 8  # UTF-16 units one glyph stands for (a ligature); poppler reads at most 8 per entry
PER_BLOCK = 100  # entries per bfchar block: the most the CMap format allows
DROPPED_TABLES = (b"BASE", b"GDEF", b"GPOS", b"GSUB", b"JSTF", b"MATH", b"kern", b"morx", b"DSIG")  # not read in a PDF
CMAP_HEAD = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<< /Registry (Adobe)\n"
             b"/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
             b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n")
CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


FontKey = tuple[int, int, int]  # a font of the rendered boxes: (which boxes' PDF, its object number, generation)


@dataclass(frozen=True)
class SourceFont:
    """A font of the rendered boxes, read once for every file stamped with it."""

    font: pikepdf.Object  # the Type0 font dictionary in the boxes' PDF
    program: bytes  # the embedded font program
    program_key: str  # /FontFile2 or /FontFile3
    bare_cff: bool  # a bare CID-keyed CFF program (see cidfonts), not an OpenType file
    own: dict[int, str]  # glyph id -> the character the font's cmap maps to it
    recorded: dict[int, str]  # glyph id -> the text WeasyPrint's ToUnicode gives it
    widths: dict[int, pikepdf.Object]  # glyph id -> its /W width


@dataclass(frozen=True)
class Box:
    """One person's box, ready to copy into files: a form of the boxes' PDF cut down to what it draws."""

    form: pikepdf.Object
    glyphs: dict[FontKey, frozenset[int]]  # source font -> glyph ids drawn with it
    printed: frozenset[str]  # every character the box prints


class BoxFonts:
    """The fonts of a run's rendered boxes: ``box`` prepares each box once, ``stamp_fonts`` makes a file's fonts."""

    def __init__(self) -> None:
        self.sources: dict[FontKey, SourceFont] = {}

    def box(self, page: pikepdf.Page, text: str, document: int) -> Box:
        """``page`` (a page of the ``document``-th boxes' PDF: object numbers are those of their own PDF) as a
        form; ``text`` is every character it prints."""
        form = page.as_form_xobject()
        found: dict[tuple[int, int], tuple[pikepdf.Object, set[int]]] = {}
        _walk(form, form.get("/Resources"), found, set())
        for objgen, (font, _) in found.items():
            if (document, *objgen) not in self.sources:
                self.sources[(document, *objgen)] = _read_source(font)
        printed = set(text) | set(unicodedata.normalize("NFD", text)) | set(unicodedata.normalize("NFC", text))
        return Box(form, {(document, *objgen): frozenset(glyphs) for objgen, (_, glyphs) in found.items()},
                   frozenset(printed))

    def stamp_fonts(self, pdf: pikepdf.Pdf, boxes: Iterable[Box]) -> None:
        """Give ``pdf``, into which ``boxes`` were copied, fonts holding what those boxes draw and nothing else."""
        glyphs: dict[FontKey, set[int]] = {}
        printed: set[str] = set()
        for box in boxes:
            printed |= box.printed
            for key, drawn in box.glyphs.items():
                glyphs.setdefault(key, set()).update(drawn)
        for key, used in glyphs.items():
            source = self.sources[key]  # copied with the forms: copy_foreign gives that copy
            _rewrite(pdf, pdf.copy_foreign(source.font), source, used, printed)


def _walk(stream: pikepdf.Object, resources: pikepdf.Object | None,
          found: dict[tuple[int, int], tuple[pikepdf.Object, set[int]]],
          seen: set[tuple[int, int]]) -> None:
    """Gather the glyphs ``stream`` draws per font, following the forms it draws, and cut each form's resources
    down to what its content names: WeasyPrint gives every page of a document the same fonts (and forms), so a
    box would otherwise carry the fonts of every box rendered with it."""
    import pikepdf

    empty: dict[str, pikepdf.Object] = {}
    fonts = resources.get("/Font", empty) if resources is not None else empty
    xobjects = resources.get("/XObject", empty) if resources is not None else empty
    named: set[str] = set()
    current: set[int] | None = None
    for instruction in pikepdf.parse_content_stream(stream):
        operands, op = instruction.operands, str(instruction.operator)
        named.update(str(o) for o in operands if isinstance(o, pikepdf.Name))
        if op == "Tf":
            font = fonts.get(str(operands[0]))
            if font is None or font.get("/Subtype") != "/Type0" or not font.is_indirect or \
                    font.get("/Encoding") not in ("/Identity-H", "/Identity-V"):  # two bytes a glyph id
                raise BuildError(f"a name box uses a font that cannot be subset per copy ({operands[0]})")
            current = found.setdefault(font.objgen, (font, set()))[1]
        elif op in ("Tj", "'", '"', "TJ") and current is not None:
            strings = operands[0] if op == "TJ" else operands[-1:]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    current.update(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2))
        elif op == "Do":
            inner = xobjects.get(str(operands[0]))
            if inner is not None and inner.get("/Subtype") == "/Form" and inner.objgen not in seen:
                seen.add(inner.objgen)
                _walk(inner, inner.get("/Resources", resources), found, seen)
    if resources is not None:
        stream.Resources = _pruned(resources, named)


def _pruned(resources: pikepdf.Object, named: set[str]) -> pikepdf.Dictionary:
    """``resources`` keeping, in each category, only the names the content uses."""
    import pikepdf

    kept = pikepdf.Dictionary()
    for category, entries in resources.items():
        if isinstance(entries, pikepdf.Dictionary):
            kept[category] = pikepdf.Dictionary({name: value for name, value in entries.items() if name in named})
        else:
            kept[category] = entries  # ProcSet
    return kept


def _read_source(font: pikepdf.Object) -> SourceFont:
    cid_font = font.DescendantFonts[0]
    descriptor = cid_font.FontDescriptor
    program_key = next((k for k in ("/FontFile2", "/FontFile3") if k in descriptor), None)
    if program_key is None:
        raise BuildError(f"a name box uses a font that is not embedded ({font.get('/BaseFont')})")
    program = descriptor[program_key].read_bytes()
    bare_cff = descriptor[program_key].get("/Subtype") == "/CIDFontType0C"
    return SourceFont(font, program, program_key, bare_cff, {} if bare_cff else _reverse_cmap(program),
                      _read_to_unicode(font.get("/ToUnicode")), _read_widths(cid_font.get("/W", [])))


def _rewrite(pdf: pikepdf.Pdf, font: pikepdf.Object, source: SourceFont, glyphs: set[int], printed: set[str]) -> None:
    """Make ``font`` (``source``'s copy in ``pdf``) hold ``glyphs`` alone, in place."""
    import pikepdf

    keep = sorted(glyphs | {0})
    cid_font = font.DescendantFonts[0]
    descriptor = cid_font.FontDescriptor
    program = _subset_cff(source.program, keep) if source.bare_cff else _subset_sfnt(source.program, keep)
    stream = descriptor[source.program_key]
    stream.write(program)
    if "/Length1" in stream:
        stream.Length1 = len(program)
    # a subset's name tag differs from every other subset's (the handout's own font of the same face included)
    tag = "".join(chr(65 + byte % 26) for byte in hashlib.sha256(program).digest()[:6])
    name = pikepdf.Name(f"/{tag}+{str(font.BaseFont)[1:].split('+', 1)[-1]}")
    font.BaseFont = cid_font.BaseFont = descriptor.FontName = name
    mapping = {gid: text for gid in keep if gid and (text := _text_of(gid, source.own, source.recorded, printed))}
    font.ToUnicode = pikepdf.Stream(pdf, to_unicode_cmap(mapping))
    if "/W" in cid_font:
        cid_font.W = pikepdf.Array(_widths_array(source.widths, set(keep)))
    if "/CIDSet" in descriptor:
        descriptor.CIDSet = pikepdf.Stream(pdf, _cid_set(keep))


def _text_of(gid: int, reverse: dict[int, str], recorded: dict[int, str], printed: set[str]) -> str:
    """What glyph ``gid`` stands for in this file: the font's own character for it, unless WeasyPrint recorded
    the same text decomposed (a ligature: "ffi" for "ﬃ"); a glyph no character maps to keeps WeasyPrint's text
    only when this file prints all of it."""
    own = reverse.get(gid)
    text = recorded.get(gid, "")
    fits = 0 < len(text.encode("utf-16-be")) <= 2 * MAX_MAPPED and set(text) <= printed
    if own is not None:
        return text if fits and unicodedata.normalize("NFKC", own) == unicodedata.normalize("NFKC", text) else own
    return text if fits else ""


def _subset_sfnt(data: bytes, keep: list[int]) -> bytes:
    import uharfbuzz as hb

    face = hb.Face(hb.Blob(data))
    request = hb.SubsetInput()
    request.glyph_set.update(keep)
    request.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(int.from_bytes(tag, "big") for tag in DROPPED_TABLES)
    request.flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.DESUBROUTINIZE
    result = hb.subset(face, request)
    if result is None:
        raise BuildError("a name box's font could not be subset (HarfBuzz refused it)")
    return bytes(result.blob.data)


def _subset_cff(data: bytes, keep: list[int]) -> bytes:
    """A bare CID-keyed CFF program (see cidfonts) holding the glyphs whose CIDs are in ``keep``."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    holder = TTFont(recalcBBoxes=False)  # the compiler asks its font for options only
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), holder)
    top = cff.topDictIndex[0]
    wanted = {f"cid{gid:05d}" for gid in keep} | {".notdef"}
    names = [name for name in top.charset if name in wanted]
    select_glyphs(top, [top.CharStrings.charStrings[name] for name in names], names)
    out = io.BytesIO()
    cff.compile(out, holder)
    return out.getvalue()


def _reverse_cmap(data: bytes) -> dict[int, str]:
    """{glyph id: the character the font maps to it} (the lowest, when several do)."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    cmap = font.getBestCmap() or {}
    reverse: dict[int, str] = {}
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    for code, name in sorted(cmap.items()):
        reverse.setdefault(order[name], chr(code))
    return reverse


def _read_to_unicode(stream: pikepdf.Object | None) -> dict[int, str]:
    """The bfchar entries of a ToUnicode CMap as WeasyPrint writes it (one ``<code> <utf-16be>`` per line)."""
    found: dict[int, str] = {}
    if stream is None:
        return found
    for line in stream.read_bytes().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0][:1] == b"<" and parts[1][:1] == b"<":
            try:
                code = int(parts[0][1:-1], 16)
                found[code] = bytes.fromhex(parts[1][1:-1].decode("ascii")).decode("utf-16-be")
            except (ValueError, UnicodeDecodeError):
                continue  # an entry we cannot read is an entry we do not copy
    return found


def to_unicode_cmap(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap of ``mapping`` ({2-byte code: text}), in blocks of at most 100 entries."""
    items = sorted(mapping.items())
    lines = [CMAP_HEAD]
    for start in range(0, len(items), PER_BLOCK):
        block = items[start:start + PER_BLOCK]
        lines.append(f"{len(block)} beginbfchar\n".encode("ascii"))
        lines += [f"<{code:04x}> <{text.encode('utf-16-be').hex()}>\n".encode("ascii") for code, text in block]
        lines.append(b"endbfchar\n")
    lines.append(CMAP_TAIL)
    return b"".join(lines)


def _read_widths(w: Iterable[pikepdf.Object]) -> dict[int, pikepdf.Object]:
    """{glyph id: width} of a /W array (``first [w1 w2 ...]`` and ``first last w`` runs)."""
    import pikepdf

    widths: dict[int, pikepdf.Object] = {}
    items = list(w)
    i = 0
    while i + 1 < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for n, value in enumerate(items[i + 1]):
                widths[first + n] = value
            i += 2
        else:
            for gid in range(first, int(items[i + 1]) + 1):
                widths[gid] = items[i + 2]
            i += 3
    return widths


def _widths_array(widths: dict[int, pikepdf.Object], keep: set[int]) -> list[pikepdf.Object | int]:
    """A /W array of the glyphs in ``keep``, as ``first [w1 w2 ...]`` runs of consecutive glyph ids."""
    import pikepdf

    result: list[pikepdf.Object | int] = []
    run: list[pikepdf.Object] = []
    previous = None
    for gid in sorted(g for g in widths if g in keep):
        if previous is None or gid != previous + 1:
            if run:
                result.append(pikepdf.Array(run))
            result.append(gid)
            run = []
        run.append(widths[gid])
        previous = gid
    if run:
        result.append(pikepdf.Array(run))
    return result


def _cid_set(keep: list[int]) -> bytes:
    bits = bytearray((max(keep) // 8) + 1)
    for gid in keep:
        bits[gid // 8] |= 0x80 >> (gid % 8)
    return bytes(bits)
