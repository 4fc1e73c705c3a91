"""The only caller of the stages: load -> plan -> HTML -> render (engine) -> print order -> write (transaction).

Each stage lives in its own module with a small typed interface; this module only sequences them. The command
line talks to this module alone: it is imported only once a build has work to do."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..kinds import outputs as planning
from ..kinds.editions import EDITIONS, WEB
from ..output import out_dir as outdir
from ..output import transaction
from ..output.cache import Cache
from ..output.manifest import OutputRecord
from ..output.out_dir import OutDir
from ..participants import personal_copies as personal
from ..text.prepared import prepare
from . import baseline, drafts, html_pages, snapshots
from .commit import Commit, commit, refuse_foreign
from .html_stage import HtmlStage, html_for
from .listing import Listing, merged, stale
from .options import Options, default_jobs
from .order_files import stage_order_files
from .outdated import Work, previous_cache, sort_out
from .personal_outputs import derive, personal_data_notice, personal_index, roster_seed
from .report import Report, Stopwatch
from .reprint import read_old_manifest, reprint
from .up_to_date import fingerprint, up_to_date
from .web_stage import stage_web
from .workers import Workers

if TYPE_CHECKING:  # the stages are imported where they are used: an up-to-date build needs none of them
    from ..kinds.outputs import OutputSpec
    from ..output.transaction import Staged
    from ..pdf.engine import Done, Renderer
    from ..text.prepared import Loaded

__all__ = ["Builder", "HtmlStage", "Options", "Report", "build", "check", "default_jobs", "fingerprint",
           "html_for", "load", "plan", "read_old_manifest", "reprint", "up_to_date", "write_html"]

OnOutput = Callable[["Done", int, int], None]  # each output as it is rendered: (done, how many so far, of how many)


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


def plan(loaded: Loaded, options: Options | None = None) -> list[OutputSpec]:
    return planning.plan(loaded.pack, (options or Options()).request)


@dataclass(frozen=True)
class _Build:
    """One build once its content is loaded and its out folder locked."""

    options: Options
    loaded: Loaded
    specs: list[OutputSpec]
    out: OutDir
    fingerprint: str  # of the inputs, read before loading: an edit while loading means a rebuild next time


class Builder:
    """Builds packs. Keeps its renderer (or its pool of warm workers) between builds, for watch mode."""

    def __init__(self, renderer: Renderer | None = None):
        self.workers = Workers(renderer)

    def close(self) -> None:
        self.workers.close()

    def prestart(self, options: Options) -> None:
        """Start the worker pool now, so that its warm-up overlaps with loading the content."""
        self.workers.prestart(options)

    def build(self, options: Options, on_loaded: Callable[[Loaded], None] | None = None,
              on_output: OnOutput | None = None, on_wait: Callable[[str], None] | None = None,
              known_fingerprint: str | None = None) -> Report:
        """Render what changed into staged files, then replace them all at once; the manifest goes too."""
        clock = Stopwatch()
        build_fingerprint = known_fingerprint or fingerprint(options)  # before reading: an edit means a rebuild
        loaded = load(options)
        if on_loaded:
            on_loaded(loaded)
        specs = planning.plan(loaded.pack, options.request)
        drafts.refuse_draft_print(loaded.pack, specs, options.allow_draft)
        transaction.prepare_out_dir(options.out)
        with transaction.folder_lock(options.out, "briefpack build", options.wait, on_wait):
            transaction.remove_leftovers(options.out, _staging_folders())
            out = OutDir(options.out, roster_seed(loaded.pack), options.registry)
            refuse_foreign(options, out, [spec.path for spec in specs])  # before rendering anything
            clock.lap("load")
            return self._build_locked(_Build(options, loaded, specs, out, build_fingerprint), clock, on_output)

    def _build_locked(self, job: _Build, clock: Stopwatch, on_output: OnOutput | None) -> Report:
        options = job.options
        previous, cache_note = (Cache(), None) if options.force else previous_cache(job.out)
        styles = self.workers.take_styles(options)
        work = sort_out(job.loaded, options, job.specs, job.out, previous, styles)
        clock.lap("html")
        built: list[Done] = []
        staged: list[Staged] = []
        try:
            self._render(options, work, styles, built, staged, on_output)
            clock.lap("render")
            derived = derive(options, job.loaded, job.specs, built, work, job.out, previous, styles,
                             lambda jobs: self.workers.for_jobs(options, len(jobs)).render_html(jobs, styles))
            staged += derived.staged
            work.keys.update(derived.keys)
            clock.lap("derive")
            listing = _listing(job, built, work, derived.records, staged)
            gone = stale(job.out, listing.listed, _complete(options), options.registry)
            written = commit(Commit(options, job.out, staged, listing.listed, gone, {**previous.keys, **work.keys},
                                    job.fingerprint, [str(w) for w in job.loaded.warnings], len(job.specs)))
        except BaseException:
            transaction.discard(staged)
            transaction.remove_leftovers(options.out, _staging_folders())  # what workers staged before a
            raise  # failure stopped them
        clock.lap("write")
        return Report(listing.records, built, list(work.kept.values()), written, clock.timings, job.loaded.pack,
                      cache_note, job.loaded.changes, job.out.ignored)

    def _render(self, options: Options, work: Work, styles: str, built: list[Done], staged: list[Staged],
                on_output: OnOutput | None) -> None:
        """Render the jobs, each staged as it is done (so that a failure can discard what was made)."""
        if not work.jobs:
            return
        for done in self.workers.for_jobs(options, len(work.jobs)).run(work.jobs, styles):
            built.append(done)
            staged.append(done.staged)
            if on_output:
                on_output(done, len(built), len(work.jobs))


def _staging_folders() -> tuple[str, ...]:
    return (*outdir.output_folders(), *WEB.subfolders)


def _complete(options: Options) -> tuple[str, ...]:
    """The editions this build makes completely (what it does not make there is gone); the web edition always."""
    pdfs = options.pdf_editions if options.request.complete else ()
    return (*pdfs, WEB.name) if options.web else pdfs


def _listing(job: _Build, built: list[Done], work: Work, derived: list[OutputRecord],
             staged: list[Staged]) -> Listing:
    """This build's records (rendered, kept, derived, its snapshot, the order files, the personal files' index and
    notice), those staged; and the manifest after it."""
    options = job.options
    fresh = {d.spec.path: OutputRecord(d.spec.path, d.spec.manifest_kind, d.spec.group, d.spec.edition.name,
                                       d.pages, d.staged.sha256) for d in built}
    records = [fresh.get(spec.path) or work.kept[spec.path] for spec in job.specs] + derived
    staged.append(transaction.stage(options.out, outdir.SNAPSHOT, snapshots.snapshot_bytes(job.loaded), os.getpid()))
    records.append(snapshots.snapshot_record(staged[-1].sha256))
    listing = Listing(records, merged(job.out, records, _complete(options), options.registry))
    if any(EDITIONS[name].ordered for name in options.pdf_editions):
        listing.add(stage_order_files(options, job.loaded.pack, listing.listed, staged))
    if options.web:
        listing.add(stage_web(options, job.loaded, listing.records, staged))
    extras = (personal_index(options, job.out, listing.listed, staged),
              personal_data_notice(options, listing.listed, staged))
    for extra in extras:
        if extra is not None:
            listing.add([extra])
    return listing


def build(options: Options, renderer: Renderer | None = None, on_output: OnOutput | None = None,
          on_loaded: Callable[[Loaded], None] | None = None) -> list[OutputRecord]:
    """One build with a fresh Builder; the records of every output."""
    builder = Builder(renderer)
    try:
        return builder.build(options, on_loaded=on_loaded, on_output=on_output).records
    finally:
        builder.close()


def write_html(options: Options) -> list[Path]:
    """Standalone HTML for each output, stylesheets linked by absolute path, renderable by plain weasyprint."""
    return html_pages.write_html(load(options), options)
