#!/usr/bin/env python3
"""Build-speed benchmark on the default pack; prints ratios, not verdicts of a test suite.

R1 = cold build of the screen edition (--force, every core; median of 3 or more)
     / sum of one plain `weasyprint` process per HTML file written by `build html`      target <= 0.35
R2 = no-op rebuild (nothing changed) / `python -c "import weasyprint"`                  target <= 0.5
plus the time of a rebuild after editing one working-group question, how many PDFs it rewrote (target: 2),
and pages rendered per second in the cold build; the time of `changes --since` the unedited pack, which writes
changes.pdf in both editions (target < 3 s). Then the same-shape language packs of tests/data/languages:
a CJK pack's cold build (both editions) against the English one's (target <= 1.5x) and its PDF sizes
(target: a handout under 400 KB).

long document: the concept note's text repeated to about 600 pages, screen edition (tagged), one worker: time per
page against the default pack's concept note (target: within 15 %), with and without the workaround for pydyf's
quadratic page references, and the worker's peak memory.

usage: python benchmarks/bench.py [--repeat N] [--only speed|long] [--long-pages N]
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


LANGUAGE_PACKS = ROOT / "tests" / "data" / "languages"
CJK = ("zh-Hans", "ja", "ko")


def cpu_timed(args) -> float:
    """CPU seconds (user + system) of a child process and its workers: steadier than wall time on a shared
    machine, and what the comparison between languages is about."""
    before = os.times()
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def language_packs(repeat: int) -> list[str]:
    """Cold builds of both editions of same-shape packs: English against each CJK language (CPU time)."""
    lines, seconds = [], {}
    with tempfile.TemporaryDirectory(prefix="briefpack-bench-lang-") as work:
        for lang in ("en", *CJK):
            out = Path(work) / lang
            seconds[lang] = statistics.median(
                cpu_timed(build("all", "--force", "--content", LANGUAGE_PACKS / lang, "--out", out))
                for _ in range(repeat))
            sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*.pdf")}
            handout = max(size for name, size in sizes.items() if "handout-" in name)
            ratio = seconds[lang] / seconds["en"]
            target = "" if lang == "en" else (f"  {ratio:.2f}x English (target <= 1.5x: "
                                             f"{'met' if ratio <= 1.5 else 'NOT met'})")
            lines.append(f"{lang:8} both editions, --force: {seconds[lang]:5.2f} s CPU{target}")
            lines.append(f"{'':8} concept note {sizes['concept-note.pdf'] / 1024:6.1f} KB, largest handout "
                         f"{handout / 1024:6.1f} KB (target < 400 KB: {'met' if handout < 400 * 1024 else 'NOT met'})"
                         f", all {len(sizes)} PDFs {sum(sizes.values()) / 1024:6.1f} KB")
    return lines


LONG_RUN = """
import contextlib, json, resource, sys, time
from pathlib import Path
from briefpack.build import pipeline
from briefpack.pdf import renderer as pdf
if sys.argv[3] == "without":
    pdf.linear_page_references = contextlib.nullcontext
started = time.perf_counter()
records = pipeline.build(pipeline.Options(content=Path(sys.argv[1]), out=Path(sys.argv[2]), kinds=("concept-note",),
                                          force=True, jobs=1))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "pages": records[0].pages,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def long_pack(work: Path, copies: int) -> Path:
    """The default pack with its concept note's sections repeated ``copies`` times (ids made unique)."""
    import yaml

    content = work / f"long-{copies}"
    shutil.copytree(ROOT / "content", content)
    data = yaml.safe_load((content / "concept-note.yaml").read_text(encoding="utf-8"))

    def renamed(sections: list, suffix: str) -> list:
        return [{**s, "id": f"{s['id']}-{suffix}", **({"sections": renamed(s["sections"], suffix)}
                                                      if "sections" in s else {})} for s in sections]
    data["sections"] = [s for i in range(copies) for s in renamed(data["sections"], f"r{i}")]
    class NoAliases(yaml.SafeDumper):  # content refuses anchors: write repeated parts out in full
        def ignore_aliases(self, data: object) -> bool:
            return True
    (content / "concept-note.yaml").write_text(yaml.dump(data, Dumper=NoAliases, allow_unicode=True,
                                                         sort_keys=False), encoding="utf-8")
    return content


def long_run(content: Path, out: Path, workaround: bool) -> dict:
    result = subprocess.run([PY, "-c", LONG_RUN, str(content), str(out), "with" if workaround else "without"],
                            check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(result.stdout)


def long_document(pages_wanted: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="briefpack-long-"))
    try:
        base = long_run(long_pack(work, 1), work / "out-1", True)
        twice = long_run(long_pack(work, 2), work / "out-2", True)
        per_copy = max(1, twice["pages"] - base["pages"])  # the sections' pages; questions and notes come once
        copies = max(1, 1 + round((pages_wanted - base["pages"]) / per_copy))
        content = long_pack(work, copies)
        long = long_run(content, work / "out-long", True)
        without = long_run(content, work / "out-without", False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    per_page, long_per_page = base["seconds"] / base["pages"], long["seconds"] / long["pages"]
    ratio = long_per_page / per_page
    print(f"concept note, default pack:   {base['pages']:4d} pages {base['seconds']:7.2f} s  "
          f"{per_page * 1000:5.1f} ms/page  peak {base['peak_mb']:5.0f} MB")
    print(f"concept note x{copies:<3d}:          {long['pages']:4d} pages {long['seconds']:7.2f} s  "
          f"{long_per_page * 1000:5.1f} ms/page  peak {long['peak_mb']:5.0f} MB "
          f"({(long['peak_mb'] - base['peak_mb']) / (long['pages'] - base['pages']):.2f} MB per extra page)")
    print(f"  without the page-references workaround: {without['seconds']:7.2f} s  "
          f"{without['seconds'] / without['pages'] * 1000:5.1f} ms/page")
    print(f"time per page, long / default  = {ratio:.2f}   (target <= 1.15: {'met' if ratio <= 1.15 else 'NOT met'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each short measurement (median)")
    parser.add_argument("--only", choices=["speed", "long"], help="run one part only")
    parser.add_argument("--long-pages", type=int, default=600, help="pages of the long concept note")
    args = parser.parse_args()
    if args.only != "long":
        speed(args)
    if args.only != "speed":
        long_document(args.long_pages)
    return 0


def speed(args: argparse.Namespace) -> None:

    work = Path(tempfile.mkdtemp(prefix="briefpack-bench-"))
    try:
        content = work / "content"
        shutil.copytree(ROOT / "content", content)
        out, html = work / "out", work / "html"

        cold = statistics.median(timed(build("all", "--edition", "screen", "--force", "--content", content,
                                             "--out", out)) for _ in range(max(3, args.repeat // 2)))
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
    print("language packs (tests/data/languages, same shape):")
    for line in language_packs(args.repeat):
        print("  " + line)


if __name__ == "__main__":
    sys.exit(main())
