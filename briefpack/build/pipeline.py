"""The only caller of the stages: load -> plan -> HTML -> render (engine) -> print order -> write (transaction).

Each stage lives in its own module with a small typed interface; this module only sequences them. The command
line talks to this module alone."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.paths import uri_path
from ..errors import BuildError
from ..kinds import envelopes as packing
from ..kinds import outputs as planning
from ..kinds import print_order as printrun
from ..kinds.editions import EDITIONS
from ..output import cache, manifest, transaction
from ..output import out_dir as outdir
from ..output.cache import Cache, FileDigest, LastBuild
from ..output.manifest import OutputRecord
from ..output.out_dir import OutDir
from ..participants import personal_copies as personal
from ..pdf import engine
from ..pdf.engine import Job
from ..render import html as render
from ..render.context import common
from ..text.numbering import image_uses
from ..text.prepared import SourceDate, prepare
from ..text.qr_codes import resolve
from . import baseline, drafts, snapshots
from .options import Options, default_jobs
from .reprint import compare, reprint_order
from .reprint import read_old_manifest as read
from .up_to_date import fingerprint, up_to_date

if TYPE_CHECKING:  # the stages are imported where they are used: an up-to-date build needs none of them
    from ..content.model import Pack
    from ..kinds.outputs import OutputSpec
    from ..kinds.registry import Registry
    from ..output.transaction import Staged
    from ..pdf.engine import Backend, Done, HtmlJob, Renderer
    from ..revisions.comparison import Comparison
    from ..text.prepared import Loaded
    from .reprint import Reprint

__all__ = ["Builder", "Options", "Report", "build", "check", "default_jobs", "fingerprint", "load",
           "read_old_manifest", "reprint", "up_to_date", "write_html"]


def load(options: Options) -> Loaded:
    """Everything known before rendering: the pack, its numbering and the content lint; and, when an earlier
    version is named, what changed since (read before anything is written: the build replaces its snapshot)."""
    paths = options.paths
    loaded = prepare(paths.content, paths.assets, paths.styles, options.strict, options.html_as_text,
                     declared=options.registry.pack_fields())
    loaded = personal.requested(loaded, options.personalise)
    if options.since is None:
        return loaded
    return dataclasses.replace(loaded, changes=baseline.comparison(loaded, options))


check = load


def read_old_manifest(path: Path) -> dict[str, str]:
    """{path: sha256} of the manifest of a run sent to the printer (read before building over it)."""
    return read(path)


class HtmlStage:
    """Renders each output's HTML from the loaded pack: shared by builds and by the `html` command."""

    def __init__(self, loaded: Loaded, options: Options):
        self.loaded = loaded
        self.assets = options.paths.assets
        self.env = render.environment(options.paths.template_roots)
        self.common = common(loaded.pack, options.paths.assets)
        self.created = SourceDate.of(loaded.pack, options.source_date_epoch).iso

    def html(self, spec: OutputSpec, stylesheet_urls: tuple[str, ...] = ()) -> str:
        ctx = render.context(self.loaded, self.common, spec, self.assets, self.created, stylesheet_urls)
        return render.render_html(self.env, spec, ctx)


def html_for(loaded: Loaded, spec: OutputSpec, options: Options | None = None,
             stylesheet_urls: tuple[str, ...] = ()) -> str:
    """The HTML of one output (for tools and tests; builds share one HtmlStage for every output)."""
    return HtmlStage(loaded, options or Options()).html(spec, stylesheet_urls)


def plan(loaded: Loaded, options: Options | None = None) -> list[OutputSpec]:
    return planning.plan(loaded.pack, (options or Options()).request)


@dataclass
class Report:
    """What a build did."""

    records: list[OutputRecord]  # every output of this build, rebuilt or unchanged, order files included
    built: list[Done]  # each output rendered
    unchanged: list[OutputRecord]  # each output whose file was already right
    written: list[str]  # paths actually (re)written, manifest and cache excluded
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    pack: Pack | None = None  # the pack as this build loaded it
    cache_note: str | None = None  # why the cache was not used, if it was not
    changes: Comparison | None = None  # what changed since the earlier version named, if one was
    ignored: list[str] = field(default_factory=list)  # manifest entries not trusted, and why (shown with -v)

    @property
    def pages(self) -> int:
        return sum(done.pages for done in self.built)

    @property
    def warnings(self) -> list[str]:
        """What rendering found and --no-strict let through (a low-resolution image, say)."""
        return [warning for done in self.built for warning in done.warnings]


