"""What the command line prints while it works: notes, each output, warnings, the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


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

    def output(self, done: Any, index: int, total: int) -> None:
        spec = done.spec
        unit = "sides" if spec.booklet else "pages"
        width = len(str(total))
        self.echo(f"[{index:>{width}}/{total}] {spec.path:<44} {done.pages:>3} {unit:<5} {done.seconds:5.2f} s")

    def warnings(self, loaded: Any) -> None:
        for warning in loaded.warnings:
            click.echo(f"warning: {warning}", err=True)

    def summary(self, report: Any, out: Path, seconds: float) -> None:
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        if report.cache_note:
            self.note(report.cache_note)
        for line in report.ignored:
            self.note(line)
        if self.verbose:
            stages = ", ".join(f"{stage} {t:.2f} s" for stage, t in report.timings.items())
            self.echo(f"stages: {stages}")
        pdfs = [r for r in report.records if r.path.endswith(".pdf")]
        written = len(report.written)
        self.echo(f"Built {len(report.built)}, unchanged {len(report.unchanged)} of {len(pdfs)} PDFs "
                  f"({report.pages} pages rendered) in {seconds:.1f} s; {written} file{'s' if written != 1 else ''}"
                  f" written; manifest: {out / 'manifest.json'}")
