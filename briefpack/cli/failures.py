"""How a command ends when something goes wrong: one message for what a user can cause (a traceback only with
--debug), exit code 130 and one line for any interrupt, SIGTERM included."""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable
from types import FrameType

import click

from ..errors import BriefpackError, BuildError

INTERRUPTED = 130


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds through the writers, which remove their temporary files


def guarded(debug: bool, work: Callable[[], None]) -> None:
    """Run ``work``; errors a user can cause print one message, tracebacks only with --debug; any interrupt
    ends with exit code 130 and no summary."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        work()
    except BrokenPipeError:
        reader_gone()
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
        interrupted()
    finally:
        signal.signal(signal.SIGTERM, previous)


def reader_gone() -> None:
    """The program reading our output stopped (`briefpack import x.docx | head`): end quietly, as the shell's
    own commands do, without a message about a pipe (Python's documented recipe: no flush to the closed pipe)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


def interrupted() -> None:
    click.echo("Interrupted: every output is either its previous version or its new one, none half-written.",
               err=True)
    sys.exit(INTERRUPTED)
