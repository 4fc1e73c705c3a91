"""The diff of two versions: word runs inside a text, and units of a list paired up (same words first, then
similar words) and sorted into changed, moved, added and removed."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .blocks import words

SIMILAR = 0.5  # word-level similarity at which two texts are one text changed rather than one removed, one added
Op = Literal["=", "+", "-"]  # a run of words kept, inserted or deleted


@dataclass(frozen=True)
class Run:
    """A stretch of words in a word diff: kept (``=``), inserted (``+``) or deleted (``-``)."""

    op: Op
    text: str


def word_diff(old: str, new: str) -> tuple[Run, ...]:
    """Word-level insertions and deletions turning ``old`` into ``new``."""
    a, b = words(old), words(new)
    runs: list[Run] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(Run("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(Run("-", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(Run("+", " ".join(b[j1:j2])))
    return tuple(runs)


def similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(None, words(old), words(new), autojunk=False).ratio()


@dataclass(frozen=True)
class Item:
    """One unit of a list being compared: its place (container, index) and its words."""

    container: str
    index: int
    text: str
    order: int = 0  # position in the whole list being compared


@dataclass
class Matched:
    changed: list[tuple[Item, Item]] = field(default_factory=list)
    moved: list[tuple[Item, Item]] = field(default_factory=list)
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)


def match(old: Sequence[Item], new: Sequence[Item]) -> Matched:
    """Pair the units of two versions of a list (same words first, then similar words), then sort the pairs:
    those that kept their order and container are unchanged or changed, the others moved; what is left over
    was added or removed."""
    pairs = _pairs(list(old), list(new))
    in_order = _longest_in_order(pairs)
    result = Matched()
    for o, n in pairs:
        moved = (o, n) not in in_order or o.container != n.container
        if o.text != n.text:
            result.changed.append((o, n))
        elif moved:
            result.moved.append((o, n))
    paired_old = {id(o) for o, _ in pairs}
    paired_new = {id(n) for _, n in pairs}
    result.added = [n for n in new if id(n) not in paired_new]
    result.removed = [o for o in old if id(o) not in paired_old]
    return result


def _pairs(old: list[Item], new: list[Item]) -> list[tuple[Item, Item]]:
    """(old, new) pairs: identical texts in order, then the most similar of the rest (at least SIMILAR)."""
    pairs: list[tuple[Item, Item]] = []
    for item in new:
        twin = next((o for o in old if o.text == item.text), None)
        if twin is not None:
            pairs.append((twin, item))
            old = [o for o in old if o is not twin]
    left_new = [n for n in new if all(n is not p[1] for p in pairs)]
    scored = sorted(((similarity(o.text, n.text), o.container == n.container, i, j)
                     for i, o in enumerate(old) for j, n in enumerate(left_new)),
                    key=lambda s: (-s[0], not s[1], s[2], s[3]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    for score, _, i, j in scored:
        if score >= SIMILAR and i not in used_old and j not in used_new:
            pairs.append((old[i], left_new[j]))
            used_old.add(i)
            used_new.add(j)
    return sorted(pairs, key=lambda p: p[0].order)


def _longest_in_order(pairs: list[tuple[Item, Item]]) -> list[tuple[Item, Item]]:
    """The heaviest set of pairs whose new order follows their old order (a pair that stayed in its container
    weighs more): the units that did not move. The rest moved. Quadratic, and lists are short."""
    best: list[tuple[int, int]] = []  # (weight of the best chain ending here, previous index)
    for k, (o, n) in enumerate(pairs):
        weight = 2 if o.container == n.container else 1
        before = [(best[i][0], i) for i in range(k) if pairs[i][1].order < n.order]
        top = max(before, default=(0, -1))
        best.append((top[0] + weight, top[1]))
    chain: list[tuple[Item, Item]] = []
    k = max(range(len(best)), key=lambda i: best[i][0], default=-1)
    while k >= 0:
        chain.append(pairs[k])
        k = best[k][1]
    return chain


def by_key(old: dict[str, str], new: dict[str, str], index: dict[str, int]) -> Matched:
    """Units that have ids (section and group titles, notes): the same id is the same unit."""
    matched = Matched()
    matched.changed = [(Item(k, index.get(k, 0), old[k]), Item(k, index.get(k, 0), new[k]))
                       for k in new if k in old and old[k] != new[k]]
    matched.added = [Item(k, index.get(k, 0), new[k]) for k in new if k not in old]
    matched.removed = [Item(k, 0, old[k]) for k in old if k not in new]
    return matched
