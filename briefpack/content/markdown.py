"""Light Markdown for content: paragraphs, lists, quotations, emphasis, links, 15^th^ and [^note] citations.

Each text is parsed once (``parse``); the parse is shared by the lint, the numbering, the image checks and the
rendering of every document. Citations are parsed by an inline rule of our own into ``citation`` tokens. Raw HTML
is recognised so that the lint can report it, and is always rendered escaped, as text.

Rendering also prepares each passage for the page: its direction and isolated runs (bidi.py), break
opportunities inside printed addresses, hyphenated compounds kept from hyphenation, and the last characters of a
Chinese or Japanese passage kept together.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from . import bidi, images, languages
from .paths import OutsidePack, asset_path

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererProtocol
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

Attributes = dict[str, str | int | float]  # a token's attributes, as markdown-it-py types them
CITATION_RE = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9._:-]*)\]")
LINK_SCHEMES = ("http://", "https://", "mailto:")
# Where a printed address may break: after its scheme's "://" and after each "/", before . ? & = - _ # (so that a
# line never ends in what reads as the sentence's punctuation); never inside the scheme. The opportunity is a zero
# width space inside the address's own text: WeasyPrint draws nothing for it (the PDF's text and copies stay
# clean), while a <wbr> element, a box of its own, is missed by its line breaking after an address's first line.
URL_SCHEME_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|mailto:)")
URL_BREAK_RE = re.compile(r"(?<=/)(?=[^/])|(?=[.?&=\-_#])")
WBR = "\u200b"
# Characters after which Unicode's line breaking would break (a hyphen, "?", closing brackets, "%"...): a word
# joiner after each keeps the break where URL_BREAK_RE puts it (before a hyphen, not after, where it would read
# and be copied as the word's hyphenation). Neither character is drawn or extracted.
URL_NO_BREAK_AFTER_RE = re.compile(r"[-?!)\]}+$%\\|]")
# A word that already has a hyphen ("gender-disaggregated") is broken only there, never hyphenated inside a part
# ("gender-disaggreg-/ated"): styles/base.css sets `hyphens: manual` on it.
COMPOUND_RE = re.compile(r"\w+(?:-\w+)+")
# GFM tables are block Markdown (an inline text is parsed by inline rules only, so a one-line text never holds one).
DISABLED_BLOCKS = ["code", "fence", "lheading", "hr", "reference"]  # headings are parsed to be refused
HTML_PROBLEM = "raw HTML is not allowed in content (found {!r}; write Markdown, or build with --html-as-text)"
HEADING_PROBLEM = ("a heading is not allowed inside a text (found {!r}; a heading starts a section: add an item with "
                   "an id and a title to `sections:` in concept-note.yaml)")
DEFINITION_PROBLEM = ("a note cannot be defined inside a text (found '[^{0}]:'; write it in notes.yaml as "
                      "`{0}: text` under `notes:`, and cite it here as [^{0}])")

Cite = Callable[[Sequence[str]], str]
Asset = Callable[[str], str]


@dataclass(frozen=True)
class Citation:
    keys: tuple[str, ...]
    line: int  # 0-based line within the text


@dataclass(frozen=True)
class Parsed:
    """One text's parse and everything read off it."""

    tokens: tuple[Token, ...] = field(repr=False)
    citations: tuple[Citation, ...]
    images: tuple[tuple[int, str], ...]  # (line, src)
    links: tuple[tuple[int, str], ...]  # (line, href) of every link, autolinks included
    html: tuple[tuple[int, str, bool], ...]  # (line, raw HTML, is a block) found in the text
    headings: tuple[tuple[int, str], ...] = ()  # (line, the heading as written): refused by the lint
    definitions: tuple[tuple[int, str], ...] = ()  # (line, note id) of "[^id]: ..." at a paragraph's start
    spans: tuple[tuple[int, Attributes], ...] = ()  # (line, attributes) of each [text]{lang=..} span

    @property
    def web_links(self) -> list[str]:
        """The http(s) addresses the text links to, in order, without repeats."""
        return list(dict.fromkeys(href for _, href in self.links if href.lower().startswith(("http://", "https://"))))

    @property
    def plain(self) -> str:
        """The text without markup (for PDF metadata and bookmarks); citations dropped."""
        out = []
        for token in self.tokens:
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    out.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    out.append(" ")
        return re.sub(r"\s+", " ", "".join(out)).strip()


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


