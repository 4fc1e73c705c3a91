"""Personalised handouts, read back from the PDFs: one named copy per participant, stamped, not re-rendered."""

from __future__ import annotations

import csv
import stat

import pdfplumber
import pikepdf
import pytest

from briefpack.build import pipeline
from briefpack.errors import ContentError, UsageError
from briefpack.output.out_dir import README

from .conftest import SMALL_CONTENT, write_pack
from .test_participants import DATA_SHARING, DISPUTES, NAMES, ROSTER

SLUGS = {"Zoë Adams": "zoë-adams", "Ömer Öztürk": "ömer-öztürk", "Иван Петров": "иван-петров"}


def first_page_text(pdf: pdfplumber.PDF, index: int = 0) -> str:
    return pdf.pages[index].extract_text() or ""


@pytest.fixture(scope="session")
def personal_build(tmp_path_factory):
    pack = (SMALL_CONTENT / "pack.yaml").read_text() + "print_run:\n  spare: 5\n"
    folder = write_pack(tmp_path_factory.mktemp("personal-pack") / "content", pack=pack)
    (folder / "participants.csv").write_text(ROSTER, encoding="utf-8")
    out = folder.parent / "out"
    options = pipeline.Options(content=folder, out=out, editions=("screen", "print"), personalise=True)
    builder = pipeline.Builder()
    try:
        report = builder.build(options)
    finally:
        builder.close()
    return folder, out, options, report


def test_each_participant_gets_a_private_tagged_copy_with_only_their_name(personal_build):
    _, out, _, report = personal_build
    files = sorted((out / "participants").glob("*.pdf"))
    assert len(files) == len(NAMES)
    for name, slug in SLUGS.items():
        path = out / "participants" / f"{slug}.pdf"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with pdfplumber.open(path) as pdf:
            page = first_page_text(pdf)
        assert name in page and [other for other in NAMES if other in page] == [name]
        with pikepdf.open(path) as pdf:
            assert "/StructTreeRoot" in pdf.Root  # still the tagged screen edition
            stream = b"".join(c.read_bytes() for c in pdf.pages[0].obj.Contents)
            assert b"/Artifact BMC" in stream  # the stamp does not break the tagging
    assert stat.S_IMODE((out / "participants").stat().st_mode) == 0o700
    kinds = {r.path: r.kind for r in report.records}
    assert kinds["participants/zoë-adams.pdf"] == "participant-handout"


def test_the_print_file_holds_every_members_copy_in_sign_in_order(personal_build):
    _, out, _, _ = personal_build
    for group, members in (("data-sharing", DATA_SHARING), ("disputes", DISPUTES)):
        with pikepdf.open(out / f"print/booklet-handout-{group}.pdf") as single:
            per_copy = len(single.pages)
        with pdfplumber.open(out / f"print/handouts-personal-{group}.pdf") as pdf:
            assert len(pdf.pages) == per_copy * len(members) and per_copy % 2 == 0  # each copy duplex-ready
            for n, name in enumerate(members):
                copy_first = first_page_text(pdf, n * per_copy)
                assert [other for other in NAMES if other in copy_first] == [name]
                x0, top, x1, _ = pdf.pages[0].bbox  # the sheet's slug moves its origin
                right = pdf.pages[n * per_copy].crop(((x0 + x1) / 2, top, x1, top + 120))
                assert name in (right.extract_text() or "")  # on the booklet's first A5 page, at its top


def test_the_order_has_one_file_of_named_copies_and_only_spares_otherwise(personal_build):
    _, out, _, _ = personal_build
    rows = {r["file"]: r for r in csv.DictReader((out / "print/order.csv").open(encoding="utf-8"))}
    personal = rows["handouts-personal-data-sharing.pdf"]
    assert (personal["copies"], personal["binding"]) == ("1", "each copy saddle-stitched")
    assert int(personal["pages"]) == int(rows["booklet-handout-data-sharing.pdf"]["pages"]) * len(DATA_SHARING)
    assert rows["booklet-handout-data-sharing.pdf"]["copies"] == "5"  # the spares


