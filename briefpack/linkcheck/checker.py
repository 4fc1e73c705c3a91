"""Ask the web whether URLs still work: concurrent, polite and bounded (httpx).

HEAD first (no body), GET when a server refuses HEAD (streamed: the body is never read), redirects followed one
hop at a time so that each is reported, 429/5xx retried with back-off honouring Retry-After. At most
``max_connections`` requests at once in all and ``per_host`` per server (see hostlimits).

Safe with any server: each request (connecting, headers and any body) has one deadline, ``timeout``, however
slowly the server sends; a body is read only where its content is needed (the archive's answer), never past
MAX_BODY_BYTES; only http(s) URLs without a user name or password are asked, redirect targets included (see
targets); cookies live only along one link's redirects, never from one link to another."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import errno
import socket
import ssl
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from email.headerregistry import Address
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import unquote, urlsplit

import httpx

from . import targets
from .hostlimits import HostLimits
from .options import Settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
PERMANENT = frozenset({301, 308})
# Why a request got no answer. "dns" and "network" are what a machine without network sees for every host.
OFFLINE_CAUSES = frozenset({"dns", "dns-unavailable", "network"})
PROBE_HOSTS = 3  # hosts asked before the others, to learn whether there is a network at all
MAX_BODY_BYTES = 256 * 1024  # the most of any body read (the archive's answer is a few hundred bytes)
LOCATION = "briefpack.location"  # where _set_location_aside keeps a response's Location header
CREDENTIALS = ("the URL holds a user name or password: not checked, as it would be sent to the server (remove it "
               "from the link)")


class BodyRefused(ValueError):
    """A body longer than MAX_BODY_BYTES, or compressed: not read further."""


class NetworkDown(Exception):
    """Every host asked failed the way a machine without network fails."""

    def __init__(self, hosts: int):
        self.hosts = hosts
        super().__init__(f"no network: {hosts} hosts tried")


@dataclass(frozen=True)
class Result:
    """What became of one URL."""

    url: str
    outcome: str  # "ok" | "redirected" | "dead" | "unreachable"
    reason: str = ""  # for people: "404 Not Found", "TLS error: certificate verify failed ..."
    status: int | None = None  # the last HTTP status received
    redirects: tuple[tuple[int, str], ...] = ()  # (status, target) of each hop
    method: str = "HEAD"  # the method of the last request
    cause: str = ""  # unreachable: "dns", "dns-unavailable", "network", "timeout", "tls", "refused", "connection";
    # dead: "credentials" (never asked, and never shown to an archive)

    @property
    def new_url(self) -> str | None:
        """Where the link has moved for good: every hop permanent (301/308) and the target answers."""
        if self.outcome == "redirected" and all(status in PERMANENT for status, _ in self.redirects):
            return self.redirects[-1][1]
        return None

    @property
    def cacheable(self) -> bool:
        """An answer from the server, or a certificate it presented; not a passing network failure, nor a URL
        never asked (its password is not written to the cache either)."""
        return (self.outcome != "unreachable" or self.cause == "tls") and self.cause != "credentials"

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Result:
        """A result as ``to_json`` wrote it; TypeError (or ValueError) when it is not one."""
        unknown = set(data) - {f.name for f in fields(cls)}
        hops = data.get("redirects", ())
        if unknown or not isinstance(hops, (list, tuple)):
            raise TypeError(f"not a link check result (unexpected {sorted(unknown) or 'redirects'})")
        status = data.get("status")
        if status is not None and not isinstance(status, int):
            raise TypeError("status")
        return cls(_text(data, "url"), _text(data, "outcome"), _text(data, "reason", ""), status,
                   tuple((int(s), str(t)) for s, t in hops), _text(data, "method", "HEAD"), _text(data, "cause", ""))


def _text(data: Mapping[str, object], name: str, default: str | None = None) -> str:
    value = data.get(name, default)
    if not isinstance(value, str):
        raise TypeError(f"{name} of a link check result is not text")
    return value


def check_mailto(url: str) -> Result:
    """mailto: is checked for syntax only: every address must be a valid addr-spec with a dotted domain."""
    addresses = unquote(urlsplit(url).path).split(",")
    for address in addresses:
        try:
            parsed = Address(addr_spec=address.strip())
        except (ValueError, IndexError, TypeError) as exc:
            return Result(url, "dead", f"not a valid e-mail address '{address.strip()}' ({exc})", method="")
        labels = parsed.domain.split(".")
        if len(labels) < 2 or not all(labels):
            return Result(url, "dead", f"not a valid e-mail address '{address.strip()}' (expected a domain such "
                                       "as example.org)", method="")
    return Result(url, "ok", "address syntax is valid", method="")


def check_urls(urls: Iterable[str], settings: Settings | None = None) -> dict[str, Result]:
    """Check every URL (each once), concurrently; returns {url: Result}."""
    return asyncio.run(Checker(settings or Settings()).check_all(list(dict.fromkeys(urls))))


def network_down(results: Iterable[Result]) -> bool:
    """True when nothing answered and every failure says there is no network: name resolution failed for every
    host (for one host alone only when no DNS server answered) or the network is unreachable."""
    failures = list(results)
    if not failures or any(r.outcome != "unreachable" or r.cause not in OFFLINE_CAUSES for r in failures):
        return False
    hosts = {targets.hostname(r.url) for r in failures}
    return len(hosts) > 1 or any(r.cause != "dns" for r in failures)


class Checker:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.slots = asyncio.Semaphore(settings.max_connections)
        self.hosts = HostLimits(settings.per_host, settings.timeout)

    def client(self) -> httpx.AsyncClient:
        s = self.settings
        limits = httpx.Limits(max_connections=s.max_connections, max_keepalive_connections=s.max_connections)
        timeout = httpx.Timeout(s.timeout, pool=None)
        no_cookies = CookieJar(DefaultCookiePolicy(allowed_domains=[]))  # each link keeps its own (see _follow)
        return httpx.AsyncClient(headers={"User-Agent": s.user_agent}, timeout=timeout, limits=limits,
                                 follow_redirects=False, verify=s.verify, transport=s.transport, trust_env=True,
                                 cookies=no_cookies, event_hooks={"response": [_set_location_aside]})

    async def check_all(self, urls: list[str]) -> dict[str, Result]:
        """A few hosts are asked first; the rest wait until one of them answers, so that a machine without
        network learns it from a few failed look-ups instead of hundreds (resolvers can be slow to fail)."""
        first_of_host: dict[str, str] = {}
        for url in urls:
            first_of_host.setdefault(targets.host_of(url), url)
        probes = list(first_of_host.values())[:PROBE_HOSTS]
        rest = [url for url in urls if url not in probes]
        online = asyncio.Event()
        async with self.client() as client:
            async def probe(url: str) -> Result:
                result = await self.check(client, url)
                if result.cause not in OFFLINE_CAUSES:
                    online.set()
                return result

            async def later(url: str) -> Result:
                await online.wait()
                return await self.check(client, url)
            waiting = [asyncio.ensure_future(later(url)) for url in rest]
            try:
                results = dict(zip(probes, await asyncio.gather(*map(probe, probes)), strict=True))
                if network_down(results.values()):
                    raise NetworkDown(len(probes))
                online.set()
                results.update(zip(rest, await asyncio.gather(*waiting), strict=True))
            finally:
                for task in waiting:
                    task.cancel()
        if network_down(results.values()):
            raise NetworkDown(len({targets.host_of(url) for url in urls}))
        return {url: results[url] for url in urls}

    async def check(self, client: httpx.AsyncClient, url: str) -> Result:
        try:
            return await self._follow(client, url)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return _failure(url, exc, self.settings.timeout)
        except TimeoutError:  # the deadline of a whole request
            return _timed_out(url, self.settings.timeout)

    async def _follow(self, client: httpx.AsyncClient, url: str) -> Result:
        try:
            targets.parse(url)
        except targets.Refused as exc:
            if exc.credentials:
                return Result(url, "dead", CREDENTIALS, method="", cause="credentials")
            return Result(url, "dead", f"not checked: {exc}", method="")
        hops: list[tuple[int, str]] = []
        current, method = url, "HEAD"
        jar = httpx.Cookies()  # this link's cookies, kept along its redirects as a browser opening it would
        while True:
            response = await self._request(client, method, current, jar)
            if method == "HEAD" and response.status_code >= 400 and response.status_code != 429:
                method = "GET"  # refused or mishandled HEAD: ask the way a browser does
                continue
            location = response.extensions.get(LOCATION)
            if not (response.is_redirect and location):
                return _answer(url, response, tuple(hops), method)
            status = response.status_code
            try:
                target = targets.redirect_target(current, location)
            except targets.Refused as exc:
                return Result(url, "dead", f"redirect ({status}) to '{targets.shown(exc.url)}' refused: {exc}",
                              status, tuple(hops), method)
            hops.append((status, target))
            if target in {url, *(t for _, t in hops[:-1])}:
                return Result(url, "dead", f"redirect loop ({len(hops)} hops back to {target})",
                              status, tuple(hops), method)
            if len(hops) > self.settings.max_redirects:
                return Result(url, "dead", f"more than {self.settings.max_redirects} redirects",
                              status, tuple(hops), method)
            current = target

    async def _request(self, client: httpx.AsyncClient, method: str, url: str,
                       jar: httpx.Cookies) -> httpx.Response:
        """One request, retried on 429 and 5xx; the body is never read."""
        for attempt in range(self.settings.retries + 1):
            async with self.slot(url), asyncio.timeout(self.settings.timeout):
                request = client.build_request(method, url)
                jar.set_cookie_header(request)
                response = await client.send(request, stream=True)
                await response.aclose()
            jar.extract_cookies(response)
            wait = self._wait(response, attempt)
            if response.status_code not in RETRY_STATUSES or attempt == self.settings.retries or wait is None:
                return response
            await asyncio.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns")

    async def fetch(self, client: httpx.AsyncClient, url: str, params: dict[str, str]) -> bytes:
        """The body of a GET, read within the deadline and never past MAX_BODY_BYTES (see read_body)."""
        async with self.slot(url), asyncio.timeout(self.settings.timeout):
            request = client.build_request("GET", url, params=params, headers={"Accept-Encoding": "identity"})
            response = await client.send(request, stream=True)
            try:
                return await read_body(response)
            finally:
                await response.aclose()

    @contextlib.asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """A place in the overall limit and in the limit of the server ``url`` reaches, for one request."""
        host = await self.hosts.limit(url)
        async with host, self.slots:
            yield

    def _wait(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before trying again: the server's Retry-After, else exponential back-off; None when
        the server asks for longer than we are willing to wait."""
        asked = retry_after(response.headers.get("retry-after"))
        if asked is None:
            return float(self.settings.backoff * 2 ** attempt)
        return asked if asked <= self.settings.max_wait else None


