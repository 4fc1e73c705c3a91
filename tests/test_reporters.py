"""What the command line says about a build: a progress line's pages in the singular when there is one, and a
summary that accounts for every PDF, personal copies included."""

from __future__ import annotations

from types import SimpleNamespace

from briefpack.cli.reporters import Progress, built_summary


def record(path: str) -> SimpleNamespace:
    return SimpleNamespace(path=path)


def done(path: str, pages: int, booklet: bool = False) -> SimpleNamespace:
    return SimpleNamespace(spec=SimpleNamespace(path=path, booklet=booklet), pages=pages, seconds=0.5)


def test_a_one_page_output_says_page(capsys):
    progress = Progress(quiet=False, verbose=False)
    progress.output(done("sign-in-justice.pdf", 1), 1, 3)
    progress.output(done("print/booklet-handout-justice.pdf", 1, booklet=True), 2, 3)
    progress.output(done("concept-note.pdf", 12), 3, 3)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[2:4] for line in lines] == [["1", "page"], ["1", "side"], ["12", "pages"]]


def test_the_summary_counts_the_stamped_personal_copies():
    rendered = ["handout-justice.pdf", "print/handout-justice.pdf", "concept-note.pdf"]
    personal = ["participants/ana-lima.pdf", "participants/σωκράτης-παπαδόπουλος.pdf",
                "print/handouts-personal-justice.pdf"]
    report = SimpleNamespace(
        records=[record(p) for p in [*rendered, "endnotes.pdf", *personal, "print/order.csv"]],
        built=[done(p, 3) for p in rendered], unchanged=[record("endnotes.pdf")],
        written=[*rendered, *personal[:2], "print/order.csv"], pages=9)
    assert built_summary(report) == ("Built 3, stamped 2 personal copies, unchanged 2 of 7 PDFs "
                                     "(9 pages rendered)")  # 3 + 2 + 2 = 7: every PDF accounted for
    plain = SimpleNamespace(records=[record("concept-note.pdf")], built=[done("concept-note.pdf", 1)], unchanged=[],
                            written=["concept-note.pdf"], pages=1)
    assert built_summary(plain) == "Built 1, unchanged 0 of 1 PDFs (1 page rendered)"
