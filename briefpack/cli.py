"""The command line: options in, pipeline called, a summary out. WeasyPrint is imported only by commands that
render, so ``--help`` and ``check`` stay fast."""

from __future__ import annotations

import signal
import sys
import time
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import BriefpackError, BuildError
from .options import KINDS, Options

# The heavy stages (pipeline: YAML, Markdown, Jinja; pdf: WeasyPrint) are imported inside the commands, after
# the build cache has said whether there is anything to do: an up-to-date build costs milliseconds.

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def common(func):
    """Options every command takes."""
    options = [
        click.version_option(__version__, prog_name="briefpack"),
        click.option("--out", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
                     help="Folder the outputs are written to."),
        click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=None,
                     help="Content folder of the pack [default: content/ of this project]."),
        click.option("--no-strict", "no_strict", is_flag=True,
                     help="Report content warnings (such as an uncited note) without failing."),
        click.option("--html-as-text", is_flag=True,
                     help="Print raw HTML found in content literally instead of rejecting it."),
        click.option("--debug", is_flag=True, help="Show the traceback of any error."),
        click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors."),
        click.option("-v", "--verbose", is_flag=True, help="Also print the time of each stage."),
    ]
    for option in options:
        func = option(func)
    return func


EDITION_CHOICES = {"screen": ("screen",), "print": ("print",), "both": ("screen", "print")}


def edition_option(default: str):
    return click.option("--edition", type=click.Choice(list(EDITION_CHOICES)), default=default, show_default=True,
                        help="screen: tagged PDF/UA for e-mail and the web; print: PDF/X-4 with bleed, crop marks, "
                             "QR codes and booklets, under DIR/print/; both.")


def build_options(func):
    """Options of the commands that render."""
    func = click.option("--force", is_flag=True, help="Rebuild every output, even those that are up to date.")(func)
    func = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
                        help="Worker processes rendering in parallel [default: every core]; each holds one "
                             "document at a time, so this also bounds memory.")(func)
    return func


def _options(kw: dict, kinds=KINDS, groups=None) -> Options:
    from .engine import available_cores

    return Options(content=kw["content"], out=kw["out"], kinds=kinds, groups=tuple(groups) if groups else None,
                   strict=not kw["no_strict"], html_as_text=kw["html_as_text"],
                   editions=EDITION_CHOICES[kw.get("edition", "screen")], force=kw.get("force", False),
                   jobs=kw.get("jobs") or available_cores())


def _terminate(signum, frame):
    raise KeyboardInterrupt  # unwinds through the writers, which remove their temporary files


def _run(debug: bool, work) -> None:
    """Run ``work``; errors a user can cause print one message, tracebacks only with --debug."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        work()
    except BriefpackError as exc:
        if debug:
            traceback.print_exception(exc)
        raise
    except OSError as exc:
        if debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        raise BuildError(f"{where}{exc.strerror or exc}") from None
    except KeyboardInterrupt:
        click.echo("Interrupted: every output is either its previous version or its new one, none half-written.",
                   err=True)
        sys.exit(130)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _report_warnings(loaded) -> None:
    for warning in loaded.warnings:
        click.echo(f"warning: {warning}", err=True)


class Progress:
    """One line per output as it finishes, a counter in front; plain text, so it reads the same piped."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose

    def echo(self, text: str = "", err: bool = False) -> None:
        if not self.quiet or err:
            click.echo(text, err=err)

    def output(self, done, index: int, total: int) -> None:
        spec = done.job.spec
        unit = "sides" if spec.booklet else "pages"
        width = len(str(total))
        self.echo(f"[{index:>{width}}/{total}] {spec.path:<44} {done.pages:>3} {unit:<5} {done.seconds:5.2f} s")

    def summary(self, report, out: Path, seconds: float) -> None:
        if self.verbose:
            stages = ", ".join(f"{stage} {t:.2f} s" for stage, t in report.timings.items())
            self.echo(f"stages: {stages}")
        pdfs = [r for r in report.records if r.path.endswith(".pdf")]
        written = len(report.written)
        self.echo(f"Built {len(report.built)}, unchanged {len(report.unchanged)} of {len(pdfs)} PDFs "
                  f"({report.pages} pages rendered) in {seconds:.1f} s; {written} file{'s' if written != 1 else ''}"
                  f" written; manifest: {out / 'manifest.json'}")


def _build(kw: dict, since: Path | None = None, **which) -> None:
    options = _options(kw, **which)
    progress = Progress(kw.get("quiet", False), kw.get("verbose", False))

    def work():
        started = time.perf_counter()
        if since is None and not options.force and _up_to_date(options, progress, started):
            return
        from . import pipeline

        old = pipeline.read_old_manifest(since) if since else None
        builder = pipeline.Builder()
        try:
            builder.prestart(options)  # something will be rendered: warm the workers while loading
            report = builder.build(options, on_loaded=_report_warnings, on_output=progress.output)
        except pipeline.UnknownGroup as exc:
            raise click.BadParameter(f"unknown group id {', '.join(map(repr, exc.unknown))} "
                                     f"(valid ids: {', '.join(exc.valid)})", param_hint="'--group'") from None
        finally:
            builder.close()
        progress.summary(report, options.out, time.perf_counter() - started)
        if old is not None:
            _report_reprint(options, old, report)
    _run(kw["debug"], work)


