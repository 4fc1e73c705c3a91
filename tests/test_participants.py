"""What a roster makes, read back from the PDFs: sign-in sheets in collation order, name cards, the order counts."""

from __future__ import annotations

import csv
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from briefpack.build import pipeline
from briefpack.output.out_dir import README

from .conftest import SMALL_CONTENT, write_pack
from .pdfcheck import text, words

ROSTER = """name,organisation,country,group,role,email
Zoë Adams,Water Board,UK,1,chair,zoe@example.org
Ömer Öztürk,Ankara University,Türkiye,data-sharing,participant,omer@example.org
Pablo Ruiz,Ebro Authority,Spain,A,participant,
Olga Nowak,Vistula Institute,Poland,1,observer,
Đặng Văn Minh,Mekong Commission,Viet Nam,1,rapporteur,
Eva Dahl,,Norway,1,participant,
Anne Zimmermann,Rhine Commission,Germany,data-sharing,participant,
Αλέξανδρος Παπαδόπουλος,University of Athens,Greece,2,resource person,
Иван Петров,Moscow State University,Russia,disputes,observer,
Maria Costa,Tagus Council,Portugal,B,chair,
"""
DATA_SHARING = ["Anne Zimmermann", "Đặng Văn Minh", "Eva Dahl", "Olga Nowak", "Ömer Öztürk", "Pablo Ruiz",
                "Zoë Adams"]  # the Unicode Collation Algorithm's order: Đ beside D, Ö beside O
DISPUTES = ["Maria Costa", "Αλέξανδρος Παπαδόπουλος", "Иван Петров"]  # Latin, then Greek, then Cyrillic
NAMES = DATA_SHARING + DISPUTES


@pytest.fixture(scope="session")
def roster_build(tmp_path_factory):
    pack = (SMALL_CONTENT / "pack.yaml").read_text() + "print_run:\n  spare: 5\n"
    folder = write_pack(tmp_path_factory.mktemp("roster-pack") / "content", pack=pack)
    (folder / "participants.csv").write_text(ROSTER, encoding="utf-8")
    out = folder.parent / "out"
    records = pipeline.build(pipeline.Options(content=folder, out=out, editions=("screen", "print")))
    return out, {r.path: r for r in records}


def in_order_of_appearance(page_text: str, names: list[str]) -> list[str]:
    return sorted(names, key=page_text.index)


