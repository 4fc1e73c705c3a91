"""JSON Schemas of the content files, for editors (the YAML language server completes fields and flags mistakes
as you type), made from the field declarations the validator reads (content/fields.py, with the fields each
document kind declares for pack.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeAlias

from ..content.fields import (
    COLOUR_PATTERN,
    DATE_PATTERN,
    ID_PATTERN,
    INSERT,
    LANGUAGE_PATTERN,
    SECTION,
    Field,
    Shape,
)
from ..kinds.builtin import builtin_registry
from ..kinds.registry import Registry
from ..output.transaction import atomic_write

# A JSON value, as the schemas hold them
JSON: TypeAlias = "str | int | float | bool | None | list[JSON] | dict[str, JSON]"
Schema: TypeAlias = dict[str, JSON]

TEXT: Schema = {"type": "string", "minLength": 1}
SCALARS: dict[str, Schema] = {
    "inline": TEXT, "markdown": TEXT, "string": TEXT, "boolean": {"type": "boolean"},
    "id": {"type": "string", "pattern": ID_PATTERN}, "date": {"type": "string", "pattern": DATE_PATTERN},
    "language": {"type": "string", "pattern": LANGUAGE_PATTERN},
    "colour": {"type": "string", "pattern": COLOUR_PATTERN},
    "group-number": {"oneOf": [{"type": "integer", "minimum": 1, "maximum": 999},
                               {"type": "string", "pattern": "^[A-Za-z]$"}]},
    "notes": {"type": "object", "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": TEXT},
    "sections": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/section"}},
}


def _field(field: Field) -> Schema:
    if field.type in SCALARS:
        schema = dict(SCALARS[field.type])
    elif field.type == "integer":
        schema = {"type": "integer", "minimum": field.low, "maximum": field.high}
    elif field.type == "choice":
        schema = {"enum": list(field.choices)}
    elif field.type == "list":
        assert field.items is not None
        items = _field(field.items) if isinstance(field.items, Field) else _shape(field.items)
        schema = {"type": "array", "minItems": 1, "items": items}
    elif field.type == "shape":
        assert field.shape is not None
        schema = _shape(field.shape)
    elif field.type == "body":
        block: Schema = {"oneOf": [TEXT, _shape(INSERT)]}
        schema = {"oneOf": [TEXT, {"type": "array", "minItems": 1, "items": block}]}
    else:
        raise ValueError(f"field {field.name}: no schema for type {field.type!r}")
    return {"description": field.help, **schema}


def _shape(shape: Shape) -> Schema:
    schema: Schema = {"type": "object", "additionalProperties": False,
                              "properties": {f.name: _field(f) for f in shape.fields}}
    if shape.required:
        schema["required"] = list(shape.required)
    if shape.help:
        schema["description"] = shape.help
    return schema


def content_files(registry: Registry | None = None) -> dict[str, Shape]:
    """Every content file's shape, pack.yaml with the fields of the kinds in ``registry`` (default: the built-in
    kinds)."""
    return (registry or builtin_registry()).pack_fields().files()


def schema_of(file: str, registry: Registry | None = None) -> Schema:
    """The JSON Schema of one content file (pack.yaml, concept-note.yaml, ...)."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"briefpack {file}",
              **_shape(content_files(registry)[file])}
    if file == "concept-note.yaml":
        schema["$defs"] = {"section": _shape(SECTION)}
    return schema


def schema_name(file: str) -> str:
    return file.replace(".yaml", ".schema.json")


def write_schemas(folder: Path, registry: Registry | None = None) -> list[Path]:
    """Every content file's schema into ``folder`` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file in content_files(registry):
        path = folder / schema_name(file)
        text = json.dumps(schema_of(file, registry), indent=2, ensure_ascii=False) + "\n"
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written


def _type_name(field: Field) -> str:
    simple = {"inline": "inline Markdown", "markdown": "Markdown", "string": "text", "id": "id",
              "boolean": "true or false", "date": "YYYY-MM-DD", "language": "language tag", "colour": "#rrggbb",
              "group-number": "1 to 999, or A to Z", "body": "Markdown, or a list of blocks",
              "notes": "mapping: id → Markdown", "sections": "list of sections"}
    if field.type in simple:
        return simple[field.type]
    if field.type == "integer":
        return f"whole number {field.low} to {field.high}"
    if field.type == "choice":
        return " or ".join(f"`{choice}`" for choice in field.choices)
    if field.type == "list":
        return f"list of {_type_name(field.items) if isinstance(field.items, Field) else 'mappings (below)'}"
    return "mapping (below)"


def reference_markdown(registry: Registry | None = None) -> str:
    """The README's field reference, made from the same declarations as the schemas."""
    out: list[str] = []
    seen: set[str] = set()

    def table(title: str, shape: Shape) -> None:
        if shape.what in seen:
            return
        seen.add(shape.what)
        out.extend([f"**{title}**" + (f": {shape.help}" if shape.help else ""), "",
                    "| field | required | value | meaning |", "| --- | --- | --- | --- |"])
        nested = []
        for field in shape.fields:
            out.append(f"| `{field.name}` | {'yes' if field.required else ''} | {_type_name(field)} | "
                       f"{field.help} |")
            inner = field.shape or (field.items if isinstance(field.items, Shape) else None)
            if inner is not None:
                nested.append((f"`{field.name}`" if field.shape else f"each of `{field.name}`", inner))
        out.append("")
        for name, inner in nested:
            table(f"{title} → {name}", inner)

    for file, shape in content_files(registry).items():
        table(f"`{file}`", shape)
    return "\n".join(out).rstrip() + "\n"
