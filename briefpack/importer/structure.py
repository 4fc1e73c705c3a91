"""From a read document to a draft pack: the language it is written in, the front matter, which headings are
sections, which lists are the cross-cutting and the working groups' questions (in the words of that language,
words.py), which list of the body is the list of groups, and what the title says."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import front_matter, ids, language
from .document import CALL_RE, Block, SourceDocument
from .draft import INSERT_GROUPS, Draft, Group, Piece, Section
from .headings import MAX_HEADING, is_bold, plain, plain_heading
from .meta import pack_meta
from .notes import attach_notes
from .words import LANGUAGES, Words

ENUMERATOR_RE = re.compile(r"^\s*(?:\(?(?:\d+|[IVXLC]+|[A-Za-z])[.)]\s+)")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
CJK_NUMERALS = {c: n for n, c in enumerate("一二三四五六七八九", 1)}
MAX_LEVEL = 3
MAX_GROUP_ID = 63  # content/fields.py's id pattern allows 64 characters
Target = list[Piece | str] | list[Piece]  # where blocks go: a section's body, or questions


@dataclass(frozen=True)
class Vocabulary:
    """The heading patterns of the source's language, with English's (notes in any language borrow them)."""

    groups: tuple[re.Pattern[str], ...]
    cross_cutting: re.Pattern[str]
    notes_heading: re.Pattern[str]

    @classmethod
    def of(cls, words: Words) -> Vocabulary:
        english = LANGUAGES["en"]
        both = [words, english] if words is not english else [english]
        groups = tuple(re.compile(p, re.I) for w in both for p in w.groups)
        cross = re.compile("|".join(f"(?:{w.cross_cutting})" for w in both), re.I)
        notes = re.compile("^(?:" + "|".join(f"(?:{w.notes_heading})" for w in both) + ")$", re.I)
        return cls(groups, cross, notes)

    def group(self, text: str) -> re.Match[str] | None:
        for pattern in self.groups:
            match = pattern.match(text)
            if match:
                return match
        return None


def build(doc: SourceDocument) -> Draft:
    draft = Draft(doc.name, doc.unit, {}, [], None, [], [], [], images=doc.images, guessed=list(doc.guessed),
                  attention=list(doc.attention), reviews=list(doc.reviews))
    detected = language.detect(_sample(doc), doc.word_languages)
    words = LANGUAGES[detected.key] if detected.key else LANGUAGES["en"]
    vocabulary = Vocabulary.of(words)
    draft.front = front_matter.take(doc, words, detected.key)
    _sections_and_questions(doc, draft, vocabulary)
    _letters(draft)
    _drop_empty_notes_heading(draft, vocabulary)
    _insert_group_list(draft, vocabulary)
    draft.meta = pack_meta(doc.title, draft.front, draft, detected)
    attach_notes(doc, draft)
    return draft


def keep_comments(draft: Draft) -> int:
    """The reviewers' comments as YAML comments above the text they were made on (its first words found in it);
    how many found their place."""
    kept = 0
    pieces = list(draft.pieces())
    for excerpt, message in draft.reviews:
        words = excerpt.split()[:4]
        if not message.startswith("comment") or not words:
            continue
        needle = re.compile(r"\W+".join(re.escape(word) for word in words))
        piece = next((p for p in pieces if needle.search(p.text)), None)
        if piece is not None:
            piece.comments.append(f"REVIEW: {message}")
            kept += 1
    return kept


def _sample(doc: SourceDocument) -> str:
    parts: list[str] = [doc.title or ""]
    size = 0
    for block in doc.blocks:
        parts.append(block.text)
        parts.extend(block.items)
        size += len(block.text) + sum(map(len, block.items))
        if size > language.SAMPLE:
            break
    return CALL_RE.sub("", " ".join(parts))


def _sections_and_questions(doc: SourceDocument, draft: Draft, vocabulary: Vocabulary) -> None:
    levels = _section_levels(doc.blocks)
    stack: list[Section] = []  # the open section at each depth
    target: Target | None = None  # where the current block goes: a section's body, or questions
    section_ids, group_ids = ids.UniqueIds(), ids.UniqueIds()
    for block in doc.blocks:
        if block.role == "paragraph" and _bold_group_heading(block, vocabulary):
            draft.guessed.append(f"{doc.name}:{block.line}: the bold paragraph '{plain(block.text)}' starts a "
                                 "group of questions (heading styles elsewhere, none on it)")
            block.role, block.text = "heading", plain_heading(block.text)
        if block.role == "heading":
            target = _open_heading(block, draft, stack, levels, (section_ids, group_ids), vocabulary)
            continue
        if target is None:  # text before the first heading
            intro = Section(section_ids.take("introduction"), "Introduction", block.line)
            draft.sections.append(intro)
            stack[:] = [intro]
            target = intro.body
            draft.guessed.append(f"{doc.name}:{block.line}: text before the first heading became a section "
                                 "titled 'Introduction'")
        if target is draft.cross_cutting or (draft.groups and target is draft.groups[-1].questions):
            questions = draft.cross_cutting if target is draft.cross_cutting else draft.groups[-1].questions
            _add_questions(block, questions, draft, stack)
        else:
            target.append(Piece(_markdown(block), block.line))
    _merge_adjacent_pieces(draft)


def _open_heading(block: Block, draft: Draft, stack: list[Section], levels: dict[int, int],
                  taken: tuple[ids.UniqueIds, ids.UniqueIds], vocabulary: Vocabulary) -> Target:
    """Open the section, question list or group a heading starts; the list its blocks now go to."""
    section_ids, group_ids = taken
    words = plain(block.text)
    if vocabulary.cross_cutting.search(words) and draft.cross_cutting_title is None:
        draft.cross_cutting_title = words
        return draft.cross_cutting
    match = vocabulary.group(words)
    if match:
        number = _group_number(match.group("label"), len(draft.groups) + 1)
        title = match.group("title").strip().rstrip(":：").strip() or words
        group_id = ids.slug(CALL_RE.sub("", title), 99, MAX_GROUP_ID) or f"group-{str(number).lower()}"
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


def _bold_group_heading(block: Block, vocabulary: Vocabulary) -> bool:
    """A short wholly bold paragraph naming a working group or the cross-cutting questions, in a document whose
    other headings are styled (a document with none had its bold paragraphs made headings by its reader)."""
    if len(block.text) > MAX_HEADING or not is_bold(block.text):
        return False
    words = plain(block.text)
    return bool(vocabulary.group(words) or vocabulary.cross_cutting.search(words))


def _section_levels(blocks: list[Block]) -> dict[int, int]:
    """Source heading level -> section depth (1-3): the levels the document uses, in order."""
    used = sorted({b.level for b in blocks if b.role == "heading"})
    return {level: min(i + 1, MAX_LEVEL) for i, level in enumerate(used)}


def _add_questions(block: Block, questions: list[Piece], draft: Draft, stack: list[Section]) -> None:
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
        return "\n".join(f"{i}. {item}" if block.ordered else f"- {item}" for i, item in enumerate(block.items, 1))
    if block.role == "quote":
        return "\n>\n".join(f"> {para}" for para in block.text.split("\n\n"))
    return block.text


def _merge_adjacent_pieces(draft: Draft) -> None:
    """A section's consecutive blocks form one Markdown text (paragraphs separated by blank lines)."""
    for section in draft.all_sections():
        merged: list[Piece | str] = []
        texts: dict[int, list[str]] = {}  # joined once at the end: adding to a growing string is quadratic
        for block in section.body:
            if merged and isinstance(block, Piece) and isinstance(merged[-1], Piece):
                texts.setdefault(len(merged) - 1, [merged[-1].text]).append(block.text)
            else:
                merged.append(block)
        for index, parts in texts.items():
            merged[index] = Piece("\n\n".join(parts), *_rest(merged[index]))
        section.body = merged


