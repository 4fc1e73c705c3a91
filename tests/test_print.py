"""Print distribution: the two editions, booklets, the print order, reprints, byte-identical rebuilds."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from io import BytesIO

import pikepdf
import pypdf
import pytest

from briefpack.build import pipeline
from briefpack.pdf.imposition import booklet_order, impose_booklet

from . import pdfcheck
from .conftest import DEFAULT_CONTENT, ROOT, SMALL_CONTENT, write_pack

A4 = (595.28, 841.89)
BLEED = 3 * 72 / 25.4
SLUG = 10 * 72 / 25.4  # from the trim to the sheet's edge


def grown(box, by):
    return pytest.approx([box[0] - by, box[1] - by, box[2] + by, box[3] + by], abs=0.02)


def boxes(path, number=0):
    page = pypdf.PdfReader(path).pages[number]
    return {name: [round(float(v), 2) for v in getattr(page, name)] for name in ("mediabox", "trimbox", "bleedbox")}


def xmp(path) -> str:
    with pikepdf.open(path) as pdf:
        return bytes(pdf.Root.Metadata.read_bytes()).decode()


def structure_tags(pdf) -> set:
    tags = set()

    def walk(node):
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                tags.add(str(node.S))
            if "/K" in node:
                walk(node.K)
        elif isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)
    walk(pdf.Root.StructTreeRoot)
    return tags


def test_screen_edition_is_tagged_pdf_ua(small_both):
    out, _ = small_both
    with pikepdf.open(out / "concept-note.pdf") as pdf:
        assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Link"} <= structure_tags(pdf)
    for name in ("concept-note", "handout-disputes", "endnotes"):
        with pikepdf.open(out / f"{name}.pdf") as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root and len(root.StructTreeRoot.K) > 0
            assert bool(root.MarkInfo.Marked) is True
            assert str(root.Lang) == "en-US"
            assert bool(root.ViewerPreferences.DisplayDocTitle) is True
            assert "/OutputIntents" not in root
        assert 'pdfuaid:part="1"' in xmp(out / f"{name}.pdf")
        assert len(pdfcheck.link_annotations(out / f"{name}.pdf")) > 0


def test_print_edition_is_pdf_x4_with_bleed(small_both):
    out, records = small_both
    prints = [r for r in records if r.edition == "print" and r.kind != "booklet" and r.path.endswith(".pdf")]
    assert sorted(r.path for r in prints) == ["print/concept-note.pdf", "print/endnotes.pdf",
                                              "print/handout-data-sharing.pdf", "print/handout-disputes.pdf"]
    for record in prints:
        path = out / record.path
        b = pdfcheck.page_boxes(path)
        assert b["TrimBox"] == [0, 0, *A4]
        assert b["BleedBox"] == grown([0, 0, *A4], BLEED)
        assert b["MediaBox"] == grown([0, 0, *A4], SLUG)  # the marks' slug around the bleed
        with pikepdf.open(path) as pdf:
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFX" and "/DestOutputProfile" in intent
            assert len(pdf.pages) % 2 == 0 and len(pdf.pages) == record.pages
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp(path)


def assert_marks_in_the_slug(path, number, fold=False):
    """Crop marks on the trim lines, wholly in the slug: nothing drawn in the bleed's corners, ink on each trim
    line's extension beyond the bleed; with ``fold``, a mark on the sheet's middle line too."""
    boxes = pdfcheck.page_boxes(path, number)
    x0, y0, x1, y1 = boxes["TrimBox"]
    bx0, by0, bx1, by1 = boxes["BleedBox"]
    mx0, my0, mx1, my1 = boxes["MediaBox"]
    assert mx0 < bx0 and my0 < by0 and mx1 > bx1 and my1 > by1, boxes  # a slug on every side
    sheet = pdfcheck.Sheet(path, number)
    for cx, cy in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):  # each corner of the trim
        # the corner square of the bleed, outside the trim: no mark may be drawn there (trimming would show it)
        assert sheet.ink(min(cx, cx + (bx0 - x0 if cx == x0 else bx1 - x1)),
                         min(cy, cy + (by0 - y0 if cy == y0 else by1 - y1)),
                         max(cx, cx + (bx0 - x0 if cx == x0 else bx1 - x1)),
                         max(cy, cy + (by0 - y0 if cy == y0 else by1 - y1))) == 0, (path, number, cx, cy)
        outward_x = mx0 if cx == x0 else mx1
        outward_y = my0 if cy == y0 else my1
        beyond_x = bx0 if cx == x0 else bx1
        beyond_y = by0 if cy == y0 else by1
        # a horizontal mark on the trim line y = cy, between the bleed's edge and the sheet's
        assert sheet.ink(min(beyond_x, outward_x), cy - 1, max(beyond_x, outward_x), cy + 1) > 0, (cx, cy)
        # a vertical mark on the trim line x = cx
        assert sheet.ink(cx - 1, min(beyond_y, outward_y), cx + 1, max(beyond_y, outward_y)) > 0, (cx, cy)
    if fold:  # a plain line on the middle line, top and bottom, where the sheet folds
        middle = (x0 + x1) / 2
        for low, high in ((by1, my1), (my0, by0)):
            assert sheet.ink(middle - 1, low, middle + 1, high) > 0
            assert sheet.ink(middle + 2, low, middle + 9, high) == 0  # no target's circle: a fold mark


def test_crop_marks_sit_in_a_slug_outside_the_bleed(small_both):
    out, records = small_both
    prints = [r.path for r in records if r.edition == "print" and r.path.endswith(".pdf")]
    for path in prints:
        booklet = "booklet-" in path
        for number in range(len(pypdf.PdfReader(out / path).pages)):
            assert_marks_in_the_slug(out / path, number, fold=booklet)
    assert any("booklet-" in path for path in prints) and any("booklet-" not in path for path in prints)


def test_print_text_is_black_and_links_print_their_address(small_both):
    import pdfplumber

    out, _ = small_both
    with pdfplumber.open(out / "print/endnotes.pdf") as pdf:
        colours = {tuple(c["non_stroking_color"] or (0,)) for page in pdf.pages for c in page.chars}
    assert colours <= {(0,), (0, 0, 0), (0.0,), (0.0, 0.0, 0.0)}, colours
    words = pdfcheck.words(out / "print/endnotes.pdf")
    assert "see the summary (https://example.org/commissions)." in words
    with pdfplumber.open(out / "endnotes.pdf") as pdf:  # the screen edition keeps its colour
        assert any(c["non_stroking_color"] not in ((0,), (0, 0, 0), None) for c in pdf.pages[0].chars)


def decoded_qr_codes(path) -> list[str]:
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(str(path))
    found = []
    for page in document:
        found += [code.text for code in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())]
    return found


def test_every_endnote_url_has_a_qr_code_that_reads_back(default_print, default_loaded):
    out, _ = default_print
    expected = [url for note in default_loaded.pack.notes for url in note.text.parsed.web_links]
    assert len(set(expected)) == 38
    assert sorted(decoded_qr_codes(out / "print/endnotes.pdf")) == sorted(expected)
    assert decoded_qr_codes(out / "print/handout-justice.pdf") == [
        "https://labourexploitation.files.wordpress.com/2014/06/flex-wp002-access-to-justice1.pdf"]


def test_print_pages_keep_text_inside_the_trim_with_margin(default_print):
    out, records = default_print
    for record in records:
        if record.path.endswith(".pdf") and record.kind != "booklet":
            assert pdfcheck.min_trim_distance_mm(out / record.path) >= 10


def test_booklet_order_is_folding_order():
    assert booklet_order(4) == [(3, 0), (1, 2)]
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    with pytest.raises(ValueError):
        booklet_order(6)


def test_imposition_puts_each_page_in_its_place():
    import pdfplumber
    import weasyprint

    html = ("<style>@page{size:A5;margin:20mm}</style>" +
            "".join(f"<p style='break-before:page'>page-{i}</p>" for i in range(1, 9)))
    source = weasyprint.HTML(string=html).write_pdf()
    data, sides = impose_booklet(source)
    assert sides == 4
    assert impose_booklet(source)[0] == data  # no random names (an /ID from the clock: the two-process build below)
    seen = []
    with pdfplumber.open(BytesIO(data)) as pdf:
        for page in pdf.pages:
            assert (round(page.width), round(page.height)) == (842, 595)
            left = page.crop((0, 0, page.width / 2, page.height)).extract_text().strip()
            right = page.crop((page.width / 2, 0, page.width, page.height)).extract_text().strip()
            seen.append((left, right))
    assert seen == [("page-8", "page-1"), ("page-2", "page-7"), ("page-6", "page-3"), ("page-4", "page-5")]


def test_handout_booklets_are_imposed_a5(small_both, tmp_path):
    import pdfplumber

    out, records = small_both
    booklets = {r.path: r for r in records if r.kind == "booklet"}
    assert sorted(booklets) == ["print/booklet-handout-data-sharing.pdf", "print/booklet-handout-disputes.pdf"]
    path = out / "print/booklet-handout-data-sharing.pdf"
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == booklets["print/booklet-handout-data-sharing.pdf"].pages == 2
        front = pdf.pages[0]
        x0, top, x1, bottom = front.bbox  # the sheet with its slug, in pdfplumber's coordinates
        right = front.crop(((x0 + x1) / 2, top, x1, bottom)).extract_text()
        assert "Data Sharing" in right and "Page 1 of" in right  # page 1 on the right of the outer sheet
    with pikepdf.open(path) as pdf:  # still PDF/X-4, nothing of the A5 pages' own
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
        assert pdf.pdf_version == "1.6"
        assert set(pdf.Root.keys()) == {"/Type", "/Pages", "/OutputIntents", "/Metadata", "/Lang"}
        assert "Data Sharing" in str(pdf.docinfo["/Title"]) and str(pdf.docinfo["/Trapped"]) == "/False"
        for page in pdf.pages:
            assert "/Rotate" not in page.obj
    for number in range(2):  # each sheet trimmed to A4 landscape, with a bleed and a slug for its marks
        assert pdfcheck.page_boxes(path, number) == {
            "TrimBox": [0, 0, 841.89, 595.28], "BleedBox": grown([0, 0, 841.89, 595.28], BLEED),
            "MediaBox": grown([0, 0, 841.89, 595.28], SLUG)}
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp(path)


def test_order_sheet_adds_up(tmp_path):
    """Every print file ordered in the numbers the pack's print run gives (a pack without one orders 0 of each)."""
    pack = (SMALL_CONTENT / "pack.yaml").read_text() + (
        "print_run:\n  participants_per_group: 10\n  concept_note: 40\n  endnotes: 25\n  spare: 2\n")
    groups = (SMALL_CONTENT / "groups.yaml").read_text().replace("    number: 2\n", "    number: 2\n"
                                                                  "    participants: 30\n")
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=write_pack(tmp_path / "c", pack=pack, groups=groups), out=out,
                                    editions=("print",)))
    manifest = {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["outputs"]}
    assert manifest["print/order.csv"]["kind"] == "order-sheet"
    assert manifest["print/order.md"]["kind"] == "order-summary"
    rows = list(csv.DictReader((out / "print/order.csv").open()))
    prints = [p for p, e in manifest.items() if e["edition"] == "print" and p.endswith(".pdf")]
    assert sorted("print/" + row["file"] for row in rows) == sorted(prints)
    assert {row["file"]: int(row["copies"]) for row in rows} == {
        "concept-note.pdf": 40 + 2, "endnotes.pdf": 25 + 2,
        "booklet-handout-data-sharing.pdf": 10 + 2, "booklet-handout-disputes.pdf": 30 + 2,
        "handout-data-sharing.pdf": 0, "handout-disputes.pdf": 0}  # handouts ordered as booklets
    for row in rows:
        pages, copies = int(row["pages"]), int(row["copies"])
        assert pages == manifest["print/" + row["file"]]["pages"] > 0
        assert int(row["sheets_per_copy"]) == math.ceil(pages / 2)
        assert int(row["sheets_total"]) == copies * int(row["sheets_per_copy"])
    total = sum(int(row["sheets_total"]) for row in rows)
    assert total > 0 and f"{total} sheets ({total} printed on both sides)" in (out / "print/order.md").read_text()


