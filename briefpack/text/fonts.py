"""The pack's fonts, and only those: the font stacks declared in styles/fonts.toml, found by family name where
the user has them (the project's own styles/fonts/ first, then wherever fontconfig finds fonts on this machine:
Debian's packages, macOS, Homebrew, the user's font folder), a private fontconfig configuration for the renderer
that holds exactly the files of those families, and the coverage check that finds every character no font of a
stack can show, and every declared font a pack's scripts need that this machine lacks, before anything renders."""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.texts import texts
from ..errors import BuildError, Loc, Problem

if TYPE_CHECKING:
    from ..content.model import Pack, Text

DECLARATION = "fonts.toml"
EMPTY_CONFIG = "fonts/fontconfig.conf"
SHIPPED_FOLDER = "fonts"  # under styles/: fonts the project ships, found there before any machine font
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
ROLES = ("serif", "sans")
# Characters that lay out without a glyph: controls, format characters (bidi marks, joiners) and separators.
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


@dataclass(frozen=True)
class FontSet:
    """What styles/fonts.toml declares: ordered stacks per role, per-language preferences, the files base.css
    loads with @font-face, and, as hints for messages, the Debian package of each family it names."""

    stacks: dict[str, tuple[str, ...]] = field(hash=False)  # role -> tuple of family names, first = the one CSS names
    # role -> {language tag: tuple of families put right after the first}
    prefer: dict[str, dict[str, tuple[str, ...]]] = field(hash=False)
    style_files: tuple[Path, ...]  # Paths of the fonts base.css loads with @font-face
    styles: Path  # the styles folder: its fonts/ are searched before the machine's
    debian: dict[str, str] = field(hash=False)  # file name stem ("NotoSansThai") -> Debian package, from [files]

    @property
    def families(self) -> tuple[str, ...]:
        """Every declared family once, in the order of the stacks."""
        return tuple(dict.fromkeys(family for role in ROLES for family in self.stacks[role]))


def load_font_set(styles: Path) -> FontSet:
    with open(styles / DECLARATION, "rb") as handle:
        data = tomllib.load(handle)
    files = dict(data.get("files", {}))
    style_files = tuple(styles / name for name in files.pop("styles", ()))
    # the absolute paths under a package's name say where Debian puts a family: a hint for messages only
    debian = {Path(name).name.split("-")[0]: package for package, names in files.items() for name in names}
    return FontSet(
        stacks={role: tuple(data["stacks"][role]) for role in ROLES},
        prefer={role: {lang: tuple(fams) for lang, fams in data.get("prefer", {}).get(role, {}).items()}
                for role in ROLES},
        style_files=style_files,
        styles=styles,
        debian=debian,
    )


# --- finding the declared families by name ----------------------------------------------------------------------

def _family_key(family: str) -> str:
    """fontconfig compares family names ignoring case and blanks."""
    return "".join(family.split()).casefold()


FileStamp = tuple[str, int, int]  # (path, size, mtime_ns): a file unchanged since it was last read
_NAMES: dict[FileStamp, tuple[str, ...]] = {}  # per process: the family names a font file declares


def _declared_names(path: Path) -> tuple[str, ...]:
    """The family names of every face of a font file (typographic and legacy), read from its name tables."""
    from fontTools.ttLib import TTCollection, TTFont

    status = path.stat()
    stamp = (str(path), status.st_size, status.st_mtime_ns)
    if stamp not in _NAMES:
        collection = path.suffix.lower() in (".ttc", ".otc")
        faces = TTCollection(str(path), lazy=True).fonts if collection else [TTFont(str(path), lazy=True)]
        names = [str(font["name"].getDebugName(n)) for font in faces for n in (16, 1)
                 if font["name"].getDebugName(n)]
        _NAMES[stamp] = tuple(dict.fromkeys(names))
    return _NAMES[stamp]


def _shipped_index(styles: Path) -> dict[str, tuple[Path, ...]]:
    """{family key: files} of the fonts under styles/fonts/ (sorted, so the same on every machine)."""
    index: dict[str, list[Path]] = {}
    folder = styles / SHIPPED_FOLDER
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
            for name in _declared_names(path):
                index.setdefault(_family_key(name), []).append(path)
    return {key: tuple(paths) for key, paths in index.items()}


class _FcFontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


