"""Whether a build has anything to do: the build's fingerprint and the last build's record. Light to import:
the CLI asks this before it loads any stage (R2)."""

from __future__ import annotations

import os
from pathlib import Path

from ..kinds.registry import Registry
from ..output import cache, manifest, transaction
from ..output import out_dir as outdir
from ..output.cache import LastBuild
from ..output.out_dir import OutDir
from .options import Options


def fingerprint(options: Options) -> str:
    paths = options.paths
    folders = (paths.content, paths.templates, paths.styles)
    return cache.fingerprint(folders, options.settings, _own_files(options.out, folders, options.registry))


def _own_files(out_path: Path, folders: tuple[Path, ...], registry: Registry) -> frozenset[Path]:
    """The build's own files, which never count as content wherever --out is (inside the content folder, or
    around it): those the last build wrote (trusted manifest entries: an output's place and kind, the digest it
    wrote), its bookkeeping and its temporary files. An edit to any other file, or to one of these, is seen."""
    root = out_path.resolve()
    if not any(root.is_relative_to(folder.resolve()) for folder in folders if folder.is_dir()):
        return frozenset()  # nothing of the output folder is read as content
    out = OutDir(out_path, registry=registry)
    own = {root / name for name in (cache.CACHE, transaction.LOCK, transaction.LOCK_OWNER, ".briefpack/links.json")}
    own.update(root / record.path for record in out.manifest)  # trusted entries only: outputs' places and kinds
    if out.owns(manifest.MANIFEST):
        own.add(root / manifest.MANIFEST)
    for folder in outdir.output_folders():
        try:
            own.update(root / folder / name for name in os.listdir(root / folder)
                       if transaction.TEMP_NAME.fullmatch(name))
        except OSError:
            pass
    return frozenset(own)


def up_to_date(options: Options, known_fingerprint: str | None = None) -> LastBuild | None:
    """The last build's summary if nothing it read has changed and its files are still the ones it wrote:
    then there is nothing to do, and nothing heavier than the cache module needs importing."""
    found, _ = cache.read(options.out)
    last = found.last
    if last is None or last.fingerprint != (known_fingerprint or fingerprint(options)):
        return None
    out = OutDir(options.out, registry=options.registry)
    if any(out.holds(entry.path, entry.sha256) is None for entry in last.files):
        return None
    return last
