"""The command line: the group of every command, assembled from one module per group of commands (building,
checking, making), plus one command per document kind, made from the kinds' registry. WeasyPrint is imported only
by commands that render, and only once the build cache has said there is something to do, so ``--help``,
``check`` and an up-to-date build stay fast."""

from __future__ import annotations

import sys
from typing import Literal

import click

from .. import __version__
from ..kinds.builtin import builtin_registry
from ..kinds.registry import Registry
from . import building, checking, making
from . import preview as previewing
from .failures import interrupted, reader_gone

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


Section = Literal["Making a pack", "Building", "People and print", "Checking"]
SECTIONS: tuple[Section, ...] = ("Making a pack", "Building", "People and print", "Checking")


class SectionedGroup(click.Group):
    """A group whose --help lists its commands by section, in the order they were added, with whole lines."""

    sections: dict[str, Section]  # {command: its section}, filled by add_to

    def add_to(self, section: str, command: click.Command) -> None:
        for known in SECTIONS:
            if section == known:
                self.add_command(command)
                self.sections = {**getattr(self, "sections", {}), command.name or "": known}
                return
        raise ValueError(f"command {command.name!r}: unknown --help section {section!r} (expected one of {SECTIONS})")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for section in SECTIONS:
            rows = [(name, command.get_short_help_str(limit=300))
                    for name, command in self.commands.items()
                    if self.sections.get(name) == section and not command.hidden]
            if rows:
                with formatter.section(section):
                    formatter.write_dl(rows)


@click.group(cls=SectionedGroup, context_settings=CONTEXT,
             epilog="Each command's options and an example: briefpack COMMAND --help. The guide (docs/, or "
                    "`mkdocs serve` in a clone) explains every message.")
@click.version_option(__version__, prog_name="briefpack")
def main() -> None:
    """Build a seminar's briefing pack (concept note, working-group handouts, endnotes) from YAML content.

    \b
    Start here:
      briefpack new my-seminar                            a starter pack that builds as it is
      briefpack import concept-note.docx --to my-seminar  or a pack from your Word or Markdown file
      briefpack check --content my-seminar                is the content right? (renders nothing)
      briefpack preview --content my-seminar              see it in your browser as you write
      briefpack all --content my-seminar --out my-seminar/dist
                                                          every document, in the pack's editions

    Exit codes: 0 success, 1 content or build error, 2 usage error, 130 interrupted."""


assert isinstance(main, SectionedGroup)
for _section, _command in (("Making a pack", making.new), ("Making a pack", making.import_source),
                           ("Making a pack", making.schema), ("Building", building.build_all),
                           ("Building", building.build_print), ("Building", building.watch),
                           ("Building", building.html), ("Building", previewing.preview),
                           ("Checking", checking.check),
                           ("Checking", checking.links)):
    main.add_to(_section, _command)

KINDS = builtin_registry()  # the commands of the kinds; each build gets a registry of its own (Options)


def add_kind_commands(registry: Registry = KINDS) -> None:
    """A command for each kind of ``registry`` that has none yet, made from the kind's declarations."""
    for kind in registry.all_kinds():
        if kind.command not in main.commands:
            main.add_to(kind.command_section, building.kind_command(kind))


add_kind_commands()


def run(argv: list[str] | None = None) -> None:
    """The console script: Click's own handling, except that an interrupt anywhere, even between Click's
    steps, exits 130 with one line instead of Click's "Aborted!" and exit 1."""
    try:
        code = main.main(args=argv, prog_name="briefpack", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        interrupted()
    except BrokenPipeError:
        reader_gone()
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
