"""Incremental builds: an output is rebuilt only when something it depends on changed.

An output's key hashes what determines its bytes: its HTML (the part of the content it shows, rendered through
the templates, numbering included), its edition and layout, every file of styles/ (CSS and fonts), the assets
its HTML uses, and the versions of briefpack and of the libraries that write PDFs. The cache lives in the out
dir; a missing, corrupt or outdated cache, or an output file that is not the one recorded, means a rebuild."""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .documents import OutputSpec
    from .options import Options

CACHE = ".briefpack.cache.json"
FORMAT = 1


def versions() -> str:
    """briefpack (its version and its code, so that a development checkout never reuses stale outputs) and
    the libraries that shape the PDFs."""
    code = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        code.update(path.read_bytes())
    found = [f"briefpack {__version__} {code.hexdigest()[:16]}"]
    for package in ("weasyprint", "pydyf", "pypdf", "segno"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} -")
    return "; ".join(found)


def tree_digest(folder: Path, exclude: Path | None = None) -> str:
    """Every file under ``folder`` (names and bytes), except those under ``exclude`` (an out dir inside)."""
    digest = hashlib.sha256()
    skip = exclude.resolve() if exclude is not None else None
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if skip is not None and path.resolve().is_relative_to(skip):
            continue
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def fingerprint(options: Options) -> str:
    """Everything a build reads: content, templates, styles and fonts, options, versions, SOURCE_DATE_EPOCH."""
    paths = options.paths
    parts = [versions(), os.environ.get("SOURCE_DATE_EPOCH", ""), str(paths.content),
             repr((options.kinds, options.groups, options.editions, options.strict, options.html_as_text))]
    if not paths.content.is_dir():
        return ""
    parts += [tree_digest(folder, options.out) for folder in (paths.content, paths.templates, paths.styles)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def quick_check(options: Options) -> dict | None:
    """The last build's summary if nothing it read has changed and its files are still the ones it wrote:
    then there is nothing to do, and nothing heavier than this module needs importing."""
    data = load_all(options.out)
    last = data.get("last")
    if not isinstance(last, dict) or last.get("fingerprint") != fingerprint(options) or not last["fingerprint"]:
        return None
    for entry in last.get("files", []):
        if file_sha256(options.out / entry["path"]) != entry["sha256"]:
            return None
    return last


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


def load_all(out: Path) -> dict:
    try:
        data = json.loads((out / CACHE).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("outputs"), dict):
            return {}
        return data
    except (OSError, ValueError):
        return {}


def load(out: Path) -> dict:
    """{output path: {key, sha256, pages}} of every output built into ``out``."""
    return load_all(out).get("outputs", {})


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


def dump(outputs: dict, last: dict | None = None) -> bytes:
    """The cache: every output's key, and ``last``, the summary of the last build for quick_check."""
    data = {"format": FORMAT, "outputs": outputs, "last": last or {}}
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()
