"""Personal data stays personal: each stamped copy's fonts hold its own box's characters alone, with valid ToUnicode
maps; the CSV files we write are safe to open in a spreadsheet; control characters in the roster are refused."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from briefpack.build import pipeline
from briefpack.errors import ContentError
from briefpack.kinds.print_order import OrderRow, order_csv

from .conftest import ROOT, write_pack

HEADER = "name,organisation,country,group,role,email\n"
# A and B share a working group, so their boxes are rendered together; C is in the other group.
A_NAME, A_ORG = "王小明", "北京大学"
B_NAME, B_ORG = "Ξενοφών Quixote Zyx", "Ψηφιακό Ινστιτούτο Jazz " * 8  # too long for one line of B's box: it wraps
C_NAME, C_ORG = "Жанна Щукина", "Юг Фонд"
ROSTER = (HEADER + f"{A_NAME},{A_ORG},China,1,chair,\n{B_NAME},{B_ORG.strip()},Greece,1,participant,\n"
          f"{C_NAME},{C_ORG},Russia,2,observer,\nPablo Ruiz,Ebro Authority,Spain,2,participant,\n")
GREEK = {c for c in B_NAME + B_ORG if "\u0370" <= c <= "\u03ff"}
CYRILLIC = {c for c in C_NAME + C_ORG if "\u0400" <= c <= "\u04ff"}
CJK = set(A_NAME + A_ORG)
B_LATIN = set("QXZJqxj")  # in B's box only: A's box prints CJK, "Chair" and a middle dot
SHIPPED_FONTS = {"Inter-Bold": ROOT / "styles/fonts/inter/Inter-Bold.otf",
                 "Charis-SIL": ROOT / "styles/fonts/charis-sil/CharisSIL-Regular.ttf"}
BFCHAR_ENTRY = re.compile(rb"<[0-9a-f]{4}> <(?:[0-9a-f]{4}){1,8}>")


@pytest.fixture(scope="module")
def stamped(tmp_path_factory):
    folder = write_pack(tmp_path_factory.mktemp("safety-personal") / "content")
    (folder / "participants.csv").write_text(ROSTER, encoding="utf-8")
    out = folder.parent / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=("handout",), editions=("screen", "print"),
                                    personalise=True))
    return out


def copy_of(out: Path, name: str) -> Path:
    [path] = [p for p in (out / "participants").glob("*.pdf") if p.stem.startswith(name.split()[0].lower())]
    return path


def to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    data = font.ToUnicode.read_bytes() if "/ToUnicode" in font else b""
    body = data.split(b"endcodespacerange", 1)[-1]
    return {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
            for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", body)}


def fonts_in(resources: pikepdf.Dictionary, seen: set | None = None) -> list[pikepdf.Dictionary]:
    """Every font reachable from ``resources``, through forms."""
    seen = set() if seen is None else seen
    found = []
    for font in resources.get("/Font", {}).values():
        if font.objgen not in seen:
            seen.add(font.objgen)
            found.append(font)
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            found += fonts_in(xobject.Resources, seen)
    return found


def every_font(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    seen: set = set()
    return [font for page in pdf.pages for font in fonts_in(page.Resources, seen)]


def box_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    seen: set = set()
    return [font for page in pdf.pages for name, form in page.Resources.get("/XObject", {}).items()
            if name.startswith("/BriefpackStamp") for font in fonts_in(form.Resources, seen)]


def program(font: pikepdf.Dictionary) -> tuple[bytes, bool]:
    descriptor = font.DescendantFonts[0].FontDescriptor
    stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    return stream.read_bytes(), stream.get("/Subtype") == "/CIDFontType0C"


def characters(font: pikepdf.Dictionary) -> set[str]:
    """Every character a font says it holds: its ToUnicode map and, for an OpenType program, its cmap."""
    found = set("".join(to_unicode(font).values()))
    data, bare_cff = program(font)
    if not bare_cff:
        found |= {chr(code) for code in TTFont(io.BytesIO(data)).getBestCmap()}
    return found


def drawn_glyphs(data: bytes) -> set[int]:
    """The glyph ids of a font program that have an outline."""
    font = TTFont(io.BytesIO(data))
    glyphs = font.getGlyphSet()
    found = set()
    for gid, name in enumerate(font.getGlyphOrder()):
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds is not None:
            found.add(gid)
    return found


def width_glyphs(font: pikepdf.Dictionary) -> set[int]:
    items, found, i = list(font.DescendantFonts[0].get("/W", [])), set(), 0
    while i < len(items):
        if isinstance(items[i + 1], pikepdf.Array):
            found |= set(range(int(items[i]), int(items[i]) + len(items[i + 1])))
            i += 2
        else:
            found |= set(range(int(items[i]), int(items[i + 1]) + 1))
            i += 3
    return found


@pytest.mark.parametrize(("reader", "others"), [(A_NAME, GREEK | CYRILLIC), (B_NAME, CJK | CYRILLIC),
                                                (C_NAME, CJK | GREEK)])
def test_a_copy_holds_no_character_of_anyone_else(stamped, reader, others):
    with pikepdf.open(stamped / "handout-data-sharing.pdf") as pdf:  # the handout stamped on shows none of them
        assert not set().union(*(characters(font) for font in every_font(pdf))) & (GREEK | CYRILLIC | CJK)
    with pikepdf.open(copy_of(stamped, reader)) as pdf:
        leaked = set().union(*(characters(font) for font in every_font(pdf))) & others
    assert not leaked, f"{reader}'s copy holds {''.join(sorted(leaked))}"


def test_a_copy_holds_no_glyph_of_anyone_else(stamped):
    """Glyph by glyph: the shipped fonts' glyphs for B's letters are empty in A's copy and have no width there."""
    with pikepdf.open(copy_of(stamped, A_NAME)) as pdf:
        fonts = {str(font.BaseFont).split("+", 1)[1]: font for font in box_fonts(pdf)}
        assert set(fonts) >= {"Charis-SIL"}  # A's role is Latin; A's name and organisation CJK
        for family, font in fonts.items():
            if family not in SHIPPED_FONTS:
                continue
            shipped = TTFont(SHIPPED_FONTS[family])
            theirs = {shipped.getGlyphID(name) for char, name in shipped.getBestCmap().items()
                      if chr(char) in GREEK | B_LATIN | CYRILLIC}
            data, _ = program(font)
            assert not drawn_glyphs(data) & theirs, family
            assert not width_glyphs(font) & theirs, family
            assert not characters(font) & (GREEK | B_LATIN | CYRILLIC), family


