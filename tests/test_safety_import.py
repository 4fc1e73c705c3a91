"""`briefpack import` never destroys, and does work linear in its input.

--force replaces only an empty folder or a pack folder; the swap keeps the previous pack whole at every instant
(failures and interrupts injected at each rename, signals sent mid-swap) and the message says where each pack
is; the importers' patterns and joins are linear (growth measured with CPU time across input sizes, and
importer lines executed counted with a tracer, so no wall-clock limit is involved)."""

from __future__ import annotations

import errno
import importlib
import os
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpack.cli.main import main
from briefpack.importer import ids, markdown, meta
from briefpack.importer.draft import Draft, FrontMatter, Piece, Section
from briefpack.importer.language import detect

from .importhelpers import DATA, import_to, many_notes_docx

SOURCE = DATA / "seed.md"
run_module = importlib.import_module("briefpack.importer.run")  # the module: the package exports its function


def invoke(*args):
    return CliRunner().invoke(main, ["import", *map(str, args)])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links not followed), by relative path: compared byte for byte."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[str(path.relative_to(folder))] = path.read_bytes()
    return files


def old_pack(folder: Path) -> dict[str, bytes]:
    """A pack as organisers have one: imported, then given a roster, an image and templates of its own. Imported
    before re-imports were merged (no record of the import in it): --force replaces it whole, through the swap."""
    import_to(DATA / "nostyles.docx", folder)
    shutil.rmtree(folder / ".briefpack")
    (folder / "participants.csv").write_text("name,organisation\nAda Lovelace,Analytical\n")
    (folder / "assets").mkdir(exist_ok=True)
    (folder / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "templates").mkdir()
    (folder / "templates" / "handout.html").write_text("<p>{{ title }}</p>\n")
    return snapshot(folder)


