"""MkDocs hook: the guide's generated references, made at build time from the code's own tables.

A page asks for a reference with a marker on a line of its own; this hook replaces it:

- ``<!-- generated: fields -->``: every content field, from the field declarations
  (``briefpack.build.editor_schemas.reference_markdown()``, the same declarations the validator and the editor
  schemas read);
- ``<!-- generated: languages -->``: the built-in languages, with their script, direction and document titles;
- ``<!-- generated: labels -->``: every label key, its English word, where it is printed, and its word in each
  built-in language;
- ``<!-- generated: commands -->``: the commands as ``briefpack --help`` groups them, each with its first help line
  and the example(s) its help ends with (mkdocs-click shows neither the sections nor the examples).

The command reference is made by mkdocs-click (``::: mkdocs-click`` in reference/commands.md). Every marker must be
used, and every label key described below: a missing one fails the build, so the guide cannot fall behind.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from mkdocs.exceptions import PluginError

from briefpack.build.editor_schemas import reference_markdown, schema_of
from briefpack.content import languages
from briefpack.content.read_pack import built_in_labels
from briefpack.kinds.builtin import builtin_registry

# What each label key prints, for the reference: one line each. A key the code has and this table lacks (or the
# other way round) stops the build, naming it.
LABEL_USES = {
    "page": "page furniture: \"Page 3 of 9\"",
    "of": "page furniture: \"Page 3 of 9\"",
    "contents": "not printed yet (reserved)",
    "endnotes": "the heading of the endnotes; the title of the endnotes appendix",
    "cited_in": "the appendix's \"where cited\" lines",
    "not_cited": "the appendix's line for a note nothing cites (with --no-strict)",
    "question": "\"Working Group 2, question 3\"",
    "working_group": "group headings, \"Working Group 2\"",
    "guiding_questions": "the handout's heading above the group's questions",
    "cross_cutting_questions": "the heading of the cross-cutting questions when questions.yaml gives no title",
    "notes_for_questions": "not printed yet (reserved)",
    "participants_notes": "the handout's heading above the ruled lines",
    "back_to_text": "the link title of a note number (screen edition)",
    "qr_code": "the alternative text of a QR code (print edition)",
    "co_organisers": "the title block: \"Co-organised with ...\"",
    "draft": "the large DRAFT mark, and the page foot of a draft",
    "version": "the page foot: \"Version 2 · 12 May 2015\"",
    "changes": "the title of changes.pdf",
    "no_changes": "changes.pdf when nothing changed",
    "since": "changes.pdf: \"Since ...\"",
    "renumbered": "changes.pdf: the list of renumbered notes",
    "sign_in_sheet": "the title of the sign-in sheets",
    "name_cards": "the title of the name cards",
    "packing_list": "the title of the packing list",
    "participants": "counts on the packing list: \"12 participants\"",
    "documents": "the packing list's columns of documents",
    "copies": "the packing list's column of copies",
    "name": "the column of names of the sign-in sheet and the packing list",
    "organisation": "the sign-in sheet's column of organisations",
    "role": "the column of roles of the sign-in sheet and the packing list",
    "signature": "the sign-in sheet's column for signatures",
}


def built_in_languages() -> list[str]:
    """The languages with a built-in set of labels, English first."""
    return list(languages.LABEL_SETS)


def _objects(schema: Any) -> list[dict[str, Any]]:
    """Every object schema inside ``schema``."""
    if isinstance(schema, list):
        return [found for item in schema for found in _objects(item)]
    if not isinstance(schema, dict):
        return []
    own = [schema] if schema.get("type") == "object" and "properties" in schema else []
    return own + [found for value in schema.values() for found in _objects(value)]


def generated_blocks() -> str:
    """The generated blocks a section's body may list (``- insert: working-groups``), which reference_markdown()
    does not show: read off the concept note's schema, made from the same declarations."""
    rows = []
    for shape in _objects(schema_of("concept-note.yaml")):
        if "insert" in shape["properties"]:
            for name, field in shape["properties"].items():
                values = " or ".join(f"`{value}`" for value in field.get("enum", [])) or "text"
                required = "yes" if name in shape.get("required", []) else ""
                rows.append(f"| `{name}` | {required} | {values} | {field.get('description', '')} |")
    if not rows:
        raise PluginError("docs/hooks/references.py: the concept note's schema has no generated block (insert)")
    return "\n".join(["**`concept-note.yaml` → a section's `body` → each generated block**", "",
                      "| field | required | value | meaning |", "| --- | --- | --- | --- |", *rows]) + "\n"


