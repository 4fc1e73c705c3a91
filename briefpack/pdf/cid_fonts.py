"""Small embedded CJK fonts.

WeasyPrint 70 subsets fonts but keeps every glyph id up to the highest one used ("retain gids"), because its
content streams address glyphs by their original ids. Han and Hangul sit at the end of the Noto CJK fonts (ids
up to 65,534), so each subset still carries 63,000 empty glyphs: about 120 KB compressed per face, 420 KB for a
Korean handout with three faces.

The Noto CJK fonts are CID-keyed CFF. Embedded as a bare CFF program (FontFile3 /CIDFontType0C), the PDF
addresses glyphs by CID and the program's charset maps each CID to its glyph, so the empty glyphs can go: each
kept glyph is named after the id the content stream uses (``cid43677``), and the rest is dropped. Fonts of
other kinds are left exactly as WeasyPrint wrote them.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Sequence
from typing import Any, Protocol

COMPACT_FROM_GLYPHS = 5000  # below this, retained ids cost little; the CJK fonts have 65,535
CFF_HEADER = b"\x01\x00\x04"  # major 1, minor 0, header size 4: a bare CFF program, not an OpenType file


def compact_cid_font(data: bytes, used_gids: Iterable[int]) -> bytes | None:
    """The bare CID-keyed CFF program of ``data`` (an OpenType CFF subset with retained glyph ids) holding only
    the glyphs in ``used_gids``, each with its glyph id as CID; None when ``data`` is not CID-keyed CFF.

    Works on the CFF table alone (WeasyPrint's subset is already desubroutinized, so each charstring stands on
    its own): the charstrings, charset and font-dict selection of the kept glyphs, in glyph-id order."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    if "CFF " not in font:
        return None
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    if not hasattr(top, "ROS") or not hasattr(top, "FDSelect"):
        return None
    count = len(top.CharStrings.charStringsIndex)
    keep = [0] + sorted({gid for gid in used_gids if 0 < gid < count})
    select_glyphs(top, keep, [".notdef"] + [f"cid{gid:05d}" for gid in keep[1:]])
    out = io.BytesIO()
    cff.compile(out, font)
    return out.getvalue()


class _SubsetFont(Protocol):  # WeasyPrint's pdf.fonts.Font, as clean() leaves it
    glyph_count: int
    file_content: bytes
    bare_cff: bool  # ours: set on the fonts we compact


class _PdfObjects(Protocol):  # pydyf.PDF
    objects: Sequence[object]


def select_glyphs(top: Any, positions: list[int], names: list[str]) -> None:
    """Keep only the glyphs at ``positions`` (in that order) of a CID-keyed CFF font's top dict, named ``names``
    (``cid<id>``: the id the content stream uses): charstrings, font-dict selection and charset."""
    strings = top.CharStrings
    index = strings.charStringsIndex
    index.items = [index[position] for position in positions]
    top.FDSelect.gidArray = [top.FDSelect[position] for position in positions]
    strings.charStrings = {name: n for n, name in enumerate(names)}
    top.charset = names


def install() -> None:
    """Compact CID-keyed fonts after WeasyPrint's own subsetting, and declare them as bare CFF in the PDF."""
    import weasyprint.pdf
    from weasyprint.pdf import fonts

    if getattr(weasyprint.pdf.build_fonts_dictionary, "briefpack", False):
        return
    clean, build = fonts.Font.clean, fonts.build_fonts_dictionary

    def clean_and_compact(self: _SubsetFont, to_unicode: Collection[int], hinting: object) -> None:
        clean(self, to_unicode, hinting)
        if to_unicode and self.glyph_count >= COMPACT_FROM_GLYPHS and self.file_content[:4] == b"OTTO":
            compact = compact_cid_font(self.file_content, to_unicode)
            if compact is not None:
                self.file_content = compact
                self.bare_cff = True

    def build_and_declare(pdf: _PdfObjects, *args: object, **kwargs: object) -> object:
        result = build(pdf, *args, **kwargs)
        for obj in pdf.objects:  # the font file streams holding a bare CFF program
            extra, stream = getattr(obj, "extra", None), getattr(obj, "stream", None)  # a pydyf.Stream has both
            if extra is not None and extra.get("Subtype") == "/OpenType" and stream and \
                    bytes(stream[0][:3]) == CFF_HEADER:
                extra["Subtype"] = "/CIDFontType0C"
        return result

    type_of = fonts.Font.type

    def font_type(self: object) -> str:
        return "otf" if getattr(self, "bare_cff", False) else str(type_of.fget(self))

    clean_and_compact.briefpack = True  # type: ignore[attr-defined]
    build_and_declare.briefpack = True  # type: ignore[attr-defined]
    fonts.Font.clean = clean_and_compact
    fonts.Font.type = property(font_type)
    weasyprint.pdf.build_fonts_dictionary = build_and_declare  # where write_pdf looks it up
