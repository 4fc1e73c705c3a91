"""Turn the content folder into a validated Pack, or report every problem in it at once."""

from __future__ import annotations

import os
from pathlib import Path

from . import languages, loader
from .errors import Loc, Problems
from .loader import Map
from .model import (
    DEFAULT_LABELS,
    ConceptNoteSettings,
    EndnotesSettings,
    Group,
    HandoutSettings,
    Insert,
    Meta,
    Note,
    Pack,
    PrintRun,
    Section,
    Text,
)
from .schema import Reader, did_you_mean, found

FILES = ("pack.yaml", "concept-note.yaml", "questions.yaml", "groups.yaml", "notes.yaml")
OPTIONAL_FILES = ("questions.yaml",)
INSERTS = ("working-groups",)
MAX_SECTION_DEPTH = 3


def display_name(path: Path) -> str:
    """The path as the user typed it relative to here, so editors can jump to it."""
    absolute = Path(os.path.abspath(path))
    here = Path.cwd()
    return str(absolute.relative_to(here)) if absolute.is_relative_to(here) else str(absolute)


def load_pack(content_dir: Path) -> tuple[Pack, Problems, set]:
    """Load and validate every content file: (pack, problems, names of the files that have problems).

    With problems, the pack is partial (invalid parts blank or left out) and only good for further checks."""
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(Loc(display_name(content_dir)), "content folder not found (expected a folder with "
                                                     + ", ".join(FILES) + ")")
        problems.raise_if_any()
    reader = Reader(problems)
    broken: set[str] = set()
    parts = {}
    for name, build in (("pack.yaml", _pack_file), ("concept-note.yaml", _concept_note),
                        ("questions.yaml", _questions), ("groups.yaml", _groups), ("notes.yaml", _notes)):
        before = len(problems.items)
        path = content_dir / name
        node = None
        if path.is_symlink() and not path.resolve().is_relative_to(content_dir.resolve()):
            problems.add(Loc(display_name(path)), "is a link to a file outside the content folder (expected the "
                                                  "file itself, or a link inside the folder)")
        elif name not in OPTIONAL_FILES or path.exists():
            node = loader.load(path, display_name(path), problems)
        parts[name] = build(reader, node)
        if len(problems.items) > before:
            broken.add(name)
    return _assemble(parts, display_name(content_dir)), problems, broken


def _assemble(parts: dict, root: str) -> Pack:
    meta, cn_settings, handouts, endnotes, print_run = parts["pack.yaml"]
    sections = parts["concept-note.yaml"]
    cc_title, cross_cutting = parts["questions.yaml"]
    if isinstance(cc_title, Loc):  # no title given: the label of the pack's language
        cc_title = Text(meta.labels["cross_cutting_questions"], cc_title, cc_title.line, False) if meta else None
    groups = parts["groups.yaml"]
    notes = parts["notes.yaml"]
    return Pack(meta, cn_settings, handouts, endnotes, sections, cc_title, cross_cutting, groups, notes, root,
                print_run)


def _pack_file(r: Reader, node):
    f = r.mapping(node, "the pack", required=("series", "edition", "theme", "year", "language"),
                  optional=("host", "co_organisers", "short_title", "date", "labels", "documents", "print_run"))
    if f is None:
        return None, ConceptNoteSettings(), HandoutSettings(), EndnotesSettings(), PrintRun()
    language = r.string(f.get("language"), "language")
    if language and (problem := languages.tag_problem(language)):
        r.error(f["language"].loc, problem)
        language = None
    co = tuple(r.text(item, "co-organiser") for item in r.sequence(f.get("co_organisers"), "co_organisers"))
    meta = Meta(
        series=r.text(f.get("series"), "series"),
        edition=r.text(f.get("edition"), "edition"),
        theme=r.text(f.get("theme"), "theme"),
        year=r.integer(f.get("year"), "year", 1900, 2999),
        host=r.text(f["host"], "host") if "host" in f else None,
        co_organisers=co,
        language=language,
        short_title=r.text(f["short_title"], "short_title") if "short_title" in f else None,
        labels=_labels(r, f.get("labels"), language or "en"),
        date=r.date(f["date"], "date") if "date" in f else None,
    )
    return (meta, *_documents(r, f.get("documents"), language or "en", meta.labels),
            _print_run(r, f.get("print_run")))


