"""What a build did (its report), and the clock that times its stages."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..output.manifest import OutputRecord

if TYPE_CHECKING:
    from ..content.model import Pack
    from ..pdf.engine import Done
    from ..revisions.comparison import Comparison


@dataclass
class Report:
    """What a build did."""

    records: list[OutputRecord]  # every output of this build, rebuilt or unchanged, order files included
    built: list[Done]  # each output rendered
    unchanged: list[OutputRecord]  # each output whose file was already right
    written: list[str]  # paths actually (re)written, manifest and cache excluded
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    pack: Pack | None = None  # the pack as this build loaded it
    cache_note: str | None = None  # why the cache was not used, if it was not
    changes: Comparison | None = None  # what changed since the earlier version named, if one was
    ignored: list[str] = field(default_factory=list)  # manifest entries not trusted, and why (shown with -v)

    @property
    def pages(self) -> int:
        return sum(done.pages for done in self.built)

    @property
    def warnings(self) -> list[str]:
        """What rendering found and --no-strict let through (a low-resolution image, say)."""
        return [warning for done in self.built for warning in done.warnings]


class Stopwatch:
    """The seconds each stage took, stage after stage."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.started = time.perf_counter()

    def lap(self, stage: str) -> None:
        """``stage`` ended now; the next one starts now."""
        self.timings[stage], self.started = time.perf_counter() - self.started, time.perf_counter()
