"""A ruled area for notes that ends at a page's foot: the rest of the page it starts on, plus whole pages.

A template asks for one with ``data-ruled-lines="N"`` on an element holding a heading and N copies of ``LINE``.
Laid out blindly, N lines leave scraps: one line alone on a page, two lines and then a blank padding page, the
heading with one line at a page's foot. Here the first layout is measured (how many lines fit below the heading
on its page, how many on a whole page) and the area is laid out again with the number of lines that ends at a
page's foot:

- it starts on a new page (``data-ruled-start="page"``, see the stylesheet) when fewer than ``MIN_FIRST`` lines
  (and fewer than asked for) would follow the heading on its page, or the heading would stay behind alone;
- it goes on over whole pages while fewer than N lines are drawn, but a page that would hold no more than
  ``SCRAP`` of the lines asked for is not started;
- pages the document is padded with (duplex, booklets) are ruled pages, not blank ones."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

LINE = '<div class="rule"></div>'
MIN_FIRST = 4  # lines below the heading on the page it starts on, else it starts on the next page
SCRAP = 3  # a last page holding this many of the lines asked for, or fewer, is not started
AREA_RE = re.compile(r'(<(?P<tag>[a-z]+)\b(?P<attrs>[^>]*\bdata-ruled-lines="(?P<lines>\d+)"[^>]*)>)'
                     r'(?P<body>.*?)(</(?P=tag)>)', re.S)
LINES_RE = re.compile(f"(?:{re.escape(LINE)}\\s*)+")


class _Page(Protocol):  # a WeasyPrint page: its box tree is untyped
    @property
    def _page_box(self) -> Any: ...


@dataclass(frozen=True)
class Measured:
    start_page: int  # where the area's first line is
    heading_page: int  # where the area itself begins
    first: int  # lines that fit on start_page (from the first line to the page area's foot)
    full: int  # lines that fit on a whole page
    pages: int  # the document's pages


def asked(html: str) -> int | None:
    """The lines the document's ruled area asks for (None: it has none)."""
    found = AREA_RE.search(html)
    return int(found["lines"]) if found and LINES_RE.search(found["body"]) else None


def with_lines(html: str, lines: int, new_page: bool) -> str:
    """``html`` with its ruled area holding ``lines`` lines, started on a new page if ``new_page``."""
    def area(found: re.Match[str]) -> str:
        attrs = found["attrs"] + (' data-ruled-start="page"' if new_page else "")
        body = LINES_RE.sub(lambda _: (LINE + "\n") * lines, found["body"], count=1)
        return f"<{found['tag']}{attrs}>{body}</{found['tag']}>"
    return AREA_RE.sub(area, html, count=1)


def measure(pages: Sequence[_Page]) -> Measured | None:
    """Where the ruled area's lines fell in a laid-out document (None: no line was laid out)."""
    first_line: tuple[int, Any, Any] | None = None
    heading_page = None
    for number, page in enumerate(pages):
        page_box = page._page_box
        for box in page_box.descendants():
            element = box.element
            if element is None:
                continue
            if heading_page is None and element.get("data-ruled-lines") is not None:
                heading_page = number
            if element.get("class") == "rule" and first_line is None:
                first_line = (number, box, page_box)
    if first_line is None or heading_page is None:
        return None
    number, line, page_box = first_line
    pitch = line.margin_height()
    top = page_box.content_box_y()
    bottom = top + page_box.height
    fits = math.floor((bottom - line.position_y) / pitch + 1e-6)
    full = max(1, math.floor(page_box.height / pitch + 1e-6))
    return Measured(number, heading_page, fits, full, len(pages))


def starts_on_next_page(measured: Measured, lines: int) -> bool:
    """Whether the area moves to the next page: its heading sits alone at a page's foot, or the page holds
    fewer than ``MIN_FIRST`` lines (and fewer than asked for)."""
    return measured.heading_page != measured.start_page or measured.first < min(MIN_FIRST, lines)


@dataclass(frozen=True)
class Plan:
    lines: int
    new_page: bool
    pages: int  # the document's pages once laid out so


def plan(measured: Measured, lines: int, pad_to: int, new_page: bool) -> Plan:
    """How many lines make the area end at a page's foot, the document padded with ruled pages."""
    extra = 0  # whole pages after the first
    while measured.first + extra * measured.full < lines - SCRAP:
        extra += 1
    pages = measured.start_page + 1 + extra
    extra += -pages % pad_to
    return Plan(measured.first + extra * measured.full, new_page, measured.start_page + 1 + extra)
