"""The per-host limit, counted by the server a request reaches, not by how its URL spells the host.

``HTTP://LOCALHOST:8080``, ``localhost.:8080`` and ``127.0.0.1:8080`` are one server: a host name is resolved
(once per run) and every name whose addresses meet shares one semaphore. A name that cannot be resolved keeps
a limit of its own, under its normalised spelling; its request will fail and say why. Nor is a name resolved
here when a proxy from the environment will take the request (the proxy resolves it: asking the local resolver
would tell it which sites the pack links to)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import urllib.request

from .targets import Refused, connection_target, host_of

Target = tuple[str, int]  # (host or address, port)


class HostLimits:
    def __init__(self, per_host: int, resolve_timeout: float):
        self.per_host = per_host
        self.resolve_timeout = resolve_timeout
        self.by_target: dict[Target, asyncio.Semaphore] = {}
        self.by_address: dict[Target, asyncio.Semaphore] = {}
        self.locks: dict[Target, asyncio.Lock] = {}

    async def limit(self, url: str) -> asyncio.Semaphore:
        """The semaphore of the server ``url`` connects to."""
        try:
            target = connection_target(url)
        except Refused:  # never asked by the checker; a limit of its own all the same
            target = (host_of(url), 0)
        async with self.locks.setdefault(target, asyncio.Lock()):
            if target not in self.by_target:
                addresses = frozenset({target}) if _proxied(url) else await self._addresses(target)
                self.by_target[target] = self._shared(addresses)
        return self.by_target[target]

    def _shared(self, addresses: frozenset[Target]) -> asyncio.Semaphore:
        """The semaphore of any of ``addresses`` already seen, else a new one; every address then has it."""
        semaphore = next((self.by_address[a] for a in sorted(addresses) if a in self.by_address), None)
        semaphore = semaphore or asyncio.Semaphore(self.per_host)
        for address in addresses:
            self.by_address.setdefault(address, semaphore)
        return semaphore

    async def _addresses(self, target: Target) -> frozenset[Target]:
        host, port = target
        try:
            async with asyncio.timeout(self.resolve_timeout):
                found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, TimeoutError, UnicodeError):
            return frozenset({target})
        return frozenset((_address(info[4][0]), port) for info in found) or frozenset({target})


def _proxied(url: str) -> bool:
    """Whether the environment's proxy settings (which httpx follows) send ``url`` through a proxy."""
    proxies = urllib.request.getproxies()
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    return bool(proxies.get(scheme.lower()) or proxies.get("all")) and not urllib.request.proxy_bypass(host)


def _address(text: object) -> str:
    """One spelling per address: an IPv4-mapped IPv6 address is its IPv4 address."""
    try:
        address = ipaddress.ip_address(str(text).split("%")[0])
    except ValueError:
        return str(text)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)