def _as_written(link: str) -> str:
    """Print URLs exactly as written, %20 and all."""
    return link


def _any_link(url: str) -> bool:
    """Every link is parsed, so that the lint can say which ones are refused (rendering refuses them too)."""
    return True


@functools.cache
def _parser() -> MarkdownIt:
    """The one Markdown parser, made when the first text is parsed (a build that has nothing to do never
    imports markdown-it)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_plugin
    from mdit_py_plugins.superscript import superscript_plugin

    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.disable(DISABLED_BLOCKS)
    md.enable("table")  # GFM tables, not in the commonmark preset
    md.use(superscript_plugin)
    md.use(attrs_plugin, after=(), spans=True)  # [湄公河]{lang=zh-Hans}: see languages.span_open
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.normalizeLinkText = _as_written  # type: ignore[method-assign]
    md.validateLink = _any_link  # type: ignore[method-assign]
    for rule, render in (("citation", _render_citation), ("link_open", _link_open), ("link_close", _link_close),
                         ("image", _render_image), ("html_inline", _render_html), ("html_block", _render_html),
                         ("span_open", _render_span), ("text", _render_text), ("th_open", _header_cell),
                         ("table_open", _table_open), ("table_close", _table_close)):
        md.add_render_rule(rule, render)
    return md


def _render_citation(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                     env: EnvType) -> str:
    # A word joiner before the call: no line may begin with it (UAX 14 allows a break between a Han
    # character and a digit, and the punctuation after the call would follow it onto the new line).
    return "\u2060" + str(env["cite"](tokens[idx].meta["keys"]))


def _render_span(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    return languages.span_open(tokens[idx].attrs)


def _header_cell(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    """A table's header cell heads its column (GFM has one header row): ``scope="col"`` for screen readers and
    the tagged PDF's TH."""
    cells = list(tokens)
    cells[idx] = cells[idx].copy()
    cells[idx].attrSet("scope", "col")
    return str(self.renderToken(cells, idx, options, env))  # type: ignore[attr-defined]


