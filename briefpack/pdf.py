"""HTML to PDF bytes with WeasyPrint: one warm renderer, a fetcher that only reads our own asset folders, and
every WeasyPrint warning about our documents treated as an error."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError
from .paths import Paths

MAX_DATA_URL = 64 * 1024
# Log messages from WeasyPrint that say nothing about our documents; matched by prefix, in one place.
ALLOWED_LOGS = (
    "Using fontTools instead of HarfBuzz-Subset",  # only speed: see README, "System prerequisites"
)


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
                from urllib.request import url2pathname
                path = Path(url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:"))).resolve()
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
        from weasyprint.text.fonts import FontConfiguration

        self.weasyprint = weasyprint
        self.paths = paths
        self.font_config = FontConfiguration()
        roots = tuple(p.resolve() for p in (paths.styles, paths.assets))
        self.fetcher, self.fatal = _make_fetcher(roots)
        from weasyprint.css.counters import CounterStyle
        self.counter_style = CounterStyle()
        self._css: dict = {}

    def stylesheet(self, name: str):
        if name not in self._css:
            path = self.paths.styles / name
            self._css[name] = self.weasyprint.CSS(
                filename=str(path), url_fetcher=self.fetcher, font_config=self.font_config,
                counter_style=self.counter_style)
        return self._css[name]

    def render(self, html: str, stylesheets, what: str, sources: dict | None = None) -> RenderedPdf:
        """Render ``html`` to PDF bytes; ``what`` names the document in error messages and ``sources``
        ({URL: content location}) the content that asked for a file."""
        collector = _Collector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        self.fetcher.blocked.clear()
        try:
            sheets = [self.stylesheet(name) for name in stylesheets]
            document = self.weasyprint.HTML(
                string=html, base_url=str(self.paths.styles) + "/", url_fetcher=self.fetcher,
            ).render(font_config=self.font_config, counter_style=self.counter_style, stylesheets=sheets)
            data = document.write_pdf()
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
            logger.removeHandler(collector)
        if collector.messages:
            shown = "\n  ".join(m + _used_at(m, sources) for m in dict.fromkeys(collector.messages))
            raise BuildError(f"{what}: WeasyPrint reported problems (strict mode):\n  {shown}")
        return RenderedPdf(data, len(document.pages))
