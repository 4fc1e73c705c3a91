"""`briefpack links` against hostile servers, all on 127.0.0.1: odd redirect targets, slow answers, endless
bodies, cookies, credentials in URLs, many spellings of one host, and --fix-redirects on look-alike URLs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from briefpack.build import pipeline
from briefpack.cli.main import main
from briefpack.linkcheck import archive, checker
from briefpack.linkcheck.options import LinkOptions, Settings
from briefpack.linkcheck.run import run

from .conftest import write_pack
from .linkserver import BIG_BYTES, LinkServer

FAST = Settings(timeout=0.5, backoff=0.05, max_wait=5)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def server():
    with LinkServer() as running:
        yield running


def pack_with(folder: Path, *urls: str, literal: str = "") -> Path:
    """The small pack whose notes link to ``urls`` (one folded note holds them all) and whose concept note's
    literal section holds ``literal``."""
    links = " and ".join(f"<{url}>" for url in urls)
    notes = f"""notes:
  treaty-db: Treaty database.
  basin-report: >-
    Basin report (2026), see
    {links}.
  commission-study: A study of river commissions.
"""
    concept = f"""sections:
  - id: purpose
    title: Purpose
    body: |
      Rivers cross borders.[^basin-report] Treaties lag behind.[^treaty-db] {literal}
