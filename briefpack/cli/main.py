"""The command line: options in, pipeline called, a summary out. WeasyPrint is imported only by commands that
render, and only once the build cache has said there is something to do, so ``--help``, ``check`` and an
up-to-date build stay fast. Commands for the document kinds are made from the kinds' registry."""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import click

from .. import __version__
from ..build.options import Options, default_jobs
from ..build.up_to_date import fingerprint, up_to_date
from ..errors import BriefpackError, BuildError
from ..kinds.base import DocumentKind
from ..kinds.builtin import builtin_registry
from ..kinds.changes import summary_lines
from ..kinds.registry import Registry
from ..linkcheck.options import LinkOptions, Settings, parse_duration
from .progress import Progress

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
INTERRUPTED = 130
EDITION_CHOICES = {"screen": ("screen",), "print": ("print",), "both": ("screen", "print")}
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def common(func: Callable[..., Any]) -> Callable[..., Any]:
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


def edition_option(default: str) -> Decorator:
    return click.option("--edition", type=click.Choice(list(EDITION_CHOICES)), default=default, show_default=True,
                        help="screen: tagged PDF/UA for e-mail and the web; print: PDF/X-4 with bleed, crop marks, "
                             "QR codes and booklets, under DIR/print/; both.")


def build_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that render."""
    func = click.option("--force", is_flag=True, help="Rebuild every output, even those that are up to date.")(func)
    func = click.option("--overwrite", is_flag=True,
                        help="Replace files that the build did not write (or that were changed since) where its "
                             "outputs go; without it, such a file is an error and nothing is replaced.")(func)
    func = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
                        help="Worker processes rendering in parallel [default: every core]; each holds one "
                             "document at a time, so this also bounds memory.")(func)
    func = click.option("--personalise", is_flag=True,
                        help="Also stamp each participant's copy of their group's handout with their name (needs "
                             "participants.csv; same as print_run: {personalise: true}).")(func)
    func = click.option("--no-wait", is_flag=True,
                        help="If another build is writing to the same --out folder, fail at once instead of "
                             "waiting for it.")(func)
    func = click.option("--mark-changes-since", metavar="OLD", default=None,
                        help="Draw a change bar beside each block changed since OLD: a snapshot file, an output "
                             "folder, a content folder or git:REV.")(func)
    func = click.option("--allow-draft", is_flag=True,
                        help="Build the print edition even though the pack's status is draft.")(func)
    return func


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, the reproducible-builds convention for the date outputs record."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def _options(kw: dict[str, Any], kinds_: tuple[str, ...] | None = None,
             groups: tuple[str, ...] | None = None) -> Options:
    return Options(content=kw["content"], out=kw["out"], kinds=kinds_, groups=tuple(groups) if groups else None,
                   strict=not kw["no_strict"], html_as_text=kw["html_as_text"],
                   editions=EDITION_CHOICES[kw.get("edition", "screen")], force=kw.get("force", False),
                   overwrite=kw.get("overwrite", False),
                   jobs=kw.get("jobs") or default_jobs(), source_date_epoch=source_date_epoch(),
                   wait=not kw.get("no_wait", False), since=kw.get("since") or kw.get("mark_changes_since"),
                   allow_draft=kw.get("allow_draft", False), personalise=kw.get("personalise", False))


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds through the writers, which remove their temporary files


def _run(debug: bool, work: Callable[[], None]) -> None:
    """Run ``work``; errors a user can cause print one message, tracebacks only with --debug; any interrupt
    ends with exit code 130 and no summary."""
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
        _interrupted()
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupted() -> None:
    click.echo("Interrupted: every output is either its previous version or its new one, none half-written.",
               err=True)
    sys.exit(INTERRUPTED)


def _build(kw: dict[str, Any], since: Path | None = None, kinds_: tuple[str, ...] | None = None,
           groups: tuple[str, ...] | None = None, on_built: Callable[[Any], None] | None = None) -> None:
    options = _options(kw, kinds_, groups)
    progress = Progress(kw.get("quiet", False), kw.get("verbose", False))

    def work() -> None:
        started = time.perf_counter()
        known = fingerprint(options)  # once: the up-to-date check and the build share it
        if since is None and options.since is None and not options.force and \
                _up_to_date(options, known, progress, started):
            return
        from ..build import pipeline  # the stages load only when there is work (R2)

        old = pipeline.read_old_manifest(since) if since else None
        builder = pipeline.Builder()
        try:
            builder.prestart(options)  # something will be rendered: warm the workers while loading
            report = builder.build(options, on_loaded=progress.warnings, on_output=progress.output,
                                   on_wait=progress.echo, known_fingerprint=known)
        finally:
            builder.close()
        progress.summary(report, options.out, time.perf_counter() - started)
        if old is not None:
            _report_reprint(pipeline.reprint(options, old, report))
        if on_built:
            on_built(report)
    _run(kw["debug"], work)


def _up_to_date(options: Options, known: str, progress: Progress, started: float) -> bool:
    last = up_to_date(options, known)
    if last is None:
        return False
    for warning in last.warnings:
        click.echo(f"warning: {warning}", err=True)
    progress.echo(f"Up to date: nothing changed since the last build ({last.pdfs} PDFs) "
                  f"[{time.perf_counter() - started:.2f} s]")
    return True


def _report_reprint(result: Any) -> None:
    reprint, path = result
    if path is None:
        click.echo(f"Reprint: nothing changed since that run ({len(reprint.unchanged)} print files unchanged).")
        return
    click.echo(f"Reprint: {len(reprint.changed)} changed, {len(reprint.new)} new, "
               f"{len(reprint.unchanged)} unchanged since that run:")
    for changed in reprint.changed:
        click.echo(f"  changed  {changed}")
    for new in reprint.new:
        click.echo(f"  new      {new}")
    click.echo(f"Order for the reprint: {path}")
    for document in reprint.inserts:
        click.echo(f"  insert   {document}  (what changed: insert it with the reprinted copies)")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="briefpack")
def main() -> None:
    """Build a seminar's briefing pack (concept note, working-group handouts, endnotes) from YAML content.

    Exit codes: 0 success, 1 content or build error, 2 usage error, 130 interrupted."""


@main.command("all")
@common
@build_options
@edition_option("both")
def build_all(**kw: Any) -> None:
    """Build every document of the pack, in both editions and with the print order."""
    _build(kw)


def _kind_command(kind: DocumentKind) -> click.Command:
    """`briefpack <command>` for one document kind, as the kind declares it."""
    def command(groups: tuple[str, ...] = (), **kw: Any) -> None:
        _build(kw, kinds_=(kind.name,), groups=groups or None)

    command.__doc__ = kind.help
    decorated = edition_option("screen")(command)
    if kind.per_group:
        decorated = click.option("--group", "groups", multiple=True, metavar="ID",
                                 help="Only this working group's document (repeatable) [default: every group]."
                                 )(decorated)
    return main.command(kind.command)(common(build_options(decorated)))


KINDS = builtin_registry()  # the commands of the kinds; each build gets a registry of its own (Options)


def add_kind_commands(registry: Registry = KINDS) -> None:
    for kind in registry.all_kinds():
        if kind.command not in main.commands and not kind.on_request:  # those have commands of their own
            _kind_command(kind)


add_kind_commands()


@main.command("print")
@common
@build_options
@click.option("--since", type=click.Path(path_type=Path, dir_okay=False), metavar="OLD_MANIFEST",
              help="List the print files that changed since the run that wrote this manifest, and write "
                   "print/reprint.csv, the order for just those.")
def build_print(since: Path | None, **kw: Any) -> None:
    """Build the print edition of every document: PDF/X-4, booklets and the print order."""
    kw["edition"] = "print"
    _build(kw, since=since)


@main.command("changes")
@common
@build_options
@edition_option("both")
@click.option("--since", "old", required=True, metavar="OLD",
              help="The earlier version: a snapshot file, an output folder (its snapshot.json), a content folder, "
                   "or git:REV (the content folder as committed at REV).")
@click.option("--group", "group", default=None, metavar="ID",
              help="Only what this working group's handout shows, for handing to that group.")
def changes(old: str, group: str | None, **kw: Any) -> None:
    """Write changes.pdf, what changed since an earlier version, and print a summary ("No changes": exit 0)."""
    kw["since"] = old

    def summary(report: Any) -> None:
        lines = summary_lines(report.changes) if report.changes else []
        click.echo(f"Changes since {old}:" if lines else f"No changes since {old}.")
        for line in lines:
            click.echo(f"  {line}")
    _build(kw, kinds_=("changes",), groups=(group,) if group else None, on_built=summary)


@main.command("check")
@common
def check(**kw: Any) -> None:
    """Validate the content without rendering anything."""
    def work() -> None:
        from ..build import pipeline

        loaded = pipeline.check(_options(kw))
        progress = Progress(kw.get("quiet", False), False)
        progress.warnings(loaded)
        pack = loaded.pack
        questions = len(pack.cross_cutting) + sum(len(g.questions) for g in pack.groups)
        progress.echo(f"Content is valid: {len(pack.notes)} notes, {len(pack.groups)} working groups, "
                   f"{questions} questions.")
    _run(kw["debug"], work)


@main.command("html")
@common
@edition_option("screen")
def html(**kw: Any) -> None:
    """Write each document's intermediate HTML (renderable with the plain weasyprint command)."""
    progress = Progress(kw.get("quiet", False), kw.get("verbose", False))

    def work() -> None:
        from ..build import pipeline

        for path in pipeline.write_html(_options(kw)):
            progress.echo(f"  wrote {path}")
    _run(kw["debug"], work)


