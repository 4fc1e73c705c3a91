"""What ``briefpack links`` is asked to do. Light to import (no httpx): the CLI reads it to parse options."""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"briefpack-linkcheck/{__version__} (link checker of a seminar's briefing pack; python-httpx)"
AVAILABILITY_API = "https://archive.org/wayback/available"
DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Settings:
    """How politely and how long to ask."""

    timeout: float = 10.0  # seconds for each whole request: connecting, headers and any body read
    retries: int = 2  # further tries after a 429 or 5xx answer
    backoff: float = 0.5  # first wait when the server gives no Retry-After; doubles each try
    max_wait: float = 30.0  # longest Retry-After honoured; a longer one gives up on the URL
    max_connections: int = 20
    per_host: int = 4
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    verify: ssl.SSLContext | bool = True
    transport: httpx.AsyncBaseTransport | None = field(default=None, compare=False)  # tests inject one


@dataclass(frozen=True)
class LinkOptions:
    out: Path = Path("dist")  # the cache is OUT/.briefpack/links.json
    max_age: float = 86400.0  # seconds a cached answer stays good
    force: bool = False  # ignore the cache
    warn_only: bool = False  # report, but exit 0
    output_format: str = "text"  # "text" | "json"
    fix_redirects: bool = False
    archive_lookup: bool = False
    quiet: bool = False  # text: only the problems, no redirects or summary
    settings: Settings = Settings()
    archive_api: str = AVAILABILITY_API


def parse_duration(text: str) -> float:
    """Seconds in '90', '30s', '15m', '12h', '7d'; ValueError otherwise."""
    match = DURATION_RE.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a duration (expected a number with s, m, h or d, such as 12h or 7d)")
    return float(match.group(1)) * UNIT_SECONDS[match.group(2)]
