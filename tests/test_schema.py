"""The JSON Schemas for editors: made from the validator's own field declarations, they accept the packs, reject
what a schema can express of the error corpus, and every field they name is in the README's content reference."""

from __future__ import annotations

import re

import jsonschema
import pytest
import yaml

from briefpack.build.editor_schemas import content_files, schema_of
from briefpack.content import fields

from .conftest import DEFAULT_CONTENT, ROOT, SMALL_CONTENT
from .test_errors import CASES

ROOT_STARTER = ROOT / "briefpack" / "starter"
FILE_OF = {"pack": "pack.yaml", "concept_note": "concept-note.yaml", "questions": "questions.yaml",
           "groups": "groups.yaml", "notes": "notes.yaml"}


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as an editor's language server does (YAML 1.2: 2015-06-02 stays text, yes stays text)."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def errors(file: str, text: str) -> list[str]:
    data = yaml.load(text, Loader=Yaml12Loader)
    validator = jsonschema.Draft202012Validator(schema_of(file))
    return [error.message for error in validator.iter_errors(data)]


@pytest.mark.parametrize("folder", [DEFAULT_CONTENT, SMALL_CONTENT, ROOT_STARTER], ids=["default", "small", "new"])
def test_the_schemas_accept_the_packs(folder):
    for path in sorted(folder.glob("*.yaml")):
        assert errors(path.name, path.read_text(encoding="utf-8")) == [], path.name


SCHEMA_CASES = ["top-level list", "missing field", "unknown field", "year as words", "yes is not a boolean",
                "language tag", "time is not a date", "notes_lines out of range", "unknown label",
                "title is a mapping", "section id", "unknown insert", "group without questions",
                "group number zero", "groups not a list", "empty note", "note id with space", "note is a list",
                "notes not a mapping"]


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_the_schemas_reject_what_a_schema_can_express(case):
    files, _ = CASES[case]
    (stem, text), = files.items()
    assert errors(FILE_OF[stem], text), f"{case}: the schema accepted it"


def all_fields(shape, seen=None):
    seen = seen if seen is not None else set()
    for field in shape.fields:
        yield field.name
        for nested in (field.shape, field.items if isinstance(field.items, fields.Shape) else None):
            if nested is not None and id(nested) not in seen:
                seen.add(id(nested))
                yield from all_fields(nested, seen)


def test_the_readme_content_reference_names_every_field_and_label():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = readme.split("## Content format", 1)[1].split("\n## ", 1)[0]
    names = {name for shape in content_files().values() for name in all_fields(shape)}
    missing = sorted(name for name in names if f"`{name}`" not in reference)
    assert missing == []


def test_the_readme_field_reference_is_the_generated_one():
    from briefpack.build.editor_schemas import reference_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("a test keeps it current -->\n", 1)[1].split("<!-- end of the generated reference", 1)[0]
    assert block == reference_markdown()


def test_a_new_pack_points_its_editor_at_schemas_it_carries(tmp_path):
    from briefpack.build.starter import create

    create(tmp_path / "pack")
    for path in (tmp_path / "pack").glob("*.yaml"):
        first = path.read_text().splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert target != first and (tmp_path / "pack" / target).is_file()
