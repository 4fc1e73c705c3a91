"""The output folder is the user's: the build replaces or deletes only files it wrote itself, whatever a
manifest.json there says; its up-to-date rule holds however --content and --out nest; files naming people are
private from their first byte, and the manifest, the cache and the notice name nobody."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from briefpack.build import pipeline
from briefpack.cli.main import main
from briefpack.errors import BuildError
from briefpack.output import cache, transaction
from briefpack.output.out_dir import README
from briefpack.participants.personal_copies import slugs

from .conftest import write_pack
from .test_incremental import CountingRenderer
from .test_participants import NAMES, ROSTER

VICTIM = b"the user's own file: the build must never delete it\n"


class Renderer(CountingRenderer):
    """Blank pages, and one page per name box (what personalisation stamps), without WeasyPrint."""

    def render(self, html, stylesheets, what, sources=None, edition=None, pad_to=1, epoch=None, strict=True):
        boxes = html.count('<section class="sheet">')
        return super().render(html, stylesheets, what, sources, edition, max(pad_to, boxes), epoch, strict)


def build(content, out, **options):
    return pipeline.Builder(Renderer()).build(pipeline.Options(content=content, out=out, **options))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def add_entries(out, *entries):
    data = json.loads((out / "manifest.json").read_text())
    for path, kind, digest in entries:
        data["outputs"].append({"path": path, "kind": kind, "group": None, "edition": "screen", "pages": 1,
                                "sha256": digest})
    (out / "manifest.json").write_text(json.dumps(data))


@pytest.fixture
def built(tmp_path):
    content, out = write_pack(tmp_path / "content"), tmp_path / "out"
    build(content, out)
    return content, out


# --- a hostile manifest deletes nothing it did not write ----------------------------------------------------


@pytest.mark.parametrize("hostile", ["../victim.txt", "{victim}", "print/../../victim.txt", "./../victim.txt"])
def test_a_manifest_naming_paths_outside_the_folder_deletes_nothing(built, tmp_path, hostile):
    content, out = built
    victim = tmp_path / "victim.txt"
    victim.write_bytes(VICTIM)
    (out / "print").mkdir(exist_ok=True)
    (out / "endnotes-old.pdf").write_bytes((out / "endnotes.pdf").read_bytes())  # a stale file the build wrote
    add_entries(out, (hostile.format(victim=victim), "endnotes", sha(VICTIM)),
                ("endnotes-old.pdf", "endnotes", sha((out / "endnotes.pdf").read_bytes())))
    build(content, out)  # a complete build: what the old manifest lists and this build does not make is stale
    assert victim.read_bytes() == VICTIM
    assert "victim" not in (out / "manifest.json").read_text()
    assert not (out / "endnotes-old.pdf").exists()  # what it wrote itself it still removes


def test_entries_through_links_unknown_kinds_or_other_digests_are_ignored(built, tmp_path):
    content, out = built
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "endnotes-old.pdf").write_bytes(VICTIM)
    (out / "linked").symlink_to(outside, target_is_directory=True)  # a folder in out leading out of it
    (out / "endnotes-link.pdf").symlink_to(outside / "endnotes-old.pdf")  # a file that is a link
    (out / "notes.txt").write_bytes(VICTIM)  # the user's, listed under a kind the build does not know
    (out / "endnotes-mine.pdf").write_bytes(VICTIM)  # the user's, listed with another digest
    add_entries(out, ("linked/endnotes-old.pdf", "endnotes", sha(VICTIM)),
                ("endnotes-link.pdf", "endnotes", sha(VICTIM)), ("notes.txt", "mystery", sha(VICTIM)),
                ("endnotes-mine.pdf", "endnotes", sha(b"what the build once wrote")))
    result = CliRunner().invoke(main, ["endnotes", "--content", str(content), "--out", str(out), "-v", "-j", "1"])
    assert result.exit_code == 0, result.output
    build(content, out)  # complete: would remove stale entries
    assert (outside / "endnotes-old.pdf").read_bytes() == VICTIM
    assert (out / "endnotes-link.pdf").is_symlink() and (out / "notes.txt").read_bytes() == VICTIM
    assert (out / "endnotes-mine.pdf").read_bytes() == VICTIM
    ignored = [line for line in result.output.splitlines() if "ignored" in line]
    assert len(ignored) == 4 and all(line.startswith("manifest.json: entry '") for line in ignored)
    assert any("a link" in line for line in ignored) and any("unknown kind 'mystery'" in line for line in ignored)
    assert any("digest differs" in line for line in ignored)


def test_a_manifest_cannot_make_a_complete_build_delete_content_inside_the_out_folder(tmp_path):
    project = tmp_path / "project"
    content = write_pack(project / "content")
    build(content, project)  # --content content --out .
    pack_yaml = (content / "pack.yaml").read_bytes()
    add_entries(project, ("content/pack.yaml", "endnotes", sha(pack_yaml)),
                ("content/endnotes.pdf", "endnotes", sha(pack_yaml)))
    (content / "endnotes.pdf").write_bytes(pack_yaml)
    build(content, project, force=True)
    assert (content / "pack.yaml").read_bytes() == pack_yaml and (content / "endnotes.pdf").exists()


# --- a file the build did not write, where an output goes -----------------------------------------------------


def test_a_foreign_file_where_an_output_goes_is_an_error_and_nothing_is_written(tmp_path):
    content, out = write_pack(tmp_path / "content"), tmp_path / "out"
    out.mkdir()
    (out / "endnotes.pdf").write_bytes(VICTIM)
    runner = CliRunner()
    args = ["endnotes", "--content", str(content), "--out", str(out), "-j", "1", "-q"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {out / 'endnotes.pdf'}: not written by briefpack, or changed since")
    assert "--overwrite" in result.output
    assert (out / "endnotes.pdf").read_bytes() == VICTIM
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".briefpack.lock")) == ["endnotes.pdf"]
    result = runner.invoke(main, [*args, "--overwrite"])
    assert result.exit_code == 0, result.output
    assert (out / "endnotes.pdf").read_bytes().startswith(b"%PDF")


def test_a_manifest_json_that_is_not_ours_is_not_replaced_without_overwrite(tmp_path):
    content, out = write_pack(tmp_path / "content"), tmp_path / "out"
    out.mkdir()
    web_manifest = b'{"name": "My web app", "start_url": "/"}\n'
    (out / "manifest.json").write_bytes(web_manifest)
    with pytest.raises(BuildError, match=r"manifest\.json: not written by briefpack"):
        build(content, out)
    assert (out / "manifest.json").read_bytes() == web_manifest and not (out / "endnotes.pdf").exists()
    build(content, out, overwrite=True)
    assert json.loads((out / "manifest.json").read_text())["outputs"]


def test_an_output_folder_that_is_a_link_out_of_the_folder_is_refused(tmp_path):
    content, out, outside = write_pack(tmp_path / "content"), tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "print").symlink_to(outside, target_is_directory=True)
    with pytest.raises(BuildError, match=r"print: a link where the build writes a folder of its outputs"):
        build(content, out, editions=("print",), jobs=1)
    assert list(outside.iterdir()) == []


def test_housekeeping_touches_only_its_own_temporary_names_where_it_makes_them(tmp_path):
    project = tmp_path / "project"
    content = write_pack(project / "content")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = dead.stdout.strip()
    theirs = [content / f".briefpack-{pid}-abc", project / "notes" / f".briefpack-{pid}-abc",
              project / f".briefpack-{pid}-keep.me", project / f".briefpack-{pid}-x" / "inside"]
    for path in theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(VICTIM)
    ours = project / f".briefpack-{pid}-abc"
    ours.write_bytes(b"half a PDF")
    build(content, project)
    assert all(path.read_bytes() == VICTIM for path in theirs) and not ours.exists()


def test_the_lock_note_is_never_written_through_a_link(built, tmp_path):
    content, out = built
    victim = tmp_path / "victim.txt"
    victim.write_bytes(VICTIM)
    (out / transaction.LOCK_OWNER).symlink_to(victim)
    with transaction.folder_lock(out, "a test"):
        pass
    build(content, out, force=True)
    assert victim.read_bytes() == VICTIM


# --- the up-to-date rule, whatever the nesting -----------------------------------------------------------------


def edit(content):
    path = content / "pack.yaml"
    path.write_text(path.read_text().replace("Shared Rivers", "Shared Waters"))


def test_an_edit_is_always_rebuilt_and_outputs_never_count_as_content(tmp_path):
    for layout in ("content inside out", "out inside content", "the same folder"):
        project = tmp_path / layout.replace(" ", "-")
        if layout == "content inside out":  # --content content --out .
            content, out = write_pack(project / "content"), project
        elif layout == "out inside content":
            content = write_pack(project)
            out = content / "dist"
        else:
            content = out = write_pack(project)
        options = pipeline.Options(content=content, out=out)
        build(content, out)
        assert pipeline.up_to_date(options) is not None, layout  # the build's own files are not content
        edit(content)
        assert pipeline.up_to_date(options) is None, layout  # the edit is seen
        build(content, out)
        assert pipeline.up_to_date(options) is not None, layout
        (content / "assets").mkdir()
        (content / "assets" / "map.png").write_bytes(b"png")
        assert pipeline.up_to_date(options) is None, layout


def test_a_hostile_cache_or_manifest_cannot_hide_content_from_the_fingerprint(tmp_path):
    project = tmp_path / "project"
    content = write_pack(project / "content")
    options = pipeline.Options(content=content, out=project)
    build(content, project)
    edited = (content / "pack.yaml").read_text().replace("Shared Rivers", "Shared Waters").encode()
    add_entries(project, ("content/pack.yaml", "endnotes", sha(edited)))
    data = json.loads((project / cache.CACHE).read_text())
    data["last"]["files"] = [entry for entry in data["last"]["files"] if entry["path"] != "manifest.json"] + [
        {"path": "content/pack.yaml", "sha256": sha(edited)},  # the edit, foreseen
        {"path": "manifest.json", "sha256": sha((project / "manifest.json").read_bytes())}]
    (project / cache.CACHE).write_text(json.dumps(data))
    (content / "pack.yaml").write_bytes(edited)
    assert pipeline.up_to_date(options) is None


# --- personal data ---------------------------------------------------------------------------------------------


@pytest.fixture
def roster_pack(tmp_path):
    content = write_pack(tmp_path / "content")
    (content / "participants.csv").write_text(ROSTER, encoding="utf-8")
    return content, tmp_path / "out"


@pytest.fixture
def umask_zero():
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def personal_files(out):
    return sorted([*out.glob("participants/*"), *out.glob("**/sign-in-*"), *out.glob("**/name-cards-*"),
                   *out.glob("**/packing-list*"), *out.glob("print/handouts-personal-*")])


def test_files_naming_people_are_private_from_their_first_byte(roster_pack, umask_zero, monkeypatch):
    content, out = roster_pack
    chmods = []
    real_chmod = os.chmod
    monkeypatch.setattr(os, "chmod", lambda path, *a, **k: (chmods.append(str(path)), real_chmod(path, *a, **k)))
    build(content, out, editions=("screen", "print"), personalise=True)
    files = personal_files(out)
    assert len([f for f in files if f.parent.name == "participants"]) == len(NAMES) + 1  # and the index
    assert {f.name for f in files} >= {"sign-in-disputes.pdf", "name-cards-disputes.pdf", "packing-list.csv",
                                       "handouts-personal-disputes.pdf", "index.json"}
    assert {str(f.relative_to(out)): oct(mode(f)) for f in files} == {
        str(f.relative_to(out)): "0o600" for f in files}
    assert mode(out / "participants") == 0o700
    assert mode(out / "endnotes.pdf") == 0o666  # other files as before: the umask decides
    assert not [path for path in chmods if ".briefpack-" in path]  # none was made wider, then narrowed


def test_the_html_commands_pages_naming_people_are_private(roster_pack, umask_zero):
    content, out = roster_pack
    result = CliRunner().invoke(main, ["html", "--content", str(content), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    pages = {p.name: mode(p) for p in out.glob("*.html")}
    assert pages["sign-in-disputes.html"] == pages["name-cards-disputes.html"] == pages["packing-list.html"] == 0o600
    assert pages["endnotes.html"] == 0o666


def test_manifest_cache_and_notice_name_nobody(roster_pack):
    content, out = roster_pack
    options = pipeline.Options(content=content, out=out, editions=("screen", "print"), personalise=True)
    pipeline.Builder(Renderer()).build(options)
    roster = pipeline.load(options).pack.roster
    assert roster is not None
    names = set(NAMES) | set(slugs(roster).values())
    words = {part for name in NAMES for part in name.replace("-", " ").split()}
    for path in ("manifest.json", cache.CACHE, README):
        text = (out / path).read_text(encoding="utf-8").casefold()
        # whole words: a font's path may hold "Devanagari", which holds "eva"
        found = [n for n in names | words if re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", text)]
        assert not found, (path, found)
    index = json.loads((out / "participants/index.json").read_text(encoding="utf-8"))
    assert sorted(index["files"].values()) == sorted(
        str(p.relative_to(out)) for p in out.glob("participants/*.pdf"))
    entries = [e for e in json.loads((out / "manifest.json").read_text())["outputs"]
               if e["kind"] == "participant-handout"]
    assert len(entries) == len(NAMES) and all(e["path"].startswith("participants/#") for e in entries)
    assert {e["path"].removeprefix("participants/#") for e in entries} == set(index["files"])
    notice = (out / README).read_text(encoding="utf-8")
    assert f"participants/ ({len(NAMES)} files, one per participant" in notice
    assert "print/sign-in-disputes.pdf" in notice  # files whose names hold no name are still listed
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".lock" not in p.name}
    assert pipeline.up_to_date(options) is not None  # the ids are stable: nothing to do
    report = pipeline.Builder(Renderer()).build(options)
    assert report.written == [] and not report.built
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".lock" not in p.name} == before


def test_personal_builds_in_two_folders_agree_and_old_manifests_still_build(roster_pack, tmp_path):
    content, out = roster_pack
    other = tmp_path / "other"
    for folder in (out, other):
        build(content, folder, editions=("screen",), personalise=True)
    for name in ("manifest.json", cache.CACHE, "participants/index.json"):
        assert (out / name).read_bytes() == (other / name).read_bytes(), name
    # a manifest as earlier versions wrote it (participants' files under their own names), and no index
    data = json.loads((out / "manifest.json").read_text())
    index = json.loads((out / "participants/index.json").read_text())
    for entry in data["outputs"]:
        if entry["path"].startswith("participants/#"):
            entry["path"] = index["files"][entry["path"].removeprefix("participants/#")]
            entry["sha256"] = sha((out / entry["path"]).read_bytes())
    (out / "manifest.json").write_text(json.dumps(data))
    (out / "participants/index.json").unlink()
    (out / cache.CACHE).unlink()
    build(content, out, editions=("screen",), personalise=True)  # no file is refused as foreign
    assert (out / "manifest.json").read_bytes() == (other / "manifest.json").read_bytes()


def test_links_in_place_of_the_manifest_or_the_lock_never_reach_their_targets(tmp_path):
    content, out, victim = write_pack(tmp_path / "content"), tmp_path / "out", tmp_path / "victim.json"
    out.mkdir()
    victim.write_bytes(b'{"outputs": []}\n')  # even a manifest-shaped file: reached through a link, it is not ours
    (out / "manifest.json").symlink_to(victim)
    with pytest.raises(BuildError, match=r"manifest\.json: not written by briefpack"):
        build(content, out)
    build(content, out, overwrite=True)  # replaces the link itself
    assert victim.read_bytes() == b'{"outputs": []}\n' and not (out / "manifest.json").is_symlink()
    (out / transaction.LOCK).unlink()
    (out / transaction.LOCK).symlink_to(victim)
    result = CliRunner().invoke(main, ["endnotes", "--content", str(content), "--out", str(out), "--force"])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: {out / transaction.LOCK}: a link where the build keeps its lock file")
    assert victim.read_bytes() == b'{"outputs": []}\n'


def test_watch_sees_edits_to_content_inside_the_out_folder(tmp_path):
    from watchfiles import Change

    from briefpack.cli.watch import _relevant

    project = tmp_path / "project"
    content = write_pack(project / "content")
    options = pipeline.Options(content=content, out=project)  # --content content --out .
    changes = [(Change.modified, str(content / "pack.yaml")), (Change.modified, str(project / "endnotes.pdf"))]
    assert _relevant(options, changes) == [content / "pack.yaml"]
    nested = pipeline.Options(content=content, out=content / "dist")  # and the outputs inside the content
    assert _relevant(nested, [(Change.modified, str(content / "dist" / "endnotes.pdf"))]) == []


def test_the_fingerprint_never_follows_a_link_or_opens_a_pipe(tmp_path):
    """A content or styles folder may hold a link to anything: hashing it reads the link, never its target."""
    import threading

    from briefpack.output import cache

    outside = tmp_path / "outside.txt"
    outside.write_text("secret one", encoding="utf-8")
    folder = tmp_path / "content"
    (folder / "sub").mkdir(parents=True)
    (folder / "pack.yaml").write_text("a: 1\n", encoding="utf-8")
    (folder / "leak.txt").symlink_to(outside)
    (folder / "tree").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "sub" / "pipe")
    found: list[str] = []
    worker = threading.Thread(target=lambda: found.append(cache.tree_digest(folder)), daemon=True)
    worker.start()
    worker.join(60)  # a safety net only: reading the pipe would block for ever
    assert found, "tree_digest opened a pipe"
    outside.write_text("secret two, longer", encoding="utf-8")
    assert cache.tree_digest(folder) == found[0]  # the outside file was not read
    (folder / "leak.txt").unlink()
    (folder / "leak.txt").symlink_to(tmp_path / "elsewhere")
    assert cache.tree_digest(folder) != found[0]  # a retargeted link is a change
