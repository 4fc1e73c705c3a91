"""The intermediate HTML of the small pack, compared with reviewed files in tests/golden/.

After an intended change: `pytest tests/test_golden.py --update-golden`, then review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.build import pipeline

GOLDEN = Path(__file__).parent / "golden"


def outputs(loaded):
    for spec in pipeline.plan(loaded):
        yield spec.name, pipeline.html_for(loaded, spec, stylesheet_urls=("styles/base.css",))


@pytest.mark.parametrize("name", ["concept-note", "handout-data-sharing", "handout-disputes", "endnotes"])
def test_html_matches_golden(small_loaded, update_golden, name, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = dict(outputs(small_loaded))[name]
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
