"""The manifest: every output in the out dir, what it is, its pages and its digest. Read strictly."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class OutputRecord:
    path: str  # relative to the out dir, with forward slashes
    kind: str  # the document kind's name, "booklet", "order-sheet" or "order-summary"
    group: str | None
    edition: str
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
    return OutputRecord(**entry)


def read(path: Path) -> list[OutputRecord]:
    """An earlier run's manifest; OSError or ManifestError when it cannot be read."""
    return parse(path.read_bytes())


def to_bytes(records: list[OutputRecord]) -> bytes:
    outputs = [asdict(r) for r in sorted(records, key=lambda r: r.path)]
    return (json.dumps({"outputs": outputs}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
