"""A text as a comparison reads it: the blocks compared on their own (paragraphs, quotes, list items), each as
normalised words; citations keep their note ids (``[^kelly-2013]``), so renumbering changes no text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..content.model import Text

if TYPE_CHECKING:
    from markdown_it.token import Token

CITATION_START = re.compile(r"(\[\^)")


def _inline_text(token: Token) -> str:
    """One inline token as plain words; a link's address follows its text, citations keep their ids."""
    out: list[str] = []
    hrefs: list[tuple[str, int]] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "citation":
            out.append("".join(f"[^{key}]" for key in child.meta["keys"]))
        elif child.type == "image":
            out.append(f"[{''.join(c.content for c in child.children or ())}]")
        elif child.type == "link_open":
            hrefs.append((str(child.attrGet("href") or ""), len(out)))
        elif child.type == "link_close" and hrefs:
            href, start = hrefs.pop()
            if "".join(out[start:]).strip() != href:
                out.append(f" <{href}>")
    return normalise("".join(out))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index of the token closing the block ``tokens[start]`` opens."""
    opening = tokens[start]
    closer = opening.type.replace("_open", "_close")
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == closer and tokens[index].level == opening.level:
            return index
    return len(tokens) - 1


def is_unit_start(token: Token) -> bool:
    """A block compared on its own: a top-level paragraph, quote or table, an item of a top-level list."""
    return ((token.type in ("paragraph_open", "blockquote_open", "html_block", "table_open") and token.level == 0)
            or (token.type == "list_item_open" and token.level == 1))


def blocks(text: Text) -> list[tuple[int, str]]:
    """(index of the block's first token, its words) for each block of ``text``; an inline text is one block."""
    tokens = text.parsed.tokens
    if text.inline:
        return [(0, normalise(" ".join(_inline_text(t) for t in tokens if t.type == "inline")))]
    found, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if not is_unit_start(token):
            index += 1
            continue
        end = index if token.type == "html_block" else _closing(tokens, index)
        inner = tokens[index:end + 1]
        words = token.content if token.type == "html_block" else " ".join(
            _inline_text(t) for t in inner if t.type == "inline")
        found.append((index, normalise(words)))
        index = end + 1
    return found


def whole(text: Text) -> str:
    """The words of a text compared as one unit (a title, a question, a note)."""
    return " ".join(w for _, w in blocks(text))


def words(text: str) -> list[str]:
    """The words compared; a citation is a word of its own, so that citing one more note changes only that."""
    return CITATION_START.sub(r" \1", text).split()
