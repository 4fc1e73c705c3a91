"""Fonts where the user is: the declared families are found by name through fontconfig (wherever this machine
keeps them), only those are loaded, a pack needs only the fonts of its scripts, a missing one is named with how
to get it, commands that render nothing never look, and a font's bytes join the cache keys.

Each test makes its own fontconfig world: a configuration file whose only font folder is one the test fills."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefpack.build import pipeline
from briefpack.cli.main import main as cli
from briefpack.content.paths import Paths
from briefpack.errors import ContentError
from briefpack.output import cache
from briefpack.text import fonts

from .conftest import ROOT, SMALL_CONTENT, TESTS

# WeasyPrint says so when it is first imported in a world with no machine font; briefpack's own do not need any.
pytestmark = pytest.mark.filterwarnings("ignore:No fonts configured in FontConfig")
LANGUAGES = TESTS / "data" / "languages"
NOTO = Path("/usr/share/fonts/truetype/noto")
STYLES = ROOT / "styles"


def fontconfig_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *font_files: Path) -> Path:
    """This process's fontconfig sees only ``font_files`` (copied into a folder of their own)."""
    folder = tmp_path / "machine-fonts"
    folder.mkdir()
    for path in font_files:
        shutil.copy2(path, folder / path.name)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{folder}</dir>'
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    return folder


def _embedded(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def test_the_declared_families_are_found_by_name():
    """On this machine (Debian's packages) the lookup finds exactly the files the Debian paths named before."""
    declared = fonts.load_font_set(STYLES)
    found = fonts.loaded_files(declared)
    assert NOTO / "NotoSerifThai-Regular.ttf" in found
    assert Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc") in found
    assert not any("DejaVu" in path.name for path in found)  # installed here, never declared
    assert not any(path.is_relative_to(STYLES) for path in found)  # the shipped ones come with @font-face


def test_only_the_declared_families_are_loaded(tmp_path, monkeypatch):
    """A machine font of a family the stacks do not name is never loaded, even when it is the only one."""
    fontconfig_world(tmp_path, monkeypatch, Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                     NOTO / "NotoSansThai-Regular.ttf")
    found = fonts.loaded_files(fonts.load_font_set(STYLES))
    assert [path.name for path in found] == ["NotoSansThai-Regular.ttf"]


def test_an_english_pack_builds_without_any_machine_font(tmp_path, monkeypatch):
    """No Noto anywhere: a pack in the shipped fonts' scripts builds, and never looks for a machine font."""
    fontconfig_world(tmp_path, monkeypatch)
    looked = []
    index = fonts._system_index
    monkeypatch.setattr(fonts, "_system_index", lambda: looked.append(1) or index())
    loaded = pipeline.load(pipeline.Options(content=SMALL_CONTENT))
    assert loaded.pack and not looked  # the coverage check needed no font beyond the shipped ones
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out, kinds=("concept-note",)))
    embedded = _embedded(out / "concept-note.pdf")
    assert embedded and all(name.startswith(("Charis-SIL", "Inter")) for name in embedded), embedded


def test_a_thai_pack_names_the_fonts_it_lacks_and_how_to_get_them(tmp_path, monkeypatch):
    fontconfig_world(tmp_path, monkeypatch, NOTO / "NotoSerifThai-Regular.ttf")
    with pytest.raises(ContentError) as raised:
        pipeline.load(pipeline.Options(content=LANGUAGES / "th"))
    message = raised.value.message
    lines = [line for line in message.splitlines() if "not installed" in line]
    assert len(lines) == 1, message  # the serif face is there; each missing family once, at its first place
    line = lines[0]
    assert "th/concept-note.yaml:3:13: the Thai text here" in line, line  # where the first Thai letter is
    assert "('ค', U+0E04) needs the font 'Noto Sans Thai' (sans stack" in line
    assert "Debian or Ubuntu: sudo apt install fonts-noto-core" in line
    assert "macOS: brew install --cask font-noto-sans-thai, or download it from https://notofonts.github.io" in line
    assert "Windows: download it from https://notofonts.github.io" in line
    assert "has no glyph" not in message  # a font it lacks is not a character no font has


def test_a_missing_cjk_family_says_where_cjk_comes_from(tmp_path, monkeypatch):
    fontconfig_world(tmp_path, monkeypatch)
    declared = fonts.load_font_set(STYLES)
    gap = fonts.Coverage(declared).gaps("漢")[0]
    assert gap.missing == (("serif", "Noto Serif CJK SC"), ("sans", "Noto Sans CJK SC"))
    text = fonts.how_to_get(declared, "Noto Sans CJK JP")
    assert "apt install fonts-noto-cjk" in text and "brew install --cask font-noto-sans-cjk," in text
    assert "https://github.com/notofonts/noto-cjk/releases" in text


def test_a_family_before_the_one_that_has_a_character_is_needed_only_for_its_own_scripts(tmp_path, monkeypatch):
    """Noto Sans (Latin, Greek, Cyrillic) is missing but Thai does not need it; the CJK faces are missing and
    come before the Thai one in the stack, but are not for Thai either."""
    fontconfig_world(tmp_path, monkeypatch, NOTO / "NotoSerifThai-Regular.ttf", NOTO / "NotoSansThai-Regular.ttf")
    coverage = fonts.Coverage(fonts.load_font_set(STYLES))
    assert coverage.gaps("กา") == []
    assert coverage.gaps("ŉ")[0].missing == (("serif", "Noto Serif"), ("sans", "Noto Sans"))


