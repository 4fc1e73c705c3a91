"""A corpus of broken packs: each case replaces files of the small pack and expects these exact messages.

Paths in messages are shortened to the file name; everything after it is compared exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.build import pipeline
from briefpack.errors import ContentError

from .conftest import SMALL_CONTENT

PACK = (SMALL_CONTENT / "pack.yaml").read_text()
CONCEPT = (SMALL_CONTENT / "concept-note.yaml").read_text()
GROUPS = (SMALL_CONTENT / "groups.yaml").read_text()
NOTES = (SMALL_CONTENT / "notes.yaml").read_text()
BASE = "series: S\nedition: 1st\ntheme: T\nyear: 2027\nlanguage: en\n"
ALL_CITED = "[^basin-report][^treaty-db][^commission-study]"
SECTION = f"sections:\n  - id: purpose\n    title: Purpose\n    body: |\n      Text{ALL_CITED}.\n"


def section(body: str) -> str:
    """A concept note whose only body line 5 is ``body`` (col 7), citing every note on line 6."""
    return f"sections:\n  - id: purpose\n    title: Purpose\n    body: |\n      {body}\n      {ALL_CITED}\n"


CASES = {
    # --- the seminar's dates ---
    "dates backwards": ({"pack": BASE + "dates: {start: 2027-05-14, end: 2027-05-12}\n"},
                        ["pack.yaml:6:33: dates.end 2027-05-12 is before dates.start 2027-05-14 (expected the last "
                         "day, on or after the first)"]),
    "dates in another year": ({"pack": BASE + "dates: {start: 2014-05-12, end: 2014-05-14}\n"},
                              ["pack.yaml:6:16: dates.start 2014-05-12 is not in the seminar's year 2027 (expected "
                               "a day of 2027, or the year corrected)"]),
    "unknown edition": ({"pack": BASE + "editions: [screen, poster]\n"},
                        ["pack.yaml:6:20: unknown edition 'poster' (expected one of: screen, print, web)"]),
    "edition twice": ({"pack": BASE + "editions: [web, web]\n"},
                      ["pack.yaml:6:17: edition 'web' is listed twice (expected each once)"]),
    "dates without end": ({"pack": BASE + "dates: {start: 2027-05-14}\n"},
                          ["pack.yaml:6:8: dates has no 'end' (expected a 'end:' field)"]),
    # --- reading YAML ---
    "duplicate key": ({"pack": BASE + "theme: Again\n"},
                      ["pack.yaml:6:1: duplicate key 'theme' (first defined at line 3)"]),
    "alias": ({"pack": BASE + "host: *h\n"}, ["pack.yaml:6:7: aliases (*name) are not allowed in content"]),
    "anchor": ({"pack": BASE + "host: &h Bern\n"}, ["pack.yaml:6:7: anchors (&h) are not allowed in content"]),
    "unclosed quote": ({"pack": BASE + "host: 'Bern\n"},
                       ["pack.yaml:7:1: YAML syntax: found unexpected end of stream (while scanning a quoted "
                        "scalar)"]),
    "tab indentation": ({"pack": BASE + "labels:\n\tpage: Seite\n"},
                        ["pack.yaml:7:1: YAML syntax: found character '\\t' that cannot start any token (while "
                         "scanning for the next token)"]),
    "explicit tag": ({"pack": BASE + "host: !!binary aGVsbG8=\n"},
                     ["pack.yaml:6:7: YAML tags are not allowed in content (found tag:yaml.org,2002:binary)"]),
    "empty file": ({"notes": ""}, ["notes.yaml:1:1: file is empty (expected a mapping of fields)"]),
    "only comments": ({"notes": "# notes go here\n"}, ["notes.yaml:1:1: file is empty (expected a mapping of fields)"]),
    "top-level list": ({"pack": "- series: S\n"},
                       ["pack.yaml:1:1: the pack must be a mapping of fields (expected series, edition, theme, "
                        "year, language; found a list)"]),
    "nesting too deep": ({"notes": "notes:\n  a: " + "[" * 40 + "]" * 40 + "\n"},
                         ["notes.yaml:2:37: nesting is too deep (expected at most 32 levels)",
                          "notes.yaml:2:6: note 'a' must be text (found a list)"]),
    "non-UTF-8": ({"pack": BASE.encode() + b"host: Z\xfcrich\n"},
                  ["pack.yaml:6:8: file is not valid UTF-8 (byte 0xfc)"]),
    "control character": ({"pack": BASE + "host: Bern\x1b\n"},
                          ["pack.yaml:6:11: character U+001B is not allowed in YAML (expected printable text)"]),
    "oversized": ({"notes": "notes:\n" + "# padding\n" * 880_000},
                  ["notes.yaml:1:1: file is too large (expected at most 8192 KiB, found 8593 KiB)"]),
    # --- the pack file ---
    "missing field": ({"pack": "edition: 1st\ntheme: T\nyear: 2027\nlanguage: en\n"},
                      ["pack.yaml:1:1: the pack has no 'series' (expected a 'series:' field)"]),
    "unknown field": ({"pack": BASE + "thme: T\n"},
                      ["pack.yaml:6:1: unknown field 'thme' in the pack (did you mean 'theme'?)"]),
    "year as words": ({"pack": BASE.replace("2027", "twenty") },
                      ["pack.yaml:4:7: year must be a whole number from 1900 to 2999 (found 'twenty')"]),
    "yes is not a boolean": ({"pack": BASE + "documents:\n  concept_note:\n    questions_on_new_page: yes\n"},
                             ["pack.yaml:8:28: questions_on_new_page must be true or false (found 'yes')"]),
    "language tag": ({"pack": BASE.replace("language: en", "language: English (UK)")},
                     ["pack.yaml:5:11: language 'English (UK)' is not a language tag (expected a BCP 47 language "
                      "tag such as 'en-GB', 'fr', 'zh-Hans', 'ar')"]),
    "impossible date": ({"pack": BASE + "date: 2015-02-30\n"},
                        ["pack.yaml:6:7: date is not a valid date (expected YYYY-MM-DD, e.g. 2015-06-02; found "
                         "'2015-02-30')"]),
    "time is not a date": ({"pack": BASE + "date: 12:30\n"},
                           ["pack.yaml:6:7: date is not a valid date (expected YYYY-MM-DD, e.g. 2015-06-02; found "
                            "'12:30')"]),
    "notes_lines out of range": ({"pack": BASE + "documents:\n  handouts:\n    notes_lines: 99\n"},
                                 ["pack.yaml:8:18: notes_lines must be a whole number from 0 to 60 (found '99')"]),
    "unknown label": ({"pack": BASE + "labels:\n  pgae: Seite\n"},
                      ["pack.yaml:7:3: unknown field 'pgae' in labels (did you mean 'page'?)"]),
    "title is a mapping": ({"pack": BASE.replace("theme: T", "theme: {a: b}")},
                           ["pack.yaml:3:8: theme must be text (found a mapping)"]),
    # --- the concept note ---
    "section id": ({"concept_note": SECTION.replace("id: purpose", "id: Purpose!")},
                   ["concept-note.yaml:2:9: section id 'Purpose!' is not a valid id (expected lower-case letters, "
                    "digits and inner hyphens, at most 64 characters, e.g. 'access-to-justice')"]),
    "duplicate section id": ({"concept_note": SECTION + "  - id: purpose\n    title: Again\n    body: x\n"},
                             ["concept-note.yaml:6:9: duplicate section id 'purpose' (first used at line 2)"]),
    "empty section": ({"concept_note": SECTION + "  - id: empty\n    title: Empty\n"},
                      ["concept-note.yaml:6:5: section 'empty' has no body and no sections (expected at least "
                       "one)"]),
    "unknown insert": ({"concept_note": SECTION + "  - id: f\n    title: F\n    body:\n      - insert: groups\n"},
                       ["concept-note.yaml:9:17: unknown generated block 'groups' (did you mean "
                        "'working-groups'?)"]),
    "sections too deep": ({"concept_note": SECTION + "    sections:\n      - id: b\n        title: B\n"
                           "        sections:\n          - id: c\n            title: C\n            sections:\n"
                           "              - id: d\n                title: D\n                body: x\n"},
                          ["concept-note.yaml:13:15: sections nest too deep (expected at most 3 levels)"]),
    # --- groups ---
    "duplicate group id": ({"groups": GROUPS.replace("id: disputes", "id: data-sharing")},
                           ["groups.yaml:8:9: duplicate group id 'data-sharing' (first used at line 2)"]),
    "duplicate group number": ({"groups": GROUPS.replace("number: 2", "number: 1")},
                               ["groups.yaml:9:13: duplicate group number '1' (first used at line 3)"]),
    "group without questions": ({"groups": GROUPS.replace(
        "    questions:\n      - When do commissions work?[^commission-study]\n", "    questions: []\n")
        .replace("work?", "") + ""},
        ["groups.yaml:11:16: working group 'disputes' has no questions (expected at least one)"]),
    "group number zero": ({"groups": GROUPS.replace("number: 2", "number: 0")},
                          ["groups.yaml:9:13: group number must be a whole number from 1 to 999 or a letter from A "
                           "to Z (found '0')"]),
    "groups not a list": ({"groups": "groups: data-sharing\n"},
                          ["groups.yaml:1:9: groups must be a list (expected '- ' items, found 'data-sharing')"]),
    # --- notes ---
    "empty note": ({"notes": NOTES.replace("Treaty database, <https://example.org/treaties?id=1&lang=en>", "''")},
                   ["notes.yaml:2:14: note 'treaty-db' is empty (expected some text)"]),
    "note id with space": ({"notes": NOTES + "  bad id: Text.\n"},
                           ["notes.yaml:7:3: note id 'bad id' is not a valid id (expected lower-case letters, "
                            "digits and inner hyphens, at most 64 characters, e.g. 'access-to-justice')"]),
    "note is a list": ({"notes": NOTES.replace("  treaty-db: Treaty", "  treaty-db:\n    - Treaty")},
                       ["notes.yaml:3:5: note 'treaty-db' must be text (found a list)"]),
    "notes not a mapping": ({"notes": "notes: [a, b]\n"},
                            ["notes.yaml:1:8: notes must be a mapping of note id to text (found a list)"]),
    # --- citations and Markdown ---
    "unknown citation": ({"concept_note": CONCEPT.replace("[^treaty-db][^basin-report]", "[^treaty-bd]")},
                         ["concept-note.yaml:5:63: citation of unknown note 'treaty-bd' (did you mean "
                          "'treaty-db'?)"]),
    "uncited note": ({"notes": NOTES + "  orphan: Nobody cites me.\n"},
                     ["notes.yaml:7:3: note 'orphan' is cited nowhere (expected a [^orphan] citation in the concept "
                      "note or the questions)"]),
    "inline HTML": ({"concept_note": section("Rivers <b>cross</b> borders.")},
                    ["concept-note.yaml:5:14: raw HTML is not allowed in content (found '<b>'; write Markdown, or "
                     "build with --html-as-text)",
                     "concept-note.yaml:5:22: raw HTML is not allowed in content (found '</b>'; write Markdown, "
                     "or build with --html-as-text)"]),
    "HTML block": ({"concept_note": section("<script>alert(1)</script>\n")},
                   ["concept-note.yaml:5:7: raw HTML is not allowed in content (found '<script>alert(1)</script>'; "
                    "write Markdown, or build with --html-as-text)"]),
    "javascript link": ({"concept_note": section("[click](javascript:alert(1))")},
                        ["concept-note.yaml:5:15: link to 'javascript:alert(1)' is not allowed (expected an "
                         "http://, https:// or mailto: address)"]),
    "file link": ({"notes": NOTES.replace("<https://example.org/treaties?id=1&lang=en>", "<file:///etc/passwd>")},
                  ["notes.yaml:2:32: link to 'file:///etc/passwd' is not allowed (expected an http://, https:// "
                   "or mailto: address)"]),
    "relative link": ({"concept_note": section("[the annex](annex.pdf)")},
                      ["concept-note.yaml:5:19: link to 'annex.pdf' is not allowed (expected an http://, https:// "
                       "or mailto: address)"]),
    "image outside assets": ({"concept_note": section("![map](../../../etc/passwd)")},
                             ["concept-note.yaml:5:14: image '../../../etc/passwd' is not allowed (expected a path "
                              "inside the pack's assets/ folder, e.g. 'maps/region.png')"]),
    "image by absolute path": ({"concept_note": section("![map](file:///etc/passwd)")},
                               ["concept-note.yaml:5:14: image 'file:///etc/passwd' is not allowed (expected a "
                                "path inside the pack's assets/ folder, e.g. 'maps/region.png')"]),
    "missing image": ({"concept_note": section("![map](maps/basin.png)")},
                      ["concept-note.yaml:5:14: image 'maps/basin.png' not found in assets/ (expected a path "
                       "inside the pack's assets/ folder, e.g. 'maps/region.png')"]),
    "note cites a note": ({"notes": NOTES.replace("*Rivers and Rules*.", "*Rivers and Rules*.[^treaty-db]")},
                          ["notes.yaml:3:57: a note cannot cite another note (expected plain text and links)"]),
}


def write_case(folder: Path, files: dict) -> Path:
    folder.mkdir()
    originals = {"pack": PACK, "concept_note": CONCEPT, "groups": GROUPS, "notes": NOTES}
    for stem, text in {**originals, **files}.items():
        path = folder / f"{stem.replace('_', '-')}.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


@pytest.mark.parametrize("case", list(CASES))
def test_broken_pack_reports_exactly(tmp_path, case):
    files, expected = CASES[case]
    folder = write_case(tmp_path / "pack", files)
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    got = [str(p).replace(str(folder) + "/", "") for p in info.value.problems]
    assert sorted(got) == sorted(expected)


def test_every_case_of_the_corpus_is_broken_its_own_way():
    """Thirty and more broken packs, none a copy of another, each expecting at least one problem."""
    inputs = [tuple(sorted(files.items())) for files, _ in CASES.values()]
    assert len(inputs) >= 30 and len(set(inputs)) == len(inputs)
    assert all(expected for _, expected in CASES.values())


def test_missing_content_folder(tmp_path):
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=tmp_path / "nowhere"))
    assert str(info.value.problems[0]).endswith("nowhere:1:1: content folder not found (expected a folder with "
                                                "pack.yaml, concept-note.yaml, questions.yaml, groups.yaml, "
                                                "notes.yaml)")


def test_html_as_text_prints_html_literally(tmp_path):
    folder = write_case(tmp_path / "pack", {"concept_note": section("Rivers <b>cross</b> borders.")})
    loaded = pipeline.load(pipeline.Options(content=folder, html_as_text=True))
    spec = pipeline.plan(loaded, pipeline.Options(kinds=("concept-note",)))[0]
    html = pipeline.html_for(loaded, spec)
    assert "Rivers &lt;b&gt;cross&lt;/b&gt; borders." in html


def test_authoring_slips_get_messages_that_say_what_to_do(tmp_path):
    concept = """sections:
  - id: purpose
    title: Purpose
    body: |
      Rivers cross borders.[^Basin-Report] Treaties lag behind[^treaty-db][^commission-study].

      ### Cross-cutting questions

      [^zz]: a note written here
