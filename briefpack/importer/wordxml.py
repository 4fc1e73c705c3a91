"""What mammoth does not see in a Word document, read from its XML before mammoth runs: headings made with outline
levels (no heading style), block quotations made by indenting a paragraph, the language tags of the runs, and
the reviewers' comments and tracked changes (their words, authors and places). Headings and quotations are
marked with style ids of our own, which the style map turns into ``h1``... and ``blockquote``."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, register_namespace, tostring

from .document import Changes
from .package import Package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
HEADING_STYLE = "BriefpackHeading{}"  # our style ids, mapped to h1..h6 and blockquote by ``style_map`` lines
QUOTE_STYLE = "BriefpackQuote"
QUOTE_INDENT = 567  # twips (1 cm): a paragraph indented this much, not a list item, is a quotation
PLAIN_STYLES = {None, "Normal", "BodyText", "Textkörper", "Corpsdetexte", "NormalWeb"}
XMLNS_RE = re.compile(rb'xmlns:([A-Za-z0-9_]+)="([^"]+)"')
EXCERPT = 60


@dataclass
class Review:
    change: str  # "comment" | "insertion" | "deletion"
    author: str
    text: str
    paragraph: int  # 1-based, among the body's paragraphs
    excerpt: str  # the start of that paragraph's text, to find it in the written files

    def describe(self) -> str:
        what = {"comment": "comment", "insertion": "inserted", "deletion": "deleted"}[self.change]
        return f"{what} by {self.author or 'an unnamed reviewer'}: {self.text!r}"


@dataclass
class WordFacts:
    data: bytes  # the .docx to give mammoth (rewritten when headings or quotations were marked)
    languages: Counter[str] = field(default_factory=Counter)
    reviews: list[Review] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)  # what was marked, for the report
    style_map: list[str] = field(default_factory=list)  # extra style-map lines (styles with an outline level)


def read(package: Package, name: str, changes: Changes = "accept") -> WordFacts:
    body = package.xml["word/document.xml"]
    facts = WordFacts(package.data)
    heading_styles = _outline_styles(package, facts)
    paragraphs = list(body.iter(f"{W}p"))
    changed = _mark(paragraphs, {id(p) for cell in body.iter(f"{W}tc") for p in cell.iter(f"{W}p")},
                    heading_styles, facts)
    _languages(body, facts)
    _reviews(package, paragraphs, facts, changes)
    if changes == "reject" and any(r.change != "comment" for r in facts.reviews):
        _reject(body)
        changed = True
    if changed:
        facts.data = _rezip(package, body)
    return facts


def _outline_styles(package: Package, facts: WordFacts) -> set[str]:
    """Paragraph styles that carry an outline level (a localised or custom heading style): mapped to headings."""
    styles = package.xml.get("word/styles.xml")
    found: set[str] = set()
    if styles is None:
        return found
    for style in styles.iter(f"{W}style"):
        level = style.find(f"{W}pPr/{W}outlineLvl")
        style_id = style.get(f"{W}styleId")
        if level is None or style_id is None or style.get(f"{W}type") != "paragraph":
            continue
        found.add(style_id)
        named = style.find(f"{W}name")
        if named is not None and re.fullmatch(r"heading \d|title", (named.get(f"{W}val") or "").lower()):
            continue  # mammoth maps Word's own heading styles by name already
        value = _int(level.get(f"{W}val"))
        if 0 <= value < 6:
            facts.style_map.append(f"p.{_selector(style_id)} => h{value + 1}:fresh")
    return found


def _selector(style_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", style_id) or "x"


def _mark(paragraphs: list[Element], in_table: set[int], heading_styles: set[str], facts: WordFacts) -> bool:
    """Outline-level headings and indented quotations get our style ids (a table cell's indent is layout)."""
    changed = False
    for number, paragraph in enumerate(paragraphs, 1):
        props = paragraph.find(f"{W}pPr")
        if props is None:
            continue
        style = props.find(f"{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
        level = props.find(f"{W}outlineLvl")
        if level is not None and style_id not in heading_styles and 0 <= _int(level.get(f"{W}val")) < 6:
            _set_style(props, HEADING_STYLE.format(_int(level.get(f"{W}val")) + 1))
            _map(facts, f"p.{HEADING_STYLE.format(_int(level.get(f'{W}val')) + 1)} => "
                        f"h{_int(level.get(f'{W}val')) + 1}:fresh")
            facts.marked.append(f"paragraph {number} is a heading by its outline level (no heading style)")
            changed = True
        elif style_id in PLAIN_STYLES and _indented(props) and props.find(f"{W}numPr") is None \
                and id(paragraph) not in in_table and _text(paragraph).strip():
            _set_style(props, QUOTE_STYLE)
            _map(facts, f"p.{QUOTE_STYLE} => blockquote > p:fresh")
            facts.marked.append(f"paragraph {number} is a block quotation (indented)")
            changed = True
    return changed


def _map(facts: WordFacts, line: str) -> None:
    if line not in facts.style_map:
        facts.style_map.append(line)


def _indented(props: Element) -> bool:
    indent = props.find(f"{W}ind")
    if indent is None:
        return False
    left = max(_int(indent.get(f"{W}left")), _int(indent.get(f"{W}start")))
    hanging = _int(indent.get(f"{W}hanging"))
    return left - hanging >= QUOTE_INDENT


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _set_style(props: Element, style_id: str) -> None:
    style = props.find(f"{W}pStyle")
    if style is None:
        style = Element(f"{W}pStyle")
        props.insert(0, style)
    style.set(f"{W}val", style_id)


def _text(element: Element, tags: tuple[str, ...] = ("t",)) -> str:
    return "".join(node.text or "" for node in element.iter() if node.tag in {f"{W}{t}" for t in tags})


def _languages(body: Element, facts: WordFacts) -> None:
    """Each run's language: w:val for Latin and Cyrillic text, w:eastAsia for Chinese, Japanese and Korean,
    w:bidi for Arabic (Word sets all three on every run; only the one its text is written in tells)."""
    for run in body.iter(f"{W}r"):
        lang = run.find(f"{W}rPr/{W}lang")
        if lang is None:
            continue
        text = _text(run)
        if not text.strip():
            continue
        if re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", text):
            tag = lang.get(f"{W}eastAsia")
        elif re.search(r"[\u0590-\u08ff]", text):
            tag = lang.get(f"{W}bidi")
        else:
            tag = lang.get(f"{W}val")
        if tag:
            facts.languages[tag] += 1


def _as_imported(paragraph: Element, changes: Changes) -> str:
    """A paragraph's text as the import takes it: after its tracked changes (accept) or before them (reject)."""
    if changes == "accept":
        return _text(paragraph)
    inserted = {id(node) for ins in paragraph.iter(f"{W}ins") for node in ins.iter()}
    return "".join(node.text or "" for node in paragraph.iter()
                   if node.tag in (f"{W}t", f"{W}delText") and id(node) not in inserted)


def _reviews(package: Package, paragraphs: list[Element], facts: WordFacts, changes: Changes) -> None:
    comments = package.xml.get("word/comments.xml")
    texts: dict[str, tuple[str, str]] = {}
    if comments is not None:
        for comment in comments.iter(f"{W}comment"):
            words = " ".join(_text(p).strip() for p in comment.iter(f"{W}p") if _text(p).strip())
            texts[comment.get(f"{W}id") or ""] = (comment.get(f"{W}author") or "", words)
    seen: set[str] = set()
    for number, paragraph in enumerate(paragraphs, 1):
        excerpt = " ".join(_as_imported(paragraph, changes).split())[:EXCERPT]
        for node in paragraph.iter():
            if node.tag in (f"{W}commentRangeStart", f"{W}commentReference"):
                key = node.get(f"{W}id") or ""
                if key not in seen:
                    seen.add(key)
                    author, words = texts.get(key, ("", "(its text is not in the file)"))
                    facts.reviews.append(Review("comment", author, words, number, excerpt))
            elif node.tag in (f"{W}ins", f"{W}del"):
                change = "insertion" if node.tag == f"{W}ins" else "deletion"
                changed = _text(node, ("t", "delText"))
                if changed.strip():
                    facts.reviews.append(Review(change, node.get(f"{W}author") or "", changed, number, excerpt))


def _reject(body: Element) -> None:
    """The text before the tracked changes: insertions left out, deletions kept as text (mammoth reads what is
    left as the accepted text)."""
    parents = {child: parent for parent in body.iter() for child in parent}
    for node in list(body.iter()):
        if node.tag not in (f"{W}ins", f"{W}del") or node not in parents:
            continue
        parent = parents[node]
        at = list(parent).index(node)
        parent.remove(node)
        if node.tag == f"{W}del":
            for text in node.iter(f"{W}delText"):
                text.tag = f"{W}t"
            for offset, child in enumerate(node):
                parent.insert(at + offset, child)
                parents[child] = parent


def _rezip(package: Package, body: Element) -> bytes:
    """The package with the marked document part (its own namespace prefixes kept)."""
    for prefix, uri in XMLNS_RE.findall(package.parts["word/document.xml"][:20000]):
        try:
            register_namespace(prefix.decode(), uri.decode())
        except ValueError:  # a reserved prefix ("ns0"...): ElementTree names it itself
            pass
    document = tostring(body, encoding="utf-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for part, data in package.parts.items():
            archive.writestr(part, document if part == "word/document.xml" else data)
    return buffer.getvalue()
