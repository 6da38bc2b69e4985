# Kho tri thức Bảo vệ trẻ em — set-up and everyday commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint index eval clean bench soak system content
# Debian packages features need: OCR of scanned PDFs (Tesseract, its Vietnamese model, poppler's
# pdftoppm) and the font the OCR tests render their scans with.
DEBIAN_PACKAGES := tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

## system: install the Debian packages above that are missing
system:
	@missing=""; for package in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

$(STAMP): pyproject.toml | $(BIN)/python system
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: install, bring the index up to date with content/, serve on http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/kb index
	$(BIN)/kb serve --host 127.0.0.1 --port 5000

## lint: ruff (style and likely bugs) over the code and tests, mypy over kb/, ingest/ and search/
## (both configured in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check kb ingest search bench tests fuzz
	$(BIN)/mypy

## test: install (with Debian's chromium for browser tests), lint, and run the whole test suite with
## the doctests of the packages
test: lint
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/pytest

## content: regenerate content/ from ../shared (laws, administrative documents, seeds) with `kb ingest`;
## only documents it generated (front matter `origin`) are replaced, hand-written ones never
SHARED ?= ../shared
content: $(STAMP)
	$(BIN)/kb ingest --origin $(SHARED) $(SHARED)/corpus/laws/*/*.md $(SHARED)/corpus/admin/*_raw.md $(SHARED)/seeds

## index: rebuild the index from content/ into a new directory and swap it in
index: $(STAMP)
	$(BIN)/kb index --rebuild

## eval: ranking figures on ../shared/bench/* and on the everyday-questions dev set over the library
## (bench/everyday, judged on content/; KB_CONTENT_DIR=... to use another library) into docs/benchmarks.md
eval: $(STAMP)
	for set in ../shared/bench/*/ bench/everyday/; do $(BIN)/kb eval "$$set" --report docs/benchmarks.md || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache

## bench: scale benchmark (ingest, search vs SQLite FTS5, HTTP, edit latency) -> docs/benchmarks.md
## BENCH_SIZE passages: 100000 (the default) takes about 40 min on 2 quiet cores; BENCH_SIZE=20000 about 10
BENCH_SIZE ?= 100000
BENCH_ARGS ?= --rounds 3
bench: $(STAMP)
	$(BIN)/python -m bench --size $(BENCH_SIZE) $(BENCH_ARGS)

## soak: the long reliability runs (600 SIGKILLs, minutes of concurrent editing, thousands of hostile inputs)
soak: $(STAMP)
	KB_SOAK=1 $(BIN)/pytest tests/reliability -m soak