# The names WeasyPrint itself tries (weasyprint/text/ffi.py): the library found is the one that renders.
FONTCONFIG_LIBRARIES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll", "fontconfig-1.dll")


def _fontconfig() -> ctypes.CDLL | None:
    """The fontconfig library, looked for as WeasyPrint does (its folders: DYLD_FALLBACK_LIBRARY_PATH on macOS,
    WEASYPRINT_DLL_DIRECTORIES on Windows), or None."""
    folders = [f for var in ("DYLD_FALLBACK_LIBRARY_PATH", "WEASYPRINT_DLL_DIRECTORIES")
               for f in os.environ.get(var, "").split(os.pathsep) if f]
    found = ctypes.util.find_library("fontconfig")
    candidates = ([found] if found else []) + [os.path.join(f, n) for f in folders for n in FONTCONFIG_LIBRARIES]
    for name in [*candidates, *FONTCONFIG_LIBRARIES]:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _pattern_strings(library: ctypes.CDLL, pattern: int, key: bytes) -> list[str]:
    values, index, value = [], 0, ctypes.c_char_p()
    while library.FcPatternGetString(pattern, key, index, ctypes.byref(value)) == 0 and value.value is not None:
        values.append(os.fsdecode(value.value))
        index += 1
    return values


def _system_fonts_library(library: ctypes.CDLL) -> list[tuple[str, list[str]]]:
    """(file, family names) of every face the machine's fontconfig configuration knows."""
    library.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    library.FcConfigGetFonts.argtypes = [ctypes.c_void_p, ctypes.c_int]
    library.FcConfigGetFonts.restype = ctypes.POINTER(_FcFontSet)
    library.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                           ctypes.POINTER(ctypes.c_char_p)]
    library.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = library.FcInitLoadConfigAndFonts()
    if not config:
        return []
    try:
        found = library.FcConfigGetFonts(config, 0)  # FcSetSystem
        faces = []
        for i in range(found.contents.nfont if found else 0):
            pattern = found.contents.fonts[i]
            files = _pattern_strings(library, pattern, b"file")
            if files:
                faces.append((files[0], _pattern_strings(library, pattern, b"family")))
        return faces
    finally:
        library.FcConfigDestroy(config)


def _system_fonts_command() -> list[tuple[str, list[str]]]:
    """The same from the fc-list command, where the library cannot be loaded from Python."""
    command = shutil.which("fc-list")
    if command is None:
        raise BuildError("fontconfig was not found (neither its library nor fc-list), so the fonts this pack needs "
                         "cannot be looked for (expected fontconfig, which WeasyPrint needs too; see README, "
                         "\"System prerequisites\")")
    done = subprocess.run([command, "--format", "%{file}\t%{family}\n"], capture_output=True, check=False,
                          timeout=60)
    faces = []
    for line in os.fsdecode(done.stdout).splitlines():
        file, _, families = line.partition("\t")
        names = families.replace("\\,", "\0").split(",")  # fc-list escapes a comma inside a name
        faces.append((file, [name.replace("\0", ",") for name in names]))
    return faces


_SYSTEM: dict[tuple[str, str], dict[str, tuple[Path, ...]]] = {}  # per process and fontconfig environment


def _system_index() -> dict[str, tuple[Path, ...]]:
    """{family key: files} of every font this machine's fontconfig finds (read once per process)."""
    environment = (os.environ.get("FONTCONFIG_FILE", ""), os.environ.get("FONTCONFIG_PATH", ""))
    if environment not in _SYSTEM:
        library = _fontconfig()
        faces = _system_fonts_library(library) if library is not None else _system_fonts_command()
        index: dict[str, list[Path]] = {}
        for file, families in sorted(faces):
            for family in families:
                paths = index.setdefault(_family_key(family), [])
                if Path(file) not in paths:
                    paths.append(Path(file))
        _SYSTEM[environment] = {key: tuple(paths) for key, paths in index.items()}
    return _SYSTEM[environment]


def find_family(fonts: FontSet, family: str) -> tuple[Path, ...]:
    """The files of a declared family: the project's own (styles/fonts/) if it ships it, else this machine's,
    found by name through fontconfig; () when it has none."""
    key = _family_key(family)
    return _shipped_index(fonts.styles).get(key) or _system_index().get(key, ())


