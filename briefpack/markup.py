"""Light Markdown for content: paragraphs, lists, quotations, emphasis, links, 15^th^ and [^note] citations.

Content never carries HTML: raw HTML is escaped when rendering and reported by ``lint``. Citations are parsed by
an inline rule of our own into ``citation`` tokens, so numbering and rendering read the same parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import Markup, escape
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.superscript import superscript_plugin

from . import languages

CITATION_RE = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9._:-]*)\]")
LINK_SCHEMES = ("http://", "https://", "mailto:")
DISABLED_BLOCKS = ["code", "fence", "heading", "lheading", "hr", "table", "html_block", "reference"]


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """``[^a]`` or adjacent ``[^a][^b]``: one citation group."""
    if not state.src.startswith("[^", state.pos):
        return False
    keys, pos = [], state.pos
    while (match := CITATION_RE.match(state.src, pos)) is not None:
        keys.append(match.group(1))
        pos = match.end()
    if not keys:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": keys, "line": state.src.count("\n", 0, state.pos)}
    state.pos = pos
    return True


def _make(html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html, "typographer": False})
    md.disable(DISABLED_BLOCKS if not html else [b for b in DISABLED_BLOCKS if b != "html_block"])
    md.use(superscript_plugin)
    md.use(attrs_plugin, after=(), spans=True)  # [湄公河]{lang=zh-Hans}: see languages.span_open
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.normalizeLinkText = lambda url: url  # print URLs exactly as written, %20 and all
    md.renderer.rules["citation"] = _render_citation
    return md


def _render_citation(tokens, idx, options, env) -> str:
    # A word joiner before the call: no line may begin with it (UAX 14 allows a break between a Han
    # character and a digit, and the punctuation after the call would follow it onto the new line).
    return "\u2060" + env["cite"](tokens[idx].meta["keys"])


def _link_open(md: MarkdownIt):
    default = md.renderer.rules.get("link_open")

    def render(tokens, idx, options, env):
        token = tokens[idx]
        is_url = token.markup == "autolink" or token.attrGet("href") == (
            tokens[idx + 1].content if idx + 1 < len(tokens) else None)
        if env.get("print_urls"):  # paper: no link annotations (PDF/X), the address is printed instead
            return '<span class="url">' if is_url else '<span class="link">'
        if is_url:
            token.attrSet("class", "url")
        return default(tokens, idx, options, env) if default else md.renderer.renderToken(tokens, idx, options, env)
    return render


def _render_image(tokens, idx, options, env) -> str:
    """Images come only from the assets folder; ``env["asset"]`` turns a checked relative path into a URL."""
    token = tokens[idx]
    alt = escape("".join(child.content for child in token.children or ()))
    return f'<img src="{escape(env["asset"](token.attrGet("src")))}" alt="{alt}">'


def is_asset_path(src: str) -> bool:
    """A relative path with no scheme, no absolute root and no way up: 'maps/region.png'."""
    parts = src.replace("\\", "/").split("/")
    return bool(src) and ":" not in src and not src.startswith("/") and ".." not in parts and "" not in parts


def _link_close(tokens, idx, options, env) -> str:
    """In print, a link's address is printed after its text: paper has no links to follow."""
    if not env.get("print_urls"):
        return "</a>"
    close = "</span>"
    depth, i = 0, idx
    while i > 0:
        i -= 1
        if tokens[i].type == "link_close":
            depth += 1
        elif tokens[i].type == "link_open":
            if depth == 0:
                break
            depth -= 1
    href = tokens[i].attrGet("href") or ""
    text = "".join(t.content for t in tokens[i + 1: idx])
    if tokens[i].markup == "autolink" or text == href:
        return close
    return f'{close} (<span class="url">{escape(href)}</span>)'


RENDER = _make(html=False)
RENDER.renderer.rules["link_close"] = _link_close
RENDER.validateLink = lambda url: url.lower().startswith(LINK_SCHEMES) or is_asset_path(url)
RENDER.renderer.rules["link_open"] = _link_open(RENDER)
RENDER.renderer.rules["image"] = _render_image
RENDER.renderer.rules["span_open"] = lambda tokens, idx, options, env: languages.span_open(tokens[idx].attrs)
LINT = _make(html=True)
LINT.validateLink = lambda url: True


