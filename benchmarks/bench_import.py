#!/usr/bin/env python3
"""Import-speed benchmark: `briefpack import` of the seed concept note (66 notes), as Markdown and as a Word .docx
with endnotes (tests/data/import/), as a user runs it (a new process, so imports count) and inside one process.
Target: under 2 s for the seed. Prints numbers, not verdicts.

usage: python benchmarks/bench_import.py [--repeat N]
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
    from briefpack.importer import run

    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            run(source, Path(tmp) / "pack")
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, median of {repeat}")
    for label, source in SOURCES.items():
        whole = command_seconds(source, repeat)
        inside = in_process_seconds(source, repeat)
        verdict = "met" if whole < 2 else "NOT met"
        print(f"{label:<26} command {whole:5.2f} s (target < 2 s: {verdict}); in process {inside:5.2f} s")


if __name__ == "__main__":
    main()
