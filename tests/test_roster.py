"""participants.csv: what spreadsheets export is read; every broken roster is reported exactly, all at once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefpack.build import pipeline
from briefpack.content.model import sort_key
from briefpack.errors import ContentError

from .conftest import write_pack

HEADER = "name,organisation,country,group,role,email\n"
GOOD = HEADER + ("Zoë Adams,Water Board,UK,1,chair,zoe@example.org\n"
                 "Ömer Öztürk,Ankara University,Türkiye,data-sharing,participant,\n"
                 "Đặng Văn Minh,Mekong Commission,Viet Nam,B,rapporteur,\n"
                 "Αλέξανδρος Παπαδόπουλος,University of Athens,Greece,2,resource person,\n"
                 "Иван Петров,Moscow State University,Russia,disputes,observer,\n")
SMALL_PACK_YAML = (Path(__file__).parent / "data" / "small-pack" / "pack.yaml").read_text()


def roster_pack(folder: Path, roster: str | bytes, **files: str) -> Path:
    """The small pack with ``roster`` as its participants.csv."""
    write_pack(folder, **files)
    (folder / "participants.csv").write_bytes(roster if isinstance(roster, bytes) else roster.encode("utf-8"))
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    return [str(p).replace(str(folder) + "/", "") for p in info.value.problems]


def test_what_spreadsheets_export_reads_the_same(tmp_path):
    """BOM, semicolons, CRLF and quoted fields (with the separator and quotes inside) read as plain CSV does."""
    excel = ("\ufeffname;organisation;country;group;role;email\r\n"
             'Zoë Adams;"Water Board; ""East""";UK;1;chair;zoe@example.org\r\n'
             "Ömer Öztürk;Ankara University;Türkiye;data-sharing;participant;\r\n")
    plain = HEADER + ('Zoë Adams,"Water Board; ""East""",UK,1,chair,zoe@example.org\n'
                      "Ömer Öztürk,Ankara University,Türkiye,data-sharing,participant,\n")
    rosters = [pipeline.load(pipeline.Options(content=roster_pack(tmp_path / name, text))).pack.roster
               for name, text in (("excel", excel.encode("utf-8")), ("plain", plain))]
    assert rosters[0] is not None and rosters[1] is not None
    people = [[(p.name, p.organisation, p.group, p.role, p.email) for p in r.participants] for r in rosters]
    assert people[0] == people[1] == [("Zoë Adams", 'Water Board; "East"', "data-sharing", "chair",
                                       "zoe@example.org"),
                                      ("Ömer Öztürk", "Ankara University", "data-sharing", "participant", "")]


def test_a_group_is_named_by_id_number_or_letter(tmp_path):
    roster = pipeline.load(pipeline.Options(content=roster_pack(tmp_path / "p", GOOD))).pack.roster
    assert roster is not None
    assert [p.group for p in roster.participants] == ["data-sharing", "data-sharing", "disputes", "disputes",
                                                      "disputes"]


def test_sorting_follows_the_unicode_collation_algorithm():
    names = ["Zoë Adams", "Öztürk, Ömer", "Đặng Văn Minh", "Oliveira", "Dias", "Zimmermann", "Ebert", "Pérez"]
    assert sorted(names, key=sort_key) == ["Đặng Văn Minh", "Dias", "Ebert", "Oliveira", "Öztürk, Ömer", "Pérez",
                                           "Zimmermann", "Zoë Adams"]
    assert sorted(names)[-2:] == ["Öztürk, Ömer", "Đặng Văn Minh"]  # code point order puts them after Z


