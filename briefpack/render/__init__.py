"""render/: templates -> HTML: one Jinja environment, each document's context, draft marks.
May import: content/, revisions/, text/, kinds/."""
