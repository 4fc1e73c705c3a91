"""The web edition (--edition web): pages that stand alone, read with an HTML parser: landmarks, one h1 and an
outline without gaps, lang and dir, DPUB-ARIA notes that reach their calls and back, the concept note's whole
text, WOFF2 subsets holding only the glyphs used, no remote assets, and the manifest's entries."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefpack.build import pipeline
from briefpack.content.model import plain
from briefpack.text.numbering import reading_order
from briefpack.web.fonts import used_characters

from .conftest import DEFAULT_CONTENT, SMALL_CONTENT, chromium_driver

LANGUAGES = Path(__file__).parent / "data" / "languages"
ALL_LANGUAGES = sorted(p.name for p in LANGUAGES.iterdir() if (p / "pack.yaml").is_file())
PAGES = ["index.html", "concept-note.html", "endnotes.html", "handout-justice.html"]


class Tree(HTMLParser):
    """Every element with its attributes and ancestors; text by element; headings in order."""

    VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.headings: list[int] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag=None, **attrs):
        return [a for t, a, _ in self.elements
                if (tag is None or t == tag) and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def ids(self):
        return {a["id"] for _, a, _ in self.elements if "id" in a}


def parse(path: Path) -> Tree:
    tree = Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    return tree


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    out = tmp_path_factory.mktemp("web")
    records = pipeline.build(pipeline.Options(content=DEFAULT_CONTENT, out=out, editions=("web",)))
    return out, records


@pytest.fixture(scope="module")
def small_web(tmp_path_factory):
    out = tmp_path_factory.mktemp("small-web")
    records = pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out, editions=("screen", "web")))
    return out, records


def test_the_folder_holds_every_page_one_stylesheet_and_fonts(web):
    out, _ = web
    names = {p.relative_to(out / "web").as_posix() for p in (out / "web").rglob("*") if p.is_file()}
    for page in PAGES + ["handout-prevention.html", "handout-protection.html", "handout-cooperation.html"]:
        assert page in names
    assert [n for n in names if n.endswith(".css")] == ["web.css"]
    assert any(n.startswith("fonts/") and n.endswith(".woff2") for n in names)
    assert not any(n.startswith(("sign-in", "name-cards", "packing-list", "changes")) for n in names)


@pytest.mark.parametrize("page", PAGES)
def test_landmarks_skip_link_one_h1_and_outline_without_gaps(web, page):
    out, _ = web
    tree = parse(out / "web" / page)
    tags = [t for t, _, _ in tree.elements]
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert tree.all("main")[0]["id"] == "main"
    first_link = tree.all("a")[0]
    assert first_link["href"] == "#main" and "skip-link" in first_link["class"]
    assert tree.headings.count(1) == 1 and tree.headings[0] == 1
    for before, after in zip(tree.headings, tree.headings[1:], strict=False):
        assert after <= before + 1, tree.headings
    html = tree.all("html")[0]
    assert html["lang"] == "en-GB" and html["dir"] == "ltr"
    assert all(img.get("alt") for img in tree.all("img"))
    assert not tree.all("script")


@pytest.mark.parametrize("page", ["concept-note.html", "handout-justice.html"])
def test_every_noteref_reaches_its_note_and_back(web, page):
    out, _ = web
    tree = parse(out / "web" / page)
    ids = tree.ids()
    calls = tree.all("a", role="doc-noteref")
    assert calls
    for call in calls:
        assert call["href"].removeprefix("#") in ids
    sections = [(a, anc) for t, a, anc in tree.elements if a.get("role") == "doc-endnotes"]
    assert len(sections) == 1 and tree.all("section", role="doc-endnotes")
    backlinks = tree.all("a", role="doc-backlink")
    assert backlinks
    for back in backlinks:
        target = back["href"].removeprefix("#")
        assert target in ids and target.startswith("call-")
        assert back.get("aria-label")
    anchored = {c["id"] for c in calls if "id" in c}
    assert anchored == {b["href"].removeprefix("#") for b in backlinks}
    notes = [(a, anc) for t, a, anc in tree.elements if t == "li" and a.get("id", "").startswith("note-")]
    assert notes and all("section" in anc and "ol" in anc for _, anc in notes)
    assert all(a["value"] == a["id"].removeprefix("note-") for a, _ in notes)  # the pack's numbers


def test_a_handout_shows_the_pack_numbers_of_its_notes(web, default_loaded):
    out, _ = web
    tree = parse(out / "web" / "handout-justice.html")
    numbers = {int(a["id"].removeprefix("note-")) for a in tree.all("li") if a.get("id", "").startswith("note-")}
    expected = {default_loaded.numbering.numbers[n] for n in
                default_loaded.numbering.all() if default_loaded.numbering.numbers[n] in numbers}
    assert numbers == expected and max(numbers) > len(numbers)  # not renumbered from 1


def _words(text: str) -> str:
    """Letters only, one space between words: note numbers and superscripts fall out of both sides."""
    return " ".join(re.findall(r"[^\W\d_]+", text))


def test_the_concept_note_page_holds_every_sections_text(web, default_loaded):
    out, _ = web
    page = _words(" ".join(parse(out / "web" / "concept-note.html").text))
    texts = [text for _, text in reading_order(default_loaded.pack)]
    assert len(texts) > 20
    for text in texts:
        assert _words(plain(text)) in page, plain(text)[:80]


def test_fonts_are_woff2_subsets_of_only_the_glyphs_used(web):
    from fontTools.ttLib import TTFont

    out, _ = web
    pages = [p.read_text(encoding="utf-8") for p in (out / "web").glob("*.html")]
    used = {ord(c) for c in used_characters(pages)}
    fonts = list((out / "web" / "fonts").glob("*.woff2"))
    assert fonts
    for font_file in fonts:
        data = font_file.read_bytes()
        assert data[:4] == b"wOF2"
        font = TTFont(io.BytesIO(data))
        cmap = set(font.getBestCmap())
        assert cmap <= used, sorted(chr(c) for c in cmap - used)[:10]
        assert font["maxp"].numGlyphs < 800  # Charis SIL has thousands
    css = (out / "web" / "web.css").read_text(encoding="utf-8")
    for font_file in fonts:
        assert f'url("fonts/{font_file.name}")' in css


def test_no_remote_assets_and_links_inside_the_folder(web):
    out, _ = web
    for page in (out / "web").glob("*.html"):
        tree = parse(page)
        for attrs in tree.all("link") + tree.all("img") + tree.all("script"):
            url = attrs.get("href") or attrs.get("src") or ""
            assert not re.match(r"(?i)(https?:)?//", url), url
            assert (page.parent / url).is_file(), url
        for link in tree.all("a"):
            href = link["href"]
            if not re.match(r"(?i)https?:|#|mailto:", href):
                assert (page.parent / href.split("#")[0]).is_file(), href
    css = (out / "web" / "web.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", css)
    assert "prefers-color-scheme: dark" in css and "prefers-reduced-motion" in css and "@media print" in css


def test_the_manifest_lists_the_web_files(web):
    out, _ = web
    listed = {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["outputs"]}
    files = {p.relative_to(out).as_posix() for p in (out / "web").rglob("*") if p.is_file()}
    assert files <= set(listed)
    assert {listed[f]["edition"] for f in files} == {"web"}
    assert listed["web/index.html"]["kind"] == "web-page"
    assert {listed[f]["kind"] for f in files} >= {"web-page", "web-style", "web-font"}


def test_a_second_build_replaces_its_own_files_and_a_removed_groups_page_goes(tmp_path):
    from .conftest import write_pack

    out = tmp_path / "out"
    two = write_pack(tmp_path / "pack")
    first = pipeline.build(pipeline.Options(content=two, out=out, editions=("web",)))
    assert (out / "web" / "handout-disputes.html").is_file()
    groups = (two / "groups.yaml").read_text(encoding="utf-8")
    one = groups[:groups.index("  - id: disputes")]
    (two / "groups.yaml").write_text(one, encoding="utf-8")
    again = pipeline.build(pipeline.Options(content=two, out=out, editions=("web",), strict=False))
    assert not (out / "web" / "handout-disputes.html").exists()
    assert {r.path for r in first} - {r.path for r in again} == {"web/handout-disputes.html"}
    listed = {e["path"] for e in json.loads((out / "manifest.json").read_text())["outputs"]}
    assert "web/handout-disputes.html" not in listed and "web/handout-data-sharing.html" in listed


def test_a_file_the_build_did_not_write_in_web_is_never_replaced(tmp_path):
    from briefpack.errors import BuildError

    from .conftest import write_pack

    out = tmp_path / "out"
    (out / "web").mkdir(parents=True)
    (out / "web" / "index.html").write_text("someone else's page", encoding="utf-8")
    with pytest.raises(BuildError, match="not written by briefpack"):
        pipeline.build(pipeline.Options(content=write_pack(tmp_path / "pack"), out=out, editions=("web",)))
    assert (out / "web" / "index.html").read_text(encoding="utf-8") == "someone else's page"
    assert not (out / "web" / "concept-note.html").exists()


def test_the_pages_link_copies_of_the_pdfs_of_the_same_build(small_web):
    out, records = small_web
    pdfs = {r.path for r in records if r.edition == "screen" and r.path.endswith(".pdf")}
    copies = {p.relative_to(out / "web" / "pdf").as_posix() for p in (out / "web" / "pdf").rglob("*.pdf")}
    assert copies and copies <= pdfs
    assert (out / "web" / "pdf" / "concept-note.pdf").read_bytes() == (out / "concept-note.pdf").read_bytes()
    tree = parse(out / "web" / "concept-note.html")
    assert "pdf/concept-note.pdf" in {a["href"] for a in tree.all("a")}
    manifest = {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["outputs"]}
    assert manifest["web/pdf/concept-note.pdf"]["kind"] == "web-pdf"
    assert manifest["web/pdf/concept-note.pdf"]["pages"] == manifest["concept-note.pdf"]["pages"]


def test_the_web_edition_imports_no_weasyprint():
    import subprocess
    import sys

    code = ("import sys; from briefpack.web import site; from briefpack.build import web_stage; "
            "print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_every_passage_in_another_language_has_lang_and_dir(tmp_path):
    out = tmp_path / "out"
    pipeline.build(pipeline.Options(content=LANGUAGES / "en", out=out, editions=("web",)))
    tree = parse(out / "web" / "concept-note.html")
    spans = {(a["lang"], a.get("dir")) for a in tree.all("span") if "lang" in a}
    assert {("zh-Hans", "ltr"), ("ar", "rtl"), ("ja", "ltr")} <= spans
    arabic = parse(_built(tmp_path / "ar", "ar") / "web" / "index.html").all("html")[0]
    assert (arabic["lang"], arabic["dir"]) == ("ar", "rtl")


def _built(out: Path, language: str) -> Path:
    pipeline.build(pipeline.Options(content=LANGUAGES / language, out=out, editions=("web",)))
    return out


# --- in a real browser: Debian's chromium and chromium-driver, axe-core from selenium-axe-python -------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("selenium_axe_python")
    driver = chromium_driver()
    yield driver
    driver.quit()


def _look(driver, width: int, scheme: str) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


def _violations(driver) -> list[str]:
    from selenium_axe_python import Axe

    Axe(driver).inject()  # axe-core as the package bundles it; run here so that a rejection is reported, not awaited
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(done, (e) => done({error: String(e)}));",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert "error" not in results, results
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in results["violations"]]


@pytest.fixture(scope="module")
def language_webs(tmp_path_factory):
    built = {}
    for language in ALL_LANGUAGES:
        out = tmp_path_factory.mktemp(f"web-{language}")
        pipeline.build(pipeline.Options(content=LANGUAGES / language, out=out, editions=("web",)))
        built[language] = out
    return built


def _check_in_browser(driver, folder: Path) -> list[str]:
    problems = []
    for page in sorted(folder.glob("*.html")):
        for width in (1280, 320):
            for scheme in ("light", "dark"):
                _look(driver, width, scheme)
                driver.get(page.as_uri())
                where = f"{page.name} at {width} px, {scheme}"
                problems += [f"{where}: {v}" for v in _violations(driver)]
                wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                if wide > 0:
                    problems.append(f"{where}: scrolls sideways by {wide} px")
    return problems


def test_no_axe_violations_and_no_sideways_scrolling_default_pack(web, browser):
    out, _ = web
    problems = _check_in_browser(browser, out / "web")
    assert problems == [], "\n".join(problems)



@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_no_axe_violations_and_no_sideways_scrolling_other_scripts(language_webs, browser, language):
    problems = _check_in_browser(browser, language_webs[language] / "web")
    assert problems == [], "\n".join(problems)


def test_a_note_call_reaches_its_note_and_back_in_the_browser(web, browser):
    from selenium.webdriver.common.by import By

    out, _ = web
    _look(browser, 1280, "light")
    browser.get((out / "web" / "handout-justice.html").as_uri())
    call = browser.find_element(By.CSS_SELECTOR, 'a[role="doc-noteref"][id]')
    number = call.get_attribute("id").removeprefix("call-")
    browser.execute_script("arguments[0].click()", call)  # smooth scrolling moves the page while it runs
    assert browser.execute_script("return location.hash") == f"#note-{number}"
    back = browser.find_element(By.CSS_SELECTOR, f'#note-{number} a[role="doc-backlink"]')
    browser.execute_script("arguments[0].click()", back)
    assert browser.execute_script("return location.hash") == f"#call-{number}"
