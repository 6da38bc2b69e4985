"""The ``kb`` command: one click group for ingesting, indexing, searching and serving."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from ingest.pipeline import iter_input_files
from kb import config
from kb.documents import generated
from kb.errors import KBError
from kb.documents.ingesting import DUPLICATE, REFUSED, UPDATED, IngestService
from kb.knowledge_base import KnowledgeBase
from kb.web.server import DEFAULT_THREADS

log = logging.getLogger(__name__)


class CLIError(click.ClickException):
    """An expected failure, printed as one clear line with exit status 1."""


class KBGroup(click.Group):
    """The ``kb`` group: any :class:`KBError` of any layer (a malformed ``dictionary.yml``, a
    refused file, a missing index, a bad setting...) that a command raises is printed as one clear
    line with exit status 1, in this one place, as MkDocs does with its exceptions."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KBError as exc:
            raise CLIError(str(exc)) from exc


@click.group(cls=KBGroup)
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="KB_CONTENT_DIR", help="Content folder (default: content/).")
@click.option("--instance", "instance_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="KB_INSTANCE_DIR", help="Instance folder for the index (default: instance/).")
@click.option("-v", "--verbose", is_flag=True, help="Log progress.")
@click.pass_context
def main(ctx: click.Context, content_dir: Path | None, instance_dir: Path | None, verbose: bool):
    """Kho tri thức Bảo vệ trẻ em: the knowledge base's command line."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = KnowledgeBase(content_dir or config.content_dir(), instance_dir or config.instance_dir())


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--origin", "origin_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Data folder the paths lie in: record each source under it (front matter "
                   "`origin`) and remove generated documents whose source is gone (make content).")
@click.pass_obj
def ingest(kb: KnowledgeBase, paths: tuple[str, ...], dry_run: bool, origin_root: Path | None):
    """Read files or folders, clean them, write content/<id>.md and update the index.

    Prints what was added, updated (with the fields that changed), left unchanged, skipped as a
    duplicate of a stored document, or refused and why; exits 1 if anything was refused.
    """
    try:
        files = list(iter_input_files(paths))
        origins = {path: generated.origin_of(path, origin_root) for path in files} if origin_root else {}
    except ValueError as exc:
        raise CLIError(f"--origin {origin_root}: every path must lie inside it ({exc})") from exc
    report: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": [], "duplicates": [], "refused": []}
    service = IngestService(kb)
    show_progress = sys.stderr.isatty() or len(files) > 20
    with click.progressbar(files, label="ingest", file=sys.stderr, hidden=not show_progress,
                           item_show_func=lambda p: p.name if p else None) as progress:
        for path in progress:
            outcome = service.ingest_file(path, dry_run, origins.get(path, ""))
            if outcome.status == REFUSED:
                report["refused"].append(outcome.detail)
            elif outcome.status == DUPLICATE:
                report["duplicates"].append(f"{path}: {outcome.detail}")
            elif outcome.status == UPDATED:
                report["updated"].append(f"{outcome.document.id} ({outcome.detail})")
            else:
                report[outcome.status].append(outcome.document.id)
    if origin_root:
        report["removed"] = generated.stale(kb.content, origin_root, [Path(p) for p in paths],
                                            set(service.planned) | set(report["unchanged"]))
        for doc_id in report["removed"] if not dry_run else []:
            kb.content.path_for(doc_id).unlink()
    if not dry_run:
        service.finish(bool(report["added"] or report["updated"] or report.get("removed")))
    for label in ("added", "updated", "removed", "duplicates"):
        for line in report.get(label, []):
            click.echo(f"{'would be ' if dry_run and label != 'duplicates' else ''}{label.rstrip('s')}: {line}")
    click.echo(", ".join(f"{len(report[label])} {label}" for label in report)
               + (" (dry run: nothing was written)" if dry_run else ""))
    for reason in report["refused"]:
        click.secho(f"refused: {reason}", fg="yellow", err=True)
    if report["refused"]:
        sys.exit(1)


@main.command()
@click.option("--rebuild", is_flag=True, help="Rebuild from scratch into a new directory.")
@click.pass_obj
def index(kb: KnowledgeBase, rebuild: bool):
    """Bring the index up to date with content/ (only changed documents are re-indexed)."""
    if rebuild or not kb.index.current():
        passages = kb.rebuild_index()
        click.echo(f"index rebuilt: {len(kb.content.ids())} documents, {passages} passages")
        return
    report = kb.sync_index()
    click.echo(f"index updated: {len(report.added)} added, {len(report.updated)} updated, "
               f"{len(report.deleted)} deleted, {report.unchanged} unchanged")


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True, help="How many results.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--as-typed", is_flag=True, help="Do not restore the diacritics of an accent-free query.")
@click.pass_obj
def search(kb: KnowledgeBase, query: tuple[str, ...], limit: int, as_json: bool, as_typed: bool):
    """Search the knowledge base and print the best results (``interpreted``: an accent-free
    query with its diacritics restored, null otherwise)."""
    text = " ".join(query)
    results = kb.engine.search(text, pagelen=limit, restore=not as_typed)
    if as_json:
        click.echo(json.dumps({"query": text, "total": results.total,
                               "results": [h.as_json() for h in results.hits], "interpreted": results.interpreted},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{results.total} documents for «{text}»")
    if results.interpreted:
        click.echo(f"Đang tìm: {results.interpreted}")
    for rank, hit in enumerate(results.hits, 1):
        where = f"#{hit.anchor}" if hit.anchor else ""
        click.secho(f"{rank}. {hit.title}", bold=True)
        click.echo(f"   {hit.kind} · {hit.date or 'không rõ ngày'} · {hit.doc_id}{where}")
        if hit.heading:
            click.echo(f"   {hit.heading}")
        snippet = hit.snippet.replace("<mark>", click.style("", bold=True, reset=False)).replace(
            "</mark>", click.style("", reset=True))
        click.echo(f"   {snippet}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="KB_HOST")
@click.option("--port", default=5000, show_default=True, envvar="KB_PORT", help="0: any free port.")
@click.option("--workers", type=click.IntRange(min=1), envvar="KB_WORKERS",
              help="Worker processes (default: one per core).")
@click.option("--threads", default=DEFAULT_THREADS, show_default=True, type=click.IntRange(min=1), envvar="KB_THREADS",
              help="Threads per worker: 1 behind a proxy that buffers slow clients (nginx); more "
                   "where clients reach kb directly.")
@click.pass_obj
def serve(kb: KnowledgeBase, host: str, port: int, workers: int | None, threads: int):
    """Serve the site in production: gunicorn worker processes, each warmed up before it takes requests."""
    from kb import settings
    from kb.web import logs
    from kb.web.server import default_workers, serve as run_server

    resolved = settings.resolved(kb.instance_dir)
    logs.configure(resolved["LOG_LEVEL"], resolved["LOG_JSON"])
    folders = {"CONTENT_DIR": str(kb.content.root.resolve()), "INSTANCE_DIR": str(kb.instance_dir.resolve())}
    run_server(folders, host, port, workers or default_workers(), threads,
               on_ready=lambda address: click.echo(f"Serving on {address}", err=True))


@main.command("eval")
@click.argument("beir_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--run", "run_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the product's top 100 per query as a TREC run file.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the figures as this benchmark's section of a Markdown report.")
@click.pass_obj
def evaluate(kb: KnowledgeBase, beir_dir: Path, run_file: Path | None, as_json: bool,
             report_file: Path | None):
    """Measure ranking on a BEIR benchmark: nDCG@10, MRR@10, Recall@100, with and without accents.

    A folder without ``corpus.jsonl`` is a dev set over the library itself (bench/everyday): the
    documents of the content folder are indexed and the figures are given per kind of query.
    """
    from search.benchmark import evaluate_beir
    from search.evaluation import write_trec_run
    from search.library_eval import evaluate_library

    try:
        if (beir_dir / "corpus.jsonl").exists():
            report = evaluate_beir(beir_dir, kb.engine.dictionary, kb.engine.thesaurus)
        else:
            report = evaluate_library((d.to_dict() for d in kb.content.all()), beir_dir,
                                      kb.engine.dictionary, kb.engine.thesaurus)
    except (OSError, ValueError) as exc:
        raise CLIError(f"{beir_dir}: not a readable BEIR folder ({exc})") from exc
    runs = report.pop("runs")
    if run_file:
        write_trec_run(runs["product"], run_file, "kb")
    if report_file:
        _write_report_section(report_file, beir_dir.name, report)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{beir_dir.name}: {report['seconds']}")
    click.echo(f"{'run':<60}{'nDCG@10':>9}{'MRR@10':>9}{'R@100':>9}")
    for label, m in _rows(report):
        click.echo(f"{label:<60}{m['ndcg@10']:>9.3f}{m['mrr@10']:>9.3f}{m['recall@100']:>9.3f}")
    if "restoration" in report:
        click.echo(_restoration_line(report["restoration"]))


@main.command("eval-restore")
@click.argument("queries_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def evaluate_restoration(kb: KnowledgeBase, queries_file: Path, as_json: bool):
    """Syllable accuracy of diacritic restoration on the accented questions of a JSONL file
    (``{"text": ...}`` per line, e.g. bench/everyday/queries.jsonl), with this knowledge base's
    index: each question is stripped of its diacritics, restored and compared with the original."""
    from search.restore_eval import syllable_accuracy

    try:
        lines = queries_file.read_text(encoding="utf-8").splitlines()
        texts = [str(json.loads(line)["text"]) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise CLIError(f"{queries_file}: expected one JSON object with a text per line ({exc})") from exc
    figures = syllable_accuracy(kb.engine.restorer(), texts)
    click.echo(json.dumps(figures, ensure_ascii=False) if as_json else _restoration_line(figures))


_RUN_LABELS = {"product": "product",
               "product_accent_free": "product, queries without diacritics (restored)",
               "product_accent_free_as_typed": "product, queries without diacritics, as typed",
               "baseline": "plain syllable BM25 (k1=1.5, b=0.75)"}


def _rows(report: dict) -> list[tuple[str, dict]]:
    """(label, metrics) per run the report has, and per kind of query for a dev set over the library."""
    if "kinds" not in report:
        return [(label, report[run]) for run, label in _RUN_LABELS.items() if run in report]
    return [(f"{kind} ({runs['product']['queries']}): {label}", runs[run])
            for kind, runs in report["kinds"].items() for run, label in _RUN_LABELS.items() if run in runs]


def _restoration_line(figures: dict) -> str:
    return (f"Diacritics restored from the stripped queries: {figures['accuracy']:.1%} of "
            f"{figures['syllables']} syllables right, {figures['texts_exact']:.1%} of "
            f"{figures['texts']} queries without an error.")


def _write_report_section(path: Path, name: str, report: dict) -> None:
    """Replace (or append) the section of benchmark ``name`` in the Markdown file ``path``."""
    import datetime as dt
    import os

    start, end = f"<!-- ranking:{name} -->", f"<!-- /ranking:{name} -->"
    seconds = report["seconds"]
    passages = f" ({seconds['passages']} passages)" if "passages" in seconds else ""
    lines = [start, f"### {name}", "",
             f"{seconds['documents']} documents{passages}, {seconds['queries_run'] // 2} queries; "
             f"indexed in {seconds['index']} s, {seconds['queries_run']} searches in "
             f"{seconds['queries']} s on {os.cpu_count()} cores, {dt.date.today().isoformat()}.", "",
             "| run | nDCG@10 | MRR@10 | Recall@100 |", "| --- | --- | --- | --- |"]
    for label, m in _rows(report):
        lines.append(f"| {label} | {m['ndcg@10']:.3f} | {m['mrr@10']:.3f} | {m['recall@100']:.3f} |")
    if "restoration" in report:
        lines += ["", _restoration_line(report["restoration"])]
    section = "\n".join(lines + [end])
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


from kb.cli.users import user  # noqa: E402  (kept last: the `kb user` group)
main.add_command(user)
from kb.cli.maintenance import backup, check, restore  # noqa: E402
for command in (backup, restore, check):
    main.add_command(command)
