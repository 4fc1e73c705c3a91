"""Rendering backends: one warm renderer in this process, or a pool of warm worker processes (one per core).

A worker keeps its renderer (one FontConfiguration, stylesheets parsed once) from job to job, and makes a new
one only when the styles change (watch mode). Each finished PDF is staged by the worker that made it (written
to a hidden temporary file in the output folder), so that no process holds more than the document it renders;
the parent renames the staged files once every job is done."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..content.paths import Paths
from ..kinds.editions import Edition
from ..kinds.outputs import OutputSpec
from ..output.transaction import Staged, stage
from ..problems import Loc
from ..text.qr_codes import resolve

if TYPE_CHECKING:  # WeasyPrint loads in the process that renders (see _init_worker)
    from .renderer import PdfRenderer


@dataclass(frozen=True)
class Job:
    spec: OutputSpec
    html: str
    sources: dict[str, Loc]  # {asset URI: content location}, for error messages
    epoch: int  # the source date, for reproducible font subsets
    out: Path  # staged into this folder
    owner: int  # the build's process id, in the staged file's name
    strict: bool = True  # problems that may be warnings (a low-resolution image) fail the build

    @property
    def cost(self) -> int:
        return len(self.html)  # longest first keeps the cores busy to the end


@dataclass(frozen=True)
class Done:
    spec: OutputSpec
    staged: Staged
    pages: int
    seconds: float
    warnings: tuple[str, ...] = ()  # found while rendering (without --no-strict they are errors instead)


@dataclass(frozen=True)
class HtmlJob:
    """A document that is no output of its own (the name boxes stamped on personal handouts): HTML in, PDF out."""

    html: str
    stylesheets: tuple[str, ...]
    what: str  # names it in error messages
    edition: Edition
    epoch: int


class Rendered(Protocol):  # renderer.RenderedPdf, or what a test's renderer returns (warnings optional)
    @property
    def data(self) -> bytes: ...

    @property
    def pages(self) -> int: ...


class Renderer(Protocol):
    def render(self, html: str, stylesheets: Sequence[str], what: str, sources: dict[str, Loc] | None = None,
               edition: Edition | None = None, pad_to: int = 1, epoch: int | None = None,
               strict: bool = True) -> Rendered: ...


def render_job(renderer: Renderer, job: Job) -> Done:
    """One output: rendered in its edition, padded, imposed when it is a booklet, and staged."""
    started = time.perf_counter()
    spec = job.spec
    # Layout makes millions of short-lived objects; the cyclic collector walking them costs 15-20 % of the
    # time. One document's garbage is bounded, and is collected once the collector is back on.
    collecting = gc.isenabled()
    gc.disable()
    try:
        pdf = renderer.render(resolve(job.html), spec.stylesheets, spec.path, job.sources, spec.edition,
                              spec.pad_to, job.epoch, job.strict)
    finally:
        if collecting:
            gc.enable()
    data, pages = pdf.data, pdf.pages
    if spec.booklet or spec.edition.printer_marks:
        from .imposition import impose_booklet, marked_pdf  # pikepdf: only where a print file is made
        if spec.booklet:
            data, pages = impose_booklet(data, marks=spec.edition.printer_marks)
        else:
            data = marked_pdf(data)
    staged = stage(job.out, spec.path, data, job.owner, private=spec.kind.shows_people)  # names: 0600 at once
    return Done(spec, staged, pages, time.perf_counter() - started, tuple(getattr(pdf, "warnings", ())))


def render_html_job(renderer: Renderer, job: HtmlJob) -> bytes:
    return bytes(renderer.render(job.html, job.stylesheets, job.what, None, job.edition, 1, job.epoch).data)


class Backend(Protocol):
    paths: Paths  # the one pack whose templates, styles and assets it renders with

    def run(self, jobs: list[Job], styles_key: str) -> Iterator[Done]: ...

    def render_html(self, jobs: list[HtmlJob], styles_key: str) -> list[bytes]: ...

    def close(self) -> None: ...


class InProcess:
    """Renders here, with one renderer kept warm across builds until the styles change."""

    def __init__(self, paths: Paths, renderer: Renderer | None = None):
        self.paths = paths
        self.renderer = renderer
        self.styles_key = None if renderer is None else "given"

    def run(self, jobs: list[Job], styles_key: str) -> Iterator[Done]:
        renderer = self._renderer(styles_key)
        for job in jobs:
            yield render_job(renderer, job)

    def render_html(self, jobs: list[HtmlJob], styles_key: str) -> list[bytes]:
        return [render_html_job(self._renderer(styles_key), job) for job in jobs]

    def _renderer(self, styles_key: str) -> Renderer:
        if self.renderer is None or self.styles_key not in ("given", styles_key):
            from .renderer import PdfRenderer
            self.renderer = PdfRenderer(self.paths)
            self.styles_key = styles_key
        return self.renderer

    def close(self) -> None:
        pass


@dataclass
class _WorkerState:  # one per worker process
    paths: Paths | None = None
    renderer: PdfRenderer | None = None
    styles_key: str | None = None


_worker = _WorkerState()


def _init_worker(paths: Paths, styles_key: str | None) -> None:
    """Warm up while the parent prepares the jobs: import WeasyPrint, load the fonts, parse the shared CSS."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker.paths = paths
    if styles_key is not None:
        from .renderer import PdfRenderer
        renderer = _worker.renderer = PdfRenderer(paths)
        _worker.styles_key = styles_key
        try:
            renderer.stylesheet("base.css")
        except (Exception, renderer.fatal):
            # A pack's base.css the door refuses: the first job asks again and reports it (an initializer that
            # raises would make the pool start new workers forever).
            pass
    gc.freeze()  # what was loaded so far (WeasyPrint, fonts, CSS) lives as long as the worker: stop scanning it


