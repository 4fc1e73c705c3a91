"""The command line: the group of every command, assembled from one module per group of commands (building,
checking, making), plus one command per document kind, made from the kinds' registry. WeasyPrint is imported only
by commands that render, and only once the build cache has said there is something to do, so ``--help``,
``check`` and an up-to-date build stay fast."""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..kinds.builtin import builtin_registry
from ..kinds.registry import Registry
from . import building, checking, making
from .failures import interrupted

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="briefpack")
def main() -> None:
    """Build a seminar's briefing pack (concept note, working-group handouts, endnotes) from YAML content.

    Exit codes: 0 success, 1 content or build error, 2 usage error, 130 interrupted."""


for _command in (building.build_all, building.build_print, building.html, building.watch,
                 checking.check, checking.links, making.new, making.schema, making.import_source):
    main.add_command(_command)

KINDS = builtin_registry()  # the commands of the kinds; each build gets a registry of its own (Options)


def add_kind_commands(registry: Registry = KINDS) -> None:
    """A command for each kind of ``registry`` that has none yet, made from the kind's declarations."""
    for kind in registry.all_kinds():
        if kind.command not in main.commands:
            main.add_command(building.kind_command(kind))


add_kind_commands()


def run(argv: list[str] | None = None) -> None:
    """The console script: Click's own handling, except that an interrupt anywhere, even between Click's
    steps, exits 130 with one line instead of Click's "Aborted!" and exit 1."""
    try:
        code = main.main(args=argv, prog_name="briefpack", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        interrupted()
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
