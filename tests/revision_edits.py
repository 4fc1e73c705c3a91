"""Twelve kinds of edit, made to a copy of the small pack and of the default pack, and what each should show.

Each edit is a text replacement in one content file; ``EXPECTED`` lists the (what, unit) entries the comparison
must report, and ``MARKERS`` a word each edit puts in changes.pdf exactly once."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

Edit = tuple[str, str, str]  # (file, old text, new text)

SMALL_EDITS: dict[str, list[Edit]] = {
    # not an edit: the same text written as a literal block, so that paragraphs can follow it
    "(block form)": [("concept-note.yaml", "body: The dialogue covers the [Mekong](https://example.org/mekong) and the "
                      "Danube.", "body: |\n          The dialogue covers the [Mekong](https://example.org/mekong) and "
                      "the Danube.")],
    "word changed": [("concept-note.yaml", "Two panels meet in parallel:", "Two panels meet in sequence:")],
    "paragraph added": [("concept-note.yaml", "and the Danube.",
                         "and the Danube.\n\n          Groundwater aquifers are covered as well.")],
    "paragraph removed": [("concept-note.yaml", "\n      See <https://example.org/a/very/long/path/that/should/wrap/"
                           "inside/the/margin/of/the/page/without/running/past/it/at/all.pdf>.\n", "")],
    "paragraph moved": [("concept-note.yaml", "      - Each panel reports back.\n", ""),
                        ("concept-note.yaml", "and the Danube.",
                         "and the Danube.\n\n          Each panel reports back.")],
    "section retitled": [("concept-note.yaml", "title: Scope", "title: Scope of the Dialogue")],
    "question reworded": [("groups.yaml", "Who pays for monitoring stations?", "Who funds the monitoring stations?")],
    "question added": [("groups.yaml", "When do commissions work?[^commission-study]",
                        "When do commissions work?[^commission-study]\n      - Which courts hear basin disputes?")],
    "question removed": [("groups.yaml", "      - Which data should basin states share?[^treaty-db]\n", "")],
    "group renamed": [("groups.yaml", "title: Dispute Settlement", "title: Settling Disputes")],
    "note added": [("notes.yaml", "notes:\n", "notes:\n  aquifer-atlas: Aquifer atlas of the basin (2025).\n"),
                   ("concept-note.yaml", "Rivers cross borders.[^basin-report]",
                    "Rivers cross borders.[^aquifer-atlas][^basin-report]")],
    "note text changed": [("notes.yaml", "*Rivers and Rules*", "*Rivers, Rules and Rights*")],
    "URL fixed": [("concept-note.yaml", "https://example.org/mekong)", "https://example.org/mekong-river)")],
}

SMALL_EXPECTED = Counter({
    ("changed", "section title"): 1,  # retitled
    ("changed", "paragraph"): 3,  # a word; the URL; the citation of the added note
    ("added", "paragraph"): 1,
    ("removed", "paragraph"): 1,
    ("moved", "paragraph"): 1,
    ("changed", "question"): 1,
    ("added", "question"): 1,
    ("removed", "question"): 1,
    ("changed", "group title"): 1,
    ("added", "note"): 1,
    ("changed", "note"): 1,
})

SMALL_MARKERS = ["sequence", "Groundwater", "wrap/inside", "reports back", "funds", "courts", "Which data",
                 "Settling", "Aquifer atlas", "Rights", "mekong-river"]

DEFAULT_EDITS: dict[str, list[Edit]] = {
    "word changed": [("concept-note.yaml", "fastest growing illegal enterprise",
                      "fastest growing criminal enterprise")],
    "section retitled": [("concept-note.yaml", "title: Introduction", "title: Opening Remarks")],
    "question reworded": [("questions.yaml", "how do we promote the", "how can we best promote the")],
    "question added": [("groups.yaml", "title: Preventive Measures\n    questions:\n",
                        "title: Preventive Measures\n    questions:\n      - Which quokka indicators matter most?\n")],
    "question removed": [("groups.yaml", """      - >-
        The media plays an important role in educating and informing society about trafficking; how can their
        influence and reach be made more effective?
""", "")],
    "group renamed": [("groups.yaml", "title: Preventive Measures", "title: Prevention and Awareness")],
    "note added": [("notes.yaml", "notes:\n", "notes:\n  zephyr-2015: Zephyr Institute, Trafficking Atlas (2015).\n"),
                   ("concept-note.yaml", "violations of human rights are both",
                    "violations[^zephyr-2015] of human rights are both")],
    "note text changed": [("notes.yaml", "Modern-Day Slavery: An Explainer", "Modern-Day Slavery: A Primer")],
    "URL fixed": [("notes.yaml", "WCMS_243201/lang--en/index.htm>", "WCMS_243201/lang--en/index.html>")],
}

DEFAULT_EXPECTED = Counter({
    ("changed", "section title"): 1,
    ("changed", "paragraph"): 2,  # a word; the citation of the added note
    ("added", "paragraph"): 1,
    ("removed", "paragraph"): 1,
    ("moved", "paragraph"): 1,
    ("changed", "question"): 1,
    ("added", "question"): 1,
    ("removed", "question"): 1,
    ("changed", "group title"): 1,
    ("added", "note"): 1,
    ("changed", "note"): 2,  # its text; its URL
})

DEFAULT_MARKERS = ["criminal", "Zanzibar", "quokka", "{+best+}", "educating", "Awareness", "Zephyr", "Primer",
                   "index.html", "Having a clear", "Participation in the 15th"]


def _paragraph(lines: list[str], first_words: str) -> tuple[int, int]:
    """(first, end) line indexes of the paragraph of a literal block that starts with ``first_words``."""
    first = next(i for i, line in enumerate(lines) if line.strip().startswith(first_words))
    indent = len(lines[first]) - len(lines[first].lstrip())
    end = first
    while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) == indent:
        end += 1
    return first, end


def _paragraph_edits(folder: Path) -> None:
    """Paragraph added, removed and moved in the default pack: whole paragraphs, found by their first words."""
    path = folder / "concept-note.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    first, end = _paragraph(lines, "Having a clear and suitable definition")
    del lines[first:end + 1]  # the paragraph and the blank line after it
    first, end = _paragraph(lines, "Participation in the 15^th^")
    moved = lines[first:end]
    del lines[first:end + 1]
    first, end = _paragraph(lines, "The 15^th^ Informal ASEM Seminar on Human Rights will")
    indent = lines[first][:len(lines[first]) - len(lines[first].lstrip())]
    lines[first:first] = [f"{indent}Zanzibar hosted a preparatory meeting on these questions.", "", *moved, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def edited_copy(source: Path, folder: Path, edits: dict[str, list[Edit]]) -> Path:
    """A copy of the pack in ``source`` with every edit made; each must apply exactly once."""
    shutil.copytree(source, folder)
    for name, steps in edits.items():
        for file, old, new in steps:
            path = folder / file
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, (name, old[:40])
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if edits is DEFAULT_EDITS:
        _paragraph_edits(folder)
    return folder
