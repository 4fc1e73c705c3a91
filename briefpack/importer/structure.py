"""From a read document to a draft pack: which headings are sections, which lists are the cross-cutting and the
working groups' questions, which list of the body is the list of groups, and what the title says."""

from __future__ import annotations

import re
from typing import Any

from . import ids
from .document import CALL_RE, Block, SourceDocument
from .draft import INSERT_GROUPS, Draft, Group, Piece, Section
from .meta import pack_meta
from .notes import attach_notes

CROSS_CUTTING_RE = re.compile(r"cross[\s-]*cutting", re.I)
GROUP_RE = re.compile(r"^(?:working\s+)?group\s+(\d+|[A-Z]|[IVXLC]+)\b\s*[:.\-–—]?\s*(.*)$", re.I)
ENUMERATOR_RE = re.compile(r"^\s*(?:\(?(?:\d+|[IVXLC]+|[A-Za-z])[.)]\s+)")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
MAX_LEVEL = 3


def build(doc: SourceDocument) -> Draft:
    draft = Draft(doc.name, doc.unit, {}, [], None, [], [], [], images=doc.images, guessed=list(doc.guessed),
                  attention=list(doc.attention))
    _sections_and_questions(doc, draft)
    _insert_group_list(draft)
    draft.meta = pack_meta(doc.title, draft)
    attach_notes(doc, draft)
    return draft


def _sections_and_questions(doc: SourceDocument, draft: Draft) -> None:
    levels = _section_levels(doc.blocks)
    stack: list[Section] = []  # the open section at each depth
    target: list[Any] | None = None  # where the current block goes: a section's body, or questions
    section_ids, group_ids = ids.UniqueIds(), ids.UniqueIds()
    for block in doc.blocks:
        if block.role == "heading":
            target = _open_heading(block, draft, stack, levels, section_ids, group_ids)
            continue
        if target is None:  # text before the first heading
            intro = Section(section_ids.take("introduction"), "Introduction", block.line)
            draft.sections.append(intro)
            stack[:] = [intro]
            target = intro.body
            draft.guessed.append(f"{doc.name}:{block.line}: text before the first heading became a section "
                                 "titled 'Introduction'")
        if target is draft.cross_cutting or (draft.groups and target is draft.groups[-1].questions):
            _add_questions(block, target, draft, stack)
        else:
            target.append(Piece(_markdown(block), block.line))
    _merge_adjacent_pieces(draft)


def _open_heading(block: Block, draft: Draft, stack: list[Section], levels: dict[int, int],
                  section_ids: ids.UniqueIds, group_ids: ids.UniqueIds) -> list[Any]:
    """Open the section, question list or group a heading starts; the list its blocks now go to."""
    if CROSS_CUTTING_RE.search(block.text) and draft.cross_cutting_title is None:
        draft.cross_cutting_title = block.text
        return draft.cross_cutting
    match = GROUP_RE.match(block.text)
    if match:
        number = _group_number(match.group(1), len(draft.groups) + 1)
        title = match.group(2).strip() or block.text
        group_id = ids.slug(CALL_RE.sub("", title), 3) or f"group-{number}"
        draft.groups.append(Group(group_ids.take(group_id), number, title, block.line))
        return draft.groups[-1].questions
    depth = levels[block.level]
    section = Section(section_ids.take(_section_id(block.text)), block.text, block.line)
    del stack[depth - 1:]
    if stack:
        stack[-1].sections.append(section)
    else:
        if depth > 1:
            draft.guessed.append(f"{draft.source}:{block.line}: '{block.text}' is a sub-heading with no heading "
                                 "above it; it became a top-level section")
        draft.sections.append(section)
    stack.append(section)
    return section.body


def _section_levels(blocks: list[Block]) -> dict[int, int]:
    """Source heading level -> section depth (1-3): the levels the document uses, in order."""
    used = sorted({b.level for b in blocks if b.role == "heading"})
    return {level: min(i + 1, MAX_LEVEL) for i, level in enumerate(used)}


