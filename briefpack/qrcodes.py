"""QR codes for printed URLs (segno), as small SVG data URLs the renderer accepts."""

from __future__ import annotations

import functools
from dataclasses import dataclass

MODULE_MM = 0.33  # printed size of one QR module: phones read 0.3 mm modules at reading distance
MIN_MM, MAX_MM = 12.0, 24.0


@dataclass(frozen=True)
class QrCode:
    url: str
    data_uri: str
    width_mm: float


@functools.lru_cache(maxsize=512)
def qr_code(url: str) -> QrCode:
    import segno

    code = segno.make(url, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=0)[0]
    width = round(min(MAX_MM, max(MIN_MM, modules * MODULE_MM)), 1)
    return QrCode(url, code.svg_data_uri(border=0, dark="#000", light=None, xmldecl=False, svgns=True), width)
