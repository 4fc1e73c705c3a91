"""Each web page's HTML: the kinds' own bodies (the same fragments, numbering and calls as the PDFs), shown by
templates/web/, one page per document of every kind that declares a web edition, and an index of them."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, fields
from pathlib import Path

import jinja2

from ..content import markdown as markup
from ..content.languages import direction
from ..content.model import Pack, plain
from ..content.paths import asset_path
from ..errors import BuildError
from ..kinds.base import DocumentKind
from ..kinds.editions import WEB
from ..kinds.registry import Registry
from ..kinds.views import Body, Calls, Fragments
from ..render.context import Common, common
from ..text.prepared import Loaded
from .labels import words

INDEX = "index.html"
IMAGES = "images/"


@dataclass(frozen=True)
class Document:
    """One document of the web edition: its page and the PDFs of the same build (paths inside web/)."""

    kind: DocumentKind
    group: str | None
    title: str  # the document's title, and for a group's document its group
    pdfs: tuple[tuple[str, str], ...] = ()  # (label, href)

    @property
    def page(self) -> str:
        return f"{self.kind.stem(self.group)}.html"


@dataclass(frozen=True)
class NavLink:
    href: str
    text: str
    current: bool


@dataclass(frozen=True)
class Page:
    """Everything a web page's template is given besides the common part and the document's body."""

    document_title: str
    page_title: str
    words: dict[str, str]
    nav: list[NavLink]
    pdfs: tuple[tuple[str, str], ...]
    stylesheet: str
    dir: str
    documents: list[Document]
    logos: list[tuple[str, str]]  # (src, alt)


class Images:
    """The images the pages show, copied into web/images/ under their own names (the lint has checked that each
    is a file inside the assets folder)."""

    def __init__(self, assets: Path | None):
        self.assets = assets
        self.used: dict[str, Path] = {}  # name in images/ -> file

    def href(self, src: str) -> str:
        if self.assets is None:
            raise ValueError(f"image {src!r} in a text that cannot show images")
        path = asset_path(self.assets, src)
        name = re.sub(r"[^\w.-]", "-", posixpath.basename(src)) or "image"
        while name in self.used and self.used[name] != path:
            name = f"x-{name}"
        self.used[name] = path
        return IMAGES + name


class WebFragments(Fragments):
    """Fragments whose images are relative links into web/images/ (the PDFs use file URIs)."""

    def __init__(self, images: Images, cite: markup.Cite = markup.no_citations):
        super().__init__(cite, images.assets)
        self.images = images

    def asset(self, src: str) -> str:
        return self.images.href(src)

    def quiet(self) -> Fragments:
        return WebFragments(self.images)


def documents(pack: Pack, registry: Registry) -> list[Document]:
    """Every document of the web edition, in the registry's order: the kinds built by default that declare it."""
    found = []
    for kind in registry.all_kinds():
        if kind.on_request or not kind.has_edition(WEB.name) or kind.unavailable(pack) is not None:
            continue
        for group in kind.instances(pack, None):
            title = kind.title(pack) if group is None else kind.subject(pack, group)
            found.append(Document(kind, group, title))
    return found


class PageRenderer:
    """Renders the web pages of one loaded pack with the one Jinja environment of the build's templates."""

    def __init__(self, loaded: Loaded, env: jinja2.Environment, assets: Path | None, stylesheet: str):
        self.loaded = loaded
        self.env = env
        self.images = Images(assets)
        self.common = common(loaded.pack)  # no logos by file URI: the pages link their copies
        self.words = words(loaded.pack.meta.language)
        self.stylesheet = stylesheet
        self.logos = [(self.images.href(logo.file), logo.name) for logo in loaded.pack.meta.logos] if assets else []

    def page(self, doc: Document, docs: list[Document]) -> str:
        pack, kind = self.loaded.pack, doc.kind
        calls = Calls(self.loaded.numbering, linked=True)
        body = kind.body(pack, self.loaded.numbering, doc.group, WebFragments(self.images, calls), calls)
        title = f"{doc.title} — {self.common.seminar}: {plain(pack.meta.theme)}"
        return self._render(f"{WEB.templates}{kind.template_in(WEB.name)}", body,
                            self._page(kind.title(pack), title, doc.page, doc.pdfs, docs))

    def index(self, docs: list[Document]) -> str:
        title = f"{self.common.seminar}: {plain(self.loaded.pack.meta.theme)}"
        return self._render(f"{WEB.templates}{INDEX}", None, self._page(title, title, INDEX, (), docs))

    def _page(self, document_title: str, title: str, current: str, pdfs: tuple[tuple[str, str], ...],
              docs: list[Document]) -> Page:
        nav = [NavLink(INDEX, self.words["home"], current == INDEX)]
        nav += [NavLink(d.page, d.title, d.page == current) for d in docs]
        return Page(document_title, title, self.words, nav, pdfs, self.stylesheet,
                    direction(self.common.lang), docs, self.logos)

    def _render(self, template: str, body: Body | None, page: Page) -> str:
        names: dict[str, object] = {}
        parts: tuple[Common | Body | Page, ...] = (self.common, page) if body is None else (self.common, body, page)
        for part in parts:
            names.update({f.name: getattr(part, f.name) for f in fields(part)})
        try:
            return self.env.get_template(template).render(**names)
        except jinja2.TemplateNotFound as exc:
            raise BuildError(f"the web edition has no template {exc.name} (expected templates/{template})") from None
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise BuildError(f"{template}: the template failed ({type(exc).__name__}: {exc})") from None

