"""The registry of document kinds: an object a build is given (``Options.registry``), never a global.
``register`` adds a kind; ``kind`` looks one up and refuses unknown names."""

from __future__ import annotations

from collections.abc import Iterable

from ..content.fields import PackFields
from .base import DocumentKind, PersonalOutputs


class UnknownKind(ValueError):
    pass


REQUIRED = ("name", "command", "help", "print_order")


class Registry:
    """The document kinds one build knows, in registration order (the order documents are planned and listed)."""

    def __init__(self, kinds: Iterable[DocumentKind] = ()):
        self._kinds: dict[str, DocumentKind] = {}
        for kind in kinds:
            self.register(kind)

    def register(self, kind: DocumentKind) -> DocumentKind:
        """Add ``kind``; a kind missing a declaration, or a name taken, is refused here."""
        missing = [attr for attr in REQUIRED if not hasattr(kind, attr)]
        if missing:
            raise TypeError(f"document kind {type(kind).__name__} does not declare {', '.join(missing)}")
        for other in self._kinds.values():
            if kind.name == other.name or kind.command == other.command:
                raise ValueError(f"document kind {kind.name!r} clashes with {other.name!r} (name or command)")
        self._kinds[kind.name] = kind
        return kind

    def kind(self, name: str) -> DocumentKind:
        try:
            return self._kinds[name]
        except KeyError:
            raise UnknownKind(f"unknown document kind {name!r} (registered: {', '.join(self._kinds)})") from None

    def all_kinds(self) -> list[DocumentKind]:
        return list(self._kinds.values())

    def names(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def built_by_default(self) -> tuple[str, ...]:
        """The kinds `all` and `print` build: every kind except those made only on request."""
        return tuple(name for name, kind in self._kinds.items() if not kind.on_request)

    def made_on_request(self, kind_name: str) -> bool:
        """Outputs of kinds built only on request (the changes document) outlive complete builds."""
        return kind_name in self._kinds and kind_name not in self.built_by_default()

    def pack_fields(self) -> PackFields:
        """What the kinds add to pack.yaml and to the built-in words, for the reader, the schemas and the reference."""
        return PackFields(tuple(kind.fields for kind in self._kinds.values()))

    def personal_outputs(self) -> dict[str, PersonalOutputs]:
        """{kind name: its personal outputs} of the kinds that have them."""
        return {name: kind.personal for name, kind in self._kinds.items() if kind.personal is not None}
