"""What a version of the pack said, and what changed between two versions. Pure functions only.

A snapshot is built from the loaded pack (model + numbering), never from PDF text, so layout, fonts and styles
are no change. Texts are compared as normalised words: citations keep their note ids (``[^kelly-2013]``), so a
note added before others renumbers them without changing any text; the renumbering is reported once."""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, assert_never

from ..content.model import Pack, Text
from ..content.texts import CROSS_CUTTING, INTRO, Role, texts

if TYPE_CHECKING:
    from markdown_it.token import Token

FORMAT = "briefpack-snapshot/1"
SIMILAR = 0.5  # word-level similarity at which two texts are one text changed rather than one removed, one added
CITATION_START = re.compile(r"(\[\^)")
LABELS = ("working_group", "question", "cross_cutting_questions")
Unit = Literal["section title", "paragraph", "questions title", "question", "group title", "note",
               "introduction paragraph"]  # what a change is to


class SnapshotError(ValueError):
    pass


@dataclass(frozen=True)
class SectionSnapshot:
    id: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class GroupSnapshot:
    id: str
    number: int
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class NoteSnapshot:
    id: str
    number: int
    text: str


@dataclass(frozen=True)
class Snapshot:
    """Every section, paragraph, question, group and note of one version, with the notes' numbers."""

    status: str
    version: str
    labels: dict[str, str] = field(hash=False)
    sections: tuple[SectionSnapshot, ...]
    cross_cutting_title: str
    cross_cutting: tuple[str, ...]
    groups: tuple[GroupSnapshot, ...]
    notes: tuple[NoteSnapshot, ...]
    intro: tuple[str, ...] = ()  # the handouts' introduction, paragraph by paragraph


# --- texts to words ---------------------------------------------------------------------------------------