def _work(item: tuple[Job, str]) -> Done:
    job, styles_key = item
    return render_job(_warm_renderer(styles_key), job)


def _work_html(item: tuple[HtmlJob, str]) -> bytes:
    job, styles_key = item
    return render_html_job(_warm_renderer(styles_key), job)


def _warm_renderer(styles_key: str) -> PdfRenderer:
    if _worker.styles_key != styles_key or _worker.renderer is None:
        from .renderer import PdfRenderer
        assert _worker.paths is not None, "a worker's initializer sets its paths"
        _worker.renderer = PdfRenderer(_worker.paths)
        _worker.styles_key = styles_key
    return _worker.renderer


def _start_method() -> multiprocessing.context.BaseContext:
    """fork (cheap: the workers start with what this process has loaded) when this process runs one thread;
    forkserver when others run (the preview's server and watcher): a forked child gets a copy of every lock
    another thread holds at that instant, and can wait on one of them forever."""
    if threading.active_count() > 1:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("fork")


class Pool:
    """Worker processes, started once and kept warm; memory is bounded by their number."""

    def __init__(self, paths: Paths, processes: int, styles_key: str | None = None):
        self.paths = paths
        self.processes = processes
        context = _start_method()
        self.pool: multiprocessing.pool.Pool | None = context.Pool(processes, initializer=_init_worker,
                                                                   initargs=(paths, styles_key))

    def run(self, jobs: list[Job], styles_key: str) -> Iterator[Done]:
        ordered = sorted(jobs, key=lambda job: -job.cost)
        assert self.pool is not None, "a closed pool runs nothing"
        try:
            yield from self.pool.imap_unordered(_work, [(job, styles_key) for job in ordered])
        except BaseException:
            self.close()
            raise

    def render_html(self, jobs: list[HtmlJob], styles_key: str) -> list[bytes]:
        """Each job's PDF, in order, rendered in parallel by the warm workers."""
        assert self.pool is not None, "a closed pool runs nothing"
        try:
            return list(self.pool.map(_work_html, [(job, styles_key) for job in jobs], chunksize=1))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
