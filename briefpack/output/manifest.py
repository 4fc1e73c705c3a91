"""The manifest: every output in the out dir, what it is, its pages and its digest. Read strictly."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final, Literal, NewType, TypeGuard, get_args

from ..content.vocabulary import EDITION_NAMES, EditionName

MANIFEST = "manifest.json"

# What an entry is: a document kind's name (from the build's registry: an open set) or one of these files, which
# the build writes besides the documents of its kinds (out_dir.py says where each may be).
# The engine's own files; the files a kind adds beside its documents (the packing list's sheets, a personalised
# kind's group copies) have kinds that kind declares.
FileKind = Literal["booklet", "order-sheet", "order-summary", "snapshot", "participant-handout", "personal-index",
                   "personal-data-notice"]
FILE_KINDS: tuple[FileKind, ...] = get_args(FileKind)
EntryKind = FileKind | str  # str: a kind's name, or a kind of file a kind declares

BOTH: Final = "both"  # the edition of a file that belongs to every edition (the snapshot)
EntryEdition = EditionName | Literal["both"]
ENTRY_EDITIONS: tuple[EntryEdition, ...] = (*EDITION_NAMES, BOTH)
# An edition read from a manifest that no build of ours writes: kept, so that out_dir distrusts that entry alone.
UnknownEdition = NewType("UnknownEdition", str)


def is_entry_edition(name: str) -> TypeGuard[EntryEdition]:
    return name in ENTRY_EDITIONS


@dataclass(frozen=True)
class OutputRecord:
    path: str  # relative to the out dir, with forward slashes
    kind: EntryKind
    group: str | None
    edition: EntryEdition | UnknownEdition
    pages: int
    sha256: str


class ManifestError(ValueError):
    pass


def parse(data: bytes) -> list[OutputRecord]:
    """The records of a manifest's bytes; ManifestError when they are not exactly what briefpack writes."""
    try:
        outputs = json.loads(data.decode("utf-8"))["outputs"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ManifestError(f'expected {{"outputs": [...]}} ({exc})') from None
    if not isinstance(outputs, list):
        raise ManifestError('expected {"outputs": [...]}')
    return [_record(entry) for entry in outputs]


def _record(entry: object) -> OutputRecord:
    types: dict[str, type | tuple[type, ...]] = {"path": str, "kind": str, "group": (str, type(None)), "edition": str,
                                                 "pages": int, "sha256": str}
    if not isinstance(entry, dict) or set(entry) != set(types):
        raise ManifestError(f"expected entries with {', '.join(types)} (found {str(entry)[:80]})")
    for name, expected in types.items():
        if not isinstance(entry[name], expected) or isinstance(entry[name], bool):
            raise ManifestError(f"{name} of {str(entry.get('path'))[:60]} has the wrong type")
    edition: str = entry["edition"]
    return OutputRecord(entry["path"], entry["kind"], entry["group"],
                        edition if is_entry_edition(edition) else UnknownEdition(edition), entry["pages"],
                        entry["sha256"])


def read(path: Path) -> list[OutputRecord]:
    """An earlier run's manifest; OSError or ManifestError when it cannot be read."""
    return parse(path.read_bytes())


def to_bytes(records: list[OutputRecord]) -> bytes:
    outputs = [asdict(r) for r in sorted(records, key=lambda r: r.path)]
    return (json.dumps({"outputs": outputs}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
