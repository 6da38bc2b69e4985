"""The long posting lists kept beside a segment (search.frequent_postings) are whoosh's own."""
import numpy as np
import pytest
from whoosh import index as whoosh_index

from search.frequent_postings import EXTENSION, MIN_POSTINGS, FrequentPostings
from search.indexing import passage_fields
from search.posting_arrays import read_postings
from search.postings import analysed_passage
from search.schema import build_schema
from search.segments import SegmentBuilder

_WORDS = ["bảo vệ trẻ em", "tập huấn", "cấp dưỡng", "xâm hại tình dục", "trợ giúp pháp lý"]


def _bulletins(count):
    """Short news items whose common words have more than MIN_POSTINGS postings; frequencies
    and accents vary, so weights are not all 1."""
    for i in range(count):
        words = _WORDS[i % len(_WORDS)]
        yield {"id": f"ban-tin-{i}", "title": f"Bản tin số {i}", "kind": "news",
               "body": f"Xã {i} tổ chức {words} cho cán bộ{' và cán bộ' * (i % 3)}, trẻ em."}


@pytest.fixture(scope="module")
def segment(tmp_path_factory):
    """A whoosh index of one segment written by SegmentBuilder, and its reader."""
    directory = tmp_path_factory.mktemp("long-lists")
    index = whoosh_index.create_in(str(directory), build_schema())
    builder = SegmentBuilder(index.storage, index.indexname, index.schema)
    for document in _bulletins(MIN_POSTINGS + 200):
        for fields in passage_fields(document):
            builder.add(analysed_passage(fields))
    built = builder.finish()
    index.writer().commit(mergetype=lambda writer, existing: existing + [built])
    with index.searcher() as searcher:
        [(reader, _offset)] = searcher.reader().leaf_readers()
        yield directory, reader


def test_every_long_list_kept_is_the_one_whoosh_reads(segment):
    _directory, reader = segment
    long_lists = FrequentPostings.of(reader)
    kept = [(field, term) for field, terms in long_lists._table.items() for term in terms]
    fields = {field for field, _ in kept}
    assert {"body", "body_plain", "title", "pairs", "kind"} <= fields
    for field, term in kept:
        ids, weights = long_lists.get(field, term)
        whoosh_ids, whoosh_weights = read_postings(reader.postings(field, term))
        assert len(ids) >= MIN_POSTINGS
        assert np.array_equal(ids, whoosh_ids) and ids.dtype == whoosh_ids.dtype, (field, term)
        assert np.array_equal(weights, whoosh_weights) and weights.dtype == whoosh_weights.dtype, (field, term)
    assert any(len(set(long_lists.get(f, t)[1].tolist())) > 1 for f, t in kept)  # frequencies vary


def test_short_lists_are_left_to_whoosh(segment):
    _directory, reader = segment
    long_lists = FrequentPostings.of(reader)
    assert reader.doc_frequency("body", "xâm_hại") < MIN_POSTINGS
    assert long_lists.get("body", "xâm_hại") is None
    assert long_lists.get("body", "trẻ_em") is not None
    assert long_lists.get("body", "không có") is None


def test_a_damaged_file_is_ignored_and_whooshs_blocks_are_read(segment, caplog):
    directory, reader = segment
    [path] = directory.glob(f"*{EXTENSION}")
    kept = path.read_bytes()
    try:
        path.write_bytes(kept[:-5])
        assert FrequentPostings.of(reader) is None
        assert "read from whoosh's blocks" in caplog.text
        path.unlink()
        assert FrequentPostings.of(reader) is None
    finally:
        path.write_bytes(kept)


def test_the_search_reads_a_long_list_from_beside_the_segment(segment):
    from search.vectorized import SegmentArrays

    _directory, reader = segment
    arrays = SegmentArrays(reader)
    ids, weights = arrays.postings("body", "cán_bộ")
    assert len(ids) == reader.doc_frequency("body", "cán_bộ") >= MIN_POSTINGS
    assert sorted(set(weights.tolist())) == [1.0, 2.0, 3.0]  # "cán bộ" once, twice or three times
    assert np.array_equal(ids, read_postings(reader.postings("body", "cán_bộ"))[0])


def test_a_segment_without_long_lists_has_no_file(tmp_path):
    index = whoosh_index.create_in(str(tmp_path), build_schema())
    builder = SegmentBuilder(index.storage, index.indexname, index.schema)
    for document in _bulletins(3):
        for fields in passage_fields(document):
            builder.add(analysed_passage(fields))
    built = builder.finish()
    index.writer().commit(mergetype=lambda writer, existing: existing + [built])
    assert not list(tmp_path.glob(f"*{EXTENSION}"))
    with index.searcher() as searcher:
        [(reader, _offset)] = searcher.reader().leaf_readers()
        assert FrequentPostings.of(reader) is None


def test_whoosh_deletes_the_file_with_its_segment(tmp_path, monkeypatch):
    monkeypatch.setattr("search.segments.MIN_POSTINGS", 1)  # every list is long: a file to delete
    index = whoosh_index.create_in(str(tmp_path), build_schema())
    builder = SegmentBuilder(index.storage, index.indexname, index.schema)
    passages = [analysed_passage(fields) for document in _bulletins(3) for fields in passage_fields(document)]
    for fields in passages:
        builder.add(fields)
    built = builder.finish()
    index.writer().commit(mergetype=lambda writer, existing: existing + [built])
    assert len(list(tmp_path.glob(f"*{EXTENSION}"))) == 1
    writer = index.writer()
    writer.add_document(**passages[0])
    writer.commit(optimize=True)  # whoosh merges both segments into one of its own
    assert not list(tmp_path.glob(f"*{EXTENSION}"))
    with index.searcher() as searcher:
        assert searcher.doc_count() == len(passages) + 1
