"""Read, build, write, check and report: the one function the CLI calls."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..build.editor_schemas import schema_name, schema_of
from ..build.starter import SCHEMAS
from ..content.fields import FILES as CONTENT_FILES
from ..content.read_pack import display_name, load_pack
from ..errors import ContentError, Loc, Problem, SourceError
from ..kinds.builtin import builtin_registry
from ..text import numbering as citations
from . import destination, merge, structure, writer
from .document import Changes, SourceDocument
from .draft import Draft

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt", ".text")
MAX_MARKDOWN_BYTES = 10 * 1024 * 1024
MAX_PLACED_REVIEWS = 500  # each is looked for in every written line: beyond that, the source paragraph says where
# Linear: an address stops at the next "<" or "]", where the next attempt would start.
LINK_RE = re.compile(r"<((?:https?|mailto):[^<>\s]+)>|\]\(((?:https?|mailto):[^)\s\]]+)\)")


@dataclass
class ImportReport:
    source: str
    dest: str
    written: bool
    counts: dict[str, int | str]
    recognised: list[str]
    guessed: list[str]
    attention: list[str]
    problems: list[Problem]  # defects of the source, at their place in the written files
    check_extra: list[str] = field(default_factory=list)  # what `check` reports beyond ``problems``
    seconds: float = 0.0
    placeholders: list[Problem] = field(default_factory=list)  # what the source does not state: to fill in
    reviews: list[str] = field(default_factory=list)  # reviewers' comments and tracked changes

    def lines(self) -> list[str]:
        verb = "Imported" if self.written else "Would import (dry run, nothing written)"
        out = [f"{verb} {self.source} -> {self.dest} in {self.seconds:.2f} s",
               "  " + ", ".join(f"{name}: {value}" for name, value in self.counts.items())]
        for title, items in (("Recognised", self.recognised), ("Guessed (please check)", self.guessed),
                             ("Needs a person", self.attention)):
            if items:
                out.append(f"{title}:")
                out.extend(f"  {item}" for item in items)
        if self.reviews:
            out.append(f"Comments and tracked changes in the source ({len(self.reviews)}):")
            out.extend(f"  {item}" for item in self.reviews)
        if self.placeholders:
            out.append(f"To fill in (the source does not say; `check` reports them) ({len(self.placeholders)}):")
            out.extend(f"  {problem}" for problem in self.placeholders)
        if self.problems:
            out.append(f"Defects of the source, kept and marked IMPORT in the files ({len(self.problems)}):")
            out.extend(f"  {problem}" for problem in self.problems)
        if self.check_extra:
            out.append("`briefpack check` also reports:")
            out.extend(f"  {line}" for line in self.check_extra)
        return out


def run(source: Path, dest: Path, force: bool = False, dry_run: bool = False,
        settle: merge.Settle | None = None, changes: Changes = "accept", keep_comments: bool = False
        ) -> ImportReport:
    """Import ``source`` into ``dest``. With ``force``, a pack made by an earlier import (it keeps that import in
    merge.BASE) is updated: your edits since are kept, the source's changes taken; conflicts stop the import unless
    ``settle`` says which side wins. ``changes``: a Word file's tracked changes accepted, or rejected;
    ``keep_comments``: its reviewers' comments written as YAML comments where they were made."""
    if dest.name in ("", ".."):  # "." or "x/..": the folder it names, so that its name and parent are real
        dest = dest.resolve()
    try:
        return _run(source, dest, force, dry_run, settle, (changes, keep_comments))
    except KeyboardInterrupt:  # before the new pack was put in place: the staged files are gone
        raise destination.ImportInterrupted(f"import interrupted: nothing was written to {dest}") from None