def test_the_summary_counts_sheets_by_sides_as_the_sheet_does(tmp_path):
    """order.md's totals agree with order.csv's sides per file: name cards are printed on one side."""
    from .test_participants import ROSTER

    pack = (SMALL_CONTENT / "pack.yaml").read_text() + "print_run:\n  spare: 1\n"
    folder = write_pack(tmp_path / "c", pack=pack)
    (folder / "participants.csv").write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, editions=("print",),
                                    kinds=("concept-note", "name-cards")))
    rows = [r for r in csv.DictReader((out / "print/order.csv").open(encoding="utf-8")) if int(r["copies"])]
    cards = [r for r in rows if r["kind"] == "name-cards"]
    assert cards and all(r["sides"] == "single-sided" and r["sheets_per_copy"] == r["pages"] for r in cards)
    both = sum(int(r["sheets_total"]) for r in rows if r["sides"] == "duplex")
    one = sum(int(r["sheets_total"]) for r in rows if r["sides"] == "single-sided")
    assert both and one
    summary = (out / "print/order.md").read_text(encoding="utf-8")
    assert f"{both + one} sheets ({both} printed on both sides, {one} printed on one side)" in summary
    assert f"| {cards[0]['file']} | A4 | single-sided |" in summary


def test_print_run_settings_change_the_order(tmp_path):
    pack = (SMALL_CONTENT / "pack.yaml").read_text() + (
        "print_run:\n  participants_per_group: 10\n  spare: 2\n  handouts_as: sheets\n")
    groups = (SMALL_CONTENT / "groups.yaml").read_text().replace("    number: 2\n", "    number: 2\n"
                                                                  "    participants: 30\n")
    folder = write_pack(tmp_path / "c", pack=pack, groups=groups)
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, editions=("print",), kinds=("handout",)))
    copies = {row["file"]: int(row["copies"]) for row in csv.DictReader((out / "print/order.csv").open())}
    assert copies == {"handout-data-sharing.pdf": 12, "handout-disputes.pdf": 32,
                      "booklet-handout-data-sharing.pdf": 0, "booklet-handout-disputes.pdf": 0}


