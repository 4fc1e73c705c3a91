"""The built-in document kinds, as a registry: what the CLI and a build use unless given another."""

from __future__ import annotations

from .changes import Changes
from .concept_note import ConceptNote
from .endnotes import Endnotes
from .handout import Handout
from .name_cards import NameCards
from .packing_list import PackingList
from .registry import Registry
from .sign_in import SignInSheet


def builtin_registry() -> Registry:
    """A new registry of the built-in kinds; the packing list lists what the registry's other kinds hand out."""
    registry = Registry([ConceptNote(), Handout(), Endnotes(), Changes(), SignInSheet(), NameCards()])
    registry.register(PackingList(registry))
    return registry
