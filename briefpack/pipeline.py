"""The only caller of the stages: load -> validate -> number -> render -> pdf -> write."""

from __future__ import annotations

import contextlib
import datetime
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import citations, documents, fonts, output, printrun, qrcodes, render
from .citations import Numbering
from .documents import OutputSpec
from .errors import BuildError, ContentError
from .model import Pack
from .options import Options
from .paths import uri_path
from .validate import load_pack


@dataclass(frozen=True)
class Loaded:
    pack: Pack
    numbering: Numbering
    warnings: tuple = field(default=())

    @property
    def source_moment(self) -> datetime.datetime:
        """The date every PDF records: SOURCE_DATE_EPOCH when set, else the pack's date (or 1 January of its
        year), so that the same content always gives the same bytes."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        day = datetime.date.fromisoformat(self.pack.meta.date or f"{self.pack.meta.year}-01-01")
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)

    @property
    def source_date(self) -> str:
        return self.source_moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def source_epoch(self) -> int:
        return int(self.source_moment.timestamp())


def load(options: Options) -> Loaded:
    """Everything known before rendering: the pack, its numbering and the content lint."""
    pack, problems, broken = load_pack(options.paths.content)
    numbering = citations.number_notes(pack)
    errors, warnings = citations.lint(pack, numbering, options.paths.assets, options.html_as_text,
                                      check_keys="notes.yaml" not in broken)
    errors += fonts.coverage_problems(pack, options.paths.styles)  # what the renderer could only show as .notdef
    if problems:  # "cited nowhere" would only echo the structural problems
        warnings = []
    if options.strict:
        errors, warnings = errors + warnings, []
    if errors or problems:
        raise ContentError(problems.items + errors)
    return Loaded(pack, numbering, tuple(warnings))


class UnknownGroup(Exception):
    def __init__(self, unknown: list, valid: list):
        self.unknown, self.valid = unknown, valid
        super().__init__(f"unknown group {', '.join(unknown)} (valid: {', '.join(valid)})")


def plan(loaded: Loaded, options: Options) -> list[OutputSpec]:
    valid = [g.id for g in loaded.pack.groups]
    unknown = [g for g in options.groups or () if g not in valid]
    if unknown:
        raise UnknownGroup(unknown, valid)
    return documents.plan(loaded.pack, options.kinds, options.groups, options.editions)


def html_for(loaded: Loaded, spec: OutputSpec, env, stylesheet_urls=(), assets: Path | None = None) -> str:
    ctx = documents.context(loaded.pack, loaded.numbering, spec, assets)
    ctx["created"] = loaded.source_date
    return render.render_html(env, spec, ctx, stylesheet_urls)


@dataclass
class Report:
    """What a build did."""

    records: list  # every output of this build, rebuilt or unchanged, order files included
    built: list  # engine.Done of each output rendered
    unchanged: list  # OutputRecord of each output whose file was already right
    written: list  # paths actually (re)written, manifest excluded
    timings: dict = field(default_factory=dict)  # stage -> seconds
    pack: Pack | None = None  # the pack as this build loaded it

    @property
    def pages(self) -> int:
        return sum(done.pages for done in self.built)


class Builder:
    """Builds packs. Keeps its renderer (or its pool of warm workers) between builds, for watch mode."""

    def __init__(self, renderer=None):
        self.renderer = renderer  # injected by tests; otherwise made when something needs rendering
        self.backend = None

    def close(self) -> None:
        if self.backend is not None:
            self.backend.close()
            self.backend = None

    def prestart(self, options: Options) -> None:
        """Start the worker pool now, so that its warm-up overlaps with loading the content."""
        from . import cache, engine

        if self.renderer is None and options.jobs > 1 and self.backend is None:
            self.backend = engine.Pool(options.paths, options.jobs, cache.tree_digest(options.paths.styles))

    def _backend(self, options: Options, count: int):
        from . import engine

        if isinstance(self.backend, engine.Pool) and count <= self.backend.processes:
            return self.backend  # started early and warm: use it even for fewer jobs
        wanted = "pool" if self.renderer is None and options.jobs > 1 and count > 1 else "here"
        current = getattr(self.backend, "processes", None)
        if wanted == "pool" and current != min(options.jobs, count):
            self.close()
            self.backend = engine.Pool(options.paths, min(options.jobs, count))
        elif wanted == "here" and not isinstance(self.backend, engine.InProcess):
            self.close()
            self.backend = engine.InProcess(options.paths, self.renderer)
        return self.backend

    def build(self, options: Options, on_loaded=None, on_output=None) -> Report:
        """Render what changed in memory, then replace those files; the manifest goes last."""
        from . import cache

        timings: dict = {}
        clock = time.perf_counter()
        fingerprint = cache.fingerprint(options)  # before reading: a change while building means a rebuild
        loaded = load(options)
        if on_loaded:
            on_loaded(loaded)
        specs = plan(loaded, options)
        output.prepare_out_dir(options.out)
        timings["load"], clock = time.perf_counter() - clock, time.perf_counter()

        work = _sort_out(loaded, options, specs)
        timings["html"], clock = time.perf_counter() - clock, time.perf_counter()

        built, files = [], {}
        if work.jobs:
            with _source_date_epoch(loaded.source_epoch):
                for done in self._backend(options, len(work.jobs)).run(work.jobs, work.styles):
                    built.append(done)
                    files[done.job.spec.path] = done.data
                    if on_output:
                        on_output(done, len(built), len(work.jobs))
        timings["render"], clock = time.perf_counter() - clock, time.perf_counter()

        fresh = {d.job.spec.path: output.OutputRecord(d.job.spec.path, d.job.spec.kind, d.job.spec.group,
                                                      d.job.spec.edition, d.pages, output.sha256(d.data))
                 for d in built}
        records = [fresh.get(spec.path) or work.kept[spec.path] for spec in specs]
        if "print" in options.editions:
            records += _order_sheet(loaded, options, records, files)
        written = _write(options.out, files, records, work, _last_build(fingerprint, loaded, specs),
                         _complete_editions(options))
        timings["write"] = time.perf_counter() - clock
        return Report(records, built, list(work.kept.values()), written, timings, loaded.pack)


@dataclass
class _Work:
    jobs: list  # engine.Job of each output to render
    keys: dict  # output path -> cache key
    kept: dict  # output path -> OutputRecord of each output already up to date
    cached: dict  # the cache as read
    styles: str  # digest of styles/: workers remake their renderer when it changes


def _sort_out(loaded: Loaded, options: Options, specs: list) -> _Work:
    """Render each output's HTML and key; keep those whose file is up to date, make jobs of the others."""
    from . import cache, engine

    env = render.environment(options.paths.templates)
    sources = citations.image_uses(loaded.pack, options.paths.assets)
    assets = {uri: uri_path(uri) for uri in sources}
    styles, environment = cache.tree_digest(options.paths.styles), cache.versions()
    work = _Work([], {}, {}, {} if options.force else cache.load(options.out), styles)
    for spec in specs:
        html = html_for(loaded, spec, env, assets=options.paths.assets)
        key = work.keys[spec.path] = cache.output_key(spec, html, styles, environment, assets)
        entry = cache.unchanged(options.out, work.cached, spec, key)
        if entry:
            work.kept[spec.path] = output.OutputRecord(spec.path, spec.kind, spec.group, spec.edition,
                                                       entry["pages"], entry["sha256"])
        else:
            work.jobs.append(engine.Job(spec, html, sources))
    return work


