"""What changed between two versions of the pack: every unit added, removed, moved or changed, in the new
version's reading order, and every note renumbered. Pure functions only.

Texts are compared as normalised words (blocks.py): a note added before others renumbers them without changing
any text; the renumbering is reported once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .change import Change, Place, Unit
from .diff import Item, Matched, Run, by_key, match, word_diff
from .ordering import reading_order
from .snapshot import Snapshot
from .wording import Places, Renumbered

# kinds/changes.py, kinds/views.py and text/prepared.py read these here
__all__ = ["Comparison", "compare", "for_group"]


@dataclass(frozen=True)
class Comparison:
    old: Snapshot
    new: Snapshot
    changes: tuple[Change, ...]
    renumbered: tuple[Renumbered, ...]

    @property
    def none(self) -> bool:
        return not self.changes and not self.renumbered

    def targets(self) -> set[Place]:
        """The units of the new version that are new or changed (those that get a change bar)."""
        return {c.target for c in self.changes if c.target is not None}


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    """Every unit added, removed, moved or changed from ``old`` to ``new``, in the new version's reading order,
    and every note whose number changed."""
    po, pn = Places(old), Places(new)
    changes = _concept_note_changes(old, new, po, pn) + _group_changes(old, new, po, pn)
    notes, renumbered = _note_changes(old, new, po, pn)
    return Comparison(old, new, tuple(sorted(changes + notes, key=reading_order(new))), renumbered)


def _changes(unit: Unit, matched: Matched, old: Places, new: Places) -> list[Change]:
    found: list[Change] = []
    for o, n in matched.changed:
        target: Place = (unit, n.container, n.index)
        found.append(Change("changed", unit, new.of(*target), word_diff(o.text, n.text), target))
    for o, n in matched.moved:
        target = (unit, n.container, n.index)
        found.append(Change("moved", unit, new.of(*target), (Run("=", n.text),), target,
                            was=old.of(unit, o.container, o.index)))
    for n in matched.added:
        target = (unit, n.container, n.index)
        found.append(Change("added", unit, new.of(*target), (Run("+", n.text),), target))
    for o in matched.removed:
        found.append(Change("removed", unit, old.of(unit, o.container, o.index), (Run("-", o.text),),
                            origin=(unit, o.container, o.index)))
    return found


def _paragraphs(snap: Snapshot) -> list[Item]:
    items = [(s.id, i, text) for s in snap.sections for i, text in enumerate(s.paragraphs)]
    return [Item(container, i, text, order) for order, (container, i, text) in enumerate(items)]


def _questions(container: str, questions: Sequence[str]) -> list[Item]:
    return [Item(container, i, text, i) for i, text in enumerate(questions)]


def _titles(snap: Snapshot) -> dict[str, str]:
    return {"cross-cutting": snap.cross_cutting_title} if snap.cross_cutting_title else {}


def _concept_note_changes(old: Snapshot, new: Snapshot, po: Places, pn: Places) -> list[Change]:
    """Section titles and paragraphs, the cross-cutting questions and their title, the handouts' introduction."""
    changes = _changes("section title", by_key({s.id: s.title for s in old.sections},
                                               {s.id: s.title for s in new.sections}, {}), po, pn)
    changes += _changes("paragraph", match(_paragraphs(old), _paragraphs(new)), po, pn)
    changes += _changes("questions title", by_key(_titles(old), _titles(new), {}), po, pn)
    changes += _changes("question", match(_questions("cross-cutting", old.cross_cutting),
                                          _questions("cross-cutting", new.cross_cutting)), po, pn)
    changes += _changes("introduction paragraph", match(_questions("intro", old.intro),
                                                        _questions("intro", new.intro)), po, pn)
    return changes


def _group_changes(old: Snapshot, new: Snapshot, po: Places, pn: Places) -> list[Change]:
    """Each working group's title and questions; a group added or removed brings or takes all of them."""
    changes = _changes("group title", by_key({g.id: g.title for g in old.groups},
                                             {g.id: g.title for g in new.groups}, {}), po, pn)
    old_groups = {g.id: g for g in old.groups}
    for group in new.groups:
        before = old_groups.get(group.id)
        questions = before.questions if before else ()
        changes += _changes("question", match(_questions(group.id, questions), _questions(group.id, group.questions)),
                            po, pn)
    for group in old.groups:
        if group.id not in {g.id for g in new.groups}:
            changes += _changes("question", match(_questions(group.id, group.questions), []), po, pn)
    return changes


def _note_changes(old: Snapshot, new: Snapshot, po: Places, pn: Places) -> tuple[list[Change], tuple[Renumbered, ...]]:
    """Notes by id: added, removed, text changed; a note whose number alone changed is renumbered, not changed."""
    numbers_old = {n.id: n.number for n in old.notes}
    numbers_new = {n.id: n.number for n in new.notes}
    notes = by_key({n.id: n.text for n in old.notes}, {n.id: n.text for n in new.notes}, numbers_new)
    notes.removed = [Item(i.container, numbers_old[i.container], i.text) for i in notes.removed]
    renumbered = tuple(Renumbered(n, numbers_old[n], numbers_new[n])
                       for n in sorted(numbers_new, key=numbers_new.__getitem__)
                       if n in numbers_old and numbers_old[n] != numbers_new[n])
    return _changes("note", notes, po, pn), renumbered


def for_group(comparison: Comparison, group: str, notes: set[str]) -> Comparison:
    """Only what one working group's handout shows: its title and questions, the cross-cutting questions and the
    notes those cite (``notes``, in the new version), and the handouts' introduction."""
    shown = {group, "cross-cutting"}

    def kept(change: Change) -> bool:
        if change.unit == "introduction paragraph":
            return True
        if change.unit == "note":
            return change.target is not None and change.target[1] in notes
        if change.unit in ("question", "group title"):
            place = change.target or change.origin
            return place is not None and place[1] in shown
        return False
    return Comparison(comparison.old, comparison.new, tuple(c for c in comparison.changes if kept(c)),
                      tuple(r for r in comparison.renumbered if r.note in notes))
