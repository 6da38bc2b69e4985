"""``make bench``: ingest, search, HTTP and edit-latency figures on a deterministic scale corpus.

    .venv/bin/python -m bench --size 100000      # the full run of issue 7
    make bench                                   # the same, the Makefile's default size
    make bench BENCH_SIZE=20000                  # a quicker run (about 10 min)

Steps (all in one run, on the same corpus and queries):

1. a seeded corpus of ``--size`` passages recombined from real text (bench/corpus.py);
2. pyvi segmentation alone (``ViTokenizer.tokenize``) over the indexed texts on all cores, and the
   product's segmenter on the same texts (cache cleared), then
   ``KnowledgeBase.rebuild_index`` in a child process (documents/s, syllables/s, peak RSS);
3. index size on disk;
4. a fixed query mix through ``SearchEngine.search`` (facets + highlighted top 10) and the same
   query terms on SQLite FTS5 over the same segmented text;
5. ``kb serve`` (gunicorn workers) on 127.0.0.1 under load on ``/search`` (bench/http.py);
6. time from ``KnowledgeBase.save`` of an edited document to it being found, in-process and over HTTP.

The figures are printed and written to the "Scale benchmark (make bench)" section of
docs/benchmarks.md (other sections of that file are left as they are).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import http
from bench.corpus import PROJECT, load_material, write_corpus
from bench.helpers import child_pids, log, percentile
from bench.report import DOC, profile_top, render, write_section

# The fixed query mix: (category, query). Filters use the query language of search/query.py.
QUERIES: list[tuple[str, str]] = [
    ("short", "trẻ em"),
    ("short", "xâm hại"),
    ("short", "con nuôi"),
    ("short", "trợ giúp pháp lý"),
    ("short", "bạo lực gia đình"),
    ("short", "người cao tuổi"),
    ("short", "khuyết tật"),
    ("short", "quản lý trường hợp"),
    ("question", "trẻ em bị xâm hại tình dục thì cần báo cho cơ quan nào"),
    ("question", "thủ tục đăng ký nhận con nuôi trong nước cần những giấy tờ gì"),
    ("question", "người khuyết tật nặng được hưởng trợ cấp xã hội hằng tháng bao nhiêu"),
    ("question", "ai có trách nhiệm chăm sóc thay thế cho trẻ em mồ côi không nơi nương tựa"),
    ("question", "quyền và nghĩa vụ của cha mẹ sau khi ly hôn đối với con chưa thành niên"),
    ("question", "hồ sơ đề nghị trợ giúp pháp lý gồm những gì"),
    ("accent-free", "tre em bi xam hai"),
    ("accent-free", "cham soc thay the"),
    ("accent-free", "tro cap xa hoi hang thang"),
    ("accent-free", "bao ve tre em tren moi truong mang"),
    ("accent-free", "nhan con nuoi nuoc ngoai"),
    ("phrase", '"trẻ em có hoàn cảnh đặc biệt"'),
    ("phrase", '"bạo lực gia đình"'),
    ("phrase", '"chăm sóc thay thế" gia đình'),
    ("phrase", '"người khuyết tật"'),
    ("filter", "bảo vệ trẻ em kind:law"),
    ("filter", "tập huấn kind:workshop"),
    ("filter", "trợ giúp xã hội year:2018"),
    ("filter", "con nuôi kind:law year:2015"),
    ("filter", "xam hai kind:news"),
]


# -- small helpers --------------------------------------------------------------------------------
def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- the texts that indexing segments ------------------------------------------------------------
_SYLLABLE = re.compile(r"\w+")


def indexed_texts(content_dir: Path) -> tuple[list[str], int, int]:
    """The distinct texts indexing analyses (title once per document, each passage's heading and
    body), the number of documents and of passages."""
    from kb.documents.content import ContentStore
    from search.indexing import passage_fields

    texts: list[str] = []
    docs = passages = 0
    for document in ContentStore(content_dir).all():
        docs += 1
        fields = passage_fields(document.to_dict())
        passages += len(fields)
        texts.append(document.title)
        for f in fields:
            if f["heading"]:
                texts.append(f["heading_plain"])
            texts.append(f["body"])
    return texts, docs, passages


def _seg_init() -> None:
    from pyvi.ViTokenizer import ViTokenizer
    from search import segmentation

    segmentation.segment("khởi động mô hình")  # load pyvi's model outside the timed part
    segmentation._labels.cache_clear()
    ViTokenizer.tokenize("khởi động mô hình")


def _pyvi_count(texts: list[str]) -> int:
    from pyvi.ViTokenizer import ViTokenizer

    for text in texts:
        ViTokenizer.tokenize(text)
    return sum(len(_SYLLABLE.findall(text)) for text in texts)


def _seg_count(texts: list[str]) -> int:
    from search.segmentation import segment

    return sum(len(w.spans) for text in texts for w in segment(text))


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def segmentation_throughput(texts: list[str], procs: int, product: bool = False) -> dict:
    """Segmentation alone on ``procs`` cores: pyvi's own ``ViTokenizer.tokenize``, the yardstick
    of issue 18, or with ``product`` the product's segmenter (search.segmentation: pyvi's model,
    its features computed once per token; cache cleared)."""
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(procs, initializer=_seg_init) as pool:
        pool.map(time.sleep, [0.2] * procs)  # wait until every worker has loaded the model
        started = time.perf_counter()
        syllables = sum(pool.map(_seg_count if product else _pyvi_count, _chunks(texts, 200), chunksize=1))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "syllables": syllables, "syllables_per_s": syllables / seconds}


# -- SQLite FTS5, the reference peer --------------------------------------------------------------
def _fts_tokens(text: str, accent_free: bool) -> list[str]:
    """Segmented words, normalised as the index normalises them, syllables joined by ``_``."""
    from search.normalize import normalize_token, strip_diacritics
    from search.segmentation import segment

    words = ["_".join(normalize_token(text[s:e]) for s, e in w.spans) for w in segment(text)]
    return [strip_diacritics(w) for w in words] if accent_free else words


def _fts_rows(batch: list[tuple]) -> list[tuple]:
    from search.normalize import strip_diacritics

    rows = []
    for doc_id, kind, year, tags, title, heading, body in batch:
        seg = [" ".join(_fts_tokens(t, False)) for t in (title, heading, body)]
        plain = [strip_diacritics(s) for s in seg]  # đ -> d; unicode61 folds the other marks too
        rows.append((doc_id, kind, year, tags, *seg, *plain))
    return rows


def build_fts(content_dir: Path, db_path: Path, procs: int) -> dict:
    """Two FTS5 tables over the same passages: accented (remove_diacritics 0) and accent-free
    (remove_diacritics 2), over pyvi-segmented text whose words are joined with ``_``."""
    from kb.documents.content import ContentStore
    from search.indexing import passage_fields

    batch, batches = [], []
    for document in ContentStore(content_dir).all():
        for f in passage_fields(document.to_dict()):
            batch.append((f["doc_id"], f["kind"], f["year"], f["tags"], f["title"], f["heading_plain"],
                          f["body"]))
            if len(batch) == 200:
                batches.append(batch)
                batch = []
    if batch:
        batches.append(batch)
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    for table, folding in (("acc", 0), ("plain", 2)):
        con.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(doc_id UNINDEXED, kind UNINDEXED, "
                    f"year UNINDEXED, tags UNINDEXED, title, heading, body, "
                    f"tokenize = \"unicode61 remove_diacritics {folding} tokenchars '_'\")")
    started = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(procs, initializer=_seg_init) as pool:
        for rows in pool.imap(_fts_rows, batches):
            con.executemany("INSERT INTO acc VALUES (?,?,?,?,?,?,?)", [r[:7] for r in rows])
            con.executemany("INSERT INTO plain VALUES (?,?,?,?,?,?,?)", [r[:4] + r[7:] for r in rows])
    con.execute("INSERT INTO acc(acc) VALUES ('optimize')")
    con.execute("INSERT INTO plain(plain) VALUES ('optimize')")
    con.commit()
    con.close()
    return {"seconds": time.perf_counter() - started, "bytes": db_path.stat().st_size}


_FILTER_RE = re.compile(r"\b(kind|year):(\S+)")
_PHRASE_RE = re.compile(r'"([^"]*)"')


def fts_query(text: str) -> tuple[str, str, dict[str, str]]:
    """The same query terms as an FTS5 MATCH expression: phrases required, words OR-ed
    (stop words dropped, as search/query.py drops them), kind/year as column filters."""
    from search.normalize import strip_diacritics
    from search.query import STOP_WORDS

    filters = dict(_FILTER_RE.findall(text))
    text = _FILTER_RE.sub(" ", text)
    accent_free = strip_diacritics(text) == text
    stops = {strip_diacritics(w) for w in STOP_WORDS} if accent_free else STOP_WORDS
    phrases = [" ".join(_fts_tokens(p, accent_free)) for p in _PHRASE_RE.findall(text)]
    words = [w for w in _fts_tokens(_PHRASE_RE.sub(" ", text), accent_free) if w not in stops]
    clauses = [f'"{p}"' for p in phrases if p]
    if words:
        clauses.append("(" + " OR ".join(f'"{w}"' for w in dict.fromkeys(words)) + ")")
    return " AND ".join(clauses), ("plain" if accent_free else "acc"), filters


def fts_search(con: sqlite3.Connection, text: str) -> int:
    """Top 10 passages by bm25 (title 3, heading 2, body 1) with a highlighted snippet, plus
    matching documents per kind and per year (the facets); returns the number of documents."""
    match, table, filters = fts_query(text)
    where = f"{table} MATCH ?" + "".join(f" AND {k} = ?" for k in filters)
    args = [match, *filters.values()]
    con.execute(f"SELECT doc_id, title, snippet({table}, 6, '<mark>', '</mark>', '…', 24), "
                f"bm25({table}, 3.0, 2.0, 1.0) AS r FROM {table} WHERE {where} ORDER BY r LIMIT 10",
                args).fetchall()
    con.execute(f"SELECT kind, COUNT(DISTINCT doc_id) FROM {table} WHERE {where} GROUP BY kind",
                args).fetchall()
    con.execute(f"SELECT year, COUNT(DISTINCT doc_id) FROM {table} WHERE {where} GROUP BY year",
                args).fetchall()
    return con.execute(f"SELECT COUNT(DISTINCT doc_id) FROM {table} WHERE {where}", args).fetchone()[0]


# -- latency of a query mix -----------------------------------------------------------------------
def time_queries(run, rounds: int) -> dict:
    for _, q in QUERIES:  # warm-up: open searchers, fill caches, as a running server would be
        run(q)
    samples: list[float] = []
    by_category: dict[str, list[float]] = {}
    for _ in range(rounds):
        for category, q in QUERIES:
            started = time.perf_counter()
            run(q)
            elapsed = time.perf_counter() - started
            samples.append(elapsed)
            by_category.setdefault(category, []).append(elapsed)
    return {"n": len(samples), "p50": percentile(samples, 50), "p95": percentile(samples, 95),
            "p99": percentile(samples, 99), "mean": statistics.fmean(samples),
            "by_category_p95": {c: percentile(v, 95) for c, v in by_category.items()}}


def edit_to_searchable(kb, base: str | None, trials: int = 5) -> dict:
    """Append a unique word to a document, save it, and time until search finds it."""
    from kb.documents.library import library_for

    library_for(kb.content)  # read at start-up by kb serve's workers (kb.web.server.warm_up)
    ids = sorted(kb.content.ids())
    saves, local, remote = [], [], []
    for trial in range(trials):
        word = f"zqx{trial}{os.getpid()}kiemtra"
        doc = kb.content.get(ids[(trial * 7919) % len(ids)])
        doc.body = f"{doc.body}\n\nĐoạn kiểm tra {word}."
        started = time.perf_counter()
        kb.save(doc)
        saves.append(time.perf_counter() - started)
        while not kb.engine.search(word, with_facets=False).hits:
            if time.perf_counter() - started > 30:
                raise RuntimeError("edited document not searchable in-process after 30 s")
        local.append(time.perf_counter() - started)
        if base:
            url = f"{base}/api/search?q={word}"
            while not json.loads(http.get(url)).get("total"):
                if time.perf_counter() - started > 30:
                    raise RuntimeError("edited document not searchable over HTTP after 30 s")
                time.sleep(0.01)
            remote.append(time.perf_counter() - started)
    result = {"trials": trials, "save_median": statistics.median(saves), "save_max": max(saves),
              "local_median": statistics.median(local), "local_max": max(local)}
    if remote:
        result.update(http_median=statistics.median(remote), http_max=max(remote))
    return result


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process: pages shared by forked workers (pyvi's model) count
    once across the processes that share them, unlike RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        return 0


def _process_tree(pid: int) -> list[int]:
    return [pid] + [p for kid in child_pids(pid) for p in _process_tree(kid)]


def index_in_child(content: Path, instance: Path, procs: int) -> dict:
    """Rebuild in a child process (bench.child), sampling the memory of it and its workers
    together every 0.2 s: sampling from a thread of the child would make it index serially."""
    child = subprocess.Popen([sys.executable, "-m", "bench.child", str(content), str(instance)],
                             stdout=subprocess.PIPE, text=True, cwd=PROJECT,
                             env={**os.environ, "KB_INDEX_PROCS": str(procs)})
    peak = 0
    while child.poll() is None:
        peak = max(peak, sum(_pss_kb(p) for p in _process_tree(child.pid)))
        time.sleep(0.2)
    out = child.communicate()[0]
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, child.args)
    return {**json.loads(out.strip().splitlines()[-1]), "procs": procs, "peak_pss_kb": peak}


# -- main -----------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="passages in the corpus (100000)")
    parser.add_argument("--seed", type=int, default=20161)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the query mix (5)")
    parser.add_argument("--http-seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="kb serve --workers for the HTTP figures (default: one per core)")
    parser.add_argument("--workdir", type=Path, help="keep corpus, index and FTS5 db here")
    parser.add_argument("--profile-passages", type=int, default=2000,
                        help="profile a rebuild of the corpus' first N passages with cProfile (0: off)")
    parser.add_argument("--index-procs", type=int,
                        default=int(os.environ.get("KB_INDEX_PROCS") or os.cpu_count() or 1),
                        help="KB_INDEX_PROCS for the measured rebuild (default: every core)")
    parser.add_argument("--also-procs", type=int, default=1,
                        help="also time a rebuild with KB_INDEX_PROCS=N, for comparison (1: "
                             "analysis in the writer's process; 0: skip)")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    content, instance = work / "content", work / "instance"
    shutil.rmtree(content, ignore_errors=True)
    shutil.rmtree(instance, ignore_errors=True)
    report: dict = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                    "cores": cores, "python": platform.python_version(),
                    "machine": f"{platform.system()} {platform.machine()}", "seed": args.seed,
                    "command": f"python -m bench --size {args.size}"}
    server = None
    try:
        log(f"corpus of {args.size} passages in {content}")
        corpus = write_corpus(content, args.size, args.seed, load_material())
        texts, docs, passages = indexed_texts(content)
        corpus.update(documents=docs, passages=passages,
                      syllables=sum(len(_SYLLABLE.findall(t)) for t in texts))
        report["corpus"] = corpus
        log(f"{docs} documents, {passages} passages, {corpus['syllables']} syllables")

        log(f"pyvi segmentation alone on {cores} processes")
        report["segmentation"] = segmentation_throughput(texts, cores)
        log(f"the product's segmenter alone on {cores} processes")
        report["segmenter"] = segmentation_throughput(texts, cores, product=True)
        del texts

        log(f"indexing (KnowledgeBase.rebuild_index in a child process, KB_INDEX_PROCS={args.index_procs})")
        report["index"] = index_in_child(content, instance, args.index_procs)
        report["index"]["bytes"] = dir_size(instance / "index")
        log(f"indexed in {report['index']['seconds']:.1f} s")
        if args.also_procs and args.also_procs != args.index_procs:
            log(f"indexing again with KB_INDEX_PROCS={args.also_procs}")
            report["index_also"] = index_in_child(content, work / "instance-also", args.also_procs)
            shutil.rmtree(work / "instance-also", ignore_errors=True)
            log(f"indexed in {report['index_also']['seconds']:.1f} s")

        if args.profile_passages:
            log(f"profiling a rebuild of the first {args.profile_passages} passages")
            subset = work / "profile-content"
            shutil.rmtree(subset, ignore_errors=True)
            subset.mkdir()
            count = 0
            for path in sorted(content.glob("bench-*.md")):
                if count >= args.profile_passages:
                    break
                shutil.copy(path, subset / path.name)
                from kb.documents.content import parse_document
                from search.passages import split_passages
                count += len(split_passages(parse_document(path.read_text(encoding="utf-8")).body)) or 1
            stats = work / "index.prof"
            subprocess.run([sys.executable, "-m", "bench.child", str(subset), str(work / "instance-prof"),
                            str(stats)], check=True, capture_output=True, cwd=PROJECT,
                           env={**os.environ, "KB_INDEX_PROCS": "1"})  # the analysis, in-process
            report["profile"] = profile_top(stats)
            report["profile_passages"] = count
            shutil.rmtree(work / "instance-prof", ignore_errors=True)

        log("SQLite FTS5 peer")
        db = work / "fts.sqlite3"
        fts = build_fts(content, db, cores)

        from kb.knowledge_base import KnowledgeBase

        kb = KnowledgeBase(content, instance)
        kb.engine.cache_size = 0  # the engine's own speed: no result cache, every query computed
        log("query mix: whoosh")
        report["whoosh"] = time_queries(lambda q: kb.engine.search(q), args.rounds)
        log("query mix: FTS5")
        con = sqlite3.connect(db, check_same_thread=False)
        fts.update(time_queries(lambda q: fts_search(con, q), args.rounds))
        report["fts"] = fts
        con.close()

        base = None
        if not args.no_http:
            report["http"], server = http.measure(content, instance, [q for _, q in QUERIES],
                                                  args.http_seconds, args.clients, args.workers)
            base = server.base
        log("edit -> searchable")
        report["edit"] = edit_to_searchable(kb, base)
    finally:
        if server:
            server.stop()
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    text = render(report)
    print(text)
    print(json.dumps(report, indent=1, default=str), file=sys.stderr)
    if not args.no_write:
        write_section(text)
        log(f"written to {DOC.relative_to(PROJECT)}")
    return 0
