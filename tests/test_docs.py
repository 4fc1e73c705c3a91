"""The user guide (docs/, mkdocs.yml) and the README: the site builds strictly and offline, its references cover
every command, field, label and built-in language, the README is a front door, the error examples are what the
code prints, and the commands of the README's tour and of the getting-started page work as written.

The tour test runs the installed ``briefpack`` command in an empty folder and builds PDFs: it is the slow one here
(about 30 s); every other test runs in a second or two once the site is built (one strict build per session)."""

from __future__ import annotations

import html
import json
import os
import re
import shlex
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from briefpack.build.editor_schemas import reference_markdown, write_schemas
from briefpack.build.starter import create
from briefpack.cli import main as cli
from briefpack.content import languages
from briefpack.kinds.builtin import builtin_registry

from .conftest import ROOT

DOCS = ROOT / "docs"
README = ROOT / "README.md"
GETTING_STARTED = DOCS / "getting-started.md"
BRIEFPACK = Path(sys.executable).parent / "briefpack"  # the console script pyproject.toml declares
RUNS = "<!-- runs in tests/test_docs.py -->"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The guide, built once with `mkdocs build --strict` (any warning, broken link or missing page fails)."""
    out = tmp_path_factory.mktemp("site")
    started = time.perf_counter()
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=ROOT,
                           capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr
    print(f"mkdocs build --strict: {time.perf_counter() - started:.1f} s")
    return out


def page_text(site: Path, page: str) -> str:
    """A built page's text, tags dropped and entities decoded, for looking words up."""
    return html.unescape(re.sub(r"<[^>]+>", " ", (site / page).read_text(encoding="utf-8")))


def test_the_site_builds_strictly_and_every_page_of_the_nav_is_there(site):
    for page in ("index.html", "getting-started.html", "guide/errors.html", "reference/commands.html",
                 "reference/fields.html", "reference/labels.html", "maintainers/architecture.html"):
        assert (site / page).is_file(), page


# --- generated references ---------------------------------------------------------------------------------------

def every_command(group: click.Group) -> dict[str, click.Command]:
    return {name: command for name, command in group.commands.items() if not command.hidden}


def test_every_command_and_option_is_in_the_command_reference(site):
    text = page_text(site, "reference/commands.html")
    commands = every_command(cli.main)
    assert len(commands) >= 16
    missing = [name for name in commands if f"briefpack {name}" not in text]
    assert missing == []
    for name, command in commands.items():
        options = [opt for param in command.params if isinstance(param, click.Option) for opt in param.opts]
        assert [opt for opt in options if opt not in text] == [], name
        assert (command.help or "").split("\n")[0].strip()[:40] in " ".join(text.split()), name


def schema_fields(schema: dict) -> set[str]:
    """Every field name a JSON Schema declares, nested ones included."""
    found: set[str] = set()
    if isinstance(schema, dict):
        found |= set(schema.get("properties", {}))
        for value in schema.values():
            found |= schema_fields(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= schema_fields(value)
    return found


def test_every_field_of_every_content_file_is_in_the_field_reference(site, tmp_path):
    """The field declarations (through the schemas made from them) against the built page."""
    names = set()
    for path in write_schemas(tmp_path):
        names |= schema_fields(json.loads(path.read_text(encoding="utf-8")))
    assert len(names) > 60
    built = (site / "reference/fields.html").read_text(encoding="utf-8")
    assert [name for name in sorted(names) if f"<code>{name}</code>" not in built] == []


def test_the_field_reference_is_the_generated_one_never_a_copy(site):
    """Moved here from the README (tests/test_schema.py): the page holds the hook's marker, and the built page
    every row reference_markdown() makes, meaning included."""
    source = (DOCS / "reference" / "fields.md").read_text(encoding="utf-8")
    assert "<!-- generated: fields -->" in source and "| --- |" not in source
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", (site / "reference/fields.html").read_text())).split())
    rows = [line for line in reference_markdown().splitlines() if line.startswith("| `")]
    meanings = [row.rstrip(" |").rsplit(" | ", 1)[1].replace("`", "") for row in rows]
    assert [meaning for meaning in meanings if " ".join(html.unescape(meaning).split()) not in text] == []
    assert "generated reference" not in README.read_text(encoding="utf-8")  # no second copy to drift


def test_every_label_key_and_built_in_language_is_in_the_labels_reference(site):
    text = page_text(site, "reference/labels.html")
    english = languages.labels_for("en")
    assert [key for key in english if key not in text] == []
    for tag in languages.LABEL_SETS:
        assert f"{tag}" in text and languages.labels_for(tag)["working_group"] in text, tag
    built_in = page_text(site, "guide/languages.html")
    for tag in languages.LABEL_SETS:
        titles = builtin_registry().kind("concept-note").fields.titles
        assert titles[languages.built_in_key(tag, titles)] in built_in, tag


# --- offline ----------------------------------------------------------------------------------------------------

CDN = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs\.|googletagmanager|"
                 r"google-analytics", re.I)
