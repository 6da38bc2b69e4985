"""Building, swapping and updating the index; searching it."""
import pytest

from search.fields import INDEX_FORMAT
from search.indexing import FORMAT, IndexStore
from search.searching import SearchEngine

LAW = {"id": "luat-102-2016-qh13", "title": "Luật Trẻ em", "kind": "law", "date": "2016-04-05",
       "number": "102/2016/QH13",
       "body": "## Chương I. NHỮNG QUY ĐỊNH CHUNG\n\n#### Điều 1. Trẻ em\n\nTrẻ em là người dưới 16 tuổi.\n\n"
               "#### Điều 4. Giải thích từ ngữ\n\nBảo vệ trẻ em là việc thực hiện các biện pháp phù hợp "
               "để bảo đảm trẻ em được sống an toàn, lành mạnh; phòng ngừa, ngăn chặn và xử lý các hành vi "
               "xâm hại trẻ em; trợ giúp trẻ em có hoàn cảnh đặc biệt.\n"}
NEWS = {"id": "tap-huan-ha-tinh", "title": "Nâng cao năng lực cho đội ngũ cán bộ làm công tác trẻ em",
        "kind": "news", "date": "", "body": "Huyện Hương Sơn tổ chức tập huấn kỹ năng phòng, chống đuối nước."}


@pytest.fixture
def store(tmp_path):
    store = IndexStore(tmp_path / "index")
    store.rebuild([LAW, NEWS])
    return store


def ids(engine, query):
    return [(h.doc_id, h.anchor) for h in engine.search(query).hits]


def test_a_passage_is_found_and_linked_to_its_article(store):
    hits = SearchEngine(store).search("xâm hại trẻ em").hits
    assert (hits[0].doc_id, hits[0].anchor) == ("luat-102-2016-qh13", "dieu-4")
    assert hits[0].heading == "Điều 4. Giải thích từ ngữ"
    assert "<mark>xâm hại trẻ em</mark>" in hits[0].snippet  # adjacent matches form one mark


def test_accent_free_query_finds_accented_text(store):
    engine = SearchEngine(store)
    assert ids(engine, "xam hai tre em")[0] == ("luat-102-2016-qh13", "dieu-4")
    assert "<mark>xâm hại</mark>" in engine.search("xam hai").hits[0].snippet


def test_one_hit_per_document(store):
    results = SearchEngine(store).search("trẻ em")
    assert sorted(h.doc_id for h in results.hits) == ["luat-102-2016-qh13", "tap-huan-ha-tinh"]
    assert results.total == 2


def test_empty_and_punctuation_queries_return_nothing(store):
    assert SearchEngine(store).search("?!…").total == 0


def test_rebuild_swaps_in_a_new_generation_and_removes_older_ones(store):
    first = store.generation()
    store.rebuild([NEWS])
    second = store.generation()
    store.rebuild([NEWS])
    assert len({first, second, store.generation()}) == 3
    remaining = sorted(p.name for p in store.root.glob("gen-*"))
    assert first not in remaining and store.generation() in remaining


def test_a_failed_rebuild_leaves_the_previous_index_serving(store):
    def broken():
        yield NEWS
        raise RuntimeError("crash in the middle of a rebuild")

    before = store.generation()
    with pytest.raises(RuntimeError):
        store.rebuild(broken())
    assert store.generation() == before
    assert ids(SearchEngine(store), "xâm hại")[0][0] == "luat-102-2016-qh13"
    assert [p.name for p in store.root.glob("gen-*")] == [before]


def test_an_index_of_another_format_or_none_is_stale(store):
    """An index written with another INDEX_FORMAT, or before format files, is not current."""
    assert store.current() and store.format() == INDEX_FORMAT
    written = store.root / store.generation() / FORMAT
    written.write_text(str(INDEX_FORMAT - 1), encoding="utf-8")
    assert not store.current()
    written.unlink()
    assert not store.current() and store.format() is None
    store.rebuild([LAW])
    assert store.current()


