"""Reading a content file as text, every way it can fail recorded as a located problem (YAML files and the
participant list share it). The file is read through the pack's door (``paths.admit``): a link leading outside
its folder is refused unread."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..problems import Loc, Problems
from .paths import OutsidePack, admit


def read_text(path: Path, name: str, problems: Problems, max_bytes: int,
              not_utf8: str = "file is not valid UTF-8 (byte 0x{byte:02x})") -> str | None:
    """The file's text (UTF-8, a BOM allowed), or None with the problem recorded: a link leading outside the
    folder the file sits in (the pack, for its YAML and CSV files), not a regular file, unreadable, too large,
    or not UTF-8 (``not_utf8`` is the message, given the offending ``byte``, located at its line and column)."""
    try:
        found = admit(path, path.parent, path.parent)
    except OutsidePack as exc:
        problems.add(Loc(name), exc.reason)
        return None
    data = _read_at_most(found, name, problems, max_bytes)
    if data is None:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(Loc(name, line, col), not_utf8.format(byte=data[exc.start]))
        return None


def _read_at_most(path: Path, name: str, problems: Problems, max_bytes: int) -> bytes | None:
    """The file's bytes, never more than ``max_bytes`` + 1 of them read; nothing read from a pipe or a device
    (opened without blocking, so a FIFO cannot hold the build, and refused by its type)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        problems.add(Loc(name), f"cannot read the file ({exc.strerror})")
        return None
    with open(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            problems.add(Loc(name), "is not a regular file (expected a text file)")
            return None
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            problems.add(Loc(name), f"cannot read the file ({exc.strerror})")
            return None
    if len(data) > max_bytes:
        problems.add(Loc(name), f"file is too large (expected at most {max_bytes // 1024} KiB, found "
                                f"{status.st_size // 1024} KiB)")
        return None
    return data
