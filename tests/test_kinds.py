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
from briefpack.build.editor_schemas import reference_markdown, schema_of
from briefpack.cli import main
from briefpack.content import languages
from briefpack.content.fields import Field, KindFields, Shape, count_field
from briefpack.content.model import Pack, Text
from briefpack.errors import BuildError, ContentError
from briefpack.kinds.base import DocumentKind
from briefpack.kinds.builtin import builtin_registry
from briefpack.kinds.registry import UnknownKind
from briefpack.kinds.views import Body, Calls, Fragments
from briefpack.text import fonts
from briefpack.text.numbering import Numbering

from . import pdfcheck
from .conftest import ROOT, SMALL_CONTENT


@dataclass(frozen=True)
class AgendaBody(Body):
    starts: str
    items: list


# The throwaway kind's own settings in pack.yaml (documents: agenda:), its own print_run count, its title in two
# languages (others fall back to English): declared here alone, read by the engine's reader, schemas and order.
AGENDA_SETTINGS = Field("agenda", "shape", "The agenda's settings.", shape=Shape("documents.agenda", (
    Field("title", "string", "The agenda's title.", what="agenda title"),
    Field("starts", "string", "When the day starts.", default="09:00"),
)))


class Agenda(DocumentKind):
    """A throwaway kind: the sections' titles as an agenda."""

    name = "agenda"
    command = "agenda"
    help = "Build the agenda."
    print_order = 5
    fields = KindFields(AGENDA_SETTINGS, (count_field("agenda", "Copies of the agenda."),),
                        titles={"en": "Agenda of the day", "fr": "Ordre du jour"})

    def title(self, pack: Pack) -> str:
        return pack.documents["agenda"].title

    def shown_texts(self, pack: Pack, group: str | None) -> list[Text]:
        return [section.title for section in pack.all_sections()]

    def printed_notes(self, pack: Pack, numbering: Numbering, group: str | None) -> list[str]:
        return []

    def body(self, pack: Pack, numbering: Numbering, group: str | None, fragments: Fragments,
             calls: Calls) -> AgendaBody:
        items = [fragments.html(text) for text in self.shown_texts(pack, group)]
        return AgendaBody(pack.documents["agenda"].string("starts"), items)

    def copies(self, pack: Pack, group: str | None, booklet: bool) -> int:
        return pack.print_run.count("agenda") + pack.print_run.spare


TEMPLATE = """{% extends "base.html" %}
{% block body %}<h1>{{ document_title }}</h1><p>From {{ starts }}</p><ol class="agenda">{% for item in items %}
<li>{{ item }}</li>{% endfor %}</ol>{% endblock %}
"""


def project_registry():
    registry = builtin_registry()
    registry.register(Agenda())
    return registry


@pytest.fixture
def project(tmp_path):
    """A copy of the project's templates and styles with the throwaway kind's template and stylesheet added."""
    templates, styles = tmp_path / "templates", tmp_path / "styles"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(ROOT / "styles", styles)
    (templates / "agenda.html").write_text(TEMPLATE)
    (styles / "agenda.css").write_text(".agenda li { font-weight: 700; }\n")
    yield templates, styles, project_registry()


def agenda_pack(folder: Path, language: str = "en-US") -> Path:
    """The small pack with the agenda's settings and copies in its pack.yaml."""
    shutil.copytree(SMALL_CONTENT, folder)
    pack = folder / "pack.yaml"
    text = pack.read_text(encoding="utf-8").replace("language: en-US", f"language: {language}")
    text = text.replace("documents:\n", "documents:\n  agenda:\n    starts: '10:30'\n")
    pack.write_text(text + "print_run:\n  agenda: 7\n  spare: 2\n", encoding="utf-8")
    return folder


def test_a_new_kind_builds_from_one_class_a_template_and_a_stylesheet(project, tmp_path):
    templates, styles, registry = project
    out = tmp_path / "out"
    options = pipeline.Options(content=agenda_pack(tmp_path / "pack"), out=out, editions=("screen", "print"),
                               templates=templates, styles=styles, registry=registry)
    records = {r.path: r for r in pipeline.build(options)}
    assert {"agenda.pdf", "print/agenda.pdf", "concept-note.pdf", "print/order.csv"} <= set(records)
    for edition in ("agenda.pdf", "print/agenda.pdf"):
        words = pdfcheck.words(out / edition)
        assert "Agenda of the day" in words and "Purpose" in words and "10:30" in words, edition
    assert records["agenda.pdf"].kind == "agenda"
    order = (out / "print/order.csv").read_text().splitlines()
    assert "agenda.pdf,agenda,,A4,duplex,none,2,9,1,9" in order  # its own print_run count, plus spare
    summary = (out / "print/order.md").read_text()
    assert "concept_note, endnotes, agenda, spare" not in summary  # the counts given are not listed as unset
    assert "Not set there, so counted as 0: participants_per_group, concept_note, endnotes." in summary