def test_sync_adds_updates_deletes_only_what_changed(store):
    engine = SearchEngine(store)
    assert ids(engine, "đuối nước") == [("tap-huan-ha-tinh", "")]
    changed = dict(NEWS, body="Huyện Hương Sơn tập huấn kỹ năng thăm hộ gia đình.")
    guide = {"id": "so-tay", "title": "Sổ tay quản lý trường hợp", "kind": "guidance", "body": "Các bước."}
    report = store.sync([LAW, changed, guide])
    assert (report.added, report.updated, report.deleted, report.unchanged) == (["so-tay"], ["tap-huan-ha-tinh"], [], 1)
    # the same searcher object notices the commit and reopens
    assert ids(engine, "đuối nước") == []
    assert ids(engine, "thăm hộ") == [("tap-huan-ha-tinh", "")]
    report = store.sync([LAW])
    assert sorted(report.deleted) == ["so-tay", "tap-huan-ha-tinh"]
    assert ids(engine, "sổ tay") == []


def test_a_second_writer_waits_for_the_first(store):
    import threading
    order = []

    def second():
        store.sync([NEWS], complete=False)
        order.append("second")

    with store.write_lock():
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=0.5)
        order.append("first")
    thread.join(timeout=30)
    assert order == ["first", "second"]


def test_a_text_indexed_before_and_changed_back_is_reindexed(store):
    engine = SearchEngine(store)
    changed = dict(NEWS, body="Huyện Hương Sơn tập huấn kỹ năng thăm hộ gia đình.")
    store.sync([changed], complete=False)
    store.sync([NEWS], complete=False)  # back to the text the index held at first
    assert ids(engine, "đuối nước") == [("tap-huan-ha-tinh", "")]
    assert ids(engine, "thăm hộ") == []


def test_drafts_and_documents_in_review_are_not_searchable(store):
    engine = SearchEngine(store)
    store.sync([dict(NEWS, id="nhap", status="draft"), dict(NEWS, id="cho-duyet", status="review")],
               complete=False)
    assert ids(engine, "đuối nước") == [("tap-huan-ha-tinh", "")]
    store.sync([dict(NEWS, id="nhap", status="published")], complete=False)
    assert sorted(ids(engine, "đuối nước")) == [("nhap", ""), ("tap-huan-ha-tinh", "")]


def test_a_rebuild_in_several_segments_ranks_like_one_segment(tmp_path, monkeypatch):
    documents = [LAW, NEWS] + [{"id": f"ban-tin-{i}", "title": f"Tin {i}", "kind": "news",
                                "body": f"Xã {i} tập huấn phòng, chống xâm hại trẻ em lần thứ {i}."}
                               for i in range(40)]
    one = IndexStore(tmp_path / "one")
    one.rebuild(documents)
    monkeypatch.setattr("search.segment_workers.segment_postings", lambda procs, memory_mb: 300)
    several = IndexStore(tmp_path / "several")
    several.rebuild(documents)
    with one.open().searcher() as a, several.open().searcher() as b:
        assert len(a.reader().leaf_readers()) == 1 < len(b.reader().leaf_readers())
        assert a.doc_count() == b.doc_count()
    for query in ["xâm hại trẻ em", "tap huan", '"phòng, chống xâm hại"', "Điều 4 Luật Trẻ em"]:
        expected = SearchEngine(one).search(query, pagelen=50)
        found = SearchEngine(several).search(query, pagelen=50)
        assert [(h.doc_id, h.anchor, h.score) for h in found.hits] == \
               [(h.doc_id, h.anchor, h.score) for h in expected.hits]
        assert found.facets == expected.facets and found.total == expected.total > 0


def test_updates_without_merging_add_segments_that_a_later_merge_combines(store):
    engine = SearchEngine(store)
    for i in range(7):
        store.sync([{**NEWS, "id": f"tin-{i}", "body": f"Xã {i} tập huấn sơ cứu đuối nước."}],
                   complete=False, merge=False)
    with store.open().reader() as reader:
        before = len(reader.leaf_readers())
    assert before >= 7 and engine.search("sơ cứu").total == 7
    assert store.merge_segments()
    with store.open().reader() as reader:
        assert len(reader.leaf_readers()) < before
    assert engine.search("sơ cứu").total == 7 and not store.merge_segments()