@dataclass(frozen=True)
class Citation:
    keys: tuple
    line: int  # 0-based line within the text


def citations(source: str, inline: bool = False) -> list[Citation]:
    """Every citation group in reading order, with its line."""
    tokens = RENDER.parseInline(source, {}) if inline else RENDER.parse(source, {})
    found = []
    for token in tokens:
        if not token.children:
            continue
        base = token.map[0] if token.map else 0
        for child in token.children:
            if child.type == "citation":
                found.append(Citation(tuple(child.meta["keys"]), base + child.meta["line"]))
    return found


HTML_PROBLEM = "raw HTML is not allowed in content (found {!r}; write Markdown, or build with --html-as-text)"


def lint(source: str, assets: Path | None, allow_html: bool = False) -> list[tuple[int, str, str]]:
    """Problems an author can fix, as (line, needle, message): raw HTML, links with schemes we do not follow,
    images that are not files of the assets folder."""
    problems = []
    for line, child in _tokens_by_line(LINT, source):
        if child.type == "html_block" and not allow_html:
            html = child.content.strip()
            problems.append((line, html[:8], HTML_PROBLEM.format(html[:40])))
        elif child.type == "html_inline" and not allow_html:
            problems.append((line, child.content, HTML_PROBLEM.format(child.content[:40])))
        elif child.type == "link_open":
            href = child.attrGet("href") or ""
            if not href.lower().startswith(LINK_SCHEMES):
                problems.append((line, href, f"link to '{href[:60]}' is not allowed "
                                             "(expected an http://, https:// or mailto: address)"))
        elif child.type == "span_open":
            problems += [(line, "]{", message) for message in languages.span_problems(child.attrs)]
        elif child.type == "image":
            message = _image_problem(child.attrGet("src") or "", assets)
            if message:
                problems.append((line, child.attrGet("src") or "", message))
    return problems


def images(source: str) -> list[tuple[int, str]]:
    """(line, src) of every image in the text."""
    return [(line, t.attrGet("src") or "") for line, t in _tokens_by_line(RENDER, source) if t.type == "image"]


def _tokens_by_line(md: MarkdownIt, source: str):
    """(0-based line, token) for every block token and every inline token inside it, in order."""
    for token in md.parse(source, {}):
        line = token.map[0] if token.map else 0
        yield line, token
        for child in _flatten(token.children or ()):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            yield line, child


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token.children or ())


def _image_problem(src: str, assets: Path | None) -> str | None:
    expected = "expected a path inside the pack's assets/ folder, e.g. 'maps/region.png'"
    if not is_asset_path(src):
        return f"image '{src[:60]}' is not allowed ({expected})"
    if assets is None:
        return None
    path = (assets / src).resolve()
    if not path.is_relative_to(assets.resolve()):
        return f"image '{src[:60]}' leads outside the assets folder ({expected})"
    if not path.is_file():
        return f"image '{src[:60]}' not found in {assets.name}/ ({expected})"
    return None


def _no_assets(src: str) -> str:
    raise ValueError(f"image {src!r} rendered without an assets folder")


def render_block(source: str, cite, asset=_no_assets, print_urls: bool = False) -> Markup:
    return Markup(RENDER.render(source, {"cite": cite, "asset": asset, "print_urls": print_urls}))


def render_inline(source: str, cite, asset=_no_assets, print_urls: bool = False) -> Markup:
    return Markup(RENDER.renderInline(source, {"cite": cite, "asset": asset, "print_urls": print_urls}))


def web_links(source: str) -> list[str]:
    """The http(s) addresses a text links to, in order, without repeats."""
    found = []
    for _, token in _tokens_by_line(RENDER, source):
        href = token.attrGet("href") if token.type == "link_open" else None
        if href and href.lower().startswith(("http://", "https://")) and href not in found:
            found.append(href)
    return found


def plain(source: str) -> str:
    """Inline Markdown as plain text (for PDF metadata and bookmarks); citations dropped."""
    out = []
    for token in RENDER.parseInline(source, {}):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def no_citations(keys) -> str:
    """The ``cite`` callback for places that must not cite: keeps the marker visible as text."""
    return str(escape("".join(f"[^{k}]" for k in keys)))
