"""The screen edition as a screen reader meets it: page furniture as artifacts, every tagged piece of content in
the structure tree (and nothing else there), links printable."""

from __future__ import annotations

import pdfplumber
import pikepdf

from . import pdfcheck

SCREEN_PDFS = ("concept-note.pdf", "endnotes.pdf", "handout-data-sharing.pdf", "handout-disputes.pdf")


def test_running_heads_and_folios_are_artifacts(small_both):
    out, _ = small_both
    for name in SCREEN_PDFS:
        with pdfplumber.open(out / name) as pdf:
            total = len(pdf.pages)
            for number, page in enumerate(pdf.pages, 1):
                artifact = "".join(c["text"] for c in page.chars if c.get("tag") == "Artifact")
                content = "".join(c["text"] for c in page.chars if c.get("tag") != "Artifact")
                folio = f"Page {number} of {total}".replace(" ", "")
                assert folio in artifact.replace(" ", ""), (name, number, artifact)
                assert folio not in content.replace(" ", ""), (name, number)
                if number > 1:  # the running head: the pack's short title
                    assert "WaterDialogue" in artifact.replace(" ", "") and "WaterDialogue" not in content.replace(
                        " ", ""), (name, number)


def test_every_marked_content_id_is_in_the_tree_in_order_of_numbers(small_both):
    """No orphan ids: every id a page paints belongs to an element of the tree, every id the tree holds is
    painted, and the ParentTree maps exactly the page's ids (0..n-1, no gaps, no leftover elements)."""
    out, _ = small_both
    for name in SCREEN_PDFS:
        report = pdfcheck.tagging_report(out / name)
        for number, (content, orphans, missing) in enumerate(zip(report["content"], report["orphans"],
                                                                 report["missing"], strict=True)):
            assert (orphans, missing) == ([], []), (name, number)
            assert sorted(content) == list(range(len(content))), (name, number)
        with pikepdf.open(out / name) as pdf:
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            mapped = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for number, page in enumerate(pdf.pages):
                elements = mapped[int(page.obj.StructParents)]
                assert len(elements) == len(report["content"][number]), (name, number)
                assert all(isinstance(e, pikepdf.Dictionary) and "/S" in e for e in elements)


def test_link_annotations_are_printable(small_both):
    out, _ = small_both
    seen = 0
    for name in SCREEN_PDFS:
        with pikepdf.open(out / name) as pdf:
            for page in pdf.pages:
                for annotation in page.obj.get("/Annots", []):
                    if annotation.get("/Subtype") == "/Link":
                        seen += 1
                        assert int(annotation.get("/F", 0)) & 4, (name, annotation.get("/Rect"))
    assert seen > 10


def test_content_is_painted_in_the_tree_order(small_both):
    """A page's marked content painted in the structure tree's (reading) order: raised superscripts, floated
    note numbers and list markers, which CSS paints out of line, are moved to their place."""
    out, _ = small_both
    for name in SCREEN_PDFS:
        report = pdfcheck.tagging_report(out / name)
        for number, (content, tree) in enumerate(zip(report["content"], report["tree"], strict=True)):
            assert content == tree, (name, number)
