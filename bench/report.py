"""The report of ``make bench``: the figures of a run as the "Scale benchmark (make bench)" section
of docs/benchmarks.md (bench/run.py measures them)."""
from __future__ import annotations

import re
from pathlib import Path

from bench import http
from bench.corpus import PROJECT
from bench.helpers import ms

SECTION = "## Scale benchmark (make bench)"
DOC = PROJECT / "docs" / "benchmarks.md"


def _peak_mb(index_run: dict) -> float:
    """Peak memory of a rebuild's processes together (older runs: the largest process's RSS)."""
    kb = index_run.get("peak_pss_kb") or max(index_run["maxrss_kb"], index_run.get("children_maxrss_kb", 0))
    return kb / 1024


# -- profile --------------------------------------------------------------------------------------
def profile_top(stats_path: Path, lines: int = 12) -> str:
    import io
    import pstats

    out = io.StringIO()
    pstats.Stats(str(stats_path), stream=out).strip_dirs().sort_stats("tottime").print_stats(lines)
    text = out.getvalue()
    start = text.find("   ncalls")
    return text[start:].rstrip() if start >= 0 else text.rstrip()


# -- report ---------------------------------------------------------------------------------------
# What the profiles said when this benchmark was last changed (2026-12-04, 2 shared cores); the
# figures above are re-measured on every run, this analysis is not.
LIMITS = """\
**What changed, and what limits it now** (cProfile on corpora of this generator):

- *Search.* whoosh's own query evaluation stepped a tree of matchers posting by posting in
  Python: 73 % of the query mix's time went to building union matchers for the multi-field OR
  queries, and its p95 was 25 × FTS5's. Queries are now scored by search/vectorized.py: each
  term's posting list is read block by block into numpy arrays (kept per index segment), BM25F
  and the OR / DisMax / AND / NOT structure are array operations over all passages, phrases are
  term lookups in a `pairs` field of adjacent syllables (a typed phrase of three or more words is
  confirmed on the stored text of the passages holding all its pairs: the index keeps no
  positions), and grouping by document, sorting and facet counts are array
  operations too (search/grouping.py); idf values, "did you mean" spellings and confirmed phrases
  are kept per index version. The scores are whoosh's BM25F exactly (tests compare them),
  except that DisjunctionMax now follows its definition: whoosh's matcher ignored the tiebreak and,
  over three fields, could score a passage with another passage's clause; `make eval` gives the
  same nDCG@10 as before. Both engines are timed after one warm-up round of the mix. What remains
  is reading the posting lists of terms not yet cached. whoosh keeps each block as a pickled
  tuple of Python numbers, so a rebuild also writes each segment's lists of 1,024 postings or
  more as compressed arrays beside it (search/frequent_postings.py, about 4 % of the index),
  which a search reads without unpickling; shorter lists are read in one piece and their blocks
  decoded from memory (search/posting_arrays.py). A word's scores are computed once per query,
  however many of its clauses (phrases, accent-free reading, thesaurus) name it. A query of new
  words still looks each term up in every segment and costs about twice the warm figure; then
  highlighting the ten snippets, and, the first time a typed phrase of three or more words is
  asked, reading the candidate passages' text, where FTS5 reads positions in C.
- *HTTP.* Search is CPU-bound Python, and the interpreter lock lets one thread of a process
  compute at a time, so `kb serve` forks one gunicorn worker per core, each taking one request at a
  time (sync workers: a threaded worker also took a connection while it computed, and two searches
  then shared a core while the other idled): with as many clients as workers each request has a
  core to itself, and the p95 over HTTP adds only rendering
  the page (Jinja, about 25 KB) and HTTP to the in-process search; with 8 clients requests queue
  per worker (Little's law: p50 ≈ 8 / requests per second), and the figure to compare is requests
  per second with every core against one worker. The load generator shares the 2 cores. Each worker
  warms itself up before it accepts a connection (segmenter, searcher, a first search); a first
  query of words no warm-up read still pays for reading their posting lists. Every load is
  measured once each worker has answered the mix (bench/http.py `warm`), as the in-process figures
  are measured after one round of it.
- *Web worker memory.* One searcher per process (it was one per server thread), and segments
  written as separate files: whoosh copies each file of a compound segment into memory when it
  opens it, so every searcher held the whole index in RAM (about 290 MB each at 20,000 passages).
  Posting arrays are cached per segment within a fixed budget, and the content store keeps the
  bodies of recently read documents only (listings need metadata; at 100,000 passages every
  document's body held the worker at 550 MB).
- *Ingest.* Each of `KB_INDEX_PROCS` processes analyses its share of the documents once (the
  accent-free twin and the pairs come from one token stream) and writes whoosh segments of its own
  (search/segment_workers.py, search/segments.py): postings gathered in flat arrays, sorted by
  term once, handed to whoosh's codec a term at a time, in the bytes whoosh's own writer writes;
  one commit lists every segment. The garbage collector is frozen over what the workers inherit
  at the fork, so that its passes do not copy those pages into each worker (about 100 MB of the peak).
  whoosh's single pure-Python writer took 34 of 58 s of a 2,136-passage profile before. pyvi
  builds a dictionary of features per token and looks each neighbour up again, which took longer
  than its model's tagging: search/segmentation.py builds each token's features once and gives
  the model the same features (the labels are pyvi's, tests compare them), 2.1 to 2.3 × faster
  than pyvi's own tokenizer. The profile below now puts the model's tagging (crfsuite, in C), zlib and
  our tokenising on top. Text fields keep frequencies but no positions, which halved the index;
  the `pairs` field is still half the postings and most of the terms, the price of phrase queries
  that cost a lookup.
- *Edits.* A save commits its document as a small segment without merging (whoosh's merge of
  small segments walks every term of them, a second or more with the pairs field), and the
  small segments are merged in a background thread once there are six. A save of a legal text
  brings the legal library up to date (the validity of the texts it relates to); the library
  now reads again only the files that changed since it was built, where it read the metadata of
  every document (14,398 here) after each save.
"""