def one_error_line(result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


# --- --force replaces only an empty folder or a pack ---------------------------------------------------------


def test_force_refuses_a_folder_that_is_not_a_pack_and_then_replaces_the_pack(tmp_path):
    dest = tmp_path / "pack"
    dest.mkdir()
    (dest / "notes.docx").write_bytes(b"PK\x03\x04 a Word file")
    (dest / "mine.txt").write_text("keep me")
    before = snapshot(dest)
    line = one_error_line(invoke(SOURCE, "--to", dest, "--force"))
    assert line.startswith(f"Error: {dest}:1:1: holds mine.txt and no pack.yaml: not replaced (--force replaces "
                           "only an empty folder or a pack folder: ")
    assert snapshot(dest) == before and sorted(p.name for p in tmp_path.iterdir()) == ["pack"]
    line = one_error_line(invoke(SOURCE, "--to", dest))
    assert line == (f"Error: {dest}:1:1: folder is not empty: it holds mine.txt and no pack.yaml (expected a new "
                    "or empty folder)")
    shutil.rmtree(dest)
    old_pack(dest)
    (dest / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # what file browsers leave, and `briefpack schema` writes
    (dest / ".schemas").mkdir(exist_ok=True)  # an imported pack has its schemas already
    (dest / ".schemas" / "pack.schema.json").write_text("{}")
    result = invoke(SOURCE, "--to", dest, "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dest.iterdir()) == [".briefpack", ".schemas", "concept-note.yaml", "groups.yaml",
                                                      "notes.yaml", "pack.yaml", "questions.yaml"]
    assert (dest / ".schemas" / "pack.schema.json").read_text() != "{}"  # the import's own schemas
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # no backup or temporary folder left


@pytest.mark.parametrize("where", [".git", ".hg", ".svn", "assets/.git"])
def test_force_never_replaces_version_control(tmp_path, where):
    dest = tmp_path / "pack"
    old_pack(dest)
    (dest / where).mkdir(parents=True)
    (dest / where / "HEAD").write_text("ref: refs/heads/main\n")
    before = snapshot(dest)
    line = one_error_line(invoke(SOURCE, "--to", dest, "--force"))
    name = where.split("/")[-1]
    assert f"Error: {dest}:1:1: holds " in line and f"{where}/" in line and "not replaced" in line, line
    assert name in line
    assert snapshot(dest) == before


@pytest.mark.parametrize("foreign, shown", [("concept.docx", "concept.docx"), ("dist/handout.pdf", "dist/"),
                                            ("TODO", "TODO")])
def test_force_refuses_a_pack_holding_a_foreign_file(tmp_path, foreign, shown):
    dest = tmp_path / "pack"
    old_pack(dest)
    (dest / foreign).parent.mkdir(parents=True, exist_ok=True)
    (dest / foreign).write_bytes(b"not the importer's")
    before = snapshot(dest)
    line = one_error_line(invoke(SOURCE, "--to", dest, "--force"))
    assert line.startswith(f"Error: {dest}:1:1: holds {shown}, which is not part of a pack: not replaced"), line
    assert snapshot(dest) == before


def test_force_never_deletes_the_source(tmp_path):
    dest = tmp_path / "pack"
    old_pack(dest)
    source = dest / "assets" / "concept-note.md"
    shutil.copyfile(SOURCE, source)
    before = snapshot(dest)
    line = one_error_line(invoke(source, "--to", dest, "--force"))
    assert line.startswith(f"Error: {dest}:1:1: holds the source being imported, {source}: not replaced"), line
    assert snapshot(dest) == before


def test_the_current_folder_is_never_replaced(tmp_path, monkeypatch):
    dest = tmp_path / "pack"
    before = old_pack(dest)
    monkeypatch.chdir(dest)
    line = one_error_line(invoke(SOURCE, "--to", ".", "--force"))
    assert line == (f"Error: {dest}:1:1: is the folder the command runs in, or holds it (replacing it would leave "
                    "the shell in a deleted folder: run the import from the folder above, with --to NAME)")
    assert snapshot(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # nothing left beside it either


def test_a_link_is_not_a_destination(tmp_path):
    target = tmp_path / "elsewhere"
    before = old_pack(target)
    (tmp_path / "link").symlink_to(target)
    line = one_error_line(invoke(SOURCE, "--to", tmp_path / "link", "--force"))
    assert line == (f"Error: {tmp_path / 'link'}:1:1: is a symbolic link (expected a real folder: give the folder "
                    f"it points to, {target})")
    assert (tmp_path / "link").is_symlink() and snapshot(target) == before


# --- the swap: the previous pack is whole at every instant, and the message says where --------------------------


def where_the_previous_pack_is(message: str) -> Path:
    match = re.search(r"the previous pack is at (\S+?)(?:;| and | \(|$)", message)
    assert match, message
    return Path(match.group(1))


@pytest.fixture
def fresh(tmp_path_factory):
    """The files an import of the seed writes, for comparison."""
    folder = tmp_path_factory.mktemp("fresh") / "pack"
    import_to(SOURCE, folder)
    return snapshot(folder)


@pytest.mark.parametrize("failure", [KeyboardInterrupt, lambda: OSError(errno.EXDEV, "Invalid cross-device link")])
@pytest.mark.parametrize("after", [False, True], ids=["before-the-rename", "just-after-the-rename"])
@pytest.mark.parametrize("nth", [1, 2])
def test_a_failure_at_each_rename_loses_nothing(tmp_path, monkeypatch, fresh, failure, after, nth):
    dest = tmp_path / "pack"
    before = old_pack(dest)
    real_rename, real_replace = os.rename, os.replace
    calls = []

    def failing(real):
        def rename(src, dst, *args, **kwargs):
            calls.append((src, dst))
            if len(calls) != nth:
                return real(src, dst, *args, **kwargs)
            if after:
                real(src, dst, *args, **kwargs)
            raise failure()
        return rename

    monkeypatch.setattr(os, "rename", failing(real_rename))
    monkeypatch.setattr(os, "replace", failing(real_replace))
    result = invoke(SOURCE, "--to", dest, "--force")
    monkeypatch.undo()
    interrupted = failure is KeyboardInterrupt
    line = one_error_line(result, 130 if interrupted else 1)
    assert line.startswith("Error: import interrupted: " if interrupted else f"Error: {dest}: the new pack could "
                           "not be put in place (Invalid cross-device link); "), line
    held = where_the_previous_pack_is(line)
    assert snapshot(held) == before, line  # every file of the previous pack, byte for byte, where it says
    if f"the new pack is at {dest}" in line:
        assert snapshot(dest) == fresh
    else:
        assert held == dest, line
    others = sorted(p.name for p in tmp_path.iterdir() if p not in (dest, held))
    assert others == [], (others, line)  # no temporary folder left, nothing the message does not name


def test_an_interrupt_while_the_backup_is_deleted_says_so(tmp_path, monkeypatch, fresh):
    dest = tmp_path / "pack"
    before = old_pack(dest)

    def interrupted(path, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "rmtree", interrupted)
    result = invoke(SOURCE, "--to", dest, "--force")
    monkeypatch.undo()
    backup = tmp_path / "pack.before-import"
    assert one_error_line(result, 130) == (f"Error: import interrupted: the new pack is at {dest}; the previous pack "
                                           f"at {backup} was being deleted and may be incomplete (delete the rest)")
    assert snapshot(backup) == before and snapshot(dest) == fresh


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_the_swap_waits_for_both_renames(tmp_path, monkeypatch, fresh, signum):
    """A real signal, sent to the main thread as the first rename starts: it is held until the new pack is in
    place, so no instant leaves the destination without a pack."""
    dest = tmp_path / "pack"
    before = old_pack(dest)
    real_rename = os.rename
    sent = []

    def rename(src, dst, *args, **kwargs):
        if not sent and Path(src) == dest:
            sent.append(signum)
            signal.pthread_kill(threading.main_thread().ident, signum)
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", rename)
    result = invoke(SOURCE, "--to", dest, "--force")
    monkeypatch.undo()
    backup = tmp_path / "pack.before-import"
    assert sent and one_error_line(result, 130) == (
        f"Error: import interrupted: the new pack is at {dest}; the previous pack is at {backup} (delete it when "
        "you no longer need it)")
    assert snapshot(backup) == before and snapshot(dest) == fresh


def test_a_backup_left_by_an_earlier_crash_is_kept(tmp_path, monkeypatch, fresh):
    dest = tmp_path / "pack"
    before = old_pack(dest)
    earlier = tmp_path / "pack.before-import"
    earlier.mkdir()
    (earlier / "pack.yaml").write_text("series: kept\n")

    def interrupted(path, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "rmtree", interrupted)
    result = invoke(SOURCE, "--to", dest, "--force")
    monkeypatch.undo()
    backup = tmp_path / "pack.before-import-2"
    assert one_error_line(result, 130).startswith(f"Error: import interrupted: the new pack is at {dest}; the "
                                                  f"previous pack at {backup} was being deleted")
    assert snapshot(backup) == before and snapshot(earlier) == {"pack.yaml": b"series: kept\n"}


def test_an_interrupt_before_the_swap_says_nothing_was_written(tmp_path, monkeypatch):
    dest = tmp_path / "pack"
    before = old_pack(dest)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "_check", interrupted)
    line = one_error_line(invoke(SOURCE, "--to", dest, "--force"), 130)
    assert line == f"Error: import interrupted: nothing was written to {dest}"
    assert snapshot(dest) == before and sorted(p.name for p in tmp_path.iterdir()) == ["pack"]


# --- linear time ----------------------------------------------------------------------------------------------


def cpu_seconds(work, argument) -> float:
    started = time.process_time()
    work(argument)
    return time.process_time() - started


def assert_linear(work, make, size: int, factor: int = 8, slack: float = 3.0) -> None:
    """``work(make(factor * size))`` takes at most ``slack * factor`` times ``work(make(size))``, in CPU time:
    linear work grows ``factor`` times, quadratic work ``factor²`` times (64 against a bound of 24). The small
    size is timed at its best of five; the large one passes at its first run under the bound (best of three)."""
    small_input, large_input = make(size), make(factor * size)
    small = max(min(cpu_seconds(work, small_input) for _ in range(5)), 0.002)
    large = [cpu_seconds(work, large_input)]
    while large[-1] > slack * factor * small and len(large) < 3:
        large.append(cpu_seconds(work, large_input))
    assert min(large) <= slack * factor * small, (small, large)


def repeat(unit: str):
    return lambda size: unit * (size // len(unit))


@pytest.mark.parametrize("unit", ["[", "[a](x", "[^", "<http:", "<span "])
def test_markdown_inline_rewriting_is_linear(unit):
    assert_linear(lambda text: markdown.inline(text, calls=True), repeat(unit), 25_000)


@pytest.mark.parametrize("unit", ["![", "![a](x"])
def test_markdown_image_pattern_is_linear(unit):
    assert_linear(lambda text: markdown.IMAGE_RE.sub("", text), repeat(unit), 25_000)


@pytest.mark.parametrize("unit", ["<http:", "](http:", "](http:x](http:"])
def test_link_count_pattern_is_linear(unit):
    assert_linear(lambda text: run_module.LINK_RE.findall(text), repeat(unit), 25_000)


@pytest.mark.parametrize("make", [repeat("Abc "), repeat("["), repeat("x 2001 ")],
                         ids=["names", "brackets", "bare-years"])
def test_note_ids_are_linear(make):
    assert_linear(lambda text: ids.base_id(text + "x (2001)"), make, 4_000)


def test_capitals_before_a_year_do_not_make_note_ids_exponential():
    """Fourteen capitalised words and a lowercase one before a year took 12 s (each word could be read two ways
    as a name, and every way was tried): now 200 such ids cost no more than 20 times 200 ids of lowercase words
    (the hostile loop stops as soon as it is over that bound)."""
    def cpu(text, bound=float("inf")):
        started = time.process_time()
        for _ in range(200):
            ids.base_id(text)
            if time.process_time() - started > bound:
                break
        return time.process_time() - started
    bound = 20 * max(min(cpu("abc " * 14 + "x (2001)") for _ in range(3)), 0.002)
    assert cpu("ABC " * 14 + "x (2001)", bound) <= bound


def test_the_host_and_co_organisers_are_found_in_linear_time():
    def pack_meta(text):
        meta.pack_meta("1st Forum on Rivers: Water", FrontMatter(),
                       Draft("s.md", "line", {}, [Section("s", "S", 1, [Piece(text)])], None, [], [], []),
                       detect(text))
    assert_linear(pack_meta, repeat("hosted by x co-organised by y "), 25_000)


def test_joining_paragraphs_is_linear(tmp_path):
    """Paragraphs cut by page breaks and a long quotation: each joined once, not by adding to a growing string."""
    def source(size):
        cut = [line for _ in range(size // 80) for line in ("a paragraph cut by a page break, and", "")]
        quotation = [line for _ in range(size // 80) for line in ("> a quotation's paragraph.", ">")]
        return "\n".join(["# Title", "", "## Part", "", *cut, *quotation]) + "\n"

    def read(text):
        path = tmp_path / "note.md"
        path.write_text(text)
        markdown.read(path, "note.md")
    assert_linear(read, source, 100_000, factor=4, slack=2.5)


def count_importer_lines(work) -> int:
    """Lines of briefpack/importer executed by ``work()``: a measure of the importer's own work that does not
    depend on the machine or its load."""
    folder = str(Path(markdown.__file__).parent)
    count = 0

    def line_tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return line_tracer

    def call_tracer(frame, event, arg):
        return line_tracer if frame.f_code.co_filename.startswith(folder) else None

    sys.settrace(call_tracer)
    threading.settrace(call_tracer)
    try:
        work()
    finally:
        sys.settrace(None)
        threading.settrace(None)  # type: ignore[arg-type]
    return count


def test_the_importers_own_work_per_word_note_is_bounded(tmp_path, monkeypatch):
    """Four times the notes, at most five times the importer's lines (quadratic steps, such as numbering each
    Word note by counting the notes before it, gave 10,000 notes 13 s)."""
    monkeypatch.setattr(run_module, "_check", lambda *args: [])  # the pack's validator is not the importer

    def lines(count):
        source = many_notes_docx(tmp_path / f"n{count}.docx", count)
        return count_importer_lines(lambda: import_to(source, tmp_path / f"pack{count}"))
    small, large = lines(300), lines(1200)
    assert large <= 5 * small, (small, large)


def test_many_notes_with_one_text_get_ids_in_linear_work(tmp_path, monkeypatch):
    """Notes whose ids would be the same: numbered -2, -3... from where the count stopped, not from 2 each time."""
    def source(count):
        path = tmp_path / f"same{count}.md"
        calls = " ".join(f"Text.[^{n}]" for n in range(1, count + 1))
        notes = "\n".join(f"[^{n}]: UNEP (2016), the same report." for n in range(1, count + 1))
        path.write_text(f"# 1st Forum on Rivers: Water\n\n## Background\n\n{calls}\n\n{notes}\n")
        return path
    monkeypatch.setattr(run_module, "_check", lambda *args: [])
    small = count_importer_lines(lambda: import_to(source(250), tmp_path / "p1"))
    large = count_importer_lines(lambda: import_to(source(1000), tmp_path / "p2"))
    assert large <= 5 * small, (small, large)


def test_many_sections_with_one_title_get_ids_in_linear_work(tmp_path, monkeypatch):
    def source(count):
        path = tmp_path / f"sections{count}.md"
        sections = "".join("## Background\n\nText.\n\n" for _ in range(count))
        path.write_text(f"# 1st Forum on Rivers: Water\n\n{sections}")
        return path
    monkeypatch.setattr(run_module, "_check", lambda *args: [])
    small = count_importer_lines(lambda: import_to(source(250), tmp_path / "p1"))
    large = count_importer_lines(lambda: import_to(source(1000), tmp_path / "p2"))
    assert large <= 5 * small, (small, large)
