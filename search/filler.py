"""Question filler: the words that frame a question rather than say what it is about.

"con bị bố mẹ đánh **thì** báo **cho ai**", "xin trợ cấp **như thế nào**", "tre mo coi **co dc**
ho tro **ko**": these words (and the chat spellings "ko", "dc", "ntn") are in nearly every
everyday question and in no answer's key terms, yet as adjacent-syllable phrases ("thì báo",
"báo cho") they reward passages that merely share the frame. The query parser leaves them out of
its word and phrase clauses; a query made of nothing else is searched as typed.

Phrases are compared on the query's normalised syllables; accent-free queries are compared on
the accent-free forms, except one-syllable accented fillers, which would be ambiguous there
("thi" is kept as "thì", but "nao" could be "não", so only "nào" counts). "được"
is not filler: the law's phrases need it ("người được trợ giúp pháp lý", "được hỗ trợ").
"""
from __future__ import annotations

from search.normalize import normalize_token, strip_diacritics

# Longest phrases first is not required: matching tries the longest at each position.
_PHRASES = """
    làm sao | làm thế nào | như thế nào | thế nào | ra sao | thì sao | là sao | sao vậy
    có được không | được không | có phải không | phải không | hay không | có không | không ạ
    có đúng không | đúng không | có sao không | có bị sao không
    ở đâu | chỗ nào | nơi nào | ở chỗ nào | cho ai | với ai | là ai | ai | là gì | gì không
    phải làm gì | làm gì | cần làm gì | nên làm gì | phải làm sao | bây giờ | bây giờ phải
    bao nhiêu | bao lâu | khi nào | lúc nào | tại sao | vì sao | thì | mà | ạ | nhé | nhỉ | hả
    vậy | à | ơi | nha | xin hỏi | cho hỏi | cho em hỏi | cho tôi hỏi | cho mình hỏi
    em muốn hỏi | tôi muốn hỏi | mình muốn hỏi | mọi người ơi | có ai biết | giúp em | giúp tôi
    giúp mình | với ạ | có cách nào | có ai | như vậy | gì
    ko | k | khg | hok | dc | đc | ntn | ntnao | j | bn | bnhiu | mn | nhe | ak | ah | bh | bay h
    s | vs | có dc | có đc
"""
FILLER_PHRASES = tuple(phrase.strip() for phrase in _PHRASES.replace("\n", "|").split("|") if phrase.strip())
_FILLERS = frozenset(tuple(normalize_token(w) for w in phrase.split()) for phrase in FILLER_PHRASES)
_PLAIN_FILLERS = frozenset(tuple(strip_diacritics(w) for w in phrase) for phrase in _FILLERS
                           if len(phrase) > 1 or strip_diacritics(phrase[0]) == phrase[0]
                           or phrase == ("thì",))
_LONGEST = max(len(p) for p in _FILLERS)


def filler_positions(syllables: list[str], accent_free: bool = False) -> set[int]:
    """Positions of ``syllables`` (normalised query syllables) that are question filler.

    Nothing is filler when every syllable would be (the query then means what it says).

    >>> sorted(filler_positions("con bị đánh thì báo cho ai".split()))
    [3, 5, 6]
    >>> sorted(filler_positions("tre mo coi co dc ho tro ko".split(), accent_free=True))
    [3, 4, 7]
    """
    phrases = _PLAIN_FILLERS if accent_free else _FILLERS
    found: set[int] = set()
    i = 0
    while i < len(syllables):
        for size in range(min(_LONGEST, len(syllables) - i), 0, -1):
            if tuple(syllables[i:i + size]) in phrases:
                found.update(range(i, i + size))
                i += size
                break
        else:
            i += 1
    return set() if len(found) == len(syllables) else found
