"""HTML from templates: one Jinja environment, sandboxed (a template reaches no Python internals), autoescaping
everything, failing on any missing field."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..content import bidi, languages
from ..content.paths import OutsidePack, Root, shown
from ..errors import BuildError
from ..kinds.outputs import OutputSpec
from ..kinds.views import Calls, Fragments
from ..revisions import change_marks as changemarks
from ..text.prepared import Loaded
from .context import Common, DocumentContext, when_and_where


class PackLoader(jinja2.BaseLoader):
    """Jinja's FileSystemLoader, but every template read through the pack's door: a template (or an
    ``{% include %}``) is found in the first root that has it and read only if ``Root.admit`` lets it in. Jinja's
    own loader follows links anywhere, and the sandbox does not stop an include of what the loader reaches."""

    def __init__(self, roots: Sequence[Root]):
        self.roots = list(roots)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..' in a template's name
        for root in self.roots:
            path = root.folder.joinpath(*pieces)
            if not path.is_file():
                continue
            return _source(root.admit(path), path)  # OutsidePack: reported where it is used (render_html)
        raise jinja2.TemplateNotFound(template)


def _source(found: Path, named: Path) -> tuple[str, str, Callable[[], bool]]:
    """The template's text, its name for error messages, and whether it is still the one read."""
    mtime = found.stat().st_mtime
    return found.read_text(encoding="utf-8"), str(named), lambda: found.is_file() and found.stat().st_mtime == mtime


def environment(templates: Path | Sequence[Root]) -> jinja2.Environment:
    """The one environment; ``templates`` are the roots to look in, first first (``Paths.template_roots``: the
    pack's own folder, kept inside the pack, then the engine's); a plain Path is one trusted folder."""
    roots = [Root(templates)] if isinstance(templates, Path) else list(templates)
    env = SandboxedEnvironment(
        loader=PackLoader(roots),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["roman"] = roman
    env.filters["direction"] = languages.direction
    env.filters["text_direction"] = text_direction
    return env


def context(loaded: Loaded, common: Common, spec: OutputSpec, assets: Path | None, created: str,
            stylesheet_urls: Sequence[str] = ()) -> DocumentContext:
    """What ``spec``'s template shows, its content rendered in reading order; images come from ``assets``."""
    pack, kind = loaded.pack, spec.kind
    calls = Calls(loaded.numbering, linked=spec.edition.live_links)
    marks = None
    if loaded.changes is not None and spec.kind.marks_changes:
        marks = changemarks.marks(pack, loaded.changes)
    fragments = Fragments(calls, assets, print_urls=not spec.edition.live_links, comparison=loaded.changes,
                          marks=marks, direction=languages.direction(pack.meta.language))
    body = kind.body(pack, loaded.numbering, spec.group, fragments, calls)
    subject = kind.subject(pack, spec.group)
    theme = pack.meta.theme.plain
    where = when_and_where(pack)  # the PDF's /Subject (WeasyPrint's from <meta name=description>) ends with it
    described = f"{theme}, {subject}" + (f" · {where}" if where else "")
    return DocumentContext(
        common=common, body=body, spec=spec, body_class=spec.manifest_kind,
        print_edition=not spec.edition.live_links, booklet=spec.booklet, document_title=kind.title(pack),
        pdf_title=f"{common.seminar}: {theme} — {subject}", subject=described, created=created,
        stylesheets=list(stylesheet_urls))


def render_html(env: jinja2.Environment, spec: OutputSpec, ctx: DocumentContext) -> str:
    """The document's HTML. A mistake in a template (a pack may bring its own) is an error naming the template
    and its line, never a traceback; the sandbox stops a template reaching anything but what it is given, and
    the loader any file outside the pack."""
    try:
        template = env.get_template(spec.kind.template)
        return template.render(**ctx.template_vars())
    except OutsidePack as exc:
        where = _template_line(exc)
        if where is None:
            raise BuildError(exc.message) from None
        raise BuildError(f"{where}: includes {shown(exc.path)}, which {exc.reason}") from None
    except jinja2.TemplateNotFound as exc:
        if exc.name != spec.kind.template:
            raise BuildError(f"{spec.kind.template}: includes a template that does not exist ({exc.name})") from None
        raise BuildError(f"document kind '{spec.kind.name}' has no template (expected templates/"
                         f"{spec.kind.template})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax: {exc.message}") from None
    except (jinja2.TemplateError, SecurityError) as exc:
        where = _template_line(exc) or spec.kind.template
        raise BuildError(f"{where}: the template failed ({type(exc).__name__}: {exc})") from None


def _template_line(exc: BaseException) -> str | None:
    """file:line of the innermost template frame the exception passed through (Jinja rewrites its traceback
    so that template code shows as template lines)."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename.endswith(".html")]
    return f"{shown(Path(frames[-1].filename))}:{frames[-1].lineno}" if frames else None


def text_direction(text: str) -> str:
    """The direction of a passage from its first strong character ('' when it has none): for ``dir`` on
    elements that join several fragments (the seminar's title is its ordinal and its series)."""
    return bidi.first_strong(str(Markup(text).striptags())) or ""


def roman(number: int) -> str:
    """Upper-case Roman numeral, for lists numbered I, II, III."""
    table = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in table:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
