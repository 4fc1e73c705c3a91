#!/usr/bin/env python3
"""Web edition benchmark on the default pack; prints ratios, not verdicts of a test suite.

W1 = cold build of the web edition alone (--edition web --force, a new process: median of N)
     / cold build of the screen PDFs (--edition screen --force, every core; median of N)       target <= 0.3
W2 = the preview's time from a save (one question of groups.yaml edited) to the open page showing it, in headless
     chromium through the server-sent events (median of N, default 10)                          target < 1 s

usage: python benchmarks/web_bench.py [--repeat N] [--only build|preview]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BRIEFPACK = Path(sys.executable).parent / "briefpack"


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - started


def build_ratio(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        web = [timed([str(BRIEFPACK), "all", "--content", str(CONTENT), "--out", str(out / "web"), "--edition",
                      "web", "--force", "-q"]) for _ in range(repeat)]
        screen = [timed([str(BRIEFPACK), "all", "--content", str(CONTENT), "--out", str(out / "pdf"), "--edition",
                         "screen", "--force", "-q"]) for _ in range(repeat)]
    w, s = statistics.median(web), statistics.median(screen)
    print(f"web edition (cold, new process): median {w:.2f} s of {repeat} ({', '.join(f'{t:.2f}' for t in web)})")
    print(f"screen PDFs (cold, every core):  median {s:.2f} s of {repeat} ({', '.join(f'{t:.2f}' for t in screen)})")
    print(f"W1 = {w / s:.2f}  (target <= 0.3)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def preview_latency(repeat: int) -> None:
    import uvicorn
    from selenium import webdriver

    from briefpack.build.options import Options
    from briefpack.cli import preview as previewing

    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "pack"
        shutil.copytree(CONTENT, content)
        preview = previewing.Preview(Options(content=content, out=Path(folder) / "out", editions=("web",)),
                                     echo=lambda *a, **k: None)
        preview.rebuild()
        preview.start_watching()
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(previewing.make_app(preview), host="127.0.0.1", port=port,
                                               log_level="warning", lifespan="off"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "chromium"  # Debian's: no download
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(argument)
        service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
        driver = webdriver.Chrome(options=options, service=service)
        try:
            groups = content / "groups.yaml"
            original = groups.read_text(encoding="utf-8")
            question = "What would such policies be?"
            driver.get(f"http://127.0.0.1:{port}/handout-justice.html")
            time.sleep(2)
            times = []
            for n in range(repeat):
                marker = f"What would such policies (edit {n}) be?"
                started = time.perf_counter()
                groups.write_text(original.replace(question, marker), encoding="utf-8")
                assert marker in groups.read_text(encoding="utf-8")
                while marker not in driver.execute_script("return document.querySelector('main').textContent"):
                    time.sleep(0.01)
                times.append(time.perf_counter() - started)
            groups.write_text(original, encoding="utf-8")
        finally:
            driver.quit()
            server.should_exit = True
            preview.close()
    print(f"preview, save to updated page: median {statistics.median(times):.2f} s of {repeat} "
          f"({', '.join(f'{t:.2f}' for t in times)})")
    print(f"W2 = {statistics.median(times):.2f} s  (target < 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("build", "preview"))
    args = parser.parse_args()
    if args.only != "preview":
        build_ratio(args.repeat)
    if args.only != "build":
        preview_latency(max(args.repeat, 10))


if __name__ == "__main__":
    main()
