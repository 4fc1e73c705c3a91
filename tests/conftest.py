"""Shared fixtures: the default pack and a small pack of another shape, each built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpack.build import pipeline

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DEFAULT_CONTENT = ROOT / "content"
SMALL_CONTENT = TESTS / "data" / "small-pack"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")
    parser.addoption("--update-visual", action="store_true",
                     help="rewrite tests/visual/ (page images and the versions they were made with)")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def update_visual(request) -> bool:
    return request.config.getoption("--update-visual")


@pytest.fixture(scope="session")
def default_loaded():
    return pipeline.load(pipeline.Options(content=DEFAULT_CONTENT))


@pytest.fixture(scope="session")
def small_loaded():
    return pipeline.load(pipeline.Options(content=SMALL_CONTENT))


@pytest.fixture(scope="session")
def default_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("default-pack")
    records = pipeline.build(pipeline.Options(content=DEFAULT_CONTENT, out=out))
    return out, records


@pytest.fixture(scope="session")
def small_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("small-pack")
    records = pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out))
    return out, records


def write_pack(folder: Path, **files: str) -> Path:
    """A content folder made of the small pack with some files replaced (keyword: file stem, '_' for '-')."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in SMALL_CONTENT.glob("*.yaml"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    for stem, text in files.items():
        (folder / f"{stem.replace('_', '-')}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def small_both(tmp_path_factory):
    """The small pack in both editions, with the print order."""
    out = tmp_path_factory.mktemp("small-both")
    records = pipeline.build(pipeline.Options(content=SMALL_CONTENT, out=out, editions=("screen", "print")))
    return out, records


@pytest.fixture(scope="session")
def default_print(tmp_path_factory):
    out = tmp_path_factory.mktemp("default-print")
    records = pipeline.build(pipeline.Options(content=DEFAULT_CONTENT, out=out, editions=("print",),
                                              kinds=("endnotes", "handout"), groups=("justice",)))
    return out, records


def chromium_driver(script_timeout: float = 180):
    """Debian's chromium, headless, driven by selenium with the installed chromedriver (never a download); skips
    when they are not installed. Its scripts (axe on the concept note) may take a while on a busy machine."""
    import shutil

    webdriver = pytest.importorskip("selenium.webdriver")
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("Debian's chromium and chromium-driver are not installed (scripts/setup.sh installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    driver.set_script_timeout(script_timeout)
    return driver
