"""The command line: options in, pipeline called, a summary out. WeasyPrint is imported only by commands that
render, so ``--help`` and ``check`` stay fast."""

from __future__ import annotations

import time
from pathlib import Path

import click

from . import __version__, pipeline
from .documents import KINDS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def common(func):
    """Options every command takes."""
    func = click.option("--no-strict", "no_strict", is_flag=True,
                        help="Report content warnings (such as an uncited note) without failing.")(func)
    func = click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=None,
                        help="Content folder of the pack [default: content/ of this project].")(func)
    func = click.option("--out", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
                        help="Folder the outputs are written to.")(func)
    func = click.version_option(__version__, prog_name="briefpack")(func)
    return func


def _options(out, content, no_strict, kinds=KINDS, groups=None) -> pipeline.Options:
    return pipeline.Options(content=content, out=out, kinds=kinds, groups=tuple(groups) if groups else None,
                            strict=not no_strict)


def _report_warnings(loaded) -> None:
    for warning in loaded.warnings:
        click.echo(f"warning: {warning}", err=True)


def _build(options: pipeline.Options) -> None:
    started = time.perf_counter()

    def done(spec, pdf):
        click.echo(f"  rendered {spec.filename} ({pdf.pages} pages)")

    try:
        records = pipeline.build(options, on_output=done)
    except pipeline.UnknownGroup as exc:
        raise click.BadParameter(f"unknown group id {', '.join(map(repr, exc.unknown))} "
                                 f"(valid ids: {', '.join(exc.valid)})", param_hint="'--group'") from None
    pages = sum(r.pages for r in records)
    click.echo(f"Wrote {len(records)} PDF{'s' if len(records) != 1 else ''} ({pages} pages) and "
               f"{options.out / 'manifest.json'} in {time.perf_counter() - started:.1f} s")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="briefpack")
def main() -> None:
    """Build a seminar's briefing pack (concept note, working-group handouts, endnotes) from YAML content."""


@main.command("all")
@common
def build_all(out, content, no_strict):
    """Build every document of the pack."""
    _build(_options(out, content, no_strict))


@main.command("note")
@common
def build_note(out, content, no_strict):
    """Build the concept note."""
    _build(_options(out, content, no_strict, kinds=("concept-note",)))


@main.command("handouts")
@common
@click.option("--group", "groups", multiple=True, metavar="ID",
              help="Build only this working group's handout (repeatable) [default: every group].")
def build_handouts(out, content, no_strict, groups):
    """Build one handout per working group."""
    _build(_options(out, content, no_strict, kinds=("handout",), groups=groups))


@main.command("endnotes")
@common
def build_endnotes(out, content, no_strict):
    """Build the standalone endnotes appendix."""
    _build(_options(out, content, no_strict, kinds=("endnotes",)))


@main.command("check")
@common
def check(out, content, no_strict):
    """Validate the content without rendering anything."""
    loaded, _ = pipeline.check(_options(out, content, no_strict))
    _report_warnings(loaded)
    pack = loaded.pack
    questions = len(pack.cross_cutting) + sum(len(g.questions) for g in pack.groups)
    click.echo(f"Content is valid: {len(pack.notes)} notes, {len(pack.groups)} working groups, "
               f"{questions} questions.")


@main.command("html")
@common
def html(out, content, no_strict):
    """Write each document's intermediate HTML (renderable with the plain weasyprint command)."""
    for path in pipeline.write_html(_options(out, content, no_strict)):
        click.echo(f"  wrote {path}")
