"""The pack's fonts for the web: WOFF2 subsets (fontTools with brotli) holding only the glyphs of the characters
the pages show, and the @font-face rules that load them. The faces are those styles/fonts.toml declares: the
shipped faces first; a character none of them has comes from the first family of the serif stack that has it
(its regular face), as it does in the PDFs."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError
from ..text import fonts as declared

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

FOLDER = "fonts/"
GRAPHITE = (b"Silf", b"Glat", b"Gloc", b"Feat", b"Sill")  # Charis SIL's: browsers shape with OpenType


@dataclass(frozen=True)
class WebFont:
    family: str
    weight: int
    italic: bool
    file: str  # name inside web/fonts/
    data: bytes

    def face_rule(self) -> str:
        style = "italic" if self.italic else "normal"
        return (f'@font-face {{ font-family: "{self.family}"; src: url("{FOLDER}{self.file}") format("woff2"); '
                f"font-weight: {self.weight}; font-style: {style}; font-display: swap; }}")


class _Text(HTMLParser):
    """The characters of a page as a reader sees them: text and the attributes shown or spoken."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()

    def handle_data(self, data: str) -> None:
        self.chars.update(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("alt", "title", "aria-label") and value:
                self.chars.update(value)


def used_characters(pages: list[str]) -> set[str]:
    parser = _Text()
    for page in pages:
        parser.feed(page)
    parser.close()
    return {c for c in parser.chars if not c.isspace() or c == " "} | {" "}


def _open(face: tuple[Path, int]) -> TTFont:
    from fontTools.ttLib import TTFont

    path, index = face
    return TTFont(str(path), fontNumber=index if path.suffix.lower() == ".ttc" else -1, recalcTimestamp=False)


_CMAPS: dict[tuple[Path, int], frozenset[int]] = {}  # per process: fonts are read once


def face_cmap(face: tuple[Path, int]) -> frozenset[int]:
    """The characters a face has a glyph for (read by HarfBuzz: fontTools builds every glyph name first)."""
    if face not in _CMAPS:
        import uharfbuzz as hb

        path, index = face
        _CMAPS[face] = frozenset(hb.Face(hb.Blob(path.read_bytes()), index).unicodes)
    return _CMAPS[face]


_MADE: dict[tuple[tuple[Path, int], frozenset[int], str], WebFont] = {}  # per process (the preview rebuilds)


def face_family(face: tuple[Path, int]) -> str:
    names = _open(face)["name"]
    return str(names.getDebugName(16) or names.getDebugName(1))


def family_faces(files: tuple[Path, ...]) -> dict[str, tuple[Path, int]]:
    """{family: its first face} of the font files (collections: every face), read lazily."""
    from fontTools.ttLib import TTCollection

    faces: dict[str, tuple[Path, int]] = {}
    for path in (p for p in files if p.is_file()):
        count = len(TTCollection(str(path), lazy=True).fonts) if path.suffix.lower() == ".ttc" else 1
        for index in range(count):
            faces.setdefault(face_family((path, index)), (path, index))
    return faces


def _subset(face: tuple[Path, int], points: set[int], family: str, slug: str) -> WebFont:
    key = (face, frozenset(points), family)
    if key not in _MADE:
        _MADE[key] = _make_subset(face, points, family, slug)
    return _MADE[key]


def _make_subset(face: tuple[Path, int], points: set[int], family: str, slug: str) -> WebFont:
    """HarfBuzz cuts the face down to the glyphs of ``points`` (with what shaping them needs: Arabic joining
    forms, ligatures, marks; fontTools' own subsetter takes seconds on Inter's layout tables); fontTools and
    brotli make the WOFF2 of it."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    path, index = face
    request = hb.SubsetInput()
    request.unicode_set.update(points)
    request.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(int.from_bytes(t, "big") for t in GRAPHITE)
    result = hb.subset(hb.Face(hb.Blob(path.read_bytes()), index), request)
    if result is None:
        raise BuildError(f"{path}: HarfBuzz could not subset this font for the web edition")
    font = TTFont(io.BytesIO(bytes(result.blob.data)), recalcTimestamp=False)
    weight = int(font["OS/2"].usWeightClass)
    italic = bool(font["OS/2"].fsSelection & 1)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer, reorderTables=False)
    return WebFont(family, weight, italic, f"{slug}.woff2", buffer.getvalue())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "font"


def web_fonts(styles: Path, characters: set[str]) -> list[WebFont]:
    """The subsets of the declared faces that show ``characters`` (faces with none of them are left out)."""
    font_set = declared.load_font_set(styles)
    points = {ord(c) for c in characters}
    made: list[WebFont] = []
    shipped = [(path, 0) for path in font_set.style_files if path.is_file()]
    covered: set[int] = set()
    for face in shipped:
        cmap = face_cmap(face)
        wanted = points & cmap
        covered |= wanted
        if wanted:
            made.append(_subset(face, wanted, face_family(face), _slug(face[0].stem)))
    missing = {p for p in points - covered if not chr(p).isspace()}
    if missing:
        made += _fallbacks(font_set, missing)
    return made


def _fallbacks(font_set: declared.FontSet, missing: set[int]) -> list[WebFont]:
    """For characters the shipped faces lack: the first family of the serif stack that has each."""
    faces = family_faces(declared.loaded_files(font_set))  # found as the renderer finds them
    made = []
    for family in font_set.stacks["serif"][1:]:
        face = faces.get(family)
        if face is None or not missing:
            continue
        wanted = missing & face_cmap(face)
        if wanted:
            made.append(_subset(face, wanted, family, _slug(family)))
            missing -= wanted
    return made


def families(fonts: list[WebFont], first: str) -> list[str]:
    """The families of the pages' font stack: ``first``, then the fallbacks made (each once)."""
    return list(dict.fromkeys([first, *(f.family for f in fonts if f.family != first)]))
