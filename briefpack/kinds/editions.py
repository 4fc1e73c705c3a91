"""The editions documents come in: screen (tagged, live links) and print (PDF/X-4 for the shop), the two PDF
editions in EDITIONS; and the web edition (WEB: HTML pages in web/, made by web/, never by the PDF engine).

An edition is one object that says everything about itself; nothing else tests an edition's name."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.vocabulary import EditionName


@dataclass(frozen=True)
class Edition:
    name: EditionName
    folder: str  # where its files go, relative to the out dir ("" or "print/")
    pdf_variant: str
    tagged: bool  # a structure tree (PDF/UA) needs tagging at layout time
    output_intent: str | None  # ICC profile of a PDF/X output intent
    stylesheet: str | None  # added after the document's own stylesheet
    live_links: bool  # citation calls and URLs are link annotations (screen) or plain text (print)
    pad_to: int  # pages padded with blanks to a multiple of this (2: duplex)
    booklets: bool  # A5 booklets are made of the documents that are bound as booklets
    ordered: bool  # goes into the print order sheet
    min_image_ppi: int | None = None  # raster images printed at less are a problem (print: 200 ppi)
    printer_marks: bool = False  # a slug around the bleed with crop marks in it (pdf/slug.py)

    def write_options(self) -> dict[str, object]:
        """WeasyPrint's ``write_pdf`` options for this edition."""
        options: dict[str, object] = {"pdf_variant": self.pdf_variant}
        if self.output_intent:
            options["output_intent"] = self.output_intent
        return options


SCREEN = Edition("screen", "", "pdf/ua-1", tagged=True, output_intent=None, stylesheet=None, live_links=True,
                 pad_to=1, booklets=False, ordered=False)
PRINT = Edition("print", "print/", "pdf/x-4", tagged=False, output_intent="srgb", stylesheet="print.css",
                live_links=False, pad_to=2, booklets=True, ordered=True, min_image_ppi=200, printer_marks=True)
EDITIONS: dict[str, Edition] = {edition.name: edition for edition in (SCREEN, PRINT)}


@dataclass(frozen=True)
class WebEdition:
    """The web edition: a folder of HTML pages that stands on its own. Its files and their manifest kinds are
    declared here, where the output folder (out_dir) reads which files the build may own."""

    name: EditionName
    folder: str  # "web/"
    templates: str  # its templates' folder under templates/ ("web/": templates/web/<kind>.html)
    stylesheet: str  # its one stylesheet, under styles/, written as web/<stylesheet>
    files: tuple[tuple[str, str], ...]  # (manifest kind, pattern of its paths relative to the out dir)
    subfolders: tuple[str, ...]  # every folder its files are staged in (where leftovers can be)

    def shapes(self) -> dict[str, str]:
        return dict(self.files)


WEB = WebEdition("web", "web/", "web/", "web.css", (
    ("web-page", r"web/[\w-]+\.html"),
    ("web-style", r"web/[\w-]+\.css"),
    ("web-font", r"web/fonts/[\w-]+\.woff2"),
    ("web-image", r"web/images/[\w.-]+\.(?:png|jpe?g|svg|gif|webp)"),
    ("web-pdf", r"web/pdf/(?:print/)?[\w-]+\.pdf"),
), ("web/", "web/fonts/", "web/images/", "web/pdf/", "web/pdf/print/"))
ALL_EDITIONS: tuple[str, ...] = (*EDITIONS, WEB.name)  # every name --edition and pack.yaml's editions accept


def edition(name: str) -> Edition:
    try:
        return EDITIONS[name]
    except KeyError:
        raise ValueError(f"unknown edition {name!r} (expected one of: {', '.join(EDITIONS)})") from None
