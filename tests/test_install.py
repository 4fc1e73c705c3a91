"""briefpack as an organiser gets it: a wheel installed into a fresh environment, used outside this repository."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pypdf

from .conftest import ROOT


def test_every_subpackage_ships_in_the_wheel():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "briefpack").rglob("__init__.py")}
    assert found <= declared


def test_the_wheel_works_in_a_fresh_environment_outside_the_repository(tmp_path):
    wheels, venv, work = tmp_path / "wheels", tmp_path / "venv", tmp_path / "elsewhere"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    *map(str, wheels.glob("*.whl"))], check=True, capture_output=True)
    # The dependencies come from this environment (no download); briefpack itself only from the wheel.
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "briefpack-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work.mkdir()

    def briefpack(*args):
        return subprocess.run([str(venv / "bin" / "briefpack"), *args], cwd=work, capture_output=True, text=True)

    where = subprocess.run([str(python), "-c", "import briefpack; print(briefpack.__file__)"], cwd=work,
                           capture_output=True, text=True).stdout
    assert where.startswith(str(venv))
    created = briefpack("new", "my-seminar")
    assert created.returncode == 0, created.stderr
    assert (work / "my-seminar" / ".gitignore").read_text() == "dist/\n"
    assert briefpack("new", "my-seminar").returncode == 1  # refuses a folder that is not empty
    built = briefpack("all", "--content", "my-seminar", "-j", "1")
    assert built.returncode == 0, built.stderr
    text = "".join(page.extract_text() for page in pypdf.PdfReader(work / "dist" / "concept-note.pdf").pages)
    assert "Replace this paragraph with the opening of your concept note" in " ".join(text.split())
    assert (work / "dist" / "print" / "booklet-handout-policy.pdf").is_file()
