"""Incremental builds (what is rebuilt when), the warm pool, progress output, and watch mode."""

from __future__ import annotations

import json
import queue
import re
import subprocess
import sys
import threading
import time

import pytest

from briefpack.build import pipeline
from briefpack.errors import BuildError
from briefpack.output import cache

from .conftest import ROOT, SMALL_CONTENT, write_pack


class CountingRenderer:
    """A stand-in renderer that records what it is asked to render (pipeline logic only, no WeasyPrint)."""

    def __init__(self):
        self.rendered = []

    def render(self, html, stylesheets, what, sources=None, edition=None, pad_to=1, epoch=None, strict=True):
        import hashlib
        from io import BytesIO

        import pypdf

        from briefpack.pdf.renderer import RenderedPdf

        self.rendered.append(what)
        writer = pypdf.PdfWriter()
        for _ in range(pad_to):
            writer.add_blank_page(420, 595)
        writer.add_metadata({"/Subject": hashlib.sha256(html.encode()).hexdigest()})
        data = BytesIO()
        writer.write(data)
        return RenderedPdf(data.getvalue(), pad_to)


def build(folder, out, renderer, **options):
    renderer.rendered.clear()
    pipeline.Builder(renderer).build(pipeline.Options(content=folder, out=out, **options))
    return sorted(renderer.rendered)


@pytest.fixture
def pack(tmp_path):
    return write_pack(tmp_path / "content"), tmp_path / "out", CountingRenderer()


ALL_SCREEN = ["concept-note.pdf", "endnotes.pdf", "handout-data-sharing.pdf", "handout-disputes.pdf"]


def test_second_build_renders_nothing(pack):
    folder, out, renderer = pack
    assert build(folder, out, renderer) == ALL_SCREEN
    assert build(folder, out, renderer) == []


def test_editing_one_question_rebuilds_the_concept_note_and_that_handout(pack):
    folder, out, renderer = pack
    build(folder, out, renderer, editions=("screen", "print"))
    groups = (folder / "groups.yaml").read_text().replace("When do commissions work?", "When do they work?")
    (folder / "groups.yaml").write_text(groups)
    assert build(folder, out, renderer, editions=("screen", "print")) == [
        "concept-note.pdf", "handout-disputes.pdf", "print/booklet-handout-disputes.pdf",
        "print/concept-note.pdf", "print/handout-disputes.pdf"]


def test_editing_a_note_rebuilds_only_the_documents_that_print_it(pack):
    folder, out, renderer = pack
    build(folder, out, renderer)
    notes = (folder / "notes.yaml").read_text().replace("A study of river commissions", "A review of commissions")
    (folder / "notes.yaml").write_text(notes)
    assert build(folder, out, renderer) == ["concept-note.pdf", "endnotes.pdf", "handout-disputes.pdf"]


def test_a_new_citation_that_renumbers_rebuilds_every_document_showing_numbers(pack):
    folder, out, renderer = pack
    build(folder, out, renderer)
    concept = (folder / "concept-note.yaml").read_text().replace("Rivers cross borders.[^basin-report]",
                                                                   "Rivers cross borders.[^commission-study]")
    (folder / "concept-note.yaml").write_text(concept)
    assert build(folder, out, renderer) == ALL_SCREEN


def test_styles_templates_and_versions_invalidate(pack, tmp_path, monkeypatch):
    folder, out, renderer = pack
    build(folder, out, renderer)
    monkeypatch.setattr(cache, "tree_digest", lambda folder, exclude=None: "other styles")
    assert build(folder, out, renderer) == ALL_SCREEN
    monkeypatch.setattr(cache, "versions", lambda: "weasyprint 71.0")
    assert build(folder, out, renderer) == ALL_SCREEN


def test_force_missing_or_corrupt_cache_and_tampered_outputs_rebuild(pack):
    folder, out, renderer = pack
    build(folder, out, renderer)
    assert build(folder, out, renderer, force=True) == ALL_SCREEN
    (out / cache.CACHE).write_text("{corrupt")
    assert build(folder, out, renderer) == ALL_SCREEN
    (out / cache.CACHE).unlink()
    assert build(folder, out, renderer) == ALL_SCREEN
    (out / "endnotes.pdf").write_bytes(b"edited by hand")  # no longer what the build wrote: replaced on request
    with pytest.raises(BuildError, match=r"endnotes\.pdf: not written by briefpack, or changed since"):
        build(folder, out, renderer)
    assert build(folder, out, renderer, overwrite=True) == ["endnotes.pdf"]
    (out / "endnotes.pdf").write_bytes((out / "concept-note.pdf").read_bytes())  # a valid PDF, but not its own
    assert build(folder, out, renderer, overwrite=True) == ["endnotes.pdf"]
    (out / "handout-disputes.pdf").unlink()
    assert build(folder, out, renderer) == ["handout-disputes.pdf"]