ROW = "Ana Lima,Basin Office,Brazil,1,participant,\n"
CASES = {
    "not UTF-8": (HEADER.encode() + "Zoë Adams,Water Board,UK,1,chair,\n".encode("cp1252"),
                  ["participants.csv:2:3: file is not UTF-8 (byte 0xeb); save it as UTF-8: in Excel, File > Save "
                   "As > 'CSV UTF-8 (Comma delimited) (*.csv)'; in LibreOffice, tick 'Edit filter settings' and "
                   "choose 'Unicode (UTF-8)'"]),
    "empty file": ("", ["participants.csv:1:1: file is empty (expected a header line: "
                        "name,organisation,country,group,role,email)"]),
    "missing column": ("name,organisation,group,role\nAna Lima,Basin Office,1,participant\n",
                       ["participants.csv:1:1: missing column 'country' (expected the columns name, organisation, "
                        "country, group, role and optionally email and language)"]),
    "misspelt column": ("name,organization,country,group,role\nAna Lima,Basin Office,Brazil,1,participant\n",
                        ["participants.csv:1:6: unknown column 'organization' (did you mean 'organisation'?)",
                         "participants.csv:1:1: missing column 'organisation' (expected the columns name, "
                         "organisation, country, group, role and optionally email and language)"]),
    "column twice": ("name,organisation,country,group,role,name\nA,B,C,1,chair,D\n",
                     ["participants.csv:1:38: column 'name' appears twice (first as column 1)"]),
    "unknown group": (HEADER + "Ana Lima,Basin Office,Brazil,disputs,participant,\n",
                      ["participants.csv:2:30: unknown working group 'disputs' (did you mean 'disputes'?)"]),
    "no group": (HEADER + "Ana Lima,Basin Office,Brazil,,participant,\n",
                 ["participants.csv:2:30: unknown working group nothing (expected one of: 1, 2, a, b, "
                  "data-sharing, disputes)"]),
    "unknown group number": (HEADER + "Ana Lima,Basin Office,Brazil,7,participant,\n",
                             ["participants.csv:2:30: unknown working group '7' (expected one of: 1, 2, a, b, "
                              "data-sharing, disputes)"]),
    "unknown role": (HEADER + "Ana Lima,Basin Office,Brazil,1,rapporter,\n",
                     ["participants.csv:2:32: unknown role 'rapporter' (did you mean 'rapporteur'?)"]),
    "empty name": (HEADER + ROW + "  ,Basin Office,Brazil,2,observer,\n",
                   ["participants.csv:3:1: the participant has no name (expected a name)"]),
    "same person twice": (HEADER + ROW + "Ana  Lima,basin office,Brazil,2,chair,\n",
                          ["participants.csv:3:1: 'Ana Lima' (basin office) is listed twice (first at line 2; "
                           "expected each person once)"]),
    "row too short": (HEADER + "Ana Lima,Basin Office,Brazil,1\n",
                      ["participants.csv:2:1: the row has 4 fields (expected 6, one per column of the header)"]),
    "bad quote": (HEADER + 'Ana Lima,"Basin" Office,Brazil,1,participant,\n',
                  ["participants.csv:2:1: not valid CSV (',' expected after '\"') (expected fields separated by "
                   "',', quotes around a field only)"]),
    "bad email": (HEADER + "Ana Lima,Basin Office,Brazil,1,participant,ana at basin\n",
                  ["participants.csv:2:44: 'ana at basin' is not an e-mail address (expected name@domain.org, "
                   "or nothing)"]),
    "bad language": ("name,organisation,country,group,role,language\n山田 太郎,Basin Office,Japan,1,participant,jp\n"
                     "Ana Lima,Basin Office,Brazil,1,participant,Portuguese\n",
                     ["participants.csv:2:40: language 'jp' is not a registered language (expected a BCP 47 "
                      "language tag such as 'en-GB', 'fr', 'zh-Hans', 'ar', or nothing)",
                      "participants.csv:3:44: language 'Portuguese' is not a language tag (expected a BCP 47 "
                      "language tag such as 'en-GB', 'fr', 'zh-Hans', 'ar', or nothing)"]),
    "several at once, second line of a quoted field": (
        HEADER + 'Ana Lima,"Basin\nOffice",Brazil,3,participant,\n' + "Bo Li,X,China,1,speaker,\n",
        ["participants.csv:3:16: unknown working group '3' (expected one of: 1, 2, a, b, data-sharing, disputes)",
         "participants.csv:4:17: unknown role 'speaker' (expected one of: chair, observer, participant, "
         "rapporteur, resource person)"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_broken_roster_reports_exactly(tmp_path, case):
    roster, expected = CASES[case]
    assert sorted(problems_of(roster_pack(tmp_path / "pack", roster))) == sorted(expected)


def test_the_corpus_is_large_and_each_case_reports_something_different(tmp_path):
    """What the code reports, not what the corpus expects: every case is refused, each for its own reasons."""
    reported = {case: tuple(sorted(problems_of(roster_pack(tmp_path / str(number), roster))))
                for number, (case, (roster, _)) in enumerate(CASES.items())}
    assert len(CASES) >= 12
    assert [case for case, problems in reported.items() if not problems] == []
    assert len(set(reported.values())) == len(CASES)


def test_a_roster_and_participants_per_group_are_two_sources_of_truth(tmp_path):
    pack = SMALL_PACK_YAML + "print_run:\n  participants_per_group: 12\n  concept_note: 40\n  spare: 3\n"
    folder = roster_pack(tmp_path / "pack", GOOD, pack=pack)
    line = len(SMALL_PACK_YAML.splitlines()) + 2
    assert problems_of(folder) == [
        f"pack.yaml:{line}:3: print_run.participants_per_group cannot be set when the pack has participants.csv "
        "(expected no participants_per_group: the roster counts the participants, and spare adds copies)",
        f"pack.yaml:{line + 1}:3: print_run.concept_note cannot be set when the pack has participants.csv "
        "(expected no concept_note: the roster counts the participants, and spare adds copies)"]


def test_roster_problems_come_with_the_other_content_problems(tmp_path):
    folder = roster_pack(tmp_path / "pack", HEADER + "Ana Lima,Basin Office,Brazil,1,guest,\n",
                         notes="notes:\n  basin-report: ''\n")
    got = problems_of(folder)
    assert "participants.csv:2:32: unknown role 'guest' (expected one of: chair, observer, participant, " \
           "rapporteur, resource person)" in got
    assert any(p.startswith("notes.yaml:") for p in got)


def test_a_roster_linked_from_outside_the_pack_is_refused_unread(tmp_path):
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(GOOD, encoding="utf-8")
    folder = write_pack(tmp_path / "pack")
    (folder / "participants.csv").symlink_to(outside)
    assert problems_of(folder) == ["participants.csv:1:1: is a link to a file outside the content folder (expected "
                                   "the file itself, or a link inside the folder)"]


def test_check_and_build_see_the_same_roster_problems(tmp_path):
    from click.testing import CliRunner

    from briefpack.cli import main

    folder = roster_pack(tmp_path / "pack", HEADER + "Ana Lima,Basin Office,Brazil,9,participant,\n")
    for command in (["check"], ["all", "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(main.main, [*command, "--content", str(folder)])
        assert result.exit_code == 1 and "participants.csv:2:30: unknown working group '9'" in result.output
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_name_no_font_can_show_is_found_by_check_at_its_row(tmp_path):
    from briefpack.build import pipeline
    from briefpack.errors import ContentError

    from .conftest import write_pack

    folder = write_pack(tmp_path / "content")
    (folder / "participants.csv").write_text("name,organisation,country,group,role\n"
                                             "Ada Lovelace,Analytical,UK,data-sharing,participant\n"
                                             "\U00013000 Scribe,Thebes,EG,disputes,participant\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 1 and "participants.csv:3:1: name:" in problems[0] and "U+13000" in problems[0]


def test_the_language_column_gives_a_name_its_language(tmp_path):
    from briefpack.content.roster import name_language

    roster = ("name,organisation,country,group,role,language\n山田 太郎,Basin Office,Japan,1,participant,ja\n"
              "王小明,Basin Office,China,2,participant,zh-Hans\nAna Lima,Basin Office,Brazil,1,participant,\n")
    pack = pipeline.load(pipeline.Options(content=roster_pack(tmp_path / "pack", roster))).pack
    assert pack.roster is not None
    assert {p.name: name_language(p) for p in pack.roster.participants} == {
        "山田 太郎": "ja", "王小明": "zh-Hans", "Ana Lima": ""}
    assert name_language(replace(pack.roster.participants[2], name="たなか ゆうこ")) == "ja"  # kana say it
    assert name_language(replace(pack.roster.participants[2], name="김민준")) == "ko"
