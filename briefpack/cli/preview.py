"""`briefpack preview`: the web edition served on 127.0.0.1, rebuilt on every save and pushed to the open pages.

Starlette and uvicorn serve it; only requests whose Host is 127.0.0.1 or localhost are answered (no DNS
rebinding) and no CORS header is sent. A content error is shown on every page (file:line:col and the message)
and in the terminal, and cleared by the next good build; the last good pages stay meanwhile. Nothing is written
outside the output folder: a temporary folder, or --out."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import html
import json
import secrets
import socket
import tempfile
import threading
import time
import webbrowser
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import click

if TYPE_CHECKING:
    from starlette.applications import Starlette

from ..build.options import Options
from ..content.model import Pack
from ..errors import BriefpackError
from ..kinds.base import DocumentKind
from ..kinds.editions import SCREEN, WEB
from .failures import INTERRUPTED
from .shared_options import options_from
from .watch import DEBOUNCE_MS, _relevant

HOSTS = ("127.0.0.1", "localhost")
EVENTS = "/_preview/events"
PEOPLE = "_people/"  # each participant's view: /_people/<opaque id>
BANNER_ID = "briefpack-preview-error"
POLL = 0.1  # seconds between looks at the build's version in an open event stream
HEARTBEAT = 15.0  # seconds between comments that keep an idle stream open

# Replaces the page's <main> and banner with the new build's, keeping the reader's scroll position.
SCRIPT = """<script>
(() => {
  const source = new EventSource("EVENTS");
  let seen = null;
  source.addEventListener("build", async (event) => {
    const state = JSON.parse(event.data);
    if (seen === null) { seen = state.version; return; }
    if (state.version === seen) return;
    seen = state.version;
    const reply = await fetch(location.pathname, {cache: "no-store"});
    if (!reply.ok) return;
    const page = new DOMParser().parseFromString(await reply.text(), "text/html");
    const x = scrollX, y = scrollY;
    for (const id of ["main", "BANNER"]) {
      const now = document.getElementById(id), next = page.getElementById(id);
      if (now && next) now.replaceWith(next);
    }
    document.title = page.title;
    scrollTo(x, y);
  });
})();
</script>""".replace("EVENTS", EVENTS).replace("BANNER", BANNER_ID)


@dataclass
class BuildState:
    """What the last build left: its version (one more for each build, good or not) and its error, if any."""

    version: int = 0
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def done(self, error: str | None) -> None:
        with self.lock:
            self.version += 1
            self.error = error

    def snapshot(self) -> tuple[int, str | None]:
        with self.lock:
            return self.version, self.error


@dataclass(frozen=True)
class Person:
    name: str
    group: str


class People:
    """Each participant's view, under an opaque id: a keyed digest of their row made with a key of this preview
    alone (random, never stored), so that a URL neither names anyone nor lets a guessed name be confirmed. Names
    go into the pages only, never into a URL or the log."""

    def __init__(self) -> None:
        self.key = secrets.token_bytes(32)
        self.by_id: dict[str, Person] = {}

    def read(self, pack: Pack) -> None:
        rows = pack.roster.participants if pack.roster is not None else ()
        self.by_id = {self.id_of(number, p.name, p.group): Person(p.name, p.group) for number, p in enumerate(rows)}

    def id_of(self, number: int, name: str, group: str) -> str:
        return hmac.new(self.key, f"{number}\0{name}\0{group}".encode(), hashlib.sha256).hexdigest()[:16]


class Echo(Protocol):
    """Where the preview's lines go (click.echo; a test's list)."""

    def __call__(self, message: str, /, *, err: bool = ...) -> None: ...


class Preview:
    """Builds the web edition into ``options.out`` (web/) and rebuilds it on every save of the pack's files; with
    ``pdfs``, then builds the screen PDFs in the background (warm workers) and links them from the pages when
    they are ready. Both builds take the folder's lock: never two at once."""

    def __init__(self, options: Options, echo: Echo = click.echo, pdfs: bool = False):
        from ..build import pipeline

        self.options = options
        self.builder = pipeline.Builder()
        self.state = BuildState()
        self.echo = echo
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.people = People()
        self.pdfs = pipeline.Builder() if pdfs else None
        self.pdfs_wanted = threading.Event()
        self.pdf_thread: threading.Thread | None = None

    def personal_kind(self) -> DocumentKind:
        """The kind of each person's view: the personalised kind that has a web page (their group's handout)."""
        return next(kind for kind in self.options.registry.all_kinds() if kind.personalised and kind.per_group
                    and kind.has_edition(WEB.name))

    @property
    def folder(self) -> Path:
        return self.options.out / WEB.folder

    def rebuild(self) -> None:
        started = time.perf_counter()
        try:
            self.builder.build(self.options, on_loaded=lambda loaded: self.people.read(loaded.pack))
        except BriefpackError as exc:
            message = exc.format_message()
            self.echo(f"Error: {message}", err=True)
            self.state.done(message)
            return
        self.echo(f"Rebuilt the pages in {time.perf_counter() - started:.2f} s")
        self.state.done(None)
        self.pdfs_wanted.set()

    def build_pdfs(self) -> None:
        """The screen PDFs and the pages that link them, after each good build of the pages (in a thread)."""
        assert self.pdfs is not None
        with_pdfs = dataclasses.replace(self.options, editions=(SCREEN.name, WEB.name))
        while not self.stop.is_set():
            if not self.pdfs_wanted.wait(timeout=0.2):
                continue
            self.pdfs_wanted.clear()
            started = time.perf_counter()
            try:
                report = self.pdfs.build(with_pdfs)
            except BriefpackError:
                continue  # the pages' own build has said what is wrong
            except Exception:
                if self.stop.is_set():
                    return  # stopped mid-build: the workers are gone, the folder is being removed
                raise
            self.echo(f"Built {len(report.built)} screen PDFs in {time.perf_counter() - started:.1f} s; the "
                      "pages link them")
            if not self.pdfs_wanted.is_set():  # a newer save waits: its pages come first
                self.state.done(None)

    def watch(self) -> None:
        """Rebuild on every save until ``stop`` is set (in a thread of its own)."""
        from watchfiles import watch

        paths = self.options.paths
        folders = [paths.content, paths.templates, paths.styles]
        for changes in watch(*folders, debounce=DEBOUNCE_MS, step=50, stop_event=self.stop,
                             raise_interrupt=False, rust_timeout=500):
            if _relevant(self.options, changes):
                self.rebuild()

    def start_watching(self) -> None:
        self.thread = threading.Thread(target=self.watch, name="briefpack-preview-watch", daemon=True)
        self.thread.start()
        if self.pdfs is not None:
            self.pdf_thread = threading.Thread(target=self.build_pdfs, name="briefpack-preview-pdfs", daemon=True)
            self.pdf_thread.start()

    def close(self) -> None:
        self.stop.set()
        for thread in (self.thread, self.pdf_thread):
            if thread is not None:
                thread.join(timeout=5)
        self.builder.close()
        if self.pdfs is not None:
            self.pdfs.close()


