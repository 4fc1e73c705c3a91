#!/usr/bin/env bash
# Set up everything briefpack needs on a fresh clone: the system libraries WeasyPrint uses (Debian/Ubuntu,
# installed with apt-get when missing and we are root), then a virtual environment in .venv with the project
# and its test tools. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pango renders text; HarfBuzz-subset roughly halves PDF writing time (WeasyPrint falls back to fontTools).
# fonts-noto-core and fonts-noto-cjk: the scripts beyond Latin, Greek and Cyrillic (the families styles/fonts.toml
# declares, found by name through fontconfig: only a pack in those scripts needs them, and the tests do);
# poppler-utils: pdftotext and pdffonts, which the tests use to read the PDFs as a reader would;
# git: `changes --since git:REV` reads an earlier version with git itself;
# chromium and chromium-driver: the tests read the web edition in a real browser, with axe-core (not needed to build).
SYSTEM_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-core fonts-noto-cjk
                 poppler-utils git chromium chromium-driver)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages first: ${missing[*]}" >&2
    echo "       e.g. sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.briefpack-installed
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing briefpack and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$want" > "$stamp"
fi
