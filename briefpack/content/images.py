"""The size limit of raster images, checked from the image's header before anything decodes it.

Pillow reads a header lazily: ``Image.open`` learns the width and height without decoding a pixel. A 10,000 x
10,000 PNG of a few hundred bytes would otherwise decode to several hundred MiB inside WeasyPrint (with a raw
Pillow warning), and a larger one fail with an empty reason. Every image a build uses is checked here first: the
content lint checks the images and logos content names (at their place), and the renderer's URL fetcher checks
every file and data: URL it serves (images named by a pack's templates or stylesheets, or inside an SVG)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

# 40 megapixels: a full A3 page at 300 ppi is 17.5 megapixels, so no printed image needs more; decoded as RGBA
# it is 160 MB. One constant, documented in the README's safety section.
MAX_PIXELS = 40_000_000


@contextlib.contextmanager
def pillow_limit() -> Iterator[None]:
    """While a document renders, Pillow itself refuses what we refuse, as a second line (it warns above the limit
    and fails at twice it); every image is checked before Pillow decodes it, so neither is ever seen. Only while
    rendering: the setting is global, and other readers (the Word importer) keep Pillow's own."""
    from PIL import Image

    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, MAX_PIXELS
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def dimensions(source: Path | bytes) -> tuple[int, int] | None:
    """(width, height) of the raster image in ``source``, read from its header only; None when it is not a
    raster image Pillow knows (SVG, CSS, a font) or its header is broken (the renderer then reports it)."""
    from PIL import Image

    # The header of a huge image must be read to be refused: Pillow's own bomb check would stop the read.
    # A process renders one document at a time, so lifting the limit for this call alone is safe.
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as image:
            width, height = image.size
            return int(width), int(height)
    except Exception:  # anything Pillow cannot identify is not ours to judge here
        return None
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def too_large(source: Path | bytes) -> str | None:
    """Why the image in ``source`` may not be used (its size and the limit), or None."""
    size = dimensions(source)
    if size is None or size[0] * size[1] <= MAX_PIXELS:
        return None
    width, height = size
    return (f"is {width} x {height} pixels ({width * height / 1e6:.1f} megapixels; expected at most "
            f"{MAX_PIXELS / 1e6:.0f} megapixels: scale it down, 300 ppi at its printed size is enough)")