def _table_open(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
    """A table in a box of its own (the web edition scrolls a wide table inside it, never the page; a box that
    scrolls is reached by the keyboard too)."""
    return '<div class="table" tabindex="0">' + str(self.renderToken(tokens, idx, options, env))  # type: ignore[attr-defined]


def _table_close(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    return str(self.renderToken(tokens, idx, options, env)) + "</div>\n"  # type: ignore[attr-defined]


def breakable_url(url: str) -> Markup:
    """A printed address with break opportunities where a line may end in it (escaped HTML)."""
    scheme = URL_SCHEME_RE.match(url)
    head, rest = (url[:scheme.end()], url[scheme.end():]) if scheme else ("", url)
    pieces = [piece for piece in URL_BREAK_RE.split(rest) if piece]
    if head:
        pieces = [head, *pieces]
    return Markup(WBR).join(escape(URL_NO_BREAK_AFTER_RE.sub("\\g<0>\u2060", piece)) for piece in pieces)


def _render_text(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    content = tokens[idx].content
    if env.get("in_url"):
        return str(breakable_url(content))
    return COMPOUND_RE.sub(r'<span class="compound">\g<0></span>', escapeHtml(content))


def escapeHtml(text: str) -> str:  # noqa: N802 (markdown-it's own name)
    from markdown_it.common.utils import escapeHtml as escape_html

    return str(escape_html(text))


def _render_html(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    """Raw HTML is never passed through (the lint refuses it unless --html-as-text): it prints as text."""
    token = tokens[idx]
    if token.type == "html_block":
        return f"<p>{escapeHtml(token.content.strip())}</p>\n"
    return escapeHtml(token.content)


def is_allowed_link(href: str) -> bool:
    return href.lower().startswith(LINK_SCHEMES)


def _link_open(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
               env: EnvType) -> str:
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if not is_allowed_link(str(href)):
        raise ValueError(f"link to {href!r} reached rendering (the lint refuses it)")
    is_url = token.markup == "autolink" or href == (tokens[idx + 1].content if idx + 1 < len(tokens) else None)
    env["in_url"] = is_url
    if env.get("print_urls"):  # paper: no link annotations (PDF/X), the address is printed instead
        return '<span class="url">' if is_url else '<span class="link">'
    attrs = "".join(f' {name}="{escapeHtml(str(value))}"' for name, value in token.attrItems())
    return f'<a{attrs} class="url">' if is_url else f"<a{attrs}>"


def _link_close(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
    """In print, a link's address is printed after its text: paper has no links to follow."""
    env["in_url"] = False
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
    href = str(tokens[i].attrGet("href") or "")
    text = "".join(t.content for t in tokens[i + 1: idx])
    if tokens[i].markup == "autolink" or text == href:
        return close
    return f'{close} (<span class="url">{breakable_url(href)}</span>)'


def _render_image(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict,
                  env: EnvType) -> str:
    """Images come only from the assets folder; ``env["asset"]`` turns a checked relative path into a URL."""
    token = tokens[idx]
    alt = escape("".join(child.content for child in token.children or ()))
    return f'<img src="{escape(env["asset"](str(token.attrGet("src"))))}" alt="{alt}">'




def parse(source: str, inline: bool) -> Parsed:
    """Parse ``source`` (a block of paragraphs, or one line of inline text) and read its parts off the parse."""
    parser = _parser()
    tokens = tuple(parser.parseInline(source, {}) if inline else parser.parse(source, {}))
    citations, images, links, html, headings, definitions, spans = [], [], [], [], [], [], []
    for index, token in enumerate(tokens):  # citations keep their own line count (set by the rule)
        base = token.map[0] if token.map else 0
        children = token.children or []
        for position, child in enumerate(children):
            if child.type == "citation":
                citations.append(Citation(tuple(child.meta["keys"]), base + child.meta["line"]))
                following = children[position + 1] if position + 1 < len(children) else None
                starts_line = position == 0 or children[position - 1].type in ("softbreak", "hardbreak")
                if starts_line and following is not None and following.content.startswith(":"):
                    definitions.append((base + child.meta["line"], child.meta["keys"][-1]))
        if token.type == "heading_open":
            headings.append((base, f"{token.markup} {tokens[index + 1].content}"))
    for line, token in _tokens_by_line(tokens):
        if token.type == "image":
            images.append((line, str(token.attrGet("src") or "")))
        elif token.type == "link_open":
            links.append((line, str(token.attrGet("href") or "")))
        elif token.type in ("html_inline", "html_block"):
            html.append((line, token.content, token.type == "html_block"))
        elif token.type == "span_open":
            spans.append((line, dict(token.attrs)))
    return Parsed(tokens, tuple(citations), tuple(images), tuple(links), tuple(html), tuple(headings),
                  tuple(definitions), tuple(spans))


def _tokens_by_line(tokens: Sequence[Token]) -> Iterator[tuple[int, Token]]:
    """(0-based line, token) for every block token and every inline token inside it, in order."""
    for token in tokens:
        line = token.map[0] if token.map else 0
        yield line, token
        for child in _flatten(token.children or ()):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            yield line, child


def _flatten(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _flatten(token.children or ())


def is_asset_path(src: str) -> bool:
    """A relative path with no scheme, no absolute root and no way up: 'maps/region.png'."""
    parts = src.replace("\\", "/").split("/")
    return bool(src) and ":" not in src and not src.startswith("/") and ".." not in parts and "" not in parts


def lint(parsed: Parsed, assets: Path | None, allow_html: bool = False) -> list[tuple[int, str, str]]:
    """Problems an author can fix, as (line, needle, message): raw HTML, links with schemes we do not follow,
    images that are not files of the assets folder."""
    problems = [(line, heading[:20], HEADING_PROBLEM.format(heading[:40])) for line, heading in parsed.headings]
    problems += [(line, f"[^{key}]", DEFINITION_PROBLEM.format(key)) for line, key in parsed.definitions]
    if not allow_html:
        for line, html, block in parsed.html:
            shown = html.strip() if block else html
            problems.append((line, shown[:8] if block else shown, HTML_PROBLEM.format(shown[:40])))
    for line, attrs in parsed.spans:
        problems += [(line, "]{", message) for message in languages.span_problems(attrs)]
    for line, href in parsed.links:
        if not is_allowed_link(href):
            problems.append((line, href, f"link to '{href[:60]}' is not allowed "
                                         "(expected an http://, https:// or mailto: address)"))
    for line, src in parsed.images:
        message = image_problem(src, assets)
        if message:
            problems.append((line, src, message))
    return sorted(problems, key=lambda problem: problem[0])


def image_problem(src: str, assets: Path | None) -> str | None:
    expected = "expected a path inside the pack's assets/ folder, e.g. 'maps/region.png'"
    if not is_asset_path(src):
        return f"image '{src[:60]}' is not allowed ({expected})"
    if assets is None:
        return None
    try:
        path = asset_path(assets, src)  # the pack's door: assets/ inside the pack, the image inside assets/
    except OutsidePack as exc:
        if exc.path == assets:
            return (f"image '{src[:60]}' is in {assets.name}/, a link to a folder outside the content folder "
                    "(expected the folder itself, or a link to a folder inside the content folder)")
        return f"image '{src[:60]}' leads outside the assets folder ({expected})"
    if not path.is_file():
        return f"image '{src[:60]}' not found in {assets.name}/ ({expected})"
    too_large = images.too_large(path)  # read from the header: nothing is decoded
    return f"image '{src[:60]}' {too_large}" if too_large else None


def _no_assets(src: str) -> str:
    raise ValueError(f"image {src!r} rendered without an assets folder")


def render(parsed: Parsed, cite: Cite, asset: Asset = _no_assets, print_urls: bool = False,
           direction: bidi.Direction | None = None) -> Markup:
    """HTML of a parsed text; ``cite`` renders citation groups for the document being made; ``direction`` is the
    document's: a passage whose first strong character runs the other way says so (``dir``)."""
    return render_tokens(list(parsed.tokens), cite, asset, print_urls, direction)


def render_tokens(tokens: Sequence[Token], cite: Cite, asset: Asset = _no_assets, print_urls: bool = False,
                  direction: bidi.Direction | None = None) -> Markup:
    env = {"cite": cite, "asset": asset, "print_urls": print_urls}
    parser = _parser()
    if len(tokens) == 1 and tokens[0].type == "inline":  # one line of inline text, shown inside an element
        own = bidi.tokens_direction(tokens[0].children or ())
        html = parser.renderer.render(_with_directions(tokens, direction), parser.options, env)
        if own is not None and direction is not None and own != direction:
            return Markup(f'<span dir="{own}">{html}</span>')
        return Markup(html)
    return Markup(parser.renderer.render(_with_directions(tokens, direction), parser.options, env))


PASSAGES = ("paragraph_open", "list_item_open", "blockquote_open", "th_open", "td_open")
# Chinese and Japanese break between any two characters: a passage's last line could hold one or two. Its last
# four characters are kept on one line (styles/base.css: .line-end), so the last line has at least four.
CJK_TAIL_RE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]{4}$")


def _keep_last_characters(children: list[Token]) -> list[Token]:
    """The passage's tokens with its last four characters in a ``line-end`` span, when they are Chinese or
    Japanese (a passage that ends otherwise is left as it is)."""
    from markdown_it.token import Token

    last = children[-1] if children else None
    tail = CJK_TAIL_RE.search(last.content) if last is not None and last.type == "text" else None
    if last is None or tail is None:
        return children
    opening = Token("line_end_open", "span", 1)
    opening.attrSet("class", "line-end")
    head, end = last.copy(content=last.content[:tail.start()]), last.copy(content=tail.group(0))
    return [*children[:-1], head, opening, end, Token("line_end_close", "span", -1)]


def _with_directions(tokens: Sequence[Token], direction: bidi.Direction | None) -> list[Token]:
    """Copies of the (shared) tokens with each passage's direction: ``dir`` on a paragraph or list item whose
    first strong character runs against the document, and runs of the other direction isolated."""
    out = list(tokens)
    for index, token in enumerate(out):
        if token.type != "inline":
            continue
        own = bidi.tokens_direction(token.children or ())
        base = own or direction or "ltr"
        out[index] = token.copy(children=_keep_last_characters(bidi.isolate_runs(token.children or (), base)))
        if own is None or direction is None or own == direction:
            continue
        opening = next((i for i in range(index - 1, -1, -1) if out[i].type in PASSAGES and not out[i].hidden), None)
        if opening is not None and not out[opening].attrGet("dir"):
            out[opening] = out[opening].copy(attrs={**out[opening].attrs, "dir": own})
    return out


def no_citations(keys: Sequence[str]) -> str:
    """The ``cite`` callback for places that must not cite: keeps the marker visible as text."""
    return str(escape("".join(f"[^{k}]" for k in keys)))