def name_column(path: Path) -> str:
    """The text of the sign-in sheet's name column alone (a name on two lines stays one name), page by page."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            ws = page.extract_words()
            head = next((w for w in ws if w["text"] == "NAME"), None)
            if head is None:
                continue
            right = min(w["x0"] for w in ws if abs(w["top"] - head["top"]) < 2 and w["x0"] > head["x1"])
            column = page.crop((head["x0"] - 1, head["bottom"], right - 1, page.bbox[3]))
            found.append(" ".join((column.extract_text() or "").split()))
    return " ".join(found)


def test_sign_in_sheet_lists_the_group_in_collation_order(roster_build):
    out, records = roster_build
    for group, members in (("data-sharing", DATA_SHARING), ("disputes", DISPUTES)):
        for path in (f"sign-in-{group}.pdf", f"print/sign-in-{group}.pdf"):
            page = name_column(out / path)
            assert all(name in page for name in members), path
            assert in_order_of_appearance(page, members) == members, path
            assert not any(name in page for name in NAMES if name not in members), path
            assert records[path].kind == "sign-in"
        with pdfplumber.open(out / f"sign-in-{group}.pdf") as screen, \
                pdfplumber.open(out / f"print/sign-in-{group}.pdf") as printed:
            assert len(printed.pages) == len(screen.pages)  # one-sided: never padded to two sides
    sheet = words(out / "sign-in-data-sharing.pdf")
    assert "PANEL 1 Data Sharing" in sheet and "SIGNATURE" in sheet
    assert "Rapporteur" in sheet and "Mekong Commission" in sheet and "Viet Nam" in sheet


def test_name_cards_one_sheet_each_the_upper_face_turned_half_round(roster_build):
    out, _ = roster_build
    cards = [(f"{folder}name-cards-{group}.pdf", members) for folder in ("", "print/")
             for group, members in (("data-sharing", DATA_SHARING), ("disputes", DISPUTES))]
    for path, members in cards:
        with pdfplumber.open(out / path) as pdf:
            assert len(pdf.pages) == len(members)  # one-sided: never padded
            for page, name in zip(pdf.pages, members, strict=True):
                middle = page.height / 2
                letters = [c for c in page.chars if c["text"].strip()]
                upper = [c for c in letters if c["top"] < middle]
                lower = [c for c in letters if c["top"] >= middle]
                assert upper and all(c["matrix"][0] < 0 and c["matrix"][3] < 0 for c in upper)  # rotated 180°
                assert lower and all(c["matrix"][0] > 0 and c["matrix"][3] > 0 for c in lower)  # upright
                assert "".join(c["text"] for c in lower).startswith(name.replace(" ", ""))
                name_chars = [c for c in lower if c["size"] > 20]  # the name is set large, the organisation at 16 pt
                organisation = [c for c in lower if c["size"] <= 20]
                if organisation:  # below the name, not over it, however many lines the name takes
                    assert max(c["bottom"] for c in name_chars) < min(c["top"] for c in organisation)
                # read from the other side of the table: the page turned round, last line first, right to left
                upright_again = "".join(c["text"] for c in sorted(upper, key=lambda c: (-round(c["top"]), -c["x0"])))
                assert upright_again.startswith(name.replace(" ", ""))


def test_the_order_counts_the_roster(roster_build):
    out, _ = roster_build
    spare = 5  # the pack's print_run: the only number the roster leaves to it
    rows = {r["file"]: r for r in csv.DictReader((out / "print/order.csv").open(encoding="utf-8"))}
    assert rows["booklet-handout-data-sharing.pdf"]["copies"] == str(len(DATA_SHARING) + spare)
    assert rows["booklet-handout-disputes.pdf"]["copies"] == str(len(DISPUTES) + spare)
    assert rows["handout-data-sharing.pdf"]["copies"] == "0"  # booklets are what is ordered
    assert rows["concept-note.pdf"]["copies"] == rows["endnotes.pdf"]["copies"] == str(len(NAMES) + spare)
    assert rows["sign-in-disputes.pdf"]["copies"] == "1"
    summary = (out / "print/order.md").read_text(encoding="utf-8")
    assert "Copies come from the participant list " in summary and "participants.csv (one per participant)" in summary
    cards = rows["name-cards-data-sharing.pdf"]
    assert (cards["sides"], cards["binding"], cards["pages"], cards["sheets_total"]) == (
        "single-sided", "none", str(len(DATA_SHARING)), str(len(DATA_SHARING)))


def test_names_stay_out_of_metadata_and_emails_out_of_everything(roster_build):
    out, _ = roster_build
    for pdf in sorted(out.rglob("*.pdf")):
        reader = pypdf.PdfReader(pdf)
        info = " ".join(str(v) for v in (reader.metadata or {}).values())
        xmp = reader.trailer["/Root"].get("/Metadata")
        info += xmp.get_object().get_data().decode("utf-8", "replace") if xmp else ""
        assert not any(name in info or name.split()[-1] in info for name in NAMES), pdf
        assert "@example.org" not in text(pdf), pdf
    for other in (p for p in out.rglob("*") if p.is_file() and p.suffix != ".pdf"):
        assert b"@example.org" not in other.read_bytes(), other


def test_without_a_roster_nothing_of_this_is_made(small_both):
    out, records = small_both
    assert not [r.path for r in records if "sign-in" in r.path or "name-cards" in r.path]
    assert not list(Path(out).rglob("sign-in*")) and not list(Path(out).rglob("name-cards*"))
    assert not (Path(out) / README).exists()


def test_a_roster_pack_says_it_holds_personal_data(roster_build):
    out, _ = roster_build
    notice = (out / README).read_text(encoding="utf-8")
    assert "PERSONAL DATA" in notice and "  name-cards-disputes.pdf" in notice
    assert "  print/sign-in-disputes.pdf" in notice
    assert "  concept-note.pdf" not in notice


def test_asking_for_sign_in_sheets_without_a_roster_is_a_usage_error(tmp_path):
    from briefpack.errors import UsageError

    folder = write_pack(tmp_path / "content")
    with pytest.raises(UsageError, match=r"^sign-in: sign-in sheets are made from participants.csv, and .* has none"):
        pipeline.build(pipeline.Options(content=folder, out=tmp_path / "out", kinds=("sign-in",)))
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_the_packing_list_says_what_goes_into_whose_envelope(roster_build):
    out, records = roster_build
    listing = list(csv.DictReader((out / "print/packing-list.csv").open(encoding="utf-8")))
    assert [row["name"] for row in listing] == NAMES  # group by group, in sign-in order
    ivan = next(row for row in listing if row["name"] == "Иван Петров")
    assert ivan["documents"] == "Concept Note; Working Group Handout (Panel 2: Dispute Settlement); Endnotes"
    assert "email" not in listing[0] and "@" not in (out / "print/packing-list.csv").read_text(encoding="utf-8")
    counts = {(r["group"], r["document"]): int(r["copies"])
              for r in csv.DictReader((out / "print/packing-counts.csv").open(encoding="utf-8"))}
    assert counts[("data-sharing", "Concept Note")] == len(DATA_SHARING)
    assert counts[("disputes", "Working Group Handout (Panel 2: Dispute Settlement)")] == len(DISPUTES)
    page = words(out / "packing-list.pdf")
    assert in_order_of_appearance(page, NAMES) == NAMES
    assert f"Data Sharing {len(DATA_SHARING)} participants" in page and "Concept Note 7" in page
    assert records["print/packing-list.pdf"].kind == "packing-list"
    assert "  print/packing-list.csv" in (out / README).read_text(encoding="utf-8")


def test_lettered_groups_keep_their_letter_on_the_participant_documents(tmp_path):
    groups = (SMALL_CONTENT / "groups.yaml").read_text().replace("number: 1", "number: A")
    groups = groups.replace("number: 2", "number: B")
    folder = write_pack(tmp_path / "content", groups=groups)
    (folder / "participants.csv").write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=("sign-in", "packing-list"), jobs=1))
    assert "PANEL A" in words(out / "sign-in-data-sharing.pdf").upper()
    assert "Panel B" in words(out / "packing-list.pdf")
