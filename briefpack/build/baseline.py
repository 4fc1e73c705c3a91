"""The earlier version a comparison starts from: a snapshot file, an output folder (its snapshot), a content
folder, or ``git:REV`` (the content folder as committed at REV, read with ``git show``; the working tree is never
touched)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..content.paths import Paths
from ..errors import ContentError, UsageError
from ..kinds.builtin import builtin_registry
from ..kinds.outputs import plan
from ..kinds.registry import Registry
from ..output.out_dir import SNAPSHOT
from ..revisions.comparison import Comparison, compare, for_group
from ..revisions.snapshot import Snapshot, SnapshotError, from_bytes, snapshot
from ..text.numbering import cited_notes
from ..text.prepared import Loaded, prepare
from .options import Options

GIT_TIMEOUT = 30


def resolve(old: str, content: Path) -> Snapshot:
    """The snapshot ``old`` names; a UsageError saying what was expected when it names nothing usable."""
    if old.startswith("git:"):
        return _from_git(old.removeprefix("git:"), content)
    path = Path(old)
    if path.is_file():
        return _read(path)
    if (path / SNAPSHOT).is_file():
        return _read(path / SNAPSHOT)
    if (path / "pack.yaml").is_file():
        return _from_content(path, old)
    raise UsageError(f"{old}: not an earlier version (expected a snapshot file, an output folder holding "
                     f"{SNAPSHOT}, a content folder with pack.yaml, or git:REV)")


def _read(path: Path) -> Snapshot:
    try:
        return from_bytes(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror})") from None
    except SnapshotError as exc:
        raise UsageError(f"{path}: {exc}") from None


def _from_content(folder: Path, name: str) -> Snapshot:
    try:
        loaded = prepare(folder, folder / "assets", Paths.default(folder).styles, strict=False,
                         declared=builtin_registry().pack_fields())  # the earlier version, read by today's kinds
    except ContentError as exc:
        raise UsageError(f"{name}: the earlier version's content has problems: {exc.message.splitlines()[0]}") \
            from None
    return snapshot(loaded.pack, loaded.numbering)


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise UsageError("git:REV needs git, which is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def _from_git(revision: str, content: Path) -> Snapshot:
    if not revision or revision.startswith("-"):
        raise UsageError(f"git:{revision}: not a revision (expected e.g. git:v1 or git:HEAD~2)")
    try:
        prefix = _git(content, "rev-parse", "--show-prefix").decode().strip()
    except UsageError:
        raise UsageError(f"git:{revision}: {content} is not in a git repository") from None
    try:
        _git(content, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except UsageError:
        raise UsageError(f"git:{revision}: no such revision in the repository of {content}") from None
    names = _git(content, "ls-tree", "-r", "-z", "--name-only", "--full-tree", revision, "--", prefix or ".")
    with tempfile.TemporaryDirectory(prefix="briefpack-old-") as temp:
        for name in filter(None, names.decode("utf-8", "replace").split("\0")):
            relative = Path(name[len(prefix):])
            if relative.is_absolute() or ".." in relative.parts:  # git refuses such paths; a crafted tree may not
                raise UsageError(f"git:{revision}: refusing the path {name!r} in the repository")
            target = Path(temp, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(content, "show", f"{revision}:{name}"))
        if not (Path(temp) / "pack.yaml").is_file():
            raise UsageError(f"git:{revision}: the content folder has no pack.yaml at that revision")
        return _from_content(Path(temp), f"git:{revision}")


def comparison(loaded: Loaded, options: Options) -> Comparison:
    """What changed since ``options.since``; with one group, only what that group's handout shows."""
    assert options.since is not None
    plan(loaded.pack, options.request)  # an unknown --group is a usage error before anything is compared
    old = resolve(options.since, options.paths.content)
    result = compare(old, snapshot(loaded.pack, loaded.numbering))
    if options.groups and len(options.groups) == 1:
        notes = _handout_notes(loaded, options.groups[0], options.registry)
        result = for_group(result, options.groups[0], notes)
    return result


def _handout_notes(loaded: Loaded, group: str, registry: Registry) -> set[str]:
    texts = [text for kind in registry.all_kinds() if kind.per_group for text in kind.shown_texts(loaded.pack, group)]
    return set(cited_notes(texts, loaded.numbering))
