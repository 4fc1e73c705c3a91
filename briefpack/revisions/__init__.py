"""revisions/: what a version of the pack said (its snapshot), what changed between two, and the change
bars. Pure functions. May import: content/."""
