"""cli/: the command line, a shell over build/: options in, a build called, a summary out.
May import: everything."""
