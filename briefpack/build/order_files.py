"""The print order (CSV and a Markdown summary) and, with a roster, the packing lists, over every print file the
manifest will list."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..kinds import envelopes as packing
from ..kinds import outputs as planning
from ..kinds import print_order as printrun
from ..output import out_dir as outdir
from ..output import transaction
from ..output.manifest import OutputRecord
from ..participants import personal_copies as personal
from ..render.context import common
from . import drafts

if TYPE_CHECKING:
    from ..content.model import Pack
    from ..kinds.registry import Registry
    from ..output.transaction import Staged
    from .options import Options


def order_files(pack: Pack, listed: list[OutputRecord], registry: Registry) -> list[tuple[str, str, bytes]]:
    """(path, manifest kind, bytes) of the order sheet, its summary and, with a roster, the packing lists."""
    specs = planning.every_output(pack, ["print"], registry)
    printed = [(specs[r.path], r.pages) for r in listed if r.path in specs]
    order = printrun.rows(pack, printed) + personal.order_rows(pack, listed, registry)
    title = common(pack).seminar
    source = os.path.join(pack.root, "pack.yaml")
    roster = os.path.join(pack.root, "participants.csv") if pack.roster is not None else None
    summary = printrun.order_summary(title, order, source, pack.print_run, roster)
    files = [(printrun.ORDER_CSV, "order-sheet", printrun.order_csv(order)),
             (printrun.ORDER_SUMMARY, "order-summary", drafts.order_summary_first_line(pack, summary))]
    if pack.roster is not None:  # what goes into whose envelope, for the organisers' spreadsheet
        files += [(packing.LIST_CSV, packing.LIST_KIND, packing.list_csv(pack, registry.all_kinds())),
                  (packing.COUNTS_CSV, packing.COUNTS_KIND, packing.counts_csv(pack, registry.all_kinds()))]
    return files


def stage_order_files(options: Options, pack: Pack, listed: list[OutputRecord],
                      staged: list[Staged]) -> list[OutputRecord]:
    """Stage the order files (those naming people 0600); their records, in the print edition."""
    records = []
    for path, kind, data in order_files(pack, listed, options.registry):
        staged.append(transaction.stage(options.out, path, data, os.getpid(),
                                        private=outdir.holds_names(kind, options.registry)))
        records.append(OutputRecord(path, kind, None, "print", 0, staged[-1].sha256))
    return records