async def _set_location_aside(response: httpx.Response) -> None:
    """httpx builds the request a redirect leads to even when it does not follow it, and fails on some targets
    (``javascript:...``) before we see them: the Location header is taken aside for _follow to judge."""
    location = response.headers.get("location")
    if location is not None:
        del response.headers["location"]
        response.extensions[LOCATION] = location


async def read_body(response: httpx.Response, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body of a streamed response, at most ``limit`` bytes (BodyRefused past that). A compressed body is
    refused too: it was asked for as it is, and a few kilobytes of gzip inflate to gigabytes."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding != "identity":
        raise BodyRefused(f"the body is compressed ({encoding[:20]}) though it was asked for as it is")
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit:
        raise BodyRefused(f"the body is {announced} bytes (at most {limit} are read)")
    chunks, size = [], 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > limit:
            raise BodyRefused(f"the body is longer than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: a number of seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _answer(url: str, response: httpx.Response, hops: tuple[tuple[int, str], ...], method: str) -> Result:
    status = response.status_code
    reason = f"{status} {response.reason_phrase or ''}".strip()
    if 200 <= status < 300:
        return Result(url, "redirected" if hops else "ok", reason, status, hops, method)
    if status == 429 or (status == 503 and "retry-after" in response.headers):
        return Result(url, "unreachable", f"{reason} (the server asks to come back later)", status, hops, method,
                      cause="busy")
    return Result(url, "dead", reason, status, hops, method)


def _timed_out(url: str, timeout: float) -> Result:
    return Result(url, "unreachable", f"no answer within {timeout:g} s", cause="timeout")


def _failure(url: str, exc: httpx.HTTPError | httpx.InvalidURL, timeout: float) -> Result:
    """A request that got no HTTP answer, said the way a person can act on."""
    if isinstance(exc, httpx.TimeoutException):
        return _timed_out(url, timeout)
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return Result(url, "dead", f"not a valid URL ({exc})", method="")
    chain = list(_causes(exc))
    tls = next((e for e in chain if isinstance(e, ssl.SSLError)), None)
    if tls is not None:
        detail = getattr(tls, "reason", None) or str(tls)
        if isinstance(tls, ssl.SSLCertVerificationError):
            detail = f"certificate verify failed: {tls.verify_message}"
        return Result(url, "unreachable", f"TLS error: {detail}", cause="tls")
    resolution = next((e for e in chain if isinstance(e, socket.gaierror)), None)
    host = targets.hostname(url)
    if resolution is not None:
        cause = "dns-unavailable" if resolution.errno == socket.EAI_AGAIN else "dns"
        return Result(url, "unreachable", f"host not found: {host} ({resolution.strerror})", cause=cause)
    numbers = {getattr(e, "errno", None) for e in chain}
    if errno.ENETUNREACH in numbers:
        return Result(url, "unreachable", "network is unreachable", cause="network")
    if errno.ECONNREFUSED in numbers:
        return Result(url, "unreachable", f"connection refused by {host}", cause="refused")
    return Result(url, "unreachable", f"connection failed ({exc or type(exc).__name__})", cause="connection")


def _causes(exc: BaseException | None) -> Iterator[BaseException]:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__