REMOTE_ASSET = re.compile(r"<(?:link|script|img|iframe)\b[^>]*\b(?:href|src)=\"(?:https?:)?//"
                          r"|url\(\s*['\"]?(?:https?:)?//", re.I)
# Material's script bundle names two CDN scripts it loads only on demand, never here: a ResizeObserver polyfill
# for browsers without one (every current browser has it) and mermaid, for diagrams (the guide draws none).
ON_DEMAND_ONLY = ("https://unpkg.com/resize-observer-polyfill", "https://unpkg.com/mermaid@")


def test_the_site_fetches_nothing_from_the_network(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js", ".json", ".xml") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".js":
            for allowed in ON_DEMAND_ONLY:
                text = text.replace(allowed, "")
        if CDN.search(text) or (path.suffix in (".html", ".css") and REMOTE_ASSET.search(text)):
            offenders.append(str(path.relative_to(site)))
        if path.suffix == ".html":
            assert 'class="mermaid"' not in text, path
    assert offenders == []
    assert "@font-face" not in "".join(p.read_text(errors="replace") for p in site.rglob("*.css"))
    assert not (site / "hooks").exists()  # the hook is build code, not part of the site


def test_the_readme_is_a_front_door():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    for target in re.findall(r"\]\(((?:docs/)[^)#]+)", text):
        assert (ROOT / target).is_file(), target
    assert "make pack" in text and "make test" in text and "pipx install" in text


# --- error examples: what the code prints -----------------------------------------------------------------------

ROSTER = ("name,organisation,country,group,role\nZoë Adams,Water Board,UK,1,chair\n"
          "Ana Lima,Basin Office,Brazil,polcy,rapporter\nZoë Adams,Water Board,UK,2,participant\n")
ROSTER_LANGUAGE = ("name,organisation,country,group,role,language\n"
                   "山田太郎,Ministry of Justice,Japan,1,participant,ja\n"
                   "王小明,Ministry of Justice,Taiwan,2,participant,zh-Hant\nZoë Adams,Water Board,UK,1,chair,\n"
                   "Kim Lee,Water Board,Korea,1,participant,korean\n")
NO_COUNTS = [("pack.yaml", "  participants_per_group: 12   # handout copies per working group\n", ""),
             ("pack.yaml", "  concept_note: 30             # copies of the concept note\n", ""),
             ("pack.yaml", "  endnotes: 30                 # copies of the endnotes appendix\n", "")]
# name -> (edits of the starter pack (file, old, new), other files, the command after `briefpack`)
EXAMPLES: dict[str, tuple[list[tuple[str, str, str]], dict[str, bytes], list[str]]] = {
    "yaml": ([("pack.yaml", "year: 2027\n", "year: 2027\ntheme: Again\n"),
              ("groups.yaml", "- Who should lead the reform?", "- Who leads: and how?")], {},
             ["check", "--content", "my-seminar"]),
    "fields": ([("pack.yaml", "year: 2027", "year: twenty"), ("pack.yaml", "language: en-GB", "language: English"),
                ("groups.yaml", "    number: 2", "    numbr: 2")], {}, ["check", "--content", "my-seminar"]),
    "citations": ([("concept-note.yaml", "[^report-2025]", "[^report-2052]")], {},
                  ["check", "--content", "my-seminar"]),
    "markdown": ([("concept-note.yaml", "A subsection. Links", "A subsection <b>with HTML</b>. Links"),
                  ("concept-note.yaml", "(region-map.png)", "(maps/region.png)"),
                  ("concept-note.yaml", "(https://example.org/seminar)", "(annex.pdf)"),
                  ("concept-note.yaml", "document of the pack.\n", "document of the pack.\n\n      ### Context\n")],
                 {}, ["check", "--content", "my-seminar"]),
    "fonts": ([("concept-note.yaml", "Replace this paragraph", "Replace 𓀀 this paragraph")], {},
              ["check", "--content", "my-seminar"]),
    "participants": (NO_COUNTS, {"my-seminar/participants.csv": ROSTER.encode()},
                     ["check", "--content", "my-seminar"]),
    "folder": ([], {}, ["check", "--content", "my-seminr"]),
    "draft": ([("pack.yaml", "year: 2027\n", "year: 2027\nstatus: draft\n")], {},
              ["print", "--content", "my-seminar", "--out", "my-seminar/dist"]),
    "foreign": ([], {"my-seminar/dist/concept-note.pdf": b"my own notes\n"},
                ["note", "--content", "my-seminar", "--out", "my-seminar/dist"]),
    "group": ([], {}, ["handouts", "--content", "my-seminar", "--group", "polcy"]),
    "sign-in": ([], {}, ["sign-in", "--content", "my-seminar"]),
    "command": ([], {}, ["al"]),
    "import": ([], {"concept-note.docx": b"not a Word file"}, ["import", "concept-note.docx", "--to", "imported"]),
    "dates": ([("pack.yaml", "year: 2027\n", "year: 2027\ndates: {start: 2027-05-12, end: 2027-05-10}\n"
                "venue: Tbilisi, Georgia\neditions: [screen, print, wbe]\n")], {},
              ["check", "--content", "my-seminar"]),
    "roster-language": (NO_COUNTS, {"my-seminar/participants.csv": ROSTER_LANGUAGE.encode()},
                        ["check", "--content", "my-seminar"]),
}
# Pages besides errors.md that show an error example; the same name shows the same block everywhere.
EXAMPLE_PAGES = ("errors.md", "writing-content.md", "participants.md")


def documented_examples() -> dict[str, str]:
    """The blocks of the guide's pages that follow `<!-- example: NAME -->`, by name; every one is in errors.md,
    and a page that repeats one repeats it exactly."""
    found: dict[str, str] = {}
    for page in EXAMPLE_PAGES:
        text = (DOCS / "guide" / page).read_text(encoding="utf-8")
        for name, block in re.findall(r"<!-- example: ([a-z-]+) -->\n```text\n(.*?)```", text, re.S):
            assert found.setdefault(name, block) == block, (page, name)
            assert page == "errors.md" or name in errors_md_examples(), (page, name)
    return found


def errors_md_examples() -> set[str]:
    return set(re.findall(r"<!-- example: ([a-z-]+) -->", (DOCS / "guide" / "errors.md").read_text(encoding="utf-8")))


def run_example(folder: Path, name: str) -> str:
    edits, files, argv = EXAMPLES[name]
    create(folder / "my-seminar")
    for file, old, new in edits:
        path = folder / "my-seminar" / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)  # the starter pack changed: update the recipe
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for file, data in files.items():
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_bytes(data)
    previous = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(cli.main, argv, prog_name="briefpack")
    finally:
        os.chdir(previous)
    assert result.exit_code in (1, 2), result.output
    return result.output


