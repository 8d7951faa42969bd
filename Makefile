# Canada–Korea AI Co-operation, in data — every target sets itself up on a fresh clone.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Variant parameters (optional): make book PARTNER=JPN, make chapter CH=02 PARTNER=JPN START=2005
CH ?=
HOME_ISO ?=
PARTNER ?=
START ?=
END ?=
VARIANT_ARGS := $(if $(HOME_ISO),--home $(HOME_ISO)) $(if $(PARTNER),--partner $(PARTNER)) $(if $(START),--start-year $(START)) $(if $(END),--end-year $(END))

.PHONY: setup book data test chapter params serve pdf bench clean

setup: $(STAMP)

$(STAMP): requirements.lock requirements-bootstrap.lock pyproject.toml
	@echo "==> setting up $(VENV) (Python 3.11, exact pins from requirements.lock)"
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	@set -o pipefail; $(BIN)/python -m pip install -q -r requirements-bootstrap.lock 2>&1 | { grep -v "is ignored:" || true; }
	@set -o pipefail; $(BIN)/python -m pip install -q -r requirements.lock 2>&1 | { grep -v "is ignored:" || true; }
	@set -o pipefail; $(BIN)/python -m pip install -q --no-deps --no-build-isolation -e . 2>&1 | { grep -v "is ignored:" || true; }
	@touch $(STAMP)

book: $(STAMP)
	@$(BIN)/ckaibook book $(VARIANT_ARGS)

data: $(STAMP)
	@$(BIN)/ckaibook data

test: $(STAMP)
	@$(BIN)/python -m pytest

chapter: $(STAMP)
	@$(BIN)/ckaibook chapter $(CH) $(VARIANT_ARGS)

params: $(STAMP)
	@$(BIN)/ckaibook params $(CH)

serve: $(STAMP)
	@$(BIN)/ckaibook serve

pdf: $(STAMP)
	@$(BIN)/ckaibook pdf

bench: $(STAMP)
	@$(BIN)/ckaibook bench

clean:
	rm -rf _build runs .build-state
