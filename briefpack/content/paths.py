"""Where the folders a build reads are, and the one door every reader of them goes through.

A pack is the content folder: its YAML and CSV files and its own ``templates/``, ``styles/`` and ``assets/``
folders. The engine's templates and styles (in a checkout beside the package, in an installed wheel inside it, or
the folders given with --templates and --styles) are trusted roots of their own; a pack's folder overrides them
file by file.

``admit`` is the door: a file is used only if its real path (every link resolved, ``..`` normalised) lies inside
the real path of the folder it is named in, and, for a folder of a pack, that folder's real path lies inside the
pack's. The YAML and CSV reader, the templates loader, the stylesheets, the images and WeasyPrint's URL fetcher
all ask it, and read the real path it returns. A refusal says where the path is named and never reads the file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from ..errors import BuildError

PACKAGE = Path(__file__).resolve().parent.parent
PROJECT_ROOT = PACKAGE.parent
STARTER = PACKAGE / "starter"


def _shipped(name: str) -> Path:
    """A folder the project ships: beside the package in a checkout, inside it once installed."""
    beside = PROJECT_ROOT / name
    return beside if beside.is_dir() and (PROJECT_ROOT / "pyproject.toml").is_file() else PACKAGE / name


def default_content() -> Path:
    """The pack in this folder (it holds pack.yaml: `briefpack check` run inside a pack); else the project's
    default pack in a checkout; else ./content."""
    if Path("pack.yaml").is_file():
        return Path(".")
    project = PROJECT_ROOT / "content"
    return project if project.is_dir() and (PROJECT_ROOT / "pyproject.toml").is_file() else Path("content")


def shown(path: Path) -> str:
    """The path as the user typed it relative to here, so editors can jump to it."""
    absolute = Path(os.path.abspath(path))
    here = Path.cwd()
    return str(absolute.relative_to(here)) if absolute.is_relative_to(here) else str(absolute)


def real(path: Path) -> Path:
    """``path`` with every link resolved and ``..`` normalised (a missing tail is kept as written)."""
    return Path(os.path.realpath(path))


class OutsidePack(BuildError):
    """A path the door refuses: it leads outside the folder it is named in. Nothing of it was read."""

    def __init__(self, path: Path, what: Literal["file", "folder"], where: str):
        self.path, self.what, self.where = path, what, where
        inside = "a link inside the folder" if what == "file" else "a link to a folder inside it"
        self.reason = f"is a link to a {what} outside {where} (expected the {what} itself, or {inside})"
        super().__init__(f"{shown(path)}: {self.reason}")

    def __reduce__(self) -> tuple[type[OutsidePack], tuple[Path, str, str]]:
        return OutsidePack, (self.path, self.what, self.where)  # sent back from a worker process whole


def admit(path: Path, folder: Path, pack: Path | None = None) -> Path:
    """The real path of ``path``, a file named in ``folder``, when it lies inside ``folder``'s real path and,
    for a folder of a pack (``pack`` given; the pack itself for its YAML and CSV files), ``folder``'s real path
    lies inside the pack's real path. Raises OutsidePack otherwise, before anything is opened.

    The engine's own folders (``pack`` None) are trusted roots: their files need only stay inside them."""
    inner = real(folder)
    if pack is None:
        where = f"{shown(folder)}/"
    else:
        outer = real(pack)
        if not inner.is_relative_to(outer):
            raise OutsidePack(folder, "folder", "the content folder")
        where = "the content folder" if inner == outer else f"the pack's {folder.name}/ folder"
    found = real(path)
    if not found.is_relative_to(inner):
        raise OutsidePack(path, "file", where)
    return found


@dataclass(frozen=True)
class Root:
    """A folder files are read from: one a pack holds (``pack`` set: it must itself stay inside the pack) or one
    of the engine's own (``pack`` None: trusted, its files need only stay inside it)."""

    folder: Path
    pack: Path | None = None

    def admit(self, path: Path) -> Path:
        return admit(path, self.folder, self.pack)

    def file(self, name: str) -> Path:
        """The real path of the file ``name`` (a relative path) in this folder, through the door."""
        return self.admit(self.folder / name)


@dataclass(frozen=True)
class Paths:
    content: Path
    templates: Path = _shipped("templates")
    styles: Path = _shipped("styles")

    @property
    def assets(self) -> Path:
        """Images and other files content may use; the only content folder the renderer may read."""
        return self.content / "assets"

    @property
    def asset_root(self) -> Root:
        return Root(self.assets, self.content)

    def _roots(self, name: str, ours: Path) -> list[Root]:
        """The pack's own folder ``name`` first (each file overrides ours of its name), then ours."""
        own = self.content / name
        return [Root(own, self.content), Root(ours)] if own.is_dir() else [Root(ours)]

    @property
    def template_roots(self) -> list[Root]:
        return self._roots("templates", self.templates)

    @property
    def style_roots(self) -> list[Root]:
        return self._roots("styles", self.styles)

    @property
    def style_dirs(self) -> list[Path]:
        return [root.folder for root in self.style_roots]

    @property
    def fetch_roots(self) -> tuple[Root, ...]:
        """The folders the renderer may read files from: the stylesheets' folders and the pack's assets."""
        return (*self.style_roots, self.asset_root)

    def stylesheet(self, name: str) -> Path:
        """The stylesheet ``name``: the pack's own if it has one (through the door), else ours (which may not
        exist)."""
        for root in self.style_roots:
            if (root.folder / name).is_file():
                root.file(name)  # refused (OutsidePack) rather than passed over for ours
                return root.folder / name
        return self.styles / name

    @classmethod
    def default(cls, content: Path | None = None) -> Paths:
        return cls(content=(content or default_content()).resolve())


def first_admitting(roots: Sequence[Root], path: Path) -> Path | None:
    """The real path of ``path`` if one of ``roots`` admits it, else None."""
    for root in roots:
        try:
            return root.admit(path)
        except OutsidePack:
            continue
    return None


def asset_path(assets: Path, src: str) -> Path:
    """The real path of ``src``, a file of the pack's ``assets`` folder, through the door (raises OutsidePack).
    The assets folder is always the pack's ``assets/``: its parent is the pack."""
    return admit(assets / src, assets, assets.parent)


def asset_uri(assets: Path, src: str) -> str:
    """The file URI of ``src``, a path inside the ``assets`` folder (the lint has checked it stays inside)."""
    return asset_path(assets, src).as_uri()


def uri_path(uri: str) -> Path:
    """The local path a ``file:`` URI names (query and fragment dropped, %-escapes decoded; POSIX paths)."""
    return Path(unquote(urlsplit(uri).path))
