"""The output folder as one build sees it: each file hashed at most once, the old manifest read once and
trusted entry by entry, and what the build may replace or delete.

The build deletes or replaces only files it wrote itself: those a trusted manifest entry lists. An entry is
trusted when its path is relative and normalised, its folders are real folders inside the output folder (no
link anywhere on the way), its file is a regular file (not a link), its kind is one the build writes and its
path the shape of that kind's files, and the file's digest is still the recorded one. Anything else in the
folder is someone else's: never deleted, and an error when it stands where an output must go (unless
``--overwrite``).

Files named after people (``participants/<name>.pdf``) appear in the manifest and the cache under an opaque id
instead (``participants/#<id>``, a keyed digest of the path), with a keyed digest of the file: neither names
anyone, nor lets a guessed name be confirmed. The key and the ids' files are in ``participants/index.json``,
readable by its owner only, beside the files it maps."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import posixpath
import re
import secrets
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..kinds import envelopes as packing
from ..kinds import print_order as printrun
from ..kinds.builtin import builtin_registry
from ..kinds.editions import EDITIONS as KNOWN
from ..kinds.editions import WEB
from ..kinds.registry import Registry
from . import manifest
from .manifest import OutputRecord

# The files of personal data and bookkeeping the build writes besides the documents of its kinds: named here, where
# the output folder decides what it may replace, and read by the stages that write them.
PARTICIPANT_KIND = "participant-handout"  # manifest kinds (a personalised kind's group files: the kind declares)
PARTICIPANTS_FOLDER = "participants/"
README = "PERSONAL-DATA.txt"
SNAPSHOT = "snapshot.json"  # in the output folder: what the last build said

INDEX = "participants/index.json"  # beside the personal files it maps
INDEX_KIND = "personal-index"
INDEX_FORMAT = "briefpack-personal-index/1"
NOTICE_KIND = "personal-data-notice"
ID_MARK = "#"  # a sealed path: "<folder>/#<id>"; never in a file name the build makes (slugs are \w and -)
ID_LENGTH = 16
KEY_LENGTH = 32
EDITIONS = (*KNOWN, WEB.name, "both")  # a manifest entry's edition: one of ours, or both for the files of every edition
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\\]")
MAX_MANIFEST = 64 * 1024 * 1024  # bytes; 500 personal copies make about 150 KB


def path_problem(relative: object) -> str | None:
    """Why ``relative`` is not a path the build could have written (None: it could be one)."""
    if not isinstance(relative, str) or not relative or len(relative) > 400:
        return "not a path"
    if _UNPRINTABLE.search(relative):
        return "control characters or backslashes in the path"
    if relative.startswith("/"):
        return "an absolute path"
    if posixpath.normpath(relative) != relative or any(p in ("", ".", "..") for p in relative.split("/")):
        return "not a normalised path inside the folder"
    return None


@functools.cache
def _fixed_paths() -> dict[str, str]:
    """Kinds of the files the build writes at one place: {kind: path}."""
    return {"order-sheet": printrun.ORDER_CSV, "order-summary": printrun.ORDER_SUMMARY, "snapshot": SNAPSHOT,
            NOTICE_KIND: README, packing.LIST_KIND: packing.LIST_CSV, packing.COUNTS_KIND: packing.COUNTS_CSV,
            INDEX_KIND: INDEX}


def _folders() -> str:
    return "|".join(re.escape(edition.folder) for edition in KNOWN.values())


@functools.cache
def _shapes() -> dict[str, str]:
    """{manifest kind: pattern of the paths its files have}, for the files that are not documents of a kind."""
    shapes = {kind: re.escape(path) for kind, path in _fixed_paths().items()}
    shapes["booklet"] = rf"(?:{_folders()})booklet-[\w-]+\.pdf"
    # a person's name as a file name keeps every letter, mark and digit (participants/ names them so)
    shapes[PARTICIPANT_KIND] = rf"(?:{_folders()}){re.escape(PARTICIPANTS_FOLDER)}(?P<stem>[^/]+)\.pdf"
    return shapes | WEB.shapes()  # the web edition's pages, stylesheet, fonts, images and copies of the PDFs


def kind_problem(kind: str, relative: str, registry: Registry) -> str | None:
    """Why a file of ``kind`` cannot be at ``relative`` (None: the build writes such files there)."""
    shape = _shapes().get(kind)
    if shape is None and kind in registry.names():  # a document kind: read from the registry of this build
        shape = rf"(?:{_folders()}){re.escape(registry.kind(kind).stem(None))}(?:-[\w-]+)?\.pdf"
    groups = {p.group_kind: p.group_stem for p in registry.personal_outputs().values()}
    if shape is None and kind in groups:  # a personalised kind's group files of personal copies
        shape = rf"(?:{_folders()}){re.escape(groups[kind])}-[\w-]+\.pdf"
    if shape is None:
        return f"unknown kind {kind[:40]!r}"
    match = re.fullmatch(shape, relative)
    if match is None or not _name_like(match.groupdict().get("stem")):
        return f"not where the build writes files of kind {kind!r}"
    return None


def _name_like(stem: str | None) -> bool:
    """A file name made of a name: letters, marks (Thai vowels, Devanagari signs), digits and hyphens only."""
    return stem is None or all(c == "-" or unicodedata.category(c)[0] in "LMN" for c in stem)


def named(record: OutputRecord) -> bool:
    """Whether the record's path is made of a person's name (it goes into the manifest under an id)."""
    return record.kind == PARTICIPANT_KIND


def output_folders() -> tuple[str, ...]:
    """The folders (relative to the out dir) the build stages files in: where its leftovers can be."""
    folders = [edition.folder for edition in KNOWN.values()]
    return tuple(dict.fromkeys([*folders, *(f"{f}{PARTICIPANTS_FOLDER}" for f in folders)]))


@dataclass(frozen=True)
class Ids:
    """Opaque ids of files named after people, keyed by a secret kept in the index (0600)."""

    key: bytes
    files: dict[str, str]  # id -> path, from the index

    def _mac(self, what: str, value: str) -> str:
        return hmac.new(self.key, f"{what}\0{value}".encode(), hashlib.sha256).hexdigest()

    def sealed_path(self, relative: str) -> str:
        folder, _, _ = relative.rpartition("/")
        return f"{folder}/{ID_MARK}{self._mac('path', relative)[:ID_LENGTH]}"

    def sealed_digest(self, sha256: str) -> str:
        return self._mac("sha256", sha256)

    def seal(self, record: OutputRecord) -> OutputRecord:
        if not named(record):
            return record
        return replace(record, path=self.sealed_path(record.path), sha256=self.sealed_digest(record.sha256))

    def path_of(self, sealed: str) -> str | None:
        """The file a sealed path stands for (None: not a sealed path, or not one of this index's)."""
        folder, _, name = sealed.rpartition("/")
        found = self.files.get(name.removeprefix(ID_MARK)) if name.startswith(ID_MARK) else None
        return found if found is not None and self.sealed_path(found) == sealed else None

    def index_bytes(self, records: Iterable[OutputRecord]) -> bytes:
        files = {self.sealed_path(r.path).rpartition(ID_MARK)[2]: r.path for r in records if named(r)}
        data = {"format": INDEX_FORMAT, "key": self.key.hex(), "files": dict(sorted(files.items()))}
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _parse_index(data: bytes) -> Ids:
    raw = json.loads(data.decode("utf-8"))
    if not isinstance(raw, dict) or set(raw) != {"format", "key", "files"} or raw["format"] != INDEX_FORMAT:
        raise ValueError("not an index")
    key, files = raw["key"], raw["files"]
    if not isinstance(key, str) or not re.fullmatch(f"[0-9a-f]{{{2 * KEY_LENGTH}}}", key) \
            or not isinstance(files, dict):
        raise ValueError("not an index")
    valid = {i: p for i, p in files.items()
             if re.fullmatch(f"[0-9a-f]{{{ID_LENGTH}}}", i) and isinstance(p, str) and path_problem(p) is None}
    return Ids(bytes.fromhex(key), valid)


class OutDir:
    def __init__(self, path: Path, seed: bytes | None = None, registry: Registry | None = None):
        self.path = path
        self.registry = registry if registry is not None else builtin_registry()  # the kinds its files may be of
        self.seed = seed  # secret material a new key is made from (the roster), so that two builds agree
        self._digests: dict[str, str | None] = {}
        self._pages: dict[str, int | None] = {}
        self._folders: dict[str, str | None] = {}
        self.ignored: list[str] = []  # why manifest entries were not trusted, for -v

    @functools.cached_property
    def root(self) -> Path:
        return self.path.resolve()

    def place_problem(self, relative: str) -> str | None:
        """Why the build may not read, replace or delete ``relative`` as one of its files (None: it may)."""
        problem = path_problem(relative)
        if problem is not None:
            return problem
        folder, _, _ = relative.rpartition("/")
        problem = self._folder_problem(folder) if folder else None
        if problem is not None:
            return None if problem == "missing" else problem  # nothing there yet: the build makes its folders
        try:
            mode = os.lstat(os.path.join(self.path, relative)).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            return exc.strerror or "unreadable"
        if stat.S_ISLNK(mode):
            return "a link"
        return None if stat.S_ISREG(mode) else "not a regular file"

    def _folder_problem(self, folder: str) -> str | None:
        """Why ``folder`` (relative) is not a real folder of the out dir: "missing", a link, a file; checked once."""
        if folder not in self._folders:
            parent, _, _ = folder.rpartition("/")
            problem = self._folder_problem(parent) if parent else None
            if problem is None:
                try:
                    mode = os.lstat(os.path.join(self.path, folder)).st_mode
                    problem = "a link" if stat.S_ISLNK(mode) else None if stat.S_ISDIR(mode) else \
                        "a file where a folder should be"
                except FileNotFoundError:
                    problem = "missing"
                except OSError as exc:
                    problem = exc.strerror or "unreadable"
            self._folders[folder] = problem
        return self._folders[folder]

    def sha256(self, relative: str) -> str | None:
        """The digest of a file in the folder, None if it cannot be read or is not one the build may own."""
        if relative not in self._digests:
            digest = None
            if self.place_problem(relative) is None:
                try:
                    digest = hashlib.sha256((self.path / relative).read_bytes()).hexdigest()
                except OSError:
                    pass
            self._digests[relative] = digest
        return self._digests[relative]

    def pages(self, relative: str) -> int | None:
        """Pages of a PDF in the folder, read from the file itself (never from a cache)."""
        if relative not in self._pages:
            import pikepdf

            try:
                with pikepdf.open(self.path / relative) as pdf:
                    self._pages[relative] = len(pdf.pages)
            except (OSError, pikepdf.PdfError, RuntimeError, ValueError):  # not a PDF qpdf can recover
                self._pages[relative] = None
        return self._pages[relative]

    def wrote(self, relative: str, sha256: str) -> None:
        """Record a file this build has just replaced."""
        self._digests[relative] = sha256
        self._pages.pop(relative, None)

    @functools.cached_property
    def ids(self) -> Ids:
        """The personal files' ids: the index's, or a new key when there is no usable index."""
        if self.place_problem(INDEX) is None:
            try:
                return _parse_index((self.path / INDEX).read_bytes())
            except (OSError, ValueError, UnicodeDecodeError):
                pass
        if self.seed is None:
            return Ids(secrets.token_bytes(KEY_LENGTH), {})
        return Ids(hashlib.sha256(b"briefpack personal ids\0" + self.seed).digest(), {})

    def holds(self, recorded_path: str, recorded_sha256: str) -> str | None:
        """The path of the file a manifest or cache entry stands for, if that file is still what the entry
        recorded (its digest, or for a sealed entry its keyed digest); else None."""
        if ID_MARK in recorded_path:
            path = self.ids.path_of(recorded_path)
            digest = self.sha256(path) if path is not None else None
            return path if digest is not None and self.ids.sealed_digest(digest) == recorded_sha256 else None
        return recorded_path if self.sha256(recorded_path) == recorded_sha256 else None

    def unsealed(self, recorded: dict[str, str]) -> dict[str, str]:
        """{path: sha256} of a cache's digests, sealed entries opened (those whose file changed are dropped)."""
        found = {}
        for path, digest in recorded.items():
            real = self.holds(path, digest) if ID_MARK in path else path
            if real is not None:
                found[real] = self.sha256(real) or "" if ID_MARK in path else digest
        return found

    def unsealed_keys(self, keys: dict[str, str]) -> dict[str, str]:
        found = {}
        for path, key in keys.items():
            real = self.ids.path_of(path) if ID_MARK in path else path
            if real is not None:
                found[real] = key
        return found

    @functools.cached_property
    def manifest(self) -> list[OutputRecord]:
        """The last build's manifest, only its trusted entries (as their files now are); nothing if there is
        none or it is not one of ours. Why an entry was not trusted is in ``ignored``."""
        records = self._recorded or []
        trusted = []
        for record in records:
            reason, real = self._distrust(record)
            if reason is None and real is not None:
                trusted.append(real)
            else:
                self.ignored.append(f"{manifest.MANIFEST}: entry {record.path[:80]!r} ignored: {reason}")
        return trusted

    def _distrust(self, record: OutputRecord) -> tuple[str | None, OutputRecord | None]:
        path = record.path
        if ID_MARK in path:
            opened = self.ids.path_of(path)
            if opened is None:
                return "an id the personal index does not hold", None
            path = opened
        problem = path_problem(path) or kind_problem(record.kind, path, self.registry)
        if problem is None and record.edition not in EDITIONS:
            problem = f"unknown edition {record.edition[:20]!r}"
        if problem is None:
            problem = self.place_problem(path)
        if problem is None and (self.path / path).exists() and self.holds(record.path, record.sha256) is None:
            problem = "the file is not the one the build wrote (its digest differs)"
        if problem is not None:
            return problem, None
        return None, replace(record, path=path, sha256=self.sha256(path) or record.sha256)

    def owns(self, relative: str) -> bool:
        """Whether the file at ``relative`` is one this build may replace or delete: one it wrote itself (a
        trusted manifest entry), or nothing at all."""
        if not os.path.lexists(self.path / relative):
            return True
        if relative == manifest.MANIFEST:
            return self._is_manifest()
        return any(r.path == relative for r in self.manifest)

    def _is_manifest(self) -> bool:
        return self._recorded is not None

    @functools.cached_property
    def _recorded(self) -> list[OutputRecord] | None:
        """manifest.json's entries if it is one of ours (a regular file in the folder, not huge, in our format),
        None if it is not (or there is none)."""
        path = self.path / manifest.MANIFEST
        if self.place_problem(manifest.MANIFEST) is not None:
            return None
        try:
            if path.stat().st_size > MAX_MANIFEST:
                return None
            return manifest.read(path)
        except (OSError, manifest.ManifestError):
            return None

    def present(self, record: OutputRecord) -> OutputRecord | None:
        """``record`` as its file now is (digest and pages read from the file), None if the file is gone."""
        digest = self.sha256(record.path)
        if digest is None:
            return None
        pages = self.pages(record.path) if record.path.endswith(".pdf") else 0
        if pages is None:
            return None
        return OutputRecord(record.path, record.kind, record.group, record.edition, pages, digest)


def holds_names(kind: str, registry: Registry) -> bool:
    """Whether files of ``kind`` (a manifest kind) print people's names: they are made readable by their owner
    only, from their first byte."""
    if kind in registry.names():
        return registry.kind(kind).shows_people
    return kind in personal_kinds(registry) | {packing.LIST_KIND, INDEX_KIND}


def personal_kinds(registry: Registry) -> set[str]:
    """The manifest kinds of the personal copies: each participant's own, and each personalised kind's group files."""
    return {PARTICIPANT_KIND} | {p.group_kind for p in registry.personal_outputs().values()}
