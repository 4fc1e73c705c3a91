"""The intermediate HTML of every document the small pack makes, compared with reviewed files in tests/golden/:
its own four, the participant documents of a copy with a roster, and what changed in an edited copy.

After an intended change: `pytest tests/test_golden.py --update-golden`, then review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.build import pipeline
from briefpack.kinds.builtin import builtin_registry

from .conftest import SMALL_CONTENT
from .revision_edits import SMALL_EDITS, edited_copy

GOLDEN = Path(__file__).parent / "golden"
ROSTER = ("name,organisation,country,group,role,email\n"
          "Zoë Adams,Water Board,UK,1,chair,zoe@example.org\n"
          "Ana Lima,Basin Office,Brazil,data-sharing,participant,\n"
          "Đặng Văn Minh,Mekong Commission,Viet Nam,1,rapporteur,\n"
          "Иван Петров,Moscow State University,Russia,disputes,observer,\n"
          "Omar Haddad,Jordan Valley Authority,Jordan,2,resource person,\n"
          "Li Wei,Yellow River Commission,China,disputes,participant,\n")
PACKS = {  # every document a pack makes: its own four, and those that need a roster or an earlier version
    "small": ["concept-note", "handout-data-sharing", "handout-disputes", "endnotes"],
    "roster": ["sign-in-data-sharing", "sign-in-disputes", "name-cards-data-sharing", "name-cards-disputes",
               "packing-list"],
    "edited": ["changes"],
}


@pytest.fixture(scope="module")
def packs(small_loaded, tmp_path_factory):
    """(loaded, options) per pack: every kind built by default, and on a copy edited, every kind made on request."""
    registry = builtin_registry()
    on_request = tuple(name for name in registry.names() if registry.made_on_request(name))
    roster = edited_copy(SMALL_CONTENT, tmp_path_factory.mktemp("golden") / "roster", {})
    (roster / "participants.csv").write_text(ROSTER, encoding="utf-8")
    edited = edited_copy(SMALL_CONTENT, tmp_path_factory.mktemp("golden") / "edited", SMALL_EDITS)
    found = {"small": (small_loaded, pipeline.Options())}
    for name, options in (("roster", pipeline.Options(content=roster, kinds=registry.built_by_default())),
                          ("edited", pipeline.Options(content=edited, kinds=on_request, since=str(SMALL_CONTENT)))):
        found[name] = (pipeline.load(options), options)
    return found


def outputs(loaded, options=None):
    for spec in pipeline.plan(loaded, options):
        yield spec.name, pipeline.html_for(loaded, spec, options, stylesheet_urls=("styles/base.css",))


def test_every_document_has_a_golden_file(packs):
    """A new kind, or a new document of one, gets its golden file here."""
    for pack, (loaded, options) in packs.items():
        assert [spec.name for spec in pipeline.plan(loaded, options)
                if spec.name not in sum(PACKS.values(), [])] == [], pack
    assert [spec.name for spec in pipeline.plan(*packs["roster"])] == PACKS["small"] + PACKS["roster"]
    assert [spec.name for spec in pipeline.plan(*packs["edited"])] == PACKS["edited"]


@pytest.mark.parametrize("pack, name", [(pack, name) for pack, names in PACKS.items() for name in names])
def test_html_matches_golden(packs, update_golden, pack, name, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = dict(outputs(*packs[pack]))[name]
    golden = GOLDEN / f"{name}.html"
    if update_golden:
        golden.write_text(html, encoding="utf-8")
    assert golden.exists(), f"no golden file: run pytest {__file__} --update-golden"
    assert html == golden.read_text(encoding="utf-8")


def test_golden_html_is_escaped_and_linked(small_loaded):
    html = dict(outputs(small_loaded))["concept-note"]
    assert '<a href="#note-2" id="call-2" role="doc-noteref">2</a>,<a href="#note-1" role="doc-noteref">1</a>' in html
    assert '<a href="https://example.org/treaties?id=1&amp;lang=en" class="url">' in html
    assert 'id="note-1"' in html and 'href="#call-1"' in html
