"""The last step of a build: the manifest and the cache staged, unchanged files dropped, the rest renamed into
place at once; never over a file the build did not write."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import BuildError
from ..output import cache, manifest, transaction
from ..output.cache import Cache, FileDigest, LastBuild
from ..output.manifest import OutputRecord
from ..output.out_dir import OutDir
from ..output.transaction import Staged
from .options import Options


@dataclass(frozen=True)
class Commit:
    """Everything the commit writes and checks."""

    options: Options
    out: OutDir
    staged: list[Staged]  # the build's staged files; the manifest and the cache join them (discarded on failure)
    listed: list[OutputRecord]  # the manifest after the build
    stale: list[str]  # files the build removes
    keys: dict[str, str]  # output path -> cache key: the last build's, updated with this build's
    fingerprint: str  # of the inputs, read before loading
    warnings: list[str]  # what loading the content found
    outputs: int  # how many outputs the build planned


def commit(job: Commit) -> list[str]:
    """Stage the manifest and the cache, drop staged files identical to what is there, rename the rest: unless
    one of them would replace a file the build did not write (then nothing is replaced). The paths written,
    manifest and cache excluded."""
    _stage_manifest_and_cache(job)
    out = job.out
    same = [out.sha256(s.path) == s.sha256 for s in job.staged]
    changed = [s for s, unchanged in zip(job.staged, same, strict=True) if not unchanged]
    transaction.discard([s for s, unchanged in zip(job.staged, same, strict=True) if unchanged])
    refuse_foreign(job.options, out, [s.path for s in changed if s.path != cache.CACHE])
    transaction.commit(job.options.out, changed, job.stale)
    for item in changed:
        out.wrote(item.path, item.sha256)
    return [s.path for s in changed if s.path not in (manifest.MANIFEST, cache.CACHE)]


def _stage_manifest_and_cache(job: Commit) -> None:
    """The manifest lists files named after people under their ids; so does the cache, whose last build records
    what an up-to-date check compares."""
    owner = os.getpid()
    sealed = [job.out.ids.seal(r) for r in job.listed]
    manifest_staged = transaction.stage(job.options.out, manifest.MANIFEST, manifest.to_bytes(sealed), owner)
    job.staged.append(manifest_staged)
    last = LastBuild(job.fingerprint, job.warnings, job.outputs,
                     [FileDigest(r.path, r.sha256) for r, plain in zip(sealed, job.listed, strict=True)
                      if plain.path not in job.stale] + [FileDigest(manifest.MANIFEST, manifest_staged.sha256)])
    by_path = {plain.path: r for r, plain in zip(sealed, job.listed, strict=True)}
    new_cache = Cache({by_path[p].path: k for p, k in job.keys.items() if p in by_path},
                      {by_path[p].path: by_path[p].sha256 for p in job.keys if p in by_path}, last)
    job.staged.append(transaction.stage(job.options.out, cache.CACHE, cache.to_bytes(new_cache), owner))


def refuse_foreign(options: Options, out: OutDir, targets: list[str]) -> None:
    """A file the build did not write where one of its outputs goes is an error naming it (before anything is
    replaced), unless --overwrite; a link, or anything that is not a file, is never replaced."""
    for path in targets:
        problem = out.place_problem(path) if os.path.lexists(options.out / path) else None
        if problem is not None and problem != "a link":
            raise BuildError(f"{options.out / path}: {problem} where the build writes {path} (nothing was "
                             "replaced; move it away)")
    foreign = [p for p in targets if not out.owns(p)]
    if foreign and not options.overwrite:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise BuildError(f"{options.out / foreign[0]}: not written by briefpack, or changed since{more}; the build "
                         "would replace it (nothing was replaced; move it away, or build with --overwrite)")
