"""Where the project's folders are. The engine ships beside templates/ and styles/ (see the README)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    content: Path
    templates: Path = PROJECT_ROOT / "templates"
    styles: Path = PROJECT_ROOT / "styles"

    @property
    def assets(self) -> Path:
        """Images and other files content may use; the only content folder the renderer may read."""
        return self.content / "assets"

    @classmethod
    def default(cls, content: Path | None = None) -> Paths:
        return cls(content=(content or PROJECT_ROOT / "content").resolve())


def asset_uri(assets: Path, src: str) -> str:
    """The file URI of ``src``, a path inside the ``assets`` folder (the lint has checked it stays inside)."""
    return (assets / src).resolve().as_uri()


def uri_path(uri: str) -> Path:
    """The local path a ``file:`` URI names (query and fragment dropped, %-escapes decoded; POSIX paths)."""
    return Path(unquote(urlsplit(uri).path))