def _rest(piece: Piece | str) -> tuple[int, list[str], list[tuple[str, str]]]:
    assert isinstance(piece, Piece)  # only pieces are merged
    return piece.line, piece.comments, piece.problems


def _letters(draft: Draft) -> None:
    """Groups labelled A, B, C keep their letters; I and V among roman numerals (I, II, III, IV, V) are numbers."""
    letters = [g for g in draft.groups if isinstance(g.number, str)]
    if letters and all(g.number in ("I", "V", "X") for g in letters):
        for group in letters:
            group.number = _roman(str(group.number))


def _drop_empty_notes_heading(draft: Draft, vocabulary: Vocabulary) -> None:
    """An "Endnotes" heading with nothing under it: the notes are the document's own (Word's endnotes)."""
    for section in list(draft.sections):
        if not section.body and not section.sections and vocabulary.notes_heading.match(plain(section.title)):
            draft.sections.remove(section)
            draft.guessed.append(f"{draft.source}:{section.line}: the heading '{section.title}' has nothing under "
                                 "it (the notes are the document's own notes): left out; the notes are in notes.yaml")


def _insert_group_list(draft: Draft, vocabulary: Vocabulary) -> None:
    """A list in the text naming exactly the working groups becomes ``- insert: working-groups``."""
    titles = sorted(_normal(g.title, vocabulary) for g in draft.groups)
    if not titles:
        return
    for section in draft.all_sections():
        for i, piece in enumerate(section.body):
            if not isinstance(piece, Piece):
                continue
            parts = piece.text.split("\n\n")
            for j, part in enumerate(parts):
                if not _names_the_groups(part, titles, vocabulary):
                    continue
                around = [Piece("\n\n".join(parts[:j]), piece.line), Piece("\n\n".join(parts[j + 1:]), piece.line)]
                replacement: list[Piece | str] = [p for p in around[:1] if p.text]
                replacement += [INSERT_GROUPS, *(p for p in around[1:] if p.text)]
                section.body[i:i + 1] = replacement
                draft.guessed.append(f"{draft.source}:{piece.line}: the list of the working groups in section "
                                     f"'{section.title}' became '- insert: working-groups' (made from groups.yaml)")
                return


