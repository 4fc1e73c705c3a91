"""Turn the content folder into a validated Pack, or report every problem in it at once."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, get_args

from ..errors import ContentError
from ..problems import Loc, Problems, did_you_mean
from . import fields, languages, model, roster
from . import yaml_nodes as loader
from .fields import Field, KindFields, PackFields
from .model import (
    DEFAULT_EDITIONS,
    Group,
    Insert,
    Logo,
    Meta,
    Note,
    Pack,
    PrintRun,
    Section,
    Settings,
    SettingValue,
    Text,
)
from .node_reader import INT_RE, Reader, found
from .paths import OutsidePack, admit, shown
from .vocabulary import EDITION_NAMES, EditionName, is_edition_name
from .yaml_nodes import Map, Node

FILES = ("pack.yaml", "concept-note.yaml", "questions.yaml", "groups.yaml", "notes.yaml")
OPTIONAL_FILES = ("questions.yaml",)
INSERTS = ("working-groups",)
MAX_SECTION_DEPTH = 3
STATUSES: tuple[model.Status, ...] = get_args(model.Status)
T = TypeVar("T")
K = TypeVar("K", str, int)


display_name = shown  # the path as the user typed it relative to here, so editors can jump to it


def load_pack(content_dir: Path, declared: PackFields) -> tuple[Pack, Problems, set[str]]:
    """Load and validate every content file: (pack, problems, names of the files that have problems).
    ``declared``: what the document kinds add to pack.yaml (their settings, counts, titles and labels).

    With problems, the pack is partial (invalid parts blank or left out) and only good for further checks."""
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(Loc(display_name(content_dir)), "content folder not found (expected a folder with "
                                                     + ", ".join(FILES) + ")")
        raise ContentError(problems.items)
    reader = Reader(problems)
    broken: set[str] = set()

    def read(name: str) -> Node | None:
        path = content_dir / name
        if name in OPTIONAL_FILES and not os.path.lexists(path):
            return None
        return loader.read_yaml(path, display_name(path), problems)  # through the door: see textfile.read_text

    def part(name: str, build: Callable[[Reader, Node | None], T]) -> T:
        before = len(problems)
        result = build(reader, read(name))
        if len(problems) > before:
            broken.add(name)
        return result

    settings = part("pack.yaml", lambda r, n: _pack_file(r, n, declared))
    sections = part("concept-note.yaml", _concept_note)
    cc_title, cross_cutting = part("questions.yaml", lambda r, n: _questions(r, n, settings.meta.labels))
    groups = part("groups.yaml", _groups)
    notes = part("notes.yaml", _notes)
    people = _roster(content_dir, groups, settings, problems, broken)
    pack = Pack(settings.meta, settings.documents, sections, cc_title,
                cross_cutting, groups, notes, display_name(content_dir), settings.print_run, people)
    return pack, problems, broken


def _roster(content_dir: Path, groups: tuple[Group, ...], settings: PackSettings, problems: Problems,
            broken: set[str]) -> model.Roster | None:
    """participants.csv when the pack has one; it is then the only source of the participant counts."""
    path = content_dir / roster.FILE
    if not path.exists() and not path.is_symlink():
        if settings.print_run.personalise:
            problems.add(settings.print_run_at["personalise"], f"personalise needs a participant list (expected "
                                                               f"{roster.FILE} in the content folder)")
        return None
    name = display_name(path)
    try:
        admit(path, content_dir, content_dir)  # read_text asks again; refused, nothing else is worth saying
    except OutsidePack as exc:
        problems.add(Loc(name), exc.reason)
        return None
    before = len(problems)
    counts = set(settings.print_run.counted) - {"spare"}  # every count of people: the roster's to give
    for key, loc in ((key, loc) for key, loc in settings.print_run_at.items() if key in counts):
        problems.add(loc, f"print_run.{key} cannot be set when the pack has {roster.FILE} (expected no {key}: the "
                          "roster counts the participants, and spare adds copies)")
    for group in groups:
        if group.participants is not None:
            problems.add(group.loc, f"working group '{group.id}' sets 'participants' but the pack has {roster.FILE} "
                                    "(expected no 'participants': the roster counts them)")
    people = roster.read(path, name, groups, problems)
    if len(problems) > before:
        broken.add(roster.FILE)
    return people


@dataclass(frozen=True)
class PackSettings:
    """What pack.yaml holds."""

    meta: Meta
    documents: dict[str, Settings]
    print_run: PrintRun
    print_run_at: dict[str, Loc] = field(default_factory=dict)  # where each print_run field is written


def _pack_file(r: Reader, node: Node | None, declared: PackFields) -> PackSettings:
    shape = declared.pack()
    f = r.shape(node, shape)
    if f is None:
        blank = Text("", Loc("pack.yaml"), 1, False, inline=True)
        labels = _labels(r, None, "en", declared)
        meta = Meta(blank, blank, blank, 0, None, (), "", None, labels)
        return PackSettings(meta, _documents(r, None, "en", labels, declared), _print_run(r, None, declared))
    language = r.string(f.get("language"), "language")
    if language and (problem := languages.tag_problem(language)):
        r.error(f["language"].loc, problem)
        language = None
    co = tuple(r.text(item, "co-organiser", inline=True)
               for item in r.sequence(f.get("co_organisers"), "co_organisers"))
    year = r.integer_field(f.get("year"), fields.PACK["year"])
    meta = Meta(
        series=r.text(f.get("series"), "series", inline=True),
        ordinal=r.text(f.get("edition"), "edition", inline=True),
        theme=r.text(f.get("theme"), "theme", inline=True),
        year=year or 0,
        host=r.text(f["host"], "host", inline=True) if "host" in f else None,
        co_organisers=co,
        language=language or "",
        short_title=r.text(f["short_title"], "short_title", inline=True) if "short_title" in f else None,
        labels=_labels(r, f.get("labels"), language or "en", declared),
        date=r.date(f["date"], "date") if "date" in f else None,
        logos=_logos(r, f.get("logos")),
        accent=_accent(r, f.get("accent")),
        status=_status(r, f.get("status")),
        version=r.string(f["version"], "version") if "version" in f else None,
        dates=_dates(r, f.get("dates"), year),
        venue=r.text(f["venue"], "venue", inline=True) if "venue" in f else None,
        editions=_editions(r, f.get("editions")),
    )
    documents = _documents(r, f.get("documents"), language or "en", meta.labels, declared)
    run = f.get("print_run")
    keys_at = {key: entry[0].loc for key, entry in run.items.items()} if isinstance(run, Map) else {}
    return PackSettings(meta, documents, _print_run(r, run, declared), keys_at)


def _editions(r: Reader, node: Node | None) -> tuple[EditionName, ...]:
    """The editions `all` builds: each named once, from those there are."""
    chosen: list[EditionName] = []
    for item in r.sequence(node, "editions"):
        name = r.string(item, "edition")
        if name is None:
            continue
        if not is_edition_name(name):
            r.error(item.loc, f"unknown edition '{name}' (expected one of: {', '.join(EDITION_NAMES)})")
        elif name in chosen:
            r.error(item.loc, f"edition '{name}' is listed twice (expected each once)")
        else:
            chosen.append(name)
    return tuple(chosen) or DEFAULT_EDITIONS


def editions_of(content_dir: Path, declared: PackFields) -> tuple[EditionName, ...]:
    """The editions pack.yaml asks `all` for, read as the build reads pack.yaml; the default when it cannot be
    read (the build then reports why)."""
    problems = Problems()
    node = loader.read_yaml(content_dir / "pack.yaml", display_name(content_dir / "pack.yaml"), problems)
    settings = _pack_file(Reader(problems), node, declared)
    return DEFAULT_EDITIONS if problems.items else settings.meta.editions


def _dates(r: Reader, node: Node | None, year: int | None) -> tuple[str, str] | None:
    """The seminar's first and last day: the last not before the first, the first in the seminar's ``year``."""
    if node is None:
        return None
    f = r.shape(node, fields.DATES)
    if f is None or "start" not in f or "end" not in f:
        return None
    start, end = r.date(f["start"], "dates.start"), r.date(f["end"], "dates.end")
    if start is None or end is None:
        return None
    if end < start:
        r.error(f["end"].loc, f"dates.end {end} is before dates.start {start} (expected the last day, on or after "
                              "the first)")
        return None
    if year is not None and int(start[:4]) != year:
        r.error(f["start"].loc, f"dates.start {start} is not in the seminar's year {year} (expected a day of "
                                f"{year}, or the year corrected)")
        return None
    return start, end


LOGO_TYPES = {".svg": b"<", ".png": b"\x89PNG"}
HEX_RE = re.compile(fields.COLOUR_PATTERN)
MIN_CONTRAST = 4.5  # WCAG AA for body-size text on white


def _logos(r: Reader, node: Node | None) -> tuple[Logo, ...]:
    """Logos from the assets folder, SVG or PNG; where the file is checked is the lint's job for images, so
    here: the fields, the kind of file."""
    logos = []
    for item in r.sequence(node, "logos"):
        f = r.shape(item, fields.LOGO)
        if not f:
            continue
        file, name = r.string(f.get("file"), "logo file"), r.string(f.get("name"), "logo name")
        if file and Path(file).suffix.lower() not in LOGO_TYPES:
            r.error(f["file"].loc, f"logo '{file}' is not an SVG or PNG file (expected e.g. 'logos/host.svg')")
        elif file and name:
            logos.append(Logo(file, name, f["file"].loc))
    return tuple(logos)


def _accent(r: Reader, node: Node | None) -> str | None:
    value = r.string(node, "accent")
    if value is None or node is None:
        return None
    if not HEX_RE.match(value):
        r.error(node.loc, f"accent must be a colour written #rrggbb or #rgb (found '{value}')")
        return None
    contrast = contrast_on_white(value)
    if contrast < MIN_CONTRAST:
        r.error(node.loc, f"accent {value} is too light to read on white (contrast {contrast:.1f}:1; expected at "
                          f"least {MIN_CONTRAST}:1, e.g. a darker shade)")
        return None
    return value.lower()


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of a #rgb/#rrggbb colour against white."""
    digits = colour[1:] if len(colour) == 7 else "".join(c * 2 for c in colour[1:])
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _status(r: Reader, node: Node | None) -> model.Status:
    value = r.string(node, "status") if node is not None else None
    if node is not None and value is not None and value not in STATUSES:
        r.error(node.loc, f"status must be one of {', '.join(STATUSES)} (found '{value}')")
    return next((status for status in STATUSES if status == value), "final")


