"""HTML to PDF bytes with WeasyPrint: one warm renderer, a fetcher that only reads our own asset folders, and
every WeasyPrint warning about our documents treated as an error.

Two places reach below WeasyPrint's public surface, each isolated in one function and guarded by a test that
fails when WeasyPrint or pydyf change: ``_ContentIdMetadata`` (PDF/X-4's random document id) and
``linear_page_references`` (a quadratic cost in tagging long documents)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..content import images
from ..content.paths import Paths, Root, first_admitting, uri_path
from ..errors import BuildError
from ..kinds.editions import SCREEN, Edition
from ..problems import Loc
from ..render import draft_marks
from ..text.fonts import font_configuration
from . import artifacts, ruled_area
from . import cid_fonts as cidfonts
from . import text_layer as textlayer

MAX_DATA_URL = 64 * 1024
# Log messages from WeasyPrint that say nothing about our documents; matched by prefix, in one place.
ALLOWED_LOGS = (
    "Using fontTools instead of HarfBuzz-Subset",  # only speed: see README, "System prerequisites"
)
BLANK_PAGE = '<!DOCTYPE html><html><body class="blank-page"></body></html>'
DOCUMENT_ID_RE = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


# What we read of WeasyPrint's objects (WeasyPrint ships no types): each is named here, once.
class _BoxTree(Protocol):
    def descendants(self) -> Iterable[Any]: ...  # WeasyPrint's layout boxes, told apart with isinstance


class _Page(Protocol):
    links: Sequence[tuple[str, str, object, object]]  # (type, target, rectangle, box)
    _page_box: _BoxTree


class _Metadata(Protocol):
    attachments: Sequence[object]


class _Document(Protocol):
    pages: list[_Page]
    metadata: _Metadata

    def copy(self, pages: list[_Page]) -> _Document: ...

    def write_pdf(self, **options: object) -> bytes: ...


class _PagedPdf(Protocol):  # pydyf.PDF
    pages: Mapping[str, Sequence[object]]


class _Fetcher(Protocol):
    refused: list[Refusal]


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrintedImage:
    src: str  # the <img>'s URL
    ppi: float  # pixels per inch at the size it is printed
    width_mm: float
    pixels: int  # its width in pixels


def printed_images(document: _Document) -> list[PrintedImage]:
    """Every raster image laid out in ``document``, with its resolution at the size it is printed.

    WeasyPrint has no public view of laid-out images: this reads each page's box tree (``Page._page_box``);
    test_faults checks that it still finds the images of a built document."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.images import RasterImage

    found = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.ReplacedBox) and isinstance(box.replacement, RasterImage) and box.width:
                inches = box.width / 96  # CSS pixels
                src = box.element.get("src", "") if box.element is not None else ""
                found.append(PrintedImage(src, box.replacement.width / inches, inches * 25.4,
                                          box.replacement.width))
    return found


def content_id(html: str) -> uuid.UUID:
    """A document id derived from the document's content: the same HTML always gets the same id."""
    return uuid.UUID(bytes=hashlib.sha256(html.encode()).digest()[:16], version=4)


def with_content_id(metadata: _Metadata, document_id: uuid.UUID) -> _Metadata:
    """``metadata`` (a WeasyPrint DocumentMetadata) writing ``document_id`` as PDF/X-4's xmpMM:DocumentID.

    WeasyPrint 70 writes a random uuid4 there, which makes rebuilds differ; no option sets it. The subclass
    replaces the id in the XMP packet WeasyPrint generates."""
    from weasyprint.document import DocumentMetadata

    class ContentIdMetadata(DocumentMetadata):  # type: ignore[misc]  # WeasyPrint's class is untyped
        def generate_rdf_metadata(self, *args: object, **kwargs: object) -> bytes:
            xml: bytes = super().generate_rdf_metadata(*args, **kwargs)
            return DOCUMENT_ID_RE.sub(f"xmp.did:{document_id}".encode(), xml)

    copy: _Metadata = ContentIdMetadata()
    copy.__dict__.update(metadata.__dict__)
    return copy


@contextlib.contextmanager
def linear_page_references() -> Iterator[None]:
    """pydyf 0.13's ``PDF.page_references`` rebuilds the tuple of every page's reference on each access, and
    WeasyPrint's tagging reads it once per tagged box: writing a tagged PDF grows with pages x boxes. While a PDF
    is written, the tuple is kept until a page is added. (Not yet reported upstream: this machine reaches no
    issue tracker; the report to file is in the README. Remove when a pydyf release caches the tuple.)"""
    import pydyf

    original = pydyf.PDF.__dict__["page_references"]

    def cached(pdf: _PagedPdf) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        memo: tuple[int, tuple[bytes, ...]] | None = pdf.__dict__.get("_briefpack_page_references")
        if memo is None or memo[0] != len(kids):
            memo = (len(kids), original.fget(pdf))
            pdf.__dict__["_briefpack_page_references"] = memo
        return memo[1]

    pydyf.PDF.page_references = property(cached)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