@main.command("watch")
@common
@build_options
@edition_option("screen")
def watch(**kw: Any) -> None:
    """Rebuild what a change affects whenever content, templates or styles are saved (Ctrl-C to stop, exit
    code 130 like any interrupt).

    Content errors are printed and the last good PDFs kept; watching goes on."""
    options = _options(kw)
    progress = Progress(kw.get("quiet", False), kw.get("verbose", False))

    def work() -> None:
        from ..build import pipeline
        from .watch import watch_and_build

        builder = pipeline.Builder()
        try:
            watch_and_build(builder, options, progress, debug=kw["debug"])
        finally:
            builder.close()
        raise KeyboardInterrupt  # the watch ends only when interrupted
    _run(kw["debug"], work)


def _duration(value: str) -> float:
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command("links")
@click.version_option(__version__, prog_name="briefpack")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Content folder of the pack [default: content/ of this project].")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("dist"), show_default=True,
              help="Output folder; the cache of answers is OUT/.briefpack/links.json.")
@click.option("--max-age", default="1d", show_default=True, metavar="DURATION",
              help="Ask again about a URL checked longer ago than this (30m, 12h, 7d; 0 asks every time).")
@click.option("--force", is_flag=True, help="Ignore the cache: ask about every URL.")
@click.option("--warn-only", is_flag=True, help="Report dead links but exit 0.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: every link with its outcome, for scripts.")
@click.option("--fix-redirects", is_flag=True,
              help="Rewrite permanently redirected URLs (301/308) in the YAML, in place, showing each change.")
