# Canada–Korea AI Co-operation, in data — every target sets itself up on a fresh clone.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Variant parameters (optional): make book PARTNER=JPN, make chapter CH=02 PARTNER=JPN START=2005.
# They reach the CLI only through the environment, taken unexpanded ($(value ...)), so neither the
# shell nor make ever parses a value: `make chapter PARTNER='KOR; touch x'` is just a bad country code.
export CKAIBOOK_CH := $(value CH)
export CKAIBOOK_HOME_ISO := $(value HOME_ISO)
export CKAIBOOK_PARTNER := $(value PARTNER)
export CKAIBOOK_START := $(value START)
export CKAIBOOK_END := $(value END)
# make would export command-line variables themselves too, expanding them (a `$(shell ...)` would run).
unexport CH HOME_ISO PARTNER START END

.PHONY: setup book data fetch diff test chapter variants params serve pdf bench clean

setup: $(STAMP)

$(STAMP): requirements.lock requirements-bootstrap.lock pyproject.toml
	@echo "==> setting up $(VENV) (Python 3.11, exact pins from requirements.lock)"
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	@set -o pipefail; $(BIN)/python -m pip install -q -r requirements-bootstrap.lock 2>&1 | { grep -v "is ignored:" || true; }
	@set -o pipefail; $(BIN)/python -m pip install -q -r requirements.lock 2>&1 | { grep -v "is ignored:" || true; }
	@set -o pipefail; $(BIN)/python -m pip install -q --no-deps --no-build-isolation -e . 2>&1 | { grep -v "is ignored:" || true; }
	@touch $(STAMP)

book: $(STAMP)
	@$(BIN)/ckaibook book --from-env

data: $(STAMP)
	@$(BIN)/ckaibook data

# Raw files into the cache (.raw-cache/, or CKAIBOOK_CACHE from the environment), verified by sha256.
fetch: $(STAMP)
	@$(BIN)/ckaibook fetch

# Markdown report of data/ against git HEAD (tables, rows, values, latest years, verdicts, chapters).
diff: $(STAMP)
	@$(BIN)/ckaibook diff

test: $(STAMP)
	@$(BIN)/python -m pytest

chapter: $(STAMP)
	@$(BIN)/ckaibook chapter --from-env

# Every chapter for CAN (or HOME_ISO) × each G20 and ASEAN economy with data, or one PARTNER;
# unchanged runs are skipped; prints pair × chapter → ok / failed (cell) / seconds.
variants: $(STAMP)
	@$(BIN)/ckaibook variants --from-env

params: $(STAMP)
	@$(BIN)/ckaibook params --from-env

serve: $(STAMP)
	@$(BIN)/ckaibook serve

pdf: $(STAMP)
	@$(BIN)/ckaibook pdf

bench: $(STAMP)
	@$(BIN)/ckaibook bench

clean:
	rm -rf _build runs .build-state
