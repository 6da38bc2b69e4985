"""Segments written by search.segments are whoosh's own, and a parallel rebuild (search.segment_workers) scores as a serial one."""
import gc

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from search.frequent_postings import EXTENSION
from search.indexing import IndexStore, passage_fields
from search.postings import analysed_passage
from search.schema import build_schema
from search.searching import SearchEngine
from search import segment_workers
from search.segment_workers import IndexingFailed, write_segments
from search.segments import SegmentBuilder
from tests.search.test_postings import bundled_documents

QUERIES = ["trẻ em bị xâm hại", "tre em bi xam hai", "con bi bo me danh thi bao cho ai",
           '"tập huấn"', "nghĩa vụ cấp dưỡng sau ly hôn", "Điều 4 Luật Trẻ em"]


def _segment_files(directory):
    """The files of the one segment in ``directory`` that whoosh writes, by name without the
    segment's random id (the long posting lists beside them are search.frequent_postings')."""
    [terms] = directory.glob("*.trm")
    segment_id = terms.stem
    return {p.name.replace(segment_id, "SEG"): p.read_bytes()
            for p in directory.iterdir() if p.name.startswith(segment_id) and p.suffix != EXTENSION}


def test_a_built_segment_is_byte_for_byte_what_whooshs_writer_writes(tmp_path):
    documents = list(bundled_documents(limit=4))
    # more passages with the same words than a posting block holds (128): terms of several blocks
    documents += [{"id": f"tin-{i}", "title": "Tập huấn", "number": f"{i}/KH-UBND",
                   "body": f"Xã {i} tập huấn bảo vệ trẻ em{' và trẻ em' * (i % 3)}."} for i in range(300)]
    passages = [analysed_passage(fields) for document in documents for fields in passage_fields(document)]
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "built").mkdir()
    own = whoosh_index.create_in(str(tmp_path / "whoosh"), build_schema())
    writer = own.writer(compound=False)
    for fields in passages:
        writer.add_document(**fields)
    writer.commit()
    built = whoosh_index.create_in(str(tmp_path / "built"), build_schema())
    builder = SegmentBuilder(built.storage, built.indexname, built.schema)
    for fields in passages:
        builder.add(fields)
    segment = builder.finish()
    built.writer().commit(mergetype=lambda writer, existing: existing + [segment])

    written = _segment_files(tmp_path / "whoosh")
    assert {".pst", ".trm"} <= {name[name.rindex("."):] for name in written}
    assert _segment_files(tmp_path / "built") == written
    with built.searcher() as searcher:  # and whoosh itself opens and searches the index
        assert searcher.doc_count() == len(passages)
        assert len(searcher.search(wq.And([wq.Term("body", "trẻ_em"), wq.Term("body", "bảo_vệ")]))) > 0


@pytest.fixture(scope="module")
def serial_and_parallel(tmp_path_factory):
    documents = list(bundled_documents(limit=20))  # laws, admin documents, workshop notes
    documents += [{"id": f"ban-tin-{i}", "title": f"Bản tin {i}", "kind": "news",
                   "body": f"Xã {i} tổ chức tập huấn bảo vệ trẻ em.\n\nTrẻ em được tiêm chủng."}
                  for i in range(70)]  # enough documents for the worker processes
    root = tmp_path_factory.mktemp("rebuilds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_INDEX_PROCS", "1")
        serial = IndexStore(root / "serial")
        serial.rebuild(documents)
        patch.setenv("KB_INDEX_PROCS", "2")
        patch.setattr(segment_workers, "_may_fork", lambda: True)  # whatever threads other tests left
        patch.setattr(segment_workers, "segment_postings", lambda procs, memory_mb: 30_000)  # several each
        parallel = IndexStore(root / "parallel")
        parallel.rebuild(documents)
    return serial, parallel


def test_a_parallel_rebuild_writes_several_segments_with_the_same_statistics(serial_and_parallel):
    serial, parallel = serial_and_parallel
    with serial.open().searcher() as one, parallel.open().searcher() as other:
        assert len(one.reader().leaf_readers()) == 1
        assert len(other.reader().leaf_readers()) > 2
        assert one.doc_count() == other.doc_count()
        for name in ("body", "body_plain", "title", "heading_plain", "pairs"):
            assert one.field_length(name) == other.field_length(name)
            assert list(one.lexicon(name)) == list(other.lexicon(name))


def test_a_parallel_rebuild_leaves_the_collector_as_it_found_it(serial_and_parallel):
    # Objects are frozen out of the collector only while the workers run: left frozen, whatever
    # the process let go of later would never be collected.
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("query", QUERIES)
def test_a_parallel_rebuild_ranks_and_scores_as_a_serial_one(serial_and_parallel, query):
    serial, parallel = serial_and_parallel
    one, other = (SearchEngine(store).search(query, pagelen=30) for store in (serial, parallel))
    assert one.total == other.total > 0
    assert [h.score for h in one.hits] == pytest.approx([h.score for h in other.hits], rel=1e-9)

    def above_the_last_tie(results):
        # Equal scores may come in another order (docnums differ between the builds), and so
        # cross the end of the page differently.
        last = results.hits[-1].score
        return {(h.doc_id, h.anchor, round(h.score, 6)) for h in results.hits if h.score > last + 1e-6}

    assert above_the_last_tie(one) == above_the_last_tie(other)


def test_a_failing_worker_fails_the_rebuild_and_the_previous_index_still_serves(tmp_path, monkeypatch):
    store = IndexStore(tmp_path / "index")
    store.rebuild(bundled_documents(limit=2))
    serving = store.generation()
    monkeypatch.setenv("KB_INDEX_PROCS", "2")
    monkeypatch.setattr(segment_workers, "_may_fork", lambda: True)  # whatever threads other tests left
    documents = [{"id": f"tin-{i}", "title": f"Tin {i}", "body": "Trẻ em được bảo vệ."} for i in range(80)]

    def analyse_or_fail(fields):
        if fields["doc_id"] == "tin-70":
            raise MemoryError("the worker that gets tin-70 fails")
        return analysed_passage(fields)

    monkeypatch.setattr(segment_workers, "analysed_passage", analyse_or_fail)  # inherited by the workers
    with pytest.raises(IndexingFailed, match="tin-70 fails"):
        store.rebuild(documents)
    assert store.generation() == serving
    assert sorted(p.name for p in store.root.glob("gen-*")) == [serving]
    assert SearchEngine(store).search("trẻ em").total > 0


def test_few_documents_are_written_in_process(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    passages_of = [passage_fields(d) for d in bundled_documents(limit=3)]
    written = write_segments(ix, passages_of)
    assert [s.doc_count_all() for s in written] == [sum(map(len, passages_of))]
