"""Nothing in content escapes the project or reaches the network, and no build ever loses a good PDF."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pypdf
import pytest

from briefpack.build import pipeline
from briefpack.content.paths import Paths
from briefpack.errors import BuildError, ContentError
from briefpack.pdf.renderer import PdfRenderer

from . import pdfcheck
from .conftest import ROOT, SMALL_CONTENT, write_pack

SECRET = Path("/etc/passwd")


@pytest.fixture(scope="module")
def renderer():
    return PdfRenderer(Paths.default(SMALL_CONTENT))


@pytest.fixture
def http_server():
    """A local server that counts every request it receives."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


@pytest.mark.parametrize("html", [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="file:///etc/passwd">',
    '<style>@import url(file:///etc/passwd);</style>',
    '<style>body { background: url(file:///etc/passwd) }</style>',
    '<object data="file:///etc/passwd"></object>',
])
def test_renderer_refuses_files_outside_the_project(renderer, html):
    with pytest.raises(BuildError, match="blocked a fetch of file:///etc/passwd"):
        renderer.render(f"<p>x</p>{html}", ["base.css"], "test.pdf")


def test_attachments_outside_the_project_are_refused(renderer):
    with pytest.raises(BuildError, match=r"refused an attachment \(file:///etc/passwd\)"):
        renderer.render('<a rel="attachment" href="file:///etc/passwd">x</a>', ["base.css"], "t.pdf")


@pytest.mark.parametrize("tag", ['<img src="{url}/a.png">', '<link rel="stylesheet" href="{url}/s.css">',
                                 '<style>@import url({url}/s.css);</style>'])
def test_renderer_never_reaches_the_network(renderer, http_server, tag):
    url, requests = http_server
    with pytest.raises(BuildError, match="blocked a fetch"):
        renderer.render("<p>x</p>" + tag.format(url=url), ["base.css"], "t.pdf")
    assert requests == []


def test_content_naming_secrets_or_servers_builds_nothing(tmp_path, http_server):
    url, requests = http_server
    body = (f"![a](/etc/passwd) ![b](../../../../etc/passwd) ![c]({url}/c.png) [d](file:///etc/passwd)\n"
            "      [^basin-report][^treaty-db][^commission-study]")
    folder = write_pack(tmp_path / "c", concept_note=f"sections:\n  - id: p\n    title: P\n    body: |\n      {body}\n")
    with pytest.raises(ContentError) as info:
        pipeline.build(pipeline.Options(content=folder, out=tmp_path / "out"))
    assert len(info.value.problems) == 4
    assert not (tmp_path / "out").exists() and requests == []


def test_symlink_in_assets_cannot_lead_outside(tmp_path):
    folder = write_pack(tmp_path / "c", concept_note="sections:\n  - id: p\n    title: P\n    body: |\n"
                        "      ![map](map.png)[^basin-report][^treaty-db][^commission-study]\n")
    (folder / "assets").mkdir()
    (folder / "assets" / "map.png").symlink_to(SECRET)
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    assert [p.message for p in info.value.problems] == [
        "image 'map.png' leads outside the assets folder (expected a path inside the pack's assets/ folder, "
        "e.g. 'maps/region.png')"]


def test_literal_html_option_escapes_everything(tmp_path):
    folder = write_pack(tmp_path / "c", concept_note="sections:\n  - id: p\n    title: P\n    body: |\n"
                        '      <a rel="attachment" href="file:///etc/passwd">x</a> <img src="file:///etc/passwd">\n'
                        "      [^basin-report][^treaty-db][^commission-study]\n")
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=("concept-note",), html_as_text=True))
    data = (out / "concept-note.pdf").read_bytes()
    assert b"/EmbeddedFile" not in data
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out / "concept-note.pdf").pages)
    assert '<a rel="attachment"' in " ".join(text.split())


def test_images_from_assets_are_rendered(tmp_path):
    folder = write_pack(tmp_path / "c", concept_note="sections:\n  - id: p\n    title: P\n    body: |\n"
                        "      ![A dot](dot.png)[^basin-report][^treaty-db][^commission-study]\n")
    (folder / "assets").mkdir()
    (folder / "assets" / "dot.png").write_bytes(png(40, 30))
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=("concept-note",)))
    images = [image for page in pypdf.PdfReader(out / "concept-note.pdf").pages for image in page.images]
    assert {image.data for image in images} == {images[0].data}  # one image (pages share their resources)
    assert images[0].image.size == (40, 30)  # the asset itself


def png(width: int, height: int) -> bytes:
    """A small grey PNG, made here so the test needs no image library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes([128]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# --- never lose a good PDF ---------------------------------------------------------------------------------

HANG = """
import os, sys, time
from pathlib import Path
point = sys.argv[1]
real = getattr(os, point)
def hang(*args, **kwargs):
    print("hanging", flush=True)
    time.sleep(float(sys.argv[3]))
    return real(*args, **kwargs)
