"""Readable, stable ids for notes, made from their text: first author or organisation + year (``kelly-2013``,
``ilo-2014``), with words of the title added where two notes would share one (``unodc-2012-global-report``).
Pure functions: the same notes in the same order always get the same ids.

Ids are ASCII (content/fields.py's id pattern): text is transliterated whole first (Nguyễn -> Nguyen, adopté ->
adopte, Иванов -> Ivanov, 联合国 -> LianHeGuo), with anyascii, made for this: one transliteration on every
machine, every script."""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

from anyascii import anyascii

# Every pattern here does work linear in its text: a scan started at one place stops where a scan started at a
# later place would begin (a link's text stops at a bracket, its address at "]"), so no text is scanned over
# and over by one failing attempt after another.
URL_RE = re.compile(r"<?(?:https?|mailto):[^\s>)]+>?|\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^)\]]*\)")
YEAR_RE = re.compile(r"\((1[89]\d\d|20\d\d)[a-z]?\)|(?<![/\d])\b(1[89]\d\d|20\d\d)\b(?![/\d])")
BARE_YEAR_WORDS = 8  # "ILO 2014, ..." names a source; a year deep in a sentence is a date, not a citation
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"}
# Names before a year: capitalised words, acronyms, "and", "&" and commas ("Kim and Chang (2007)").
# Matched backwards, on the reversed text, from the year: a search for names anchored at the end of the text
# would start again at every capital letter before it (quadratic in the words before a year).
NAME_WORD_REVERSED = r"[\w'’.-]*[A-Z]"  # a capital letter, then word characters: "Smith", "UNODC", "O'Neil"
SEPARATOR_REVERSED = r"(?:\s*,\s*|\s+(?:dna|&)\s+|\s+)"  # ", ", " and ", " & " or a space
AUTHORS_REVERSED_RE = re.compile(rf"\s*,?\s*({NAME_WORD_REVERSED}(?:{SEPARATOR_REVERSED}{NAME_WORD_REVERSED})*)")
STOPWORDS = {"a", "an", "and", "the", "of", "on", "in", "for", "to", "at", "by", "see", "also", "with", "from",
             "is", "are", "was", "as", "its", "it", "this", "that", "which", "available", "per", "more",
             "details", "detailed", "example", "information", "can", "be", "found", "further", "list", "some"}
MAX_LENGTH = 40
MAX_WORD = 20  # scripts written without spaces (Thai, Chinese) transliterate to one long word: its start
HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]{5,}")
IBID_RE = re.compile(r"^\s*ibid\b", re.I)
POSSESSIVE_RE = re.compile(r"['’]s\b")


def ascii_text(text: str) -> str:
    """``text`` in ASCII letters, transliterated whole."""
    return text if text.isascii() else anyascii(text)


def slug(text: str, max_words: int = 4, max_length: int = MAX_LENGTH) -> str:
    """Lower-case ASCII words joined by hyphens; cut at a hyphen, never inside a word, when it is too long."""
    words = re.findall(r"[a-z0-9]+", ascii_text(text).lower().replace("'s ", " ").replace("’s ", " "))
    return _cut("-".join(word[:MAX_WORD] for word in words[:max_words]), max_length)


def _cut(candidate: str, max_length: int) -> str:
    """At most ``max_length`` characters, cut at a hyphen (never inside a word, nor off a year)."""
    if len(candidate) > max_length:
        cut = candidate.rfind("-", 0, max_length + 1)
        candidate = candidate[:cut] if cut > 0 else candidate[:max_length]
    return candidate.strip("-")


