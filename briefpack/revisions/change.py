"""One change between two versions: what it is to (its unit), what happened to it, where it is, its words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, assert_never

from ..content.texts import Role
from .diff import Run

Unit = Literal["section title", "paragraph", "questions title", "question", "group title", "note",
               "introduction paragraph"]  # what a change is to
UNITS: tuple[Unit, ...] = ("section title", "paragraph", "questions title", "question", "group title", "note",
                           "introduction paragraph")
What = Literal["added", "removed", "moved", "changed"]  # what happened to a unit
Place = tuple[Unit, str, int]  # (unit, container, index) in one version


def unit_of(role: Role) -> Unit | None:
    """What a comparison calls a text of this role (None: not compared)."""
    match role:
        case "section title" | "paragraph" | "questions title" | "group title" | "note":
            return role
        case "cross-cutting question" | "group question":
            return "question"
        case "handout intro":
            return "introduction paragraph"
        case "document text" | "meta":  # a document's own words (other than the handouts' introduction): not compared
            return None
        case _:
            assert_never(role)


@dataclass(frozen=True)
class Change:
    what: What
    unit: Unit
    where: str  # located in the new version (the old one for what was removed)
    runs: tuple[Run, ...]  # the word diff; all "+" for an addition, all "-" for a removal
    target: Place | None = None  # in the new version: a change bar
    was: str = ""  # where a moved unit was
    origin: Place | None = None  # in the old version
