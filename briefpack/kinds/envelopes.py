"""What goes into whose envelope: each participant's documents, and per working group the counts to pack.

Read from the document kinds' declarations (a kind ``handed_out`` puts one copy in each envelope; a per-group
kind, the copy of the participant's group), so a new kind handed out appears here without an edit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..content.model import Pack, Participant
from ..text.spreadsheet import csv_bytes
from .base import DocumentKind

LIST_CSV = "print/packing-list.csv"
COUNTS_CSV = "print/packing-counts.csv"
LIST_KIND, COUNTS_KIND = "packing-list-sheet", "packing-counts"


@dataclass(frozen=True)
class Envelope:
    person: Participant
    documents: tuple[str, ...]  # the documents it holds, by their titles


def envelope_documents(pack: Pack, group: str, kinds: Sequence[DocumentKind]) -> tuple[str, ...]:
    """The documents a member of ``group`` gets: their personal copy of a personalised kind."""
    found = []
    for kind in kinds:
        if not kind.handed_out:
            continue
        name = f"{kind.title(pack)} ({kind.subject(pack, group)})" if kind.per_group else kind.title(pack)
        found.append(f"{name}, personal copy" if kind.personalised and pack.print_run.personalise else name)
    return tuple(found)


def envelopes(pack: Pack, kinds: Sequence[DocumentKind]) -> list[Envelope]:
    """Every participant's envelope, group by group in sign-in order."""
    if pack.roster is None:
        return []
    return [Envelope(p, envelope_documents(pack, p.group, kinds)) for p in pack.roster.in_sign_in_order(pack.groups)]


def group_counts(pack: Pack, kinds: Sequence[DocumentKind]) -> list[tuple[str, int, dict[str, int]]]:
    """(group id, members, {document: copies to pack}) for each working group."""
    result = []
    for group in pack.groups:
        members = pack.roster.count(group.id) if pack.roster else 0
        result.append((group.id, members, {doc: members for doc in envelope_documents(pack, group.id, kinds)}))
    return result


def list_csv(pack: Pack, kinds: Sequence[DocumentKind]) -> bytes:
    return csv_bytes(("group", "name", "organisation", "role", "documents"),
                     ((e.person.group, e.person.name, e.person.organisation, e.person.role, "; ".join(e.documents))
                      for e in envelopes(pack, kinds)))


def counts_csv(pack: Pack, kinds: Sequence[DocumentKind]) -> bytes:
    return csv_bytes(("group", "participants", "document", "copies"),
                     ((group, members, document, copies) for group, members, documents in group_counts(pack, kinds)
                      for document, copies in documents.items()))