@contextlib.contextmanager
def font_timestamps(epoch: int | None) -> Iterator[None]:
    """fontTools (WeasyPrint's subsetter when HarfBuzz-subset is missing) stamps each subset font's
    ``head.modified`` with the time, unless SOURCE_DATE_EPOCH is set: that variable is its only interface for
    reproducible fonts. Set while a PDF is written; a value the caller's environment gives wins."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if epoch is not None and previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(ALLOWED_LOGS):
            self.messages.append(message.splitlines()[0])


@dataclass(frozen=True)
class Refusal:
    url: str
    reason: str | None = None  # None: a URL outside the folders the renderer may read


def _make_fetcher(roots: tuple[Root, ...]) -> tuple[_Fetcher, type[BaseException]]:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint's class is untyped
        """Serves ``file:`` URLs that the pack's door admits into one of ``roots`` (the stylesheets' folders and
        the pack's assets) and small ``data:`` URLs; refuses everything else, and every raster image over the
        pixel limit (read from its header, before WeasyPrint decodes it)."""

        refused: list[Refusal]

        def fetch(self, url: str, headers: object = None) -> object:
            if url.startswith("data:") and len(url) <= MAX_DATA_URL:
                response = super().fetch(url, headers)
                data = response.read()
                self._check_size(url, data)
                return URLFetcherResponse(response.url, data, response.headers, response.status)
            if url.startswith("file:"):
                found = first_admitting(roots, uri_path(url))
                if found is not None and found.is_file():
                    self._check_size(url, found)  # from the header, before the whole file is read
                    return URLFetcherResponse(url, found.read_bytes())
            self.refused.append(Refusal(url))
            raise FatalURLFetchingError(f"refused to fetch {url[:120]}")

        def _check_size(self, url: str, source: Path | bytes) -> None:
            too_large = images.too_large(source)
            if too_large:
                self.refused.append(Refusal(url, too_large))
                raise FatalURLFetchingError(f"refused the image {url[:120]}")

    fetcher = AssetFetcher(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
    fetcher.refused = []
    return fetcher, FatalURLFetchingError


def _refused(what: str, refusal: Refusal, sources: dict[str, Loc] | None) -> str:
    url = refusal.url
    if refusal.reason is None:
        return (f"{what}: blocked a fetch of {url[:120]}{_used_at(url, sources)} (only files in styles/ and the "
                "pack's assets/ folder may be read)")
    name = uri_path(url).name if url.startswith("file:") else "in a data: URL"
    return f"{what}: image {name} {refusal.reason}{_used_at(url, sources)}"


def _attachments(document: _Document) -> list[str]:
    """What the laid-out document would embed as files: <a rel="attachment"> links and <link rel="attachment">.
    No feature of ours uses attachments, and WeasyPrint embeds whatever the fetcher serves."""
    found = [target for page in document.pages for link, target, *_ in page.links if link == "attachment"]
    return found + ['<link rel="attachment">'] * len(document.metadata.attachments)


def _used_at(text: str, sources: dict[str, Loc] | None) -> str:
    places = [str(loc) for url, loc in (sources or {}).items() if url in text]
    return f" (used at {', '.join(places)})" if places else ""


def _low_resolution(document: _Document, edition: Edition, what: str, sources: dict[str, Loc] | None) -> list[str]:
    """Raster images printed at less than the edition's minimum resolution, as messages."""
    if edition.min_image_ppi is None:
        return []
    problems = []
    for image in printed_images(document):
        if image.ppi < edition.min_image_ppi:
            needed = round(image.pixels * edition.min_image_ppi / image.ppi)
            problems.append(f"{what}: image {uri_path(image.src).name} is {image.ppi:.0f} ppi at its printed size "
                            f"({image.width_mm:.0f} mm wide; expected at least {edition.min_image_ppi} ppi in "
                            f"print: use one at least {needed} pixels wide){_used_at(image.src, sources)}")
    return list(dict.fromkeys(problems))


