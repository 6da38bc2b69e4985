"""The ``kb`` command: one click group for ingesting, indexing, searching and serving."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from ingest.errors import IngestError
from ingest.pipeline import Vocabularies, ingest_path, iter_input_files
from kb import config
from kb.content import build_document
from kb.errors import KBError
from kb.services import KnowledgeBase
from search.errors import SearchError

log = logging.getLogger(__name__)


class CLIError(click.ClickException):
    """An expected failure, printed as one clear line with exit status 1."""


@click.group()
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
@click.pass_obj
def ingest(kb: KnowledgeBase, paths: tuple[str, ...]):
    """Read files or folders, clean them, write content/<id>.md and update the index."""
    try:
        files = list(iter_input_files(paths))
    except IngestError as exc:
        raise CLIError(str(exc)) from exc
    added, updated, unchanged, refused = [], [], [], []
    vocabularies = Vocabularies.from_content(kb.content.root)
    for path in files:
        try:
            draft = ingest_path(path, vocabularies)
            document = build_document(draft.metadata, draft.body, draft.id)
        except (IngestError, KBError) as exc:
            refused.append(str(exc))
            continue
        if kb.content.exists(document.id):
            if kb.content.get(document.id).to_markdown() == document.to_markdown():
                unchanged.append(document.id)
                continue
            updated.append(document.id)
        else:
            added.append(document.id)
        kb.content.save(document)
    if added or updated or not kb.index.current():
        kb.sync_index()
    for label, ids in (("added", added), ("updated", updated)):
        for doc_id in ids:
            click.echo(f"{label}: {doc_id}")
    click.echo(f"{len(added)} added, {len(updated)} updated, {len(unchanged)} unchanged, "
               f"{len(refused)} refused")
    for reason in refused:
        click.secho(f"refused: {reason}", fg="yellow", err=True)
    if refused:
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
@click.pass_obj
def search(kb: KnowledgeBase, query: tuple[str, ...], limit: int, as_json: bool):
    """Search the knowledge base and print the best results."""
    text = " ".join(query)
    try:
        results = kb.engine.search(text, pagelen=limit)
    except SearchError as exc:
        raise CLIError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({"query": text, "total": results.total, "results": [
            {"id": h.doc_id, "anchor": h.anchor, "title": h.title, "kind": h.kind, "date": h.date,
             "heading": h.heading, "snippet": h.snippet, "score": h.score} for h in results.hits]},
            ensure_ascii=False, indent=2))
        return
    click.echo(f"{results.total} documents for «{text}»")
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
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--threads", default=8, show_default=True)
def serve(host: str, port: int, threads: int):
    """Serve the site with waitress, a production WSGI server."""
    from waitress import serve as waitress_serve

    from kb import create_app

    click.echo(f"Serving on http://{host}:{port}")
    waitress_serve(create_app(), host=host, port=port, threads=threads)


@main.command("eval")
@click.argument("beir_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--run", "run_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the product's top 100 per query as a TREC run file.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def evaluate(kb: KnowledgeBase, beir_dir: Path, run_file: Path | None, as_json: bool):
    """Measure ranking on a BEIR benchmark: nDCG@10, MRR@10, Recall@100, with and without accents."""
    from search.benchmark import evaluate_beir
    from search.evaluation import write_trec_run

    try:
        report = evaluate_beir(beir_dir, kb.content.root / "dictionary.yml")
    except (OSError, ValueError) as exc:
        raise CLIError(f"{beir_dir}: not a readable BEIR folder ({exc})") from exc
    runs = report.pop("runs")
    if run_file:
        write_trec_run(runs["product"], run_file, "kb")
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{beir_dir.name}: {report['seconds']}")
    click.echo(f"{'run':<22}{'nDCG@10':>9}{'MRR@10':>9}{'R@100':>9}")
    for name in ("product", "product_accent_free", "baseline"):
        m = report[name]
        click.echo(f"{name:<22}{m['ndcg@10']:>9.3f}{m['mrr@10']:>9.3f}{m['recall@100']:>9.3f}")


