"""The commands that make a pack's files for its authors: `new` (a starter pack), `import` (from a Word or
Markdown concept note) and `schema` (JSON Schemas for editors)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .failures import guarded

if TYPE_CHECKING:
    from ..importer.document import Changes
    from ..importer.merge import Settle
from .reporters import Progress
from .shared_options import examples


@click.command("new", short_help="Start a new pack in FOLDER that builds as it is.",
               epilog=examples("briefpack new my-seminar"))
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def new(folder: Path, debug: bool, quiet: bool) -> None:
    """Start a new pack in FOLDER (new or empty): every file commented, each feature shown once; it builds as
    it is (`briefpack all --content FOLDER`)."""
    def work() -> None:
        from ..build.starter import create

        written = create(folder)
        progress = Progress(quiet, False)
        progress.echo(f"Created the pack {folder} ({len(written)} files). Next:")
        progress.echo(f"  briefpack check --content {folder}")
        progress.echo(f"  briefpack all --content {folder} --out {folder / 'dist'}")
    guarded(debug, work)


@click.command("schema", epilog=examples("briefpack schema --out my-seminar/.schemas"))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path(".schemas"),
              show_default=True, help="Folder the schemas are written to.")
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def schema(out: Path, debug: bool, quiet: bool) -> None:
    """Write JSON Schemas of the content files, so that editors complete fields and flag mistakes as you type.

    Point a YAML file at its schema with a first line such as
    `# yaml-language-server: $schema=.schemas/pack.schema.json` (`briefpack new` does it for you)."""
    def work() -> None:
        from ..build.editor_schemas import write_schemas

        progress = Progress(quiet, False)
        for path in write_schemas(out):
            progress.echo(f"  wrote {path}")
    guarded(debug, work)


@click.command("import", epilog=examples("briefpack import concept-note.docx --to my-seminar",
                                          "briefpack import concept-note-v2.docx --into my-seminar"))
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "dest", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder to write the new pack to (new or empty).")
@click.option("--into", "into", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="A pack made by an earlier import of this document: update it, keeping your edits (the same "
                   "as --to PACK --force).")
@click.option("--force", is_flag=True,
              help="Update a pack made by an earlier import (your edits since are kept, the source's changes "
                   "taken), or replace a folder that is not empty.")
@click.option("--keep-mine", "settle", flag_value="mine", default=None,
              help="With --force: where your edit and the source's change clash, keep your edit.")
@click.option("--take-new", "settle", flag_value="new",
              help="With --force: where your edit and the source's change clash, take the source's.")
@click.option("--changes", type=click.Choice(["accept", "reject"]), default="accept", show_default=True,
              help="A Word file's tracked changes: the text after them (accept) or before them (reject).")
@click.option("--comments", type=click.Choice(["list", "keep"]), default="list", show_default=True,
              help="Reviewers' comments: listed in the report, or also kept as # REVIEW: lines in the YAML.")
@click.option("--dry-run", is_flag=True, help="Print the report and write nothing.")
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
def import_source(source: Path, dest: Path | None, into: Path | None, force: bool, settle: Settle | None,
                  changes: Changes, comments: str, dry_run: bool, debug: bool) -> None:
    """Turn a Word (.docx) or Markdown concept note into a new pack folder, notes keyed and numbered.

    Prints what it recognised, what it guessed and the source's defects (kept, marked IMPORT in the files)."""
    if (dest is None) == (into is None):
        raise click.UsageError("say where the pack goes: --to DIR (a new pack) or --into PACK (update one)")
    target = into or dest
    assert target is not None

    def work() -> None:
        from ..importer.run import run

        report = run(source, target, force=force or into is not None, dry_run=dry_run, settle=settle, changes=changes,
                     keep_comments=comments == "keep")
        for line in report.lines():
            click.echo(line)
    guarded(debug, work)
