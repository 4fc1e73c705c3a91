"""Faults a hostile operator can cause: a malformed cache, tampered page counts, a full disk in the middle of
replacing, two builds of one folder, interrupts at each phase, and WeasyPrint internals we work around."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from briefpack.build import pipeline
from briefpack.errors import BuildError
from briefpack.output import cache, transaction

from .conftest import ROOT, SMALL_CONTENT, write_pack
from .test_incremental import ALL_SCREEN, CountingRenderer, build


@pytest.fixture
def pack(tmp_path):
    return write_pack(tmp_path / "content"), tmp_path / "out", CountingRenderer()


def snapshot(out):
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".lock" not in p.name}


@pytest.mark.parametrize("garbage", [["x"], [{"path": 5}], [{"path": "endnotes.pdf"}], None, "files", [None],
                                     [{"path": "endnotes.pdf", "sha256": 7}]])
def test_a_cache_with_malformed_files_entries_means_a_rebuild(pack, garbage):
    folder, out, renderer = pack
    build(folder, out, renderer)
    data = json.loads((out / cache.CACHE).read_text())
    data["last"]["files"] = garbage  # the fingerprint stays valid
    (out / cache.CACHE).write_text(json.dumps(data))
    options = pipeline.Options(content=folder, out=out)
    assert pipeline.up_to_date(options) is None
    assert build(folder, out, renderer) == ALL_SCREEN  # no cache is trusted: every output is rebuilt
    assert pipeline.up_to_date(options) is not None  # and the cache is whole again


@pytest.mark.parametrize("change", ["key", "sha256", "extra", "format"])
def test_malformed_output_entries_are_no_cache(pack, change):
    folder, out, renderer = pack
    build(folder, out, renderer)
    data = json.loads((out / cache.CACHE).read_text())
    entry = data["outputs"]["endnotes.pdf"]
    if change == "extra":
        entry["pages"] = 999
    elif change == "format":
        data["format"] = 1
    else:
        entry[change] = [1]
    (out / cache.CACHE).write_text(json.dumps(data))
    found, reason = cache.read(out)
    assert found.last is None and not found.keys and reason and reason.endswith(": rebuilding")


def test_page_counts_come_from_the_files_not_from_the_manifest_or_cache(tmp_path):
    out = tmp_path / "out"
    options = pipeline.Options(content=SMALL_CONTENT, out=out, editions=("print",), jobs=1)
    pipeline.build(options)
    manifest = json.loads((out / "manifest.json").read_text())
    real = {e["path"]: e["pages"] for e in manifest["outputs"]}
    for entry in manifest["outputs"]:
        entry["pages"] = 999 if entry["path"].endswith(".pdf") else entry["pages"]
    (out / "manifest.json").write_text(json.dumps(manifest))
    pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out, editions=("print",), kinds=("endnotes",), jobs=1))
    after = {e["path"]: e["pages"] for e in json.loads((out / "manifest.json").read_text())["outputs"]}
    assert after == real
    assert ",999," not in (out / "print/order.csv").read_text()


@pytest.mark.parametrize("failing_write", [1, 2, 4, 6])
def test_a_full_disk_at_any_write_replaces_nothing(tmp_path, monkeypatch, failing_write):
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out, jobs=1))
    before = snapshot(out)
    edited = write_pack(tmp_path / "edited", pack=(SMALL_CONTENT / "pack.yaml").read_text()
                        .replace("Shared Rivers", "Shared Waters"))  # every document changes
    real_fdopen, calls = os.fdopen, []

    def fdopen(fd, mode="r", *args, **kwargs):
        calls.append(fd)
        if len(calls) == failing_write:
            os.close(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(transaction.os, "fdopen", fdopen)
    with pytest.raises(BuildError, match=r"the output folder's disk is full \(.* needed, .* free\); free some"):
        pipeline.build(pipeline.Options(content=edited, out=out, jobs=1))
    monkeypatch.undo()
    assert snapshot(out) == before  # PDFs, manifest and cache exactly as they were
    assert not list(out.rglob(".briefpack-*"))


def test_a_second_build_of_the_folder_waits_or_fails_at_once(pack):
    folder, out, renderer = pack
    build(folder, out, renderer)
    messages, finished = [], []
    with transaction.folder_lock(out, "a test holding the folder"):
        with pytest.raises(BuildError, match=r"another build is writing to this folder \(process \d+: a test"):
            pipeline.Builder(renderer).build(pipeline.Options(content=folder, out=out, wait=False))
        waiting = threading.Thread(target=lambda: finished.append(pipeline.Builder(renderer).build(
            pipeline.Options(content=folder, out=out), on_wait=messages.append)))
        waiting.start()
        time.sleep(0.5)
        assert not finished and messages and "a test holding the folder" in messages[0]
    waiting.join(10)
    assert finished  # it went on once the folder was free


def test_clean_up_touches_only_leftovers_of_dead_runs(pack):
    folder, out, renderer = pack
    build(folder, out, renderer)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    try:
        live_file = out / f".briefpack-{sleeper.pid}-abc"
        dead_file = out / f".briefpack-{dead.stdout.strip()}-def"
        for leftover in (live_file, dead_file):
            leftover.write_bytes(b"half a PDF")
        build(folder, out, renderer)
        assert live_file.exists() and not dead_file.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


HANG_AT = """
import sys, time, importlib
module, name = sys.argv[1].rsplit(".", 1)
target = importlib.import_module(module)
real = getattr(target, name)
def hang(*args, **kwargs):
    print("hanging", flush=True)
    time.sleep(30)
    return real(*args, **kwargs)
