"""A local web server on 127.0.0.1 for the link checker's tests: every behaviour a real site can have.

Never an outside address: each server listens on 127.0.0.1 on a free port, in a thread of the test process."""

from __future__ import annotations

import json
import select
import socket
import ssl
import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HUGE_BYTES = 2 * 1024 ** 3  # announced for /huge; the checker must not read it
BIG_BYTES = 64 * 1024 ** 2  # /big-answer: a body far larger than anything the checker reads
CHUNK = 64 * 1024
TRICKLE_EVERY = 0.05  # seconds between two bytes of /trickle and /trickle-body
TRICKLE_BYTES = 300  # what they send in all, unless the client hangs up first (15 s at that pace)


def bomb() -> bytes:
    """The archive's answer for any URL, padded with BIG_BYTES of spaces, gzipped (about 64 KiB)."""
    if not _BOMB:
        closest = {"available": True, "status": "200", "url": "http://web.archive.org/web/2027/http://x.test/"}
        head = json.dumps({"archived_snapshots": {"closest": closest}}).encode()
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip format
        parts = [packer.compress(head[:-1] + b', "pad": "')]
        parts += [packer.compress(b" " * CHUNK) for _ in range(BIG_BYTES // CHUNK)]
        _BOMB.append(b"".join(parts) + packer.compress(b'"}') + packer.flush())
    return _BOMB[0]


_BOMB: list[bytes] = []


class Trickle:
    """What a slow answer managed to send before the client hung up (or before it finished)."""

    def __init__(self) -> None:
        self.sent = 0
        self.total = 0
        self.hung_up = False
        self.done = threading.Event()


class Gauge:
    """Requests in flight, and the most there were at once."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self.lock = threading.Lock()

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, latency: float = 0.0, tls: ssl.SSLContext | None = None, gauge: Gauge | None = None):
        super().__init__(("127.0.0.1", 0), Handler)
        self.latency = latency
        self.gauge = gauge or Gauge()  # shared by several servers: requests in flight at all of them
        self.hits: Counter = Counter()  # path -> requests
        self.requests: list[tuple[float, str, str, str]] = []  # (time, method, path, user agent)
        self.in_flight = 0
        self.max_in_flight = 0
        self.huge_sent = 0
        self.big_sent = 0
        self.seen: list[tuple[str, dict[str, str]]] = []  # (path, headers with lower-case names) of every request
        self.trickle = Trickle()
        self.lock = threading.Lock()
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> LinkServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LinkServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_GET(self) -> None:
        self._serve("GET")

    def _serve(self, method: str) -> None:
        server = self.server
        path = urlsplit(self.path).path
        with server.lock:
            server.hits[path] += 1
            hit = server.hits[path]
            server.requests.append((time.monotonic(), method, path, self.headers.get("User-Agent", "")))
            server.seen.append((path, {name.lower(): value for name, value in self.headers.items()}))
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        server.gauge.enter()
        try:
            if server.latency:
                time.sleep(server.latency)
            self._route(method, path, hit)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass
        finally:
            server.gauge.leave()
            with server.lock:
                server.in_flight -= 1

    def _route(self, method: str, path: str, hit: int) -> None:
        redirects = {"/moved": (301, "/ok"), "/chain": (308, "/moved"), "/temp": (302, "/ok"),
                     "/loop-a": (301, "/loop-b"), "/loop-b": (301, "/loop-a"), "/old": (301, "/new"),
                     "/o_ld": (301, "/new")}
        statuses = {"/missing": 404, "/gone": 410}
        if path in redirects:
            status, target = redirects[path]
            self._reply(status, {"Location": target})
        elif path in statuses:
            self._reply(statuses[path])
        elif path == "/nohead":
            self._reply(403 if method == "HEAD" else 200)
        elif path == "/busy":
            self._reply(429, {"Retry-After": "1"}) if hit == 1 else self._reply(200)
        elif path == "/flaky":
            self._reply(500 if hit == 1 else 200)
        elif path == "/never":
            time.sleep(5)
        elif path == "/huge":
            self._huge(method)
        elif path == "/available":
            self._wayback(self.path)
        else:
            self._hostile(method, path)

    def _hostile(self, method: str, path: str) -> None:
        """Answers a hostile or careless server gives: odd redirects, cookies, slow or endless answers."""
        query = parse_qs(urlsplit(self.path).query)
        if path == "/redirect":  # Location: whatever ?to= says, as it is
            self._reply(301, {"Location": query["to"][0]})
        elif path == "/set-cookie":
            self._reply(200, {"Set-Cookie": "session=s3cret; Path=/"})
        elif path == "/cookie-wall":  # sets a cookie and sends on to a page that wants it back
            self._reply(302, {"Location": "/cookie-wall/in", "Set-Cookie": "wall=passed; Path=/"})
        elif path == "/cookie-wall/in":
            self._reply(200 if "wall=passed" in self.headers.get("Cookie", "") else 403)
        elif path == "/trickle":  # the status line and headers, one byte at a time
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: " + b"a" * TRICKLE_BYTES + b"\r\n\r\n")
        elif path == "/trickle-body":  # prompt headers, then the body one byte at a time
            self._trickle(b"", headers=True)
        elif path == "/big-answer":
            self._big(method)
        elif path == "/bomb-answer":  # valid JSON naming a snapshot, 64 MiB once inflated, 64 KiB as sent
            self._reply(200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, bomb())
        elif path == "/bad-archive":  # the archive's answer, pointing at a script
            body = json.dumps({"archived_snapshots": {"closest": {"available": True, "status": "200",
                                                                  "url": "javascript:alert(1)"}}}).encode()
            self._reply(200, {"Content-Type": "application/json"}, body)
        else:
            self._reply(200)

    def _reply(self, status: int, headers: dict | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _huge(self, method: str) -> None:
        if method == "HEAD":
            return self._reply(405)
        self.send_response(200)
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"x" * CHUNK
        while self.server.huge_sent < HUGE_BYTES:
            self.wfile.write(chunk)
            with self.server.lock:
                self.server.huge_sent += CHUNK

    def _trickle(self, payload: bytes, headers: bool = False) -> None:
        """Send ``payload`` (with ``headers``: a body of TRICKLE_BYTES after prompt headers) byte by byte,
        stopping when the client hangs up; counts what was sent."""
        trickle, self.close_connection = self.server.trickle, True
        if headers:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(TRICKLE_BYTES))
            self.end_headers()
            payload = b" " * TRICKLE_BYTES
        trickle.total = len(payload)
        try:
            for byte in payload:
                if self._client_gone():
                    trickle.hung_up = True
                    break
                self.wfile.write(bytes([byte]))
                trickle.sent += 1
                time.sleep(TRICKLE_EVERY)
        except OSError:
            trickle.hung_up = True
        finally:
            trickle.done.set()

    def _client_gone(self) -> bool:
        readable, _, _ = select.select([self.connection], [], [], 0)
        try:
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _big(self, method: str) -> None:
        if method == "HEAD":
            return self._reply(405)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(BIG_BYTES))
        self.end_headers()
        chunk = b" " * CHUNK
        while self.server.big_sent < BIG_BYTES:
            self.wfile.write(chunk)
            with self.server.lock:
                self.server.big_sent += CHUNK

    def _wayback(self, raw: str) -> None:
        """The Wayback Machine availability API's answer: a snapshot for URLs ending in /gone, none otherwise."""
        query = parse_qs(urlsplit(raw).query)
        url, when = query["url"][0], query["timestamp"][0]
        closest = {"available": True, "status": "200", "timestamp": f"{when}000000",
                   "url": f"http://web.archive.org/web/{when}000000/{url}"} if url.endswith("/gone") else None
        body = json.dumps({"url": url, "archived_snapshots": {"closest": closest} if closest else {}}).encode()
        self._reply(200, {"Content-Type": "application/json"}, body)
