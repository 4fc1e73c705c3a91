"""``briefpack import``: turn an organiser's Word (.docx) or Markdown concept note into a pack folder.
May import: content/, text/."""