def test_every_error_example_is_documented_and_every_documented_one_is_tested():
    assert set(documented_examples()) == set(EXAMPLES)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_error_examples_are_what_briefpack_prints(tmp_path, name):
    assert run_example(tmp_path, name).strip() == documented_examples()[name].strip()


# --- the tour and the getting-started page, as an organiser runs them -------------------------------------------

def runnable_blocks(path: Path) -> list[list[str]]:
    """The ```sh blocks right after the RUNS marker: the commands a reader is told to type."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(re.escape(RUNS) + r"\n```sh\n(.*?)```", text, re.S)
    return [[line.split("  #")[0].strip() for line in block.splitlines() if line.strip()] for block in blocks]


def promised_files(path: Path) -> set[str]:
    """The files a page says the commands make: `my-seminar/...` and `imported-seminar/...` paths with a suffix."""
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"`((?:my|imported)-seminar/[^`\s<>]+\.(?:pdf|csv|md|yaml|json))`", text))


def test_the_readme_and_getting_started_commands_are_marked_and_installed():
    assert BRIEFPACK.is_file(), "the console script of pyproject.toml is not installed (run make setup)"
    assert runnable_blocks(README) and len(runnable_blocks(GETTING_STARTED)) == 2
    for path in (README, GETTING_STARTED):
        for block in runnable_blocks(path):
            assert all(line.startswith("briefpack ") for line in block), block
        assert promised_files(path), path


def word_file_without_pictures(source: Path, target: Path) -> None:
    """A copy of a test .docx with its one picture taken out: the picture is a placeholder far too coarse for
    print (getting-started.md says what to do with such a picture; this run shows the commands as written)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                data, removed = re.subn(rb"<w:drawing>.*?</w:drawing>", b"", data, flags=re.S)
                assert removed == 1
            new.writestr(item, data)


