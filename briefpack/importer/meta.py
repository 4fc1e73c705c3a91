"""pack.yaml from what the source states: the title's shape ("15th Informal ASEM Seminar on Human Rights, Montreux:
Human Rights and Trafficking in Persons" -> edition, series, venue, theme), the front matter (subtitle, dates line),
the seminar's year, its host and its co-organisers, in the source's language (words.py). A value is "stated in the
text" only when it was read whole from one phrase; anything less certain is "guessed", with the sentence it came
from. What cannot be told is left empty with a comment, so that ``check`` reports it."""

from __future__ import annotations

import re

from .document import CALL_RE
from .draft import Draft, FrontMatter, MetaField
from .language import Detected
from .words import LANGUAGES, Words

YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d|2[5-6]\d\d)(?!\d)")
TITLE_SPLIT_RE = re.compile(r"\s*[:：]\s+|\s*[:：](?=\S)(?<=[\u3000-\u9fff][:：])|\s+[–—-]\s+")
SENTENCE_END_RE = re.compile(r"[.;。；!?！？](?:\s|$)|$")
STATED = "stated in the text"
MAX_NAME_WORDS = 14
# Where a name ends inside a sentence: a place, a time or a purpose follows ("hosted by X in Montreux from...").
NAME_STOP_RE = re.compile(r"\s+(?:in|at|on|from|during|for|to|à|au|aux|dans|pour|du\s+\d|en\s+\d|en\s+(?!partenariat)"
                          r"|a|para|desde|im|am|vom|für|в|с\s+\d|для|tại|vào|từ|ở)\s+\S", re.I)


def pack_meta(title: str | None, front: FrontMatter, draft: Draft, detected: Detected) -> dict[str, MetaField]:
    text = _plain(" ".join(p.text for p in draft.pieces()))
    words = LANGUAGES[detected.key] if detected.key else LANGUAGES["en"]
    title = " ".join(CALL_RE.sub("", _plain(title or "")).split())  # a note on the title line stays uncited
    meta = _title(title, front, words, draft.source)
    series = meta["series"].value
    meta["year"] = _year(text, series if isinstance(series, str) else None, title, front)
    meta["language"] = MetaField(detected.tag, f"guessed from {detected.evidence}" if detected.tag else
                                 f"FILL IN: the language tag, e.g. en-GB or fr (not recognised: {detected.evidence})")
    host, organisers = _organisers(text, words)
    if host:
        meta["host"] = host
    if organisers:
        meta["co_organisers"] = organisers
    return meta  # what could not be told is listed once, under "To fill in", at its place (writer.py)


def _title(title: str, front: FrontMatter, words: Words, source: str) -> dict[str, MetaField]:
    where = f"from the title line of {source}"
    meta: dict[str, MetaField] = {}
    edition = None
    for pattern in dict.fromkeys([words.ordinal, LANGUAGES["en"].ordinal]):
        found = re.match(pattern, title, re.I)
        if found:
            edition, title = found.group(0).strip(), title[found.end():]
            break
    series, _, theme = (title, None, None) if not title else _split_title(title)
    if series and ", " in series and not front.venue:
        head, _, place = series.partition(", ")
        if len(place.split()) <= 6 and place[:1].isupper():
            series, front.venue = head, place
            front.venue_from = f"guessed: the words after the series' name on the title line of {source}"
    if not theme and front.subtitle:
        theme, where_theme = front.subtitle, f"from the subtitle of {source}"
    else:
        where_theme = where
    meta["series"] = MetaField(series or None, where if series else "FILL IN: the seminar series' name")
    meta["edition"] = MetaField(_superscript(edition) if edition else None,
                                where if edition else "FILL IN: which edition, e.g. 15^th^ (the title does not say)")
    meta["theme"] = MetaField(theme or None, where_theme if theme else "FILL IN: the seminar's theme")
    return meta


def _split_title(title: str) -> tuple[str, str, str | None]:
    parts = TITLE_SPLIT_RE.split(title, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0].strip(), "", parts[1].strip()
    return title.strip(), "", None