def banner(error: str | None) -> str:
    """The error shown at the top of every page (empty and hidden when the build is good)."""
    if error is None:
        return f'<div id="{BANNER_ID}" hidden></div>'
    lines = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in error.splitlines() if line.strip())
    return (f'<div id="{BANNER_ID}" role="alert" style="border:3px solid #b00020;padding:0.5rem 1rem;'
            f'margin:0.5rem;background:#fff;color:#b00020;font-family:sans-serif;overflow-wrap:anywhere">'
            f"<p><strong>The pack has an error; these are the last good pages.</strong></p><ul>{lines}</ul></div>")


def with_preview(page: str, error: str | None) -> str:
    """A page as the preview serves it: the error banner after <body>, the update script before </body>."""
    opened = page.find("<body")
    start = page.find(">", opened) + 1 if opened >= 0 else 0
    page = page[:start] + "\n" + banner(error) + page[start:]
    end = page.rfind("</body>")
    return page[:end] + SCRIPT + "\n" + page[end:] if end >= 0 else page + SCRIPT


def make_app(preview: Preview) -> Starlette:
    """The ASGI application (Starlette): the pages, their files, and the stream of builds."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
    from starlette.routing import Route

    async def events(request: Request) -> Response:
        async def stream() -> AsyncIterator[str]:
            sent, quiet = -1, 0.0
            while not await request.is_disconnected() and not preview.stop.is_set():
                version, error = preview.state.snapshot()
                if version != sent:
                    sent, quiet = version, 0.0
                    yield f"event: build\ndata: {json.dumps({'version': version, 'error': error})}\n\n"
                elif quiet >= HEARTBEAT:
                    quiet = 0.0
                    yield ": still here\n\n"
                await asyncio.sleep(POLL)
                quiet += POLL

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    async def page(request: Request) -> Response:
        name = str(request.path_params.get("path") or "index.html")
        target = _inside(preview.folder, name)
        if target is None:
            _, error = preview.state.snapshot()
            if error is not None and name.endswith(".html"):  # no good build yet: the error alone
                return HTMLResponse(with_preview("<!DOCTYPE html><html><body></body></html>", error), 200)
            return PlainTextResponse("Not found", 404)
        if target.suffix == ".html":
            _, error = preview.state.snapshot()
            return HTMLResponse(with_preview(target.read_text(encoding="utf-8"), error),
                                headers={"Cache-Control": "no-store"})
        return FileResponse(target, headers={"Cache-Control": "no-store"})

    async def people(request: Request) -> Response:
        rows = sorted(preview.people.by_id.items(), key=lambda item: (item[1].group, item[1].name))
        items = "".join(f'<li><a href="/{PEOPLE}{i}">{html.escape(p.name)}</a> ({html.escape(p.group)})</li>'
                        for i, p in rows)
        body = f"<main id=\"main\"><h1>Participants</h1><ul>{items}</ul></main>" if rows else \
            "<main id=\"main\"><h1>Participants</h1><p>The pack has no participants.csv.</p></main>"
        shell = f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Participants</title>" \
            f"</head><body>{body}</body></html>"
        return HTMLResponse(with_preview(shell, preview.state.snapshot()[1]), headers={"Cache-Control": "no-store"})

    async def person(request: Request) -> Response:
        found = preview.people.by_id.get(str(request.path_params["id"]))
        target = _inside(preview.folder, f"{preview.personal_kind().stem(found.group)}.html") if found else None
        if found is None or target is None:
            return PlainTextResponse("Not found", 404)
        page = target.read_text(encoding="utf-8")
        head = page.find(">", page.find("<head")) + 1  # the page's links are relative to the folder's root
        page = page[:head] + '<base href="/">' + page[head:]
        main = page.find(">", page.find("<main")) + 1
        page = page[:main] + f'<p class="kicker">{html.escape(found.name)}</p>' + page[main:]
        return HTMLResponse(with_preview(page, preview.state.snapshot()[1]), headers={"Cache-Control": "no-store"})

    routes = [Route(EVENTS, events), Route(f"/{PEOPLE}", people), Route(f"/{PEOPLE}{{id}}", person),
              Route("/", page), Route("/{path:path}", page)]
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(HOSTS))])


def _inside(folder: Path, name: str) -> Path | None:
    """The file ``name`` names inside ``folder``, never outside it (no '..', no link leading out)."""
    if "\\" in name or "\0" in name:
        return None
    root = folder.resolve()
    target = (root / name).resolve()
    return target if target.is_relative_to(root) and target.is_file() else None


def listening_socket(port: int) -> socket.socket:
    """The port on 127.0.0.1, bound before anything is announced: one clear line when it is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOSTS[0], port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"port {port} on {HOSTS[0]} is not free ({exc.strerror}; expected a free port: "
                                   f"give another with --port, e.g. --port {port + 1 if port < 65535 else 8765})"
                                   ) from None
    return sock


