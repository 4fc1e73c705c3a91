"""The registry of document kinds. ``register`` adds one; ``kind`` looks one up and refuses unknown names."""

from __future__ import annotations

from .base import DocumentKind

_REGISTRY: dict[str, DocumentKind] = {}


class UnknownKind(ValueError):
    pass


REQUIRED = ("name", "command", "help", "print_order")


def register(kind: DocumentKind) -> DocumentKind:
    """Add ``kind`` to the registry; a kind missing a declaration, or a name taken, is refused here."""
    missing = [attr for attr in REQUIRED if not hasattr(kind, attr)]
    if missing:
        raise TypeError(f"document kind {type(kind).__name__} does not declare {', '.join(missing)}")
    for other in _REGISTRY.values():
        if kind.name == other.name or kind.command == other.command:
            raise ValueError(f"document kind {kind.name!r} clashes with {other.name!r} (name or command)")
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def kind(name: str) -> DocumentKind:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownKind(f"unknown document kind {name!r} (registered: {', '.join(_REGISTRY)})") from None


def all_kinds() -> list[DocumentKind]:
    """Every registered kind, in registration order (the order documents are planned and listed)."""
    return list(_REGISTRY.values())


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def built_by_default() -> tuple[str, ...]:
    """The kinds `all` and `print` build: every kind except those made only on request."""
    return tuple(name for name, kind in _REGISTRY.items() if not kind.on_request)


def _register_builtin() -> None:
    from .changes import Changes
    from .concept_note import ConceptNote
    from .endnotes import Endnotes
    from .handout import Handout
    from .name_cards import NameCards
    from .packing_list import PackingList
    from .sign_in import SignInSheet

    for builtin in (ConceptNote(), Handout(), Endnotes(), Changes(), SignInSheet(), NameCards(), PackingList()):
        register(builtin)


_register_builtin()
