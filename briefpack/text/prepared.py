"""Everything known before rendering: the validated pack, its numbering, the content lint, the source date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.fields import PackFields
from ..content.model import Pack
from ..errors import ContentError
from ..problems import Problem
from . import fonts
from . import numbering as citations
from .numbering import Numbering

if TYPE_CHECKING:
    from ..revisions.comparison import Comparison
from ..content.read_pack import load_pack


@dataclass(frozen=True)
class Loaded:
    pack: Pack
    numbering: Numbering
    warnings: tuple[Problem, ...] = ()
    changes: Comparison | None = None  # what changed since an earlier version (changes, --mark-changes-since)


def prepare(content: Path, assets: Path, styles: Path, strict: bool = True, html_as_text: bool = False, *,
            declared: PackFields) -> Loaded:
    """The pack in ``content``, numbered and linted; every problem at once as a ContentError. ``declared``: what
    the build's document kinds add to pack.yaml (``Registry.pack_fields()``)."""
    pack, problems, broken = load_pack(content, declared)
    numbering = citations.number_notes(pack)
    errors, warnings = citations.lint(pack, numbering, assets, html_as_text, check_keys="notes.yaml" not in broken)
    errors += fonts.coverage_problems(pack, styles)  # what the renderer could only show as .notdef
    if problems:  # "cited nowhere" would only echo the structural problems
        warnings = []
    if strict:
        errors, warnings = errors + warnings, []
    if errors or problems:
        raise ContentError(problems.items + errors)
    return Loaded(pack, numbering, tuple(warnings))


@dataclass(frozen=True)
class SourceDate:
    """The date every PDF records, so that the same content always gives the same bytes: SOURCE_DATE_EPOCH
    when the caller gives one, else the pack's date (or 1 January of its year)."""

    moment: datetime.datetime

    @classmethod
    def of(cls, pack: Pack, epoch: int | None) -> SourceDate:
        if epoch is not None:
            return cls(datetime.datetime.fromtimestamp(epoch, datetime.UTC))
        day = datetime.date.fromisoformat(pack.meta.date or f"{pack.meta.year}-01-01")
        return cls(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC))

    @property
    def iso(self) -> str:
        return self.moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def epoch(self) -> int:
        return int(self.moment.timestamp())