def _last_build(fingerprint: str, loaded: Loaded, specs: list) -> dict:
    """What the next run's quick check compares with (the files' digests are added when writing)."""
    return {"fingerprint": fingerprint, "warnings": [str(w) for w in loaded.warnings], "pdfs": len(specs)}


def _complete_editions(options: Options) -> tuple:
    """The editions this build makes whole (every kind, every group): outputs it does not make are stale."""
    complete = set(options.kinds) == set(documents.KINDS) and options.groups is None
    return tuple(options.editions) if complete else ()


def _write(out: Path, files: dict, records: list, work: _Work, last: dict, complete: tuple = ()) -> list:
    """Replace the files whose bytes changed, remove stale ones, then write the manifest and the cache, all
    under held signals."""
    from . import cache

    stale = output.stale_entries(out, records, complete)
    manifest = output.manifest_bytes(out, records, complete)
    outputs = {**work.cached, **{r.path: {"key": work.keys[r.path], "sha256": r.sha256, "pages": r.pages}
                                 for r in records if r.path in work.keys}}
    last["files"] = [{"path": r.path, "sha256": r.sha256} for r in records]
    last["files"].append({"path": output.MANIFEST, "sha256": output.sha256(manifest)})
    cache_data = cache.dump(outputs, last)
    changed = [path for path, data in files.items() if cache.file_sha256(out / path) != output.sha256(data)]
    with output.signals_deferred():
        for path in changed:
            output.atomic_write(out / path, files[path])
        for path in stale:
            (out / path).unlink(missing_ok=True)
        for path, data in ((output.MANIFEST, manifest), (cache.CACHE, cache_data)):
            if cache.file_sha256(out / path) != output.sha256(data):
                output.atomic_write(out / path, data)
    return changed