def base_id(text: str) -> str:
    """author-year, or organisation-year, or the note's first words, or the site it links to."""
    text = ascii_text(HAN_RUN_RE.sub(lambda m: m.group(0)[:4] + " ", text))  # Chinese: a name's first characters
    plain = _plain(text)
    reversed_plain = plain[::-1]
    word_starts = [word.start() for word in islice(re.finditer(r"\S+", plain), BARE_YEAR_WORDS)]
    for year in YEAR_RE.finditer(plain):
        bare = year.group(2) is not None
        if bare and len(word_starts) == BARE_YEAR_WORDS and word_starts[-1] < year.start():
            continue  # BARE_YEAR_WORDS words or more before it
        author = _author(reversed_plain, len(plain) - year.start())
        if author:
            return f"{author}-{year.group(1) or year.group(2)}"
    words = [w for w in re.findall(r"[A-Za-z0-9]+", plain) if w.lower() not in STOPWORDS]
    if words:
        return slug(" ".join(words), 3)
    return _site(text) or "note"


def _plain(text: str) -> str:
    text = POSSESSIVE_RE.sub("", URL_RE.sub(" ", text))
    return " ".join(re.sub(r"[*^]", "", text).split())


def _author(reversed_plain: str, year_at: int) -> str:
    """The names just before a year (``year_at`` counts from the end of the text: the reversed text's index)."""
    match = AUTHORS_REVERSED_RE.match(reversed_plain, year_at)
    if not match:
        return ""
    first = re.split(r"\s*,\s*|\s+(?:and|&)\s+", match.group(1)[::-1])[0].split()
    if not first or first[-1].lower() in MONTHS:
        return ""
    if len(first) >= 3:  # an organisation: "Global Slavery Index"
        return slug(" ".join(first[-4:]), 4)
    return slug(first[-1], 1)  # a person's surname, or an acronym: "Ranyta Yusran" -> yusran


def _site(text: str) -> str:
    match = re.search(r"https?://(?:www\.)?([^/\s>]+)(/[^\s>)]*)?", text)
    if not match:
        return ""
    host = match.group(1).split(".")
    path = [p for p in re.split(r"[/?=&.]", match.group(2) or "") if re.search(r"[a-z]", p, re.I)]
    name = host[-2] if len(host) >= 2 else host[0]
    return slug(" ".join([name, *path[-1:]]), 3)


def title_words(text: str, count: int = 2) -> str:
    """Words that tell a note from another with the same author and year: those after the year."""
    plain = _plain(ascii_text(text))
    year = YEAR_RE.search(plain)
    rest = plain[year.end():] if year else plain
    words = [w for w in re.findall(r"[A-Za-z0-9]+", rest) if w.lower() not in STOPWORDS]
    return slug(" ".join(words), count)


def assign(texts: list[tuple[str, str]]) -> dict[str, str]:
    """{key: id} for (key, text) pairs in citation order; every id unique, valid for the pack.
    "Ibid" is named after the note before it: ``un-2011-ibid``."""
    bases = {key: base_id(text) for key, text in texts if not IBID_RE.match(text)}
    counts = Counter(bases.values())
    ids: dict[str, str] = {}
    unique_ids = UniqueIds()
    previous = None
    for key, text in texts:
        if key not in bases:
            candidate = f"{previous}-ibid" if previous else "ibid"
        elif counts[bases[key]] > 1:
            extra = title_words(text)
            candidate = f"{bases[key]}-{extra}" if extra else bases[key]
        else:
            candidate = bases[key]
        candidate = _cut(candidate, MAX_LENGTH) or "note"
        ids[key] = previous = unique_ids.take(candidate)
    return ids


class UniqueIds:
    """Hands out ids, adding -2, -3... to a candidate already taken. It remembers where each candidate's count
    stopped, so that n notes (or sections) with the same candidate cost n steps, not n²/2."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next_number: dict[str, int] = {}

    def take(self, candidate: str) -> str:
        unique = candidate
        if unique in self.used:
            n = self.next_number.get(candidate, 2)
            while f"{candidate}-{n}" in self.used:
                n += 1
            unique, self.next_number[candidate] = f"{candidate}-{n}", n + 1
        self.used.add(unique)
        return unique
