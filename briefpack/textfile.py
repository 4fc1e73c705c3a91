"""Reading a content file as text, every way it can fail recorded as a located problem (YAML files and the
participant list share it)."""

from __future__ import annotations

from pathlib import Path

from .problems import Loc, Problems


def read_text(path: Path, name: str, problems: Problems, max_bytes: int,
              not_utf8: str = "file is not valid UTF-8 (byte 0x{byte:02x})") -> str | None:
    """The file's text (UTF-8, a BOM allowed), or None with the problem recorded: unreadable, too large, or not
    UTF-8 (``not_utf8`` is the message, given the offending ``byte``, located at its line and column)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(Loc(name), f"cannot read the file ({exc.strerror})")
        return None
    if len(data) > max_bytes:
        problems.add(Loc(name), f"file is too large (expected at most {max_bytes // 1024} KiB, found "
                                f"{len(data) // 1024} KiB)")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(Loc(name, line, col), not_utf8.format(byte=data[exc.start]))
        return None
