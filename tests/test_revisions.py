"""The comparison of two versions (pure: snapshots from loaded packs, no PDF): units, word diffs, renumbering."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from briefpack.build import pipeline
from briefpack.revisions.comparison import compare, for_group
from briefpack.revisions.diff import Run, word_diff
from briefpack.revisions.snapshot import SnapshotError, from_bytes, snapshot, to_bytes
from briefpack.revisions.wording import renumbering_runs

from .conftest import DEFAULT_CONTENT, SMALL_CONTENT, write_pack
from .revision_edits import (
    DEFAULT_EDITS,
    DEFAULT_EXPECTED,
    SMALL_EDITS,
    SMALL_EXPECTED,
    edited_copy,
)


def snap(content):
    loaded = pipeline.load(pipeline.Options(content=content))
    return snapshot(loaded.pack, loaded.numbering)


@pytest.fixture(scope="module")
def small_snapshot():
    return snap(SMALL_CONTENT)


def test_an_unchanged_pack_has_no_changes(small_snapshot, default_loaded):
    assert compare(small_snapshot, small_snapshot).none
    default = snapshot(default_loaded.pack, default_loaded.numbering)
    assert compare(default, default).none


def test_snapshot_round_trips_and_is_compact_and_stable(small_snapshot, default_loaded):
    data = to_bytes(small_snapshot)
    assert from_bytes(data) == small_snapshot
    assert data == to_bytes(snap(SMALL_CONTENT))  # same pack, same bytes
    default = to_bytes(snapshot(default_loaded.pack, default_loaded.numbering))
    assert b"\n" not in default[:-1] and len(default) < 80_000  # one line; the pack's YAML is ~90 kB
    first = from_bytes(default).notes[0]
    assert (first.id, first.number) == ("ilo-2014-profits", 1)


@pytest.mark.parametrize("data", [b"", b"{}", b"[1]", b'{"format": "other"}', b"\xff\xfe",
                                  b'{"format": "briefpack-snapshot/1", "status": "final"}'])
def test_anything_else_is_not_a_snapshot(data):
    with pytest.raises(SnapshotError):
        from_bytes(data)


def test_small_pack_each_edit_reported_once(tmp_path, small_snapshot):
    edited = snap(edited_copy(SMALL_CONTENT, tmp_path / "edited", SMALL_EDITS))
    result = compare(small_snapshot, edited)
    assert Counter((c.what, c.unit) for c in result.changes) == SMALL_EXPECTED
    where = {(c.what, c.unit, c.where) for c in result.changes}
    assert ("moved", "paragraph", "Scope of the Dialogue, paragraph 2") in where
    assert ("changed", "question", "Panel 1, question 1") in where
    assert ("added", "question", "Panel 2, question 2") in where
    assert ("changed", "group title", "Panel 2") in where
    moved = next(c for c in result.changes if c.what == "moved")
    assert moved.was == "Format, paragraph 2"
    # the added note is first: every other note moves up by one, reported once each as a renumbering
    assert [(r.note, r.old, r.new) for r in result.renumbered] == [
        ("basin-report", 1, 2), ("treaty-db", 2, 3), ("commission-study", 3, 4)]
    assert renumbering_runs(result.renumbered) == ["notes 1–3 are now notes 2–4"]


def test_default_pack_each_edit_reported_once(tmp_path, default_loaded):
    old = snapshot(default_loaded.pack, default_loaded.numbering)
    result = compare(old, snap(edited_copy(DEFAULT_CONTENT, tmp_path / "edited", DEFAULT_EDITS)))
    assert Counter((c.what, c.unit) for c in result.changes) == DEFAULT_EXPECTED
    assert not any(c.unit == "note" and c.what == "changed" and c.where == "note 6" for c in result.changes)
    assert len(result.renumbered) == 62  # every note after the new one, none of them a "changed note"
    assert renumbering_runs(result.renumbered) == ["notes 5–66 are now notes 6–67"]
    retitled = next(c for c in result.changes if c.unit == "section title")
    assert retitled.runs == (Run("-", "Introduction"), Run("+", "Opening Remarks"))
    url = next(c for c in result.changes if c.unit == "note" and c.where == "note 1")
    ilo = "http://www.ilo.org/global/about-the-ilo/newsroom/news/WCMS_243201/lang--en/index.htm"
    assert url.runs[1:] == (Run("-", ilo), Run("+", ilo + "l"))


def test_word_diff_marks_insertions_and_deletions():
    assert word_diff("who pays for the stations", "who funds the stations") == (
        Run("=", "who"), Run("-", "pays for"), Run("+", "funds"), Run("=", "the stations"))
    # a citation is a word of its own: citing one more note inserts just that
    assert word_diff("borders.[^a] Treaties", "borders.[^new][^a] Treaties") == (
        Run("=", "borders."), Run("+", "[^new]"), Run("=", "[^a] Treaties"))


def test_layout_and_wrapping_are_no_change(tmp_path, small_snapshot):
    source = (SMALL_CONTENT / "pack.yaml").read_text()
    pack = source.replace("notes_lines: 4", "notes_lines: 9") + "  concept_note: {questions_on_new_page: false}\n"
    notes = (SMALL_CONTENT / "notes.yaml").read_text().replace(
        "A study of river commissions, see\n    [the summary]", "A study of river\n    commissions, see [the summary]")
    assert notes != (SMALL_CONTENT / "notes.yaml").read_text()
    folder = write_pack(tmp_path / "relaid", pack=pack.replace("documents:\n", "documents:\n", 1), notes=notes)
    assert compare(small_snapshot, snap(folder)).none


def test_one_group_sees_only_what_its_handout_shows(tmp_path, small_snapshot):
    edited = snap(edited_copy(SMALL_CONTENT, tmp_path / "edited", SMALL_EDITS))
    result = compare(small_snapshot, edited)
    disputes = for_group(result, "disputes", {"basin-report", "commission-study"})
    assert sorted((c.what, c.unit, c.where) for c in disputes.changes) == [
        ("added", "question", "Panel 2, question 2"), ("changed", "group title", "Panel 2"),
        ("changed", "note", "note 2")]
    assert {r.note for r in disputes.renumbered} == {"basin-report", "commission-study"}
    sharing = for_group(result, "data-sharing", {"basin-report", "treaty-db"})
    assert ("removed", "question") in {(c.what, c.unit) for c in sharing.changes}


def test_cross_cutting_title_and_handout_introduction_are_units_too(tmp_path, default_loaded):
    old = snapshot(default_loaded.pack, default_loaded.numbering)
    folder = tmp_path / "edited"
    shutil.copytree(DEFAULT_CONTENT, folder)
    for name, before, after in (("questions.yaml", "title: Cross-cutting Questions", "title: Questions for All"),
                                ("pack.yaml", "In addition to the guiding questions", "Besides the guiding questions")):
        path = folder / name
        path.write_text(path.read_text().replace(before, after, 1))
    result = compare(old, snap(folder))
    assert [(c.what, c.unit, c.where) for c in result.changes] == [
        ("changed", "questions title", "Questions for All"),
        ("changed", "introduction paragraph", "handout introduction, paragraph 1")]
    assert for_group(result, "justice", set()).changes == result.changes[1:]
