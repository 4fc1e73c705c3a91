"""The web edition's files, all made before any is written: every page, then the characters they show, then the
font subsets and the stylesheet; with the images the pages show and copies of the PDFs they link. Returns the
bytes of each file by its path inside web/; the build stages and commits them with the PDFs."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..content.paths import Paths
from ..kinds.editions import WEB
from ..kinds.registry import Registry
from ..render import html as render
from ..text.prepared import Loaded
from . import colours
from .fonts import FOLDER, WebFont, families, used_characters, web_fonts
from .labels import words
from .pages import INDEX, Document, PageRenderer, documents

PDF_FOLDER = "pdf/"
SERIF, SANS = "Charis SIL", "Inter"  # the first families of styles/fonts.toml's stacks


@dataclass(frozen=True)
class PdfCopy:
    """A PDF of the same build that the pages link (copied into web/pdf/ so that the folder stands alone)."""

    path: str  # in the out dir: "concept-note.pdf", "print/handout-g1.pdf"
    kind: str
    group: str | None
    edition: str  # "screen" or "print"
    data: bytes

    @property
    def href(self) -> str:
        return f"{PDF_FOLDER}{self.path}"


def _with_pdfs(docs: list[Document], pdfs: list[PdfCopy], language: str) -> list[Document]:
    labels = {"screen": words(language)["pdf_screen"], "print": words(language)["pdf_print"]}
    linked = []
    for doc in docs:
        mine = [p for p in pdfs if p.kind == doc.kind.name and p.group == doc.group]
        order = sorted(mine, key=lambda p: list(labels).index(p.edition))
        linked.append(dataclasses.replace(doc, pdfs=tuple((labels[p.edition], p.href) for p in order)))
    return linked


def site_files(loaded: Loaded, paths: Paths, registry: Registry, pdfs: list[PdfCopy]) -> dict[str, bytes]:
    """{path inside web/: bytes} of the whole web edition."""
    env = render.environment(paths.template_roots)
    renderer = PageRenderer(loaded, env, paths.assets if paths.assets.is_dir() else None, WEB.stylesheet)
    docs = _with_pdfs(documents(loaded.pack, registry), pdfs, loaded.pack.meta.language)
    pages = {INDEX: renderer.index(docs)} | {doc.page: renderer.page(doc, docs) for doc in docs}
    fonts = web_fonts(paths.styles, used_characters(list(pages.values())))
    files = {name: html.encode("utf-8") for name, html in pages.items()}
    files[WEB.stylesheet] = _stylesheet(paths, loaded, fonts).encode("utf-8")
    files |= {f"{FOLDER}{font.file}": font.data for font in fonts}
    files |= {f"images/{name}": path.read_bytes() for name, path in sorted(renderer.images.used.items())}
    files |= {p.href: p.data for p in pdfs}
    return dict(sorted(files.items()))


def _stylesheet(paths: Paths, loaded: Loaded, made: list[WebFont]) -> str:
    """The one stylesheet: the fonts' faces, the stacks and accents of this pack, then styles/web.css."""
    light, dark = colours.accents(loaded.pack.meta.accent)
    serif = ", ".join(f'"{f}"' for f in families(made, SERIF)) + ", serif"
    sans = ", ".join(f'"{f}"' for f in families([f for f in made if f.family == SANS] + made, SANS)) + ", sans-serif"
    own = next(root.file(WEB.stylesheet) for root in paths.style_roots if (root.folder / WEB.stylesheet).is_file())
    head = [font.face_rule() for font in made]
    head.append(f":root {{ --serif: {serif}; --sans: {sans}; --accent: {light}; --accent-dark: {dark}; }}")
    return "\n".join(head) + "\n" + own.read_text(encoding="utf-8")