def _print_run(r: Reader, node: Node | None, declared: PackFields) -> PrintRun:
    shape = declared.print_run
    counted = tuple(f.name for f in declared.counts)
    f = r.shape(node, shape) or {}
    personalise = r.boolean(f["personalise"], "personalise") if "personalise" in f else None
    examples = r.boolean(f["examples"], "examples") if "examples" in f else None
    values: dict[str, int | str] = {}
    for declared_field in shape.fields:
        name, default = declared_field.name, declared_field.default
        value = _value(r, f[name], declared_field) if name in f else None
        if isinstance(value, int | str) and not isinstance(value, bool):
            values[name] = value
        elif isinstance(default, int | str) and not isinstance(default, bool):
            values[name] = default
        elif declared_field.type == "integer":
            values[name] = 0
    own = {name: values.pop(name) for name in ("participants_per_group", "spare")}  # PrintRun's own fields
    unset = tuple(name for name in counted if name not in f)
    return PrintRun(int(own["participants_per_group"]), int(own["spare"]), values, unset, bool(personalise),
                    counted, bool(examples))


def built_in_labels(language: str, declared: PackFields) -> dict[str, str]:
    """The language's built-in labels: the generic ones and the kinds' (what ``labels:`` may override)."""
    labels = languages.labels_for(language)
    for key, texts in declared.label_texts().items():
        labels[key] = texts[languages.built_in_key(language, texts)]
    return labels


