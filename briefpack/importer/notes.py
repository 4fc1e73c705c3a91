"""Notes: ids from their text, calls resolved to ``[^id]``, Word's one-note-per-call duplicates merged, and the
source's defects (calls to notes that do not exist, notes nothing cites, calls that look misnumbered) kept and
reported at their place."""

from __future__ import annotations

from . import ids
from .document import SourceDocument, calls_in, resolve_calls
from .draft import Draft, Note, Piece


def attach_notes(doc: SourceDocument, draft: Draft) -> None:
    order = _citation_order(doc, draft)
    alias = _merge_identical(doc, order, draft) if doc.merge_identical_notes else {}
    canonical = [key for key in order if key not in alias]
    note_ids = ids.assign([(key, doc.notes[key].text) for key in canonical])
    missing = _missing_calls(draft, doc)
    for key in missing:
        note_ids[key] = ids.slug(f"missing-note-{key}", 6)
    for key, target in alias.items():
        note_ids[key] = note_ids[target]
    cited = _report_calls(doc, draft, note_ids, missing)
    for piece in draft.pieces():
        piece.text = resolve_calls(piece.text, note_ids)
    for section in draft.all_sections():
        section.title = resolve_calls(section.title, note_ids)
    for group in draft.groups:
        group.title = resolve_calls(group.title, note_ids)
    if draft.cross_cutting_title:
        draft.cross_cutting_title = resolve_calls(draft.cross_cutting_title, note_ids)
    cited_through_alias = {alias[k] for k in cited if k in alias}
    for key in canonical:
        source = doc.notes[key]
        note = Note(note_ids[key], source.text, source.label, source.line)
        if key not in cited and key not in cited_through_alias:
            message = f"{source.label} of {doc.name} is cited nowhere (kept; cite it as [^{note.id}] or delete it)"
            note.comments.append(f"IMPORT: {message}")
            note.problems.append((f"{note.id}:", message))
        draft.notes.append(note)


def _texts_with_calls(draft: Draft) -> list[str]:
    """Every text that may hold a call, in reading order (titles too: Word puts notes on headings)."""
    texts: list[str] = []
    for section in draft.all_sections():
        texts.append(section.title)
        texts.extend(block.text for block in section.body if isinstance(block, Piece))
    texts += [draft.cross_cutting_title or "", *(q.text for q in draft.cross_cutting)]
    for group in draft.groups:
        texts += [group.title, *(q.text for q in group.questions)]
    return texts


def _citation_order(doc: SourceDocument, draft: Draft) -> list[str]:
    """Keys of the source's notes, cited ones first in reading order, then the others in source order."""
    order: dict[str, None] = {}  # a dict keeps the order and answers `in` at once
    for text in _texts_with_calls(draft):
        order.update((key, None) for key in calls_in(text) if key in doc.notes)
    order.update((key, None) for key in doc.notes)
    return list(order)


def _merge_identical(doc: SourceDocument, order: list[str], draft: Draft) -> dict[str, str]:
    first_with_text: dict[str, str] = {}
    alias: dict[str, str] = {}
    for key in order:
        text = " ".join(doc.notes[key].text.split())
        if text in first_with_text:
            alias[key] = first_with_text[text]
            draft.guessed.append(f"{doc.name}: {doc.notes[key].label} has the same text as "
                                 f"{doc.notes[alias[key]].label}: imported as one note cited twice")
        else:
            first_with_text[text] = key
    return alias


def _missing_calls(draft: Draft, doc: SourceDocument) -> list[str]:
    missing: dict[str, None] = {}
    for text in _texts_with_calls(draft):
        missing.update((k, None) for k in calls_in(text) if k not in doc.notes)
    return list(missing)


def _report_calls(doc: SourceDocument, draft: Draft, note_ids: dict[str, str], missing_keys: list[str]) -> set[str]:
    """Attach a problem to every piece with a defective call; return the keys cited."""
    missing = set(missing_keys)
    cited: set[str] = set()
    highest = 0
    numeric = all(key.isdigit() for key in doc.notes)
    called = {key for text in _texts_with_calls(draft) for key in calls_in(text)}
    uncited = [k for k in doc.notes if k not in called]
    for piece in draft.pieces():
        for key in calls_in(piece.text):
            needle = f"[^{note_ids[key]}]"
            if key in missing:
                _problem(piece, needle, f"call to note {key}, which {doc.name} does not have (kept as {needle})")
            elif numeric and key in cited and int(key) < highest and uncited:
                _problem(piece, needle, f"call to note {key} looks misnumbered: it comes after note {highest} "
                                        f"and note {uncited[0]} is cited nowhere (did you mean note {uncited[0]}?)")
            elif numeric and key not in cited and int(key) > highest + 1 and str(highest + 1) in doc.notes:
                _problem(piece, needle, f"call to note {key} looks misnumbered: the call before it was to note "
                                        f"{highest} (expected note {highest + 1})")
            cited.add(key)
            if key.isdigit():
                highest = max(highest, int(key))
    return cited | called


def _problem(piece: Piece, needle: str, message: str) -> None:
    piece.comments.append(f"IMPORT: {message}")
    piece.problems.append((needle, message))
