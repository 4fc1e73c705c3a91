"""Watch mode: one warm builder, rebuilding what each save affects; content errors never stop it."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..build.options import Options
from ..errors import BriefpackError

if TYPE_CHECKING:
    from ..build.pipeline import Builder
    from .reporters import Progress

DEBOUNCE_MS = 150  # a save often writes a file twice; one rebuild for both


def _relevant(options: Options, changes: Iterable[tuple[object, str]]) -> list[Path]:
    """Changed files that are inputs: not our outputs (an out dir may sit inside the content), not editors'
    temporaries (hidden, backup, or created and gone again within the same batch)."""
    from watchfiles import Change

    out = options.out.resolve()
    paths_ = options.paths
    inputs = [folder.resolve() for folder in (paths_.content, paths_.templates, paths_.styles)]
    inside = [folder for folder in inputs if folder.is_relative_to(out)]  # --content content --out .
    added = {Path(name) for change, name in changes if change == Change.added}
    paths = set()
    for _, name in changes:
        path = Path(name)
        real = path.resolve()
        ours = real.is_relative_to(out) and not any(real.is_relative_to(folder) for folder in inside)
        if ours or path.name.startswith((".", "#")) or path.name.endswith("~"):
            continue
        if path in added and not path.exists():
            continue
        paths.add(path)
    return sorted(paths)


def rebuild(builder: Builder, options: Options, progress: Progress, debug: bool = False) -> bool:
    """One incremental build; errors are printed, not raised. True if it succeeded."""
    started = time.perf_counter()
    try:
        report = builder.build(options, on_output=progress.output, on_wait=progress.echo)
    except BriefpackError as exc:
        if debug:
            traceback.print_exception(exc)
        click.echo(f"Error: {exc.format_message()}", err=True)
        click.echo("The last good PDFs are kept; fix the content and save again.", err=True)
        return False
    for warning in report.warnings:
        progress.echo(f"warning: {warning}", err=True)
    rebuilt = ", ".join(done.spec.path for done in report.built) or "nothing"
    progress.echo(f"Rebuilt {len(report.built)} ({rebuilt}), unchanged {len(report.unchanged)}, in "
                  f"{time.perf_counter() - started:.1f} s")
    return True


def watch_and_build(builder: Builder, options: Options, progress: Progress, debug: bool = False,
                    stop_event: threading.Event | None = None) -> None:
    from watchfiles import watch

    paths = options.paths
    folders = [paths.content, paths.templates, paths.styles]
    changes_seen = watch(*folders, debounce=DEBOUNCE_MS, step=50, stop_event=stop_event, raise_interrupt=False,
                         yield_on_timeout=True, rust_timeout=500)
    next(changes_seen)  # the watcher is running: a save from now on is seen, even one during the first build
    rebuild(builder, options, progress, debug)
    progress.echo("Watching " + ", ".join(str(f) for f in folders) + " (Ctrl-C to stop)")
    for changes in changes_seen:
        changed = _relevant(options, changes)
        if not changed:
            continue
        progress.echo(f"Changed: {', '.join(str(p) for p in changed)}")
        rebuild(builder, options, progress, debug)
