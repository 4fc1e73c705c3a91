"""Draft and version stamps, and what every build keeps of what it said (its snapshot).

A draft says so on every page and in its order sheet, and its print edition is refused unless asked for; each
build stores a snapshot of the pack in the output folder, listed in the manifest, for later comparisons."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import BuildError
from .manifest import OutputRecord
from .model import Pack

if TYPE_CHECKING:  # documents imports this module; these import documents (and revisions is not needed to say
    # that nothing changed: a build that is up to date does not import it)
    from .loading import Loaded
    from .options import Options
    from .planning import OutputSpec
    from .revisions import Comparison

SNAPSHOT = "snapshot.json"  # in the output folder: what the last build said

__all__ = ["SNAPSHOT", "comparison", "foot_line", "is_draft", "refuse_draft_print", "snapshot_bytes"]
STAMP_RE = re.compile(r'<div class="(?:draft-mark|foot-line)"[^>]*>[^<]*</div>')
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def is_draft(pack: Pack) -> bool:
    return pack.meta.status == "draft"


def foot_line(pack: Pack) -> str:
    """ "Draft 2 · 12 May 2015" in a draft's page foot; "Version 2 · 12 May 2015" in a final version's; nothing
    for a pack that gives neither status nor version."""
    meta = pack.meta
    if not is_draft(pack) and meta.version is None:
        return ""
    word = meta.labels["draft"] if is_draft(pack) else meta.labels["version"]
    parts = [f"{word} {meta.version}" if meta.version else word]
    if meta.date:
        day = datetime.date.fromisoformat(meta.date)
        parts.append(f"{day.day} {MONTHS[day.month - 1]} {day.year}")
    return " · ".join(parts)


def on_blank_page(html: str, blank: str) -> str:
    """The blank page that pads ``html``'s document, carrying the same stamps (a draft is a draft on every page)."""
    found = STAMP_RE.findall(html)
    return blank.replace("</body>", "".join(found) + "</body>") if found else blank


def refuse_draft_print(pack: Pack, specs: Sequence[OutputSpec], allow_draft: bool) -> None:
    """A draft must not reach the print shop by accident."""
    if is_draft(pack) and not allow_draft and any(spec.edition.ordered for spec in specs):
        raise BuildError(f"{os.path.join(pack.root, 'pack.yaml')}: the pack's status is draft, so its print edition "
                         "is refused (set `status: final`, or give --allow-draft to print the draft anyway)")


def order_summary_first_line(pack: Pack, summary: bytes) -> bytes:
    """The order sheet of a draft says DRAFT in its first line."""
    return b"# DRAFT: do not print for distribution\n\n" + summary if is_draft(pack) else summary


def snapshot_bytes(loaded: Loaded) -> bytes:
    from . import revisions

    return revisions.to_bytes(revisions.snapshot(loaded.pack, loaded.numbering))


def snapshot_record(sha256: str) -> OutputRecord:
    return OutputRecord(SNAPSHOT, "snapshot", None, "both", 0, sha256)


def made_on_request(kind_name: str) -> bool:
    """Outputs of kinds built only on request (the changes document) outlive complete builds."""
    from . import kinds

    return kind_name in kinds.names() and kind_name not in kinds.built_by_default()


def comparison(loaded: Loaded, options: Options) -> Comparison:
    """What changed since ``options.since``; with one group, only what that group's handout shows."""
    from . import revisions
    from .baseline import resolve
    from .planning import plan

    assert options.since is not None
    plan(loaded.pack, options.request)  # an unknown --group is a usage error before anything is compared
    old = resolve(options.since, options.paths.content)
    result = revisions.compare(old, revisions.snapshot(loaded.pack, loaded.numbering))
    if options.groups and len(options.groups) == 1:
        result = revisions.for_group(result, options.groups[0], _handout_notes(loaded, options.groups[0]))
    return result


def _handout_notes(loaded: Loaded, group: str) -> set[str]:
    from . import kinds
    from .citations import cited_notes

    texts = [text for kind in kinds.all_kinds() if kind.per_group for text in kind.shown_texts(loaded.pack, group)]
    return set(cited_notes(texts, loaded.numbering))
