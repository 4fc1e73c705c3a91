"""The write transaction: one build per output folder at a time, every new file staged (written and flushed to a
hidden temporary file beside its target) before any is replaced, then all renamed at once under held signals.
If anything fails before the renames, every staged file is removed and the folder stays exactly as it was."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError

TEMP_PREFIX = ".briefpack-"
TEMP_NAME = re.compile(rf"{re.escape(TEMP_PREFIX)}(\d+)-[a-z0-9_]+")  # mkstemp's names with our prefix, no more
LOCK = ".briefpack.lock"
LOCK_OWNER = ".briefpack.lock.owner"
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700


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


def stage(out: Path, relative: str, data: bytes, owner: int, private: bool = False,
          private_folder: bool = False) -> Staged:
    """Write ``data`` to a hidden temporary file beside ``out/relative``, flushed to disk; the target is
    untouched. ``owner`` (the build's process id) names the file, so leftovers of dead runs can be told apart.

    A ``private`` file (it holds people's names) keeps the mode mkstemp creates it with, 0600, from its first
    byte; any other is given the usual 0666 less the umask before a byte is written. Missing folders are made
    0700 when ``private_folder`` (a folder of personal files only), else as usual; a link or a file where a
    folder must be is refused, so nothing is ever written outside ``out``."""
    target = out / relative
    temp = None
    try:
        make_folders(out, target.parent, private_folder)
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{owner}-", dir=target.parent)
        if not private:
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        if temp:
            Path(temp).unlink(missing_ok=True)
        raise os_error(target, exc, len(data)) from None
    return Staged(relative, temp, hashlib.sha256(data).hexdigest(), len(data))


def _umask() -> int:
    umask = os.umask(0o077)  # read it; the moment it is changed, new files are private rather than public
    os.umask(umask)
    return umask


def make_folders(out: Path, folder: Path, private: bool = False) -> None:
    """Make ``folder`` (inside ``out``) and its missing parents: 0700 when ``private``. Each existing one must
    be a real folder: a link there (which could lead out of ``out``) or a file is an error naming it."""
    current = out
    for part in folder.relative_to(out).parts:
        current = current / part
        try:
            os.mkdir(current, PRIVATE_FOLDER if private else 0o777)
            continue
        except FileExistsError:
            pass
        info = os.lstat(current)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            what = "a link" if stat.S_ISLNK(info.st_mode) else "not a folder"
            raise BuildError(f"{current}: {what} where the build writes a folder of its outputs (nothing was "
                             "replaced; move it away or choose another --out folder)")
        if private and stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.getuid():
            os.chmod(current, PRIVATE_FOLDER)  # a folder of personal files from an older version: made private


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


def atomic_write(path: Path, data: bytes, private: bool = False) -> None:
    """One file replaced atomically (for outputs written alone, such as HTML or a reprint order)."""
    item = stage(path.parent, path.name, data, os.getpid(), private)
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


def remove_leftovers(out: Path, folders: Iterable[str] = ("",)) -> list[Path]:
    """Temporary files of runs that died before renaming them: only names this module makes (``TEMP_NAME``),
    only in ``folders`` (relative to ``out``: where the build stages files), only regular files, and only
    those of dead processes (a live run's are left alone)."""
    removed = []
    for folder in folders:
        try:
            names = os.listdir(out / folder) if not (out / folder).is_symlink() else []
        except OSError:
            continue
        for name in names:
            match = TEMP_NAME.fullmatch(name)
            leftover = out / folder / name
            if match is None or int(match[1]) == os.getpid() or _alive(int(match[1])):
                continue
            try:
                if not stat.S_ISREG(os.lstat(leftover).st_mode):
                    continue
            except OSError:
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

    if (out / LOCK).is_symlink():  # opened without following links: say why, rather than the OS's ELOOP
        raise BuildError(f"{out / LOCK}: a link where the build keeps its lock file (expected a file, or nothing; "
                         "remove the link)")
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
    wrote = False
    try:
        try:  # never through a link: the note goes into the folder itself, or nowhere
            fd = os.open(out / LOCK_OWNER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
            try:
                os.write(fd, f"process {os.getpid()}: {what}\n".encode())
            finally:
                os.close(fd)
            wrote = True
        except OSError:
            pass  # the owner note only helps messages
        yield
    finally:
        if wrote:
            (out / LOCK_OWNER).unlink(missing_ok=True)
        lock.release()


def _holder(out: Path) -> str:
    """Who holds the lock, from the note it left: read from the folder itself, never through a link, and only
    printed when it is the one line a build writes there."""
    try:
        fd = os.open(out / LOCK_OWNER, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            note = os.read(fd, 200).decode("utf-8", "replace").strip()
        finally:
            os.close(fd)
    except OSError:
        return "unknown process"
    return note if re.fullmatch(r"process \d+: [\w -]+", note) else "unknown process"


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
