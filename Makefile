# The two commands of the README. Both set up what is missing first (scripts/setup.sh).
PY := .venv/bin/python
OUT ?= dist

.PHONY: pack test setup lint clean

pack: setup  ## set up, then build the default pack into dist/
	$(PY) build.py all --out $(OUT)

test: setup  ## set up, then lint, type-check, run the test suite and build the user guide strictly
	$(PY) -m ruff check briefpack tests benchmarks
	$(PY) -m mypy
	$(PY) -m pytest -q
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet --site-dir site

setup:
	@./scripts/setup.sh

lint: setup
	$(PY) -m ruff check briefpack tests benchmarks
	$(PY) -m mypy

clean:
	rm -rf $(OUT)
