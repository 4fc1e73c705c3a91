"""The only caller of the stages: load -> validate -> number -> render -> pdf -> write."""

from __future__ import annotations

import contextlib
import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import citations, documents, output, printrun, render
from .citations import Numbering
from .documents import OutputSpec
from .errors import BuildError, ContentError
from .model import Pack
from .paths import Paths
from .validate import load_pack


@dataclass(frozen=True)
class Options:
    """Shared by the CLI and the Python API."""

    content: Path | None = None
    out: Path = Path("dist")
    kinds: tuple = documents.KINDS
    groups: tuple | None = None  # group ids, None for all
    editions: tuple = ("screen",)
    strict: bool = True
    html_as_text: bool = False  # raw HTML in content printed literally instead of rejected

    @property
    def paths(self) -> Paths:
        return Paths.default(self.content)


@dataclass(frozen=True)
class Loaded:
    pack: Pack
    numbering: Numbering
    warnings: tuple = field(default=())

    @property
    def source_date(self) -> str:
        """The date every PDF records: SOURCE_DATE_EPOCH when set, else the pack's date (or 1 January of its
        year), so that the same content always gives the same bytes."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        else:
            day = datetime.date.fromisoformat(self.pack.meta.date or f"{self.pack.meta.year}-01-01")
            moment = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def source_epoch(self) -> int:
        moment = datetime.datetime.strptime(self.source_date, "%Y-%m-%dT%H:%M:%SZ")
        return int(moment.replace(tzinfo=datetime.UTC).timestamp())


def load(options: Options) -> Loaded:
    """Everything known before rendering: the pack, its numbering and the content lint."""
    pack, problems, broken = load_pack(options.paths.content)
    numbering = citations.number_notes(pack)
    errors, warnings = citations.lint(pack, numbering, options.paths.assets, options.html_as_text,
                                      check_keys="notes.yaml" not in broken)
    if problems:  # "cited nowhere" would only echo the structural problems
        warnings = []
    if options.strict:
        errors, warnings = errors + warnings, []
    if errors or problems:
        raise ContentError(problems.items + errors)
    return Loaded(pack, numbering, tuple(warnings))


class UnknownGroup(Exception):
    def __init__(self, unknown: list, valid: list):
        self.unknown, self.valid = unknown, valid
        super().__init__(f"unknown group {', '.join(unknown)} (valid: {', '.join(valid)})")


def plan(loaded: Loaded, options: Options) -> list[OutputSpec]:
    valid = [g.id for g in loaded.pack.groups]
    unknown = [g for g in options.groups or () if g not in valid]
    if unknown:
        raise UnknownGroup(unknown, valid)
    return documents.plan(loaded.pack, options.kinds, options.groups, options.editions)


def html_for(loaded: Loaded, spec: OutputSpec, env, stylesheet_urls=(), assets: Path | None = None) -> str:
    ctx = documents.context(loaded.pack, loaded.numbering, spec, assets)
    ctx["created"] = loaded.source_date
    return render.render_html(env, spec, ctx, stylesheet_urls)


def render_output(loaded: Loaded, spec: OutputSpec, env, renderer, options: Options, sources: dict):
    """One output's PDF: rendered in its edition, padded, and imposed when it is a booklet."""
    from .pdf import RenderedPdf

    html = html_for(loaded, spec, env, assets=options.paths.assets)
    pdf = renderer.render(html, spec.stylesheets, spec.path, sources, spec.edition, spec.pad_to)
    if spec.booklet:
        from .impose import impose_booklet
        data, sides = impose_booklet(pdf.data)
        pdf = RenderedPdf(data, sides)
    return pdf