def _run(source: Path, dest: Path, force: bool, dry_run: bool, settle: merge.Settle | None,
         review: tuple[Changes, bool]) -> ImportReport:
    changes, keep_comments = review
    started = time.perf_counter()
    name = str(source)
    refused = destination.problems(dest, source, force)
    try:
        doc = _read(source, name, changes)
    except SourceError as exc:  # every problem at once: the source's and the destination's
        raise SourceError(exc.problems + refused) from None
    if not any(b.text.strip() or b.items for b in doc.blocks) and not doc.title:
        refused.insert(0, Problem(Loc(name), "the document has no text (expected headings and paragraphs)"))
    if refused:
        raise SourceError(refused)
    draft = structure.build(doc)
    if keep_comments:
        kept = structure.keep_comments(draft)
        draft.guessed.append(f"{name}: {kept} reviewers' comments written as YAML comments (REVIEW) above the text "
                             "they were made on")
    files = writer.render(draft)
    shown = str(dest)
    problems = [p for f in files for p in f.located(shown)]
    placeholders = [p for f in files for p in f.located(shown, placeholders=True)]
    texts = {f.name: f.text() for f in files}
    merged = _merged(dest, texts, settle) if force and (dest / merge.BASE).is_dir() else None
    staging = _stage(merged or texts, texts, draft, Path(tempfile.gettempdir()) / "dry-run" if dry_run else dest)
    try:
        if merged is not None:
            _keep_the_rest(dest, staging)
        extra = _check(staging, shown, problems + placeholders)
        if not dry_run:
            destination.put_in_place(staging, dest)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    report = ImportReport(name, shown, not dry_run, _counts(draft), _recognised(draft), draft.guessed,
                          draft.attention, problems, extra, placeholders=placeholders,
                          reviews=_place_reviews(files, draft.reviews, shown))
    if merged is not None:
        report.recognised.append(f"re-import: merged with the pack's edits since the last import ({merge.BASE}; "
                                 + ("conflicts settled: " + ("the new version" if settle == "new" else "yours")
                                    if settle else "no conflicts") + ")")
    report.seconds = time.perf_counter() - started
    return report


def _read(source: Path, name: str, changes: Changes) -> SourceDocument:
    if not source.is_file():
        raise SourceError([Problem(Loc(name), "no such file (expected a .docx or Markdown file)")])
    if source.suffix.lower() in MARKDOWN_SUFFIXES:
        from . import markdown

        if source.stat().st_size > MAX_MARKDOWN_BYTES:
            raise SourceError([Problem(Loc(name), f"is too large ({source.stat().st_size // (1024 * 1024)} MiB; "
                                                  f"expected at most {MAX_MARKDOWN_BYTES // (1024 * 1024)} MiB)")])
        try:
            return markdown.read(source, name)
        except UnicodeDecodeError as exc:
            raise SourceError([Problem(Loc(name), f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at "
                                                  f"offset {exc.start}; expected Markdown, or a .docx)")]) from None
    from . import docx

    return docx.read(source, name, changes)


def _merged(dest: Path, texts: dict[str, str], settle: merge.Settle | None) -> dict[str, str]:
    """Each file merged three ways (the last import, the pack now, the new import); every conflict at once."""
    merged: dict[str, str] = {}
    conflicts: list[Problem] = []
    for name, new in texts.items():
        base_file, mine_file = dest / merge.BASE / name, dest / name
        if not base_file.is_file() or not mine_file.is_file():
            merged[name] = new
            continue
        lines, found = merge.merge_file(base_file.read_text(encoding="utf-8").splitlines(keepends=True),
                                    mine_file.read_text(encoding="utf-8").splitlines(keepends=True),
                                    new.splitlines(keepends=True), settle)
        merged[name] = "".join(lines)
        conflicts += [merge.describe(str(mine_file), conflict) for conflict in found]
    if conflicts and settle is None:
        raise SourceError(conflicts)
    return merged


def _keep_the_rest(dest: Path, staging: Path) -> None:
    """A re-import updates the pack: what it does not write (assets, templates, styles, the roster) stays."""
    for entry in sorted(dest.iterdir()):
        target = staging / entry.name
        if entry.name == merge.BASE.parts[0] or target.exists():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True)
        else:
            shutil.copy2(entry, target, follow_symlinks=False)