def test_reprint_lists_only_what_changed(tmp_path):
    from click.testing import CliRunner

    from briefpack.cli.main import main

    runner = CliRunner()
    out = tmp_path / "out"
    folder = write_pack(tmp_path / "c")
    assert runner.invoke(main, ["print", "--content", str(folder), "--out", str(out)]).exit_code == 0
    old = tmp_path / "sent.json"
    old.write_bytes((out / "manifest.json").read_bytes())
    result = runner.invoke(main, ["print", "--content", str(folder), "--out", str(out), "--since", str(old)])
    assert "Reprint: nothing changed since that run (6 print files unchanged)." in result.output
    notes = (folder / "notes.yaml").read_text().replace("A study of river commissions", "A review of commissions")
    (folder / "notes.yaml").write_text(notes)
    result = runner.invoke(main, ["print", "--content", str(folder), "--out", str(out), "--since", str(old)])
    assert result.exit_code == 0, result.output
    changed = sorted(line.split()[-1] for line in result.output.splitlines() if line.startswith("  changed"))
    assert changed == ["print/booklet-handout-disputes.pdf", "print/concept-note.pdf", "print/endnotes.pdf",
                       "print/handout-disputes.pdf"]
    reprint = list(csv.DictReader((out / "print/reprint.csv").open()))
    assert sorted(row["file"] for row in reprint) == [c.removeprefix("print/") for c in changed]


