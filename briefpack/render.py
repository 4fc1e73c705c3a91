"""HTML from templates: one Jinja environment, autoescaping everything, failing on any missing field."""

from __future__ import annotations

from pathlib import Path

import jinja2

from . import languages
from .documents import OutputSpec


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["roman"] = roman
    env.filters["direction"] = languages.direction
    return env


def render_html(env: jinja2.Environment, spec: OutputSpec, ctx: dict, stylesheet_urls=()) -> str:
    return env.get_template(spec.template).render(spec=spec, stylesheets=list(stylesheet_urls), **ctx)


def roman(number: int) -> str:
    """Upper-case Roman numeral, for lists numbered I, II, III."""
    table = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in table:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)
