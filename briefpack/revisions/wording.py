"""A comparison in words: where a unit is ("Working Group 2, question 3"), and notes renumbered, in runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .change import Unit
from .snapshot import Snapshot


@dataclass(frozen=True)
class Renumbered:
    note: str
    old: int
    new: int


class Places:
    """Where a unit is, in words, in one version."""

    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.sections = {s.id: s for s in snap.sections}
        self.groups = {g.id: g for g in snap.groups}

    def of(self, unit: Unit, container: str, index: int) -> str:
        labels = self.snap.labels
        if unit == "paragraph":
            return f"{self.sections[container].title}, paragraph {index + 1}"
        if unit == "section title":
            return self.sections[container].title
        if unit == "note":
            return f"note {index}"
        if unit == "introduction paragraph":
            return f"handout introduction, paragraph {index + 1}"
        if unit == "questions title":
            return self.snap.cross_cutting_title or labels["cross_cutting_questions"]
        if container == "cross-cutting":
            return f"{self.snap.cross_cutting_title or labels['cross_cutting_questions']}, " \
                   f"{labels['question']} {index + 1}"
        where = f"{labels['working_group']} {self.groups[container].number}"
        return where if unit == "group title" else f"{where}, {labels['question']} {index + 1}"


def renumbering_runs(renumbered: Sequence[Renumbered]) -> list[str]:
    """Consecutive notes moved by the same amount, in one line each: "notes 5-66 are now notes 6-67"."""
    runs: list[list[Renumbered]] = []
    for item in renumbered:
        last = runs[-1][-1] if runs else None
        if last and item.old == last.old + 1 and item.new - item.old == last.new - last.old:
            runs[-1].append(item)
        else:
            runs.append([item])
    return [f"note {r[0].old} is now note {r[0].new}" if len(r) == 1
            else f"notes {r[0].old}–{r[-1].old} are now notes {r[0].new}–{r[-1].new}" for r in runs]
