"""Directions of text: a passage's direction from its first strong character (HTML's ``dir=auto``), and runs of
the other direction isolated when they cross inline elements.

WeasyPrint 70 runs the Unicode bidi algorithm per inline box and orders the boxes of a line by the direction of
their parent: a Latin phrase in Arabic text whose ordinal is raised (``5<sup>th</sup> Forum``) comes out as
"Forum th5". Such a run is wrapped in an element of its own direction (``<span dir="ltr">``), which WeasyPrint
lays out as one left-to-right unit. A run inside one piece of text needs nothing: the bidi algorithm orders it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it.token import Token

Direction = Literal["ltr", "rtl"]
STRONG: dict[str, Direction] = {"L": "ltr", "R": "rtl", "AL": "rtl"}
ISOLATE_OPEN, ISOLATE_CLOSE = "bidi_isolate_open", "bidi_isolate_close"


def char_direction(char: str) -> Direction | None:
    return STRONG.get(unicodedata.bidirectional(char))


def first_strong(text: str) -> Direction | None:
    """The direction of the first strongly directional character of ``text`` (None: it has none)."""
    return next((found for char in text if (found := char_direction(char)) is not None), None)


def tokens_direction(children: Iterable[Token]) -> Direction | None:
    """``first_strong`` over an inline token list; a passage marked with its own language does not count."""
    depth = 0
    for child in children:
        if child.type == "span_open" and child.attrGet("dir"):
            depth += 1
        elif child.type == "span_close" and depth:
            depth -= 1
        elif child.type == "text" and not depth and (found := first_strong(child.content)):
            return found
    return None


# --- isolating runs ---------------------------------------------------------------------------------------------

def _split(children: Sequence[Token], base: Direction) -> list[Token]:
    """The children with each text split where the strongly directional characters change direction, so that a
    run of the other direction starts and ends at a token's edge (spaces and punctuation stay with the base)."""
    from markdown_it.token import Token

    out: list[Token] = []
    for child in children:
        if child.type != "text" or not child.content:
            out.append(child)
            continue
        pieces, start, current = [], 0, base
        for index, char in enumerate(child.content):
            found = char_direction(char)
            if found is None or found == current:
                continue
            if found != base:  # a run starts: at the digits just before it ("5th"), else here
                cut = index
                while cut > start and child.content[cut - 1].isdigit():
                    cut -= 1
            else:  # the run ends after its last character of its own direction
                cut = _run_end(child.content, start, index, current)
            pieces.append(child.content[start:cut])
            start, current = cut, found
        tail = child.content[start:]
        digits = len(tail) - len(tail.rstrip("0123456789"))
        pieces += [tail[:len(tail) - digits], tail[len(tail) - digits:]] if digits else [tail]  # "5" of "5^th^"
        for piece in (p for p in pieces if p):
            token = Token("text", "", 0)
            token.content = piece
            out.append(token)
    return out


def _run_end(text: str, start: int, stop: int, direction: Direction) -> int:
    """After the last character of ``direction`` in ``text[start:stop]``, and the digits right after it."""
    end = start
    for index in range(start, stop):
        if char_direction(text[index]) == direction or text[index].isdigit() and end == index:
            end = index + 1
    return end


def _is_other(token: Token, base: Direction) -> bool:
    return token.type == "text" and first_strong(token.content) not in (None, base)


def _is_base(token: Token, base: Direction) -> bool:
    return token.type == "text" and first_strong(token.content) == base


def isolate_runs(children: Sequence[Token], base: Direction) -> list[Token]:
    """``children`` with each run of the other direction that crosses an inline element wrapped in an isolate
    (``bidi_isolate_open``/``_close`` tokens, rendered as ``<span dir=..>``). Passages marked with a language
    carry their own direction and are left as they are."""
    from markdown_it.token import Token

    tokens = _split(children, base)
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        if _is_other(tokens[index], base):
            start = _with_leading(tokens, index)
            end = _run(tokens, start, base)
            if end is not None:
                del out[len(out) - (index - start):]
                opening = Token(ISOLATE_OPEN, "span", 1)
                opening.attrSet("dir", "rtl" if base == "ltr" else "ltr")
                out += [opening, *tokens[start:end], Token(ISOLATE_CLOSE, "span", -1)]
                index = end
                continue
        out.append(tokens[index])
        index += 1
    return out


def _with_leading(tokens: Sequence[Token], index: int) -> int:
    """A run starts earlier by the digits and element openings just before it: '5' of '5<sup>th</sup>'."""
    start = index
    while start > 0:
        previous = tokens[start - 1]
        opening = previous.nesting == 1 and not (previous.type == "span_open" and previous.attrGet("dir"))
        if not (opening or previous.type == "text" and previous.content.isdigit()):
            break
        start -= 1
    return start


def _run(tokens: Sequence[Token], start: int, base: Direction) -> int | None:
    """The end (exclusive) of the run of the other direction that starts at ``tokens[start]``, when it crosses
    an element and can be wrapped whole; else None."""
    depth, last, crossed = 0, start, False
    for position in range(start, len(tokens)):
        token = tokens[position]
        if _is_base(token, base) or token.type == "span_open" and token.attrGet("dir"):
            break
        depth += token.nesting
        if depth < 0:  # the run leaves the element it started in: it ends there
            break
        crossed = crossed or token.type != "text"
        if _is_other(token, base) or token.nesting == -1 and depth == 0:
            last = position
    end = last + 1
    if not crossed or end - start < 2 or _depth(tokens[start:end]) != 0:
        return None
    return end


def _depth(tokens: Iterable[Token]) -> int:
    """The nesting at the end of ``tokens``, or -1 when it goes below its start anywhere."""
    depth = 0
    for token in tokens:
        depth += token.nesting
        if depth < 0:
            return -1
    return depth
