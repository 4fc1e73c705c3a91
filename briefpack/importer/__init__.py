"""``briefpack import``: turn an organiser's Word (.docx) or Markdown concept note into a pack folder.

read (markdown.py / docx.py) -> SourceDocument -> structure.build -> Draft -> writer.render -> YAML files,
written atomically by ``run``, checked with the pack's own validator before they are moved into place."""

from __future__ import annotations

from .run import ImportReport, SourceError, run

__all__ = ["ImportReport", "SourceError", "run"]
