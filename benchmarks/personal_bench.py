#!/usr/bin/env python3
"""Personalised handouts on a generated roster: stamping against rendering each participant's handout.

The default pack with a participants.csv of N generated people (names in Latin with diacritics, Vietnamese, Greek
and Cyrillic; every role; the pack's 4 working groups). It prints:

P1 = personalised build of the handouts (both editions, --force)
     / rendering each participant's handout separately (each a full WeasyPrint render with their name,
       in both editions; measured on a sample and scaled to N)                           target <= 0.05
P2 = personalised build / plain build of the same handouts (both editions, --force)       target <= 4
and the build's peak memory (its own process and its largest worker) for N and N/4 people: bounded, not
proportional to the roster.

Each figure is the median of --runs runs (5 by default); each run measures the plain build, the personalised
build and the separate renders one after the other, so that a busy machine slows all three alike. --root measures
another checkout of briefpack (an export of main, say) with this same script, for side-by-side comparisons.

usage: python benchmarks/personal_bench.py [--people 500] [--sample 8] [--runs 5] [--root PATH]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # or --root
PY = sys.executable

GIVEN = {
    "latin": ["Zoë", "Ömer", "Łucja", "Søren", "Ángela", "François", "Çağla", "Jürgen", "Ilse", "Nuño", "Åsa",
              "Eliška"],
    "vietnamese": ["Đặng", "Nguyễn Thị", "Trần Văn", "Phạm Thu", "Lê Quốc", "Hoàng Minh"],
    "greek": ["Αλέξανδρος", "Ελένη", "Γιώργος", "Μαρία", "Δημήτρης", "Σοφία"],
    "cyrillic": ["Иван", "Ольга", "Дмитрий", "Анна", "Сергей", "Наталья"],
}
FAMILY = {
    "latin": ["Öztürk", "Müller", "Nowak", "Dvořák", "Ibáñez", "Ørsted", "Kovačević", "Łukasik", "Şahin", "Ågren"],
    "vietnamese": ["Hùng", "Lan", "Dũng", "Hương", "Bảo", "Thủy"],
    "greek": ["Παπαδόπουλος", "Γεωργίου", "Νικολάου", "Οικονόμου", "Δημητρίου"],
    "cyrillic": ["Петров", "Смирнова", "Кузнецов", "Попова", "Соколов"],
}
ROLES = ["participant"] * 6 + ["chair", "rapporteur", "resource person", "observer"]
GROUPS = ["prevention", "protection", "justice", "cooperation"]


def roster(people: int, seed: int = 15) -> str:
    """A reproducible roster of ``people`` distinct people in several scripts, every role, 4 groups."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["name", "organisation", "country", "group", "role", "email"])
    seen: set[str] = set()
    while len(seen) < people:
        script = rng.choice(list(GIVEN))
        name = f"{rng.choice(GIVEN[script])} {rng.choice(FAMILY[script])}"
        if name in seen:
            name = f"{name} {len(seen)}"
        seen.add(name)
        n = len(seen)
        writer.writerow([name, f"Organisation {n % 37}", f"Country {n % 23}", GROUPS[n % 4], ROLES[n % len(ROLES)],
                         f"person{n}@example.org"])
    return buffer.getvalue()


def pack_with(folder: Path, people: int) -> Path:
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "participants.csv").write_text(roster(people), encoding="utf-8")
    text = (content / "pack.yaml").read_text(encoding="utf-8")
    # a roster counts the people: the pack's guessed numbers must go
    text = re.sub(r"(?m)^  (participants_per_group|concept_note|endnotes): +\d+.*\n", "", text)
    (content / "pack.yaml").write_text(text, encoding="utf-8")
    return content


MEASURE = """
import json, resource, sys, time
from pathlib import Path
from briefpack.build import pipeline
options = pipeline.Options(content=Path(sys.argv[1]), out=Path(sys.argv[2]), kinds=("handout",),
                           editions=("screen", "print"), force=True, jobs=2, personalise=sys.argv[3] == "1")
builder = pipeline.Builder()
started = time.perf_counter()
report = builder.build(options)
seconds = time.perf_counter() - started
builder.close()
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "outputs": len(report.records), "rss_kib": me, "worker_rss_kib": workers}))
"""