def serve(preview: Preview, sock: socket.socket, open_browser: bool) -> None:
    import uvicorn

    port = sock.getsockname()[1]
    config = uvicorn.Config(make_app(preview), host=HOSTS[0], port=port, log_level="warning", access_log=False,
                            lifespan="off")
    server = uvicorn.Server(config)
    url = f"http://{HOSTS[0]}:{port}/"
    preview.echo(f"Serving {url} (Ctrl-C to stop)")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    server.run(sockets=[sock])


@click.command("preview", epilog="Example:\n\n\b\n  briefpack preview --content my-seminar --open")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Content folder of the pack [default: this folder if it holds pack.yaml, else content/].")
@click.option("--no-strict", "no_strict", is_flag=True, help="Report content warnings without failing.")
@click.option("--html-as-text", is_flag=True, help="Print raw HTML found in content literally.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 to serve the pages on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the index page in the web browser.")
@click.option("--no-pdfs", is_flag=True, help="Do not build the screen PDFs in the background.")
def preview(**kw: Any) -> None:
    """Serve the web edition on this computer, rebuilt on every save; open pages update by themselves."""
    sock = listening_socket(kw["port"])
    with sock, tempfile.TemporaryDirectory(prefix="briefpack-preview-") as temporary:  # its only output folder
        options = options_from({**kw, "out": Path(temporary), "edition": "web"})
        instance = Preview(options, pdfs=not kw["no_pdfs"])
        try:
            instance.rebuild()
            instance.start_watching()
            serve(instance, sock, kw["open_browser"])
        except KeyboardInterrupt:
            pass
        finally:
            instance.close()
    click.echo("Stopped.", err=True)
    raise SystemExit(INTERRUPTED)
