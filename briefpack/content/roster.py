"""The participant list (``participants.csv``): read what Excel and spreadsheets export, check every row.

Excel writes CSV with or without a UTF-8 byte order mark, separated by commas or (in locales with a decimal
comma) semicolons, with quoted fields and CRLF line ends; all of these are read. Every problem is reported as
``participants.csv:line:col`` with the other content problems. Emails are kept for the organiser and never printed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..problems import Loc, Problems
from ..problems import did_you_mean as suggest
from .languages import tag_problem
from .model import MAX_PARTICIPANTS, Group, Participant, Roster
from .textfile import read_text


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    return suggest(word, choices)


FILE = "participants.csv"
COLUMNS = ("name", "organisation", "country", "group", "role")
OPTIONAL_COLUMNS = ("email", "language")
ROLES = ("participant", "chair", "rapporteur", "resource person", "observer")
MAX_BYTES = 2 * 1024 * 1024
# Characters refused anywhere in the file: C0 controls other than the tab and line ends (whitespace, which each
# cell folds into one space), DEL, C1 controls, and the bidirectional embeddings, overrides and isolates, which can
# make one name display as another. Refused, not removed: they are never echoed to a terminal either.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC "
            "FS GS RS US").split()
MAX_CONTROL_REPORTS = 10  # a file full of them gets ten lines and a count, not a line per byte
EXPORT_HINT = ("save it as UTF-8: in Excel, File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'; in LibreOffice, "
               "tick 'Edit filter settings' and choose 'Unicode (UTF-8)'")


def read(path: Path, name: str, groups: Sequence[Group], problems: Problems) -> Roster | None:
    """The roster in ``path`` (displayed as ``name``); None, with problems recorded, when it cannot be used."""
    text = _decode(path, name, problems)
    if text is None:
        return None
    before = len(problems)
    rows = _records(text, name, problems)
    if rows is None:
        return None
    participants = _participants(rows, name, groups, problems)
    return Roster(tuple(participants)) if len(problems) == before else None


def _decode(path: Path, name: str, problems: Problems) -> str | None:
    text = read_text(path, name, problems, MAX_BYTES, "file is not UTF-8 (byte 0x{byte:02x}); " + EXPORT_HINT)
    if text is None:
        return None
    if not text.strip():
        problems.add(Loc(name), "file is empty (expected a header line: " + ",".join(COLUMNS) + ",email)")
        return None
    return None if _refuse_controls(text, name, problems) else text


def _refuse_controls(text: str, name: str, problems: Problems) -> bool:
    """Record every control character of ``text`` at its line and column; True when there was one."""
    found = list(CONTROL.finditer(text))
    for match in found[:MAX_CONTROL_REPORTS]:
        problems.add(_loc(text, match.start(), name), f"{_control_name(match.group())} is not allowed in the "
                                                      "participant list (expected printable text: remove it in the "
                                                      "spreadsheet)")
    if len(found) > MAX_CONTROL_REPORTS:
        problems.add(_loc(text, found[MAX_CONTROL_REPORTS].start(), name),
                     f"this and {len(found) - MAX_CONTROL_REPORTS - 1} more control characters after it (expected "
                     "none)")
    return bool(found)


def _loc(text: str, offset: int, name: str) -> Loc:
    line = text.count("\n", 0, offset) + 1
    return Loc(name, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _control_name(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return f"control character U+{code:04X} ({C0_NAMES[code]})"
    if code < 0xA0:
        return f"control character U+{code:04X} ({'DEL' if code == 0x7F else 'C1 control'})"
    return f"bidirectional control U+{code:04X} ({unicodedata.name(char)}), which can disguise a name,"


@dataclass(frozen=True)
class ListedParticipant(Participant):
    """A participant with the language of their name, when the roster's optional ``language`` column gives it (a
    BCP 47 tag): what the script alone does not say (a name in Han characters is Japanese, Chinese or Korean)."""

    language: str = ""


def name_language(person: Participant) -> str:
    """The language of ``person``'s name, for its face: the roster's ``language`` column, else what the script
    says (kana: Japanese, Hangul: Korean), else "" (the document's language: Han alone is set as Chinese)."""
    if isinstance(person, ListedParticipant) and person.language:
        return person.language
    return script_language(person.name)


def script_language(text: str) -> str:
    """The language ``text``'s letters say without doubt: Japanese for kana, Korean for Hangul, else ""."""
    for char in text:
        name = unicodedata.name(char, "")
        if name.startswith(("HIRAGANA", "KATAKANA")):
            return "ja"
        if name.startswith("HANGUL"):
            return "ko"
    return ""


def text_direction(text: str) -> str:
    """'rtl' or 'ltr', from ``text``'s first strong character (HTML's dir=auto); 'ltr' when it has none."""
    for char in text:
        strength = unicodedata.bidirectional(char)
        if strength in ("R", "AL"):
            return "rtl"
        if strength == "L":
            return "ltr"
    return "ltr"


@dataclass(frozen=True)
class Record:
    """One row of the file: its fields and where each one starts."""

    fields: list[str]
    locs: list[Loc]


def _records(text: str, name: str, problems: Problems) -> list[Record] | None:
    """Every non-blank record with the line and column of each field (quoted fields may span lines)."""
    delimiter = _delimiter(text)
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[Record] = []
    start = 1
    try:
        for fields in reader:
            end = reader.line_num
            if any(f.strip() for f in fields):
                records.append(Record(fields, _field_locs(lines, start, delimiter, len(fields), name)))
            start = end + 1
    except csv.Error as exc:
        problems.add(Loc(name, reader.line_num or start), f"not valid CSV ({exc}) (expected fields separated by "
                                                          f"'{delimiter}', quotes around a field only)")
        return None
    return records


def _delimiter(text: str) -> str:
    """Semicolon when the header line has more semicolons than commas (Excel in decimal-comma locales)."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _field_locs(lines: list[str], start: int, delimiter: str, count: int, name: str) -> list[Loc]:
    """Where each field of the record that starts on line ``start`` begins: quotes are skipped as csv does."""
    locs = [Loc(name, start, 1)]
    quoted = False
    line, col = start, 1
    for raw in lines[start - 1:]:
        for char in raw.rstrip("\r\n"):
            col += 1
            if char == '"':
                quoted = not quoted
            elif char == delimiter and not quoted:
                locs.append(Loc(name, line, col))
        if not quoted or len(locs) >= count:
            break
        line, col = line + 1, 1
    return (locs + [locs[-1]] * count)[:count]


def _participants(rows: list[Record], name: str, groups: Sequence[Group], problems: Problems) -> list[Participant]:
    if not rows:
        problems.add(Loc(name), "file is empty (expected a header line: " + ",".join(COLUMNS) + ",email)")
        return []
    columns = _columns(rows[0], problems)
    if columns is None:
        return []
    if len(rows) - 1 > MAX_PARTICIPANTS:
        problems.add(rows[MAX_PARTICIPANTS + 1].locs[0], f"too many participants (expected at most "
                                                         f"{MAX_PARTICIPANTS})")
        return []
    groups_by_name = _group_names(groups)
    seen: dict[tuple[str, str], Loc] = {}
    participants = []
    for record in rows[1:]:
        person = _participant(record, columns, groups_by_name, problems)
        if person is None:
            continue
        identity = (_identity(person.name), _identity(person.organisation))
        if identity in seen:
            problems.add(person.loc, f"'{person.name}' ({person.organisation or 'no organisation'}) is listed twice "
                                     f"(first at line {seen[identity].line}; expected each person once)")
            continue
        seen[identity] = person.loc
        participants.append(person)
    return participants


def _columns(header: Record, problems: Problems) -> dict[str, int] | None:
    """{column name: index}, or None when a column is missing, unknown or repeated."""
    columns: dict[str, int] = {}
    known = COLUMNS + OPTIONAL_COLUMNS
    before = len(problems)
    for index, (title, loc) in enumerate(zip(header.fields, header.locs, strict=True)):
        column = " ".join(title.split()).lower()
        if column not in known:
            problems.add(loc, f"unknown column '{title.strip()}' ({did_you_mean(column, known)})")
        elif column in columns:
            problems.add(loc, f"column '{column}' appears twice (first as column {columns[column] + 1})")
        else:
            columns[column] = index
    for missing in (c for c in COLUMNS if c not in columns):
        problems.add(header.locs[0], f"missing column '{missing}' (expected the columns "
                                     f"{', '.join(COLUMNS)} and optionally email and language)")
    return columns if len(problems) == before else None


def _group_names(groups: Sequence[Group]) -> dict[str, str]:
    """Every way a row may name a group (its id, its number, or the number's letter: 1 = A) -> its id."""
    names: dict[str, str] = {}
    for group in groups:
        names[group.id.lower()] = group.id
        names[str(group.number)] = group.id
        if 1 <= group.number <= 26:
            names[chr(ord("a") + group.number - 1)] = group.id
    return names


def _participant(record: Record, columns: dict[str, int], groups: dict[str, str],
                 problems: Problems) -> Participant | None:
    if len(record.fields) != len(columns):
        problems.add(record.locs[0], f"the row has {len(record.fields)} fields (expected {len(columns)}, one per "
                                     "column of the header)")
        return None
    value = {column: " ".join(record.fields[index].split()) for column, index in columns.items()}
    loc = {column: record.locs[index] for column, index in columns.items()}
    before = len(problems)
    if not value["name"]:
        problems.add(loc["name"], "the participant has no name (expected a name)")
    group = groups.get(value["group"].lower())
    if group is None:
        found = f"'{value['group']}'" if value["group"] else "nothing"
        problems.add(loc["group"], f"unknown working group {found} ({did_you_mean(value['group'], sorted(groups))})")
    role = value["role"].lower()
    if role not in ROLES:
        problems.add(loc["role"], f"unknown role '{value['role']}' ({did_you_mean(role, ROLES)})")
    email = value.get("email", "")
    if email and not _looks_like_email(email):
        problems.add(loc["email"], f"'{email}' is not an e-mail address (expected name@domain.org, or nothing)")
    language = value.get("language", "")
    if language and (problem := tag_problem(language)) is not None:
        problems.add(loc["language"], f"{problem[:-1]}, or nothing)")
    if len(problems) > before or group is None:
        return None
    return ListedParticipant(value["name"], value["organisation"], value["country"], group, role, loc["name"], email,
                             language)


def _identity(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(local and at and "." in domain.strip(".") and " " not in text)
