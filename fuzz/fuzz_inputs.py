"""Coverage-guided fuzzing (atheris/libFuzzer) of everything that reads untrusted text or bytes.

Not part of the test suite (atheris is not a dependency). Run by hand::

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_inputs.py -max_total_time=300 -timeout=10 -rss_limit_mb=4096 fuzz/corpus

The first byte of each input picks the target: the Vietnamese analyzers, the query parser, the
front-matter parser, the date and legal-reference extractors, the readers and the whole ingest
pipeline. A target may refuse an input with the package's own error class (IngestError, KBError,
SearchError); any other exception, a string that is not valid Unicode, or an input that takes longer
than ``-timeout`` seconds is a crash and libFuzzer saves the input as ``crash-*`` / ``timeout-*``.
To fuzz on past a bug already reported, name its exception class in ``KB_FUZZ_KNOWN``
(comma-separated, e.g. ``KB_FUZZ_KNOWN=JSONDecodeError``): those are counted, not crashes.
Figures of the last run are in docs/reliability.md.
"""
from __future__ import annotations

import logging
import os
import sys

import atheris

with atheris.instrument_imports(include=["ingest", "search", "kb"]):
    from ingest.dates import extract_dates
    from ingest.errors import IngestError
    from ingest.legal import find_references
    from ingest.pipeline import ingest_bytes
    from ingest.readers import read_bytes
    from kb.documents.content import parse_document
    from kb.errors import KBError
    from search.analysis import plain_analyzer, vietnamese_analyzer
    from search.errors import SearchError
    from search.query import parse_query

log = logging.getLogger(__name__)
NAMES = ["a.txt", "a.md", "a.html", "a.docx", "a.pdf", "a"]
ANALYZERS = (vietnamese_analyzer(), plain_analyzer())
KNOWN = {name.strip() for name in os.environ.get("KB_FUZZ_KNOWN", "").split(",") if name.strip()}
known_hits: dict[str, int] = {}


def _valid(*texts: str) -> None:
    for text in texts:
        text.encode("utf-8")  # UnicodeEncodeError on a lone surrogate: a crash


def _analyze(text: str) -> None:
    for analyzer in ANALYZERS:
        _valid(*(t.text for t in analyzer(text)))


def _query(text: str) -> None:
    parsed = parse_query(text)
    _valid(parsed.text, *parsed.terms, *parsed.words)


def _document(text: str) -> None:
    _valid(parse_document(text, "tai-lieu").to_markdown())


def _dates(text: str) -> None:
    _valid(*(d.iso for d in extract_dates(text)))


def _references(text: str) -> None:
    _valid(*(r.text + r.number + r.title for r in find_references(text)))


TEXT_TARGETS = [_analyze, _query, _document, _dates, _references]


def test_one_input(data: bytes) -> None:
    """libFuzzer's entry point: run one target on one input."""
    provider = atheris.FuzzedDataProvider(data)
    choice = provider.ConsumeIntInRange(0, len(TEXT_TARGETS) + 1)
    try:
        if choice < len(TEXT_TARGETS):
            TEXT_TARGETS[choice](provider.ConsumeUnicodeNoSurrogates(provider.remaining_bytes()))
            return
        name = NAMES[provider.ConsumeIntInRange(0, len(NAMES) - 1)]
        payload = provider.ConsumeBytes(provider.remaining_bytes())
        if choice == len(TEXT_TARGETS):
            body, metadata = read_bytes(payload, name)
            _valid(body, *map(str, metadata.values()))
        else:
            draft = ingest_bytes(payload, name)
            _valid(draft.id, draft.body)
    except (IngestError, KBError, SearchError):
        return
    except Exception as exc:  # noqa: BLE001 - only bugs named in KB_FUZZ_KNOWN are let through
        if type(exc).__name__ not in KNOWN:
            raise
        known_hits[type(exc).__name__] = known_hits.get(type(exc).__name__, 0) + 1
        if known_hits[type(exc).__name__] in (1, 10, 100, 1000, 10000):
            log.critical("known bug %s hit %d times", type(exc).__name__, known_hits[type(exc).__name__])


def main() -> None:
    """Start libFuzzer with the command-line flags."""
    logging.basicConfig(level=logging.CRITICAL, format="%(message)s")
    logging.getLogger().setLevel(logging.CRITICAL)
    for name in ("ingest", "search", "kb"):
        logging.getLogger(name).disabled = True
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
