"""Question filler: the frame of an everyday question is left out of ranking, its topic is not."""
import pytest

from search.filler import filler_positions
from search.query import parse_query


@pytest.mark.parametrize(("syllables", "accent_free", "filler"), [
    ("con bị bố mẹ đánh thì báo cho ai", False, ["thì", "cho", "ai"]),
    ("xin trợ cấp như thế nào", False, ["như", "thế", "nào"]),
    ("trẻ mồ côi có được hỗ trợ không", False, []),  # "có ... không" around the topic: kept
    ("nhận con nuôi có được không", False, ["có", "được", "không"]),
    ("báo ở đâu", False, ["ở", "đâu"]),
    ("tre mo coi co dc ho tro ko", True, ["co", "dc", "ko"]),
    ("con bi duoi hoc thi lam sao", True, ["thi", "lam", "sao"]),
    ("tre bi danh thi bao cho ai", True, ["thi", "cho", "ai"]),
    ("to chuc nao", True, []),  # "nao" may be "não": one accented filler syllable is not matched
    ("người được trợ giúp pháp lý", False, []),  # the law's own phrase keeps "được"
    ("làm sao", False, []),  # nothing but filler: searched as typed
])
def test_filler_syllables(syllables, accent_free, filler):
    words = syllables.split()
    assert [words[i] for i in sorted(filler_positions(words, accent_free))] == filler


def test_filler_is_left_out_of_word_and_phrase_clauses():
    parsed = parse_query("con bị bố mẹ đánh thì báo cho ai")
    clauses = " ".join(str(q) for q in parsed.query.subqueries)
    assert "thì" not in clauses and "'cho'" not in clauses and "ai" not in clauses
    assert "đánh" in clauses and "báo" in clauses
