"""One exception family. Author mistakes print as ``Error: ...`` without a traceback (Click does that)."""

from __future__ import annotations

from collections.abc import Iterable

import click

from .problems import Loc, Problem, Problems

__all__ = ["BriefpackError", "BuildError", "ContentError", "Loc", "Problem", "Problems", "UsageError"]


class BriefpackError(click.ClickException):
    """Base of every error a user can cause; exit code 1."""

    exit_code = 1


class ContentError(BriefpackError):
    """One or more problems in the content, all reported together."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} in the content; nothing was written.")
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return self.message


class BuildError(BriefpackError):
    """Rendering or writing failed for a reason the user can act on."""


class UsageError(BriefpackError):
    """A request that cannot be met as asked (an unknown group, say); exit code 2 like Click's usage errors."""

    exit_code = 2


class SourceError(BriefpackError):
    """The source cannot be imported; one line per problem, nothing written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
