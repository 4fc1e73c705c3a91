"""The pack's fonts, and only those: the font stacks declared in styles/fonts.toml, a private fontconfig
configuration for the renderer that holds exactly the declared files, and the coverage check that finds every
character no font of a stack can show, before anything is rendered."""

from __future__ import annotations

import os
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..content.texts import texts
from ..errors import BuildError, Loc, Problem

if TYPE_CHECKING:
    from ..content.model import Pack, Text

DECLARATION = "fonts.toml"
EMPTY_CONFIG = "fonts/fontconfig.conf"
ROLES = ("serif", "sans")
# Characters that lay out without a glyph: controls, format characters (bidi marks, joiners) and separators.
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


@dataclass(frozen=True)
class FontSet:
    """What styles/fonts.toml declares: ordered stacks per role, per-language preferences, and the files."""

    stacks: dict[str, tuple[str, ...]] = field(hash=False)  # role -> tuple of family names, first = the one CSS names
    # role -> {language tag: tuple of families put right after the first}
    prefer: dict[str, dict[str, tuple[str, ...]]] = field(hash=False)
    style_files: tuple[Path, ...]  # Paths of the fonts base.css loads with @font-face
    # (Path, Debian package) of the fonts added to the private fontconfig configuration
    system_files: tuple[tuple[Path, str], ...]

    @property
    def files(self) -> tuple[Path, ...]:
        return self.style_files + tuple(path for path, _ in self.system_files)


def load_font_set(styles: Path) -> FontSet:
    with open(styles / DECLARATION, "rb") as handle:
        data = tomllib.load(handle)
    files = dict(data["files"])
    style_files = tuple(styles / name for name in files.pop("styles", ()))
    system_files = tuple((Path(name), package) for package, names in files.items() for name in names)
    return FontSet(
        stacks={role: tuple(data["stacks"][role]) for role in ROLES},
        prefer={role: {lang: tuple(fams) for lang, fams in data.get("prefer", {}).get(role, {}).items()}
                for role in ROLES},
        style_files=style_files,
        system_files=system_files,
    )


def missing_files(fonts: FontSet) -> list[str]:
    """Declared font files that are not on this machine, each with the package that installs it."""
    missing = [f"{path} (styles/)" for path in fonts.style_files if not path.is_file()]
    missing += [f"{path} (Debian package {package})" for path, package in fonts.system_files if not path.is_file()]
    return missing


# --- the renderer's fontconfig configuration -------------------------------------------------------------------

def _fontconfig_languages(tag: str) -> list[str]:
    """fontconfig spells languages in lower case with the region ('zh-tw'); Pango passes the tag as written."""
    lowered = tag.lower()
    extra = {"zh-hant": ["zh-tw", "zh-hk", "zh-mo"], "zh-hans": ["zh-cn", "zh-sg"]}.get(lowered, [])
    return [lowered, *extra]


def _append_rule(family: str, additions: Iterable[str], lang: str | None = None) -> str:
    test_lang = f'<test name="lang" compare="contains"><string>{escape(lang)}</string></test>' if lang else ""
    strings = "".join(f"<string>{escape(name)}</string>" for name in additions)
    return (f'<match target="pattern">{test_lang}<test name="family"><string>{escape(family)}</string></test>'
            f'<edit name="family" mode="append" binding="strong">{strings}</edit></match>')


