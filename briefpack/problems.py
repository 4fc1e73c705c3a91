"""Where a content problem is and what it is. Plain data, importable without Click or any other stage."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


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


class Problems:
    """Collects problems so that every stage can report all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.items.append(Problem(loc, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    options = list(choices)
    same = [choice for choice in options if choice.lower() == word.lower()]
    close = same or difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(sorted(choices))
