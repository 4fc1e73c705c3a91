"""The registry of document kinds: a new kind is one class, a template and a stylesheet; nothing else."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

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


def test_no_module_tests_a_kind_by_name():
    engine = Path(pipeline.__file__).parent.parent
    offenders = [f"{path.relative_to(engine)}:{number}" for path in engine.rglob("*.py")
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if re.search(r"""kind\s*(==|!=|in)\s*\(?["']""", line) or 'if "print" in' in line]
    assert offenders == []