@dataclass
class _Work:
    """The outputs sorted out: jobs to render, and the records of those already up to date."""

    jobs: list[Job]
    keys: dict[str, str]  # output path -> cache key
    kept: dict[str, OutputRecord]


class Builder:
    """Builds packs. Keeps its renderer (or its pool of warm workers) between builds, for watch mode."""

    def __init__(self, renderer: Renderer | None = None):
        self.renderer = renderer  # injected by tests; otherwise made when something needs rendering
        self.backend: Backend | None = None
        self.styles: str | None = None  # the styles digest prestart computed, for the build that follows

    def close(self) -> None:
        if self.backend is not None:
            self.backend.close()
            self.backend = None

    def prestart(self, options: Options) -> None:
        """Start the worker pool now, so that its warm-up overlaps with loading the content."""
        if self.renderer is None and options.jobs > 1 and self.backend is None:
            self.styles = cache.styles_digest(options.paths)
            self.backend = engine.Pool(options.paths, options.jobs, self.styles)

    def _backend(self, options: Options, count: int) -> Backend:
        if self.backend is not None and self.backend.paths != options.paths:
            self.close()  # a backend renders with one pack's own templates, styles and assets: not another's
        if isinstance(self.backend, engine.Pool) and count <= self.backend.processes:
            return self.backend  # started early and warm: use it even for fewer jobs
        if self.renderer is None and options.jobs > 1 and count > 1:
            wanted = min(options.jobs, count)
            if not (isinstance(self.backend, engine.Pool) and self.backend.processes == wanted):
                self.close()
                self.backend = engine.Pool(options.paths, wanted)
        elif not isinstance(self.backend, engine.InProcess):
            self.close()
            self.backend = engine.InProcess(options.paths, self.renderer)
        assert self.backend is not None
        return self.backend

    def build(self, options: Options, on_loaded: Callable[[Loaded], None] | None = None,
              on_output: Callable[[Done, int, int], None] | None = None,
              on_wait: Callable[[str], None] | None = None, known_fingerprint: str | None = None) -> Report:
        """Render what changed into staged files, then replace them all at once; the manifest goes too."""
        clock = time.perf_counter()
        timings: dict[str, float] = {}
        build_fingerprint = known_fingerprint or fingerprint(options)  # before reading: an edit means a rebuild
        loaded = load(options)
        if on_loaded:
            on_loaded(loaded)
        specs = planning.plan(loaded.pack, options.request)
        drafts.refuse_draft_print(loaded.pack, specs, options.allow_draft)
        transaction.prepare_out_dir(options.out)
        with transaction.folder_lock(options.out, "briefpack build", options.wait, on_wait):
            transaction.remove_leftovers(options.out, outdir.output_folders())
            out = OutDir(options.out, _roster_seed(loaded.pack), options.registry)
            _refuse_foreign(options, out, [spec.path for spec in specs])  # before rendering anything
            timings["load"], clock = time.perf_counter() - clock, time.perf_counter()
            return self._build_locked(options, loaded, specs, out, build_fingerprint, timings, clock, on_output)

    def _build_locked(self, options: Options, loaded: Loaded, specs: list[OutputSpec], out: OutDir,
                      build_fingerprint: str, timings: dict[str, float], clock: float,
                      on_output: Callable[[Done, int, int], None] | None) -> Report:
        previous, cache_note = (Cache(), None) if options.force else _previous(out)
        styles, self.styles = self.styles or cache.styles_digest(options.paths), None  # once per build
        work = _sort_out(loaded, options, specs, out, previous, styles)
        timings["html"], clock = time.perf_counter() - clock, time.perf_counter()
        built: list[Done] = []
        staged: list[Staged] = []
        try:
            if work.jobs:
                for done in self._backend(options, len(work.jobs)).run(work.jobs, styles):
                    built.append(done)
                    staged.append(done.staged)
                    if on_output:
                        on_output(done, len(built), len(work.jobs))
            timings["render"], clock = time.perf_counter() - clock, time.perf_counter()
            derived = _derive(options, loaded, specs, built, work, out, previous, styles,
                              lambda jobs: self._backend(options, len(jobs)).render_html(jobs, styles))
            staged += derived.staged
            work.keys.update(derived.keys)
            timings["derive"], clock = time.perf_counter() - clock, time.perf_counter()
            fresh = {d.spec.path: OutputRecord(d.spec.path, d.spec.manifest_kind, d.spec.group, d.spec.edition.name,
                                               d.pages, d.staged.sha256) for d in built}
            records = [fresh.get(spec.path) or work.kept[spec.path] for spec in specs] + derived.records
            snapshot = snapshots.snapshot_bytes(loaded)
            staged.append(transaction.stage(options.out, outdir.SNAPSHOT, snapshot, os.getpid()))
            records.append(snapshots.snapshot_record(staged[-1].sha256))
            complete = tuple(options.editions) if options.request.complete else ()
            listed = _listed(out, records, complete, options.registry)
            if any(EDITIONS[name].ordered for name in options.editions):
                extra = []
                for path, kind, data in _order_files(loaded.pack, listed, options.registry):
                    staged.append(transaction.stage(options.out, path, data, os.getpid(),
                                                    private=outdir.holds_names(kind, options.registry)))
                    extra.append(OutputRecord(path, kind, None, "print", 0, staged[-1].sha256))
                records += extra
                listed = sorted([*(r for r in listed if r.path not in {e.path for e in extra}), *extra],
                                key=lambda r: r.path)
            for extra_record in (_personal_index(options, out, listed, staged),
                                 _personal_data_notice(options, listed, staged)):
                if extra_record is not None:
                    records.append(extra_record)
                    listed = sorted([*(r for r in listed if r.path != extra_record.path), extra_record],
                                    key=lambda r: r.path)
            stale = [r.path for r in out.manifest if r.edition in complete and r.path not in {x.path for x in listed}
                     and out.sha256(r.path) is not None and not options.registry.made_on_request(r.kind)]
            written = _commit(options, out, staged, listed, previous, work, build_fingerprint, loaded, specs, stale)
        except BaseException:
            transaction.discard(staged)
            transaction.remove_leftovers(options.out, outdir.output_folders())  # what workers staged before a
            raise  # failure stopped them
        timings["write"] = time.perf_counter() - clock
        return Report(records, built, list(work.kept.values()), written, timings, loaded.pack, cache_note,
                      loaded.changes, out.ignored)