setattr(target, name, hang)
from briefpack.cli.main import run
run(["all", "--edition", "screen", "--content", sys.argv[2], "--out", sys.argv[3], "-j", "1", "--force"])
"""


@pytest.mark.parametrize("point", ["briefpack.build.pipeline.load", "briefpack.pdf.engine.render_job",
                                   "briefpack.output.transaction.commit"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_at_any_phase_exits_130_without_a_summary(tmp_path, point, sig):
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out, jobs=1))
    before = snapshot(out)
    edited = write_pack(tmp_path / "edited", pack=(SMALL_CONTENT / "pack.yaml").read_text()
                        .replace("Shared Rivers", "Shared Waters"))
    process = subprocess.Popen([sys.executable, "-c", HANG_AT, point, str(edited), str(out)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    printed = []
    for line in process.stdout:
        if line.strip() == "hanging":
            break
        printed.append(line)
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Built" not in "".join(printed) + stdout and "Aborted" not in stderr and "Traceback" not in stderr
    assert stderr.strip().endswith("none half-written.")
    assert snapshot(out) == before and not list(out.rglob(".briefpack-*"))


def test_ctrl_c_stops_watch_with_130(tmp_path):
    folder = write_pack(tmp_path / "content")
    process = subprocess.Popen([sys.executable, "build.py", "watch", "--content", str(folder), "--out",
                                str(tmp_path / "out"), "-j", "1"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("Watching"):
            break
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130 and "Traceback" not in stderr


def test_the_page_references_workaround_is_still_needed_and_exact():
    """Fails when pydyf changes ``PDF.page_references``: then the workaround in pdf.py must be revisited."""
    import pydyf

    from briefpack.pdf.renderer import linear_page_references

    original = pydyf.PDF.__dict__["page_references"]
    assert isinstance(original, property)
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references is not pdf.page_references  # rebuilt on every access upstream
    with linear_page_references():
        first = pdf.page_references
        assert pdf.page_references is first and first == original.fget(pdf)
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == original.fget(pdf) and len(pdf.page_references) == 4
    assert pydyf.PDF.__dict__["page_references"] is original


def test_the_print_edition_document_id_comes_from_the_content(small_both):
    """Fails when WeasyPrint stops writing xmpMM:DocumentID the way pdf.with_content_id replaces it."""
    import re
    import uuid

    import pikepdf

    def document_ids(path):
        with pikepdf.open(path) as pdf:
            return re.findall(rb"xmp\.did:([0-9a-f-]{36})", pdf.Root.Metadata.read_bytes())

    out, _ = small_both
    data = (out / "print/endnotes.pdf").read_bytes()
    ids = document_ids(out / "print/endnotes.pdf")
    assert len(ids) == 1 and uuid.UUID(ids[0].decode()).version == 4
    pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out.parent / "again", kinds=("endnotes",),
                                    editions=("print",), jobs=1))
    assert (out.parent / "again" / "print/endnotes.pdf").read_bytes() == data  # the same content, the same id
    assert document_ids(out / "print/concept-note.pdf") not in ([], ids)  # the id is the document's, not a constant
