"""`briefpack links`: the pack's URLs gathered, checked against local servers on 127.0.0.1 only, reported."""

from __future__ import annotations

import asyncio
import json
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import trustme
from click.testing import CliRunner

from briefpack.build import pipeline
from briefpack.cli.main import main
from briefpack.errors import BuildError
from briefpack.linkcheck import checker, store
from briefpack.linkcheck.gather import gather
from briefpack.linkcheck.options import LinkOptions, Settings, parse_duration
from briefpack.linkcheck.run import run

from .conftest import DEFAULT_CONTENT, ROOT, write_pack
from .linkserver import HUGE_BYTES, Gauge, LinkServer

FAST = Settings(timeout=0.5, backoff=0.05, max_wait=5)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """The servers are local: a proxy from the environment must not be asked for them."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


@pytest.fixture
def server():
    with LinkServer() as running:
        yield running


def local_pack(folder: Path, base: str) -> Path:
    """The small pack with links to ``base``: a folded note (two URLs), a literal section, a question."""
    notes = f"""# Notes of the test pack: comments must survive --fix-redirects.
notes:
  treaty-db: Treaty database, <{base}/ok>
  basin-report: >-
    Basin report (2026), *Rivers and Rules*, see
    <{base}/missing> and the summary
    [here]({base}/moved).
  commission-study: >-
    A study of river commissions, [the summary]({base}/gone).
"""
    concept = f"""sections:
  - id: purpose
    title: Purpose
    body: |
      Rivers cross borders.[^basin-report] Treaties lag behind[^treaty-db] and
      data is scarce: see [the map]({base}/chain), [the list]({base}/temp)
      and <{base}/nohead>. Write to <mailto:secretariat@example.org> or read <{base}/ok>.
