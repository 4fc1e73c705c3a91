"""The commands that check without building: `check` (the content) and `links` (every URL the pack prints)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..build.options import Options
from ..linkcheck.options import LinkOptions, Settings, parse_duration
from ..text import fonts
from .failures import guarded
from .reporters import Progress
from .shared_options import common, examples, options_from


@click.command("check", epilog=examples("briefpack check --content my-seminar"))
@common
def check(**kw: Any) -> None:
    """Validate the content without rendering anything."""
    def work() -> None:
        from ..build import pipeline

        loaded = pipeline.check(options_from(kw))
        progress = Progress(kw.get("quiet", False), False)
        progress.warnings(loaded)
        pack = loaded.pack
        questions = len(pack.cross_cutting) + sum(len(g.questions) for g in pack.groups)
        progress.echo(f"Content is valid: {len(pack.notes)} notes, {len(pack.groups)} working groups, "
                      f"{questions} questions.")
    guarded(kw["debug"], work)


def _duration(value: str) -> float:
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("links", epilog=examples("briefpack links --content my-seminar",
                                         "briefpack links --content my-seminar --fix-redirects"))
@click.version_option(__version__, prog_name="briefpack")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Content folder of the pack [default: this folder if it holds pack.yaml, else content/].")
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

        with fonts.without_coverage():  # renders nothing: never looks for a font
            loaded = pipeline.load(Options(content=content, strict=False))
        outcome = run(loaded.pack, loaded.numbering, options, click.echo)
        if outcome.exit_code:
            sys.exit(outcome.exit_code)
    guarded(debug, work)
