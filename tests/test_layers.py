"""The engine's shape: layers as packages, imports one way (down), no cycle, imports inside functions only at a
few named boundaries. Every import is read with ast: at module level, inside functions and under TYPE_CHECKING.

Run ``python tests/test_layers.py`` to list every violation at once (the test stops at the first kind)."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefpack"

# Bottom to top. A module may import its own layer and the layers before it in this list, never one after it.
LAYERS = (
    "",  # briefpack/__init__.py, errors.py (the exception family), problems.py (located problems)
    "content",  # the pack folder read and checked -> the validated model
    "revisions",  # what a version said, what changed (pure), change bars
    "text",  # numbering, lint, font coverage, QR codes; the prepared pack
    "kinds",  # every document kind, the registry, what is read off their declarations
    "render",  # templates -> HTML
    "web",  # the web edition: HTML pages, fonts, stylesheet (never WeasyPrint)
    "output",  # the output folder on disk: manifest, digests, cache, transaction
    "pdf",  # HTML -> PDF bytes
    "participants",  # personal data: personalised copies
    "build",  # one build, from options to OUT/
    "linkcheck",  # `briefpack links`
    "importer",  # `briefpack import`
    "cli",  # the shell
)
ROOT_MODULES = {"briefpack", "briefpack.errors", "briefpack.problems"}

# Imports inside functions of our own modules: only where the shell or the renderer defers something heavy, so that
# `--help`, `check` and an up-to-date build never load the stages or WeasyPrint (R2). importer -> imported.
BOUNDARIES = {
    ("briefpack.cli.building", "briefpack.build.pipeline"): "the stages load only when there is work",
    ("briefpack.cli.checking", "briefpack.build.pipeline"): "the stages, for `check` and `links` only",
    ("briefpack.cli.building", "briefpack.cli.watch"): "watchfiles, for `watch` only",
    ("briefpack.cli.checking", "briefpack.linkcheck.run"): "httpx, for `links` only",
    ("briefpack.cli.making", "briefpack.importer.run"): "mammoth and lxml, for `import` only",
    ("briefpack.cli.making", "briefpack.build.starter"): "`new` only",
    ("briefpack.cli.preview", "briefpack.build.pipeline"): "the stages, for `preview` only",
    ("briefpack.cli.making", "briefpack.build.editor_schemas"): "`schema` only",
    ("briefpack.pdf.engine", "briefpack.pdf.renderer"): "WeasyPrint, in the process that renders",
    ("briefpack.pdf.engine", "briefpack.pdf.imposition"): "pikepdf, when a booklet is made",
    ("briefpack.importer.run", "briefpack.importer.docx"): "mammoth and lxml, for a .docx only",
    ("briefpack.importer.run", "briefpack.importer.markdown"): "for a Markdown source only",
}
# Libraries that may be imported inside a function (anywhere): heavy, or needed by one path only.
LAZY_LIBRARIES = {
    "weasyprint", "pydyf", "pikepdf", "fontTools", "ctypes",  # rendering and PDF surgery
    "markdown_it", "mdit_py_plugins",  # the first text parsed
    "langcodes", "pyuca",  # a language tag checked, a roster sorted
    "segno",  # a QR code drawn
    "httpx", "watchfiles", "mammoth", "lxml", "defusedxml", "PIL",  # links, watch, import
    "uharfbuzz",  # a personal copy's box fonts subset
    "starlette", "uvicorn",  # `preview` only
    "babel",  # the seminar's dates, written in its language
    "filelock",  # only a build that writes takes the folder lock (an up-to-date one does not)
}


@dataclass(frozen=True)
class Import:
    source: str  # module importing
    target: str  # module imported (ours), or a library's top-level name
    line: int
    in_function: bool
    ours: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def resolve(source: str, node: ast.Import | ast.ImportFrom) -> list[tuple[str, bool]]:
    """(target, ours) for each name the statement imports; a submodule counts as itself, and its package too."""
    known = modules()
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = source.split(".") if known[source].name == "__init__.py" else source.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        names = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module for alias in node.names]
    found = []
    for name in names:
        if not name.startswith("briefpack"):
            found.append((name.split(".")[0], False))
            continue
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != source:
            found.append((name, True))
    return sorted(set(found))


@cache
def imports() -> tuple[Import, ...]:
    found = []
    for source, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
        inside = {id(node) for function in functions for node in ast.walk(function)}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not (isinstance(node, ast.ImportFrom)
                                                                          and node.module == "__future__"):
                for target, ours in resolve(source, node):
                    found.append(Import(source, target, node.lineno, id(node) in inside, ours))
    return tuple(found)


def layer(module: str) -> int:
    parts = module.split(".")
    if module in ROOT_MODULES:
        return 0
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    raise AssertionError(f"{module}: in no layer (expected briefpack/<layer>/..., layers: {', '.join(LAYERS[1:])})")


def where(found: Import) -> str:
    return f"{modules()[found.source].relative_to(PACKAGE.parent)}:{found.line}"


def upward() -> list[str]:
    return [f"{where(i)}: {i.source} ({LAYERS[layer(i.source)] or 'root'}) imports {i.target} "
            f"({LAYERS[layer(i.target)] or 'root'}), a layer above it"
            for i in imports() if i.ours and layer(i.target) > layer(i.source)]


def cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    edges: dict[str, set[str]] = {m: set() for m in modules()}
    for i in imports():
        if i.ours:
            edges[i.source].add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()  # restored: a test that changed it would change others (a RecursionError test)
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for v in sorted(edges):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def deferred() -> list[str]:
    bad = []
    for i in imports():
        if not i.in_function:
            continue
        if i.ours and (i.source, i.target) not in BOUNDARIES:
            bad.append(f"{where(i)}: {i.source} imports {i.target} inside a function (not a named boundary)")
        elif not i.ours and i.target not in LAZY_LIBRARIES:
            bad.append(f"{where(i)}: {i.source} imports {i.target} inside a function (not a heavy library)")
    return bad


def test_every_module_is_in_a_layer():
    loose = [m for m in modules() if m.count(".") == 1 and m not in ROOT_MODULES
             and modules()[m].name != "__init__.py"]
    assert loose == []
    for module in modules():
        layer(module)


def test_no_import_runs_up_a_layer():
    assert upward() == []


def test_no_cycle():
    assert cycles() == []


def test_imports_inside_functions_only_at_named_boundaries():
    assert deferred() == []


def test_each_boundary_is_still_used():
    used = {(i.source, i.target) for i in imports() if i.in_function}
    assert sorted(set(BOUNDARIES) - used) == []


def test_each_package_says_its_job_and_hands_nothing_on():
    for name in LAYERS[1:]:
        init = PACKAGE / name / "__init__.py"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        assert "May import" in doc, f"{init}: its docstring says what it holds and what it may import"
        assert len(tree.body) == 1, f"{init}: a docstring only (a package that re-exports makes cycles)"


if __name__ == "__main__":
    problems = upward() + [f"cycle: {' -> '.join(c)}" for c in cycles()] + deferred()
    print("\n".join(problems) or "clean")
    print(f"{len(upward())} upward, {len(cycles())} cycles, {len(deferred())} imports in functions off the list")