def _up_to_date(options: Options, progress: Progress, started: float) -> bool:
    from . import cache

    last = cache.quick_check(options)
    if last is None:
        return False
    for warning in last.get("warnings", []):
        click.echo(f"warning: {warning}", err=True)
    progress.echo(f"Up to date: nothing changed since the last build ({last.get('pdfs', 0)} PDFs) "
                  f"[{time.perf_counter() - started:.2f} s]")
    return True


def _report_reprint(options: Options, old: dict, report) -> None:
    from . import pipeline

    records = report.records
    reprint = pipeline.compare(old, records)
    if not reprint.changed and not reprint.new:
        click.echo(f"Reprint: nothing changed since that run ({len(reprint.unchanged)} print files unchanged).")
        return
    click.echo(f"Reprint: {len(reprint.changed)} changed, {len(reprint.new)} new, "
               f"{len(reprint.unchanged)} unchanged since that run:")
    for path in reprint.changed:
        click.echo(f"  changed  {path}")
    for path in reprint.new:
        click.echo(f"  new      {path}")
    click.echo(f"Order for the reprint: {pipeline.write_reprint_order(report.pack, options.out, reprint, records)}")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="briefpack")
def main() -> None:
    """Build a seminar's briefing pack (concept note, working-group handouts, endnotes) from YAML content.

    Exit codes: 0 success, 1 content or build error, 2 usage error."""


@main.command("all")
@common
@build_options
@edition_option("both")
def build_all(**kw):
    """Build every document of the pack, in both editions and with the print order."""
    _build(kw)


@main.command("note")
@common
@build_options
@edition_option("screen")
def build_note(**kw):
    """Build the concept note."""
    _build(kw, kinds=("concept-note",))


GROUP_OPTION = click.option("--group", "groups", multiple=True, metavar="ID",
                            help="Only this working group's handout (repeatable) [default: every group].")


@main.command("handouts")
@common
@build_options
@edition_option("screen")
@GROUP_OPTION
def build_handouts(groups, **kw):
    """Build one handout per working group (in print, with its A5 booklet)."""
    _build(kw, kinds=("handout",), groups=groups)


@main.command("endnotes")
@common
@build_options
@edition_option("screen")
def build_endnotes(**kw):
    """Build the standalone endnotes appendix."""
    _build(kw, kinds=("endnotes",))


@main.command("print")
@common
@build_options
@click.option("--since", type=click.Path(path_type=Path, dir_okay=False), metavar="OLD_MANIFEST",
              help="List the print files that changed since the run that wrote this manifest, and write "
                   "print/reprint.csv, the order for just those.")
def build_print(since, **kw):
    """Build the print edition of every document: PDF/X-4, booklets and the print order."""
    kw["edition"] = "print"
    _build(kw, since=since)


@main.command("check")
@common
def check(**kw):
    """Validate the content without rendering anything."""
    def work():
        from . import pipeline

        loaded = pipeline.load(_options(kw))
        _report_warnings(loaded)
        pack = loaded.pack
        questions = len(pack.cross_cutting) + sum(len(g.questions) for g in pack.groups)
        click.echo(f"Content is valid: {len(pack.notes)} notes, {len(pack.groups)} working groups, "
                   f"{questions} questions.")
    _run(kw["debug"], work)


@main.command("html")
@common
@edition_option("screen")
def html(**kw):
    """Write each document's intermediate HTML (renderable with the plain weasyprint command)."""
    def work():
        from . import pipeline

        for path in pipeline.write_html(_options(kw)):
            click.echo(f"  wrote {path}")
    _run(kw["debug"], work)


@main.command("watch")
@common
@build_options
@edition_option("screen")
def watch(**kw):
    """Rebuild what a change affects whenever content, templates or styles are saved (Ctrl-C to stop).

    Content errors are printed and the last good PDFs kept; watching goes on."""
    options = _options(kw)
    progress = Progress(kw.get("quiet", False), kw.get("verbose", False))

    def work():
        from . import pipeline
        from .watch import watch_and_build

        builder = pipeline.Builder()
        try:
            watch_and_build(builder, options, progress, debug=kw["debug"])
        finally:
            builder.close()
    _run(kw["debug"], work)


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "dest", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the new pack to (new or empty).")
@click.option("--force", is_flag=True, help="Replace DIR even if it is not empty (its whole contents).")
@click.option("--dry-run", is_flag=True, help="Print the report and write nothing.")
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
def import_source(source, dest, force, dry_run, debug):
    """Turn a Word (.docx) or Markdown concept note into a new pack folder, notes keyed and numbered.

    Prints what it recognised, what it guessed and the source's defects (kept, marked IMPORT in the files)."""
    def work():
        from .importer import run

        for line in run(source, dest, force=force, dry_run=dry_run).lines():
            click.echo(line)
    _run(debug, work)
