"""``briefpack import``: turn an organiser's Word (.docx) or Markdown concept note, in any of the twelve built-in
languages (words.py), into a pack folder; re-import a revised source into it, keeping the hand edits (merge.py).
May import: content/, text/, output/ (the transaction's signal guard), build/ (the editors' schemas)."""
