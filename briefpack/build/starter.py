"""`briefpack new DIR`: a starter pack that builds as it is, every file commented, each feature shown once."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..content.paths import STARTER
from ..errors import BuildError
from .editor_schemas import write_schemas

SCHEMAS = ".schemas"
RENAMED = {"gitignore": ".gitignore"}  # a wheel may drop dot files: the starter ships them under plain names


def create(target: Path) -> list[Path]:
    """Write the starter pack into ``target`` (new or empty); the files written. The folder appears whole or
    not at all: the pack is written beside it, then renamed into place."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is a file" if not target.is_dir() else "is not empty"
        raise BuildError(f"{target}: {what} (expected a new or empty folder for the pack)")
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".briefpack-new-", dir=parent))
    except OSError as exc:
        raise BuildError(f"{target}: cannot create the pack folder ({exc.strerror})") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a pack folder is an ordinary folder
        written = _copy_starter(staging)
        written += write_schemas(staging / SCHEMAS)  # the starter files' first lines point editors to these
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{target}: cannot write the pack ({exc.strerror})") from None
    return [target / path.relative_to(staging) for path in written]


def _copy_starter(into: Path) -> list[Path]:
    written = []
    for source in sorted(STARTER.rglob("*")):
        if not source.is_file() or source.name == "__init__.py" or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(STARTER)
        destination = into / relative.parent / RENAMED.get(relative.name, relative.name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        written.append(destination)
    return written
