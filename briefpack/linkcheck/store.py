"""The link cache, ``OUT/.briefpack/links.json``: what each URL answered and when, so that a URL checked
recently is not asked again. A missing or damaged cache is simply empty: it only ever saves requests.

The cache can travel with a pack (``--out`` inside it), so an entry is taken only if it is one the checker could
have written: known outcome, method and cause, a short printable reason (it is printed to a terminal), redirect
targets that are normalised web addresses. Anything else is asked again."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from . import targets
from .checker import Result

VERSION = 1
OUTCOMES = frozenset({"ok", "redirected", "dead", "unreachable"})
METHODS = frozenset({"HEAD", "GET", ""})
CAUSES = frozenset({"", "dns", "dns-unavailable", "network", "timeout", "tls", "refused", "connection", "busy",
                    "credentials"})
MAX_REASON = 500


def cache_path(out: Path) -> Path:
    return out / ".briefpack" / "links.json"


def read(path: Path) -> dict[str, tuple[float, Result]]:
    """{url: (checked at, result)}; empty when the file is missing or not ours."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return {}
        entries = {url: (float(entry["checked_at"]), Result.from_json(entry["result"]))
                   for url, entry in data["links"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {url: entry for url, entry in entries.items() if _plausible(url, entry[1])}


def _plausible(url: str, result: Result) -> bool:
    """Whether ``result`` is one the checker could have written for ``url``."""
    fields_ok = (result.url == url and result.outcome in OUTCOMES and result.method in METHODS
                 and result.cause in CAUSES and isinstance(result.reason, str) and len(result.reason) <= MAX_REASON
                 and result.reason.isprintable()
                 and (result.status is None or (isinstance(result.status, int) and 100 <= result.status <= 599)))
    return fields_ok and all(300 <= status <= 399 and _normalised(target) for status, target in result.redirects)


def _normalised(target: str) -> bool:
    try:
        return targets.redirect_target(target, target) == target
    except targets.Refused:
        return False


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
