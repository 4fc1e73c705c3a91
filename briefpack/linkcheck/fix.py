"""``--fix-redirects``: put each permanently moved URL's new address in the YAML, in place.

Careful line edits rather than a YAML round trip: only the characters of the old URL change, so comments, quoting,
folding and layout stay exactly as the author left them. A URL holds no space, so YAML never splits it across
lines and the gathered file:line:col is exactly where it starts. Every edited file is loaded again before it is
written; a file that would no longer load is left alone."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import loader
from ..errors import Problems
from .report import Finding

UNSAFE = set(' \t<>"\\`')  # would end a Markdown autolink or a YAML double-quoted scalar


@dataclass(frozen=True)
class Edit:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    old: str
    new: str


@dataclass(frozen=True)
class FileChange:
    file: str
    before: str
    after: str
    edits: tuple[Edit, ...]

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True), self.file, self.file))


def edits_for(findings: list[Finding]) -> tuple[list[Edit], list[str]]:
    """The edits for every permanently redirected link, and why any could not be made."""
    edits, skipped = [], []
    for finding in findings:
        new = finding.result.new_url
        if not new:
            continue
        loc = finding.link.loc
        if UNSAFE & set(new) or new.count("(") != new.count(")"):
            skipped.append(f"{loc}: not rewritten: the new URL {new} needs escaping in Markdown; edit it by hand")
            continue
        edits.append(Edit(loc.file, loc.line, loc.col, finding.link.url, new))
    return edits, skipped


def plan(edits: list[Edit]) -> tuple[list[FileChange], list[str]]:
    """The new text of each file to edit; edits whose URL is not where it was found are skipped."""
    changes, skipped = [], []
    by_file: dict[str, list[Edit]] = {}
    for edit in edits:
        by_file.setdefault(edit.file, []).append(edit)
    for file, file_edits in sorted(by_file.items()):
        before = Path(file).read_bytes().decode("utf-8")  # keeps CRLF line ends as they are
        lines = before.splitlines(keepends=True)
        done = []
        for edit in sorted(set(file_edits), key=lambda e: (e.line, -e.col)):  # right to left within a line
            text = lines[edit.line - 1] if edit.line <= len(lines) else ""
            start = edit.col - 1
            if text[start:start + len(edit.old)] != edit.old:
                skipped.append(f"{file}:{edit.line}:{edit.col}: not rewritten: {edit.old} is no longer there")
                continue
            lines[edit.line - 1] = text[:start] + edit.new + text[start + len(edit.old):]
            done.append(edit)
        after = "".join(lines)
        problems = Problems()
        loader.load_string(after.removeprefix("\ufeff"), file, problems)
        if problems:
            skipped.append(f"{file}: not rewritten: the edited file would not load ({problems.items[0]})")
        elif done:
            changes.append(FileChange(file, before, after, tuple(done)))
    return changes, skipped


def write(change: FileChange) -> None:
    """Replace the file atomically, keeping its permissions."""
    path = Path(change.file)
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=".briefpack-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(change.after)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
