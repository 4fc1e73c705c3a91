"""Archived copies of dead links in the Wayback Machine.

Without a lookup the suggestion is the Wayback Machine's URL form for the pack's date
(``https://web.archive.org/web/20150219/<url>``), which opens the snapshot nearest that date if there is one.
``--archive-lookup`` asks the availability API (https://archive.org/help/wayback_api.php) instead: its answer is
read within the checker's deadline and size limit, and a snapshot it names is suggested only when it is a web
address."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable

import httpx

from . import targets
from .checker import Checker
from .options import AVAILABILITY_API, Settings

WAYBACK = "https://web.archive.org/web/"


def stamp(date: str | None, year: int) -> str:
    """The Wayback timestamp of the pack: its issue date (YYYYMMDD), else its year."""
    return date.replace("-", "") if date else str(year)


def wayback_url(url: str, when: str) -> str:
    return f"{WAYBACK}{when}/{url}"


def lookup(urls: Iterable[str], when: str, settings: Settings, api: str = AVAILABILITY_API) -> dict[str, str | None]:
    """{url: URL of the snapshot closest to ``when``, or None when the archive has none or did not answer}."""
    return asyncio.run(_lookup_all(list(dict.fromkeys(urls)), when, settings, api))


async def _lookup_all(urls: list[str], when: str, settings: Settings, api: str) -> dict[str, str | None]:
    checker = Checker(settings)
    async with checker.client() as client:
        found = await asyncio.gather(*(_lookup_one(checker, client, url, when, api) for url in urls))
    return dict(zip(urls, found, strict=True))


async def _lookup_one(checker: Checker, client: httpx.AsyncClient, url: str, when: str, api: str) -> str | None:
    try:
        body = await checker.fetch(client, api, {"url": url, "timestamp": when})
        closest = json.loads(body).get("archived_snapshots", {}).get("closest") or {}
        if closest.get("available") and str(closest.get("status", "200")).startswith("2") and closest.get("url"):
            return targets.redirect_target(api, str(closest["url"]))
    except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, ValueError, AttributeError):
        return None  # no answer, a body too long or not JSON, or a snapshot that is not a web address
    return None
