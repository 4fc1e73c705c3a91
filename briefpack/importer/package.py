"""Open a .docx safely before anything parses it: tell other formats apart (PDF, legacy .doc, password-protected
files, .odt, RTF), refuse corrupt zips and zip bombs (sizes checked before inflating), parse every XML part with
defusedxml (no DTDs, entities or external references), and refuse relationships that point outside the package
or to the network (hyperlinks excepted: they are links in the text, never fetched)."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from ..errors import Loc, Problem

MAX_FILE_BYTES = 50 * 1024 * 1024  # the .docx itself
MAX_ENTRIES = 5000
MAX_PART_BYTES = 30 * 1024 * 1024  # one inflated XML part
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # everything inflated
MAX_RATIO = 100  # inflated / compressed, for parts over 1 MiB: beyond that, a bomb
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIME = b"application/vnd.oasis.opendocument"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class PackageError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


@dataclass
class Package:
    """The checked contents of a .docx: every part's bytes and its parsed XML."""

    data: bytes
    parts: dict[str, bytes]
    xml: dict[str, Element]


def open_docx(path: Path, name: str) -> Package:
    data = _read_limited(path, name)
    _refuse_other_formats(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _error(name, f"is a corrupt or truncated zip ({exc}; expected a .docx saved by Word or "
                           "LibreOffice)") from None
    _refuse_bombs(infos, name)
    names = {info.filename for info in infos}
    if "mimetype" in names and archive.read("mimetype").startswith(ODT_MIME):
        raise _error(name, "is an OpenDocument file (.odt), not a .docx (save it as Word .docx and import that)")
    if "word/document.xml" not in names:
        raise _error(name, "is a zip but not a Word document (no word/document.xml; expected a .docx)")
    parts = {info.filename: _inflate(archive, info, name) for info in infos if not info.is_dir()}
    xml = {part: _parse(part, body, name) for part, body in parts.items() if part.endswith((".xml", ".rels"))}
    _refuse_outside_relationships(xml, names, name)
    return Package(data, parts, xml)


def _error(name: str, message: str) -> PackageError:
    return PackageError([Problem(Loc(name), message)])


def _read_limited(path: Path, name: str) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _error(name, f"is too large ({size // (1024 * 1024)} MiB; expected at most "
                           f"{MAX_FILE_BYTES // (1024 * 1024)} MiB)")
    if size == 0:
        raise _error(name, "is empty (expected a .docx)")
    return path.read_bytes()


def _refuse_other_formats(data: bytes, name: str) -> None:
    if data.startswith(b"%PDF"):
        raise _error(name, "is a PDF, not a .docx (import the Word file it was made from, or Markdown)")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _error(name, "is password-protected (expected an unprotected .docx: remove the password in Word)")
        raise _error(name, "is a legacy Word .doc (or another binary Office file), not a .docx (save it as .docx)")
    if data.startswith(b"{\\rtf"):
        raise _error(name, "is an RTF file, not a .docx (save it as .docx)")
    if not data.startswith(b"PK"):
        raise _error(name, "is not a .docx (not a zip archive; expected a Word .docx or a Markdown file)")


def _refuse_bombs(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Declared sizes are checked before inflating; ``_inflate`` then holds each part to its declared size."""
    if len(infos) > MAX_ENTRIES:
        raise _error(name, f"has {len(infos)} parts (expected at most {MAX_ENTRIES}: refused as a zip bomb)")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise _error(name, f"would inflate to {total // (1024 * 1024)} MiB (expected at most "
                           f"{MAX_TOTAL_BYTES // (1024 * 1024)} MiB: refused as a zip bomb)")
    for info in infos:
        limit = MAX_IMAGE_BYTES if info.filename.startswith("word/media/") else MAX_PART_BYTES
        if info.file_size > limit:
            what = "image" if limit == MAX_IMAGE_BYTES else "part"
            raise _error(name, f"{what} {info.filename} is too large ({info.file_size // (1024 * 1024)} MiB; "
                               f"expected at most {limit // (1024 * 1024)} MiB)")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise _error(name, f"part {info.filename} inflates {info.file_size // max(1, info.compress_size)} "
                               f"times (expected at most {MAX_RATIO}: refused as a zip bomb)")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        with archive.open(info) as stream:
            body = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise _error(name, f"part {info.filename} cannot be read ({exc}; the file is corrupt, truncated or "
                           "encrypted)") from None
    if len(body) > info.file_size:
        raise _error(name, f"part {info.filename} is larger than its zip entry says (refused as a zip bomb)")
    return body


def _parse(part: str, body: bytes, name: str) -> Element:
    try:
        element: Element = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        return element
    except defusedxml.DefusedXmlException as exc:
        raise _error(name, f"XML part {part} declares a DTD, entities or external references ({type(exc).__name__};"
                           " expected plain Office XML: refused, never expanded or fetched)") from None
    except ParseError as exc:
        line, col = exc.position
        raise _error(name, f"XML part {part} is not well-formed at line {line}, column {col + 1} (the file is "
                           "corrupt)") from None


def _refuse_outside_relationships(xml: dict[str, Element], names: set[str], name: str) -> None:
    problems = []
    for part, root in xml.items():
        if not part.endswith(".rels"):
            continue
        base = posixpath.dirname(posixpath.dirname(part))  # word/_rels/document.xml.rels -> word
        for rel in root.iter(f"{RELS_NS}Relationship"):
            target, relation = rel.get("Target", ""), rel.get("Type", "")
            if rel.get("TargetMode") == "External":
                if relation != HYPERLINK:
                    problems.append(Problem(Loc(name), f"{part}: relationship {rel.get('Id')} points outside the "
                                                       f"package ({target}; expected parts inside the .docx: "
                                                       "briefpack never follows it)"))
                continue
            resolved = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                          else posixpath.join(base, target))
            if resolved.startswith("../") or resolved == ".." or "\\" in target or ":" in target:
                problems.append(Problem(Loc(name), f"{part}: relationship {rel.get('Id')} points outside the "
                                                   f"package ({target}; expected a part inside the .docx)"))
    if problems:
        raise PackageError(problems)
