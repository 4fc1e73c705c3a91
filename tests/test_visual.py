"""Visual regression: selected pages of every kind and of the script packs, rendered to small greyscale PNGs and
compared with the references in tests/visual/ within a tolerance, so that a layout change is a reviewed change.

The references hold only for the fonts, poppler, Pango and WeasyPrint they were made with (tests/visual/
versions.json): with others the test says so and skips. Remake them, then look at them before committing:

    .venv/bin/python -m pytest tests/test_visual.py --update-visual

A failure saves the reference, the page as rendered now and their difference under the folder its message names."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops
from pypdf import PdfReader

from briefpack.build import pipeline
from briefpack.cli.main import main
from briefpack.output import cache
from briefpack.text import fonts

from .conftest import DEFAULT_CONTENT, ROOT, SMALL_CONTENT, TESTS
from .revision_edits import SMALL_EDITS, edited_copy

REFERENCES = TESTS / "visual"
VERSIONS = REFERENCES / "versions.json"
FAILURES = Path(tempfile.gettempdir()) / "briefpack-visual-failures"
LANGUAGES = TESTS / "data" / "languages"
SCRIPTS = ("ar", "ja", "zh-Hans", "ko", "th", "vi", "ru")
RESOLUTION = 36  # dots per inch: an A4 page is 298 x 421 pixels
# A page passes when its pixels differ from the reference's by this much on average (of 255 grey levels) and
# no more than this share of them differ by more than DIFFERING (a line moved by a pixel fails; noise does not).
MEAN_TOLERANCE = 1.0
DIFFERING = 64
SHARE_TOLERANCE = 0.002
ROSTER = """name,organisation,country,group,role,email
Zoë Adams,Water Board,UK,1,chair,zoe@example.org
Ömer Öztürk,Ankara University,Türkiye,data-sharing,participant,
Đặng Văn Minh,Mekong Commission,Viet Nam,1,rapporteur,
Αλέξανδρος Παπαδόπουλος,University of Athens,Greece,2,resource person,
Иван Петров,Moscow State University,Russia,disputes,observer,
Maria Costa,Tagus Council,Portugal,B,chair,
"""


@dataclass(frozen=True)
class Page:
    name: str  # the reference is tests/visual/<name>.png
    build: str  # "roster" (the small pack with a roster, both editions), "default" (a handout of the default
    # pack), "changes" (changes.pdf of an edited small pack), or a script pack's language
    pdf: str  # in that build's output folder
    number: int  # 1 is the first page, -1 the last


PAGES = [
    Page("concept-note-p1", "roster", "concept-note.pdf", 1),
    Page("handout-p1", "default", "handout-prevention.pdf", 1),
    Page("handout-notes-page", "default", "handout-prevention.pdf", -1),
    Page("endnotes-p1", "roster", "endnotes.pdf", 1),
    Page("sign-in-p1", "roster", "print/sign-in-disputes.pdf", 1),
    Page("name-cards-p1", "roster", "print/name-cards-disputes.pdf", 1),
    Page("packing-list-p1", "roster", "print/packing-list.pdf", 1),
    Page("changes-p1", "changes", "changes.pdf", 1),
    Page("print-concept-note-p1", "roster", "print/concept-note.pdf", 1),  # crop marks, bleed, slug
    Page("booklet-sheet-1", "roster", "print/booklet-handout-disputes.pdf", 1),
    *(Page(f"script-{lang}-concept-note-p1", lang, "concept-note.pdf", 1) for lang in SCRIPTS),
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current_versions() -> dict[str, object]:
    """What the pixels depend on besides briefpack: every font the renderer may load, poppler (which draws the
    PNGs), Pango and WeasyPrint (which lay out the pages)."""
    from weasyprint.text.ffi import pango

    declared = fonts.load_font_set(ROOT / "styles")
    shipped = {str(path.relative_to(ROOT)): _sha256(path) for path in declared.style_files}
    machine = {str(path): cache.font_digest(path) for path in fonts.loaded_files(declared)}
    poppler = subprocess.run(["pdftoppm", "-v"], capture_output=True, text=True, check=False).stderr.split("\n")[0]
    version = pango.pango_version()
    return {"fonts": {**shipped, **machine}, "poppler": poppler.strip(),
            "pango": f"{version // 10000}.{version // 100 % 100}.{version % 100}",
            "weasyprint": metadata.version("weasyprint"), "pydyf": metadata.version("pydyf")}


def _differences(recorded: dict[str, object], current: dict[str, object]) -> list[str]:
    found = [f"{key} {recorded.get(key)!r} -> {current[key]!r}" for key in current
             if key != "fonts" and recorded.get(key) != current[key]]
    then, now = recorded.get("fonts") or {}, current["fonts"]
    assert isinstance(then, dict) and isinstance(now, dict)
    found += [f"font {name} {'changed' if name in then else 'added'}" for name in now if then.get(name) != now[name]]
    found += [f"font {name} gone" for name in then if name not in now]
    return found


@pytest.fixture(scope="module")
def versions(update_visual) -> dict[str, object]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the pages cannot be drawn")
    current = current_versions()
    if update_visual:
        REFERENCES.mkdir(exist_ok=True)
        for stale in set(REFERENCES.glob("*.png")) - {REFERENCES / f"{page.name}.png" for page in PAGES}:
            stale.unlink()  # a page no longer drawn
        VERSIONS.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return current
    recorded = json.loads(VERSIONS.read_text(encoding="utf-8")) if VERSIONS.is_file() else {}
    differences = _differences(recorded, current)
    if differences:
        shown = "; ".join(differences[:6]) + (f"; and {len(differences) - 6} more" if len(differences) > 6 else "")
        pytest.skip(f"the visual references were made with other versions ({shown}): remake them with "
                    "`pytest tests/test_visual.py --update-visual` and review the PNGs")
    return current


@pytest.fixture(scope="module")
def outputs(versions, tmp_path_factory) -> dict[str, Path]:
    """Every build the pages come from, made once."""
    root = tmp_path_factory.mktemp("visual")
    pack = (SMALL_CONTENT / "pack.yaml").read_text(encoding="utf-8")
    roster_pack = root / "roster-pack"
    shutil.copytree(SMALL_CONTENT, roster_pack)
    (roster_pack / "pack.yaml").write_text(pack + "print_run:\n  spare: 5\n", encoding="utf-8")
    (roster_pack / "participants.csv").write_text(ROSTER, encoding="utf-8")
    built = {"roster": root / "roster", "changes": root / "changes", "default": root / "default"}
    pipeline.build(pipeline.Options(content=roster_pack, out=built["roster"], editions=("screen", "print")))
    pipeline.build(pipeline.Options(content=DEFAULT_CONTENT, out=built["default"], kinds=("handout",),
                                    groups=("prevention",)))
    edited = edited_copy(SMALL_CONTENT, root / "edited", SMALL_EDITS)
    result = CliRunner().invoke(main, ["changes", "--content", str(edited), "--since", str(SMALL_CONTENT),
                                       "--out", str(built["changes"]), "-j", "1", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for lang in SCRIPTS:
        built[lang] = root / lang
        pipeline.build(pipeline.Options(content=LANGUAGES / lang, out=built[lang], kinds=("concept-note",)))
    return built


def draw(pdf: Path, number: int, into: Path) -> Image.Image:
    """One page as a greyscale image at RESOLUTION."""
    if number < 0:
        number += len(PdfReader(pdf).pages) + 1
    stem = into / f"page-{number}"
    subprocess.run(["pdftoppm", "-r", str(RESOLUTION), "-gray", "-png", "-singlefile", "-f", str(number),
                    "-l", str(number), str(pdf), str(stem)], check=True, capture_output=True)
    with Image.open(f"{stem}.png") as image:
        return image.convert("L")


def compare(reference: Image.Image, actual: Image.Image) -> tuple[float, float, Image.Image]:
    """(mean difference in grey levels, share of pixels differing by more than DIFFERING, the difference)."""
    difference = ImageChops.difference(reference, actual)
    histogram = difference.histogram()
    pixels = reference.width * reference.height
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    share = sum(histogram[DIFFERING + 1:]) / pixels
    return mean, share, difference


def _save_failure(name: str, reference: Image.Image, actual: Image.Image, difference: Image.Image | None) -> Path:
    FAILURES.mkdir(parents=True, exist_ok=True)
    reference.save(FAILURES / f"{name}-reference.png")
    actual.save(FAILURES / f"{name}-actual.png")
    if difference is not None:  # black where equal, white where they differ at all
        difference.point(lambda level: 255 if level else 0).save(FAILURES / f"{name}-diff.png")
    return FAILURES


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_looks_as_reviewed(page, outputs, update_visual, tmp_path):
    actual = draw(outputs[page.build] / page.pdf, page.number, tmp_path)
    reference_file = REFERENCES / f"{page.name}.png"
    if update_visual:
        actual.save(reference_file, optimize=True)
        return
    if not reference_file.is_file():
        pytest.fail(f"{reference_file.relative_to(ROOT)}: no reference; make it with "
                    "`pytest tests/test_visual.py --update-visual` and review it")
    with Image.open(reference_file) as image:
        reference = image.convert("L")
    again = "if the change is intended, run `pytest tests/test_visual.py --update-visual` and review the PNGs"
    if reference.size != actual.size:
        folder = _save_failure(page.name, reference, actual, None)
        pytest.fail(f"{page.name}: the page is {actual.size} pixels, the reference {reference.size} (expected the "
                    f"same page size); see {folder}/{page.name}-{{reference,actual}}.png; {again}")
    mean, share, difference = compare(reference, actual)
    if mean > MEAN_TOLERANCE or share > SHARE_TOLERANCE:
        folder = _save_failure(page.name, reference, actual, difference)
        pytest.fail(f"{page.name}: the page differs from {reference_file.relative_to(ROOT)} (mean difference "
                    f"{mean:.2f} grey levels, {share:.2%} of pixels differ; expected at most {MEAN_TOLERANCE} and "
                    f"{SHARE_TOLERANCE:.1%}); see {folder}/{page.name}-{{reference,actual,diff}}.png; {again}")


def test_the_references_are_small():
    total = sum(path.stat().st_size for path in REFERENCES.glob("*.png"))
    assert total < 1_500_000, f"tests/visual/*.png weigh {total} bytes (expected under 1.5 MB)"


def test_the_comparison_sees_a_moved_line():
    """The tolerance lets anti-aliasing noise through, not a line of text moved by one pixel."""
    page = Image.new("L", (298, 421), 255)
    moved = page.copy()
    for x in range(40, 260):
        for y in (100, 101):
            page.putpixel((x, y), 0)
            moved.putpixel((x, y + 2), 0)
    noisy = page.copy()
    noisy.putpixel((50, 50), 200)
    assert compare(page, page)[:2] == (0, 0)
    mean, share, _ = compare(page, noisy)
    assert mean <= MEAN_TOLERANCE and share <= SHARE_TOLERANCE
    mean, share, _ = compare(page, moved)
    assert share > SHARE_TOLERANCE
