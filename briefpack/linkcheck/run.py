"""``briefpack links``: gather the pack's links, check each URL once (or take it from the cache), report.

The only part of briefpack that touches the network; no build does."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ..content.model import Pack
from ..errors import BuildError
from ..text.numbering import Numbering
from . import archive, checker, fix, report, store, targets
from .gather import Link, gather
from .options import LinkOptions

Echo = Callable[..., None]


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    findings: list[report.Finding]
    summary: report.Summary


def run(pack: Pack, numbering: Numbering, options: LinkOptions, echo: Echo,
        clock: Callable[[], float] = time.time) -> Outcome:
    """Check every link of the pack and report; ``echo(text, err=False)`` prints."""
    started = time.perf_counter()
    links = gather(pack, numbering)
    results, cached = _results(links, options, clock)
    archived = _archived(links, results, pack, options)
    summary = report.summarize(links, results, cached, time.perf_counter() - started)
    found = report.findings(links, results, archived)
    if options.output_format == "json":
        fixed = _fix_redirects(found, options, echo) if options.fix_redirects else None
        echo(report.as_json(links, results, archived, summary, fixed))
    else:
        _print_text(found, summary, options, echo)
        if options.fix_redirects:
            _fix_redirects(found, options, echo)
    problems = any(finding.is_problem for finding in found)
    return Outcome(1 if problems and not options.warn_only else 0, found, summary)


def _results(links: list[Link], options: LinkOptions,
             clock: Callable[[], float]) -> tuple[dict[str, checker.Result], int]:
    """{url: Result} for every link, and how many came from the cache. Raises when there is no network."""
    urls = list(dict.fromkeys(link.url for link in links))
    results = {url: checker.check_mailto(url) for url in urls if url.lower().startswith("mailto:")}
    web = [url for url in urls if url not in results]
    path = store.cache_path(options.out)
    entries = store.read(path)
    cached = {} if options.force else store.fresh(entries, clock(), options.max_age)
    if options.fix_redirects:  # a rewrite follows what a server says now, not a cache that may travel with the pack
        cached = {url: result for url, result in cached.items() if result.new_url is None}
    results.update({url: cached[url] for url in web if url in cached})
    to_ask = [url for url in web if url not in cached]
    if to_ask:
        try:
            answers = checker.check_urls(to_ask, options.settings)
        except checker.NetworkDown as exc:
            raise BuildError(_offline_message(to_ask, exc.hosts, len(web) - len(to_ask))) from None
        results.update(answers)
        store.save(path, entries, answers, clock())
    return results, len(web) - len(to_ask)


def _offline_message(urls: list[str], tried: int, cached: int) -> str:
    hosts = len({targets.host_of(url) for url in urls})
    also = f"; {cached} more answered from the cache" if cached else ""
    return (f"the network is unreachable: no host name could be resolved ({tried} of {hosts} hosts tried), so "
            f"{len(urls)} URLs were not checked{also}; check the connection or the proxy settings, then run again")


def _archived(links: list[Link], results: dict[str, checker.Result], pack: Pack,
              options: LinkOptions) -> dict[str, str]:
    """A suggested archived copy of each dead or unreachable web link; none for a link holding a password (it
    would be printed again, and sent to the archive with --archive-lookup)."""
    when = archive.stamp(pack.meta.date, pack.meta.year)
    failing = [link.url for link in links if link.is_web and results[link.url].outcome in report.PROBLEMS
               and results[link.url].cause != "credentials"]
    if not options.archive_lookup:
        return {url: archive.wayback_url(url, when) for url in failing}
    found = archive.lookup(failing, when, options.settings, options.archive_api)
    return {url: snapshot for url, snapshot in found.items() if snapshot}


def _fix_redirects(found: list[report.Finding], options: LinkOptions, echo: Echo) -> list[dict[str, object]]:
    """Rewrite permanently redirected URLs in place, showing each change first (on stderr for --format json)."""
    to_stderr = options.output_format == "json"
    edits, skipped = fix.edits_for(found)
    changes, not_there = fix.plan(edits)
    fixed: list[dict[str, object]] = []
    for change in changes:
        echo(change.diff().rstrip("\n"), err=to_stderr)
        fix.write(change)
        fixed += [{"file": e.file, "line": e.line, "col": e.col, "old": e.old, "new": e.new} for e in change.edits]
    for message in skipped + not_there:
        echo(message, err=True)
    if fixed and not to_stderr:
        files = len(changes)
        echo(f"Rewrote {len(fixed)} redirected URL{'s' if len(fixed) != 1 else ''} in {files} "
             f"file{'s' if files != 1 else ''}.")
    return fixed


def _print_text(found: list[report.Finding], summary: report.Summary, options: LinkOptions, echo: Echo) -> None:
    for finding in found:
        if finding.is_problem or not options.quiet:
            echo(finding.line())
    if not options.quiet:
        echo(summary.line())
