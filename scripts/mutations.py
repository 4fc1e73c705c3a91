#!/usr/bin/env python3
"""A small scripted mutation pass over the core stages: each mutation breaks one feature on purpose, then the
tests that guard it run; a mutation they do not notice "survived". Run from the project root:

    .venv/bin/python scripts/mutations.py [NAME ...]

It edits one file at a time and always puts it back. Prints one line per mutation and the survivors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name: (file, original text, mutated text, tests that must notice)
MUTATIONS = {
    "images dropped": ("briefpack/content/markdown.py", 'return f\'<img src="{escape(env["asset"](str(token.attrGet("src"))))}" alt="{alt}">\'',
                       'return ""', "tests/test_safety.py -k images"),
    "numbering off by one": ("briefpack/text/numbering.py", "numbers.setdefault(key, len(numbers) + 1)",
                             "numbers.setdefault(key, len(numbers) + 2)", "tests/test_numbering.py"),
    "uncited notes not reported": ("briefpack/text/numbering.py", "        if not numbering.places[note.id]:",
                                   "        if False:", "tests/test_numbering.py"),
    "handouts forget the cross-cutting questions' notes": (
        "briefpack/kinds/handout.py", "*pack.group(group).questions, *pack.cross_cutting]",
        "*pack.group(group).questions]", "tests/test_documents.py tests/test_golden.py"),
    "a tampered output is trusted": ("briefpack/build/pipeline.py", "and recorded and out.sha256(spec.path) == recorded",
                                     "and recorded", "tests/test_incremental.py"),
    "staged files kept after a failure": ("briefpack/output/transaction.py", "        Path(item.temp).unlink(missing_ok=True)",
                                          "        pass", "tests/test_faults.py -k full_disk"),
    "a malformed cache is trusted": ("briefpack/output/cache.py", '        raise Malformed(f"not a sha256 digest: {str(value)[:40]}")',
                                     "        pass", "tests/test_faults.py -k malformed"),
    "no folder lock": ("briefpack/output/transaction.py", "        lock.acquire(timeout=0)", "        pass",
                       "tests/test_faults.py -k second_build"),
    "interrupt exits 1": ("briefpack/cli/main.py", "    sys.exit(INTERRUPTED)", "    sys.exit(1)",
                          "tests/test_faults.py -k interrupt"),
    "random PDF/X document id": ("briefpack/pdf/renderer.py", 'return DOCUMENT_ID_RE.sub(f"xmp.did:{document_id}".encode(), xml)',
                                 "return xml", "tests/test_faults.py -k document_id"),
    "a constant PDF/X document id": ("briefpack/pdf/renderer.py",
                                     "bytes=hashlib.sha256(html.encode()).digest()[:16]",
                                     'bytes=hashlib.sha256(b"").digest()[:16]', "tests/test_faults.py -k document_id"),
    "Thai justified": ("styles/scripts.css", "p:lang(th), li:lang(th), p:lang(lo)", "p:lang(lo)",
                       "tests/test_scripts.py -k thai_is_not"),
    "citation calls set larger": ("styles/base.css", 'sup.cite { font-family: "Inter"; font-size: 0.62em;',
                                  'sup.cite { font-family: "Inter"; font-size: 0.8em;',
                                  "tests/test_scripts.py -k citation_call"),
    "a builder keeps the first pack's styles": ("briefpack/build/pipeline.py",
                                                "self.backend is not None and self.backend.paths != options.paths",
                                                "False", "tests/test_overrides.py"),
    "every roster refused with one message": (
        "briefpack/content/roster.py", "    before = len(problems)\n    rows = _records(",
        '    problems.add(Loc(name), "wrong")\n    return None\n    rows = _records(',
        "tests/test_roster.py -k corpus"),
    "order copies ignore the kind": ("briefpack/kinds/print_order.py", "pages=pages, copies=spec.kind.copies(pack, spec.group, booklet))",
                                     "pages=pages, copies=60)", "tests/test_print.py tests/test_kinds.py"),
    "nothing ordered": ("briefpack/kinds/print_order.py",
                        "pages=pages, copies=spec.kind.copies(pack, spec.group, booklet))",
                        "pages=pages, copies=0)", "tests/test_print.py -k order_sheet"),
    "pages taken from the manifest": ("briefpack/output/out_dir.py", "        pages = self.pages(record.path) if record.path.endswith(\".pdf\") else 0",
                                      "        pages = record.pages", "tests/test_faults.py -k page_counts"),
    "the kill's rebuild skipped": ("briefpack/output/transaction.py", "            os.replace(item.temp, out / item.path)",
                                   "            pass", "tests/test_safety.py -k kill_9"),
}


def run(name: str) -> bool:
    """True when the tests noticed the mutation."""
    file, original, mutated, tests = MUTATIONS[name]
    path = ROOT / file
    source = path.read_text(encoding="utf-8")
    if source.count(original) != 1:
        raise SystemExit(f"{name}: the original text is not in {file} exactly once; update this script")
    path.write_text(source.replace(original, mutated), encoding="utf-8")
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests.split()],
                                cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        path.write_text(source, encoding="utf-8")
    return result.returncode != 0


def main() -> int:
    names = sys.argv[1:] or list(MUTATIONS)
    survivors = []
    for name in names:
        killed = run(name)
        print(f"{'killed  ' if killed else 'SURVIVED'}  {name}", flush=True)
        if not killed:
            survivors.append(name)
    print(f"{len(names) - len(survivors)} of {len(names)} mutations killed; survived: {', '.join(survivors) or 'none'}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
