"""The commands that make a pack's files for its authors: `new` (a starter pack), `import` (from a Word or
Markdown concept note) and `schema` (JSON Schemas for editors)."""

from __future__ import annotations

from pathlib import Path

import click

from .failures import guarded
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


@click.command("import", epilog=examples("briefpack import concept-note.docx --to my-seminar"))
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "dest", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the new pack to (new or empty).")
@click.option("--force", is_flag=True, help="Replace DIR even if it is not empty (its whole contents).")
@click.option("--dry-run", is_flag=True, help="Print the report and write nothing.")
@click.option("--debug", is_flag=True, help="Show the traceback of any error.")
def import_source(source: Path, dest: Path, force: bool, dry_run: bool, debug: bool) -> None:
    """Turn a Word (.docx) or Markdown concept note into a new pack folder, notes keyed and numbered.

    Prints what it recognised, what it guessed and the source's defects (kept, marked IMPORT in the files)."""
    def work() -> None:
        from ..importer.run import run

        for line in run(source, dest, force=force, dry_run=dry_run).lines():
            click.echo(line)
    guarded(debug, work)