def test_the_out_folder_says_it_holds_personal_data(personal_build):
    _, out, _, _ = personal_build
    notice = (out / README).read_text(encoding="utf-8")
    assert "PERSONAL DATA" in notice and "participants/ (10 files, one per participant" in notice
    assert "ömer" not in notice.casefold()  # names, even as file names, stay out of the notice
    assert "print/sign-in-disputes.pdf" in notice and "@" not in notice


def test_one_roster_edit_restamps_only_what_shows_that_person(personal_build, tmp_path):
    folder, out, options, _ = personal_build
    (folder / "participants.csv").write_text(ROSTER.replace("Ebro Authority", "Ebro Basin Authority"),
                                             encoding="utf-8")
    builder = pipeline.Builder()
    try:
        report = builder.build(options)
    finally:
        builder.close()
        (folder / "participants.csv").write_text(ROSTER, encoding="utf-8")
    assert sorted(report.written) == sorted([
        "participants/pablo-ruiz.pdf", "print/handouts-personal-data-sharing.pdf", "name-cards-data-sharing.pdf",
        "print/name-cards-data-sharing.pdf", "sign-in-data-sharing.pdf", "print/sign-in-data-sharing.pdf",
        "packing-list.pdf", "print/packing-list.pdf", "print/packing-list.csv"])
    assert {d.spec.path for d in report.built} == {  # rendered again: the organisers' sheets that show him
        "name-cards-data-sharing.pdf", "print/name-cards-data-sharing.pdf", "sign-in-data-sharing.pdf",
        "print/sign-in-data-sharing.pdf", "packing-list.pdf", "print/packing-list.pdf"}
    with pdfplumber.open(out / "participants/pablo-ruiz.pdf") as pdf:
        assert "Ebro Basin Authority" in first_page_text(pdf)


def test_personalising_needs_a_roster(tmp_path):
    folder = write_pack(tmp_path / "content")
    with pytest.raises(UsageError, match="--personalise needs a participant list"):
        pipeline.load(pipeline.Options(content=folder, personalise=True))
    pack = (folder / "pack.yaml").read_text() + "print_run:\n  personalise: true\n"
    (folder / "pack.yaml").write_text(pack)
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    line = len(pack.splitlines())
    assert [str(p).replace(str(folder) + "/", "") for p in info.value.problems] == [
        f"pack.yaml:{line}:3: personalise needs a participant list (expected participants.csv in the content "
        "folder)"]


def test_personal_files_are_the_same_bytes_every_time(tmp_path):
    folder = write_pack(tmp_path / "content")
    (folder / "participants.csv").write_text(ROSTER, encoding="utf-8")
    outs = [tmp_path / "first", tmp_path / "second"]
    for out in outs:
        pipeline.build(pipeline.Options(content=folder, out=out, kinds=("handout",), editions=("screen", "print"),
                                        personalise=True))
    personal = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*.pdf") if "personal" in p.name or
                      p.parent.name == "participants")
    assert len(personal) == len(NAMES) + 2
    assert all((outs[0] / p).read_bytes() == (outs[1] / p).read_bytes() for p in personal)


def test_a_reprint_orders_the_restamped_group_file_only(tmp_path):
    from click.testing import CliRunner

    from briefpack.cli.main import main

    folder = write_pack(tmp_path / "content")
    (folder / "participants.csv").write_text(ROSTER, encoding="utf-8")
    out, runner = tmp_path / "out", CliRunner()
    args = ["print", "--personalise", "--content", str(folder), "--out", str(out), "-j", "1"]
    assert runner.invoke(main, args).exit_code == 0
    sent = tmp_path / "sent.json"
    sent.write_bytes((out / "manifest.json").read_bytes())
    (folder / "participants.csv").write_text(ROSTER.replace("Tagus Council", "Tagus River Council"), encoding="utf-8")
    result = runner.invoke(main, [*args, "--since", str(sent)])
    assert result.exit_code == 0, result.output
    reprint = {row["file"]: row for row in csv.DictReader((out / "print/reprint.csv").open(encoding="utf-8"))}
    assert sorted(reprint) == ["handouts-personal-disputes.pdf", "name-cards-disputes.pdf", "packing-list.pdf",
                               "sign-in-disputes.pdf"]  # Maria Costa's group file, and the organisers' sheets
    assert reprint["handouts-personal-disputes.pdf"]["copies"] == "1"
