"""How wide and how tall a short text (a person's name, an organisation) sets in the declared fonts: measured by
shaping it with HarfBuzz in the faces the renderer will use, so that name cards and name boxes choose a size that
fits by what a name measures, not by how many characters it has, and leave room for every script's ascenders and
descenders (the dots under Arabic letters, Thai vowels above and below).

The face for each character is the one fontconfig gives it from the stack of styles/fonts.toml: the first family
of the stack (after the families the language prefers) whose font has the character. Faces are read only when a
text needs them, once per process."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .fonts import FontSet, find_family, load_font_set

if TYPE_CHECKING:
    import uharfbuzz

NORMAL, BOLD = 400, 700


@dataclass(frozen=True)
class Extent:
    """A text's advance width and the height of its ink above and below the baseline, in ems of its size."""

    width: float
    ascent: float
    descent: float

    @property
    def height(self) -> float:
        return self.ascent + self.descent


@dataclass(frozen=True)
class _Face:
    path: Path
    index: int
    weight: int


@functools.cache
def _faces(fonts: FontSet) -> dict[str, tuple[_Face, ...]]:
    """{family: its faces} of the declared families' files, found as the renderer finds them (the shipped ones,
    then this machine's by name); name and OS/2 tables only: quick even for CJK collections."""
    from fontTools.ttLib import TTCollection, TTFont

    found: dict[str, list[_Face]] = {}
    files = dict.fromkeys(path for family in fonts.families for path in find_family(fonts, family))
    for path in (p for p in files if p.is_file()):
        collection = path.suffix.lower() == ".ttc"
        members = TTCollection(str(path), lazy=True).fonts if collection else [TTFont(str(path), lazy=True)]
        for index, font in enumerate(members):
            family = str(font["name"].getDebugName(16) or font["name"].getDebugName(1))
            weight = int(font["OS/2"].usWeightClass) if "OS/2" in font else NORMAL
            found.setdefault(family, []).append(_Face(path, index, weight))
    return {family: tuple(faces) for family, faces in found.items()}


@functools.cache
def _hb_face(face: _Face) -> tuple[uharfbuzz.Face, frozenset[int]]:
    import uharfbuzz as hb

    hb_face = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    return hb_face, frozenset(hb_face.unicodes)


class Measure:
    """Measures texts in a font set's stacks ("serif", "sans")."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts

    def stack(self, role: str, language: str) -> tuple[str, ...]:
        """The families in fallback order for ``language``: its preferred ones right after the stack's first."""
        families = self.fonts.stacks[role]
        prefer: tuple[str, ...] = ()
        for tag, preferred in self.fonts.prefer[role].items():
            if language == tag or language.startswith(tag + "-"):
                prefer = preferred
        return (families[0], *prefer, *(f for f in families[1:] if f not in prefer))

    def _face_for(self, char: str, families: tuple[str, ...], weight: int) -> _Face | None:
        faces = _faces(self.fonts)
        for family in families:
            candidates = sorted(faces.get(family, ()), key=lambda f: abs(f.weight - weight))
            if candidates and ord(char) in _hb_face(candidates[0])[1]:
                return candidates[0]
        return None

    def extent(self, text: str, role: str = "sans", weight: int = NORMAL, language: str = "") -> Extent:
        """``text`` on one line: its width and the height of its glyphs, in ems."""
        families = self.stack(role, language)
        text = unicodedata.normalize("NFC", text)
        runs: list[tuple[_Face | None, str]] = []
        for char in text:
            face = self._face_for(char, families, weight) if unicodedata.category(char)[0] in "LNPS" else None
            if runs and (face is None or face == runs[-1][0] or runs[-1][0] is None):
                runs[-1] = (runs[-1][0] or face, runs[-1][1] + char)  # marks and spaces go with their letters
            else:
                runs.append((face, char))
        width = ascent = descent = 0.0
        for face, run in runs:
            if face is None:
                continue
            run_width, run_ascent, run_descent = _shaped(face, run, language)
            width, ascent, descent = width + run_width, max(ascent, run_ascent), max(descent, run_descent)
        return Extent(width, ascent, descent)


@functools.lru_cache(maxsize=4096)
def _shaped(face: _Face, text: str, language: str) -> tuple[float, float, float]:
    import uharfbuzz as hb

    hb_face, _ = _hb_face(face)
    font = hb.Font(hb_face)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    if language:
        buffer.language = language
    hb.shape(font, buffer, {})
    upem = float(hb_face.upem)
    width = sum(position.x_advance for position in buffer.glyph_positions) / upem
    ascent = descent = 0.0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyph = font.get_glyph_extents(info.codepoint)
        if glyph is None:
            continue
        top = (glyph.y_bearing + position.y_offset) / upem
        ascent, descent = max(ascent, top), max(descent, -(top + glyph.height / upem))
    return width, ascent, descent


@functools.cache
def measure_in(styles: Path) -> Measure:
    """The measure of the fonts declared in ``styles``/fonts.toml (read once per process)."""
    return Measure(load_font_set(styles))


WRAP_FILL = 0.85  # of each further line, what words broken at spaces fill on average (a safe guess, not a measure)


def size_to_fit(extent: Extent, width_pt: float, largest: float, smallest: float, lines: int = 1) -> float:
    """The largest size, in points between ``smallest`` and ``largest`` (a tenth of a point, rounded down), at
    which a text of ``extent`` fits ``lines`` lines of ``width_pt``: ``smallest`` when nothing does."""
    room = width_pt * (1 + WRAP_FILL * (lines - 1))
    size = room / extent.width if extent.width > 0 else largest
    return max(smallest, min(largest, float(int(size * 10)) / 10))


def line_height(extent: Extent, least: float, gap: float = 0.12) -> float:
    """A line height (in ems) at least ``least`` that holds the text's glyphs and ``gap`` between lines: room for
    the marks above and below letters that a fixed 1.2 cuts (the dots under Arabic letters, Thai vowels)."""
    return round(max(least, extent.height + gap), 2)