def _print_run(r: Reader, node) -> PrintRun:
    defaults = PrintRun()
    numbers = ("participants_per_group", "concept_note", "endnotes", "spare")
    f = r.mapping(node, "print_run", optional=(*numbers, "handouts_as", "concept_note_as")) or {}
    values = {}
    for name in numbers:
        if name in f:
            values[name] = r.integer(f[name], name, 0, 100_000)
    for name, choices in (("handouts_as", ("booklet", "sheets")), ("concept_note_as", ("sheets", "booklet"))):
        if name in f:
            value = r.string(f[name], name)
            if value is not None and value not in choices:
                r.error(f[name].loc, f"{name} must be one of {', '.join(choices)} (found '{value}')")
            values[name] = value
    values = {k: v for k, v in values.items() if v is not None}
    return PrintRun(**{**defaults.__dict__, **values})


def _labels(r: Reader, node, language: str) -> dict:
    """The language's built-in labels, overridden key by key by pack.yaml's ``labels:``."""
    labels = languages.labels_for(language)
    f = r.mapping(node, "labels", optional=tuple(DEFAULT_LABELS))
    for key, value in (f or {}).items():
        text = r.string(value, f"label '{key}'")
        if text is not None:
            labels[key] = text
    return labels


def _documents(r: Reader, node, language: str, labels: dict):
    f = r.mapping(node, "documents", optional=("concept_note", "handouts", "endnotes")) or {}
    cn = r.mapping(f.get("concept_note"), "documents.concept_note", optional=("title", "questions_on_new_page"))
    ho = r.mapping(f.get("handouts"), "documents.handouts", optional=("title", "notes_lines", "intro"))
    en = r.mapping(f.get("endnotes"), "documents.endnotes", optional=("title",))
    titles = languages.document_titles(language)
    cn_settings = ConceptNoteSettings(title=titles["concept_note"])
    ho_settings = HandoutSettings(title=titles["handout"])
    en_settings = EndnotesSettings(title=labels["endnotes"])
    if cn:
        cn_settings = ConceptNoteSettings(
            title=r.string(cn["title"], "concept note title") if "title" in cn else cn_settings.title,
            questions_on_new_page=(r.boolean(cn["questions_on_new_page"], "questions_on_new_page")
                                   if "questions_on_new_page" in cn else cn_settings.questions_on_new_page))
    if ho:
        ho_settings = HandoutSettings(
            title=r.string(ho["title"], "handout title") if "title" in ho else ho_settings.title,
            notes_lines=(r.integer(ho["notes_lines"], "notes_lines", 0, 60)
                         if "notes_lines" in ho else ho_settings.notes_lines),
            intro=r.text(ho["intro"], "handout intro") if "intro" in ho else None)
    if en:
        en_settings = EndnotesSettings(
            title=r.string(en["title"], "endnotes title") if "title" in en else en_settings.title)
    return cn_settings, ho_settings, en_settings


def _concept_note(r: Reader, node) -> tuple:
    f = r.mapping(node, "the concept note", required=("sections",))
    if f is None:
        return ()
    seen: dict[str, Loc] = {}
    return _sections(r, f.get("sections"), seen, 1)


def _sections(r: Reader, node, seen: dict, depth: int) -> tuple:
    result = []
    for item in r.sequence(node, "sections"):
        f = r.mapping(item, "a section", required=("id", "title"), optional=("body", "sections"))
        if f is None:
            continue
        section_id = r.ident(f.get("id"), "section id")
        if section_id in seen:
            r.error(f["id"].loc, f"duplicate section id '{section_id}' (first used at line {seen[section_id].line})")
        elif section_id:
            seen[section_id] = f["id"].loc
        children = ()
        if "sections" in f:
            if depth >= MAX_SECTION_DEPTH:
                r.error(f["sections"].loc, f"sections nest too deep (expected at most {MAX_SECTION_DEPTH} levels)")
            else:
                children = _sections(r, f["sections"], seen, depth + 1)
        body = _body(r, f.get("body"))
        if "body" not in f and "sections" not in f:
            r.error(item.loc, f"section '{section_id}' has no body and no sections (expected at least one)")
        result.append(Section(section_id, r.text(f.get("title"), "section title"), body, children, item.loc))
    return tuple(result)