def _add_questions(block: Block, questions: list, draft: Draft, stack: list) -> None:
    if block.role == "list":
        questions.extend(Piece(item, block.line) for item in block.items)
    elif block.role == "paragraph" and ENUMERATOR_RE.match(block.text):
        questions.append(Piece(ENUMERATOR_RE.sub("", block.text, count=1), block.line))
    else:  # not a question: keep it in the text, where a person can move it
        where = stack[-1] if stack else None
        if where is None:
            where = Section("questions-text", "Questions", block.line)
            draft.sections.append(where)
        where.body.append(Piece(_markdown(block), block.line))
        draft.attention.append(f"{draft.source}:{block.line}: text among the questions that is not a numbered "
                               f"question was kept in section '{where.title}'")


def _markdown(block: Block) -> str:
    if block.role == "list":
        marker = (lambda i: f"{i}. ") if block.ordered else (lambda i: "- ")
        return "\n".join(f"{marker(i)}{item}" for i, item in enumerate(block.items, 1))
    if block.role == "quote":
        return "\n>\n".join(f"> {para}" for para in block.text.split("\n\n"))
    return block.text


def _merge_adjacent_pieces(draft: Draft) -> None:
    """A section's consecutive blocks form one Markdown text (paragraphs separated by blank lines)."""
    for section in draft.all_sections():
        merged: list = []
        texts: dict[int, list[str]] = {}  # joined once at the end: adding to a growing string is quadratic
        for block in section.body:
            if merged and isinstance(block, Piece) and isinstance(merged[-1], Piece):
                texts.setdefault(len(merged) - 1, [merged[-1].text]).append(block.text)
            else:
                merged.append(block)
        for index, parts in texts.items():
            merged[index].text = "\n\n".join(parts)
        section.body = merged


def _insert_group_list(draft: Draft) -> None:
    """A list in the text naming exactly the working groups becomes ``- insert: working-groups``."""
    titles = sorted(_normal(g.title) for g in draft.groups)
    if not titles:
        return
    for section in draft.all_sections():
        for i, piece in enumerate(section.body):
            if not isinstance(piece, Piece):
                continue
            parts = piece.text.split("\n\n")
            for j, part in enumerate(parts):
                if not _names_the_groups(part, titles):
                    continue
                around = [Piece("\n\n".join(parts[:j]), piece.line), Piece("\n\n".join(parts[j + 1:]), piece.line)]
                replacement: list[Piece | str] = [p for p in around[:1] if p.text]
                replacement += [INSERT_GROUPS, *(p for p in around[1:] if p.text)]
                section.body[i:i + 1] = replacement
                draft.guessed.append(f"{draft.source}:{piece.line}: the list of the working groups in section "
                                     f"'{section.title}' became '- insert: working-groups' (made from groups.yaml)")
                return


def _names_the_groups(part: str, titles: list[str]) -> bool:
    """A Markdown list whose items are exactly the working groups' titles, in any order."""
    items = part.split("\n")
    marker = r"^(?:[-*+]|\d+[.)])\s+"
    return all(re.match(marker, item) for item in items) \
        and sorted(_normal(re.sub(marker, "", item)) for item in items) == titles


def _normal(text: str) -> str:
    text = re.sub(r"[\\*_^]", "", text)
    text = ENUMERATOR_RE.sub("", text)
    match = GROUP_RE.match(text)
    if match and match.group(2):
        text = match.group(2)
    return " ".join(text.lower().split()).rstrip(":.")


def _group_number(label: str, default: int) -> int:
    if label.isdigit():
        return int(label)
    label = label.upper()
    if len(label) == 1 and label not in "IVX":
        return ord(label) - ord("A") + 1
    if all(c in ROMAN for c in label):
        values = [ROMAN[c] for c in label]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return default


def _section_id(title: str) -> str:
    """Up to five words of the title, not ending on a small word: 'prevention-remedy-recovery-and-justice'."""
    words = ids.slug(CALL_RE.sub("", title), 5).split("-")
    while len(words) > 1 and words[-1] in ids.STOPWORDS:
        words.pop()
    return "-".join(words) or "section"
