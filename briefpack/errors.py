"""One exception family. Author mistakes print as ``Error: ...`` without a traceback (Click does that)."""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a content file, 1-based like every editor."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    loc: Loc
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}"


class BriefpackError(click.ClickException):
    """Base of every error a user can cause; exit code 1."""

    exit_code = 1


class ContentError(BriefpackError):
    """One or more problems in the content, all reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} in the content; nothing was written.")
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return self.message


class BuildError(BriefpackError):
    """Rendering or writing failed for a reason the user can act on."""


class Problems:
    """Collects problems so that every stage can report all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.items.append(Problem(loc, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
