"""The HTTP part of ``make bench``: ``kb serve`` (gunicorn workers) under load on 127.0.0.1.

Figures, all on ``/search`` with the result cache off unless said otherwise (``KB_SEARCH_CACHE=0``:
every request computes its search):

- first-query latency: one search, not among the warm-up's, right after every worker of a fresh
  start said it was warmed up;
- as many concurrent clients as workers (``--workers`` = cores): p95 against the in-process p95,
  both measured once the query mix has been answered by the process that answers it (:func:`warm`);
- 8 clients: requests per second with ``--workers`` = cores against ``--workers 1``;
- 8 clients with the result cache on (the default), and the memory of one worker.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench.helpers import child_pids, free_port, log, ms, percentile

START_SECONDS = 600  # warming up workers over a 100,000-passage index on a busy machine
FIRST_QUERY = "chế độ trợ cấp cho trẻ em mồ côi"  # not one of kb.web.server's warm-up queries


def get(url: str) -> bytes:
    """The body of a GET."""
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


class Server:
    """``kb serve`` in a subprocess; ready when every worker has logged its warm-up."""

    def __init__(self, content: Path, instance: Path, workers: int, cache: bool):
        kb_cmd = Path(sys.executable).parent / "kb"
        cmd = [str(kb_cmd)] if kb_cmd.exists() else [sys.executable, "-m", "kb.cli"]
        env = {**os.environ, "KB_LOG_LEVEL": "INFO", "KB_ACCESS_LOG": "false", "KB_LOG_JSON": "false"}
        if not cache:
            env["KB_SEARCH_CACHE"] = "0"
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.workers = workers
        self.process = subprocess.Popen(
            [*cmd, "--content", str(content), "--instance", str(instance), "serve", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        warm = threading.Semaphore(0)

        def read() -> None:
            for line in self.process.stderr:
                self.lines.append(line)
                if "warmed up in" in line:
                    warm.release()
        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + START_SECONDS
        for _ in range(workers):
            if not warm.acquire(timeout=max(0.0, deadline - time.monotonic())):
                self.stop()
                raise RuntimeError("kb serve did not warm up: " + "".join(self.lines[-20:]))

    def worker_rss_kb(self) -> dict[str, int]:
        """VmRSS and VmHWM of the largest worker (the master only forks)."""
        readings = [_rss_kb(pid) for pid in child_pids(self.process.pid) or [self.process.pid]]
        return max(readings, key=lambda r: r.get("VmHWM", 0))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _rss_kb(pid: int) -> dict[str, int]:
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line.split(":")[0]] = int(line.split()[1])
    return found


def _concurrently(clients: int, work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def warm(urls: list[str], workers: int) -> None:
    """The query mix sent ``workers + 1`` times by ``workers`` concurrent clients, unmeasured.

    The in-process figures are measured after one round of the mix, so each query has been seen
    by the process that answers it. Over HTTP each worker has its own caches and gunicorn picks
    the worker that answers, so one round would leave each worker cold for about half the queries;
    with ``workers + 1`` rounds from ``workers`` clients a worker has most likely seen each query
    (it misses one with a probability of about (1 - 1/workers) ** (workers * (workers + 1))).
    """
    _concurrently(workers, lambda k: [get(url) for _ in range(workers + 1) for url in urls[k:] + urls[:k]])


def load(base: str, queries: list[str], seconds: float, clients: int, workers: int) -> dict:
    """``clients`` threads sending the query mix back to back for ``seconds`` to a server of
    ``workers`` workers, once they are warm (:func:`warm`)."""
    urls = [f"{base}/search?q={urllib.parse.quote(q)}" for q in queries]
    warm(urls, workers)
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        i, mine = offset, []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                get(urls[i % len(urls)])
                mine.append(time.perf_counter() - started)
            except OSError:
                with lock:
                    errors[0] += 1
            i += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    _concurrently(clients, lambda k: client(k * 3))
    elapsed = time.perf_counter() - started
    return {"clients": clients, "requests": len(latencies), "errors": errors[0], "seconds": elapsed,
            "rps": len(latencies) / elapsed, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "p99": percentile(latencies, 99)}


def measure(content: Path, instance: Path, queries: list[str], seconds: float, clients: int,
            workers: int) -> tuple[dict, Server]:
    """Every HTTP figure; returns them and the server left running (result cache on) for the
    edit-to-searchable step, which the caller stops."""
    figures: dict = {"workers": workers}
    log(f"kb serve --workers {workers}, result cache off: first query, {workers} and {clients} clients")
    server = Server(content, instance, workers, cache=False)
    try:
        started = time.perf_counter()
        get(f"{server.base}/search?q={urllib.parse.quote(FIRST_QUERY)}")
        figures["first_query"] = time.perf_counter() - started
        figures["per_core"] = load(server.base, queries, seconds, workers, workers)
        figures["many"] = load(server.base, queries, seconds, clients, workers)
        figures["many"].update(server.worker_rss_kb())
    finally:
        server.stop()
    log(f"kb serve --workers 1, result cache off: {clients} clients")
    server = Server(content, instance, 1, cache=False)
    try:
        figures["one_worker"] = load(server.base, queries, seconds, clients, 1)
    finally:
        server.stop()
    log(f"kb serve --workers {workers}, result cache on: {clients} clients")
    server = Server(content, instance, workers, cache=True)
    figures["cached"] = load(server.base, queries, seconds, clients, workers)
    return figures, server


def _load_cell(h: dict) -> str:
    return (f"{h['rps']:.1f} requests/s, p50 {ms(h['p50'])} ms, p95 {ms(h['p95'])} ms, p99 {ms(h['p99'])} ms "
            f"({h['requests']} requests, {h['errors']} errors)")


def render(h: dict, in_process_p95: float) -> list[str]:
    """The HTTP rows of the benchmark's table (measure | figure | target | reached)."""
    n, per_core, many, one, cached = h["workers"], h["per_core"], h["many"], h["one_worker"], h["cached"]
    ratio, speedup = per_core["p95"] / in_process_p95, many["rps"] / one["rps"]
    return [
        f"| first `/search` after a start (every worker warmed up) | {ms(h['first_query'])} ms | < 200 ms | "
        f"{'yes' if h['first_query'] < 0.2 else 'no'} |",
        f"| `/search` over HTTP, gunicorn `--workers {n}`, {n} clients × {per_core['seconds']:.0f} s, result "
        f"cache off | {_load_cell(per_core)} | p95 ≤ 1.5 × in-process p95 = {ms(1.5 * in_process_p95)} ms | "
        f"{'yes' if ratio <= 1.5 else 'no'} ({ratio:.1f} ×) |",
        f"| same, {many['clients']} clients | {_load_cell(many)} | — | — |",
        f"| same, `--workers 1`, {one['clients']} clients | {_load_cell(one)} | `--workers {n}` ≥ 1.6 × "
        f"`--workers 1` | {'yes' if speedup >= 1.6 else 'no'} ({speedup:.2f} ×) |",
        f"| `--workers {n}`, {cached['clients']} clients, result cache on (the default) | {_load_cell(cached)} "
        f"| — | — |",
        f"| memory of one web worker (RSS), after the {many['clients']}-client load | "
        f"{many['VmRSS'] / 1024:,.0f} MB (peak {many['VmHWM'] / 1024:,.0f} MB) | < 400 MB | "
        f"{'yes' if many['VmHWM'] < 400 * 1024 else 'no'} |",
    ]
