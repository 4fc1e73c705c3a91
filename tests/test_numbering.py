"""One numbering for the whole pack: first citation in reading order, repeats, groups, lint."""

from __future__ import annotations

import pytest

from briefpack.build import pipeline
from briefpack.content import markdown as markup
from briefpack.errors import ContentError
from briefpack.text import numbering as citations
from briefpack.text.numbering import GroupPlace, SectionPlace

from .conftest import SMALL_CONTENT, write_pack

# The seed's endnotes 1-66, by the ids the default content gives them.
SEED_ORDER = """ilo-2014-profits global-slavery-index-2013 kelly-2013 ilo-2012-estimate ohchr-principles-2002
asem10-chair-2014 asem-dg-immigration white-slave-conventions cedaw-article-6 crc-articles-34-35
palermo-article-2 coe-organ-trafficking sr-mandate ilo-2012-report ec-midterm-2014
eu-legal-framework ec-2014-press unodc-2012-global-report unodc-2012-children unodc-2012-east-asia
asean-instruments somtc un-iap-agreements yusran-2011 asean-actip
bali-process-strategy ilo-2005-south-asia virtual-global-taskforce asean-hrd-principle-13 international-law-prohibitions
joint-un-commentary-2011 gtz-2008-criminal-aspect tandon-2014 gaatw-definition brown-2002
unodc-2012-male-victims female-migration ilo-2013-forced-labour ilo-2015-domestic-workers kim-chang-2007
asean-handbook ilo-2013-tripartite ilo-2013-bangkok unodc-2006-toolkit sr-report-2011
sr-report-2011-ibid gtz-2008 palermo-article-6 trust-fund osce-odihr-2014
unhcr-2010 unodc-2009-framework sr-report-2011-support ilo-2009-going-back coordination-provisions
asean-child-guidelines osce-2008 seanf-2010 seoul-guidelines global-trade-union-alliance
ituc-2009 sa8000 global-compact us-money-laundering guzman-2014 flex-2014""".split()


def test_citation_parsing_groups_adjacent_markers():
    found = markup.parse("One[^a] two[^b][^c]\n\nthree[^a]", False).citations
    assert [(c.keys, c.line) for c in found] == [(("a",), 0), (("b", "c"), 0), (("a",), 2)]


def test_default_pack_reproduces_the_seed_numbers(default_loaded):
    numbers = default_loaded.numbering.numbers
    assert len(numbers) == 66
    assert sorted(numbers, key=numbers.get) == SEED_ORDER
    assert numbers["flex-2014"] == 66


def test_a_repeated_citation_keeps_its_number(default_loaded):
    numbering = default_loaded.numbering
    # The seed cites note 6 (ASEM summit) once in the introduction; note 66 only in Working Group 3.
    assert numbering.places["asem10-chair-2014"] == (SectionPlace("introduction"),)
    assert numbering.places["flex-2014"] == (GroupPlace("justice", 2),)


def test_small_pack_numbering(small_loaded):
    numbering = small_loaded.numbering
    assert numbering.numbers == {"basin-report": 1, "treaty-db": 2, "commission-study": 3}
    assert numbering.places["treaty-db"] == (SectionPlace("purpose"), GroupPlace("data-sharing", 1))


def test_handout_subset_keeps_pack_numbers(small_loaded):
    pack, numbering = small_loaded.pack, small_loaded.numbering
    texts = list(pack.group("disputes").questions)
    assert citations.cited_notes(texts, numbering) == ["commission-study"]
    assert numbering.numbers["commission-study"] == 3


def test_unknown_citation_is_located_with_a_suggestion(tmp_path):
    folder = write_pack(tmp_path / "c", concept_note="""sections:
  - id: purpose
    title: Purpose
    body: |
      First line.
      Rivers cross borders.[^basin-reprot]
""")
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    assert f"{folder}/concept-note.yaml:6:28: citation of unknown note 'basin-reprot' (did you mean " \
           "'basin-report'?)" in [str(p) for p in info.value.problems]


def test_uncited_note_fails_strict_and_warns_otherwise(tmp_path):
    notes = (SMALL_CONTENT / "notes.yaml").read_text() + "  orphan: Never cited.\n"
    folder = write_pack(tmp_path / "c", notes=notes)
    with pytest.raises(ContentError) as info:
        pipeline.load(pipeline.Options(content=folder))
    assert [p.message for p in info.value.problems] == [
        "note 'orphan' is cited nowhere (expected a [^orphan] citation in the concept note or the questions)"]
    loaded = pipeline.load(pipeline.Options(content=folder, strict=False))
    assert len(loaded.warnings) == 1
    assert loaded.numbering.numbers["orphan"] == 4  # after the cited ones
    spec = pipeline.plan(loaded, pipeline.Options(kinds=("endnotes",)))[0]
    html = pipeline.html_for(loaded, spec)
    assert '<span class="label">Not cited</span>' in html and 'id="note-4"' in html
