"""The render workers start safely from a process that runs other threads (the preview's server and watcher)."""

from __future__ import annotations

import threading

from briefpack.build import pipeline
from briefpack.pdf import engine

from . import pdfcheck
from .conftest import SMALL_CONTENT


def test_workers_fork_only_from_a_single_threaded_process():
    assert engine._start_method().get_start_method() == ("fork" if threading.active_count() == 1
                                                         else "forkserver")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert engine._start_method().get_start_method() == "forkserver"
    finally:
        stop.set()
        other.join()


def test_a_build_with_another_thread_running_renders_in_fresh_workers(tmp_path):
    """A thread holding a lock while the workers start: forked, a child could wait on its copy for ever."""
    held = threading.Lock()
    held.acquire()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=tmp_path / "out", jobs=2,
                                        kinds=("concept-note", "endnotes")))
    finally:
        stop.set()
        other.join()
        held.release()
    assert "Purpose" in pdfcheck.words(tmp_path / "out" / "concept-note.pdf")
