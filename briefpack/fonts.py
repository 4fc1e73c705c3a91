"""The pack's fonts, and only those: the font stacks declared in styles/fonts.toml, a private fontconfig
configuration for the renderer that holds exactly the declared files, and the coverage check that finds every
character no font of a stack can show, before anything is rendered."""

from __future__ import annotations

import os
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

DECLARATION = "fonts.toml"
EMPTY_CONFIG = "fonts/fontconfig.conf"
ROLES = ("serif", "sans")
# Characters that lay out without a glyph: controls, format characters (bidi marks, joiners) and separators.
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


@dataclass(frozen=True)
class FontSet:
    """What styles/fonts.toml declares: ordered stacks per role, per-language preferences, and the files."""

    stacks: dict = field(hash=False)  # role -> tuple of family names, first = the one CSS names
    prefer: dict = field(hash=False)  # role -> {language tag: tuple of families put right after the first}
    style_files: tuple  # Paths of the fonts base.css loads with @font-face
    system_files: tuple  # (Path, Debian package) of the fonts added to the private fontconfig configuration

    @property
    def files(self) -> tuple:
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


def font_configuration(styles: Path):
    """A WeasyPrint FontConfiguration that sees only the declared fonts: it starts from an empty fontconfig
    configuration (no system folders), then gets the declared files and fallback order."""
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration

    fonts = load_font_set(styles)
    # Pango picks the language of a run of text the page does not mark from the environment's preferred
    # languages; pin it so that output does not depend on the machine's locale.
    os.environ["PANGO_LANGUAGE"] = "en"
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str((styles / EMPTY_CONFIG).resolve())  # fontconfig reads relative names from /etc/fonts
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

_CMAPS: dict[tuple, dict[str, frozenset]] = {}  # per process: the CJK collections take a while to read


def _family_cmaps(files: tuple) -> dict[str, frozenset]:
    """{family name: the code points its regular face maps}, read from every declared file once per process."""
    key = tuple((str(p), p.stat().st_size) for p in files if p.is_file())
    if key not in _CMAPS:
        _CMAPS[key] = _read_cmaps(p for p in files if p.is_file())
    return _CMAPS[key]


def _read_cmaps(paths: Iterator[Path]) -> dict[str, frozenset]:
    from fontTools.ttLib import TTCollection, TTFont

    cmaps: dict[str, frozenset] = {}
    for path in paths:
        fonts = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() == ".ttc" else [
            TTFont(str(path), lazy=True)]
        for font in fonts:
            name = font["name"]
            family = str(name.getDebugName(16) or name.getDebugName(1))
            if family not in cmaps:  # the first file declared for a family is its regular face
                cmaps[family] = frozenset(font.getBestCmap() or ())
    return cmaps


@dataclass(frozen=True)
class Gap:
    """A character that some stack cannot show."""

    char: str
    offset: int  # in the text
    roles: tuple  # the stacks that lack it

    @property
    def script(self) -> str:
        from fontTools import unicodedata as ft_unicodedata

        return ft_unicodedata.script_name(ft_unicodedata.script(self.char), default="Unknown")

    def describe(self, fonts: FontSet) -> str:
        code = f"U+{ord(self.char):04X}"
        stacks = "; ".join(f"{role}: {', '.join(fonts.stacks[role][:3])}, ..." for role in self.roles)
        return (f"'{self.char}' ({code}, {self.script}) has no glyph in the pack's fonts ({stacks}; expected a "
                "character some declared font covers: add a font to styles/fonts.toml, or write the text "
                "differently)")


class Coverage:
    """Answers which characters of a text no font of a stack covers. Reads only the fonts it needs: text that
    the first family of each stack covers never opens the large CJK collections."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self._first: dict[str, frozenset] | None = None
        self._whole: dict[str, frozenset] = {}

    def _first_families(self) -> dict[str, frozenset]:
        if self._first is None:
            cmaps = _family_cmaps(self.fonts.style_files)
            self._first = {role: cmaps.get(self.fonts.stacks[role][0], frozenset()) for role in ROLES}
        return self._first

    def _stack(self, role: str) -> frozenset:
        if role not in self._whole:
            cmaps = _family_cmaps(self.fonts.files)
            self._whole[role] = frozenset().union(*(cmaps.get(f, frozenset()) for f in self.fonts.stacks[role]))
        return self._whole[role]

    def gaps(self, text: str) -> list[Gap]:
        """Every character of ``text`` some stack lacks, first occurrence of each, in order."""
        first = self._first_families()
        found, seen = [], set()
        for offset, char in enumerate(text):
            point = ord(char)
            if char in seen or all(point in first[role] for role in ROLES) or _invisible(char):
                continue
            seen.add(char)
            roles = tuple(role for role in ROLES if point not in self._stack(role))
            if roles:
                found.append(Gap(char, offset, roles))
        return found


def _invisible(char: str) -> bool:
    return char in "\n\t " or unicodedata.category(char) in INVISIBLE_CATEGORIES
