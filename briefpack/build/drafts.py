"""A draft must not reach the print shop by accident: its print edition is refused unless asked for,
and its order sheet says DRAFT."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..content.model import Pack
from ..errors import BuildError
from ..render.draft_marks import is_draft

if TYPE_CHECKING:
    from ..kinds.outputs import OutputSpec


def refuse_draft_print(pack: Pack, specs: Sequence[OutputSpec], allow_draft: bool) -> None:
    """A draft must not reach the print shop by accident."""
    if is_draft(pack) and not allow_draft and any(spec.edition.ordered for spec in specs):
        raise BuildError(f"{os.path.join(pack.root, 'pack.yaml')}: the pack's status is draft, so its print edition "
                         "is refused (set `status: final`, give --allow-draft to print the draft anyway, or "
                         "--edition screen to build the screen edition alone)")


def order_summary_first_line(pack: Pack, summary: bytes) -> bytes:
    """The order sheet of a draft says DRAFT in its first line."""
    return b"# DRAFT: do not print for distribution\n\n" + summary if is_draft(pack) else summary