"""
    return write_pack(folder, notes=notes, concept_note=concept)


def invoke(*args):
    return CliRunner().invoke(main, ["links", *map(str, args)], catch_exceptions=False)


# --- 1. every redirect target validated -----------------------------------------------------------------------

REFUSED_TARGETS = {
    "javascript:alert(document.cookie)": "not an http or https address",
    "data:text/html,<script>alert(1)</script>": "not an http or https address",
    "mailto:someone@example.org": "not an http or https address",
    "file:///etc/passwd": "not an http or https address",
    "http://[::1": "not a valid URL",
    "http:///no-host": "not a valid URL",
    "http://127.0.0.1:99999/": "not a valid URL",
}


def test_a_redirect_to_anything_but_a_web_address_is_reported(server):
    urls = {f"{server.base}/redirect?to={quote(target, safe='')}": target for target in REFUSED_TARGETS}
    results = checker.check_urls(list(urls), FAST)
    for url, target in urls.items():
        result = results[url]
        assert result.outcome == "dead", (target, result)
        assert result.reason.startswith(f"redirect (301) to '{target[:20]}"), result.reason
        assert result.reason.endswith(REFUSED_TARGETS[target]), result.reason
        assert result.new_url is None
    asked = {path for path, _ in server.seen}
    assert asked == {"/redirect"}  # nothing followed


def test_the_report_names_a_refused_redirect_instead_of_a_traceback(tmp_path, server):
    url = f"{server.base}/redirect?to={quote('javascript:alert(1)', safe='')}"
    content = pack_with(tmp_path / "pack", url, f"{server.base}/ok")
    result = invoke("--content", content, "--out", tmp_path / "dist")
    assert result.exit_code == 1, result.output
    line = next(text for text in result.output.splitlines() if "(basin-report)" in text)
    assert "redirect (301) to 'javascript:alert(1)' refused: not an http or https address" in line
    assert result.output.endswith(": 1 ok, 0 redirected, 1 dead, 0 unreachable.\n")


def test_a_redirect_target_is_shown_safely_and_briefly(server):
    # \x9b is a terminal's control sequence introducer: sent as one Latin-1 byte, it would clear the screen
    refused, followed = "javascript:\x9b2J" + "x" * 5000, "/ok?\x9b2J"
    urls = [f"{server.base}/redirect?to={quote(target, safe='')}" for target in (refused, followed)]
    results = checker.check_urls(urls, FAST)
    reason = results[urls[0]].reason
    assert len(reason) < 200 and "…" in reason and "\x9b" not in reason and "javascript:\\x9b2J" in reason
    assert results[urls[1]].redirects == ((301, f"{server.base}/ok?%C2%9B2J"),)


# --- 2. one deadline for the whole request ----------------------------------------------------------------------

def test_a_server_sending_its_headers_byte_by_byte_cannot_outlast_the_timeout(server):
    url = f"{server.base}/trickle"
    result = checker.check_urls([url], FAST)[url]
    assert (result.outcome, result.cause, result.reason) == ("unreachable", "timeout", "no answer within 0.5 s")
    assert server.trickle.done.wait(60)
    trickle = server.trickle
    # a byte every 0.05 s: the client hung up after about 0.5 s of it, far from the whole answer
    assert trickle.hung_up and trickle.sent < trickle.total // 3, (trickle.sent, trickle.total)


def test_the_report_says_timeout_for_a_trickling_server(tmp_path, server):
    content = pack_with(tmp_path / "pack", f"{server.base}/trickle")
    result = invoke("--content", content, "--out", tmp_path / "dist", "--timeout", "0.5")
    assert result.exit_code == 1
    assert "(basin-report): no answer within 0.5 s;" in result.output
    assert server.trickle.done.wait(60)
    assert server.trickle.hung_up and server.trickle.sent < server.trickle.total // 3


def test_the_archive_answer_is_bounded_in_time(server):
    found = archive.lookup([f"{server.base}/gone"], "2027", FAST, api=f"{server.base}/trickle-body")
    assert found == {f"{server.base}/gone": None}
    assert server.trickle.done.wait(60)
    assert server.trickle.hung_up and server.trickle.sent < server.trickle.total // 3


# --- 3. a bounded body read ---------------------------------------------------------------------------------------

def test_an_endless_archive_answer_is_not_read_past_the_limit(server):
    found = archive.lookup([f"{server.base}/gone"], "2027", Settings(timeout=30), api=f"{server.base}/big-answer")
    assert found == {f"{server.base}/gone": None}
    # what the server could write before the client hung up: the bytes read plus what the sockets buffer
    assert server.big_sent < BIG_BYTES // 2, server.big_sent
    assert checker.MAX_BODY_BYTES <= 1024 ** 2


def test_a_compressed_archive_answer_is_not_inflated(server):
    found = archive.lookup([f"{server.base}/gone"], "2027", Settings(timeout=30), api=f"{server.base}/bomb-answer")
    assert found == {f"{server.base}/gone": None}  # read as it is, it would have named a snapshot
    assert server.seen[-1][1]["accept-encoding"] == "identity"


def test_an_archive_answer_that_is_not_a_web_address_is_not_suggested(tmp_path, server):
    found = archive.lookup([f"{server.base}/gone"], "2027", FAST, api=f"{server.base}/bad-archive")
    assert found == {f"{server.base}/gone": None}


# --- 4. no cookies kept between links -------------------------------------------------------------------------

def test_a_cookie_set_for_one_link_is_not_sent_for_another(server):
    urls = [f"{server.base}/set-cookie", f"{server.base}/ok", f"{server.base}/cookie-wall"]
    results = checker.check_urls(urls, Settings(timeout=5, per_host=1))
    assert all(result.outcome in ("ok", "redirected") for result in results.values()), results
    assert server.hits["/set-cookie"] == 1 and server.hits["/ok"] == 1
    sent = {path: headers.get("cookie") for path, headers in server.seen}
    assert sent["/ok"] is None
    assert sent["/cookie-wall"] is None
    # within one link's redirects a cookie is kept, as a browser opening the link would
    assert sent["/cookie-wall/in"] == "wall=passed"
    assert results[urls[2]].outcome == "redirected"


# --- 5. credentials in a URL never sent -------------------------------------------------------------------------

def test_credentials_in_a_link_are_never_sent_and_are_reported(tmp_path, server):
    port = server.server_address[1]
    url = f"http://organiser:s3cret@127.0.0.1:{port}/ok"
    result = checker.check_urls([url], FAST)[url]
    assert result.outcome == "dead" and result.method == ""
    assert result.reason == ("the URL holds a user name or password: not checked, as it would be sent to the "
                             "server (remove it from the link)")
    assert all("authorization" not in headers for _, headers in server.seen)
    content = pack_with(tmp_path / "pack", url)
    report = invoke("--content", content, "--out", tmp_path / "dist", "--archive-lookup")
    assert report.exit_code == 1
    assert "(basin-report): the URL holds a user name or password: not checked" in report.output
    assert "s3cret" not in report.output  # no archived copy suggested (nor asked for) with the password in it
    assert "s3cret" not in (tmp_path / "dist" / ".briefpack" / "links.json").read_text()
    assert all("authorization" not in headers for _, headers in server.seen)


def test_credentials_in_a_redirect_target_are_never_sent(server):
    port = server.server_address[1]
    target = f"http://organiser:s3cret@127.0.0.1:{port}/ok"
    url = f"{server.base}/redirect?to={quote(target, safe='')}"
    result = checker.check_urls([url], FAST)[url]
    assert result.outcome == "dead"
    assert result.reason == (f"redirect (301) to 'http://***@127.0.0.1:{port}/ok' refused: it holds a user name "
                             "or password")
    assert "s3cret" not in result.reason
    assert [path for path, _ in server.seen] == ["/redirect"]
    assert all("authorization" not in headers for _, headers in server.seen)


# --- 6. the per-host limit counts hosts, not spellings -------------------------------------------------------

def test_the_per_host_limit_holds_however_the_host_is_spelled():
    with LinkServer(latency=0.2) as slow:
        port = slow.server_address[1]
        spellings = [f"HTTP://LOCALHOST:{port}", f"http://localhost:{port}", f"http://127.0.0.1:{port}",
                     f"http://LocalHost:{port}", f"http://127.1:{port}"]
        urls = [f"{spelling}/page/{i}" for spelling in spellings for i in range(3)]
        results = checker.check_urls(urls, Settings(per_host=2, max_connections=40, timeout=10))
        assert all(result.outcome == "ok" for result in results.values()), results
        assert slow.max_in_flight == 2  # the limit holds, and is used


@pytest.mark.parametrize(("left", "right"), [
    ("HTTP://LOCALHOST:8080/a", "http://localhost:8080/b"),
    ("http://example.org./a", "http://EXAMPLE.org/b"),
    ("http://example.org:80/a", "http://example.org/b"),
    ("https://example.org:443/a", "https://example.org/b"),
    ("http://bücher.example/a", "http://xn--bcher-kva.example/b"),
])
def test_one_connection_target_whatever_the_spelling(left, right):
    from briefpack.linkcheck.targets import connection_target

    assert connection_target(left) == connection_target(right)


def test_the_port_makes_another_target():
    from briefpack.linkcheck.targets import connection_target

    assert connection_target("http://example.org/") == ("example.org", 80)
    assert connection_target("https://example.org/") == ("example.org", 443)
    assert connection_target("http://example.org:81/") == ("example.org", 81)


# --- 7. --fix-redirects replaces exactly the token that redirected ---------------------------------------------

def test_fix_redirects_leaves_a_longer_url_alone(tmp_path, server):
    base = server.base
    content = pack_with(tmp_path / "pack", f"{base}/old/page", f"{base}/old",
                        literal=f"See <{base}/old/page> or [the old page]({base}/old).")
    notes, concept = content / "notes.yaml", content / "concept-note.yaml"
    before_notes, before_concept = notes.read_text(), concept.read_text()
    result = invoke("--content", content, "--out", tmp_path / "dist", "--fix-redirects")
    assert "Rewrote 2 redirected URLs in 2 files." in result.output, result.output
    assert notes.read_text() == before_notes.replace(f"<{base}/old>", f"<{base}/new>")
    assert concept.read_text() == before_concept.replace(f"({base}/old)", f"({base}/new)")
    assert f"{base}/old/page" in notes.read_text() and f"{base}/old/page" in concept.read_text()


def test_fix_redirects_says_when_a_url_is_not_exactly_where_it_was_found(tmp_path, server):
    base = server.base
    # the link's address is written with a Markdown escape: its text in the file is not its URL
    content = pack_with(tmp_path / "pack", f"{base}/moved",
                        literal=f"See [the page]({base}/o\\_ld) and <{base}/chain>.")
    concept = content / "concept-note.yaml"
    before = concept.read_text()
    loaded = pipeline.load(pipeline.Options(content=content, strict=False))
    printed: list[tuple[str, bool]] = []
    run(loaded.pack, loaded.numbering, LinkOptions(out=tmp_path / "dist", settings=FAST, fix_redirects=True),
        lambda text, err=False: printed.append((text, err)))
    assert concept.read_text() == before  # unchanged, though another URL of it could have been rewritten
    messages = [text for text, err in printed if err]
    assert any(f"{base}/o_ld is not written exactly there" in text and "left unchanged" in text
               for text in messages), messages
    assert f"<{base}/ok>" in (content / "notes.yaml").read_text()  # another file is still fixed


# --- a cache that travelled with the pack ---------------------------------------------------------------------

def poison(out: Path, url: str, **result: object) -> None:
    """A links cache in ``out`` that says ``url`` answered ``result``, checked just now."""
    import json
    import time

    entry = {"url": url, "outcome": "ok", "reason": "200 OK", "status": 200, "redirects": [], "method": "HEAD",
             "cause": "", **result}
    cache = out / ".briefpack" / "links.json"
    cache.parent.mkdir(parents=True)
    cache.write_text(json.dumps({"version": 1, "links": {url: {"checked_at": time.time(), "result": entry}}}))


def test_fix_redirects_does_not_follow_a_cached_redirect(tmp_path, server):
    url = f"{server.base}/ok"
    content = pack_with(tmp_path / "pack", url)
    poison(tmp_path / "dist", url, outcome="redirected", redirects=[[301, "http://evil.test/"]])
    before = (content / "notes.yaml").read_text()
    invoke("--content", content, "--out", tmp_path / "dist", "--fix-redirects")
    assert (content / "notes.yaml").read_text() == before
    assert server.hits["/ok"] == 1  # asked again: only a server's answer of this run is followed


def test_a_cached_reason_that_is_not_one_of_ours_is_not_printed(tmp_path, server):
    url = f"{server.base}/missing"
    content = pack_with(tmp_path / "pack", url)
    poison(tmp_path / "dist", url, outcome="dead", reason="\x1b]0;pwned\x07404", status=404)
    result = invoke("--content", content, "--out", tmp_path / "dist")
    assert "\x1b" not in result.output and "(basin-report): 404 Not Found;" in result.output
    assert server.hits["/missing"] >= 1
