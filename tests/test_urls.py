"""Printed web addresses break only where a reader expects it: after "://" and "/", before . ? & = - _ #; never
inside the scheme ("h / ttp://"), and the copied text carries no invisible characters."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefpack.content import markdown

from .conftest import DEFAULT_CONTENT

URL_RE = re.compile(r"https?://[^\s<>]+")


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _plumbed(pdf: Path) -> str:
    """The text as pdfplumber reads it, line by line (pdftotext drops the hyphen of '_-_' in an address, which
    the PDF has: a quirk of its own, not of the PDF)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return "\n".join(page.extract_text() for page in document.pages)


def _pack_urls() -> list[str]:
    source = (DEFAULT_CONTENT / "notes.yaml").read_text(encoding="utf-8")
    return sorted({url.rstrip(">.,)") for url in URL_RE.findall(source)})


def _allowed(url: str, at: int) -> bool:
    """May a line end before ``url[at]``?"""
    scheme_end = url.index("://") + 3
    if at < scheme_end:
        return False
    return at == scheme_end or url[at - 1] == "/" and url[at] != "/" or url[at] in ".?&=-_#"


def _breaks(url: str, text: str) -> list[int] | None:
    """Where the printed ``url`` is broken across lines in ``text`` (None: not found whole)."""
    pattern = r"\n*".join(re.escape(char) for char in url)
    found = re.search(pattern, text)
    if found is None:
        return None
    printed, breaks, position = found.group(0), [], 0
    for char in printed:
        if char != "\n":
            position += 1
        elif not breaks or breaks[-1] != position:
            breaks.append(position)
    return breaks


def test_break_opportunities_never_inside_the_scheme():
    html = str(markdown.breakable_url("http://www.example.org/a-b/c_d?e=f&g=h"))
    assert html.startswith("http://\u200bwww\u200b.example")
    assert "h\u200b" not in html and ":\u200b/" not in html
    assert html.replace("\u200b", "").replace("\u2060", "") == "http://www.example.org/a-b/c_d?e=f&amp;g=h"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_printed_addresses_break_only_at_their_separators(default_build, default_print):
    """Every address of the default pack's notes, as printed in both editions: whole, and broken across lines only
    at the allowed places (notes 50-52, 65 and 66 broke as 'h / ttp://', 'htt / p://' and 'http: / //')."""
    screen, _ = default_build
    printed, _ = default_print
    for pdf in (screen / "endnotes.pdf", screen / "concept-note.pdf", printed / "print" / "endnotes.pdf"):
        text = _plumbed(pdf)
        for copied in (text, _pdftotext(pdf)):
            assert "\u200b" not in copied and "\u2060" not in copied, f"{pdf.name}: invisible characters in the text"
        wrong, broken = [], 0
        for url in _pack_urls():
            breaks = _breaks(url, text)
            assert breaks is not None, f"{pdf.name}: {url} is not printed whole"
            broken += bool(breaks)
            wrong += [f"{url[:at]} / {url[at:]}" for at in breaks if not _allowed(url, at)]
        assert not wrong, f"{pdf.name}: " + "; ".join(wrong)
        assert broken >= 5, f"{pdf.name}: the check saw only {broken} broken addresses"
