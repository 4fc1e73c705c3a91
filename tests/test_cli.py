"""The command line through Click's runner: exit codes, messages, outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpack import __version__
from briefpack.cli.main import main

from .conftest import ROOT, SMALL_CONTENT, write_pack


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    return invoke


@pytest.mark.parametrize("command", ["all", "note", "handouts", "endnotes", "check", "html"])
def test_every_command_has_help_and_version(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "--out" in result.output
    result = run(command, "--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_check_validates_without_rendering(run, tmp_path):
    result = run("check", "--content", SMALL_CONTENT, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert result.output == "Content is valid: 3 notes, 2 working groups, 3 questions.\n"
    assert not (tmp_path / "out").exists()


def test_check_does_not_import_weasyprint():
    code = ("import sys; from briefpack.cli.main import main\n"
            "try: main(['check'])\nexcept SystemExit: pass\nprint('weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip().endswith("False")


def test_content_errors_exit_1_with_every_problem_and_no_traceback(run, tmp_path):
    groups = """groups:
  - id: a
    number: 1
    title: A
    questions: [x]
  - id: a
    number: 1
    title: B
    questions:
      - y[^nope]
"""
    folder = write_pack(tmp_path / "c", groups=groups)
    result = run("all", "--content", folder, "--out", tmp_path / "out")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("Error: ")
    assert "groups.yaml:6:9: duplicate group id 'a' (first used at line 2)" in lines[0]
    assert any("groups.yaml:7:13: duplicate group number '1' (first used at line 3)" in line for line in lines)
    unknown = "groups.yaml:10:10: citation of unknown note 'nope' (expected one of: basin-report, "
    assert any(unknown in line for line in lines)
    assert lines[-1] == "3 problems in the content; nothing was written."
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_group_is_a_usage_error_listing_valid_ids(run, tmp_path):
    result = run("handouts", "--content", SMALL_CONTENT, "--group", "nope", "--out", tmp_path)
    assert result.exit_code == 2
    assert "unknown group id 'nope' (valid ids: data-sharing, disputes)" in result.output


def test_handouts_for_one_group_and_manifest(run, tmp_path):
    result = run("handouts", "--content", SMALL_CONTENT, "--group", "disputes", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "handout-disputes.pdf", "manifest.json", "snapshot.json"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [(e["path"], e["kind"], e["group"]) for e in manifest["outputs"]] == [
        ("handout-disputes.pdf", "handout", "disputes"), ("snapshot.json", "snapshot", None)]
    result = run("endnotes", "--content", SMALL_CONTENT, "--out", tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [e["path"] for e in manifest["outputs"]] == ["endnotes.pdf", "handout-disputes.pdf", "snapshot.json"]


def test_out_path_that_is_a_file_is_reported_before_rendering(run, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = run("note", "--content", SMALL_CONTENT, "--out", target)
    assert result.exit_code == 1
    assert "the output path is a file (expected a folder)" in result.output


def test_html_is_standalone_for_plain_weasyprint(run, tmp_path):
    """The HTML written by `html` renders with the weasyprint command to the same pages and text."""
    from . import pdfcheck
    result = run("html", "--content", SMALL_CONTENT, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    html = tmp_path / "handout-disputes.html"
    assert html.exists() and "file:///" in html.read_text()
    plain = tmp_path / "plain.pdf"
    subprocess.run([sys.executable, "-m", "weasyprint", str(html), str(plain)], check=True, cwd=tmp_path)
    run("handouts", "--content", SMALL_CONTENT, "--group", "disputes", "--out", tmp_path)
    ours = tmp_path / "handout-disputes.pdf"
    assert pdfcheck.text(plain) == pdfcheck.text(ours)
    assert pdfcheck.font_names(plain) == pdfcheck.font_names(ours)


def test_build_py_launcher_runs(tmp_path):
    result = subprocess.run([sys.executable, "build.py", "check", "--content", str(SMALL_CONTENT)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0 and "Content is valid" in result.stdout


def test_debug_shows_the_traceback_and_plain_runs_do_not(tmp_path):
    folder = write_pack(tmp_path / "c", notes="notes: [x]\n")
    plain = subprocess.run([sys.executable, "build.py", "check", "--content", str(folder)], cwd=ROOT,
                           capture_output=True, text=True)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "notes.yaml:1:8: notes must be a mapping of note id to text (found a list)" in plain.stderr
    debug = subprocess.run([sys.executable, "build.py", "check", "--debug", "--content", str(folder)], cwd=ROOT,
                           capture_output=True, text=True)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "ContentError" in debug.stderr


def test_the_installed_console_script_gives_the_same_commands(tmp_path):
    script = Path(sys.executable).parent / "briefpack"
    result = subprocess.run([str(script), "check", "--content", str(SMALL_CONTENT)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "Content is valid: 3 notes, 2 working groups, 3 questions.\n"
    listed = subprocess.run([str(script), "--help"], capture_output=True, text=True).stdout
    for command in ("all", "note", "handouts", "endnotes", "print", "watch", "check", "html"):
        assert f"  {command} " in listed


@pytest.mark.parametrize("command", [["check"], ["html"], ["all", "-j", "1"], ["schema"], ["new"]])
def test_quiet_means_quiet(tmp_path, command):
    from briefpack.cli.main import main as cli

    where = {"new": [str(tmp_path / "new-pack")], "schema": ["--out", str(tmp_path / "schemas")]}
    args = [*command, *where.get(command[0], ["--content", str(SMALL_CONTENT), "--out", str(tmp_path / "out")]),
            "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_help_says_where_to_start_and_groups_every_command_once():
    from briefpack.cli.main import SECTIONS
    from briefpack.cli.main import main as group

    output = CliRunner().invoke(group, ["--help"], terminal_width=100).output
    assert "Start here:" in output and "briefpack new my-seminar" in output
    headings = [line.rstrip(":") for line in output.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert [h for h in headings if h in SECTIONS] == list(SECTIONS)
    sections = output.split("Making a pack:", 1)[1].split("Each command's", 1)[0]
    listed = [line.split()[0] for line in sections.splitlines()
              if line.startswith("  ") and not line.startswith("   ") and line.strip()]
    assert sorted(listed) == sorted(group.commands)  # each command once, none left out
    assert set(group.sections) == set(group.commands)


def test_every_command_has_an_example():
    from briefpack.cli.main import main as group

    for name in group.commands:
        output = CliRunner().invoke(group, [name, "--help"]).output
        assert "Example" in output and f"briefpack {name} " in output.split("Example", 1)[1], name


def test_all_builds_the_editions_pack_yaml_lists(tmp_path):
    from .conftest import SMALL_CONTENT, write_pack

    pack = (SMALL_CONTENT / "pack.yaml").read_text() + "editions: [web]\n"
    content = write_pack(tmp_path / "pack", pack=pack)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["all", "--content", str(content), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "web" / "index.html").is_file()
    assert not list(out.glob("*.pdf")) and not (out / "print").exists()  # neither screen nor print
    result = CliRunner().invoke(main, ["all", "--content", str(content), "--out", str(out), "-q",
                                       "--edition", "screen"])
    assert result.exit_code == 0 and (out / "concept-note.pdf").is_file()  # --edition wins
