"""The report: one line per link that needs attention, where it is written and what prints it; a summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from .checker import Result
from .gather import Link

OUTCOMES = ("ok", "redirected", "dead", "unreachable")
PROBLEMS = frozenset({"dead", "unreachable"})


@dataclass(frozen=True)
class Finding:
    link: Link
    result: Result
    archived: str | None = None  # a suggested archived copy, for dead and unreachable links

    @property
    def is_problem(self) -> bool:
        return self.result.outcome in PROBLEMS

    def line(self) -> str:
        link, result = self.link, self.result
        head = f"{link.loc}: {link.owner}: "
        printed = f"printed in {', '.join(link.documents)}" if link.documents else "printed in no document"
        if result.outcome == "redirected":
            return f"{head}{_redirect(result)}; {printed}"
        where = f" (at {result.redirects[-1][1]})" if result.redirects else ""
        archived = f"; archived copy: {self.archived}" if self.archived else ""
        return f"{head}{result.reason}{where}; {printed}{archived}"


def _redirect(result: Result) -> str:
    target = result.redirects[-1][1]
    codes = "+".join(str(status) for status, _ in result.redirects)
    if result.new_url:
        return f"moved permanently ({codes}) to {target} (--fix-redirects rewrites it)"
    return f"redirected ({codes}) to {target} (temporary: keep the URL)"


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]  # outcome -> number of distinct URLs
    urls: int
    links: int
    cached: int
    seconds: float

    def line(self) -> str:
        counts = ", ".join(f"{self.counts.get(o, 0)} {o}" for o in OUTCOMES)
        cached = f"; {self.cached} from the cache" if self.cached else ""
        return (f"Checked {self.urls} URL{'s' if self.urls != 1 else ''} ({self.links} link"
                f"{'s' if self.links != 1 else ''}) in {self.seconds:.1f} s: {counts}{cached}.")


def findings(links: list[Link], results: dict[str, Result], archived: dict[str, str]) -> list[Finding]:
    """Every link that is not simply fine, in file order."""
    found = [Finding(link, results[link.url], archived.get(link.url)) for link in links
             if results[link.url].outcome != "ok"]
    return sorted(found, key=lambda f: f.link.loc)


def summarize(links: list[Link], results: dict[str, Result], cached: int, seconds: float) -> Summary:
    urls = {link.url for link in links}
    counts = Counter(results[url].outcome for url in urls)
    return Summary(dict(counts), len(urls), len(links), cached, seconds)


def as_json(links: list[Link], results: dict[str, Result], archived: dict[str, str], summary: Summary,
            fixed: list[dict[str, object]] | None = None) -> str:
    """Every link (fine ones too), for scripts."""
    rows = []
    for link in sorted(links, key=lambda item: item.loc):
        result = results[link.url]
        rows.append({"url": link.url, "file": link.loc.file, "line": link.loc.line, "col": link.loc.col,
                     "where": link.owner, "documents": list(link.documents), "outcome": result.outcome,
                     "status": result.status, "reason": result.reason, "method": result.method,
                     "redirects": [{"status": s, "to": t} for s, t in result.redirects],
                     "new_url": result.new_url, "archived": archived.get(link.url)})
    data = {"summary": {**{o: summary.counts.get(o, 0) for o in OUTCOMES}, "urls": summary.urls,
                        "links": summary.links, "cached": summary.cached, "seconds": round(summary.seconds, 3)},
            "links": rows}
    if fixed is not None:
        data["fixed"] = fixed
    return json.dumps(data, indent=1, ensure_ascii=False)
