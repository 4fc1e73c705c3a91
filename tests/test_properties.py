"""Property: whatever structure or scalar content holds, loading ends in a pack or in our own ContentError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefpack.build import pipeline
from briefpack.errors import ContentError

from .conftest import SMALL_CONTENT

FILES = ["pack", "concept-note", "groups", "notes", "questions"]
ORIGINAL = {name: yaml.safe_load((SMALL_CONTENT / f"{name}.yaml").read_text())
            for name in FILES if (SMALL_CONTENT / f"{name}.yaml").exists()}
ORIGINAL["questions"] = {"cross_cutting": {"title": "Q", "questions": ["Why?"]}}

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["no", "yes", "12:30", "1.10", "2024-02-30", "0000-00-00", "~", "[^treaty-db]", "<b>x</b>",
                     "![i](/etc/passwd)", "[l](javascript:x)", "data-sharing", "-", "", "&a", "*a", "!!str x"]),
)
structures = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.sampled_from(["id", "title", "body", "sections", "groups", "notes", "questions", "number",
                                     "series", "insert", "x"]) | st.text(max_size=8), children, max_size=4)),
    max_leaves=20)


def replace_at(data, path, value):
    """A copy of ``data`` with the node at ``path`` (a list of choices) replaced by ``value``."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    if isinstance(data, dict):
        keys = list(data)
        key = keys[path[0] % len(keys)]
        return {**data, key: replace_at(data[key], path[1:], value)}
    index = path[0] % len(data)
    return [*data[:index], replace_at(data[index], path[1:], value), *data[index + 1:]]


def attempt(files: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in files.items():
            (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        try:
            loaded = pipeline.load(pipeline.Options(content=folder))
        except ContentError as exc:
            assert exc.problems
            for problem in exc.problems:  # every problem points into a file of the pack, inside its lines
                path = Path(problem.loc.file)
                assert path.parent == folder and path.name in {f"{name}.yaml" for name in FILES} | {""}
                lines = (folder / path.name).read_text(encoding="utf-8", errors="replace").count("\n") + 2
                assert 1 <= problem.loc.line <= lines and problem.loc.col >= 1 and problem.message.strip()
            return
        options = pipeline.Options(content=folder)
        for spec in pipeline.plan(loaded, options):
            pipeline.html_for(loaded, spec, options)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.lists(st.integers(0, 50), max_size=6), structures)
def test_any_value_anywhere_loads_or_fails_cleanly(target, path, value):
    files = {name: dump(data) for name, data in ORIGINAL.items()}
    files[target] = dump(replace_at(ORIGINAL[target], path, value))
    attempt(files)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(FILES), st.text(max_size=200))
def test_any_text_as_a_file_loads_or_fails_cleanly(target, text):
    files = {name: dump(data) for name, data in ORIGINAL.items()}
    files[target] = text
    attempt(files)
