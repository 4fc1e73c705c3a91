"""web/: the web edition: the pack's documents as HTML pages in a folder that stands on its own (pages, one
stylesheet, WOFF2 subsets of the pack's fonts, images), rendered from the kinds' own bodies and numbering.
HTML only: never WeasyPrint. May import: content/, revisions/, text/, kinds/, render/."""
