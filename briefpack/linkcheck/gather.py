"""Every link the pack prints: its URL, where it is written and which documents print it. No network here.

"Which documents print this text" is decided in ``_texts`` alone (documents.context makes the same choices when
it renders), so that it can follow the registry of document kinds when there is one."""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..content.model import Pack, Text
from ..content.texts import Place, texts
from ..kinds import outputs as planning
from ..kinds.builtin import builtin_registry
from ..kinds.editions import SCREEN
from ..kinds.registry import Registry
from ..problems import Loc
from ..text.numbering import Numbering


@dataclass(frozen=True)
class Link:
    """One link as written in the content."""

    url: str  # as the PDF links it (markdown-it's href)
    loc: Loc  # where the URL itself is written
    owner: str  # what holds it, for messages: "note 12 (ilo-2014)", "section 'context'"
    documents: tuple[str, ...]  # screen file names of the documents that print it (print/ has the same ones)
    exact: bool = True  # ``loc`` is where the URL is written as it is; False: a best guess (escaped, encoded)

    @property
    def is_web(self) -> bool:
        return self.url.lower().startswith(("http://", "https://"))


def gather(pack: Pack, numbering: Numbering, read_lines: Callable[[str], list[str]] | None = None,
           registry: Registry | None = None) -> list[Link]:
    """Every link of the pack, in reading order, then the handout introduction and the notes."""
    read = read_lines or _file_reader()
    links = []
    for owner, text, documents in _texts(pack, numbering, registry or builtin_registry()):
        seen: Counter[tuple[int, str]] = Counter()  # (markdown line or 0, url) -> links so far
        for line, url in text.parsed.links:
            place = (line if text.line_exact else 0, url)
            seen[place] += 1
            loc = _url_loc(text, line, url, seen[place], read)
            links.append(Link(url, loc or text.loc_of(line, url), owner, documents, exact=loc is not None))
    return links


def url_columns(text: str, url: str, start: int = 0) -> Iterator[int]:
    """0-based places in ``text`` (from ``start``) where ``url`` is written as a whole link address."""
    col = text.find(url, start)
    while col >= 0:
        if is_link_address(text, col, url):
            yield col
        col = text.find(url, col + 1)


def is_link_address(text: str, col: int, url: str) -> bool:
    """Whether ``url`` at ``col`` of ``text`` is a whole link address, as our Markdown writes one: between
    ``<`` and ``>`` (an autolink, or a destination in angle brackets), or after ``](`` (and spaces) and before
    ``)``, a space or the end of a line (an inline link). So ``/old`` is never found inside ``/old/page``, nor
    ``http://x.org/p`` inside ``https://archive.org/web/2020/http://x.org/p``, nor a URL of the prose."""
    if not text.startswith(url, col):
        return False
    after = text[col + len(url):col + len(url) + 1]
    if text.endswith("<", 0, col):
        return after == ">"
    start = col
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    if text.endswith("](", 0, start):
        if after == ")":
            return url.count("(") <= url.count(")")  # a ")" the URL opened is its own
        return after in ("", " ", "\t", "\r", "\n")
    return False


def _texts(pack: Pack, numbering: Numbering, registry: Registry) -> Iterator[tuple[str, Text, tuple[str, ...]]]:
    """(owner, text, documents printing it) for every piece of Markdown the documents print: what each document
    shows and which notes it prints is what its kind declares (the same declarations its rendering follows)."""
    documents = sorted(planning.every_output(pack, [SCREEN.name], registry).values(),
                       key=lambda spec: (spec.kind.print_order, spec.path))
    notes = {note.text for note in pack.notes}

    def printing(text: Text, place: Place) -> tuple[str, ...]:
        if place.role == "note":
            return tuple(spec.path for spec in documents
                         if place.owner in spec.kind.printed_notes(pack, numbering, spec.group))
        return tuple(spec.path for spec in documents if text in spec.kind.shown_texts(pack, spec.group))

    for text, place in texts(pack):
        if place.role == "questions title" and not text.source:
            continue
        if place.role == "handout intro" and text in notes:  # one text, listed once: as its note
            continue
        yield place.describe(pack, numbering.numbers), text, printing(text, place)


def _url_loc(text: Text, line: int, url: str, nth: int, read: Callable[[str], list[str]]) -> Loc | None:
    """The file position of the ``nth`` link to ``url`` in ``text`` (in a literal block: on its markdown line
    ``line``), or None when it is not written there as it is (a Markdown escape, a character the parser
    encoded). A URL holds no space, so YAML never folds it: it is on one file line, found by searching the file
    from where the text starts for the URL written as a whole link address."""
    lines = read(text.loc.file)
    if text.line_exact:
        first = text.first_line + line - 1
        places = ((first, col) for col in url_columns(lines[first], url)) if first < len(lines) else iter(())
    else:
        places = ((number, col) for number in range(text.loc.line - 1, len(lines))
                  for col in url_columns(lines[number], url, text.loc.col - 1 if number == text.loc.line - 1 else 0))
    found = next(itertools.islice(places, nth - 1, None), None)
    return Loc(text.loc.file, found[0] + 1, found[1] + 1) if found else None


def _file_reader() -> Callable[[str], list[str]]:
    """Reads each content file once per gathering."""
    @functools.cache
    def read(file: str) -> list[str]:
        try:
            return Path(file).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return []
    return read
