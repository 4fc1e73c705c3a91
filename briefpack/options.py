"""The options of a build, shared by the CLI and the Python API. Light to import: the CLI decides from these
and the build cache whether anything needs doing before it loads the heavier stages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import Paths

KINDS = ("concept-note", "handout", "endnotes")
EDITIONS = ("screen", "print")


@dataclass(frozen=True)
class Options:
    """Shared by the CLI and the Python API."""

    content: Path | None = None
    out: Path = Path("dist")
    kinds: tuple = KINDS
    groups: tuple | None = None  # group ids, None for all
    editions: tuple = ("screen",)
    strict: bool = True
    force: bool = False  # rebuild every output, whatever the cache says
    jobs: int = 1  # worker processes for rendering (the CLI defaults to every core)
    html_as_text: bool = False  # raw HTML in content printed literally instead of rejected

    @property
    def paths(self) -> Paths:
        return Paths.default(self.content)