def test_a_group_file_holds_its_own_group_only(stamped):
    for group, scripts, letters in (("data-sharing", CYRILLIC, {"E", "R", "b"}),  # Pablo Ruiz, Ebro Authority
                                    ("disputes", CJK | GREEK, B_LATIN)):
        with pikepdf.open(stamped / f"print/handouts-personal-{group}.pdf") as pdf:
            assert not set().union(*(characters(font) for font in every_font(pdf))) & scripts, group
            assert not set().union(*(characters(font) for font in box_fonts(pdf))) & letters, group


def test_every_tounicode_map_is_valid_and_poppler_reads_the_copies_silently(stamped):
    files = sorted((stamped / "participants").glob("*.pdf")) + sorted((stamped / "print").glob("handouts-*.pdf"))
    assert len(files) == 6
    for path in files:
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
        assert done.stderr == "", path.name
        with pikepdf.open(path) as pdf:
            for font in box_fonts(pdf):
                cmap = font.ToUnicode.read_bytes()
                blocks = re.findall(rb"(\d+) beginbfchar\n(.*?)endbfchar", cmap, re.S)
                assert blocks, path.name
                for count, body in blocks:
                    entries = body.splitlines()
                    assert int(count) == len(entries) <= 100
                    assert all(BFCHAR_ENTRY.fullmatch(entry) for entry in entries), (path.name, entries)


def test_a_long_line_is_never_cut_and_no_glyph_stands_for_hidden_text(stamped):
    with pikepdf.open(copy_of(stamped, B_NAME)) as pdf:
        texts = [text for font in box_fonts(pdf) for text in to_unicode(font).values()]
    # boxes wrap rather than cut (issue 20): no ellipsis, and no glyph maps to more than a ligature's text
    assert "…" not in texts and all(len(text) <= 3 for text in texts)  # "ffi" at most, never hidden text


# CSV injection (OWASP): cells a spreadsheet would run as formulas


DANGEROUS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


def test_roster_cells_land_in_the_packing_list_as_text(tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerows([(name, org, "Nowhere", 1 + n % 2, "participant", "")
                      for n, (name, org) in enumerate(zip(DANGEROUS, reversed(DANGEROUS), strict=True))])
    writer.writerow(("\t=1+1", "\r@cell", "Nowhere", 1, "participant", ""))  # folded to "=1+1", then escaped
    folder = write_pack(tmp_path / "content")
    (folder / "participants.csv").write_text(HEADER + buffer.getvalue(), encoding="utf-8", newline="")
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=("packing-list",), editions=("print",)))
    for name in ("packing-list.csv", "packing-counts.csv", "order.csv"):
        with (out / "print" / name).open(encoding="utf-8", newline="") as f:
            cells = [cell for row in csv.reader(f) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], name
    with (out / "print/packing-list.csv").open(encoding="utf-8", newline="") as f:
        listed = {(row["name"], row["organisation"]) for row in csv.DictReader(f)}
    assert {("'" + d, "'" + o) for d, o in zip(DANGEROUS, reversed(DANGEROUS), strict=True)} <= listed
    assert ("'=1+1", "'@cell") in listed


