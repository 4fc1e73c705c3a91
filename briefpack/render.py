"""HTML from templates: one Jinja environment, autoescaping everything, failing on any missing field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from .documents import Calls, Common, DocumentContext, Fragments
from .errors import BuildError
from .loading import Loaded
from .planning import OutputSpec


def environment(templates: Path | Sequence[Path]) -> jinja2.Environment:
    folders = [templates] if isinstance(templates, Path) else list(templates)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["roman"] = roman
    return env


def context(loaded: Loaded, common: Common, spec: OutputSpec, assets: Path | None, created: str,
            stylesheet_urls: Sequence[str] = ()) -> DocumentContext:
    """What ``spec``'s template shows, its content rendered in reading order; images come from ``assets``."""
    pack, kind = loaded.pack, spec.kind
    calls = Calls(loaded.numbering, linked=spec.edition.live_links)
    marks = None
    if loaded.changes is not None and spec.kind.marks_changes:
        from . import changemarks

        marks = changemarks.marks(pack, loaded.changes)
    fragments = Fragments(calls, assets, print_urls=not spec.edition.live_links, comparison=loaded.changes,
                          marks=marks)
    body = kind.body(pack, loaded.numbering, spec.group, fragments, calls)
    subject = kind.subject(pack, spec.group)
    theme = pack.meta.theme.plain
    return DocumentContext(
        common=common, body=body, spec=spec, body_class=spec.manifest_kind,
        print_edition=not spec.edition.live_links, booklet=spec.booklet, document_title=kind.title(pack),
        pdf_title=f"{common.seminar}: {theme} — {subject}", subject=f"{theme}, {subject}", created=created,
        stylesheets=list(stylesheet_urls))


def render_html(env: jinja2.Environment, spec: OutputSpec, ctx: DocumentContext) -> str:
    try:
        template = env.get_template(spec.kind.template)
    except jinja2.TemplateNotFound:
        raise BuildError(f"document kind '{spec.kind.name}' has no template (expected templates/"
                         f"{spec.kind.template})") from None
    return template.render(**ctx.template_vars())


def roman(number: int) -> str:
    """Upper-case Roman numeral, for lists numbered I, II, III."""
    table = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in table:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
