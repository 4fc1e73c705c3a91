"""What the command line prints while it works and when it is done: notes, each output, warnings, the
summaries of a build, of an up-to-date check, of a reprint and of a comparison."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..build.report import Report
    from ..build.reprint import Reprint
    from ..output.cache import LastBuild
    from ..pdf.engine import Done
    from ..text.prepared import Loaded


class Progress:
    """One line per output as it finishes, a counter in front; plain text, so it reads the same piped."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose

    def echo(self, text: str = "", err: bool = False) -> None:
        if not self.quiet or err:
            click.echo(text, err=err)

    def note(self, text: str) -> None:
        """A detail shown only with -v."""
        if self.verbose:
            self.echo(text)

    def output(self, done: Done, index: int, total: int) -> None:
        spec = done.spec
        unit = ("side" if spec.booklet else "page") + ("" if done.pages == 1 else "s")
        width = len(str(total))
        self.echo(f"[{index:>{width}}/{total}] {spec.path:<44} {done.pages:>3} {unit:<5} {done.seconds:5.2f} s")

    def warnings(self, loaded: Loaded) -> None:
        for warning in loaded.warnings:
            click.echo(f"warning: {warning}", err=True)

    def summary(self, report: Report, out: Path, seconds: float) -> None:
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        if report.cache_note:
            self.note(report.cache_note)
        for line in report.ignored:
            self.note(line)
        if self.verbose:
            stages = ", ".join(f"{stage} {t:.2f} s" for stage, t in report.timings.items())
            self.echo(f"stages: {stages}")
        self.echo(f"{built_summary(report)} in {seconds:.1f} s; {plural(len(report.written), 'file')} written; "
                  f"manifest: {out / 'manifest.json'}")

    def up_to_date(self, last: LastBuild, seconds: float) -> None:
        """The last build's warnings again, and that nothing is built."""
        for warning in last.warnings:
            click.echo(f"warning: {warning}", err=True)
        self.echo(f"Up to date: nothing changed since the last build ({last.pdfs} PDFs) [{seconds:.2f} s]")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def built_summary(report: Report) -> str:
    """What became of every PDF: rendered, stamped (personal copies, made from a rendered handout) or unchanged;
    the three add up to the PDFs of the build."""
    pdfs = [r for r in report.records if r.path.endswith(".pdf")]
    rendered = {done.spec.path for done in report.built}
    kept = {r.path for r in report.unchanged}
    written = set(report.written)
    derived = [r for r in pdfs if r.path not in rendered and r.path not in kept]
    stamped = len([r for r in derived if r.path in written])
    unchanged = len(kept) + len(derived) - stamped
    personal = f", stamped {stamped} personal {'copy' if stamped == 1 else 'copies'}" if derived else ""
    return (f"Built {len(report.built)}{personal}, unchanged {unchanged} of {len(pdfs)} PDFs "
            f"({plural(report.pages, 'page')} rendered)")


def report_reprint(reprint: Reprint, path: Path | None) -> None:
    """What changed since the run sent to the printer, and the order for the reprint."""
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