def test_a_new_kind_has_its_title_in_the_pack_language_and_its_settings_in_the_schema(project, tmp_path):
    templates, styles, registry = project
    loaded = pipeline.load(pipeline.Options(content=agenda_pack(tmp_path / "pack", "fr"), registry=registry))
    assert Agenda().title(loaded.pack) == "Ordre du jour"
    loaded = pipeline.load(pipeline.Options(content=agenda_pack(tmp_path / "de", "de"), registry=registry))
    assert Agenda().title(loaded.pack) == "Agenda of the day"  # no German title declared: English
    pack = schema_of("pack.yaml", registry)["properties"]
    assert pack["documents"]["properties"]["agenda"]["properties"]["starts"]["description"] == "When the day starts."
    assert pack["print_run"]["properties"]["agenda"]["maximum"] == 100_000
    assert "| `starts` |  | text | When the day starts. |" in reference_markdown(registry)
    assert "agenda" not in schema_of("pack.yaml")["properties"]["documents"]["properties"]  # built-in kinds only


def test_a_kind_not_registered_has_no_settings(tmp_path):
    with pytest.raises(ContentError) as caught:
        pipeline.load(pipeline.Options(content=agenda_pack(tmp_path / "pack")))
    messages = [str(problem) for problem in caught.value.problems]
    assert any("unknown field 'agenda' in documents" in m for m in messages), messages
    assert any("unknown field 'agenda' in print_run" in m for m in messages), messages


def test_a_kind_without_an_edition_is_not_built_in_it(project, tmp_path):
    templates, styles, registry = project

    class ScreenAgenda(Agenda):
        name = "screen-agenda"
        command = "screen-agenda"
        editions = ("screen",)
        fields = KindFields()
    registry.register(ScreenAgenda())
    (templates / "screen-agenda.html").write_text(TEMPLATE)
    (styles / "screen-agenda.css").write_text("")
    options = pipeline.Options(content=agenda_pack(tmp_path / "pack"), out=tmp_path / "out", registry=registry,
                               editions=("screen", "print"), templates=templates, styles=styles,
                               kinds=("agenda", "screen-agenda"))
    paths = {spec.path for spec in pipeline.plan(pipeline.load(options), options)}
    assert paths == {"agenda.pdf", "print/agenda.pdf", "screen-agenda.pdf"}


def test_a_new_kind_gets_its_command(project, tmp_path):
    templates, styles, registry = project
    main.add_kind_commands(registry)
    try:
        result = CliRunner().invoke(main.main, ["agenda", "--help"])
        assert result.exit_code == 0 and "Build the agenda." in result.output
    finally:
        main.main.commands.pop("agenda", None)
        main.main.sections.pop("agenda", None)


def test_a_kind_declares_its_own_command_options():
    """The changes kind declares --since and --group; the command line offers them as declared."""
    changes = builtin_registry().kind("changes")
    command = main.main.commands[changes.command]
    offered = {opt: param for param in command.params for opt in getattr(param, "opts", ())}
    assert [option.flag for option in changes.command_options] == ["--since", "--group"]
    for option in changes.command_options:
        param = offered[option.flag]
        assert (param.help, param.metavar, param.required) == (option.help, option.metavar, option.required)
    assert offered["--edition"].default == changes.command_edition


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
NAMED_KINDS_ALLOWED: dict[tuple[str, str], tuple[int, str]] = {}  # none left: every kind declares itself


def test_every_kind_has_its_words_in_every_built_in_language():
    """A kind's title and labels are its own, declared beside it, complete in every language the engine has."""
    coverage = fonts.Coverage(fonts.load_font_set(ROOT / "styles"))
    checked = 0
    for kind in builtin_registry().all_kinds():
        tables = [*kind.fields.labels.values(), *([kind.fields.titles] if kind.fields.titles else [])]
        for table in tables:
            assert table.keys() == languages.LABEL_SETS.keys(), kind.name
            assert all(text.strip() and not coverage.gaps(text) for text in table.values()), kind.name
            checked += 1
    assert checked == 7  # concept note and handout titles; endnotes, changes, sign-in, name cards, packing list


def test_a_kind_label_is_overridden_key_by_key(tmp_path):
    folder = agenda_pack(tmp_path / "pack", "fr")
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("  working_group: Panel\n",
                                                             "  working_group: Panel\n  sign_in_sheet: Présences\n"),
                    encoding="utf-8")
    loaded = pipeline.load(pipeline.Options(content=folder, registry=project_registry()))
    labels = loaded.pack.meta.labels
    assert labels["sign_in_sheet"] == "Présences" and labels["name_cards"] == "Chevalets nominatifs"
    assert labels["endnotes"] == "Notes" and loaded.pack.documents["endnotes"].title == "Notes"


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