def _sort_out(loaded: Loaded, options: Options, specs: list[OutputSpec], out: OutDir, previous: Cache,
              styles: str) -> _Work:
    """Render each output's HTML and key; keep those whose file is up to date, make jobs of the others."""
    stage = HtmlStage(loaded, options)
    sources = image_uses(loaded.pack, options.paths.assets)
    assets = {uri: uri_path(uri) for uri in sources}
    environment = cache.versions()
    epoch = SourceDate.of(loaded.pack, options.source_date_epoch).epoch
    work = _Work([], {}, {})
    for spec in specs:
        html = stage.html(spec)
        identity = f"{spec.path}\0{spec.edition.name}\0{spec.pad_to}\0{spec.booklet}\0{','.join(spec.stylesheets)}"
        key = work.keys[spec.path] = cache.output_key(identity, html, styles, environment, assets)
        recorded = previous.digests.get(spec.path)
        kept = None
        if previous.keys.get(spec.path) == key and recorded and out.sha256(spec.path) == recorded:
            kept = out.present(OutputRecord(spec.path, spec.manifest_kind, spec.group, spec.edition.name, 0,
                                            recorded))
        if kept is not None:
            work.kept[spec.path] = kept
        else:
            work.jobs.append(Job(spec, html, sources, epoch, options.out, os.getpid(), options.strict))
    return work


def _roster_seed(pack: Pack) -> bytes | None:
    """What a new key of the personal ids is made from when the out folder has none: the whole participant list,
    e-mail addresses included (never printed), so that the same pack gives the same bytes in any folder while
    nobody without the list can compute the key."""
    if pack.roster is None:
        return None
    rows = [(p.name, p.organisation, p.country, p.group, p.role, p.email) for p in pack.roster.participants]
    return repr(rows).encode("utf-8")


def _previous(out: OutDir) -> tuple[Cache, str | None]:
    """The cache as the last build left it, entries of files named after people opened from their ids."""
    found, note = cache.read(out.path)
    return Cache(out.unsealed_keys(found.keys), out.unsealed(found.digests), found.last), note


def _personal_index(options: Options, out: OutDir, listed: list[OutputRecord],
                    staged: list[Staged]) -> OutputRecord | None:
    """Stage the index of the personal files' ids (0600, in their own 0700 folder), when there are any."""
    if not any(r.kind in outdir.personal_kinds(options.registry) for r in listed):
        return None
    staged.append(transaction.stage(options.out, outdir.INDEX, out.ids.index_bytes(listed), os.getpid(),
                                    private=True, private_folder=True))
    return OutputRecord(outdir.INDEX, outdir.INDEX_KIND, None, "screen", 0, staged[-1].sha256)


