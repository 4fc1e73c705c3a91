#!/usr/bin/env python3
"""Write the Word files of tests/test_import_organisers.py into a folder, to open them in Word or LibreOffice.
The tests build the same files in code (tests/importhelpers.py's WordDoc writes the XML python-docx cannot:
endnotes, comments, tracked changes, language tags); nothing here is read by the tests.

usage: python tests/data/import-corpus/make_corpus.py OUT_FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.importhelpers import WordDoc, seed_docx  # noqa: E402
from tests.test_import_organisers import SAMPLES, french_note, rivers  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    seed_docx(out / "seed-bold-headings.docx", "bold")
    seed_docx(out / "seed-styled-bold-headings.docx", "styled-bold")
    french_note(out / "fr-note-conceptuelle.docx")
    rivers(out / "rivers-v1.docx")
    rivers(out / "rivers-v2-revised.docx", "Which data should be open first?", "Who pays?")
    for key, (title, dates, body, cross, group) in SAMPLES.items():
        doc = WordDoc(lang={"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}.get(key, key))
        doc.p(title, style="Title").p(dates).p(body).p(cross, style="Heading1").p("?", style="ListNumber")
        doc.p(group, style="Heading1").p("?", style="ListNumber")
        doc.save(out / f"{key}-concept-note.docx")
    agenda = WordDoc(reviewer="Kim Lee")
    agenda.p("3rd Forum on Rivers: Water Without Borders, 2027", style="Title")
    agenda.p("Programme", style="Heading1").p("The forum runs over two {-three -}{+two +}days.",
                                               comment=("Sam Park", "Check the days."))
    agenda.table([["Time", "Session"], ["09:00", "Opening"], ["10:00", "Working groups"]])
    agenda.p("Water is a shared good, and no country can manage it alone.", indent=1134)
    agenda.p("Working Group A – Data", bold=True).p("What data should be open?", style="ListNumber")
    agenda.save(out / "agenda-table-comments-changes.docx")
    print("wrote", ", ".join(sorted(p.name for p in out.glob("*.docx"))))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("corpus"))
