"""Change bars: which blocks of the new version's texts changed, and their HTML marked with class "changed".

A comparison names units by place (a section's paragraph i, a group's question i, a note); this module finds
the text and the block each place is, so that a document can mark exactly that paragraph, list item, question
or note, and nothing else."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..content import markdown as markup
from ..content.model import Pack, Text
from .comparison import Comparison, blocks

if TYPE_CHECKING:
    from markdown_it.token import Token

Marks = dict[Text, frozenset[int]]  # text -> indexes of its changed blocks' first tokens (TITLE: a title)
TITLE = -1  # a title shares its line with other words ("Working Group 2: ..."): its bar marks that line


def _places(pack: Pack) -> dict[tuple[str, str, int], tuple[Text, int | None]]:
    """Every unit's place -> (its text, its block's first token, or None for the whole text)."""
    places: dict[tuple[str, str, int], tuple[Text, int | None]] = {}
    for section in pack.all_sections():
        places[("section title", section.id, 0)] = (section.title, None)
        paragraphs = [(text, index) for text in section.body if isinstance(text, Text) for index, _ in blocks(text)]
        for i, (text, index) in enumerate(paragraphs):
            places[("paragraph", section.id, i)] = (text, index)
    if pack.cross_cutting_title:
        places[("questions title", "cross-cutting", 0)] = (pack.cross_cutting_title, None)
    if pack.handouts.intro:
        for i, (index, _) in enumerate(blocks(pack.handouts.intro)):
            places[("introduction paragraph", "intro", i)] = (pack.handouts.intro, index)
    for i, question in enumerate(pack.cross_cutting):
        places[("question", "cross-cutting", i)] = (question, None)
    for group in pack.groups:
        places[("group title", group.id, 0)] = (group.title, None)
        for i, question in enumerate(group.questions):
            places[("question", group.id, i)] = (question, None)
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
           print_urls: bool) -> Markup:
    """``text``'s HTML with each marked block carrying class "changed" (a one-line text: wrapped in a span)."""
    parsed = text.parsed
    if text.inline:
        html = markup.render(parsed, cite, asset, print_urls)
        wrapper = "changed-line" if TITLE in marked else "changed"
        return Markup(f'<span class="{wrapper}">') + html + Markup("</span>")
    tokens: list[Token] = list(parsed.tokens)
    for index in marked:
        if tokens[index].type.endswith("_open"):
            token = copy.copy(tokens[index])
            token.attrs = dict(token.attrs)
            token.attrJoin("class", "changed")
            tokens[index] = token
    return markup.render_tokens(tokens, cite, asset, print_urls)
