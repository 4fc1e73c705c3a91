"""Where an import may write, and how it puts the new pack in place.

``--force`` replaces an empty folder or a pack folder, and nothing else: the folder must hold a ``pack.yaml`` and
only what a pack is made of (PACK_FILES, PACK_FOLDERS and their contents); never a version-control folder, the
source being imported, the folder the command runs in, or any other file (a .docx, notes, a build's output
folder). The swap keeps the previous pack whole at every instant: it is renamed to a backup folder beside the
destination (``NAME.before-import``), the new pack is renamed into place, and only then is the backup deleted.
Interrupts are held back during the two renames; whatever stops the swap, the error says where each pack is."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..content import read_pack as content_files
from ..content import roster
from ..errors import BriefpackError, Loc, Problem
from ..output.transaction import signals_deferred

# What a pack folder is made of: the files briefpack writes or reads there (`new`, `import`, `schema`, the
# content files and the roster) and the folders whose contents the pack uses as a whole.
PACK_FILES = frozenset({*content_files.FILES, roster.FILE, ".gitignore"})
PACK_FOLDERS = frozenset({"assets", "templates", "styles", ".schemas", ".briefpack"})  # .briefpack: merge.BASE
SYSTEM_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})  # written by file browsers, never by hand
VERSION_CONTROL = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".fossil", ".jj", ".pijul"})
BACKUP_SUFFIX = ".before-import"
IMPORT_RECORD = Path(".briefpack") / "import-base"  # merge.BASE: a pack an import made, and can update


class ImportInterrupted(BriefpackError):
    """An interrupt (Ctrl-C, SIGTERM) during the import; the message says where each pack is. Exit code 130,
    as for any interrupt."""

    exit_code = 130


def problems(dest: Path, source: Path, force: bool) -> list[Problem]:
    """Why ``dest`` cannot receive the pack (at most one problem), or nothing."""
    where = Loc(str(dest))
    if dest.is_symlink():
        return [Problem(where, f"is a symbolic link (expected a real folder: give the folder it points to, "
                               f"{os.path.realpath(dest)})")]
    if dest.exists() and not dest.is_dir():
        return [Problem(where, "is a file (expected a new or empty folder for the pack)")]
    real = dest.resolve()
    if Path.cwd().resolve().is_relative_to(real):
        return [Problem(where, "is the folder the command runs in, or holds it (replacing it would leave the shell "
                               "in a deleted folder: run the import from the folder above, with --to NAME)")]
    if not dest.is_dir() or not any(dest.iterdir()):
        return []
    refusal = replace_refusal(dest, source, updating=(dest / IMPORT_RECORD).is_dir())
    if refusal is None and not force:
        if (dest / IMPORT_RECORD).is_dir():
            return [Problem(where, "holds a pack made by an earlier import (expected a new or empty folder; --force "
                                   "updates it from the source, keeping the edits made since)")]
        return [Problem(where, "folder is not empty (expected a new or empty folder; --force replaces it)")]
    if refusal is not None and not force:
        return [Problem(where, f"folder is not empty: it {refusal} (expected a new or empty folder)")]
    if refusal is not None:
        return [Problem(where, not_replaced(refusal))]
    return []


def not_replaced(refusal: str) -> str:
    return (f"{refusal}: not replaced (--force replaces only an empty folder or a pack folder: "
            f"{', '.join(sorted(PACK_FILES))}, {', '.join(f'{name}/' for name in sorted(PACK_FOLDERS))})")


def replace_refusal(folder: Path, source: Path | None, updating: bool = False) -> str | None:
    """Why --force may not replace this non-empty folder ("holds ..."), or None when it holds a pack and
    nothing else. ``updating``: a pack an earlier import made, whose other files the re-import keeps; then a
    build's output folder in it (``--out my-seminar/dist``: it holds a manifest.json) is kept too."""
    entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    for entry in entries:
        if entry.name in VERSION_CONTROL:
            return f"holds a version-control folder, {entry.name}/"
    if source is not None and source.resolve().is_relative_to(folder.resolve()):
        return f"holds the source being imported, {source}"
    names = [entry.name for entry in entries if entry.name not in SYSTEM_LITTER]
    if names and not any(entry.name == "pack.yaml" and entry.is_file(follow_symlinks=False) for entry in entries):
        return f"holds {names[0]} and no pack.yaml"
    for entry in entries:
        foreign = _foreign(entry)
        if foreign and updating and _output_folder(entry):
            continue
        if foreign:
            return f"holds {foreign}, which is not part of a pack"
    return None


