# Quick start: `make run` opens the app on the example plan; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planner

test: $(STAMP)
	$(BIN)/python -m pytest

fuzz: $(STAMP)
	PLANNER_FUZZ_EXAMPLES=5000 PLANNER_FUZZ_CATALOGS=500 $(BIN)/python -m pytest -n 0 tests/test_fuzz.py -q -s

bench: $(STAMP)
	$(BIN)/python -m pytest -o addopts="" -p no:cacheprovider tests/bench -q -s

clean:
	rm -rf $(VENV) build dist *.egg-info