def build(options: Options, renderer=None, on_output=None, on_loaded=None) -> list[output.OutputRecord]:
    """Render every requested output in memory, then replace the files; the manifest goes last."""
    loaded = load(options)
    if on_loaded:
        on_loaded(loaded)
    specs = plan(loaded, options)
    output.prepare_out_dir(options.out)
    env = render.environment(options.paths.templates)
    if renderer is None:
        from .pdf import PdfRenderer
        renderer = PdfRenderer(options.paths)
    sources = citations.image_uses(loaded.pack, options.paths.assets)
    files, records = {}, []
    with _source_date_epoch(loaded.source_epoch):
        for spec in specs:
            pdf = render_output(loaded, spec, env, renderer, options, sources)
            files[spec.path] = pdf.data
            records.append(output.OutputRecord(spec.path, spec.kind, spec.group, spec.edition, pdf.pages,
                                               output.sha256(pdf.data)))
            if on_output:
                on_output(spec, pdf)
    if "print" in options.editions:
        records += _order_sheet(loaded, options, records, files)
    with output.signals_deferred():
        for path, data in files.items():
            output.atomic_write(options.out / path, data)
        output.write_manifest(options.out, records)
    return records


@contextlib.contextmanager
def _source_date_epoch(epoch: int):
    """SOURCE_DATE_EPOCH while rendering, for the font subsetter's timestamps; the caller's value wins."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = previous or str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def _order_sheet(loaded: Loaded, options: Options, records: list, files: dict) -> list:
    """The print order (CSV and a Markdown summary) over every print file the manifest will list."""
    entries = output.merged_entries(options.out, records)
    order = printrun.rows(loaded.pack, entries)
    title = f"{documents.common(loaded.pack)['seminar']}"
    content_file = os.path.join(loaded.pack.root, "pack.yaml")
    made = []
    for path, kind, data in ((printrun.ORDER_CSV, "order-sheet", printrun.order_csv(order)),
                             (printrun.ORDER_SUMMARY, "order-summary",
                              printrun.order_summary(title, order, content_file))):
        files[path] = data
        made.append(output.OutputRecord(path, kind, None, "print", 0, output.sha256(data)))
    return made


@dataclass(frozen=True)
class Reprint:
    changed: list  # paths whose bytes differ from the old manifest's
    new: list  # paths the old manifest did not list
    unchanged: list


def read_old_manifest(path: Path) -> dict:
    """{path: sha256} of an earlier run's manifest (read before building: the build may overwrite it)."""
    try:
        return {e["path"]: e.get("sha256") for e in output.manifest_entries(path)}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else f"expected {{\"outputs\": [...]}}: {exc}"
        raise BuildError(f"{path}: not a readable manifest ({reason})") from None


def compare(old: dict, records: list) -> Reprint:
    """Which print files changed since the run whose manifest gave ``old``."""
    prints = [r for r in records if r.edition == "print" and r.path.endswith(".pdf")]
    return Reprint(changed=[r.path for r in prints if r.path in old and old[r.path] != r.sha256],
                   new=[r.path for r in prints if r.path not in old],
                   unchanged=[r.path for r in prints if old.get(r.path) == r.sha256])


def write_reprint_order(loaded_pack: Pack, out: Path, reprint: Reprint, records: list) -> Path:
    """print/reprint.csv: the order sheet restricted to what changed."""
    wanted = set(reprint.changed) | set(reprint.new)
    entries = [{"path": r.path, "kind": r.kind, "group": r.group, "edition": r.edition, "pages": r.pages}
               for r in records if r.path in wanted]
    path = out / printrun.REPRINT_CSV
    output.atomic_write(path, printrun.order_csv(printrun.rows(loaded_pack, entries)))
    return path


def write_html(options: Options) -> list[Path]:
    """Standalone HTML for each output, stylesheets linked by absolute path, renderable by plain weasyprint."""
    loaded = load(options)
    specs = plan(loaded, options)
    output.prepare_out_dir(options.out)
    env = render.environment(options.paths.templates)
    written = []
    for spec in specs:
        if spec.booklet:
            continue  # a booklet is its document's A5 pages imposed after rendering, not HTML of its own
        urls = [(options.paths.styles / name).resolve().as_uri() for name in spec.stylesheets]
        path = options.out / f"{spec.path.removesuffix('.pdf')}.html"
        output.atomic_write(path, html_for(loaded, spec, env, urls, options.paths.assets).encode("utf-8"))
        written.append(path)
    return written
