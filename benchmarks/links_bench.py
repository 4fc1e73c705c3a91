#!/usr/bin/env python3
"""Link-check benchmark against local servers on 127.0.0.1 only (never an outside address).

A copy of the small test pack whose concept note links to 200 URLs on 10 local hosts, each answering after 20 ms;
`briefpack links` (the same code path as the command, cache included) checks them twice: the first run asks every
URL (4 at once per host), the second, within the cache's age, asks nothing.

usage: python benchmarks/links_bench.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefpack.build import pipeline  # noqa: E402
from briefpack.linkcheck.options import LinkOptions  # noqa: E402
from briefpack.linkcheck.run import run  # noqa: E402
from tests.conftest import write_pack  # noqa: E402
from tests.linkserver import LinkServer  # noqa: E402

HOSTS, PER_HOST, LATENCY = 10, 20, 0.02


def main() -> None:
    os.environ["NO_PROXY"] = "127.0.0.1"
    servers = [LinkServer(latency=LATENCY).__enter__() for _ in range(HOSTS)]
    try:
        with tempfile.TemporaryDirectory() as folder:
            urls = [f"{s.base}/page/{i}" for s in servers for i in range(PER_HOST)]
            body = "\n".join(f"      - <{url}>" for url in urls)
            concept = f"sections:\n  - id: links\n    title: Links\n    body: |\n{body}\n"
            notes = "notes:\n" + "".join(f"  {key}: A note without links.\n"
                                          for key in ("treaty-db", "basin-report", "commission-study"))
            content = write_pack(Path(folder) / "pack", concept_note=concept, notes=notes)
            loaded = pipeline.load(pipeline.Options(content=content, strict=False))
            options = LinkOptions(out=Path(folder) / "dist")
            for label in ("first run", "second run (cache)"):
                asked = sum(sum(s.hits.values()) for s in servers)
                started = time.perf_counter()
                outcome = run(loaded.pack, loaded.numbering, options, lambda *a, **k: None)
                seconds = time.perf_counter() - started
                asked = sum(sum(s.hits.values()) for s in servers) - asked
                print(f"{label:<20} {outcome.summary.urls} URLs, {outcome.summary.counts.get('ok', 0)} ok, "
                      f"{asked:>3} requests, {seconds:.2f} s")
            print(f"most requests at once to one host: {max(s.max_in_flight for s in servers)} (limit 4); "
                  f"the same URLs one at a time would take {HOSTS * PER_HOST * LATENCY:.1f} s of latency alone")
    finally:
        for server in servers:
            server.__exit__()


if __name__ == "__main__":
    main()