def _names_the_groups(part: str, titles: list[str], vocabulary: Vocabulary) -> bool:
    """A Markdown list whose items are exactly the working groups' titles, in any order."""
    items = part.split("\n")
    marker = r"^(?:[-*+]|\d+[.)])\s+"
    return all(re.match(marker, item) for item in items) \
        and sorted(_normal(re.sub(marker, "", item), vocabulary) for item in items) == titles


def _normal(text: str, vocabulary: Vocabulary) -> str:
    text = re.sub(r"[\\*_^]", "", text)
    text = ENUMERATOR_RE.sub("", text)
    match = vocabulary.group(text)
    if match and match.group("title"):
        text = match.group("title")
    return " ".join(text.lower().split()).rstrip(":.：")


def _group_number(label: str, default: int) -> int | str:
    """3, "C" (a letter stays a letter), II -> 2 (decided with the other groups' labels: see ``_letters``),
    三 -> 3."""
    if label.isdigit():
        return int(label)
    if all(c in CJK_NUMERALS or c == "十" for c in label):
        return _cjk_number(label) or default
    label = label.upper()
    if len(label) == 1:
        return label
    return _roman(label) or default


def _roman(label: str) -> int:
    if not all(c in ROMAN for c in label):
        return 0
    values = [ROMAN[c] for c in label]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _cjk_number(label: str) -> int:
    """一 to 九十九: 十 alone is 10, 十二 is 12, 二十 is 20."""
    if "十" not in label:
        return CJK_NUMERALS.get(label, 0) if len(label) == 1 else 0
    tens, _, units = label.partition("十")
    return CJK_NUMERALS.get(tens, 1 if not tens else 0) * 10 + CJK_NUMERALS.get(units, 0)


def _section_id(title: str) -> str:
    """Up to five words of the title, not ending on a small word: 'prevention-remedy-recovery-and-justice'."""
    words = ids.slug(CALL_RE.sub("", title), 5).split("-")
    while len(words) > 1 and words[-1] in ids.STOPWORDS:
        words.pop()
    return "-".join(words) or "section"
