"""Writing outputs: every file replaced atomically, the manifest last."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import BuildError

MANIFEST = "manifest.json"
TEMP_PREFIX = ".briefpack-"


@dataclass(frozen=True)
class OutputRecord:
    path: str  # relative to the out dir, with forward slashes
    kind: str
    group: str | None
    edition: str
    pages: int
    sha256: str


def prepare_out_dir(out: Path) -> None:
    """Create the out dir, or explain why it cannot be used, before any rendering."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: the output path is a file (expected a folder)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    try:  # a real probe: permissions say little to root, nothing about a read-only or full file system
        fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise BuildError(f"{out}: the output folder is not writable ({exc.strerror})") from None
    for leftover in out.rglob(f"{TEMP_PREFIX}*"):
        leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def signals_deferred():
    """Hold Ctrl-C and SIGTERM while a set of files is replaced, so the set is replaced whole or not at all.
    (kill -9 cannot be held: then each file is still either the old one or the new one, never a mix.)

    Done with Python-level handlers, not the signal mask: the mask is per thread, and a worker pool's helper
    threads would still take the signal and interrupt the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []

    def hold(signum, frame):
        received.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if received:
        handler = previous[received[0]]
        if callable(handler):
            handler(received[0], None)
        else:
            raise KeyboardInterrupt


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_entries(path: Path) -> list[dict]:
    """The outputs a manifest lists; raises OSError or ValueError when it cannot be read."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [entry for entry in data["outputs"] if isinstance(entry, dict) and "path" in entry]


def read_manifest(out: Path) -> list[dict]:
    try:
        return manifest_entries(out / MANIFEST)
    except (OSError, ValueError, KeyError, TypeError):
        return []


def merged_entries(out: Path, records: list[OutputRecord], complete: tuple = ()) -> list[dict]:
    """The manifest after this build: ``records``, plus entries of files built earlier and still present, except
    in the editions this build made completely (``complete``): there, what it did not make is gone."""
    fresh = {r.path: asdict(r) for r in records}
    kept = [e for e in read_manifest(out) if e["path"] not in fresh and (out / e["path"]).is_file()
            and e.get("edition") not in complete]
    return sorted([*kept, *fresh.values()], key=lambda e: e["path"])


def stale_entries(out: Path, records: list[OutputRecord], complete: tuple) -> list[str]:
    """Files an earlier build listed in an edition this build made completely, and this build did not make
    (a working group removed or renamed, say): removed with the manifest's next version."""
    fresh = {r.path for r in records}
    return [e["path"] for e in read_manifest(out) if e.get("edition") in complete and e["path"] not in fresh
            and (out / e["path"]).is_file()]


def manifest_bytes(out: Path, records: list[OutputRecord], complete: tuple = ()) -> bytes:
    """The manifest after this build, merged with the entries of earlier builds still present."""
    outputs = merged_entries(out, records, complete)
    return (json.dumps({"outputs": outputs}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
