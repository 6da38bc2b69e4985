# Kho tri thức Bảo vệ trẻ em — set-up and everyday commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test index clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: install, bring the index up to date with content/, serve on http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/kb index
	$(BIN)/kb serve --host 127.0.0.1 --port 5000

## test: install (with Debian's chromium for browser tests) and run the whole test suite
test: $(STAMP)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/pytest

## index: rebuild the index from content/ into a new directory and swap it in
index: $(STAMP)
	$(BIN)/kb index --rebuild

clean:
	rm -rf $(VENV) instance .pytest_cache