def _superscript(edition: str) -> str:
    """"15th" -> "15^th^", "15e" -> "15^e^"; already marked, or written otherwise (第十五届, 15.), unchanged."""
    if "^" in edition:
        return edition
    return re.sub(r"^(\d+)([^\W\d_]{1,3})$", r"\1^\2^", edition)


def _plain(text: str) -> str:
    return re.sub(r"[ \t\n]+", " ", re.sub(r"(?<!\\)[*^]", "", CALL_RE.sub("", text)).replace("\\", "")).strip()


def _year(text: str, series: str | None, title: str, front: FrontMatter) -> MetaField:
    if front.dates:
        return MetaField(str(front.dates.start.year), f"{STATED}: the dates line, {front.dates.text!r}")
    years = YEAR_RE.findall(f"{title} {front.subtitle or ''}")
    if years:
        return MetaField(max(years), "guessed: the year on the title lines")
    if series:
        sentences = [s for s in re.split(r"(?<=[.!?。])\s*", text) if series.lower() in s.lower()]
        years = [y for s in sentences for y in YEAR_RE.findall(s)]
    if not years:
        return MetaField(None, "FILL IN: the year of the seminar (the text does not say)")
    return MetaField(max(years), "guessed: the latest year in the sentences about the seminar")


def _organisers(text: str, words: Words) -> tuple[MetaField | None, MetaField | None]:
    host_re = re.compile(words.host, re.I)
    co_re = re.compile(words.co_organisers, re.I)
    host = organisers = None
    found = host_re.search(text)
    if found:
        host = _names(text, found.end(), co_re, words, single=True)
    found = co_re.search(text)
    if found:
        organisers = _names(text, found.end(), host_re, words, single=False)
    return host, organisers


def _names(text: str, start: int, other: re.Pattern[str], words: Words, single: bool) -> MetaField | None:
    """The name (or names) after a phrase, to the end of its sentence or to the other phrase ("hosted by X and
    co-organised by Y and Z"); stated only when each is read whole."""
    end = SENTENCE_END_RE.search(text, start)
    stop = end.start() if end else len(text)
    sentence = text[_sentence_start(text, start):stop + 1].strip()
    segment = text[start:stop]
    clean_end = True
    follow = other.search(segment)
    if follow:
        segment = re.sub(rf"(?:{words.and_}|\s*,)\s*$", "", segment[:follow.start()]).rstrip()
    place = NAME_STOP_RE.search(segment)
    if place:
        segment, clean_end = segment[:place.start()], False
    items = _split_names(segment, words)
    if not items:
        return None
    guessed = f"guessed from: {sentence[:200]}"
    if single:
        certain = clean_end and len(items) == 1 and len(items[0].split()) <= MAX_NAME_WORDS
        return MetaField(items[0], STATED if certain else guessed)
    certain = clean_end and all(len(item.split()) <= MAX_NAME_WORDS for item in items)
    return MetaField(items, STATED if certain else guessed)


def _sentence_start(text: str, at: int) -> int:
    before = max(text.rfind(". ", 0, at), text.rfind("。", 0, at))
    return before + 1 if before >= 0 else 0


def _split_names(text: str, words: Words) -> list[str]:
    """"A (X), B, C and D" -> items: commas split (not inside parentheses); "and" splits the last item, or the
    whole text when there is no comma and only one "and"."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += char in "(（"
        depth -= char in ")）"
        if char in ",，、" and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    leading_and = re.compile(rf"^\s*(?:{words.and_})", re.I)
    items = [leading_and.sub("", " " + item) if i else item for i, item in enumerate(items)]
    if len(items) == 1:
        parts = re.split(words.and_, items[0], flags=re.I)
        if len(parts) == 2:
            items = parts
    article = re.compile(r"^(?:the|l[ae']|les|el|la|los|las|der|die|das|dem|den)\s+|^l'", re.I)
    cleaned = [article.sub("", item.strip(" .;:")) for item in items]
    return [item for item in cleaned if item]