"""
    return write_pack(folder, notes=notes, concept_note=concept)


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


# --- gathering: no network ----------------------------------------------------------------------------------------

def test_gather_finds_every_link_where_it_is_written_and_what_prints_it(tmp_path):
    content = local_pack(tmp_path / "pack", "http://127.0.0.1:9")
    loaded = pipeline.load(pipeline.Options(content=content, strict=False))
    links = gather(loaded.pack, loaded.numbering)
    by_url = {link.url.rsplit("/", 1)[-1]: link for link in links}
    assert len(links) == 9
    for link in links:  # the location is exactly where the URL starts in the file
        line = lines_of(Path(link.loc.file))[link.loc.line - 1]
        assert line[link.loc.col - 1:].startswith(link.url), link
    missing = by_url["missing"]
    assert missing.owner == f"note {loaded.numbering.numbers['basin-report']} (basin-report)"
    # basin-report is cited by the handout introduction: every handout prints it
    assert missing.documents == ("concept-note.pdf", "endnotes.pdf", "handout-data-sharing.pdf",
                                 "handout-disputes.pdf")
    assert by_url["gone"].documents == ("concept-note.pdf", "endnotes.pdf", "handout-disputes.pdf")
    assert by_url["chain"].owner == "section 'purpose'" and by_url["chain"].documents == ("concept-note.pdf",)
    assert by_url["mailto:secretariat@example.org"].owner == "section 'purpose'"


def test_gather_on_the_default_pack():
    loaded = pipeline.load(pipeline.Options(content=DEFAULT_CONTENT))
    links = gather(loaded.pack, loaded.numbering)
    assert len(links) == 39 and len({link.url for link in links}) == 38
    flex = next(link for link in links if "flex-wp002" in link.url)
    assert flex.owner == f"note {loaded.numbering.numbers['flex-2014']} (flex-2014)"
    assert "handout-justice.pdf" in flex.documents
    for link in links:
        line = lines_of(Path(link.loc.file))[link.loc.line - 1]
        assert line[link.loc.col - 1:].startswith(link.url), link


def test_builds_never_import_the_http_client():
    code = ("import sys, briefpack.cli.main, briefpack.build.pipeline, briefpack.pdf.engine; "
            "print('httpx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


# --- checking: local servers only ---------------------------------------------------------------------------------

def test_every_kind_of_answer(server):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    refused = f"http://127.0.0.1:{closed.getsockname()[1]}/"
    closed.close()
    paths = ["ok", "moved", "chain", "temp", "loop-a", "nohead", "missing", "gone", "busy", "flaky", "never", "huge"]
    urls = [f"{server.base}/{p}" for p in paths] + [refused]
    results = {url.rsplit("/", 1)[-1] or "refused": r for url, r in checker.check_urls(urls, FAST).items()}
    base = server.base
    assert (results["ok"].outcome, results["ok"].method, results["ok"].reason) == ("ok", "HEAD", "200 OK")
    assert results["moved"].outcome == "redirected" and results["moved"].new_url == f"{base}/ok"
    assert results["chain"].redirects == ((308, f"{base}/moved"), (301, f"{base}/ok"))
    assert results["chain"].new_url == f"{base}/ok"
    assert results["temp"].outcome == "redirected" and results["temp"].new_url is None
    assert results["loop-a"].outcome == "dead" and results["loop-a"].reason.startswith("redirect loop")
    assert (results["nohead"].outcome, results["nohead"].method) == ("ok", "GET")
    assert (results["missing"].outcome, results["missing"].reason) == ("dead", "404 Not Found")
    assert (results["gone"].outcome, results["gone"].reason) == ("dead", "410 Gone")
    assert results["busy"].outcome == "ok" and server.hits["/busy"] == 2
    busy = [t for t, _, path, _ in server.requests if path == "/busy"]
    assert busy[1] - busy[0] >= 0.95  # Retry-After: 1 honoured
    assert results["flaky"].outcome == "ok" and server.hits["/flaky"] == 2
    assert (results["never"].outcome, results["never"].cause) == ("unreachable", "timeout")
    assert results["never"].reason == "no answer within 0.5 s"
    assert (results["huge"].outcome, results["huge"].method) == ("ok", "GET")
    assert server.huge_sent < HUGE_BYTES / 50  # the body was not downloaded
    assert (results["refused"].outcome, results["refused"].cause) == ("unreachable", "refused")
    assert {agent for *_, agent in server.requests} == {FAST.user_agent}
    assert FAST.user_agent.startswith("briefpack-linkcheck/")
    # concurrent: other URLs were asked while /busy waited for its Retry-After
    assert any(busy[0] < moment < busy[1] for moment, _, path, _ in server.requests if path != "/busy")


def test_a_tls_failure_is_reported_as_such():
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    with LinkServer(tls=server_context) as tls_server:
        url = f"{tls_server.base}/ok"
        result = checker.check_urls([url], FAST)[url]
        assert (result.outcome, result.cause) == ("unreachable", "tls")
        assert result.reason.startswith("TLS error: certificate verify failed")
        assert result.cacheable
        trusting = ssl.create_default_context()
        authority.configure_trust(trusting)
        assert checker.check_urls([url], Settings(verify=trusting))[url].outcome == "ok"


def test_200_urls_on_10_hosts_per_host_limit_and_concurrency():
    gauge = Gauge()
    servers = [LinkServer(latency=0.02, gauge=gauge) for _ in range(10)]
    for one in servers:
        one.__enter__()
    try:
        urls = [f"{one.base}/item/{i}" for one in servers for i in range(20)]
        results = checker.check_urls(urls, Settings(per_host=4, max_connections=40))
    finally:
        for one in servers:
            one.__exit__()
    assert len(results) == 200 and all(r.outcome == "ok" for r in results.values())
    assert max(one.max_in_flight for one in servers) == 4  # the limit holds, and is used
    assert 4 < gauge.most <= 40  # several hosts at once, never more than --connections in all


def test_no_network_is_one_line(tmp_path):
    asked = []

    def offline(request):
        asked.append(request.url.host)
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution") from socket.gaierror(
            socket.EAI_AGAIN, "Temporary failure in name resolution")
    settings = Settings(transport=httpx.MockTransport(offline))
    loaded = pipeline.load(pipeline.Options(content=DEFAULT_CONTENT))
    printed = []
    with pytest.raises(BuildError) as raised:
        run(loaded.pack, loaded.numbering, LinkOptions(out=tmp_path, settings=settings),
            lambda *a, **k: printed.append(a))
    assert len(asked) == 3  # a few hosts were enough to learn it: the other URLs were not tried
    message = raised.value.format_message()
    assert "\n" not in message and printed == []
    assert message.startswith("the network is unreachable: no host name could be resolved (3 of 28 hosts tried)")
    assert "38 URLs were not checked" in message
    assert not store.cache_path(tmp_path).exists()  # failures of the network are not remembered


def test_one_unknown_host_is_not_a_network_failure():
    def unknown(request):
        raise httpx.ConnectError("[Errno -2] Name or service not known") from socket.gaierror(
            socket.EAI_NONAME, "Name or service not known")
    url = "http://no-such-host.test/page"
    result = checker.check_urls([url], Settings(transport=httpx.MockTransport(unknown)))[url]
    assert (result.outcome, result.reason) == ("unreachable", "host not found: no-such-host.test (Name or service "
                                                              "not known)")


def test_mailto_syntax_only():
    assert checker.check_mailto("mailto:a.b+c@example.org,d@example.net?subject=Hi").outcome == "ok"
    bad = checker.check_mailto("mailto:secretariat@")
    assert bad.outcome == "dead" and "not a valid e-mail address 'secretariat@'" in bad.reason
    assert checker.check_mailto("mailto:someone@localhost").outcome == "dead"


def test_retry_after_and_durations():
    assert checker.retry_after("3") == 3
    assert checker.retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: no wait
    assert checker.retry_after("soon") is None
    assert parse_duration("1d") == 86400 and parse_duration("30m") == 1800 and parse_duration("0") == 0
    with pytest.raises(ValueError):
        parse_duration("a week")


# --- the command: report, cache, exit codes, fixes ----------------------------------------------------------------

def invoke(*args):
    return CliRunner().invoke(main, ["links", *map(str, args)], catch_exceptions=False)


def test_report_cache_and_exit_codes(tmp_path, server):
    content = local_pack(tmp_path / "pack", server.base)
    out = tmp_path / "dist"
    result = invoke("--content", content, "--out", out)
    assert result.exit_code == 1, result.output
    notes = content / "notes.yaml"
    line = next(i for i, text in enumerate(lines_of(notes), 1) if "/missing" in text)
    number = pipeline.load(pipeline.Options(content=content, strict=False)).numbering.numbers["basin-report"]
    assert (f"{notes}:{line}:6: note {number} (basin-report): 404 Not Found; printed in concept-note.pdf, "
            f"endnotes.pdf, handout-data-sharing.pdf, handout-disputes.pdf; archived copy: "
            f"https://web.archive.org/web/2027/{server.base}/missing") in result.output.splitlines()
    assert f"(basin-report): moved permanently (301) to {server.base}/ok (--fix-redirects" in result.output
    assert f"redirected (302) to {server.base}/ok (temporary: keep the URL)" in result.output
    assert result.output.splitlines()[-1].startswith(
        "Checked 8 URLs (9 links) in ") and result.output.endswith(": 3 ok, 3 redirected, 2 dead, 0 unreachable.\n")
    assert store.cache_path(out).is_file()
    hits = sum(server.hits.values())

    again = invoke("--content", content, "--out", out, "--warn-only", "-q")
    assert again.exit_code == 0
    assert sum(server.hits.values()) == hits  # everything from the cache: nothing asked
    assert [ln.split(": ", 2)[2][:3] for ln in again.output.splitlines()] == ["404", "410"]  # only the dead

    forced = invoke("--content", content, "--out", out, "--force", "--format", "json")
    assert forced.exit_code == 1 and sum(server.hits.values()) > hits
    data = json.loads(forced.output)
    assert data["summary"] == {**data["summary"], "ok": 3, "redirected": 3, "dead": 2, "urls": 8, "links": 9,
                               "cached": 0}
    gone = next(row for row in data["links"] if row["url"].endswith("/gone"))
    assert gone["outcome"] == "dead" and gone["status"] == 410 and gone["documents"][-1] == "handout-disputes.pdf"


def test_usage_errors_exit_2_and_content_errors_exit_1(tmp_path):
    assert invoke("--max-age", "a week").exit_code == 2
    assert invoke("--format", "xml").exit_code == 2
    broken = write_pack(tmp_path / "broken", notes="notes:\n  treaty-db: see [it](javascript:alert(1))\n")
    result = invoke("--content", broken, "--out", tmp_path / "dist")
    assert result.exit_code == 1
    assert "link to 'javascript:alert(1)' is not allowed (expected an http://" in result.output
    assert not store.cache_path(tmp_path / "dist").exists()


def test_cache_age(tmp_path, server):
    content = local_pack(tmp_path / "pack", server.base)
    loaded = pipeline.load(pipeline.Options(content=content, strict=False))
    options = LinkOptions(out=tmp_path / "dist", max_age=3600, settings=FAST)
    quiet = lambda *a, **k: None  # noqa: E731
    run(loaded.pack, loaded.numbering, options, quiet, clock=lambda: 1000.0)
    hits = sum(server.hits.values())
    # /ok is written twice and asked once; the three redirects to it end there too
    assert server.hits["/ok"] == 1 + 3
    run(loaded.pack, loaded.numbering, options, quiet, clock=lambda: 1000.0 + 3599)
    assert sum(server.hits.values()) == hits
    run(loaded.pack, loaded.numbering, options, quiet, clock=lambda: 1000.0 + 3601)
    assert sum(server.hits.values()) > hits


def test_archive_lookup(tmp_path, server):
    content = local_pack(tmp_path / "pack", server.base)
    loaded = pipeline.load(pipeline.Options(content=content, strict=False))
    options = LinkOptions(out=tmp_path / "dist", settings=FAST, archive_lookup=True,
                          archive_api=f"{server.base}/available")
    outcome = run(loaded.pack, loaded.numbering, options, lambda *a, **k: None)
    archived = {f.link.url.rsplit("/", 1)[-1]: f.archived for f in outcome.findings if f.is_problem}
    assert archived == {"gone": f"http://web.archive.org/web/2027000000/{server.base}/gone", "missing": None}
    assert server.hits["/available"] == 2


def test_fix_redirects_rewrites_in_place(tmp_path, server):
    content = local_pack(tmp_path / "pack", server.base)
    notes, concept = content / "notes.yaml", content / "concept-note.yaml"
    before_notes, before_concept = notes.read_text(), concept.read_text()
    result = invoke("--content", content, "--out", tmp_path / "dist", "--fix-redirects")
    assert f"-    [here]({server.base}/moved)." in result.output
    assert f"+    [here]({server.base}/ok)." in result.output
    assert "Rewrote 2 redirected URLs in 2 files." in result.output
    assert notes.read_text() == before_notes.replace(f"{server.base}/moved", f"{server.base}/ok")
    assert concept.read_text() == before_concept.replace(f"{server.base}/chain", f"{server.base}/ok")
    assert f"{server.base}/temp" in concept.read_text()  # a temporary redirect is kept
    assert notes.read_text().startswith("# Notes of the test pack")
    after = invoke("--content", content, "--out", tmp_path / "dist", "--force")
    assert "moved permanently" not in after.output and after.exit_code == 1


def test_a_long_retry_after_is_not_waited_for(monkeypatch):
    asked, waits = [], []

    def busy(request):
        asked.append(request.method)
        return httpx.Response(429, headers={"Retry-After": "3600"})
    sleep = asyncio.sleep

    async def recorded(delay, *args):
        waits.append(delay)
        return await sleep(delay, *args)
    monkeypatch.setattr(asyncio, "sleep", recorded)
    url = "http://busy.test/"
    result = checker.check_urls([url], Settings(transport=httpx.MockTransport(busy)))[url]
    assert asked == ["HEAD"] and not [wait for wait in waits if wait >= 1]
    assert (result.outcome, result.cause, result.cacheable) == ("unreachable", "busy", False)
    assert result.reason == "429 Too Many Requests (the server asks to come back later)"
