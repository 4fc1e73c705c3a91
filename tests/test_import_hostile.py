"""Bad and hostile sources: each gets a one-line error naming the file, exit 1 through the CLI, and nothing is
written. The hostile files are made here from the committed test document, so each test shows its recipe."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from briefpack.cli.main import main

from .importhelpers import DATA, import_to

GOOD = DATA / "endnotes-python-docx.docx"
PANDOC = DATA / "footnotes-pandoc.docx"


def rezip(source: Path, target: Path, replace: dict[str, bytes] | None = None, add: dict | None = None) -> Path:
    """A copy of ``source`` with some parts replaced or added."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, body in add.items():
            new.writestr(name, body)
    return target


def part(name: str, source: Path = GOOD) -> bytes:
    with zipfile.ZipFile(source) as archive:
        return archive.read(name)


def refused(path: Path, tmp_path: Path) -> str:
    """Import through the CLI; assert exit 1, one line of error, nothing written; return the line."""
    dest = tmp_path / "pack"
    result = CliRunner().invoke(main, ["import", str(path), "--to", str(dest)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}:1:1: "), result.output
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".briefpack")] == []
    return lines[0]


def test_renamed_pdf(tmp_path):
    path = tmp_path / "note.docx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")
    assert "is a PDF, not a .docx" in refused(path, tmp_path)


def test_legacy_doc(tmp_path):
    path = tmp_path / "note.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000 + "WordDocument".encode("utf-16-le"))
    assert "is a legacy Word .doc" in refused(path, tmp_path)


def test_password_protected(tmp_path):
    path = tmp_path / "note.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000 + "EncryptedPackage".encode("utf-16-le")
                     + "EncryptionInfo".encode("utf-16-le"))
    assert "is password-protected" in refused(path, tmp_path)


def test_odt(tmp_path):
    path = tmp_path / "note.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "is an OpenDocument file (.odt)" in refused(path, tmp_path)


def test_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "note.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "is a zip but not a Word document" in refused(path, tmp_path)


def test_truncated_docx(tmp_path):
    path = tmp_path / "note.docx"
    path.write_bytes(GOOD.read_bytes()[: GOOD.stat().st_size // 2])
    assert "is a corrupt or truncated zip" in refused(path, tmp_path)


def test_corrupt_part(tmp_path):
    data = bytearray(GOOD.read_bytes())
    with zipfile.ZipFile(GOOD) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start:start + 40] = b"\xff" * 40  # damage the compressed bytes: the CRC no longer matches
    path = tmp_path / "note.docx"
    path.write_bytes(bytes(data))
    assert "part word/document.xml cannot be read" in refused(path, tmp_path)


def test_zip_bomb(tmp_path):
    path = rezip(GOOD, tmp_path / "note.docx", add={"word/padding.xml": b"<a>" + b" " * 8_000_000 + b"</a>"})
    assert "inflates" in refused(path, tmp_path) and "zip bomb" in refused(path, tmp_path)


def test_entity_expansion(tmp_path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>')
    path = rezip(GOOD, tmp_path / "note.docx", replace={"word/document.xml": laughs})
    assert "XML part word/document.xml declares a DTD" in refused(path, tmp_path)


def test_external_entity(tmp_path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           + part("word/styles.xml").split(b"?>", 1)[1].replace(b"</w:styles>", b"&x;</w:styles>"))
    path = rezip(GOOD, tmp_path / "note.docx", replace={"word/styles.xml": xxe})
    assert "XML part word/styles.xml declares a DTD" in refused(path, tmp_path)


@pytest.mark.parametrize("target, mode", [("file:///etc/passwd", ' TargetMode="External"'),
                                          ("http://attacker.example/x.png", ' TargetMode="External"'),
                                          ("../../../../etc/passwd", "")])
def test_relationship_outside_the_package(tmp_path, target, mode):
    rels = part("word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'image" Target="{target}"{mode}/></Relationships>'.encode())
    path = rezip(GOOD, tmp_path / "note.docx", replace={"word/_rels/document.xml.rels": rels})
    assert f"relationship rIdEvil points outside the package ({target};" in refused(path, tmp_path)


def test_huge_image(tmp_path):
    picture = io.BytesIO()
    Image.new("1", (9000, 9000)).save(picture, "PNG")  # 81 million pixels in a few kilobytes
    media = next(name for name in zipfile.ZipFile(PANDOC).namelist() if name.startswith("word/media/"))
    path = rezip(PANDOC, tmp_path / "note.docx", replace={media: picture.getvalue()})
    assert "an image is 9000×9000 pixels" in refused(path, tmp_path)


def test_empty_document(tmp_path):
    body = part("word/document.xml")
    empty = body[: body.index(b"<w:body>")] + b"<w:body/></w:document>"
    path = rezip(GOOD, tmp_path / "note.docx", replace={"word/document.xml": empty})
    assert "the document has no text" in refused(path, tmp_path)


def test_not_utf8_markdown(tmp_path):
    path = tmp_path / "note.md"
    path.write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    assert "is not UTF-8 text" in refused(path, tmp_path)


def test_tracked_changes_and_comments_import_the_accepted_text(tmp_path):
    body = part("word/document.xml").replace(
        b"<w:t>Models disagree</w:t>",
        b'<w:t>Models </w:t></w:r><w:del w:id="91" w:author="A"><w:r><w:delText>always </w:delText></w:r></w:del>'
        b'<w:ins w:id="92" w:author="A"><w:r><w:t>often </w:t></w:r></w:ins><w:r><w:commentReference w:id="1"/>'
        b'</w:r><w:r><w:t>disagree</w:t>')
    assert body != part("word/document.xml")
    path = rezip(GOOD, tmp_path / "note.docx", replace={"word/document.xml": body})
    report = import_to(path, tmp_path / "pack")
    text = (tmp_path / "pack" / "concept-note.yaml").read_text()
    assert "- Models often disagree" in text and "always" not in text
    assert any("2 tracked changes" in line and "accepted text was imported" in line for line in report.attention)
    # each change and comment with its words, its author and its place (the written file's line)
    reviews = [line.split(": ", 1)[1] for line in report.reviews]
    assert [r.split(" in " + str(path))[0] for r in reviews] == [
        "deleted by A: 'always '", "inserted by A: 'often '", "comment by an unnamed reviewer: '(its text is not in "
        "the file)'"]
    assert all(line.startswith(f"{tmp_path / 'pack'}/concept-note.yaml:") for line in report.reviews)
