"""The options several commands take, and the build options they make."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import click

from .. import __version__
from ..build.options import Options, default_jobs
from ..content.paths import Paths
from ..content.read_pack import editions_of
from ..kinds.builtin import builtin_registry

EDITION_CHOICES = {"screen": ("screen",), "print": ("print",), "both": ("screen", "print"), "web": ("web",)}
F = TypeVar("F", bound=Callable[..., object])  # a command's callback: decorators give it back as it is


class Decorator(Protocol):
    def __call__(self, func: F, /) -> F: ...


def common(func: F) -> F:
    """Options every command takes."""
    options = [
        click.version_option(__version__, prog_name="briefpack"),
        click.option("--out", type=click.Path(path_type=Path), default=Path("dist"), show_default=True,
                     help="Folder the outputs are written to."),
        click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=None,
                     help="Content folder of the pack [default: this folder if it holds pack.yaml, else content/]."),
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


def edition_option(default: str | None) -> Decorator:
    """--edition; with no default, the editions pack.yaml's `editions:` lists (screen and print if none)."""
    said = "" if default is not None else " [default: the editions pack.yaml lists, else screen and print]"
    return click.option("--edition", type=click.Choice(list(EDITION_CHOICES)), default=default,
                        show_default=default is not None,
                        help="screen: tagged PDF/UA for e-mail and the web; print: PDF/X-4 with bleed, crop marks, "
                             "QR codes and booklets, under DIR/print/; both (screen and print); web: HTML pages "
                             "that stand on their own, under DIR/web/." + said)


def build_options(func: F) -> F:
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


def options_from(kw: dict[str, Any], kinds_: tuple[str, ...] | None = None,
                 groups: tuple[str, ...] | None = None) -> Options:
    """The build options of a command's parsed options (those it does not take keep their defaults)."""
    return Options(content=kw["content"], out=kw["out"], kinds=kinds_, groups=tuple(groups) if groups else None,
                   strict=not kw["no_strict"], html_as_text=kw["html_as_text"],
                   editions=_editions(kw), force=kw.get("force", False),
                   overwrite=kw.get("overwrite", False),
                   jobs=kw.get("jobs") or default_jobs(), source_date_epoch=source_date_epoch(),
                   wait=not kw.get("no_wait", False), since=kw.get("since") or kw.get("mark_changes_since"),
                   allow_draft=kw.get("allow_draft", False), personalise=kw.get("personalise", False))


def examples(*lines: str) -> str:
    """A command's epilog: its examples, kept as written (\b stops Click rewrapping them)."""
    return "\b\nExample" + ("s" if len(lines) > 1 else "") + ":\n" + "\n".join(f"  {line}" for line in lines)


def _editions(kw: dict[str, Any]) -> tuple[str, ...]:
    """The editions asked for: --edition's, or (no --edition given to `all`) those pack.yaml lists."""
    edition = kw.get("edition", "screen")
    if edition is not None:
        return EDITION_CHOICES[edition]
    return editions_of(Paths.default(kw["content"]).content, builtin_registry().pack_fields())
