"""text/: what is read off the pack's texts: note numbering, the content lint, font coverage, QR codes;
and the prepared pack (prepare). May import: content/, revisions/."""