def loaded_files(fonts: FontSet) -> tuple[Path, ...]:
    """The files the renderer's configuration gets: every file of every declared family found, except those
    base.css loads with @font-face. A family not found is not an error here: the coverage check says whether
    a pack needs it."""
    style_files = {path.resolve() for path in fonts.style_files}
    found = (path for family in fonts.families for path in find_family(fonts, family))
    return tuple(dict.fromkeys(path for path in found if path.resolve() not in style_files))


def machine_stamp(fonts: FontSet) -> str:
    """Size and time of every machine font file named like a declared family: quick to read (no font is opened),
    it changes when a font is installed, removed or upgraded. Those the project ships are in styles/ itself."""
    files = dict.fromkeys(path for family in fonts.families for path in _system_index().get(_family_key(family), ()))
    stamps = []
    for path in files:
        try:
            status = path.stat()
        except OSError:
            stamps.append(f"{path}\0-")
            continue
        stamps.append(f"{path}\0{status.st_size}\0{status.st_mtime_ns}")
    return "\0".join(stamps)


# --- where to get a font ----------------------------------------------------------------------------------------

NOTO_DOWNLOAD = "https://notofonts.github.io"
NOTO_CJK_DOWNLOAD = "https://github.com/notofonts/noto-cjk/releases"


def debian_package(fonts: FontSet, family: str) -> str | None:
    """The Debian package of a family: from the [files] hints of styles/fonts.toml (the longest file name that
    begins the family's name), else Noto's packages by name."""
    key = "".join(family.split())
    stems = [stem for stem in fonts.debian if key.startswith(stem)]
    if stems:
        return fonts.debian[max(stems, key=len)]
    if family.startswith("Noto "):
        return "fonts-noto-cjk" if " CJK" in family else "fonts-noto-core"
    return None


def how_to_get(fonts: FontSet, family: str) -> str:
    """Where to get a family on Debian or Ubuntu, macOS and Windows."""
    cjk = " CJK" in family
    download = NOTO_CJK_DOWNLOAD if cjk else NOTO_DOWNLOAD if family.startswith("Noto ") else "its publisher's site"
    cask = "font-" + "-".join(family.lower().split()[:3 if cjk else None])
    package = debian_package(fonts, family)
    debian = (f"sudo apt install {package}" if package
              else f"install the package that has it (apt-file search \"{family}\")")
    return (f"Debian or Ubuntu: {debian}; macOS: brew install --cask {cask}, or download it from {download}; "
            f"Windows: download it from {download}, then right-click each font file and choose "
            "\"Install for all users\"")


# --- the renderer's fontconfig configuration -------------------------------------------------------------------

def _fontconfig_languages(tag: str) -> list[str]:
    """fontconfig spells languages in lower case with the region ('zh-tw'); Pango passes the tag as written."""
    lowered = tag.lower()
    extra = {"zh-hant": ["zh-tw", "zh-hk", "zh-mo"], "zh-hans": ["zh-cn", "zh-sg"]}.get(lowered, [])
    return [lowered, *extra]


def _xml(text: str) -> str:
    return html_escape(text, quote=False)


