"""``--fix-redirects``: put each permanently moved URL's new address in the YAML, in place.

Careful line edits rather than a YAML round trip: only the characters of the old URL change, so comments, quoting,
folding and layout stay exactly as the author left them. A URL holds no space, so YAML never splits it across
lines and the gathered file:line:col is exactly where it starts. An edit is made only where the old URL is
written there as a whole link address (never the start of a longer URL); a file where one of its edits cannot
be made so is left unchanged, and so is a file whose edited text would load as anything but the same content
with those URLs replaced (a new address is the server's choice)."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..content import yaml_nodes as loader
from ..errors import Problems
from .gather import is_link_address, url_columns
from .report import Finding

UNSAFE = set(' \t<>"\\`')  # would end a Markdown autolink or a YAML double-quoted scalar


@dataclass(frozen=True)
class Edit:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    old: str
    new: str
    exact: bool = True  # the gathering found ``old`` written as it is at line:col


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
        edits.append(Edit(loc.file, loc.line, loc.col, finding.link.url, new, finding.link.exact))
    return edits, skipped


def plan(edits: list[Edit]) -> tuple[list[FileChange], list[str]]:
    """The new text of each file to edit. A file is left unchanged when one of its URLs is not written exactly
    where it was found, or when the edited file would not load as the same content with the new URLs."""
    changes, skipped = [], []
    by_file: dict[str, list[Edit]] = {}
    for edit in edits:
        by_file.setdefault(edit.file, []).append(edit)
    for file, file_edits in sorted(by_file.items()):
        before = Path(file).read_bytes().decode("utf-8")  # keeps CRLF line ends as they are
        lines = before.splitlines(keepends=True)
        missing = []
        for edit in sorted(set(file_edits), key=lambda e: (e.line, -e.col)):  # right to left within a line
            text = lines[edit.line - 1] if edit.exact and edit.line <= len(lines) else ""
            start = edit.col - 1
            if not is_link_address(text, start, edit.old):
                missing.append(f"{file}:{edit.line}:{edit.col}: not rewritten: {edit.old} is not written exactly "
                               f"there; {file} left unchanged (edit it by hand)")
                continue
            lines[edit.line - 1] = text[:start] + edit.new + text[start + len(edit.old):]
        after = "".join(lines)
        problem = missing[0] if missing else _load_problem(file, before, after, file_edits)
        if problem:
            skipped += missing or [problem]
        else:
            changes.append(FileChange(file, before, after, tuple(sorted(set(file_edits), key=_place))))
    return changes, skipped


def _place(edit: Edit) -> tuple[int, int]:
    return edit.line, edit.col


def _load_problem(file: str, before: str, after: str, edits: list[Edit]) -> str | None:
    """Why the edited text may not replace the file, or None: it must load, as the same content with each
    URL replaced where it is a link address."""
    problems = Problems()
    old_tree = loader.load_string(before.removeprefix("\ufeff"), file, problems)
    new_tree = loader.load_string(after.removeprefix("\ufeff"), file, problems)
    if problems:
        return f"{file}: not rewritten: the edited file would not load ({problems.items[0]})"
    swaps = {edit.old: edit.new for edit in edits}
    if not _same_but_urls(old_tree, new_tree, swaps):
        return f"{file}: not rewritten: the edit would change more than the URLs; {file} left unchanged"
    return None


def _same_but_urls(old: loader.Node | None, new: loader.Node | None, swaps: dict[str, str]) -> bool:
    if isinstance(old, loader.Scalar) and isinstance(new, loader.Scalar):
        return (old.plain, old.style) == (new.plain, new.style) and _swapped(old.text, swaps) == new.text
    if isinstance(old, loader.Seq) and isinstance(new, loader.Seq):
        return len(old.items) == len(new.items) and all(
            _same_but_urls(a, b, swaps) for a, b in zip(old.items, new.items, strict=True))
    if isinstance(old, loader.Map) and isinstance(new, loader.Map):
        return list(old.items) == list(new.items) and all(
            _same_but_urls(a[1], b[1], swaps) for a, b in zip(old.items.values(), new.items.values(), strict=True))
    return old is None and new is None


def _swapped(text: str, swaps: dict[str, str]) -> str:
    """``text`` with every link address that is a key of ``swaps`` replaced by its value."""
    places = sorted(((col, old) for old in swaps for col in url_columns(text, old)), reverse=True)
    for col, old in places:
        text = text[:col] + swaps[old] + text[col + len(old):]
    return text


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
