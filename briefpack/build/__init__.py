"""build/: one build: options, load -> plan -> HTML -> PDF -> print order -> commit, the snapshot, the
earlier version, reprints; the editor schemas and the starter pack.
May import: every layer below."""
