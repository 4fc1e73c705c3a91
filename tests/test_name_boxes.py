"""Name boxes on personal copies, read back from the PDFs as a reader sees them, on a hostile roster: 40 people
with names in a dozen scripts, very long names and organisations. Every name and role is printed whole (no
ellipsis, nothing clipped), each box lies in the text column and the printable area, each name is set in the face
of its own language, and every file name keeps every letter and mark."""

from __future__ import annotations

import csv
import io
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from briefpack.build import pipeline
from briefpack.participants.personal_copies import slug_of

from .conftest import write_pack

HOSTILE = Path(__file__).parent / "data" / "rosters" / "hostile-40.csv"
MM = 72 / 25.4


def hostile_roster() -> tuple[str, list[dict[str, str]]]:
    """The 40-person roster on the small pack's two groups (by number)."""
    rows = list(csv.DictReader(HOSTILE.open(encoding="utf-8")))
    for n, row in enumerate(rows):
        row["group"] = str(n % 2 + 1)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue(), rows


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    text, rows = hostile_roster()
    folder = write_pack(tmp_path_factory.mktemp("hostile") / "content")
    (folder / "participants.csv").write_text(text, encoding="utf-8")
    out = folder.parent / "out"
    pipeline.build(hostile_options(folder, out))
    return out, rows


def hostile_options(folder: Path, out: Path) -> pipeline.Options:
    return pipeline.Options(content=folder, out=out, kinds=("handout",), editions=("screen", "print"),
                            personalise=True)


def role(row: dict[str, str]) -> str:
    return row["role"][:1].upper() + row["role"][1:]


def box_of(page) -> dict:
    """The box's frame: the largest curve (its rounded border) in the top margin."""
    frames = [c for c in page.curves if c["top"] < 30 * MM]
    assert frames, "no name box found"
    return max(frames, key=lambda c: (c["x1"] - c["x0"]) * (c["bottom"] - c["top"]))


def text_column_right(page, left: float = 0) -> float:
    """Where the page's text column ends: the right end of the widest rule below the top margin (the title
    block's rule, the ruled notes), as wide as the column; only rules right of ``left``."""
    rules = [r for r in page.rects + page.lines if r["top"] > 30 * MM and r["x0"] > left]
    return max(rules, key=lambda r: r["x1"] - r["x0"])["x1"]


