"""The output folder as one build sees it: each file hashed at most once, the old manifest read once."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from . import manifest
from .manifest import OutputRecord


class OutDir:
    def __init__(self, path: Path):
        self.path = path
        self._digests: dict[str, str | None] = {}
        self._pages: dict[str, int | None] = {}

    def sha256(self, relative: str) -> str | None:
        """The digest of a file in the folder, None if it cannot be read."""
        if relative not in self._digests:
            try:
                self._digests[relative] = hashlib.sha256((self.path / relative).read_bytes()).hexdigest()
            except OSError:
                self._digests[relative] = None
        return self._digests[relative]

    def pages(self, relative: str) -> int | None:
        """Pages of a PDF in the folder, read from the file itself (never from a cache)."""
        if relative not in self._pages:
            from pypdf import PdfReader
            from pypdf.errors import PyPdfError

            try:
                self._pages[relative] = len(PdfReader(self.path / relative).pages)
            except (OSError, PyPdfError, ValueError, KeyError, TypeError):
                self._pages[relative] = None
        return self._pages[relative]

    def wrote(self, relative: str, sha256: str) -> None:
        """Record a file this build has just replaced."""
        self._digests[relative] = sha256
        self._pages.pop(relative, None)

    @functools.cached_property
    def manifest(self) -> list[OutputRecord]:
        """The last build's manifest, or nothing if there is none or it is not one of ours."""
        try:
            return manifest.read(self.path / manifest.MANIFEST)
        except (OSError, manifest.ManifestError):
            return []

    def present(self, record: OutputRecord) -> OutputRecord | None:
        """``record`` as its file now is (digest and pages read from the file), None if the file is gone."""
        digest = self.sha256(record.path)
        if digest is None:
            return None
        pages = self.pages(record.path) if record.path.endswith(".pdf") else 0
        if pages is None:
            return None
        return OutputRecord(record.path, record.kind, record.group, record.edition, pages, digest)
