"""content/: the pack folder read and checked: text files, YAML with positions, field declarations,
the validated model (frozen dataclasses), the roster, languages, Markdown parsed once.
May import: briefpack.errors, briefpack.problems."""
