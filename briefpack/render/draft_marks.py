"""Draft and version marks: the DRAFT mark and the foot line every page of a draft carries (blank pads too)."""

from __future__ import annotations

import datetime
import re

from ..content.model import Pack

STAMP_RE = re.compile(r'<div class="(?:draft-mark|foot-line)"[^>]*>[^<]*</div>')


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def is_draft(pack: Pack) -> bool:
    return pack.meta.status == "draft"


def foot_line(pack: Pack) -> str:
    """ "Draft 2 · 12 May 2015" in a draft's page foot; "Version 2 · 12 May 2015" in a final version's; nothing
    for a pack that gives neither status nor version."""
    meta = pack.meta
    if not is_draft(pack) and meta.version is None:
        return ""
    word = meta.labels["draft"] if is_draft(pack) else meta.labels["version"]
    parts = [f"{word} {meta.version}" if meta.version else word]
    if meta.date:
        day = datetime.date.fromisoformat(meta.date)
        parts.append(f"{day.day} {MONTHS[day.month - 1]} {day.year}")
    return " · ".join(parts)


def on_blank_page(html: str, blank: str) -> str:
    """The blank page that pads ``html``'s document, carrying the same stamps (a draft is a draft on every page)."""
    found = STAMP_RE.findall(html)
    return blank.replace("</body>", "".join(found) + "</body>") if found else blank
