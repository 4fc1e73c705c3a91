"""The organisers' sheets made from a hostile roster, read back from the PDFs: name cards (the seminar's name on
each face, names fitted by measured width, the organisation on at most two lines, never hyphenated), the packing
list (the group header in parts, one line per person, a box to tick) and sign-in sheets (each name in its own
language's face)."""

from __future__ import annotations

import re
from collections import defaultdict

import pdfplumber
import pytest

from briefpack.build import pipeline

from .conftest import write_pack
from .test_name_boxes import hostile_roster

MM = 72 / 25.4
# Two names of the same length: narrow letters and wide ones. Fitted by character count, the wide one wrapped.
SAME_LENGTH = ("Lili Tiili Illi Jilli", "MWANGI WAMBUGU MWAURA")


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    text, rows = hostile_roster()
    text += "".join(f"{name},Water Board,Kenya,1,participant,,\n" for name in SAME_LENGTH)
    folder = write_pack(tmp_path_factory.mktemp("sheets") / "content")
    (folder / "participants.csv").write_text(text, encoding="utf-8")
    out = folder.parent / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=("name-cards", "sign-in", "packing-list"),
                                    editions=("screen",)))
    return out, rows


def lines_of(chars: list[dict]) -> list[str]:
    """The text of ``chars`` line by line, top to bottom."""
    by_top: dict[int, list[dict]] = defaultdict(list)
    for char in chars:
        by_top[round(char["top"] / 3)].append(char)
    return ["".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for _, line in sorted(by_top.items())]


def front_face(page) -> list[dict]:
    return [c for c in page.chars if c["top"] > page.height / 2 and c["text"].strip()]


def test_every_card_names_the_seminar_on_both_faces(sheets):
    out, _ = sheets
    for path in sorted(out.glob("name-cards-*.pdf")):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                text = page.extract_text()
                seminar = "Dialogue on Water Governance"
                assert text.count(seminar) == 1 and text.count(seminar[::-1]) == 1, path  # the back face upside down


def test_names_of_the_same_length_are_fitted_alike_by_their_measured_width(sheets):
    out, _ = sheets
    found = {}
    with pdfplumber.open(out / "name-cards-data-sharing.pdf") as pdf:
        for page in pdf.pages:
            big = [c for c in front_face(page) if c["size"] > 20]
            names = lines_of(big)
            found["".join(names).replace(" ", "")] = (len(names), max(c["size"] for c in big))
            assert min(c["x0"] for c in big) >= 20 * MM - 1 and max(c["x1"] for c in big) <= 190 * MM + 1
    for name in SAME_LENGTH:
        assert found[name.replace(" ", "")][0] == 1, (name, found[name.replace(" ", "")])  # one line each


def test_an_organisation_takes_at_most_two_lines_and_is_never_hyphenated(sheets):
    out, rows = sheets
    organisations = {row["organisation"] for row in rows}
    checked = 0
    for path in sorted(out.glob("name-cards-*.pdf")):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                small = [c for c in front_face(page) if 8.5 < c["size"] < 16.5 and c["top"] < 280 * MM]
                lines = lines_of(small)
                assert 1 <= len(lines) <= 2, (path, lines)
                joined = "".join(lines)
                for line in lines[:-1]:
                    assert not line.endswith(("-", "\u2010")) or joined in organisations, (path, lines)
                checked += 1
    assert checked == 42


def test_the_packing_list_header_comes_in_parts_and_each_person_has_one_line_and_a_box(sheets):
    out, rows = sheets
    with pdfplumber.open(out / "packing-list.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        boxes = {(page.page_number, round((r["x0"] + r["x1"]) / 2), round((r["top"] + r["bottom"]) / 2))
                 for page in pdf.pages for r in page.rects
                 if 3 * MM < r["x1"] - r["x0"] < 4.5 * MM and 3 * MM < r["bottom"] - r["top"] < 4.5 * MM}
    lines = text.splitlines()
    assert "Data Sharing" in lines and "Dispute Settlement" in lines  # the title on a line of its own
    assert "22 participants" in lines and "20 participants" in lines  # the count too
    assert text.count("Concept Note") == 2  # listed once per group, not for every person
    assert len(boxes) == len(rows) + len(SAME_LENGTH)  # a box to tick for each envelope


@pytest.mark.parametrize("sheet", ["sign-in-*.pdf", "packing-list.pdf"])
def test_sheets_set_each_name_and_organisation_in_its_own_languages_face(sheets, sheet):
    out, _ = sheets
    faces = {}
    for path in sorted(out.glob(sheet)):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                for word in page.extract_words(extra_attrs=["fontname"]):
                    if re.search("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", word["text"]):
                        faces.setdefault(word["text"], word["fontname"])
    assert "CJK-JP" in faces["山田"] and "CJK-JP" in faces["たなか"] and "CJK-TC" in faces["陳美玲"]
    assert "CJK-KR" in faces["김민준"] and "CJK-SC" in faces["王小明"]
    assert "CJK-JP" in faces["法務省"] and "CJK-SC" in faces["中华人民共和国司法部"]  # their organisations too
