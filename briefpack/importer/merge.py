"""Re-import: a revised source imported into a pack made from an earlier version keeps the hand edits made since.
Each imported file is merged three ways, line by line: the previous import as written (kept in the pack, in
BASE), the pack as it is now (yours) and the new import. A part only you changed keeps your version, a part only
the source changed takes the new one; a part both changed differently is a conflict, reported at ``file:line``
with both versions, and nothing is written unless ``settle`` says which side wins."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from ..errors import Loc, Problem
from .destination import IMPORT_RECORD

BASE = IMPORT_RECORD  # in the pack: the files of the last import, as it wrote them
Settle = Literal["new", "mine"]
SHOWN = 3  # lines of each version quoted in a conflict


@dataclass(frozen=True)
class Conflict:
    line: int  # where your version of the part starts in your file (1-based)
    mine: tuple[str, ...]
    new: tuple[str, ...]


def merge3(base: list[str], mine: list[str], new: list[str],
           settle: Settle | None = None) -> tuple[list[str], list[Conflict]]:
    mine_at, new_at = _matches(base, mine), _matches(base, new)
    stable = [i for i in range(len(base)) if i in mine_at and i in new_at]
    out: list[str] = []
    conflicts: list[Conflict] = []
    b = m = n = 0
    for i in [*stable, len(base)]:
        m_end, n_end = mine_at.get(i, len(mine)), new_at.get(i, len(new))
        was, yours, theirs = base[b:i], mine[m:m_end], new[n:n_end]
        if yours == was:
            out += theirs
        elif theirs in (was, yours):
            out += yours
        else:
            conflicts.append(Conflict(m + 1, tuple(yours), tuple(theirs)))
            out += theirs if settle == "new" else yours
        if i < len(base):
            out.append(base[i])
        b, m, n = i + 1, m_end + 1, n_end + 1
    return out, conflicts


def _matches(base: list[str], other: list[str]) -> dict[int, int]:
    """Base line -> the same line in ``other``, for the lines the two have in common (in order)."""
    matched: dict[int, int] = {}
    for block in SequenceMatcher(None, base, other, autojunk=False).get_matching_blocks():
        matched.update((block.a + k, block.b + k) for k in range(block.size))
    return matched


def describe(file: str, conflict: Conflict) -> Problem:
    def quoted(lines: tuple[str, ...]) -> str:
        shown = " / ".join(line.strip() for line in lines[:SHOWN] if line.strip()) or "(nothing)"
        return shown + (" / ..." if len(lines) > SHOWN else "")

    return Problem(Loc(file, conflict.line), f"your edit and the revised source both changed this part (yours: "
                                             f"{quoted(conflict.mine)}; new: {quoted(conflict.new)}; expected one "
                                             "of them: re-run with --take-new or --keep-mine, or edit the pack)")
