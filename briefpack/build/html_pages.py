"""`briefpack html`: standalone HTML for each output, stylesheets linked by absolute path."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..kinds import outputs as planning
from ..output import transaction
from ..text.qr_codes import resolve
from .html_stage import HtmlStage
from .options import Options

if TYPE_CHECKING:
    from ..text.prepared import Loaded


def write_html(loaded: Loaded, options: Options) -> list[Path]:
    """Standalone HTML for each output, renderable by plain weasyprint; every page is made before any is written,
    so a refused stylesheet or template writes nothing."""
    specs = planning.plan(loaded.pack, options.request)
    transaction.prepare_out_dir(options.out)
    stage = HtmlStage(loaded, options)
    pages = []
    for spec in specs:
        if spec.booklet:
            continue  # a booklet is its document's A5 pages imposed after rendering, not HTML of its own
        urls = tuple(options.paths.stylesheet(name).resolve().as_uri() for name in spec.stylesheets)
        path = options.out / f"{spec.path.removesuffix('.pdf')}.html"
        pages.append((path, resolve(stage.html(spec, urls)).encode("utf-8"), spec.kind.shows_people))
    with transaction.folder_lock(options.out, "briefpack html", options.wait):
        for path, data, private in pages:
            transaction.make_folders(options.out, path.parent)
            transaction.atomic_write(path, data, private=private)  # pages naming people: 0600 at once
    return [path for path, _, _ in pages]