def words_in(path: Path, page_number: int, box: dict, origin: tuple[float, float] = (0, 0)) -> str:
    """The text poppler reads inside ``box`` (pdftotext, as a reader copying it would get it). ``origin``: the
    page's top left in pdfplumber's coordinates (a print sheet's slug moves it), where poppler's crop starts."""
    x, y = int(box["x0"] - origin[0]), int(box["top"] - origin[1])
    width, height = int(box["x1"] - box["x0"]) + 2, int(box["bottom"] - box["top"]) + 2
    return subprocess.run(["pdftotext", "-f", str(page_number), "-l", str(page_number), "-r", "72", "-x", str(x),
                           "-y", str(y), "-W", str(width), "-H", str(height), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def squeezed(text: str) -> str:
    """``text`` without spaces, compatibility forms decomposed (Thai SARA AM is extracted as its two parts),
    without the embedding marks poppler puts around right-to-left runs."""
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")  # bidi marks
    return "".join(text.split())


def test_every_file_name_keeps_every_letter_and_mark():
    assert slug_of("Σωκράτης Παπαδόπουλος") == "σωκράτης-παπαδόπουλος"  # final ς stays ς
    assert slug_of("ศิริพร วงศ์สวัสดิ์") == "ศิริพร-วงศ์สวัสดิ์"  # Thai vowel signs and tone marks kept
    assert slug_of("Straße") == "straße"  # lower(), not casefold()
    assert slug_of("Nguye\u0302\u0303n") == "nguyễn"  # NFC: one code point where the name has one
    cut = slug_of("ศิ" * 40)
    assert len(cut) <= 60 and cut.endswith("ศิ")  # never cut between a letter and its mark


def test_each_name_box_prints_the_whole_name_and_role_inside_the_text_column(hostile_build):
    out, rows = hostile_build
    for row in rows:
        path = out / "participants" / f"{slug_of(row['name'])}.pdf"
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[0]
            box = box_of(page)
            printed = words_in(path, 1, box)
            column_right = text_column_right(page)
        assert "…" not in printed, row["name"]
        for text in (row["name"], row["organisation"], role(row)):
            assert squeezed(text) in squeezed(printed), (row, printed)
        assert box["x1"] <= column_right + 0.5, (row["name"], box["x1"], column_right)  # not past the column
        assert box["top"] >= 10 * MM - 0.5, (row["name"], box["top"] / MM)  # inside the printable area
        assert box["bottom"] <= 25 * MM, (row["name"], box["bottom"] / MM)  # above the page's text


def test_nothing_in_a_name_box_is_clipped(hostile_build):
    """A clipping path in the box would cut what reaches past its lines: the dots under Arabic letters."""
    out, rows = hostile_build
    for row in rows[:6]:
        with pikepdf.open(out / "participants" / f"{slug_of(row['name'])}.pdf") as pdf:
            stamp = next(v for k, v in pdf.pages[0].Resources.XObject.items() if k.startswith("/BriefpackStamp"))
            operators = {str(i.operator) for i in pikepdf.parse_content_stream(stamp)}
            inner = [x for x in stamp.Resources.get("/XObject", {}).values()]
            for form in inner:
                operators |= {str(i.operator) for i in pikepdf.parse_content_stream(form)}
        assert not operators & {"W", "W*"}, row["name"]


def test_each_name_is_set_in_its_own_languages_face(hostile_build):
    out, _ = hostile_build
    expected = {"山田 太郎": "CJK-JP", "たなか ゆうこ": "CJK-JP", "王小明": "CJK-SC", "陳美玲": "CJK-TC",
                "김민준": "CJK-KR"}
    for name, face in expected.items():
        with pdfplumber.open(out / "participants" / f"{slug_of(name)}.pdf") as pdf:
            page = pdf.pages[0]
            fonts = {c["fontname"] for c in page.crop((0, 0, page.width, 30 * MM)).chars if c["size"] > 7.9
                     and not c["text"].isspace() and ord(c["text"]) > 0x2E80}
        assert fonts and all(face in f for f in fonts), (name, fonts)


def test_a_booklets_box_lies_in_its_a5_pages_text_column_above_its_first_line(hostile_build):
    out, rows = hostile_build
    for group, members in (("data-sharing", rows[0::2]), ("disputes", rows[1::2])):
        path = out / "print" / f"handouts-personal-{group}.pdf"
        with pdfplumber.open(path) as pdf:
            per_copy = len(pdf.pages) // len(members)
            named = []
            for first in range(0, len(pdf.pages), per_copy):
                page = pdf.pages[first]
                box = box_of(page)
                assert box["x0"] > page.width / 2  # on the first A5 page, the right half of the sheet
                assert box["x1"] <= text_column_right(page, page.width / 2) + 0.5 and box["top"] >= 7 * MM - 0.5
                first_line = min(c["top"] for c in page.chars if c["x0"] > page.width / 2 and c["top"] > box["top"]
                                 and not (box["x0"] <= c["x0"] <= box["x1"] and c["top"] < box["bottom"]))
                assert box["bottom"] < first_line, (path, first)  # above the page's first line
                printed = squeezed(words_in(path, first + 1, box, (page.bbox[0], page.bbox[1])))
                named += [r["name"] for r in members if squeezed(r["name"]) in printed]
        assert sorted(named) == sorted(r["name"] for r in members)  # each member's copy names them, whole


def test_the_next_build_keeps_the_copies_whose_names_have_marks(hostile_build):
    out, _ = hostile_build
    report = pipeline.Builder().build(hostile_options(out.parent / "content", out))
    assert report.ignored == []  # every entry of the last manifest trusted: its copies are the build's own
    assert "participants/ศิริพร-วงศ์สวัสดิ์.pdf" in {r.path for r in report.records}
