"""Posting lists read in one piece are what whoosh's own matchers give, posting by posting."""
import numpy as np

from search.indexing import IndexStore
from search.posting_arrays import read_postings
from tests.search.test_postings import bundled_documents


def test_every_posting_list_is_whooshs_own(tmp_path):
    documents = list(bundled_documents(limit=3))
    # terms of several blocks (128 postings each), weights all 1, all equal, or different
    documents += [{"id": f"tin-{i}", "title": "Tập huấn", "body": f"Xã {i} tập huấn bảo vệ trẻ em{' và trẻ em' * (i % 3)}."}
                  for i in range(300)]
    store = IndexStore(tmp_path / "index")
    store.rebuild(documents)
    with store.open().reader() as reader:
        segments = [segment for segment, _ in reader.leaf_readers()]
        assert any(segment.doc_frequency(*term) > 128 for segment in segments for term in segment.all_terms())
        for segment in segments:
            for fieldname, text in segment.all_terms():
                ids, weights = read_postings(segment.postings(fieldname, text))
                matcher, expected = segment.postings(fieldname, text), []
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight()))
                    matcher.next()
                assert ids.tolist() == [docnum for docnum, _ in expected], (fieldname, text)
                assert np.allclose(weights, [weight for _, weight in expected]), (fieldname, text)