def _personal_data_notice(options: Options, listed: list[OutputRecord], staged: list[Staged]) -> OutputRecord | None:
    """Stage the note that says the out folder holds files naming people (when it does)."""
    naming = {kind.name for kind in options.registry.all_kinds() if kind.shows_people} | {packing.LIST_KIND}
    notice = personal.readme(listed, naming, options.registry)
    if notice is None:
        return None
    staged.append(transaction.stage(options.out, outdir.README, notice, os.getpid()))
    return OutputRecord(outdir.README, outdir.NOTICE_KIND, None, "screen", 0, staged[-1].sha256)


def _derive(options: Options, loaded: Loaded, specs: list[OutputSpec], built: list[Done], work: _Work,
            out: OutDir, previous: Cache, styles: str,
            render: Callable[[list[HtmlJob]], list[bytes]]) -> personal.DerivedWork:
    """The derived-output stage: personal copies stamped on the handouts this build rendered or kept."""
    derived = personal.plan(loaded.pack, specs)
    if not derived:
        return personal.DerivedWork([], [], {})
    fresh = {done.spec.path: done for done in built}
    sources: dict[str, personal.Source] = {}
    for path in {item.source.path for item in derived}:
        if path in fresh:
            done = fresh[path]
            sources[path] = personal.Source(Path(done.staged.temp).read_bytes(), done.staged.sha256, done.pages)
        else:
            kept = work.kept[path]
            sources[path] = personal.Source((options.out / path).read_bytes(), kept.sha256, kept.pages)
    epoch = SourceDate.of(loaded.pack, options.source_date_epoch).epoch
    stamper = personal.Stamper(loaded.pack, render, out, os.getpid(), epoch)
    # the index's secret joins what the keys hash: a key in the cache cannot confirm a guessed name
    environment = f"{cache.versions()}\0{out.ids.key.hex()}"
    return stamper.run(derived, sources, previous.keys, previous.digests, styles, environment)


def _listed(out: OutDir, records: list[OutputRecord], complete: tuple[str, ...],
            registry: Registry) -> list[OutputRecord]:
    """The manifest after this build: ``records``, plus files built earlier and still present (re-read from the
    files themselves), except in the editions this build made completely: there, what it did not make is gone."""

    fresh = {r.path for r in records}
    kept = [out.present(r) for r in out.manifest
            if r.path not in fresh and (r.edition not in complete or registry.made_on_request(r.kind))]
    return sorted([*(r for r in kept if r is not None), *records], key=lambda r: r.path)


def _order_files(pack: Pack, listed: list[OutputRecord], registry: Registry) -> list[tuple[str, str, bytes]]:
    """The print order (CSV and a Markdown summary) over every print file the manifest will list."""
    specs = planning.every_output(pack, ["print"], registry)
    printed = [(specs[r.path], r.pages) for r in listed if r.path in specs]
    order = printrun.rows(pack, printed) + personal.order_rows(pack, listed, registry)
    title = common(pack).seminar
    source = os.path.join(pack.root, "pack.yaml")
    roster = os.path.join(pack.root, "participants.csv") if pack.roster is not None else None
    summary = printrun.order_summary(title, order, source, pack.print_run, roster)
    files = [(printrun.ORDER_CSV, "order-sheet", printrun.order_csv(order)),
             (printrun.ORDER_SUMMARY, "order-summary", drafts.order_summary_first_line(pack, summary))]
    if pack.roster is not None:  # what goes into whose envelope, for the organisers' spreadsheet
        files += [(packing.LIST_CSV, packing.LIST_KIND, packing.list_csv(pack, registry.all_kinds())),
                  (packing.COUNTS_CSV, packing.COUNTS_KIND, packing.counts_csv(pack, registry.all_kinds()))]
    return files


