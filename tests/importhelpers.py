"""Helpers of the import tests: import into a temporary folder, load the result with the pack's own loader, and
compare packs by their text with citations replaced by note numbers (ids differ, numbers must not)."""

from __future__ import annotations

import re
from pathlib import Path

from briefpack import citations
from briefpack.importer import run
from briefpack.validate import load_pack

DATA = Path(__file__).parent / "data" / "import"


def import_to(source: Path, dest: Path, **kw):
    return run(source, dest, **kw)


def load(folder: Path):
    pack, problems, broken = load_pack(folder)
    numbering = citations.number_notes(pack)
    errors, warnings = citations.lint(pack, numbering, folder / "assets")
    return pack, numbering, problems.items + errors + warnings


def numbered(text: str, numbering) -> str:
    """Markdown with [^id] replaced by [N], whitespace collapsed within paragraphs (kept as ¶ between them):
    comparable across packs."""
    text = re.sub(r"\[\^([a-z0-9-]+)\]", lambda m: f"[{numbering.numbers.get(m.group(1), '?')}]", text)
    return " ¶ ".join(" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", text.strip()))


def outline(pack, numbering) -> list:
    """(depth, title, body texts) of every section, in reading order."""
    rows = []

    def walk(sections, depth):
        for section in sections:
            body = tuple(numbered(b.source, numbering) if hasattr(b, "source") else f"insert:{b.name}"
                         for b in section.body)
            rows.append((depth, section.title.source, body))
            walk(section.sections, depth + 1)
    walk(pack.sections, 1)
    return rows


def notes_by_number(pack, numbering) -> dict:
    return {numbering.numbers[n.id]: " ".join(n.text.source.split()) for n in pack.notes}