def test_an_unchanged_build_rewrites_no_file(pack):
    folder, out, renderer = pack
    build(folder, out, renderer)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    time.sleep(0.01)
    build(folder, out, renderer)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_quick_check_sees_every_input(pack):
    folder, out, renderer = pack
    options = pipeline.Options(content=folder, out=out)
    pipeline.Builder(renderer).build(options)
    assert pipeline.up_to_date(options) is not None
    assert pipeline.up_to_date(pipeline.Options(content=folder, out=out, editions=("print",))) is None
    (folder / "assets").mkdir()
    (folder / "assets" / "map.png").write_bytes(b"png")
    assert pipeline.up_to_date(options) is None
    pipeline.Builder(renderer).build(options)
    (out / "endnotes.pdf").write_bytes(b"edited")
    assert pipeline.up_to_date(options) is None


def run_cli(*args):
    return subprocess.run([sys.executable, "build.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True)


def test_parallel_build_progress_and_summary(tmp_path):
    out = tmp_path / "out"
    result = run_cli("all", "--content", SMALL_CONTENT, "--out", out, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == 10 and progress[-1].startswith("[10/10]")
    assert all(" s" in line and re.search(r" \d+ (page|side)s? ", line) for line in progress)  # "1 page"
    assert "\r" not in result.stdout and "\x1b" not in result.stdout  # clean when piped
    assert lines[-1].startswith("Built 10, unchanged 0 of 10 PDFs")
    again = run_cli("all", "--content", SMALL_CONTENT, "--out", out, "-v")
    assert again.stdout.startswith("Up to date: nothing changed since the last build (10 PDFs)")
    quiet = run_cli("all", "--content", SMALL_CONTENT, "--out", out, "--force", "-q", "--jobs", "2")
    assert quiet.returncode == 0 and quiet.stdout == ""
    verbose = run_cli("note", "--content", SMALL_CONTENT, "--out", out, "--force", "-v")
    assert "stages: load " in verbose.stdout and "render " in verbose.stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert len([e for e in manifest["outputs"] if e["path"].endswith(".pdf")]) == 10


def test_parallel_and_serial_builds_give_the_same_bytes(tmp_path):
    for jobs in ("1", "2"):
        assert run_cli("all", "--content", SMALL_CONTENT, "--out", tmp_path / jobs, "--jobs", jobs).returncode == 0
    for path in (tmp_path / "1").rglob("*.pdf"):
        assert path.read_bytes() == (tmp_path / "2" / path.relative_to(tmp_path / "1")).read_bytes(), path


class Lines:
    """Lines of a running process's output, read in the background."""

    def __init__(self, stream):
        self.queue: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.queue.put(line) for line in stream], daemon=True).start()

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"never saw {text!r}; saw:\n{''.join(self.seen)}")


def test_watch_rebuilds_on_save_and_survives_errors(tmp_path):
    folder = write_pack(tmp_path / "content")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "build.py", "watch", "--content", str(folder), "--out", str(out),
                                "--jobs", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        lines = Lines(process.stdout)
        lines.wait_for("Watching")
        assert (out / "handout-disputes.pdf").exists()
        good = (out / "handout-disputes.pdf").read_bytes()

        groups = folder / "groups.yaml"
        groups.write_text(groups.read_text().replace("When do commissions work?", "When do they work?"))
        saved = time.monotonic()
        line = lines.wait_for("Rebuilt")
        assert "Rebuilt 2 (" in line and "concept-note.pdf" in line and "handout-disputes.pdf" in line
        assert time.monotonic() - saved < 30
        assert (out / "handout-disputes.pdf").read_bytes() != good

        groups.write_text(groups.read_text().replace("    number: 2", "    numbr: 2"))
        lines.wait_for("unknown field 'numbr' in a working group (did you mean 'number'?)")
        lines.wait_for("The last good PDFs are kept")
        assert process.poll() is None

        groups.write_text(groups.read_text().replace("    numbr: 2", "    number: 2"))
        line = lines.wait_for("Rebuilt")
        assert "unchanged 4" in line  # the fix restores what the PDFs already show
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_complete_build_removes_outputs_of_a_group_that_is_gone(pack):
    folder, out, renderer = pack
    build(folder, out, renderer, editions=("screen", "print"))
    assert (out / "handout-disputes.pdf").exists() and (out / "print/booklet-handout-disputes.pdf").exists()
    (folder / "groups.yaml").write_text((folder / "groups.yaml").read_text().replace("id: disputes", "id: debates"))
    build(folder, out, renderer, kinds=("handout",))  # a partial build keeps what it did not make
    assert (out / "handout-disputes.pdf").exists()
    build(folder, out, renderer, editions=("screen", "print"))
    paths = {e["path"] for e in json.loads((out / "manifest.json").read_text())["outputs"]}
    assert "handout-debates.pdf" in paths and "print/booklet-handout-debates.pdf" in paths
    assert not any("disputes" in p for p in paths)
    assert not (out / "handout-disputes.pdf").exists() and not (out / "print/handout-disputes.pdf").exists()
    assert "disputes" not in (out / "print/order.csv").read_text()
