"""The only caller of the stages: load -> validate -> number -> render -> pdf -> write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import citations, documents, output, render
from .citations import Numbering
from .documents import OutputSpec
from .errors import ContentError
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
    return documents.plan(loaded.pack, options.kinds, options.groups)


def html_for(loaded: Loaded, spec: OutputSpec, env, stylesheet_urls=(), assets: Path | None = None) -> str:
    ctx = documents.context(loaded.pack, loaded.numbering, spec, assets)
    return render.render_html(env, spec, ctx, stylesheet_urls)


def build(options: Options, renderer=None, on_output=None, on_loaded=None) -> list[output.OutputRecord]:
    """Render every requested PDF in memory, then replace the files; the manifest goes last."""
    loaded = load(options)
    if on_loaded:
        on_loaded(loaded)
    specs = plan(loaded, options)
    output.prepare_out_dir(options.out)
    env = render.environment(options.paths.templates)
    if renderer is None:
        from .pdf import PdfRenderer
        renderer = PdfRenderer(options.paths)
    rendered = []
    sources = citations.image_uses(loaded.pack, options.paths.assets)
    for spec in specs:
        html = html_for(loaded, spec, env, assets=options.paths.assets)
        pdf = renderer.render(html, spec.stylesheets, spec.filename, sources)
        rendered.append((spec, pdf))
        if on_output:
            on_output(spec, pdf)
    records = [output.OutputRecord(spec.filename, spec.kind, spec.group, "screen", pdf.pages,
                                   output.sha256(pdf.data)) for spec, pdf in rendered]
    with output.signals_deferred():
        for spec, pdf in rendered:
            output.atomic_write(options.out / spec.filename, pdf.data)
        output.write_manifest(options.out, records)
    return records


def write_html(options: Options) -> list[Path]:
    """Standalone HTML for each output, stylesheets linked by absolute path, renderable by plain weasyprint."""
    loaded = load(options)
    specs = plan(loaded, options)
    output.prepare_out_dir(options.out)
    env = render.environment(options.paths.templates)
    written = []
    for spec in specs:
        urls = [(options.paths.styles / name).resolve().as_uri() for name in spec.stylesheets]
        path = options.out / f"{spec.name}.html"
        output.atomic_write(path, html_for(loaded, spec, env, urls, options.paths.assets).encode("utf-8"))
        written.append(path)
    return written


