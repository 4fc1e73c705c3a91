"""Re-import: a revised source imported into a pack made from an earlier version keeps the hand edits made since.
Each imported file is merged three ways: the previous import as written (kept in the pack, in BASE), the pack as
it is now (yours) and the new import. The merge goes item by item: the file's top-level keys, then the items
under each (sections, groups and notes by their id, other keys by name), each with the comment lines above it, so
that an item moved, added or removed on one side is merged as an item; within one item, line by line. A part only
you changed keeps your version, a part only the source changed takes the new one; a part both changed
differently (or an item one side removed and the other changed) is a conflict, reported at ``file:line`` with
both versions, and nothing is written unless ``settle`` says which side wins."""

from __future__ import annotations

import re
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


# An item's first line at its indentation: "- id: X" (a list of items with ids) or "key:" (a mapping's entry)
ITEM_RE = re.compile(r"(?P<indent> *)(?:- id: *(?P<id>[^\s#]+)|(?P<key>[^\s#:-][^:#]*?|'[^']*'|\"[^\"]*\"):(?:\s|$))")
UNKEYED_RE = re.compile(r" *- ")  # a list item without an id: merged with its neighbours, line by line


@dataclass
class Item:
    key: str
    at: int  # index of its first line (comments above it included) in its file
    lines: list[str]


@dataclass
class Items:
    head: list[str]  # lines before the first item (the schema line, the file's comments)
    at: int
    items: list[Item]

    def keys(self) -> list[str]:
        return [item.key for item in self.items]

    def get(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)


def merge_file(base: list[str], mine: list[str], new: list[str],
               settle: Settle | None = None) -> tuple[list[str], list[Conflict]]:
    """One file merged item by item (top-level keys, then the items under each), each item line by line."""
    return _merge_level(base, mine, new, settle, indent=0, offset=0)


def _merge_level(base: list[str], mine: list[str], new: list[str], settle: Settle | None, indent: int,
                 offset: int) -> tuple[list[str], list[Conflict]]:
    split = [_items(lines, indent) for lines in (base, mine, new)]
    b, m, n = split
    if b is None or m is None or n is None or indent > 2:
        out, conflicts = merge3(base, mine, new, settle)
        return out, [Conflict(c.line + offset, c.mine, c.new) for c in conflicts]
    out, conflicts = merge3(b.head, m.head, n.head, settle)
    conflicts = [Conflict(c.line + offset, c.mine, c.new) for c in conflicts]
    for key in _order(b, m, n):
        lines, found = _merge_item(b.get(key), m.get(key), n.get(key), settle, indent, offset + m.at)
        out += lines
        conflicts += found
    return out, conflicts


def _merge_item(was: Item | None, yours: Item | None, theirs: Item | None, settle: Settle | None, indent: int,
                offset: int) -> tuple[list[str], list[Conflict]]:
    """One item of the three versions: merged inside when all have it, else taken, dropped or in conflict."""
    if yours is not None and theirs is not None:
        return _merge_level(was.lines if was else [], yours.lines, theirs.lines, settle, indent + 2,
                            offset + yours.at)
    added = yours or theirs
    if was is None:  # added on one side only
        return (added.lines if added else []), []
    if yours is not None:  # the source removed it
        if yours.lines == was.lines:
            return [], []
        return ([] if settle == "new" else yours.lines), [Conflict(offset + yours.at + 1, tuple(yours.lines), ())]
    if theirs is not None:  # you removed it
        if theirs.lines == was.lines:
            return [], []
        return (theirs.lines if settle == "new" else []), [Conflict(offset + 1, (), tuple(theirs.lines))]
    return [], []


def _order(b: Items, m: Items, n: Items) -> list[str]:
    """The merged items' order: the source's, unless you reordered the items; the other side's own items after
    the item they follow there."""
    mine_kept = [k for k in m.keys() if b.get(k) is not None]
    you_reordered = mine_kept != [k for k in b.keys() if m.get(k) is not None]
    first, second = (m, n) if you_reordered else (n, m)
    order = first.keys()
    for position, key in enumerate(second.keys()):
        if key in order:
            continue
        before = next((k for k in reversed(second.keys()[:position]) if k in order), None)
        order.insert(order.index(before) + 1 if before is not None else 0, key)
    return order


def _items(lines: list[str], indent: int) -> Items | None:
    """The lines as the items at ``indent``; None when they are not all keyed (a list of plain texts)."""
    head: list[str] = []
    items: list[Item] = []
    for number, line in enumerate(lines):
        body = line.rstrip("\n")
        if body[:indent].strip() == "" and len(body) > indent and body[indent] not in " #":
            match = ITEM_RE.fullmatch(body) or ITEM_RE.match(body)
            if match is None or len(match["indent"]) != indent:
                if UNKEYED_RE.match(body) and len(body) - len(body.lstrip()) == indent:
                    return None
            else:
                current = items[-1].lines if items else head
                above = _comments_above(current, indent)
                del current[len(current) - len(above):]
                start = number - len(above)
                items.append(Item(match["id"] or match["key"].strip(), start, [*above, line]))
                continue
        (items[-1].lines if items else head).append(line)
    if len({item.key for item in items}) != len(items):
        return None  # a key twice: not items a merge can tell apart
    return Items(head, 0, items)


def _comments_above(lines: list[str], indent: int) -> list[str]:
    """The comment lines at ``indent`` that end ``lines``: they belong to the item after them."""
    count = 0
    for line in reversed(lines):
        if line.startswith(" " * indent + "#"):
            count += 1
        else:
            break
    return lines[len(lines) - count:]


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