def _body(r: Reader, node) -> tuple:
    if node is None:
        return ()
    if not hasattr(node, "items"):  # one Markdown string
        text = r.text(node, "section body")
        return (text,) if text.source else ()
    blocks = []
    for item in r.sequence(node, "section body"):
        if isinstance(item, Map):
            f = r.mapping(item, "a generated block", required=("insert",))
            name = r.string(f.get("insert"), "insert") if f else None
            if name and name not in INSERTS:
                r.error(f["insert"].loc, f"unknown generated block '{name}' ({did_you_mean(name, INSERTS)})")
            elif name:
                blocks.append(Insert(name, item.loc))
        else:
            text = r.text(item, "section body")
            if text.source:
                blocks.append(text)
    return tuple(blocks)


def _questions(r: Reader, node):
    if node is None:
        return None, ()
    f = r.mapping(node, "the questions file", required=("cross_cutting",))
    cc = r.mapping(f.get("cross_cutting") if f else None, "cross_cutting", required=("questions",),
                   optional=("title",))
    if not cc:
        return None, ()
    questions = tuple(r.text(q, "question") for q in r.sequence(cc.get("questions"), "cross-cutting questions"))
    # Without a title, the language's label; either way every document prints this one heading.
    title = r.text(cc["title"], "cross-cutting title") if "title" in cc else f["cross_cutting"].loc
    return title, questions


def _groups(r: Reader, node) -> tuple:
    f = r.mapping(node, "the groups file", required=("groups",))
    if f is None:
        return ()
    groups, ids, numbers = [], {}, {}
    for item in r.sequence(f.get("groups"), "groups"):
        g = r.mapping(item, "a working group", required=("id", "number", "title", "questions"),
                      optional=("participants",))
        if g is None:
            continue
        group_id = r.ident(g.get("id"), "group id")
        name = group_id or getattr(g.get("id"), "text", "?")
        number = r.integer(g.get("number"), "group number", 1, 999)
        for value, table, what, key in ((group_id, ids, "id", "id"), (number, numbers, "number", "number")):
            if value is not None and value in table:
                r.error(g[key].loc, f"duplicate group {what} '{value}' (first used at line {table[value].line})")
            elif value is not None:
                table[value] = g[key].loc
        questions_node = g.get("questions")
        questions = r.sequence(questions_node, f"working group '{name}' questions", allow_empty=True)
        if questions_node is not None and not questions and hasattr(questions_node, "items"):
            r.error(questions_node.loc, f"working group '{name}' has no questions (expected at least one)")
        texts = tuple(r.text(q, "question") for q in questions)
        participants = r.integer(g["participants"], "participants", 0, 100_000) if "participants" in g else None
        groups.append(Group(group_id, number, r.text(g.get("title"), "group title"), texts, item.loc,
                            participants))
    return tuple(groups)


def _notes(r: Reader, node) -> tuple:
    f = r.mapping(node, "the notes file", required=("notes",))
    if f is None:
        return ()
    notes_node = f.get("notes")
    if notes_node is not None and not isinstance(notes_node, Map):
        if not (hasattr(notes_node, "is_null") and notes_node.is_null):
            r.error(notes_node.loc, f"notes must be a mapping of note id to text (found {found(notes_node)})")
        return ()
    notes = []
    for key, (key_node, value) in (notes_node.items if notes_node else {}).items():
        note_id = r.ident(key_node, "note id")
        text = r.text(value, f"note '{key}'")
        if note_id:
            notes.append(Note(note_id, text, key_node.loc))
    return tuple(notes)
