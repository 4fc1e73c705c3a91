"""The PDF's text layer, where WeasyPrint 70 gets it wrong for complex scripts, and the language of passages.

- WeasyPrint maps each glyph to text once per font (ToUnicode). Thai, Lao, Khmer, Burmese and the Indic scripts
  reorder marks and split one character into two glyphs (ำ is drawn as ํ + า), and Arabic draws lam-alef as one
  glyph: the same glyph then stands for different text in different places, and extraction gives `เพิม่` for
  `เพิ่ม` and `นา` for `น้ำ`. Lines in those scripts are wrapped in a marked-content span whose ActualText is the
  line's real text, which text extraction, search and screen readers use instead of the glyphs.
- Elements with ``aria-hidden="true"`` (the DRAFT mark) are left out of the structure tree, so that they end up
  as artifacts (artifacts.py) and a screen reader does not read them on every page.
- WeasyPrint's tags carry the document's language only: a structure element made from an element with another
  ``lang`` (a `[湄公河]{lang=zh-Hans}` span) gets its own /Lang, so a screen reader switches voice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Protocol

# Scripts whose glyphs do not map one-to-one, in logical order, to their characters.
COMPLEX_SCRIPT = re.compile("[\u0900-\u0dff"  # Devanagari to Sinhala
                            "\u0e00-\u0eff"  # Thai, Lao
                            "\u1000-\u109f\u1780-\u17ff]")  # Myanmar, Khmer


def actual_text(text: str) -> bytes:
    """A marked-content property list giving ``text`` as ActualText (a UTF-16 PDF string, in hex)."""
    return b"<</ActualText <FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">>>"


def install() -> None:
    """Patch WeasyPrint's line drawing and tagging once per process (as pdf.py does for document ids)."""
    from weasyprint.draw import text as draw_text
    from weasyprint.pdf import tags

    if not getattr(draw_text.draw_first_line, "briefpack", False):
        draw_text.draw_first_line = _with_actual_text(draw_text.draw_first_line)
    if not getattr(tags._build_box_tree, "briefpack", False):
        tags._build_box_tree = _with_languages(tags._build_box_tree)


class _MarkedStream(Protocol):  # WeasyPrint's content stream (pydyf.Stream)
    def begin_marked_content(self, tag: str, property_list: bytes) -> object: ...
    def end_marked_content(self) -> object: ...


class _TextBox(Protocol):
    text: str


Structure = MutableMapping[str, object]  # a structure element WeasyPrint's tagging yields (a pydyf.Dictionary)


def _with_actual_text(draw_first_line: Callable[..., object]) -> Callable[..., object]:
    def draw(stream: _MarkedStream, textbox: _TextBox, *args: object, **kwargs: object) -> object:
        text = textbox.text
        if not COMPLEX_SCRIPT.search(text) or not text.strip():
            return draw_first_line(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", actual_text(text.replace("\u00ad", "")))
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()
    draw.briefpack = True  # type: ignore[attr-defined]
    return draw


def _with_languages(build_box_tree: Callable[..., Iterable[Structure]]) -> Callable[..., Iterator[Structure]]:
    import pydyf

    def build(box: object, parent: object, *args: object, **kwargs: object) -> Iterator[Structure]:
        element = getattr(box, "element", None)
        if element is not None and element.get("aria-hidden") == "true":
            # furniture (the DRAFT mark): its marked content is mapped but left out of the tree, as WeasyPrint
            # does with margin boxes; artifacts.py then makes it an artifact
            for _ in build_box_tree(box, parent, *args, **kwargs):
                pass
            return
        lang = None  # only elements that carry a lang of their own: the root's is the document's /Lang
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for structure in build_box_tree(box, parent, *args, **kwargs):
            if lang and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure
    build.briefpack = True  # type: ignore[attr-defined]
    return build
