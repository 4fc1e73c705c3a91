"""Draft and version marks, and what every build keeps of what it said (its snapshot).

A draft says so on every page and in its order sheet, and its print edition is refused unless asked for; each
build stores a snapshot of the pack in the output folder, listed in the manifest, for later comparisons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..output.manifest import BOTH, OutputRecord
from ..output.out_dir import SNAPSHOT
from ..revisions.snapshot import snapshot, to_bytes

if TYPE_CHECKING:  # documents imports this module; these import documents (and revisions is not needed to say
    # that nothing changed: a build that is up to date does not import it)
    from ..text.prepared import Loaded


__all__ = ["SNAPSHOT", "snapshot_bytes"]


def snapshot_bytes(loaded: Loaded) -> bytes:
    return to_bytes(snapshot(loaded.pack, loaded.numbering))


def snapshot_record(sha256: str) -> OutputRecord:
    return OutputRecord(SNAPSHOT, "snapshot", None, BOTH, 0, sha256)


