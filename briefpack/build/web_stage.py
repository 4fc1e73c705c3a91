"""The web edition's stage: its files made from the loaded pack (web/), with copies of this build's PDFs of the
documents it shows, staged into web/ beside the PDFs and listed in the manifest (edition "web")."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..kinds.editions import EDITIONS, WEB
from ..output import transaction
from ..output.manifest import OutputRecord
from ..web.site import PdfCopy, site_files
from .options import Options

if TYPE_CHECKING:
    from ..output.transaction import Staged
    from ..text.prepared import Loaded


def _pdf_copies(options: Options, records: list[OutputRecord], staged: list[Staged]) -> list[PdfCopy]:
    """This build's PDFs of the kinds the web edition shows (not booklets): as staged, or as kept in the folder."""
    shown = {kind.name for kind in options.registry.all_kinds() if kind.has_edition(WEB.name)}
    temps = {s.path: s.temp for s in staged}
    copies = []
    for record in records:
        if record.edition not in EDITIONS or record.kind not in shown or not record.path.endswith(".pdf"):
            continue
        source = Path(temps[record.path]) if record.path in temps else options.out / record.path
        copies.append(PdfCopy(record.path, record.kind, record.group, record.edition, source.read_bytes()))
    return copies


def manifest_kind(path: str) -> str:
    """The manifest kind of a web file (its path relative to the out dir), as the web edition declares it."""
    for kind, shape in WEB.files:
        if re.fullmatch(shape, path):
            return kind
    raise ValueError(f"the web edition made a file it does not declare: {path}")


def stage_web(options: Options, loaded: Loaded, records: list[OutputRecord],
              staged: list[Staged]) -> list[OutputRecord]:
    """Stage every file of the web edition; their records."""
    pages = {r.path: r.pages for r in records}
    files = site_files(loaded, options.paths, options.registry, _pdf_copies(options, records, staged))
    made = []
    for name, data in files.items():
        path = f"{WEB.folder}{name}"
        staged.append(transaction.stage(options.out, path, data, os.getpid()))
        source = name.removeprefix("pdf/")
        made.append(OutputRecord(path, manifest_kind(path), None, WEB.name, pages.get(source, 0) if
                                 path.endswith(".pdf") else 0, staged[-1].sha256))
    return made