class PdfRenderer:
    """Keeps one FontConfiguration and every parsed stylesheet for the life of a build."""

    def __init__(self, paths: Paths):
        import weasyprint
        from weasyprint.css.counters import CounterStyle


        self.weasyprint = weasyprint
        self.paths = paths
        self.font_config = font_configuration(paths.styles)  # the declared fonts only, never the system's
        textlayer.install()  # ActualText for complex scripts, /Lang on passages in another language
        cidfonts.install()  # CJK font subsets without 63,000 empty glyphs
        self.fetcher, self.fatal = _make_fetcher(paths.fetch_roots)
        self.counter_style = CounterStyle()
        self._css: dict[str, object] = {}  # WeasyPrint CSS objects

    def stylesheet(self, name: str) -> object:
        if name not in self._css:
            path = self.paths.stylesheet(name)  # through the door (OutsidePack), read through the fetcher
            if not path.is_file():
                raise BuildError(f"{path}: stylesheet not found (every document kind needs styles/<kind>.css)")
            self._css[name] = self.weasyprint.CSS(
                url=path.as_uri(), url_fetcher=self.fetcher, font_config=self.font_config,
                counter_style=self.counter_style)
        return self._css[name]

    def _layout(self, html: str, sheets: list[object], edition: Edition) -> _Document:
        document: _Document = self.weasyprint.HTML(
            string=html, base_url=str(self.paths.styles) + "/", url_fetcher=self.fetcher,
        ).render(font_config=self.font_config, counter_style=self.counter_style, stylesheets=sheets,
                 pdf_tags=edition.tagged)
        return document

    def _ruled(self, document: _Document, html: str, sheets: list[object], edition: Edition,
               pad_to: int) -> _Document:
        """The document laid out again so that its ruled notes area ends at a page's foot (see ruled_area)."""
        lines = ruled_area.asked(html)
        measured = None if lines is None else ruled_area.measure(document.pages)
        if lines is None or measured is None:
            return document
        new_page = ruled_area.starts_on_next_page(measured, lines)
        if new_page:
            document = self._layout(ruled_area.with_lines(html, lines, True), sheets, edition)
            measured = ruled_area.measure(document.pages) or measured
        plan = ruled_area.plan(measured, lines, pad_to, new_page)
        if plan.lines == lines and len(document.pages) == plan.pages:
            return document
        return self._layout(ruled_area.with_lines(html, plan.lines, new_page), sheets, edition)

    def _padded(self, document: _Document, html: str, sheets: list[object], edition: Edition,
                pad_to: int) -> _Document:
        """The document with blank pages added to reach a multiple of ``pad_to`` pages (duplex, booklets)."""
        missing = -len(document.pages) % pad_to
        if not missing:
            return document
        # A fresh blank page for each document: a Page reused across documents carries state into the next
        # PDF's bytes, and rebuilds would then depend on what was rendered before.
        blank = self._layout(draft_marks.on_blank_page(html, BLANK_PAGE), sheets, edition).pages
        return document.copy([*document.pages, *blank * missing])

    def render(self, html: str, stylesheets: Sequence[str], what: str, sources: dict[str, Loc] | None = None,
               edition: Edition | None = None, pad_to: int = 1, epoch: int | None = None,
               strict: bool = True) -> RenderedPdf:
        """Render ``html`` to PDF bytes in ``edition``, padded to a multiple of ``pad_to`` pages; ``what`` names
        the document in error messages and ``sources`` ({URL: content location}) the content that used a file."""
        edition = edition or SCREEN
        collector = _Collector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        self.fetcher.refused.clear()
        try:
            with images.pillow_limit():
                sheets = [self.stylesheet(name) for name in stylesheets]
                document = self._ruled(self._layout(html, sheets, edition), html, sheets, edition, pad_to)
                document = self._padded(document, html, sheets, edition, pad_to)
                attached = _attachments(document)
                if attached:
                    raise BuildError(f"{what}: refused an attachment ({attached[0][:120]})"
                                     f"{_used_at(attached[0], sources)} (a PDF embeds no files: expected no "
                                     'rel="attachment" in templates)')
                document.metadata = with_content_id(document.metadata, content_id(html))
                with linear_page_references(), font_timestamps(epoch):
                    data = document.write_pdf(**edition.write_options())
        except self.fatal:
            raise BuildError(_refused(what, self.fetcher.refused[-1], sources)) from None
        except BuildError:
            raise
        except (RecursionError, ZeroDivisionError, OverflowError, MemoryError) as exc:
            raise BuildError(f"{what}: WeasyPrint could not lay out the document ({type(exc).__name__}); "
                             "look for very deep nesting or absurd sizes in the content") from exc
        except Exception as exc:
            raise BuildError(f"{what}: WeasyPrint failed ({type(exc).__name__}: {str(exc)[:200]}); "
                             "run with --debug for the traceback") from exc
        finally:
            logger.removeHandler(collector)
        if collector.messages:
            shown = "\n  ".join(m + _used_at(m, sources) for m in dict.fromkeys(collector.messages))
            raise BuildError(f"{what}: WeasyPrint reported problems (strict mode):\n  {shown}")
        if edition.tagged:  # page furniture as artifacts, links printable (PDF/UA)
            data = artifacts.tidy_tagged(data)
        warnings = _low_resolution(document, edition, what, sources)
        if warnings and strict:
            raise BuildError("\n".join(warnings) + "\n(strict mode: --no-strict prints these as warnings)")
        return RenderedPdf(data, len(document.pages), tuple(warnings))
