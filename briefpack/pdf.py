"""HTML to PDF bytes with WeasyPrint: one warm renderer, a fetcher that only reads our own asset folders, and
every WeasyPrint warning about our documents treated as an error."""

from __future__ import annotations

import contextvars
import hashlib
import logging
import uuid
from dataclasses import dataclass

from . import cidfonts, textlayer
from .errors import BuildError
from .paths import Paths, uri_path

MAX_DATA_URL = 64 * 1024
# Log messages from WeasyPrint that say nothing about our documents; matched by prefix, in one place.
ALLOWED_LOGS = (
    "Using fontTools instead of HarfBuzz-Subset",  # only speed: see README, "System prerequisites"
)


EDITIONS = {
    # screen: tagged PDF/UA-1 (structure tree, /Lang, DisplayDocTitle, bookmarks, live links)
    "screen": {"pdf_variant": "pdf/ua-1", "pdf_tags": True},
    # print: PDF/X-4 with an sRGB output intent (WeasyPrint's bundled sRGB2014 profile)
    "print": {"pdf_variant": "pdf/x-4", "output_intent": "srgb"},
}
BLANK_PAGE = '<!DOCTYPE html><html><body class="blank-page"></body></html>'

_document_id: contextvars.ContextVar = contextvars.ContextVar("briefpack_document_id", default=None)


def _install_document_id() -> None:
    """PDF/X-4 metadata gets a random xmpMM:DocumentID (uuid4) in WeasyPrint 70, which makes rebuilds differ.
    While a document is written we hand WeasyPrint an id derived from its content instead (per thread)."""
    from weasyprint.pdf import metadata

    if getattr(metadata.uuid4, "briefpack", False):
        return
    random_uuid4 = metadata.uuid4

    def content_uuid4():
        return _document_id.get() or random_uuid4()
    content_uuid4.briefpack = True
    metadata.uuid4 = content_uuid4


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(ALLOWED_LOGS):
            self.messages.append(message.splitlines()[0])


def _make_fetcher(roots: tuple):
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serves ``file:`` URLs inside ``roots`` and small ``data:`` URLs; refuses everything else."""

        blocked: list[str]

        def fetch(self, url, headers=None):
            if url.startswith("data:") and len(url) <= MAX_DATA_URL:
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = uri_path(url).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return URLFetcherResponse(url, path.read_bytes())
            self.blocked.append(url)
            raise FatalURLFetchingError(f"refused to fetch {url[:120]}")

    fetcher = AssetFetcher(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
    fetcher.blocked = []
    return fetcher, FatalURLFetchingError


def _used_at(text: str, sources: dict | None) -> str:
    places = [str(loc) for url, loc in (sources or {}).items() if url in text]
    return f" (used at {', '.join(places)})" if places else ""


class PdfRenderer:
    """Keeps one FontConfiguration and every parsed stylesheet for the life of a build."""

    def __init__(self, paths: Paths):
        import weasyprint

        from .fonts import font_configuration

        self.weasyprint = weasyprint
        self.paths = paths
        self.font_config = font_configuration(paths.styles)  # the declared fonts only, never the system's
        roots = tuple(p.resolve() for p in (paths.styles, paths.assets))
        self.fetcher, self.fatal = _make_fetcher(roots)
        from weasyprint.css.counters import CounterStyle
        self.counter_style = CounterStyle()
        self._css: dict = {}
        _install_document_id()
        textlayer.install()  # ActualText for complex scripts, /Lang on passages in another language
        cidfonts.install()  # CJK font subsets without 63,000 empty glyphs

    def stylesheet(self, name: str):
        if name not in self._css:
            path = self.paths.styles / name
            self._css[name] = self.weasyprint.CSS(
                filename=str(path), url_fetcher=self.fetcher, font_config=self.font_config,
                counter_style=self.counter_style)
        return self._css[name]

    def _layout(self, html: str, sheets, edition: str):
        return self.weasyprint.HTML(
            string=html, base_url=str(self.paths.styles) + "/", url_fetcher=self.fetcher,
        ).render(font_config=self.font_config, counter_style=self.counter_style, stylesheets=sheets,
                 pdf_tags=EDITIONS[edition].get("pdf_tags", False))

    def _padded(self, document, sheets, edition: str, pad_to: int):
        """The document with blank pages added to reach a multiple of ``pad_to`` pages (duplex, booklets)."""
        missing = -len(document.pages) % pad_to
        if not missing:
            return document
        # A fresh blank page for each document: a Page reused across documents carries state into the next
        # PDF's bytes, and rebuilds would then depend on what was rendered before.
        blank = self._layout(BLANK_PAGE, sheets, edition).pages
        return document.copy([*document.pages, *blank * missing])

    def render(self, html: str, stylesheets, what: str, sources: dict | None = None, edition: str = "screen",
               pad_to: int = 1) -> RenderedPdf:
        """Render ``html`` to PDF bytes in ``edition``, padded to a multiple of ``pad_to`` pages; ``what`` names
        the document in error messages and ``sources`` ({URL: content location}) the content that used a file."""
        collector = _Collector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        self.fetcher.blocked.clear()
        options = {k: v for k, v in EDITIONS[edition].items() if k != "pdf_tags"}
        token = _document_id.set(uuid.UUID(bytes=hashlib.sha256(html.encode()).digest()[:16], version=4))
        try:
            sheets = [self.stylesheet(name) for name in stylesheets]
            document = self._padded(self._layout(html, sheets, edition), sheets, edition, pad_to)
            data = document.write_pdf(**options)
        except self.fatal:
            url = self.fetcher.blocked[-1]
            raise BuildError(f"{what}: blocked a fetch of {url[:120]}{_used_at(url, sources)} (only files in "
                             "styles/ and the pack's assets/ folder may be read)") from None
        except (RecursionError, ZeroDivisionError, OverflowError, MemoryError) as exc:
            raise BuildError(f"{what}: WeasyPrint could not lay out the document ({type(exc).__name__}); "
                             "look for very deep nesting or absurd sizes in the content") from exc
        except Exception as exc:
            raise BuildError(f"{what}: WeasyPrint failed ({type(exc).__name__}: {str(exc)[:200]}); "
                             "run with --debug for the traceback") from exc
        finally:
            _document_id.reset(token)
            logger.removeHandler(collector)
        if collector.messages:
            shown = "\n  ".join(m + _used_at(m, sources) for m in dict.fromkeys(collector.messages))
            raise BuildError(f"{what}: WeasyPrint reported problems (strict mode):\n  {shown}")
        return RenderedPdf(data, len(document.pages))
