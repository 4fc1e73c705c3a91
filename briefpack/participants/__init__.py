"""participants/: personal data: personalised copies of handouts, stamped with each name.
May import: every layer below build/."""