def _inline_text(token: Token) -> str:
    """One inline token as plain words; a link's address follows its text, citations keep their ids."""
    out: list[str] = []
    hrefs: list[tuple[str, int]] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "citation":
            out.append("".join(f"[^{key}]" for key in child.meta["keys"]))
        elif child.type == "image":
            out.append(f"[{''.join(c.content for c in child.children or ())}]")
        elif child.type == "link_open":
            hrefs.append((str(child.attrGet("href") or ""), len(out)))
        elif child.type == "link_close" and hrefs:
            href, start = hrefs.pop()
            if "".join(out[start:]).strip() != href:
                out.append(f" <{href}>")
    return normalise("".join(out))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index of the token closing the block ``tokens[start]`` opens."""
    opening = tokens[start]
    closer = opening.type.replace("_open", "_close")
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == closer and tokens[index].level == opening.level:
            return index
    return len(tokens) - 1


def is_unit_start(token: Token) -> bool:
    """A block compared on its own: a top-level paragraph or quote, an item of a top-level list."""
    return ((token.type in ("paragraph_open", "blockquote_open", "html_block") and token.level == 0)
            or (token.type == "list_item_open" and token.level == 1))


def blocks(text: Text) -> list[tuple[int, str]]:
    """(index of the block's first token, its words) for each block of ``text``; an inline text is one block."""
    tokens = text.parsed.tokens
    if text.inline:
        return [(0, normalise(" ".join(_inline_text(t) for t in tokens if t.type == "inline")))]
    found, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if not is_unit_start(token):
            index += 1
            continue
        end = index if token.type == "html_block" else _closing(tokens, index)
        inner = tokens[index:end + 1]
        words = token.content if token.type == "html_block" else " ".join(
            _inline_text(t) for t in inner if t.type == "inline")
        found.append((index, normalise(words)))
        index = end + 1
    return found


def words(text: str) -> list[str]:
    """The words compared; a citation is a word of its own, so that citing one more note changes only that."""
    return CITATION_START.sub(r" \1", text).split()


# --- snapshots --------------------------------------------------------------------------------------------

class Numbered(Protocol):
    """What a snapshot reads of the pack's numbering (text/numbering.py's Numbering)."""

    @property
    def numbers(self) -> dict[str, int]: ...


def snapshot(pack: Pack, numbering: Numbered) -> Snapshot:
    """What this version of the pack says, from the loaded pack."""
    meta = pack.meta
    said: dict[tuple[Role, str], list[str]] = defaultdict(list)  # (role, owner) -> the words of each unit
    for text, place in texts(pack):
        if place.role in ("paragraph", "handout intro"):  # compared block by block
            said[(place.role, place.owner)] += [w for _, w in blocks(text)]
        else:
            said[(place.role, place.owner)].append(_one(text))
    sections = tuple(SectionSnapshot(s.id, said[("section title", s.id)][0], tuple(said[("paragraph", s.id)]))
                     for s in pack.all_sections())
    groups = tuple(GroupSnapshot(g.id, g.number, said[("group title", g.id)][0],
                                 tuple(said[("group question", g.id)])) for g in pack.groups)
    notes = tuple(NoteSnapshot(n.id, numbering.numbers[n.id], said[("note", n.id)][0])
                  for n in sorted(pack.notes, key=lambda n: numbering.numbers[n.id]))
    title = said.get(("questions title", CROSS_CUTTING), [""])[0]
    return Snapshot(meta.status, meta.version or "", {k: meta.labels[k] for k in LABELS}, sections, title,
                    tuple(said[("cross-cutting question", CROSS_CUTTING)]), groups, notes,
                    tuple(said[("handout intro", INTRO)]))


def unit_of(role: Role) -> Unit | None:
    """What a comparison calls a text of this role (None: not compared)."""
    match role:
        case "section title" | "paragraph" | "questions title" | "group title" | "note":
            return role
        case "cross-cutting question" | "group question":
            return "question"
        case "handout intro":
            return "introduction paragraph"
        case "meta":
            return None
        case _:
            assert_never(role)


def _one(text: Text) -> str:
    return " ".join(w for _, w in blocks(text))


def to_bytes(snap: Snapshot) -> bytes:
    """Compact, stable JSON: the same pack always gives the same bytes."""
    data = {"format": FORMAT, **asdict(snap)}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8")


def from_bytes(data: bytes) -> Snapshot:
    """A snapshot written by ``to_bytes``; SnapshotError for anything else."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw.pop("format") != FORMAT:
            raise SnapshotError(f"not a {FORMAT} file")
        return Snapshot(
            status=str(raw["status"]), version=str(raw["version"]),
            labels={k: str(raw["labels"][k]) for k in LABELS},
            sections=tuple(SectionSnapshot(str(s["id"]), str(s["title"]), tuple(map(str, s["paragraphs"])))
                           for s in raw["sections"]),
            cross_cutting_title=str(raw["cross_cutting_title"]), cross_cutting=tuple(map(str, raw["cross_cutting"])),
            groups=tuple(GroupSnapshot(str(g["id"]), int(g["number"]), str(g["title"]),
                                       tuple(map(str, g["questions"]))) for g in raw["groups"]),
            notes=tuple(NoteSnapshot(str(n["id"]), int(n["number"]), str(n["text"])) for n in raw["notes"]),
            intro=tuple(map(str, raw["intro"])))
    except SnapshotError:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SnapshotError(f"not a briefpack snapshot ({type(exc).__name__}: {str(exc)[:60]})") from None


# --- comparison -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """A stretch of words in a word diff: kept (``=``), inserted (``+``) or deleted (``-``)."""

    op: str
    text: str


@dataclass(frozen=True)
class Change:
    what: str  # "added" | "removed" | "moved" | "changed"
    unit: Unit
    where: str  # located in the new version (the old one for what was removed)
    runs: tuple[Run, ...]  # the word diff; all "+" for an addition, all "-" for a removal
    target: tuple[str, str, int] | None = None  # (unit, container, index) in the new version: a change bar
    was: str = ""  # where a moved unit was
    origin: tuple[str, str, int] | None = None  # (unit, container, index) in the old version


@dataclass(frozen=True)
class Renumbered:
    note: str
    old: int
    new: int


@dataclass(frozen=True)
class Comparison:
    old: Snapshot
    new: Snapshot
    changes: tuple[Change, ...]
    renumbered: tuple[Renumbered, ...]

    @property
    def none(self) -> bool:
        return not self.changes and not self.renumbered

    def targets(self) -> set[tuple[str, str, int]]:
        """The units of the new version that are new or changed (those that get a change bar)."""
        return {c.target for c in self.changes if c.target is not None}


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


def _changes(unit: Unit, matched: Matched, old: Places, new: Places) -> list[Change]:
    found: list[Change] = []
    for o, n in matched.changed:
        target = (unit, n.container, n.index)
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


def _by_key(old: dict[str, str], new: dict[str, str], index: dict[str, int]) -> Matched:
    """Units that have ids (section and group titles, notes): the same id is the same unit."""
    matched = Matched()
    matched.changed = [(Item(k, index.get(k, 0), old[k]), Item(k, index.get(k, 0), new[k]))
                       for k in new if k in old and old[k] != new[k]]
    matched.added = [Item(k, index.get(k, 0), new[k]) for k in new if k not in old]
    matched.removed = [Item(k, 0, old[k]) for k in old if k not in new]
    return matched


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    """Every unit added, removed, moved or changed from ``old`` to ``new``, in the new version's reading order,
    and every note whose number changed."""
    po, pn = Places(old), Places(new)
    changes = _concept_note_changes(old, new, po, pn) + _group_changes(old, new, po, pn)
    notes, renumbered = _note_changes(old, new, po, pn)
    return Comparison(old, new, tuple(sorted(changes + notes, key=_reading_order(new))), renumbered)


def _titles(snap: Snapshot) -> dict[str, str]:
    return {"cross-cutting": snap.cross_cutting_title} if snap.cross_cutting_title else {}


def _concept_note_changes(old: Snapshot, new: Snapshot, po: Places, pn: Places) -> list[Change]:
    """Section titles and paragraphs, the cross-cutting questions and their title, the handouts' introduction."""
    changes = _changes("section title", _by_key({s.id: s.title for s in old.sections},
                                                {s.id: s.title for s in new.sections}, {}), po, pn)
    changes += _changes("paragraph", match(_paragraphs(old), _paragraphs(new)), po, pn)
    changes += _changes("questions title", _by_key(_titles(old), _titles(new), {}), po, pn)
    changes += _changes("question", match(_questions("cross-cutting", old.cross_cutting),
                                          _questions("cross-cutting", new.cross_cutting)), po, pn)
    changes += _changes("introduction paragraph", match(_questions("intro", old.intro),
                                                        _questions("intro", new.intro)), po, pn)
    return changes


def _group_changes(old: Snapshot, new: Snapshot, po: Places, pn: Places) -> list[Change]:
    """Each working group's title and questions; a group added or removed brings or takes all of them."""
    changes = _changes("group title", _by_key({g.id: g.title for g in old.groups},
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
    notes = _by_key({n.id: n.text for n in old.notes}, {n.id: n.text for n in new.notes}, numbers_new)
    notes.removed = [Item(i.container, numbers_old[i.container], i.text) for i in notes.removed]
    renumbered = tuple(Renumbered(n, numbers_old[n], numbers_new[n])
                       for n in sorted(numbers_new, key=numbers_new.__getitem__)
                       if n in numbers_old and numbers_old[n] != numbers_new[n])
    return _changes("note", notes, po, pn), renumbered


def _reading_order(new: Snapshot) -> Callable[[Change], tuple[int, int, int, int, int]]:
    """Sort key: the new version's reading order (sections, cross-cutting, groups, notes); removals last."""
    sections = {s.id: i for i, s in enumerate(new.sections)}
    groups = {g.id: i for i, g in enumerate(new.groups)}
    parts = ("section title", "paragraph", "questions title", "question", "group title", "note",
             "introduction paragraph")

    def key(change: Change) -> tuple[int, int, int, int, int]:
        if change.target is None:
            return (9, 0, 0, 0, parts.index(change.unit))
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

