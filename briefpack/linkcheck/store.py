"""The link cache, ``OUT/.briefpack/links.json``: what each URL answered and when, so that a URL checked
recently is not asked again. A missing or damaged cache is simply empty: it only ever saves requests."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .checker import Result

VERSION = 1


def cache_path(out: Path) -> Path:
    return out / ".briefpack" / "links.json"


def read(path: Path) -> dict[str, tuple[float, Result]]:
    """{url: (checked at, result)}; empty when the file is missing or not ours."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return {}
        return {url: (float(entry["checked_at"]), Result.from_json(entry["result"]))
                for url, entry in data["links"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def fresh(entries: dict[str, tuple[float, Result]], now: float, max_age: float) -> dict[str, Result]:
    """The cached results younger than ``max_age`` seconds."""
    return {url: result for url, (checked_at, result) in entries.items() if 0 <= now - checked_at <= max_age}


def save(path: Path, entries: dict[str, tuple[float, Result]], new: dict[str, Result], now: float) -> None:
    """Add the cacheable results of ``new`` to ``entries`` and write the file atomically."""
    merged = dict(entries)
    merged.update({url: (now, result) for url, result in new.items() if result.cacheable})
    data = {"version": VERSION, "links": {url: {"checked_at": checked_at, "result": result.to_json()}
                                          for url, (checked_at, result) in sorted(merged.items())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".briefpack-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1)
            stream.write("\n")
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
