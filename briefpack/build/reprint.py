"""Reprints: which print files changed since the run whose manifest was sent to the printer."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.model import Pack
from ..errors import BuildError
from ..kinds import outputs as planning
from ..kinds import print_order as printrun
from ..kinds.editions import PRINT
from ..kinds.registry import Registry
from ..output import manifest, transaction
from ..output.manifest import OutputRecord
from ..participants import personal_copies as personal
from .options import Options

if TYPE_CHECKING:
    from .report import Report


@dataclass(frozen=True)
class Reprint:
    changed: list[str]  # paths whose bytes differ from the old manifest's
    new: list[str]  # paths the old manifest did not list
    unchanged: list[str]
    inserts: list[str] = field(default_factory=list)  # documents made to go with a reprint (what changed)


def read_old_manifest(path: Path) -> dict[str, str]:
    """{path: sha256} of an earlier run's manifest (read before building: the build may overwrite it)."""
    try:
        return {record.path: record.sha256 for record in manifest.read(path)}
    except OSError as exc:
        raise BuildError(f"{path}: not a readable manifest ({exc.strerror})") from None
    except manifest.ManifestError as exc:
        raise BuildError(f"{path}: not a readable manifest ({exc})") from None


def compare(old: dict[str, str], records: list[OutputRecord]) -> Reprint:
    """Which print files changed since the run whose manifest gave ``old``."""
    prints = [r for r in records if r.edition == PRINT.name and r.path.endswith(".pdf")]
    return Reprint(changed=[r.path for r in prints if r.path in old and old[r.path] != r.sha256],
                   new=[r.path for r in prints if r.path not in old],
                   unchanged=[r.path for r in prints if old.get(r.path) == r.sha256])


def reprint_order(pack: Pack, registry: Registry, reprint: Reprint, records: list[OutputRecord]) -> bytes:
    """print/reprint.csv: the order sheet restricted to what changed."""
    wanted = set(reprint.changed) | set(reprint.new) | set(reprint.inserts)
    specs = planning.every_output(pack, [PRINT.name], registry)
    printed = [(specs[r.path], r.pages) for r in records if r.path in wanted and r.path in specs]
    changed = [r for r in records if r.path in wanted]
    derived = personal.order_rows(pack, changed, registry)  # re-stamped personal copies
    return printrun.order_csv(printrun.rows(pack, printed) + derived)


def reprint(options: Options, old: dict[str, str], report: Report) -> tuple[Reprint, Path | None]:
    """What changed since the run whose manifest gave ``old``; writes print/reprint.csv when something did."""
    listed = manifest.read(options.out / manifest.MANIFEST)
    inserts = [r.path for r in listed if r.edition == "print" and r.path.endswith(".pdf")
               and options.registry.made_on_request(r.kind)]
    result = dataclasses.replace(compare(old, report.records), inserts=inserts)
    if not (result.changed or result.new) or report.pack is None:
        return result, None
    path = options.out / printrun.REPRINT_CSV
    transaction.atomic_write(path, reprint_order(report.pack, options.registry, result, [*report.records, *(
        r for r in listed if r.path in inserts)]))
    return result, path
