"""A pack's own templates/ and styles/ replace the built-in files of the same name, with the same safety."""

from __future__ import annotations

import pdfplumber
import pytest

from briefpack.build import pipeline
from briefpack.errors import BuildError

from . import pdfcheck
from .conftest import ROOT, SMALL_CONTENT, write_pack


def pack_with(tmp_path, templates=None, styles=None):
    folder = write_pack(tmp_path / "c")
    for sub, files in (("templates", templates or {}), ("styles", styles or {})):
        for name, text in files.items():
            (folder / sub).mkdir(exist_ok=True)
            (folder / sub / name).write_text(text)
    return folder


def build(folder, tmp_path, kind):
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=folder, out=out, kinds=(kind,), jobs=1))
    return out


def test_a_pack_stylesheet_and_template_replace_the_built_in_ones(tmp_path):
    endnotes = (ROOT / "templates" / "endnotes.html").read_text().replace(
        "{{ title_block(document_title, seminar_title()) }}", '<p class="ours">Sources of our seminar</p>')
    folder = pack_with(tmp_path, templates={"endnotes.html": endnotes},
                       styles={"endnotes.css": ".ours { color: #aa0000; font-size: 20pt; }\n"})
    out = build(folder, tmp_path, "endnotes")
    assert "Sources of our seminar" in pdfcheck.words(out / "endnotes.pdf")
    with pdfplumber.open(out / "endnotes.pdf") as pdf:
        word = next(w for w in pdf.pages[0].extract_words(extra_attrs=["non_stroking_color", "size"])
                    if w["text"] == "Sources")
    assert round(word["size"]) == 20 and [round(c, 2) for c in word["non_stroking_color"]] == [0.67, 0, 0]


@pytest.mark.parametrize("template, message", [
    ("{{ ''.__class__.__mro__ }}", r"endnotes.html:1: the template failed \(SecurityError"),
    ("{% for x in %}", r"endnotes.html:1: template syntax"),
    ("{% include '../../../etc/passwd' %}", r"includes a template that does not exist"),
])
def test_a_pack_template_cannot_reach_outside_and_its_mistakes_are_errors(tmp_path, template, message):
    folder = pack_with(tmp_path, templates={"endnotes.html": template})
    with pytest.raises(BuildError, match=message):
        build(folder, tmp_path, "endnotes")


def test_a_pack_stylesheet_reads_only_its_own_folders(tmp_path):
    folder = pack_with(tmp_path, styles={"endnotes.css": "@import url(file:///etc/passwd);\n"})
    with pytest.raises(BuildError, match="blocked a fetch of file:///etc/passwd"):
        build(folder, tmp_path, "endnotes")


def test_a_pack_override_stays_with_its_pack(tmp_path):
    """A builder kept between builds (watch mode) that built a pack with its own template and stylesheet builds
    the next pack with the built-in ones: the same bytes as a fresh build of that pack."""
    endnotes = (ROOT / "templates" / "endnotes.html").read_text().replace(
        "{{ title_block(document_title, seminar_title()) }}", '<p class="ours">Sources of our seminar</p>')
    folder = pack_with(tmp_path, templates={"endnotes.html": endnotes},
                       styles={"endnotes.css": ".ours { color: #aa0000; font-size: 20pt; }\n"})
    assert not (SMALL_CONTENT / "templates").exists() and not (SMALL_CONTENT / "styles").exists()
    builder = pipeline.Builder()
    try:
        for content, out in ((folder, "ours"), (SMALL_CONTENT, "small")):
            builder.build(pipeline.Options(content=content, out=tmp_path / out, kinds=("endnotes",), jobs=1))
    finally:
        builder.close()
    assert "Sources of our seminar" in pdfcheck.words(tmp_path / "ours" / "endnotes.pdf")
    assert "Sources of our seminar" not in pdfcheck.words(tmp_path / "small" / "endnotes.pdf")
    pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=tmp_path / "fresh", kinds=("endnotes",), jobs=1))
    assert (tmp_path / "small" / "endnotes.pdf").read_bytes() == (tmp_path / "fresh" / "endnotes.pdf").read_bytes()
