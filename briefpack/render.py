"""HTML from templates: one Jinja environment, sandboxed (a template reaches no Python internals), autoescaping
everything, failing on any missing field."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from . import languages
from .documents import Calls, Common, DocumentContext, Fragments
from .errors import BuildError
from .loading import Loaded
from .planning import OutputSpec


def environment(templates: Path | Sequence[Path]) -> jinja2.Environment:
    folders = [templates] if isinstance(templates, Path) else list(templates)
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["roman"] = roman
    env.filters["direction"] = languages.direction
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
    """The document's HTML. A mistake in a template (a pack may bring its own) is an error naming the template
    and its line, never a traceback; the sandbox stops a template reaching anything but what it is given."""
    try:
        template = env.get_template(spec.kind.template)
        return template.render(**ctx.template_vars())
    except jinja2.TemplateNotFound as exc:
        if exc.name != spec.kind.template:
            raise BuildError(f"{spec.kind.template}: includes a template that does not exist ({exc.name})") from None
        raise BuildError(f"document kind '{spec.kind.name}' has no template (expected templates/"
                         f"{spec.kind.template})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax: {exc.message}") from None
    except (jinja2.TemplateError, SecurityError) as exc:
        where = next((f"{frame.filename}:{frame.lineno}" for frame in traceback.extract_tb(exc.__traceback__)
                      if frame.filename.endswith(".html")), spec.kind.template)
        raise BuildError(f"{where}: the template failed ({type(exc).__name__}: {exc})") from None


def roman(number: int) -> str:
    """Upper-case Roman numeral, for lists numbered I, II, III."""
    table = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in table:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
