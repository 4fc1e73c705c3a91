"""One door for every path a pack names: templates, stylesheets, images and the renderer's fetcher read only
inside the pack (or the engine's own folders), refusals are one line at their place and never echo the refused
file, no PDF embeds a file, and images are checked against the pixel limit before anything decodes them."""

from __future__ import annotations

import base64
import os
import struct
import threading
import warnings
import zlib
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from briefpack.build import pipeline
from briefpack.cli import main
from briefpack.content.paths import Paths
from briefpack.errors import BuildError, ContentError
from briefpack.pdf.renderer import PdfRenderer

from .conftest import ROOT, write_pack

MARKER = "door-secret-7f3a"  # in every file outside the pack: no PDF or message may ever show it
CITES = "[^basin-report][^treaty-db][^commission-study]"
DOCUMENT = ('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>{}</p></body></html>')


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` grey pixels but holds a few bytes of image data: cheap to make,
    and only a decoder that trusts the header would allocate the whole image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the pack holding what a hostile pack would like to print."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.html").write_text(f"<p>{MARKER}</p>\n")
    (folder / "endnotes.html").write_text(DOCUMENT.format(MARKER))
    (folder / "endnotes.css").write_text(f"{MARKER} root:x:0:0 {{ color: red }}\n")
    (folder / "base.css").write_text(f"{MARKER} {{ color: red }}\n")
    (folder / "dot.png").write_bytes(png_header(4, 4))
    return folder


def build(folder: Path, tmp_path: Path, kind: str = "endnotes", **options) -> Path:
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=(kind,), jobs=options.pop("jobs", 1), **options))
    return out


def refused(folder: Path, tmp_path: Path, kind: str = "endnotes", **options) -> str:
    """The message of the build's error; nothing of the outside files in it, and no PDF written."""
    with pytest.raises(BuildError) as info:
        build(folder, tmp_path, kind, **options)
    message = info.value.message
    assert MARKER not in message and "root:x" not in message
    assert not list((tmp_path / "out").rglob("*.pdf"))
    return message


# --- templates ---------------------------------------------------------------------------------------------

def test_an_include_of_a_template_linked_outside_the_pack_is_refused_at_its_line(tmp_path, outside):
    folder = write_pack(tmp_path / "c")
    (folder / "templates").mkdir()
    (folder / "templates" / "secret.html").symlink_to(outside / "secret.html")
    (folder / "templates" / "endnotes.html").write_text('<!DOCTYPE html>\n<html lang="en"><head><title>t</title>'
                                                        "</head><body>\n{% include 'secret.html' %}\n</body></html>\n")
    message = refused(folder, tmp_path)
    assert message.endswith("c/templates/endnotes.html:3: includes "
                            f"{folder / 'templates' / 'secret.html'}, which is a link to a file outside the "
                            "pack's templates/ folder (expected the file itself, or a link inside the folder)")


def test_a_pack_template_linked_outside_the_pack_is_refused(tmp_path, outside):
    folder = write_pack(tmp_path / "c")
    (folder / "templates").mkdir()
    (folder / "templates" / "endnotes.html").symlink_to(outside / "endnotes.html")
    assert refused(folder, tmp_path).endswith(
        "c/templates/endnotes.html: is a link to a file outside the pack's templates/ folder (expected the file "
        "itself, or a link inside the folder)")


def test_a_templates_folder_that_links_outside_the_pack_is_refused(tmp_path, outside):
    folder = write_pack(tmp_path / "c")
    (folder / "templates").symlink_to(outside)
    assert refused(folder, tmp_path).endswith(
        "c/templates: is a link to a folder outside the content folder (expected the folder itself, or a link to "
        "a folder inside it)")


# --- stylesheets -------------------------------------------------------------------------------------------

def test_a_stylesheet_linked_outside_is_refused_without_echoing_its_text(tmp_path, outside):
    folder = write_pack(tmp_path / "c")
    (folder / "styles").mkdir()
    (folder / "styles" / "endnotes.css").symlink_to(outside / "endnotes.css")
    assert refused(folder, tmp_path).endswith(
        "c/styles/endnotes.css: is a link to a file outside the pack's styles/ folder (expected the file itself, "
        "or a link inside the folder)")


def test_a_styles_folder_that_links_outside_is_refused_with_workers_too(tmp_path, outside):
    """Started workers warm up on base.css before any job: a refused one must not stop the pool, and the job
    that asks for it again reports it."""
    folder = write_pack(tmp_path / "c")
    (folder / "styles").symlink_to(outside)
    out = tmp_path / "out"
    result = CliRunner().invoke(main.main, ["all", "--content", str(folder), "--out", str(out), "-j", "2"])
    assert result.exit_code == 1 and MARKER not in result.output and "Traceback" not in result.output
    assert result.output.endswith(
        "c/styles: is a link to a folder outside the content folder (expected the folder itself, or a link to "
        "a folder inside it)\n")
    assert not list(out.rglob("*.pdf"))


def test_stylesheets_are_read_through_the_fetcher(tmp_path):
    renderer = PdfRenderer(Paths.default(write_pack(tmp_path / "c")))
    fetched = []
    fetch = renderer.fetcher.fetch

    def spy(url, headers=None):
        fetched.append(url)
        return fetch(url, headers)

    renderer.fetcher.fetch = spy
    renderer.stylesheet("endnotes.css")
    assert (ROOT / "styles" / "endnotes.css").as_uri() in fetched


def test_the_html_command_refuses_a_stylesheet_linked_outside(tmp_path, outside):
    folder = write_pack(tmp_path / "c")
    (folder / "styles").mkdir()
    (folder / "styles" / "endnotes.css").symlink_to(outside / "endnotes.css")
    result = CliRunner().invoke(main.main, ["html", "--content", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output and MARKER not in result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "styles/endnotes.css: is a link to a file outside the pack's styles/ folder" in result.output
    assert not list((tmp_path / "out").rglob("*.html"))  # all pages or none: nothing written before the refusal


# --- what the renderer may fetch ---------------------------------------------------------------------------

@pytest.mark.parametrize("linked", ["assets", "styles"])
def test_a_folder_that_links_outside_does_not_widen_what_the_renderer_reads(tmp_path, linked):
    elsewhere = tmp_path / "elsewhere"  # no stylesheet here: only the fetcher is asked
    elsewhere.mkdir()
    (elsewhere / "dot.png").write_bytes(png_header(4, 4))
    folder = write_pack(tmp_path / "c")
    (folder / linked).symlink_to(elsewhere)
    renderer = PdfRenderer(Paths.default(folder))
    url = (elsewhere / "dot.png").as_uri()
    with pytest.raises(BuildError, match=f"^t.pdf: blocked a fetch of {url} "):
        renderer.render(DOCUMENT.format(f'<img src="{url}" alt="x">'), ["base.css"], "t.pdf")


def test_a_markdown_image_in_an_assets_folder_linked_outside_is_refused_at_its_place(tmp_path, outside):
    folder = write_pack(tmp_path / "c", concept_note="sections:\n  - id: p\n    title: P\n    body: |\n"
                        f"      ![A dot](dot.png){CITES}\n")
    (folder / "assets").symlink_to(outside)
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    assert [str(p) for p in info.value.problems] == [
        f"{folder / 'concept-note.yaml'}:5:16: image 'dot.png' is in assets/, a link to a folder outside the content "
        "folder (expected the folder itself, or a link to a folder inside the content folder)"]


# --- attachments -------------------------------------------------------------------------------------------

def embedded_files(data: bytes) -> list[str]:
    """Every file a PDF embeds: the document's /EmbeddedFiles and each page's /FileAttachment annotations."""
    import io

    with pikepdf.Pdf.open(io.BytesIO(data)) as pdf:
        found = [str(name) for name in pdf.Root.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])[::2]]
        for page in pdf.pages:
            found += [str(annot.get("/Contents", "?")) for annot in page.get("/Annots", [])
                      if annot.get("/Subtype") == "/FileAttachment"]
    return found


@pytest.mark.parametrize("tag", ['<a rel="attachment" href="{url}">the report</a>',
                                 '<link rel="attachment" href="{url}">'])
def test_no_pdf_embeds_a_file_even_from_the_pack(tmp_path, tag):
    folder = write_pack(tmp_path / "c")
    (folder / "assets").mkdir()
    (folder / "assets" / "report.txt").write_text("inside the pack, still not to be embedded")
    renderer = PdfRenderer(Paths.default(folder))
    html = DOCUMENT.format(tag.format(url=(folder / "assets" / "report.txt").as_uri()))
    try:
        pdf = renderer.render(html, ["base.css"], "t.pdf")
    except BuildError as exc:
        assert exc.message.startswith("t.pdf: refused an attachment (")
        assert exc.message.endswith('(a PDF embeds no files: expected no rel="attachment" in templates)')
    else:
        pytest.fail(f"rendered, embedding {embedded_files(pdf.data)}")


def test_a_built_pack_with_an_attachment_link_writes_no_pdf(tmp_path):
    folder = write_pack(tmp_path / "c")
    (folder / "assets").mkdir()
    (folder / "assets" / "report.txt").write_text("a file of the pack")
    template = (ROOT / "templates" / "endnotes.html").read_text().replace(
        "{{ title_block(document_title, seminar_title()) }}",
        f'<a rel="attachment" href="{(folder / "assets" / "report.txt").as_uri()}">report</a>')
    (folder / "templates").mkdir()
    (folder / "templates" / "endnotes.html").write_text(template)
    try:
        build(folder, tmp_path)
    except BuildError as exc:
        message = exc.message
    else:
        pytest.fail(f"built, embedding {embedded_files((tmp_path / 'out' / 'endnotes.pdf').read_bytes())}")
    assert message.startswith("endnotes.pdf: refused an attachment (file://")
    assert not list((tmp_path / "out").rglob("*.pdf"))


# --- image limits ------------------------------------------------------------------------------------------

def test_an_oversized_image_is_refused_at_its_place_before_decoding(tmp_path):
    folder = write_pack(tmp_path / "c", concept_note="sections:\n  - id: p\n    title: P\n    body: |\n"
                        f"      ![A map](map.png){CITES}\n")
    (folder / "assets").mkdir()
    (folder / "assets" / "map.png").write_bytes(png_header(10000, 10000))
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    assert [str(p) for p in info.value.problems] == [
        f"{folder / 'concept-note.yaml'}:5:16: image 'map.png' is 10000 x 10000 pixels (100.0 megapixels; expected "
        "at most 40 megapixels: scale it down, 300 ppi at its printed size is enough)"]


def test_an_oversized_logo_is_refused_at_its_place(tmp_path):
    pack = (ROOT / "tests" / "data" / "small-pack" / "pack.yaml").read_text()
    folder = write_pack(tmp_path / "c", pack=pack + "logos:\n  - file: host.png\n    name: Host\n")
    (folder / "assets").mkdir()
    (folder / "assets" / "host.png").write_bytes(png_header(60000, 1000))
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    assert [p.message for p in info.value.problems] == [
        "logo 'host.png' is 60000 x 1000 pixels (60.0 megapixels; expected at most 40 megapixels: scale it down, "
        "300 ppi at its printed size is enough)"]


@pytest.mark.parametrize("width, height", [(7000, 7000), (20000, 20000)])  # Pillow: a warning; an error
def test_the_renderer_refuses_an_oversized_image_before_decoding_it(tmp_path, width, height):
    folder = write_pack(tmp_path / "c")
    (folder / "assets").mkdir()
    (folder / "assets" / "huge.png").write_bytes(png_header(width, height))
    renderer = PdfRenderer(Paths.default(folder))
    url = (folder / "assets" / "huge.png").as_uri()
    with warnings.catch_warnings(record=True) as seen, pytest.raises(BuildError) as info:
        warnings.simplefilter("always")
        renderer.render(DOCUMENT.format(f'<img src="{url}" alt="x">'), ["base.css"], "t.pdf")
    assert info.value.message == (
        f"t.pdf: image huge.png is {width} x {height} pixels ({width * height / 1e6:.1f} megapixels; expected at "
        f"most 40 megapixels: scale it down, 300 ppi at its printed size is enough)")
    assert not [w for w in seen if "Decompression" in type(w.message).__name__]


def test_an_oversized_image_in_a_data_url_is_refused(tmp_path):
    renderer = PdfRenderer(Paths.default(write_pack(tmp_path / "c")))
    url = "data:image/png;base64," + base64.b64encode(png_header(9000, 9000)).decode()
    with pytest.raises(BuildError, match=r"^t\.pdf: image in a data: URL is 9000 x 9000 pixels \(81\.0 megapixels"):
        renderer.render(DOCUMENT.format(f'<img src="{url}" alt="x">'), ["base.css"], "t.pdf")


# --- content files -----------------------------------------------------------------------------------------

def test_a_content_file_that_is_a_pipe_is_refused_unread(tmp_path):
    """A FIFO would hold the build until someone writes to it: here a writer waits for a reader, so the old
    reader that blocked gets a YAML file and passes, and the door's refusal shows that nothing was read."""
    folder = write_pack(tmp_path / "c")
    (folder / "notes.yaml").unlink()
    os.mkfifo(folder / "notes.yaml")
    stop = threading.Event()

    def writer():
        while not stop.is_set():
            try:
                fd = os.open(folder / "notes.yaml", os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                stop.wait(0.01)
                continue
            os.write(fd, b"notes: {}\n")
            os.close(fd)
            return

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with pytest.raises(ContentError) as info:
            pipeline.load(pipeline.Options(content=folder))
    finally:
        stop.set()
        thread.join()
    assert f"{folder / 'notes.yaml'}:1:1: is not a regular file (expected a text file)" in [
        str(p) for p in info.value.problems]
