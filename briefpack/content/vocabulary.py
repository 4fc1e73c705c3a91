"""The fixed sets of names several layers share, each declared once as a ``Literal`` (imports nothing of briefpack).

Objects that say everything about themselves (kinds/editions.py declares each edition) are looked up by these
names; a name outside the set is an error where it is read, never a fallback branch."""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

EditionName = Literal["screen", "print", "web"]  # kinds/editions.py: SCREEN, PRINT and WEB
EDITION_NAMES: tuple[EditionName, ...] = get_args(EditionName)


def is_edition_name(name: str) -> TypeGuard[EditionName]:
    return name in EDITION_NAMES
