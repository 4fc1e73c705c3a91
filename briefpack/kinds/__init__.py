"""kinds/: every document kind, one module each, the registry, and what is read off their
declarations (outputs of a build, editions, print order, envelopes, template views).
May import: content/, revisions/, text/."""
