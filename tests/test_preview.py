"""`briefpack preview`: a real uvicorn on a free port of 127.0.0.1 serving a small pack's web edition. The Host
check, the stream of builds after an edit, an error shown with its file:line and cleared when fixed."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from briefpack.build import pipeline
from briefpack.build.options import Options
from briefpack.cli import preview as previewing
from briefpack.cli.main import main

from .conftest import chromium_driver, write_pack


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def served(tmp_path):
    import uvicorn

    content = write_pack(tmp_path / "pack")
    preview = previewing.Preview(Options(content=content, out=tmp_path / "out", editions=("web",)),
                                 echo=lambda *a, **k: None)
    preview.rebuild()
    preview.start_watching()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(previewing.make_app(preview), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield content, f"http://127.0.0.1:{port}", preview
    server.should_exit = True
    preview.close()
    thread.join(timeout=10)


def _events(url: str, count: int, timeout: float = 60) -> list[dict[str, object]]:
    """The first ``count`` build events of a new stream."""
    found: list[dict[str, object]] = []
    with httpx.stream("GET", url + previewing.EVENTS, timeout=timeout) as reply:
        assert reply.headers["content-type"].startswith("text/event-stream")
        for line in reply.iter_lines():
            if line.startswith("data: "):
                found.append(json.loads(line.removeprefix("data: ")))
                if len(found) == count:
                    break
    return found


def _wait_for(url: str, check, timeout: float = 60) -> dict[str, object]:
    """Follow the stream until an event passes ``check``."""
    with httpx.stream("GET", url + previewing.EVENTS, timeout=timeout) as reply:
        deadline = time.monotonic() + timeout
        for line in reply.iter_lines():
            if line.startswith("data: "):
                event = json.loads(line.removeprefix("data: "))
                if check(event):
                    return event
            assert time.monotonic() < deadline
    raise AssertionError("the stream ended")


def test_only_local_hosts_are_answered_and_no_cors(served):
    _, url, _ = served
    evil = httpx.get(url + "/index.html", headers={"Host": "evil.example"})
    assert evil.status_code == 400
    evil_port = httpx.get(url + "/index.html", headers={"Host": "evil.example:" + url.rsplit(":", 1)[1]})
    assert evil_port.status_code == 400
    for host in ("127.0.0.1", "localhost", "localhost:" + url.rsplit(":", 1)[1]):
        good = httpx.get(url + "/index.html", headers={"Host": host, "Origin": "http://evil.example"})
        assert good.status_code == 200, host
        assert not any(h.lower().startswith("access-control-") for h in good.headers)
        assert previewing.EVENTS in good.text and "<main" in good.text


def test_nothing_outside_the_folder_is_served(served, tmp_path):
    _, url, _ = served
    for path in ("/../pack/pack.yaml", "/%2e%2e/pack/pack.yaml", "/..%2fpack%2fpack.yaml", "/../manifest.json"):
        assert httpx.get(url + path).status_code == 404, path


def test_an_edit_is_pushed_then_an_error_shows_its_place_and_clears(served):
    content, url, preview = served
    first = _events(url, 1)[0]
    groups = content / "groups.yaml"
    original = groups.read_text(encoding="utf-8")
    question = next(line for line in original.splitlines() if line.strip().startswith("- ") and len(line) > 30)
    changed = question.replace("- ", "- Edited in preview, ", 1)
    groups.write_text(original.replace(question, changed, 1), encoding="utf-8")
    event = _wait_for(url, lambda e: e["version"] > first["version"])
    assert event["error"] is None
    pages = [p.name for p in (preview.folder).glob("handout-*.html")]
    assert any("Edited in preview" in httpx.get(f"{url}/{name}").text for name in pages)

    groups.write_text(original.replace(question, changed + "\n  - [unclosed", 1), encoding="utf-8")
    event = _wait_for(url, lambda e: e["error"] is not None)
    assert "groups.yaml:" in str(event["error"])
    page = httpx.get(url + "/index.html").text
    assert previewing.BANNER_ID in page and "groups.yaml:" in page and 'role="alert"' in page
    assert "<main" in page  # the last good page is still there

    groups.write_text(original, encoding="utf-8")
    _wait_for(url, lambda e: e["error"] is None)
    page = httpx.get(url + "/index.html").text
    assert "groups.yaml:" not in page and "Edited in preview" not in httpx.get(f"{url}/{pages[0]}").text


def test_preview_is_a_command():
    assert "preview" in main.commands
    option_names = {p.name for p in main.commands["preview"].params}
    assert {"content", "port", "open_browser"} <= option_names


def test_the_error_banner_escapes_the_message():
    banner = previewing.banner("a.yaml:1:2: <script>alert(1)</script>")
    assert "<script>" not in banner and "&lt;script&gt;" in banner


def test_ctrl_c_exits_130_and_frees_the_port(tmp_path):
    import signal
    import subprocess
    import sys

    port = _free_port()
    process = subprocess.Popen([str(Path(sys.executable).parent / "briefpack"), "preview", "--content",
                                str(write_pack(tmp_path / "pack")), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/index.html").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, process.stderr.read() if process.stderr else ""
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # free again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # nothing written beside the pack


@pytest.fixture()
def browser():
    driver = chromium_driver()
    yield driver
    driver.quit()


def test_an_open_page_changes_without_a_reload_and_keeps_its_place(served, browser):
    content, url, _ = served
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 320, "height": 300, "deviceScaleFactor": 1, "mobile": False})
    browser.get(f"{url}/handout-data-sharing.html")
    deadline = time.monotonic() + 30
    while not browser.execute_script("return document.readyState === 'complete'") and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # the event stream is open and has said which build the page shows
    browser.execute_script("window.scrollTo(0, 200); window.stillThisPage = true;")
    groups = content / "groups.yaml"
    original = groups.read_text(encoding="utf-8")
    groups.write_text(original.replace("Who pays for monitoring stations?", "Who pays for the river gauges?"),
                      encoding="utf-8")
    deadline = time.monotonic() + 60
    while "river gauges" not in browser.execute_script("return document.querySelector('main').textContent"):
        assert time.monotonic() < deadline, "the page did not change"
        time.sleep(0.1)
    assert browser.execute_script("return window.stillThisPage === true")  # not reloaded
    assert browser.execute_script("return window.scrollY") == 200
    groups.write_text(original + "\n  - [", encoding="utf-8")

    def banner() -> str:  # read in one script: the page swaps its parts while we look
        return str(browser.execute_script("const b = document.getElementById(arguments[0]);"
                                          "return b ? b.textContent : '';", previewing.BANNER_ID))

    deadline = time.monotonic() + 60
    while "groups.yaml:" not in banner():
        assert time.monotonic() < deadline, "the error did not appear"
        time.sleep(0.1)
    assert "river gauges" in browser.execute_script("return document.querySelector('main').textContent")  # kept
    groups.write_text(original, encoding="utf-8")
    deadline = time.monotonic() + 60
    while banner().strip():
        assert time.monotonic() < deadline, "the error did not go away"
        time.sleep(0.1)
    assert browser.execute_script("return window.stillThisPage === true")


def test_the_screen_pdfs_are_built_in_the_background_and_linked_when_ready(tmp_path):
    preview = previewing.Preview(Options(content=write_pack(tmp_path / "pack"), out=tmp_path / "out",
                                         editions=("web",)), echo=lambda *a, **k: None, pdfs=True)
    try:
        preview.rebuild()
        assert "pdf/concept-note.pdf" not in (preview.folder / "index.html").read_text(encoding="utf-8")
        preview.start_watching()
        deadline = time.monotonic() + 180
        while preview.state.snapshot()[0] < 2:
            assert time.monotonic() < deadline, "the PDFs were not built"
            time.sleep(0.1)
        index = (preview.folder / "index.html").read_text(encoding="utf-8")
        assert 'href="pdf/concept-note.pdf"' in index
        assert (preview.folder / "pdf" / "concept-note.pdf").read_bytes()[:5] == b"%PDF-"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "pack"]
    finally:
        preview.close()


def test_each_persons_view_is_under_an_opaque_id(tmp_path):
    import re

    from starlette.testclient import TestClient

    from .test_participants import ROSTER

    content = write_pack(tmp_path / "pack")
    (content / "participants.csv").write_text(ROSTER, encoding="utf-8")
    preview = previewing.Preview(Options(content=content, out=tmp_path / "out", editions=("web",)),
                                 echo=lambda *a, **k: None)
    try:
        preview.rebuild()
        client = TestClient(previewing.make_app(preview), base_url="http://127.0.0.1:8765")
        listing = client.get("/_people/").text
        links = re.findall(r'href="/_people/([^"]+)">([^<]+)</a>', listing)
        assert len(links) == 10 and all(re.fullmatch(r"[0-9a-f]{16}", i) for i, _ in links)
        names = dict(links)
        olga = next(i for i, name in links if name == "Olga Nowak")
        page = client.get(f"/_people/{olga}")
        assert page.status_code == 200 and "Olga Nowak" in page.text and "Who pays for monitoring" in page.text
        assert '<base href="/">' in page.text
        assert client.get("/_people/" + "0" * 16).status_code == 404
        assert all(name not in i for i, name in names.items())
        other = previewing.People()
        other.read(pipeline.load(preview.options).pack)
        assert olga not in other.by_id  # a key of each preview: an id confirms no guessed name elsewhere
    finally:
        preview.close()


def test_a_port_in_use_is_one_line_naming_another(tmp_path):
    import socket

    from click.testing import CliRunner

    from briefpack.cli.main import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["preview", "--content", str(write_pack(tmp_path / "pack")),
                                           "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == (f"Error: port {port} on 127.0.0.1 is not free (Address already in use; expected a free "
                             f"port: give another with --port, e.g. --port {port + 1})\n")