def fontconfig_xml(fonts: FontSet) -> bytes:
    """Fallback rules: after the family CSS names come the rest of its stack in order. Language rules come
    after the general one because each inserts right after the first family, ahead of what is there."""
    rules = []
    for role in ROLES:
        first, *rest = fonts.stacks[role]
        rules.append(_append_rule(first, rest))
        for tag, families in fonts.prefer[role].items():
            rules += [_append_rule(first, families, lang) for lang in _fontconfig_languages(tag)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig>{''.join(rules)}</fontconfig>").encode()


def font_configuration(styles: Path) -> object:
    """A WeasyPrint FontConfiguration that sees only the declared fonts: it starts from an empty fontconfig
    configuration (no system folders), then gets the declared files and fallback order."""
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration

    fonts = load_font_set(styles)
    # Pango picks the language of a run of text the page does not mark from the environment's preferred
    # languages; pin it so that output does not depend on the machine's locale.
    os.environ["PANGO_LANGUAGE"] = "en"
    previous = os.environ.get("FONTCONFIG_FILE")
    # resolved: fontconfig looks relative names up under /etc/fonts
    os.environ["FONTCONFIG_FILE"] = str((styles / EMPTY_CONFIG).resolve())
    try:
        config = FontConfiguration()
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous
    fontconfig.FcConfigParseAndLoadFromMemory(config._config, fontconfig_xml(fonts), True)
    for path, _ in fonts.system_files:
        if path.is_file():
            fontconfig.FcConfigAppFontAddFile(config._config, str(path).encode())
    _make_current(int(ffi.cast("uintptr_t", config._config)))
    pangoft2.pango_fc_font_map_config_changed(ffi.cast("PangoFcFontMap *", config.font_map))
    return config


def _make_current(config_address: int) -> None:
    """Pango's FT2 font map substitutes patterns with fontconfig's *current* configuration, not with the one
    set on the font map, so our fallback order applies only once ours is current (and the machine's rules,
    which could reorder fonts, do not apply at all). WeasyPrint's bindings do not declare FcConfigSetCurrent."""
    import ctypes
    import ctypes.util

    library = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    library.FcConfigSetCurrent.argtypes = [ctypes.c_void_p]
    if not library.FcConfigSetCurrent(ctypes.c_void_p(config_address)):
        raise RuntimeError("fontconfig refused the renderer's font configuration")


# --- coverage ---------------------------------------------------------------------------------------------------

# per process: {files: {family: (file, face index)}}
_FACES: dict[tuple[tuple[str, int], ...], dict[str, tuple[Path, int]]] = {}
_CMAPS: dict[tuple[Path, int], frozenset[int]] = {}  # per process: the CJK collections take a while to read


def _family_faces(files: tuple[Path, ...]) -> dict[str, tuple[Path, int]]:
    """{family name: (file, index in a collection)} of the first face declared for each family (its regular
    face). Reads only the name tables, which is quick even for the large CJK collections."""
    from fontTools.ttLib import TTCollection, TTFont

    key = tuple((str(p), p.stat().st_size) for p in files if p.is_file())
    if key not in _FACES:
        faces: dict[str, tuple[Path, int]] = {}
        for path in (p for p in files if p.is_file()):
            collection = path.suffix.lower() == ".ttc"
            fonts = TTCollection(str(path), lazy=True).fonts if collection else [TTFont(str(path), lazy=True)]
            for index, font in enumerate(fonts):
                family = str(font["name"].getDebugName(16) or font["name"].getDebugName(1))
                faces.setdefault(family, (path, index))
        _FACES[key] = faces
    return _FACES[key]


def _cmap(face: tuple[Path, int]) -> frozenset[int]:
    if face not in _CMAPS:
        from fontTools.ttLib import TTFont

        path, index = face
        font = TTFont(str(path), lazy=True, fontNumber=index if path.suffix.lower() == ".ttc" else -1)
        _CMAPS[face] = frozenset(font.getBestCmap() or ())
    return _CMAPS[face]


@dataclass(frozen=True)
class Gap:
    """A character that some stack cannot show."""

    char: str
    offset: int  # in the text
    roles: tuple[str, ...]  # the stacks that lack it

    @property
    def script(self) -> str:
        from fontTools import unicodedata as ft_unicodedata

        return str(ft_unicodedata.script_name(ft_unicodedata.script(self.char), default="Unknown"))

    def describe(self, fonts: FontSet) -> str:
        code = f"U+{ord(self.char):04X}"
        stacks = " and ".join(f"{role} ({fonts.stacks[role][0]}, ...)" for role in self.roles)
        return (f"'{self.char}' ({code}, {self.script}) has no glyph in the pack's fonts (no font of the "
                f"{stacks} stack in styles/fonts.toml covers it; expected text in a script they cover)")


class Coverage:
    """Answers which characters of a text no font of a stack covers. Reads the fonts of a stack in order and
    only as far as needed: text the first family covers never opens the large CJK collections."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self._faces: dict[str, tuple[Path, int]] | None = None
        self._lacking: dict[int, tuple[str, ...]] = {}  # a pack repeats its characters: each is looked up once

    def _covers(self, family: str, point: int) -> bool:
        if self._faces is None:
            self._faces = _family_faces(self.fonts.style_files)
        if family not in self._faces:  # a family past the first two: the system files are indexed once needed
            self._faces = {**_family_faces(self.fonts.files), **self._faces}
        face = self._faces.get(family)
        return face is not None and point in _cmap(face)

    def lacking(self, char: str) -> tuple[str, ...]:
        """The stacks (roles) with no font for ``char``."""
        point = ord(char)
        if point not in self._lacking:
            self._lacking[point] = tuple(role for role in ROLES
                                         if not any(self._covers(f, point) for f in self.fonts.stacks[role]))
        return self._lacking[point]

    def gaps(self, text: str) -> list[Gap]:
        """Every character of ``text`` some stack lacks, first occurrence of each, in order."""
        found, seen = [], set()
        for offset, char in enumerate(text):
            if char in seen or _invisible(char):
                continue
            seen.add(char)
            roles = self.lacking(char)
            if roles:
                found.append(Gap(char, offset, roles))
        return found


def _invisible(char: str) -> bool:
    return char in "\n\t " or unicodedata.category(char) in INVISIBLE_CATEGORIES


# --- the content check ------------------------------------------------------------------------------------------

def _pack_texts(pack: Pack) -> list[Text]:
    """Everything the pack prints: the Markdown, and the seminar's own fields."""
    return [text for text, _ in texts(pack, meta=True)]


def _plain_strings(pack: Pack) -> list[tuple[str, str]]:
    """(what, string) of the fixed words printed: labels and document titles (from pack.yaml or built in)."""
    labels = pack.meta.labels if pack.meta is not None else {}
    strings = [(f"label '{key}'", value) for key, value in labels.items()]
    strings += [("concept note title", pack.concept_note.title), ("handout title", pack.handouts.title),
                ("endnotes title", pack.endnotes.title)]
    return strings


# Characters the first faces of both stacks, Charis SIL and Inter, are known to have (tests/test_scripts.py reads
# their cmaps to check it): a pack written only in these needs no font opened, which keeps builds quick.
SHIPPED_COVER = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x180) if c != 0x149]  # not ŉ
    + list("\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022"
           "\u2026\u2030\u2032\u2033\u2039\u203a\u20ac\u2122"))
