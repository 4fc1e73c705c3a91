"""The registry of document kinds: a new kind is one class, a template and a stylesheet; nothing else."""

from __future__ import annotations

import ast
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefpack
from briefpack.build import pipeline
from briefpack.cli import main
from briefpack.content.model import Pack, Text
from briefpack.errors import BuildError
from briefpack.kinds.base import DocumentKind
from briefpack.kinds.builtin import builtin_registry
from briefpack.kinds.registry import UnknownKind
from briefpack.kinds.views import Body, Calls, Fragments
from briefpack.text.numbering import Numbering

from . import pdfcheck
from .conftest import ROOT, SMALL_CONTENT


@dataclass(frozen=True)
class AgendaBody(Body):
    items: list


class Agenda(DocumentKind):
    """A throwaway kind: the sections' titles as an agenda."""

    name = "agenda"
    command = "agenda"
    help = "Build the agenda."
    print_order = 5

    def title(self, pack: Pack) -> str:
        return "Agenda of the day"

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        return [section.title for section in pack.all_sections()]

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return []

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> AgendaBody:
        return AgendaBody([fragments.html(text) for text in self.shown_texts(pack, group)])

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        return 7


TEMPLATE = """{% extends "base.html" %}
{% block body %}<h1>{{ document_title }}</h1><ol class="agenda">{% for item in items %}<li>{{ item }}</li>
{% endfor %}</ol>{% endblock %}
"""


@pytest.fixture
def project(tmp_path):
    """A copy of the project's templates and styles with the throwaway kind's template and stylesheet added."""
    templates, styles = tmp_path / "templates", tmp_path / "styles"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(ROOT / "styles", styles)
    (templates / "agenda.html").write_text(TEMPLATE)
    (styles / "agenda.css").write_text(".agenda li { font-weight: 700; }\n")
    registry = builtin_registry()
    registry.register(Agenda())
    yield templates, styles, registry


def test_a_new_kind_builds_from_one_class_a_template_and_a_stylesheet(project, tmp_path):
    templates, styles, registry = project
    out = tmp_path / "out"
    options = pipeline.Options(content=SMALL_CONTENT, out=out, editions=("screen", "print"), templates=templates,
                               styles=styles, registry=registry)
    records = {r.path: r for r in pipeline.build(options)}
    assert {"agenda.pdf", "print/agenda.pdf", "concept-note.pdf", "print/order.csv"} <= set(records)
    words = pdfcheck.words(out / "agenda.pdf")
    assert "Agenda of the day" in words and "Purpose" in words
    assert records["agenda.pdf"].kind == "agenda"
    order = (out / "print/order.csv").read_text().splitlines()
    assert "agenda.pdf,agenda,,A4,duplex,none,2,7,1,7" in order  # its copies, as the kind declares them


def test_a_new_kind_gets_its_command(project, tmp_path):
    templates, styles, registry = project
    main.add_kind_commands(registry)
    try:
        result = CliRunner().invoke(main.main, ["agenda", "--help"])
        assert result.exit_code == 0 and "Build the agenda." in result.output
    finally:
        main.main.commands.pop("agenda", None)


def test_an_unknown_kind_is_an_error_never_a_fallback(tmp_path):
    with pytest.raises(UnknownKind, match="unknown document kind 'agenda'"):
        pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=tmp_path / "out", kinds=("agenda",)))
    assert not (tmp_path / "out" / "agenda.pdf").exists()


def test_a_half_registered_kind_fails_clearly(tmp_path):
    class NoOrder(Agenda):
        name = "no-order"
        command = "no-order"
    del_attr = NoOrder()
    type(del_attr).print_order = property(lambda self: (_ for _ in ()).throw(AttributeError))  # not declared
    registry = builtin_registry()
    with pytest.raises(TypeError, match="does not declare print_order"):
        registry.register(del_attr)
    registry.register(Agenda())  # registered, but no template or stylesheet exists for it
    with pytest.raises(BuildError, match=r"document kind 'agenda' has no template \(expected templates/agenda"):
        pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=tmp_path / "out", kinds=("agenda",),
                                        registry=registry))
    with pytest.raises(ValueError, match="clashes"):
        registry.register(Agenda())


