"""`briefpack import` on the command line: the report, --dry-run, refusing a non-empty folder, --force, and the
launcher build.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpack.cli.main import main

from .conftest import ROOT
from .importhelpers import DATA

BRIEFPACK = Path(sys.executable).parent / "briefpack"  # the installed command


def invoke(*args):
    return CliRunner().invoke(main, ["import", *map(str, args)])


def test_report_lists_counts_guesses_and_defects(tmp_path):
    result = invoke(DATA / "seed.md", "--to", tmp_path / "pack")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "sections: 12, cross-cutting questions: 7, groups: 4 (6, 6, 7, 7 questions), notes: 66, links: 38, " \
           "images: 0" in out
    assert "year: 2015 (guessed" in out and "Guessed (please check):" in out
    assert f"{tmp_path / 'pack'}/notes.yaml:" in out and "note 66 of" in out
    assert sorted(p.name for p in (tmp_path / "pack").iterdir()) == [
        ".briefpack", ".schemas", "concept-note.yaml", "groups.yaml", "notes.yaml", "pack.yaml", "questions.yaml"]


def test_dry_run_writes_nothing(tmp_path):
    dest = tmp_path / "new" / "pack"
    result = invoke(DATA / "footnotes-pandoc.docx", "--to", dest, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Would import (dry run, nothing written)")
    assert "notes: 3" in result.output
    assert list(tmp_path.iterdir()) == []


def test_refuses_a_non_empty_pack_folder_unless_forced(tmp_path):
    dest = tmp_path / "pack"
    dest.mkdir()
    (dest / "pack.yaml").write_text("series: an earlier pack\n")  # a pack: --force may replace it
    result = invoke(DATA / "seed.md", "--to", dest)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {dest}:1:1: folder is not empty (expected a new or empty folder; " \
                                    "--force replaces it)"
    assert sorted(p.name for p in dest.iterdir()) == ["pack.yaml"]
    result = invoke(DATA / "seed.md", "--to", dest, "--force")
    assert result.exit_code == 0, result.output
    assert "an earlier pack" not in (dest / "pack.yaml").read_text() and (dest / "notes.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # no temporary folder left beside it


def test_empty_folder_is_fine_and_a_file_is_not(tmp_path):
    (tmp_path / "empty").mkdir()
    assert invoke(DATA / "nostyles.docx", "--to", tmp_path / "empty").exit_code == 0
    (tmp_path / "file").write_text("x")
    result = invoke(DATA / "nostyles.docx", "--to", tmp_path / "file")
    assert result.exit_code != 0


def test_launcher_forwards_import(tmp_path):
    dest = tmp_path / "pack"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(DATA / "nostyles.docx"), "--to",
                             str(dest)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Imported" in result.stdout and (dest / "pack.yaml").is_file()


@pytest.mark.parametrize("name", ["seed.md", "seed-endnotes.docx", "footnotes-pandoc.docx",
                                  "endnotes-python-docx.docx", "nostyles.docx"])
def test_check_reports_nothing_the_import_did_not_list(tmp_path, name):
    from briefpack.importer.run import run

    report = run(DATA / name, tmp_path / "pack")
    assert report.check_extra == []


def test_a_bad_source_and_a_full_folder_are_reported_together(tmp_path):
    dest = tmp_path / "pack"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep me")
    source = tmp_path / "note.docx"
    source.write_bytes(b"%PDF-1.7\n")
    result = invoke(source, "--to", dest)
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: {source}:1:1: is a PDF, not a .docx (import the Word file it was "
                                          "made from, or Markdown)",
                                          f"{dest}:1:1: folder is not empty: it holds mine.txt and no pack.yaml "
                                          "(expected a new or empty folder)"]


def test_the_command_line_offers_what_the_importer_can_do(tmp_path):
    from .test_import_organisers import WordDoc, rivers

    pack_dir = tmp_path / "pack"
    assert invoke(rivers(tmp_path / "v1.docx"), "--to", pack_dir).exit_code == 0
    groups = pack_dir / "groups.yaml"
    groups.write_text(groups.read_text().replace("What data should be open?", "What data must be open?"))
    revised = rivers(tmp_path / "v2.docx", "Which data should be open?")
    clash = invoke(revised, "--to", pack_dir, "--force")
    assert clash.exit_code == 1 and "yours: What data must be open?" in clash.output
    shutil.copytree(pack_dir, tmp_path / "copy")
    assert invoke(revised, "--to", pack_dir, "--force", "--keep-mine").exit_code == 0
    assert "What data must be open?" in groups.read_text()
    assert invoke(revised, "--into", tmp_path / "copy", "--take-new").exit_code == 0
    assert "Which data should be open?" in (tmp_path / "copy" / "groups.yaml").read_text()

    doc = WordDoc(reviewer="Kim Lee")
    doc.p("3rd Forum on Rivers: Water Without Borders, 2027", style="Title")
    doc.p("Background", style="Heading1").p("Rivers cross {-all -}{+many +}borders.",
                                            comment=("Sam Park", "Say which rivers."))
    doc.p("Working Group 1: Data", style="Heading1").p("What data should be open?", style="ListNumber")
    source = doc.save(tmp_path / "reviewed.docx")
    assert invoke(source, "--to", tmp_path / "r", "--changes", "reject", "--comments", "keep").exit_code == 0
    text = (tmp_path / "r" / "concept-note.yaml").read_text()
    assert "Rivers cross all borders." in text and "# REVIEW: comment by Sam Park" in text


def test_a_reader_that_stops_early_ends_the_output_quietly(tmp_path):
    command = f"{BRIEFPACK} import {DATA / 'seed.md'} --to {tmp_path / 'pack'} --dry-run | head -1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert result.stdout.startswith("Would import") and result.stderr == "", result.stderr


def test_check_inside_a_pack_folder_checks_that_pack(tmp_path):
    assert invoke(DATA / "seed.md", "--to", tmp_path / "pack").exit_code == 0
    result = subprocess.run([str(BRIEFPACK), "check"], cwd=tmp_path / "pack",
                            capture_output=True, text=True, timeout=120)
    assert "content folder not found" not in result.stderr
    assert "notes.yaml" in result.stdout + result.stderr  # the seed's own defect (note 66 is cited nowhere)


def test_import_needs_one_place_to_go(tmp_path):
    assert "--to DIR (a new pack) or --into PACK" in invoke(DATA / "seed.md").output
    assert "--to DIR (a new pack) or --into PACK" in invoke(DATA / "seed.md", "--to", tmp_path / "a", "--into",
                                                            tmp_path / "b").output


def test_a_revised_file_updates_a_pack_with_its_output_folder_inside(tmp_path):
    """The tour's layout (--out my-seminar/dist): --into keeps the output folder; a plain replacement refuses."""
    from .test_import_organisers import rivers

    pack_dir = tmp_path / "pack"
    assert invoke(rivers(tmp_path / "v1.docx"), "--to", pack_dir).exit_code == 0
    dist = pack_dir / "dist"
    dist.mkdir()
    (dist / "manifest.json").write_text('{"outputs": []}')
    (dist / "concept-note.pdf").write_bytes(b"%PDF-1.7 built")
    result = invoke(rivers(tmp_path / "v2.docx", "Which data should be open?"), "--into", pack_dir)
    assert result.exit_code == 0, result.output
    assert "Which data should be open?" in (pack_dir / "groups.yaml").read_text()
    assert (dist / "concept-note.pdf").read_bytes() == b"%PDF-1.7 built"
    (pack_dir / ".briefpack").rename(tmp_path / "record")  # not an import's pack: replaced whole, so refused
    refused = invoke(rivers(tmp_path / "v3.docx"), "--to", pack_dir, "--force")
    assert refused.exit_code == 1 and "holds dist/, which is not part of a pack" in refused.output
