"""Change bars: which blocks of the new version's texts changed, and their HTML marked with class "changed".

A comparison names units by place (a section's paragraph i, a group's question i, a note); this module finds
the text and the block each place is, so that a document can mark exactly that paragraph, list item, question
or note, and nothing else."""

from __future__ import annotations

import copy
from collections import Counter
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..content import markdown as markup
from ..content.bidi import Direction
from ..content.model import Pack, Text
from ..content.texts import texts
from .blocks import blocks
from .change import unit_of
from .comparison import Comparison

if TYPE_CHECKING:
    from markdown_it.token import Token

Marks = dict[Text, frozenset[int]]  # text -> indexes of its changed blocks' first tokens (TITLE: a title)
TITLE = -1  # a title shares its line with other words ("Working Group 2: ..."): its bar marks that line


def _places(pack: Pack) -> dict[tuple[str, str, int], tuple[Text, int | None]]:
    """Every unit's place -> (its text, its block's first token, or None for the whole text). A section's
    paragraphs and the introduction's are counted block by block, across the texts they are written in."""
    places: dict[tuple[str, str, int], tuple[Text, int | None]] = {}
    blocks_so_far: Counter[tuple[str, str]] = Counter()
    for text, place in texts(pack):
        unit = unit_of(place.role)
        if unit is None or unit == "note":  # a note is found by its id
            continue
        if unit in ("paragraph", "introduction paragraph"):
            for index, _ in blocks(text):
                places[(unit, place.owner, blocks_so_far[(unit, place.owner)])] = (text, index)
                blocks_so_far[(unit, place.owner)] += 1
        else:
            places[(unit, place.owner, place.index - 1 if unit == "question" else 0)] = (text, None)
    return places


def marks(pack: Pack, comparison: Comparison) -> Marks:
    """The blocks of ``pack`` (the new version) that were added, moved or changed since the old version."""
    places = _places(pack)
    notes = {note.id: note.text for note in pack.notes}
    found: dict[Text, set[int]] = {}
    for unit, container, index in comparison.targets():
        if unit == "note":
            text = notes[container]
            found.setdefault(text, set()).update(i for i, _ in blocks(text))
            continue
        text, block = places[(unit, container, 0 if unit.endswith("title") else index)]
        if unit.endswith("title"):
            block = TITLE
        found.setdefault(text, set()).update([block] if block is not None else [i for i, _ in blocks(text)])
    return {text: frozenset(indexes) for text, indexes in found.items()}


def render(text: Text, marked: frozenset[int], cite: markup.Cite, asset: markup.Asset,
           print_urls: bool, direction: Direction | None = None) -> Markup:
    """``text``'s HTML with each marked block carrying class "changed" (a one-line text: wrapped in a span);
    ``direction``: the document's, so that a passage running the other way says so as it does unmarked."""
    parsed = text.parsed
    if text.inline:
        html = markup.render(parsed, cite, asset, print_urls, direction)
        wrapper = "changed-line" if TITLE in marked else "changed"
        return Markup(f'<span class="{wrapper}">') + html + Markup("</span>")
    tokens: list[Token] = list(parsed.tokens)
    for index in marked:
        if tokens[index].type.endswith("_open"):
            token = copy.copy(tokens[index])
            token.attrs = dict(token.attrs)
            token.attrJoin("class", "changed")
            tokens[index] = token
    return markup.render_tokens(tokens, cite, asset, print_urls, direction)
