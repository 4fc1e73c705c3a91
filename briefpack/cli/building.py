"""The commands that build: `all`, one command per document kind (`changes` among them), `print`,
`html` and `watch`.

The up-to-date rule comes first: only when the last build's files no longer match is the pipeline (and with it
WeasyPrint) imported, so that an up-to-date build stays fast (R2)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..build.options import Options
from ..build.up_to_date import fingerprint, up_to_date
from ..kinds.base import CommandOption, DocumentKind
from .failures import guarded
from .reporters import Progress, report_reprint
from .shared_options import build_options, common, edition_option, examples, options_from

if TYPE_CHECKING:
    from ..build.report import Report


def run_build(kw: dict[str, Any], since: Path | None = None, kinds_: tuple[str, ...] | None = None,
              groups: tuple[str, ...] | None = None, on_built: Callable[[Report], None] | None = None) -> None:
    """One build from the command line: nothing when it is up to date, else the pipeline, then the summary."""
    options = options_from(kw, kinds_, groups)
    progress = Progress(kw.get("quiet", False), kw.get("verbose", False))

    def work() -> None:
        started = time.perf_counter()
        known = fingerprint(options)  # once: the up-to-date check and the build share it
        if since is None and _up_to_date(options, known, progress, started):
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
            report_reprint(*pipeline.reprint(options, old, report))
        if on_built:
            on_built(report)
    guarded(kw["debug"], work)


def _up_to_date(options: Options, known: str, progress: Progress, started: float) -> bool:
    """The up-to-date rule: a build that compares with an earlier version, or is forced, always runs; otherwise
    nothing is built when the inputs and the last build's files are as that build left them."""
    if options.since is not None or options.force:
        return False
    last = up_to_date(options, known)
    if last is None:
        return False
    progress.up_to_date(last, time.perf_counter() - started)
    return True


@click.command("all", epilog=examples("briefpack all --content my-seminar --out my-seminar/dist"))
@common
@build_options
@edition_option(None)
def build_all(**kw: Any) -> None:
    """Build every document of the pack in the editions pack.yaml lists (screen and print unless it says), with
    the print order."""
    run_build(kw)


def kind_command(kind: DocumentKind) -> click.Command:
    """`briefpack <command>` for one document kind, as the kind declares it: its help, default edition, its own
    options (``command_options``) and, for a kind per working group, ``--group``; after the build it prints the
    kind's ``summary``."""
    declared = {option.sets for option in kind.command_options}

    def command(**kw: Any) -> None:
        chosen = {option.sets: kw.pop(_parameter(option), None) for option in kind.command_options}
        groups = chosen.get("groups", kw.pop("groups", ()))
        groups = (groups,) if isinstance(groups, str) else tuple(groups or ())
        since = chosen.get("since")
        if since is not None:
            kw["since"] = since
        run_build(kw, kinds_=(kind.name,), groups=groups or None,
                  on_built=lambda report: _echo(kind.summary(report.changes, since)))

    command.__doc__ = kind.help
    decorated: Callable[..., None] = edition_option(kind.command_edition)(command)
    for option in reversed(kind.command_options):
        decorated = click.option(option.flag, _parameter(option), required=option.required, metavar=option.metavar,
                                 help=option.help)(decorated)
    if kind.per_group and "groups" not in declared:
        decorated = click.option("--group", "groups", multiple=True, metavar="ID",
                                 help="Only this working group's document (repeatable) [default: every group]."
                                 )(decorated)
    example = kind.command_example or "--content my-seminar" + (" --group policy" if kind.per_group else "")
    made = click.command(kind.command, epilog=examples(f"briefpack {kind.command} {example}"))
    return made(common(build_options(decorated)))


def _parameter(option: CommandOption) -> str:
    """The Python name Click gives the option's value (its own, so it cannot clash with the build options)."""
    return "kind_" + option.flag.lstrip("-").replace("-", "_")


def _echo(lines: list[str]) -> None:
    for line in lines:
        click.echo(line)


@click.command("print", epilog=examples("briefpack print --content my-seminar --since sent-to-printer.json"))
@common
@build_options
@click.option("--since", type=click.Path(path_type=Path, dir_okay=False), metavar="OLD_MANIFEST",
              help="List the print files that changed since the run that wrote this manifest, and write "
                   "print/reprint.csv, the order for just those.")
def build_print(since: Path | None, **kw: Any) -> None:
    """Build the print edition of every document: PDF/X-4, booklets and the print order."""
    kw["edition"] = "print"
    run_build(kw, since=since)


@click.command("html", epilog=examples("briefpack html --content my-seminar --out html-preview"))
@common
@edition_option("screen")
def html(**kw: Any) -> None:
    """Write each document's intermediate HTML (renderable with the plain weasyprint command)."""
    progress = Progress(kw.get("quiet", False), kw.get("verbose", False))

    def work() -> None:
        from ..build import pipeline

        for path in pipeline.write_html(options_from(kw)):
            progress.echo(f"  wrote {path}")
    guarded(kw["debug"], work)


@click.command("watch", short_help="Rebuild whatever a saved change affects, until Ctrl-C.",
               epilog=examples("briefpack watch --content my-seminar"))
@common
@build_options
@edition_option("screen")
def watch(**kw: Any) -> None:
    """Rebuild what a change affects whenever content, templates or styles are saved (Ctrl-C to stop, exit
    code 130 like any interrupt).

    Content errors are printed and the last good PDFs kept; watching goes on."""
    options = options_from(kw)
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
    guarded(kw["debug"], work)
