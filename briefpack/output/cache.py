"""Incremental builds: an output is rebuilt only when something it depends on changed.

An output's key hashes what determines its bytes: its HTML (the part of the content it shows, rendered through
the templates, numbering included), its edition and layout, every file of styles/ (CSS and fonts), the bytes of
every machine font the renderer loads (the declared families found on this machine), the assets its HTML uses,
and the versions of briefpack and of the libraries that write PDFs. The cache lives in the out
dir and is read through one validating function: anything that is not exactly what this version writes is no
cache. Pages and digests that go into the manifest are read from the files, never taken from the cache."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..content.paths import Paths
from ..text import fonts

CACHE = ".briefpack.cache.json"
FORMAT = 3
SHA256_LENGTH = 64
READ_CHUNK = 1 << 20

# (path, size, mtime_ns) -> sha256 of the machine fonts hashed, per process and kept in the cache file between
# builds: the CJK collections are large, and each is hashed again only when it changes.
_FONT_DIGESTS: dict[tuple[str, int, int], str] = {}


@dataclass(frozen=True)
class FileDigest:
    path: str
    sha256: str


@dataclass(frozen=True)
class LastBuild:
    """What the next run's up-to-date check compares with."""

    fingerprint: str
    warnings: list[str]
    pdfs: int
    files: list[FileDigest]


@dataclass(frozen=True)
class Cache:
    keys: dict[str, str] = field(default_factory=dict)  # output path -> the key it was built with
    digests: dict[str, str] = field(default_factory=dict)  # output path -> sha256 of the file written
    last: LastBuild | None = None