def test_reprint_with_an_unreadable_manifest_is_an_error(tmp_path):
    from click.testing import CliRunner

    from briefpack.cli.main import main

    bad = tmp_path / "old.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(main, ["print", "--content", str(SMALL_CONTENT), "--out", str(tmp_path / "o"),
                                       "--since", str(bad)])
    assert result.exit_code == 1 and "old.json: not a readable manifest" in result.output


BUILD_TWICE = ("from briefpack.cli.main import main; import sys; "
               "main(['all', '--content', sys.argv[1], '--out', sys.argv[2]])")


@pytest.mark.parametrize("content", [SMALL_CONTENT, DEFAULT_CONTENT], ids=["small", "default"])
def test_two_builds_in_separate_processes_are_byte_identical(tmp_path, content):
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        subprocess.run([sys.executable, "-c", BUILD_TWICE, str(content), str(out)], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        outs.append(out)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert len(files) >= 10
    for relative in files:
        assert (outs[0] / relative).read_bytes() == (outs[1] / relative).read_bytes(), relative


def test_source_date_epoch_is_honoured(tmp_path):
    from click.testing import CliRunner

    from briefpack.cli.main import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["endnotes", "--edition", "print", "--content", str(SMALL_CONTENT), "--out",
                                       str(out), "-j", "1"], env={"SOURCE_DATE_EPOCH": "1433203200"})  # 2015-06-02
    assert result.exit_code == 0, result.output
    info = pypdf.PdfReader(out / "print/endnotes.pdf").metadata
    assert info["/CreationDate"].startswith("D:20150602")
    assert "2015-06-02T00:00:00" in xmp(out / "print/endnotes.pdf")