"""
    groups = GROUPS.replace("When do commissions work?", "Which data: and who shares it?")
    folder = write_case(tmp_path / "pack", {"concept_note": concept, "groups": groups})
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    got = [str(p).replace(str(folder) + "/", "") for p in info.value.problems]
    assert "concept-note.yaml:5:28: citation of unknown note 'Basin-Report' (did you mean 'basin-report'?)" in got
    assert ("concept-note.yaml:7:7: a heading is not allowed inside a text (found '### Cross-cutting questions'; "
            "a heading starts a section: add an item with an id and a title to `sections:` in concept-note.yaml)"
            ) in got
    assert ("concept-note.yaml:9:7: a note cannot be defined inside a text (found '[^zz]:'; write it in notes.yaml "
            "as `zz: text` under `notes:`, and cite it here as [^zz])") in got
    assert not any("unknown note 'zz'" in line for line in got)  # said once, by the message above
    assert any(line.endswith("question must be text (found a mapping; a ': ' inside unquoted text makes YAML read "
                             "a key and a value: put the whole text in quotes, e.g. \"Who acts: and how?\")")
               for line in got)


def test_groups_may_be_lettered(tmp_path):
    groups = GROUPS.replace("number: 1", "number: A").replace("number: 2", "number: b")
    folder = write_case(tmp_path / "pack", {"groups": groups})
    loaded = pipeline.load(pipeline.Options(content=folder))
    assert [(g.label, g.number) for g in loaded.pack.groups] == [("A", 1), ("B", 2)]
    spec = pipeline.plan(loaded, pipeline.Options(kinds=("handout",)))[0]
    assert "Panel A</span>" in pipeline.html_for(loaded, spec)  # the small pack calls its groups panels
