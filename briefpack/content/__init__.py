"""content/: the pack folder read and checked: text files, YAML with positions, field declarations,
the validated model (frozen dataclasses), every text of it with its place (texts.py), the roster, languages,
Markdown parsed once.
May import: briefpack.errors, briefpack.problems."""