def test_print_edition_has_no_link_annotations(small_both):
    out, records = small_both
    for record in records:
        if record.edition == "print" and record.path.endswith(".pdf"):
            assert pdfcheck.link_annotations(out / record.path) == [], record.path
    assert "Treaties lag behind2,1" in pdfcheck.words(out / "print/concept-note.pdf")


def test_without_a_print_run_the_order_invents_no_copies(small_both):
    out, _ = small_both
    rows = list(csv.DictReader((out / "print/order.csv").open()))
    assert rows and all(row["copies"] == "0" for row in rows)
    assert "**Copies are not set**" in (out / "print/order.md").read_text()


def test_a_partial_print_run_says_what_it_does_not_set(tmp_path):
    pack = (SMALL_CONTENT / "pack.yaml").read_text() + "print_run:\n  concept_note: 40\n"
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=write_pack(tmp_path / "c", pack=pack), out=out, editions=("print",),
                                    kinds=("concept-note",)))
    copies = {row["file"]: int(row["copies"]) for row in csv.DictReader((out / "print/order.csv").open())}
    assert copies == {"concept-note.pdf": 40}
    assert "Not set there, so counted as 0: participants_per_group, endnotes, spare." in \
        (out / "print/order.md").read_text()


def test_a_note_never_leaves_a_lone_word_before_a_long_address_and_addresses_are_set_in_inter(tmp_path):
    import pdfplumber

    url = "https://www.ipcc.ch/site/assets/uploads/2018/02/ipcc_wg3_ar5_chapter3_annex_extra_long_path.pdf?a=1&b=2"
    notes = (SMALL_CONTENT / "notes.yaml").read_text().replace("Basin report (2026), *Rivers and Rules*.",
                                                                f"IPCC <{url}>")
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=write_pack(tmp_path / "c", notes=notes), out=out, editions=("print",),
                                    kinds=("endnotes",), jobs=1))
    with pdfplumber.open(out / "print/endnotes.pdf") as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["fontname"])
    ipcc = next(w for w in words if w["text"] == "IPCC")
    same_line = [w for w in words if abs(w["top"] - ipcc["top"]) < 2 and w["x0"] > ipcc["x1"]]
    assert same_line and same_line[0]["text"].startswith("https://www.ipcc")  # the address starts beside it
    assert all("Inter" in w["fontname"] for w in same_line)


def test_example_copy_numbers_are_said_to_be_examples(tmp_path):
    base = (SMALL_CONTENT / "pack.yaml").read_text() + "print_run:\n  concept_note: 40\n"
    for examples, said in (("", False), ("  examples: true\n", True)):
        out = tmp_path / f"out{said}"
        pipeline.build(pipeline.Options(content=write_pack(tmp_path / f"c{said}", pack=base + examples), out=out,
                                        editions=("print",), kinds=("concept-note",)))
        summary = (out / "print/order.md").read_text()
        assert ("**These copy numbers are examples**" in summary) is said
    assert "examples: true" in (ROOT / "content" / "pack.yaml").read_text()  # the default pack's are examples
