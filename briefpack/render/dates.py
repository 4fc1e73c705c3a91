"""The seminar's dates as its language writes them ("12–14 May 2015", "12–14 mai 2015", "2015年5月12日～14日"),
from CLDR's interval patterns through Babel."""

from __future__ import annotations

import datetime

INTERVAL_SKELETON = "yMMMd"  # day, month in words, year: CLDR's intervals for it name the month once when it is one
INTERNATIONAL_ENGLISH = "en_001"  # a pack in plain 'en' writes "12–14 May 2015", as its built-in words do


def locale_name(tag: str) -> str:
    """Babel's locale for a BCP 47 tag: the tag, else its language, else international English."""
    from babel import Locale, UnknownLocaleError  # Babel loads only for a pack that states its dates

    for candidate in (tag, tag.split("-")[0]):
        try:
            found = str(Locale.parse(candidate, sep="-"))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        return INTERNATIONAL_ENGLISH if found == "en" else found
    return INTERNATIONAL_ENGLISH


def interval(dates: tuple[str, str], tag: str) -> str:
    """``dates`` (ISO first and last day) in the language ``tag``; one day when they are the same."""
    from babel.dates import format_interval

    start, end = (datetime.date.fromisoformat(day) for day in dates)
    return str(format_interval(start, end, INTERVAL_SKELETON, locale=locale_name(tag)))