def test_slow_the_tour_and_getting_started_run_in_an_empty_folder(tmp_path):
    """SLOW (about 30 s: two packs built): every marked command of the README and of the getting-started page,
    run with the installed command in an empty folder, succeeds and makes the files the pages name."""
    word_file_without_pictures(ROOT / "tests" / "data" / "import" / "footnotes-pandoc.docx",
                               tmp_path / "concept-note.docx")  # "your Word file", as getting-started.md says
    env = {**os.environ, "PATH": f"{BRIEFPACK.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    blocks = runnable_blocks(README) + runnable_blocks(GETTING_STARTED)
    started = time.perf_counter()
    done: set[str] = set()
    for block in blocks:
        for line in block:
            if line in done:  # the README's tour is the getting-started page's first block
                continue
            ran = subprocess.run(shlex.split(line), cwd=tmp_path, env=env, capture_output=True, text=True)
            assert ran.returncode == 0, f"{line}\n{ran.stdout}\n{ran.stderr}"
            done.add(line)
    elapsed = time.perf_counter() - started
    promised = promised_files(README) | promised_files(GETTING_STARTED)
    assert sorted(path for path in promised if not (tmp_path / path).is_file()) == []
    print(f"tour and getting started: {len(done)} commands in {elapsed:.1f} s")



# --- the command line's help, the web edition and preview --------------------------------------------------------

HELP_OUTPUT = "<!-- output: briefpack --help -->"


def help_sections() -> dict[str, list[str]]:
    """The commands `briefpack --help` lists, by section, in its order (read off what it prints)."""
    printed = CliRunner().invoke(cli.main, ["--help"], prog_name="briefpack").output
    sections: dict[str, list[str]] = {}
    current = None
    for line in printed.splitlines():
        if re.fullmatch(r"[A-Z][\w ]+:", line):
            current = line[:-1] if line != "Options:" else None
            if current:
                sections[current] = []
        elif current and (found := re.match(r"  ([a-z][\w-]*)  ", line)):
            sections[current].append(found.group(1))
    return sections


def test_every_command_of_the_help_has_its_reference_entry_and_example(site):
    sections = help_sections()
    assert list(sections) == ["Making a pack", "Building", "People and print", "Checking"]
    listed = [name for names in sections.values() for name in names]
    assert sorted(listed) == sorted(every_command(cli.main))  # --help lists every command, once
    built = (site / "reference/commands.html").read_text(encoding="utf-8")
    text = " ".join(page_text(site, "reference/commands.html").split())
    for section, names in sections.items():
        for name in names:
            assert f'id="briefpack-{name}"' in built, name  # its options, by mkdocs-click
            assert f"{section} {name} " in text, name  # its row in the table by section
            examples = [line.strip() for line in (cli.main.commands[name].epilog or "").splitlines()
                        if line.strip().startswith("briefpack ")]
            assert examples and all(example in text for example in examples), name


def test_the_help_shown_in_getting_started_is_what_briefpack_prints():
    text = GETTING_STARTED.read_text(encoding="utf-8")
    shown = re.findall(re.escape(HELP_OUTPUT) + r"\n```text\n(.*?)```", text, re.S)
    # What the installed command prints in a terminal 80 columns wide (or wider: Click wraps at 78 at most).
    printed = subprocess.run([str(BRIEFPACK), "--help"], capture_output=True, text=True, check=True,
                             env={**os.environ, "COLUMNS": "80"}).stdout
    assert shown == [printed]


def test_the_guide_explains_preview_and_the_web_edition(site):
    assert "guide/web.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    web = " ".join(page_text(site, "guide/web.html").split())
    preview = cli.main.commands["preview"]
    options = [opt for param in preview.params if isinstance(param, click.Option) for opt in param.opts
               if opt not in ("--help", "-h", "--no-strict", "--html-as-text")]
    assert [opt for opt in options if opt not in web] == []
    for name in ("web/index.html", "web/concept-note.html", "web/handout-<group>.html", "web/endnotes.html",
                 "web/fonts/", "web/pdf/", "--edition web", "127.0.0.1"):
        assert name in web, name
    assert "editions: [screen, print, web]" in (DOCS / "guide" / "web.md").read_text(encoding="utf-8")
    assert "briefpack preview" in page_text(site, "getting-started.html")
    assert "web edition" in page_text(site, "guide/print.html")
    assert "Coming in a later release" not in GETTING_STARTED.read_text(encoding="utf-8")
    assert "planned" not in GETTING_STARTED.read_text(encoding="utf-8")


def test_the_web_edition_picture_is_small_and_shown():
    picture = DOCS / "images" / "web-edition.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and picture.stat().st_size <= 150_000
    assert "docs/images/web-edition.png" in README.read_text(encoding="utf-8")
    assert "../images/web-edition.png" in (DOCS / "guide" / "web.md").read_text(encoding="utf-8")