# Places outside kinds/ that still name a built-in kind in code: (module, literal) -> (times, why). Each is a
# declaration a kind should own; until it does, it is listed here, so that any NEW place fails the guard below.
NAMED_KINDS_ALLOWED = {
    ("cli/main.py", "changes"): (2, "the `changes` command is written by hand: its --since and --group options"),
    ("output/out_dir.py", "handout-personal"): (1, "the manifest kind of the personal print copies"),
    ("output/manifest.py", "handout-personal"): (1, "manifest.FileKind, the Literal of the entry kinds"),
    ("output/manifest.py", "packing-list-sheet"): (1, "manifest.FileKind, the Literal of the entry kinds"),
    ("output/out_dir.py", r")handouts-personal-[\w-]+\.pdf"): (1, "the personal print copies' file names"),
    ("participants/personal_copies.py", "handouts-personal-"): (1, "the personal print copies' file names"),
    # pack.yaml's settings of the documents (`endnotes:`, `handouts:`, print_run counts): the content format
    ("content/fields.py", "concept_note"): (2, "pack.yaml: print_run.concept_note, the concept note's settings"),
    ("content/fields.py", "concept_note_as"): (1, "pack.yaml: print_run.concept_note_as"),
    ("content/fields.py", "endnotes"): (2, "pack.yaml: print_run.endnotes and the endnotes: settings"),
    ("content/fields.py", "handouts"): (1, "pack.yaml: the handouts: settings"),
    ("content/fields.py", "handouts_as"): (1, "pack.yaml: print_run.handouts_as"),
    ("content/model.py", "concept_note"): (1, "PrintRun.unset: the print_run counts not given"),
    ("content/model.py", "endnotes"): (1, "PrintRun.unset: the print_run counts not given"),
    ("content/read_pack.py", "concept_note"): (4, "reading pack.yaml's print_run and titles"),
    ("content/read_pack.py", "concept_note_as"): (1, "reading print_run.concept_note_as"),
    ("content/read_pack.py", "endnotes"): (4, "reading the endnotes: settings and the print_run count"),
    ("content/read_pack.py", "handout"): (1, "the handout's default title, from the titles table"),
    ("content/read_pack.py", "handouts"): (1, "reading the handouts: settings"),
    ("content/read_pack.py", "handouts_as"): (1, "reading print_run.handouts_as"),
    # the titles and labels of every language are one table, not yet declared by each kind
    ("content/languages.py", "changes"): (12, "the changes document's label, per language"),
    ("content/languages.py", "concept_note"): (12, "the concept note's title, per language"),
    ("content/languages.py", "endnotes"): (12, "the endnotes' heading, per language"),
    ("content/languages.py", "handout"): (12, "the handout's title, per language"),
    ("content/languages.py", "name_cards"): (2, "the name cards' label"),
    ("content/languages.py", "packing_list"): (2, "the packing list's label"),
    ("content/languages.py", "sign_in_sheet"): (2, "the sign-in sheet's label"),
}


def kind_literals() -> Counter[tuple[str, str]]:
    """Every string literal outside kinds/ that is a built-in kind's name: as it is, with _ for -, plural, or
    starting a file name or key (``handouts-personal-``); pack file names (``concept-note.yaml``) are content."""
    registry = builtin_registry()
    names = set(registry.names()) | {name.replace("-", "_") for name in registry.names()}
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    literal = re.compile(rf"(?:\S*[/)])?(?:{alternatives})s?(?:[-_.]\S*)?")
    found: Counter[tuple[str, str]] = Counter()
    engine = Path(briefpack.__file__).parent
    for path in sorted(engine.rglob("*.py")):
        module = path.relative_to(engine).as_posix()
        if module.startswith("kinds/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and literal.fullmatch(node.value)
                    and not node.value.endswith(".yaml")):
                found[(module, node.value)] += 1
    return found


def test_no_module_names_a_kind_outside_the_kinds():
    """A kind declares what is its own; the rest of the engine reads the declarations, never a kind's name."""
    found = kind_literals()
    new = [f"{module}: {value!r} ({count} times)" for (module, value), count in sorted(found.items())
           if count > NAMED_KINDS_ALLOWED.get((module, value), (0, ""))[0]]
    assert new == []
    gone = [place for place in NAMED_KINDS_ALLOWED if place not in found]
    assert gone == [], "no longer named: remove these from NAMED_KINDS_ALLOWED"


def test_no_module_tests_a_kind_by_name():
    engine = Path(briefpack.__file__).parent
    offenders = [f"{path.relative_to(engine)}:{number}" for path in engine.rglob("*.py")
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if re.search(r"""kind(_name)?\s*(==|!=|in)\s*\(?["']""", line)
                 or re.search(r"""\.kind\.name\s*(==|!=|in)""", line) or 'if "print" in' in line]
    assert offenders == []
