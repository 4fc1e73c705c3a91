#!/usr/bin/env python3
"""Import-speed benchmark: `briefpack import` of the seed concept note (66 notes), as Markdown and as a Word .docx
with endnotes (tests/data/import/), as a user runs it (a new process, so imports count) and inside one process.
Target: under 2 s for the seed. Then a concept note citing many notes (10,000 by default; made by
tests/importhelpers.py, ten calls to a paragraph), through both routes in one process: seconds and notes per
second, split into reading the source and the rest (building, writing and checking the pack). Prints numbers,
not verdicts.

Then the corpus of Word files organisers write (tests/data/import-corpus/), each file's time.

usage: python benchmarks/bench_import.py [--repeat N] [--notes N] [--notes-only]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "import"
SOURCES = {"seed as Markdown": DATA / "seed.md", "seed as .docx (endnotes)": DATA / "seed-endnotes.docx"}


def command_seconds(source: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            subprocess.run([sys.executable, "build.py", "import", str(source), "--to", f"{tmp}/pack"], check=True,
                           capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process_seconds(source: Path, repeat: int) -> float:
    sys.path.insert(0, str(ROOT))
    from briefpack.importer.run import run

    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            run(source, Path(tmp) / "pack")
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def many_notes(count: int) -> None:
    """Both routes on a note citing ``count`` notes: total and reading times (CPU seconds of this process, so
    that other work on the machine counts less), and notes per second."""
    sys.path.insert(0, str(ROOT))
    from briefpack.importer.run import _read, run
    from tests.importhelpers import many_notes_docx, many_notes_markdown

    with tempfile.TemporaryDirectory() as tmp:
        for label, make, suffix in (("Word .docx", many_notes_docx, ".docx"),
                                    ("Markdown", many_notes_markdown, ".md")):
            source = make(Path(tmp) / f"notes{suffix}", count)
            started = time.process_time()
            _read(source, source.name)
            reading = time.process_time() - started
            started = time.process_time()
            report = run(source, Path(tmp) / f"pack{suffix}")
            total = time.process_time() - started
            print(f"{count:,} notes, {label:<10} {total:6.2f} s CPU ({count / total:6.0f} notes/s; reading the "
                  f"source {reading:5.2f} s), {report.counts['notes']} notes imported")


def corpus() -> None:
    """The Word files organisers write (tests/data/import-corpus/make_corpus.py): each imported once in this
    process; seconds each and in all."""
    sys.path.insert(0, str(ROOT))
    from briefpack.importer.run import run

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "tests" / "data" / "import-corpus" / "make_corpus.py"), tmp],
                       check=True, capture_output=True)
        total = 0.0
        files = sorted(Path(tmp).glob("*.docx"))
        for source in files:
            started = time.perf_counter()
            report = run(source, Path(tmp) / f"pack-{source.stem}")
            seconds = time.perf_counter() - started
            total += seconds
            print(f"  corpus {source.name:<36} {seconds:5.2f} s (groups: {report.counts['groups']}, "
                  f"notes: {report.counts['notes']})")
        print(f"corpus: {len(files)} files in {total:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--notes", type=int, default=10_000, help="notes of the large note (default 10,000)")
    parser.add_argument("--notes-only", action="store_true", help="only the large note")
    args = parser.parse_args()
    repeat = args.repeat
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, median of {repeat}")
    if args.notes_only:
        many_notes(args.notes)
        return
    for label, source in SOURCES.items():
        whole = command_seconds(source, repeat)
        inside = in_process_seconds(source, repeat)
        verdict = "met" if whole < 2 else "NOT met"
        print(f"{label:<26} command {whole:5.2f} s (target < 2 s: {verdict}); in process {inside:5.2f} s")
    corpus()
    many_notes(args.notes)


if __name__ == "__main__":
    main()
