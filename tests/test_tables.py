"""Tables (GFM) in the block text of sections: rendered in every edition with a header row (TH in the tagged
screen PDF, <th scope="col"> on the web), their cells' citations numbered and links gathered like any text."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner

from briefpack.build import pipeline
from briefpack.cli.main import main
from briefpack.content import markdown
from briefpack.linkcheck import gather
from briefpack.revisions import blocks

from .conftest import write_pack
from .importhelpers import WordDoc, import_to, load
from .test_web import _check_in_browser
from .test_web import browser as browser  # noqa: F401 (the fixture: a headless chromium)

CONCEPT_NOTE = """\
sections:
  - id: agenda
    title: Agenda
    body: |
      The seminar meets for three days.

      | Day | Session | Chair |
      |-----|---------|-------|
      | Monday | Opening of the dialogue[^basin-report] | Host ministry |
      | Tuesday | Field visit to the [river commission](https://example.org/commission-visit) | Panel chairs |
      | Wednesday | Reports back and a closing session whose text runs past one line of the cell | All |

      Each panel reports back.[^treaty-db]
"""


@pytest.fixture(scope="module")
def table_build(tmp_path_factory):
    content = write_pack(tmp_path_factory.mktemp("table-pack") / "content", concept_note=CONCEPT_NOTE)
    out = tmp_path_factory.mktemp("table-out")
    pipeline.build(pipeline.Options(content=content, out=out, editions=("screen", "print", "web"),
                                    kinds=("concept-note",)))
    return content, out


def _pdf(out: Path, edition: str) -> Path:
    return out / ("print" if edition == "print" else "") / "concept-note.pdf"


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_the_table_prints_its_cells_in_rows(table_build, edition):
    _, out = table_build
    with pdfplumber.open(_pdf(out, edition)) as pdf:
        page = next(p for p in pdf.pages if "Wednesday" in (p.extract_text() or ""))
        lines = (page.extract_text() or "").splitlines()
    assert any(re.search(r"Day\s+Session\s+Chair", line) for line in lines)
    assert any(line.startswith("Monday Opening of the dialogue") and line.rstrip().endswith(("Host", "Host ministry"))
               for line in lines)
    assert any(line.startswith("Tuesday Field visit") for line in lines)


def test_the_screen_pdf_tags_the_table_with_header_cells(table_build):
    _, out = table_build
    found: list[str] = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(str(node.S))
            if "/K" in node:
                walk(node.K)

    with pikepdf.open(_pdf(out, "screen")) as pdf:
        walk(pdf.Root.StructTreeRoot.K)
    assert {"/Table", "/TR", "/TH", "/TD"} <= set(found)
    assert found.count("/TH") == 3


def test_a_citation_in_a_cell_is_numbered_and_its_note_prints(table_build):
    content, out = table_build
    loaded = pipeline.load(pipeline.Options(content=content))
    numbers = loaded.numbering.numbers
    assert numbers["basin-report"] == 1 and numbers["treaty-db"] == 2  # the cell's citation comes first
    with pdfplumber.open(_pdf(out, "screen")) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert re.search(r"Opening of the dialogue\s?1", text)
    assert "Basin report (2026)" in text


def test_the_link_check_gathers_a_link_in_a_cell(table_build):
    content, _ = table_build
    loaded = pipeline.load(pipeline.Options(content=content))
    found = [link for link in gather.gather(loaded.pack, loaded.numbering)
             if link.url == "https://example.org/commission-visit"]
    assert len(found) == 1 and found[0].exact
    assert found[0].loc.line == 10 and found[0].owner == "section 'agenda'"  # concept-note.yaml's line


def test_the_web_page_has_column_headers_in_a_box_of_their_own(table_build):
    _, out = table_build
    html = (out / "web" / "concept-note.html").read_text(encoding="utf-8")
    assert html.count('<th scope="col">') == 3
    assert '<div class="table" tabindex="0"><table>' in html
    css = (out / "web" / "web.css").read_text(encoding="utf-8")
    assert re.search(r"div\.table\s*\{[^}]*overflow-x:\s*auto", css)


def test_a_one_line_text_never_holds_a_table():
    parsed = markdown.parse("| a | b |", inline=True)
    assert "<table" not in markdown.render(parsed, markdown.no_citations)


def test_the_revisions_read_a_table_without_failing(table_build):
    content, _ = table_build
    loaded = pipeline.load(pipeline.Options(content=content))
    body = next(s for s in loaded.pack.all_sections() if s.id == "agenda").body[0]
    found = blocks.blocks(body)
    assert found[0][1] == "The seminar meets for three days."
    assert found[-1][1] == "Each panel reports back.[^treaty-db]"


def _word_agenda(tmp_path: Path, bold_header: bool) -> Path:
    doc = WordDoc()
    doc.p("3rd Forum on Rivers: Water Without Borders, 2027", style="Title")
    doc.p("Programme", style="Heading1").p("The forum runs over two days.")
    doc.table([["Time", "Session"], ["09:00", "Opening | welcome"], ["10:00", "Working groups"]],
              bold_header=bold_header)
    doc.p("Working Group A – Data", style="Heading1").p("What data should be open?", style="ListNumber")
    return doc.save(tmp_path / "agenda.docx")


def test_a_word_table_imports_as_a_table_that_check_accepts(tmp_path):
    report = import_to(_word_agenda(tmp_path, bold_header=True), tmp_path / "pack")
    result = CliRunner().invoke(main, ["check", "--content", str(tmp_path / "pack")])
    assert result.exit_code == 0, result.output
    pack, _, problems = load(tmp_path / "pack")
    assert not problems
    html = markdown.render(pack.sections[0].body[0].parsed, markdown.no_citations)
    assert re.findall(r"<th scope=\"col\">([^<]*)</th>", html) == ["Time", "Session"]
    assert "<td>Opening | welcome</td>" in html  # the "|" in a cell is the cell's, escaped in the Markdown
    assert any("was imported as a table" in line and "not marked" not in line for line in report.attention)


def test_a_word_table_without_a_header_row_takes_its_first_row_and_says_so(tmp_path):
    report = import_to(_word_agenda(tmp_path, bold_header=False), tmp_path / "pack")
    pack, _, problems = load(tmp_path / "pack")
    assert not problems
    assert "| Time | Session |\n|---|---|\n| 09:00 |" in pack.sections[0].body[0].source
    assert any("its first row was not marked as a header" in line for line in report.attention)


def test_a_long_table_repeats_its_header_on_each_page_and_stays_inside_the_margins(tmp_path):
    rows = "\n".join(f"      | Row {n} | {'A long cell that wraps inside its column. ' * 3} | https://example.org/{n} |"
                     for n in range(1, 61))
    concept_note = f"""\
sections:
  - id: agenda
    title: Agenda
    body: |
      The programme, row by row.[^basin-report]

      | Item | What | Where |
      |------|------|-------|
{rows}
"""
    content = write_pack(tmp_path / "content", concept_note=concept_note)
    pipeline.build(pipeline.Options(content=content, out=tmp_path / "out", kinds=("concept-note",)))
    with pdfplumber.open(tmp_path / "out" / "concept-note.pdf") as pdf:
        pages = [page for page in pdf.pages if "Row " in (page.extract_text() or "")]
        assert len(pages) >= 2
        for page in pages:
            assert re.search(r"Item\s+What\s+Where", page.extract_text() or "")
            assert all(0 < char["x0"] and char["x1"] < page.width - 30 for char in page.chars)


def test_a_changed_table_is_marked_as_one_block(table_build):
    from briefpack.revisions import change_marks

    content, _ = table_build
    loaded = pipeline.load(pipeline.Options(content=content))
    body = next(s for s in loaded.pack.all_sections() if s.id == "agenda").body[0]
    table = next(i for i, token in enumerate(body.parsed.tokens) if token.type == "table_open")
    html = change_marks.render(body, frozenset({table}), markdown.no_citations, markdown._no_assets, False)
    assert '<table class="changed">' in html and html.count('class="changed"') == 1


def test_in_a_browser_a_wide_table_scrolls_in_its_box_not_the_page(tmp_path, request):
    """No axe violations (a box that scrolls can be reached by the keyboard), no sideways scrolling at 320 px,
    though the table is wider than the page."""
    header = " | ".join(f"Delegation {n}" for n in range(1, 11))
    row = " | ".join(f"Representative{n}" for n in range(1, 11))
    concept_note = CONCEPT_NOTE.replace("Each panel reports back.", f"| {header} |\n      |{'---|' * 10}\n"
                                        f"      | {row} |\n\n      Each panel reports back.")
    content = write_pack(tmp_path / "content", concept_note=concept_note)
    pipeline.build(pipeline.Options(content=content, out=tmp_path / "out", editions=("web",),
                                    kinds=("concept-note",)))
    browser = request.getfixturevalue("browser")
    problems = _check_in_browser(browser, tmp_path / "out" / "web")
    assert problems == [], "\n".join(problems)
    browser.get((tmp_path / "out" / "web" / "concept-note.html").as_uri())  # still 320 px wide
    assert browser.execute_script("const box = document.querySelectorAll('div.table')[1];"
                                  "return box.scrollWidth > box.clientWidth + 100")


def test_font_coverage_reads_the_cells(tmp_path):
    concept_note = CONCEPT_NOTE.replace("| Host ministry |", "| Host ministry 𓀀 |")
    content = write_pack(tmp_path / "content", concept_note=concept_note)
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 1
    assert re.search(r"concept-note\.yaml:9:\d+: .*U\+13000", result.output), result.output


def test_a_table_is_one_block_for_the_comparison():
    from briefpack.content.model import Text
    from briefpack.problems import Loc
    from briefpack.revisions.blocks import blocks

    text = Text("Before.\n\n| Day | Session |\n| --- | --- |\n| Mon | Opening |\n\nAfter.", Loc("concept-note.yaml", 5),
                7, False)
    found = [words for _, words in blocks(text)]
    assert len(found) == 3 and "Opening" in found[1] and "Mon" in found[1]
