"""`briefpack changes`, change bars, snapshots in the output folder and reprints: checked on the PDFs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter

import pdfplumber
import pypdf
import pytest
from click.testing import CliRunner

from briefpack.cli.main import main

from .conftest import DEFAULT_CONTENT, SMALL_CONTENT
from .revision_edits import (
    DEFAULT_EDITS,
    DEFAULT_EXPECTED,
    DEFAULT_MARKERS,
    SMALL_EDITS,
    SMALL_EXPECTED,
    SMALL_MARKERS,
    edited_copy,
)

ENTRY = re.compile(r"^(ADDED|REMOVED|MOVED|CHANGED) (paragraph|section title|question|group title|note) · ", re.M)


def run(*args, code=0):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def entries(text: str) -> Counter:
    return Counter((what.lower(), unit) for what, unit in ENTRY.findall(text))


@pytest.fixture(scope="module")
def reprinted(tmp_path_factory):
    """The small pack printed and sent, then edited twelve ways: changes since the build, then the reprint."""
    root = tmp_path_factory.mktemp("revisions")
    new = edited_copy(SMALL_CONTENT, root / "edited", SMALL_EDITS)
    out = root / "out"
    run("print", "--content", SMALL_CONTENT, "--out", out, "-j", "1", "-q")
    shutil.copy(out / "manifest.json", root / "sent-to-printer.json")
    changes = run("changes", "--content", new, "--since", out, "--out", out, "-j", "1")
    reprint = run("print", "--content", new, "--since", root / "sent-to-printer.json", "--out", out, "-j", "1")
    return out, changes.output, reprint.output


def test_changes_pdf_shows_each_edit_once(reprinted):
    out, output, _ = reprinted
    for path in (out / "changes.pdf", out / "print" / "changes.pdf"):
        text = pdf_text(path)
        assert entries(text) == SMALL_EXPECTED
        for marker in SMALL_MARKERS:
            assert text.count(marker) == 1, (path, marker)
        assert "notes 1–3 are now notes 2–4" in " ".join(text.split())  # the summary, once
        assert re.findall(r"note \d+ is now note \d+", text) == []  # not repeated note by note
    assert len(pypdf.PdfReader(out / "print" / "changes.pdf").pages) % 2 == 0  # padded for duplex
    assert output.count("\n  ") == sum(SMALL_EXPECTED.values()) + 1  # one line per change, one renumbering
    assert "  renumbered notes 1–3 are now notes 2–4" in output


def test_insertions_underlined_deletions_struck_and_marked_as_text(reprinted):
    out, _, _ = reprinted
    with pdfplumber.open(out / "changes.pdf") as pdf:
        page = pdf.pages[0]
        words = {word: page.search(word, regex=False)[0] for word in ("sequence:", "parallel:")}
        rules = [r for r in page.rects + page.lines if r["bottom"] - r["top"] < 1.5]

        def ruled(word, low, high):  # a rule across the word, between these fractions of its height
            w = words[word]
            return any(r["x0"] <= w["x0"] + 1 and r["x1"] >= w["x1"] - 1 and
                       w["top"] + low * (w["bottom"] - w["top"]) <= r["top"] <= w["top"] + high * (
                           w["bottom"] - w["top"]) for r in rules)
        assert ruled("sequence:", 0.6, 1.3) and not ruled("sequence:", 0.2, 0.55)  # underlined
        assert ruled("parallel:", 0.2, 0.55) and not ruled("parallel:", 0.6, 1.3)  # struck through
        text = page.extract_text()
    assert "[−parallel:−] {+sequence:+}" in text  # said in words too, for screen readers and photocopies


def test_snapshot_is_in_the_output_folder_and_the_manifest(reprinted):
    out, _, _ = reprinted
    records = {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["outputs"]}
    import hashlib

    data = (out / "snapshot.json").read_bytes()
    assert records["snapshot.json"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert json.loads(data)["groups"][1]["title"] == "Settling Disputes"  # the last build's, the edited pack
    assert "print/changes.pdf" in records and "changes.pdf" in records  # kept by the complete print build


def test_reprint_lists_the_changes_document(reprinted):
    out, _, output = reprinted
    assert "  insert   print/changes.pdf" in output
    reprint = (out / "print" / "reprint.csv").read_text()
    assert "\nchanges.pdf,changes,," in reprint
    order = (out / "print" / "order.csv").read_text()
    assert "\nchanges.pdf,changes,," in order


def test_unchanged_pack_says_no_changes(tmp_path):
    result = run("changes", "--content", SMALL_CONTENT, "--since", SMALL_CONTENT, "--out", tmp_path,
                 "--edition", "screen", "-j", "1", "-q")
    assert result.output == f"No changes since {SMALL_CONTENT}.\n"
    text = pdf_text(tmp_path / "changes.pdf")
    assert "No changes" in text and not ENTRY.search(text)


def test_one_group_gets_what_its_handout_shows(tmp_path):
    new = edited_copy(SMALL_CONTENT, tmp_path / "edited", SMALL_EDITS)
    result = run("changes", "--content", new, "--since", SMALL_CONTENT, "--group", "disputes", "--out",
                 tmp_path / "out", "--edition", "screen", "-j", "1", "-q")
    text = pdf_text(tmp_path / "out" / "changes.pdf")
    assert entries(text) == Counter({("added", "question"): 1, ("changed", "group title"): 1, ("changed", "note"): 1})
    assert "Which data" not in text and "Groundwater" not in text
    assert result.output.count("\n  ") == 5  # three changes, two runs of renumbered notes
    run("changes", "--content", new, "--since", SMALL_CONTENT, "--group", "nope", "--out", tmp_path, code=2)


def test_default_pack_edits_each_once_in_changes_pdf(tmp_path):
    new = edited_copy(DEFAULT_CONTENT, tmp_path / "edited", DEFAULT_EDITS)
    run("changes", "--content", new, "--since", DEFAULT_CONTENT, "--out", tmp_path / "out", "--edition", "screen",
        "-j", "1", "-q")
    text = pdf_text(tmp_path / "out" / "changes.pdf")
    assert entries(text) == DEFAULT_EXPECTED
    for marker in DEFAULT_MARKERS:
        assert text.count(marker) == 1, marker
    assert "notes 5–66 are now notes 6–67" in " ".join(text.split())
    assert re.findall(r"note \d+ is now note \d+", text) == []  # the summary above says it: no 62 lines more
    assert superscripts_after(tmp_path / "out" / "changes.pdf", "21") == ["st"]  # 21^st^ in the changed text


def superscripts_after(path, number: str) -> list[str]:
    """The letters set smaller and raised right after ``number`` (21st: "st"), found by position: a raised
    superscript may be painted after the rest of its line."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = page.chars
            for i in range(len(chars) - len(number)):
                if "".join(c["text"] for c in chars[i:i + len(number)]) != number:
                    continue
                last, letters = chars[i + len(number) - 1], ""
                while True:
                    after = [c for c in chars if abs(c["x0"] - last["x1"]) < 0.5 and c["text"].isalpha()
                             and c["size"] < 0.8 * chars[i]["size"] and last["top"] - 6 < c["top"] <= last["top"]]
                    if not after:
                        break
                    last = after[0]
                    letters += last["text"]
                if letters:
                    found.append(letters)
    return found


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_git_revision_is_read_without_touching_the_working_tree(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(SMALL_CONTENT, repo / "pack")
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    shutil.rmtree(repo / "pack")
    edited_copy(SMALL_CONTENT, repo / "pack", SMALL_EDITS)
    before = {p: p.read_bytes() for p in (repo / "pack").iterdir()}
    result = run("changes", "--content", repo / "pack", "--since", "git:v1", "--out", tmp_path / "out",
                 "--edition", "screen", "-j", "1", "-q")
    assert result.output.count("\n  ") == sum(SMALL_EXPECTED.values()) + 1
    assert {p: p.read_bytes() for p in (repo / "pack").iterdir()} == before
    missing = run("changes", "--content", repo / "pack", "--since", "git:v9", "--out", tmp_path / "out", code=2)
    assert missing.output == f"Error: git:v9: no such revision in the repository of {(repo / 'pack').resolve()}\n"
    outside = run("changes", "--content", SMALL_CONTENT, "--since", "git:v1", "--out", tmp_path / "o2", code=2)
    assert "is not in a git repository" in outside.output or "no such revision" in outside.output
    assert len(outside.output.strip().splitlines()) == 1
    nothing = run("changes", "--content", SMALL_CONTENT, "--since", tmp_path / "nowhere", "--out", tmp_path, code=2)
    assert "not an earlier version (expected a snapshot file" in nothing.output


CHANGED_BLOCKS = ["Rivers cross borders", "Scope of the Dialogue", "The dialogue covers", "Each panel reports",
                  "Groundwater aquifers", "Two panels meet", "Who funds the", "Which courts hear", "Aquifer atlas",
                  "Basin report"]
RENAMED = {"concept-note.pdf": "Panel 2: Settling Disputes", "handout-disputes.pdf": "Settling Disputes"}
UNCHANGED_BLOCKS = ["Purpose", "Format", "Panel 1: Data Sharing", "When do commissions", "Treaty database",
                    "A study of river", "Read the questions"]


def bars(page) -> list[tuple[float, float]]:
    """The vertical extent of each change bar: a rule drawn right of the text column, in the margin."""
    trim_right = 595.28  # x from the trimmed page's left edge in both editions (the print bleed and slug lie at x < 0)
    column_right = trim_right - 62.4  # A4 with 22 mm margins
    found = {(round(r["top"], 1), round(r["bottom"], 1)) for r in page.rects
             if column_right + 3 < r["x1"] < trim_right and r["bottom"] - r["top"] > 5}
    return sorted(found)


def lines_of(page, phrase) -> list[tuple[float, float]]:
    return [(m["top"], m["bottom"]) for m in page.search(phrase, regex=False)]


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    root = tmp_path_factory.mktemp("bars")
    new = edited_copy(SMALL_CONTENT, root / "edited", SMALL_EDITS)
    out = root / "out"
    run("all", "--content", new, "--mark-changes-since", SMALL_CONTENT, "--out", out, "-j", "1", "-q")
    run("note", "--content", new, "--out", root / "plain", "-j", "1", "-q")
    return out, root / "plain"


@pytest.mark.parametrize("document", ["concept-note.pdf", "handout-disputes.pdf", "handout-data-sharing.pdf",
                                      "endnotes.pdf"])
def test_change_bars_beside_each_changed_block_and_no_other(marked, document):
    out, _ = marked
    seen = 0
    with pdfplumber.open(out / document) as pdf:
        for page in pdf.pages:
            page_bars = bars(page)
            phrases = CHANGED_BLOCKS + [RENAMED[document]] if document in RENAMED else CHANGED_BLOCKS
            changed = [line for phrase in phrases for line in lines_of(page, phrase)]
            for line in changed:
                assert any(overlaps(bar, line) for bar in page_bars), (document, page.page_number, line)
            for phrase in UNCHANGED_BLOCKS:
                for line in lines_of(page, phrase):
                    assert not any(overlaps(bar, line) for bar in page_bars), (document, phrase)
            for bar in page_bars:  # and no bar anywhere else
                assert any(overlaps(bar, line) for line in changed), (document, page.page_number, bar)
            seen += len(page_bars)
    assert seen


def test_change_bars_in_print_too_and_none_without_the_option(marked):
    out, plain = marked
    for document in ("concept-note.pdf", "handout-disputes.pdf"):
        with pdfplumber.open(out / document) as screen, pdfplumber.open(out / "print" / document) as paper:
            assert sum(map(len, map(bars, screen.pages))) == sum(map(len, map(bars, paper.pages))) > 0
    with pdfplumber.open(plain / "concept-note.pdf") as pdf:
        assert not any(bars(page) for page in pdf.pages)


def test_changes_has_help_and_needs_since():
    result = run("changes", "--help")
    assert "--since OLD" in result.output and "--group ID" in result.output
    assert "--mark-changes-since OLD" in run("all", "--help").output
    assert "Missing option '--since'" in run("changes", code=2).output


def test_a_damaged_snapshot_is_one_clear_line(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "snapshot.json").write_text('{"format": "briefpack-snapshot/1", "status": "final"}')
    result = run("changes", "--content", SMALL_CONTENT, "--since", tmp_path / "old", "--out", tmp_path / "out",
                 code=2)
    assert result.output.startswith(f"Error: {tmp_path / 'old' / 'snapshot.json'}: not a briefpack snapshot (")
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "out").exists()
