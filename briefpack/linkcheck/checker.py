"""Ask the web whether URLs still work: concurrent, polite and bounded (httpx).

HEAD first (no body), GET when a server refuses HEAD (streamed: the body is never read), redirects followed one
hop at a time so that each is reported, 429/5xx retried with back-off honouring Retry-After. At most
``max_connections`` requests at once in all and ``per_host`` per host (host:port)."""

from __future__ import annotations

import asyncio
import email.utils
import errno
import socket
import ssl
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from email.headerregistry import Address
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from .options import Settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
PERMANENT = frozenset({301, 308})
# Why a request got no answer. "dns" and "network" are what a machine without network sees for every host.
OFFLINE_CAUSES = frozenset({"dns", "dns-unavailable", "network"})
PROBE_HOSTS = 3  # hosts asked before the others, to learn whether there is a network at all


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
    cause: str = ""  # unreachable: "dns", "dns-unavailable", "network", "timeout", "tls", "refused", "connection"

    @property
    def new_url(self) -> str | None:
        """Where the link has moved for good: every hop permanent (301/308) and the target answers."""
        if self.outcome == "redirected" and all(status in PERMANENT for status, _ in self.redirects):
            return self.redirects[-1][1]
        return None

    @property
    def cacheable(self) -> bool:
        """An answer from the server, or a certificate it presented; not a passing network failure."""
        return self.outcome != "unreachable" or self.cause == "tls"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Result:
        data = dict(data)
        data["redirects"] = tuple((int(s), str(t)) for s, t in data.get("redirects", ()))
        return cls(**data)


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
    hosts = {urlsplit(r.url).hostname for r in failures}
    return len(hosts) > 1 or any(r.cause != "dns" for r in failures)


class Checker:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.slots = asyncio.Semaphore(settings.max_connections)
        self.hosts: dict[str, asyncio.Semaphore] = {}

    def client(self) -> httpx.AsyncClient:
        s = self.settings
        limits = httpx.Limits(max_connections=s.max_connections, max_keepalive_connections=s.max_connections)
        timeout = httpx.Timeout(s.timeout, pool=None)
        return httpx.AsyncClient(headers={"User-Agent": s.user_agent}, timeout=timeout, limits=limits,
                                 follow_redirects=False, verify=s.verify, transport=s.transport, trust_env=True)

    async def check_all(self, urls: list[str]) -> dict[str, Result]:
        """A few hosts are asked first; the rest wait until one of them answers, so that a machine without
        network learns it from a few failed look-ups instead of hundreds (resolvers can be slow to fail)."""
        first_of_host: dict[str, str] = {}
        for url in urls:
            first_of_host.setdefault(urlsplit(url).netloc.lower(), url)
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
            raise NetworkDown(len({urlsplit(url).netloc.lower() for url in urls}))
        return {url: results[url] for url in urls}

    async def check(self, client: httpx.AsyncClient, url: str) -> Result:
        try:
            return await self._follow(client, url)
        except httpx.HTTPError as exc:
            return _failure(url, exc, self.settings.timeout)

    async def _follow(self, client: httpx.AsyncClient, url: str) -> Result:
        hops: list[tuple[int, str]] = []
        current, method = url, "HEAD"
        while True:
            response = await self._request(client, method, current)
            if method == "HEAD" and response.status_code >= 400 and response.status_code != 429:
                method = "GET"  # refused or mishandled HEAD: ask the way a browser does
                continue
            location = response.headers.get("location")
            if not (response.is_redirect and location):
                return _answer(url, response, tuple(hops), method)
            target = urljoin(current, location)
            hops.append((response.status_code, target))
            if target in {url, *(t for _, t in hops[:-1])}:
                return Result(url, "dead", f"redirect loop ({len(hops)} hops back to {target})",
                              response.status_code, tuple(hops), method)
            if len(hops) > self.settings.max_redirects:
                return Result(url, "dead", f"more than {self.settings.max_redirects} redirects",
                              response.status_code, tuple(hops), method)
            current = target

    async def _request(self, client: httpx.AsyncClient, method: str, url: str) -> httpx.Response:
        """One request, retried on 429 and 5xx; the body is never read."""
        for attempt in range(self.settings.retries + 1):
            async with self.slot(url):
                response = await client.send(client.build_request(method, url), stream=True)
                await response.aclose()
            wait = self._wait(response, attempt)
            if response.status_code not in RETRY_STATUSES or attempt == self.settings.retries or wait is None:
                return response
            await asyncio.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns")

    def slot(self, url: str) -> _Slots:
        host = urlsplit(url).netloc.lower()
        if host not in self.hosts:
            self.hosts[host] = asyncio.Semaphore(self.settings.per_host)
        return _Slots(self.slots, self.hosts[host])

    def _wait(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before trying again: the server's Retry-After, else exponential back-off; None when
        the server asks for longer than we are willing to wait."""
        asked = retry_after(response.headers.get("retry-after"))
        if asked is None:
            return float(self.settings.backoff * 2 ** attempt)
        return asked if asked <= self.settings.max_wait else None


class _Slots:
    """Holds a place in the overall limit and in the host's limit for one request."""

    def __init__(self, overall: asyncio.Semaphore, host: asyncio.Semaphore):
        self.overall, self.host = overall, host

    async def __aenter__(self) -> None:
        await self.host.acquire()
        await self.overall.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.overall.release()
        self.host.release()


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


def _answer(url: str, response: httpx.Response, hops: tuple, method: str) -> Result:
    status = response.status_code
    reason = f"{status} {response.reason_phrase or ''}".strip()
    if 200 <= status < 300:
        return Result(url, "redirected" if hops else "ok", reason, status, hops, method)
    if status == 429 or (status == 503 and "retry-after" in response.headers):
        return Result(url, "unreachable", f"{reason} (the server asks to come back later)", status, hops, method,
                      cause="busy")
    return Result(url, "dead", reason, status, hops, method)


def _failure(url: str, exc: httpx.HTTPError, timeout: float) -> Result:
    """A request that got no HTTP answer, said the way a person can act on."""
    if isinstance(exc, httpx.TimeoutException):
        return Result(url, "unreachable", f"no answer within {timeout:g} s", cause="timeout")
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
    host = urlsplit(url).hostname
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
