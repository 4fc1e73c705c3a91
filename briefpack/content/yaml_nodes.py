"""Read YAML content strictly, keeping the file:line:col of every key and value.

PyYAML's own constructors are not used: they coerce YAML 1.1 scalars (``no`` -> False, ``12:30`` -> 750,
``1.10`` -> 1.1), drop duplicate keys and expand aliases. We compose the node tree and keep every scalar as its
source text; validation converts it to the type the schema expects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..problems import Loc, Problems
from .textfile import read_text

MAX_BYTES = 8 * 1024 * 1024  # a 600-page concept note is about 3 MiB of YAML
MAX_DEPTH = 32
STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True)
class Scalar:
    text: str
    loc: Loc
    plain: bool  # unquoted: may be a number, boolean or null
    style: str | None  # '|' and '>' are block scalars whose text starts on the next line
    indent: int = 0  # block scalars: columns of indentation YAML strips from each content line

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class Seq:
    items: tuple[Node | None, ...]  # None: an item that failed to convert (its problem is recorded)
    loc: Loc


@dataclass(frozen=True)
class Map:
    # key text -> (key Scalar, value node), in file order
    items: dict[str, tuple[Scalar, Node | None]] = field(hash=False)
    loc: Loc
    flow: bool = False  # written {a: b}, not as a block of `key: value` lines


Node = Scalar | Seq | Map


class _Composer(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases: shared references are never content."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
        mark = event.start_mark if isinstance(event.start_mark, yaml.Mark) else None  # always one: a pure-Python loader
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(None, None, "aliases (*name) are not allowed in content", mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.MarkedYAMLError(None, None, f"anchors (&{anchor}) are not allowed in content", mark)
        return super().compose_node(parent, index)


def _loc(name: str, mark: yaml.Mark) -> Loc:
    return Loc(name, mark.line + 1, mark.column + 1)


def read_yaml(path: Path, name: str, problems: Problems) -> Node | None:
    """Load one content file; on failure record a problem and return None."""
    text = read_text(path, name, problems, MAX_BYTES)
    if text is None:
        return None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        problems.add(Loc(name), "file is empty (expected a mapping of fields)")
        return None
    return _compose(text, name, problems)


def load_string(text: str, name: str, problems: Problems) -> Node | None:
    return _compose(text, name, problems)


def _compose(text: str, name: str, problems: Problems) -> Node | None:
    composer = None
    try:
        composer = _Composer(text)  # reads the whole text: may raise ReaderError already
        root = composer.get_single_node()
    except yaml.reader.ReaderError as exc:
        problems.add(_position(text, name, exc.position), f"character U+{exc.character:04X} is not allowed in "
                                                          "YAML (expected printable text)")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _loc(name, mark) if mark else Loc(name)
        problems.add(loc, _yaml_message(exc))
        return None
    except yaml.YAMLError as exc:
        problems.add(Loc(name), f"not valid YAML ({exc})")
        return None
    except RecursionError:
        problems.add(Loc(name), f"nesting is too deep (expected at most {MAX_DEPTH} levels)")
        return None
    finally:
        if composer is not None:
            composer.dispose()
    if root is None:
        problems.add(Loc(name), "file is empty (expected a mapping of fields)")
        return None
    return _convert(root, name, problems, 0, text.splitlines())


def _block_indent(node: yaml.ScalarNode, lines: list[str]) -> int:
    if node.style not in ("|", ">"):
        return 0
    for line in lines[node.start_mark.line + 1: node.end_mark.line + 1]:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0


def _position(text: str, name: str, index: int) -> Loc:
    line = text.count("\n", 0, index) + 1
    return Loc(name, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    text = exc.problem or exc.context or "not valid YAML"
    if exc.context and exc.problem:
        text = f"{exc.problem} ({exc.context})"
    return f"YAML syntax: {text}" if "allowed in content" not in text else text


def _convert(node: yaml.Node, name: str, problems: Problems, depth: int, lines: list[str]) -> Node | None:
    loc = _loc(name, node.start_mark)
    if depth > MAX_DEPTH:
        problems.add(loc, f"nesting is too deep (expected at most {MAX_DEPTH} levels)")
        return None
    if node.tag not in STANDARD_TAGS:
        problems.add(loc, f"YAML tags are not allowed in content (found {node.tag})")
        return None
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, loc, node.style is None, node.style, _block_indent(node, lines))
    if isinstance(node, yaml.SequenceNode):
        # A child that failed to convert stays as None: its problem is already recorded.
        return Seq(tuple(_convert(child, name, problems, depth + 1, lines) for child in node.value), loc)
    items: dict[str, tuple[Scalar, Node | None]] = {}
    for key_node, value_node in node.value:
        key_loc = _loc(name, key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(key_loc, "a key must be plain text (found a list or mapping)")
            continue
        key = key_node.value
        if key in items:
            first = items[key][0].loc
            problems.add(key_loc, f"duplicate key '{key}' (first defined at line {first.line})")
            continue
        value = _convert(value_node, name, problems, depth + 1, lines)
        items[key] = (Scalar(key, key_loc, key_node.style is None, key_node.style), value)
    return Map(items, loc, bool(getattr(node, "flow_style", False)))
