"""The fixed sets of names, declared once as Literals, stay in step with the objects and readers that use them."""

from __future__ import annotations

import json

import pytest

from briefpack.content.vocabulary import EDITION_NAMES, is_edition_name
from briefpack.kinds.editions import ALL_EDITIONS, EDITIONS, WEB
from briefpack.linkcheck.checker import Result
from briefpack.output import manifest, out_dir


def test_edition_names_are_the_editions():
    assert EDITION_NAMES == ALL_EDITIONS == (*EDITIONS, "web")  # the PDF editions, then the web edition
    assert all(is_edition_name(name) for name in ALL_EDITIONS)
    assert not is_edition_name("both")


def test_file_kinds_are_those_the_output_folder_places():
    from briefpack.kinds import envelopes

    declared_elsewhere = {envelopes.LIST_KIND, envelopes.COUNTS_KIND} | set(WEB.shapes())  # by a kind, the web edition
    assert set(manifest.FILE_KINDS) | declared_elsewhere == set(out_dir._shapes())
    assert set(manifest.ENTRY_EDITIONS) == set(out_dir.EDITIONS)


def _manifest(edition: str) -> bytes:
    entry = {"path": "handout.pdf", "kind": "handout", "group": None, "edition": edition, "pages": 2, "sha256": "0"}
    return json.dumps({"outputs": [entry]}).encode()


def test_an_unknown_edition_is_kept_for_the_output_folder_to_distrust():
    [known] = manifest.parse(_manifest("print"))
    [unknown] = manifest.parse(_manifest("poster"))
    assert known.edition == "print" and unknown.edition == "poster"
    assert manifest.parse(manifest.to_bytes([known, unknown])) == [known, unknown]


def test_a_cached_link_result_reads_back_and_refuses_what_it_did_not_write():
    result = Result("https://example.org/", "redirected", "301", 200, ((301, "https://example.org/a"),), "GET")
    assert Result.from_json(json.loads(json.dumps(result.to_json()))) == result
    for broken in ({**result.to_json(), "extra": 1}, {**result.to_json(), "status": "200"},
                   {**result.to_json(), "outcome": None}, {"url": "https://example.org/"}):
        with pytest.raises(TypeError):
            Result.from_json(broken)