def _labels(r: Reader, node: Node | None, language: str, declared: PackFields) -> dict[str, str]:
    """The language's built-in labels and the kinds', overridden key by key by pack.yaml's ``labels:``."""
    labels = built_in_labels(language, declared)
    f = r.shape(node, declared.labels)
    for key, value in (f or {}).items():
        text = r.string(value, f"label '{key}'")
        if text is not None:
            labels[key] = text
    return labels


def _documents(r: Reader, node: Node | None, language: str, labels: dict[str, str],
               declared: PackFields) -> dict[str, Settings]:
    """Each kind's settings: the fields given, the others at their defaults (a title's from the language)."""
    f = r.shape(node, declared.documents_shape) or {}
    found: dict[str, Settings] = {}
    for kind in declared.kinds:
        if kind.settings is None or kind.settings.shape is None:
            continue
        given = r.shape(f.get(kind.settings.name), kind.settings.shape) or {}
        values: dict[str, SettingValue] = {}
        for setting in kind.settings.shape.fields:
            value = _value(r, given[setting.name], setting) if setting.name in given else None
            values[setting.name] = _or(value, _default(setting, kind, language, labels))
        named = {setting.name: setting.what or setting.name for setting in kind.settings.shape.fields}
        found[kind.settings.name] = Settings(values, named)
    return found


