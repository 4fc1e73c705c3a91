#!/usr/bin/env python3
"""Launcher: ``python build.py all``. The work is in the briefpack package."""

from briefpack.cli.main import run

if __name__ == "__main__":
    run()
