"""The strict YAML loader and the validation of content, with exact messages."""

from __future__ import annotations

import pytest

from briefpack.build import pipeline
from briefpack.content import yaml_nodes as loader
from briefpack.content.yaml_nodes import Map, Scalar, Seq
from briefpack.errors import ContentError, Problems

from .conftest import write_pack


def load(text: str):
    problems = Problems()
    node = loader.load_string(text, "f.yaml", problems)
    return node, [str(p) for p in problems.items]


def test_keeps_locations_and_source_text():
    node, problems = load("a: no\nb:\n  - 12:30\n  - '1.10'\n")
    assert problems == []
    assert isinstance(node, Map)
    key, value = node.items["a"]
    assert (key.loc.line, key.loc.col) == (1, 1)
    assert value == Scalar("no", value.loc, True, None)  # YAML 1.1 would make this False
    seq = node.items["b"][1]
    assert isinstance(seq, Seq)
    assert [item.text for item in seq.items] == ["12:30", "1.10"]
    assert seq.items[0].loc.line == 3


def test_duplicate_keys_report_both_lines():
    _, problems = load("title: A\nbody: x\ntitle: B\n")
    assert problems == ["f.yaml:3:1: duplicate key 'title' (first defined at line 1)"]


def test_aliases_and_anchors_are_rejected():
    _, problems = load("a: &x [1, 2]\nb: *x\n")
    assert problems == ["f.yaml:1:4: anchors (&x) are not allowed in content"]


def test_syntax_error_has_its_line():
    _, problems = load("a: [1, 2\nb: 3\n")
    assert len(problems) == 1 and problems[0].startswith("f.yaml:2:")
    assert "YAML syntax" in problems[0]


def test_tags_are_rejected():
    _, problems = load("a: !!python/object:os.system echo\n")
    assert problems == ["f.yaml:1:4: YAML tags are not allowed in content "
                        "(found tag:yaml.org,2002:python/object:os.system)"]


def test_block_scalar_indent_is_recorded():
    node, _ = load("body: |\n    para one\n    para two\n")
    assert node.items["body"][1].indent == 4


def test_non_utf8_and_empty_files(tmp_path):
    bad = tmp_path / "pack.yaml"
    bad.write_bytes(b"series: caf\xe9\n")
    problems = Problems()
    assert loader.read_yaml(bad, "pack.yaml", problems) is None
    assert [str(p) for p in problems.items] == ["pack.yaml:1:12: file is not valid UTF-8 (byte 0xe9)"]
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here\n")
    problems = Problems()
    loader.read_yaml(empty, "empty.yaml", problems)
    assert [str(p) for p in problems.items] == ["empty.yaml:1:1: file is empty (expected a mapping of fields)"]


def test_deep_nesting_is_an_error_not_a_crash():
    _, problems = load("a: " + "[" * 600 + "]" * 600 + "\n")
    assert problems and "nesting is too deep" in problems[0]


def errors_of(folder) -> list[str]:
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    return [str(p) for p in info.value.problems]


def test_validation_collects_every_problem(tmp_path):
    folder = write_pack(tmp_path / "c", groups="""groups:
  - id: Data Sharing
    number: one
    title: Data
    questions: []
  - id: disputes
    numbr: 2
    title: Disputes
    questions:
      - Why?
""")
    name = str(folder / "groups.yaml").replace(str(tmp_path), "")
    problems = [p.split("groups.yaml", 1)[1] for p in errors_of(folder) if name.split("/")[-1] in p]
    assert problems == [
        ":2:9: group id 'Data Sharing' is not a valid id (expected lower-case letters, digits and inner hyphens, "
        "at most 64 characters, e.g. 'access-to-justice')",
        ":3:13: group number must be a whole number from 1 to 999 or a letter from A to Z (found 'one')",
        ":5:16: working group 'Data Sharing' has no questions (expected at least one)",
        ":6:5: a working group has no 'number' (expected a 'number:' field)",
        ":7:5: unknown field 'numbr' in a working group (did you mean 'number'?)",
    ]


def test_missing_file_and_wrong_top_level_type(tmp_path):
    folder = write_pack(tmp_path / "c", notes="- just a list\n")
    (folder / "groups.yaml").unlink()
    problems = errors_of(folder)
    assert any(p.endswith("groups.yaml:1:1: cannot read the file (No such file or directory)") for p in problems)
    assert any(p.endswith("notes.yaml:1:1: the notes file must be a mapping of fields (expected notes; "
                          "found a list)") for p in problems)


def test_booleans_and_numbers_are_strict(tmp_path):
    folder = write_pack(tmp_path / "c", pack="""series: S
edition: 1st
theme: T
year: '2027'
language: en
documents:
  concept_note:
    questions_on_new_page: yes
""")
    problems = [p.split("pack.yaml", 1)[1] for p in errors_of(folder)]
    assert problems == [":4:7: year must be a whole number from 1900 to 2999 (found '2027')",
                        ":8:28: questions_on_new_page must be true or false (found 'yes')"]