def measured_build(content: Path, out: Path, personalise: bool) -> dict:
    done = subprocess.run([PY, "-c", MEASURE, str(content), str(out), "1" if personalise else "0"], check=True,
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def separate_renders(content: Path, sample: int) -> float:
    """Seconds per participant for a full render of their handout in each edition, each with their name."""
    from briefpack.build import pipeline
    from briefpack.pdf.engine import Job, render_job
    from briefpack.pdf.renderer import PdfRenderer

    options = pipeline.Options(content=content, kinds=("handout",), editions=("screen", "print"))
    loaded = pipeline.load(options)
    stage = pipeline.HtmlStage(loaded, options)
    renderer = PdfRenderer(options.paths)
    specs = [s for s in pipeline.plan(loaded, options) if s.group == GROUPS[0] and not s.booklet]
    assert loaded.pack.roster is not None
    people = loaded.pack.roster.in_group(GROUPS[0])[:sample]
    with tempfile.TemporaryDirectory() as out:
        render_job(renderer, Job(specs[0], stage.html(specs[0]), {}, 0, Path(out), 0))  # warm up
        started = time.perf_counter()
        for person in people:
            for spec in specs:
                box = f'<p class="stamp">{person.name}, {person.organisation}, {person.role}</p>'
                html = stage.html(spec).replace('<header class="title-block">', box + '<header class="title-block">')
                render_job(renderer, Job(spec, html, {}, 0, Path(out), 0))
        return (time.perf_counter() - started) / len(people)


def main() -> None:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--sample", type=int, default=8)
    parser.add_argument("--runs", type=int, default=5, help="runs to take the median of (default 5)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the briefpack checkout to measure")
    args = parser.parse_args()
    ROOT = args.root.resolve()
    sys.path.insert(0, str(ROOT))
    import weasyprint

    print(f"machine: {len(__import__('os').sched_getaffinity(0))} cores, Python {platform.python_version()}, "
          f"WeasyPrint {weasyprint.__version__}; measuring {ROOT}, median of {args.runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        content = pack_with(folder / "big", args.people)
        runs = []
        for n in range(args.runs):
            plain = measured_build(content, folder / f"plain-{n}", personalise=False)
            personal = measured_build(content, folder / f"personal-{n}", personalise=True)
            separately = separate_renders(content, args.sample) * args.people
            runs.append((plain, personal, separately))
            print(f"  run {n + 1}: plain {plain['seconds']:.2f} s, personalised {personal['seconds']:.2f} s, "
                  f"separately {separately:.2f} s: P1 = {personal['seconds'] / separately:.3f}, "
                  f"P2 = {personal['seconds'] / plain['seconds']:.2f}", flush=True)
        quarter = measured_build(pack_with(folder / "quarter", args.people // 4), folder / "personal-quarter",
                                 personalise=True)
        plain, personal = runs[-1][0], runs[-1][1]
        plain_s = statistics.median(r[0]["seconds"] for r in runs)
        personal_s = statistics.median(r[1]["seconds"] for r in runs)
        separately = statistics.median(r[2] for r in runs)
        p1 = statistics.median(r[1]["seconds"] / r[2] for r in runs)
        p2 = statistics.median(r[1]["seconds"] / r[0]["seconds"] for r in runs)
        print(f"roster: {args.people} people, 4 groups, Latin/Vietnamese/Greek/Cyrillic names, every role")
        print(f"plain build of the 4 handouts (both editions, --force):  {plain_s:7.2f} s "
              f"({plain['outputs']} outputs)")
        print(f"personalised build (both editions, --force):           {personal_s:7.2f} s "
              f"({personal['outputs']} outputs)")
        print(f"each participant's handout rendered separately:        {separately:7.2f} s "
              f"({separately / args.people:.3f} s per person for both editions, measured on {args.sample}, "
              f"times {args.people})")
        print(f"P1 = personalised / separately = {p1:.3f}   (target <= 0.05: {'met' if p1 <= 0.05 else 'NOT met'})")
        print(f"P2 = personalised / plain      = {p2:.2f}    (target <= 4: {'met' if p2 <= 4 else 'NOT met'})")
        print(f"peak memory, {args.people} people: build {personal['rss_kib'] / 1024:.0f} MiB, largest worker "
              f"{personal['worker_rss_kib'] / 1024:.0f} MiB; {args.people // 4} people: build "
              f"{quarter['rss_kib'] / 1024:.0f} MiB, largest worker {quarter['worker_rss_kib'] / 1024:.0f} MiB; "
              f"plain build {plain['rss_kib'] / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