def _stage(texts: dict[str, str], imported: dict[str, str], draft: Draft, dest: Path) -> Path:
    """Write everything into a hidden folder beside the destination, so the final step is one rename; the import
    as made from the source (``imported``) also goes into merge.BASE, for the next re-import."""
    parent = dest.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)  # a dry run stages in the temporary folder: it writes nothing here
    staging = Path(tempfile.mkdtemp(prefix=".briefpack-import-", dir=parent))
    os.chmod(staging, 0o755)
    (staging / merge.BASE).mkdir(parents=True)
    for name, text in texts.items():
        (staging / name).write_text(text, encoding="utf-8")
        (staging / merge.BASE / name).write_text(imported[name], encoding="utf-8")
    (staging / SCHEMAS).mkdir()  # the files' first lines point editors to these schemas
    for name in CONTENT_FILES:  # written directly: the staging folder is the import's own, renamed whole
        schema = json.dumps(schema_of(name), indent=2, ensure_ascii=False) + "\n"
        (staging / SCHEMAS / schema_name(name)).write_text(schema, encoding="utf-8")
    if draft.images:
        (staging / "assets").mkdir()
        for image in draft.images:
            (staging / "assets" / image.name).write_bytes(image.data)
    return staging


def _check(staging: Path, shown: str, listed: list[Problem]) -> list[str]:
    """What the pack's own validator says about the written files, beyond the defects already listed."""
    try:
        pack, problems, broken = load_pack(staging, builtin_registry().pack_fields())
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    numbering = citations.number_notes(pack)
    errors, warnings = citations.lint(pack, numbering, staging / "assets", check_keys="notes.yaml" not in broken)
    prefix = display_name(staging)
    listed_places = {(p.loc.file, p.loc.line) for p in listed}
    extra = []
    for problem in problems.items + errors + warnings:
        loc = Loc(problem.loc.file.replace(prefix, shown, 1), problem.loc.line, problem.loc.col)
        if (loc.file, loc.line) not in listed_places:
            extra.append(str(Problem(loc, problem.message)))
    return extra


def _counts(draft: Draft) -> dict[str, int | str]:
    sections = list(draft.all_sections())
    texts = [p.text for p in draft.pieces()] + [n.text for n in draft.notes]
    per_group = ", ".join(str(len(g.questions)) for g in draft.groups)
    return {"sections": len(sections), "cross-cutting questions": len(draft.cross_cutting),
            "groups": f"{len(draft.groups)}" + (f" ({per_group} questions)" if draft.groups else ""),
            "notes": len(draft.notes), "links": len({"".join(m) for t in texts for m in LINK_RE.findall(t)}),
            "images": len(draft.images)}


def _place_reviews(files: list[writer.YamlFile], reviews: list[tuple[str, str]], shown: str) -> list[str]:
    """Each comment or change at ``file:line`` where its paragraph's first words are in the written files."""
    placed = []
    for number, (excerpt, message) in enumerate(reviews):
        words = excerpt.split()[:4]
        where = ""
        if words and number < MAX_PLACED_REVIEWS:
            needle = re.compile(r"\W+".join(re.escape(w) for w in words))
            where = next((f"{shown}/{f.name}:{n}: " for f in files for n, line in enumerate(f.lines, 1)
                          if needle.search(line)), "")
        placed.append(f"{where}{message}")
    return placed


def _recognised(draft: Draft) -> list[str]:
    lines = []
    for key, item in draft.meta.items():
        if isinstance(item.value, list):
            lines.append(f"{key}: {'; '.join(item.value)} ({item.comment})")
        elif item.value is not None:
            lines.append(f"{key}: {item.value} ({item.comment})")
    front = draft.front
    if front.dates:
        lines.append(f"dates: {front.dates.iso()} (stated in the text: {front.dates.text!r})")
    if front.venue:
        lines.append(f"venue: {front.venue} ({front.venue_from})")
    if front.subtitle:
        lines.append(f"subtitle: {front.subtitle}")
    if front.document_type:
        lines.append(f"document type: {front.document_type}")
    return lines