setattr(os, point, hang)
from briefpack.cli.main import main
main(["all", "--edition", "screen", "--content", sys.argv[2], "--out", sys.argv[4], "-j", "1"])
"""


def previous_build(tmp_path) -> tuple[Path, Path, dict]:
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out))
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    edited = write_pack(tmp_path / "edited", notes=(SMALL_CONTENT / "notes.yaml").read_text()
                        .replace("Treaty database", "Treaty register"))
    return out, edited, before


def start(point: str, content: Path, out: Path, sleep: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HANG, point, str(content), str(sleep), str(out)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.strip() == "hanging":
            return process
    raise AssertionError(f"the build never reached the hang point: {process.stderr.read()}")


@pytest.mark.parametrize("point", ["fsync", "replace"])
def test_kill_9_mid_write_leaves_previous_pdfs_intact(tmp_path, point):
    """Killed while the first new PDF is being written (fsync) or is about to replace the old one (replace)."""
    out, edited, before = previous_build(tmp_path)
    process = start(point, edited, out, 30)
    process.kill()
    process.wait()
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == before
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".briefpack-")]
    assert leftovers  # hidden
    pipeline.build(pipeline.Options(content=edited, out=out))
    assert not [p for p in out.iterdir() if p.name.startswith(".briefpack-")]  # cleaned on the next run
    (tmp_path / "before-endnotes.pdf").write_bytes(before["endnotes.pdf"])
    assert "Treaty register" not in pdfcheck.words(tmp_path / "before-endnotes.pdf")
    assert "Treaty register" in pdfcheck.words(out / "endnotes.pdf")  # the rebuild after the kill has the edit


def test_sigterm_while_rendering_keeps_previous_pdfs(tmp_path):
    out, edited, before = previous_build(tmp_path)
    process = start("getpid", edited, out, 30)  # getpid is not called on the write path: hang while loading
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode != 0
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == before


def test_sigterm_while_replacing_completes_the_whole_set(tmp_path):
    out, edited, before = previous_build(tmp_path)
    process = start("replace", edited, out, 1.0)
    process.send_signal(signal.SIGTERM)  # held until every file is replaced and the manifest written
    process.communicate(timeout=60)
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert set(after) == set(before)
    manifest = json.loads(after["manifest.json"])
    assert {e["path"]: e["sha256"] for e in manifest["outputs"]} == {
        name: hashlib.sha256(data).hexdigest() for name, data in after.items() if name != "manifest.json"}
    assert after["endnotes.pdf"] != before["endnotes.pdf"]  # the new set, whole


def test_output_path_problems_are_reported_before_rendering(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BuildError, match="cannot create the output folder"):
        pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=blocker / "out"), renderer=object())
    with pytest.raises(BuildError, match="the output path is a file"):
        pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=blocker), renderer=object())


def test_written_files_have_sane_permissions(tmp_path):
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out, kinds=("endnotes",)))
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "endnotes.pdf").stat().st_mode & 0o777 == 0o666 & ~umask



def test_a_broken_image_fails_the_build_naming_the_content_file(tmp_path):
    folder = write_pack(tmp_path / "c", concept_note="sections:\n  - id: p\n    title: P\n    body: |\n"
                        "      Intro.\n      ![A map](map.png)[^basin-report][^treaty-db][^commission-study]\n")
    (folder / "assets").mkdir()
    (folder / "assets" / "map.png").write_bytes(b"not a png at all")
    with pytest.raises(BuildError) as info:
        pipeline.build(pipeline.Options(content=folder, out=tmp_path / "out", kinds=("concept-note",)))
    message = info.value.message
    assert message.startswith("concept-note.pdf: WeasyPrint reported problems (strict mode):")
    assert "map.png" in message and "concept-note.yaml:6:16)" in message
    assert not (tmp_path / "out" / "concept-note.pdf").exists()


def test_content_is_never_compiled_as_a_template(tmp_path):
    folder = write_pack(tmp_path / "c", concept_note="sections:\n  - id: p\n    title: \"{{ 7 * 7 }}\"\n    body: |\n"
                        "      {% for x in range(3) %}loop{% endfor %} {{ config }}"
                        "[^basin-report][^treaty-db][^commission-study]\n")
    loaded = pipeline.load(pipeline.Options(content=folder))
    spec = pipeline.plan(loaded, pipeline.Options(kinds=("concept-note",)))[0]
    html = pipeline.html_for(loaded, spec)
    assert "{{ 7 * 7 }}" in html and "{% for x in range(3) %}loop{% endfor %} {{ config }}" in html


def test_a_weasyprint_crash_names_the_document(renderer):
    deep = "<div>" * 400 + "x" + "</div>" * 400
    with pytest.raises(BuildError, match=r"^deep\.pdf: WeasyPrint could not lay out the document \(RecursionError\)"):
        renderer.render(deep, ["base.css"], "deep.pdf")


def test_a_full_disk_while_writing_keeps_the_previous_pdfs(tmp_path, monkeypatch):
    import errno

    from briefpack.output import transaction

    out, edited, before = previous_build(tmp_path)
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(transaction.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(BuildError, match=r"\.pdf: the output folder's disk is full \(.* needed, .* free\)"):
        pipeline.build(pipeline.Options(content=edited, out=out))
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".briefpack-")]


def test_a_read_only_output_folder_is_reported_before_rendering(tmp_path, monkeypatch):
    import errno

    from briefpack.output import transaction

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(transaction.tempfile, "mkstemp", refuse)
    with pytest.raises(BuildError, match=r"the output folder is not writable \(Read-only file system\)"):
        pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=tmp_path / "out"), renderer=object())


def test_a_content_file_linking_outside_the_content_folder_is_not_read(tmp_path):
    folder = write_pack(tmp_path / "c")
    (folder / "notes.yaml").unlink()
    (folder / "notes.yaml").symlink_to(SECRET)
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    messages = [str(p) for p in info.value.problems]
    assert any(m.endswith("notes.yaml:1:1: is a link to a file outside the content folder (expected the file "
                          "itself, or a link inside the folder)") for m in messages)
    assert not any("root:x" in m or "nologin" in m for m in messages)  # nothing of the file was read
