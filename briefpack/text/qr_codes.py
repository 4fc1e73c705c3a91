"""QR codes for printed URLs (segno), as small SVG data URLs the renderer accepts.

Choosing a QR code's best mask is most of its cost, so the HTML first carries a placeholder (``briefpack-qr:``
and the URL) and its printed width, which depends only on the URL; ``resolve`` puts the real codes in just
before rendering, in the worker that renders, and only for outputs that are rebuilt."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

MODULE_MM = 0.33  # printed size of one QR module: phones read 0.3 mm modules at reading distance
MIN_MM, MAX_MM = 12.0, 24.0
ERROR = "m"
PLACEHOLDER = "briefpack-qr:"
PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER) + r'([^"\s]*)')


@dataclass(frozen=True)
class QrCode:
    url: str
    src: str  # the placeholder; resolve() turns it into a data: URL
    width_mm: float


@functools.lru_cache(maxsize=1024)
def qr_code(url: str) -> QrCode:
    import segno

    version = segno.make(url, error=ERROR, micro=False, mask=0).version  # the mask does not change the size
    modules = 17 + 4 * int(version)  # a full QR code (micro=False): its version is a number
    width = round(min(MAX_MM, max(MIN_MM, modules * MODULE_MM)), 1)
    return QrCode(url, PLACEHOLDER + quote(url, safe=""), width)


@functools.lru_cache(maxsize=1024)
def data_uri(url: str) -> str:
    import segno

    code = segno.make(url, error=ERROR, micro=False)
    return code.svg_data_uri(border=0, dark="#000", light=None, xmldecl=False, svgns=True)


def resolve(html: str) -> str:
    """``html`` with every QR placeholder replaced by its code."""
    if PLACEHOLDER not in html:
        return html
    return PLACEHOLDER_RE.sub(lambda m: data_uri(unquote(m.group(1))), html)
