"""The options of a build, shared by the CLI and the Python API. Light to import: the CLI decides from these
and the build cache whether anything needs doing before it loads the heavier stages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..content.paths import Paths
from ..kinds.builtin import builtin_registry
from ..kinds.editions import WEB
from ..kinds.outputs import Request
from ..kinds.registry import Registry


def default_jobs() -> int:
    """Worker processes when none are asked for: every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    """Shared by the CLI and the Python API."""

    content: Path | None = None
    out: Path = Path("dist")
    kinds: tuple[str, ...] | None = None  # document kind names; None for every registered kind
    groups: tuple[str, ...] | None = None  # group ids, None for all
    editions: tuple[str, ...] = ("screen",)
    strict: bool = True
    force: bool = False  # rebuild every output, whatever the cache says
    overwrite: bool = False  # replace files the build did not write where its outputs go
    jobs: int = 1  # worker processes for rendering (the CLI defaults to every core)
    html_as_text: bool = False  # raw HTML in content printed literally instead of rejected
    source_date_epoch: int | None = None  # the date PDFs record (SOURCE_DATE_EPOCH); None: the pack's date
    wait: bool = True  # wait for another build of the same out dir to finish (else fail at once)
    templates: Path | None = None  # another templates folder (default: the project's)
    styles: Path | None = None  # another styles folder (default: the project's)
    since: str | None = None  # an earlier version to compare with (`changes --since`, `--mark-changes-since`)
    allow_draft: bool = False  # build the print edition of a draft all the same
    personalise: bool = False  # personal handouts even when the pack does not ask for them (--personalise)
    registry: Registry = field(default_factory=builtin_registry, compare=False, repr=False)  # the kinds known

    @property
    def paths(self) -> Paths:
        paths = Paths.default(self.content)
        return Paths(paths.content, (self.templates or paths.templates).resolve(),
                     (self.styles or paths.styles).resolve())

    @property
    def pdf_editions(self) -> tuple[str, ...]:
        """The editions of PDFs asked for (the web edition is made by its own stage)."""
        return tuple(name for name in self.editions if name != WEB.name)

    @property
    def web(self) -> bool:
        """Whether the web edition is asked for: it is always made whole (every page links the others)."""
        return WEB.name in self.editions

    @property
    def request(self) -> Request:
        kinds = self.kinds if self.kinds is not None else self.registry.built_by_default()
        return Request(kinds, self.groups, self.pdf_editions, self.registry)

    @property
    def settings(self) -> str:
        """What of these options shapes the outputs, for the build fingerprint."""
        request = self.request
        shaping = (str(self.paths.content), request.kinds, request.groups, request.editions, self.strict,
                   self.html_as_text, self.source_date_epoch)
        extra = ((self.since,) if self.since else ()) + (("personalise",) if self.personalise else ())
        extra += (WEB.name,) if self.web else ()
        return repr(shaping + extra)
