"""Which URLs the checker may ask, and where a request to one of them connects.

Only ``http`` and ``https`` URLs with a host, a valid port and no user name or password are asked. A link or
a redirect target that is anything else is reported, never requested: a server's ``Location`` is the server's
to choose, and may name a script (``javascript:``), a page made of the URL itself (``data:``), a local file
(``file:``) or a password to send on. Whatever a server chose is printed through ``shown`` only."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

import httpx

WEB_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
SHOWN_CHARS = 80  # of a server's URL in a report
# Characters a URL keeps as they are when a redirect target is normalised; everything else is %-escaped, so that
# a target is plain printable ASCII with nothing that ends a Markdown link or a YAML scalar (space, quotes, <>).
URL_SAFE = "!#$%&'()*+,-./:;=?@[]~"
USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@")


class Refused(ValueError):
    """A URL the checker does not ask. ``str()`` says why, for a report; ``credentials`` when it holds a user
    name or password."""

    def __init__(self, why: str, url: str, credentials: bool = False):
        super().__init__(why)
        self.url = url
        self.credentials = credentials


def parse(url: str) -> httpx.URL:
    """``url`` as httpx requests it; Refused when it is not a web address to ask."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise Refused("not a valid URL", url) from None
    if parsed.scheme not in WEB_SCHEMES:
        raise Refused("not an http or https address", url)
    if not parsed.raw_host or (parsed.port is not None and not 0 < parsed.port < 65536):
        raise Refused("not a valid URL", url)
    if parsed.userinfo:
        raise Refused("it holds a user name or password", url, credentials=True)
    return parsed


def redirect_target(current: str, location: str) -> str:
    """The absolute, normalised URL a ``Location`` header sends ``current`` to; Refused when it is not one to
    follow. A location naming a scheme stands alone (RFC 3986): ``http:///x`` has no host, whatever urljoin's
    older rules would make of it."""
    try:
        joined = location if urlsplit(location).scheme else urljoin(current, location)
    except ValueError:
        raise Refused("not a valid URL", location) from None
    return quote(str(parse(joined)), safe=URL_SAFE)


def connection_target(url: str) -> tuple[str, int]:
    """(host, port) a request to ``url`` connects to, the same for every spelling of it: case, IDNA, a
    trailing dot and a default port spelled or not make no difference."""
    parsed = parse(url)
    host = parsed.raw_host.decode("ascii").rstrip(".").lower()
    return host, parsed.port or DEFAULT_PORTS[parsed.scheme]


def host_of(url: str) -> str:
    """The host part of ``url`` for grouping and messages; never raises, even for a malformed URL."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def hostname(url: str) -> str:
    """The host name of ``url`` for messages (lower case, no port); never raises."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def shown(url: str) -> str:
    """A URL a server chose, as a report may print it: no password, no control characters, not too long."""
    text = USERINFO.sub(r"\1***@", url)
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"
