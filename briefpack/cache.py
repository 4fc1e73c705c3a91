"""Incremental builds: an output is rebuilt only when something it depends on changed.

An output's key hashes what determines its bytes: its HTML (the part of the content it shows, rendered through
the templates, numbering included), its edition and layout, every file of styles/ (CSS and fonts), the assets
its HTML uses, and the versions of briefpack and of the libraries that write PDFs. The cache lives in the out
dir; a missing, corrupt or outdated cache, or an output file that is not the one recorded, means a rebuild."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from . import __version__
from .documents import OutputSpec

CACHE = ".briefpack.cache.json"
FORMAT = 1


def versions() -> str:
    found = [f"briefpack {__version__}"]
    for package in ("weasyprint", "pydyf", "pypdf", "segno"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} -")
    return "; ".join(found)


def tree_digest(folder: Path) -> str:
    """Every file under ``folder`` (names and bytes): styles, fonts, licences."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def output_key(spec: OutputSpec, html: str, styles: str, environment: str, assets: dict) -> str:
    """The key of one output. ``assets`` maps file URIs to paths; those the HTML uses are hashed."""
    digest = hashlib.sha256()
    for part in (f"format {FORMAT}", environment, styles, spec.path, spec.edition, str(spec.pad_to),
                 str(spec.booklet), ",".join(spec.stylesheets), html):
        digest.update(part.encode() + b"\0")
    for uri, path in sorted(assets.items()):
        if uri in html:
            digest.update(uri.encode() + (hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-"))
    return digest.hexdigest()


def load(out: Path) -> dict:
    try:
        data = json.loads((out / CACHE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or not isinstance(data.get("outputs"), dict):
            return {}
        return data["outputs"]
    except (OSError, ValueError, AttributeError):
        return {}


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(out: Path, cache: dict, spec: OutputSpec, key: str) -> dict | None:
    """The cached record of ``spec`` if its key matches and its file is still the one that was written."""
    entry = cache.get(spec.path)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    if file_sha256(out / spec.path) != entry.get("sha256") or not isinstance(entry.get("pages"), int):
        return None
    return entry


def dump(outputs: dict) -> bytes:
    return (json.dumps({"format": FORMAT, "outputs": outputs}, indent=1, sort_keys=True) + "\n").encode()
