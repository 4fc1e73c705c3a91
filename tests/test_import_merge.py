"""Re-import's merge, item by item: sections, groups and notes by id, each with its comments; inside an item,
line by line (briefpack/importer/merge.py)."""

from __future__ import annotations

from briefpack.importer.merge import merge_file

HEAD = "# yaml-language-server: $schema=.schemas/notes.schema.json\n# Notes, keyed by an id.\nnotes:\n"


def note(key: str, text: str, source: int) -> str:
    return f"  # endnote {source}\n  {key}: >-\n    {text}\n"


def lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def merged(base: str, mine: str, new: str, settle=None):
    out, conflicts = merge_file(lines(base), lines(mine), lines(new), settle)
    return "".join(out), conflicts


def test_notes_added_on_both_sides_and_renumbered_by_the_source_all_arrive():
    base = HEAD + note("ilo-2014", "ILO (2014).", 1) + note("kelly-2013", "Kelly (2013).", 2)
    mine = HEAD + note("ilo-2014", "ILO (2014), p. 4.", 1) + note("kelly-2013", "Kelly (2013).", 2) \
        + note("mine-2020", "My own note.", 3)
    new = HEAD + note("unodc-2012", "UNODC (2012).", 1) + note("ilo-2014", "ILO (2014).", 2) \
        + note("kelly-2013", "Kelly (2013), revised.", 3)
    text, conflicts = merged(base, mine, new)
    assert conflicts == []
    assert text == HEAD + note("unodc-2012", "UNODC (2012).", 1) + note("ilo-2014", "ILO (2014), p. 4.", 2) \
        + note("kelly-2013", "Kelly (2013), revised.", 3) + note("mine-2020", "My own note.", 3)


SECTIONS = "sections:\n"


def section(key: str, title: str, body: str) -> str:
    return f"  # from v.docx paragraph 1\n  - id: {key}\n    title: {title}\n    body: |\n      {body}\n"


def test_sections_the_source_reordered_keep_your_edit_inside_one_of_them():
    a, b, c = (section("a", "A", "Alpha."), section("b", "B", "Beta."), section("c", "C", "Gamma."))
    mine_b = section("b", "B", "Beta, edited by hand.")
    text, conflicts = merged(SECTIONS + a + b + c, SECTIONS + a + mine_b + c, SECTIONS + c + a + b)
    assert conflicts == []
    assert text == SECTIONS + c + a + mine_b  # the source's order, your words
    # line by line, the same edits clash: the moved block and the edited line overlap
    from briefpack.importer.merge import merge3

    assert merge3(lines(SECTIONS + a + b + c), lines(SECTIONS + a + mine_b + c), lines(SECTIONS + c + a + b))[1]


def test_an_item_you_edited_that_the_source_removed_is_a_conflict_at_its_line():
    a, b = section("a", "A", "Alpha."), section("b", "B", "Beta.")
    mine = SECTIONS + a + section("b", "B", "Beta, edited.")
    text, conflicts = merged(SECTIONS + a + b, mine, SECTIONS + a)
    [conflict] = conflicts
    assert lines(mine)[conflict.line - 1].strip() == "# from v.docx paragraph 1" and conflict.line == 7
    assert "Beta, edited." in text  # kept until settled
    assert "Beta" not in merged(SECTIONS + a + b, mine, SECTIONS + a, settle="new")[0]
    # removed by the source and untouched by you: gone, no conflict
    assert merged(SECTIONS + a + b, SECTIONS + a + b, SECTIONS + a) == (SECTIONS + a, [])


def test_a_clash_inside_one_item_is_reported_at_your_line():
    base = HEAD + note("ilo-2014", "ILO (2014).", 1) + note("kelly-2013", "Kelly (2013).", 2)
    mine = HEAD + note("ilo-2014", "ILO (2014).", 1) + note("kelly-2013", "Kelly (2013), mine.", 2)
    new = HEAD + note("ilo-2014", "ILO (2014).", 1) + note("kelly-2013", "Kelly (2013), theirs.", 2)
    _, [conflict] = merged(base, mine, new)
    assert lines(mine)[conflict.line - 1].strip() == "Kelly (2013), mine."
    assert conflict.mine == ("    Kelly (2013), mine.\n",) and conflict.new == ("    Kelly (2013), theirs.\n",)


def test_a_list_without_ids_is_merged_line_by_line():
    base = "questions:\n  - >-\n    One?\n  - >-\n    Two?\n"
    mine = "questions:\n  - >-\n    One, mine?\n  - >-\n    Two?\n"
    new = "questions:\n  - >-\n    One?\n  - >-\n    Two?\n  - >-\n    Three?\n"
    assert merged(base, mine, new) == ("questions:\n  - >-\n    One, mine?\n  - >-\n    Two?\n  - >-\n    Three?\n",
                                       [])
