"""Where the folders a build reads are: the pack's content, and the templates and styles (the project's own,
overridden file by file by a pack's own `templates/` and `styles/` folders).

In a checkout the engine sits beside templates/ and styles/; an installed wheel carries them inside the package
(pyproject maps them there), so both places are looked for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent
STARTER = PACKAGE / "starter"


def _shipped(name: str) -> Path:
    """A folder the project ships: beside the package in a checkout, inside it once installed."""
    beside = PROJECT_ROOT / name
    return beside if beside.is_dir() and (PROJECT_ROOT / "pyproject.toml").is_file() else PACKAGE / name


def default_content() -> Path:
    """The project's default pack in a checkout; ./content elsewhere."""
    project = PROJECT_ROOT / "content"
    return project if project.is_dir() and (PROJECT_ROOT / "pyproject.toml").is_file() else Path("content")


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
    def template_dirs(self) -> list[Path]:
        """The pack's own templates first (each file overrides the built-in one of its name), then ours."""
        own = self.content / "templates"
        return [own, self.templates] if own.is_dir() else [self.templates]

    @property
    def style_dirs(self) -> list[Path]:
        own = self.content / "styles"
        return [own, self.styles] if own.is_dir() else [self.styles]

    def stylesheet(self, name: str) -> Path:
        """The stylesheet ``name``: the pack's own if it has one, else ours (which may not exist)."""
        for folder in self.style_dirs:
            if (folder / name).is_file():
                return folder / name
        return self.styles / name

    @classmethod
    def default(cls, content: Path | None = None) -> Paths:
        return cls(content=(content or default_content()).resolve())


def asset_uri(assets: Path, src: str) -> str:
    """The file URI of ``src``, a path inside the ``assets`` folder (the lint has checked it stays inside)."""
    return (assets / src).resolve().as_uri()


def uri_path(uri: str) -> Path:
    """The local path a ``file:`` URI names (query and fragment dropped, %-escapes decoded; POSIX paths)."""
    return Path(unquote(urlsplit(uri).path))
