"""Which outputs a build makes: each document of each requested kind, in each requested edition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..content.model import Pack
from ..errors import UsageError
from .base import DocumentKind
from .editions import EDITIONS, Edition
from .registry import Registry


@dataclass(frozen=True)
class OutputSpec:
    """One output file: a document (of a group), in an edition, possibly as an A5 booklet."""

    kind: DocumentKind
    group: str | None
    edition: Edition
    booklet: bool = False

    @property
    def manifest_kind(self) -> str:
        """The manifest's name for what the file is: the document kind, or "booklet"."""
        return "booklet" if self.booklet else self.kind.name

    @property
    def name(self) -> str:
        stem = self.kind.stem(self.group)
        return f"booklet-{stem}" if self.booklet else stem

    @property
    def path(self) -> str:
        """Relative to the out dir, with forward slashes."""
        return f"{self.edition.folder}{self.name}.pdf"

    @property
    def stylesheets(self) -> tuple[str, ...]:
        sheets: tuple[str, ...] = ("base.css", self.kind.stylesheet_in(self.edition.name))
        if self.edition.stylesheet:
            sheets += (self.edition.stylesheet,)
        return sheets + (("booklet.css",) if self.booklet else ())

    @property
    def template(self) -> str:
        return self.kind.template_in(self.edition.name)

    @property
    def pad_to(self) -> int:
        """Pages are padded with blanks: a multiple of 4 for a folded booklet, else as the edition says (one-sided
        documents are not padded)."""
        if self.booklet:
            return 4
        return 1 if self.kind.single_sided else self.edition.pad_to


@dataclass(frozen=True)
class Request:
    """What to build: kinds by name, groups by id (None: all), editions by name."""

    kinds: tuple[str, ...]
    groups: tuple[str, ...] | None
    editions: tuple[str, ...]
    registry: Registry = field(compare=False, repr=False)

    @property
    def complete(self) -> bool:
        """Every kind and every group: outputs of the requested editions it does not make are stale."""
        return set(self.kinds) >= set(self.registry.built_by_default()) and self.groups is None


def plan(pack: Pack, request: Request) -> list[OutputSpec]:
    """The outputs to build, in a stable order: per edition, each kind's documents, then the booklets."""
    wanted = [request.registry.kind(name) for name in request.kinds]  # an unknown kind is refused here
    valid = [g.id for g in pack.groups]
    unknown = [g for g in request.groups or () if g not in valid]
    if unknown:
        raise UsageError(f"unknown group id {', '.join(map(repr, unknown))} (valid ids: {', '.join(valid)})")
    strange = [name for name in request.editions if name not in EDITIONS]
    if strange:
        raise UsageError(f"unknown edition {', '.join(map(repr, strange))} (expected: {', '.join(EDITIONS)})")
    reasons = [f"{kind.command}: {reason}" for kind in wanted if (reason := kind.unavailable(pack))]
    if reasons and not request.complete:
        raise UsageError("; ".join(reasons))
    specs: list[OutputSpec] = []
    for ed in (ed for ed in EDITIONS.values() if ed.name in request.editions):
        documents = [OutputSpec(kind, group, ed) for kind in request.registry.all_kinds()
                     if kind in wanted and kind.has_edition(ed.name) for group in kind.instances(pack, request.groups)]
        specs += documents
        if ed.booklets:
            specs += [OutputSpec(d.kind, d.group, ed, booklet=True) for d in documents
                      if d.kind.bound_as_booklet(pack)]
    return specs


def every_output(pack: Pack, editions: Sequence[str], registry: Registry) -> dict[str, OutputSpec]:
    """{path: spec} of every output the pack has in ``editions``: what a manifest entry may name."""
    request = Request(registry.names(), None, tuple(editions), registry)
    return {spec.path: spec for spec in plan(pack, request)}