def build(options: Options, renderer=None, on_output=None, on_loaded=None) -> list[output.OutputRecord]:
    """One build with a fresh Builder; the records of every output."""
    builder = Builder(renderer)
    try:
        return builder.build(options, on_loaded=on_loaded, on_output=on_output).records
    finally:
        builder.close()


@contextlib.contextmanager
def _source_date_epoch(epoch: int):
    """SOURCE_DATE_EPOCH while rendering, for the font subsetter's timestamps; the caller's value wins."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = previous or str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def _order_sheet(loaded: Loaded, options: Options, records: list, files: dict) -> list:
    """The print order (CSV and a Markdown summary) over every print file the manifest will list."""
    entries = output.merged_entries(options.out, records, _complete_editions(options))
    order = printrun.rows(loaded.pack, entries)
    title = f"{documents.common(loaded.pack)['seminar']}"
    content_file = os.path.join(loaded.pack.root, "pack.yaml")
    made = []
    for path, kind, data in ((printrun.ORDER_CSV, "order-sheet", printrun.order_csv(order)),
                             (printrun.ORDER_SUMMARY, "order-summary",
                              printrun.order_summary(title, order, content_file))):
        files[path] = data
        made.append(output.OutputRecord(path, kind, None, "print", 0, output.sha256(data)))
    return made


@dataclass(frozen=True)
class Reprint:
    changed: list  # paths whose bytes differ from the old manifest's
    new: list  # paths the old manifest did not list
    unchanged: list


def read_old_manifest(path: Path) -> dict:
    """{path: sha256} of an earlier run's manifest (read before building: the build may overwrite it)."""
    try:
        return {e["path"]: e.get("sha256") for e in output.manifest_entries(path)}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else f"expected {{\"outputs\": [...]}}: {exc}"
        raise BuildError(f"{path}: not a readable manifest ({reason})") from None


def compare(old: dict, records: list) -> Reprint:
    """Which print files changed since the run whose manifest gave ``old``."""
    prints = [r for r in records if r.edition == "print" and r.path.endswith(".pdf")]
    return Reprint(changed=[r.path for r in prints if r.path in old and old[r.path] != r.sha256],
                   new=[r.path for r in prints if r.path not in old],
                   unchanged=[r.path for r in prints if old.get(r.path) == r.sha256])


def write_reprint_order(loaded_pack: Pack, out: Path, reprint: Reprint, records: list) -> Path:
    """print/reprint.csv: the order sheet restricted to what changed."""
    wanted = set(reprint.changed) | set(reprint.new)
    entries = [{"path": r.path, "kind": r.kind, "group": r.group, "edition": r.edition, "pages": r.pages}
               for r in records if r.path in wanted]
    path = out / printrun.REPRINT_CSV
    output.atomic_write(path, printrun.order_csv(printrun.rows(loaded_pack, entries)))
    return path


def write_html(options: Options) -> list[Path]:
    """Standalone HTML for each output, stylesheets linked by absolute path, renderable by plain weasyprint."""
    loaded = load(options)
    specs = plan(loaded, options)
    output.prepare_out_dir(options.out)
    env = render.environment(options.paths.templates)
    written = []
    for spec in specs:
        if spec.booklet:
            continue  # a booklet is its document's A5 pages imposed after rendering, not HTML of its own
        urls = [(options.paths.styles / name).resolve().as_uri() for name in spec.stylesheets]
        path = options.out / f"{spec.path.removesuffix('.pdf')}.html"
        html = qrcodes.resolve(html_for(loaded, spec, env, urls, options.paths.assets))
        output.atomic_write(path, html.encode("utf-8"))
        written.append(path)
    return written
