"""What to rebuild: each output's HTML and cache key, compared with what the last build left."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.paths import uri_path
from ..output import cache
from ..output.cache import Cache
from ..output.manifest import OutputRecord
from ..pdf.engine import Job
from ..text.numbering import image_uses
from ..text.prepared import SourceDate
from .html_stage import HtmlStage
from .options import Options

if TYPE_CHECKING:
    from ..kinds.outputs import OutputSpec
    from ..output.out_dir import OutDir
    from ..text.prepared import Loaded


@dataclass
class Work:
    """The outputs sorted out: jobs to render, and the records of those already up to date."""

    jobs: list[Job]
    keys: dict[str, str]  # output path -> cache key
    kept: dict[str, OutputRecord]


def previous_cache(out: OutDir) -> tuple[Cache, str | None]:
    """The cache as the last build left it, entries of files named after people opened from their ids."""
    found, note = cache.read(out.path)
    return Cache(out.unsealed_keys(found.keys), out.unsealed(found.digests), found.last), note


def sort_out(loaded: Loaded, options: Options, specs: list[OutputSpec], out: OutDir, previous: Cache,
             styles: str) -> Work:
    """Render each output's HTML and key; keep those whose file is up to date, make jobs of the others."""
    stage = HtmlStage(loaded, options)
    sources = image_uses(loaded.pack, options.paths.assets)
    assets = {uri: uri_path(uri) for uri in sources}
    environment = cache.versions()
    epoch = SourceDate.of(loaded.pack, options.source_date_epoch).epoch
    work = Work([], {}, {})
    for spec in specs:
        html = stage.html(spec)
        identity = f"{spec.path}\0{spec.edition.name}\0{spec.pad_to}\0{spec.booklet}\0{','.join(spec.stylesheets)}"
        key = work.keys[spec.path] = cache.output_key(identity, html, styles, environment, assets)
        kept = _kept(spec, key, out, previous)
        if kept is not None:
            work.kept[spec.path] = kept
        else:
            work.jobs.append(Job(spec, html, sources, epoch, options.out, os.getpid(), options.strict))
    return work


def _kept(spec: OutputSpec, key: str, out: OutDir, previous: Cache) -> OutputRecord | None:
    """The record of the output's file when the last build made it with the same key and it is still as made."""
    recorded = previous.digests.get(spec.path)
    if previous.keys.get(spec.path) == key and recorded and out.sha256(spec.path) == recorded:
        return out.present(OutputRecord(spec.path, spec.manifest_kind, spec.group, spec.edition.name, 0, recorded))
    return None