def versions() -> str:
    """briefpack (its version and its code, so that a development checkout never reuses stale outputs) and
    the libraries that shape the PDFs."""
    code = hashlib.sha256()
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*.py")):
        code.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    found = [f"briefpack {__version__} {code.hexdigest()[:16]}"]
    for name in ("weasyprint", "pydyf", "pikepdf", "segno"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return "; ".join(found)


def tree_digest(folder: Path, exclude: Collection[Path] = frozenset()) -> str:
    """Every file under ``folder`` (names and bytes), except those in ``exclude`` (real paths: the build's own
    files, when the output folder is inside ``folder``)."""
    digest = hashlib.sha256()
    for path in _entries(folder):
        if exclude and path.resolve() in exclude:
            continue
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        if path.is_symlink():
            # a link is hashed as what it says, never followed: the build reads nothing outside the pack through
            # it (the pack's door refuses it when used), and retargeting it still changes the digest
            digest.update(b"link\0" + os.fsencode(os.readlink(path)))
        elif stat.S_ISREG(path.lstat().st_mode):
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            digest.update(b"special")  # a pipe or a device is never opened
    return digest.hexdigest()


def _entries(folder: Path) -> list[Path]:
    """Every file, link and special file under ``folder``, sorted; links to folders are not entered."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        base = Path(root)
        found += [base / name for name in files]
        found += [base / name for name in dirs if (base / name).is_symlink()]
    return sorted(found)


def styles_digest(paths: Paths) -> str:
    """Every stylesheet and font a build may use: the pack's own styles/ and the project's, and the machine's
    fonts the renderer loads."""
    parts = [tree_digest(folder) for folder in paths.style_dirs] + [machine_fonts_digest(paths.styles)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def machine_fonts_digest(styles: Path) -> str:
    """The machine's files of the families styles/fonts.toml declares, as the renderer loads them: each file's
    place and sha256 (hashed once, then again only when its size or time changes)."""
    if not (styles / fonts.DECLARATION).is_file():
        return "-"  # a styles folder that declares no font: the renderer says so when it starts
    files = fonts.loaded_files(fonts.load_font_set(styles))
    return hashlib.sha256("\0".join(f"{path}\0{font_digest(path)}" for path in files).encode()).hexdigest()


def font_digest(path: Path) -> str:
    status = path.stat()
    stamp = (str(path), status.st_size, status.st_mtime_ns)
    if stamp not in _FONT_DIGESTS:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
        _FONT_DIGESTS[stamp] = digest.hexdigest()
    return _FONT_DIGESTS[stamp]


def fingerprint(folders: Iterable[Path], settings: str, own: Collection[Path] = frozenset()) -> str:
    """Everything a build reads: the content, templates and styles folders, the build's settings, versions,
    and for a styles folder that declares fonts, the size and time of the machine's files of those families
    (a font installed or upgraded means a rebuild is looked into; no font is opened to know it).
    ``own`` are the build's own files (real paths), never content wherever the output folder is."""
    parts = [versions(), settings]
    for folder in folders:
        parts.append(tree_digest(folder, own) if folder.is_dir() else "-")
        if (folder / fonts.DECLARATION).is_file():
            parts.append(fonts.machine_stamp(fonts.load_font_set(folder)))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def output_key(identity: str, html: str, styles: str, environment: str, assets: Mapping[str, Path]) -> str:
    """The key of one output: ``identity`` says what it is (path, edition, layout), ``assets`` maps file URIs
    to paths; those the HTML uses are hashed."""
    digest = hashlib.sha256()
    for part in (f"format {FORMAT}", environment, styles, identity, html):
        digest.update(part.encode() + b"\0")
    for uri, path in sorted(assets.items()):
        if uri in html:
            digest.update(uri.encode() + (hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-"))
    return digest.hexdigest()


class Malformed(ValueError):
    pass


def _digest(value: object) -> str:
    if not isinstance(value, str) or len(value) != SHA256_LENGTH or not all(c in "0123456789abcdef" for c in value):
        raise Malformed(f"not a sha256 digest: {str(value)[:40]}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise Malformed(f"expected text, found {str(value)[:40]}")
    return value


def _parse(data: object) -> Cache:
    if not isinstance(data, dict) or data.get("format") != FORMAT or set(data) != {"format", "outputs", "last",
                                                                                     "fonts"}:
        raise Malformed(f"not a format-{FORMAT} cache")
    known_fonts = _fonts(data["fonts"])
    outputs = data["outputs"]
    if not isinstance(outputs, dict):
        raise Malformed("outputs is not a mapping")
    keys, digests = {}, {}
    for path, entry in outputs.items():
        if not isinstance(entry, dict) or set(entry) != {"key", "sha256"}:
            raise Malformed(f"output {str(path)[:60]} is not {{key, sha256}}")
        keys[_text(path)], digests[path] = _digest(entry["key"]), _digest(entry["sha256"])
    cache = Cache(keys, digests, _last(data["last"]))
    _FONT_DIGESTS.update(known_fonts)  # only once all of it is known to be well formed
    return cache


def _fonts(fonts_hashed: object) -> dict[tuple[str, int, int], str]:
    """The font digests the last build recorded: {path: {size, mtime_ns, sha256}}."""
    if not isinstance(fonts_hashed, dict):
        raise Malformed("fonts is not a mapping")
    found = {}
    for path, entry in fonts_hashed.items():
        if not isinstance(entry, dict) or set(entry) != {"size", "mtime_ns", "sha256"}:
            raise Malformed(f"font {str(path)[:60]} is not {{size, mtime_ns, sha256}}")
        size, mtime = entry["size"], entry["mtime_ns"]
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (size, mtime)):
            raise Malformed(f"font {str(path)[:60]}: size and mtime_ns are not whole numbers")
        found[(_text(path), size, mtime)] = _digest(entry["sha256"])
    return found


def _last(last: object) -> LastBuild | None:
    if last is None:
        return None
    if not isinstance(last, dict) or set(last) != {"fingerprint", "warnings", "pdfs", "files"}:
        raise Malformed("last is not a build summary")
    warnings, files, pdfs = last["warnings"], last["files"], last["pdfs"]
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise Malformed("warnings is not a list of text")
    if not isinstance(pdfs, int) or isinstance(pdfs, bool) or not isinstance(files, list):
        raise Malformed("pdfs or files have the wrong type")
    digests = []
    for entry in files:
        if not isinstance(entry, dict) or set(entry) != {"path", "sha256"}:
            raise Malformed("a file entry is not {path, sha256}")
        digests.append(FileDigest(_text(entry["path"]), _digest(entry["sha256"])))
    return LastBuild(_digest(last["fingerprint"]), warnings, pdfs, digests)


def read(out: Path) -> tuple[Cache, str | None]:
    """The cache of ``out``, or an empty one and the reason it was not used (None: there was none)."""
    try:
        raw = (out / CACHE).read_bytes()
    except FileNotFoundError:
        return Cache(), None
    except OSError as exc:
        return Cache(), f"cache not readable ({exc.strerror}): rebuilding"
    try:
        return _parse(json.loads(raw.decode("utf-8"))), None
    except (UnicodeDecodeError, ValueError) as exc:  # Malformed is a ValueError, like JSON's own errors
        return Cache(), f"cache not usable ({str(exc)[:80]}): rebuilding"


def to_bytes(cache: Cache) -> bytes:
    """The cache file; with it go the font digests this process knows that still describe their files."""
    outputs = {path: {"key": key, "sha256": cache.digests[path]} for path, key in cache.keys.items()}
    data = {"format": FORMAT, "outputs": outputs, "last": asdict(cache.last) if cache.last else None,
            "fonts": _current_fonts()}
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def _current_fonts() -> dict[str, dict[str, int | str]]:
    current: dict[str, dict[str, int | str]] = {}
    for (path, size, mtime), digest in sorted(_FONT_DIGESTS.items()):
        try:
            status = os.stat(path)
        except OSError:
            continue
        if (status.st_size, status.st_mtime_ns) == (size, mtime):
            current[path] = {"size": size, "mtime_ns": mtime, "sha256": digest}
    return current
