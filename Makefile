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

# Translations: `make messages` extracts the strings into planner/locale/*.pot and merges them into the
# Korean .po files; translate there, then `make catalogs` compiles the .mo files that ship in the package
# (tests/test_i18n.py fails while a .mo does not match its .po).
KEYWORDS := -k _ -k ngettext:1,2 -k N_ -k msg -k msgn:1,2
.PHONY: messages catalogs
messages: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml $(KEYWORDS) --no-location --sort-output --omit-header -o planner/locale/ui.pot planner/tui planner/cli.py planner/i18n.py
	$(BIN)/pybabel extract -F pyproject.toml $(KEYWORDS) --no-location --sort-output --omit-header -o planner/locale/reports.pot planner/domain planner/export planner/store planner/errors.py catalogs/regulations.toml catalogs/workload_kinds.toml catalogs/phases.toml catalogs/roles.toml catalogs/uncertainty.toml catalogs/providers.toml catalogs/cloud_models.toml catalogs/gpuaas.toml
	$(BIN)/pybabel update -D ui -i planner/locale/ui.pot -d planner/locale -l ko --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel update -D reports -i planner/locale/reports.pot -d planner/locale -l ko --no-fuzzy-matching --ignore-obsolete

# Compiled with Babel's write_mo rather than `pybabel compile`: its checker reads "35% off" in a catalog's text
# as a %-format and fails the build; the messages use {brace} parameters, which tests/test_i18n.py checks.
catalogs: $(STAMP)
	$(BIN)/python -c "from babel.messages.pofile import read_po; from babel.messages.mofile import write_mo; \
	[write_mo(open(f'planner/locale/ko/LC_MESSAGES/{d}.mo', 'wb'), read_po(open(f'planner/locale/ko/LC_MESSAGES/{d}.po', 'rb'))) for d in ('ui', 'reports')]"