def test_check_looks_for_fonts_and_links_never_does(tmp_path, monkeypatch):
    fontconfig_world(tmp_path, monkeypatch)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "--content", str(LANGUAGES / "th")])
    assert checked.exit_code == 1 and "needs the font 'Noto Serif Thai'" in checked.output
    from briefpack.linkcheck import run as linkcheck

    class Outcome:
        exit_code = 0

    monkeypatch.setattr(linkcheck, "run", lambda *args: Outcome())
    monkeypatch.setattr(fonts, "_system_index", lambda: pytest.fail("links looked for a font"))
    result = runner.invoke(cli, ["links", "--content", str(LANGUAGES / "th"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


def test_a_font_upgrade_changes_the_keys_and_the_fingerprint(tmp_path, monkeypatch):
    folder = fontconfig_world(tmp_path, monkeypatch, NOTO / "NotoSansThai-Regular.ttf")
    paths = Paths.default()
    before = cache.styles_digest(paths), cache.fingerprint([STYLES], "settings")
    assert cache.styles_digest(paths) == before[0]  # the same fonts, the same keys
    upgraded = folder / "NotoSansThai-Regular.ttf"
    upgraded.write_bytes(upgraded.read_bytes() + b"\0")  # a new version of the file, same family
    after = cache.styles_digest(paths), cache.fingerprint([STYLES], "settings")
    assert after[0] != before[0] and after[1] != before[1]


def test_each_font_is_hashed_once_and_the_digest_kept_in_the_cache(tmp_path, monkeypatch):
    fontconfig_world(tmp_path, monkeypatch, NOTO / "NotoSansThai-Regular.ttf")
    monkeypatch.setattr(cache, "_FONT_DIGESTS", {})
    opened = []
    real_open = open

    def counting_open(path, *args, **kw):
        if str(path).endswith(".ttf") and args and args[0] == "rb":
            opened.append(path)
        return real_open(path, *args, **kw)

    monkeypatch.setattr("builtins.open", counting_open)
    cache.machine_fonts_digest(STYLES)
    cache.machine_fonts_digest(STYLES)
    assert len(opened) == 1
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / cache.CACHE).write_bytes(cache.to_bytes(cache.Cache()))
    recorded = json.loads((tmp_path / "out" / cache.CACHE).read_text())["fonts"]
    assert [Path(p).name for p in recorded] == ["NotoSansThai-Regular.ttf"]
    monkeypatch.setattr(cache, "_FONT_DIGESTS", {})  # a new process: the cache file tells
    assert cache.read(tmp_path / "out")[1] is None
    cache.machine_fonts_digest(STYLES)
    assert len(opened) == 1


def test_a_malformed_font_digest_makes_the_cache_unusable(tmp_path):
    data = json.loads(cache.to_bytes(cache.Cache()))
    data["fonts"] = {"/x.ttf": {"size": "1", "mtime_ns": 2, "sha256": "0" * 64}}
    (tmp_path / cache.CACHE).write_text(json.dumps(data))
    found, note = cache.read(tmp_path)
    assert note and "size and mtime_ns are not whole numbers" in note and not found.keys


def test_commands_that_render_nothing_never_look_for_a_font(tmp_path, monkeypatch):
    fontconfig_world(tmp_path, monkeypatch)
    monkeypatch.setattr(fonts, "_system_index", lambda: pytest.fail("looked for a machine font"))
    monkeypatch.setattr(fonts, "_shipped_index", lambda styles: pytest.fail("looked for a shipped font"))
    runner = CliRunner()
    for args in (["--help"], ["schema", "--out", str(tmp_path / "schemas")], ["new", str(tmp_path / "new")],
                 ["import", str(TESTS / "data" / "import" / "seed.md"), "--to", str(tmp_path / "imported")],
                 ["check", "--content", str(SMALL_CONTENT)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)


def test_fc_list_finds_the_same_fonts_where_the_library_cannot_be_loaded(tmp_path, monkeypatch):
    folder = fontconfig_world(tmp_path, monkeypatch, NOTO / "NotoSansThai-Regular.ttf",
                              Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
                              Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-ExtraLight.ttf"))  # two names
    monkeypatch.setattr(fonts, "_SYSTEM", {})
    through_library = fonts._system_index()
    monkeypatch.setattr(fonts, "_SYSTEM", {})
    monkeypatch.setattr(fonts, "_fontconfig", lambda: None)
    assert fonts._system_index() == through_library
    assert through_library[fonts._family_key("Noto Sans CJK JP")] == (folder / "NotoSansCJK-Regular.ttc",)
    assert through_library[fonts._family_key("DejaVu Sans Light")] == (folder / "DejaVuSans-ExtraLight.ttf",)


def test_a_thai_pack_needs_only_the_thai_fonts(tmp_path, monkeypatch):
    fontconfig_world(tmp_path, monkeypatch, *(NOTO / f"Noto{style}Thai-{weight}.ttf"
                                              for style in ("Serif", "Sans") for weight in ("Regular", "Bold")))
    loaded = pipeline.load(pipeline.Options(content=LANGUAGES / "th"))
    assert loaded.pack.meta.language == "th"


def test_the_fonts_shipped_in_styles_come_before_the_machines(tmp_path, monkeypatch):
    fontconfig_world(tmp_path, monkeypatch, NOTO / "NotoSansThai-Regular.ttf")
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    shipped = styles / "fonts" / "noto" / "NotoSansThai-Regular.ttf"
    shipped.parent.mkdir()
    shutil.copy2(NOTO / "NotoSansThai-Regular.ttf", shipped)
    declared = fonts.load_font_set(styles)
    assert fonts.find_family(declared, "Noto Sans Thai") == (shipped,)
    assert shipped in fonts.loaded_files(declared)  # not loaded by @font-face: the renderer's configuration gets it