@click.option("--archive-lookup", is_flag=True,
              help="Ask the Wayback Machine's availability API for an archived copy of each dead link.")
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=10.0, show_default=True, metavar="SECONDS",
              help="Give up on a server that does not answer within this time.")
@click.option("--connections", type=click.IntRange(1, 200), default=20, show_default=True,
              help="Requests at once, in all.")
@click.option("--per-host", type=click.IntRange(1, 50), default=4, show_default=True,
              help="Requests at once to one host.")
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the dead and unreachable links.")
def links(content: Path | None, debug: bool, **kw: Any) -> None:
    """Check every URL the pack prints; report dead ones where they are written and what prints them.

    Exit codes: 0 every link works (or --warn-only), 1 dead or unreachable links, content errors, or no
    network, 2 usage error. Only this command uses the network; builds never do."""
    max_age = _duration(kw.pop("max_age"))
    settings = Settings(timeout=kw.pop("timeout"), max_connections=kw.pop("connections"),
                        per_host=kw.pop("per_host"))
    options = LinkOptions(max_age=max_age, settings=settings, **kw)

    def work() -> None:
        from ..build import pipeline
        from ..linkcheck.run import run

        loaded = pipeline.load(Options(content=content, strict=False))
        outcome = run(loaded.pack, loaded.numbering, options, click.echo)
        if outcome.exit_code:
            sys.exit(outcome.exit_code)
    _run(debug, work)


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def new(folder: Path, debug: bool, quiet: bool) -> None:
    """Start a new pack in FOLDER (new or empty): every file commented, each feature shown once; it builds as
    it is (`briefpack all --content FOLDER`)."""
    def work() -> None:
        from ..build.starter import create

        written = create(folder)
        progress = Progress(quiet, False)
        progress.echo(f"Created the pack {folder} ({len(written)} files). Next:")
        progress.echo(f"  briefpack check --content {folder}")
        progress.echo(f"  briefpack all --content {folder} --out {folder / 'dist'}")
    _run(debug, work)


@main.command("schema")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path(".schemas"),
              show_default=True, help="Folder the schemas are written to.")
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def schema(out: Path, debug: bool, quiet: bool) -> None:
    """Write JSON Schemas of the content files, so that editors complete fields and flag mistakes as you type.

    Point a YAML file at its schema with a first line such as
    `# yaml-language-server: $schema=.schemas/pack.schema.json` (`briefpack new` does it for you)."""
    def work() -> None:
        from ..build.editor_schemas import write_schemas

        progress = Progress(quiet, False)
        for path in write_schemas(out):
            progress.echo(f"  wrote {path}")
    _run(debug, work)


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "dest", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the new pack to (new or empty).")
@click.option("--force", is_flag=True, help="Replace DIR even if it is not empty (its whole contents).")
@click.option("--dry-run", is_flag=True, help="Print the report and write nothing.")
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
def import_source(source: Path, dest: Path, force: bool, dry_run: bool, debug: bool) -> None:
    """Turn a Word (.docx) or Markdown concept note into a new pack folder, notes keyed and numbered.

    Prints what it recognised, what it guessed and the source's defects (kept, marked IMPORT in the files)."""
    def work() -> None:
        from ..importer.run import run

        for line in run(source, dest, force=force, dry_run=dry_run).lines():
            click.echo(line)
    _run(debug, work)


def run(argv: list[str] | None = None) -> None:
    """The console script: Click's own handling, except that an interrupt anywhere, even between Click's
    steps, exits 130 with one line instead of Click's "Aborted!" and exit 1."""
    try:
        code = main.main(args=argv, prog_name="briefpack", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _interrupted()
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
