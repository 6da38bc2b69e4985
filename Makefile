# Kho tri thức Bảo vệ trẻ em — set-up and everyday commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test index eval clean bench soak

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

## eval: ranking figures on ../shared/bench/* and on the everyday-questions dev set over the library
## (bench/everyday, judged on content/; KB_CONTENT_DIR=... to use another library) into docs/benchmarks.md
eval: $(STAMP)
	for set in ../shared/bench/*/ bench/everyday/; do $(BIN)/kb eval "$$set" --report docs/benchmarks.md || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache

## bench: scale benchmark (ingest, search vs SQLite FTS5, HTTP, edit latency) -> docs/benchmarks.md
## BENCH_SIZE passages: 100000 (the default) takes about 40 min on 2 quiet cores; BENCH_SIZE=20000 about 10
BENCH_SIZE ?= 100000
BENCH_ARGS ?= --rounds 3
bench: $(STAMP)
	$(BIN)/python -m bench --size $(BENCH_SIZE) $(BENCH_ARGS)

## soak: the long reliability runs (600 SIGKILLs, minutes of concurrent editing, thousands of hostile inputs)
soak: $(STAMP)
	KB_SOAK=1 $(BIN)/pytest tests/reliability -m soak