def render(r: dict) -> str:
    c, seg, ix, q, f, e = (r["corpus"], r["segmentation"], r["index"], r["whoosh"], r["fts"],
                           r.get("edit"))
    ingest_sps = c["syllables"] / ix["seconds"]
    lines = [
        SECTION,
        "",
        f"Run of {r['date']} on {r['machine']}: **{r['cores']} cores**, Python {r['python']}. "
        f"Corpus: {c['documents']:,} documents, **{c['passages']:,} passages**, {c['syllables']:,} "
        f"syllables (seed {r['seed']}, kinds {c['kinds']}), recombined from {c['sources']}. "
        f"Command: `{r['command']}`. Timings are wall-clock on a shared machine: the same step "
        "measured in two runs has differed by up to 2 × when other jobs ran, so read ratios within "
        "a run rather than absolute figures.",
        "",
        "| measure | figure | target (issue 7) | reached |",
        "| --- | --- | --- | --- |",
        f"| pyvi segmentation alone (`ViTokenizer.tokenize`), {r['cores']} processes | "
        f"{seg['syllables_per_s']:,.0f} syllables/s ({seg['seconds']:.1f} s) | — | — |",
        f"| the product's segmenter alone (search.segmentation: pyvi's model, features computed once "
        f"per token), {r['cores']} processes | {r['segmenter']['syllables_per_s']:,.0f} syllables/s "
        f"({r['segmenter']['seconds']:.1f} s) | — | — |" if r.get("segmenter") else None,
        f"| ingest: `KnowledgeBase.rebuild_index`, `KB_INDEX_PROCS={ix.get('procs', 1)}` | {c['documents'] / ix['seconds']:,.1f} documents/s, "
        f"{c['passages'] / ix['seconds']:,.0f} passages/s, {ingest_sps:,.0f} syllables/s "
        f"({ix['seconds']:.1f} s) | ≥ 0.5 × segmentation = {0.5 * seg['syllables_per_s']:,.0f} syllables/s (issue 18) "
        f"| {'yes' if ingest_sps >= 0.5 * seg['syllables_per_s'] else 'no'} "
        f"({ingest_sps / seg['syllables_per_s']:.2f} ×) |",
        f"| ingest, `KB_INDEX_PROCS={r['index_also']['procs']}`, same corpus | "
        f"{c['documents'] / r['index_also']['seconds']:,.1f} documents/s, "
        f"{c['syllables'] / r['index_also']['seconds']:,.0f} syllables/s ({r['index_also']['seconds']:.1f} s, "
        f"peak memory {_peak_mb(r['index_also']):,.0f} MB) | {ix.get('procs', 1)} processes ≥ 1.7 × faster "
        f"| {'yes' if r['index_also']['seconds'] >= 1.7 * ix['seconds'] else 'no'} "
        f"({r['index_also']['seconds'] / ix['seconds']:.2f} ×) |"
        if r.get("index_also") else None,
        f"| index size on disk | {ix['bytes'] / 1e6:,.1f} MB (FTS5 peer: {f['bytes'] / 1e6:,.1f} MB) "
        f"| ≤ 1.5 × FTS5 | {'yes' if ix['bytes'] <= 1.5 * f['bytes'] else 'no'} ({ix['bytes'] / f['bytes']:.2f} ×) |",
        f"| peak memory of the rebuild, all its processes (PSS, sampled) | {_peak_mb(ix):,.0f} MB "
        f"(largest process RSS: {max(ix['maxrss_kb'], ix.get('children_maxrss_kb', 0)) / 1024:,.0f} MB) "
        f"| ≤ 1 GB | {'yes' if _peak_mb(ix) <= 1024 else 'no'} |",
        f"| search, whoosh index, numpy scoring (facets + highlighted top 10, no result cache), {q['n']} queries | p50 {ms(q['p50'])} ms, "
        f"p95 {ms(q['p95'])} ms, p99 {ms(q['p99'])} ms | p95 ≤ FTS5 p95 | "
        f"{'yes' if q['p95'] <= f['p95'] else 'no'} ({q['p95'] / f['p95']:.1f} ×) |",
        f"| same query terms, SQLite FTS5 (bm25 top 10 + snippet + kind/year counts) | p50 {ms(f['p50'])} ms, "
        f"p95 {ms(f['p95'])} ms, p99 {ms(f['p99'])} ms | reference | — |",
    ]
    if r.get("http"):
        lines += http.render(r["http"], q["p95"])
    if e:
        remote = (f"; visible over HTTP to the running server: median {ms(e['http_median'])} ms, "
                  f"max {ms(e['http_max'])} ms" if "http_median" in e else "")
        lines.append(
            f"| edit → searchable ({e['trials']} edits, `KnowledgeBase.save`) | in-process: median "
            f"{ms(e['local_median'])} ms, max {ms(e['local_max'])} ms (save itself {ms(e['save_median'])} ms)"
            f"{remote} | < 1 s | {'yes' if max(e['local_max'], e.get('http_max', 0)) < 1 else 'no'} |")
    lines = [line for line in lines if line is not None]
    lines += ["", "p95 by query category (ms), whoosh / FTS5: " + ", ".join(
        f"{cat} {ms(v)} / {ms(f['by_category_p95'][cat])}" for cat, v in q["by_category_p95"].items()) + ".",
        "", f"FTS5 peer built in {f['seconds']:.1f} s (segmentation on {r['cores']} processes + inserts)."]
    lines += ["", LIMITS]
    if r.get("profile"):
        lines += ["", f"Top of the indexing profile (cProfile of a rebuild of the corpus' first "
                  f"{r['profile_passages']:,} passages, sorted by own time):",
                  "", "```", r["profile"], "```"]
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = DOC) -> None:
    """Replace (or append) this benchmark's section, leaving every other section as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        following = re.search(r"^## ", old[start + len(SECTION):], re.MULTILINE)
        end = start + len(SECTION) + following.start() if following else len(old)
        new = old[:start] + text + ("\n" + old[end:] if following else "")
    path.write_text(new, encoding="utf-8")