def _commit(options: Options, out: OutDir, staged: list[Staged], listed: list[OutputRecord], previous: Cache,
            work: _Work, build_fingerprint: str, loaded: Loaded, specs: list[OutputSpec],
            stale: list[str]) -> list[str]:
    """Stage the manifest and the cache, drop staged files identical to what is there, rename the rest: unless
    one of them would replace a file the build did not write (then nothing is replaced)."""
    owner = os.getpid()
    ids = out.ids
    sealed = [ids.seal(r) for r in listed]  # files named after people go in under their ids
    manifest_staged = transaction.stage(options.out, manifest.MANIFEST, manifest.to_bytes(sealed), owner)
    staged.append(manifest_staged)
    last = LastBuild(build_fingerprint, [str(w) for w in loaded.warnings], len(specs),
                     [FileDigest(r.path, r.sha256) for r, plain in zip(sealed, listed, strict=True)
                      if plain.path not in stale] + [FileDigest(manifest.MANIFEST, manifest_staged.sha256)])
    by_path = {plain.path: r for r, plain in zip(sealed, listed, strict=True)}
    keys = {**previous.keys, **work.keys}
    new_cache = Cache({by_path[p].path: k for p, k in keys.items() if p in by_path},
                      {by_path[p].path: by_path[p].sha256 for p in keys if p in by_path}, last)
    staged.append(transaction.stage(options.out, cache.CACHE, cache.to_bytes(new_cache), owner))
    same = [out.sha256(s.path) == s.sha256 for s in staged]
    changed = [s for s, unchanged in zip(staged, same, strict=True) if not unchanged]
    transaction.discard([s for s, unchanged in zip(staged, same, strict=True) if unchanged])
    _refuse_foreign(options, out, [s.path for s in changed if s.path != cache.CACHE])
    transaction.commit(options.out, changed, stale)
    for item in changed:
        out.wrote(item.path, item.sha256)
    return [s.path for s in changed if s.path not in (manifest.MANIFEST, cache.CACHE)]


def _refuse_foreign(options: Options, out: OutDir, targets: list[str]) -> None:
    """A file the build did not write where one of its outputs goes is an error naming it (before anything is
    replaced), unless --overwrite; a link, or anything that is not a file, is never replaced."""
    for path in targets:
        problem = out.place_problem(path) if os.path.lexists(options.out / path) else None
        if problem is not None and problem != "a link":
            raise BuildError(f"{options.out / path}: {problem} where the build writes {path} (nothing was "
                             "replaced; move it away)")
    foreign = [p for p in targets if not out.owns(p)]
    if foreign and not options.overwrite:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise BuildError(f"{options.out / foreign[0]}: not written by briefpack, or changed since{more}; the build "
                         "would replace it (nothing was replaced; move it away, or build with --overwrite)")


def build(options: Options, renderer: Renderer | None = None,
          on_output: Callable[[Done, int, int], None] | None = None,
          on_loaded: Callable[[Loaded], None] | None = None) -> list[OutputRecord]:
    """One build with a fresh Builder; the records of every output."""
    builder = Builder(renderer)
    try:
        return builder.build(options, on_loaded=on_loaded, on_output=on_output).records
    finally:
        builder.close()


def write_html(options: Options) -> list[Path]:
    """Standalone HTML for each output, stylesheets linked by absolute path, renderable by plain weasyprint."""
    loaded = load(options)
    specs = planning.plan(loaded.pack, options.request)
    transaction.prepare_out_dir(options.out)
    stage = HtmlStage(loaded, options)
    pages = []  # every page made before any is written: a refused stylesheet or template writes nothing
    for spec in specs:
        if spec.booklet:
            continue  # a booklet is its document's A5 pages imposed after rendering, not HTML of its own
        urls = tuple(options.paths.stylesheet(name).resolve().as_uri() for name in spec.stylesheets)
        path = options.out / f"{spec.path.removesuffix('.pdf')}.html"
        pages.append((path, resolve(stage.html(spec, urls)).encode("utf-8"), spec.kind.shows_people))
    with transaction.folder_lock(options.out, "briefpack html", options.wait):
        for path, data, private in pages:
            transaction.make_folders(options.out, path.parent)
            transaction.atomic_write(path, data, private=private)  # pages naming people: 0600 at once
    return [path for path, _, _ in pages]


def reprint(options: Options, old: dict[str, str], report: Report) -> tuple[Reprint, Path | None]:
    """What changed since the run whose manifest gave ``old``; writes print/reprint.csv when something did."""
    listed = manifest.read(options.out / manifest.MANIFEST)
    inserts = [r.path for r in listed if r.edition == "print" and r.path.endswith(".pdf")
               and options.registry.made_on_request(r.kind)]
    result = dataclasses.replace(compare(old, report.records), inserts=inserts)
    if not (result.changed or result.new) or report.pack is None:
        return result, None
    path = options.out / printrun.REPRINT_CSV
    transaction.atomic_write(path, reprint_order(report.pack, options.registry, result, [*report.records, *(
        r for r in listed if r.path in inserts)]))
    return result, path
