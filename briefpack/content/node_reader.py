"""Typed reading of loaded YAML nodes: every mistake becomes a Problem with its location."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from .fields import DATE_PATTERN, ID_PATTERN
from .model import Text
from .yaml_nodes import Map, Node, Scalar, Seq

if TYPE_CHECKING:
    from .fields import Field, Shape
from ..problems import Loc, Problems, did_you_mean

ID_RE = re.compile(ID_PATTERN)  # the patterns are declared once, in fields.py (the schemas use them too)
INT_RE = re.compile(r"^-?[0-9]+$")
DATE_RE = re.compile(DATE_PATTERN)
NODE_NAMES = {Map: "a mapping", Seq: "a list", Scalar: "text"}


def found(node: Node | None) -> str:
    if isinstance(node, Scalar):
        shown = node.text if len(node.text) <= 40 else node.text[:37] + "..."
        return "nothing" if node.is_null else f"'{shown}'"
    return NODE_NAMES[type(node)] if node is not None else "nothing"


class Reader:
    """Reads nodes against expectations, recording problems instead of raising."""

    def __init__(self, problems: Problems):
        self.problems = problems

    def error(self, loc: Loc, message: str) -> None:
        self.problems.add(loc, message)

    def mapping(self, node: Node | None, what: str, required: tuple[str, ...] = (),
                optional: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """Return {field: node} for a mapping with exactly the allowed fields, or None."""
        if node is None:
            return None
        if not isinstance(node, Map):
            self.error(node.loc, f"{what} must be a mapping of fields (expected {', '.join(required)}; "
                                 f"found {found(node)})")
            return None
        allowed = (*required, *optional)
        fields: dict[str, Node] = {}
        for key, (key_node, value) in node.items.items():
            if key in allowed:
                if value is not None:  # None: a value that failed to load, its problem already recorded
                    fields[key] = value
            else:
                self.error(key_node.loc, f"unknown field '{key}' in {what} ({did_you_mean(key, allowed)})")
        for name in required:
            if name not in node.items:
                self.error(node.loc, f"{what} has no '{name}' (expected a '{name}:' field)")
        return fields

    def shape(self, node: Node | None, shape: Shape) -> dict[str, Node] | None:
        """A mapping read by its declaration in fields.py: its fields, which are required."""
        return self.mapping(node, shape.what, required=shape.required, optional=shape.optional)

    def integer_field(self, node: Node | None, field: Field) -> int | None:
        assert field.low is not None and field.high is not None
        return self.integer(node, field.name, field.low, field.high)

    def sequence(self, node: Node | None, what: str, allow_empty: bool = False) -> tuple[Node, ...]:
        if node is None:
            return ()
        if not isinstance(node, Seq):
            self.error(node.loc, f"{what} must be a list (expected '- ' items, found {found(node)})")
            return ()
        if not node.items and not allow_empty:
            self.error(node.loc, f"{what} is empty (expected at least one item)")
        return tuple(item for item in node.items if item is not None)

    def scalar(self, node: Node | None, what: str) -> Scalar | None:
        if node is None:
            return None
        if not isinstance(node, Scalar):
            hint = ""
            # "Who acts: and how?" left unquoted reads as a mapping of one key
            if isinstance(node, Map) and len(node.items) == 1 and not node.flow:
                hint = ("; a ': ' inside unquoted text makes YAML read a key and a value: put the whole text in "
                        "quotes, e.g. \"Who acts: and how?\"")
            self.error(node.loc, f"{what} must be text (found {found(node)}{hint})")
            return None
        return node

    def string(self, node: Node | None, what: str) -> str | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        if scalar.is_null or not scalar.text.strip():
            self.error(scalar.loc, f"{what} is empty (expected some text)")
            return None
        return scalar.text.strip()

    def text(self, node: Node | None, what: str, inline: bool = False) -> Text:
        """Markdown text (``inline``: one line, such as a title or a question), with the file line where its
        first line is; blank (problem recorded) if invalid, so that the rest of the pack can still be checked."""
        scalar = self.scalar(node, what)
        if scalar is None or self.string(node, what) is None:
            loc = node.loc if node is not None else Loc("?")
            return Text("", loc, loc.line, False, inline=inline)
        block = scalar.style in ("|", ">")
        first = scalar.loc.line + 1 if block else scalar.loc.line
        return Text(scalar.text, scalar.loc, first, scalar.style == "|", scalar.indent,
                    scalar.style in ("'", '"'), inline)

    def ident(self, node: Node | None, what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and node is not None and not ID_RE.match(value):
            self.error(node.loc, f"{what} '{value}' is not a valid id (expected lower-case letters, digits and "
                                 "inner hyphens, at most 64 characters, e.g. 'access-to-justice')")
            return None
        return value

    def integer(self, node: Node | None, what: str, low: int, high: int) -> int | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        if not (scalar.plain and INT_RE.match(scalar.text)) or not low <= int(scalar.text) <= high:
            self.error(scalar.loc, f"{what} must be a whole number from {low} to {high} (found {found(scalar)})")
            return None
        return int(scalar.text)

    def date(self, node: Node | None, what: str) -> str | None:
        """A calendar date written YYYY-MM-DD (kept as text: YAML would otherwise make it a date object)."""
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        try:
            if not DATE_RE.match(scalar.text):
                raise ValueError
            datetime.date.fromisoformat(scalar.text)
        except ValueError:
            self.error(scalar.loc, f"{what} is not a valid date (expected YYYY-MM-DD, e.g. 2015-06-02; "
                                   f"found {found(scalar)})")
            return None
        return scalar.text

    def boolean(self, node: Node | None, what: str) -> bool | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        if not scalar.plain or scalar.text not in ("true", "false"):
            self.error(scalar.loc, f"{what} must be true or false (found {found(scalar)})")
            return None
        return scalar.text == "true"
