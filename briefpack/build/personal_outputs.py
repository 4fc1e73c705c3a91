"""What a build makes for the people on the roster: the key of their ids, their stamped copies, the index of
the ids and the notice that the out folder holds personal data."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..kinds import envelopes as packing
from ..output import cache, transaction
from ..output import out_dir as outdir
from ..output.manifest import OutputRecord
from ..participants import personal_copies as personal
from ..text.prepared import SourceDate
from .options import Options

if TYPE_CHECKING:
    from ..content.model import Pack
    from ..kinds.outputs import OutputSpec
    from ..output.cache import Cache
    from ..output.out_dir import OutDir
    from ..output.transaction import Staged
    from ..pdf.engine import Done, HtmlJob
    from ..text.prepared import Loaded
    from .outdated import Work


def roster_seed(pack: Pack) -> bytes | None:
    """What a new key of the personal ids is made from when the out folder has none: the whole participant list,
    e-mail addresses included (never printed), so that the same pack gives the same bytes in any folder while
    nobody without the list can compute the key."""
    if pack.roster is None:
        return None
    rows = [(p.name, p.organisation, p.country, p.group, p.role, p.email) for p in pack.roster.participants]
    return repr(rows).encode("utf-8")


def derive(options: Options, loaded: Loaded, specs: list[OutputSpec], built: list[Done], work: Work,
           out: OutDir, previous: Cache, styles: str,
           render: Callable[[list[HtmlJob]], list[bytes]]) -> personal.DerivedWork:
    """The derived-output stage: personal copies stamped on the handouts this build rendered or kept."""
    derived = personal.plan(loaded.pack, specs)
    if not derived:
        return personal.DerivedWork([], [], {})
    sources = _sources(options, {item.source.path for item in derived}, built, work)
    epoch = SourceDate.of(loaded.pack, options.source_date_epoch).epoch
    stamper = personal.Stamper(loaded.pack, render, out, os.getpid(), epoch)
    # the index's secret joins what the keys hash: a key in the cache cannot confirm a guessed name
    environment = f"{cache.versions()}\0{out.ids.key.hex()}"
    return stamper.run(derived, sources, previous.keys, previous.digests, styles, environment)


def _sources(options: Options, paths: set[str], built: list[Done], work: Work) -> dict[str, personal.Source]:
    """The bytes, digest and pages of each handout stamped: as rendered now, or as kept in the out folder."""
    fresh = {done.spec.path: done for done in built}
    sources: dict[str, personal.Source] = {}
    for path in paths:
        if path in fresh:
            done = fresh[path]
            sources[path] = personal.Source(Path(done.staged.temp).read_bytes(), done.staged.sha256, done.pages)
        else:
            kept = work.kept[path]
            sources[path] = personal.Source((options.out / path).read_bytes(), kept.sha256, kept.pages)
    return sources


def personal_index(options: Options, out: OutDir, listed: list[OutputRecord],
                   staged: list[Staged]) -> OutputRecord | None:
    """Stage the index of the personal files' ids (0600, in their own 0700 folder), when there are any."""
    if not any(r.kind in outdir.personal_kinds(options.registry) for r in listed):
        return None
    staged.append(transaction.stage(options.out, outdir.INDEX, out.ids.index_bytes(listed), os.getpid(),
                                    private=True, private_folder=True))
    return OutputRecord(outdir.INDEX, outdir.INDEX_KIND, None, "screen", 0, staged[-1].sha256)


def personal_data_notice(options: Options, listed: list[OutputRecord], staged: list[Staged]) -> OutputRecord | None:
    """Stage the note that says the out folder holds files naming people (when it does)."""
    naming = {kind.name for kind in options.registry.all_kinds() if kind.shows_people} | {packing.LIST_KIND}
    notice = personal.readme(listed, naming, options.registry)
    if notice is None:
        return None
    staged.append(transaction.stage(options.out, outdir.README, notice, os.getpid()))
    return OutputRecord(outdir.README, outdir.NOTICE_KIND, None, "screen", 0, staged[-1].sha256)