def _default(field: Field, kind: KindFields, language: str, labels: dict[str, str]) -> SettingValue:
    if field.name == "title" and kind.titles:
        return kind.titles[languages.built_in_key(language, kind.titles)]
    if field.name == "title" and kind.title_label:
        return labels[kind.title_label]  # one source for the heading: the label, as the pack may override it
    return field.default


def _value(r: Reader, node: Node | None, field: Field) -> SettingValue:
    """A declared field's value as its type reads it (None when it is wrong: the problem is recorded)."""
    what = field.what or field.name
    if field.type == "integer":
        return r.integer_field(node, field)
    if field.type == "boolean":
        return r.boolean(node, what)
    if field.type == "choice":
        return _choice(r, node, what, field.choices)
    if field.type in ("markdown", "inline"):
        return r.text(node, what, inline=field.type == "inline") if node is not None else None
    return r.string(node, what)


def _choice(r: Reader, node: Node | None, what: str, choices: tuple[str, ...]) -> str | None:
    value = r.string(node, what)
    if value is not None and node is not None and value not in choices:
        r.error(node.loc, f"{what} must be one of {', '.join(choices)} (found '{value}')")
        return None
    return value


def _or(value: T | None, default: T) -> T:
    """A field's value, or its default when it is absent (or invalid: the problem is already recorded)."""
    return default if value is None else value


def _concept_note(r: Reader, node: Node | None) -> tuple[Section, ...]:
    f = r.shape(node, fields.CONCEPT_NOTE)
    if f is None:
        return ()
    seen: dict[str, Loc] = {}
    return _sections(r, f.get("sections"), seen, 1)


def _sections(r: Reader, node: Node | None, seen: dict[str, Loc], depth: int) -> tuple[Section, ...]:
    result = []
    for item in r.sequence(node, "sections"):
        f = r.shape(item, fields.SECTION)
        if f is None:
            continue
        section_id = r.ident(f.get("id"), "section id")
        if section_id in seen:
            r.error(f["id"].loc, f"duplicate section id '{section_id}' (first used at line {seen[section_id].line})")
        elif section_id:
            seen[section_id] = f["id"].loc
        children: tuple[Section, ...] = ()
        if "sections" in f:
            if depth >= MAX_SECTION_DEPTH:
                r.error(f["sections"].loc, f"sections nest too deep (expected at most {MAX_SECTION_DEPTH} levels)")
            else:
                children = _sections(r, f["sections"], seen, depth + 1)
        body = _body(r, f.get("body"))
        if "body" not in f and "sections" not in f:
            r.error(item.loc, f"section '{section_id}' has no body and no sections (expected at least one)")
        result.append(Section(section_id or "", r.text(f.get("title"), "section title", inline=True), body, children,
                              item.loc))
    return tuple(result)


