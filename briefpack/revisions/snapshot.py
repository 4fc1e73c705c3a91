"""What a version of the pack said (its snapshot), read from the loaded pack (model + numbering), never from PDF
text, so layout, fonts and styles are no change; and its bytes, compact and stable, written and read back."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Protocol

from ..content.model import Pack
from ..content.texts import CROSS_CUTTING, INTRO, Role, texts
from .blocks import blocks, whole

FORMAT = "briefpack-snapshot/1"
LABELS = ("working_group", "question", "cross_cutting_questions")


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


class Numbered(Protocol):
    """What a snapshot reads of the pack's numbering (text/numbering.py's Numbering)."""

    @property
    def numbers(self) -> dict[str, int]: ...


def snapshot(pack: Pack, numbering: Numbered) -> Snapshot:
    """What this version of the pack says, from the loaded pack."""
    meta = pack.meta
    said = _said(pack)
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


def _said(pack: Pack) -> defaultdict[tuple[Role, str], list[str]]:
    """(role, owner) -> the words of each unit: paragraphs block by block, any other text as one unit."""
    said: defaultdict[tuple[Role, str], list[str]] = defaultdict(list)
    for text, place in texts(pack):
        if place.role in ("paragraph", "handout intro"):
            said[(place.role, place.owner)] += [w for _, w in blocks(text)]
        else:
            said[(place.role, place.owner)].append(whole(text))
    return said


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