def test_one_helper_escapes_every_formula_start_and_leaves_numbers_and_safe_text():
    """A carriage return is written as a line feed, which makes the writer quote the cell (it would not for a CR)."""
    from briefpack.text.spreadsheet import csv_bytes

    data = csv_bytes(("a", "b"), [("=1", "+1"), ("-1", "@x"), ("\tx", "\rx"), ("plain", "a=b"), (-3, 4)])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))  # keep the CR in its cell
    assert rows == [["a", "b"], ["'=1", "'+1"], ["'-1", "'@x"], ["'\tx", "'\nx"], ["plain", "a=b"], ["-3", "4"]]


def test_the_print_order_goes_through_the_same_helper():
    row = OrderRow("=evil.pdf", "-kind", "@group", "+paper", "duplex", "none", 2, 1)
    [_, cells] = list(csv.reader(io.StringIO(order_csv([row]).decode("utf-8"), newline="")))
    assert cells[:4] == ["'=evil.pdf", "'-kind", "'@group", "'+paper"]


# Control characters in the roster


@pytest.mark.parametrize(("cell", "col", "named"), [
    ("Ana\x00Lima", 4, "control character U+0000 (NUL)"),
    ("Ana\x1b[2JLima", 4, "control character U+001B (ESC)"),
    ("Ana\x7fLima", 4, "control character U+007F (DEL)"),
    ("Ana\x85Lima", 4, "control character U+0085 (C1 control)"),
    ("Ana\u202eamiL", 4, "bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE), which can disguise a name,"),
    ("Ana\u2066Lima", 4, "bidirectional control U+2066 (LEFT-TO-RIGHT ISOLATE), which can disguise a name,"),
])
def test_check_and_build_refuse_a_control_character_at_its_place(tmp_path, cell, col, named):
    from click.testing import CliRunner

    from briefpack.cli import main

    folder = write_pack(tmp_path / "content")
    (folder / "participants.csv").write_text(HEADER + "Eva Dahl,Board,Norway,1,participant,\n"
                                             f"{cell},Basin Office,Brazil,1,participant,\n", encoding="utf-8")
    expected = (f"participants.csv:3:{col}: {named} is not allowed in the participant list (expected printable "
                "text: remove it in the spreadsheet)")
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    assert [str(p).replace(str(folder) + "/", "") for p in info.value.problems] == [expected]
    for command in (["check"], ["all", "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(main.main, [*command, "--content", str(folder)])
        assert result.exit_code == 1 and expected in result.output, result.output
        assert not set(cell) - set("AnaLim[2J") & set(result.output)  # never echoed to the terminal
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_ten_control_characters_are_reported_then_a_count_and_tabs_and_line_ends_are_whitespace(tmp_path):
    folder = write_pack(tmp_path / "content")
    (folder / "participants.csv").write_text(HEADER + "Eva\x00" * 50 + ",Board,Norway,1,participant,\n",
                                             encoding="utf-8")
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    problems = [str(p).replace(str(folder) + "/", "") for p in info.value.problems]
    assert len(problems) == 11 and problems[0].startswith("participants.csv:2:4: control character U+0000 (NUL)")
    assert problems[-1] == "participants.csv:2:44: this and 39 more control characters after it (expected none)"
    (folder / "participants.csv").write_text(HEADER + '"Eva\tDahl","Water\r\nBoard",Norway,1,participant,\n',
                                             encoding="utf-8")
    roster = pipeline.load(pipeline.Options(content=folder)).pack.roster  # folded into spaces, as before
    assert roster is not None
    assert [(p.name, p.organisation) for p in roster.participants] == [("Eva Dahl", "Water Board")]


def test_boxes_rendered_in_different_documents_keep_their_own_fonts(tmp_path, monkeypatch):
    """Past BOXES_PER_RENDER people the boxes come from several PDFs, whose fonts share object numbers when the
    PDFs are alike: each copy's box fonts are still its own box's."""
    from briefpack.participants import personal_copies as personal

    monkeypatch.setattr(personal, "BOXES_PER_RENDER", 2)  # two PDFs of two boxes each: the same object numbers
    rows = ["Ana Lima,Office,Brazil,1,participant,", "Eva Dahl,Board,Norway,1,participant,",
            "Quentin Xu,Quay Works,Canada,2,participant,", "Zoe Jex,Jazz Club,Malta,2,participant,"]
    folder = write_pack(tmp_path / "content")
    (folder / "participants.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=("handout",), editions=("screen",),
                                    personalise=True))
    for row in rows:
        name = row.split(",")[0]
        done = subprocess.run(["pdftotext", "-l", "1", str(copy_of(out, name)), "-"], capture_output=True,
                              text=True, check=True)
        assert name in done.stdout and done.stderr == ""
    theirs = set("Zoe JexJazz Club") - set("Quentin XuQuay Works · Participant…")
    with pikepdf.open(copy_of(out, "Quentin")) as pdf:
        assert not set().union(*(characters(font) for font in box_fonts(pdf))) & theirs