def _escape_outside_code(markdown: str) -> str:
    """Help texts are plain text: `handout-<id>.pdf` must not reach the page as an HTML tag <id>."""
    parts = markdown.split("`")
    return "`".join(part if index % 2 else html.escape(part, quote=False) for index, part in enumerate(parts))


def fields_reference() -> str:
    return _escape_outside_code(reference_markdown() + "\n" + generated_blocks())


def languages_reference() -> str:
    rows = ["| tag | script | direction | the concept note is titled | a handout is titled |",
            "| --- | --- | --- | --- | --- |"]
    for tag in built_in_languages():
        titles = document_titles(tag)
        direction = "right to left" if languages.direction(tag) == "rtl" else "left to right"
        rows.append(f"| `{tag}` | {languages.script(tag)} | {direction} | {titles['concept_note']} | "
                    f"{titles['handout']} |")
    return "\n".join(rows) + "\n"


def document_titles(tag: str) -> dict[str, str]:
    """The built-in titles of the concept note and of a handout in language ``tag``, as their kinds declare them."""
    registry = builtin_registry()
    titles = {}
    for key, kind in (("concept_note", "concept-note"), ("handout", "handout")):
        table = registry.kind(kind).fields.titles
        titles[key] = table[languages.built_in_key(tag, table)]
    return titles


def words(tag: str) -> dict[str, str]:
    """Every built-in label of language ``tag``: the generic ones and those the kinds declare."""
    return built_in_labels(tag, builtin_registry().pack_fields())


def labels_reference() -> str:
    english = words("en")
    missing = sorted(set(english) - set(LABEL_USES))
    stale = sorted(set(LABEL_USES) - set(english))
    if missing or stale:
        raise PluginError(f"docs/hooks/references.py: LABEL_USES must describe every label key (missing: "
                          f"{', '.join(missing) or 'none'}; no longer a key: {', '.join(stale) or 'none'})")
    rows = ["| key | English | printed as |", "| --- | --- | --- |"]
    rows += [f"| `{key}` | {word} | {LABEL_USES[key]} |" for key, word in english.items()]
    others = [tag for tag in built_in_languages() if tag != "en"]
    rows += ["", "Each built-in language's words (`labels:` in `pack.yaml` overrides any of them):", "",
             "| key | " + " | ".join(f"`{tag}`" for tag in others) + " |",
             "| --- |" + " --- |" * len(others)]
    sets = {tag: words(tag) for tag in others}
    for key in english:
        rows.append(f"| `{key}` | " + " | ".join(sets[tag].get(key, "") for tag in others) + " |")
    return "\n".join(rows) + "\n"


def examples_of(command: Any) -> list[str]:
    """The example command lines a command's help ends with (its epilog: `Example:` then indented lines)."""
    return [line.strip() for line in (command.epilog or "").splitlines() if line.strip().startswith("briefpack ")]


def commands_overview() -> str:
    """Every command of `briefpack --help`, by its section, in its order, with its examples."""
    from briefpack.cli.main import SECTIONS, main  # the whole command line, only when the page is built

    rows: list[str] = []
    for section in SECTIONS:
        names = [name for name in main.list_commands(None) if main.sections.get(name) == section
                 and not main.commands[name].hidden]
        for name in names:
            command = main.commands[name]
            examples = examples_of(command)
            if not examples:
                raise PluginError(f"docs/hooks/references.py: `briefpack {name} --help` shows no example")
            what = (command.help or "").strip().split("\n\n")[0].replace("\n", " ")
            shown = "<br>".join(f"`{example}`" for example in examples)
            rows.append(f"| {section} | [`{name}`](#briefpack-{name}) | {_escape_outside_code(what)} | {shown} |")
    if not rows:
        raise PluginError("docs/hooks/references.py: `briefpack --help` lists no command")
    return "\n".join(["| section | command | what it does | example |", "| --- | --- | --- | --- |", *rows]) + "\n"


MARKERS: dict[str, Callable[[], str]] = {
    "<!-- generated: commands -->": commands_overview,
    "<!-- generated: fields -->": fields_reference,
    "<!-- generated: languages -->": languages_reference,
    "<!-- generated: labels -->": labels_reference,
}
_used: set[str] = set()


def on_pre_build(config: Any, **kwargs: Any) -> None:
    _used.clear()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any, **kwargs: Any) -> str:
    for marker, make in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
            _used.add(marker)
    return markdown


def on_post_build(config: Any, **kwargs: Any) -> None:
    unused = [marker for marker in MARKERS if marker not in _used]
    if unused:
        raise PluginError(f"docs/hooks/references.py: no page holds {', '.join(unused)} (the generated references "
                          "must be in the guide)")
