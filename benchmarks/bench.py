#!/usr/bin/env python3
"""Build-speed benchmark on the default pack; prints ratios, not verdicts of a test suite.

R1 = cold build of the screen edition (--force, every core)
     / sum of one plain `weasyprint` process per HTML file written by `build html`      target <= 0.35
R2 = no-op rebuild (nothing changed) / `python -c "import weasyprint"`                  target <= 0.5
plus the time of a rebuild after editing one working-group question, how many PDFs it rewrote (target: 2),
pages rendered per second in the cold build, and the time of `changes --since` the unedited pack, which
writes changes.pdf in both editions (target < 3 s).

usage: python benchmarks/bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def timed(args, **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT, **kwargs)
    return time.perf_counter() - started


def build(*args) -> list[str]:
    return [PY, "build.py", *map(str, args)]


def digests(out: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.pdf")}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import weasyprint
    from weasyprint.text import ffi

    subset = "HarfBuzz-subset" if getattr(ffi, "harfbuzz_subset", None) else "fontTools subsetting"
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, WeasyPrint "
            f"{weasyprint.__version__}, {subset}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each short measurement (median)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="briefpack-bench-"))
    try:
        content = work / "content"
        shutil.copytree(ROOT / "content", content)
        out, html = work / "out", work / "html"

        cold = timed(build("all", "--edition", "screen", "--force", "--content", content, "--out", out))
        pages = sum(e["pages"] for e in json.loads((out / "manifest.json").read_text())["outputs"])

        subprocess.run(build("html", "--content", content, "--out", html), check=True, capture_output=True,
                       cwd=ROOT)
        plain = sum(timed([PY, "-m", "weasyprint", str(page), str(page.with_suffix(".pdf"))])
                    for page in sorted(html.glob("*.html")))

        noop = statistics.median(timed(build("all", "--edition", "screen", "--content", content, "--out", out))
                                 for _ in range(args.repeat))
        engine = statistics.median(timed([PY, "-c", "import weasyprint"]) for _ in range(args.repeat))

        before = digests(out)
        groups = content / "groups.yaml"
        groups.write_text(groups.read_text(encoding="utf-8").replace(
            "What would such policies be?", "What would such policies look like?"), encoding="utf-8")
        edit = timed(build("all", "--edition", "screen", "--content", content, "--out", out))
        after = digests(out)
        rewritten = sorted(name for name in after if after[name] != before.get(name))
        changes = timed(build("changes", "--since", ROOT / "content", "--edition", "both", "--content", content,
                              "--out", out))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    r1, r2 = cold / plain, noop / engine
    print(f"machine: {machine()}")
    print(f"cold build, screen edition, --force:   {cold:6.2f} s  ({pages} pages, {pages / cold:.1f} pages/s)")
    print(f"plain weasyprint, one process per HTML: {plain:6.2f} s")
    print(f"R1 = cold / plain                     = {r1:.2f}   (target <= 0.35: {'met' if r1 <= 0.35 else 'NOT met'})")
    print(f"no-op rebuild (median of {args.repeat}):          {noop:6.3f} s")
    print(f"python -c 'import weasyprint':          {engine:6.3f} s")
    print(f"R2 = no-op / import                   = {r2:.2f}   (target <= 0.5: {'met' if r2 <= 0.5 else 'NOT met'})")
    print(f"one-question edit: {edit:.2f} s, rewrote {len(rewritten)} PDFs ({', '.join(rewritten)}) "
          f"(target 2: {'met' if len(rewritten) == 2 else 'NOT met'})")
    print(f"changes --since the unedited pack, both editions: {changes:.2f} s "
          f"(target < 3 s: {'met' if changes < 3 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
