"""content/texts.py: the one iterator over every text of a pack. Walking the model's dataclass fields finds every
Text a pack holds; each must be yielded, once. A text field added to the model and not to the iterator fails here,
and so does one that no test pack fills (the walk would have nothing to find)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefpack.content.model import Pack, Text
from briefpack.content.read_pack import load_pack
from briefpack.content.texts import Place, Role, texts
from briefpack.kinds.builtin import builtin_registry
from briefpack.revisions.change import unit_of
from briefpack.text.numbering import citation_place

TESTS = Path(__file__).parent
PACKS = [TESTS.parent / "content", TESTS / "data" / "small-pack",
         *sorted(p for p in (TESTS / "data" / "languages").iterdir() if p.is_dir())]


@pytest.fixture(scope="module")
def packs() -> dict[str, Pack]:
    loaded = {}
    for folder in PACKS:
        pack, problems, _ = load_pack(folder, builtin_registry().pack_fields())
        assert not problems.items, (folder, problems.items)
        loaded[folder.name] = pack
    return loaded


def reachable(value: object, holder: str = "Pack") -> Iterator[tuple[str, Text]]:
    """(the dataclass field holding it, "Group.questions") for every Text reachable from ``value``."""
    if isinstance(value, Text):
        yield holder, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from reachable(getattr(value, f.name), f"{type(value).__name__}.{f.name}")
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from reachable(item, holder)
    elif isinstance(value, dict):
        for item in value.values():
            yield from reachable(item, holder)


def text_fields(cls: type = Pack, seen: set[type] | None = None) -> set[str]:
    """Every dataclass field, reachable from Pack by its type, whose type can hold a Text: "Section.title"."""
    seen = set() if seen is None else seen
    seen.add(cls)
    found = set()
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        for inner in _types_in(hints[f.name]):
            if inner is Text:
                found.add(f"{cls.__name__}.{f.name}")
            elif dataclasses.is_dataclass(inner) and inner not in seen:
                found |= text_fields(inner, seen)
    return found


def _types_in(hint: object) -> Iterator[object]:
    """The classes a type hint names: ``tuple[Text | Insert, ...]`` -> Text, Insert."""
    if isinstance(hint, type) and not typing.get_args(hint):
        yield hint
    for arg in typing.get_args(hint):
        if arg is not Ellipsis:
            yield from _types_in(arg)


def test_the_test_packs_fill_every_text_field(packs):
    """Otherwise the next test could not see a field the iterator forgets."""
    filled = {holder for pack in packs.values() for holder, _ in reachable(pack)}
    assert text_fields() - filled == set(), "no test pack has a text there: give one of them one"


@pytest.mark.parametrize("name", [p.name for p in PACKS])
def test_every_text_of_the_pack_is_yielded_once(packs, name):
    pack = packs[name]
    yielded = [text for text, _ in texts(pack, meta=True)]
    assert len({id(t) for t in yielded}) == len(yielded), "a text yielded twice"
    missing = sorted({holder for holder, text in reachable(pack) if all(text is not t for t in yielded)})
    assert missing == [], "texts the iterator does not yield"
    assert {id(t) for t in yielded} <= {id(t) for _, t in reachable(pack)}


@pytest.mark.parametrize("name", [p.name for p in PACKS])
def test_each_place_is_one_text(packs, name):
    places = [place for _, place in texts(packs[name], meta=True)]
    assert len(set(places)) == len(places)


def test_reading_order(packs):
    """Sections (title, then body), cross-cutting questions, groups, the handouts' introduction, notes, meta."""
    pack = packs["content"]
    places = [place for _, place in texts(pack, meta=True)]
    order = ["section title", "questions title", "cross-cutting question", "group title", "handout intro", "note",
             "meta"]
    ranks = [order.index("section title" if p.role == "paragraph" else
                         "group title" if p.role == "group question" else p.role) for p in places]
    assert ranks == sorted(ranks)
    assert [p.owner for p in places if p.role == "section title"] == [s.id for s in pack.all_sections()]
    assert places[:3] == [Place("section title", "introduction"), Place("paragraph", "introduction", 1),
                          Place("section title", "background")]
    assert [t for t, p in texts(pack)] == [t for t, p in texts(pack, meta=True) if p.role != "meta"]


def test_describe_names_the_holder(packs):
    pack = packs["small-pack"]
    numbers = {note.id: i for i, note in enumerate(pack.notes, 1)}
    described = {place.role: place.describe(pack, numbers) for _, place in texts(pack, meta=True)}
    assert described["group question"].startswith("working group ")
    assert described["note"] == f"note {len(pack.notes)} ({pack.notes[-1].id})"
    assert described["meta"] == "pack.yaml 'short_title'"


@pytest.mark.parametrize("role", typing.get_args(Role))
def test_every_role_is_decided_by_its_readers(role):
    """mypy checks these matches are exhaustive; this checks they run."""
    unit_of(role)
    citation_place(Place(role, "x", 1))