def _append_rule(family: str, additions: Iterable[str], lang: str | None = None) -> str:
    test_lang = f'<test name="lang" compare="contains"><string>{_xml(lang)}</string></test>' if lang else ""
    strings = "".join(f"<string>{_xml(name)}</string>" for name in additions)
    return (f'<match target="pattern">{test_lang}<test name="family"><string>{_xml(family)}</string></test>'
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
    configuration (no system folders), then gets the files of the declared families found and the fallback
    order."""
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration

    fonts = load_font_set(styles)
    files = loaded_files(fonts)  # looked for with the machine's fontconfig configuration, before ours is set
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
    for path in files:
        fontconfig.FcConfigAppFontAddFile(config._config, os.fsencode(path))
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

_CMAPS: dict[tuple[FileStamp, str], frozenset[int]] = {}  # per process: the CJK collections take a while to read


def _regular_face(files: tuple[Path, ...]) -> Path:
    """The file whose cmap stands for the family: its regular face if one is named so."""
    return min(files, key=lambda path: ("regular" not in path.name.lower(), path.name))


def _cmap(path: Path, family: str) -> frozenset[int]:
    """The characters of ``family``'s face in ``path`` (the first face of that family in a collection)."""
    status = path.stat()
    key = ((str(path), status.st_size, status.st_mtime_ns), _family_key(family))
    if key not in _CMAPS:
        from fontTools.ttLib import TTCollection, TTFont

        collection = path.suffix.lower() in (".ttc", ".otc")
        faces = TTCollection(str(path), lazy=True).fonts if collection else [TTFont(str(path), lazy=True)]
        index = next((i for i, font in enumerate(faces)
                      if any(_family_key(str(font["name"].getDebugName(n) or "")) == key[1] for n in (16, 1))), 0)
        _CMAPS[key] = frozenset(faces[index].getBestCmap() or ())
    return _CMAPS[key]


GENERIC_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl", "Zyyy", "Zinh"})  # and what all scripts share
CJK_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
LANGUAGE_SCRIPTS = {"Urdu": "Arab"}  # a family named for a language, not a script
STYLE_WORDS = frozenset({"Noto", "Sans", "Serif", "Naskh", "Nastaliq", "Kufi", "Display", "UI", "Mono"})


def family_scripts(family: str) -> frozenset[str] | None:
    """The scripts a family is made for, read from its name ("Noto Serif Thai": Thai), for a family this machine
    lacks; None when the name does not say."""
    from fontTools import unicodedata as ft_unicodedata

    words = family.split()
    if "CJK" in words:
        return CJK_SCRIPTS
    rest = " ".join(word for word in words if word not in STYLE_WORDS)
    if words[0] == "Noto" and not rest:
        return GENERIC_SCRIPTS
    code = LANGUAGE_SCRIPTS.get(rest) or ft_unicodedata.script_code(rest, default=None)
    return frozenset({code}) if code else None


def _claims(family: str, char: str) -> bool:
    """Whether a family this machine lacks would show ``char``: it is made for the character's script (a family
    whose name does not say is taken to claim everything)."""
    from fontTools import unicodedata as ft_unicodedata

    scripts = family_scripts(family)
    return scripts is None or bool(scripts & set(ft_unicodedata.script_extension(char)))


@dataclass(frozen=True)
class Gap:
    """A character that some stack cannot show, or can show only with a font this machine lacks."""

    char: str
    offset: int  # in the text
    roles: tuple[str, ...]  # the stacks that lack it
    missing: tuple[tuple[str, str], ...] = ()  # (role, family): declared families it needs that are not found

    @property
    def script(self) -> str:
        from fontTools import unicodedata as ft_unicodedata

        return str(ft_unicodedata.script_name(ft_unicodedata.script(self.char), default="Unknown"))

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    def describe(self, fonts: FontSet) -> str:
        stacks = " and ".join(f"{role} ({fonts.stacks[role][0]}, ...)" for role in self.roles)
        return (f"'{self.char}' ({self.code}, {self.script}) has no glyph in the pack's fonts (no font of the "
                f"{stacks} stack in styles/fonts.toml covers it; expected text in a script they cover)")

    def describe_missing(self, fonts: FontSet, role: str, family: str) -> str:
        return (f"the {self.script} text here ('{self.char}', {self.code}) needs the font '{family}' ({role} stack "
                f"in styles/fonts.toml), which is not installed on this machine (expected it where fontconfig "
                f"finds fonts). {how_to_get(fonts, family)}")


class Coverage:
    """Answers which characters of a text no font of a stack covers. Reads the fonts of a stack in order and
    only as far as needed: text the first family covers never looks for a machine font, nor opens the large
    CJK collections."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self._files: dict[str, tuple[Path, ...]] = {}
        self._walks: dict[int, dict[str, tuple[bool, str | None]]] = {}  # a pack repeats its characters

    def _covers(self, family: str, char: str) -> bool | None:
        """Whether ``family`` has ``char``; None when this machine has no such family."""
        if family not in self._files:
            self._files[family] = find_family(self.fonts, family)
        files = self._files[family]
        return ord(char) in _cmap(_regular_face(files), family) if files else None

    def _walk(self, role: str, char: str) -> tuple[bool, str | None]:
        """(shown, missing family): a stack shows a character with its first family that has it, unless a
        family before that one is missing here and would claim it."""
        for family in self.fonts.stacks[role]:
            covers = self._covers(family, char)
            if covers:
                return True, None
            if covers is None and _claims(family, char):
                return False, family
        return False, None

    def walks(self, char: str) -> dict[str, tuple[bool, str | None]]:
        point = ord(char)
        if point not in self._walks:
            self._walks[point] = {role: self._walk(role, char) for role in ROLES}
        return self._walks[point]

    def lacking(self, char: str) -> tuple[str, ...]:
        """The stacks (roles) with no font for ``char`` on this machine."""
        return tuple(role for role, (shown, _) in self.walks(char).items() if not shown)

    def gaps(self, text: str) -> list[Gap]:
        """Every character of ``text`` some stack lacks, first occurrence of each, in order."""
        found, seen = [], set()
        for offset, char in enumerate(text):
            if char in seen or _invisible(char):
                continue
            seen.add(char)
            walks = self.walks(char)
            roles = tuple(role for role, (shown, _) in walks.items() if not shown)
            if roles:
                missing = tuple((role, family) for role, (_, family) in walks.items() if family)
                found.append(Gap(char, offset, roles, missing))
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
    strings += [(f"{settings.named_as('title')} of documents.{key}", settings.title)
                for key, settings in pack.documents.items() if isinstance(settings.values.get("title"), str)]
    return strings


# Characters the first faces of both stacks, Charis SIL and Inter, are known to have (tests/test_scripts.py reads
# their cmaps to check it): a pack written only in these needs no font looked for or opened, which keeps builds
# quick and lets a pack in these scripts build where only the shipped fonts are.
SHIPPED_COVER = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x180) if c != 0x149]  # not ŉ
    + list("\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022"
           "\u2026\u2030\u2032\u2033\u2039\u203a\u20ac\u2122"))
SHIPPED_FIRST = {"serif": "Charis SIL", "sans": "Inter"}


def _only_shipped_cover(fonts: FontSet, strings: list[str]) -> bool:
    if any(fonts.stacks[role][0] != family for role, family in SHIPPED_FIRST.items()):
        return False
    return all(char in SHIPPED_COVER or _invisible(char) for string in strings for char in string)


_CHECKED = contextvars.ContextVar("coverage_checked", default=True)


@contextlib.contextmanager
def without_coverage() -> Iterator[None]:
    """For commands that render nothing (`links`): loading the pack then never looks for a font."""
    token = _CHECKED.set(False)
    try:
        yield
    finally:
        _CHECKED.reset(token)


def coverage_problems(pack: Pack, styles: Path) -> list[Problem]:
    """Every character of the pack that some font stack cannot show, at its place in the content, and every
    declared font its scripts need that this machine lacks, once, at the first place that needs it."""
    if not _CHECKED.get():
        return []
    fonts = load_font_set(styles)
    absent = [str(path) for path in fonts.style_files if not path.is_file()]
    if absent:
        raise BuildError("the fonts briefpack ships are missing: " + "; ".join(absent[:5])
                         + " (expected them under styles/; reinstall briefpack)")
    people = pack.roster.participants if pack.roster is not None else ()
    strings = [text.source for text in _pack_texts(pack)] + [value for _, value in _plain_strings(pack)]
    strings += [value for person in people for value in (person.name, person.organisation, person.country)]
    if _only_shipped_cover(fonts, strings):
        return []
    coverage = Coverage(fonts)
    report = _Report(fonts)
    for text in _pack_texts(pack):
        for gap in coverage.gaps(text.source):
            report.add(text.loc_of(text.source.count("\n", 0, gap.offset), gap.char), gap)
    for person in people:  # names print on cards and sheets
        for what in ("name", "organisation", "country"):
            for gap in coverage.gaps(getattr(person, what)):
                report.add(person.loc, gap, f"{what}: ")
    pack_file = Loc(f"{pack.root}/pack.yaml" if pack.root else "pack.yaml")
    for what, string in _plain_strings(pack):
        for gap in coverage.gaps(string):
            report.add(pack_file, gap, f"{what}: ")
    return report.problems


class _Report:
    """Gaps as problems: a missing font once, at the first place that needs it; other gaps at each place."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self.problems: list[Problem] = []
        self._missing: set[str] = set()

    def add(self, loc: Loc, gap: Gap, what: str = "") -> None:
        if not gap.missing:
            self.problems.append(Problem(loc, what + gap.describe(self.fonts)))
        for role, family in gap.missing:
            if family not in self._missing:
                self._missing.add(family)
                self.problems.append(Problem(loc, what + gap.describe_missing(self.fonts, role, family)))
