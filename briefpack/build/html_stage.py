"""Each output's HTML from the loaded pack: one Jinja environment and one shared context per build."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..render import html as render
from ..render.context import common
from ..text.prepared import SourceDate
from .options import Options

if TYPE_CHECKING:
    from ..kinds.outputs import OutputSpec
    from ..text.prepared import Loaded


class HtmlStage:
    """Renders each output's HTML from the loaded pack: shared by builds and by the `html` command."""

    def __init__(self, loaded: Loaded, options: Options):
        self.loaded = loaded
        self.assets = options.paths.assets
        self.env = render.environment(options.paths.template_roots)
        self.common = common(loaded.pack, options.paths.assets)
        self.created = SourceDate.of(loaded.pack, options.source_date_epoch).iso

    def html(self, spec: OutputSpec, stylesheet_urls: tuple[str, ...] = ()) -> str:
        ctx = render.context(self.loaded, self.common, spec, self.assets, self.created, stylesheet_urls)
        return render.render_html(self.env, spec, ctx)


def html_for(loaded: Loaded, spec: OutputSpec, options: Options | None = None,
             stylesheet_urls: tuple[str, ...] = ()) -> str:
    """The HTML of one output (for tools and tests; builds share one HtmlStage for every output)."""
    return HtmlStage(loaded, options or Options()).html(spec, stylesheet_urls)