SHIPPED_FIRST = {"serif": "Charis SIL", "sans": "Inter"}


def _only_shipped_cover(fonts: FontSet, strings: list[str]) -> bool:
    if any(fonts.stacks[role][0] != family for role, family in SHIPPED_FIRST.items()):
        return False
    return all(char in SHIPPED_COVER or _invisible(char) for string in strings for char in string)


def coverage_problems(pack: Pack, styles: Path) -> list[Problem]:
    """Every character of the pack that some font stack cannot show, at its place in the content."""
    fonts = load_font_set(styles)
    missing = missing_files(fonts)
    if missing:
        raise BuildError("declared fonts are not installed: " + "; ".join(missing[:5])
                         + " (run scripts/setup.sh, or fix styles/fonts.toml)")
    people = pack.roster.participants if pack.roster is not None else ()
    strings = [text.source for text in _pack_texts(pack)] + [value for _, value in _plain_strings(pack)]
    strings += [value for person in people for value in (person.name, person.organisation, person.country)]
    if _only_shipped_cover(fonts, strings):
        return []
    coverage = Coverage(fonts)
    problems = []
    for text in _pack_texts(pack):
        for gap in coverage.gaps(text.source):
            line = text.source.count("\n", 0, gap.offset)
            problems.append(Problem(text.loc_of(line, gap.char), gap.describe(fonts)))
    for person in pack.roster.participants if pack.roster is not None else ():  # names print on cards and sheets
        for what in ("name", "organisation", "country"):
            problems += [Problem(person.loc, f"{what}: {gap.describe(fonts)}")
                         for gap in coverage.gaps(getattr(person, what))]
    pack_file = Loc(f"{pack.root}/pack.yaml" if pack.root else "pack.yaml")
    for what, string in _plain_strings(pack):
        problems += [Problem(pack_file, f"{what}: {gap.describe(fonts)}") for gap in coverage.gaps(string)]
    return problems
