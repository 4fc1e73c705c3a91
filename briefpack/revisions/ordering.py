"""The order changes are listed in: the new version's reading order (sections, cross-cutting questions, groups,
notes, the handouts' introduction), removals last."""

from __future__ import annotations

from collections.abc import Callable

from .change import UNITS, Change
from .snapshot import Snapshot

SortKey = tuple[int, int, int, int, int]


def reading_order(new: Snapshot) -> Callable[[Change], SortKey]:
    """Sort key: the new version's reading order (sections, cross-cutting, groups, notes); removals last."""
    sections = {s.id: i for i, s in enumerate(new.sections)}
    groups = {g.id: i for i, g in enumerate(new.groups)}

    def key(change: Change) -> SortKey:
        if change.target is None:
            return (9, 0, 0, 0, UNITS.index(change.unit))
        unit, container, index = change.target
        if unit in ("section title", "paragraph"):
            return (0, sections.get(container, 0), unit == "paragraph", index, 0)
        if container == "cross-cutting":
            return (1, 0, 0, -1 if unit == "questions title" else index, 0)
        if unit == "introduction paragraph":
            return (4, 0, 0, index, 0)
        if unit in ("question", "group title"):
            return (2, groups.get(container, 0), unit == "question", index, 0)
        return (3, 0, 0, index, 0)
    return key
