"""The manifest after a build: this build's records merged with what earlier builds left and is still there,
and the files that are gone (stale) in the editions the build made completely."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..output.manifest import OutputRecord

if TYPE_CHECKING:
    from ..kinds.registry import Registry
    from ..output.out_dir import OutDir


@dataclass
class Listing:
    """This build's records in the order it made them, and the manifest's records after it, by path."""

    records: list[OutputRecord]
    listed: list[OutputRecord]

    def add(self, extra: list[OutputRecord]) -> None:
        """Records made from the listing itself (order files, the index, the notice): they replace any of theirs."""
        self.records += extra
        paths = {r.path for r in extra}
        self.listed = sorted([*(r for r in self.listed if r.path not in paths), *extra], key=lambda r: r.path)


def merged(out: OutDir, records: list[OutputRecord], complete: tuple[str, ...],
           registry: Registry) -> list[OutputRecord]:
    """The manifest after this build: ``records``, plus files built earlier and still present (re-read from the
    files themselves), except in the editions this build made completely: there, what it did not make is gone."""
    fresh = {r.path for r in records}
    kept = [out.present(r) for r in out.manifest
            if r.path not in fresh and (r.edition not in complete or registry.made_on_request(r.kind))]
    return sorted([*(r for r in kept if r is not None), *records], key=lambda r: r.path)


def stale(out: OutDir, listed: list[OutputRecord], complete: tuple[str, ...], registry: Registry) -> list[str]:
    """Files an earlier build wrote in an edition this build made completely, and this build does not list."""
    paths = {x.path for x in listed}
    return [r.path for r in out.manifest if r.edition in complete and r.path not in paths
            and out.sha256(r.path) is not None and not registry.made_on_request(r.kind)]
