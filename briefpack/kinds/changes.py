"""What changed since an earlier version: each unit added, removed, moved or changed, with its words marked,
and every note whose number changed. Built by `briefpack changes --since OLD` only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..content.fields import KindFields
from ..content.model import Pack, Text
from ..content.texts import texts
from ..errors import UsageError
from ..revisions.wording import renumbering_runs
from ..text.numbering import Numbering
from . import concept_note
from .base import CommandOption, DocumentKind
from .views import Body, Calls, Fragments

if TYPE_CHECKING:  # the registry is imported by every command; the comparison only by those that compare
    from ..revisions.change import Change
    from ..revisions.comparison import Comparison
    from ..revisions.diff import Run
    from ..revisions.snapshot import Snapshot

CITATIONS = re.compile(r" ?(\[\^[a-z0-9-]+\](?: ?\[\^[a-z0-9-]+\])*)")
KEY = re.compile(r"\[\^([a-z0-9-]+)\]")
TAGS = {"+": "ins", "-": "del"}


@dataclass(frozen=True)
class ChangeView:
    what: str  # added, removed, moved, changed
    unit: str
    where: str
    was: str
    html: Markup  # the words, insertions in <ins>, deletions in <del>


@dataclass(frozen=True)
class ChangesBody(Body):
    since: str  # the earlier version, in words
    now: str  # this version, in words
    entries: list[ChangeView]
    renumbered_runs: list[str]  # "notes 5–66 are now notes 6–67": the runs say it all, note by note would repeat


def version_words(snap: Snapshot, draft: str, version: str) -> str:
    """ "Draft 2", "Version 2", or "" when the version had no number."""
    if not snap.version:
        return draft if snap.status == "draft" else ""
    return f"{draft if snap.status == 'draft' else version} {snap.version}"


def superscripted(pack: Pack) -> dict[str, Markup]:
    """{plain word: its HTML} for every word the pack writes with a superscript (21^st^, 8^th^).

    The comparison compares words as plain text (a superscript is no change of wording, and snapshots of
    earlier versions hold plain words), so the list of changes gives them back their superscripts from here."""
    found: dict[str, Markup] = {}
    for text, _ in texts(pack, meta=True):
        for token in text.parsed.tokens:
            marked = ""
            for child in token.children or ():
                if child.type == "sup_open":
                    marked += "\x01"
                elif child.type == "sup_close":
                    marked += "\x02"
                elif child.type in ("text", "softbreak", "hardbreak"):
                    marked += child.content if child.type == "text" else " "
                else:
                    marked += " "
            for word in marked.split():
                if "\x01" in word:
                    html = escape(word).replace("\x01", Markup("<sup>")).replace("\x02", Markup("</sup>"))
                    found[word.replace("\x01", "").replace("\x02", "")] = Markup(html)
    return found


def _plain(words: str, superscripts: dict[str, Markup]) -> Markup:
    """Plain words, those the pack writes with a superscript given it back."""
    if not superscripts:
        return escape(words)
    return Markup("").join(superscripts.get(part, escape(part)) for part in re.split(r"(\s+)", words))


def _words(run: Run, numbers: dict[str, int], superscripts: dict[str, Markup]) -> Markup:
    """A run of words, each group of citations shown as its notes' numbers."""
    parts = CITATIONS.split(run.text)
    html = Markup("").join(_plain(part, superscripts) if i % 2 == 0 else Markup(
        f"<sup>{','.join(str(numbers.get(key, '?')) for key in KEY.findall(part))}</sup>")
        for i, part in enumerate(parts))
    if run.op not in TAGS:
        return html
    return Markup(f'<{TAGS[run.op]}><span class="words">') + html + Markup(f"</span></{TAGS[run.op]}>")


def change_html(change: Change, old: dict[str, int], new: dict[str, int],
                superscripts: dict[str, Markup] | None = None) -> Markup:
    """The word diff; deleted words show the old version's note numbers, the others the new version's; words
    in ``superscripts`` (see ``superscripted``) shown with theirs."""
    html = Markup("")
    for run in change.runs:
        space = "" if not html or run.text.startswith("[^") else " "
        html += Markup(space) + _words(run, old if run.op == "-" else new, superscripts or {})
    return html


def summary_lines(comparison: Comparison) -> list[str]:
    """The same comparison as plain lines, for the terminal."""
    lines = [f"{c.what:<8} {c.unit} · {c.where}" + (f" (was {c.was})" if c.was else "") for c in comparison.changes]
    return lines + [f"renumbered {line}" for line in renumbering_runs(comparison.renumbered)]


LABEL = "changes"  # its title, a label (pack.yaml's `labels:` overrides it)
LABELS = {"en": "What Changed", "fr": "Modifications", "es": "Cambios", "de": "Änderungen", "ru": "Изменения",
          "zh-Hans": "修改内容", "zh-Hant": "修改內容", "ja": "変更点", "ko": "변경 사항", "th": "สิ่งที่เปลี่ยนแปลง",
          "vi": "Những thay đổi", "ar": "ما الذي تغيّر"}


class Changes(DocumentKind):
    name = "changes"
    command = "changes"
    command_section = "Checking"
    command_example = "--content my-seminar --since version-1.json"
    help = "Write changes.pdf: what changed since an earlier version (--since OLD)."
    print_order = 4
    editions = ("screen", "print")  # no web form
    fields = KindFields(labels={LABEL: LABELS})
    on_request = True
    marks_changes = False
    command_edition = "both"
    command_options = (
        CommandOption("--since", "since", "The earlier version: a snapshot file, an output folder (its "
                      "snapshot.json), a content folder, or git:REV (the content folder as committed at REV).",
                      "OLD", required=True),
        CommandOption("--group", "groups", "Only what this working group's handout shows, for handing to that "
                      "group.", "ID"),
    )

    def title(self, pack: Pack) -> str:
        return pack.meta.labels[LABEL]

    def summary(self, changes: Comparison | None, since: str | None) -> list[str]:
        lines = summary_lines(changes) if changes else []
        if not lines:
            return [f"No changes since {since}."]
        return [f"Changes since {since}:", *(f"  {line}" for line in lines)]

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        return []  # it shows words of two versions, not the pack's texts: no citation calls, no notes

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return []

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> ChangesBody:
        comparison = fragments.comparison
        if comparison is None:
            raise UsageError("the changes document needs an earlier version to compare with (--since OLD)")

        labels = pack.meta.labels
        old = {n.id: n.number for n in comparison.old.notes}
        raised = superscripted(pack)
        entries = [ChangeView(c.what, c.unit, _plain(c.where, raised), _plain(c.was, raised) if c.was else c.was,
                              change_html(c, old, numbering.numbers, raised))
                   for c in comparison.changes]
        return ChangesBody(version_words(comparison.old, labels["draft"], labels["version"]),
                           version_words(comparison.new, labels["draft"], labels["version"]), entries,
                           renumbering_runs(comparison.renumbered))

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        run = pack.print_run
        return run.count(concept_note.COUNT) + run.spare  # inserted into every printed concept note