def _body(r: Reader, node: Node | None) -> tuple[Text | Insert, ...]:
    if node is None:
        return ()
    if not hasattr(node, "items"):  # one Markdown string
        text = r.text(node, "section body")
        return (text,) if text.source else ()
    blocks: list[Text | Insert] = []
    for item in r.sequence(node, "section body"):
        if isinstance(item, Map):
            f = r.shape(item, fields.INSERT)
            name = r.string(f.get("insert"), "insert") if f else None
            if f and name and name not in INSERTS:
                r.error(f["insert"].loc, f"unknown generated block '{name}' ({did_you_mean(name, INSERTS)})")
            elif name:
                blocks.append(Insert(name, item.loc))
        else:
            text = r.text(item, "section body")
            if text.source:
                blocks.append(text)
    return tuple(blocks)


def _questions(r: Reader, node: Node | None, labels: dict[str, str]) -> tuple[Text | None, tuple[Text, ...]]:
    if node is None:
        return None, ()
    f = r.shape(node, fields.QUESTIONS)
    cc = r.shape(f.get("cross_cutting") if f else None, fields.CROSS_CUTTING)
    if not cc:
        return None, ()
    questions = tuple(r.text(q, "question", inline=True)
                      for q in r.sequence(cc.get("questions"), "cross-cutting questions"))
    if "title" in cc:
        return r.text(cc["title"], "cross-cutting title", inline=True), questions
    # Without a title, the label of the pack's language: every document prints this one heading.
    loc = f["cross_cutting"].loc if f and "cross_cutting" in f else Loc("questions.yaml")
    return Text(labels["cross_cutting_questions"], loc, loc.line, False, inline=True), questions


def _groups(r: Reader, node: Node | None) -> tuple[Group, ...]:
    f = r.shape(node, fields.GROUPS)
    if f is None:
        return ()
    groups: list[Group] = []
    ids: dict[str, Loc] = {}
    labels: dict[str, Loc] = {}
    for item in r.sequence(f.get("groups"), "groups"):
        g = r.shape(item, fields.GROUP)
        if g is None:
            continue
        group_id = r.ident(g.get("id"), "group id")
        name = group_id or getattr(g.get("id"), "text", "?")
        number, label = _group_number(r, g.get("number"))
        if group_id is not None:
            _unique(r, ids, group_id, g["id"], "id")
        if label is not None:
            _unique(r, labels, label, g["number"], "number")
        questions_node = g.get("questions")
        questions = r.sequence(questions_node, f"working group '{name}' questions", allow_empty=True)
        if questions_node is not None and not questions and hasattr(questions_node, "items"):
            r.error(questions_node.loc, f"working group '{name}' has no questions (expected at least one)")
        texts = tuple(r.text(q, "question", inline=True) for q in questions)
        participants = r.integer_field(g["participants"], fields.GROUP["participants"]) if "participants" in g \
            else None
        groups.append(Group(group_id or "", number or 0, r.text(g.get("title"), "group title", inline=True), texts,
                            item.loc, participants, label or ""))
    return tuple(groups)


def _group_number(r: Reader, node: Node | None) -> tuple[int | None, str | None]:
    """A group's number as written, 1 to 999 or a letter A to Z (groups A, B, C are common): (order, label)."""
    scalar = r.scalar(node, "group number")
    if scalar is None:
        return None, None
    text = scalar.text.strip()
    if scalar.plain and INT_RE.match(text) and 1 <= int(text) <= 999:
        return int(text), str(int(text))
    if len(text) == 1 and "A" <= text.upper() <= "Z":
        return ord(text.upper()) - ord("A") + 1, text.upper()
    r.error(scalar.loc, f"group number must be a whole number from 1 to 999 or a letter from A to Z (found "
                        f"{found(scalar)})")
    return None, None


def _unique(r: Reader, seen: dict[K, Loc], value: K, node: Node, what: str) -> None:
    if value in seen:
        r.error(node.loc, f"duplicate group {what} '{value}' (first used at line {seen[value].line})")
    else:
        seen[value] = node.loc


def _notes(r: Reader, node: Node | None) -> tuple[Note, ...]:
    f = r.shape(node, fields.NOTES)
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
