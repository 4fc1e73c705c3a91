"""The seminar's dates as written in each language ("12–14 May 2015", "du 12 au 14 mai 2015", "2015年5月12日至14日"),
read with the patterns of words.py into an ISO start and end."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .words import LANGUAGES, Words

BUDDHIST_ERA = 543  # Thai years are often counted from 543 BCE


@dataclass(frozen=True)
class DateRange:
    start: datetime.date
    end: datetime.date
    text: str  # the words it was read from
    at: int  # where they start in the text searched

    def iso(self) -> str:
        return self.start.isoformat() if self.start == self.end else f"{self.start} to {self.end}"


def ascii_digits(text: str) -> str:
    """Arabic-Indic, Thai, full-width... digits as 0-9 (same length: positions stay valid)."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


@cache
def _patterns(key: str) -> tuple[re.Pattern[str], ...]:
    words = LANGUAGES[key]
    months = "|".join(f"(?:{m})" for m in words.months) or r"\d{1,2}"
    return tuple(re.compile(p.replace("{M}", months), re.I) for p in words.dates)


def find(text: str, key: str | None) -> DateRange | None:
    """The first date or date range in ``text``, in the language ``key`` (or English)."""
    digits = ascii_digits(text)
    keys = [k for k in dict.fromkeys([key or "en", "en"]) if k in LANGUAGES]
    found: list[DateRange] = []
    for language in keys:
        for pattern in _patterns(language):
            for match in pattern.finditer(digits):
                dates = _dates(match, LANGUAGES[language])
                if dates:
                    found.append(DateRange(*dates, text[match.start():match.end()], match.start()))
                    break
    return min(found, key=lambda d: (d.at, -len(d.text))) if found else None


def _dates(match: re.Match[str], words: Words) -> tuple[datetime.date, datetime.date] | None:
    parts = match.groupdict()
    year = int(parts["y"])
    if year > 2400:
        year -= BUDDHIST_ERA
    end_month = _month(parts.get("m2") or parts.get("m1") or "", words)
    start_month = _month(parts.get("m1") or "", words) or end_month
    d1 = int(parts["d1"])
    d2 = int(parts.get("d2") or d1)
    if not start_month or not end_month:
        return None
    try:
        start, end = datetime.date(year, start_month, d1), datetime.date(year, end_month, d2)
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _month(text: str, words: Words) -> int:
    if not text:
        return 0
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else 0
    for number, pattern in enumerate(words.months, 1):
        if re.fullmatch(pattern, text, re.I):
            return number
    return 0
