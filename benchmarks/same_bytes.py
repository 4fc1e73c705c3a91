#!/usr/bin/env python3
"""Same bytes before and after a change: build every pack the project ships, record each output file's sha256.

It builds, each into its own folder, with SOURCE_DATE_EPOCH pinned: the default pack (`all`, both editions), every
test pack (tests/data/small-pack and each pack of tests/data/languages), the default pack with a generated roster
of 40 people in several scripts, personalised (`all --personalise`, which also writes sign-in sheets, name cards
and the packing list), `html` of the default pack, and `changes --since` an edited copy of the default pack.

    python benchmarks/same_bytes.py --write before.json         # on the old commit
    python benchmarks/same_bytes.py --compare before.json       # on the new one: lists every file that differs

Exit code 0 when every file is the same, 1 when any differs, is missing or is new. The build cache
(.briefpack.cache.json) is left out: it records a digest of briefpack's own code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT / "benchmarks"))

from personal_bench import pack_with  # noqa: E402  (the benchmarks' own roster generator)


def run(*args: object) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1431388800")
    done = subprocess.run([PY, "build.py", *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build.py {' '.join(map(str, args))} failed:\n{done.stdout}{done.stderr}")


def packs() -> dict[str, Path]:
    found = {"default": ROOT / "content", "small-pack": ROOT / "tests/data/small-pack"}
    for folder in sorted((ROOT / "tests/data/languages").iterdir()):
        if (folder / "pack.yaml").is_file():
            found[f"lang-{folder.name}"] = folder
    return found


def build_all(work: Path) -> Path:
    out = work / "out"
    for name, content in packs().items():
        run("all", "--content", content, "--out", out / name, "-q", "-j", "2")
    people = pack_with(work / "people", 40)
    run("all", "--content", people, "--out", out / "personal", "--personalise", "-q", "-j", "2")
    run("html", "--content", ROOT / "content", "--out", out / "html", "-q")
    edited = work / "edited"
    shutil.copytree(ROOT / "content", edited)
    questions = edited / "questions.yaml"
    questions.write_text(questions.read_text(encoding="utf-8").replace("trafficking", "traffic", 1),
                         encoding="utf-8")
    run("changes", "--content", edited, "--since", ROOT / "content", "--out", out / "changes", "-q")
    return out


# The build cache records a digest of briefpack's own code: it differs after any change to the code, by design.
CODE_BOUND = ".briefpack.cache.json"


def digests(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and ".briefpack" not in p.relative_to(out).parts
            and p.name != CODE_BOUND}


def compare(old: dict[str, str], new: dict[str, str]) -> int:
    old = {name: digest for name, digest in old.items() if not name.endswith(CODE_BOUND)}
    differ = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    missing, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    for label, names in (("differs", differ), ("missing", missing), ("new", added)):
        for name in names:
            print(f"{label:8} {name}")
    same = len(old.keys() & new.keys()) - len(differ)
    print(f"{same} of {len(old)} files the same; {len(differ)} differ, {len(missing)} missing, {len(added)} new")
    return 1 if differ or missing or added else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="record the digests in this JSON file")
    group.add_argument("--compare", type=Path, help="compare with digests recorded earlier")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefpack-same-bytes",
                        help="the folder the packs are built in (emptied first; give the same one to both runs, "
                             "and another one to runs made at the same time)")
    args = parser.parse_args()
    # one fixed folder: print/order.md and the html pages name files by their absolute paths
    work = args.work.resolve()
    marker = work / ".same-bytes"  # only a folder this script made is ever emptied
    if work.exists() and (not work.is_dir() or any(work.iterdir())) and not marker.is_file():
        raise SystemExit(f"{work}: not empty and not made by this script; give another --work folder")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    marker.touch()
    try:
        found = digests(build_all(work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.write:
        args.write.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(found)} files recorded in {args.write}")
        return 0
    return compare(json.loads(args.compare.read_text(encoding="utf-8")), found)


if __name__ == "__main__":
    sys.exit(main())
