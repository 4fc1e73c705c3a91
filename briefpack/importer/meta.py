"""pack.yaml from what the text states: the title's shape ("15th Informal ASEM Seminar on Human Rights: Human
Rights and Trafficking in Persons" -> edition, series, theme), the seminar's year, host and co-organisers, and the
language. What cannot be told is left empty with a comment, so that ``check`` reports it."""

from __future__ import annotations

import re

from .document import CALL_RE
from .draft import Draft, MetaField

TITLE_RE = re.compile(r"^(?P<n>\d+)\^?(?P<ord>st|nd|rd|th)\^?\s+(?P<series>.+?)\s*(?::|\s[–—-])\s+(?P<theme>.+)$")
YEAR_RE = re.compile(r"\b(19\d\d|20\d\d)\b")
# Tried once, where the phrase first occurs (see _stated): searched for, they would scan to the end of the text
# from every later occurrence of the phrase (quadratic in a text repeating it with no full stop after it).
HOST_RE = re.compile(r"\bhosted by (?:the )?(.+?)(?:\.\s|\.$|;)")
HOST_START_RE = re.compile(r"\bhosted by ")
CO_ORGANISERS_RE = re.compile(r"\bco-?organi[sz]ed by (.+?)(?:\.\s|\.$)")
CO_ORGANISERS_START_RE = re.compile(r"\bco-?organi[sz]ed by ")
ENGLISH = {"the", "and", "of", "to", "in", "is", "are", "that", "for", "with", "on", "which", "as", "by"}
BRITISH_RE = re.compile(r"\b\w+(?:isation|ised|ising|our|ours|ogramme|ogrammes)\b", re.I)
AMERICAN_RE = re.compile(r"\b\w+(?:ization|ized|izing|or|ors|ogram|ograms)\b", re.I)
US_WORDS = {"labor", "program", "organization", "color", "behavior", "center"}
UK_WORDS = {"labour", "programme", "organisation", "colour", "behaviour", "centre"}


def pack_meta(title: str | None, draft: Draft) -> dict:
    text = _plain(" ".join(p.text for p in draft.pieces()))
    meta: dict = {}
    title = " ".join(CALL_RE.sub("", title or "").split())  # a note on the title line stays a note, uncited
    shape = TITLE_RE.match(title)
    where = f"from the title line of {draft.source}"
    if shape:
        meta["series"] = MetaField(shape["series"], where)
        meta["edition"] = MetaField(f"{shape['n']}^{shape['ord']}^", where)
        meta["theme"] = MetaField(shape["theme"], where)
    else:
        series, _, theme = (title or "").partition(": ")
        meta["series"] = MetaField(series or None, where if series else "FILL IN: the seminar series' name")
        meta["edition"] = MetaField(None, "FILL IN: which edition, e.g. 15^th^ (the title does not say)")
        meta["theme"] = MetaField(theme or None, where if theme else "FILL IN: the seminar's theme")
    meta["year"] = _year(text, meta["series"].value, title or "")
    meta["language"] = _language(text)
    host = _stated(HOST_RE, HOST_START_RE, text)
    if host:
        meta["host"] = MetaField(host.group(1).strip(), "stated in the text")
    organisers = _stated(CO_ORGANISERS_RE, CO_ORGANISERS_START_RE, text)
    if organisers:
        meta["co_organisers"] = _split_list(organisers.group(1))
    for name, item in meta.items():
        if isinstance(item, MetaField) and item.value is None:
            draft.attention.append(f"pack.yaml: '{name}' could not be told from the source: fill it in")
    return meta


def _stated(pattern: re.Pattern[str], start: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, in linear time. ``pattern`` is ``start``, then some text, then an end mark: if
    it fails where ``start`` first occurs, no end mark follows, so it fails at every later occurrence too
    (``text`` is one line: the text has no line breaks for ``.`` to stop at)."""
    first = start.search(text)
    return pattern.match(text, first.start()) if first else None


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[*^]", "", CALL_RE.sub("", text)).split())


def _year(text: str, series: str | None, title: str) -> MetaField:
    """The latest year in the sentences that speak of the seminar itself."""
    years = YEAR_RE.findall(title)
    if series:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if series.lower() in s.lower()]
        years += [y for s in sentences for y in YEAR_RE.findall(s)]
    if not years:
        return MetaField(None, "FILL IN: the year of the seminar (the text does not say)")
    return MetaField(max(years), "guessed: the latest year in the sentences about the seminar")


def _language(text: str) -> MetaField:
    words = re.findall(r"[a-z]+", text.lower())
    if not words or sum(w in ENGLISH for w in words) / len(words) < 0.15:
        return MetaField(None, "FILL IN: the language tag, e.g. en-GB or fr (not recognised)")
    british = len(BRITISH_RE.findall(text)) + 3 * sum(w in UK_WORDS for w in words)
    american = len(AMERICAN_RE.findall(text)) + 3 * sum(w in US_WORDS for w in words)
    tag = "en-GB" if british >= american else "en-US"
    return MetaField(tag, f"guessed from the spelling ({british} British and {american} American forms)")


def _split_list(text: str) -> list[str]:
    """"A (X), B, C and D, and E" -> items; commas inside parentheses do not split."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    cleaned = [re.sub(r"^(?:and\s+)?(?:the\s+)?", "", item.strip()) for item in items]
    return [item for item in cleaned if item]