def _foreign(entry: os.DirEntry[str]) -> str | None:
    """The entry's name when it is not part of a pack; a version-control folder deep in a pack folder too."""
    if entry.name in SYSTEM_LITTER:
        return None
    if entry.name in PACK_FILES and not entry.is_dir(follow_symlinks=False):
        return None
    if entry.name in PACK_FOLDERS and entry.is_dir(follow_symlinks=False):
        for parent, folders, _files in os.walk(entry.path):  # never follows links
            for name in folders:
                if name in VERSION_CONTROL:
                    return os.path.relpath(os.path.join(parent, name), os.path.dirname(entry.path)) + "/"
        return None
    if entry.name in PACK_FOLDERS and entry.is_symlink():
        return None  # deleting a link never touches what it points to
    return entry.name + ("/" if entry.is_dir(follow_symlinks=False) else "")


def _output_folder(entry: os.DirEntry[str]) -> bool:
    """A build's output folder: a real folder holding the manifest a build writes."""
    return entry.is_dir(follow_symlinks=False) and os.path.isfile(os.path.join(entry.path, "manifest.json")) \
        and not os.path.islink(os.path.join(entry.path, "manifest.json"))


def put_in_place(staging: Path, dest: Path) -> None:
    """Rename the staged pack to ``dest``: directly when ``dest`` is missing or empty (one atomic rename), else
    through a backup of the previous pack beside it, deleted only once the new pack is in place."""
    had_pack = dest.is_dir() and any(dest.iterdir())
    backup = _free_backup(dest)
    deleting = False
    try:
        if not had_pack:
            os.rename(staging, dest)
            return
        with signals_deferred():  # the renames are not split; a held interrupt is raised after them
            os.rename(dest, backup)
            # written to since it was checked: put it back, refuse
            refusal = replace_refusal(backup, None, updating=(backup / IMPORT_RECORD).is_dir())
            if refusal:
                raise BriefpackError(f"{dest}: {not_replaced(refusal)}")
            os.rename(staging, dest)
        deleting = True
        shutil.rmtree(backup)
    except BaseException as exc:
        raise _account(exc, staging, dest, backup if had_pack else None, deleting) from None


def _free_backup(dest: Path) -> Path:
    """``NAME.before-import`` beside ``dest``, numbered when a previous one is still there."""
    candidate, n = dest.parent / f"{dest.name}{BACKUP_SUFFIX}", 2
    while os.path.lexists(candidate):
        candidate, n = dest.parent / f"{dest.name}{BACKUP_SUFFIX}-{n}", n + 1
    return candidate


def _account(exc: BaseException, staging: Path, dest: Path, backup: Path | None, deleting: bool) -> BriefpackError:
    """Put the previous pack back when the new one is not in place, and say where each pack is. The state is
    read from the folders, not from which step was reached: an interrupt may land just after a rename."""
    if backup is None:  # there was no previous pack: one rename, done or not
        state = f"the new pack is at {dest}" if not staging.exists() else f"nothing was written to {dest}"
    elif staging.exists():  # the new pack is not in place
        if not dest.exists() and backup.exists():
            try:
                os.rename(backup, dest)
            except BaseException:  # noqa: B036 - whatever stops it, the message below says where the pack is
                pass
        if dest.exists() and not backup.exists():
            state = f"nothing was changed; the previous pack is at {dest}"
        else:
            state = (f"the previous pack is at {backup} and no pack is at {dest} (move it back: mv {backup} "
                     f"{dest})")
    elif deleting and backup.exists():
        state = (f"the new pack is at {dest}; the previous pack at {backup} was being deleted and may be "
                 "incomplete (delete the rest)")
    elif backup.exists():
        state = f"the new pack is at {dest}; the previous pack is at {backup} (delete it when you no longer need it)"
    else:
        state = f"the new pack is at {dest}; the previous pack was deleted"
    if isinstance(exc, KeyboardInterrupt):
        return ImportInterrupted(f"import interrupted: {state}")
    if isinstance(exc, BriefpackError):
        return BriefpackError(f"{exc.message}; {state}")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
    return BriefpackError(f"{dest}: the new pack could not be put in place ({reason}); {state}")
