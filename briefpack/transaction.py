"""The write transaction: one build per output folder at a time, every new file staged (written and flushed to a
hidden temporary file beside its target) before any is replaced, then all renamed at once under held signals.
If anything fails before the renames, every staged file is removed and the folder stays exactly as it was."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

TEMP_PREFIX = ".briefpack-"
LOCK = ".briefpack.lock"
LOCK_OWNER = ".briefpack.lock.owner"


@dataclass(frozen=True)
class Staged:
    """A new version of ``path`` (relative to the out dir), written and flushed to ``temp``."""

    path: str
    temp: str
    sha256: str
    size: int


def _size(count: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} GB"


def os_error(path: Path, exc: OSError, needed: int = 0) -> BuildError:
    """An OS error as a message that names the path and says what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        try:
            free = _size(shutil.disk_usage(path.parent if not path.is_dir() else path).free)
        except OSError:
            free = "unknown"
        what = "disk is full" if exc.errno == errno.ENOSPC else "disk quota is used up"
        return BuildError(f"{path}: the output folder's {what} ({_size(needed)} needed, {free} free); free some "
                          "space and build again (nothing was replaced)")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return BuildError(f"{path}: cannot write here ({exc.strerror}); choose another --out folder or fix its "
                          "permissions (nothing was replaced)")
    return BuildError(f"{path}: {exc.strerror or exc} (nothing was replaced)")


def stage(out: Path, relative: str, data: bytes, owner: int) -> Staged:
    """Write ``data`` to a hidden temporary file beside ``out/relative``, flushed to disk; the target is
    untouched. ``owner`` (the build's process id) names the file, so leftovers of dead runs can be told apart."""
    import hashlib

    target = out / relative
    temp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{owner}-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
    except OSError as exc:
        if temp:
            Path(temp).unlink(missing_ok=True)
        raise os_error(target, exc, len(data)) from None
    return Staged(relative, temp, hashlib.sha256(data).hexdigest(), len(data))


def discard(staged: list[Staged]) -> None:
    for item in staged:
        Path(item.temp).unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(out: Path, staged: list[Staged], removals: list[str]) -> None:
    """Rename every staged file over its target and remove ``removals``, under held signals: the set is
    replaced whole. (kill -9 cannot be held: each file is then still either its old or its new version.)"""
    with signals_deferred():
        for item in staged:
            os.replace(item.temp, out / item.path)
        for relative in removals:
            (out / relative).unlink(missing_ok=True)
        for folder in {(out / item.path).parent for item in staged} | ({out} if removals else set()):
            _fsync_dir(folder)


def atomic_write(path: Path, data: bytes) -> None:
    """One file replaced atomically (for outputs written alone, such as HTML or a reprint order)."""
    item = stage(path.parent, path.name, data, os.getpid())
    try:
        commit(path.parent, [item], [])
    except BaseException:
        discard([item])
        raise


def prepare_out_dir(out: Path) -> None:
    """Create the out dir, or explain why it cannot be used, before any rendering."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: the output path is a file (expected a folder)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    try:  # a real probe: permissions say little to root, nothing about a read-only or full file system
        fd, probe = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise BuildError(f"{out}: the output folder is not writable ({exc.strerror})") from None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(out: Path) -> list[Path]:
    """Temporary files of runs that died before renaming them (only theirs: a live run's are left alone)."""
    removed = []
    for leftover in out.rglob(f"{TEMP_PREFIX}*"):
        owner = leftover.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if owner.isdigit() and (int(owner) == os.getpid() or _alive(int(owner))):
            continue
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


@contextlib.contextmanager
def folder_lock(out: Path, what: str, wait: bool = True,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the out dir's lock: one build per folder at a time. A second build waits (saying who holds the
    lock), or with ``wait=False`` fails at once."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(out / LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = _holder(out)
        if not wait:
            raise BuildError(f"{out}: another build is writing to this folder ({holder}); wait for it, or drop "
                             "--no-wait to wait") from None
        if on_wait:
            on_wait(f"Waiting for another build of {out} to finish ({holder})...")
        lock.acquire()
    try:
        try:
            (out / LOCK_OWNER).write_text(f"process {os.getpid()}: {what}\n", encoding="utf-8")
        except OSError:
            pass  # the owner note only helps messages
        yield
    finally:
        (out / LOCK_OWNER).unlink(missing_ok=True)
        lock.release()


def _holder(out: Path) -> str:
    try:
        return (out / LOCK_OWNER).read_text(encoding="utf-8").strip() or "unknown process"
    except OSError:
        return "unknown process"


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while a set of files is replaced; the held signal is delivered afterwards.

    Done with Python-level handlers, not the signal mask: the mask is per thread, and a worker pool's helper
    threads would still take the signal and interrupt the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: object) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if received:
        raise KeyboardInterrupt
